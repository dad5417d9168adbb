package serverless

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// TestCorpus loads every serverless.yml under $SLSLINT_SERVERLESS_CORPUS (real services
// from outside the repository) and reports what was read and what stayed unknown. It checks
// only that loading succeeds; the figures are for reading.
func TestCorpus(t *testing.T) {
	root := os.Getenv("SLSLINT_SERVERLESS_CORPUS")
	if root == "" {
		t.Skip("set SLSLINT_SERVERLESS_CORPUS to a directory of services")
	}
	var sources []model.Source
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (d.Name() == "serverless.yml" || d.Name() == "serverless.yaml") {
			rel, _ := filepath.Rel(root, p)
			sources = append(sources, model.Source{Format: model.Serverless, Abs: p, Rel: filepath.ToSlash(rel)})
		}
		return nil
	})
	m := &model.Model{}
	Load(context.Background(), m, sources, Options{Root: root, CloudFormation: testCloudFormation})
	counts := map[string]int{}
	unknown := map[string]int{}
	for _, p := range m.Projects {
		counts["functions"] += len(p.Functions)
		counts["queues"] += len(p.Queues)
		counts["tables"] += len(p.Tables)
		counts["apis"] += len(p.APIs)
		for _, f := range p.Functions {
			counts["triggers"] += len(f.Triggers)
			for _, tr := range f.Triggers {
				counts["trigger:"+string(tr.Kind)]++
				if tr.Source.Origin == model.Unknown {
					unknown["trigger source"]++
				}
				if tr.Source.Ref != "" {
					counts["trigger source with ref"]++
				}
			}
			for _, e := range f.Environment {
				counts["env"]++
				if e.Value.Origin == model.Unknown {
					unknown["env value"]++
					if e.Value.Secret {
						counts["env secret"]++
					}
				}
			}
			check := map[string]model.Origin{
				"runtime": f.Runtime.Origin, "timeout": f.TimeoutSeconds.Origin, "memory": f.MemoryMB.Origin,
				"name": f.Name.Origin, "role": f.Role.Origin, "code file": f.Code.File.Origin,
			}
			for k, o := range check {
				if o == model.Unknown {
					unknown[k]++
				}
			}
			if f.Code.File.Known() || f.Code.Dir.Known() {
				counts["functions with code location"]++
			}
		}
	}
	fmt.Printf("services %d, projects %d, problems %d\n", len(sources), len(m.Projects), len(m.Problems))
	for _, pr := range m.Problems {
		fmt.Printf("  problem %s:%d: %s\n", pr.File, pr.Line, pr.Message)
	}
	print := func(title string, c map[string]int) {
		keys := make([]string, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
		}
		fmt.Printf("%s: %s\n", title, strings.Join(parts, ", "))
	}
	print("read", counts)
	print("unknown", unknown)
}

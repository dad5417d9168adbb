package cloudformation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// TestRealWorldTemplates loads the public templates under testdata/real (goformation's
// test suite, Apache-2.0: AWS SAM's official samples, CodeStar templates and
// CloudFormation/SAM edge cases): none may crash, every valid template loads, and what it
// reads is summarised in the log (go test -v -run TestRealWorldTemplates).
func TestRealWorldTemplates(t *testing.T) {
	var files []string
	_ = filepath.WalkDir("testdata/real", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".json")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 40 {
		t.Fatalf("only %d templates", len(files))
	}
	var projects, functions, triggers, apis, known, unknown, problems int
	unresolved := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := loadTemplate(data, f, ".")
		problems += len(res.problems)
		for _, p := range res.problems {
			t.Logf("problem %s:%d:%d: %s", f, p.Line, p.Column, p.Message)
		}
		if res.project == nil {
			continue
		}
		projects++
		functions += len(res.project.Functions)
		apis += len(res.project.APIs)
		for _, fn := range res.project.Functions {
			triggers += len(fn.Triggers)
			for name, a := range map[string]model.Attr[string]{"Runtime": fn.Runtime, "Handler": fn.Handler, "Code.Dir": fn.Code.Dir, "Code.File": fn.Code.File, "Role": fn.Role} {
				switch a.Origin {
				case model.Unknown:
					unknown++
					unresolved[name]++
				case model.Explicit:
					known++
				}
			}
			for _, e := range fn.Environment {
				if e.Value.Origin == model.Unknown {
					unknown++
					unresolved["Environment"]++
				} else {
					known++
				}
			}
		}
	}
	t.Logf("%d files: %d projects, %d functions, %d triggers, %d APIs, %d problems; function attributes known %d, unknown %d %v",
		len(files), projects, functions, triggers, apis, problems, known, unknown, unresolved)
	if functions < 40 || triggers < 30 {
		t.Errorf("read too little: %d functions, %d triggers", functions, triggers)
	}
}

// TestRealWorldSamples checks what is read from some of the public templates.
func TestRealWorldSamples(t *testing.T) {
	load := func(rel string) loadResult {
		data, err := os.ReadFile(filepath.Join("testdata/real/goformation", rel))
		if err != nil {
			t.Fatal(err)
		}
		return loadTemplate(data, rel, ".")
	}
	res := load("yaml/sam-official-samples/s3_processor/template.yaml")
	f := fn(t, res, "ProcessorFunction")
	if len(f.Triggers) != 1 || f.Triggers[0].Kind != model.TriggerS3 || f.Triggers[0].Source.Ref != "Bucket" {
		t.Errorf("s3_processor triggers = %+v", f.Triggers)
	}
	res = load("yaml/globals.yml")
	if len(res.project.Functions) == 0 {
		t.Fatal("globals.yml: no functions")
	}
	for _, f := range res.project.Functions {
		if f.Runtime.Origin != model.Explicit {
			t.Errorf("globals.yml %s: runtime %+v, want it from Globals", f.ID, f.Runtime)
		}
	}
}

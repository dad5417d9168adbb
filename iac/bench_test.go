package iac_test

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac"
	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/benchcorpus"
)

// sources lists the IaC files of a generated corpus as the engine would give them.
func sources(b *testing.B, root string) []model.Source {
	b.Helper()
	var out []model.Source
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		s := model.Source{Abs: p, Rel: filepath.ToSlash(rel)}
		switch name := d.Name(); {
		case name == "serverless.yml":
			s.Format = model.Serverless
		case strings.HasSuffix(name, ".tf"):
			s.Format = model.Terraform
		case strings.HasSuffix(name, ".tfvars"):
			s.Format = model.TerraformVars
		case strings.HasSuffix(name, ".yaml"):
			s.Format = model.CloudFormation
		default:
			return nil
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkLoadAndCheck reads and checks generated corpora: the IaC half of a run. Report
// files per second with -benchtime and the ns/op figure: ns/op ÷ files = time per file.
func BenchmarkLoadAndCheck(b *testing.B) {
	kinds := []struct {
		name string
		gen  func(dir string, n int) error
		n    []int
	}{
		{"sam", func(d string, n int) error { _, err := benchcorpus.SAM(d, n); return err }, []int{100, 1000}},
		{"terraform", func(d string, n int) error { _, err := benchcorpus.Terraform(d, n); return err }, []int{100, 1000}},
		{"serverless", func(d string, n int) error { _, err := benchcorpus.Serverless(d, n); return err }, []int{30, 300}},
	}
	var settings checks.Settings
	settings.SetDefaults()
	for _, k := range kinds {
		for _, n := range k.n {
			b.Run(fmt.Sprintf("%s-%d", k.name, n), func(b *testing.B) {
				dir := b.TempDir()
				if err := k.gen(dir, n); err != nil {
					b.Fatal(err)
				}
				srcs := sources(b, dir)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					m := iac.Load(context.Background(), srcs, iac.Options{Root: dir})
					if len(m.Problems) > 0 {
						b.Fatalf("problems in the generated corpus: %v", m.Problems[0])
					}
					_ = checks.Run(m, settings)
				}
				b.ReportMetric(float64(len(srcs))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
			})
		}
	}
}

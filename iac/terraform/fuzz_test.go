package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// FuzzLoad loads arbitrary bytes as a root module's main.tf next to a fixed local module:
// the loader must never panic or hang, whatever the input.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/fuzz/seeds/*.tf")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "modules", "m"), 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{
			"main.tf":           src,
			"modules/m/main.tf": []byte("variable \"x\" {}\nresource \"aws_lambda_function\" \"f\" {\n  function_name = var.x\n  role = \"r\"\n}\noutput \"o\" { value = var.x }\n"),
			"terraform.tfvars":  src,
			"policy.json":       src,
		}
		var srcs []model.Source
		for name, b := range files {
			abs := filepath.Join(dir, name)
			if err := os.WriteFile(abs, b, 0o644); err != nil {
				t.Fatal(err)
			}
			switch filepath.Ext(name) {
			case ".tf":
				srcs = append(srcs, model.Source{Format: model.Terraform, Abs: abs, Rel: filepath.ToSlash(name)})
			case ".tfvars":
				srcs = append(srcs, model.Source{Format: model.TerraformVars, Abs: abs, Rel: name})
			}
		}
		m := &model.Model{}
		Load(context.Background(), m, srcs, Options{Root: dir})
	})
}

package terraform

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

func TestParseErrorsAreProblemsAndTheRestLoads(t *testing.T) {
	m := load(t, map[string]string{
		"broken.tf": "resource \"aws_sqs_queue\" \"q\" {\n  name = \n}\n",
		"good.tf":   "resource \"aws_sns_topic\" \"t\" {\n  name = \"t\"\n}\n",
	})
	p := onlyProject(t, m)
	if len(p.Topics) != 1 {
		t.Errorf("topics = %d, want the good file loaded", len(p.Topics))
	}
	if len(m.Problems) == 0 || m.Problems[0].File != "broken.tf" || m.Problems[0].Line != 2 {
		t.Fatalf("problems = %+v", m.Problems)
	}
}

func TestHostileInput(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	var bomb strings.Builder
	bomb.WriteString("locals {\n  l0 = [\"x\", \"x\"]\n")
	for i := 1; i < 40; i++ {
		bomb.WriteString("  l" + itoa(i) + " = [local.l" + itoa(i-1) + ", local.l" + itoa(i-1) + "]\n")
	}
	bomb.WriteString("  flat = flatten(local.l39)\n  json = jsonencode(local.l39)\n}\n")
	tests := []struct {
		name    string
		files   map[string]string
		problem string
	}{
		{"deep nesting", map[string]string{"main.tf": "locals {\n  x = " + deep + "\n}\n"}, "nesting deeper than"},
		{"deep unary", map[string]string{"main.tf": "locals {\n  x = " + strings.Repeat("!", 100000) + "true\n}\n"}, "nesting deeper than"},
		{"invalid utf-8", map[string]string{"main.tf": "locals {\n  x = \"\xff\xfe\"\n}\n"}, "invalid UTF-8"},
		{"binary", map[string]string{"main.tf": "\x00\x01\x02\x03garbage\x00"}, ""},
		{"locals cycle", map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"}, "reference cycle"},
		{"self-referencing resources", map[string]string{"main.tf": `
resource "aws_sqs_queue" "a" { name = aws_sqs_queue.b.name }
resource "aws_sqs_queue" "b" { name = aws_sqs_queue.a.name }
resource "aws_lambda_function" "f" {
  count         = length(aws_lambda_function.f)
  function_name = "f"
  role          = "r"
}
`}, "reference cycle"},
		{"module recursion", map[string]string{"main.tf": "module \"self\" {\n  source = \"./\"\n}\n", "m/main.tf": "module \"m\" {\n  source = \"../m\"\n}\n"}, ""},
		{"module cycle", map[string]string{"a/main.tf": "module \"b\" {\n  source = \"../b\"\n}\n", "b/main.tf": "module \"a\" {\n  source = \"../a\"\n}\n"}, "instantiates itself"},
		{"exponential locals", map[string]string{"main.tf": bomb.String()}, "more than 50000 elements"},
		{"nested for over large ranges", map[string]string{"main.tf": `
locals {
  r = range(1000)
  x = [for a in local.r : [for b in local.r : [for c in local.r : [for d in local.r : a + b + c + d]]]]
}
`}, "work budget"},
		{"huge count", map[string]string{"main.tf": "resource \"aws_sqs_queue\" \"q\" {\n  count = 100000000\n}\n"}, "exceeds the loader's limit"},
		{"format bomb", map[string]string{"main.tf": "locals {\n  x = format(\"%999999999d\", 1)\n  y = indent(999999999, \"a\\nb\")\n}\n"}, ""},
		{"file outside root", map[string]string{"main.tf": "locals {\n  x = file(\"/etc/passwd\")\n  y = file(\"../../../../etc/passwd\")\n}\nresource \"aws_sqs_queue\" \"q\" {\n  name = local.x\n}\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan *model.Model, 1)
			go func() { done <- load(t, tt.files) }()
			var m *model.Model
			select {
			case m = <-done:
			case <-time.After(60 * time.Second):
				t.Fatal("load did not finish")
			}
			if tt.problem == "" {
				return
			}
			for _, p := range m.Problems {
				if strings.Contains(p.Message, tt.problem) {
					return
				}
			}
			t.Errorf("no problem containing %q in %+v", tt.problem, m.Problems)
		})
	}
}

func TestHugeFileIsAProblem(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.tf")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(model.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	m := &model.Model{}
	Load(context.Background(), m, []model.Source{{Format: model.Terraform, Abs: p, Rel: "big.tf"}}, Options{Root: dir})
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0].Message, "too large") {
		t.Fatalf("problems = %+v", m.Problems)
	}
}

func TestFileFunctionsStayInsideTheRoot(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.json")
	if err := os.WriteFile(outside, []byte(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(dir, "repo")
	m := loadDir(t, repo, map[string]string{"main.tf": `
resource "aws_iam_policy" "p" {
  policy = file("../outside.json")
}
resource "aws_sqs_queue" "q" {
  name = file("../outside.json")
}
`})
	q := onlyProject(t, m).Queues[0]
	check(t, "name", show(q.Name), "/unknown@main.tf:6:10")
}

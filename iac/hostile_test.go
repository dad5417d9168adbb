package iac

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// Valid projects loaded alongside every hostile file: each deploys a function and no
// budget, so each must still yield its SLS301 finding.
var validProjects = map[string]string{
	"valid/cfn/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/fn
      Code: {S3Bucket: b, S3Key: k}
`,
	"valid/tf/main.tf": `resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "fn.zip"
}
`,
	"valid/sls/serverless.yml": "service: valid\nprovider:\n  name: aws\nfunctions:\n  fn:\n    handler: bootstrap\n",
}

// billionLaughs is a YAML alias bomb: ten levels of ten aliases each.
func billionLaughs(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString("x0: &a0 [\"lol\"]\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// deepYAML nests n flow sequences; deepJSON n arrays; deepHCL n tuples.
func deepYAML(prefix string, n int) string {
	return prefix + "deep: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n"
}

func deepHCL(n int) string {
	return "locals {\n  deep = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n}\n"
}

// TestHostileInput loads, for every format, input meant to crash, hang or exhaust the
// loaders, next to valid projects. Each hostile file must become an SLS000 problem with a
// position, nothing may panic (a loader crash is an SLS003 failure) or hang, and the valid
// projects must still yield their findings.
func TestHostileInput(t *testing.T) {
	const cfnHead = "AWSTemplateFormatVersion: \"2010-09-09\"\n"
	const slsHead = "service: bomb\nprovider:\n  name: aws\n"
	tests := []struct {
		name string
		// files are the hostile files; big, when set, writes a file of that size by
		// repeating a line (generated here, never committed).
		files   map[string]string
		big     map[string]string
		bigSize int
		// problemIn is the file the SLS000 problem must name.
		problemIn string
	}{
		{name: "yaml alias bomb in a template", files: map[string]string{"bad/template.yaml": billionLaughs(cfnHead + "Resources: {}\n")}, problemIn: "bad/template.yaml"},
		{name: "yaml alias bomb in serverless.yml", files: map[string]string{"bad/serverless.yml": billionLaughs(slsHead)}, problemIn: "bad/serverless.yml"},
		{name: "10,000-deep yaml template", files: map[string]string{"bad/template.yaml": deepYAML(cfnHead+"Resources: {}\n", 10000)}, problemIn: "bad/template.yaml"},
		{name: "10,000-deep json template", files: map[string]string{"bad/template.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "deep": ` +
			strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}\n"}, problemIn: "bad/template.json"},
		{name: "10,000-deep terraform", files: map[string]string{"bad/main.tf": deepHCL(10000)}, problemIn: "bad/main.tf"},
		{name: "10,000-deep serverless.yml", files: map[string]string{"bad/serverless.yml": deepYAML(slsHead, 10000)}, problemIn: "bad/serverless.yml"},
		{name: "50 MB template", big: map[string]string{"bad/template.yaml": "# padding padding padding padding padding padding padding\n"}, bigSize: 50 << 20, problemIn: "bad/template.yaml"},
		{name: "50 MB terraform file", big: map[string]string{"bad/main.tf": "# padding padding padding padding padding padding padding\n"}, bigSize: 50 << 20, problemIn: "bad/main.tf"},
		{name: "50 MB serverless.yml", big: map[string]string{"bad/serverless.yml": "# padding padding padding padding padding padding padding\n"}, bigSize: 50 << 20, problemIn: "bad/serverless.yml"},
		{name: "invalid utf-8 in a template", files: map[string]string{"bad/template.yaml": cfnHead + "Description: \"\xff\xfe\"\nResources: {}\n"}, problemIn: "bad/template.yaml"},
		{name: "invalid utf-8 in json", files: map[string]string{"bad/template.json": "{\"Resources\": {\"\xc3\x28\": {}}}\n"}, problemIn: "bad/template.json"},
		{name: "invalid utf-8 in terraform", files: map[string]string{"bad/main.tf": "locals {\n  x = \"\xff\"\n}\n"}, problemIn: "bad/main.tf"},
		{name: "invalid utf-8 in serverless.yml", files: map[string]string{"bad/serverless.yml": slsHead + "custom:\n  x: \"\xff\"\n"}, problemIn: "bad/serverless.yml"},
		{name: "binary template.yaml", files: map[string]string{"bad/template.yaml": binary()}, problemIn: "bad/template.yaml"},
		{name: "binary main.tf", files: map[string]string{"bad/main.tf": binary()}, problemIn: "bad/main.tf"},
		{name: "binary serverless.yml", files: map[string]string{"bad/serverless.yml": binary()}, problemIn: "bad/serverless.yml"},
		{name: "terraform cycle in locals", files: map[string]string{"bad/main.tf": "locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\n"}, problemIn: "bad/main.tf"},
		{name: "terraform modules that instantiate each other", files: map[string]string{
			"bad/main.tf":           "module \"a\" {\n  source = \"./modules/a\"\n}\n",
			"bad/modules/a/main.tf": "module \"b\" {\n  source = \"../b\"\n}\n",
			"bad/modules/b/main.tf": "module \"a\" {\n  source = \"../a\"\n}\n",
		}, problemIn: "bad/modules/b/main.tf"},
		{name: "self-referencing Fn::Sub", files: map[string]string{"bad/template.yaml": cfnHead + `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Jobs.QueueName}-v2"
`}, problemIn: "bad/template.yaml"},
		{name: "Fn::Sub cycle between resources", files: map[string]string{"bad/template.yaml": cfnHead + `Resources:
  A:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${B.TopicName}-a"
  B:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${A.TopicName}-b"
`}, problemIn: "bad/template.yaml"},
		{name: "self-referencing Fn::Sub in serverless resources", files: map[string]string{"bad/serverless.yml": slsHead + `resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: !Sub "${Jobs.QueueName}-v2"
`}, problemIn: "bad/serverless.yml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{}
			for k, v := range validProjects {
				files[k] = v
			}
			for k, v := range tc.files {
				files[k] = v
			}
			for rel, content := range files {
				write(t, root, rel, []byte(content))
			}
			for rel, line := range tc.big {
				files[rel] = ""
				write(t, root, rel, bytes.Repeat([]byte(line), tc.bigSize/len(line)+1))
			}
			var sources []model.Source
			for rel := range files {
				sources = append(sources, model.Source{Format: formatOf(rel), Abs: filepath.Join(root, filepath.FromSlash(rel)), Rel: rel})
			}
			slices.SortFunc(sources, func(a, b model.Source) int { return strings.Compare(a.Rel, b.Rel) })

			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			done := make(chan *model.Model, 1)
			go func() { done <- Load(ctx, sources, Options{Root: root}) }()
			var m *model.Model
			select {
			case m = <-done:
			case <-time.After(90 * time.Second):
				t.Fatal("loading did not finish within 90 s")
			}
			for _, f := range m.Failures {
				t.Errorf("loader crashed: %s:%d: %s", f.File, f.Line, f.Message)
			}
			found := false
			for _, p := range m.Problems {
				if p.File == "" || p.Line < 1 || p.Column < 1 {
					t.Errorf("problem without a position: %+v", p)
				}
				if strings.HasPrefix(p.File, "valid/") {
					t.Errorf("problem in a valid file: %s:%d: %s", p.File, p.Line, p.Message)
				}
				if p.File == tc.problemIn {
					found = true
				}
			}
			if !found {
				t.Errorf("no SLS000 problem in %s; problems: %v", tc.problemIn, m.Problems)
			}
			budgetless := map[string]bool{}
			for _, f := range checks.Run(m, checks.Settings{}) {
				if f.Rule == rules.NoBudget {
					budgetless[f.At.File] = true
				}
			}
			for rel := range validProjects {
				if !budgetless[rel] {
					t.Errorf("valid project %s lost its finding", rel)
				}
			}
		})
	}
}

// binary is the start of an ELF executable with NUL bytes and invalid UTF-8.
func binary() string {
	return "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00\xff\xfe\xfd" + strings.Repeat("\x00\x90", 64)
}

func write(t *testing.T, root, rel string, data []byte) {
	t.Helper()
	abs := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(abs, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func formatOf(rel string) model.Format {
	switch base := path.Base(rel); {
	case strings.HasSuffix(base, ".tf"):
		return model.Terraform
	case base == "serverless.yml" || base == "serverless.yaml":
		return model.Serverless
	}
	return model.CloudFormation
}

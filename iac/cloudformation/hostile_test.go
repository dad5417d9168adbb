package cloudformation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

func billionLaughs() string {
	var b strings.Builder
	b.WriteString("Resources:\n  X:\n    Type: AWS::SQS::Queue\n    Properties:\n")
	b.WriteString("      l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("      l" + itoa(i) + ": &l" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestHostileInput: input built to exhaust memory or time, or that is not text at all,
// becomes one problem with a clear message, quickly.
func TestHostileInput(t *testing.T) {
	deepBlock := "Resources:\n"
	for i := range 400 {
		deepBlock += strings.Repeat("  ", i+1) + "k:\n"
	}
	deepBlock += strings.Repeat("  ", 401) + "v\n"
	tests := []struct {
		name, rel, src, want string
	}{
		{"billion laughs", "t.yaml", billionLaughs(), "alias bomb"},
		{"recursive alias", "t.yaml", "Resources: &r\n  X: [*r]\n", "YAML"},
		{"10000-deep flow nesting", "t.yaml", "Resources: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000), "deeper than 256"},
		{"10000-deep JSON", "t.json", `{"Resources": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}", "deeper than 256"},
		{"deep block nesting", "t.yaml", deepBlock, "deeper than 256"},
		{"invalid UTF-8", "t.yaml", "Resources:\n  X:\n    Type: \xff\xfe\n", "invalid UTF-8 byte 0xff"},
		{"binary", "t.yaml", "\x7fELF\x02\x01\x01\x00\x00\x00", "NUL byte"},
		{"UTF-16", "t.yaml", "\xff\xfeR\x00e\x00", "UTF-16"},
		{"truncated JSON", "t.json", `{"Resources": {"X": {"Type": "AWS::SQS::Queue"`, "end of file"},
		{"bad YAML", "t.yaml", "Resources:\n  X: [unclosed\n  Y: 1\n", "cannot parse YAML"},
		{"not a mapping", "t.yaml", "- a\n- b\n", "must be a mapping"},
		{"empty", "t.yaml", "", "empty"},
		{"resources not a mapping", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [1]\n", "Resources must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			res := loadTemplate([]byte(tt.src), tt.rel, t.TempDir())
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if len(res.problems) != 1 || !strings.Contains(res.problems[0].Message, tt.want) {
				t.Fatalf("problems = %+v, want one containing %q", res.problems, tt.want)
			}
			p := res.problems[0]
			if p.File != tt.rel || p.Line < 1 || p.Column < 1 {
				t.Errorf("problem at %+v, want a position in %s", p.Range, tt.rel)
			}
		})
	}
}

// TestProblemPositions: a parse error is reported where it is.
func TestProblemPositions(t *testing.T) {
	tests := []struct {
		rel, src string
		line     int
		col      int
	}{
		{"t.json", "{\n  \"Resources\": {\n    \"X\": [1,, 2]\n  }\n}\n", 3, 13},
		{"t.json", "{\n  \"a\": \"tab\there\"\n}", 2, 12},
		{"t.yaml", "Resources:\n  X:\n    Type: AWS::SQS::Queue\n   bad: indentation\n", 4, 4},
		{"t.yaml", "Resources:\n  X:\n    Type: \"caf\xc3\xa9\xff\"\n", 3, 17},
		{"t.yaml", "Resources:\n  X: [unclosed\n  Y: 1\n", 2, 3},
		{"t.yaml", "Resources:\n  A: 1\n  B: 2\n  C: 'open\n", 4, 3},
		{"t.yaml", "Resources:\n\tX: 1\n", 2, 1},
	}
	for _, tt := range tests {
		res := loadTemplate([]byte(tt.src), tt.rel, t.TempDir())
		if len(res.problems) != 1 {
			t.Errorf("%q: problems %v", tt.src, res.problems)
			continue
		}
		if p := res.problems[0]; p.Line != tt.line || p.Column != tt.col {
			t.Errorf("%q: problem at %d:%d (%s), want %d:%d", tt.src, p.Line, p.Column, p.Message, tt.line, tt.col)
		}
	}
}

// TestLoadFiles goes through Load: unreadable and oversized files are problems and the
// other templates still load.
func TestLoadFiles(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) model.Source {
		abs := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return model.Source{Format: model.CloudFormation, Abs: abs, Rel: rel}
	}
	good := write("a/template.yaml", "Resources:\n  Fn: {Type: AWS::Lambda::Function}\n")
	broken := write("b/template.yaml", "Resources: [\n")
	huge := model.Source{Format: model.CloudFormation, Abs: filepath.Join(root, "huge.json"), Rel: "huge.json"}
	f, err := os.Create(huge.Abs)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(model.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	missing := model.Source{Format: model.CloudFormation, Abs: filepath.Join(root, "gone.yaml"), Rel: "gone.yaml"}
	notTemplate := write("c/other.json", `{"name": "package", "AWS::": 1}`)
	cdk := write("cdk.out/Api.template.json", `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 10}}}}`)

	m := &model.Model{}
	Load(context.Background(), m, []model.Source{good, broken, huge, missing, notTemplate, cdk}, Options{Root: root})
	if len(m.Projects) != 2 || m.Projects[0].Name != "a" || m.Projects[1].Name != "Api" {
		t.Fatalf("projects = %+v", m.Projects)
	}
	msgs := map[string]string{}
	for _, p := range m.Problems {
		msgs[p.File] = p.Message
	}
	if !strings.Contains(msgs["b/template.yaml"], "cannot parse YAML") || !strings.Contains(msgs["huge.json"], "larger than") ||
		!strings.Contains(msgs["gone.yaml"], "does not exist") || len(m.Problems) != 3 {
		t.Errorf("problems = %+v", m.Problems)
	}
	if strings.Contains(msgs["gone.yaml"], root) {
		t.Errorf("problem names the absolute path: %s", msgs["gone.yaml"])
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m = &model.Model{}
	Load(ctx, m, []model.Source{good}, Options{Root: root})
	if len(m.Projects) != 0 {
		t.Errorf("a cancelled load went on")
	}
}

// TestAliasedWalks: YAML aliases that stay under the expansion limit (which counts every
// use of an alias in the document, so that no walk over the tree can exceed it) but make
// Globals large are merged quickly.
func TestAliasedWalks(t *testing.T) {
	var b strings.Builder
	b.WriteString("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Environment: &g\n      l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n")
	for i := 1; i <= 4; i++ {
		b.WriteString("      l" + itoa(i) + ": &l" + itoa(i) + " {")
		for j := range 8 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("k" + itoa(j) + ": *l" + itoa(i-1))
		}
		b.WriteString("}\n")
	}
	b.WriteString("Resources:\n")
	for i := range 5 {
		b.WriteString("  F" + itoa(i) + ": {Type: AWS::Serverless::Function, Properties: {Environment: *g}}\n")
	}
	start := time.Now()
	res := loadTemplate([]byte(b.String()), "t.yaml", t.TempDir())
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if res.project == nil || len(res.project.Functions) != 5 {
		t.Errorf("problems %v", res.problems)
	}
}

// TestCircularDependencies checks that cycles between resources are problems at the
// reference that closes them, and that SAM events, which the transform moves elsewhere,
// make none.
func TestCircularDependencies(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"self reference through Fn::Sub", `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Jobs.QueueName}-v2"
`, []string{"5:18 resource Jobs refers to itself"}},
		{"cycle through Ref and DependsOn", `Resources:
  A:
    Type: AWS::SNS::Topic
    DependsOn: B
  B:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref A
`, []string{"8:18 circular dependency A → B → A"}},
		{"literal and pseudo-parameters in Fn::Sub", `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${AWS::StackName}-${!Jobs}"
`, nil},
		{"a SAM function and the API of its events", `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration:
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Orders.Arn}/invocations
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := loadString(t, "template.yaml", tc.src)
			var got []string
			for _, p := range res.problems {
				msg, _, _ := strings.Cut(p.Message, ":")
				got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, msg))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems %q, want %q", got, tc.want)
			}
		})
	}
}

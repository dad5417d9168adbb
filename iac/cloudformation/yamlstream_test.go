package cloudformation

import (
	"strings"
	"testing"
)

// TestMergeKeys: <<: *props merges the anchored mapping into the one that holds it, as
// SAM CLI does before deploying: the mapping's own keys win, earlier merges win over later
// ones, and a quoted "<<" is an ordinary key.
func TestMergeKeys(t *testing.T) {
	got := yamlToJSON(t, `base: &base {a: 1, b: 1, c: 1}
other: &other {b: 2, d: 2}
one:
  <<: *base
  a: own
list:
  <<: [*other, *base]
  e: own
quoted:
  "<<": *base
`)
	want := `{
  "base": {
    "a": 1,
    "b": 1,
    "c": 1
  },
  "other": {
    "b": 2,
    "d": 2
  },
  "one": {
    "a": "own",
    "b": 1,
    "c": 1
  },
  "list": {
    "e": "own",
    "b": 2,
    "d": 2,
    "a": 1,
    "c": 1
  },
  "quoted": {
    "\u003c\u003c": {
      "a": 1,
      "b": 1,
      "c": 1
    }
  }
}
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestMergedFunction: a function whose properties come from an anchor through a merge key
// has them: its concurrency limit and its environment are read, with the ranges they are
// written at.
func TestMergedFunction(t *testing.T) {
	res := loadString(t, "template.yaml", `Transform: AWS::Serverless-2016-10-31
x-common: &common
  Runtime: provided.al2023
  Handler: bootstrap
  ReservedConcurrentExecutions: 5
  Environment:
    Variables:
      DB_PASSWORD: hunter2hunter2
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      <<: *common
      CodeUri: ./fn
      Timeout: 10
`)
	if len(res.problems) != 0 {
		t.Fatalf("problems: %v", res.problems)
	}
	f := fn(t, res, "Fn")
	if c := f.ReservedConcurrency; !c.Known() || c.Value != 5 || at(c.At) != "5:33-5:34" {
		t.Errorf("reserved concurrency = %+v", c)
	}
	if e, ok := f.Env("DB_PASSWORD"); !ok || e.Value.Value != "hunter2hunter2" {
		t.Errorf("environment = %+v", f.Environment)
	}
	if to := f.TimeoutSeconds; to.Value != 10 {
		t.Errorf("timeout = %+v", to)
	}
}

// TestMultipleDocuments: a second YAML document is an SLS000 at its marker (SAM and the
// AWS CLI reject the file), and the first document is still analyzed; an empty trailing
// document and a stream that is not a template are not reported.
func TestMultipleDocuments(t *testing.T) {
	const first = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n"
	res := loadString(t, "template.yaml", first+"---\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n---\nx: 1\n")
	if res.project == nil || len(res.project.Queues) != 1 || len(res.project.Functions) != 0 {
		t.Fatalf("project = %+v", res.project)
	}
	if len(res.problems) != 1 || at(res.problems[0].Range) != "5:1-5:4" ||
		!strings.HasPrefix(res.problems[0].Message, "a second YAML document starts here") {
		t.Errorf("problems = %v", res.problems)
	}
	for _, src := range []string{
		first + "---\n",
		first + "...\n",
		"kind: ConfigMap\ndata: {note: \"Resources use AWS::SQS::Queue\"}\n---\nkind: Service\n",
	} {
		if res := loadString(t, "template.yaml", src); len(res.problems) != 0 {
			t.Errorf("%q: problems = %v", src, res.problems)
		}
	}
}

package leastprivilege_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iam/leastprivilege"
	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/internal/fixture"
	"github.com/slslint/slslint/internal/jsonschematest"
	"github.com/slslint/slslint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func run(t *testing.T, dir string) *engine.Result {
	t.Helper()
	res, err := engine.Run(context.Background(), engine.Options{WorkDir: dir, Link: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failures > 0 {
		t.Fatalf("%d analysis failures", res.Failures)
	}
	return res
}

// demo copies the demo app into a repository of its own, so that paths are the demo's.
func demo(t *testing.T) string {
	t.Helper()
	dir := fixture.Copy(t, filepath.Join("..", "..", "testdata", "demo"))
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The demo's policies, in each template's syntax and as JSON, are the golden files; the
// README shows the template form.
func TestDemoPolicy(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	res := run(t, demo(t))
	report := leastprivilege.Build(crosslayer.PermissionsOf(res.Links))
	for _, format := range leastprivilege.FormatNames() {
		var buf bytes.Buffer
		if err := leastprivilege.Formats[format](&buf, report); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "demo."+format)
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(want) {
			t.Errorf("--format %s differs from %s (go test -update rewrites it):\n%s", format, golden, buf.String())
		}
		if format == "json" {
			jsonschematest.Validate(t, "docs/schemas/policy.schema.json", buf.Bytes())
		}
		if format == "template" {
			readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(readme, buf.Bytes()) {
				t.Errorf("README.md does not show the demo's current policies (%s)", golden)
			}
		}
	}
	// The SAM worker's DynamoDB and SNS needs are met by templates that fit exactly; the
	// serverless API's queue is outside the service, so its ARN is written out.
	var worker, api *leastprivilege.Function
	for _, f := range report.Functions {
		switch f.ID {
		case "WorkerFunction":
			worker = f
		case "api":
			api = f
		}
	}
	if worker == nil || strings.Join(worker.Needed, " ") != "dynamodb:PutItem dynamodb:UpdateItem sns:Publish" ||
		strings.Join(worker.Granted, " ") != "dynamodb:PutItem dynamodb:UpdateItem sns:Publish" || len(worker.Missing) != 0 {
		t.Errorf("WorkerFunction = %+v", worker)
	}
	if api == nil || strings.Join(api.Missing, " ") != "sqs:SendMessage" {
		t.Errorf("serverless api = %+v", api)
	}
}

// Applying the SAM policies slslint policy writes to the demo's template makes SLS510,
// SLS511 and SLS512 silent on its functions: the policy is exactly what the code needs.
func TestApplyToDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	dir := demo(t)
	before := iamFindings(run(t, dir), "template.yaml")
	if len(before) == 0 {
		t.Fatal("the demo's template should have an IAM finding before the policy is applied")
	}
	report := leastprivilege.Build(crosslayer.PermissionsOf(run(t, dir).Links))
	path := filepath.Join(dir, "template.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	applied := 0
	for _, f := range report.Functions {
		if f.Project != "template.yaml" {
			continue
		}
		text = setPolicies(t, text, f.ID, f.Text())
		applied++
	}
	if applied != 3 {
		t.Fatalf("%d SAM functions in the report", applied)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if after := iamFindings(run(t, dir), "template.yaml"); len(after) > 0 {
		t.Errorf("after applying the policies:\n%s\ntemplate:\n%s", strings.Join(after, "\n"), text)
	}
}

// iamFindings lists the SLS510–SLS512 findings about the functions of one template.
func iamFindings(res *engine.Result, template string) []string {
	ids := map[string]bool{}
	for _, lk := range res.Links {
		if lk.Project.Path == template {
			ids[lk.Function.ID] = true
		}
	}
	var out []string
	for _, f := range res.Report.Findings {
		if f.Rule != rules.MissingPermission && f.Rule != rules.UnusedPermission && f.Rule != rules.NarrowerPolicy {
			continue
		}
		about := f.Location.Path == template
		for id := range ids {
			if strings.Contains(f.Message, "function "+id+" ") || strings.Contains(f.Message, "function "+id+",") {
				about = true
			}
		}
		if about {
			out = append(out, f.Location.Path+": "+f.Message)
		}
	}
	return out
}

// setPolicies replaces the Policies of a SAM function (its Properties at four spaces) with
// the snippet slslint policy wrote for it.
func setPolicies(t *testing.T, template, id, snippet string) string {
	t.Helper()
	lines := strings.Split(template, "\n")
	start := -1
	for i, l := range lines {
		if l == "  "+id+":" {
			start = i
		}
	}
	if start < 0 {
		t.Fatalf("no function %s", id)
	}
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "  ") && !strings.HasPrefix(lines[i], "   ") {
			end = i
			break
		}
	}
	var body []string
	for _, l := range strings.Split(snippet, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		body = append(body, "      "+l)
	}
	var out []string
	out = append(out, lines[:start+1]...)
	props := -1
	for i := start + 1; i < end; i++ {
		l := lines[i]
		if l == "    Properties:" {
			props = len(out)
		}
		if l == "      Policies:" {
			// Skip the old block: the lines indented deeper than it.
			for i+1 < end && strings.HasPrefix(lines[i+1], "       ") {
				i++
			}
			continue
		}
		out = append(out, l)
	}
	if props < 0 {
		t.Fatalf("function %s has no Properties", id)
	}
	out = append(out[:props+1], append(body, out[props+1:]...)...)
	out = append(out, lines[end:]...)
	return strings.Join(out, "\n")
}

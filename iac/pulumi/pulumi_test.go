package pulumi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/internal/fixture"
)

// The orders program (testdata/orders) is a Pulumi program written against the real
// pulumi-aws v6 and pulumi/sdk v3 modules, type-checked and never run: a queue consumer and
// its correct twin, an HTTP API with a slow and a fast function, functions declared by a
// helper, a policy document built with json.Marshal, a log group named with
// pulumi.Sprintf.

func lineOf(t *testing.T, dir, file, marker string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), marker)
	if i < 0 {
		t.Fatalf("%s: no %q", file, marker)
	}
	return strings.Count(string(b[:i]), "\n") + 1
}

func TestOrders(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks a program against the real Pulumi modules")
	}
	dir := fixture.Copy(t, "testdata/orders")
	res, err := engine.Run(context.Background(), engine.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failures > 0 {
		t.Fatal("analysis failures")
	}
	cases := []struct{ rule, subject, marker string }{
		{"SLS404", "queue jobs", "VisibilityTimeoutSeconds: pulumi.Int(10)"},
		{"SLS404", "queue tasks", ""},
		{"SLS122", "queue jobs", `sqs.NewQueue(ctx, "jobs"`},
		{"SLS122", "queue tasks", ""},
		{"SLS124", "function worker", `lambda.NewEventSourceMapping(ctx, "worker-jobs"`},
		{"SLS124", "function reporter", ""},
		{"SLS403", "function slow", "Timeout:       pulumi.Int(timeout)"},
		{"SLS403", "function quick", ""},
		{"SLS503", "", ""},
		{"SLS303", "", ""},
		{"SLS304", "function worker", ""},
		{"SLS304", "function slow", `return lambda.NewFunction(ctx, name`},
		{"SLS401", "function nightly sets no timeout and gets the AWS provider's default of 3 s", `lambda.NewFunction(ctx, "nightly"`},
		{"SLS401", "function worker", ""},
		{"SLS504", "functions worker, reporter", "Policy: pulumi.String(`"}, // one role for five functions: one finding names them all
		{"SLS301", "project orders", "pulumi.Run(run)"},
	}
	for _, c := range cases {
		var got []string
		for _, f := range res.Report.Findings {
			if f.Rule.ID == c.rule && strings.Contains(f.Message, c.subject) {
				got = append(got, fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line))
			}
		}
		if c.marker == "" {
			if len(got) > 0 {
				t.Errorf("%s %q: unexpected at %v", c.rule, c.subject, got)
			}
			continue
		}
		want := fmt.Sprintf("main.go:%d", lineOf(t, dir, "main.go", c.marker))
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("%s %q: want a finding at %s, got %v", c.rule, c.subject, want, got)
		}
	}

	if len(res.Model.Projects) != 1 {
		t.Fatalf("projects: %d", len(res.Model.Projects))
	}
	p := res.Model.Projects[0]
	if p.Format != model.Pulumi || p.Name != "orders" || p.Path != "." {
		t.Errorf("project: %v %q %q", p.Format, p.Name, p.Path)
	}
	worker, ok := p.Function("worker")
	if !ok {
		t.Fatal("no function worker")
	}
	if a := worker.TimeoutSeconds; a.Origin != model.Explicit || a.Value != 30 || a.At.Line != lineOf(t, dir, "main.go", "Timeout:       pulumi.Int(timeout)") {
		t.Errorf("worker timeout: %+v", a)
	}
	if a := worker.LogRetentionDays; !a.Known() || a.Value != 14 {
		t.Errorf("worker log retention: %+v", a)
	}
	links := map[string]string{}
	for _, l := range res.Links {
		links[l.Function.ID] = l.Dir
	}
	if links["worker"] != "cmd/worker" || links["reporter"] != "cmd/worker" {
		t.Errorf("links: %v", links)
	}
}

package crosslayer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/fixture"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/rules"
)

// crossRules are the IDs of the cross-layer rules.
// crossRules are the cross-layer rules the test apps were written for. The IAM rules
// (SLS510–SLS512) have their own apps (permissions_test.go): these declare no permissions.
func crossRules() []string {
	var ids []string
	for _, r := range rules.All() {
		if r.Layer == rules.LayerCross && !isIAMRule(r) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func isIAMRule(r *rules.Rule) bool {
	return r == rules.MissingPermission || r == rules.UnusedPermission || r == rules.NarrowerPolicy
}

// findings renders a run's cross-layer findings as "path:line:col RULE level".
func findings(res *engine.Result) string {
	var lines []string
	for _, f := range res.Report.Findings {
		if f.Rule.Layer != rules.LayerCross {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s:%d:%d %s %s", f.Location.Path, f.Location.Line, f.Location.Column, f.Rule.ID, f.Level))
	}
	return strings.Join(lines, "\n")
}

// links renders the links as "project function -> dir [inferred] [not analyzed]", or
// "-> none" when the function is not linked.
func links(ls []*crosslayer.Link) string {
	var lines []string
	for _, l := range ls {
		to := "none"
		if l.Dir != "" {
			to = l.Dir
			if l.Inferred {
				to += " inferred"
			}
			if l.Program == nil {
				to += " not-analyzed"
			}
		}
		lines = append(lines, fmt.Sprintf("%s %s -> %s", l.Project.Path, l.Function.ID, to))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func run(t *testing.T, dir string, opts engine.Options) *engine.Result {
	t.Helper()
	opts.WorkDir = dir
	res, err := engine.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Failures > 0 {
		t.Fatalf("analysis failures:\n%s", findings(res))
	}
	return res
}

// TestApps runs the cross-layer rules on the small apps under testdata/apps, one per
// format: each function that gets a mistake has a consistent twin that must stay silent,
// and every function's link is asserted, including the inferred and the ambiguous ones.
func TestApps(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	tests := []struct {
		app            string
		links, finding []string
	}{
		{
			app: "sam",
			links: []string{
				"template.yaml ApiBad -> cmd/api",
				"template.yaml ApiGood -> cmd/api",
				"template.yaml OrdersBad -> cmd/orders",
				"template.yaml OrdersGood -> cmd/orders",
				"template.yaml PlainBad -> cmd/plain",
				"template.yaml PlainGood -> cmd/plain",
				"template.yaml ReportBad -> cmd/report",
				"template.yaml ReportFunction -> cmd/report inferred",
				"template.yaml ReportGood -> cmd/report",
			},
			finding: []string{
				"template.yaml:36:3 SLS128 error",     // OrdersBad reads TABLE, which it does not define
				"template.yaml:45:26 SLS129 note",     // OrdersBad's EXTRA_SETTING
				"template.yaml:47:9 SLS124 error",     // OrdersBad returns a batch response its trigger ignores
				"template.yaml:47:9 SLS127 error",     // OrdersBad sends to its own trigger queue
				"template.yaml:51:24 SLS413 note",     // 10 records × 5 s > 30 s
				"template.yaml:85:36 SLS124 error",    // PlainBad's trigger expects a batch response
				"template.yaml:107:9 SLS125 error",    // ApiBad: a REST API in front of a v2 handler
				"template.yaml:131:19 SLS208 note",    // ReportBad: blocking start-up on 128 MB
				"template.yaml:132:16 SLS412 warning", // ReportBad: a 20 s client in a 10 s function
				// The report posts without an Idempotency-Key on an hourly schedule with no
				// failure destination (OrdersGood, idempotent behind SQS, stays silent).
				"template.yaml:137:9 SLS126 error",
				"template.yaml:154:9 SLS126 error",
			},
		},
		{
			app: "terraform",
			links: []string{
				"terraform aws_lambda_function.api_bad -> cmd/api",
				"terraform aws_lambda_function.api_good -> cmd/api",
				"terraform aws_lambda_function.everything -> none",
				"terraform aws_lambda_function.orders_bad -> cmd/orders",
				"terraform aws_lambda_function.orders_good -> cmd/orders",
				"terraform aws_lambda_function.plain_good -> cmd/plain",
				"terraform aws_lambda_function.report -> cmd/report inferred",
				"terraform aws_lambda_function.report_bad -> cmd/report",
				"terraform aws_lambda_function.report_good -> cmd/report",
				"terraform module.plain_bad.aws_lambda_function.this[0] -> cmd/plain",
			},
			finding: []string{
				"terraform/main.tf:40:1 SLS128 error",
				"terraform/main.tf:53:23 SLS129 note",
				"terraform/main.tf:58:1 SLS124 error",
				"terraform/main.tf:58:1 SLS127 error",
				"terraform/main.tf:61:22 SLS413 note",
				"terraform/main.tf:103:33 SLS124 error",
				"terraform/main.tf:148:1 SLS125 error", // the integration's payload format defaults to 1.0
				"terraform/main.tf:193:22 SLS208 note",
				"terraform/main.tf:194:22 SLS412 warning",
				"terraform/main.tf:220:1 SLS126 error",
				"terraform/main.tf:225:1 SLS126 error",
			},
		},
		{
			app: "serverless",
			links: []string{
				"reports/serverless.yml reportBad -> cmd/report",
				"reports/serverless.yml reportGood -> cmd/report",
				"serverless.yml apiBad -> cmd/api",
				"serverless.yml apiGood -> cmd/api",
				"serverless.yml ordersBad -> cmd/orders",
				"serverless.yml ordersGood -> cmd/orders",
				"serverless.yml plainBad -> cmd/plain",
				"serverless.yml plainGood -> cmd/plain",
				"serverless.yml report -> cmd/report inferred",
			},
			finding: []string{
				"reports/serverless.yml:24:17 SLS208 note",
				"reports/serverless.yml:25:14 SLS412 warning",
				"reports/serverless.yml:29:9 SLS126 error",
				"reports/serverless.yml:38:9 SLS126 error",
				"serverless.yml:16:3 SLS128 error",
				"serverless.yml:20:22 SLS129 note",
				"serverless.yml:22:9 SLS124 error",
				"serverless.yml:22:9 SLS127 error",
				"serverless.yml:24:22 SLS413 note",
				"serverless.yml:47:33 SLS124 error",
				"serverless.yml:63:9 SLS125 error",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.app, func(t *testing.T) {
			dir := fixture.Copy(t, filepath.Join("testdata", "apps", tt.app))
			res := run(t, dir, engine.Options{Only: crossRules()})
			if got, want := links(res.Links), strings.Join(tt.links, "\n"); got != want {
				t.Errorf("links:\n%s\nwant:\n%s", got, want)
			}
			if got, want := findings(res), strings.Join(tt.finding, "\n"); got != want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, want)
			}
			for _, f := range res.Report.Findings {
				if len(f.Related) == 0 {
					t.Errorf("%s at %s:%d has no related location in the code", f.Rule.ID, f.Location.Path, f.Location.Line)
				}
			}
		})
	}
}

// TestDemo checks the links of the demo app and its cross-layer findings: the SAM worker
// returns a batch response its SQS event ignores (its Terraform twin sets
// ReportBatchItemFailures), the serverless.yml deploys the HTTP API handler behind a REST
// API, and more.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	dir := fixture.Copy(t, filepath.Join("..", "testdata", "demo"))
	res := run(t, dir, engine.Options{})
	want := []string{
		"serverless/serverless.yml api -> cmd/api",
		"template.yaml ApiFunction -> cmd/api",
		"template.yaml NightlyFunction -> cmd/nightly",
		"template.yaml WorkerFunction -> cmd/worker",
		"terraform aws_lambda_function.worker -> cmd/worker",
	}
	if got := links(res.Links); got != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	wantFindings := []string{
		"cmd/api/main.go:38:11 SLS510 error",           // serverless api: its role may not send to the queue
		"internal/notify/notify.go:19:12 SLS510 error", // Terraform worker: its role may not publish to the topic
		"serverless/serverless.yml:18:19 SLS129 note",  // ORDERS_TABLE: the API never reads it
		"serverless/serverless.yml:34:9 SLS125 error",  // an http (REST) event in front of a v2 handler
		"template.yaml:10:17 SLS208 note",              // the nightly export pings at start-up on 256 MB
		"template.yaml:34:32 SLS129 note",              // WAREHOUSE_API_TOKEN: never read
		"template.yaml:63:11 SLS512 note",              // DynamoDBCrudPolicy where DynamoDBWritePolicy fits
		"template.yaml:68:9 SLS124 error",              // the worker's failures are ignored by its SQS event
		"template.yaml:68:9 SLS126 error",              // uuid-keyed PutItem behind SQS, and the queue has no DLQ
		"template.yaml:74:3 SLS412 warning",            // a 10 s HTTP client in a 3 s function
		"terraform/main.tf:94:1 SLS126 warning",        // the same code behind SQS, with a DLQ
	}
	if got := findings(res); got != strings.Join(wantFindings, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", got, strings.Join(wantFindings, "\n"))
	}
}

// TestNotAnalyzed: a function linked to a package outside the patterns is linked, marked
// as not analyzed, and checked by no cross-layer rule.
func TestNotAnalyzed(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	dir := fixture.Copy(t, filepath.Join("testdata", "apps", "sam"))
	res := run(t, dir, engine.Options{Only: crossRules(), Patterns: []string{"./cmd/api", "./template.yaml"}})
	var notAnalyzed []string
	for _, l := range res.Links {
		if l.Dir != "" && l.Program == nil {
			notAnalyzed = append(notAnalyzed, l.Function.ID)
			if !strings.Contains(l.Reason, "was not analyzed") {
				t.Errorf("%s: reason %q does not say the package was not analyzed", l.Function.ID, l.Reason)
			}
		}
	}
	sort.Strings(notAnalyzed)
	if got, want := strings.Join(notAnalyzed, " "), "OrdersBad OrdersGood PlainBad PlainGood ReportBad ReportFunction ReportGood"; got != want {
		t.Errorf("not analyzed: %s, want %s", got, want)
	}
	if got, want := findings(res), "template.yaml:107:9 SLS125 error"; got != want {
		t.Errorf("findings:\n%s\nwant only ApiBad's (the one package analyzed):\n%s", got, want)
	}
}

package cdk_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/engine"
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/fixture"
)

// The shop app (testdata/shop) is a CDK app written against the real awscdk/v2 module,
// type-checked and never run: two stacks of constructs in risky and correct variants, a
// construct of the app's own in another package with its props built by a helper, Go
// functions linked through Code_FromAsset and a Makefile and through NewGoFunction's
// Entry (a local stand-in of the alpha module, which the module proxy does not serve).

func runShop(t *testing.T, dir string) *engine.Result {
	t.Helper()
	if testing.Short() {
		t.Skip("type-checks an app against the real AWS CDK module")
	}
	res, err := engine.Run(context.Background(), engine.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failures > 0 {
		for _, f := range res.Report.Findings {
			t.Log(f.Rule.ID, f.Location.Path, f.Location.Line, f.Message)
		}
		t.Fatal("analysis failures")
	}
	return res
}

// lineOf returns the line of the first occurrence of marker in a file of the app.
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

// find returns the findings of a rule whose message names subject.
func find(res *engine.Result, rule, subject string) []*finding.Finding {
	var out []*finding.Finding
	for _, f := range res.Report.Findings {
		if f.Rule.ID == rule && strings.Contains(f.Message, subject) {
			out = append(out, f)
		}
	}
	return out
}

func TestShop(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shop")
	res := runShop(t, dir)

	// Each case: a rule, the construct its message names, and where it is reported ("" for
	// a case that must stay silent). Twins of the same family stand next to each other.
	cases := []struct {
		rule, subject string
		file, marker  string
	}{
		// SQS consumers built by the app's own construct, whose props come from a helper.
		{"SLS404", "queue Orders/Queue", "shopcdk/orders.go", "VisibilityTimeout: awscdk.Duration_Seconds"},
		{"SLS404", "queue Reports/Queue", "", ""},
		{"SLS122", "queue Orders/Queue", "shopcdk/orders.go", "this.Queue = awssqs.NewQueue"},
		{"SLS122", "queue Reports/Queue", "", ""},
		{"SLS124", "function Orders/Handler", "shopcdk/orders.go", "this.Handler.AddEventSource"},
		{"SLS124", "function Reports/Handler", "", ""},
		{"SLS304", "function Orders/Handler", "shopcdk/orders.go", "awslambda.NewFunction(this"},
		{"SLS304", "function Reports/Handler", "", ""},
		{"SLS703", "function Orders/Handler", "", ""},
		// Go functions behind an HTTP API and function URLs.
		{"SLS403", "function Billing", "main.go", "Timeout:      awscdk.Duration_Seconds(jsii.Number(60))"},
		{"SLS403", "function Prices", "", ""},
		{"SLS501", "function Billing", "main.go", "billing.AddFunctionUrl"},
		{"SLS501", "function Prices", "", ""},
		{"SLS505", "API_PASSWORD", "main.go", `"API_PASSWORD"`},
		{"SLS505", "CURRENCY", "", ""},
		{"SLS128", "function Billing", "", ""},
		{"SLS129", "API_PASSWORD", "main.go", `"API_PASSWORD"`},
		{"SLS129", "CURRENCY", "", ""},
		// Scheduled functions: defaults, failure destinations, IAM.
		{"SLS401", "function Nightly sets no timeout and gets the AWS CDK's default of 3 s", "main.go", `awslambda.NewFunction(stack, jsii.String("Nightly")`},
		{"SLS401", "function Hourly", "", ""},
		{"SLS121", "function Nightly", "main.go", `awslambda.NewFunction(stack, jsii.String("Nightly")`},
		{"SLS121", "function Hourly", "", ""},
		{"SLS504", "function Nightly", "main.go", `jsii.Strings("*")`},
		{"SLS504", "function Hourly", "", ""},
		{"SLS703", "function Nightly", "main.go", `awslambda.NewFunction(stack, jsii.String("Nightly")`},
		{"SLS304", "function Hourly", "", ""},
		{"SLS701", "function Hourly", "", ""},
		{"SLS302", "function Hourly", "", ""},
		// Stacks: a budget in one, none in the other; a value from the environment.
		{"SLS301", "project Shop", "", ""},
		{"SLS301", "project Audit", "main.go", "awscdk.NewStack(scope, jsii.String(auditName())"},
		{"SLS401", "function Audit", "", ""},
		{"SLS507", "function Audit", "main.go", "Runtime: awslambda.Runtime_GO_1_X(),\n\t\tHandler: jsii.String(\"bootstrap\")"},
		// The Events stack: topics, buckets, streams, REST APIs, a state machine, L1s.
		{"SLS506", "topic Plain", "events.go", `awssns.NewTopic(stack, jsii.String("Plain")`},
		{"SLS506", "topic Sealed", "", ""},
		{"SLS121", "function Thumbs", "events.go", `awslambda.NewFunction(stack, jsii.String("Thumbs")`},
		{"SLS121", "function Notify", "events.go", `awslambda.NewFunction(stack, jsii.String("Notify")`},
		{"SLS120", "Kinesis trigger Clicks", "events.go", "counter.AddEventSource(awslambdaeventsources.NewKinesisEventSource"},
		{"SLS120", "DynamoDB stream trigger", "", ""},
		// A setting written in a helper is reported at the helper's key-value.
		{"SLS403", "function Api", "events.go", "Timeout:      awscdk.Duration_Seconds(jsii.Number(seconds))"},
		{"SLS403", "function Quick", "", ""},
		{"SLS303", "REST API Open", "events.go", `awsapigateway.NewLambdaRestApi(stack, jsii.String("Open")`},
		{"SLS303", "REST API Guarded", "", ""},
		{"SLS503", "REST API Open", "events.go", `awsapigateway.NewLambdaRestApi(stack, jsii.String("Open")`},
		{"SLS503", "REST API Guarded", "", ""},
		{"SLS702", "REST API Open", "events.go", `awsapigateway.NewLambdaRestApi(stack, jsii.String("Open")`},
		{"SLS702", "REST API Guarded", "", ""},
		{"SLS402", `"Approve"`, "events.go", `awsstepfunctionstasks.NewLambdaInvoke(stack, jsii.String("Approve")`},
		{"SLS402", `"Charge"`, "", ""},
		{"SLS304", "function Logged", "", ""},
		{"SLS401", "function Raw", "events.go", `awslambda.NewCfnFunction(stack, jsii.String("Raw")`},
		{"SLS502", "RawPublic", "events.go", `Principal:    jsii.String("*")`},
	}
	for _, c := range cases {
		got := find(res, c.rule, c.subject)
		if c.file == "" {
			for _, f := range got {
				t.Errorf("%s %q: unexpected at %s:%d: %s", c.rule, c.subject, f.Location.Path, f.Location.Line, f.Message)
			}
			continue
		}
		want := lineOf(t, dir, c.file, c.marker)
		found := false
		for _, f := range got {
			if f.Location.Path == c.file && f.Location.Line == want {
				found = true
			}
		}
		if !found {
			var at []string
			for _, f := range got {
				at = append(at, fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line))
			}
			t.Errorf("%s %q: want a finding at %s:%d, got %v", c.rule, c.subject, c.file, want, at)
		}
	}

	// A suppression on the line above a construct covers the finding at its Runtime, four
	// lines into the call.
	legacy := find(res, "SLS507", "function Legacy")
	if len(legacy) != 1 || legacy[0].Suppressed == nil ||
		legacy[0].Location.Line != lineOf(t, dir, "main.go", "Runtime: awslambda.Runtime_GO_1_X(),\n\t})") {
		t.Errorf("SLS507 of Legacy: want one finding at its Runtime, suppressed; got %+v", legacy)
	}
	if unused := find(res, "SLS001", ""); len(unused) > 0 {
		t.Errorf("unused suppressions: %v", unused[0].Message)
	}
}

func TestShopModel(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shop")
	res := runShop(t, dir)
	fns := map[string]*model.Function{}
	var names []string
	for _, p := range res.Model.Projects {
		if p.Format != model.CDK {
			t.Errorf("project %s: format %v", p.Path, p.Format)
		}
		names = append(names, p.Name)
		for _, f := range p.Functions {
			fns[p.Name+"/"+f.ID] = f
		}
	}
	if got := strings.Join(names, " "); got != "Audit Events Shop" {
		t.Errorf("stacks: %s", got)
	}
	line := func(file, marker string) int { return lineOf(t, dir, file, marker) }
	checkAttr := func(name string, a model.Attr[int], origin model.Origin, value int, file string, at int) {
		t.Helper()
		if a.Origin != origin || (a.Known() && a.Value != value) || a.At.File != file || a.At.Line != at {
			t.Errorf("%s: got %v %d at %s:%d, want %v %d at %s:%d", name, a.Origin, a.Value, a.At.File, a.At.Line, origin, value, file, at)
		}
	}
	nightly, hourly := fns["Shop/Nightly"], fns["Shop/Hourly"]
	if nightly == nil || hourly == nil || fns["Shop/Orders/Handler"] == nil || fns["Events/Logged"] == nil || fns["Audit/Audit"] == nil {
		t.Fatalf("functions: %v", fns)
	}
	checkAttr("Nightly timeout", nightly.TimeoutSeconds, model.Default, 3, "main.go", line("main.go", `jsii.String("Nightly")`))
	checkAttr("Hourly timeout", hourly.TimeoutSeconds, model.Explicit, 120, "main.go", line("main.go", "Duration_Minutes(jsii.Number(2))"))
	checkAttr("Hourly retention", hourly.LogRetentionDays, model.Explicit, 7, "main.go", line("main.go", "awslogs.RetentionDays_ONE_WEEK"))
	checkAttr("Hourly concurrency", hourly.ReservedConcurrency, model.Explicit, 2, "main.go", line("main.go", "ReservedConcurrentExecutions: jsii.Number(2)"))
	logged := fns["Events/Logged"]
	checkAttr("Logged retention", logged.LogRetentionDays, model.Default, 731, "events.go", line("events.go", `awslogs.NewLogGroup(stack, jsii.String("QuickLogs")`))
	if a := fns["Audit/Audit"].TimeoutSeconds; a.Origin != model.Unknown {
		t.Errorf("Audit timeout from the environment: %v %d", a.Origin, a.Value)
	}
	if a := hourly.Tracing; !a.Known() || a.Value != "Active" {
		t.Errorf("Hourly tracing: %+v", a)
	}

	// Grants and AddToRolePolicy are statements on the function's role, at the call.
	handler := fns["Shop/Orders/Handler"]
	grantLine := line("shopcdk/orders.go", "this.Table.GrantReadWriteData")
	var granted []string
	for _, pol := range handler.Policies {
		for _, st := range pol.Statements {
			for _, a := range st.Actions {
				if st.At.File == "shopcdk/orders.go" && st.At.Line == grantLine {
					granted = append(granted, a.Value)
				}
			}
		}
	}
	if !strings.Contains(strings.Join(granted, " "), "dynamodb:PutItem") {
		t.Errorf("GrantReadWriteData: statements at shopcdk/orders.go:%d give %v", grantLine, granted)
	}
	var managed []string
	for _, pol := range handler.Policies {
		if pol.ManagedARN.Known() {
			managed = append(managed, pol.ManagedARN.Value)
		}
	}
	if len(managed) != 1 || !strings.HasSuffix(managed[0], "AWSLambdaBasicExecutionRole") {
		t.Errorf("the role the CDK creates: managed policies %v", managed)
	}

	// Links: through Code_FromAsset and the Makefile, and through NewGoFunction's Entry.
	links := map[string]string{}
	for _, l := range res.Links {
		links[l.Project.Name+"/"+l.Function.ID] = l.Dir + " (" + l.Via + ")"
	}
	for fn, want := range map[string]string{
		"Shop/Orders/Handler":  "cmd/orders (bin/orders/bootstrap, built by Makefile:2)",
		"Shop/Reports/Handler": "cmd/reports (bin/reports/bootstrap, built by Makefile:3)",
		"Shop/Billing":         "cmd/billing (directory cmd/billing)",
		"Shop/Prices":          "cmd/billing (directory cmd/billing)",
	} {
		if links[fn] != want {
			t.Errorf("link of %s: got %q, want %q", fn, links[fn], want)
		}
	}
}

// TestSynthesizedOutput runs the app with the cdk.out that `cdk synth` leaves: its
// templates describe the same stacks, and each finding is reported once, from the source.
// A template elsewhere is still read.
func TestSynthesizedOutput(t *testing.T) {
	dir := fixture.Copy(t, "testdata/shop")
	template := `{
  "Resources": {
    "NightlyB8C5E1F2": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Runtime": "provided.al2023", "Handler": "bootstrap", "Code": {"S3Bucket": "b", "S3Key": "k"}}
    }
  }
}
`
	for _, f := range []string{"cdk.out/Shop.template.json", "legacy/template.json"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(template), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := runShop(t, dir)
	legacy := 0
	for _, f := range res.Report.Findings {
		if strings.HasPrefix(f.Location.Path, "cdk.out/") {
			t.Errorf("finding in cdk.out: %s %s", f.Rule.ID, f.Message)
		}
		if f.Location.Path == "legacy/template.json" && f.Rule.ID == "SLS401" {
			legacy++
		}
	}
	if legacy != 1 {
		t.Errorf("the template outside cdk.out: %d SLS401, want 1", legacy)
	}
	for _, p := range res.Model.Projects {
		if strings.HasPrefix(p.Path, "cdk.out/") {
			t.Errorf("project from cdk.out: %s", p.Path)
		}
	}
}

// TestOnlyIaCRules runs the IaC rules alone: the app's Go code is still loaded, for its
// infrastructure.
func TestOnlyIaCRules(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks an app against the real AWS CDK module")
	}
	dir := fixture.Copy(t, "testdata/shop")
	res, err := engine.Run(context.Background(), engine.Options{WorkDir: dir, Only: []string{"SLS401"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := find(res, "SLS401", "function Nightly"); len(got) != 1 {
		t.Errorf("SLS401 alone: %d findings for Nightly, want 1", len(got))
	}
}

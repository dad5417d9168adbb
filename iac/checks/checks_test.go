package checks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

func TestEveryIaCRuleHasOneCheck(t *testing.T) {
	checked := map[string]int{}
	for _, c := range checkList {
		for _, r := range c.rules {
			if r.Layer != rules.LayerIaC {
				t.Errorf("%s is reported by an IaC check but its layer is %q", r.ID, r.Layer)
			}
			checked[r.ID]++
		}
	}
	for _, r := range rules.All() {
		if r.Layer != rules.LayerIaC {
			continue
		}
		if checked[r.ID] != 1 {
			t.Errorf("%s is reported by %d checks, want 1", r.ID, checked[r.ID])
		}
	}
}

// idiomatic is a project that follows every rule: it must produce no finding at all.
func idiomatic() *model.Project {
	uploads := &model.Bucket{Resource: model.Resource{ID: "Uploads", At: at(300), Name: set("acme-uploads", 301)}}
	thumbs := &model.Bucket{Resource: model.Resource{ID: "Thumbnails", At: at(305)}}
	encrypted := &model.Topic{Resource: model.Resource{ID: "Events", At: at(310)}, KMSKey: set("alias/aws/sns", 311)}
	errorsAlarm := func(fn string, line int) *model.Alarm {
		return &model.Alarm{Resource: model.Resource{ID: fn + "Errors", At: at(line)}, Function: fn,
			Namespace: set("AWS/Lambda", line+1), MetricName: set("Errors", line+2)}
	}
	worker := function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30, func(t *model.Trigger) { t.MaximumConcurrency = set(5, 33) }),
		func(f *model.Function) { f.TimeoutSeconds = set(30, 15) },
		policy(allow(60, []string{"sqs:ReceiveMessage", "sqs:DeleteMessage"}, refTo("Jobs", 63))))
	resize := function("Resize", 100, trigger(model.TriggerS3, "Uploads", 130, func(t *model.Trigger) { t.FilterPrefix = set("incoming/", 132) }),
		func(f *model.Function) { f.OnFailure = refTo("FailedResizes", 119) },
		policy(allow(160, []string{"s3:GetObject"}, refTo("Uploads", 163)), allow(165, []string{"s3:PutObject"}, refTo("Thumbnails", 168))))
	stream := function("Projector", 200, trigger(model.TriggerKinesis, "Orders", 230, func(t *model.Trigger) {
		t.MaximumRetryAttempts, t.OnFailure, t.BisectBatchOnFunctionError = set(5, 233), refTo("StreamDLQ", 234), set(true, 235)
	}))
	api := function("Api", 400, trigger(model.TriggerHTTPAPI, "", 430), func(f *model.Function) {
		f.Environment = []model.EnvVar{{Name: "TABLE_NAME", Value: refTo("Orders", 440)}, {Name: "DB_PASSWORD", Value: secret(441)}}
	})
	sm := &model.StateMachine{Resource: model.Resource{ID: "Checkout", At: at(500)}, Tasks: []*model.TaskState{{
		Name: "Charge", At: at(510), Resource: set("arn:aws:states:::lambda:invoke", 511), TimeoutSeconds: set(30, 512),
	}}}
	return sam(worker, queue("Jobs", 40, func(q *model.Queue) { q.VisibilityTimeoutSecs = set(180, 41) }),
		resize, uploads, thumbs, stream, api,
		httpAPI("HttpApi", 600, route("GET", "/orders", 610, func(r *model.Route) { r.Function = "Api" }),
			func(a *model.API) {
				a.CORS = &model.CORS{At: at(620), AllowOrigins: set([]string{"https://app.example.com"}, 621), AllowCredentials: set(true, 622)}
			}),
		encrypted, sm,
		errorsAlarm("Worker", 700), errorsAlarm("Resize", 710), errorsAlarm("Projector", 720), errorsAlarm("Api", 730),
		&model.Budget{Resource: model.Resource{ID: "Budget", At: at(800)}},
		&model.Permission{Resource: model.Resource{ID: "ResizePermission", At: at(900)}, Function: "Resize",
			Principal: set("s3.amazonaws.com", 901), SourceArn: refTo("Uploads", 902), SourceAccount: absent[string](900)},
	)
}

func TestIdiomaticProjectIsClean(t *testing.T) {
	for _, f := range run(&model.Model{Projects: []*model.Project{idiomatic()}}, testSettings(), testDay) {
		t.Errorf("%s at line %d: %s", f.Rule.ID, f.At.Line, f.Message)
	}
}

// TestUnresolvedValuesAreSilent checks that a function whose every setting is written but
// unresolvable is reported only for what is missing from the project (a budget, an alarm),
// never for its unknown values.
func TestUnresolvedValuesAreSilent(t *testing.T) {
	f := &model.Function{
		Resource: model.Resource{ID: "Fn", At: at(10)},
		Runtime:  unresolved[string](11), Handler: unresolved[string](12), Architecture: unresolved[string](13),
		MemoryMB: unresolved[int](14), TimeoutSeconds: unresolved[int](15), ReservedConcurrency: unresolved[int](16),
		Tracing: unresolved[string](17), DeadLetterTarget: unresolved[string](18), OnFailure: unresolved[string](19),
		LogRetentionDays: unresolved[int](20), RecursiveLoop: unresolved[string](21),
		URLs:        []*model.FunctionURL{{At: at(22), AuthType: unresolved[string](23), CORS: &model.CORS{At: at(24), AllowOrigins: unresolved[[]string](25), AllowCredentials: unresolved[bool](26)}}},
		Environment: []model.EnvVar{{Name: "DB_PASSWORD", Value: unresolved[string](27)}},
		Policies: []*model.Policy{{At: at(28), ManagedARN: unresolved[string](28)}, {At: at(29), Statements: []*model.Statement{{
			At: at(29), Effect: unresolved[string](29), Actions: []model.Attr[string]{set("*", 30)}, Resources: []model.Attr[string]{set("*", 31)}}}}},
	}
	trigger(model.TriggerKinesis, "Orders", 40, func(t *model.Trigger) {
		t.MaximumRetryAttempts, t.OnFailure, t.BisectBatchOnFunctionError = unresolved[int](41), absent[string](40), unresolved[bool](42)
	})(f)
	trigger(model.TriggerSQS, "Jobs", 45)(f)
	q := &model.Queue{Resource: model.Resource{ID: "Jobs", At: at(50)}, VisibilityTimeoutSecs: unresolved[int](51),
		RedriveTarget: unresolved[string](52), KMSKey: unresolved[string](53), ManagedSSE: unresolved[bool](54)}
	p := sam(f, q)
	var got []string
	for _, f := range run(&model.Model{Projects: []*model.Project{p}}, testSettings(), testDay) {
		got = append(got, f.Rule.ID)
	}
	if want := []string{rules.NoBudget.ID, rules.NoErrorAlarm.ID}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

func TestNilEntriesDoNotCrash(t *testing.T) {
	f := function("Fn", 10, func(f *model.Function) {
		f.Triggers = []*model.Trigger{nil}
		f.Policies = []*model.Policy{nil, {Statements: []*model.Statement{nil}}}
	})
	p := sam(f)
	p.Functions = append(p.Functions, nil)
	p.Queues, p.Topics, p.APIs, p.StateMachines = []*model.Queue{nil}, []*model.Topic{nil}, []*model.API{nil, {Stages: []*model.Stage{nil}, Routes: []*model.Route{nil}}}, []*model.StateMachine{nil, {Tasks: []*model.TaskState{nil}}}
	p.Alarms, p.Permissions, p.Rules, p.Roles = []*model.Alarm{nil}, []*model.Permission{nil}, []*model.EventRule{nil}, []*model.Role{nil}
	m := &model.Model{Projects: []*model.Project{nil, p}}
	for _, f := range run(m, testSettings(), testDay) {
		if f.Rule == rules.AnalysisFailure {
			t.Errorf("check failed: %s", f.Message)
		}
	}
	if got := Run(nil, Settings{}); got != nil {
		t.Errorf("Run(nil) = %v", got)
	}
}

func TestCheckPanicBecomesAnalysisFailure(t *testing.T) {
	var out []Finding
	p := sam()
	ps := &pass{project: p, out: &out}
	ps.runCheck(check{[]*rules.Rule{rules.QueueNoRedrive}, func(*pass) { panic("boom") }})
	if len(out) != 1 || out[0].Rule != rules.AnalysisFailure || !strings.Contains(out[0].Message, "SLS122") || out[0].At != p.At {
		t.Errorf("got %+v", out)
	}
}

func TestSettings(t *testing.T) {
	var s Settings
	s.SetDefaults()
	want := CostSettings{MaxHourlyUSD: 50, AccountConcurrencyLimit: 1000,
		GBSecondUSD: GBSecondPrices{X86: 0.0000166667, ARM64: 0.0000133334}, MillionRequestsUSD: 0.20}
	if s.Cost != want {
		t.Errorf("defaults %+v, want %+v", s.Cost, want)
	}
	if errs := s.Validate(); len(errs) != 0 {
		t.Errorf("defaults do not validate: %v", errs)
	}

	// A partial section keeps the other defaults, as internal/config decodes it.
	if err := yaml.Unmarshal([]byte("cost:\n  max-hourly-usd: 20\n  gb-second-usd:\n    arm64: 0.00001\n"), &s); err != nil {
		t.Fatal(err)
	}
	if s.Cost.MaxHourlyUSD != 20 || s.Cost.GBSecondUSD.ARM64 != 0.00001 || s.Cost.GBSecondUSD.X86 != 0.0000166667 || s.Cost.AccountConcurrencyLimit != 1000 {
		t.Errorf("after YAML: %+v", s.Cost)
	}
	if err := json.Unmarshal([]byte(`{"cost":{"account-concurrency-limit":3000,"million-requests-usd":0.25}}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Cost.AccountConcurrencyLimit != 3000 || s.Cost.MillionRequestsUSD != 0.25 || s.Cost.MaxHourlyUSD != 20 {
		t.Errorf("after JSON: %+v", s.Cost)
	}

	bad := Settings{Cost: CostSettings{MaxHourlyUSD: -1, AccountConcurrencyLimit: 0, GBSecondUSD: GBSecondPrices{X86: 0, ARM64: 1e-5}, MillionRequestsUSD: 0.2}}
	var fields []string
	for _, e := range bad.Validate() {
		fields = append(fields, e.Field)
	}
	if want := []string{"cost.max-hourly-usd", "cost.account-concurrency-limit", "cost.gb-second-usd.x86_64"}; !slices.Equal(fields, want) {
		t.Errorf("invalid fields %v, want %v", fields, want)
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, action string
		want            bool
	}{
		{"*", "s3:PutObject", true},
		{"s3:*", "s3:PutObject", true},
		{"S3:put*", "s3:PutObject", true},
		{"s3:Put?bject", "s3:PutObject", true},
		{"s3:*Object", "s3:PutObject", true},
		{"s3:Get*", "s3:PutObject", false},
		{"sqs:SendMessage*", "sqs:SendMessage", true},
		{"sqs:SendMessageBatch", "sqs:SendMessage", false},
		{"*:*", "sns:Publish", true},
		{strings.Repeat("*a", 50) + "b", strings.Repeat("a", 200), false},
	} {
		if got := wildcardMatch(c.pattern, c.action); got != c.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", c.pattern, c.action, got)
		}
	}
}

func TestIsWriteAction(t *testing.T) {
	for action, want := range map[string]bool{
		"s3:PutObject": true, "dynamodb:BatchWriteItem": true, "ec2:TerminateInstances": true, "iam:AttachRolePolicy": true,
		"iam:PassRole": true, "s3:Delete*": true, "s3:*Object": true, "s3:P*": true, "lambda:UpdateFunctionCode": true,
		"s3:GetObject": false, "s3:List*": false, "dynamodb:Query": false, "sns:Publish": false, "sqs:SendMessage": false,
		"lambda:InvokeFunction": false, "xray:PutTraceSegments": false, "logs:PutLogEvents": false, "kms:Decrypt": false,
		"iam:GetRole": false, "notanaction": false,
	} {
		if got := isWriteAction(action); got != want {
			t.Errorf("isWriteAction(%q) = %v, want %v", action, got, want)
		}
	}
}

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"DB_PASSWORD": true, "dbPassword": true, "DB_PASS": true, "JWT_SECRET": true, "GITHUB_TOKEN": true, "STRIPE_API_KEY": true,
		"APIKey": true, "PRIVATE_KEY": true, "AWS_SECRET_ACCESS_KEY": true, "client-secret": true, "SIGNING_KEY": true,
		"DB_PASSWORD_SECRET_ARN": false, "TOKEN_TABLE": false, "TOKEN_TTL": false, "SECRET_NAME": false, "API_KEY_PARAM": false,
		"PASSWORD_MIN_LENGTH": false, "ACCESS_KEY_ID": false, "BYPASS_CACHE": false, "PASSTHROUGH": false, "TABLE_NAME": false,
		"KEY": false, "STRIPE_KEY": false,
	} {
		if got := secretName(name); got != want {
			t.Errorf("secretName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestMaskedKeyAndExampleKeys(t *testing.T) {
	for v, want := range map[string]bool{
		"sk_live_XXXXXXXXXXXXXXXXXXXXXXXX": true, "AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX": true, "xoxb-XXXXXXXXXX-XXXXXXXXXXXX": true,
		"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": true, "AKIAXXXXXXXXXXXXXXXX": true, "****-****": true,
		"sk_live_51HXXXXabc": false, "xoxb-1234-abcd": false, "pk_test_XXX": false, "averylongprefix_XXXXXXXX": false,
		"tok-3f9a1c0b77e2xxxx": false, "hunter2": false,
	} {
		if got := maskedKey(v); got != want {
			t.Errorf("maskedKey(%q) = %v, want %v", v, got, want)
		}
	}
	for v, want := range map[string]bool{
		"AKIAIOSFODNN7EXAMPLE": true, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": true, "AKIAZ7QXW2RTYUIOPL3K": false, "EXAMPLE_TOKEN_VALUE": false,
	} {
		if got := awsExampleKey(v); got != want {
			t.Errorf("awsExampleKey(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -5000: "-5,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestRuntimeTableInHelp keeps SLS507's documentation in step with the table it reports
// from.
func TestRuntimeTableInHelp(t *testing.T) {
	help := rules.DeprecatedRuntime.Help()
	if !strings.Contains(help, runtimesCheckedOn) {
		t.Errorf("help/SLS507.md does not give the date the table was checked, %s", runtimesCheckedOn)
	}
	for _, d := range runtimeDeprecations {
		if !strings.Contains(help, fmt.Sprintf("`%s` | %s", d.runtime, d.deprecated)) {
			t.Errorf("help/SLS507.md lacks the row \"`%s` | %s\"", d.runtime, d.deprecated)
		}
	}
}

// TestResourcesUnknownSilencesAbsence: when some of a project's resources cannot be read
// (an AWS::Include, a loop over an unknown collection), nothing is concluded from a
// resource being missing: no budget, no alarm, no log group, no invoke configuration. The
// same project with every resource known is reported for each.
func TestResourcesUnknownSilencesAbsence(t *testing.T) {
	mk := func(unknown bool) []string {
		f := function("Fn", 10, trigger(model.TriggerSNS, "Topic", 20), func(f *model.Function) {
			f.LogRetentionDays = absent[int](10)
		})
		p := sam(f)
		p.ResourcesUnknown = unknown
		var got []string
		for _, fd := range run(&model.Model{Projects: []*model.Project{p}}, testSettings(), testDay) {
			switch fd.Rule {
			case rules.NoBudget, rules.NoErrorAlarm, rules.LogRetentionUnset, rules.AsyncNoFailureDestination:
				got = append(got, fd.Rule.ID)
			}
		}
		slices.Sort(got)
		return got
	}
	want := []string{rules.AsyncNoFailureDestination.ID, rules.NoBudget.ID, rules.LogRetentionUnset.ID, rules.NoErrorAlarm.ID}
	slices.Sort(want)
	if got := mk(false); !slices.Equal(got, want) {
		t.Errorf("all resources known: %v, want %v", got, want)
	}
	if got := mk(true); len(got) != 0 {
		t.Errorf("some resources unknown: %v, want none", got)
	}
}

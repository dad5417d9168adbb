package crosslayer

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// The checks on models and programs built by hand: each rule's firing case next to its
// silent twins, including the unknown values that must never produce a finding.

func at(line int) model.Range { return model.Range{File: "template.yaml", Line: line, Column: 1} }

func code(line int) model.Range { return model.Range{File: "cmd/fn/main.go", Line: line, Column: 1} }

const sqsEvent = "github.com/aws/aws-lambda-go/events.SQSEvent"

// function returns a function with known defaults: 512 MB, 30 s, no environment.
func function(id string, line int) *model.Function {
	f := &model.Function{Resource: model.Resource{ID: id, At: at(line)}}
	f.MemoryMB = model.Set(512, at(line+1))
	f.TimeoutSeconds = model.Set(30, at(line+2))
	f.DeadLetterTarget = model.Missing[string](at(line))
	f.OnFailure = model.Missing[string](at(line))
	return f
}

func sqsTrigger(line int, queue string, batch int, reports bool) *model.Trigger {
	t := &model.Trigger{Kind: model.TriggerSQS, At: at(line), Name: "Q", Source: model.Attr[string]{Origin: model.Unknown, At: at(line), Ref: queue}}
	t.BatchSize = model.Set(batch, at(line+1))
	if reports {
		t.FunctionResponseTypes = model.Set([]string{"ReportBatchItemFailures"}, at(line+2))
	} else {
		t.FunctionResponseTypes = model.Missing[[]string](at(line))
	}
	return t
}

func env(name, ref, value string, line int) model.EnvVar {
	a := model.Set(value, at(line))
	if ref != "" {
		a = model.Attr[string]{Origin: model.Unknown, At: at(line), Ref: ref}
	}
	return model.EnvVar{Name: name, Value: a}
}

func entry(event, response string, batch Answer) *Entry {
	return &Entry{Name: "handle", At: code(50), Decl: code(10), Event: event, Response: response, BatchResponse: batch}
}

// confident links f to a program with one entry.
func confident(p *model.Project, f *model.Function, e *Entry, reads ...string) *Link {
	prog := &Program{Dir: "cmd/fn"}
	if e != nil {
		prog.Entries = []*Entry{e}
	}
	for _, r := range reads {
		name, def := strings.CutSuffix(r, "?")
		prog.Env = append(prog.Env, EnvRead{Name: name, HasDefault: def, At: code(5)})
	}
	p.Functions = append(p.Functions, f)
	return &Link{Project: p, Function: f, Dir: "cmd/fn", Program: prog, Via: "test"}
}

// summary renders findings as "line RULE level" lines, sorted.
func summary(links []*Link) string {
	var lines []string
	for _, f := range Check(links) {
		level := f.Level
		if level == "" {
			level = f.Rule.Level
		}
		lines = append(lines, fmt.Sprintf("%d %s %s", f.At.Line, f.Rule.ID, level))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func project() *model.Project {
	return &model.Project{Format: model.CloudFormation, Path: "template.yaml"}
}

func TestBatchResponse(t *testing.T) {
	p := project()
	var links []*Link
	add := func(line int, trig *model.Trigger, e *Entry) {
		f := function(fmt.Sprint("F", line), line)
		f.Triggers = []*model.Trigger{trig}
		links = append(links, confident(p, f, e))
	}
	add(100, sqsTrigger(110, "Q", 10, false), entry(sqsEvent, "github.com/aws/aws-lambda-go/events.SQSEventResponse", Yes)) // fires at the trigger
	add(200, sqsTrigger(210, "Q", 10, true), entry(sqsEvent, "", No))                                                       // fires at FunctionResponseTypes
	add(300, sqsTrigger(310, "Q", 10, true), entry(sqsEvent, "github.com/aws/aws-lambda-go/events.SQSEventResponse", Yes))
	add(400, sqsTrigger(410, "Q", 10, false), entry(sqsEvent, "", No))
	add(500, sqsTrigger(510, "Q", 10, true), entry(sqsEvent, "encoding/json.RawMessage", Unknown)) // may be anything
	unknown := sqsTrigger(610, "Q", 10, false)
	unknown.FunctionResponseTypes = model.Unresolved[[]string](at(612))
	add(600, unknown, entry(sqsEvent, "github.com/aws/aws-lambda-go/events.SQSEventResponse", Yes))
	if got, want := summary(links), "110 SLS124 error\n212 SLS124 error"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestTriggerEvent(t *testing.T) {
	p := project()
	var links []*Link
	add := func(line int, trig *model.Trigger, event string) {
		f := function(fmt.Sprint("F", line), line)
		f.Triggers = []*model.Trigger{trig}
		links = append(links, confident(p, f, entry(event, "", No)))
	}
	api := func(kind model.TriggerKind, line int, payload string) *model.Trigger {
		t := &model.Trigger{Kind: kind, At: at(line), Name: "Api"}
		switch payload {
		case "":
			t.PayloadFormatVersion = model.Missing[string](at(line))
		case "?":
			t.PayloadFormatVersion = model.Unresolved[string](at(line))
		default:
			t.PayloadFormatVersion = model.Set(payload, at(line))
		}
		return t
	}
	const v1, v2 = "github.com/aws/aws-lambda-go/events.APIGatewayProxyRequest", "github.com/aws/aws-lambda-go/events.APIGatewayV2HTTPRequest"
	add(100, api(model.TriggerHTTPAPI, 110, "1.0"), v2)                   // fires
	add(200, api(model.TriggerHTTPAPI, 210, "2.0"), v2)                   //
	add(300, api(model.TriggerHTTPAPI, 310, "?"), v1)                     // payload format unknown
	add(400, api(model.TriggerRESTAPI, 410, ""), v2)                      // fires
	add(500, api(model.TriggerFunctionURL, 510, ""), v2)                  // a function URL sends the 2.0 format
	add(600, api(model.TriggerRESTAPI, 610, ""), sqsEvent)                // fires
	add(700, api(model.TriggerRESTAPI, 710, ""), "example.com/app.Order") // a custom type decodes anything
	add(800, sqsTrigger(810, "Q", 10, false), "*"+sqsEvent)
	add(900, api(model.TriggerStepFunctions, 910, ""), sqsEvent) // a state machine sends any input
	if got, want := summary(links), "110 SLS125 error\n410 SLS125 error\n610 SLS125 error"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestSelfTrigger(t *testing.T) {
	p := project()
	var links []*Link
	add := func(line int, trig *model.Trigger, vars []model.EnvVar, writes ...Write) {
		f := function(fmt.Sprint("F", line), line)
		f.Triggers = []*model.Trigger{trig}
		f.Environment = vars
		e := entry(sqsEvent, "", No)
		if trig.Kind == model.TriggerS3 {
			e.Event = "github.com/aws/aws-lambda-go/events.S3Event"
		}
		e.Writes = writes
		links = append(links, confident(p, f, e, "OUT"))
	}
	send := Write{Op: "sqs.SendMessage", Env: "OUT", At: code(20), Chain: "handle → sqs.SendMessage"}
	add(100, sqsTrigger(110, "Jobs", 10, false), []model.EnvVar{env("OUT", "Jobs", "", 120)}, send)    // fires
	add(200, sqsTrigger(210, "Jobs", 10, false), []model.EnvVar{env("OUT", "Results", "", 220)}, send) // another queue
	byValue := sqsTrigger(310, "", 10, false)
	byValue.Source = model.Set("arn:aws:sqs:eu-west-1:123456789012:jobs", at(310))
	add(300, byValue, []model.EnvVar{env("OUT", "", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", 320)}, send) // fires: the same queue by value
	add(400, sqsTrigger(410, "Jobs", 10, false), []model.EnvVar{env("OUT", "Jobs", "", 420)},
		Write{Op: "sns.Publish", Env: "OUT", At: code(20)}) // not a write to a queue

	bucket := func(line int, prefix string) *model.Trigger {
		t := &model.Trigger{Kind: model.TriggerS3, At: at(line), Name: "Upload", Source: model.Attr[string]{Origin: model.Unknown, At: at(line), Ref: "Uploads"}}
		t.Events = model.Set([]string{"s3:ObjectCreated:*"}, at(line))
		t.FilterSuffix = model.Missing[string](at(line))
		t.FilterPrefix = model.Missing[string](at(line))
		if prefix != "" {
			t.FilterPrefix = model.Set(prefix, at(line))
		}
		return t
	}
	put := func(key string) Write { return Write{Op: "s3.PutObject", Env: "OUT", Key: key, At: code(30)} }
	add(500, bucket(510, ""), []model.EnvVar{env("OUT", "Uploads", "", 520)}, put(""))                          // fires
	add(600, bucket(610, "uploads/"), []model.EnvVar{env("OUT", "Uploads", "", 620)}, put("thumbnails/*"))      // the filter keeps them apart
	add(700, bucket(710, "uploads/"), []model.EnvVar{env("OUT", "Uploads", "", 720)}, put(""))                  // key unknown: the filter may
	add(800, bucket(810, "uploads/"), []model.EnvVar{env("OUT", "Uploads", "", 820)}, put("uploads/resized/*")) // fires: matches the filter
	if got, want := summary(links), "110 SLS127 error\n310 SLS127 error\n510 SLS127 error\n810 SLS127 error"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestEnvironment(t *testing.T) {
	p := project()
	var links []*Link
	f1 := function("Reads", 100)
	f1.Environment = []model.EnvVar{env("TABLE", "Orders", "", 110), env("STALE", "", "x", 111), env("OTEL_SERVICE_NAME", "", "x", 112)}
	links = append(links, confident(p, f1, entry(sqsEvent, "", No), "TABLE", "QUEUE_URL", "MODE?", "AWS_REGION"))
	f2 := function("Unknown", 200)
	f2.EnvironmentUnknown = true
	links = append(links, confident(p, f2, entry(sqsEvent, "", No), "QUEUE_URL"))
	f3 := function("Opaque", 300)
	f3.Environment = []model.EnvVar{env("STALE", "", "x", 310)}
	lk := confident(p, f3, entry(sqsEvent, "", No))
	lk.Program.EnvOpaque = []Site{{At: code(3), What: "os.Environ"}}
	links = append(links, lk)
	// Calls through interfaces whose code is not known: the variable may be read there.
	f4 := function("Ports", 350)
	f4.Environment = []model.EnvVar{env("ADAPTER_URL", "", "x", 360)}
	lk = confident(p, f4, entry(sqsEvent, "", No))
	lk.Program.Unresolved = []Site{{At: code(4), What: "Notifier.Notify"}}
	links = append(links, lk)
	// A shared (Globals) variable: the same range in several functions.
	shared := env("SHARED", "", "x", 5)
	g1, g2 := function("G1", 400), function("G2", 500)
	g1.Environment, g2.Environment = []model.EnvVar{shared}, []model.EnvVar{shared}
	links = append(links, confident(p, g1, nil), confident(p, g2, nil))
	sharedRead := env("SHARED_READ", "", "x", 6)
	h1, h2 := function("H1", 600), function("H2", 700)
	h1.Environment, h2.Environment = []model.EnvVar{sharedRead}, []model.EnvVar{sharedRead}
	links = append(links, confident(p, h1, nil, "SHARED_READ"), confident(p, h2, nil))
	sharedUnlinked := env("SHARED_UNLINKED", "", "x", 7)
	i1, i2 := function("I1", 800), function("I2", 900)
	i1.Environment, i2.Environment = []model.EnvVar{sharedUnlinked}, []model.EnvVar{sharedUnlinked}
	p.Functions = append(p.Functions, i2)
	links = append(links, confident(p, i1, nil), &Link{Project: p, Function: i2, Dir: "cmd/i", Inferred: true, Program: &Program{}})
	want := strings.Join([]string{
		"100 SLS128 error", // QUEUE_URL, read without a default and not defined
		"111 SLS129 note",  // STALE
		"5 SLS129 note",    // SHARED, read by neither function
	}, "\n")
	if got := summary(links); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestStartupAndTimeouts(t *testing.T) {
	p := project()
	var links []*Link
	add := func(f *model.Function, e *Entry, startup bool, budgets ...Budget) {
		lk := confident(p, f, e)
		if startup {
			lk.Program.Startup = []Site{{At: code(3), What: "initializer of var db calls ping at start-up"}}
		}
		if e != nil {
			e.Budgets = budgets
		}
		links = append(links, lk)
	}
	small := function("Small", 100)
	small.MemoryMB = model.Set(256, at(101))
	add(small, entry(sqsEvent, "", No), true) // SLS208
	big := function("Big", 200)
	add(big, entry(sqsEvent, "", No), true) // 512 MB
	unknownMem := function("UnknownMemory", 300)
	unknownMem.MemoryMB = model.Unresolved[int](at(301))
	add(unknownMem, entry(sqsEvent, "", No), true)

	client := Budget{Op: "http.Client.Do", What: "an HTTP request", Duration: 40 * time.Second, At: code(40)}
	add(function("Slow", 400), entry(sqsEvent, "", No), false, client) // SLS412 at the timeout
	exact := client
	exact.Duration = 30 * time.Second
	add(function("Exact", 500), entry(sqsEvent, "", No), false, exact)
	unknownTimeout := function("UnknownTimeout", 600)
	unknownTimeout.TimeoutSeconds = model.Unresolved[int](at(602))
	add(unknownTimeout, entry(sqsEvent, "", No), false, client)
	retryer := function("Retryer", 700)
	lk := confident(p, retryer, entry(sqsEvent, "", No))
	lk.Program.Budgets = []Budget{{Op: "retry.NewStandard", What: "a retry budget", Duration: 130 * time.Second, At: code(7)}}
	links = append(links, lk)
	if got, want := summary(links), "101 SLS208 note\n402 SLS412 warning\n702 SLS412 warning"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestDeadlineHeadroom(t *testing.T) {
	p := project()
	var links []*Link
	add := func(line, batch int, perItem time.Duration, readsDeadline bool) {
		f := function(fmt.Sprint("F", line), line)
		f.Triggers = []*model.Trigger{sqsTrigger(line+10, "Q", batch, true)}
		e := entry(sqsEvent, "", Yes)
		e.ReadsDeadline = readsDeadline
		l := Loop{Event: "events.SQSEvent", At: code(30)}
		if perItem > 0 {
			l.PerItem = &Budget{Op: "context.WithTimeout", What: "a context timeout", Duration: perItem, At: code(31)}
		}
		e.Loops = []Loop{l}
		links = append(links, confident(p, f, e))
	}
	add(100, 10, 5*time.Second, false) // 50 s > 30 s: fires at the batch size
	add(200, 10, 5*time.Second, true)  // reads the deadline
	add(300, 6, 5*time.Second, false)  // 30 s, not more
	add(400, 10, 0, false)             // no known bound per record
	if got, want := summary(links), "111 SLS413 note"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestAtLeastOnce checks SLS126 against evidence as the idempotency analyzer will provide
// it (through analyzers/program's EvidenceSource).
func TestAtLeastOnce(t *testing.T) {
	p := project()
	p.Queues = []*model.Queue{
		{Resource: model.Resource{ID: "WithDLQ"}, RedriveTarget: model.Set("arn:dlq", at(1))},
		{Resource: model.Resource{ID: "NoDLQ"}, RedriveTarget: model.Missing[string](at(2))},
	}
	evidence := []Evidence{{Rule: "SLS101", Op: "dynamodb.PutItem", Reason: "key built from uuid.NewString()", At: code(44), Chain: "handle → Save → dynamodb.PutItem"}}
	var links []*Link
	add := func(line int, trig *model.Trigger, ev []Evidence, event string) {
		f := function(fmt.Sprint("F", line), line)
		f.Triggers = []*model.Trigger{trig}
		e := entry(event, "", No)
		e.NonIdempotent = ev
		links = append(links, confident(p, f, e))
	}
	add(100, sqsTrigger(110, "WithDLQ", 10, false), evidence, sqsEvent) // warning: failed messages are kept
	add(200, sqsTrigger(210, "NoDLQ", 10, false), evidence, sqsEvent)   // error: nothing keeps them
	add(300, sqsTrigger(310, "NoDLQ", 10, false), nil, sqsEvent)        // idempotent
	api := &model.Trigger{Kind: model.TriggerHTTPAPI, At: at(410), PayloadFormatVersion: model.Set("2.0", at(410))}
	add(400, api, evidence, "github.com/aws/aws-lambda-go/events.APIGatewayV2HTTPRequest") // synchronous: the caller sees the failure
	sched := &model.Trigger{Kind: model.TriggerSchedule, At: at(510)}
	add(500, sched, evidence, "github.com/aws/aws-lambda-go/events.CloudWatchEvent") // async, no DLQ: error
	if got, want := summary(links), "110 SLS126 warning\n210 SLS126 error\n510 SLS126 error"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestNotConfident: inferred links, unanalyzed packages and programs with several entries
// produce no handler finding.
func TestNotConfident(t *testing.T) {
	p := project()
	bad := func(id string, line int) *model.Function {
		f := function(id, line)
		f.MemoryMB = model.Set(128, at(line+1))
		f.Triggers = []*model.Trigger{sqsTrigger(line+10, "Q", 10, true)}
		return f
	}
	e := entry(sqsEvent, "", No)
	startup := []Site{{At: code(3), What: "blocks"}}
	f1 := bad("Inferred", 100)
	f2 := bad("NotAnalyzed", 200)
	f3 := bad("TwoEntries", 300)
	p.Functions = append(p.Functions, f1, f2)
	links := []*Link{
		{Project: p, Function: f1, Dir: "cmd/fn", Inferred: true, Program: &Program{Entries: []*Entry{e}, Startup: startup}},
		{Project: p, Function: f2, Dir: "cmd/fn"},
	}
	two := confident(p, f3, e)
	two.Program.Entries = append(two.Program.Entries, entry(sqsEvent, "", No))
	two.Program.Startup = startup
	links = append(links, two)
	// The program-wide check (SLS208) still applies to the program with two entries.
	if got, want := summary(links), "301 SLS208 note"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

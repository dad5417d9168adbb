package checks

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// Model fixtures. Each rule's table builds a project the way a loader would fill it: every
// attribute at a line of "template.yaml", with its origin. A case names the lines its
// findings must be at. Now that the loaders are being written, a case can instead give the
// same situation as SAM, Terraform or serverless.yml text in its files field, and the table
// checks it through the real loaders.

const fixtureFile = "template.yaml"

// testDay is the day the deprecated-runtime table is compared against in tests.
var testDay = time.Date(2026, time.November, 26, 0, 0, 0, 0, time.UTC)

func at(line int) model.Range {
	return model.Range{File: fixtureFile, Line: line, Column: 5, EndLine: line, EndColumn: 40}
}

// Attribute constructors: written and resolved, defaulted, absent, written but unresolved.
func set[T any](v T, line int) model.Attr[T]   { return model.Set(v, at(line)) }
func deflt[T any](v T, line int) model.Attr[T] { return model.Defaulted(v, at(line)) }
func absent[T any](line int) model.Attr[T]     { return model.Missing[T](at(line)) }
func unresolved[T any](line int) model.Attr[T] { return model.Unresolved[T](at(line)) }
func secret(line int) model.Attr[string]       { a := unresolved[string](line); a.Secret = true; return a }
func refTo(id string, line int) model.Attr[string] {
	a := unresolved[string](line)
	a.Ref = id
	return a
}

// resolvedRef is a reference whose value is also known (a named resource's ARN).
func resolvedRef(id, value string, line int) model.Attr[string] {
	a := set(value, line)
	a.Ref = id
	return a
}

// function returns a function declared at line with the settings an idiomatic SAM template
// gives it, so that a case changes only what it is about. Attributes it does not set sit at
// the header, where a loader puts absent ones.
func function(id string, line int, opts ...func(*model.Function)) *model.Function {
	f := &model.Function{
		Resource:            model.Resource{ID: id, Type: "AWS::Serverless::Function", At: at(line)},
		Runtime:             set("provided.al2023", line+1),
		Handler:             set("bootstrap", line+2),
		Architecture:        set("arm64", line+3),
		MemoryMB:            set(256, line+4),
		TimeoutSeconds:      set(10, line+5),
		ReservedConcurrency: set(10, line+6),
		Tracing:             set("Active", line+7),
		LogRetentionDays:    set(30, line),
		DeadLetterTarget:    absent[string](line),
		OnFailure:           absent[string](line),
		RecursiveLoop:       deflt("Terminate", line),
	}
	f.Code.BuildMethod = set("go1.x", line+8)
	for _, o := range opts {
		o(f)
	}
	return f
}

// trigger returns an event source of kind k declared at line, reading source (a project
// resource ID, or "" for an external one).
func trigger(k model.TriggerKind, source string, line int, opts ...func(*model.Trigger)) func(*model.Function) {
	return func(f *model.Function) {
		t := &model.Trigger{Kind: k, At: at(line), Name: "Event" + fmt.Sprint(line)}
		if source != "" {
			t.Source = refTo(source, line+1)
		}
		t.MaximumRetryAttempts = absent[int](line)
		t.OnFailure = absent[string](line)
		t.BisectBatchOnFunctionError = deflt(false, line)
		t.MaximumConcurrency = absent[int](line)
		t.Enabled = deflt(true, line)
		for _, o := range opts {
			o(t)
		}
		f.Triggers = append(f.Triggers, t)
	}
}

// policy attaches statements to a function's role.
func policy(sts ...*model.Statement) func(*model.Function) {
	return func(f *model.Function) {
		f.Policies = append(f.Policies, &model.Policy{At: sts[0].At, Statements: sts})
	}
}

// allow returns an Allow statement at line, its actions and resources on the lines after.
func allow(line int, actions []string, resources ...model.Attr[string]) *model.Statement {
	st := &model.Statement{At: at(line), Effect: set("Allow", line)}
	for i, a := range actions {
		st.Actions = append(st.Actions, set(a, line+1+i))
	}
	st.Resources = resources
	return st
}

func queue(id string, line int, opts ...func(*model.Queue)) *model.Queue {
	q := &model.Queue{
		Resource:              model.Resource{ID: id, Type: "AWS::SQS::Queue", At: at(line)},
		VisibilityTimeoutSecs: set(120, line+1),
		RedriveTarget:         refTo("DLQ", line+2),
		MaxReceiveCount:       set(5, line+3),
		ManagedSSE:            deflt(true, line),
		KMSKey:                absent[string](line),
	}
	for _, o := range opts {
		o(q)
	}
	return q
}

func restAPI(id string, line int, opts ...func(*model.API)) *model.API {
	api := &model.API{
		Resource: model.Resource{ID: id, Type: "AWS::Serverless::Api", At: at(line)},
		Kind:     model.RESTAPI,
		Stages: []*model.Stage{{
			At: at(line + 1), Name: set("prod", line+1),
			ThrottlingBurstLimit: set(100, line+2), ThrottlingRateLimit: set(50.0, line+3),
			TracingEnabled: set(true, line+4), AccessLogDestination: refTo("AccessLogs", line+5),
		}},
		DefaultAuthorizer: set("JwtAuthorizer", line+6),
	}
	for _, o := range opts {
		o(api)
	}
	return api
}

func httpAPI(id string, line int, opts ...func(*model.API)) *model.API {
	api := restAPI(id, line)
	api.Kind = model.HTTPAPI
	api.Type = "AWS::Serverless::HttpApi"
	api.Stages[0].TracingEnabled = absent[bool](line + 1)
	for _, o := range opts {
		o(api)
	}
	return api
}

// route adds a route to an API.
func route(method, path string, line int, opts ...func(*model.Route)) func(*model.API) {
	return func(api *model.API) {
		r := &model.Route{
			At: at(line), Method: set(method, line), Path: set(path, line),
			AuthorizationType: absent[string](line), Authorizer: absent[string](line),
			APIKeyRequired: deflt(false, line), Private: absent[bool](line),
		}
		for _, o := range opts {
			o(r)
		}
		api.Routes = append(api.Routes, r)
	}
}

// project gathers entities into a project of the given format.
func project(format model.Format, items ...any) *model.Project {
	p := &model.Project{Format: format, Name: "app", Path: fixtureFile, At: at(1), Files: []string{fixtureFile}}
	for _, it := range items {
		switch v := it.(type) {
		case *model.Function:
			// function() declares SAM functions; a Terraform or serverless project's own
			// functions have that format's type.
			if v.Type == "AWS::Serverless::Function" {
				switch format {
				case model.Terraform:
					v.Type = "aws_lambda_function"
				case model.Serverless:
					v.Type = "serverless:function"
				}
			}
			p.Functions = append(p.Functions, v)
		case *model.Queue:
			p.Queues = append(p.Queues, v)
		case *model.Topic:
			p.Topics = append(p.Topics, v)
		case *model.Bucket:
			p.Buckets = append(p.Buckets, v)
		case *model.API:
			p.APIs = append(p.APIs, v)
		case *model.StateMachine:
			p.StateMachines = append(p.StateMachines, v)
		case *model.LogGroup:
			p.LogGroups = append(p.LogGroups, v)
		case *model.Alarm:
			p.Alarms = append(p.Alarms, v)
		case *model.Budget:
			p.Budgets = append(p.Budgets, v)
		case *model.Role:
			p.Roles = append(p.Roles, v)
		case *model.Permission:
			p.Permissions = append(p.Permissions, v)
		case *model.EventRule:
			p.Rules = append(p.Rules, v)
		default:
			panic(fmt.Sprintf("project: unexpected %T", it))
		}
	}
	return p
}

// sam, terraform and sls are project shorthands for the three formats.
func sam(items ...any) *model.Project       { return project(model.CloudFormation, items...) }
func terraform(items ...any) *model.Project { return project(model.Terraform, items...) }
func sls(items ...any) *model.Project       { return project(model.Serverless, items...) }

// ruleCase is one row of a rule's table.
type ruleCase struct {
	name    string
	project *model.Project
	// files, when set, replaces project: the files (path → content) are written to a
	// temporary repository and loaded by the real loaders, so that a case can be stated as
	// SAM, Terraform or serverless.yml text. want then names the file: "main.tf:12".
	files map[string]string
	// others are further projects of the same run (SLS301 looks at all of them).
	others []*model.Project
	// want lists where the rule's findings must be, as "LINE" or "LINE LEVEL" when the
	// finding's level differs from the rule's; nil means the rule must stay silent.
	want []string
	// contains are substrings every finding's message must contain; excludes must not.
	contains, excludes []string
	// related lists the lines of the first finding's related locations.
	related []int
	// settings and day override the defaults.
	settings *Settings
	day      time.Time
}

func testSettings() Settings {
	var s Settings
	s.SetDefaults()
	return s
}

// testRule runs every case's model through all checks and compares the findings of rule r.
func testRule(t *testing.T, r *rules.Rule, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := testSettings()
			if c.settings != nil {
				s = *c.settings
			}
			day := testDay
			if !c.day.IsZero() {
				day = c.day
			}
			m := &model.Model{Projects: append([]*model.Project{c.project}, c.others...)}
			if c.files != nil {
				m = loadFiles(t, c.files)
			}
			var got []Finding
			for _, f := range run(m, s, day) {
				if f.Rule == rules.AnalysisFailure {
					t.Fatalf("check failed: %s", f.Message)
				}
				if f.Rule == r {
					got = append(got, f)
				}
			}
			var gotLines []string
			for _, f := range got {
				gotLines = append(gotLines, describe(f))
			}
			if !slices.Equal(gotLines, c.want) {
				t.Errorf("%s findings at %q, want %q", r.ID, gotLines, c.want)
				for _, f := range got {
					t.Logf("  %s", f.Message)
				}
			}
			for _, f := range got {
				for _, s := range c.contains {
					if !strings.Contains(f.Message, s) {
						t.Errorf("message %q lacks %q", f.Message, s)
					}
				}
				for _, s := range c.excludes {
					if strings.Contains(f.Message, s) {
						t.Errorf("message %q contains %q", f.Message, s)
					}
				}
			}
			if c.related != nil && len(got) > 0 {
				var lines []int
				for _, rel := range got[0].Related {
					lines = append(lines, rel.At.Line)
				}
				if !slices.Equal(lines, c.related) {
					t.Errorf("related lines %v, want %v", lines, c.related)
				}
			}
		})
	}
}

// describe renders a finding's position (and level, when overridden) as a want entry.
func describe(f Finding) string {
	s := fmt.Sprint(f.At.Line)
	if f.At.File != fixtureFile {
		s = f.At.File + ":" + s
	}
	if f.Level != "" {
		s += " " + string(f.Level)
	}
	return s
}

// loadFiles writes files into a temporary repository and loads them as slslint would.
func loadFiles(t *testing.T, files map[string]string) *model.Model {
	t.Helper()
	root := t.TempDir()
	var sources []model.Source
	for rel, content := range files {
		abs := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		format := model.CloudFormation
		switch base := path.Base(rel); {
		case strings.HasSuffix(base, ".tf"):
			format = model.Terraform
		case strings.HasSuffix(base, ".tfvars"):
			format = model.TerraformVars
		case base == "serverless.yml" || base == "serverless.yaml":
			format = model.Serverless
		}
		sources = append(sources, model.Source{Format: format, Abs: abs, Rel: rel})
	}
	slices.SortFunc(sources, func(a, b model.Source) int { return strings.Compare(a.Rel, b.Rel) })
	m := iac.Load(context.Background(), sources, iac.Options{Root: root})
	for _, p := range m.Problems {
		t.Fatalf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	// A loader that crashed (SLS003) left its part of the model out: the checks' silence
	// on it would prove nothing.
	for _, p := range m.Failures {
		t.Fatalf("a loader crashed: %s:%d: %s", p.File, p.Line, p.Message)
	}
	return m
}

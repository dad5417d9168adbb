package serverless

import (
	"context"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
)

// Function settings come from the function, else the provider, else the framework's
// default, each reported where it is written (or at the function's key when defaulted).
func TestProviderFunctionPrecedence(t *testing.T) {
	yml := `service: prec
provider:
  name: aws
  runtime: provided.al2
  architecture: arm64
  timeout: 20
  memorySize: 256
  logRetentionInDays: 7
  tracing:
    lambda: true
  environment:
    SHARED: provider
    ONLY_PROVIDER: p
functions:
  inherits:
    handler: bootstrap
  overrides:
    handler: bootstrap
    runtime: provided.al2023
    architecture: x86_64
    timeout: 5
    memorySize: 2048
    logRetentionInDays: 30
    tracing: PassThrough
    environment:
      SHARED: function
  zero:
    handler: bootstrap
    timeout: 0
    tracing: false
`
	p, problems := loadOne(t, yml)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	tests := []struct {
		fn, field, got, want string
	}{
		{"inherits", "Runtime", attr(fn(t, p, "inherits").Runtime), "provided.al2 explicit @4:12-4:24"},
		{"inherits", "Architecture", attr(fn(t, p, "inherits").Architecture), "arm64 explicit @5:17-5:22"},
		{"inherits", "TimeoutSeconds", attr(fn(t, p, "inherits").TimeoutSeconds), "20 explicit @6:12-6:14"},
		{"inherits", "MemoryMB", attr(fn(t, p, "inherits").MemoryMB), "256 explicit @7:15-7:18"},
		{"inherits", "LogRetentionDays", attr(fn(t, p, "inherits").LogRetentionDays), "7 explicit @8:23-8:24"},
		{"inherits", "Tracing", attr(fn(t, p, "inherits").Tracing), "Active explicit @10:13-10:17"},
		{"overrides", "Runtime", attr(fn(t, p, "overrides").Runtime), "provided.al2023 explicit @19:14-19:29"},
		{"overrides", "Architecture", attr(fn(t, p, "overrides").Architecture), "x86_64 explicit @20:19-20:25"},
		{"overrides", "TimeoutSeconds", attr(fn(t, p, "overrides").TimeoutSeconds), "5 explicit @21:14-21:15"},
		{"overrides", "MemoryMB", attr(fn(t, p, "overrides").MemoryMB), "2048 explicit @22:17-22:21"},
		{"overrides", "LogRetentionDays", attr(fn(t, p, "overrides").LogRetentionDays), "30 explicit @23:25-23:27"},
		{"overrides", "Tracing", attr(fn(t, p, "overrides").Tracing), "PassThrough explicit @24:14-24:25"},
		// The framework reads function || provider: 0 and false fall through.
		{"zero", "TimeoutSeconds", attr(fn(t, p, "zero").TimeoutSeconds), "20 explicit @6:12-6:14"},
		{"zero", "Tracing", attr(fn(t, p, "zero").Tracing), "Active explicit @10:13-10:17"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s.%s = %s, want %s", tc.fn, tc.field, tc.got, tc.want)
		}
	}
	env := map[string]string{}
	for _, e := range fn(t, p, "overrides").Environment {
		env[e.Name] = attr(e.Value)
	}
	if env["SHARED"] != "function explicit @26:15-26:23" || env["ONLY_PROVIDER"] != "p explicit @13:20-13:21" {
		t.Errorf("merged environment = %v", env)
	}
}

// The framework's defaults, v3 and v4.
func TestDefaults(t *testing.T) {
	tests := []struct {
		name, version, runtime string
	}{
		{"v4", "'4'", "nodejs20.x default @3:3-3:4"},
		{"v3", "'3'", "nodejs16.x default @3:3-3:4"},
		{"v3 range", "'>=3.0.0 <4.0.0'", "nodejs16.x default @3:3-3:4"},
		{"v2", "'2'", "nodejs12.x default @3:3-3:4"},
		{"unset", "", "nodejs20.x default @3:3-3:4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			yml := "service: d\nfunctions:\n  f:\n    handler: h.main\n"
			if tc.version != "" {
				yml += "frameworkVersion: " + tc.version + "\n"
			}
			p, _ := loadOne(t, yml)
			f := fn(t, p, "f")
			checks := map[string][2]string{
				"Runtime":          {attr(f.Runtime), tc.runtime},
				"TimeoutSeconds":   {attr(f.TimeoutSeconds), "6 default @3:3-3:4"},
				"MemoryMB":         {attr(f.MemoryMB), "1024 default @3:3-3:4"},
				"Architecture":     {attr(f.Architecture), "x86_64 default @3:3-3:4"},
				"Tracing":          {attr(f.Tracing), "PassThrough default @3:3-3:4"},
				"Name":             {attr(f.Name), "d-dev-f default @3:3-3:4"},
				"LogRetentionDays": {attr(f.LogRetentionDays), "absent @3:3-3:4"},
				"ReservedConc":     {attr(f.ReservedConcurrency), "absent @3:3-3:4"},
				"AsyncMaxRetries":  {attr(f.AsyncMaxRetries), "2 default @3:3-3:4"},
				"LogGroup":         {attr(f.LogGroup), "FLogGroup default @3:3-3:4 ref=FLogGroup"},
				"Role":             {attr(f.Role), "IamRoleLambdaExecution default @3:3-3:4 ref=IamRoleLambdaExecution"},
			}
			for field, c := range checks {
				if c[0] != c[1] {
					t.Errorf("%s = %s, want %s", field, c[0], c[1])
				}
			}
		})
	}
}

// Bad shapes are problems at their node, and the rest of the service still loads.
func TestBadShapes(t *testing.T) {
	yml := `service: bad
provider:
  name: aws
functions:
  mapEvents:
    handler: h
    timeout: 10
    events:
      sqs: arn:aws:sqs:us-east-1:1:q
  badEvent:
    handler: h
    events:
      - just-a-string
      - sqs: arn:aws:sqs:us-east-1:1:q
        batchSize: 5
      - sqs: arn:aws:sqs:us-east-1:1:ok
  notAMap: 42
  good:
    handler: h
    timeout: notanumber
`
	p, problems := loadOne(t, yml)
	var got []string
	for _, pr := range problems {
		got = append(got, pos(pr.Range))
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	want := []string{"13:9-13:22", "14:9-15:21", "17:12-17:14", "9:7-9:37"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("problems at %v, want %v (%v)", got, want, problems)
	}
	if f := fn(t, p, "mapEvents"); attr(f.TimeoutSeconds) != "10 explicit @7:14-7:16" || len(f.Triggers) != 0 {
		t.Errorf("mapEvents: timeout %s, %d triggers", attr(f.TimeoutSeconds), len(f.Triggers))
	}
	if f := fn(t, p, "badEvent"); len(f.Triggers) != 1 || f.Triggers[0].Source.Value != "arn:aws:sqs:us-east-1:1:ok" {
		t.Errorf("badEvent triggers: %+v", f.Triggers)
	}
	if f := fn(t, p, "good"); f.TimeoutSeconds.Origin != model.Unknown {
		t.Errorf("a timeout that is not a number is %s, want unknown", attr(f.TimeoutSeconds))
	}
}

// A function or event whose settings come from an unresolvable variable is unknown,
// never defaulted.
func TestUnknownFunction(t *testing.T) {
	p, _ := loadOne(t, "service: u\nfunctions:\n  f: ${env:FUNCTION}\n  g:\n    handler: h\n    environment: ${env:ENV}\n")
	f := fn(t, p, "f")
	if f.TimeoutSeconds.Origin != model.Unknown || f.ReservedConcurrency.Origin != model.Unknown || !f.EnvironmentUnknown {
		t.Errorf("unknown function: timeout %s, concurrency %s, env unknown %v", attr(f.TimeoutSeconds), attr(f.ReservedConcurrency), f.EnvironmentUnknown)
	}
	if g := fn(t, p, "g"); !g.EnvironmentUnknown {
		t.Error("environment from an unknown variable must be marked unknown")
	}
}

// Another provider than AWS is not modelled; a file without a mapping is no project.
func TestNotAWS(t *testing.T) {
	m := loadFiles(t, map[string]string{"serverless.yml": "service: g\nprovider:\n  name: google\nfunctions:\n  f:\n    handler: h\n"}, "serverless.yml")
	if len(m.Projects) != 0 || len(m.Problems) != 0 {
		t.Errorf("google service: %d projects, problems %v", len(m.Projects), m.Problems)
	}
}

// Resource references: events and environment values pointing at resources: by
// intrinsic, by ARN and by name all carry the resource's ID.
func TestResourceRefs(t *testing.T) {
	yml := `service: refs
provider:
  name: aws
  environment:
    BUCKET: !Ref Uploads
    BUCKET_NAME: refs-uploads
    QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/refs-jobs
    TOPIC: !Ref Alerts
    TABLE: !Sub '${Table}'
    JOINED: !Join ['-', [!Ref 'AWS::Region', !Ref Uploads]]
    IMPORTED: !ImportValue shared-bucket
    PARAM: !Ref Env
    STACK: !Ref AWS::StackName
    FN: !Ref WorkerLambdaFunction
functions:
  worker:
    handler: h
    events:
      - sqs: arn:aws:sqs:us-east-1:123456789012:refs-jobs
      - sns:
          arn: !Ref Alerts
          topicName: refs-alerts
      - s3:
          bucket: refs-uploads
          existing: true
resources:
  Parameters:
    Env:
      Type: String
      Default: prod
  Resources:
    Uploads:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: refs-uploads
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: refs-jobs
    Alerts:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: refs-alerts
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: refs-table
`
	p, problems := loadOne(t, yml)
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	f := fn(t, p, "worker")
	want := map[string]string{
		"BUCKET":      "refs-uploads explicit @5:13-5:25 ref=Uploads",
		"BUCKET_NAME": "refs-uploads explicit @6:18-6:30 ref=Uploads",
		"QUEUE_URL":   "https://sqs.us-east-1.amazonaws.com/123456789012/refs-jobs explicit @7:16-7:74 ref=Jobs",
		"TOPIC":       "unknown @8:12-8:23 ref=Alerts",
		"TABLE":       "refs-table explicit @9:12-9:27 ref=Table",
		"JOINED":      "us-east-1-refs-uploads explicit @10:13-10:60 ref=Uploads",
		"IMPORTED":    "unknown @11:15-11:41",
		"PARAM":       "prod explicit @12:12-12:20",
		"STACK":       "refs-dev explicit @13:12-13:31",
		"FN":          "refs-dev-worker explicit @14:9-14:34 ref=worker",
	}
	for _, e := range f.Environment {
		if w, ok := want[e.Name]; ok && attr(e.Value) != w {
			t.Errorf("%s = %s, want %s", e.Name, attr(e.Value), w)
		}
	}
	refs := []string{}
	for _, tr := range f.Triggers {
		refs = append(refs, string(tr.Kind)+"="+tr.Source.Ref)
	}
	if got := strings.Join(refs, " "); got != "sqs=Jobs sns=Alerts s3=Uploads" {
		t.Errorf("trigger refs: %s", got)
	}
	// existing: true does not create a bucket; a topic given by ARN is not created either.
	if len(p.Buckets) != 1 || len(p.Topics) != 1 {
		t.Errorf("%d buckets and %d topics, want the declared ones only", len(p.Buckets), len(p.Topics))
	}
}

// The seam: a CloudFormation implementation given in Options receives the resources
// with their positions and the generated IDs, and its resolver is used.
func TestCloudFormationSeam(t *testing.T) {
	dir := writeTree(t, map[string]string{"serverless.yml": `service: seam
provider:
  name: aws
  environment:
    Q: !GetAtt Jobs.Arn
    SECRET: ${ssm:/s}
functions:
  f:
    handler: h
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: ${self:service}-jobs
        KmsMasterKeyId: ${ssm:/key}
`})
	fake := &fakeCFN{}
	m := &model.Model{}
	Load(t.Context(), m, []model.Source{{Format: model.Serverless, Abs: dir + "/serverless.yml", Rel: "serverless.yml"}}, Options{Root: dir, CloudFormation: fake})
	if fake.t == nil || len(fake.t.Resources) != 1 {
		t.Fatalf("seam got %+v", fake.t)
	}
	e := fake.t.Resources[0]
	if e.Name != "Jobs" || pos(e.At) != "12:5-12:9" {
		t.Errorf("entry %s at %s", e.Name, pos(e.At))
	}
	props := yamlGet(e.Value, "Properties")
	name := yamlGet(props, "QueueName")
	if name.Value != "seam-jobs" || pos(fake.t.Node(name).At) != "15:20-15:40" {
		t.Errorf("QueueName %q at %s", name.Value, pos(fake.t.Node(name).At))
	}
	if info := fake.t.Node(yamlGet(props, "KmsMasterKeyId")); !info.Unknown || !info.Secret {
		t.Errorf("KmsMasterKeyId info %+v, want unknown secret", info)
	}
	if g := fake.t.Generated["FLambdaFunction"]; g.ID != "f" || g.Name != "seam-dev-f" {
		t.Errorf("generated FLambdaFunction = %+v", g)
	}
	if fake.t.Pseudo["AWS::StackName"] != "seam-dev" || fake.t.Pseudo["AWS::Region"] != "us-east-1" {
		t.Errorf("pseudo = %v", fake.t.Pseudo)
	}
	q, _ := m.Projects[0].Function("f")
	if v, _ := q.Env("Q"); v.Value.Value != "resolved:Fn::GetAtt" || pos(v.Value.At) != "5:8-5:24" {
		t.Errorf("Q = %s", attr(v.Value))
	}
}

type fakeCFN struct{ t *Template }

func (f *fakeCFN) Load(_ context.Context, _ *model.Project, t *Template) (Resolver, []model.Problem) {
	f.t = t
	return fakeResolver{}, nil
}

type fakeResolver struct{}

func (fakeResolver) String(v *yaml.Node) model.Attr[string] {
	return model.Attr[string]{Origin: model.Explicit, Value: "resolved:" + v.Content[0].Value}
}

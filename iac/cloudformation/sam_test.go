package cloudformation

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// TestGlobals: Timeout, Tracing and Environment that come from Globals are the function's,
// at their position in Globals; a function's own value wins; variables merge one by one.
// (Checkov, KICS and Trivy report such functions as having no tracing or timeout.)
func TestGlobals(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
    Tracing: Active
    MemorySize: 512
    Architectures: [arm64]
    ReservedConcurrentExecutions: 10
    RecursiveLoop: Allow
    Environment:
      Variables:
        LOG_LEVEL: info
        TABLE: shared
  HttpApi:
    DefaultRouteSettings:
      ThrottlingBurstLimit: 10
      ThrottlingRateLimit: 5
Resources:
  Inherits:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Events:
        Get:
          Type: HttpApi
  Overrides:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 5
      Tracing: PassThrough
      Architectures: [x86_64]
      Environment:
        Variables:
          TABLE: own
          EXTRA: "1"
  NoProperties:
    Type: AWS::Serverless::Function
`
	variants(t, src, func(t *testing.T, res loadResult) {
		yaml := res.project.Path == "app/template.yaml"
		in := fn(t, res, "Inherits")
		check := func(name string, got, want any, origin model.Origin, wantOrigin model.Origin) {
			t.Helper()
			if !reflect.DeepEqual(got, want) || origin != wantOrigin {
				t.Errorf("%s = %v (%v), want %v (%v)", name, got, origin, want, wantOrigin)
			}
		}
		check("Inherits.Timeout", in.TimeoutSeconds.Value, 30, in.TimeoutSeconds.Origin, model.Explicit)
		check("Inherits.Tracing", in.Tracing.Value, "Active", in.Tracing.Origin, model.Explicit)
		check("Inherits.MemoryMB", in.MemoryMB.Value, 512, in.MemoryMB.Origin, model.Explicit)
		check("Inherits.Architecture", in.Architecture.Value, "arm64", in.Architecture.Origin, model.Explicit)
		check("Inherits.ReservedConcurrency", in.ReservedConcurrency.Value, 10, in.ReservedConcurrency.Origin, model.Explicit)
		check("Inherits.RecursiveLoop", in.RecursiveLoop.Value, "Allow", in.RecursiveLoop.Origin, model.Explicit)
		if yaml {
			// The range is the value in Globals, where a fix belongs.
			if got := at(in.TimeoutSeconds.At); got != "4:14-4:16" {
				t.Errorf("Inherits.Timeout at %s, want 4:14-4:16 in Globals", got)
			}
			if got := at(in.Tracing.At); got != "5:14-5:20" {
				t.Errorf("Inherits.Tracing at %s, want 5:14-5:20 in Globals", got)
			}
		}
		if got := envNames(in); got != "LOG_LEVEL=info TABLE=shared" {
			t.Errorf("Inherits env = %s", got)
		}

		ov := fn(t, res, "Overrides")
		check("Overrides.Timeout", ov.TimeoutSeconds.Value, 5, ov.TimeoutSeconds.Origin, model.Explicit)
		check("Overrides.Tracing", ov.Tracing.Value, "PassThrough", ov.Tracing.Origin, model.Explicit)
		check("Overrides.Architecture", ov.Architecture.Value, "x86_64", ov.Architecture.Origin, model.Explicit)
		check("Overrides.MemoryMB", ov.MemoryMB.Value, 512, ov.MemoryMB.Origin, model.Explicit)
		if got := envNames(ov); got != "LOG_LEVEL=info TABLE=own EXTRA=1" {
			t.Errorf("Overrides env = %s, want globals merged per variable", got)
		}
		if yaml && at(ov.TimeoutSeconds.At) != "29:16-29:17" {
			t.Errorf("Overrides.Timeout at %s", at(ov.TimeoutSeconds.At))
		}

		np := fn(t, res, "NoProperties")
		check("NoProperties.Timeout", np.TimeoutSeconds.Value, 30, np.TimeoutSeconds.Origin, model.Explicit)

		var api *model.API
		for _, a := range res.project.APIs {
			if a.ID == "ServerlessHttpApi" {
				api = a
			}
		}
		if api == nil || len(api.Stages) != 1 {
			t.Fatalf("implicit HTTP API = %+v", api)
		}
		if st := api.Stages[0]; st.ThrottlingBurstLimit.Value != 10 || st.ThrottlingRateLimit.Value != 5 || st.Name.Value != "$default" {
			t.Errorf("implicit HTTP API stage = %+v, want Globals.HttpApi throttling", st)
		}
	})
}

func envNames(f *model.Function) string {
	var parts []string
	for _, e := range f.Environment {
		parts = append(parts, e.Name+"="+e.Value.Value)
	}
	return strings.Join(parts, " ")
}

// TestDefaults: a function with nothing set has the provider defaults at its header.
func TestDefaults(t *testing.T) {
	variants(t, `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Handler: bootstrap, Runtime: provided.al2023}
  Q:
    Type: AWS::SQS::Queue
`, func(t *testing.T, res loadResult) {
		f := fn(t, res, "Fn")
		for name, a := range map[string]model.Attr[int]{"Timeout": f.TimeoutSeconds, "MemorySize": f.MemoryMB} {
			if a.Origin != model.Default || a.At != f.At {
				t.Errorf("%s = %+v, want a default at the header", name, a)
			}
		}
		if f.TimeoutSeconds.Value != 3 || f.MemoryMB.Value != 128 || f.Architecture.Value != "x86_64" ||
			f.Tracing.Value != "PassThrough" || f.RecursiveLoop.Value != "Terminate" {
			t.Errorf("defaults = %d %d %s %s %s", f.TimeoutSeconds.Value, f.MemoryMB.Value, f.Architecture.Value, f.Tracing.Value, f.RecursiveLoop.Value)
		}
		if f.ReservedConcurrency.Origin != model.Absent || f.DeadLetterTarget.Origin != model.Absent || f.OnFailure.Origin != model.Absent {
			t.Errorf("optional settings should be absent: %+v %+v %+v", f.ReservedConcurrency, f.DeadLetterTarget, f.OnFailure)
		}
		q := res.project.Queues[0]
		if q.VisibilityTimeoutSecs.Value != 30 || q.VisibilityTimeoutSecs.Origin != model.Default || !q.ManagedSSE.Value {
			t.Errorf("queue defaults = %+v %+v", q.VisibilityTimeoutSecs, q.ManagedSSE)
		}
	})
}

// TestDeadLetterGetAtt: a DLQ given as !GetAtt Q.Arn is kept, referring to Q (goformation
// turns it into nil and a DLQ rule would misfire).
func TestDeadLetterGetAtt(t *testing.T) {
	variants(t, `Resources:
  DLQ:
    Type: AWS::SQS::Queue
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      DeadLetterConfig:
        TargetArn: !GetAtt DLQ.Arn
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt [DLQ, Arn]
`, func(t *testing.T, res loadResult) {
		for _, id := range []string{"Plain", "Sam"} {
			d := fn(t, res, id).DeadLetterTarget
			if !d.IsSet() || d.Ref != "DLQ" {
				t.Errorf("%s DeadLetterTarget = %+v, want set with Ref DLQ", id, d)
			}
		}
	})
}

// TestUnknownPropertiesAccepted: properties and resource types the loader does not know
// (RecursiveLoop in old tooling, anything newer) never reject the template.
func TestUnknownPropertiesAccepted(t *testing.T) {
	variants(t, `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      RecursiveLoop: Allow
      SnapStart: {ApplyOn: PublishedVersions}
      SomethingFromTheFuture: {Enabled: true}
      Timeout: 10
  Future:
    Type: AWS::NewService::Thing
    Properties: {X: 1}
`, func(t *testing.T, res loadResult) {
		f := fn(t, res, "Fn")
		if f.RecursiveLoop.Value != "Allow" || f.TimeoutSeconds.Value != 10 {
			t.Errorf("RecursiveLoop = %+v, Timeout = %+v", f.RecursiveLoop, f.TimeoutSeconds)
		}
		if len(res.problems) != 0 {
			t.Errorf("problems: %v", res.problems)
		}
	})
}

// TestSAMEvents maps each SAM event type to its trigger.
func TestSAMEvents(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Resources:
  Q: {Type: AWS::SQS::Queue}
  S: {Type: AWS::Kinesis::Stream}
  T: {Type: AWS::DynamoDB::Table}
  Topic: {Type: AWS::SNS::Topic}
  B: {Type: AWS::S3::Bucket}
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      Auth:
        DefaultAuthorizer: Cognito
        ApiKeyRequired: true
        Authorizers:
          Cognito: {UserPoolArn: arn:aws:cognito-idp:eu-west-1:1:userpool/x}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Sqs: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn, BatchSize: 5, Enabled: false}}
        Kin: {Type: Kinesis, Properties: {Stream: !GetAtt S.Arn, StartingPosition: LATEST, BisectBatchOnFunctionError: true, MaximumRecordAgeInSeconds: 600}}
        Ddb: {Type: DynamoDB, Properties: {Stream: !GetAtt T.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 2}}
        Msk: {Type: MSK, Properties: {Stream: arn:aws:kafka:eu-west-1:1:cluster/c, Topics: [t], StartingPosition: LATEST}}
        Kafka: {Type: SelfManagedKafka, Properties: {KafkaBootstrapServers: ["b1:9092"], Topics: [t]}}
        Mq: {Type: MQ, Properties: {Broker: arn:aws:mq:eu-west-1:1:broker:b, Queues: [q]}}
        S3: {Type: S3, Properties: {Bucket: !Ref B, Events: [s3:ObjectCreated:*], Filter: {S3Key: {Rules: [{Name: suffix, Value: .csv}]}}}}
        Sns: {Type: SNS, Properties: {Topic: !Ref Topic}}
        SnsSqs: {Type: SNS, Properties: {Topic: !Ref Topic, SqsSubscription: true}}
        Rule: {Type: EventBridgeRule, Properties: {Pattern: {source: [aws.ec2]}}}
        Cwe: {Type: CloudWatchEvent, Properties: {Pattern: {source: [aws.ec2]}}}
        Sched: {Type: Schedule, Properties: {Schedule: rate(5 minutes), Enabled: false}}
        Sched2: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 hour)}}
        Rest: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /x, Method: get}}
        Open: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /open, Method: get, Auth: {Authorizer: NONE, ApiKeyRequired: false}}}
        Implicit: {Type: Api, Properties: {Path: /y, Method: post}}
        Http: {Type: HttpApi, Properties: {PayloadFormatVersion: "1.0"}}
        Logs: {Type: CloudWatchLogs, Properties: {LogGroupName: /x, FilterPattern: ERROR}}
        Iot: {Type: IoTRule, Properties: {Sql: "SELECT * FROM 't'"}}
        Cog: {Type: Cognito, Properties: {UserPool: !Ref Pool, Trigger: PreSignUp}}
        Alexa: {Type: AlexaSkill}
  Pool: {Type: AWS::Cognito::UserPool}
`
	variants(t, src, func(t *testing.T, res loadResult) {
		f := fn(t, res, "Fn")
		got := map[string]*model.Trigger{}
		for _, tr := range f.Triggers {
			got[tr.Name] = tr
		}
		want := map[string]struct {
			kind model.TriggerKind
			ref  string
		}{
			"Sqs": {model.TriggerSQS, "Q"}, "Kin": {model.TriggerKinesis, "S"}, "Ddb": {model.TriggerDynamoDB, "T"},
			"Msk": {model.TriggerKafka, ""}, "Kafka": {model.TriggerKafka, ""}, "Mq": {model.TriggerMQ, ""},
			"S3": {model.TriggerS3, "B"}, "Sns": {model.TriggerSNS, "Topic"}, "SnsSqs": {model.TriggerSQS, "Topic"},
			"Rule": {model.TriggerEventBridge, "FnRule"}, "Cwe": {model.TriggerEventBridge, "FnCwe"},
			"Sched": {model.TriggerSchedule, "FnSched"}, "Sched2": {model.TriggerSchedule, "FnSched2"},
			"Rest": {model.TriggerRESTAPI, "Api"}, "Open": {model.TriggerRESTAPI, "Api"},
			"Implicit": {model.TriggerRESTAPI, "ServerlessRestApi"}, "Http": {model.TriggerHTTPAPI, "ServerlessHttpApi"},
			"Logs": {model.TriggerCloudWatchLogs, ""}, "Iot": {model.TriggerIoT, ""}, "Cog": {model.TriggerCognito, "Pool"},
			"Alexa": {model.TriggerOther, ""},
		}
		for name, w := range want {
			tr := got[name]
			if tr == nil {
				t.Errorf("no trigger %s", name)
				continue
			}
			if tr.Kind != w.kind || tr.Source.Ref != w.ref {
				t.Errorf("%s: kind %s source ref %q, want %s %q", name, tr.Kind, tr.Source.Ref, w.kind, w.ref)
			}
		}
		if tr := got["Sqs"]; tr.BatchSize.Value != 5 || tr.Enabled.Value || tr.Enabled.Origin != model.Explicit {
			t.Errorf("Sqs settings: %+v %+v", tr.BatchSize, tr.Enabled)
		}
		if tr := got["Kin"]; tr.MaximumRetryAttempts.Value != -1 || tr.MaximumRetryAttempts.Origin != model.Default ||
			!tr.BisectBatchOnFunctionError.Value || tr.MaximumRecordAgeSecs.Value != 600 || tr.BatchSize.Value != 100 {
			t.Errorf("Kinesis settings: %+v %+v %+v", tr.MaximumRetryAttempts, tr.BisectBatchOnFunctionError, tr.MaximumRecordAgeSecs)
		}
		if tr := got["Ddb"]; tr.MaximumRetryAttempts.Value != 2 {
			t.Errorf("DynamoDB retries: %+v", tr.MaximumRetryAttempts)
		}
		if tr := got["S3"]; tr.FilterSuffix.Value != ".csv" || !reflect.DeepEqual(tr.Events.Value, []string{"s3:ObjectCreated:*"}) {
			t.Errorf("S3 filter: %+v %+v", tr.FilterSuffix, tr.Events)
		}
		if tr := got["Sched"]; tr.Enabled.Value {
			t.Errorf("disabled schedule is enabled")
		}
		if r := got["Rest"].Route; r == nil || r.AuthorizationType.Value != "COGNITO_USER_POOLS" || r.Authorizer.Value != "Cognito" || !r.APIKeyRequired.Value {
			t.Errorf("Rest route inherits the API's auth: %+v", r)
		}
		if r := got["Open"].Route; r.AuthorizationType.Value != "NONE" || r.AuthorizationType.Origin != model.Explicit || r.APIKeyRequired.Value {
			t.Errorf("Open route: %+v", r)
		}
		if r := got["Implicit"].Route; r.AuthorizationType.Value != "NONE" || r.AuthorizationType.Origin != model.Default {
			t.Errorf("Implicit route: %+v", r)
		}
		if tr := got["Http"]; tr.PayloadFormatVersion.Value != "1.0" || tr.Path.Value != "$default" {
			t.Errorf("Http: %+v %+v", tr.PayloadFormatVersion, tr.Path)
		}
		if tr := got["Implicit"]; tr.PayloadFormatVersion.Value != "1.0" || tr.PayloadFormatVersion.Origin != model.Default {
			t.Errorf("REST payload format: %+v", tr.PayloadFormatVersion)
		}
		if len(res.project.Rules) != 4 {
			t.Errorf("%d rules, want one per EventBridge/schedule event", len(res.project.Rules))
		}
		apis := map[string]int{}
		for _, a := range res.project.APIs {
			apis[a.ID] = len(a.Routes)
		}
		if apis["Api"] != 2 || apis["ServerlessRestApi"] != 1 || apis["ServerlessHttpApi"] != 1 {
			t.Errorf("API routes = %v", apis)
		}
	})
}

// TestPolicies reads SAM policies: templates with the resource they grant, managed policy
// names and ARNs, inline documents.
func TestPolicies(t *testing.T) {
	variants(t, `Transform: AWS::Serverless-2016-10-31
Resources:
  Q: {Type: AWS::SQS::Queue}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - SQSSendMessagePolicy: {QueueName: !GetAtt Q.QueueName}
        - SomeFuturePolicy: {ThingName: x}
        - AdministratorAccess
        - AWSLambdaBasicExecutionRole
        - arn:aws:iam::123456789012:policy/custom
        - Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: "sqs:*"
              Resource: "*"
            - Effect: Allow
              NotAction: iam:*
              Resource: "*"
  Single:
    Type: AWS::Serverless::Function
    Properties:
      Policies: AmazonS3FullAccess
`, func(t *testing.T, res loadResult) {
		ps := fn(t, res, "Fn").Policies
		if len(ps) != 6 {
			t.Fatalf("%d policies", len(ps))
		}
		if p := ps[0]; !p.Template || p.ManagedARN.Value != "SQSSendMessagePolicy" || p.TemplateResource.Ref != "Q" ||
			len(p.Statements) != 1 || p.Statements[0].Actions[0].Value != "sqs:SendMessage*" || p.Statements[0].Resources[0].Ref != "Q" {
			t.Errorf("template policy = %+v", p)
		}
		if p := ps[1]; !p.Template || p.TemplateResource.Value != "x" || len(p.Statements) != 0 {
			t.Errorf("unknown template = %+v", p)
		}
		if v := ps[2].ManagedARN.Value; v != "arn:aws:iam::aws:policy/AdministratorAccess" {
			t.Errorf("managed name = %s", v)
		}
		if v := ps[3].ManagedARN.Value; v != "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" {
			t.Errorf("service-role managed name = %s", v)
		}
		if v := ps[4].ManagedARN.Value; v != "arn:aws:iam::123456789012:policy/custom" {
			t.Errorf("managed ARN = %s", v)
		}
		if st := ps[5].Statements; len(st) != 2 || st[0].Actions[0].Value != "sqs:*" || st[0].Resources[0].Value != "*" || st[0].Unknown || st[1].Unknown ||
			len(st[1].NotActions) != 1 || st[1].NotActions[0].Value != "iam:*" || len(st[1].Actions) != 0 {
			t.Errorf("inline statements = %+v", st)
		}
		if ps := fn(t, res, "Single").Policies; len(ps) != 1 || ps[0].ManagedARN.Value != "arn:aws:iam::aws:policy/AmazonS3FullAccess" {
			t.Errorf("single policy = %+v", ps)
		}
	})
}

// TestSuppressions reads Metadata.slslint.ignore.
func TestSuppressions(t *testing.T) {
	src := `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      slslint:
        ignore:
          - id: SLS401
            reason: the default is fine for this ping
          - {id: SLS701}
          - reason: no id
    Properties:
      Handler: bootstrap
`
	variants(t, src, func(t *testing.T, res loadResult) {
		if len(res.suppressions) != 2 {
			t.Fatalf("suppressions = %+v", res.suppressions)
		}
		s := res.suppressions[0]
		if s.RuleID != "SLS401" || s.Reason != "the default is fine for this ping" || res.suppressions[1].RuleID != "SLS701" {
			t.Errorf("suppression = %+v", s)
		}
		if f := fn(t, res, "Fn"); s.Scope.Line != f.At.Line || s.Scope.Column != f.At.Column {
			t.Errorf("scope starts at %s, want the resource's %s", at(s.Scope), at(f.At))
		}
		if res.project.Path == "app/template.yaml" {
			if at(s.At) != "7:13-8:54" || at(s.Scope) != "2:3-12:25" {
				t.Errorf("suppression at %s scope %s", at(s.At), at(s.Scope))
			}
		}
		if len(res.problems) != 1 || !strings.Contains(res.problems[0].Message, "needs an id") {
			t.Errorf("problems = %v", res.problems)
		}
	})
}

// TestCodeLocations resolves CodeUri and DefinitionUri against the template's directory and
// never outside the repository.
func TestCodeLocations(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"services/orders/cmd/api", "services/orders/bin"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "services/orders/bin/api.zip"), []byte("zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `Transform: AWS::Serverless-2016-10-31
Resources:
  Dir:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: makefile
      BuildProperties: {TrimGoPath: true, Tags: [a]}
    Properties: {CodeUri: cmd/api/}
  Zip:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ./bin/api.zip}
  S3:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: s3://bucket/key.zip}
  Escapes:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ../../../outside}
  Absolute:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: /etc}
  Missing:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: cmd/not-built-yet}
`
	res := loadTemplate([]byte(src), "services/orders/template.yaml", root)
	tests := []struct{ id, dir, file string }{
		{"Dir", "services/orders/cmd/api", ""},
		{"Zip", "", "services/orders/bin/api.zip"},
		{"S3", "", "?"},
		{"Escapes", "", "?"},
		{"Absolute", "", "?"},
		{"Missing", "services/orders/cmd/not-built-yet", ""},
	}
	for _, tt := range tests {
		c := fn(t, res, tt.id).Code
		show := func(a model.Attr[string]) string {
			switch a.Origin {
			case model.Unknown:
				return "?"
			case model.Explicit:
				return a.Value
			}
			return ""
		}
		if show(c.Dir) != tt.dir || show(c.File) != tt.file {
			t.Errorf("%s: dir %q file %q, want %q %q", tt.id, show(c.Dir), show(c.File), tt.dir, tt.file)
		}
	}
	c := fn(t, res, "Dir").Code
	if c.BuildMethod.Value != "makefile" || c.BuildProperties["TrimGoPath"] != "true" || c.BuildProperties["Tags"] != `["a"]` {
		t.Errorf("build metadata = %+v", c)
	}
}

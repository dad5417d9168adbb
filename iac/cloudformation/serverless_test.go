package cloudformation

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iac/serverless"
	"github.com/slslint/slslint/internal/fixture"
)

// loadService loads serverless.yml among files through the serverless loader with this
// package's ServerlessResources, as slslint does.
func loadService(t *testing.T, files map[string]string) *model.Model {
	t.Helper()
	dir := t.TempDir()
	fixture.Write(t, dir, files)
	m := &model.Model{}
	serverless.Load(context.Background(), m, []model.Source{{Format: model.Serverless, Abs: filepath.Join(dir, "serverless.yml"), Rel: "serverless.yml"}},
		serverless.Options{Root: dir, CloudFormation: ServerlessResources{Model: m}})
	return m
}

// attrAt renders an attribute as "value origin file:line:col ref=X".
func attrAt[T any](a model.Attr[T]) string {
	s := ""
	if a.Known() {
		s = fmt.Sprintf("%v ", a.Value)
	}
	s += fmt.Sprintf("%s %s:%d:%d", a.Origin, a.At.File, a.At.Line, a.At.Column)
	if a.Ref != "" {
		s += " ref=" + a.Ref
	}
	if a.Secret {
		s += " secret"
	}
	return s
}

func rangeAt(r model.Range) string { return fmt.Sprintf("%s:%d:%d", r.File, r.Line, r.Column) }

const serviceWithResources = `service: shop
provider:
  name: aws
  runtime: provided.al2023
  environment:
    JOBS_URL: !Ref Jobs
    TABLE: !Ref Orders
    SECRET: ${ssm:/shop/secret}
functions:
  worker:
    handler: bootstrap
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
  notify:
    handler: bootstrap
resources:
  - Resources:
      Jobs:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: ${self:service}-jobs
          VisibilityTimeout: 60
          KmsMasterKeyId: ${ssm:/shop/key}
          RedrivePolicy:
            deadLetterTargetArn: !GetAtt JobsDLQ.Arn
            maxReceiveCount: 5
      JobsDLQ:
        Type: AWS::SQS::Queue
      JobsPolicy:
        Type: AWS::SQS::QueuePolicy
        Properties:
          Queues: [!Ref Jobs]
          PolicyDocument:
            Statement:
              - Effect: Allow
                Principal: {AWS: "*"}
                Action: sqs:SendMessage
                Resource: !GetAtt Jobs.Arn
      Alerts:
        Type: AWS::SNS::Topic
        Properties:
          TopicName: shop-alerts
      Orders:
        Type: AWS::DynamoDB::Table
        Properties:
          KeySchema:
            - AttributeName: pk
              KeyType: HASH
          StreamSpecification:
            StreamViewType: NEW_IMAGE
      Budget:
        Type: AWS::Budgets::Budget
        Properties:
          Budget: {BudgetType: COST, TimeUnit: MONTHLY, BudgetLimit: {Amount: 100, Unit: USD}}
      OrdersStream:
        Type: AWS::Lambda::EventSourceMapping
        Properties:
          FunctionName: !GetAtt NotifyLambdaFunction.Arn
          EventSourceArn: !GetAtt Orders.StreamArn
          StartingPosition: LATEST
          MaximumRetryAttempts: 3
      AlertsSubscription:
        Type: AWS::SNS::Subscription
        Properties:
          Protocol: lambda
          TopicArn: !Ref Alerts
          Endpoint: !GetAtt NotifyLambdaFunction.Arn
      AlertsPermission:
        Type: AWS::Lambda::Permission
        Properties:
          FunctionName: !Ref NotifyLambdaFunction
          Action: lambda:InvokeFunction
          Principal: sns.amazonaws.com
          SourceArn: !Ref Alerts
      WorkerPolicy:
        Type: AWS::IAM::Policy
        Properties:
          PolicyName: send
          Roles: [!Ref IamRoleLambdaExecution]
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !GetAtt Jobs.Arn
  - ${file(resources/observability.yml)}
`

const observabilityFragment = `Resources:
  NotifyLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 14
  WorkerErrors:
    Type: AWS::CloudWatch::Alarm
    Metadata:
      slslint:
        ignore:
          - id: SLS703
            reason: paged elsewhere
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: !Ref WorkerLambdaFunction
`

// TestServerlessResources checks that the raw CloudFormation of a service, in serverless.yml
// and in an included file, reaches the model through the template code with exact ranges,
// linked to the functions and role the framework generates.
func TestServerlessResources(t *testing.T) {
	m := loadService(t, map[string]string{"serverless.yml": serviceWithResources, "resources/observability.yml": observabilityFragment})
	for _, p := range m.Problems {
		t.Errorf("problem %s: %s", rangeAt(p.Range), p.Message)
	}
	if len(m.Projects) != 1 {
		t.Fatalf("%d projects", len(m.Projects))
	}
	p := m.Projects[0]
	queue := func(id string) *model.Queue {
		for _, q := range p.Queues {
			if q.ID == id {
				return q
			}
		}
		t.Fatalf("no queue %s", id)
		return nil
	}
	fn := func(id string) *model.Function {
		f, ok := p.Function(id)
		if !ok {
			t.Fatalf("no function %s", id)
		}
		return f
	}
	jobs, worker, notify := queue("Jobs"), fn("worker"), fn("notify")
	env := func(name string) model.Attr[string] { e, _ := worker.Env(name); return e.Value }
	trig := func(f *model.Function, k model.TriggerKind) *model.Trigger {
		var found *model.Trigger
		for _, tr := range f.Triggers {
			if tr.Kind == k {
				if found != nil {
					t.Errorf("function %s has two %s triggers", f.ID, k)
				}
				found = tr
			}
		}
		if found == nil {
			t.Fatalf("function %s has no %s trigger", f.ID, k)
		}
		return found
	}
	var alarm *model.Alarm
	if len(p.Alarms) == 1 {
		alarm = p.Alarms[0]
	} else {
		t.Fatalf("%d alarms", len(p.Alarms))
	}
	var topic *model.Topic
	for _, tp := range p.Topics {
		if tp.ID == "Alerts" {
			topic = tp
		}
	}
	if topic == nil || len(p.Tables) != 1 || len(p.Budgets) != 1 || len(p.Permissions) != 1 {
		t.Fatalf("topic %v, %d tables, %d budgets, %d permissions", topic, len(p.Tables), len(p.Budgets), len(p.Permissions))
	}
	var role *model.Role
	for _, r := range p.Roles {
		if r.ID == "IamRoleLambdaExecution" {
			role = r
		}
	}
	if role == nil {
		t.Fatal("no framework role")
	}
	var notifyLogs *model.LogGroup
	for _, lg := range p.LogGroups {
		if lg.ID == "NotifyLogGroup" {
			notifyLogs = lg
		}
	}
	tests := []struct{ what, got, want string }{
		{"queue header", rangeAt(jobs.At), "serverless.yml:19:7"},
		{"queue name", attrAt(jobs.Name), "shop-jobs explicit serverless.yml:22:22"},
		{"visibility", attrAt(jobs.VisibilityTimeoutSecs), "60 explicit serverless.yml:23:30"},
		{"kms key from ssm", attrAt(jobs.KMSKey), "unknown serverless.yml:24:27 secret"},
		{"redrive target", attrAt(jobs.RedriveTarget), "unknown serverless.yml:26:34 ref=JobsDLQ"},
		{"max receive count", attrAt(jobs.MaxReceiveCount), "5 explicit serverless.yml:27:30"},
		{"dlq visibility default", attrAt(queue("JobsDLQ").VisibilityTimeoutSecs), "30 default serverless.yml:28:7"},
		{"queue policy principal", attrAt(jobs.Policy[0].Principals[0]), "* explicit serverless.yml:37:34"},
		{"sqs event source", attrAt(trig(worker, model.TriggerSQS).Source), "unknown serverless.yml:14:16 ref=Jobs"},
		{"env ref to queue", attrAt(env("JOBS_URL")), "unknown serverless.yml:6:15 ref=Jobs"},
		{"env ref to table", attrAt(env("TABLE")), "unknown serverless.yml:7:12 ref=Orders"},
		{"env from ssm", attrAt(env("SECRET")), "unknown serverless.yml:8:13 secret"},
		{"topic name", attrAt(topic.Name), "shop-alerts explicit serverless.yml:43:22"},
		{"topic key", attrAt(topic.KMSKey), "absent serverless.yml:40:7"},
		{"table hash key", attrAt(p.Tables[0].HashKey), "pk explicit serverless.yml:48:30"},
		{"table stream", attrAt(p.Tables[0].StreamView), "NEW_IMAGE explicit serverless.yml:51:29"},
		{"budget header", rangeAt(p.Budgets[0].At), "serverless.yml:52:7"},
		{"stream trigger", rangeAt(trig(notify, model.TriggerDynamoDB).At), "serverless.yml:56:7"},
		{"stream source", attrAt(trig(notify, model.TriggerDynamoDB).Source), "unknown serverless.yml:60:27 ref=Orders"},
		{"stream retries", attrAt(trig(notify, model.TriggerDynamoDB).MaximumRetryAttempts), "3 explicit serverless.yml:62:33"},
		{"sns subscription", attrAt(trig(notify, model.TriggerSNS).Source), "unknown serverless.yml:67:21 ref=Alerts"},
		{"permission function", p.Permissions[0].Function, "notify"},
		{"permission principal", attrAt(p.Permissions[0].Principal), "sns.amazonaws.com explicit serverless.yml:74:22"},
		{"permission source", attrAt(p.Permissions[0].SourceArn), "unknown serverless.yml:75:22 ref=Alerts"},
		{"policy on framework role", attrAt(role.Policies[len(role.Policies)-1].Statements[0].Actions[0]), "sqs:SendMessage explicit serverless.yml:84:25"},
		{"policy resource", attrAt(role.Policies[len(role.Policies)-1].Statements[0].Resources[0]), "unknown serverless.yml:85:27 ref=Jobs"},
		{"worker role", attrAt(worker.Role), "IamRoleLambdaExecution default serverless.yml:10:3 ref=IamRoleLambdaExecution"},
		{"alarm in included file", rangeAt(alarm.At), "resources/observability.yml:6:3"},
		{"alarm metric", attrAt(alarm.MetricName), "Errors explicit resources/observability.yml:15:19"},
		{"alarm function", alarm.Function, "worker"},
		{"log group override retention", attrAt(notify.LogRetentionDays), "14 explicit resources/observability.yml:5:24"},
		{"log group", fmt.Sprint(notifyLogs != nil && notifyLogs.RetentionDays.Value == 14), "true"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	if len(notify.Triggers) != 2 {
		t.Errorf("notify has %d triggers, want the stream and the subscription (the permission adds none)", len(notify.Triggers))
	}
	if len(m.Suppressions) != 1 || m.Suppressions[0].RuleID != "SLS703" || rangeAt(m.Suppressions[0].At) != "resources/observability.yml:11:13" {
		t.Errorf("suppressions %+v", m.Suppressions)
	}
}

// TestServerlessRawLambda checks resource types the framework does not generate: a raw
// Lambda function with its URL, a state machine, an event rule targeting a framework
// function, a role with an inline policy used by a function, and resources whose properties
// a variable leaves unknown.
func TestServerlessRawLambda(t *testing.T) {
	yml := `service: raw
provider:
  name: aws
functions:
  tick:
    handler: bootstrap
    role: TickRole
resources:
  Resources:
    Legacy:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: go1.x
        Handler: main
        Timeout: 30
        Role: !GetAtt TickRole.Arn
    LegacyUrl:
      Type: AWS::Lambda::Url
      Properties:
        TargetFunctionArn: !Ref Legacy
        AuthType: NONE
    Nightly:
      Type: AWS::Events::Rule
      Properties:
        ScheduleExpression: rate(1 day)
        Targets:
          - Id: tick
            Arn: !GetAtt TickLambdaFunction.Arn
    Flow:
      Type: AWS::StepFunctions::StateMachine
      Properties:
        Definition:
          StartAt: Call
          States:
            Call:
              Type: Task
              Resource: !GetAtt TickLambdaFunction.Arn
              End: true
    TickRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {}
        Policies:
          - PolicyName: all
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: "*"
                  Resource: "*"
    Opaque:
      Type: AWS::SQS::Queue
      Properties: ${env:QUEUE_PROPERTIES}
    OpaqueBody: ${env:WHOLE_RESOURCE}
`
	m := loadService(t, map[string]string{"serverless.yml": yml})
	for _, p := range m.Problems {
		t.Errorf("problem %s: %s", rangeAt(p.Range), p.Message)
	}
	p := m.Projects[0]
	legacy, ok := p.Function("Legacy")
	if !ok {
		t.Fatal("raw Lambda function not read")
	}
	tick, _ := p.Function("tick")
	tests := []struct{ what, got, want string }{
		{"raw runtime", attrAt(legacy.Runtime), "go1.x explicit serverless.yml:13:18"},
		{"raw timeout", attrAt(legacy.TimeoutSeconds), "30 explicit serverless.yml:15:18"},
		{"raw url", attrAt(legacy.URLs[0].AuthType), "NONE explicit serverless.yml:21:19"},
		{"raw role policies", fmt.Sprint(len(legacy.Policies)), "1"},
		{"rule target", fmt.Sprint(len(p.Rules) == 1 && p.Rules[0].Targets[0] == "tick"), "true"},
		{"schedule trigger", fmt.Sprint(len(tick.Triggers) > 0 && tick.Triggers[0].Kind == model.TriggerSchedule), "true"},
		{"task", rangeAt(p.StateMachines[0].Tasks[0].At), "serverless.yml:35:13"},
		{"tick role", attrAt(tick.Role), "TickRole explicit serverless.yml:7:11 ref=TickRole"},
		{"tick role policies", attrAt(tick.Policies[0].Statements[0].Actions[0]), "* explicit serverless.yml:48:27"},
		{"opaque queue is left out", fmt.Sprint(len(p.Queues)), "0"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.what, tc.got, tc.want)
		}
	}
}

// TestServerlessPermissionForAnEvent checks that a permission under resources: for the
// service an event of the function already declares adds no second trigger, while one for
// another service does.
func TestServerlessPermissionForAnEvent(t *testing.T) {
	m := loadService(t, map[string]string{"serverless.yml": `service: perms
provider:
  name: aws
functions:
  resize:
    handler: bootstrap
    events:
      - s3:
          bucket: acme-uploads
          existing: true
resources:
  Resources:
    UploadsPermission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !Ref ResizeLambdaFunction
        Action: lambda:InvokeFunction
        Principal: s3.amazonaws.com
        SourceArn: arn:aws:s3:::acme-uploads
    AlertsPermission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !Ref ResizeLambdaFunction
        Action: lambda:InvokeFunction
        Principal: sns.amazonaws.com
        SourceArn: arn:aws:sns:us-east-1:123456789012:alerts
`})
	f, _ := m.Projects[0].Function("resize")
	var kinds []string
	for _, tr := range f.Triggers {
		kinds = append(kinds, string(tr.Kind)+" "+tr.Name)
	}
	if want := []string{"sns AlertsPermission", "s3 s3"}; !slices.Equal(kinds, want) {
		t.Errorf("triggers %q, want %q", kinds, want)
	}
}

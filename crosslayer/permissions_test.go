package crosslayer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac"
	"github.com/slslint/slslint/iac/model"
)

// The IAM rules compare a function's AWS calls, as the program analyzer describes them
// (analyzers/effects tests the calls' recognition in both SDK generations), with its role
// as each format declares it. Every case that fires has a twin that stays silent.

// loadProject loads one template (or Terraform root) written to a temporary repository.
func loadProject(t *testing.T, format model.Format, name, src string) *model.Project {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m := iac.Load(context.Background(), []model.Source{{Format: format, Abs: path, Rel: name}}, iac.Options{Root: dir})
	if len(m.Problems) > 0 {
		t.Fatalf("problems: %+v", m.Problems)
	}
	if len(m.Projects) != 1 {
		t.Fatalf("%d projects", len(m.Projects))
	}
	return m.Projects[0]
}

// call builds an SDK call as the program analyzer describes it: fields the input type has,
// and values given as "$ENV", "literal" or "*" (unknown), joined by "+".
func call(pkg, op string, line int, fields map[string]string) AWSCall {
	c := AWSCall{Package: pkg, Operation: op, Seen: true, At: model.Range{File: "cmd/fn/main.go", Line: line, Column: 2}, Chain: "handle → " + pkg + "." + op}
	var names []string
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		path := f
		field, _, _ := strings.Cut(f, ".")
		if !contains(c.Fields, field) {
			c.Fields = append(c.Fields, field)
		}
		var parts []ValuePart
		for _, p := range strings.Split(fields[f], "+") {
			switch {
			case strings.HasPrefix(p, "$"):
				parts = append(parts, ValuePart{Env: p[1:]})
			case p == "*":
				parts = append(parts, ValuePart{Unknown: true})
			default:
				parts = append(parts, ValuePart{Lit: p})
			}
		}
		c.Values = append(c.Values, FieldValue{Path: path, Parts: parts})
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// check links every function of the project to a program making calls, runs the checks
// and renders the IAM findings as "RULE path:line message-start".
func check(t *testing.T, p *model.Project, calls map[string][]AWSCall, incomplete string) []string {
	t.Helper()
	var links []*Link
	for _, f := range p.Functions {
		prog := &Program{Path: "example.com/app/cmd/" + f.ID, Dir: "cmd/" + f.ID, AWSCalls: calls[f.ID], AWSIncomplete: incomplete,
			Entries: []*Entry{{Name: "handle"}}}
		links = append(links, &Link{Project: p, Function: f, Dir: prog.Dir, Program: prog})
	}
	var out []string
	for _, fd := range Check(links) {
		if !strings.HasPrefix(fd.Rule.ID, "SLS51") {
			continue
		}
		msg, _, _ := strings.Cut(fd.Message, "\n")
		out = append(out, fmt.Sprintf("%s %s:%d %s", fd.Rule.ID, fd.At.File, fd.At.Line, msg))
	}
	sort.Strings(out)
	return out
}

const samHeader = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    CodeUri: cmd/fn/
    Environment:
      Variables:
        TABLE: !Ref Orders
        BUCKET: !Ref Uploads
        QUEUE_URL: !Ref Jobs
        TOPIC_ARN: !Ref Events
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Audit:
    Type: AWS::DynamoDB::Table
  Uploads:
    Type: AWS::S3::Bucket
  Jobs:
    Type: AWS::SQS::Queue
  Other:
    Type: AWS::SQS::Queue
  Events:
    Type: AWS::SNS::Topic
  Key:
    Type: AWS::KMS::Key
  Secure:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: !Ref Key
  Managed:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
`

func sam(functions string) string { return samHeader + functions }

func samFn(id, policies string) string {
	return "  " + id + ":\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n" + policies
}

var (
	putItem   = call("dynamodb", "PutItem", 10, map[string]string{"TableName": "$TABLE"})
	putItemV1 = func() AWSCall {
		c := call("dynamodb", "PutItem", 11, map[string]string{"TableName": "$TABLE"})
		c.V1 = true
		return c
	}()
	getObject = call("s3", "GetObject", 20, map[string]string{"Bucket": "$BUCKET", "Key": "in/+*"})
	query     = call("dynamodb", "Query", 30, map[string]string{"TableName": "$TABLE", "IndexName": "byCustomer"})
	sendBatch = call("sqs", "SendMessageBatch", 40, map[string]string{"QueueUrl": "$QUEUE_URL"})
	publish   = call("sns", "Publish", 50, map[string]string{"TopicArn": "$TOPIC_ARN"})
)

func TestPermissionsSAM(t *testing.T) {
	tests := []struct {
		name      string
		functions string
		calls     map[string][]AWSCall
		want      []string
	}{
		{"an exact policy template is silent", samFn("F", "        - DynamoDBWritePolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {putItem, putItemV1}}, nil},
		{"a read policy for a write", samFn("F", "        - DynamoDBReadPolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {putItem}},
			[]string{"SLS510 cmd/fn/main.go:10 dynamodb.PutItem needs dynamodb:PutItem on table Orders",
				"SLS511 template.yaml:41 policy DynamoDBReadPolicy of function F grants dynamodb:GetItem"}},
		{"the policy of another table", samFn("F", "        - DynamoDBCrudPolicy:\n            TableName: !Ref Audit\n"),
			map[string][]AWSCall{"F": {putItem}},
			[]string{"SLS510 cmd/fn/main.go:10 dynamodb.PutItem needs dynamodb:PutItem on table Orders"}},
		{"a condition makes the grant maybe", samFn("F", "        - Statement:\n            - Effect: Allow\n              Action: dynamodb:PutItem\n              Resource: !GetAtt Orders.Arn\n              Condition:\n                StringEquals:\n                  aws:RequestedRegion: eu-west-1\n"),
			map[string][]AWSCall{"F": {putItem}}, nil},
		{"a wildcard that covers", samFn("F", "        - Statement:\n            - Effect: Allow\n              Action: [dynamodb:PutItem]\n              Resource: arn:aws:dynamodb:*:*:table/*\n"),
			map[string][]AWSCall{"F": {putItem}}, nil},
		{"an unknown managed policy silences", samFn("F", "        - arn:aws:iam::123456789012:policy/team-data\n        - DynamoDBReadPolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {putItem}},
			[]string{"SLS511 template.yaml:42 policy DynamoDBReadPolicy of function F grants dynamodb:GetItem"}},
		{"an AWS managed policy that reads", samFn("F", "        - AmazonDynamoDBReadOnlyAccess\n"),
			map[string][]AWSCall{"F": {putItem}},
			[]string{"SLS510 cmd/fn/main.go:10 dynamodb.PutItem needs dynamodb:PutItem on table Orders"}},
		{"an explicit deny wins", samFn("F", "        - Statement:\n            - Effect: Allow\n              Action: dynamodb:*\n              Resource: \"*\"\n            - Effect: Deny\n              Action: dynamodb:PutItem\n              Resource: \"*\"\n"),
			map[string][]AWSCall{"F": {putItem}},
			[]string{"SLS510 cmd/fn/main.go:10 dynamodb.PutItem needs dynamodb:PutItem on table Orders"}},
		{"NotAction grants the rest", samFn("F", "        - Statement:\n            - Effect: Allow\n              NotAction: iam:*\n              Resource: \"*\"\n"),
			map[string][]AWSCall{"F": {putItem}}, nil},
		{"a query on an index needs the index", samFn("F", "        - Statement:\n            - Effect: Allow\n              Action: dynamodb:Query\n              Resource: !GetAtt Orders.Arn\n"),
			map[string][]AWSCall{"F": {query}},
			[]string{"SLS510 cmd/fn/main.go:30 dynamodb.Query needs dynamodb:Query on index Orders"}},
		{"the index is in the read template", samFn("F", "        - DynamoDBReadPolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {query}},
			nil},
		{"objects are not the bucket", samFn("F", "        - Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: !GetAtt Uploads.Arn\n"),
			map[string][]AWSCall{"F": {getObject}},
			[]string{"SLS510 cmd/fn/main.go:20 s3.GetObject needs s3:GetObject on object Uploads"}},
		{"the bucket's objects", samFn("F", "        - Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: !Sub \"${Uploads.Arn}/*\"\n"),
			map[string][]AWSCall{"F": {getObject}}, nil},
		{"a narrower template fits", samFn("F", "        - S3CrudPolicy:\n            BucketName: !Ref Uploads\n"),
			map[string][]AWSCall{"F": {getObject}},
			[]string{"SLS512 template.yaml:41 S3ReadPolicy fits function F instead of S3CrudPolicy: its code uses only s3:GetObject"}},
		{"a batch send is a send", samFn("F", "        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Jobs.QueueName\n        - SNSPublishMessagePolicy:\n            TopicName: !GetAtt Events.TopicName\n"),
			map[string][]AWSCall{"F": {sendBatch, publish}}, nil},
		{"the send policy of another queue", samFn("F", "        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Other.QueueName\n"),
			map[string][]AWSCall{"F": {sendBatch}},
			[]string{"SLS510 cmd/fn/main.go:40 sqs.SendMessageBatch needs sqs:SendMessage on queue Jobs"}},
		{"a transaction needs each item's action", samFn("F", "        - DynamoDBWritePolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {call("dynamodb", "TransactWriteItems", 60, map[string]string{
				"TransactItems.Put.TableName": "$TABLE", "TransactItems.Delete.TableName": "$TABLE"})}},
			[]string{"SLS510 cmd/fn/main.go:60 dynamodb.TransactWriteItems needs dynamodb:DeleteItem on table Orders"}},
		{"an unknown target needs the action somewhere", samFn("F", "        - DynamoDBReadPolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {call("sqs", "SendMessage", 70, map[string]string{"QueueUrl": "*"})}},
			[]string{"SLS510 cmd/fn/main.go:70 sqs.SendMessage needs sqs:SendMessage on any resource",
				"SLS511 template.yaml:41 policy DynamoDBReadPolicy of function F grants dynamodb:GetItem"}},
		{"an unknown target may be the granted one", samFn("F", "        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Jobs.QueueName\n"),
			map[string][]AWSCall{"F": {call("sqs", "SendMessage", 70, map[string]string{"QueueUrl": "*"})}}, nil},
		{"each function has its own policy: G never writes", samFn("F", "        - DynamoDBWritePolicy:\n            TableName: !Ref Orders\n") +
			samFn("G", "        - DynamoDBWritePolicy:\n            TableName: !Ref Orders\n"),
			map[string][]AWSCall{"F": {putItem}}, []string{"SLS511 template.yaml:47 policy DynamoDBWritePolicy of function G grants dynamodb:PutItem"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := loadProject(t, model.CloudFormation, "template.yaml", sam(tt.functions))
			got := check(t, p, tt.calls, "")
			if !matches(got, tt.want) {
				t.Errorf("got:\n%s\nwant (prefixes):\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// matches reports whether each finding starts with the corresponding wanted prefix.
func matches(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			return false
		}
	}
	return true
}

// Code whose calls are not all known is never said to leave a policy unused; a missing
// permission is still reported.
func TestPermissionsIncompleteCode(t *testing.T) {
	p := loadProject(t, model.CloudFormation, "template.yaml", sam(samFn("F", "        - DynamoDBReadPolicy:\n            TableName: !Ref Orders\n")))
	got := check(t, p, map[string][]AWSCall{"F": {getObject}}, "calls through store.Store whose implementation is not known")
	if len(got) != 1 || !strings.HasPrefix(got[0], "SLS510 ") {
		t.Errorf("got %v, want only the SLS510 of GetObject", got)
	}
}

const terraformSrc = `
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
resource "aws_dynamodb_table" "audit" {
  name     = "audit"
  hash_key = "id"
}
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "fn" {
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:PutItem"]
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}
resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "fn.zip"
  environment {
    variables = {
      TABLE     = aws_dynamodb_table.orders.name
      AUDIT     = aws_dynamodb_table.audit.name
      QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
    }
  }
}
`

// Terraform: a role policy in jsonencode and an AWS managed policy attachment.
func TestPermissionsTerraform(t *testing.T) {
	p := loadProject(t, model.Terraform, "main.tf", terraformSrc)
	id := "aws_lambda_function.fn"
	if got := check(t, p, map[string][]AWSCall{id: {putItem}}, ""); len(got) != 0 {
		t.Errorf("the granted PutItem: %v", got)
	}
	got := check(t, p, map[string][]AWSCall{id: {putItem, call("sqs", "SendMessage", 80, map[string]string{"QueueUrl": "$QUEUE_URL"})}}, "")
	if !matches(got, []string{"SLS510 cmd/fn/main.go:80 sqs.SendMessage needs sqs:SendMessage on arn:aws:sqs:eu-west-1:123456789012:jobs"}) {
		t.Errorf("the queue the role does not grant: %v", got)
	}
	got = check(t, p, map[string][]AWSCall{id: {getObject}}, "")
	if !matches(got, []string{"SLS510 cmd/fn/main.go:20", "SLS511 main.tf:14 policy (inline statements) of function aws_lambda_function.fn grants dynamodb:PutItem"}) {
		t.Errorf("code that never writes the table: %v", got)
	}
	// The statement names the orders table by reference (aws_dynamodb_table.orders.arn): a
	// write to the audit table is not covered.
	got = check(t, p, map[string][]AWSCall{id: {putItem, call("dynamodb", "PutItem", 12, map[string]string{"TableName": "$AUDIT"})}}, "")
	if !matches(got, []string{"SLS510 cmd/fn/main.go:12 dynamodb.PutItem needs dynamodb:PutItem on table aws_dynamodb_table.audit"}) {
		t.Errorf("a write to the other table: %v", got)
	}
}

const serverlessSrc = `service: orders
provider:
  name: aws
  runtime: provided.al2023
  environment:
    TABLE: !Ref Orders
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:UpdateItem]
          Resource: !GetAtt Orders.Arn
functions:
  fn:
    handler: bootstrap
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
`

// serverless.yml: provider.iam.role.statements on a table of resources:.
func TestPermissionsServerless(t *testing.T) {
	p := loadProject(t, model.Serverless, "serverless.yml", serverlessSrc)
	if got := check(t, p, map[string][]AWSCall{"fn": {putItem}}, ""); len(got) != 0 {
		t.Errorf("the granted PutItem: %v", got)
	}
	got := check(t, p, map[string][]AWSCall{"fn": {call("dynamodb", "DeleteItem", 90, map[string]string{"TableName": "$TABLE"})}}, "")
	if !matches(got, []string{"SLS510 cmd/fn/main.go:90 dynamodb.DeleteItem needs dynamodb:DeleteItem on table Orders",
		"SLS511 serverless.yml:10 policy (inline statements) of function fn grants dynamodb:PutItem, dynamodb:UpdateItem"}) {
		t.Errorf("a delete the role does not grant: %v", got)
	}
}

// A queue encrypted with a customer managed key needs the key's actions of a sender: they
// are in its needs (slslint policy writes them), but SLS510 leaves them to the key's own
// policy, which it does not read. The AWS managed key needs nothing.
func TestPermissionsSSEKMS(t *testing.T) {
	src := strings.Replace(sam(samFn("F", "        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Secure.QueueName\n")),
		"QUEUE_URL: !Ref Jobs", "QUEUE_URL: !Ref Secure", 1)
	src = strings.Replace(src, "TOPIC_ARN: !Ref Events", "TOPIC_ARN: !Ref Events\n        MANAGED_URL: !Ref Managed", 1)
	p := loadProject(t, model.CloudFormation, "template.yaml", src)
	calls := map[string][]AWSCall{"F": {call("sqs", "SendMessage", 40, map[string]string{"QueueUrl": "$QUEUE_URL"}),
		call("sqs", "SendMessage", 41, map[string]string{"QueueUrl": "$MANAGED_URL"})}}
	if got := check(t, p, calls, ""); len(got) != 1 || !strings.Contains(got[0], "queue Managed") {
		t.Errorf("findings: %v, want only the send to the queue the policy does not name", got)
	}
	f, _ := p.Function("F")
	lk := &Link{Project: p, Function: f, Dir: "cmd/F", Program: &Program{AWSCalls: calls["F"], Entries: []*Entry{{Name: "handle"}}}}
	var kms []string
	for _, n := range NeedsOf(lk).List {
		if strings.HasPrefix(n.Action, "kms:") {
			kms = append(kms, fmt.Sprintf("%s on %s implied=%v", n.Action, n.Resource, n.Implied))
		}
	}
	if strings.Join(kms, "; ") != "kms:GenerateDataKey on ${Key.Arn} implied=true; kms:Decrypt on ${Key.Arn} implied=true" {
		t.Errorf("KMS needs: %v", kms)
	}
}

// A literal name that the template gives one of its resources names that resource: the
// need refers to it (slslint policy writes a reference), and the role's grant on it covers it.
func TestPermissionsLiteralName(t *testing.T) {
	src := strings.Replace(sam(samFn("F", "        - DynamoDBWritePolicy:\n            TableName: !Ref Orders\n")),
		"  Orders:\n    Type: AWS::DynamoDB::Table\n", "  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: orders-table\n", 1)
	p := loadProject(t, model.CloudFormation, "template.yaml", src)
	c := call("dynamodb", "PutItem", 10, map[string]string{"TableName": "orders-table"})
	if got := check(t, p, map[string][]AWSCall{"F": {c}}, ""); len(got) != 0 {
		t.Errorf("findings: %v", got)
	}
	f, _ := p.Function("F")
	needs := NeedsOf(&Link{Project: p, Function: f, Dir: "cmd/F", Program: &Program{AWSCalls: []AWSCall{c}, Entries: []*Entry{{Name: "handle"}}}})
	if len(needs.List) != 1 || needs.List[0].Ref != "Orders" {
		t.Errorf("needs: %+v", needs.List)
	}
}

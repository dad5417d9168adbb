package leastprivilege_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iac"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iam/leastprivilege"
)

// Resources of types the model does not hold are written as each type names its ARN: a
// secret by its Ref, a KMS key by its Arn attribute; an index and the objects of a bucket
// after their table's and bucket's ARN; an unknown target as "*" with the reason.
func TestWriteReferences(t *testing.T) {
	dir := t.TempDir()
	src := `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Uploads:
    Type: AWS::S3::Bucket
  Secret:
    Type: AWS::SecretsManager::Secret
  Key:
    Type: AWS::KMS::Key
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: !Ref Key
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: cmd/fn/
      Environment:
        Variables:
          TABLE: !Ref Orders
          BUCKET: !Ref Uploads
          SECRET: !Ref Secret
          QUEUE: !Ref Jobs
`
	if err := os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m := iac.Load(context.Background(), []model.Source{{Format: model.CloudFormation, Abs: filepath.Join(dir, "template.yaml"), Rel: "template.yaml"}}, iac.Options{Root: dir})
	p := m.Projects[0]
	f, _ := p.Function("Fn")
	at := model.Range{File: "cmd/fn/main.go", Line: 7, Column: 2}
	env := func(name string) []crosslayer.ValuePart { return []crosslayer.ValuePart{{Env: name}} }
	calls := []crosslayer.AWSCall{
		{Package: "dynamodb", Operation: "Query", Fields: []string{"TableName", "IndexName"}, Seen: true, At: at,
			Values: []crosslayer.FieldValue{{Path: "TableName", Parts: env("TABLE")}, {Path: "IndexName", Parts: []crosslayer.ValuePart{{Lit: "byDate"}}}}},
		{Package: "s3", Operation: "PutObject", Fields: []string{"Bucket", "Key"}, Seen: true, At: at,
			Values: []crosslayer.FieldValue{{Path: "Bucket", Parts: env("BUCKET")}, {Path: "Key", Parts: []crosslayer.ValuePart{{Lit: "out/"}, {Unknown: true}}}}},
		{Package: "secretsmanager", Operation: "GetSecretValue", Fields: []string{"SecretId"}, Seen: true, At: at,
			Values: []crosslayer.FieldValue{{Path: "SecretId", Parts: env("SECRET")}}},
		{Package: "sqs", Operation: "SendMessage", Fields: []string{"QueueUrl"}, Seen: true, At: at,
			Values: []crosslayer.FieldValue{{Path: "QueueUrl", Parts: env("QUEUE")}}},
		{Package: "sns", Operation: "Publish", Fields: []string{"TopicArn"}, Seen: false, At: at},
	}
	lk := &crosslayer.Link{Project: p, Function: f, Dir: "cmd/fn", Program: &crosslayer.Program{AWSCalls: calls, Entries: []*crosslayer.Entry{{Name: "handle"}}}}
	report := leastprivilege.Build(crosslayer.PermissionsOf([]*crosslayer.Link{lk}))
	var buf bytes.Buffer
	if err := leastprivilege.Template(&buf, report); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`!Sub "${Orders.Arn}/index/byDate"`,
		`!Sub "${Uploads.Arn}/out/*"`,
		"!Ref Secret",
		"!GetAtt Key.Arn",
		"- SQSSendMessagePolicy:\n      QueueName: !GetAtt Jobs.QueueName",
		`- "*" # the TopicArn it is given is not in sight`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

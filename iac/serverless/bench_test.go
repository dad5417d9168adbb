package serverless

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// generateService writes a realistic service: i selects its size and features.
func generateService(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "service: svc%d\nframeworkVersion: '%d'\n", i, 3+i%2)
	b.WriteString("plugins:\n  - serverless-go-plugin\ncustom:\n  table: ${self:service}-${sls:stage}-table\n  go:\n    supportedRuntimes: [provided.al2023]\n")
	b.WriteString("provider:\n  name: aws\n  runtime: provided.al2023\n  architecture: arm64\n  stage: ${opt:stage, 'dev'}\n  region: ${opt:region, 'eu-west-1'}\n  timeout: 10\n  logRetentionInDays: 14\n")
	b.WriteString("  environment:\n    TABLE: ${self:custom.table}\n    SECRET: ${ssm:/svc/secret}\n")
	b.WriteString("  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: [dynamodb:PutItem, dynamodb:GetItem]\n          Resource: !GetAtt Table.Arn\n        - Effect: Allow\n          Action: sqs:SendMessage\n          Resource: !GetAtt Queue.Arn\n")
	b.WriteString("functions:\n")
	for f := 0; f < 5+i%11; f++ {
		fmt.Fprintf(&b, "  fn%d:\n    handler: ./cmd/fn%d\n    memorySize: %d\n    reservedConcurrency: %d\n    environment:\n      QUEUE: !Ref Queue\n    events:\n", f, f, 128<<(f%4), 5+f)
		switch f % 5 {
		case 0:
			fmt.Fprintf(&b, "      - httpApi: 'GET /items/%d'\n      - http:\n          path: items/%d\n          method: post\n          authorizer: aws_iam\n", f, f)
		case 1:
			b.WriteString("      - sqs:\n          arn: !GetAtt Queue.Arn\n          batchSize: 5\n          functionResponseType: ReportBatchItemFailures\n")
		case 2:
			b.WriteString("      - stream:\n          type: dynamodb\n          arn: !GetAtt Table.StreamArn\n          maximumRetryAttempts: 3\n          destinations:\n            onFailure: !GetAtt DLQ.Arn\n")
		case 3:
			fmt.Fprintf(&b, "      - s3:\n          bucket: svc%d-${sls:stage}-uploads-%d\n          rules:\n            - prefix: in/\n      - sns: alerts-%d\n", i, f, f)
		default:
			b.WriteString("      - schedule: rate(5 minutes)\n      - eventBridge:\n          pattern:\n            source: [aws.ec2]\n")
		}
	}
	b.WriteString("resources:\n  Resources:\n")
	b.WriteString("    Queue:\n      Type: AWS::SQS::Queue\n      Properties:\n        QueueName: ${self:service}-queue\n        VisibilityTimeout: 60\n        RedrivePolicy:\n          deadLetterTargetArn: !GetAtt DLQ.Arn\n          maxReceiveCount: 5\n")
	b.WriteString("    DLQ:\n      Type: AWS::SQS::Queue\n")
	b.WriteString("    Table:\n      Type: AWS::DynamoDB::Table\n      Properties:\n        TableName: ${self:custom.table}\n        KeySchema:\n          - AttributeName: pk\n            KeyType: HASH\n        StreamSpecification:\n          StreamViewType: NEW_IMAGE\n")
	if i%3 == 0 {
		b.WriteString("    Budget:\n      Type: AWS::Budgets::Budget\n      Properties:\n        Budget:\n          BudgetType: COST\n")
	}
	return b.String()
}

// BenchmarkLoad loads 300 generated services per iteration.
func BenchmarkLoad(b *testing.B) {
	const services = 300
	files := map[string]string{}
	for i := 0; i < services; i++ {
		files[fmt.Sprintf("svc%d/serverless.yml", i)] = generateService(i)
	}
	dir := writeTree(b, files)
	var sources []model.Source
	for i := 0; i < services; i++ {
		rel := fmt.Sprintf("svc%d/serverless.yml", i)
		sources = append(sources, model.Source{Format: model.Serverless, Abs: filepath.Join(dir, filepath.FromSlash(rel)), Rel: rel})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := &model.Model{}
		Load(context.Background(), m, sources, Options{Root: dir, CloudFormation: testCloudFormation})
		if len(m.Projects) != services || len(m.Problems) != 0 {
			b.Fatalf("%d projects, problems %v", len(m.Projects), m.Problems)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*services), "µs/service")
}

// The generated services load without problems and with every function linked.
func TestGeneratedServices(t *testing.T) {
	for i := 0; i < 12; i++ {
		p, problems := loadOne(t, generateService(i))
		if len(problems) > 0 {
			t.Fatalf("service %d: %v", i, problems)
		}
		for _, f := range p.Functions {
			if f.Code.Dir.Origin != model.Explicit || f.TimeoutSeconds.Value != 10 || len(f.Triggers) == 0 {
				t.Errorf("service %d %s: code %s timeout %s, %d triggers", i, f.ID, attr(f.Code.Dir), attr(f.TimeoutSeconds), len(f.Triggers))
			}
		}
	}
}

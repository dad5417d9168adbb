package cloudformation

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// typicalSAM returns the i-th template of a generated corpus: a SAM service with Globals,
// four Go functions with API, SQS, schedule and stream events, a queue with a DLQ, a
// table, a bucket, policies, a log group and an alarm, about 170 lines.
func typicalSAM(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: service %[1]d
Parameters:
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Runtime: provided.al2023
    Handler: bootstrap
    Architectures: [arm64]
    Timeout: %[2]d
    MemorySize: 256
    Tracing: Active
    Environment:
      Variables:
        STAGE: !Ref Stage
        TABLE: !Ref Table
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "svc%[1]d-${Stage}"
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      StreamSpecification: {StreamViewType: NEW_IMAGE}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 180
      RedrivePolicy: {deadLetterTargetArn: !GetAtt DLQ.Arn, maxReceiveCount: 5}
  DLQ:
    Type: AWS::SQS::Queue
  Uploads:
    Type: AWS::S3::Bucket
`, i, 10+i%20)
	for f := range 4 {
		fmt.Fprintf(&b, `  Fn%[1]d:
    Type: AWS::Serverless::Function
    Metadata: {BuildMethod: go1.x}
    Properties:
      CodeUri: cmd/fn%[1]d/
      ReservedConcurrentExecutions: !If [IsProd, 50, 5]
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
          BUCKET: !Ref Uploads
      Policies:
        - DynamoDBCrudPolicy: {TableName: !Ref Table}
        - SQSSendMessagePolicy: {QueueName: !GetAtt Queue.QueueName}
        - Statement:
            - Effect: Allow
              Action: [s3:GetObject, s3:PutObject]
              Resource: !Sub "arn:${AWS::Partition}:s3:::${Uploads}/*"
      Events:
`, f)
		switch f {
		case 0:
			b.WriteString("        Get: {Type: Api, Properties: {Path: \"/items/{id}\", Method: get}}\n        Put: {Type: Api, Properties: {Path: /items, Method: post}}\n")
		case 1:
			b.WriteString("        Work: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 10, FunctionResponseTypes: [ReportBatchItemFailures]}}\n")
		case 2:
			b.WriteString("        Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}\n")
		case 3:
			b.WriteString("        Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 3}}\n")
		}
		fmt.Fprintf(&b, `  Fn%[1]dLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Fn%[1]d}
      RetentionInDays: 30
`, f)
	}
	b.WriteString(`  Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions: [{Name: FunctionName, Value: !Ref Fn1}]
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
`)
	return b.String()
}

// BenchmarkLoad1000SAM loads a generated corpus of 1,000 typical SAM templates per
// iteration; ms/100-templates is the figure the IaC half is held to (well under a second of
// CPU per hundred templates, checks included).
func BenchmarkLoad1000SAM(b *testing.B) {
	corpus := make([][]byte, 1000)
	bytes := 0
	for i := range corpus {
		corpus[i] = []byte(typicalSAM(i))
		bytes += len(corpus[i])
	}
	root := b.TempDir()
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		for i, src := range corpus {
			res := loadTemplate(src, fmt.Sprintf("svc%d/template.yaml", i), root)
			if res.project == nil || len(res.project.Functions) != 4 {
				b.Fatalf("template %d: %v", i, res.problems)
			}
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N)/10, "ms/100-templates")
}

// TestTypicalSAM keeps the benchmark's corpus honest: each template loads completely.
func TestTypicalSAM(t *testing.T) {
	res := loadString(t, "svc/template.yaml", typicalSAM(7))
	if len(res.problems) != 0 || len(res.project.Functions) != 4 || len(res.project.LogGroups) != 4 {
		t.Fatalf("problems %v", res.problems)
	}
	for _, f := range res.project.Functions {
		if len(f.Triggers) == 0 || !f.LogRetentionDays.Known() || f.TimeoutSeconds.Value != 17 {
			t.Errorf("%s: triggers %d retention %+v timeout %+v", f.ID, len(f.Triggers), f.LogRetentionDays, f.TimeoutSeconds)
		}
	}
}

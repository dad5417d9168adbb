package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

// Functions that only Kinesis or DynamoDB stream triggers invoke: their concurrency is
// bounded by the stream's shards × ParallelizationFactor, so SLS302 does not ask for a cap
// (one below the bound stalls shards) and SLS305 prices the bound, not the account limit.

// samStreamFn is a SAM function Api with extra properties and a Kinesis event on the stream
// Orders; header is the function's key as written (with a mark), events more events.
func samStreamFn(header, extra, eventExtra, events string) string {
	return `  ` + header + `:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
` + extra + `      Events:
        Orders:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Orders.Arn
            StartingPosition: LATEST
            MaximumRetryAttempts: 3
` + eventExtra + events
}

// kinesisStream is an AWS::Kinesis::Stream Orders with the given properties.
func kinesisStream(props string) string {
	return "  Orders:\n    Type: AWS::Kinesis::Stream\n    Properties:\n" + props
}

const samDynamoDBStreamFn = `  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      BillingMode: PAY_PER_REQUEST
      StreamSpecification: {StreamViewType: NEW_IMAGE}
`

// tfStreamFn is a Terraform function api invoked by the Kinesis stream orders; fnExtra is
// written in the function's block, extra after the mapping.
func tfStreamFn(stream, fnExtra, mapping, extra string) map[string]string {
	return tfT(`resource "aws_kinesis_stream" "orders" {
  name = "orders"
` + stream + `}

` + tfFn + fnExtra + `}

resource "aws_lambda_event_source_mapping" "orders" {
  function_name          = aws_lambda_function.api.arn
  event_source_arn       = aws_kinesis_stream.orders.arn
  starting_position      = "LATEST"
  maximum_retry_attempts = 3
` + mapping + `}
` + extra)
}

// markTFFunction marks the header of aws_lambda_function.api as where a finding belongs.
func markTFFunction(files map[string]string) map[string]string {
	files["main.tf"] = strings.Replace(files["main.tf"], `resource "aws_lambda_function" "api"`, `▶resource "aws_lambda_function" "api"`, 1)
	return files
}

func TestStreamOnlyConcurrencyFormats(t *testing.T) {
	testFormats(t, rules.NoConcurrencyLimit, []formatCase{
		{name: "sam function only a Kinesis stream invokes", files: samT(kinesisStream("      ShardCount: 4\n") + samStreamFn("Api", "", "", ""))},
		{name: "sam stream function that an HTTP API also invokes", files: samT(kinesisStream("      ShardCount: 4\n") +
			samStreamFn("▶Api", "", "", "        Get:\n          Type: HttpApi\n"))},
		{name: "sam function only a DynamoDB stream invokes", files: samT(samDynamoDBStreamFn + samFn + `      Events:
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
            StartingPosition: LATEST
            MaximumRetryAttempts: 3
`)},
		{name: "terraform function only a Kinesis stream invokes", files: tfStreamFn("  shard_count = 4\n", "", "", "")},
		{name: "terraform stream function that a URL also invokes", files: markTFFunction(tfStreamFn("  shard_count = 4\n", "", "", `
resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "AWS_IAM"
}
`))},
		{name: "serverless function only a stream invokes", files: slsT(`service: orders
provider:
  name: aws
functions:
  projector:
    handler: bootstrap
    events:
      - stream:
          type: kinesis
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/orders
          maximumRetryAttempts: 3
`)},
		{name: "serverless stream function with an http event too", files: slsT(`service: orders
provider:
  name: aws
functions:
  ▶projector:
    handler: bootstrap
    events:
      - stream:
          type: kinesis
          arn: arn:aws:kinesis:us-east-1:123456789012:stream/orders
          maximumRetryAttempts: 3
      - httpApi: GET /orders
`)},
	})
}

func TestStreamOnlyWorstCaseCostFormats(t *testing.T) {
	testFormats(t, rules.WorstCaseCost, []formatCase{
		{name: "sam 100 shards × 10 at 1 GB", contains: []string{"1,000 concurrent executions (its streams' shards × ParallelizationFactor)"},
			files: samT(kinesisStream("      ShardCount: 100\n") + samStreamFn("▶Api", "      MemorySize: 1024\n", "            ParallelizationFactor: 10\n", ""))},
		{name: "sam 4 shards at 1 GB", files: samT(kinesisStream("      ShardCount: 4\n") + samStreamFn("Api", "      MemorySize: 1024\n", "", ""))},
		{name: "sam on-demand stream at 10 GB: bounded by shards not known", files: samT(kinesisStream("      StreamModeDetails: {StreamMode: ON_DEMAND}\n") +
			samStreamFn("Api", "      MemorySize: 10240\n", "", ""))},
		{name: "sam DynamoDB stream at 10 GB: bounded by shards not known", files: samT(samDynamoDBStreamFn + samFn + `      MemorySize: 10240
      Events:
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
            StartingPosition: LATEST
            MaximumRetryAttempts: 3
`)},
		{name: "sam 4 shards at 10 GB with an HTTP API too: the account limit", files: samT(kinesisStream("      ShardCount: 4\n") +
			samStreamFn("▶Api", "      MemorySize: 10240\n", "", "        Get:\n          Type: HttpApi\n"))},
		{name: "terraform 200 shards × 5 at 1 GB", files: markTFFunction(tfStreamFn("  shard_count = 200\n", "  memory_size = 1024\n", "  parallelization_factor = 5\n", ""))},
		{name: "terraform on-demand stream at 10 GB", files: tfStreamFn("  stream_mode_details {\n    stream_mode = \"ON_DEMAND\"\n  }\n", "  memory_size = 10240\n", "", "")},
		{name: "terraform 4 shards at 1 GB", files: tfStreamFn("  shard_count = 4\n", "  memory_size = 1024\n", "", "")},
	})
}

// Log subscription filters with a function destination: CloudWatch Logs invokes the function
// asynchronously, so it needs somewhere for failed batches to go (SLS121), and it is not a
// function that only polled sources invoke (the cost model).
func TestLogSubscriptionFilterFormats(t *testing.T) {
	cfnFilter := func(fnExtra string) map[string]string {
		return cfnT(`  ▶Shipper:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/shipper
      Code: {S3Bucket: b, S3Key: k}
` + fnExtra + `  ▷Filter:
    Type: AWS::Logs::SubscriptionFilter
    Properties:
      LogGroupName: /aws/lambda/orders
      FilterPattern: ERROR
      DestinationArn: !GetAtt Shipper.Arn
  ShipperPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Shipper
      Action: lambda:InvokeFunction
      Principal: logs.amazonaws.com
      SourceArn: arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*
`)
	}
	tfFilter := func(fnExtra string) map[string]string {
		return tfT(`▶resource "aws_lambda_function" "shipper" {
  function_name = "shipper"
  role          = "arn:aws:iam::123456789012:role/shipper"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "shipper.zip"
` + fnExtra + `}

▷resource "aws_cloudwatch_log_subscription_filter" "errors" {
  name            = "errors"
  log_group_name  = "/aws/lambda/orders"
  filter_pattern  = "ERROR"
  destination_arn = aws_lambda_function.shipper.arn
}

resource "aws_lambda_permission" "logs" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.shipper.function_name
  principal     = "logs.amazonaws.com"
  source_arn    = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders:*"
}
`)
	}
	testFormats(t, rules.AsyncNoFailureDestination, []formatCase{
		{name: "cfn subscription filter to a function without a failure destination", contains: []string{"CloudWatch Logs trigger"}, files: cfnFilter("")},
		{name: "cfn subscription filter to a function with a DLQ",
			files: unmark(cfnFilter("      DeadLetterConfig: {TargetArn: arn:aws:sqs:us-east-1:123456789012:shipper-dlq}\n"))},
		{name: "terraform subscription filter to a function without a failure destination", files: tfFilter("")},
		{name: "terraform subscription filter to a function with a DLQ",
			files: unmark(tfFilter("  dead_letter_config {\n    target_arn = \"arn:aws:sqs:us-east-1:123456789012:shipper-dlq\"\n  }\n"))},
		{name: "serverless cloudwatchLog event without a failure destination", files: slsT(`service: shipper
provider:
  name: aws
functions:
  ▶shipper:
    handler: bootstrap
    events:
      - ▷cloudwatchLog: /aws/lambda/orders
`)},
		{name: "serverless cloudwatchLog event with an on-failure destination", files: slsT(`service: shipper
provider:
  name: aws
functions:
  shipper:
    handler: bootstrap
    destinations:
      onFailure: arn:aws:sqs:us-east-1:123456789012:shipper-dlq
    events:
      - cloudwatchLog: /aws/lambda/orders
`)},
	})
}

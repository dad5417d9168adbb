package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

func TestStreamRetryUnboundedFormats(t *testing.T) {
	samStream := func(props string) map[string]string {
		return samT(`  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  Projector:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        ` + props)
	}
	cfnMapping := func(props string) map[string]string {
		return cfnT(`  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      StreamSpecification: {StreamViewType: NEW_IMAGE}
  Projector:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/projector
      Code: {S3Bucket: b, S3Key: k}
  ` + props)
	}
	tfMapping := func(attrs string) map[string]string {
		return tfT(`resource "aws_kinesis_stream" "orders" {
  name        = "orders"
  shard_count = 1
}

resource "aws_lambda_function" "projector" {
  function_name = "projector"
  role          = "arn:aws:iam::123456789012:role/projector"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "projector.zip"
}

` + attrs)
	}
	slsStream := func(event string) map[string]string {
		return slsT(`service: orders
provider:
  name: aws
  runtime: provided.al2023
functions:
  projector:
    handler: bootstrap
    events:
      - ` + event + `
resources:
  Resources:
    Orders:
      Type: AWS::Kinesis::Stream
      Properties:
        ShardCount: 1
`)
	}
	testFormats(t, rules.StreamRetryUnbounded, []formatCase{
		{name: "sam kinesis event with the defaults", contains: []string{"Kinesis trigger", "MaximumRetryAttempts"}, files: samStream(`▶Orders:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Stream.Arn
            StartingPosition: LATEST
`)},
		{name: "sam retries -1 written", files: samStream(`Orders:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Stream.Arn
            StartingPosition: LATEST
            MaximumRetryAttempts: ▶-1
`)},
		{name: "sam bounded retries with a destination", files: samStream(`Orders:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Stream.Arn
            StartingPosition: LATEST
            MaximumRetryAttempts: 3
            DestinationConfig:
              OnFailure:
                Destination: arn:aws:sqs:us-east-1:123456789012:projector-dlq
`)},
		{name: "cfn dynamodb stream mapping", contains: []string{"DynamoDB stream trigger"}, files: cfnMapping(`▶Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Projector
      EventSourceArn: !GetAtt Orders.StreamArn
      StartingPosition: LATEST
`)},
		{name: "cfn mapping with bisection", files: cfnMapping(`Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Projector
      EventSourceArn: !GetAtt Orders.StreamArn
      StartingPosition: LATEST
      BisectBatchOnFunctionError: true
`)},
		{name: "json kinesis mapping", files: jsonT(`    "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
    "Projector": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/p", "Code": {"ZipFile": "x"}}
    },
    ▶"Mapping": {
      "Type": "AWS::Lambda::EventSourceMapping",
      "Properties": {"FunctionName": {"Ref": "Projector"}, "EventSourceArn": {"Fn::GetAtt": ["Stream", "Arn"]}, "StartingPosition": "LATEST"}
    }
`)},
		{name: "json kinesis mapping with an on-failure destination", files: jsonT(`    "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
    "Projector": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/p", "Code": {"ZipFile": "x"}}
    },
    "Mapping": {
      "Type": "AWS::Lambda::EventSourceMapping",
      "Properties": {"FunctionName": {"Ref": "Projector"}, "EventSourceArn": {"Fn::GetAtt": ["Stream", "Arn"]}, "StartingPosition": "LATEST",
        "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:dlq"}}}
    }
`)},
		{name: "terraform mapping with the provider's defaults", contains: []string{"maximum_retry_attempts"}, files: tfMapping(`▶resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn  = aws_kinesis_stream.orders.arn
  function_name     = aws_lambda_function.projector.arn
  starting_position = "LATEST"
}
`)},
		{name: "terraform retries -1 written", files: tfMapping(`resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn       = aws_kinesis_stream.orders.arn
  function_name          = aws_lambda_function.projector.arn
  starting_position      = "LATEST"
  maximum_retry_attempts = ▶-1
}
`)},
		{name: "terraform bounded retries", files: tfMapping(`resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn       = aws_kinesis_stream.orders.arn
  function_name          = aws_lambda_function.projector.arn
  starting_position      = "LATEST"
  maximum_retry_attempts = 3
  destination_config {
    on_failure {
      destination_arn = "arn:aws:sqs:us-east-1:123456789012:projector-dlq"
    }
  }
}
`)},
		{name: "serverless stream event", contains: []string{"maximumRetryAttempts"}, files: slsStream(`▶stream:
          arn: !GetAtt Orders.Arn
          startingPosition: LATEST
`)},
		{name: "serverless stream event with bounded retries", files: slsStream(`stream:
          arn: !GetAtt Orders.Arn
          startingPosition: LATEST
          maximumRetryAttempts: 5
          destinations:
            onFailure: arn:aws:sqs:us-east-1:123456789012:projector-dlq
`)},
	})
}

func TestAsyncNoFailureDestinationFormats(t *testing.T) {
	samResize := func(extra string) map[string]string {
		return samT(`  Uploads:
    Type: AWS::S3::Bucket
  ▶Resize:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
` + extra + `      Events:
        ▷Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
`)
	}
	cfnResize := func(lambda, extra string) string {
		return lambda + `  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations:
          - ▷Event: s3:ObjectCreated:*
            Function: !GetAtt Resize.Arn
  UploadsPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Resize
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: !GetAtt Uploads.Arn
` + extra
	}
	cfnLambda := `  ▶Resize:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/resize
      Code: {S3Bucket: b, S3Key: k}
`
	tfResize := func(extra string) map[string]string {
		return tfT(`resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

▶resource "aws_lambda_function" "resize" {
  function_name = "resize"
  role          = "arn:aws:iam::123456789012:role/resize"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "resize.zip"
}

resource "aws_lambda_permission" "uploads" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.resize.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.uploads.arn
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  ▷lambda_function {
    lambda_function_arn = aws_lambda_function.resize.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
` + extra)
	}
	slsNightly := func(extra string) map[string]string {
		return slsT(`service: reports
provider:
  name: aws
  runtime: provided.al2023
functions:
  ▶nightly:
    handler: bootstrap
` + extra + `    events:
      - ▷schedule: cron(0 2 * * ? *)
`)
	}
	testFormats(t, rules.AsyncNoFailureDestination, []formatCase{
		{name: "sam s3 event", contains: []string{"S3 trigger Uploads", "OnFailure destination"}, files: samResize("")},
		{name: "sam schedule event is listed once", files: samT(`  ▶Nightly:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        ▷Nightly:
          Type: Schedule
          Properties:
            Schedule: cron(0 2 * * ? *)
`)},
		{name: "sam with an on-failure destination", files: func() map[string]string {
			f := samResize(`      EventInvokeConfig:
        DestinationConfig:
          OnFailure:
            Type: SQS
`)
			return unmark(f)
		}()},
		{name: "sam with a dead-letter queue", files: unmark(samResize(`      DeadLetterQueue:
        Type: SQS
        TargetArn: arn:aws:sqs:us-east-1:123456789012:resize-dlq
`))},
		{name: "cfn bucket notification and its permission are one source", files: cfnT(cfnResize(cfnLambda, ""))},
		{name: "cfn with an event invoke config", files: unmark(cfnT(cfnResize(cfnLambda, `  ResizeAsync:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Resize
      Qualifier: $LATEST
      DestinationConfig:
        OnFailure:
          Destination: arn:aws:sqs:us-east-1:123456789012:resize-dlq
`)))},
		{name: "json event rule targeting a function", files: jsonT(`    ▶"Tick": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/t", "Code": {"ZipFile": "x"}}
    },
    "Every5Minutes": {
      "Type": "AWS::Events::Rule",
      "Properties": {"ScheduleExpression": "rate(5 minutes)", "Targets": [▷{"Id": "tick", "Arn": {"Fn::GetAtt": ["Tick", "Arn"]}}]}
    }
`)},
		{name: "json event rule with a dead-letter config", files: jsonT(`    "Tick": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/t", "Code": {"ZipFile": "x"},
        "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-east-1:123456789012:tick-dlq"}}
    },
    "Every5Minutes": {
      "Type": "AWS::Events::Rule",
      "Properties": {"ScheduleExpression": "rate(5 minutes)", "Targets": [{"Id": "tick", "Arn": {"Fn::GetAtt": ["Tick", "Arn"]}}]}
    }
`)},
		{name: "terraform bucket notification and its permission are one source", contains: []string{"aws_lambda_function_event_invoke_config"}, files: tfResize("")},
		{name: "terraform with an event invoke config", files: unmark(tfResize(`
resource "aws_lambda_function_event_invoke_config" "resize" {
  function_name = aws_lambda_function.resize.function_name
  destination_config {
    on_failure {
      destination = "arn:aws:sqs:us-east-1:123456789012:resize-dlq"
    }
  }
}
`))},
		{name: "serverless schedule event is listed once", contains: []string{"destinations.onFailure"}, files: slsNightly("")},
		{name: "serverless with an on-failure destination", files: unmark(slsNightly(`    destinations:
      onFailure: arn:aws:sqs:us-east-1:123456789012:nightly-dlq
`))},
		{name: "serverless permission in resources for an asynchronous service", files: slsT(`service: alerts
provider:
  name: aws
functions:
  ▶notify:
    handler: bootstrap
resources:
  Resources:
    ▷NotifyPermission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !GetAtt NotifyLambdaFunction.Arn
        Action: lambda:InvokeFunction
        Principal: sns.amazonaws.com
        SourceArn: arn:aws:sns:us-east-1:123456789012:alerts
`)},
	})
}

// unmark returns files without their marks: the idiomatic twin of a firing case.
func unmark(files map[string]string) map[string]string {
	out := map[string]string{}
	for name, src := range files {
		src = strings.ReplaceAll(src, findingMark, "")
		out[name] = strings.ReplaceAll(src, relatedMark, "")
	}
	return out
}

func TestQueueNoRedriveFormats(t *testing.T) {
	samWorker := func(queue string) map[string]string {
		return samT(queue + `  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        ▷Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
`)
	}
	cfnMapping := `  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/worker
      Code: {S3Bucket: b, S3Key: k}
  ▷Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Worker
      EventSourceArn: !GetAtt Jobs.Arn
`
	tfWorker := func(queue string) map[string]string {
		return tfT(queue + `
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "worker.zip"
}

▷resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}
`)
	}
	slsWorker := func(queue string) map[string]string {
		return slsT(`service: jobs
provider:
  name: aws
functions:
  worker:
    handler: bootstrap
    events:
      - ▷sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
` + queue)
	}
	testFormats(t, rules.QueueNoRedrive, []formatCase{
		{name: "sam queue without redrive", contains: []string{"queue Jobs", "RedrivePolicy"}, files: samWorker(`  ▶Jobs:
    Type: AWS::SQS::Queue
`)},
		{name: "sam queue with redrive", files: unmark(samWorker(`  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDLQ.Arn
        maxReceiveCount: 5
  JobsDLQ:
    Type: AWS::SQS::Queue
`))},
		{name: "cfn queue without redrive", files: cfnT(`  ▶Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
` + cfnMapping)},
		{name: "cfn queue with redrive as a JSON string", files: unmark(cfnT(`  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: !Sub '{"deadLetterTargetArn": "${JobsDLQ.Arn}", "maxReceiveCount": 5}'
  JobsDLQ:
    Type: AWS::SQS::Queue
` + cfnMapping))},
		{name: "json queue without redrive", files: jsonT(`    ▶"Jobs": {"Type": "AWS::SQS::Queue"},
    "Worker": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/w", "Code": {"ZipFile": "x"}}
    },
    ▷"Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Worker"}, "EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}}}
`)},
		{name: "json queue with redrive", files: jsonT(`    "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["DLQ", "Arn"]}, "maxReceiveCount": 5}}},
    "DLQ": {"Type": "AWS::SQS::Queue"},
    "Worker": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/w", "Code": {"ZipFile": "x"}}
    },
    "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Worker"}, "EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}}}
`)},
		{name: "terraform queue without redrive", contains: []string{"redrive_policy"}, files: tfWorker(`▶resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
`)},
		{name: "terraform queue with redrive", files: unmark(tfWorker(`resource "aws_sqs_queue" "jobs_dlq" {
  name = "jobs-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}
`))},
		{name: "terraform redrive as its own resource", files: unmark(tfWorker(`resource "aws_sqs_queue" "jobs_dlq" {
  name = "jobs-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_redrive_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 5
  })
}
`))},
		{name: "serverless queue under resources without redrive", files: slsWorker(`    ▶Jobs:
      Type: AWS::SQS::Queue
`)},
		{name: "serverless queue under resources with redrive", files: unmark(slsWorker(`    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt JobsDLQ.Arn
          maxReceiveCount: 5
    JobsDLQ:
      Type: AWS::SQS::Queue
`))},
	})
}

func TestRecursiveTriggerFormats(t *testing.T) {
	samThumbnails := func(filter, policy string) map[string]string {
		return samT(`  Images:
    Type: AWS::S3::Bucket
  Thumbnails:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Policies:
        - S3CrudPolicy:
            BucketName: ` + policy + `
      Events:
        ▶Upload:
          Type: S3
          Properties:
            Bucket: !Ref Images
            Events: s3:ObjectCreated:*
` + filter)
	}
	cfnRelay := func(resource string) map[string]string {
		return cfnT(`  Jobs:
    Type: AWS::SQS::Queue
  Outbox:
    Type: AWS::SQS::Queue
  RelayRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:SendMessage]
                Resource: ` + resource + `
  Relay:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: !GetAtt RelayRole.Arn
      Code: {S3Bucket: b, S3Key: k}
  ▶Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Relay
      EventSourceArn: !GetAtt Jobs.Arn
`)
	}
	jsonFanout := func(resource string) map[string]string {
		return jsonT(`    "Events": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": "alias/aws/sns"}},
    "Other": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": "alias/aws/sns"}},
    "FanoutRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {"AssumeRolePolicyDocument": {}, "Policies": [{"PolicyName": "publish", "PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": "sns:Publish", "Resource": ` + resource + `}]}}]}
    },
    "Fanout": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": {"Fn::GetAtt": ["FanoutRole", "Arn"]}, "Code": {"ZipFile": "x"}}
    },
    ▶"Subscription": {
      "Type": "AWS::SNS::Subscription",
      "Properties": {"Protocol": "lambda", "TopicArn": {"Ref": "Events"}, "Endpoint": {"Fn::GetAtt": ["Fanout", "Arn"]}}
    }
`)
	}
	tfImages := func(filter, resource string) map[string]string {
		return tfT(`resource "aws_s3_bucket" "images" {
  bucket = "acme-images"
}

resource "aws_iam_role" "thumbnails" {
  name               = "thumbnails"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "thumbnails" {
  role = aws_iam_role.thumbnails.id
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = ` + resource + `
    }]
  })
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = aws_iam_role.thumbnails.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "thumbnails.zip"
}

resource "aws_s3_bucket_notification" "images" {
  bucket = aws_s3_bucket.images.id
  ▶lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnails.arn
    events              = ["s3:ObjectCreated:*"]
` + filter + `  }
}
`)
	}
	slsRelay := func(resource string) map[string]string {
		return slsT(`service: relay
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: ` + resource + `
functions:
  relay:
    handler: bootstrap
    events:
      - ▶sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
    Outbox:
      Type: AWS::SQS::Queue
`)
	}
	testFormats(t, rules.RecursiveTrigger, []formatCase{
		{name: "sam s3 crud policy on its own bucket", contains: []string{"bucket Images", "policy template S3CrudPolicy"},
			files: samThumbnails("", "▷!Ref Images")},
		{name: "sam notification filter separates reads from writes", files: unmark(samThumbnails(`            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: incoming/
`, "!Ref Images"))},
		{name: "sam recursive loop allowed", files: samT(`  Loop:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      RecursiveLoop: ▶Allow
`)},
		{name: "cfn send to its own queue", files: cfnRelay("▷!GetAtt Jobs.Arn")},
		{name: "cfn send to another queue", files: unmark(cfnRelay("!GetAtt Outbox.Arn"))},
		{name: "json publish to its own topic", files: jsonFanout(`▷{"Ref": "Events"}`)},
		{name: "json publish to another topic", files: unmark(jsonFanout(`{"Ref": "Other"}`))},
		{name: "terraform put into its own bucket", files: tfImages("", `▷"${aws_s3_bucket.images.arn}/*"`)},
		{name: "terraform writes outside the notification's prefix", files: unmark(tfImages(`    filter_prefix       = "incoming/"
`, `"${aws_s3_bucket.images.arn}/thumbnails/*"`))},
		{name: "terraform recursion config allows loops", files: tfT(`resource "aws_lambda_function" "loop" {
  function_name = "loop"
  role          = "arn:aws:iam::123456789012:role/loop"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "loop.zip"
}

resource "aws_lambda_function_recursion_config" "loop" {
  function_name  = aws_lambda_function.loop.function_name
  recursive_loop = ▶"Allow"
}
`)},
		{name: "serverless send to its own queue", files: slsRelay("▷!GetAtt Jobs.Arn")},
		{name: "serverless send to another queue", files: unmark(slsRelay("!GetAtt Outbox.Arn"))},
	})
}

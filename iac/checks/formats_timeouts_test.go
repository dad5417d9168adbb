package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

func TestFunctionTimeoutUnsetFormats(t *testing.T) {
	testFormats(t, rules.FunctionTimeoutUnset, []formatCase{
		{name: "sam without a timeout", contains: []string{"CloudFormation's default of 3 s", "set Timeout"}, files: samT("  ▶" + samFn[2:])},
		{name: "sam timeout in Globals", files: samG("  Function:\n    Timeout: 10\n", samFn)},
		{name: "cfn without a timeout", files: cfnT("  ▶" + cfnFn[2:])},
		{name: "cfn with a timeout", files: cfnT(cfnFn + "      Timeout: 10\n")},
		{name: "terraform without a timeout", contains: []string{"the AWS provider's default of 3 s", "set timeout"}, files: tfT("▶" + tfFn + "}\n")},
		{name: "terraform with a timeout", files: tfT(tfFn + "  timeout = 10\n}\n")},
		{name: "serverless without a timeout", contains: []string{"the Serverless Framework's default of 6 s"}, files: slsT(`service: api
provider:
  name: aws
functions:
  ▶api:
    handler: bootstrap
`)},
		{name: "serverless provider timeout", files: slsT(`service: api
provider:
  name: aws
  timeout: 10
functions:
  api:
    handler: bootstrap
`)},
		{name: "serverless raw function under resources defaults to 3 s", contains: []string{"CloudFormation's default of 3 s", "set Timeout"},
			files: slsT(`service: api
provider:
  name: aws
  timeout: 10
resources:
  Resources:
` + indent("  ▶"+cfnFn[2:], 2))},
	})
}

func TestTaskTimeoutUnsetFormats(t *testing.T) {
	samMachine := func(task string) map[string]string {
		return samT(`  Checkout:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Charge
        States:
          ` + task)
	}
	cfnMachine := func(task string) map[string]string {
		return cfnT(`  Checkout:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/sfn
      DefinitionString: |
        {
          "StartAt": "Charge",
          "States": {
            ` + task + `
          }
        }
`)
	}
	tfMachine := func(task string) map[string]string {
		return tfT(`resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Charge"
    States = {
      ` + task + `
    }
  })
}
`)
	}
	testFormats(t, rules.TaskTimeoutUnset, []formatCase{
		{name: "sam task without a timeout", contains: []string{`Task state "Charge"`}, files: samMachine(`▶Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            End: true
`)},
		{name: "sam task with a timeout", files: samMachine(`Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            TimeoutSeconds: 30
            End: true
`)},
		{name: "sam task token without a heartbeat", contains: []string{"HeartbeatSeconds"}, files: samMachine(`▶Charge:
            Type: Task
            Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken
            TimeoutSeconds: 3600
            End: true
`)},
		{name: "cfn definition string without a timeout", files: cfnMachine(`▶"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}`)},
		{name: "cfn definition string with a timeout path", files: cfnMachine(`"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$.timeout", "End": true}`)},
		{name: "json definition object without a timeout", files: jsonT(`    "Checkout": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "RoleArn": "arn:aws:iam::123456789012:role/sfn",
        "Definition": {
          "StartAt": "Charge",
          "States": {
            ▶"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}
          }
        }
      }
    }
`)},
		{name: "json definition object with a timeout", files: jsonT(`    "Checkout": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "RoleArn": "arn:aws:iam::123456789012:role/sfn",
        "Definition": {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 30, "End": true}}}
      }
    }
`)},
		{name: "terraform jsonencode without a timeout", files: tfMachine(`▶Charge = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        End      = true
      }`)},
		{name: "terraform jsonencode with a timeout", files: tfMachine(`Charge = {
        Type           = "Task"
        Resource       = "arn:aws:states:::lambda:invoke"
        TimeoutSeconds = 30
        End            = true
      }`)},
		{name: "serverless state machine under resources", files: slsT(`service: checkout
provider:
  name: aws
resources:
  Resources:
    Checkout:
      Type: AWS::StepFunctions::StateMachine
      Properties:
        RoleArn: arn:aws:iam::123456789012:role/sfn
        Definition:
          StartAt: Charge
          States:
            ▶Charge:
              Type: Task
              Resource: arn:aws:states:::lambda:invoke
              End: true
`)},
		{name: "serverless state machine under resources with a timeout", files: slsT(`service: checkout
provider:
  name: aws
resources:
  Resources:
    Checkout:
      Type: AWS::StepFunctions::StateMachine
      Properties:
        RoleArn: arn:aws:iam::123456789012:role/sfn
        Definition:
          StartAt: Charge
          States:
            Charge:
              Type: Task
              Resource: arn:aws:states:::lambda:invoke
              TimeoutSeconds: 30
              End: true
`)},
	})
}

func TestTimeoutExceedsIntegrationFormats(t *testing.T) {
	samAPI := func(timeout, event string) map[string]string {
		return samT(`  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Timeout: ` + timeout + `
      Events:
        ` + event)
	}
	cfnMethod := func(timeout string) map[string]string {
		return cfnT(`  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/api
      Code: {S3Bucket: b, S3Key: k}
      Timeout: ` + timeout + `
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  ▷Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !GetAtt RestApi.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Api.Arn}/invocations
`)
	}
	tfHTTP := func(timeout string) map[string]string {
		return tfT(tfFn + "  timeout = " + timeout + `
}

resource "aws_apigatewayv2_api" "http" {
  name          = "api"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.api.invoke_arn
  payload_format_version = "2.0"
}

▷resource "aws_apigatewayv2_route" "get" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /orders"
  target             = "integrations/${aws_apigatewayv2_integration.api.id}"
  authorization_type = "AWS_IAM"
}
`)
	}
	slsAPI := func(timeout string) map[string]string {
		return slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    timeout: ` + timeout + `
    events:
      - ▷http:
          path: /orders
          method: get
`)
	}
	testFormats(t, rules.TimeoutExceedsIntegration, []formatCase{
		{name: "sam rest api event", contains: []string{"29 s integration limit"}, files: samAPI("▶60", `▷Get:
          Type: Api
          Properties:
            Path: /orders
            Method: get
`)},
		{name: "sam rest api event within the limit", files: unmark(samAPI("29", `▷Get:
          Type: Api
          Properties:
            Path: /orders
            Method: get
`))},
		{name: "sam http api event at its 30 s limit", files: samAPI("30", `Get:
          Type: HttpApi
`)},
		{name: "sam http api event above its limit", contains: []string{"HTTP API's 30 s integration limit"}, files: samAPI("▶31", `▷Get:
          Type: HttpApi
`)},
		{name: "cfn rest method integrating the function", files: cfnMethod("▶60")},
		{name: "cfn rest method within the limit", files: unmark(cfnMethod("20"))},
		{name: "terraform http route integrating the function", files: tfHTTP("▶45")},
		{name: "terraform http route within the limit", files: unmark(tfHTTP("20"))},
		{name: "serverless http event", contains: []string{"set timeout to at most 29 s"}, files: slsAPI("▶40")},
		{name: "serverless http event within the limit", files: unmark(slsAPI("20"))},
	})
}

func TestVisibilityTimeoutTooShortFormats(t *testing.T) {
	samWorker := func(visibility string) map[string]string {
		return samT(`  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: ` + visibility + `
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Timeout: ▷30
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
`)
	}
	cfnWorker := func(queue string) map[string]string {
		return cfnT(queue + `  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/worker
      Code: {S3Bucket: b, S3Key: k}
      Timeout: ▷30
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Worker
      EventSourceArn: !GetAtt Jobs.Arn
`)
	}
	tfWorker := func(visibility string) map[string]string {
		return tfT(`resource "aws_sqs_queue" "jobs" {
  name                       = "jobs"
  visibility_timeout_seconds = ` + visibility + `
}

` + tfFn + `  timeout = ▷30
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.api.arn
}
`)
	}
	slsWorker := func(provider, queue string) map[string]string {
		return slsT(`service: jobs
provider:
  name: aws
` + provider + `functions:
  worker:
    handler: bootstrap
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
` + queue)
	}
	testFormats(t, rules.VisibilityTimeoutTooShort, []formatCase{
		{name: "sam visibility below the function timeout", level: rules.Error, files: samWorker("▶20")},
		{name: "sam visibility below six times the timeout", level: rules.Warning, files: samWorker("▶60")},
		{name: "sam visibility six times the timeout", files: unmark(samWorker("180"))},
		{name: "cfn default visibility below six times the timeout", level: rules.Warning, contains: []string{"default visibility timeout (30 s)"},
			files: cfnWorker("  ▶Jobs:\n    Type: AWS::SQS::Queue\n")},
		{name: "cfn visibility six times the timeout", files: unmark(cfnWorker("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 180\n"))},
		{name: "json visibility below the function timeout", level: rules.Error, files: jsonT(`    "Jobs": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": ▶10}},
    "Worker": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/w", "Code": {"ZipFile": "x"}, "Timeout": ▷30}
    },
    "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Worker"}, "EventSourceArn": {"Fn::GetAtt": ["Jobs", "Arn"]}}}
`)},
		{name: "terraform visibility equal to the timeout", level: rules.Warning, contains: []string{"visibility_timeout_seconds"}, files: tfWorker("▶30")},
		{name: "terraform visibility six times the timeout", files: unmark(tfWorker("180"))},
		{name: "serverless default timeout against the default visibility", level: rules.Warning,
			files: slsWorker("", "    ▶Jobs:\n      Type: AWS::SQS::Queue\n")},
		{name: "serverless visibility six times the timeout", files: slsWorker("  timeout: 10\n", "    Jobs:\n      Type: AWS::SQS::Queue\n      Properties:\n        VisibilityTimeout: 60\n")},
	})
}

func TestTimeoutAtMaximumFormats(t *testing.T) {
	testFormats(t, rules.TimeoutAtMaximum, []formatCase{
		{name: "sam function url with the maximum timeout", files: samT(samFn + `      Timeout: ▶900
      FunctionUrlConfig:
        ▷AuthType: AWS_IAM
`)},
		{name: "sam queue consumer with the maximum timeout", files: samT(samFn + `      Timeout: 900
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: arn:aws:sqs:us-east-1:123456789012:jobs
`)},
		{name: "cfn function url with the maximum timeout", files: cfnT(cfnFn + `      Timeout: ▶900
  ▷Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: AWS_IAM
`)},
		{name: "cfn function url with a short timeout", files: cfnT(cfnFn + `      Timeout: 30
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: AWS_IAM
`)},
		{name: "terraform function url with the maximum timeout", files: tfT(tfFn + `  timeout = ▶900
}

▷resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "AWS_IAM"
}
`)},
		{name: "terraform batch function with the maximum timeout", files: tfT(tfFn + "  timeout = 900\n}\n")},
		{name: "serverless alb event with the maximum timeout", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    timeout: ▶900
    events:
      - ▷alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2
          priority: 1
          conditions:
            path: /api
`)},
		{name: "serverless schedule with the maximum timeout", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    timeout: 900
    events:
      - schedule: rate(1 hour)
`)},
	})
}

// TestTaskTimeoutBoundedByFunctionFormats: a task that invokes a function of the project
// synchronously cannot outlive the function's timeout, so a missing TimeoutSeconds is at
// most a note.
func TestTaskTimeoutBoundedByFunctionFormats(t *testing.T) {
	samMachine := func(timeout, task string) map[string]string {
		return samT(`  Charge:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
` + timeout + `  Checkout:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Charge
        States:
          ` + task)
	}
	cfnMachine := func(task string) map[string]string {
		return cfnT(`  Charge:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/charge
      Code: {S3Bucket: b, S3Key: k}
      Timeout: ▷20
  Checkout:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/sfn
      DefinitionSubstitutions:
        ChargeArn: !GetAtt Charge.Arn
      DefinitionString: |
        {
          "StartAt": "Charge",
          "States": {
            ` + task + `
          }
        }
`)
	}
	tfMachine := func(timeout, task string) map[string]string {
		return tfT(`variable "charge_timeout" {
  type = number
}

resource "aws_lambda_function" "charge" {
  function_name = "charge"
  role          = "arn:aws:iam::123456789012:role/charge"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "charge.zip"
  timeout       = ` + timeout + `
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Charge"
    States = {
      ` + task + `
    }
  })
}
`)
	}
	testFormats(t, rules.TaskTimeoutUnset, []formatCase{
		{name: "sam lambda:invoke of a function with a timeout is a note", level: rules.Note, contains: []string{"function Charge synchronously", "(30 s)"},
			files: samMachine("      Timeout: ▷30\n", `▶Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !GetAtt Charge.Arn
              Payload.$: $
            End: true
`)},
		{name: "sam lambda:invoke of a function with the default timeout is a note", level: rules.Note, contains: []string{"(3 s)"},
			files: samMachine("", `▶Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !GetAtt Charge.Arn
            End: true
`)},
		{name: "sam lambda:invoke of a function with a timeout, with TimeoutSeconds", files: samMachine("      Timeout: 30\n", `Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !GetAtt Charge.Arn
            TimeoutSeconds: 60
            End: true
`)},
		{name: "sam task token to a function still needs a heartbeat", level: rules.Error, files: samMachine("      Timeout: 30\n", `▶Charge:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke.waitForTaskToken
            Parameters:
              FunctionName: !GetAtt Charge.Arn
              Payload:
                token.$: $$.Task.Token
            End: true
`)},
		{name: "cfn function ARN as the resource is a note", level: rules.Note,
			files: cfnMachine(`▶"Charge": {"Type": "Task", "Resource": "${ChargeArn}", "End": true}`)},
		{name: "cfn lambda:invoke of a function of another stack is an error", level: rules.Error,
			files: unmarkRelated(cfnMachine(`▶"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:other"}, "End": true}`))},
		{name: "terraform function ARN as the resource is a note", level: rules.Note,
			files: tfMachine("▷25", `▶Charge = { Type = "Task", Resource = aws_lambda_function.charge.arn, End = true }`)},
		{name: "terraform function whose timeout is not known is an error", level: rules.Error,
			files: tfMachine("var.charge_timeout", `▶Charge = { Type = "Task", Resource = aws_lambda_function.charge.arn, End = true }`)},
	})
}

// unmarkRelated removes the related-location marks, for a case whose finding has none.
func unmarkRelated(files map[string]string) map[string]string {
	out := map[string]string{}
	for name, src := range files {
		out[name] = strings.ReplaceAll(src, relatedMark, "")
	}
	return out
}

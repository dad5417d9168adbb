package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

func TestPublicFunctionURLFormats(t *testing.T) {
	testFormats(t, rules.PublicFunctionURL, []formatCase{
		{name: "sam url without auth", files: samT(samFn + "      FunctionUrlConfig:\n        AuthType: ▶NONE\n")},
		{name: "sam url with iam auth", files: samT(samFn + "      FunctionUrlConfig:\n        AuthType: AWS_IAM\n")},
		{name: "cfn url without auth", files: cfnT(cfnFn + `  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: ▶NONE
`)},
		{name: "cfn url with iam auth", files: cfnT(cfnFn + `  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: AWS_IAM
`)},
		{name: "json url without auth", files: jsonT(jsonFn[:len(jsonFn)-1] + `,
    "Url": {"Type": "AWS::Lambda::Url", "Properties": {"TargetFunctionArn": {"Fn::GetAtt": ["Api", "Arn"]}, "AuthType": ▶"NONE"}}
`)},
		{name: "json url with iam auth", files: jsonT(jsonFn[:len(jsonFn)-1] + `,
    "Url": {"Type": "AWS::Lambda::Url", "Properties": {"TargetFunctionArn": {"Fn::GetAtt": ["Api", "Arn"]}, "AuthType": "AWS_IAM"}}
`)},
		{name: "terraform url without auth", files: tfT(tfFn + `}

resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = ▶"NONE"
}
`)},
		{name: "terraform url with iam auth", files: tfT(tfFn + `}

resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "AWS_IAM"
}
`)},
		{name: "serverless url: true", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    url: ▶true
`)},
		{name: "serverless url with iam auth", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    url:
      authorizer: aws_iam
`)},
	})
}

func TestPublicInvokePermissionFormats(t *testing.T) {
	cfnPermission := func(principal, source string) string {
		return `  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Api
      Action: lambda:InvokeFunction
      Principal: ` + principal + `
` + source
	}
	tfPermission := func(principal, source string) map[string]string {
		return tfT(tfFn + `}

resource "aws_lambda_permission" "invoke" {
  statement_id  = "Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = ` + principal + `
` + source + `}
`)
	}
	testFormats(t, rules.PublicInvokePermission, []formatCase{
		{name: "sam permission for everyone", contains: []string{`principal "*"`}, files: samT(samFn + cfnPermission(`▶"*"`, ""))},
		{name: "sam permission for a service with its source", files: samT(samFn + cfnPermission("events.amazonaws.com", "      SourceArn: arn:aws:events:us-east-1:123456789012:rule/nightly\n"))},
		{name: "cfn service principal without a source", contains: []string{"SourceArn"}, files: cfnT(cfnFn + cfnPermission("▶sns.amazonaws.com", ""))},
		{name: "cfn service principal with its source", files: cfnT(cfnFn + cfnPermission("sns.amazonaws.com", "      SourceArn: arn:aws:sns:us-east-1:123456789012:alerts\n"))},
		{name: "cfn account principal", files: cfnT(cfnFn + cfnPermission(`"123456789012"`, ""))},
		{name: "json permission for everyone", files: jsonT(jsonFn[:len(jsonFn)-1] + `,
    "Permission": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Api"}, "Action": "lambda:InvokeFunction", "Principal": ▶"*"}}
`)},
		{name: "json service principal with its source account", files: jsonT(jsonFn[:len(jsonFn)-1] + `,
    "Permission": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Ref": "Api"}, "Action": "lambda:InvokeFunction",
      "Principal": "events.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}}
`)},
		{name: "terraform permission for everyone", files: tfPermission(`▶"*"`, "")},
		{name: "terraform service principal without a source", files: tfPermission(`▶"s3.amazonaws.com"`, "")},
		{name: "terraform service principal with its source", files: tfPermission(`"s3.amazonaws.com"`, "  source_arn = \"arn:aws:s3:::acme-uploads\"\n")},
		{name: "serverless permission under resources for everyone", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
resources:
  Resources:
` + indent(cfnPermission(`▶"*"`, ""), 2))},
		{name: "serverless function url permission is SLS501's", files: slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
resources:
  Resources:
    UrlPermission:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !Ref ApiLambdaFunction
        Action: lambda:InvokeFunctionUrl
        Principal: "*"
        FunctionUrlAuthType: NONE
`)},
	})
}

func TestAPINoAuthorizationFormats(t *testing.T) {
	samAPI := func(auth, eventAuth string) map[string]string {
		return samT(`  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
` + auth + `  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        ▶Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
` + eventAuth)
	}
	auth := `      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x
`
	cfnMethod := func(method, auth string) map[string]string {
		return cfnT(`  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  ▶Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !GetAtt RestApi.RootResourceId
      HttpMethod: ` + method + `
` + auth + `      Integration:
        Type: MOCK
`)
	}
	tfRoute := func(auth string) map[string]string {
		return tfT(`resource "aws_apigatewayv2_api" "http" {
  name          = "api"
  protocol_type = "HTTP"
}

▶resource "aws_apigatewayv2_route" "get" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /orders"
` + auth + `}
`)
	}
	slsAPI := func(event string) map[string]string {
		return slsT(`service: api
provider:
  name: aws
functions:
  api:
    handler: bootstrap
    events:
      - ` + event)
	}
	testFormats(t, rules.APINoAuthorization, []formatCase{
		{name: "sam api without auth", contains: []string{"GET /orders", "no API key"}, files: samAPI("", "")},
		{name: "sam api with a default authorizer", files: unmark(samAPI(auth, ""))},
		{name: "sam route opting out of the default authorizer", files: map[string]string{"template.yaml": stripFirstMark(
			samAPI(auth, "            Auth:\n              Authorizer: ▶NONE\n")["template.yaml"])}},
		{name: "sam api defined by an openapi document secures its routes there", files: unmark(samAPI(`      DefinitionBody:
        openapi: "3.0.1"
        security: [{cognito: []}]
        paths: {}
`, ""))},
		{name: "sam route requiring an api key", files: unmark(samAPI("", "            Auth:\n              ApiKeyRequired: true\n"))},
		{name: "sam http api event without auth", contains: []string{"has no authorizer\n"}, files: samT(`  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        ▶Get:
          Type: HttpApi
          Properties:
            Path: /orders
            Method: get
`)},
		{name: "sam http api with a jwt default authorizer", files: samT(`  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: https://auth.example.com
              audience: [api]
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref Http
            Path: /orders
            Method: get
`)},
		{name: "cfn method with authorization NONE", files: func() map[string]string {
			f := cfnMethod("GET", "      AuthorizationType: ▶NONE\n")
			return map[string]string{"template.yaml": stripFirstMark(f["template.yaml"])}
		}()},
		{name: "cfn method without an authorization type", files: cfnMethod("GET", "")},
		{name: "cfn method with iam authorization", files: unmark(cfnMethod("GET", "      AuthorizationType: AWS_IAM\n"))},
		{name: "cfn options method for cors", files: unmark(cfnMethod("OPTIONS", "      AuthorizationType: NONE\n"))},
		{name: "terraform http route without authorization", contains: []string{"authorization_type"}, files: tfRoute("")},
		{name: "terraform http route with a jwt authorizer", files: unmark(tfRoute("  authorization_type = \"JWT\"\n  authorizer_id      = \"abc123\"\n"))},
		{name: "terraform rest method with authorization NONE", files: tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = ▶"NONE"
}
`)},
		{name: "terraform rest method requiring an api key", files: tfT(`resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = aws_api_gateway_rest_api.api.root_resource_id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}
`)},
		{name: "serverless http event without an authorizer", contains: []string{"private: true"}, files: slsAPI(`▶http:
          path: /orders
          method: get
`)},
		{name: "serverless private http event", files: slsAPI(`http:
          path: /orders
          method: get
          private: true
`)},
		{name: "serverless http event with an iam authorizer", files: slsAPI(`http:
          path: /orders
          method: get
          authorizer: aws_iam
`)},
		{name: "serverless httpApi event without an authorizer", files: slsAPI(`▶httpApi:
          path: /orders
          method: get
`)},
		{name: "serverless httpApi event with a jwt authorizer", files: slsAPI(`httpApi:
          path: /orders
          method: get
          authorizer:
            name: jwt
`)},
	})
}

// stripFirstMark removes the first finding mark of s (a case whose header mark is replaced
// by one at an attribute).
func stripFirstMark(s string) string { return strings.Replace(s, findingMark, "", 1) }

func TestOverlyPermissiveIAMFormats(t *testing.T) {
	samPolicies := func(policies string) map[string]string {
		return samT(samFn + "      Policies:\n" + policies)
	}
	cfnRole := func(statement string) map[string]string {
		return cfnT(`  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
` + statement + `  Api:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: !GetAtt Role.Arn
      Code: {S3Bucket: b, S3Key: k}
`)
	}
	tfPolicy := func(statements string) map[string]string {
		return tfT(`resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "api" {
` + statements + `}

resource "aws_iam_role_policy" "api" {
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api.json
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)
	}
	slsStatements := func(statements string) map[string]string {
		return slsT(`service: api
provider:
  name: aws
  iam:
    role:
      statements:
` + statements + `functions:
  api:
    handler: bootstrap
`)
	}
	testFormats(t, rules.OverlyPermissiveIAM, []formatCase{
		{name: "sam statement with every action", files: samPolicies(`        - Statement:
            - Effect: Allow
              Action: ▶"*"
              Resource: "*"
`)},
		{name: "sam managed administrator policy", files: samPolicies("        - ▶AdministratorAccess\n")},
		{name: "sam crud template on every bucket", files: samPolicies("        - S3CrudPolicy:\n            BucketName: ▶\"*\"\n")},
		{name: "sam read template and scoped statement", files: samPolicies(`        - S3ReadPolicy:
            BucketName: "*"
        - Statement:
            - Effect: Allow
              Action: [dynamodb:GetItem, dynamodb:PutItem]
              Resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders
`)},
		{name: "cfn service wildcard", contains: []string{`"s3:*"`}, files: cfnRole(`              - Effect: Allow
                Action: ▶s3:*
                Resource: arn:aws:s3:::acme-uploads/*
`)},
		{name: "cfn writes on every resource", files: cfnRole(`              - Effect: Allow
                Action: [dynamodb:PutItem, dynamodb:DeleteItem]
                Resource: ▶"*"
`)},
		{name: "cfn logs and x-ray on every resource", files: cfnRole(`              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents, xray:PutTraceSegments]
                Resource: "*"
`)},
		{name: "json managed power user policy", files: jsonT(`    "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "ManagedPolicyArns": [▶"arn:aws:iam::aws:policy/PowerUserAccess"]}},
    "Api": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "x"}}}
`)},
		{name: "json managed read-only policy", files: jsonT(`    "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}, "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]}},
    "Api": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "x"}}}
`)},
		{name: "terraform policy document with a service wildcard", files: tfPolicy(`  statement {
    actions   = [▶"dynamodb:*"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"]
  }
`)},
		{name: "terraform policy document scoped", files: tfPolicy(`  statement {
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"]
  }
`)},
		{name: "terraform managed full access attachment", files: tfT(`resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "api" {
  role       = aws_iam_role.api.name
  policy_arn = ▶"arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "api.zip"
}
`)},
		{name: "serverless statement with every action", files: slsStatements(`        - Effect: Allow
          Action: ▶"*"
          Resource: arn:aws:s3:::acme/*
`)},
		{name: "serverless scoped statement", files: slsStatements(`        - Effect: Allow
          Action: [s3:GetObject, s3:PutObject]
          Resource: arn:aws:s3:::acme/*
`)},
	})
}

func TestPlaintextSecretEnvFormats(t *testing.T) {
	testFormats(t, rules.PlaintextSecretEnv, []formatCase{
		{name: "sam literal password", files: samT(samFn + "      Environment:\n        Variables:\n          DB_PASSWORD: ▶hunter2-prod\n")},
		{name: "sam literal token in Globals", files: samG("  Function:\n    Environment:\n      Variables:\n        API_TOKEN: ▶tok-3f9a1c0b77e2\n", samFn)},
		{name: "sam dynamic reference", files: samT(samFn + "      Environment:\n        Variables:\n          DB_PASSWORD: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n")},
		{name: "cfn NoEcho parameter", files: map[string]string{"template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: Tr0ub4dor-3
Resources:
` + cfnFn + `      Environment:
        Variables:
          DB_PASSWORD: !Ref DbPassword
`}},
		{name: "cfn parameter default without NoEcho", files: map[string]string{"template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPassword:
    Type: String
    Default: Tr0ub4dor-3
Resources:
` + cfnFn + `      Environment:
        Variables:
          DB_PASSWORD: ▶!Ref DbPassword
`}},
		{name: "json access key id", contains: []string{"AKIA"}, files: jsonT(`    "Api": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/api", "Code": {"ZipFile": "x"},
        "Environment": {"Variables": {"UPSTREAM_ID": ▶"AKIAIOSFODNN7ABCDEFG"}}}
    }
`)},
		{name: "json secret arn", files: jsonT(`    "Api": {
      "Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "bootstrap", "Runtime": "provided.al2023", "Role": "arn:aws:iam::123456789012:role/api", "Code": {"ZipFile": "x"},
        "Environment": {"Variables": {"DB_PASSWORD_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}}}
    }
`)},
		{name: "terraform literal secret", files: tfT(tfFn + `  environment {
    variables = {
      STRIPE_API_KEY = ▶"sk_live_51H8"
    }
  }
}
`)},
		{name: "terraform vendor prefix and X's with a change-me comment", files: tfT(tfFn + `  environment {
    variables = {
      STRIPE_API_KEY = "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX" # change me
    }
  }
}
`)},
		{name: "sam vendor prefix and X's with a change-me comment", files: samT(samFn + "      Environment:\n        Variables:\n          GOOGLE_API_KEY: AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX # change me\n")},
		{name: "serverless vendor prefix and X's", files: slsT("service: api\nprovider:\n  name: aws\n  environment:\n    SLACK_BOT_TOKEN: xoxb-XXXXXXXXXX-XXXXXXXXXXXX\nfunctions:\n  api:\n    handler: bootstrap\n")},
		{name: "terraform sensitive variable", files: tfT(`variable "stripe_api_key" {
  type      = string
  sensitive = true
  default   = "sk_test_123"
}

` + tfFn + `  environment {
    variables = {
      STRIPE_API_KEY = var.stripe_api_key
    }
  }
}
`)},
		{name: "serverless literal secret", files: slsT(`service: api
provider:
  name: aws
  environment:
    JWT_SECRET: ▶s3cr3t-value
functions:
  api:
    handler: bootstrap
`)},
		{name: "serverless ssm lookup", files: slsT(`service: api
provider:
  name: aws
  environment:
    JWT_SECRET: ${ssm:/api/jwt-secret}
functions:
  api:
    handler: bootstrap
`)},
	})
}

func TestUnencryptedMessagingFormats(t *testing.T) {
	testFormats(t, rules.UnencryptedMessaging, []formatCase{
		{name: "sam topic without a key", files: samT("  ▶Alerts:\n    Type: AWS::SNS::Topic\n")},
		{name: "sam topic with a key", files: samT("  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n")},
		{name: "cfn queue with sse turned off", files: cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: ▶false\n")},
		{name: "cfn queue with the default sse", files: cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n")},
		{name: "cfn queue with a kms key", files: cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n      KmsMasterKeyId: alias/aws/sqs\n")},
		{name: "json topic without a key", files: jsonT("    ▶\"Alerts\": {\"Type\": \"AWS::SNS::Topic\"}\n")},
		{name: "json topic with a key", files: jsonT("    \"Alerts\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"KmsMasterKeyId\": \"alias/aws/sns\"}}\n")},
		{name: "terraform topic without a key", contains: []string{"kms_master_key_id"}, files: tfT("▶resource \"aws_sns_topic\" \"alerts\" {\n  name = \"alerts\"\n}\n")},
		{name: "terraform topic with a key", files: tfT("resource \"aws_sns_topic\" \"alerts\" {\n  name              = \"alerts\"\n  kms_master_key_id = \"alias/aws/sns\"\n}\n")},
		{name: "terraform queue with sse turned off", files: tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  sqs_managed_sse_enabled = ▶false\n}\n")},
		{name: "terraform queue with the default sse", files: tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n")},
		{name: "sam topic with an empty key", contains: []string{"empty KMS key"}, files: samT("  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: ▶\"\"\n")},
		{name: "cfn topic whose key parameter defaults to empty", files: map[string]string{"template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  KmsKeyId:
    Type: String
    Default: ""
Resources:
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: ▶!Ref KmsKeyId
`}},
		{name: "cfn topic whose key parameter has a key", files: map[string]string{"template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  KmsKeyId:
    Type: String
    Default: alias/aws/sns
Resources:
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Ref KmsKeyId
`}},
		{name: "cfn queue with an empty key and sse turned off", files: cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: \"\"\n      SqsManagedSseEnabled: ▶false\n")},
		{name: "cfn queue with an empty key keeps the default sse", files: cfnT("  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: \"\"\n")},
		{name: "json topic with an empty key", files: jsonT("    \"Alerts\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"KmsMasterKeyId\": ▶\"\"}}\n")},
		{name: "terraform topic with an empty key", files: tfT("resource \"aws_sns_topic\" \"alerts\" {\n  name              = \"alerts\"\n  kms_master_key_id = ▶\"\"\n}\n")},
		{name: "terraform queue with an empty key and sse turned off", files: tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name                    = \"jobs\"\n  kms_master_key_id       = \"\"\n  sqs_managed_sse_enabled = ▶false\n}\n")},
		{name: "terraform queue with an empty key keeps the default sse", files: tfT("resource \"aws_sqs_queue\" \"jobs\" {\n  name              = \"jobs\"\n  kms_master_key_id = \"\"\n}\n")},
		{name: "serverless resources: topic with an empty key", files: slsT(`service: alerts
provider:
  name: aws
functions:
  notify:
    handler: bootstrap
resources:
  Resources:
    Alerts:
      Type: AWS::SNS::Topic
      Properties:
        KmsMasterKeyId: ▶""
`)},
		{name: "serverless topic the framework creates for an sns event", files: slsT(`service: alerts
provider:
  name: aws
functions:
  notify:
    handler: bootstrap
    events:
      - ▶sns: alerts
`)},
		{name: "serverless sns event on an encrypted topic under resources", files: slsT(`service: alerts
provider:
  name: aws
functions:
  notify:
    handler: bootstrap
    events:
      - sns:
          arn: !Ref Alerts
          topicName: alerts
resources:
  Resources:
    Alerts:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: alerts
        KmsMasterKeyId: alias/aws/sns
`)},
	})
}

func TestDeprecatedRuntimeFormats(t *testing.T) {
	testFormats(t, rules.DeprecatedRuntime, []formatCase{
		{name: "sam go1.x", contains: []string{"provided.al2023"}, files: samT("  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: main\n      Runtime: ▶go1.x\n")},
		{name: "sam go1.x from Globals", files: samG("  Function:\n    Runtime: ▶go1.x\n", "  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: main\n")},
		{name: "sam provided.al2023", files: samT(samFn)},
		{name: "cfn nodejs16.x", contains: []string{"nodejs"}, files: cfnT("  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: ▶nodejs16.x\n      Role: arn:aws:iam::123456789012:role/api\n      Code: {ZipFile: x}\n")},
		{name: "cfn nodejs22.x", files: cfnT("  Api:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      Runtime: nodejs22.x\n      Role: arn:aws:iam::123456789012:role/api\n      Code: {ZipFile: x}\n")},
		{name: "terraform go1.x", files: tfT("resource \"aws_lambda_function\" \"api\" {\n  function_name = \"api\"\n  role          = \"arn:aws:iam::123456789012:role/api\"\n  runtime       = ▶\"go1.x\"\n  handler       = \"main\"\n  filename      = \"api.zip\"\n}\n")},
		{name: "terraform provided.al2023", files: tfT(tfFn + "}\n")},
		{name: "serverless provider go1.x", files: slsT("service: api\nprovider:\n  name: aws\n  runtime: ▶go1.x\nfunctions:\n  api:\n    handler: bin/api\n")},
		{name: "serverless provided.al2023", files: slsT("service: api\nprovider:\n  name: aws\n  runtime: provided.al2023\nfunctions:\n  api:\n    handler: bootstrap\n")},
	})
}

func TestPublicResourcePolicyFormats(t *testing.T) {
	cfnQueuePolicy := func(principal, condition string) string {
		return `  Jobs:
    Type: AWS::SQS::Queue
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Jobs]
      PolicyDocument:
        Statement:
          - ▷Effect: Allow
            Principal: ` + principal + `
            Action: sqs:SendMessage
            Resource: !GetAtt Jobs.Arn
` + condition
	}
	tfTopicPolicy := func(principals, condition string) map[string]string {
		return tfT(`resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

data "aws_iam_policy_document" "alerts" {
  ▷statement {
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
` + principals + condition + `  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}
`)
	}
	testFormats(t, rules.PublicResourcePolicy, []formatCase{
		{name: "sam queue policy for everyone", files: samT(cfnQueuePolicy(`▶"*"`, ""))},
		{name: "sam queue policy for a service", files: unmark(samT(cfnQueuePolicy(`{Service: sns.amazonaws.com}`, "")))},
		{name: "cfn queue policy for every AWS principal", files: cfnT(cfnQueuePolicy(`{AWS: ▶"*"}`, ""))},
		{name: "cfn queue policy for everyone with a source condition", files: unmark(cfnT(cfnQueuePolicy(`"*"`, `            Condition:
              ArnEquals: {aws:SourceArn: arn:aws:sns:us-east-1:123456789012:alerts}
`)))},
		{name: "cfn queue policy for a service", files: unmark(cfnT(cfnQueuePolicy(`{Service: sns.amazonaws.com}`, "")))},
		{name: "json topic policy for everyone", files: jsonT(`    "Alerts": {"Type": "AWS::SNS::Topic"},
    "AlertsPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Alerts"}], "PolicyDocument": {"Statement": [
      ▷{"Effect": "Allow", "Principal": {"AWS": ▶"*"}, "Action": ["sns:Subscribe", "sns:Publish"], "Resource": {"Ref": "Alerts"}}]}}}
`)},
		{name: "json topic policy for an account", files: jsonT(`    "Alerts": {"Type": "AWS::SNS::Topic"},
    "AlertsPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Alerts"}], "PolicyDocument": {"Statement": [
      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sns:Publish", "Resource": {"Ref": "Alerts"}}]}}}
`)},
		{name: "terraform topic policy document for everyone", files: tfTopicPolicy(`    principals {
      type        = "*"
      identifiers = [▶"*"]
    }
`, "")},
		{name: "terraform topic policy document for everyone with a condition", files: unmark(tfTopicPolicy(`    principals {
      type        = "*"
      identifiers = ["*"]
    }
`, `    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
`))},
		{name: "terraform queue policy in jsonencode", files: tfT(`resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Statement = [▷{
      Effect    = "Allow"
      Principal = { AWS = ▶"*" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.jobs.arn
    }]
  })
}
`)},
		{name: "serverless queue policy under resources", files: slsT(`service: jobs
provider:
  name: aws
resources:
  Resources:
` + indent(cfnQueuePolicy(`▶"*"`, ""), 2))},
		{name: "serverless queue policy under resources with a condition", files: unmark(slsT(`service: jobs
provider:
  name: aws
resources:
  Resources:
` + indent(cfnQueuePolicy(`"*"`, `            Condition:
              StringEquals: {aws:SourceAccount: "123456789012"}
`), 2)))},
	})
}

func TestCORSWildcardCredentialsFormats(t *testing.T) {
	testFormats(t, rules.CORSWildcardCredentials, []formatCase{
		{name: "sam http api", files: samT(`  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ▷["*"]
        AllowCredentials: ▶true
`)},
		{name: "sam http api with listed origins", files: samT(`  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ["https://app.example.com"]
        AllowCredentials: true
`)},
		{name: "sam rest api with quoted origin", files: samT(`  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'*'"
        AllowCredentials: ▶true
`)},
		{name: "cfn function url", files: cfnT(cfnFn + `  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: AWS_IAM
      Cors:
        AllowOrigins: ["*"]
        AllowCredentials: ▶true
`)},
		{name: "cfn function url without credentials", files: cfnT(cfnFn + `  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Api.Arn
      AuthType: AWS_IAM
      Cors:
        AllowOrigins: ["*"]
`)},
		{name: "terraform http api", files: tfT(`resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins     = ["*"]
    allow_credentials = ▶true
  }
}
`)},
		{name: "terraform http api with listed origins", files: tfT(`resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins     = ["https://app.example.com"]
    allow_credentials = true
  }
}
`)},
		{name: "serverless http api cors", files: slsT(`service: api
provider:
  name: aws
  httpApi:
    cors:
      allowedOrigins: ["*"]
      allowCredentials: ▶true
functions:
  api:
    handler: bootstrap
    events:
      - httpApi: GET /orders
`)},
		{name: "serverless http api cors: true", files: slsT(`service: api
provider:
  name: aws
  httpApi:
    cors: true
functions:
  api:
    handler: bootstrap
    events:
      - httpApi: GET /orders
`)},
	})
}

// TestAPIDefinitionBodyAuthorizationFormats: an API's inline OpenAPI document declares
// routes and their security; it is read, not taken as unknown.
func TestAPIDefinitionBodyAuthorizationFormats(t *testing.T) {
	const integration = `              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Orders.Arn}/invocations
`
	const orders = `  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
`
	samBody := func(auth, doc, events string) map[string]string {
		return samT(`  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
` + auth + `      DefinitionBody:
` + doc + orders + events)
	}
	openPost := `        openapi: "3.0.1"
        paths:
          /orders:
            ▶post:
` + integration
	cognito := `        openapi: "3.0.1"
        components:
          securitySchemes:
            UserPool:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: cognito_user_pools
              x-amazon-apigateway-authorizer:
                type: cognito_user_pools
                providerARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
        paths:
          /orders:
            post:
              security: [{UserPool: []}]
` + integration
	testFormats(t, rules.APINoAuthorization, []formatCase{
		{name: "sam open POST route in the definition body", contains: []string{"route POST /orders of REST API Api", "invoke function Orders"},
			files: samBody("", openPost, "")},
		{name: "sam POST route secured by a user pool in the definition body", files: samBody("", cognito, "")},
		{name: "sam POST route secured by the document's security", files: samBody("", `        swagger: "2.0"
        securityDefinitions:
          api_key: {type: apiKey, name: x-api-key, in: header}
        security: [{api_key: []}]
        paths:
          /orders:
            post:
`+integration, "")},
		{name: "sam route whose security lets anonymous callers in", files: samBody("", `        openapi: "3.0.1"
        components:
          securitySchemes:
            Sig: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
        paths:
          /orders:
            ▶post:
              security: [{}, {Sig: []}]
`+integration, "")},
		{name: "sam open route covered by the API's default authorizer", files: unmark(samBody(`      Auth:
        DefaultAuthorizer: Lambda
        Authorizers:
          Lambda:
            FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:authorizer
`, openPost, ""))},
		{name: "sam definition body included from S3 is not known", files: samT(`  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: s3://bucket/openapi.yaml}
` + orders + `      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: post
`)},
		{name: "sam event on an operation the document secures", files: samBody("", cognito, `      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: post
`)},
		{name: "sam event on an operation the document leaves open, reported once", files: samBody("", unmark(map[string]string{"x": openPost})["x"], `      Events:
        ▶Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: post
`)},
		{name: "sam http api with a jwt scheme in its definition body", files: samT(`  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        components:
          securitySchemes:
            Jwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration: {issuer: https://auth.example.com, audience: [api]}
        paths:
          /orders:
            post:
              security: [{Jwt: []}]
` + orders)},
		{name: "sam http api with an open route in its definition body", contains: []string{"HTTP API Api"}, files: samT(`  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /orders:
            ▶x-amazon-apigateway-any-method: {}
` + orders)},
		{name: "cfn rest api with an open POST route in its body", files: cfnT(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Body:
        openapi: "3.0.1"
        paths:
          /orders:
            ▶post:
              x-amazon-apigateway-integration: {type: mock}
`)},
		{name: "json rest api with a secured POST route in its body", files: jsonT(`    "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "orders", "Body": {
      "swagger": "2.0",
      "securityDefinitions": {"sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}},
      "paths": {"/orders": {"post": {"security": [{"sigv4": []}], "x-amazon-apigateway-integration": {"type": "mock"}}}}}}}
`)},
	})
}

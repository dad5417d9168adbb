package checks

import (
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

func TestPublicFunctionURL(t *testing.T) {
	url := func(auth model.Attr[string]) func(*model.Function) {
		return func(f *model.Function) { f.URLs = []*model.FunctionURL{{At: at(25), AuthType: auth}} }
	}
	testRule(t, rules.PublicFunctionURL, []ruleCase{
		{name: "AuthType NONE", want: []string{"26"}, contains: []string{"function Hook"}, project: sam(function("Hook", 10, url(set("NONE", 26))))},
		{name: "AWS_IAM", project: sam(function("Hook", 10, url(set("AWS_IAM", 26))))},
		{name: "unresolved", project: sam(function("Hook", 10, url(unresolved[string](26))))},
		{name: "no URL", project: sam(function("Hook", 10))},
	})
}

func TestPublicInvokePermission(t *testing.T) {
	perm := func(principal model.Attr[string], opts ...func(*model.Permission)) *model.Permission {
		p := &model.Permission{Resource: model.Resource{ID: "InvokePermission", At: at(60)}, Function: "Fn",
			Action: set("lambda:InvokeFunction", 61), Principal: principal,
			SourceArn: absent[string](60), SourceAccount: absent[string](60)}
		for _, o := range opts {
			o(p)
		}
		return p
	}
	testRule(t, rules.PublicInvokePermission, []ruleCase{
		{name: "principal *", want: []string{"62"}, contains: []string{`principal "*"`, "Fn"}, project: sam(function("Fn", 10), perm(set("*", 62)))},
		{name: "service without source", want: []string{"62"}, contains: []string{"s3.amazonaws.com", "SourceArn"},
			project: sam(function("Fn", 10), perm(set("s3.amazonaws.com", 62)))},
		{name: "service with SourceArn", project: sam(function("Fn", 10), perm(set("s3.amazonaws.com", 62),
			func(p *model.Permission) { p.SourceArn = refTo("Uploads", 63) }))},
		{name: "service with unresolved SourceAccount", project: sam(function("Fn", 10), perm(set("events.amazonaws.com", 62),
			func(p *model.Permission) { p.SourceAccount = unresolved[string](64) }))},
		{name: "another account", project: sam(function("Fn", 10), perm(set("123456789012", 62)))},
		{name: "function URL permission is SLS501's", project: sam(function("Fn", 10), perm(set("*", 62),
			func(p *model.Permission) { p.Action = set("lambda:InvokeFunctionUrl", 61) }))},
		{name: "unresolved principal", project: sam(function("Fn", 10), perm(unresolved[string](62)))},
	})
}

func TestAPINoAuthorization(t *testing.T) {
	noDefault := func(api *model.API) { api.DefaultAuthorizer = absent[string](60) }
	testRule(t, rules.APINoAuthorization, []ruleCase{
		{name: "REST route without auth", want: []string{"70"}, contains: []string{"route GET /orders of REST API Api", "function Orders"},
			project: sam(restAPI("Api", 60, noDefault, route("GET", "/orders", 70, func(r *model.Route) { r.Function = "Orders" })))},
		{name: "opted out of the default authorizer", want: []string{"70"}, project: sam(restAPI("Api", 60,
			route("GET", "/health", 70, func(r *model.Route) { r.Authorizer = set("NONE", 71) })))},
		{name: "explicit AuthorizationType NONE in terraform", want: []string{"71"}, contains: []string{`authorization other than "NONE"`},
			project: terraform(restAPI("aws_api_gateway_rest_api.api", 60, noDefault,
				route("POST", "/orders", 70, func(r *model.Route) { r.AuthorizationType = set("NONE", 71) })))},
		{name: "HTTP API route", want: []string{"70"}, contains: []string{"HTTP API"}, project: sam(httpAPI("HttpApi", 60, noDefault, route("ANY", "/{proxy+}", 70)))},
		{name: "serverless http event", want: []string{"70"}, contains: []string{"private: true"}, project: sls(restAPI("ApiGatewayRestApi", 60, noDefault, route("GET", "/items", 70)))},
		{name: "OPTIONS preflight", project: sam(restAPI("Api", 60, noDefault, route("OPTIONS", "/orders", 70)))},
		{name: "default authorizer", project: sam(restAPI("Api", 60, route("GET", "/orders", 70)))},
		{name: "route authorizer", project: sam(restAPI("Api", 60, noDefault, route("GET", "/orders", 70, func(r *model.Route) {
			r.AuthorizationType, r.Authorizer = set("COGNITO_USER_POOLS", 71), refTo("UserPoolAuthorizer", 72)
		})))},
		{name: "IAM", project: terraform(restAPI("aws_api_gateway_rest_api.api", 60, noDefault, route("GET", "/orders", 70,
			func(r *model.Route) { r.AuthorizationType = set("AWS_IAM", 71) })))},
		{name: "API key", project: sam(restAPI("Api", 60, noDefault, route("GET", "/orders", 70, func(r *model.Route) { r.APIKeyRequired = set(true, 73) })))},
		{name: "serverless private", project: sls(restAPI("ApiGatewayRestApi", 60, noDefault, route("GET", "/items", 70, func(r *model.Route) { r.Private = set(true, 73) })))},
		{name: "unresolved authorizer", project: sam(restAPI("Api", 60, noDefault, route("GET", "/orders", 70, func(r *model.Route) { r.Authorizer = unresolved[string](72) })))},
	})
}

func TestOverlyPermissiveIAM(t *testing.T) {
	managed := func(arn string) func(*model.Function) {
		return func(f *model.Function) {
			f.Policies = append(f.Policies, &model.Policy{At: at(80), ManagedARN: set(arn, 81)})
		}
	}
	tableCrud := func(resource model.Attr[string]) func(*model.Function) {
		return func(f *model.Function) {
			f.Policies = append(f.Policies, &model.Policy{At: at(80), ManagedARN: set("DynamoDBCrudPolicy", 80), Template: true, TemplateResource: resource})
		}
	}
	table := refTo("Orders", 63)
	sharedRole := &model.Role{Resource: model.Resource{ID: "SharedRole", At: at(90)},
		Policies: []*model.Policy{{At: at(91), Statements: []*model.Statement{allow(91, []string{"*"}, set("*", 93))}}}}
	withRole := func(f *model.Function) { f.Role = refTo("SharedRole", 18) }
	testRule(t, rules.OverlyPermissiveIAM, []ruleCase{
		{name: "Action *", want: []string{"61"}, contains: []string{`Action "*"`, "every action of every service"},
			project: sam(function("Fn", 10, policy(allow(60, []string{"*"}, table))))},
		{name: "service wildcard", want: []string{"62"}, contains: []string{`"dynamodb:*"`, "every dynamodb action"},
			project: sam(function("Fn", 10, policy(allow(60, []string{"dynamodb:GetItem", "dynamodb:*"}, table))))},
		{name: "writes on Resource *", want: []string{"63"}, contains: []string{"dynamodb:PutItem, dynamodb:DeleteItem", `Resource "*"`},
			project: sam(function("Fn", 10, policy(allow(60, []string{"dynamodb:PutItem", "dynamodb:DeleteItem"}, set("*", 63)))))},
		{name: "wildcard write verbs on Resource *", want: []string{"63"}, contains: []string{"s3:Delete*, s3:*Object"},
			project: sam(function("Fn", 10, policy(allow(60, []string{"s3:Delete*", "s3:*Object"}, set("*", 63)))))},
		{name: "iam:PassRole on Resource *", want: []string{"63"},
			project: terraform(function("aws_lambda_function.fn", 10, policy(allow(60, []string{"iam:PassRole"}, set("*", 63)))))},
		{name: "AdministratorAccess", want: []string{"81"}, contains: []string{"AdministratorAccess"},
			project: sam(function("Fn", 10, managed("arn:aws:iam::aws:policy/AdministratorAccess")))},
		{name: "SAM managed policy name", want: []string{"81"}, contains: []string{"AmazonDynamoDBFullAccess"},
			project: sam(function("Fn", 10, managed("AmazonDynamoDBFullAccess")))},
		{name: "PowerUserAccess in GovCloud", want: []string{"81"},
			project: terraform(function("aws_lambda_function.fn", 10, managed("arn:aws-us-gov:iam::aws:policy/PowerUserAccess")))},
		{name: "SAM template on every table", want: []string{"82"}, contains: []string{"DynamoDBCrudPolicy"},
			project: sam(function("Fn", 10, tableCrud(set("*", 82))))},
		{name: "role shared by two functions: one finding", want: []string{"92"}, contains: []string{"the role of functions A and B"},
			project: sam(function("A", 10, withRole), function("B", 20, withRole), sharedRole)},

		{name: "reads on Resource *", project: sam(function("Fn", 10, policy(allow(60, []string{"dynamodb:GetItem", "s3:Get*", "ssm:GetParameter"}, set("*", 63)))))},
		{name: "X-Ray and metrics need Resource *", project: sam(function("Fn", 10, policy(allow(60,
			[]string{"xray:PutTraceSegments", "xray:PutTelemetryRecords", "cloudwatch:PutMetricData"}, set("*", 64)))))},
		{name: "basic execution role's logs actions", project: sam(function("Fn", 10, policy(allow(60,
			[]string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, set("*", 64)))))},
		{name: "messages are not writes", project: sam(function("Fn", 10, policy(allow(60, []string{"sns:Publish", "ses:SendEmail"}, set("*", 63)))))},
		{name: "writes on one table", project: sam(function("Fn", 10, policy(allow(60, []string{"dynamodb:PutItem"}, table))))},
		{name: "AWS managed read-only and execution policies", project: sam(function("Fn", 10,
			managed("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"), managed("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")))},
		{name: "customer managed policy named like one", project: sam(function("Fn", 10, managed("arn:aws:iam::123456789012:policy/TeamFullAccess")))},
		{name: "SAM template on one table", project: sam(function("Fn", 10, tableCrud(refTo("Orders", 82))))},
		{name: "unresolved action", project: sam(function("Fn", 10, func(f *model.Function) {
			st := allow(60, nil, set("*", 63))
			st.Actions = []model.Attr[string]{unresolved[string](61)}
			f.Policies = []*model.Policy{{At: at(60), Statements: []*model.Statement{st}}}
		}))},
		{name: "deny", project: sam(function("Fn", 10, func(f *model.Function) {
			st := allow(60, []string{"*"}, set("*", 63))
			st.Effect = set("Deny", 60)
			f.Policies = []*model.Policy{{At: at(60), Statements: []*model.Statement{st}}}
		}))},
	})
}

func TestPlaintextSecretEnv(t *testing.T) {
	env := func(name string, value model.Attr[string]) func(*model.Function) {
		return func(f *model.Function) { f.Environment = append(f.Environment, model.EnvVar{Name: name, Value: value}) }
	}
	param := refTo("DbPasswordParam", 40)
	param.Secret = true
	testRule(t, rules.PlaintextSecretEnv, []ruleCase{
		{name: "password", want: []string{"40"}, contains: []string{"DB_PASSWORD", "function Fn"}, excludes: []string{"hunter2"},
			project: sam(function("Fn", 10, env("DB_PASSWORD", set("hunter2", 40))))},
		{name: "api key", want: []string{"40"}, project: sls(function("fn", 10, env("STRIPE_API_KEY", set("sk_live_abc123", 40))))},
		{name: "webhook secret", want: []string{"40"}, project: terraform(function("aws_lambda_function.fn", 10, env("githubWebhookSecret", set("s3cr3t-value", 40))))},
		{name: "access key in any variable", want: []string{"40"}, contains: []string{"AKIA…"}, excludes: []string{"AKIAZ7QXW2RTYUIOPL3K"},
			project: sam(function("Fn", 10, env("LEGACY_CONFIG", set("key=AKIAZ7QXW2RTYUIOPL3K", 40))))},
		{name: "dynamic reference", project: sam(function("Fn", 10, env("DB_PASSWORD", secret(40))))},
		{name: "NoEcho parameter", project: sam(function("Fn", 10, env("DB_PASSWORD", param)))},
		{name: "unresolved", project: sls(function("fn", 10, env("API_TOKEN", unresolved[string](40))))},
		{name: "the secret's ARN", project: sam(function("Fn", 10, env("DB_PASSWORD_SECRET_ARN", set("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", 40))))},
		{name: "a reference to a resource", project: sam(function("Fn", 10, env("TOKEN_SECRET", refTo("TokenSecret", 40))))},
		{name: "a parameter path", project: sam(function("Fn", 10, env("API_KEY", set("/prod/payments/api-key", 40))))},
		{name: "names that configure, not hold, a secret", project: sam(function("Fn", 10,
			env("TOKEN_TABLE", set("tokens", 40)), env("TOKEN_TTL", set("3600", 41)), env("SECRET_NAME", set("prod/db", 42)),
			env("PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED", set("true", 43)), env("ACCESS_KEY_ID", set("none", 44))))},
		{name: "AWS documentation's example key", project: sam(function("Fn", 10, env("SAMPLE", set("AKIAIOSFODNN7EXAMPLE", 40)),
			env("AWS_SECRET_ACCESS_KEY", set("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 41))))},
		{name: "vendor prefixes followed by X's", project: sls(function("fn", 10, env("STRIPE_SECRET_KEY", set("sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", 40)),
			env("GOOGLE_API_KEY", set("AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", 41)), env("SLACK_BOT_TOKEN", set("xoxb-XXXXXXXXXX-XXXXXXXXXXXX", 42)),
			env("LEGACY_CONFIG", set("AKIAXXXXXXXXXXXXXXXX", 43))))},
		{name: "a vendor key with a real tail", want: []string{"40"}, project: sls(function("fn", 10, env("STRIPE_SECRET_KEY", set("sk_live_51HXXXXa8Fq2b", 40))))},
		{name: "a placeholder looks like one but stays reported when it could be real", want: []string{"40"},
			project: sam(function("Fn", 10, env("SLACK_TOKEN", set("xoxb-1234-abcd", 40))))},
		{name: "placeholders", project: sam(function("Fn", 10,
			env("SLACK_TOKEN", set("SlackToken", 40)), env("DB_PASSWORD", set("changeme", 41)), env("API_KEY", set("<api-key>", 42)),
			env("CLIENT_SECRET", set("xxxxxxxx", 43)), env("GITHUB_TOKEN", set("YOUR_GITHUB_TOKEN", 44)), env("AUTH_TOKEN", set("replace-me", 45))))},
		{name: "ordinary variables", project: sam(function("Fn", 10, env("TABLE_NAME", set("orders", 40)), env("LOG_LEVEL", set("debug", 41))))},
	})
}

func TestUnencryptedMessaging(t *testing.T) {
	topic := func(key model.Attr[string]) *model.Topic {
		return &model.Topic{Resource: model.Resource{ID: "Events", At: at(50)}, KMSKey: key}
	}
	testRule(t, rules.UnencryptedMessaging, []ruleCase{
		{name: "topic without key", want: []string{"50"}, contains: []string{"topic Events", "KmsMasterKeyId"}, project: sam(topic(absent[string](50)))},
		{name: "terraform topic", want: []string{"50"}, contains: []string{"kms_master_key_id"}, project: terraform(topic(absent[string](50)))},
		{name: "queue with SSE off", want: []string{"43"}, contains: []string{"queue Jobs"},
			project: sam(queue("Jobs", 40, func(q *model.Queue) { q.ManagedSSE = set(false, 43) }))},
		{name: "topic with key", project: sam(topic(set("alias/aws/sns", 51)))},
		{name: "topic with unresolved key", project: sam(topic(unresolved[string](51)))},
		{name: "queue with SSE by default", project: sam(queue("Jobs", 40))},
		{name: "queue with KMS and SSE-SQS off", project: sam(queue("Jobs", 40, func(q *model.Queue) {
			q.ManagedSSE, q.KMSKey = set(false, 43), refTo("QueueKey", 44)
		}))},
		{name: "queue with unresolved SSE", project: sam(queue("Jobs", 40, func(q *model.Queue) { q.ManagedSSE = unresolved[bool](43) }))},
	})
}

func TestDeprecatedRuntime(t *testing.T) {
	runtime := func(r model.Attr[string]) func(*model.Function) {
		return func(f *model.Function) { f.Runtime = r }
	}
	testRule(t, rules.DeprecatedRuntime, []ruleCase{
		{name: "go1.x", want: []string{"11"}, contains: []string{"go1.x, deprecated on 2024-01-08", "provided.al2023", "bootstrap"},
			project: sam(function("Legacy", 10, runtime(set("go1.x", 11))))},
		{name: "provided (Amazon Linux 1)", want: []string{"11"}, contains: []string{"use provided.al2023"},
			project: terraform(function("aws_lambda_function.x", 10, runtime(set("provided", 11))))},
		{name: "provided.al2 after 2026-06-30", want: []string{"11"}, contains: []string{"2026-06-30"},
			project: sam(function("Fn", 10, runtime(set("provided.al2", 11))))},
		{name: "nodejs16.x", want: []string{"11"}, contains: []string{"move to nodejs24.x"},
			project: sls(function("web", 10, runtime(set("nodejs16.x", 11))))},
		{name: "provided.al2 before its date", day: time.Date(2026, time.January, 15, 0, 0, 0, 0, time.UTC),
			project: sam(function("Fn", 10, runtime(set("provided.al2", 11))))},
		{name: "provided.al2023", project: sam(function("Fn", 10))},
		{name: "nodejs22.x", project: sam(function("Web", 10, runtime(set("nodejs22.x", 11))))},
		{name: "unresolved", project: sam(function("Fn", 10, runtime(unresolved[string](11))))},
		{name: "container image without runtime", project: sam(function("Fn", 10, runtime(absent[string](10))))},
	})
}

func TestPublicResourcePolicy(t *testing.T) {
	stmt := func(principal model.Attr[string], actions ...string) *model.Statement {
		st := allow(45, actions)
		st.Principals = []model.Attr[string]{principal}
		return st
	}
	withPolicy := func(sts ...*model.Statement) func(*model.Queue) { return func(q *model.Queue) { q.Policy = sts } }
	topic := func(sts ...*model.Statement) *model.Topic {
		return &model.Topic{Resource: model.Resource{ID: "Events", At: at(50)}, KMSKey: set("alias/aws/sns", 51), Policy: sts}
	}
	conditioned := stmt(set("*", 44), "sqs:SendMessage")
	conditioned.HasCondition = true
	testRule(t, rules.PublicResourcePolicy, []ruleCase{
		{name: "anyone may send", want: []string{"44"}, related: []int{45}, contains: []string{"queue Jobs", "sqs:SendMessage"},
			project: sam(queue("Jobs", 40, withPolicy(stmt(set("*", 44), "sqs:SendMessage"))))},
		{name: "anyone may subscribe", want: []string{"44"}, contains: []string{"sns:Subscribe"},
			project: sam(topic(stmt(set("*", 44), "sns:Subscribe")))},
		{name: "sqs:* for everyone", want: []string{"44"}, contains: []string{"sqs:SendMessage, sqs:ReceiveMessage"},
			project: terraform(queue("aws_sqs_queue.jobs", 40, withPolicy(stmt(set("*", 44), "sqs:*"))))},
		{name: "with a condition", project: sam(queue("Jobs", 40, withPolicy(conditioned)))},
		{name: "a service principal", project: sam(queue("Jobs", 40, withPolicy(stmt(set("sns.amazonaws.com", 44), "sqs:SendMessage"))))},
		{name: "public read of attributes only", project: sam(queue("Jobs", 40, withPolicy(stmt(set("*", 44), "sqs:GetQueueAttributes"))))},
		{name: "unresolved principal", project: sam(topic(stmt(unresolved[string](44), "sns:Publish")))},
	})
}

func TestCORSWildcardCredentials(t *testing.T) {
	cors := func(origins []string, credentials bool) *model.CORS {
		return &model.CORS{At: at(70), AllowOrigins: set(origins, 71), AllowCredentials: set(credentials, 72)}
	}
	testRule(t, rules.CORSWildcardCredentials, []ruleCase{
		{name: "HTTP API", want: []string{"72"}, related: []int{71}, contains: []string{"API HttpApi"},
			project: sam(httpAPI("HttpApi", 60, func(api *model.API) { api.CORS = cors([]string{"*"}, true) }))},
		{name: "SAM REST API quoting", want: []string{"72"},
			project: sam(restAPI("Api", 60, func(api *model.API) { api.CORS = cors([]string{"'*'"}, true) }))},
		{name: "function URL", want: []string{"72"}, contains: []string{"URL of function Fn"},
			project: sam(function("Fn", 10, func(f *model.Function) {
				f.URLs = []*model.FunctionURL{{At: at(25), AuthType: set("AWS_IAM", 26), CORS: cors([]string{"*"}, true)}}
			}))},
		{name: "listed origins", project: sam(httpAPI("HttpApi", 60, func(api *model.API) { api.CORS = cors([]string{"https://app.example.com"}, true) }))},
		{name: "any origin without credentials", project: sam(httpAPI("HttpApi", 60, func(api *model.API) { api.CORS = cors([]string{"*"}, false) }))},
	})
}

package terraform

import (
	"strings"
	"testing"
)

func TestStateMachineDefinitions(t *testing.T) {
	m := load(t, map[string]string{
		"main.tf": `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
}
resource "aws_sfn_state_machine" "encoded" {
  name     = "encoded"
  role_arn = "r"
  definition = jsonencode({
    StartAt = "Run"
    States = {
      Run = {
        Type           = "Task"
        Resource       = "arn:aws:states:::lambda:invoke"
        Parameters     = { FunctionName = aws_lambda_function.fn.arn }
        TimeoutSeconds = 30
        Next           = "Fan"
      }
      Fan = {
        Type = "Parallel"
        Branches = [{
          StartAt = "Wait"
          States = {
            Wait = {
              Type     = "Task"
              Resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
              End      = true
            }
          }
        }]
        End = true
      }
    }
  })
}
resource "aws_sfn_state_machine" "templated" {
  name       = "templated"
  role_arn   = "r"
  definition = templatefile("${path.module}/sfn.json", { fn = aws_lambda_function.fn.arn })
}
resource "aws_sfn_state_machine" "unknown" {
  name       = "unknown"
  role_arn   = "r"
  definition = var.definition
}
variable "definition" {}
`,
		"sfn.json": `{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "ItemProcessor": {
        "StartAt": "Call",
        "States": {
          "Call": { "Type": "Task", "Resource": "${fn}", "HeartbeatSeconds": 60, "TimeoutSecondsPath": "$.t", "End": true }
        }
      },
      "End": true
    }
  }
}
`,
	})
	noProblems(t, m)
	p := onlyProject(t, m)
	var got []string
	for _, sm := range p.StateMachines {
		line := sm.ID + " " + pos(sm.DefinitionAt)
		if sm.DefinitionUnknown {
			line += " unknown"
		}
		for _, task := range sm.Tasks {
			line += " | " + task.Name + "@" + pos(task.At) + " " + show(task.Resource) + " timeout=" + show(task.TimeoutSeconds) + " hb=" + show(task.HeartbeatSeconds) + " path=" + show(task.TimeoutPath)
		}
		got = append(got, line)
	}
	check(t, "state machines", strings.Join(got, "\n"), strings.Join([]string{
		"aws_sfn_state_machine.encoded main.tf:9:16 | Run@main.tf:12:7 arn:aws:states:::lambda:invoke/explicit@main.tf:14:26 timeout=30/explicit@main.tf:16:26 hb=0/absent@main.tf:12:7 path=/absent@main.tf:12:7" +
			" | Wait@main.tf:24:13 arn:aws:states:::sqs:sendMessage.waitForTaskToken/explicit@main.tf:26:26 timeout=0/absent@main.tf:24:13 hb=0/absent@main.tf:24:13 path=/absent@main.tf:24:13",
		"aws_sfn_state_machine.templated main.tf:39:16 | Call@sfn.json:9:11 /unknown@sfn.json:9:49 ref=aws_lambda_function.fn timeout=0/absent@sfn.json:9:11 hb=60/explicit@sfn.json:9:78 path=$.t/explicit@sfn.json:9:104",
		"aws_sfn_state_machine.unknown main.tf:44:16 unknown",
	}, "\n"))
	f := fnOf(t, p, "aws_lambda_function.fn")
	var trig []string
	for _, tr := range f.Triggers {
		trig = append(trig, string(tr.Kind)+"@"+pos(tr.At)+" "+tr.Source.Ref)
	}
	check(t, "step function triggers", strings.Join(trig, ","), "step-functions@main.tf:12:7 aws_sfn_state_machine.encoded,step-functions@sfn.json:9:11 aws_sfn_state_machine.templated")
	if strings.Join(p.Files, ",") != "main.tf,sfn.json" {
		t.Errorf("files = %v", p.Files)
	}
}

func TestAPIs(t *testing.T) {
	m := load(t, map[string]string{"main.tf": `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  timeout       = 60
}
resource "aws_api_gateway_rest_api" "api" {
  name = "rest"
}
resource "aws_api_gateway_resource" "items" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "items"
}
resource "aws_api_gateway_resource" "item" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.items.id
  path_part   = "{id}"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.item.id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.item.id
  http_method             = aws_api_gateway_method.get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.fn.invoke_arn
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  stage_name           = "prod"
  deployment_id        = "d"
  xray_tracing_enabled = true
}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50.5
  }
}
resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins     = ["*"]
    allow_credentials = true
  }
}
resource "aws_apigatewayv2_integration" "fn" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn.invoke_arn
  payload_format_version = "2.0"
}
resource "aws_apigatewayv2_route" "get" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /things"
  target    = "integrations/${aws_apigatewayv2_integration.fn.id}"
}
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
  default_route_settings {
    throttling_burst_limit = 10
  }
  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:1:log-group:x"
    format          = "$context.requestId"
  }
}
`})
	noProblems(t, m)
	p := onlyProject(t, m)
	rest, http := p.APIs[0], p.APIs[1]
	rt := rest.Routes[0]
	check(t, "rest route", show(rt.Method)+" "+show(rt.Path)+" "+show(rt.AuthorizationType)+" "+show(rt.APIKeyRequired)+" "+rt.Function,
		"GET/explicit@main.tf:23:19 /items/{id}/explicit@main.tf:22:19 NONE/explicit@main.tf:24:19 false/default@main.tf:20:1 aws_lambda_function.fn")
	st := rest.Stages[0]
	check(t, "rest stage", show(st.Name)+" "+show(st.TracingEnabled)+" "+show(st.ThrottlingBurstLimit)+" "+show(st.ThrottlingRateLimit)+" "+show(st.AccessLogDestination),
		"prod/explicit@main.tf:36:26 true/explicit@main.tf:38:26 100/explicit@main.tf:45:30 50.5/explicit@main.tf:46:30 /absent@main.tf:34:1")
	hr := http.Routes[0]
	check(t, "http route", show(hr.Method)+" "+show(hr.Path)+" "+show(hr.AuthorizationType)+" "+hr.Function,
		"GET/explicit@main.tf:65:15 /things/explicit@main.tf:65:15 NONE/default@main.tf:63:1 aws_lambda_function.fn")
	check(t, "http cors", show(http.CORS.AllowOrigins)+" "+show(http.CORS.AllowCredentials), "[*]/explicit@main.tf:53:25 true/explicit@main.tf:54:25")
	hs := http.Stages[0]
	check(t, "http stage", show(hs.ThrottlingBurstLimit)+" "+show(hs.ThrottlingRateLimit)+" "+show(hs.AccessLogDestination),
		"10/explicit@main.tf:73:30 0/absent@main.tf:72:3 arn:aws:logs:eu-west-1:1:log-group:x/explicit@main.tf:76:23")
	f := fnOf(t, p, "aws_lambda_function.fn")
	var trig []string
	for _, tr := range f.Triggers {
		trig = append(trig, string(tr.Kind)+" "+tr.API.Ref+" "+show(tr.PayloadFormatVersion))
	}
	check(t, "api triggers", strings.Join(trig, "\n"), "rest-api aws_api_gateway_rest_api.api 1.0/default@main.tf:26:1\nhttp-api aws_apigatewayv2_api.http 2.0/explicit@main.tf:61:28")
}

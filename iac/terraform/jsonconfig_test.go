package terraform

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// nativeApp and jsonApp are one configuration in both syntaxes, in the shapes CDK for
// Terraform writes (comments under "//", nested blocks as objects and lists of objects,
// every reference in a template string).
const nativeApp = `
variable "names" {
  type    = list(string)
  default = ["a", "b"]
}

locals {
  prefix = "orders"
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${local.prefix}-jobs"
  visibility_timeout_seconds = 30
}

resource "aws_lambda_function" "worker" {
  function_name = "${local.prefix}-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "assets/worker/bootstrap.zip"
  timeout       = 60
  memory_size   = 256
  environment {
    variables = {
      QUEUE_URL = aws_sqs_queue.jobs.url
      NAMES     = join(",", var.names)
    }
  }
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
  batch_size       = 5
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "sts:AssumeRole", Principal = {Service = "lambda.amazonaws.com"}}]})
}

resource "aws_cloudwatch_log_group" "worker" {
  for_each          = toset(var.names)
  name              = "/aws/lambda/${each.key}"
  retention_in_days = 14
}

resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  dynamic "attribute" {
    for_each = var.names
    iterator = n
    content {
      name = n.value
      type = "S"
    }
  }
}
`

const jsonApp = `{
  "//": {"metadata": {"backend": "local", "stackName": "app"}},
  "terraform": {"required_providers": {"aws": {"source": "aws", "version": "5.0.0"}}},
  "provider": {"aws": [{"region": "us-east-1"}]},
  "variable": {
    "names": {"type": "list(string)", "default": ["a", "b"]}
  },
  "locals": {"prefix": "orders"},
  "resource": {
    "aws_sqs_queue": {
      "jobs": {
        "//": {"metadata": {"path": "app/jobs", "uniqueId": "jobs"}},
        "name": "${local.prefix}-jobs",
        "visibility_timeout_seconds": 30
      }
    },
    "aws_lambda_function": {
      "worker": {
        "function_name": "${local.prefix}-worker",
        "role": "${aws_iam_role.worker.arn}",
        "runtime": "provided.al2023",
        "handler": "bootstrap",
        "filename": "assets/worker/bootstrap.zip",
        "timeout": 60,
        "memory_size": 256,
        "environment": {
          "variables": {
            "QUEUE_URL": "${aws_sqs_queue.jobs.url}",
            "NAMES": "${join(\",\", var.names)}"
          }
        },
        "tracing_config": [{"mode": "Active"}]
      }
    },
    "aws_lambda_event_source_mapping": {
      "jobs": {
        "event_source_arn": "${aws_sqs_queue.jobs.arn}",
        "function_name": "${aws_lambda_function.worker.arn}",
        "batch_size": 5
      }
    },
    "aws_iam_role": {
      "worker": {
        "name": "worker",
        "assume_role_policy": "${jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = {Service = \"lambda.amazonaws.com\"}}]})}"
      }
    },
    "aws_cloudwatch_log_group": {
      "worker": {
        "for_each": "${toset(var.names)}",
        "name": "/aws/lambda/${each.key}",
        "retention_in_days": 14
      }
    },
    "aws_dynamodb_table": {
      "t": {
        "name": "t",
        "hash_key": "id",
        "dynamic": {
          "attribute": {
            "for_each": "${var.names}",
            "iterator": "n",
            "content": {"name": "${n.value}", "type": "S"}
          }
        }
      }
    }
  }
}
`

// TestJSONConfiguration: a *.tf.json configuration gives the model its native twin gives,
// with positions in the JSON file.
func TestJSONConfiguration(t *testing.T) {
	native := load(t, map[string]string{"main.tf": nativeApp})
	js := load(t, map[string]string{"cdk.tf.json": jsonApp})
	noProblems(t, native)
	noProblems(t, js)
	a, b := modelText(onlyProject(t, native)), modelText(onlyProject(t, js))
	if a != b {
		t.Errorf("native and JSON models differ:\n--- native\n%s\n--- json\n%s", a, b)
	}
	if !strings.Contains(a, "Triggers[0]") || !strings.Contains(a, `"orders-worker"`) {
		t.Fatalf("the model lacks what the test is about:\n%s", a)
	}
	f := fnOf(t, onlyProject(t, js), "aws_lambda_function.worker")
	check(t, "function at", pos(f.At), "cdk.tf.json:18:7")
	check(t, "timeout", show(f.TimeoutSeconds), "60/explicit@cdk.tf.json:24:20")
	check(t, "name", show(f.Name), "orders-worker/explicit@cdk.tf.json:19:26")
}

// TestJSONConfigurationMixed: JSON and native files of one directory are one module, in
// root modules and local modules alike, and a resource defined in both is a duplicate.
func TestJSONConfigurationMixed(t *testing.T) {
	m := load(t, map[string]string{
		"main.tf":             "module \"q\" {\n  source = \"./modules/q\"\n}\nresource \"aws_sns_topic\" \"t\" {\n  name = local.topic\n}\n",
		"locals.tf.json":      `{"locals": {"topic": "events"}, "resource": {"aws_sns_topic": {"t": {"name": "dup"}}}}`,
		"uses.tf":             "resource \"aws_sqs_queue\" \"u\" {\n  name = local.topic\n}\n",
		"modules/q/q.tf.json": `{"resource": {"aws_sqs_queue": {"q": {"name": "from-json-module"}}}}`,
	})
	p := onlyProject(t, m)
	if len(p.Topics) != 1 || p.Topics[0].Name.Value != "dup" {
		t.Errorf("topics = %+v", p.Topics)
	}
	queues := map[string]string{}
	for _, q := range p.Queues {
		queues[q.ID] = q.Name.Value
	}
	if len(queues) != 2 || queues["module.q.aws_sqs_queue.q"] != "from-json-module" || queues["aws_sqs_queue.u"] != "events" {
		t.Errorf("queues = %v (a local from the JSON file, a module of JSON files)", queues)
	}
	if len(m.Problems) != 1 || pos(m.Problems[0].Range) != "main.tf:4:1" || m.Problems[0].Message != "duplicate resource aws_sns_topic.t" {
		t.Errorf("problems = %+v (the JSON file sorts first, so the native block is the duplicate)", m.Problems)
	}
}

// TestJSONConfigurationErrors: a JSON syntax error, a wrong shape and a bad template are
// SLS000 at their position; the rest of the module still loads.
func TestJSONConfigurationErrors(t *testing.T) {
	m := load(t, map[string]string{
		"a.tf.json": "{\"resource\": {\"aws_sqs_queue\": {\"q\": {\"name\": \"x\",}}}}",
		"b.tf.json": `["not", "an", "object"]`,
		"c.tf.json": `{"resource": {"aws_sns_topic": {"t": {"name": "${unclosed"}}}}`,
		"d.tf.json": `{"resource": {"aws_sqs_queue": {"ok": {"name": "ok"}}}}`,
	})
	var got []string
	for _, p := range m.Problems {
		got = append(got, pos(p.Range))
	}
	sort.Strings(got)
	if strings.Join(got, " ") != "a.tf.json:1:51 b.tf.json:1:1 c.tf.json:1:48" {
		t.Errorf("problems at %v: %+v", got, m.Problems)
	}
	p := onlyProject(t, m)
	if len(p.Queues) != 1 || p.Queues[0].ID != "aws_sqs_queue.ok" {
		t.Errorf("queues = %+v", p.Queues)
	}
}

// modelText renders a project's entities and attribute values without positions.
func modelText(p *model.Project) string {
	var b strings.Builder
	writeValue(&b, reflect.ValueOf(p).Elem(), 0, map[uintptr]bool{})
	return b.String()
}

func writeValue(b *strings.Builder, v reflect.Value, depth int, seen map[uintptr]bool) {
	ind := strings.Repeat("  ", depth)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		switch {
		case f.Name == "Files" || f.Name == "Path" || f.Name == "Name" && t == reflect.TypeOf(model.Project{}):
		case f.Anonymous:
			writeValue(b, fv, depth, seen)
		case f.Type == reflect.TypeOf(model.Range{}):
		case strings.HasPrefix(f.Type.Name(), "Attr["):
			fmt.Fprintf(b, "%s%s = %#v %s %s\n", ind, f.Name, fv.FieldByName("Value").Interface(), model.Origin(fv.FieldByName("Origin").Int()), fv.FieldByName("Ref"))
		case fv.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Pointer:
			for j := 0; j < fv.Len(); j++ {
				fmt.Fprintf(b, "%s%s[%d]\n", ind, f.Name, j)
				if e := fv.Index(j); !seen[e.Pointer()] {
					seen[e.Pointer()] = true
					writeValue(b, e.Elem(), depth+1, seen)
				}
			}
		case fv.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				fmt.Fprintf(b, "%s%s[%d]\n", ind, f.Name, j)
				writeValue(b, fv.Index(j), depth+1, seen)
			}
		case fv.Kind() == reflect.Pointer:
			if !fv.IsNil() {
				fmt.Fprintf(b, "%s%s\n", ind, f.Name)
				writeValue(b, fv.Elem(), depth+1, seen)
			}
		case fv.Kind() == reflect.Struct:
			fmt.Fprintf(b, "%s%s\n", ind, f.Name)
			writeValue(b, fv, depth+1, seen)
		case fv.Kind() == reflect.Map:
			keys := fv.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			for _, k := range keys {
				fmt.Fprintf(b, "%s%s[%s] = %v\n", ind, f.Name, k, fv.MapIndex(k))
			}
		default:
			fmt.Fprintf(b, "%s%s = %v\n", ind, f.Name, fv.Interface())
		}
	}
}

package cloudformation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

const intrinsicsHeader = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Secret: {Type: String, NoEcho: true, Default: s3cr3t}
  Zones: {Type: CommaDelimitedList, Default: "a, b, c"}
  SsmValue: {Type: "AWS::SSM::Parameter::Value<String>", Default: /app/value}
Mappings:
  ByEnv:
    prod: {Size: 1024, Name: big}
    dev: {Size: 128, Name: small}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [x, x]]
  Either: !Or [!Condition IsDev, !Equals [!Ref NoDefault, y]]
  Unknowable: !Equals [!Ref NoDefault, y]
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: jobs}
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "data-${Env}"}
  Other:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref Loopy}
  Loopy:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref Other}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
`

// TestIntrinsics resolves each expression as an environment variable's value.
func TestIntrinsics(t *testing.T) {
	tests := []struct {
		name, expr string
		want       string // value, or "?" for unknown
		ref        string
		secret     bool
	}{
		{"literal", `plain`, "plain", "", false},
		{"number", `42`, "42", "", false},
		{"ref param", `!Ref Env`, "prod", "", false},
		{"ref param without default", `!Ref NoDefault`, "?", "", false},
		{"ref noecho param", `!Ref Secret`, "s3cr3t", "", true},
		{"ref ssm param", `!Ref SsmValue`, "?", "", true},
		{"ref resource", `!Ref Queue`, "?", "Queue", false},
		{"ref resource with known name", `!Ref Bucket`, "data-prod", "Bucket", false},
		{"ref cycle through names", `!Ref Other`, "?", "Other", false},
		{"ref pseudo region", `!Ref AWS::Region`, "?", "", false},
		{"ref pseudo partition", `!Ref AWS::Partition`, "aws", "", false},
		{"ref unknown name", `!Ref Nowhere`, "?", "", false},
		{"long form ref", `{Ref: Env}`, "prod", "", false},
		{"getatt short", `!GetAtt Queue.Arn`, "?", "Queue", false},
		{"getatt list", `!GetAtt [Queue, Arn]`, "?", "Queue", false},
		{"getatt long form", `{"Fn::GetAtt": [Queue, Arn]}`, "?", "Queue", false},
		{"getatt known name", `!GetAtt Queue.QueueName`, "jobs", "Queue", false},
		{"sub known", `!Sub "app-${Env}-${AWS::Partition}"`, "app-prod-aws", "", false},
		{"sub literal escape", `!Sub "${!Literal}-${Env}"`, "${Literal}-prod", "", false},
		{"sub resource", `!Sub "arn:aws:sqs:::${Queue}"`, "?", "Queue", false},
		{"sub attribute", `!Sub "${Queue.Arn}"`, "?", "Queue", false},
		{"sub with variables", `!Sub ["${A}-${B}", {A: x, B: !Ref Env}]`, "x-prod", "", false},
		{"sub variable to resource", `!Sub ["q=${Q}", {Q: !GetAtt Queue.Arn}]`, "?", "Queue", false},
		{"sub self reference terminates", `!Sub ["${A}", {A: !Sub "${A}"}]`, "?", "", false},
		{"sub region", `!Sub "${AWS::Region}"`, "?", "", false},
		{"join", `!Join ["-", [a, !Ref Env, c]]`, "a-prod-c", "", false},
		{"join list param", `!Join [":", !Ref Zones]`, "a:b:c", "", false},
		{"join unknown element", `!Join ["", ["arn:", !GetAtt Queue.Arn]]`, "?", "Queue", false},
		{"select", `!Select [1, [x, y, z]]`, "y", "", false},
		{"select list param", `!Select [2, !Ref Zones]`, "c", "", false},
		{"select out of range", `!Select [5, [x]]`, "?", "", false},
		{"select getazs", `!Select [0, !GetAZs ""]`, "?", "", false},
		{"split and join", `!Join ["+", !Split [",", "a,b"]]`, "a+b", "", false},
		{"findinmap", `!FindInMap [ByEnv, !Ref Env, Name]`, "big", "", false},
		{"findinmap missing key", `!FindInMap [ByEnv, staging, Name]`, "?", "", false},
		{"findinmap default", `!FindInMap [ByEnv, staging, Name, {DefaultValue: fallback}]`, "fallback", "", false},
		{"if true", `!If [IsProd, yes, no]`, "yes", "", false},
		{"if negated", `!If [IsDev, yes, no]`, "no", "", false},
		{"if and", `!If [Both, yes, no]`, "yes", "", false},
		{"if or short-circuits unknown", `!If [Either, yes, no]`, "?", "", false},
		{"if unknown condition", `!If [Unknowable, yes, no]`, "?", "", false},
		{"if unknown condition same branches", `!If [Unknowable, same, same]`, "same", "", false},
		{"if condition loop", `!If [Loop1, yes, no]`, "?", "", false},
		{"if missing condition", `!If [Nope, yes, no]`, "?", "", false},
		{"importvalue", `!ImportValue shared-url`, "?", "", false},
		{"base64", `!Base64 hi`, "aGk=", "", false},
		{"secretsmanager", `"{{resolve:secretsmanager:db:SecretString:password}}"`, "?", "", true},
		{"ssm-secure", `"{{resolve:ssm-secure:/db/password}}"`, "?", "", true},
		{"ssm", `"{{resolve:ssm:/db/host}}"`, "?", "", true},
		{"sub with dynamic reference", `!Sub "user:{{resolve:ssm:/u}}-${Env}"`, "?", "", true},
		{"unknown function", `!Cidr ["10.0.0.0/16", 2, 8]`, "?", "", false},
		{"equals as value", `!Equals [a, a]`, "true", "", false},
	}
	var src strings.Builder
	src.WriteString(intrinsicsHeader)
	for i, tt := range tests {
		fmt.Fprintf(&src, "          V%d: %s\n", i, tt.expr)
	}
	variants(t, src.String(), func(t *testing.T, res loadResult) {
		f := fn(t, res, "Fn")
		if len(f.Environment) != len(tests) {
			t.Fatalf("%d variables, want %d; problems %v", len(f.Environment), len(tests), res.problems)
		}
		for i, tt := range tests {
			v := f.Environment[i].Value
			got := v.Value
			if v.Origin == model.Unknown {
				got = "?"
			} else if v.Origin != model.Explicit {
				got = "origin " + v.Origin.String()
			}
			if got != tt.want || v.Ref != tt.ref || v.Secret != tt.secret {
				t.Errorf("%s: %s = %q ref=%q secret=%v, want %q ref=%q secret=%v", tt.name, tt.expr, got, v.Ref, v.Secret, tt.want, tt.ref, tt.secret)
			}
		}
	})
}

// TestIfNoValue removes a property or a list item with Fn::If and AWS::NoValue.
func TestIfNoValue(t *testing.T) {
	variants(t, `Conditions:
  Off: !Equals [a, b]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !If [Off, 30, !Ref AWS::NoValue]
      ReservedConcurrentExecutions: !If [Off, !Ref AWS::NoValue, 7]
      Environment:
        Variables:
          KEEP: x
          DROP: !If [Off, y, !Ref AWS::NoValue]
`, func(t *testing.T, res loadResult) {
		f := fn(t, res, "Fn")
		if f.TimeoutSeconds.Origin != model.Default || f.TimeoutSeconds.Value != 3 {
			t.Errorf("Timeout = %+v, want the default 3", f.TimeoutSeconds)
		}
		if f.ReservedConcurrency.Value != 7 || f.ReservedConcurrency.Origin != model.Explicit {
			t.Errorf("ReservedConcurrency = %+v, want 7", f.ReservedConcurrency)
		}
		if len(f.Environment) != 1 || f.Environment[0].Name != "KEEP" {
			t.Errorf("Environment = %+v, want only KEEP", f.Environment)
		}
	})
}

// TestWrongTypes: a property of the wrong type is unknown and a problem at the property,
// never a crash or a rejected template.
func TestWrongTypes(t *testing.T) {
	variants(t, `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: abc
      MemorySize: [1, 2]
      TracingConfig: notamap
      Environment: 12
      Architectures: arm64
  Q:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 1.5
      FifoQueue: maybe
`, func(t *testing.T, res loadResult) {
		f := fn(t, res, "Fn")
		if f.TimeoutSeconds.Origin != model.Unknown {
			t.Errorf("Timeout origin = %v, want unknown", f.TimeoutSeconds.Origin)
		}
		if f.MemoryMB.Origin != model.Unknown {
			t.Errorf("MemorySize origin = %v, want unknown", f.MemoryMB.Origin)
		}
		if f.Architecture.Value != "arm64" {
			t.Errorf("Architecture = %+v, want arm64 from a scalar", f.Architecture)
		}
		var msgs []string
		for _, p := range res.problems {
			msgs = append(msgs, p.Message)
		}
		all := strings.Join(msgs, "\n")
		for _, want := range []string{`Timeout must be a whole number, not "abc"`, "MemorySize must be a number",
			`VisibilityTimeout must be a whole number, not "1.5"`, `FifoQueue must be true or false, not "maybe"`} {
			if !strings.Contains(all, want) {
				t.Errorf("problems %q lack %q", all, want)
			}
		}
	})
}

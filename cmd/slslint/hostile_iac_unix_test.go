//go:build unix

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slslint/slslint/internal/fixture"
)

// The IaC half of the hostile-input suite (issue 11): each case builds a repository in a
// temporary directory, beside a directory outside it that holds a secret, and runs the
// real binary on it with a timeout, writing every output format. Each case asserts that
// the run ends, that no output (any format, stdout, stderr) holds anything from outside
// the repository, that the expected findings are there, and that a valid project beside
// the hostile input keeps its finding.

// outsideMarker is in every file outside the repository.
const outsideMarker = "OUTSIDE-SECRET-6a7e"

// hostileTimeout only detects hangs: every case takes seconds.
const hostileTimeout = 120 * time.Second

// hostileMaxRSS detects runaway expansion (the module cases used gigabytes before the
// budget): a generous bound, not a performance target.
const hostileMaxRSS = 1 << 30

// validTemplate deploys a function and no budget: its SLS301 must survive every case.
const validTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/fn
      Code: {S3Bucket: b, S3Key: k}
`

type hostileFinding struct {
	Rule     string `json:"rule"`
	Level    string `json:"level"`
	Message  string `json:"message"`
	Location struct {
		Path   string `json:"path"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	} `json:"location"`
	Related []struct {
		Message string `json:"message"`
	} `json:"related"`
	Fingerprint string `json:"fingerprint"`
}

// want is a finding that must be reported: rule, "path:line" (or just "path"), and a
// message fragment.
type want struct{ rule, at, msg string }

type hostileCase struct {
	name string
	// files are written into the repository; outside into the directory beside it.
	files, outside map[string]string
	// links are symbolic links in the repository (path → target); fifos named pipes.
	links map[string]string
	fifos []string
	args  []string
	want  []want
	// absent are rules that must not be reported (anywhere, or "RULE path").
	absent []string
	// check inspects the findings further.
	check func(t *testing.T, fs []hostileFinding)
}

func TestHostileIaCInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it on every case")
	}
	bin := filepath.Join(t.TempDir(), "slslint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range hostileIaCCases() {
		t.Run(tc.name, func(t *testing.T) { runHostileCase(t, bin, tc) })
	}
}

func hostileIaCCases() []hostileCase {
	lambda := func(extra string) string {
		return `resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "provided.al2023"
  handler       = "bootstrap"
  filename      = "fn.zip"
  timeout       = 30
` + extra + "}\n"
	}
	secretJSON := `{"password": "` + outsideMarker + `"}`
	return []hostileCase{
		{
			name:  "terraform file() and templatefile() on a named pipe",
			files: map[string]string{"tf/main.tf": lambda("  environment {\n    variables = {\n      A = file(\"pipe.json\")\n      B = templatefile(\"${path.module}/pipe.json\", {})\n    }\n  }\n")},
			fifos: []string{"tf/pipe.json"},
			want: []want{
				{"SLS000", "tf/main.tf:10", `file: the path "pipe.json" is not a regular file: it is a named pipe`},
				{"SLS000", "tf/main.tf:11", `templatefile: the path "./pipe.json" is not a regular file: it is a named pipe`},
				{"SLS302", "tf/main.tf:1", "aws_lambda_function.fn"},
			},
		},
		{
			name:    "terraform file() through a directory that links out",
			files:   map[string]string{"tf/main.tf": lambda("  environment {\n    variables = jsondecode(file(\"d/secret.json\"))\n  }\n")},
			outside: map[string]string{"secret.json": secretJSON},
			links:   map[string]string{"tf/d": "../../outside"},
			want:    []want{{"SLS000", "tf/main.tf:9", `file: the path "d/secret.json" resolves outside the repository`}},
			absent:  []string{"SLS505"},
		},
		{
			name:  "terraform module source that links out",
			files: map[string]string{"tf/main.tf": "module \"shared\" {\n  source = \"./shared\"\n}\n" + lambda("")},
			outside: map[string]string{"mod/main.tf": `resource "aws_lambda_function" "leak" {
  function_name = "` + outsideMarker + `"
  role          = "r"
}
`},
			links:  map[string]string{"tf/shared": "../../outside/mod"},
			want:   []want{{"SLS000", "tf/main.tf:2", `module source "./shared" resolves outside the repository through a symbolic link`}},
			absent: []string{"SLS302 tf/shared/main.tf", "SLS401 tf/shared/main.tf"},
		},
		{
			name:    "terraform variables file that links out",
			files:   map[string]string{"tf/main.tf": "variable \"t\" {}\n" + lambda("  description = var.t\n")},
			outside: map[string]string{"secret.tfvars": "t = \"" + outsideMarker + "\"\n"},
			links:   map[string]string{"tf/terraform.tfvars": "../../outside/secret.tfvars"},
			args:    []string{"--var-file", "tf/terraform.tfvars"},
			want:    []want{{"SLS000", "tf/terraform.tfvars:1", "resolves outside the repository"}},
		},
		{
			name: "serverless ${file()} through a link out and on a named pipe",
			files: map[string]string{"sls/serverless.yml": `service: svc
provider:
  name: aws
functions:
  out:
    handler: bootstrap
    environment: ${file(d/secret.json)}
  pipe:
    handler: bootstrap
    timeout: ${file(pipe.yml):timeout}
`},
			outside: map[string]string{"secret.json": secretJSON},
			links:   map[string]string{"sls/d": "../../outside"},
			fifos:   []string{"sls/pipe.yml"},
			want: []want{
				{"SLS000", "sls/serverless.yml:7", "${file(d/secret.json)}: the path resolves outside the repository"},
				{"SLS000", "sls/serverless.yml:10", "${file(pipe.yml)}: the path is not a regular file: it is a named pipe"},
			},
		},
		{
			name: "state machine DefinitionUri through a link out",
			files: map[string]string{"sam/template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: d/flow.json
`},
			outside: map[string]string{"flow.json": `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "` + outsideMarker + `", "End": true}}}`},
			links:   map[string]string{"sam/d": "../../outside"},
			want:    []want{{"SLS000", "sam/template.yaml:6", "d/flow.json resolves outside the repository"}},
		},
		{
			name:    "templates that are links out, or named pipes",
			outside: map[string]string{"template.yaml": strings.Replace(validTemplate, "Fn:", "Leak"+strings.ReplaceAll(outsideMarker, "-", "")+":", 1)},
			links:   map[string]string{"linked/template.yaml": "../../outside/template.yaml", "linked/dir": "../../outside"},
			fifos:   []string{"pipes/template.yaml", "pipes/main.tf", "pipes/serverless.yml", "pipes/cdk.tf.json"},
		},
		{
			name:  "terraform modules 17 levels deep, each calling the next twice",
			files: moduleChain(17, 2, 0),
			want:  []want{{"SLS000", "tf/m", "root module tf/root creates more than 1000 local module instances"}},
		},
		{
			name:  "terraform modules 6 levels deep, 4 calls each with count = 4",
			files: moduleChain(6, 4, 4),
			want:  []want{{"SLS000", "tf/m", "root module tf/root creates more than 1000 local module instances"}},
		},
		{
			name:  "minified 5 MB template with thousands of findings",
			files: map[string]string{"cdk.out/Big.template.json": minifiedTopics(2500)},
			check: func(t *testing.T, fs []hostileFinding) {
				prints := map[string]bool{}
				n := 0
				for _, f := range fs {
					if f.Rule == "SLS506" && f.Location.Path == "cdk.out/Big.template.json" {
						n++
						prints[f.Fingerprint] = true
					}
				}
				if n != 2500 || len(prints) != 2500 {
					t.Errorf("%d SLS506 findings with %d distinct fingerprints, want 2500 of each", n, len(prints))
				}
			},
		},
		{
			name:  "YAML merge keys as an alias bomb",
			files: map[string]string{"bomb/template.yaml": mergeBomb()},
			want:  []want{{"SLS000", "bomb/template.yaml", "an alias bomb"}},
		},
		{
			name: "terraform JSON syntax alone",
			files: map[string]string{"cdktf.out/stacks/app/cdk.tf.json": `{
  "//": {"metadata": {"stackName": "app"}},
  "resource": {
    "aws_lambda_function": {
      "fn": {
        "//": {"metadata": {"path": "app/fn"}},
        "function_name": "fn",
        "role": "arn:aws:iam::123456789012:role/fn",
        "runtime": "provided.al2023",
        "handler": "bootstrap",
        "filename": "assets/fn.zip"
      }
    }
  }
}
`},
			want: []want{
				{"SLS401", "cdktf.out/stacks/app/cdk.tf.json:5", "aws_lambda_function.fn"},
				{"SLS301", "cdktf.out/stacks/app/cdk.tf.json:1", "cdktf.out/stacks/app"},
			},
		},
		{
			name: "CloudFormation language extensions",
			files: map[string]string{
				"loops/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Topics:
    - Name
    - [Orders, Payments]
    - ${Name}Topic:
        Type: AWS::SNS::Topic
        Properties:
          TopicName: !Sub "${Name}-events"
`,
				"include/template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Names: {Type: CommaDelimitedList}
Resources:
  Fn::Transform:
    Name: AWS::Include
    Parameters: {Location: s3://bucket/budget.yaml}
  Fn::ForEach::Unknown:
    - N
    - !Ref Names
    - Q${N}: {Type: AWS::SQS::Queue}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: bootstrap
      Runtime: provided.al2023
      Role: arn:aws:iam::123456789012:role/fn
      Code: {S3Bucket: b, S3Key: k}
`,
			},
			want: []want{
				{"SLS506", "loops/template.yaml:7", "topic OrdersTopic"},
				{"SLS506", "loops/template.yaml:7", "topic PaymentsTopic"},
				{"SLS302", "include/template.yaml:12", "function Fn"},
			},
			absent: []string{"SLS000", "SLS301 include/template.yaml", "SLS703 include/template.yaml"},
		},
		{
			name: "YAML merge keys in a SAM template",
			files: map[string]string{"sam/template.yaml": `Transform: AWS::Serverless-2016-10-31
x-fn: &fn
  Runtime: provided.al2023
  Handler: bootstrap
  ReservedConcurrentExecutions: 5
  Environment:
    Variables:
      DB_PASSWORD: hunter2hunter2
  Events:
    Api:
      Type: Api
      Properties: {Path: /orders, Method: post}
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      <<: *fn
      CodeUri: ./cmd/orders
`},
			want: []want{
				{"SLS505", "sam/template.yaml:8", "DB_PASSWORD"},
				{"SLS503", "sam/template.yaml", "/orders"},
			},
			absent: []string{"SLS302 sam/template.yaml", "SLS000"},
		},
		{
			name:  "multi-document and UTF-16 templates",
			files: map[string]string{"multi/template.yaml": validTemplate + "---\nResources: {}\n", "utf16/template.yaml": utf16LE(validTemplate)},
			want: []want{
				{"SLS000", "multi/template.yaml:10", "a second YAML document starts here"},
				{"SLS000", "utf16/template.yaml:1", "UTF-16"},
				{"SLS301", "multi/template.yaml:1", "multi"},
			},
		},
		{
			name: "serverless.json and serverless.ts",
			files: map[string]string{
				"json/serverless.json": `{"service": "svc", "provider": {"name": "aws", "runtime": "provided.al2023"}, "functions": {"api": {"handler": "bootstrap", "timeout": 60, "events": [{"httpApi": {"path": "/", "method": "get"}}]}}}`,
				"ts/serverless.ts":     "import type { AWS } from '@serverless/typescript';\nexport default {service: 'svc'} satisfies AWS;\n",
			},
			want: []want{
				{"SLS403", "json/serverless.json:1", "api"},
				{"SLS000", "ts/serverless.ts:1", "configured by a program (serverless.ts)"},
			},
			check: func(t *testing.T, fs []hostileFinding) {
				for _, f := range fs {
					if f.Location.Path == "ts/serverless.ts" && f.Level != "note" {
						t.Errorf("serverless.ts: level %s, want note", f.Level)
					}
				}
			},
		},
		{
			name: "terraform resource defined twice",
			files: map[string]string{
				"tf/a.tf": lambda(""),
				"tf/b.tf": `resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.fn.arn
}
resource "aws_lambda_function" "fn" {
  function_name = "copy"
}
`,
			},
			want: []want{
				{"SLS000", "tf/b.tf:8", "duplicate resource aws_lambda_function.fn"},
				{"SLS122", "tf/b.tf:1", "aws_sqs_queue.jobs"},
				{"SLS302", "tf/a.tf:1", "aws_lambda_function.fn"},
			},
		},
	}
}

func runHostileCase(t *testing.T, bin string, tc hostileCase) {
	base := t.TempDir()
	repo, outside, out := filepath.Join(base, "repo"), filepath.Join(base, "outside"), filepath.Join(base, "out")
	for _, d := range []string{filepath.Join(repo, ".git"), outside, out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{"valid/template.yaml": validTemplate}
	for k, v := range tc.files {
		files[k] = v
	}
	for dir, set := range map[string]map[string]string{repo: files, outside: tc.outside} {
		fixture.Write(t, dir, set)
	}
	for rel, target := range tc.links {
		p := filepath.Join(repo, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range tc.fifos {
		p := filepath.Join(repo, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no named pipes: %v", err)
		}
	}

	formats := []string{"json", "sarif", "text", "github", "checkstyle", "junit-xml", "code-climate"}
	args := []string{"-C", repo, "--fail-on", "none", "--no-color"}
	for _, f := range formats {
		args = append(args, "--format", f+"="+filepath.Join(out, f))
	}
	args = append(append(args, tc.args...), "./...")
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = repo
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("slslint did not finish within %s", hostileTimeout)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("slslint: %v", err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit %d after %s; stderr:\n%s", code, time.Since(start), stderr.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > hostileMaxRSS {
		t.Errorf("slslint used %d MB", ru.Maxrss>>10)
	}

	outputs := map[string]string{"stdout": stdout.String(), "stderr": stderr.String()}
	for _, f := range formats {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		outputs[f] = string(b)
	}
	for name, text := range outputs {
		if strings.Contains(text, outsideMarker) || strings.Contains(text, strings.ReplaceAll(outsideMarker, "-", "")) ||
			strings.Contains(text, outside) {
			t.Errorf("the %s output holds content or paths from outside the repository", name)
		}
	}

	var doc struct {
		Findings []hostileFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(outputs["json"]), &doc); err != nil {
		t.Fatalf("json output: %v", err)
	}
	fs := doc.Findings
	has := func(w want) bool {
		for _, f := range fs {
			at := fmt.Sprintf("%s:%d", f.Location.Path, f.Location.Line)
			if f.Rule == w.rule && (at == w.at || strings.HasPrefix(f.Location.Path, w.at) && !strings.Contains(w.at, ":")) &&
				strings.Contains(f.Message, w.msg) {
				return true
			}
		}
		return false
	}
	for _, w := range append(tc.want, want{"SLS301", "valid/template.yaml:1", "project valid"}) {
		if !has(w) {
			t.Errorf("missing %s at %s with %q", w.rule, w.at, w.msg)
		}
	}
	for _, a := range tc.absent {
		rule, path, _ := strings.Cut(a, " ")
		for _, f := range fs {
			if f.Rule == rule && strings.HasPrefix(f.Location.Path, path) {
				t.Errorf("unexpected %s at %s:%d: %s", f.Rule, f.Location.Path, f.Location.Line, f.Message)
			}
		}
	}
	if tc.check != nil {
		tc.check(t, fs)
	}
	if t.Failed() {
		var lines []string
		for _, f := range fs {
			lines = append(lines, fmt.Sprintf("%s %s:%d:%d %s", f.Rule, f.Location.Path, f.Location.Line, f.Location.Column, f.Message))
		}
		sort.Strings(lines)
		if len(lines) > 40 {
			lines = append(lines[:40], "...")
		}
		t.Logf("findings:\n%s", strings.Join(lines, "\n"))
	}
}

// moduleChain is a root module tf/root calling a chain of local modules: each of levels
// modules calls the next calls times, each call with count (0: none).
func moduleChain(levels, calls, count int) map[string]string {
	files := map[string]string{"tf/root/main.tf": "module \"m\" {\n  source = \"../m0\"\n}\n"}
	for i := range levels {
		var b strings.Builder
		for c := range calls {
			fmt.Fprintf(&b, "module \"c%d\" {\n  source = \"../m%d\"\n", c, i+1)
			if count > 0 {
				fmt.Fprintf(&b, "  count  = %d\n", count)
			}
			b.WriteString("}\n")
		}
		b.WriteString("resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n")
		files[fmt.Sprintf("tf/m%d/main.tf", i)] = b.String()
	}
	files[fmt.Sprintf("tf/m%d/main.tf", levels)] = "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n"
	return files
}

// minifiedTopics is a one-line template of n SNS topics without a KMS key (an SLS506
// each), padded with non-ASCII metadata to about 5 MB.
func minifiedTopics(n int) string {
	var b strings.Builder
	b.WriteString(`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{`)
	pad := strings.Repeat("données—", 2000/len("données—"))
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"Topic%d":{"Type":"AWS::SNS::Topic","Metadata":{"pad":"%s"},"Properties":{"TopicName":"t%d"}}`, i, pad, i)
	}
	b.WriteString("}}")
	return b.String()
}

// mergeBomb nests merge keys of ten aliases each, thirty levels deep.
func mergeBomb() string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nx0: &a0 {k0: 1}\n")
	for i := 1; i < 30; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", ")
		fmt.Fprintf(&b, "x%d: &a%d {<<: [%s], k%d: %d}\n", i, i, refs, i, i)
	}
	b.WriteString("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      <<: *a29\n")
	return b.String()
}

func utf16LE(s string) string {
	out := []byte{0xFF, 0xFE}
	for _, c := range []byte(s) {
		out = append(out, c, 0)
	}
	return string(out)
}

package actions

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// sdkOperations reads testdata/sdk/<pkg>.txt: the operations of an SDK service package,
// as listed by aws-sdk-go-v2 (api_op_*.go) and aws-sdk-go v1 (api.go).
func sdkOperations(t *testing.T, pkg string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sdk", pkg+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var ops []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			op, _, _ := strings.Cut(line, "\t")
			ops = append(ops, op)
		}
	}
	return ops
}

// Every action the table yields for every operation of every SDK package it covers is an
// action the Service Authorization Reference publishes, and every exception of the table is
// an operation the SDK has.
func TestTableAgainstPublishedActions(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	tb, _ := load()
	packages := map[string]bool{}
	for pkg := range tb.byPackage {
		packages[pkg] = true
	}
	for pkg := range packages {
		ops := sdkOperations(t, pkg)
		if len(ops) == 0 {
			t.Errorf("%s: no SDK operations in testdata", pkg)
		}
		known := map[string]bool{}
		for _, op := range ops {
			known[op] = true
			o, ok := Lookup(pkg, op)
			if !ok {
				continue // not published and no exception: Lookup says it does not know
			}
			for _, a := range o.Actions {
				if _, ok := Describe(a.Name); !ok {
					t.Errorf("%s.%s needs %s, which the reference does not publish", pkg, op, a.Name)
				}
			}
			if len(o.Actions) == 0 && !o.None && !o.Items && !o.Statement {
				t.Errorf("%s.%s: no action", pkg, op)
			}
		}
		for op := range tb.byPackage[pkg].ops {
			if !known[op] && !sharedPackage(tb, pkg, op) {
				t.Errorf("%s: exception for %s, which the SDK does not have", pkg, op)
			}
		}
	}
}

// sharedPackage reports whether another package of the same service has op (the table's
// exceptions are per service: eventbridge and cloudwatchevents share them).
func sharedPackage(tb *table, pkg, op string) bool {
	for _, other := range tb.byPackage[pkg].Packages {
		if other == pkg {
			continue
		}
		for _, o := range sdkOperationsNoT(other) {
			if o == op {
				return true
			}
		}
	}
	return false
}

func sdkOperationsNoT(pkg string) []string {
	b, err := os.ReadFile(filepath.Join("testdata", "sdk", pkg+".txt"))
	if err != nil {
		return nil
	}
	var ops []string
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			op, _, _ := strings.Cut(line, "\t")
			ops = append(ops, op)
		}
	}
	return ops
}

// The services the issue names are covered, in both SDK generations, and the operations a
// Lambda function most often calls map as documented.
func TestKnownMappings(t *testing.T) {
	for _, pkg := range []string{"dynamodb", "s3", "sqs", "sns", "eventbridge", "kinesis", "firehose", "sfn", "lambda",
		"secretsmanager", "ssm", "kms", "ses", "sesv2", "cloudwatch", "xray", "appconfig", "appconfigdata"} {
		if _, ok := ServiceOf(pkg); !ok {
			t.Errorf("service package %s is not covered", pkg)
		}
	}
	cases := []struct {
		pkg, op string
		want    string // actions, "@target" when not the call's resource; "none", "items", "statement"
	}{
		// By rule: <prefix>:<Operation>.
		{"dynamodb", "PutItem", "dynamodb:PutItem"},
		{"dynamodb", "Query", "dynamodb:Query"},
		{"dynamodb", "BatchWriteItem", "dynamodb:BatchWriteItem"},
		{"sqs", "SendMessage", "sqs:SendMessage"},
		{"sqs", "ReceiveMessage", "sqs:ReceiveMessage"},
		{"sns", "Publish", "sns:Publish"},
		{"eventbridge", "PutEvents", "events:PutEvents@entries"},
		{"cloudwatchevents", "PutEvents", "events:PutEvents@entries"},
		{"kinesis", "PutRecords", "kinesis:PutRecords"},
		{"firehose", "PutRecordBatch", "firehose:PutRecordBatch"},
		{"sfn", "StartExecution", "states:StartExecution"},
		{"sfn", "StartSyncExecution", "states:StartSyncExecution"},
		{"secretsmanager", "GetSecretValue", "secretsmanager:GetSecretValue"},
		{"ssm", "GetParametersByPath", "ssm:GetParametersByPath"},
		{"kms", "Decrypt", "kms:Decrypt"},
		{"ses", "SendRawEmail", "ses:SendRawEmail"},
		{"sesv2", "SendEmail", "ses:SendEmail"},
		{"cloudwatch", "PutMetricData", "cloudwatch:PutMetricData"},
		{"xray", "PutTraceSegments", "xray:PutTraceSegments"},
		{"appconfigdata", "StartConfigurationSession", "appconfig:StartConfigurationSession"},
		{"appconfigdata", "GetLatestConfiguration", "appconfig:GetLatestConfiguration"},
		// The exceptions the issue names.
		{"s3", "ListObjectsV2", "s3:ListBucket"},
		{"s3", "HeadObject", "s3:GetObject"},
		{"s3", "CreateMultipartUpload", "s3:PutObject"},
		{"s3", "UploadPart", "s3:PutObject"},
		{"s3", "CompleteMultipartUpload", "s3:PutObject"},
		{"s3", "CopyObject", "s3:PutObject s3:GetObject@source"},
		{"s3", "DeleteObjects", "s3:DeleteObject@objects"},
		{"s3", "ListBuckets", "s3:ListAllMyBuckets"},
		{"sqs", "SendMessageBatch", "sqs:SendMessage"},
		{"sqs", "DeleteMessageBatch", "sqs:DeleteMessage"},
		{"sns", "PublishBatch", "sns:Publish"},
		{"dynamodb", "TransactWriteItems", "items"},
		{"dynamodb", "TransactGetItems", "items"},
		{"dynamodb", "ExecuteStatement", "statement"},
		{"lambda", "Invoke", "lambda:InvokeFunction"},
		{"lambda", "InvokeWithResponseStream", "lambda:InvokeFunction"},
		{"kms", "ReEncrypt", "kms:ReEncryptFrom kms:ReEncryptTo"},
		{"sts", "GetCallerIdentity", "none"},
	}
	for _, c := range cases {
		o, ok := Lookup(c.pkg, c.op)
		if !ok {
			t.Errorf("%s.%s: not known", c.pkg, c.op)
			continue
		}
		var got []string
		switch {
		case o.None:
			got = append(got, "none")
		case o.Items:
			got = append(got, "items")
		case o.Statement:
			got = append(got, "statement")
		}
		for _, a := range o.Actions {
			s := a.Name
			if a.Target != OnCall {
				s += "@" + string(a.Target)
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s.%s = %q, want %q", c.pkg, c.op, g, c.want)
		}
	}
	// An operation the reference does not publish and the table does not name is not
	// known: its action is not guessed.
	if _, ok := Lookup("s3", "CreateSession"); ok {
		t.Error("s3.CreateSession (an s3express action) should not be known")
	}
	if _, ok := Lookup("unknownservice", "Get"); ok {
		t.Error("a service outside the table should not be known")
	}
}

// The resource types and ARN formats of the table are those the reference publishes
// (testdata/arn/<prefix>.txt), with the resource's name for the reference's placeholder.
func TestResourceARNs(t *testing.T) {
	tb, _ := load()
	placeholder := regexp.MustCompile(`\$\{[A-Za-z]+\}`)
	for prefix, s := range tb.byPrefix {
		b, err := os.ReadFile(filepath.Join("testdata", "arn", prefix+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		published := map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			if typ, arn, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
				published[strings.ToLower(typ)] = arn
			}
		}
		for _, r := range s.Resources {
			want, ok := published[strings.ToLower(r.Type)]
			if !ok {
				t.Errorf("%s: resource type %s is not published", prefix, r.Type)
				continue
			}
			got := strings.ReplaceAll(r.ARN, "-??????", "")
			norm := func(s string) string { return placeholder.ReplaceAllString(s, "${X}") }
			if r.Type == "stream" && prefix == "dynamodb" || r.Type == "execution" {
				continue // named by their ARN in every call: the format is not used
			}
			if norm(got) != norm(want) {
				t.Errorf("%s %s: ARN %s, published %s", prefix, r.Type, r.ARN, want)
			}
		}
	}
}

// The access levels of actions are read from the snapshot.
func TestDescribe(t *testing.T) {
	for action, level := range map[string]Level{"s3:GetObject": "Read", "S3:getobject": "Read", "s3:ListBucket": "List",
		"dynamodb:PutItem": "Write", "sqs:SendMessage": "Write"} {
		if info, ok := Describe(action); !ok || info.Level != level {
			t.Errorf("Describe(%s) = %+v, %v; want level %s", action, info, ok, level)
		}
	}
	if _, ok := Describe("s3:NoSuchAction"); ok {
		t.Error("an unpublished action was described")
	}
	names := map[string]bool{}
	for _, info := range Published("sqs") {
		names[info.Name] = true
	}
	var missing []string
	for _, want := range []string{"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueUrl"} {
		if !names[want] {
			missing = append(missing, want)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("Published(sqs) lacks %v", missing)
	}
}

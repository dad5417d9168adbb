package main

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/jsonschematest"
)

// slslint policy writes each linked function's statements in its template's syntax, or as
// JSON in its documented schema, and exits 0 whatever the findings.
func TestPolicyCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real aws-lambda-go and aws-sdk-go-v2")
	}
	dir := samApp(t)
	code, out, stderr := runCLI(t, "policy", "-C", dir, "--format", "json")
	if code != exitClean {
		t.Fatalf("policy --format json: exit %d\n%s", code, stderr)
	}
	jsonschematest.Validate(t, "docs/schemas/policy.schema.json", []byte(out))
	// The orders functions forward to a queue named by OUT_QUEUE_URL: OrdersGood's is
	// OutQueue, a queue of the template, written as a reference.
	code, out, stderr = runCLI(t, "policy", "-C", dir)
	if code != exitClean {
		t.Fatalf("policy: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"# template.yaml: function OrdersGood (./cmd/orders)\nPolicies:\n  - SQSSendMessagePolicy:\n      QueueName: !GetAtt OutQueue.QueueName\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("policy output lacks %q:\n%s", want, out)
		}
	}
	if code, _, stderr := runCLI(t, "policy", "-C", dir, "--format", "yaml"); code != exitError || !strings.Contains(stderr, "unknown format") {
		t.Errorf("an unknown format: exit %d, %s", code, stderr)
	}
}

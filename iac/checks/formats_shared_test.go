package checks

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/rules"
)

// Settings made once for many functions — SAM Globals, the Serverless Framework's provider:
// — are reported once, at that setting, naming every function that gets it; the same
// setting written in each function is reported in each.

// samFns returns n SAM functions (A, B, C, ...) with extra written in each.
func samFns(n int, extra func(id string) string) string {
	var b strings.Builder
	for i := range n {
		id := string(rune('A' + i))
		b.WriteString("  " + id + ":\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: bootstrap\n" + extra(id))
	}
	return b.String()
}

// slsFns returns n serverless functions (a, b, c, ...) with extra written in each.
func slsFns(n int, extra func(id string) string) string {
	var b strings.Builder
	for i := range n {
		id := string(rune('a' + i))
		b.WriteString("  " + id + ":\n    handler: bootstrap\n" + extra(id))
	}
	return b.String()
}

func none(string) string { return "" }

func TestSharedRuntimeFormats(t *testing.T) {
	testFormats(t, rules.DeprecatedRuntime, []formatCase{
		{name: "sam Globals runtime for three functions", contains: []string{"functions A, B and C use runtime go1.x"},
			files: samG("  Function:\n    Runtime: ▶go1.x\n", samFns(3, none))},
		{name: "sam runtime written in each function", contains: []string{"uses runtime go1.x"},
			files: samT(samFns(3, func(string) string { return "      Runtime: ▶go1.x\n" }))},
		{name: "sam Globals runtime overridden by one function", contains: []string{"go1.x"},
			files: samG("  Function:\n    Runtime: ▶go1.x\n", samFns(2, none)+"  C:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: bootstrap\n      Runtime: provided.al2023\n")},
		{name: "serverless provider runtime for three functions", contains: []string{"functions a, b and c use runtime go1.x"},
			files: slsT("service: api\nprovider:\n  name: aws\n  runtime: ▶go1.x\nfunctions:\n" + slsFns(3, none))},
		{name: "serverless runtime written in each function",
			files: slsT("service: api\nprovider:\n  name: aws\nfunctions:\n" + slsFns(3, func(string) string { return "    runtime: ▶go1.x\n" }))},
	})
}

func TestSharedSecretEnvFormats(t *testing.T) {
	testFormats(t, rules.PlaintextSecretEnv, []formatCase{
		{name: "sam Globals secret for three functions", contains: []string{"environment variable DB_PASSWORD of functions A, B and C"},
			files: samG("  Function:\n    Environment:\n      Variables:\n        DB_PASSWORD: ▶hunter2-prod\n", samFns(3, none))},
		{name: "sam secret written in each function",
			files: samT(samFns(3, func(string) string {
				return "      Environment:\n        Variables:\n          DB_PASSWORD: ▶hunter2-prod\n"
			}))},
		{name: "serverless provider environment secret for three functions", contains: []string{"of functions a, b and c"},
			files: slsT("service: api\nprovider:\n  name: aws\n  environment:\n    STRIPE_API_KEY: ▶sk_live_51H8aQ2\nfunctions:\n" + slsFns(3, none))},
		{name: "serverless provider secret overridden by one function",
			files: slsT("service: api\nprovider:\n  name: aws\n  environment:\n    STRIPE_API_KEY: ▶sk_live_51H8aQ2\nfunctions:\n" + slsFns(2, none) +
				"  c:\n    handler: bootstrap\n    environment:\n      STRIPE_API_KEY: ${ssm:/prod/stripe}\n")},
	})
}

func TestSharedTimeoutFormats(t *testing.T) {
	apiEvent := func(id string) string {
		return "      Events:\n        ▷Api:\n          Type: HttpApi\n          Properties:\n            Path: /" + strings.ToLower(id) + "\n            Method: get\n"
	}
	testFormats(t, rules.TimeoutExceedsIntegration, []formatCase{
		{name: "sam Globals timeout for two API functions", contains: []string{"timeout 60 s of functions A and B exceeds"},
			files: samG("  Function:\n    Timeout: ▶60\n", samFns(2, apiEvent))},
		{name: "sam timeout written in each API function",
			files: samT(samFns(2, func(id string) string { return "      Timeout: ▶60\n" + apiEvent(id) }))},
		{name: "sam Globals timeout within the limit", files: unmark(samG("  Function:\n    Timeout: 25\n", samFns(2, apiEvent)))},
	})
}

func TestSharedArchitectureFormats(t *testing.T) {
	testFormats(t, rules.X86Architecture, []formatCase{
		{name: "serverless provider architecture for two Go functions", contains: []string{"Go functions a and b run on x86_64"},
			files: slsT("service: api\nprovider:\n  name: aws\n  runtime: provided.al2023\n  architecture: ▶x86_64\nfunctions:\n" +
				slsFns(2, func(string) string { return "    package:\n      artifact: bin/bootstrap.zip\n" }) +
				"custom:\n  go:\n    supportedRuntimes: [provided.al2023]\nplugins:\n  - serverless-go-plugin\n")},
		{name: "serverless provider arm64", files: slsT("service: api\nprovider:\n  name: aws\n  runtime: provided.al2023\n  architecture: arm64\nfunctions:\n" +
			slsFns(2, none) + "plugins:\n  - serverless-go-plugin\n")},
	})
}

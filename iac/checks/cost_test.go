package checks

import (
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

func TestNoBudget(t *testing.T) {
	budget := &model.Budget{Resource: model.Resource{ID: "MonthlyBudget", At: at(80)}}
	billing := project(model.Terraform, budget)
	billing.Path, billing.At = "billing", model.Range{File: "billing/main.tf", Line: 1, Column: 1}
	testRule(t, rules.NoBudget, []ruleCase{
		{name: "functions and no budget", want: []string{"1"}, contains: []string{"project app", "AWS::Budgets::Budget"},
			project: sam(function("A", 10), function("B", 20))},
		{name: "terraform", want: []string{"1"}, contains: []string{"aws_budgets_budget"}, project: terraform(function("aws_lambda_function.a", 10))},
		{name: "budget in the project", project: sam(function("A", 10), budget)},
		{name: "a budget in another project does not count", want: []string{"1"}, project: sam(function("A", 10)), others: []*model.Project{billing}},
		{name: "one finding per project", want: []string{"1", "1"}, project: sam(function("A", 10), function("B", 20)),
			others: []*model.Project{terraform(function("aws_lambda_function.a", 10))}},
		{name: "no functions", project: sam(queue("Jobs", 40))},
	})
}

func TestNoConcurrencyLimit(t *testing.T) {
	unreserved := func(f *model.Function) { f.ReservedConcurrency = absent[int](10) }
	maxConcurrency := func(n int) func(*model.Trigger) {
		return func(t *model.Trigger) { t.MaximumConcurrency = set(n, 33) }
	}
	testRule(t, rules.NoConcurrencyLimit, []ruleCase{
		{name: "no reserved concurrency", want: []string{"10"}, contains: []string{"1,000", "ReservedConcurrentExecutions"},
			project: sam(function("Api", 10, unreserved, trigger(model.TriggerHTTPAPI, "", 30)))},
		{name: "serverless names", want: []string{"10"}, contains: []string{"reservedConcurrency"}, project: sls(function("api", 10, unreserved))},
		{name: "raised account limit in settings", want: []string{"10"}, contains: []string{"5,000"},
			settings: &Settings{Cost: CostSettings{AccountConcurrencyLimit: 5000}}, project: sam(function("Api", 10, unreserved))},
		{name: "sqs trigger without maximum concurrency", want: []string{"10"}, contains: []string{"ScalingConfig.MaximumConcurrency"},
			project: sam(function("Worker", 10, unreserved, trigger(model.TriggerSQS, "Jobs", 30)), queue("Jobs", 40))},
		{name: "sqs plus an api", want: []string{"10"}, project: sam(function("Worker", 10, unreserved,
			trigger(model.TriggerSQS, "Jobs", 30, maxConcurrency(5)), trigger(model.TriggerRESTAPI, "", 35)), queue("Jobs", 40))},
		{name: "reserved concurrency", project: sam(function("Api", 10))},
		{name: "unresolved reserved concurrency", project: sam(function("Api", 10, func(f *model.Function) { f.ReservedConcurrency = unresolved[int](16) }))},
		{name: "sqs maximum concurrency bounds it", project: sam(function("Worker", 10, unreserved,
			trigger(model.TriggerSQS, "Jobs", 30, maxConcurrency(5))), queue("Jobs", 40))},
		{name: "unresolved sqs maximum concurrency", project: sam(function("Worker", 10, unreserved,
			trigger(model.TriggerSQS, "Jobs", 30, func(t *model.Trigger) { t.MaximumConcurrency = unresolved[int](33) })), queue("Jobs", 40))},
	})
}

func TestAPINoThrottling(t *testing.T) {
	noThrottling := func(api *model.API) {
		api.Stages[0].ThrottlingBurstLimit = absent[int](61)
		api.Stages[0].ThrottlingRateLimit = absent[float64](61)
	}
	testRule(t, rules.APINoThrottling, []ruleCase{
		{name: "rest stage", want: []string{"61"}, contains: []string{"stage prod of REST API Api", "10,000"}, project: sam(restAPI("Api", 60, noThrottling))},
		{name: "http stage", want: []string{"61"}, contains: []string{"HTTP API"}, project: sam(httpAPI("HttpApi", 60, noThrottling))},
		{name: "rest stage with throttling", project: sam(restAPI("Api", 60))},
		{name: "rest usage plan", project: sam(restAPI("Api", 60, noThrottling, func(api *model.API) { api.UsagePlan = set(true, 68) }))},
		{name: "unresolved usage plan", project: sam(restAPI("Api", 60, noThrottling, func(api *model.API) { api.UsagePlan = unresolved[bool](68) }))},
		{name: "unresolved rate limit", project: sam(httpAPI("HttpApi", 60, noThrottling, func(api *model.API) {
			api.Stages[0].ThrottlingRateLimit = unresolved[float64](63)
		}))},
	})
}

func TestLogRetentionUnset(t *testing.T) {
	forever := func(f *model.Function) { f.LogRetentionDays = absent[int](10) }
	testRule(t, rules.LogRetentionUnset, []ruleCase{
		{name: "no log group", want: []string{"10"}, contains: []string{"function Api", "RetentionInDays"}, project: sam(function("Api", 10, forever))},
		{name: "log group without retention", want: []string{"10"}, related: []int{90},
			project: sam(function("Api", 10, forever, func(f *model.Function) { f.LogGroup = refTo("ApiLogs", 19) }),
				&model.LogGroup{Resource: model.Resource{ID: "ApiLogs", At: at(90)}, RetentionDays: absent[int](90)})},
		{name: "serverless", want: []string{"10"}, contains: []string{"logRetentionInDays"}, project: sls(function("api", 10, forever))},
		{name: "retention set", project: sam(function("Api", 10))},
		{name: "unresolved retention", project: sam(function("Api", 10, func(f *model.Function) { f.LogRetentionDays = unresolved[int](92) }))},
	})
}

func TestWorstCaseCost(t *testing.T) {
	// The Serverless Framework's defaults: 1024 MB on x86_64, no concurrency cap.
	slsDefaults := func(f *model.Function) {
		f.MemoryMB = deflt(1024, 10)
		f.Architecture = deflt("x86_64", 10)
		f.ReservedConcurrency = absent[int](10)
	}
	memory := func(mb int) func(*model.Function) { return func(f *model.Function) { f.MemoryMB = set(mb, 14) } }
	testRule(t, rules.WorstCaseCost, []ruleCase{
		{name: "1 GB x86 uncapped", want: []string{"10"}, project: sls(function("api", 10, slsDefaults)),
			contains: []string{"$60.00 per hour", "$50", "1,000 concurrent executions", "the account limit", "1 GB", "$0.0000166667", "x86_64"}},
		{name: "large memory with a cap", want: []string{"16"}, related: []int{14}, contains: []string{"$120.00", "200 concurrent", "its reserved concurrency", "10 GB"},
			project: sam(function("Render", 10, memory(10240), func(f *model.Function) {
				f.Architecture = set("x86_64", 13)
				f.ReservedConcurrency = set(200, 16)
			}))},
		{name: "sqs maximum concurrency", want: []string{"10"}, contains: []string{"maximum concurrency of its SQS triggers", "$60.00"},
			project: sam(function("Worker", 10, memory(10240), func(f *model.Function) {
				f.Architecture = deflt("x86_64", 10)
				f.ReservedConcurrency = absent[int](10)
			}, trigger(model.TriggerSQS, "Jobs", 30, func(t *model.Trigger) { t.MaximumConcurrency = set(100, 33) })), queue("Jobs", 40))},
		{name: "unresolved architecture priced as arm64", want: []string{"10"}, contains: []string{"$96.00", "the architecture is not known"},
			project: sam(function("Api", 10, memory(2048), func(f *model.Function) {
				f.Architecture = unresolved[string](13)
				f.ReservedConcurrency = absent[int](10)
			}))},
		{name: "lower threshold in settings", want: []string{"10"}, contains: []string{"$7.50", "$5"},
			settings: &Settings{Cost: CostSettings{MaxHourlyUSD: 5}},
			project: sam(function("Small", 10, func(f *model.Function) {
				f.MemoryMB, f.Architecture, f.ReservedConcurrency = deflt(128, 10), deflt("x86_64", 10), absent[int](10)
			}))},
		{name: "1 GB on arm64 stays under $50", project: sls(function("api", 10, slsDefaults, func(f *model.Function) { f.Architecture = set("arm64", 13) }))},
		{name: "capped", project: sls(function("api", 10, slsDefaults, func(f *model.Function) { f.ReservedConcurrency = set(50, 16) }))},
		{name: "unresolved memory", project: sls(function("api", 10, slsDefaults, func(f *model.Function) { f.MemoryMB = unresolved[int](14) }))},
		{name: "unresolved cap", project: sls(function("api", 10, slsDefaults, func(f *model.Function) { f.ReservedConcurrency = unresolved[int](16) }))},
		{name: "128 MB default stays under $50", project: sam(function("Small", 10, func(f *model.Function) {
			f.MemoryMB, f.Architecture, f.ReservedConcurrency = deflt(128, 10), deflt("x86_64", 10), absent[int](10)
		}))},
	})
}

func TestX86Architecture(t *testing.T) {
	x86 := func(f *model.Function) { f.Architecture = deflt("x86_64", 10) }
	testRule(t, rules.X86Architecture, []ruleCase{
		{name: "SAM go build on x86_64 by default", want: []string{"10"}, contains: []string{"Go function Api", "20% less", "Architectures: [arm64]"},
			project: sam(function("Api", 10, x86))},
		{name: "go1.x", want: []string{"13"}, contains: []string{"provided.al2023"}, project: sam(function("Legacy", 10, func(f *model.Function) {
			f.Runtime, f.Architecture = set("go1.x", 11), set("x86_64", 13)
			f.Code.BuildMethod = absent[string](10)
		}))},
		{name: "serverless-go-plugin handler", want: []string{"10"}, contains: []string{"architecture: arm64"}, project: sls(function("api", 10, x86, func(f *model.Function) {
			f.Runtime, f.Handler = set("provided.al2", 11), set("functions/api/main.go", 12)
			f.Code.BuildMethod = absent[string](10)
		}))},
		{name: "arm64", project: sam(function("Api", 10))},
		{name: "OS-only runtime without sign of Go", project: terraform(function("aws_lambda_function.api", 10, x86, func(f *model.Function) {
			f.Code.BuildMethod = absent[string](10)
		}))},
		{name: "rust build", project: sam(function("Api", 10, x86, func(f *model.Function) { f.Code.BuildMethod = set("rust-cargolambda", 18) }))},
		{name: "node.js", project: sam(function("Web", 10, x86, func(f *model.Function) {
			f.Runtime, f.Handler = set("nodejs22.x", 11), set("index.handler", 12)
			f.Code.BuildMethod = set("esbuild", 18)
		}))},
		{name: "unresolved architecture", project: sam(function("Api", 10, func(f *model.Function) { f.Architecture = unresolved[string](13) }))},
	})
}

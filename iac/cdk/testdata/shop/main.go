// Command shop is the shop's AWS CDK app.
package main

import (
	"os"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsbudgets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdklambdagoalpha/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"example.com/shop/shopcdk"
)

const billingEntry = "cmd/billing"

func newShop(scope constructs.Construct, id string) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, nil)

	// A consumer whose queue hides messages for less than its function's timeout, with no
	// dead-letter queue, ignoring the failures its handler reports.
	orders := shopcdk.NewOrders(stack, "Orders", &shopcdk.OrdersProps{Code: "bin/orders", VisibilitySeconds: 10})
	orders.Handler.MetricErrors(nil).CreateAlarm(stack, jsii.String("OrdersErrors"), &awscloudwatch.CreateAlarmOptions{
		Threshold: jsii.Number(1), EvaluationPeriods: jsii.Number(1),
	})

	// Its correct twin.
	shopcdk.NewOrders(stack, "Reports", &shopcdk.OrdersProps{
		Code: "bin/reports", VisibilitySeconds: 180, ReportFailures: true, DeadLetter: true, Retention: awslogs.RetentionDays_ONE_MONTH,
	})

	// An API function slower than the HTTP API's 30 s, on a public URL.
	billing := awscdklambdagoalpha.NewGoFunction(stack, jsii.String("Billing"), &awscdklambdagoalpha.GoFunctionProps{
		Entry:        jsii.String(billingEntry),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(60)),
		Architecture: awslambda.Architecture_ARM_64(),
		Environment: &map[string]*string{
			"CURRENCY":     jsii.String("EUR"),
			"API_PASSWORD": jsii.String("hunter2"),
		},
	})
	billing.AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_NONE})

	// Its twin: fast enough, behind IAM.
	prices := awscdklambdagoalpha.NewGoFunction(stack, jsii.String("Prices"), &awscdklambdagoalpha.GoFunctionProps{
		Entry:        jsii.String(billingEntry + "/main.go"),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(10)),
		Architecture: awslambda.Architecture_ARM_64(),
		Environment:  &map[string]*string{"CURRENCY": jsii.String("EUR")},
	})
	prices.AddFunctionUrl(&awslambda.FunctionUrlOptions{AuthType: awslambda.FunctionUrlAuthType_AWS_IAM})

	api := awsapigatewayv2.NewHttpApi(stack, jsii.String("Api"), nil)
	api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/invoices"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
		Integration: awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("Invoices"), billing, nil),
	})
	api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/prices"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_GET},
		Integration: awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("Prices"), prices, nil),
	})

	// A scheduled job whose failed invocations are dropped, and one whose are kept.
	nightly := awslambda.NewFunction(stack, jsii.String("Nightly"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_PROVIDED_AL2023(),
		Handler: jsii.String("bootstrap"),
		Code:    awslambda.Code_FromAsset(jsii.String("bin/nightly"), nil),
	})
	nightly.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("*"),
		Resources: jsii.Strings("*"),
	}))
	hourly := awslambda.NewFunction(stack, jsii.String("Hourly"), &awslambda.FunctionProps{
		Runtime:                      awslambda.Runtime_PROVIDED_AL2023(),
		Handler:                      jsii.String("bootstrap"),
		Code:                         awslambda.Code_FromAsset(jsii.String("bin/hourly"), nil),
		Timeout:                      awscdk.Duration_Minutes(jsii.Number(2)),
		Tracing:                      awslambda.Tracing_ACTIVE,
		LogRetention:                 awslogs.RetentionDays_ONE_WEEK,
		ReservedConcurrentExecutions: jsii.Number(2),
		Architecture:                 awslambda.Architecture_ARM_64(),
	})
	hourly.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   jsii.Strings("sqs:SendMessage"),
		Resources: &[]*string{orders.Queue.QueueArn()},
	}))
	failures := awssqs.NewQueue(stack, jsii.String("Failures"), nil)
	hourly.ConfigureAsyncInvoke(&awslambda.EventInvokeConfigOptions{
		OnFailure: awslambdadestinations.NewSqsDestination(failures),
	})
	awsevents.NewRule(stack, jsii.String("Schedule"), &awsevents.RuleProps{
		Schedule: awsevents.Schedule_Rate(awscdk.Duration_Hours(jsii.Number(1))),
		Targets:  &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(nightly, nil), awseventstargets.NewLambdaFunction(hourly, nil)},
	})

	// A legacy function on a retired runtime, suppressed on its construct.
	//slslint:ignore SLS507 retired with the old shop next quarter
	awslambda.NewFunction(stack, jsii.String("Legacy"), &awslambda.FunctionProps{
		Handler: jsii.String("main"),
		Code:    awslambda.Code_FromAsset(jsii.String("bin/legacy"), nil),
		Timeout: awscdk.Duration_Seconds(jsii.Number(5)),
		Runtime: awslambda.Runtime_GO_1_X(),
	})

	awsbudgets.NewCfnBudget(stack, jsii.String("Budget"), &awsbudgets.CfnBudgetProps{
		Budget: &awsbudgets.CfnBudget_BudgetDataProperty{
			BudgetType: jsii.String("COST"),
			TimeUnit:   jsii.String("MONTHLY"),
		},
	})
	return stack
}

// newAudit is a stack without a budget, whose function's timeout comes from the
// environment: not known statically.
func newAudit(scope constructs.Construct) {
	stack := awscdk.NewStack(scope, jsii.String(auditName()), nil)
	seconds, _ := strconv.Atoi(os.Getenv("AUDIT_TIMEOUT"))
	awslambda.NewFunction(stack, jsii.String("Audit"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_GO_1_X(),
		Handler: jsii.String("bootstrap"),
		Code:    awslambda.Code_FromAsset(jsii.String("bin/audit"), nil),
		Timeout: awscdk.Duration_Seconds(jsii.Number(float64(seconds))),
	})
}

func auditName() string { return "Audit" }

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	newShop(app, "Shop")
	newAudit(app)
	newEvents(app)
	app.Synth(nil)
}

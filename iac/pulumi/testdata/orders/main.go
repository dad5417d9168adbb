// Command orders is the order pipeline's Pulumi program.
package main

import (
	"encoding/json"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const runtime = "provided.al2023"

// newFunction declares a Go function built into bin/<name>.
func newFunction(ctx *pulumi.Context, name string, role *iam.Role, timeout int) (*lambda.Function, error) {
	return lambda.NewFunction(ctx, name, &lambda.FunctionArgs{
		Runtime:       pulumi.String(runtime),
		Handler:       pulumi.String("bootstrap"),
		Architectures: pulumi.StringArray{pulumi.String("arm64")},
		Role:          role.Arn,
		Code:          pulumi.NewFileArchive("bin/" + name),
		Timeout:       pulumi.Int(timeout),
	})
}

func run(ctx *pulumi.Context) error {
	assume, err := json.Marshal(map[string]interface{}{
		"Version": "2012-10-17",
		"Statement": []map[string]interface{}{{
			"Action":    "sts:AssumeRole",
			"Effect":    "Allow",
			"Principal": map[string]interface{}{"Service": "lambda.amazonaws.com"},
		}},
	})
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, "role", &iam.RoleArgs{
		AssumeRolePolicy:  pulumi.String(string(assume)),
		ManagedPolicyArns: pulumi.StringArray{pulumi.String("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")},
	})
	if err != nil {
		return err
	}
	_, err = iam.NewRolePolicy(ctx, "everything", &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: pulumi.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`),
	})
	if err != nil {
		return err
	}

	// A consumer whose queue hides messages for less than its timeout, with no
	// dead-letter queue, ignoring the failures its handler reports.
	jobs, err := sqs.NewQueue(ctx, "jobs", &sqs.QueueArgs{VisibilityTimeoutSeconds: pulumi.Int(10)})
	if err != nil {
		return err
	}
	worker, err := newFunction(ctx, "worker", role, 30)
	if err != nil {
		return err
	}
	_, err = lambda.NewEventSourceMapping(ctx, "worker-jobs", &lambda.EventSourceMappingArgs{
		EventSourceArn: jobs.Arn,
		FunctionName:   worker.Arn,
		BatchSize:      pulumi.Int(10),
	})
	if err != nil {
		return err
	}
	_, err = cloudwatch.NewLogGroup(ctx, "worker-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.Sprintf("/aws/lambda/%s", worker.Name),
		RetentionInDays: pulumi.Int(14),
	})
	if err != nil {
		return err
	}

	// Its twin: a visibility timeout six times the function's, a redrive policy, partial
	// batch responses.
	dlq, err := sqs.NewQueue(ctx, "tasks-dlq", nil)
	if err != nil {
		return err
	}
	tasks, err := sqs.NewQueue(ctx, "tasks", &sqs.QueueArgs{
		VisibilityTimeoutSeconds: pulumi.Int(180),
		RedrivePolicy: dlq.Arn.ApplyT(func(arn string) (string, error) {
			b, err := json.Marshal(map[string]interface{}{"deadLetterTargetArn": arn, "maxReceiveCount": 5})
			return string(b), err
		}).(pulumi.StringOutput),
	})
	if err != nil {
		return err
	}
	reporter, err := newFunction(ctx, "reporter", role, 30)
	if err != nil {
		return err
	}
	_, err = lambda.NewEventSourceMapping(ctx, "reporter-tasks", &lambda.EventSourceMappingArgs{
		EventSourceArn:        tasks.Arn,
		FunctionName:          reporter.Arn,
		FunctionResponseTypes: pulumi.StringArray{pulumi.String("ReportBatchItemFailures")},
	})
	if err != nil {
		return err
	}

	// An HTTP API: a route to a function slower than its 30 s limit, and one to a fast
	// function.
	api, err := apigatewayv2.NewApi(ctx, "api", &apigatewayv2.ApiArgs{ProtocolType: pulumi.String("HTTP")})
	if err != nil {
		return err
	}
	for _, r := range []struct {
		name, key string
		timeout   int
	}{{"slow", "GET /reports", 60}, {"quick", "GET /orders", 10}} {
		fn, err := newFunction(ctx, r.name, role, r.timeout)
		if err != nil {
			return err
		}
		integ, err := apigatewayv2.NewIntegration(ctx, r.name+"-integration", &apigatewayv2.IntegrationArgs{
			ApiId:                api.ID(),
			IntegrationType:      pulumi.String("AWS_PROXY"),
			IntegrationUri:       fn.InvokeArn,
			PayloadFormatVersion: pulumi.String("2.0"),
		})
		if err != nil {
			return err
		}
		_, err = apigatewayv2.NewRoute(ctx, r.name+"-route", &apigatewayv2.RouteArgs{
			ApiId:             api.ID(),
			RouteKey:          pulumi.String(r.key),
			Target:            pulumi.Sprintf("integrations/%s", integ.ID()),
			AuthorizationType: pulumi.String("AWS_IAM"),
		})
		if err != nil {
			return err
		}
	}
	_, err = apigatewayv2.NewStage(ctx, "default", &apigatewayv2.StageArgs{
		ApiId:      api.ID(),
		Name:       pulumi.String("$default"),
		AutoDeploy: pulumi.Bool(true),
		DefaultRouteSettings: &apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingBurstLimit: pulumi.Int(100),
			ThrottlingRateLimit:  pulumi.Float64(50),
		},
	})
	if err != nil {
		return err
	}

	// A function on the provider's default timeout.
	_, err = lambda.NewFunction(ctx, "nightly", &lambda.FunctionArgs{
		Runtime: pulumi.String(runtime),
		Handler: pulumi.String("bootstrap"),
		Role:    role.Arn,
		Code:    pulumi.NewFileArchive("bin/nightly"),
	})
	return err
}

func main() {
	pulumi.Run(run)
}

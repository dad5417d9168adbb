// Package awscdklambdagoalpha is a local stand-in for the AWS CDK's Go Lambda alpha module
// (github.com/aws/aws-cdk-go/awscdklambdagoalpha/v2), which the module proxy does not
// serve: the same names and signatures for what the test app uses, no implementation.
// slslint reads calls of NewGoFunction from their types only.
package awscdklambdagoalpha

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
)

// GoFunctionProps are the properties of a GoFunction: the Lambda function options, and
// Entry, the Go package to build (a directory, or its main.go).
type GoFunctionProps struct {
	Entry                        *string
	ModuleDir                    *string
	Runtime                      awslambda.Runtime
	Architecture                 awslambda.Architecture
	MemorySize                   *float64
	Timeout                      awscdk.Duration
	Environment                  *map[string]*string
	FunctionName                 *string
	Tracing                      awslambda.Tracing
	LogRetention                 awslogs.RetentionDays
	LogGroup                     awslogs.ILogGroup
	ReservedConcurrentExecutions *float64
	Events                       *[]awslambda.IEventSource
}

// GoFunction is a Lambda function built from a Go package.
type GoFunction interface {
	awslambda.Function
}

// NewGoFunction creates a GoFunction.
func NewGoFunction(scope constructs.Construct, id *string, props *GoFunctionProps) GoFunction {
	return nil
}

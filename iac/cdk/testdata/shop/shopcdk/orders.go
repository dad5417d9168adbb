// Package shopcdk holds the shop's own constructs: a queue consumer with its queue and
// table.
package shopcdk

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// OrdersProps configure a consumer.
type OrdersProps struct {
	// Code is the folder the consumer's binary is built into.
	Code string
	// VisibilitySeconds is the queue's visibility timeout.
	VisibilitySeconds float64
	// ReportFailures turns on partial batch responses.
	ReportFailures bool
	// DeadLetter gives the queue a dead-letter queue.
	DeadLetter bool
	// Retention is how long the function's logs are kept.
	Retention awslogs.RetentionDays
}

// Orders is a queue, a table and the function that moves one into the other.
type Orders struct {
	constructs.Construct
	Queue   awssqs.Queue
	Table   awsdynamodb.Table
	Handler awslambda.Function
}

// handlerTimeout is the consumer's timeout, in seconds.
const handlerTimeout = 30

// NewOrders creates a consumer.
func NewOrders(scope constructs.Construct, id string, props *OrdersProps) *Orders {
	this := &Orders{Construct: constructs.NewConstruct(scope, &id)}
	queueProps := &awssqs.QueueProps{VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(props.VisibilitySeconds))}
	if props.DeadLetter {
		dlq := awssqs.NewQueue(this, jsii.String("DeadLetters"), nil)
		queueProps.DeadLetterQueue = &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(5)}
	}
	this.Queue = awssqs.NewQueue(this, jsii.String("Queue"), queueProps)
	this.Table = awsdynamodb.NewTable(this, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("id"), Type: awsdynamodb.AttributeType_STRING},
	})
	this.Handler = awslambda.NewFunction(this, jsii.String("Handler"), functionProps(props))
	this.Handler.AddEventSource(awslambdaeventsources.NewSqsEventSource(this.Queue, &awslambdaeventsources.SqsEventSourceProps{
		BatchSize:               jsii.Number(10),
		ReportBatchItemFailures: jsii.Bool(props.ReportFailures),
	}))
	this.Table.GrantReadWriteData(this.Handler)
	this.Handler.AddEnvironment(jsii.String("TABLE_NAME"), this.Table.TableName(), nil)
	return this
}

// functionProps builds the consumer function's props.
func functionProps(props *OrdersProps) *awslambda.FunctionProps {
	fp := &awslambda.FunctionProps{
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         awslambda.Code_FromAsset(jsii.String(props.Code), nil),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(handlerTimeout)),
	}
	if props.Retention != "" {
		fp.LogRetention = props.Retention
	}
	return fp
}

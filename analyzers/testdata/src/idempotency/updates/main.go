// Command updates increments counters. // want package:`evidence\(.*\)`
package main

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var (
	db   = dynamodb.NewFromConfig(aws.Config{})
	conn *sql.DB
)

func key(id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: id}}
}

func counters(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ // want `SLS102: dynamodb.UpdateItem in SQS handler counters applies update "ADD hits :one" without a ConditionExpression`
			TableName:        aws.String("stats"),
			Key:              key(msg.MessageId),
			UpdateExpression: aws.String("ADD hits :one"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":one": &types.AttributeValueMemberN{Value: "1"},
			},
		})
		if err != nil {
			return err
		}

		expr := "SET #t = if_not_exists(#t, :zero) + :amount"
		if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: key("sum"), UpdateExpression: aws.String(expr)}); err != nil { // want `SLS102: dynamodb.UpdateItem in SQS handler counters applies update "SET #t = if_not_exists\(#t, :zero\) \+ :amount" without a ConditionExpression`
			return err
		}

		// The twin: the same increment, conditional on the message not being applied yet.
		_, err = db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:           aws.String("stats"),
			Key:                 key("total"),
			UpdateExpression:    aws.String("ADD hits :one, applied :ids"),
			ConditionExpression: aws.String("NOT contains(applied, :id)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":one": &types.AttributeValueMemberN{Value: "1"},
				":ids": &types.AttributeValueMemberSS{Value: []string{msg.MessageId}},
				":id":  &types.AttributeValueMemberS{Value: msg.MessageId},
			},
		})
		var ccf *types.ConditionalCheckFailedException
		if errors.As(err, &ccf) {
			continue // applied before; also guards what follows
		}

		// Adding to a set is idempotent; so is setting a value.
		in := &dynamodb.UpdateItemInput{
			TableName:        aws.String("stats"),
			Key:              key("seen"),
			UpdateExpression: aws.String("ADD ids :ids SET lastSeen = :now"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":ids": &types.AttributeValueMemberSS{Value: []string{msg.MessageId}},
			},
		}
		if _, err := db.UpdateItem(ctx, in); err != nil {
			return err
		}

	}
	return nil
}

// built uses the expression builder.
func built(ctx context.Context, ev events.DynamoDBEvent) error {
	for _, r := range ev.Records {
		upd := expression.Set(expression.Name("count"), expression.Name("count").Plus(expression.Value(1)))
		e, err := expression.NewBuilder().WithUpdate(upd).Build()
		if err != nil {
			return err
		}
		if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ // want `SLS102: dynamodb.UpdateItem in DynamoDB Streams handler built applies update "SET count = count \+ :v" without a ConditionExpression`
			Key:                       key(r.EventID),
			UpdateExpression:          e.Update(),
			ConditionExpression:       e.Condition(),
			ExpressionAttributeNames:  e.Names(),
			ExpressionAttributeValues: e.Values(),
		}); err != nil {
			return err
		}

		log := expression.Set(expression.Name("history"), expression.ListAppend(expression.Name("history"), expression.Value([]string{r.EventID})))
		e2, _ := expression.NewBuilder().WithUpdate(log).Build()
		if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: key("log"), UpdateExpression: e2.Update(), ConditionExpression: e2.Condition()}); err != nil { // want `SLS102: dynamodb.UpdateItem in DynamoDB Streams handler built applies update "SET history = list_append\(history, :v\)" without a ConditionExpression`
			return err
		}

		// The twin: the builder adds a condition on a version attribute.
		guarded := expression.Add(expression.Name("count"), expression.Value(1))
		cond := expression.Name("version").Equal(expression.Value(3))
		e3, _ := expression.NewBuilder().WithUpdate(guarded).WithCondition(cond).Build()
		if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: key("v"), UpdateExpression: e3.Update(), ConditionExpression: e3.Condition()}); err != nil {
			return err
		}
	}
	return nil
}

func balances(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		amount, _ := strconv.Atoi(msg.Body)
		// A condition that the item exists does not fail on a redelivery.
		if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ // want `SLS102: dynamodb.UpdateItem in SQS handler balances applies update "SET #c = #c \+ :inc" with a ConditionExpression that only checks that the item exists \(attribute_exists\(pk\)\)`
			Key:                 key(msg.Body),
			UpdateExpression:    aws.String("SET #c = #c + :inc"),
			ConditionExpression: aws.String("attribute_exists(pk)"),
		}); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, msg.MessageId); err != nil { // want `SLS102: sql.DB.ExecContext in SQS handler balances runs "UPDATE accounts SET balance = balance \+ \$1 WHERE id = \$2", which changes balance relative to its current value with no guard in its WHERE clause`
			return err
		}
		// The twin: optimistic locking on a version column.
		if _, err := conn.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1, version = version + 1 WHERE id = $2 AND version = $3", amount, msg.MessageId, 7); err != nil {
			return err
		}
		// Setting a value is idempotent.
		if _, err := conn.ExecContext(ctx, "UPDATE accounts SET status = 'active' WHERE id = $1", msg.MessageId); err != nil {
			return err
		}
	}
	return nil
}

// report is synchronous: the increment is the caller's to retry.
func report(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: key("views"), UpdateExpression: aws.String("ADD views :one")})
	return events.APIGatewayProxyResponse{}, err
}

func main() {
	lambda.Start(counters)
	lambda.Start(built)
	lambda.Start(balances)
	lambda.Start(report)
}

// Command sideeffects sends emails, publishes, charges and posts. // want package:`evidence\(.*\)`
package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/google/uuid"
	stripe "github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/paymentintent"
)

var (
	db     = dynamodb.NewFromConfig(aws.Config{})
	mail   = ses.NewFromConfig(aws.Config{})
	mail2  = sesv2.NewFromConfig(aws.Config{})
	topic  = sns.NewFromConfig(aws.Config{})
	client = &http.Client{}
	sc     = stripe.NewClient("sk")
)

func unguarded(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		if _, err := mail.SendEmail(ctx, &ses.SendEmailInput{Source: aws.String("shop@example.com")}); err != nil { // want `SLS103: ses.SendEmail in SQS handler unguarded sends an email with no idempotency guard before it`
			return err
		}
		_ = msg
	}
	return nil
}

// claim records the message; it fails when the message was processed before.
func claim(ctx context.Context, id string) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           aws.String("processed"),
		Item:                map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: id}},
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	})
	return err
}

// guarded is the twin: the conditional put on the message ID comes first.
func guarded(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		if err := claim(ctx, msg.MessageId); err != nil {
			var ccf *types.ConditionalCheckFailedException
			if errors.As(err, &ccf) {
				continue
			}
			return err
		}
		if _, err := mail2.SendEmail(ctx, &sesv2.SendEmailInput{FromEmailAddress: aws.String("shop@example.com")}); err != nil {
			return err
		}
		if _, err := topic.Publish(ctx, &sns.PublishInput{Message: aws.String(msg.Body)}); err != nil {
			return err
		}
	}
	return nil
}

// late claims after sending: the guard does not dominate the send.
func late(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		if _, err := topic.Publish(ctx, &sns.PublishInput{Message: aws.String(msg.Body)}); err != nil { // want `SLS103: sns.Publish in SQS handler late publishes a notification with no idempotency guard`
			return err
		}
		if err := claim(ctx, msg.MessageId); err != nil {
			return err
		}
	}
	return nil
}

// ignored calls the guard but goes on when it fails.
func ignored(ctx context.Context, ev events.SNSEvent) error {
	for _, r := range ev.Records {
		_ = claim(ctx, r.SNS.MessageID)
		if _, err := topic.Publish(ctx, &sns.PublishInput{Message: aws.String(r.SNS.Message)}); err != nil { // want `SLS103: sns.Publish in SNS handler ignored publishes`
			return err
		}
		// A FIFO topic deduplicates on an ID derived from the event.
		if _, err := topic.Publish(ctx, &sns.PublishInput{Message: aws.String(r.SNS.Message), MessageDeduplicationId: aws.String(r.SNS.MessageID)}); err != nil {
			return err
		}
	}
	return nil
}

func payments(ctx context.Context, ev events.SQSEvent) error {
	for _, msg := range ev.Records {
		if _, err := sc.V1PaymentIntents.Create(ctx, &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(100)}); err != nil { // want `SLS103: stripe.PaymentIntent.Create in SQS handler payments calls Stripe with params that carry no idempotency key with no idempotency guard before it`
			return err
		}
		// The twins: an idempotency key from the message.
		params := &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(100)}
		params.SetIdempotencyKey("charge-" + msg.MessageId)
		if _, err := sc.V1PaymentIntents.Create(ctx, params); err != nil {
			return err
		}
		legacy := &stripe.PaymentIntentParams{Params: stripe.Params{IdempotencyKey: stripe.String(msg.MessageId)}, Amount: stripe.Int64(100)}
		if _, err := paymentintent.New(legacy); err != nil {
			return err
		}
		// A fresh key on every delivery is no key.
		fresh := &stripe.PaymentIntentParams{Amount: stripe.Int64(100)}
		fresh.IdempotencyKey = stripe.String(uuid.NewString())
		if _, err := paymentintent.New(fresh); err != nil { // want `SLS103: stripe.paymentintent.New in SQS handler payments calls Stripe with an idempotency key from uuid.NewString\(\) at sideeffects/main.go:117, new on every delivery, with no idempotency guard`
			return err
		}
		// Reads are not side effects.
		if _, err := paymentintent.Get("pi_1", nil); err != nil {
			return err
		}
	}
	return nil
}

func webhooks(ctx context.Context, ev events.CloudWatchEvent) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://hooks.example.com/orders", bytes.NewReader(ev.Detail))
	if err != nil {
		return err
	}
	if _, err := client.Do(req); err != nil { // want `SLS103: http.Client.Do in EventBridge handler webhooks sends an HTTP POST without an Idempotency-Key header with no idempotency guard before it`
		return err
	}
	keyed, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.example.com/orders", bytes.NewReader(ev.Detail))
	keyed.Header.Set("Idempotency-Key", ev.ID)
	if _, err := client.Do(keyed); err != nil {
		return err
	}
	get, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example.com/orders", nil)
	if _, err := client.Do(get); err != nil {
		return err
	}
	if _, err := http.PostForm("https://login.example.com/oauth2/token", nil); err != nil {
		return err
	}
	return nil
}

// api is synchronous: its caller decides whether to retry.
func api(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	_, err := mail.SendEmail(ctx, &ses.SendEmailInput{Source: aws.String("shop@example.com")})
	return events.APIGatewayProxyResponse{}, err
}

func main() {
	lambda.Start(unguarded)
	lambda.Start(guarded)
	lambda.Start(late)
	lambda.Start(ignored)
	lambda.Start(payments)
	lambda.Start(webhooks)
	lambda.Start(api)
}

// Package portsapp is the application core: its handlers call the outside world through
// ports, and main wires the adapters in.
package portsapp

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"idempotency/ports"
)

type Service struct {
	Notifier ports.Notifier
	DB       *dynamodb.Client
}

// Handle notifies for every message, again on every redelivery.
func (s *Service) Handle(ctx context.Context, ev events.SQSEvent) error {
	for _, r := range ev.Records {
		if err := s.Notifier.Notify(ctx, r.Body); err != nil {
			return err
		}
	}
	return nil
}

// HandleOnce claims each message with a conditional write before notifying.
func (s *Service) HandleOnce(ctx context.Context, ev events.SNSEvent) error {
	for _, r := range ev.Records {
		_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:           aws.String("processed"),
			Item:                map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: r.SNS.MessageID}},
			ConditionExpression: aws.String("attribute_not_exists(pk)"),
		})
		if err != nil {
			var ccf *types.ConditionalCheckFailedException
			if errors.As(err, &ccf) {
				continue
			}
			return err
		}
		if err := s.Notifier.Notify(ctx, r.SNS.Message); err != nil {
			return err
		}
	}
	return nil
}

// Package notify tells customers about their orders.
package notify

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// Notifier publishes order events.
type Notifier struct {
	SNS   *sns.Client
	Topic string
}

// OrderPlaced announces a new order.
func (n *Notifier) OrderPlaced(ctx context.Context, orderID string) error {
	_, err := n.SNS.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(n.Topic),
		Message:  aws.String(`{"type":"OrderPlaced","id":"` + orderID + `"}`),
	})
	return err
}

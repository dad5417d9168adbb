// Package snsnotify is the SNS adapter of ports.Notifier.
package snsnotify

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

type Publisher struct {
	Client *sns.Client
	Topic  string
}

func (p *Publisher) Notify(ctx context.Context, msg string) error {
	_, err := p.Client.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(p.Topic), Message: aws.String(msg)})
	return err
}

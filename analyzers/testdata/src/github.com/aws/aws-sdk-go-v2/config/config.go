// Package config is a stub of github.com/aws/aws-sdk-go-v2/config (v1.33) for tests.
package config

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// A Config represents a generic configuration value or set of values.
type Config interface{}

type LoadOptions struct {
	Region           string
	RetryMaxAttempts int
	Retryer          func() aws.Retryer
}

type LoadOptionsFunc func(*LoadOptions) error

func LoadDefaultConfig(ctx context.Context, optFns ...func(*LoadOptions) error) (cfg aws.Config, err error) {
	return aws.Config{}, nil
}

func WithRegion(v string) LoadOptionsFunc              { return nil }
func WithRetryMaxAttempts(v int) LoadOptionsFunc       { return nil }
func WithRetryer(v func() aws.Retryer) LoadOptionsFunc { return nil }

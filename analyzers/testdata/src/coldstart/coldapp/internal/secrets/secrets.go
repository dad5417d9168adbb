package secrets

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

type fetcher struct {
	client *secretsmanager.Client
}

func (f fetcher) fetch(ctx context.Context, id string) string {
	out, err := f.client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil || out.SecretString == nil {
		return ""
	}
	return *out.SecretString
}

// Load fetches the API key from Secrets Manager.
func Load(client *secretsmanager.Client) string { // want Load:`blocks: secrets.fetcher.fetch → secretsmanager.Client.GetSecretValue at secrets/secrets.go:\d+`
	return fetcher{client}.fetch(context.Background(), "api-key")
}

// Lazy returns a function that fetches on first use: calling Lazy does not block.
func Lazy(client *secretsmanager.Client) func() string {
	return func() string { return Load(client) }
}

// LoadRetrying fetches the API key until Secrets Manager answers.
func LoadRetrying(client *secretsmanager.Client) string { // want LoadRetrying:`blocks: secrets.fetcher.fetch → secretsmanager.Client.GetSecretValue`
	for {
		if v := (fetcher{client}).fetch(context.Background(), "signing-key"); v != "" {
			return v
		}
	}
}

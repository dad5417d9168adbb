// Command config fetches at start-up the configuration and secrets every invocation needs,
// as AWS documents: KMS Decrypt of an encrypted environment variable, SSM parameters, a
// secret. None of it is SLS201; a retry loop around it is.
package main

import (
	"context"
	"encoding/base64"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

var (
	cfg, _    = config.LoadDefaultConfig(context.Background())
	kmsClient = kms.NewFromConfig(cfg)
	params    = ssm.NewFromConfig(cfg)
	db        = dynamodb.NewFromConfig(cfg)
)

var dbPassword = decryptEnv("DB_PASSWORD")

func decryptEnv(name string) string {
	blob, _ := base64.StdEncoding.DecodeString(os.Getenv(name))
	out, err := kmsClient.Decrypt(context.Background(), &kms.DecryptInput{CiphertextBlob: blob})
	if err != nil {
		return ""
	}
	return string(out.Plaintext)
}

type settings struct{ endpoint, flags string }

func load(ctx context.Context) settings {
	var s settings
	for _, name := range []string{"/app/endpoint", "/app/flags"} { // one fetch per parameter, not a retry
		out, err := params.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
		if err == nil && out.Parameter != nil && out.Parameter.Value != nil {
			s.flags = *out.Parameter.Value
		}
	}
	return s
}

func handle(ctx context.Context) error { return nil }

func main() {
	ctx := context.Background()
	s := load(ctx)
	all, err := params.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/app/a", "/app/b"}})
	if err != nil || all == nil {
		panic(err)
	}
	// Polling for a parameter until it is there: a loop at start-up, reported.
	for {
		out, err := params.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/ready")}) // want `SLS201: main, before lambda.Start, calls ssm.Client.GetParameter at start-up \(a configuration or secret fetch in a loop\)`
		if err == nil && out.Parameter != nil {
			break
		}
		time.Sleep(time.Second) // want `SLS201: main, before lambda.Start, calls time.Sleep at start-up \(a sleep\)`
	}
	// Reading a table is work a request may not need: still SLS201.
	_, _ = db.Scan(ctx, &dynamodb.ScanInput{}) // want `SLS201: main, before lambda.Start, calls dynamodb.Client.Scan at start-up \(network I/O\)`
	_, _ = s, dbPassword
	lambda.Start(handle)
}

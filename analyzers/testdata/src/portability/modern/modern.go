package modern // want package:`provider: github.com/aws/aws-sdk-go-v2/config`

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/config" // the v2 SDK is the recommended one: no finding
)

func Load(ctx context.Context) (config.Config, error) { return config.LoadDefaultConfig(ctx) }

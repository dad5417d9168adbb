package pricing // want package:`provider: portability/portapp/internal/repo → portability/portapp/internal/store → github.com/aws/aws-sdk-go-v2/service/dynamodb`

import "portability/portapp/internal/repo" // want `SLS601: domain package portapp/internal/domain/pricing imports portapp/internal/repo, which depends on the cloud provider package github.com/aws/aws-sdk-go-v2/service/dynamodb`

var _ = repo.Default

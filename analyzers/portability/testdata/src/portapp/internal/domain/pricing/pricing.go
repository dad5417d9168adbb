package pricing // want package:`provider: portapp/internal/repo → portapp/internal/store → github.com/aws/aws-sdk-go-v2/service/dynamodb`

import "portapp/internal/repo" // want `SLS601: domain package internal/domain/pricing imports internal/repo, which depends on the cloud provider package github.com/aws/aws-sdk-go-v2/service/dynamodb \(internal/domain/pricing → internal/repo → internal/store → github.com/aws/aws-sdk-go-v2/service/dynamodb\)`

var _ = repo.Default

package repo // want package:`provider: portability/portapp/internal/store → github.com/aws/aws-sdk-go-v2/service/dynamodb`

import "portability/portapp/internal/store"

var Default *store.Orders

package repo // want package:`provider: portapp/internal/store → github.com/aws/aws-sdk-go-v2/service/dynamodb`

import "portapp/internal/store"

var Default *store.Orders

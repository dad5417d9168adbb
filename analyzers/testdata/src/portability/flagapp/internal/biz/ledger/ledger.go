package ledger // want package:`provider: github.com/acme/cloud/queue`

import "github.com/acme/cloud/queue" // want `SLS601: domain package flagapp/internal/biz/ledger imports the cloud provider package github.com/acme/cloud/queue`

func Post(m queue.Message) {} // want `SLS602: exported function Post`

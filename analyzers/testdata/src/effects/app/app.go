// Package app uses store: the callee's effects arrive with their paths. // want package:`init\(env os.Getenv "ORDERS_TABLE" via store initialization; env os.Getenv "APP_MODE" via init>Env\)`
package app

import (
	"context"

	"effects/store"
)

func init() {
	_ = store.Env("APP_MODE")
}

func Process(ctx context.Context, o *store.Orders) error { // want Process:`effects\(write dynamodb.PutItem via Orders.Save>Orders.Put; fatal log.Fatal via Orders.Save>MustTable\)`
	return o.Save(ctx, "id")
}

func Region() string { // want Region:`effects\(env os.Getenv "AWS_REGION" via Env\)`
	return store.Env("AWS_REGION")
}

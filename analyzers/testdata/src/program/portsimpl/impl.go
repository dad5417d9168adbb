// Package portsimpl is the Store adapter; it reads its table's name from the environment.
package portsimpl

import (
	"context"
	"os"
)

type DynamoStore struct{}

func (DynamoStore) Save(ctx context.Context, id string) error {
	_ = os.Getenv("TABLE_NAME")
	return nil
}

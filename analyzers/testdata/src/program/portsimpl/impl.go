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

// FileStore is another Store; the binary that wires DynamoStore does not use it.
type FileStore struct{}

func (FileStore) Save(ctx context.Context, id string) error {
	_ = os.Getenv("FILE_PATH")
	return nil
}

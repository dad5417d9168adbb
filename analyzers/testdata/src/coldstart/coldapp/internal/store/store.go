package store // want package:`init blocks: coldstart/coldapp/internal/store: initializer of var db: store.connect → sql.DB.Ping at store/store.go:\d+`

import (
	"context"
	"database/sql"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// The pool is opened and pinged when the package is initialized.
var db = connect()

func connect() *sql.DB {
	d, err := sql.Open("postgres", "postgres://db")
	if err != nil {
		return nil
	}
	_ = d.Ping() // network I/O in a package initializer
	return d
}

// Store reads orders.
type Store struct {
	client *dynamodb.Client
}

// New only builds the store: no I/O.
func New(client *dynamodb.Client) *Store { return &Store{client: client} }

// Warm loads an item to warm the connection.
func (s *Store) Warm(ctx context.Context) error { // want Warm:`blocks: store.Store.load → dynamodb.Client.GetItem at store/store.go:\d+`
	_, err := s.load(ctx, "warm")
	return err
}

func (s *Store) load(ctx context.Context, id string) (*dynamodb.GetItemOutput, error) {
	return s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("orders")})
}

// Get is what the handler calls.
func (s *Store) Get(ctx context.Context, id string) error { // want Get:`blocks: store.Store.load → dynamodb.Client.GetItem`
	_, err := s.load(ctx, id)
	return err
}

// Fetch is generic.
func Fetch[T any](ctx context.Context, s *Store, decode func(*dynamodb.GetItemOutput) T) (T, error) { // want Fetch:`blocks: store.Store.load`
	out, err := s.load(ctx, "x")
	var zero T
	if err != nil {
		return zero, err
	}
	return decode(out), nil
}

// Count pages through the table with the SDK's paginator.
func (s *Store) Count(ctx context.Context) (int, error) { // want Count:`blocks: dynamodb.ScanPaginator.NextPage`
	n := 0
	p := dynamodb.NewScanPaginator(s.client, &dynamodb.ScanInput{TableName: aws.String("orders")})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return n, err
		}
		n += len(out.Items)
	}
	return n, nil
}

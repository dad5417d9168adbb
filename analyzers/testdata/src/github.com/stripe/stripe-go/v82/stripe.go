// Package stripe is a stub of github.com/stripe/stripe-go/v82 for tests.
package stripe

import (
	"context"
	"net/http"
)

type Params struct {
	Context        context.Context `form:"-" json:"-"`
	Headers        http.Header     `form:"-" json:"-"`
	IdempotencyKey *string         `form:"-" json:"-"`
	StripeAccount  *string         `form:"-" json:"-"`
}

func (p *Params) SetIdempotencyKey(val string) { p.IdempotencyKey = &val }

func String(v string) *string { return &v }
func Int64(v int64) *int64    { return &v }

func NewIdempotencyKey() string { return "" }

type PaymentIntent struct{ ID string }

type PaymentIntentParams struct {
	Params   `form:"*"`
	Amount   *int64  `form:"amount"`
	Currency *string `form:"currency"`
}

type PaymentIntentCreateParams struct {
	Params   `form:"*"`
	Amount   *int64  `form:"amount"`
	Currency *string `form:"currency"`
	Customer *string `form:"customer"`
}

type PaymentIntentRetrieveParams struct {
	Params `form:"*"`
}

type v1PaymentIntentService struct{}

func (c v1PaymentIntentService) Create(ctx context.Context, params *PaymentIntentCreateParams) (*PaymentIntent, error) {
	return &PaymentIntent{}, nil
}

func (c v1PaymentIntentService) Retrieve(ctx context.Context, id string, params *PaymentIntentRetrieveParams) (*PaymentIntent, error) {
	return &PaymentIntent{}, nil
}

type Client struct {
	V1PaymentIntents *v1PaymentIntentService
}

func NewClient(key string) *Client { return &Client{V1PaymentIntents: &v1PaymentIntentService{}} }

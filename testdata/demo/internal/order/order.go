// Package order is the business core of the demo shop: orders and their rules.
package order

import (
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// Order is a customer's order.
type Order struct {
	ID         string    `json:"id" dynamodbav:"id"`
	CustomerID string    `json:"customerId" dynamodbav:"customerId"`
	Items      []Item    `json:"items" dynamodbav:"items"`
	Total      int64     `json:"total" dynamodbav:"total"`
	CreatedAt  time.Time `json:"createdAt" dynamodbav:"createdAt"`
}

// Item is one line of an order.
type Item struct {
	SKU      string `json:"sku" dynamodbav:"sku"`
	Quantity int    `json:"quantity" dynamodbav:"quantity"`
	Price    int64  `json:"price" dynamodbav:"price"`
}

// ErrEmpty is returned for an order without items.
var ErrEmpty = errors.New("order has no items")

// Validate checks an order and computes its total.
func (o *Order) Validate() error {
	if len(o.Items) == 0 {
		return ErrEmpty
	}
	o.Total = 0
	for _, it := range o.Items {
		if it.Quantity <= 0 || it.Price < 0 {
			return errors.New("bad item " + it.SKU)
		}
		o.Total += int64(it.Quantity) * it.Price
	}
	return nil
}

// FromMessage reads an order from a queue message. It takes the provider's event type,
// which welds the business core to AWS.
func FromMessage(msg events.SQSMessage) (Order, error) {
	var o Order
	if strings.TrimSpace(msg.Body) == "" {
		return o, ErrEmpty
	}
	err := decode(msg.Body, &o)
	return o, err
}

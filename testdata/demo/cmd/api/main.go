// Command api serves the shop's HTTP API: it accepts orders and queues them.
package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"example.com/orders/internal/order"
)

func handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	var o order.Order
	if err := json.Unmarshal([]byte(req.Body), &o); err != nil {
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusBadRequest}, nil
	}
	if err := o.Validate(); err != nil {
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusUnprocessableEntity, Body: err.Error()}, nil
	}
	if err := checkStock(o); err != nil {
		return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusServiceUnavailable}, nil
	}

	// A new client per request: the configuration is loaded again on every invocation.
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	q := sqs.NewFromConfig(cfg)
	body, _ := json.Marshal(o)
	_, err = q.SendMessage(context.Background(), &sqs.SendMessageInput{
		QueueUrl:    aws.String(os.Getenv("ORDERS_QUEUE_URL")),
		MessageBody: aws.String(string(body)),
	})
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusAccepted}, nil
}

// checkStock asks the warehouse whether every item is in stock.
func checkStock(o order.Order) error {
	for _, it := range o.Items {
		resp, err := http.Get(os.Getenv("WAREHOUSE_URL") + "/stock/" + it.SKU)
		if err != nil {
			return err
		}
		resp.Body.Close()
	}
	return nil
}

func main() {
	lambda.Start(handle)
}

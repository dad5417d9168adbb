// Command proxy serves a chi router through API Gateway with aws-lambda-go-api-proxy.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	chiadapter "github.com/awslabs/aws-lambda-go-api-proxy/chi"

	"handlers/routes"
)

var adapter *chiadapter.ChiLambda

func init() {
	adapter = chiadapter.New(routes.New())
}

func main() {
	lambda.Start(adapter.ProxyWithContext) // want `ChiLambda.ProxyWithContext API Gateway REST synchronous .*report=false` `listOrders HTTP route synchronous .*report=true effects=\[\]` `createOrder HTTP route synchronous .*report=true effects=\[fatal\]`
}

// Command ctxserve serves another package's routes: the contexts they drop are one
// finding at the registration, not one per code site stacked on its line.
package main

import (
	"github.com/aws/aws-lambda-go/lambdaurl"

	"invocation/ctxroutes"
)

func main() {
	lambdaurl.Start(ctxroutes.New()) // want `SLS411: context.Background\(\) \(and context.TODO\(\) passed to dynamodb.PutItem\), reachable from route GET /items handler get, is passed to dynamodb.GetItem although r.Context\(\), the invocation's context, is in scope`
}

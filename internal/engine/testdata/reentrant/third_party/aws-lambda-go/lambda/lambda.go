// Package lambda is a stub of aws-lambda-go's lambda package.
package lambda

// Start is a stub.
func Start(handler any) {}

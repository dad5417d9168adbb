// Package lambda is a stub of github.com/aws/aws-lambda-go/lambda (v1.55.1) for tests.
package lambda

import "context"

type Handler interface {
	Invoke(ctx context.Context, payload []byte) ([]byte, error)
}

type Option func(*handlerOptions)

type handlerOptions struct{}

type HandlerFunc[TIn, TOut any] interface {
	func(context.Context, TIn) (TOut, error)
}

func Start(handler interface{})                                                {}
func StartWithContext(ctx context.Context, handler interface{})                {}
func StartHandler(handler Handler)                                             {}
func StartWithOptions(handler interface{}, options ...Option)                  {}
func StartHandlerWithContext(ctx context.Context, handler Handler)             {}
func NewHandler(handlerFunc interface{}) Handler                               { return nil }
func NewHandlerWithOptions(handlerFunc interface{}, options ...Option) Handler { return nil }
func WithEnableSIGTERM(callbacks ...func()) Option                             { return nil }

func StartHandlerFunc[TIn any, TOut any, H HandlerFunc[TIn, TOut]](handler H, options ...Option) {}

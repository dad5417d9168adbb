// Package acct is under domain/, but the configured domain globs replace the defaults. // want package:`provider: github.com/aws/aws-lambda-go/events`
package acct

import "github.com/aws/aws-lambda-go/events"

func Handle(ev events.SQSEvent) {}

package main

import "github.com/aws/aws-lambda-go/events"

var count int = "zero"

func Handler(e events.SQSEvent) error { return nil }

func Handler(e events.SQSEvent) error { return undefinedThing }

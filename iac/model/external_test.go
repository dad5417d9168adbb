package model

import "testing"

func TestNameFromURLOrARN(t *testing.T) {
	at := Range{File: "template.yaml", Line: 3, Column: 5}
	for _, c := range []struct {
		in, want string
		known    bool
	}{
		{"https://sqs.eu-west-1.amazonaws.com/123456789012/orders", "orders", true},
		{"arn:aws:sqs:eu-west-1:123456789012:orders-dlq", "orders-dlq", true},
		{"arn:aws:sns:eu-west-1:123456789012:events.fifo", "events.fifo", true},
		{"arn:aws:sns:eu-west-1:123456789012:${Env}-events", "", false},
		{"https://sqs.eu-west-1.amazonaws.com/123456789012/", "", false},
		{"shared-queue-url", "", false},
		{"", "", false},
	} {
		got := NameFromURLOrARN(c.in, at)
		if got.Known() != c.known || got.Value != c.want || got.At != at {
			t.Errorf("NameFromURLOrARN(%q) = %+v, want %q (known %v) at %v", c.in, got, c.want, c.known, at)
		}
	}
}

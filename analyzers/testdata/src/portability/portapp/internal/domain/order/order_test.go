package order

import (
	"testing"

	"github.com/aws/aws-lambda-go/events" // tests may build provider values
)

func TestToOrder(t *testing.T) {
	if toOrder(events.SQSMessage{MessageId: "1"}).ID != "1" {
		t.Fatal("id")
	}
}

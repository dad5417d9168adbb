package cg

import (
	"fmt"

	"github.com/aws/aws-sdk-go/aws/session"
)

// Use calls the cgo function and the deprecated SDK.
func Use() int {
	s, err := session.NewSession()
	fmt.Println(s, err)
	return Twice(2)
}

//go:build lambda

package main

import (
	"fmt"

	"github.com/aws/aws-sdk-go/aws/session"
)

func main() {
	s, err := session.NewSession()
	fmt.Println(s, err)
}

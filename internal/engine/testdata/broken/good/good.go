// Package good is analyzed although its sibling does not compile.
package good

import "github.com/aws/aws-sdk-go/aws/session"

// New is a stub.
var New = session.NewSession

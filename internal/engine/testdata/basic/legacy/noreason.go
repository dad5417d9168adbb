package legacy

//slslint:ignore SLS603
import "github.com/aws/aws-sdk-go/aws/session"

// Again is a stub.
var Again = session.NewSession

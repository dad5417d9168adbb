package legacy

//slslint:ignore SLS603 wrapped here until the v2 migration (JIRA-42)
import "github.com/aws/aws-sdk-go/aws/session"

// New is a stub.
var New = session.NewSession

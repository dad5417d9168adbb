package directivesoff // want package:`provider: github.com/aws/aws-sdk-go/aws/session`

//slslint:ignore SLS603 the v1 client is wrapped here until the migration in JIRA-42 lands
import "github.com/aws/aws-sdk-go/aws/session" // want `SLS603: import of "github.com/aws/aws-sdk-go/aws/session"`

var _ = session.NewSession

package rules

// Go rules: reported by the go/analysis analyzers under analyzers/.
var (
	// DeprecatedAWSSDK is reported for imports of the AWS SDK for Go v1.
	DeprecatedAWSSDK = &Rule{
		ID: "SLS603", Name: "deprecated-aws-sdk",
		Title:     "The AWS SDK for Go v1 is past its end of support",
		Level:     Warning,
		Layer:     LayerGo,
		Precision: VeryHigh,
		Tags:      []Tag{Portability, ColdStart},
		Since:     "v0.1.0",
	}
)

// FatalInHandler is reported for log.Fatal, os.Exit and unrecovered panics reachable
// from a handler.
var FatalInHandler = &Rule{
	ID: "SLS105", Name: "fatal-in-handler",
	Title:     "A handler can exit the runtime process with log.Fatal, os.Exit or an unrecovered panic",
	Level:     Error,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Reliability, ColdStart},
	Since:     "v0.1.0",
}

// RecursiveInvocation is reported for a Lambda Invoke of the running function itself,
// reachable from a handler.
var RecursiveInvocation = &Rule{
	ID: "SLS113", Name: "recursive-invocation",
	Title:     "A handler invokes its own Lambda function",
	Level:     Error,
	Layer:     LayerGo,
	Precision: High,
	Tags:      []Tag{Cost, Retries},
	Since:     "v0.1.0",
}

var goRules = []*Rule{DeprecatedAWSSDK, FatalInHandler, RecursiveInvocation}

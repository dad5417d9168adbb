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

var goRules = []*Rule{DeprecatedAWSSDK}

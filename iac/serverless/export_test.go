package serverless

// testCloudFormation is the CloudFormation loader the tests of this package load services
// with. It is set by TestMain (cloudformation_test.go, an external test package, because
// the CloudFormation loader imports this package) before any test runs.
var testCloudFormation CloudFormation = noCloudFormation{}

// UseCloudFormationInTests sets the CloudFormation loader the package's tests use.
func UseCloudFormationInTests(c CloudFormation) { testCloudFormation = c }

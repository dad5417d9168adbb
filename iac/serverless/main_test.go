package serverless_test

import (
	"os"
	"testing"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/serverless"
)

// TestMain gives the package's tests the real CloudFormation loader for resources:, as
// slslint itself does (iac/load.go).
func TestMain(m *testing.M) {
	serverless.UseCloudFormationInTests(cloudformation.ServerlessResources{})
	os.Exit(m.Run())
}

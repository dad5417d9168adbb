package idempotency_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/idempotency"
)

func testdata() string {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}

func TestWriteKeys(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/direct")
}

func TestUpdates(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/updates")
}

func TestSideEffects(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/sideeffects")
}

// TestCrossPackage has the handler, the write and the key in different packages.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/ids", "idempotency/store", "idempotency/handler", "idempotency/cmd")
}

// TestRealLibraries runs on a module that uses the real aws-lambda-go, aws-sdk-go-v2
// (dynamodb, attributevalue, expression), google/uuid and stripe-go/v82.
func TestRealLibraries(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the real AWS SDK and stripe-go")
	}
	dir := filepath.Join(testdata(), "idemmod")
	// analysistest loads modules with GOPROXY=off: fetch them into the module cache first.
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
	}
	analysistest.Run(t, dir, idempotency.Analyzer, "example.com/idemmod/cmd/worker", "example.com/idemmod/internal/store")
}

// TestKeySchema configures the tables' key attributes, by name and by environment variable.
func TestKeySchema(t *testing.T) {
	a := idempotency.New()
	if err := a.Flags.Set(idempotency.KeyAttributesFlag, "orders=orderNumber,$EVENTS_TABLE=messageId"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(), a, "idempotency/schema")
	if err := a.Flags.Set(idempotency.KeyAttributesFlag, "orders"); err == nil {
		t.Error("an entry without attributes was accepted")
	}
}

// TestPorts has the handler call an interface of the module whose only implementation,
// an adapter, is wired in main: the publish behind it is reached from main.
func TestPorts(t *testing.T) {
	analysistest.Run(t, testdata(), idempotency.Analyzer, "idempotency/ports", "idempotency/portsapp", "idempotency/adapters/...", "idempotency/portscmd")
}

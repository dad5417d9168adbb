// Package jsonschematest validates JSON documents against the JSON schemas the repository
// ships (the OASIS SARIF 2.1.0 schema, the JSON output and configuration schemas) in tests.
package jsonschematest

import (
	"bytes"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema files, relative to the repository root.
const (
	SARIF      = "testdata/schemas/sarif-schema-2.1.0.json"
	JSONOutput = "docs/schemas/json-output.schema.json"
	Config     = "docs/schemas/slslint-config.schema.json"
	Inventory  = "docs/schemas/inventory.schema.json"
)

var (
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// RepoRoot is the repository root, found from this source file.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Validate fails the test if doc does not validate against the schema at path (relative to
// the repository root).
func Validate(t testing.TB, path string, doc []byte) {
	t.Helper()
	if err := Check(path, doc); err != nil {
		t.Errorf("document does not validate against %s:\n%v", path, err)
	}
}

// Check validates doc against the schema at path (relative to the repository root).
func Check(path string, doc []byte) error {
	mu.Lock()
	s, ok := compiled[path]
	if !ok {
		var err error
		s, err = jsonschema.NewCompiler().Compile(filepath.Join(RepoRoot(), filepath.FromSlash(path)))
		if err != nil {
			mu.Unlock()
			return err
		}
		compiled[path] = s
	}
	mu.Unlock()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

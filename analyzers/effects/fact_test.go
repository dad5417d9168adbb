package effects_test

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/slslint/slslint/analyzers/effects"
)

// Facts cross process boundaries under go vet and nogo: they must survive gob.
func TestFactsGob(t *testing.T) {
	sum := &effects.Summary{
		Effects: []effects.Effect{{
			Kind: effects.Fatal, Op: "log.Fatal", Callee: "log.Fatal", InGoroutine: true,
			Path: []effects.Step{
				{Callee: "process", Pkg: "app", PkgPath: "example.com/app", At: effects.Position{File: "/src/app/a.go", Line: 3, Col: 2, EndLine: 3, EndCol: 12}},
				{Callee: "log.Fatal", At: effects.Position{File: "/src/app/b.go", Line: 9, Col: 1}, Go: true},
			},
		}},
		Recovers: true,
		Returned: []effects.Effect{{Kind: effects.EnvRead, Op: "os.Getenv", Detail: "TABLE", HasDefault: true}},
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(sum); err != nil {
		t.Fatal(err)
	}
	var got effects.Summary
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, sum) {
		t.Errorf("round trip changed the summary:\n got %v\nwant %v", &got, sum)
	}
}

package effects_test

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/slslint/slslint/analyzers/effects"
)

// TestExecSummaries checks the execution-model effects in facts: set-up and growth are
// recorded, and dropped where they run once per execution environment.
func TestExecSummaries(t *testing.T) {
	analysistest.Run(t, testdata(), effects.Analyzer, "effects/exec")
}

// ExecDetail travels in facts too.
func TestExecDetailGob(t *testing.T) {
	sum := &effects.Summary{Effects: []effects.Effect{
		{Kind: effects.Goroutine, Op: "go statement", Exec: effects.ExecDetail{Joined: true, Runs: "audit"}},
		{Kind: effects.NewContext, Op: "context.TODO", Exec: effects.ExecDetail{PassedTo: "put", CtxName: "ctx"}},
		{Kind: effects.Network, Op: "http.Get", Exec: effects.ExecDetail{Unbounded: "it uses http.DefaultClient"}},
		{Kind: effects.GlobalGrowth, Op: "append", Detail: "log"},
	}}
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

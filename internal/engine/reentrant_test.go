package engine

import (
	"context"
	"flag"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/slslint/slslint/analyzers"
	"github.com/slslint/slslint/internal/fixture"
)

// snapshot records what a driver could change on the exported analyzers: their flags'
// values and their Run functions.
func snapshot() map[string]string {
	out := map[string]string{}
	for _, e := range analyzers.All() {
		a := e.Analyzer
		out[a.Name+" Run"] = fmt.Sprintf("%x", reflect.ValueOf(a.Run).Pointer())
		a.Flags.VisitAll(func(f *flag.Flag) { out[a.Name+" -"+f.Name] = f.Value.String() })
		for _, r := range a.Requires {
			out[a.Name+" requires "+r.Name+" Run"] = fmt.Sprintf("%x", reflect.ValueOf(r.Run).Pointer())
		}
	}
	return out
}

// One process, two configurations: each run sees only its own settings, in sequence and at
// the same time, and the exported analyzers are never changed.
func TestRunTwiceWithDifferentConfigurations(t *testing.T) {
	dir := fixture.Copy(t, "testdata/reentrant")
	before := snapshot()
	domain := Options{WorkDir: dir, ConfigPath: "domain-biz.yml"}
	plain := Options{WorkDir: dir, ConfigPath: "default.yml"}
	const wantDomain = "internal/biz/biz.go:4 SLS601 warning"
	const wantPlain = "main.go:14 SLS105 error"
	check := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: got\n%s\nwant\n%s", name, got, want)
		}
	}
	check("domain config", summary(run(t, domain).Report.Findings), wantDomain)
	check("default config after it", summary(run(t, plain).Report.Findings), wantPlain)
	check("domain config again", summary(run(t, domain).Report.Findings), wantDomain)

	var wg sync.WaitGroup
	got := make([]string, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opts := domain
			if i%2 == 1 {
				opts = plain
			}
			res, err := Run(context.Background(), opts)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = summary(res.Report.Findings)
		}()
	}
	wg.Wait()
	for i, g := range got {
		want := wantDomain
		if i%2 == 1 {
			want = wantPlain
		}
		check("concurrent run", g, want)
	}

	after := snapshot()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("the exported analyzers changed: %s was %q, is %q", k, v, after[k])
		}
	}
}

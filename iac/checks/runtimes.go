package checks

import (
	"strings"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// runtimesCheckedOn is when runtimeDeprecations was last compared with AWS's list of Lambda
// runtimes and their deprecation dates
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html). Update both together;
// TestRuntimeTableInHelp keeps rules/help/SLS507.md in step.
const runtimesCheckedOn = "2026-11-26"

// runtimeDeprecation is one managed runtime's deprecation date: from that day (UTC) Lambda
// no longer patches it, and function creation and then updates are blocked about one and two
// months later.
type runtimeDeprecation struct {
	runtime    string
	deprecated string // YYYY-MM-DD
}

// runtimeDeprecations lists Lambda's managed runtimes with their deprecation dates, past and
// announced. A runtime not listed here is not reported.
var runtimeDeprecations = []runtimeDeprecation{
	// OS-only runtimes, which Go functions use.
	{"provided.al2023", "2029-06-30"},
	{"provided.al2", "2026-06-30"},
	{"provided", "2024-01-08"},
	{"go1.x", "2024-01-08"},
	// Node.js.
	{"nodejs24.x", "2028-04-30"},
	{"nodejs22.x", "2027-04-30"},
	{"nodejs20.x", "2026-04-30"},
	{"nodejs18.x", "2025-09-01"},
	{"nodejs16.x", "2024-06-12"},
	{"nodejs14.x", "2023-12-04"},
	{"nodejs12.x", "2023-03-31"},
	{"nodejs10.x", "2021-07-30"},
	{"nodejs8.10", "2020-03-06"},
	{"nodejs6.10", "2019-08-12"},
	{"nodejs4.3", "2020-03-05"},
	{"nodejs4.3-edge", "2020-03-05"},
	{"nodejs", "2016-10-31"},
	// Python.
	{"python3.14", "2029-06-30"},
	{"python3.13", "2029-06-30"},
	{"python3.12", "2028-10-31"},
	{"python3.11", "2026-06-30"},
	{"python3.10", "2026-06-30"},
	{"python3.9", "2025-12-15"},
	{"python3.8", "2024-10-14"},
	{"python3.7", "2023-12-04"},
	{"python3.6", "2022-07-18"},
	{"python2.7", "2021-07-15"},
	// Java.
	{"java25", "2029-06-30"},
	{"java21", "2029-06-30"},
	{"java17", "2026-06-30"},
	{"java11", "2026-06-30"},
	{"java8.al2", "2026-06-30"},
	{"java8", "2024-01-08"},
	// .NET.
	{"dotnet10", "2028-11-14"},
	{"dotnet8", "2026-11-10"},
	{"dotnet7", "2024-05-14"},
	{"dotnet6", "2024-11-12"},
	{"dotnet5.0", "2022-05-10"},
	{"dotnetcore3.1", "2023-04-03"},
	{"dotnetcore2.1", "2022-01-05"},
	{"dotnetcore2.0", "2019-05-30"},
	{"dotnetcore1.0", "2019-07-27"},
	// Ruby.
	{"ruby3.4", "2028-03-31"},
	{"ruby3.3", "2027-03-31"},
	{"ruby3.2", "2026-03-31"},
	{"ruby2.7", "2023-11-27"},
	{"ruby2.5", "2021-07-30"},
}

// deprecation returns the date a runtime is deprecated on, if the table lists it.
func deprecation(runtime string) (time.Time, bool) {
	r := strings.ToLower(strings.TrimSpace(runtime))
	for _, d := range runtimeDeprecations {
		if d.runtime == r {
			t, err := time.Parse(time.DateOnly, d.deprecated)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// isOSOnlyRuntime reports whether a runtime is one of the OS-only (custom) runtimes, on
// which Go, Rust and other compiled binaries run as "bootstrap".
func isOSOnlyRuntime(runtime string) bool {
	r := strings.ToLower(runtime)
	return r == "provided" || strings.HasPrefix(r, "provided.")
}

// goBuildMethods are the model.Code.BuildMethod values of Go builds (see model.Code).
var goBuildMethods = map[string]bool{"go1.x": true, "go": true, "serverless-go-plugin": true}

// isGoFunction reports whether the model shows that a function runs Go: the go1.x runtime,
// or an OS-only runtime built by SAM's Go builder (Metadata.BuildMethod: go1.x) or with a
// Go source file as its handler (the serverless-go-plugin convention). An OS-only runtime
// alone is not enough: Rust, C++ and Swift functions use it too. Linking functions to Go
// main packages (the cross-layer half) can say more later.
func isGoFunction(f *model.Function) bool {
	if !f.Runtime.Known() {
		return false
	}
	if strings.EqualFold(f.Runtime.Value, "go1.x") {
		return true
	}
	if !isOSOnlyRuntime(f.Runtime.Value) {
		return false
	}
	if m := f.Code.BuildMethod; m.Known() && goBuildMethods[strings.ToLower(m.Value)] {
		return true
	}
	for _, a := range []model.Attr[string]{f.Handler, f.Code.File} {
		if a.Known() && strings.HasSuffix(strings.ToLower(a.Value), ".go") {
			return true
		}
	}
	return false
}

// runtimeFamily returns the language part of a runtime identifier ("nodejs" for
// "nodejs18.x"), for advice.
func runtimeFamily(runtime string) string {
	r := strings.ToLower(runtime)
	for _, fam := range []string{"nodejs", "python", "java", "dotnetcore", "dotnet", "ruby"} {
		if strings.HasPrefix(r, fam) {
			if fam == "dotnetcore" {
				return "dotnet"
			}
			return fam
		}
	}
	return ""
}

// newestRuntime returns the supported runtime of a family with the latest deprecation date.
func newestRuntime(family string, today time.Time) string {
	best, bestDate := "", time.Time{}
	for _, d := range runtimeDeprecations {
		if runtimeFamily(d.runtime) != family {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.deprecated)
		if err != nil || !t.After(today) {
			continue
		}
		if t.After(bestDate) {
			best, bestDate = d.runtime, t
		}
	}
	return best
}

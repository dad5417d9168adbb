package rules

// Core rules: what slslint reports about its own input.
var (
	// ParseError is reported for a file slslint tried to read and could not.
	ParseError = &Rule{
		ID: "SLS000", Name: "parse-error",
		Title:     "A file could not be parsed or type-checked, so it was not analyzed",
		Level:     Error,
		Layer:     LayerCore,
		Precision: VeryHigh,
		Tags:      []Tag{Reliability},
		Since:     "v0.1.0",
	}
	// UnusedSuppression is reported for a suppression comment that suppressed nothing.
	UnusedSuppression = &Rule{
		ID: "SLS001", Name: "unused-suppression",
		Title:     "A suppression comment suppresses nothing",
		Level:     Note,
		Layer:     LayerCore,
		Precision: VeryHigh,
		Tags:      []Tag{Reliability},
		Since:     "v0.1.0",
	}
	// InvalidSuppression is reported for a suppression comment that cannot take effect.
	InvalidSuppression = &Rule{
		ID: "SLS002", Name: "invalid-suppression",
		Title:     "A suppression comment has no reason or names an unknown rule",
		Level:     Warning,
		Layer:     LayerCore,
		Precision: VeryHigh,
		Tags:      []Tag{Reliability},
		Since:     "v0.1.0",
	}
	// AnalysisFailure is reported when an analyzer or check fails on a file because of a
	// bug in slslint; the rest of the run goes on.
	AnalysisFailure = &Rule{
		ID: "SLS003", Name: "analysis-failure",
		Title:     "slslint failed while checking this file; other results are complete",
		Level:     Error,
		Layer:     LayerCore,
		Precision: VeryHigh,
		Tags:      []Tag{Reliability},
		Since:     "v0.1.0",
	}
	// GoNotAnalyzed is reported for Go code slslint found and could not analyze: a folder
	// outside any module, a module whose go.mod the go command refuses or whose
	// dependencies cannot be loaded. A baseline never hides it.
	GoNotAnalyzed = &Rule{
		ID: "SLS004", Name: "go-not-analyzed",
		Title:     "Go code was found but could not be analyzed",
		Level:     Warning,
		Layer:     LayerCore,
		Precision: VeryHigh,
		Tags:      []Tag{Reliability},
		Since:     "v0.2.0",
	}
)

var coreRules = []*Rule{ParseError, UnusedSuppression, InvalidSuppression, AnalysisFailure, GoNotAnalyzed}

// Unhideable reports whether a rule's findings say that something was not analyzed (a
// file that does not parse, a crash, Go code that could not be loaded): neither a baseline
// nor a suppression comment hides them, since what they report is missing results.
func Unhideable(r *Rule) bool {
	return r == ParseError || r == AnalysisFailure || r == GoNotAnalyzed
}

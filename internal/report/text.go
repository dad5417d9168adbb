package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/slslint/slslint/internal/safetext"
	"github.com/slslint/slslint/rules"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Text writes one line per unsuppressed finding, in the format compilers and editors
// understand, with its level (CI logs have no colour), and its related locations indented
// below it; with Verbose, why it matters and what to do comes first:
//
//	orders/handler.go:41:5: error SLS101 message (nondeterministic-write-key)
//	    why it matters; what to do (Verbose only)
//	    orders/handler.go:20:1: handler HandleOrders is invoked by SQS
//
// Every field is printed with its control characters escaped: a path or name from the
// repository cannot start a line of its own in a CI log.
func Text(w io.Writer, in *Input) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !in.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, f := range unsuppressed(in.Findings) {
		color := ansiCyan
		switch f.Level {
		case rules.Error:
			color = ansiRed
		case rules.Warning:
			color = ansiYellow
		}
		loc := fmt.Sprintf("%s:%d:%d:", safetext.Line(relTo(in.WorkDir, f.Location.Path)), f.Location.Line, f.Location.Column)
		fmt.Fprintf(bw, "%s %s %s %s\n", paint(ansiBold, loc), paint(color, string(f.Level)+" "+f.Rule.ID), safetext.Line(f.Message), paint(ansiDim, "("+f.Rule.Name+")"))
		if in.Verbose && f.Detail != "" {
			fmt.Fprintf(bw, "    %s\n", safetext.Line(f.Detail))
		}
		for _, r := range f.Related {
			rl := fmt.Sprintf("%s:%d:%d:", safetext.Line(relTo(in.WorkDir, r.Path)), r.Line, r.Column)
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiDim, rl), safetext.Line(r.Message))
		}
	}
	return bw.Flush()
}

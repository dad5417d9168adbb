package report

import (
	"bufio"
	"fmt"
	"io"

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
// understand, with its related locations indented below it:
//
//	orders/handler.go:41:5: SLS101 message (nondeterministic-write-key)
//	    orders/handler.go:20:1: handler HandleOrders is invoked by SQS
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
		loc := fmt.Sprintf("%s:%d:%d:", relTo(in.WorkDir, f.Location.Path), f.Location.Line, f.Location.Column)
		fmt.Fprintf(bw, "%s %s %s %s\n", paint(ansiBold, loc), paint(color, f.Rule.ID), f.Message, paint(ansiDim, "("+f.Rule.Name+")"))
		for _, r := range f.Related {
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiDim, fmt.Sprintf("%s:%d:%d:", relTo(in.WorkDir, r.Path), r.Line, r.Column)), r.Message)
		}
	}
	return bw.Flush()
}

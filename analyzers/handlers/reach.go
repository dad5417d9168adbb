package handlers

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/effects"
)

// A Reached is one cause reachable from the package's handlers, ready to report.
type Reached struct {
	Effect *effects.Effect
	// Handler is the first handler (in source order) that reaches the cause; Also are the
	// others.
	Handler *Handler
	Also    []*Handler
	// Pos and End are where to report: the cause when it is in this package, otherwise the
	// last call on the path that is in this package (or the handler's registration).
	Pos, End token.Pos
	// Direct says the cause is in the handler's own body, in this package: the report is
	// at the cause and the message need not name a path.
	Direct bool
	// Related is the path from the handler to the cause, one entry per call, for the
	// diagnostic's related information (the engine turns it into a code flow). Under go
	// vet, steps in other packages' files get the right line but column 1 (the driver only
	// has stand-ins for those files); steps in files the driver does not know are left out.
	Related []analysis.RelatedInformation
}

// Chain is the path as the message names it: "Handle → process → Store.Save →
// dynamodb.PutItem".
func (r *Reached) Chain() string {
	return r.Effect.Chain(r.Handler.Name, r.Handler.pkgPath())
}

// Where is the cause's position as messages show it: "store/orders.go:44".
func (r *Reached) Where() string { return r.Effect.At().Short() }

// Subject names the cause and the handler that reaches it, for the first line of a
// message: "log.Fatalf in SQS handler Handle" or, through calls, "log.Fatalf, reachable
// from SQS handler Handle,". Where the cause is, and the calls on the way, are the
// diagnostic's related locations, and Via names the path for the rest of the message.
func (r *Reached) Subject() string {
	if r.Direct {
		return r.Effect.Op + " in " + r.HandlerDesc()
	}
	return r.Effect.Op + ", reachable from " + r.HandlerDesc() + ","
}

// Via is the path from the handler to the cause for the rest of a message, " (via Handle →
// process → log.Fatalf)", or "" when the cause is in the handler's own body.
func (r *Reached) Via() string {
	if r.Direct {
		return ""
	}
	return " (via " + r.Chain() + ")"
}

// HandlerDesc describes the handler for a message: "SQS handler Handle", "HTTP route GET
// /orders handler list".
func (r *Reached) HandlerDesc() string {
	h := r.Handler
	desc := "handler " + h.Name
	switch {
	case h.Route != "":
		desc = "route " + h.Route + " handler " + h.Name
	case h.Source != "" && h.Source != "custom":
		desc = h.Source + " handler " + h.Name
	}
	if n := len(r.Also); n > 0 {
		var names []string
		for i, o := range r.Also {
			if i == 3 {
				names = append(names, fmt.Sprintf("%d more", n-3))
				break
			}
			names = append(names, o.Name)
		}
		desc += " (also " + strings.Join(names, ", ") + ")"
	}
	return desc
}

func (h *Handler) pkgPath() string {
	if h.Func != nil && h.Func.Pkg() != nil {
		return h.Func.Pkg().Path()
	}
	return ""
}

// Reach returns the effects matching match that are reachable from the handlers this
// package reports on (Handler.Report), one per cause, in source order of the handlers and
// then of the effects.
func (r *Result) Reach(match func(*effects.Effect) bool) []*Reached {
	return r.ReachFrom(nil, match)
}

// ReachFrom is Reach for the handlers that handler accepts (all when it is nil): the rules
// that apply to some triggers only find the first such handler that reaches a cause.
func (r *Result) ReachFrom(handler func(*Handler) bool, match func(*effects.Effect) bool) []*Reached {
	if r == nil || r.pass == nil {
		return nil
	}
	var out []*Reached
	byCause := map[string]*Reached{}
	for _, h := range r.Handlers {
		if !h.Report && len(h.alsoHere) == 0 || handler != nil && !handler(h) {
			continue
		}
		for _, i := range h.reported() {
			e := &h.Effects[i]
			if !match(e) {
				continue
			}
			at := e.At()
			key := fmt.Sprintf("%d\x00%s\x00%s:%d:%d", e.Kind, e.Op, at.File, at.Line, at.Col)
			if prev := byCause[key]; prev != nil {
				if prev.Handler != h && !contains(prev.Also, h) {
					prev.Also = append(prev.Also, h)
				}
				continue
			}
			re := &Reached{Effect: e, Handler: h, Direct: len(e.Path) == 1 && r.files[at.File]}
			if !r.place(re) {
				continue
			}
			r.relate(re)
			byCause[key] = re
			out = append(out, re)
		}
	}
	return out
}

// reported lists the indexes of the effects this package reports for h.
func (h *Handler) reported() []int {
	if !h.Report {
		return h.alsoHere
	}
	out := make([]int, len(h.Effects))
	for i := range out {
		out[i] = i
	}
	return out
}

func contains(hs []*Handler, h *Handler) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

// place chooses the report position: the last step of the path in this package's files,
// else the handler's registration or entry call.
func (r *Result) place(re *Reached) bool {
	path := re.Effect.Path
	for i := len(path) - 1; i >= 0; i-- {
		if r.files[path[i].At.File] {
			if pos, end, ok := r.tokenRange(path[i].At); ok {
				re.Pos, re.End = pos, end
				return true
			}
		}
	}
	h := re.Handler
	for _, n := range []interface {
		Pos() token.Pos
		End() token.Pos
	}{h.Registration, h.EntryCall} {
		if n != nil && n.Pos().IsValid() {
			re.Pos, re.End = n.Pos(), n.End()
			return true
		}
	}
	return false
}

// relate builds the related information: the handler, then every call of the path.
func (r *Result) relate(re *Reached) {
	h := re.Handler
	var rel []analysis.RelatedInformation
	add := func(at effects.Position, msg string) {
		if pos, end, ok := r.tokenRange(at); ok {
			rel = append(rel, analysis.RelatedInformation{Pos: pos, End: end, Message: msg})
		}
	}
	desc := "handler " + h.Name
	if h.Source != "" && h.Source != "custom" {
		desc = h.Source + " " + desc
	}
	if h.Route != "" {
		desc = "route " + h.Route + " handler " + h.Name
	}
	add(h.DeclAt, desc)
	caller := h.Name
	for _, s := range re.Effect.Path {
		verb := " calls "
		if s.Go {
			verb = " starts goroutine "
		}
		add(s.At, caller+verb+s.Callee)
		caller = s.Callee
	}
	re.Related = rel
}

// RelatedAt is related information at a stored position (where a key is built, in a
// callee), when the driver has its file: always under the slslint command, for this
// package's files under go vet.
func (r *Result) RelatedAt(at effects.Position, msg string) (analysis.RelatedInformation, bool) {
	pos, end, ok := r.tokenRange(at)
	if !ok {
		return analysis.RelatedInformation{}, false
	}
	return analysis.RelatedInformation{Pos: pos, End: end, Message: msg}, true
}

// tokenRange converts a stored position back to the driver's FileSet, when the file is
// there (always under the slslint command and analysistest; for this package's files only
// under go vet).
func (r *Result) tokenRange(p effects.Position) (token.Pos, token.Pos, bool) {
	f := r.file(p.File)
	if f == nil || p.Line < 1 || p.Line > f.LineCount() {
		return token.NoPos, token.NoPos, false
	}
	pos := lineCol(f, p.Line, p.Col)
	end := pos
	if p.EndLine >= p.Line && p.EndLine <= f.LineCount() {
		end = lineCol(f, p.EndLine, p.EndCol)
	}
	return pos, end, true
}

// lineCol converts a line and column to a position in f, keeping it on its line: under go
// vet the files of other packages are stand-ins built from export data, with the right
// lines but one byte per line.
func lineCol(f *token.File, line, col int) token.Pos {
	start := f.Offset(f.LineStart(line))
	lineEnd := f.Size()
	if line < f.LineCount() {
		lineEnd = f.Offset(f.LineStart(line+1)) - 1
	}
	off := min(start+max(col, 1)-1, max(lineEnd, start))
	return f.Pos(off)
}

func (r *Result) file(name string) *token.File {
	r.fileMu.Lock()
	defer r.fileMu.Unlock()
	if r.fileCache == nil {
		r.fileCache = map[string]*token.File{}
		// This package's own files first: a file parsed twice (a package and its test
		// variant) must map to the copy this pass reports on.
		for _, f := range r.pass.Files {
			tf := r.pass.Fset.File(f.FileStart)
			r.fileCache[tf.Name()] = tf
		}
		r.pass.Fset.Iterate(func(f *token.File) bool {
			if _, dup := r.fileCache[f.Name()]; !dup {
				r.fileCache[f.Name()] = f
			}
			return true
		})
	}
	return r.fileCache[name]
}

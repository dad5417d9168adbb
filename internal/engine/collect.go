package engine

import (
	"bytes"
	"fmt"
	"go/token"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/config"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/internal/gocheck"
	"github.com/slslint/slslint/internal/gomodules"
	"github.com/slslint/slslint/internal/repofile"
	"github.com/slslint/slslint/internal/suppress"
	"github.com/slslint/slslint/rules"
)

// runState gathers findings from every source, in repository-relative form.
type runState struct {
	root     string
	sel      *selection
	cfg      *config.Config
	sources  *sourceCache
	findings []*finding.Finding
	failures int
}

// add keeps a finding if its rule is enabled and its file not excluded, and sets its level.
func (s *runState) add(f *finding.Finding) {
	if !s.sel.enabled[f.Rule.ID] || !f.Location.Valid() {
		return
	}
	if f.Rule != rules.ParseError && s.cfg.Exclude.Match(f.Location.Path) {
		return
	}
	if f.Rule == rules.AnalysisFailure {
		s.failures++
	}
	// A check may report a level other than its rule's default (SLS404: error below the
	// function timeout, warning below six times it); configuration overrides both.
	if l, ok := s.sel.levels[f.Rule.ID]; ok {
		f.Level = l
	} else if f.Level == "" {
		f.Level = f.Rule.Level
	}
	s.findings = append(s.findings, f)
}

func (s *runState) goLocation(pos, end token.Position) (finding.Location, bool) {
	rel, ok := s.sources.rel(pos.Filename)
	if !ok {
		return finding.Location{}, false
	}
	l := finding.Location{Path: rel, Line: pos.Line, Column: max(pos.Column, 1)}
	if end.IsValid() && end.Filename == pos.Filename && (end.Line > pos.Line || end.Line == pos.Line && end.Column > pos.Column) {
		l.EndLine, l.EndColumn = end.Line, end.Column
	}
	return l, true
}

func (s *runState) addGo(res *gocheck.Result) {
	for _, p := range res.Problems {
		loc, ok := s.goLocation(p.Pos, token.Position{})
		if !ok {
			continue // a problem outside the repository (in a dependency) surfaces on its importer
		}
		f := &finding.Finding{Rule: rules.ParseError, Location: loc, Message: cleanMessage(p.Msg, s.root)}
		for _, r := range p.Related {
			if rl, ok := s.goLocation(r.Pos, r.End); ok {
				f.Related = append(f.Related, finding.Related{Location: rl, Message: r.Message})
			}
		}
		switch {
		case p.Skipped:
			f.Rule, f.Level = rules.GoNotAnalyzed, rules.Note
		case p.Crash:
			f.Rule = rules.AnalysisFailure
			f.Message = "loading failed; the package was not analyzed: " + cleanMessage(p.Msg, s.root)
		case p.Analyzer != nil:
			f.Rule = rules.AnalysisFailure
			f.Message = fmt.Sprintf("analyzer %s failed; its rules were not checked in this package: %s", p.Analyzer.Name, cleanMessage(p.Msg, s.root))
		}
		s.add(f)
	}
	for _, d := range res.Diagnostics {
		r, ok := rules.Lookup(d.Category)
		if !ok {
			continue
		}
		loc, ok := s.goLocation(d.Pos, d.End)
		if !ok {
			continue
		}
		f := &finding.Finding{Rule: r, Location: loc}
		f.Message, f.Detail = diagnostic.Split(diagnostic.StripID(r.ID, d.Message))
		for _, rel := range d.Related {
			if rl, ok := s.goLocation(rel.Pos, rel.End); ok {
				f.Related = append(f.Related, finding.Related{Location: rl, Message: rel.Message})
			}
		}
		// Go analyzers use related information only for the call path from a handler to
		// the cause (see package diagnostic).
		f.Flow = len(f.Related) > 0
		s.add(f)
	}
}

func rangeLocation(r model.Range) finding.Location {
	return finding.Location{Path: r.File, Line: r.Line, Column: max(r.Column, 1), EndLine: r.EndLine, EndColumn: r.EndColumn}
}

func (s *runState) addIaC(m *model.Model, fs []checks.Finding) {
	for _, p := range m.Problems {
		f := &finding.Finding{Rule: rules.ParseError, Location: rangeLocation(p.Range), Message: p.Message}
		switch p.Level {
		case model.ProblemWarning:
			f.Level = rules.Warning
		case model.ProblemNote:
			f.Level = rules.Note
		}
		s.add(f)
	}
	for _, p := range m.Failures {
		s.add(&finding.Finding{Rule: rules.AnalysisFailure, Location: rangeLocation(p.Range), Message: p.Message})
	}
	s.addFindings(fs)
}

// addFindings converts the findings of the IaC and cross-layer checks: the primary
// location in a template, related locations in the template or the code.
func (s *runState) addFindings(fs []checks.Finding) {
	for _, f := range fs {
		out := &finding.Finding{Rule: f.Rule, Level: f.Level, Location: rangeLocation(f.At)}
		out.Message, out.Detail = diagnostic.Split(f.Message)
		for _, r := range f.Related {
			out.Related = append(out.Related, finding.Related{Location: rangeLocation(r.At), Message: r.Message})
		}
		s.add(out)
	}
}

// finish completes every location, sorts and fingerprints the findings, and applies the
// suppression directives, adding the findings about directives themselves.
func (s *runState) finish(goRes *gocheck.Result, m *model.Model, inputs []model.Source) []*finding.Finding {
	for _, f := range s.findings {
		s.complete(&f.Location)
		for i := range f.Related {
			s.complete(&f.Related[i].Location)
		}
	}
	directives := directivesOf(goRes, m, inputs, s.sources, s.cfg.Suppress)
	suppress.Apply(s.findings, directives)
	for _, f := range suppress.Problems(directives, func(r *rules.Rule) bool { return s.sel.enabled[r.ID] }) {
		s.complete(&f.Location)
		s.add(f)
	}
	finding.Sort(s.findings)
	finding.Fingerprints(s.findings, s.sources.get)
	return s.findings
}

// complete gives a location without an end the rest of its line as its range, so that
// every report has a full region, and adds the columns in UTF-16 code units.
func (s *runState) complete(l *finding.Location) {
	if l.EndLine < l.Line || (l.EndLine == l.Line && l.EndColumn <= l.Column) {
		l.EndLine, l.EndColumn = l.Line, l.Column+1
		if line, ok := s.sources.line(l.Path, l.Line); ok && len(line)+1 > l.Column {
			l.EndColumn = len(line) + 1
		}
	}
	if _, readable := s.sources.get(l.Path); readable {
		l.UTF16Column = s.utf16Column(l.Path, l.Line, l.Column)
		l.UTF16EndColumn = s.utf16Column(l.Path, l.EndLine, l.EndColumn)
	}
}

// utf16Column converts a 1-based byte column of a line of a file into UTF-16 code units.
// Bytes past the end of the line, and invalid UTF-8, count one unit each.
func (s *runState) utf16Column(path string, line, col int) int {
	text, ok := s.sources.line(path, line)
	if !ok || col < 1 {
		return col
	}
	n := min(col-1, len(text))
	return s.sources.utf16Units(path, line, text, n) + col - n
}

// utf16Stride is the spacing of the UTF-16 checkpoints of a long line: converting a column
// decodes at most this many bytes after the nearest checkpoint, however long the line (a
// minified template is one line of megabytes, with thousands of findings on it).
const utf16Stride = 4096

// A utf16Checkpoint is a rune boundary of a line and the UTF-16 units before it.
type utf16Checkpoint struct{ off, units int }

// utf16Units counts the UTF-16 code units of text[:n], text being line number line of
// path: directly on a short prefix, from the nearest checkpoint otherwise.
func (c *sourceCache) utf16Units(path string, line int, text []byte, n int) int {
	if n <= utf16Stride {
		return utf16Len(text[:n])
	}
	key := lineKey{path, line}
	cps, ok := c.checkpoints[key]
	if !ok {
		cps = []utf16Checkpoint{{0, 0}}
		units := 0
		for off := 0; off < len(text); {
			r, size := utf8.DecodeRune(text[off:])
			units += runeUnits(r, size)
			off += size
			if off >= len(cps)*utf16Stride {
				cps = append(cps, utf16Checkpoint{off, units})
			}
		}
		if c.checkpoints == nil {
			c.checkpoints = map[lineKey][]utf16Checkpoint{}
		}
		c.checkpoints[key] = cps
	}
	k := min(n/utf16Stride, len(cps)-1)
	for k > 0 && cps[k].off > n {
		k--
	}
	return cps[k].units + utf16Len(text[cps[k].off:n])
}

type lineKey struct {
	path string
	line int
}

// utf16Len counts the UTF-16 code units of b, an invalid byte counting one.
func utf16Len(b []byte) int {
	units := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			units++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		units += runeUnits(r, size)
		b = b[size:]
	}
	return units
}

func runeUnits(r rune, size int) int {
	if r == utf8.RuneError && size <= 1 {
		return 1
	}
	return utf16.RuneLen(r)
}

// cleanMessage removes the absolute repository root from a message, so that output is the
// same on every machine.
func cleanMessage(msg, root string) string {
	msg = strings.ReplaceAll(msg, root+string(filepath.Separator), "")
	return strings.ReplaceAll(msg, root, ".")
}

// sourceCache reads repository files once, for fingerprints, regions and suppression
// comments.
type sourceCache struct {
	root  string
	files map[string][]byte
	// lineStarts holds, per file read, the offset at which each line starts, so that
	// completing many locations in one file does not rescan it from the top each time.
	lineStarts map[string][]int
	// checkpoints holds, per long line, its UTF-16 checkpoints.
	checkpoints map[lineKey][]utf16Checkpoint
	// repo reads the files, and only those inside the repository.
	repo repofile.Root
}

func newSourceCache(root string) *sourceCache {
	return &sourceCache{root: root, files: map[string][]byte{}, lineStarts: map[string][]int{}, repo: repofile.New(root)}
}

// line returns line n (1-based; lines before the first count as the first) of a repository
// file, without its line ending.
func (c *sourceCache) line(rel string, n int) ([]byte, bool) {
	src, ok := c.get(rel)
	if !ok {
		return nil, false
	}
	starts, ok := c.lineStarts[rel]
	if !ok {
		starts = []int{0}
		for i, b := range src {
			if b == '\n' {
				starts = append(starts, i+1)
			}
		}
		c.lineStarts[rel] = starts
	}
	n = max(n, 1)
	if n > len(starts) {
		return nil, false
	}
	end := len(src)
	if n < len(starts) {
		end = starts[n] - 1
	}
	return bytes.TrimRight(src[starts[n-1]:end], "\r"), true
}

// maxSourceSize bounds what is read for fingerprints; larger files get message-based ones.
const maxSourceSize = 16 << 20

func (c *sourceCache) get(rel string) ([]byte, bool) {
	if b, ok := c.files[rel]; ok {
		return b, b != nil
	}
	b, _ := c.repo.ReadFile(filepath.Join(c.root, filepath.FromSlash(rel)), maxSourceSize)
	c.files[rel] = b
	return b, b != nil
}

// rel converts an absolute filename to a repository-relative slash path, refusing paths
// outside the repository.
func (c *sourceCache) rel(abs string) (string, bool) {
	r, err := filepath.Rel(c.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// addUnitProblems reports, as SLS004, the Go code that could not be analyzed: one finding
// per unit anchor (a module's go.mod, a workspace's go.work, the first file of a folder
// outside any module), with the go command's reason. It returns how many modules and
// folders were not analyzed. Units beyond planned ones (import path patterns) have no
// anchor: their problems are usage errors of the run.
func (s *runState) addUnitProblems(res *gocheck.Result, plan *gomodules.Plan, planned int) int {
	notAnalyzed := 0
	reported := map[string]bool{}
	for _, up := range res.UnitProblems {
		idx := up.Index
		if idx < 0 || idx >= planned {
			continue
		}
		msg := cleanMessage(up.Msg, s.root)
		for _, anchor := range plan.Anchors[idx] {
			rel, ok := s.sources.rel(anchor)
			if !ok || reported[rel+"\x00"+msg] {
				continue
			}
			reported[rel+"\x00"+msg] = true
			if !up.Partial && up.Unit.ModFile != "" {
				notAnalyzed++
			}
			f := &finding.Finding{Rule: rules.GoNotAnalyzed, Location: finding.Location{Path: rel, Line: 1, Column: 1},
				Message: unitProblemMessage(up, rel, plan) + msg}
			if up.Crash {
				f.Rule = rules.AnalysisFailure
			}
			s.add(f)
		}
	}
	return notAnalyzed
}

// unitProblemMessage says what could not be analyzed, before the go command's reason.
func unitProblemMessage(up gocheck.UnitProblem, anchor string, plan *gomodules.Plan) string {
	dir := path.Dir(anchor)
	var what string
	switch {
	case up.Unit.Workspace:
		what = "the Go workspace " + anchor
	case up.Unit.ModFile != "":
		what = "module " + dir
		for _, m := range plan.Modules {
			if m.GoMod == up.Unit.ModFile && m.Path != "" {
				what = "module " + m.Path
				if dir != "." {
					what += " (" + dir + ")"
				}
			}
		}
	default:
		what = "the Go files in " + dir
		if dir == "." {
			what = "the Go files in the root folder"
		}
	}
	if up.Partial {
		return what + " was analyzed without some of its dependencies: "
	}
	return what + " could not be analyzed: "
}

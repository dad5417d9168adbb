package crosslayer

import (
	"path"
	"regexp"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// A makefile is a Makefile read as text: its variables, and its rules with their recipes.
// What make would run is found by expanding a rule's recipe for a target and reading it
// as shell commands (shell.go). Conditionals are not evaluated (both branches are read),
// includes are not followed, and $(shell ...) and $(wildcard ...) are unknown values.
type makefile struct {
	file, dir string // repository-relative
	vars      map[string]makeVar
	rules     []*makeRule
}

type makeVar struct {
	value  string
	simple bool // := (already expanded) rather than = (expanded on use)
}

type makeRule struct {
	targets []string // expanded; a pattern rule's contain %
	// pattern is a static pattern rule's target pattern (targets: pattern: prereqs).
	pattern string
	prereqs []string
	recipe  []recipeLine
	line    int
}

type recipeLine struct {
	text string
	line int
}

var (
	assignment = regexp.MustCompile(`^(?:(?:override|export)\s+)*([A-Za-z0-9_.-]+)\s*(::=|:::=|:=|\?=|\+=|!=|=)\s*(.*)$`)
	directive  = regexp.MustCompile(`^-?(ifeq|ifneq|ifdef|ifndef|else|endif|include|sinclude|vpath|unexport|\.PHONY|\.DEFAULT_GOAL)\b`)
)

// maxMakeLines bounds the lines read from one Makefile.
const maxMakeLines = 20000

// parseMakefile reads a Makefile; extra are variables the caller provides (SAM's
// ARTIFACTS_DIR).
func parseMakefile(file, src string, extra map[string]string) *makefile {
	mk := &makefile{file: file, dir: path.Dir(file), vars: map[string]makeVar{}}
	for k, v := range extra {
		mk.vars[k] = makeVar{value: v, simple: true}
	}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	if len(lines) > maxMakeLines {
		lines = lines[:maxMakeLines]
	}
	var rule *makeRule
	inDefine := false
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		text := lines[i]
		if strings.HasPrefix(text, "\t") && rule != nil && !inDefine {
			body := strings.TrimPrefix(text, "\t")
			for strings.HasSuffix(body, "\\") && i+1 < len(lines) {
				i++
				body += "\n" + strings.TrimPrefix(lines[i], "\t")
			}
			rule.recipe = append(rule.recipe, recipeLine{text: body, line: lineNo})
			continue
		}
		for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
			i++
			text = strings.TrimSuffix(text, "\\") + " " + strings.TrimSpace(lines[i])
		}
		text = stripMakeComment(text)
		trimmed := strings.TrimSpace(text)
		if inDefine {
			if trimmed == "endef" {
				inDefine = false
			}
			continue
		}
		if trimmed == "" {
			continue
		}
		if strings.HasPrefix(trimmed, "define ") || trimmed == "define" {
			inDefine, rule = true, nil
			continue
		}
		if directive.MatchString(trimmed) {
			continue
		}
		if m := assignment.FindStringSubmatch(trimmed); m != nil {
			mk.assign(m[1], m[2], m[3])
			rule = nil
			continue
		}
		rule = mk.parseRule(trimmed, lineNo)
		if rule != nil {
			mk.rules = append(mk.rules, rule)
		}
	}
	return mk
}

func stripMakeComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			return s[:i]
		}
	}
	return s
}

func (mk *makefile) assign(name, op, value string) {
	switch op {
	case "=":
		mk.vars[name] = makeVar{value: value}
	case ":=", "::=", ":::=":
		mk.vars[name] = makeVar{value: mk.expand(value, nil, 0), simple: true}
	case "?=":
		if _, ok := mk.vars[name]; !ok {
			mk.vars[name] = makeVar{value: value}
		}
	case "+=":
		old, ok := mk.vars[name]
		switch {
		case !ok:
			mk.vars[name] = makeVar{value: value}
		case old.simple:
			mk.vars[name] = makeVar{value: old.value + " " + mk.expand(value, nil, 0), simple: true}
		default:
			mk.vars[name] = makeVar{value: old.value + " " + value}
		}
	case "!=":
		mk.vars[name] = makeVar{value: unknownMark, simple: true}
	}
}

// parseRule reads `targets: prereqs [; recipe]` and static pattern rules.
func (mk *makefile) parseRule(text string, line int) *makeRule {
	i := topLevelColon(text)
	if i < 0 {
		return nil
	}
	targets := text[:i]
	rest := strings.TrimPrefix(text[i+1:], ":") // double-colon rules
	recipe := ""
	if j := strings.IndexByte(rest, ';'); j >= 0 {
		rest, recipe = rest[:j], rest[j+1:]
	}
	r := &makeRule{line: line}
	if j := topLevelColon(rest); j >= 0 {
		r.pattern = strings.TrimSpace(mk.expand(rest[:j], nil, 0))
		rest = rest[j+1:]
	}
	if assignment.MatchString(strings.TrimSpace(rest)) {
		return nil // a target-specific variable
	}
	r.targets = strings.Fields(mk.expand(targets, nil, 0))
	r.prereqs = strings.Fields(mk.expand(rest, nil, 0))
	if strings.TrimSpace(recipe) != "" {
		r.recipe = append(r.recipe, recipeLine{text: strings.TrimSpace(recipe), line: line})
	}
	if len(r.targets) == 0 {
		return nil
	}
	return r
}

// topLevelColon finds the first ':' outside $(...) that is not part of an assignment
// operator.
func topLevelColon(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			depth--
		case ':':
			if depth == 0 && (i+1 >= len(s) || s[i+1] != '=') {
				return i
			}
		}
	}
	return -1
}

// maxExpandDepth bounds recursive expansion (a variable that refers to itself).
const maxExpandDepth = 16

// expand expands make variables, automatic variables (auto) and the text functions
// Makefiles use to build lists of paths. $$ becomes $ for the shell.
func (mk *makefile) expand(s string, auto map[string]string, depth int) string {
	if depth > maxExpandDepth || !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		c := s[i+1]
		switch c {
		case '$':
			b.WriteByte('$')
			i++
		case '(', '{':
			closer := byte(')')
			if c == '{' {
				closer = '}'
			}
			j := matchingClose(s, i+1, c, closer)
			b.WriteString(mk.reference(s[i+2:j], auto, depth))
			i = j
		default:
			b.WriteString(mk.reference(string(c), auto, depth))
			i++
		}
	}
	return b.String()
}

func matchingClose(s string, i int, open, closer byte) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case open:
			depth++
		case closer:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(s) - 1
}

// reference expands the inside of $(...): a variable, an automatic variable or a function.
func (mk *makefile) reference(ref string, auto map[string]string, depth int) string {
	if name, args, ok := strings.Cut(ref, " "); ok {
		return mk.function(name, args, auto, depth)
	}
	// $(@D) and $(@F): the directory and file parts of an automatic variable.
	if len(ref) == 2 && (ref[1] == 'D' || ref[1] == 'F') {
		if v, ok := auto[ref[:1]]; ok {
			if ref[1] == 'D' {
				return path.Dir(v)
			}
			return path.Base(v)
		}
	}
	if v, ok := auto[ref]; ok {
		return v
	}
	name := mk.expand(ref, auto, depth+1)
	v, ok := mk.vars[name]
	if !ok {
		return unknownMark
	}
	if v.simple {
		return v.value
	}
	return mk.expand(v.value, auto, depth+1)
}

// function evaluates the text functions that build path lists.
func (mk *makefile) function(name, args string, auto map[string]string, depth int) string {
	parts := splitArgs(args)
	arg := func(i int) string {
		if i >= len(parts) {
			return ""
		}
		return mk.expand(strings.TrimSpace(parts[i]), auto, depth+1)
	}
	mapWords := func(list string, f func(string) string) string {
		var out []string
		for _, w := range strings.Fields(list) {
			out = append(out, f(w))
		}
		return strings.Join(out, " ")
	}
	switch name {
	case "addprefix":
		p := arg(0)
		return mapWords(arg(1), func(w string) string { return p + w })
	case "addsuffix":
		p := arg(0)
		return mapWords(arg(1), func(w string) string { return w + p })
	case "notdir":
		return mapWords(arg(0), path.Base)
	case "dir":
		return mapWords(arg(0), func(w string) string { return path.Dir(w) + "/" })
	case "basename":
		return mapWords(arg(0), func(w string) string { return strings.TrimSuffix(w, path.Ext(w)) })
	case "strip":
		return strings.Join(strings.Fields(arg(0)), " ")
	case "firstword":
		if f := strings.Fields(arg(0)); len(f) > 0 {
			return f[0]
		}
		return ""
	case "subst":
		from, to := arg(0), arg(1)
		if from == "" {
			return arg(2)
		}
		return strings.ReplaceAll(arg(2), from, to)
	case "patsubst":
		pat, repl := arg(0), arg(1)
		return mapWords(arg(2), func(w string) string {
			if stem, ok := matchPattern(pat, w); ok {
				return strings.Replace(repl, "%", stem, 1)
			}
			return w
		})
	case "foreach":
		if len(parts) < 3 {
			return unknownMark
		}
		v := strings.TrimSpace(parts[0])
		var out []string
		for k, w := range strings.Fields(arg(1)) {
			if k == maxLoopValues {
				break
			}
			a := map[string]string{}
			for key, val := range auto {
				a[key] = val
			}
			a[v] = w
			out = append(out, mk.expand(strings.TrimSpace(strings.Join(parts[2:], ",")), a, depth+1))
		}
		return strings.Join(out, " ")
	}
	return unknownMark // $(shell ...), $(wildcard ...), and functions not followed
}

// splitArgs splits function arguments at top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// matchPattern matches a word against a make pattern with one %.
func matchPattern(pattern, w string) (string, bool) {
	pre, suf, ok := strings.Cut(pattern, "%")
	if !ok {
		return "", pattern == w
	}
	if len(w) < len(pre)+len(suf) || !strings.HasPrefix(w, pre) || !strings.HasSuffix(w, suf) {
		return "", false
	}
	return w[len(pre) : len(w)-len(suf)], true
}

// run interprets a rule's recipe for one target (relative to the Makefile's directory)
// with its stem.
func (l *linker) runRule(mk *makefile, r *makeRule, target, stem string, out *buildScan) {
	auto := map[string]string{"@": target, "*": stem}
	var prereqs []string
	for _, p := range r.prereqs {
		prereqs = append(prereqs, strings.Replace(p, "%", stem, 1))
	}
	if len(prereqs) > 0 {
		auto["<"] = prereqs[0]
	}
	auto["^"] = strings.Join(prereqs, " ")
	auto["?"] = auto["^"]
	for _, rl := range r.recipe {
		text := strings.TrimLeft(mk.expand(rl.text, auto, 0), "@-+ \t")
		env := &shellEnv{vars: map[string]string{}, scriptDir: mk.dir}
		l.interpret(splitStatements(text, rl.line), mk.dir, env, mk.file, out, 0)
	}
	// An archive target packs its prerequisites.
	if strings.HasSuffix(target, ".zip") && len(prereqs) > 0 {
		p := pack{at: model.Range{File: mk.file, Line: r.line, Column: 1, EndLine: r.line, EndColumn: 1}}
		if o, ok := resolvePath(mk.dir, target); ok {
			p.output = o
			for _, in := range prereqs {
				if i, ok := resolvePath(mk.dir, in); ok {
					p.inputs = append(p.inputs, i)
				}
			}
			out.packs = append(out.packs, p)
		}
	}
}

// scanExplicit runs every explicit rule's recipe for each of its targets.
func (l *linker) scanExplicit(mk *makefile) buildScan {
	var out buildScan
	for _, r := range mk.rules {
		for _, t := range r.targets {
			if strings.Contains(t, "%") {
				continue
			}
			stem := ""
			if r.pattern != "" {
				var ok bool
				if stem, ok = matchPattern(r.pattern, t); !ok {
					continue
				}
			}
			l.runRule(mk, r, t, stem, &out)
		}
	}
	return out
}

// scanPattern runs the pattern rules that can make target (repository-relative).
func (l *linker) scanPattern(mk *makefile, target string) buildScan {
	var out buildScan
	rel := target
	if mk.dir != "." {
		var ok bool
		if rel, ok = strings.CutPrefix(target, mk.dir+"/"); !ok {
			return out
		}
	}
	for _, r := range mk.rules {
		for _, t := range r.targets {
			if !strings.Contains(t, "%") {
				continue
			}
			if stem, ok := matchPattern(t, rel); ok {
				l.runRule(mk, r, rel, stem, &out)
			}
		}
	}
	return out
}

// maxPrereqDepth bounds the chain of prerequisites followed from a target.
const maxPrereqDepth = 4

// targetRecipe runs the recipe of the explicit target name (SAM's build-<LogicalId>) and,
// first, as make would, the recipes of the prerequisites the Makefile makes (`build-Fn:
// bootstrap` with `bootstrap:` running go build), explicit or by a pattern rule.
func (l *linker) targetRecipe(mk *makefile, name string) buildScan {
	var out buildScan
	done := map[string]bool{}
	var build func(target string, depth int)
	build = func(target string, depth int) {
		if depth > maxPrereqDepth || done[target] || strings.Contains(target, unknownMark) {
			return
		}
		done[target] = true
		explicit := false
		for _, r := range mk.rules {
			for _, t := range r.targets {
				if t != target || strings.Contains(t, "%") {
					continue
				}
				stem := ""
				if r.pattern != "" {
					var ok bool
					if stem, ok = matchPattern(r.pattern, t); !ok {
						continue
					}
				}
				explicit = true
				for _, p := range r.prereqs {
					build(strings.Replace(p, "%", stem, 1), depth+1)
				}
				l.runRule(mk, r, t, stem, &out)
			}
		}
		if explicit || depth == 0 {
			return
		}
		for _, r := range mk.rules {
			for _, t := range r.targets {
				if !strings.Contains(t, "%") {
					continue
				}
				if stem, ok := matchPattern(t, target); ok {
					for _, p := range r.prereqs {
						build(strings.Replace(p, "%", stem, 1), depth+1)
					}
					l.runRule(mk, r, target, stem, &out)
				}
			}
		}
	}
	build(name, 0)
	return out
}

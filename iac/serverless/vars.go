package serverless

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// The resolver replaces the variables of a service's configuration by their values, the
// way the framework does before it compiles the template, as far as that is possible
// without the network, the environment or running code:
//
//   - ${self:a.b}: another property of the configuration, resolved in turn.
//   - ${opt:x}: no command-line options are assumed, so the first fallback applies.
//   - ${sls:stage}: the --stage option (none), else provider.stage, else "dev";
//     ${aws:region} likewise with provider.region and "us-east-1".
//   - ${file(./x.yml)} and ${file(./x.yml):a.b}: a YAML or JSON file inside the repository
//     root (JavaScript and TypeScript files are never run; they are unknown).
//   - ${param:x}: the service's stage parameters (v3 params.<stage>/params.default, v4
//     stages.<stage>.params/stages.default.params); otherwise a dashboard parameter,
//     unknown and secret.
//   - ${strToBool(x)}: "true"/"false" (or 1/0) as a boolean.
//   - ${env:...}, ${ssm:...}, ${cf:...}, ${s3:...}, ${aws:accountId}, ${git:...} and
//     sources of plugins are unknown; ssm, vault, doppler and dashboard params also mark the
//     value secret.
//
// A source that yields nothing (an option not given, a missing property or file) falls
// through to the next; an unknown source makes the whole variable unknown, since it may
// well yield a value at deploy time. Cycles, runaway expansion and deep nesting are
// reported as problems and leave the values unknown.
type resolver struct {
	ld   *loader
	root *node
	// memo holds the resolved form of each raw node; active the nodes being resolved.
	memo   map[*node]*node
	active map[*node]bool
	steps  int
	// stopped is set once the step budget is spent.
	stopped bool
	// stage caches ${sls:stage}; stageBusy is set while it is computed.
	stage     *node
	stageBusy bool
	// reported avoids reporting the same cycle at every node that runs into it.
	reported map[model.Range]bool
}

func newResolver(ld *loader, root *node) *resolver {
	return &resolver{ld: ld, root: root, memo: map[*node]*node{}, active: map[*node]bool{}, reported: map[model.Range]bool{}}
}

const maxResolveDepth = 200

func (r *resolver) problem(at model.Range, format string, args ...any) {
	if r.reported[at] {
		return
	}
	r.reported[at] = true
	r.ld.problem(at, fmt.Sprintf(format, args...))
}

// unknownAt returns an unknown scalar written at at.
func unknownAt(at model.Range, text string, secret bool) *node {
	return &node{kind: scalarNode, tag: "!!str", value: text, at: at, unknown: true, secret: secret}
}

// resolve returns n with every variable replaced, reusing n where nothing changes.
func (r *resolver) resolve(n *node, depth int) *node {
	if n == nil {
		return nil
	}
	switch n.kind {
	case scalarNode:
		if !n.hasVars {
			return n
		}
	case mapNode, seqNode:
	default:
		return n
	}
	if out, ok := r.memo[n]; ok {
		return out
	}
	if r.active[n] {
		r.problem(n.at, "variable cycle: the value at line %d refers back to itself", n.at.Line)
		return unknownAt(n.at, unknownMark, false)
	}
	if depth > maxResolveDepth {
		r.problem(n.at, "variables nest more than %d levels deep", maxResolveDepth)
		return unknownAt(n.at, unknownMark, false)
	}
	r.active[n] = true
	var out *node
	switch n.kind {
	case scalarNode:
		out = r.scalar(n, depth)
	case mapNode:
		out = n
		for i, p := range n.pairs {
			v := r.resolve(p.val, depth+1)
			if v != p.val {
				if out == n {
					out = &node{kind: mapNode, at: n.at, pairs: append([]pair(nil), n.pairs...)}
				}
				out.pairs[i].val = v
			}
		}
	case seqNode:
		out = n
		for i, it := range n.items {
			v := r.resolve(it, depth+1)
			if v != it {
				if out == n {
					out = &node{kind: seqNode, at: n.at, items: append([]*node(nil), n.items...)}
				}
				out.items[i] = v
			}
		}
	}
	delete(r.active, n)
	r.memo[n] = out
	return out
}

// scalar resolves a string holding variables.
func (r *resolver) scalar(n *node, depth int) *node {
	t, err := parseTemplate(n.value)
	if err != nil {
		r.problem(n.at, "invalid variable syntax in %q", clip(n.value))
		return unknownAt(n.at, unknownMark, false)
	}
	if v := t.single(); v != nil {
		val := r.variable(v, n.at, depth+1)
		return relocate(val, n.at)
	}
	s, unknown, secret := r.interpolate(t, n.at, depth+1)
	if unknown {
		return unknownAt(n.at, s, secret)
	}
	return &node{kind: scalarNode, tag: "!!str", value: s, at: n.at}
}

// relocate returns v as written at at: a scalar or a collection copied from elsewhere in
// the configuration reports where it is used.
func relocate(v *node, at model.Range) *node {
	c := *v
	c.at = at
	return &c
}

// interpolate builds the string of a template; unknown parts become unknownMark.
func (r *resolver) interpolate(t template, at model.Range, depth int) (s string, unknown, secret bool) {
	var b strings.Builder
	for _, seg := range t {
		if seg.v == nil {
			b.WriteString(seg.text)
		} else {
			v := r.variable(seg.v, at, depth)
			switch {
			case v.unknown:
				unknown = true
				secret = secret || v.secret
				b.WriteString(unknownMark)
			case v.kind == scalarNode:
				b.WriteString(v.value)
			case v.kind == nullNode:
				// The framework rejects a null inside a string; nothing to build.
				unknown = true
				b.WriteString(unknownMark)
			default:
				// A mapping or list inside a string is an error in the framework too.
				unknown = true
				b.WriteString(unknownMark)
			}
		}
		if b.Len() > maxStringLen {
			r.problem(at, "variable expansion exceeds %d bytes", maxStringLen)
			return unknownMark, true, secret
		}
	}
	return b.String(), unknown, secret
}

// text resolves a template that must give a string (an address, a file path).
func (r *resolver) text(t template, at model.Range, depth int) (string, bool, bool) {
	if !t.hasVariables() {
		var b strings.Builder
		for _, s := range t {
			b.WriteString(s.text)
		}
		return b.String(), true, false
	}
	s, unknown, secret := r.interpolate(t, at, depth)
	return s, !unknown, secret
}

// variable evaluates a variable's sources in order. The result is never nil: a variable
// that yields nothing is unknown.
func (r *resolver) variable(v *variable, at model.Range, depth int) *node {
	for _, src := range v.sources {
		val, found := r.source(src, at, depth)
		if val != nil && val.unknown {
			return val
		}
		if found && val != nil && val.kind != nullNode {
			return val
		}
	}
	return unknownAt(at, unknownMark, false)
}

// source evaluates one source: found reports whether it yielded a value (an unknown value
// counts as found: it may exist at deploy time).
func (r *resolver) source(src source, at model.Range, depth int) (*node, bool) {
	if r.stopped {
		return unknownAt(at, unknownMark, false), true
	}
	r.steps++
	if r.steps > maxResolveSteps {
		r.stopped = true
		r.ld.problem(at, fmt.Sprintf("variable resolution stopped after %d references", maxResolveSteps))
		return unknownAt(at, unknownMark, false), true
	}
	if src.literal {
		if src.lit.tag == "!!null" {
			return nil, false
		}
		lit := &node{kind: scalarNode, tag: src.lit.tag, value: src.lit.value, at: at}
		if src.lit.tag == "!!str" && varPattern.MatchString(src.lit.value) {
			lit.hasVars = true
			return r.resolve(lit, depth+1), true
		}
		return lit, true
	}
	if src.typ == "" {
		if v := src.address.single(); v != nil {
			val := r.variable(v, at, depth+1)
			return val, true
		}
		return nil, false
	}
	unknown := func(secret bool) (*node, bool) { return unknownAt(at, unknownMark, secret), true }
	switch src.typ {
	case "self":
		addr, ok, secret := r.text(src.address, at, depth)
		if !ok {
			return unknown(secret)
		}
		return r.self(addr, at, depth)
	case "opt":
		// No command-line options: the next source applies.
		return nil, false
	case "sls":
		addr, ok, _ := r.text(src.address, at, depth)
		if ok && addr == "stage" {
			return r.stageValue(at, depth), true
		}
		return unknown(false)
	case "aws":
		addr, ok, _ := r.text(src.address, at, depth)
		if ok && addr == "region" {
			return r.providerDefault("region", defaultRegion, at, depth), true
		}
		return unknown(false)
	case "file":
		return r.file(src, at, depth)
	case "strToBool":
		if len(src.params) == 0 {
			return unknown(false)
		}
		s, ok, secret := r.text(src.params[0], at, depth)
		if !ok {
			return unknown(secret)
		}
		switch strings.TrimSpace(s) {
		case "true", "1":
			return &node{kind: scalarNode, tag: "!!bool", value: "true", at: at}, true
		case "false", "0":
			return &node{kind: scalarNode, tag: "!!bool", value: "false", at: at}, true
		}
		return unknown(false)
	case "param":
		addr, ok, secret := r.text(src.address, at, depth)
		if !ok {
			return unknown(secret)
		}
		if v := r.param(addr, depth); v != nil {
			return v, true
		}
		// A Serverless Dashboard parameter: stored encrypted, resolved at deploy time.
		return unknown(true)
	case "ssm", "secretsmanager", "vault", "doppler":
		return unknown(true)
	}
	// env, cf, s3, aws:accountId, git, terraform and sources added by plugins.
	return unknown(false)
}

// self looks up a dotted property path of the configuration.
func (r *resolver) self(addr string, at model.Range, depth int) (*node, bool) {
	var keys []string
	if addr != "" {
		keys = strings.Split(addr, ".")
	}
	v := r.lookup(r.root, keys, depth)
	if v == nil {
		// provider.stage and provider.region have framework defaults.
		switch addr {
		case "provider.stage":
			return &node{kind: scalarNode, tag: "!!str", value: defaultStage, at: at}, true
		case "provider.region":
			return &node{kind: scalarNode, tag: "!!str", value: defaultRegion, at: at}, true
		}
		return nil, false
	}
	return v, true
}

// lookup follows keys from n, resolving the values it passes through (a ${file()} that
// supplies a mapping), and returns the resolved value or nil.
func (r *resolver) lookup(n *node, keys []string, depth int) *node {
	cur := n
	for _, k := range keys {
		if cur == nil {
			return nil
		}
		if cur.kind == scalarNode && cur.hasVars {
			cur = r.resolve(cur, depth+1)
		}
		if cur.unknown {
			return cur
		}
		switch cur.kind {
		case mapNode:
			cur = cur.get(k)
		case seqNode:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(cur.items) {
				return nil
			}
			cur = cur.items[i]
		default:
			return nil
		}
	}
	if cur == nil {
		return nil
	}
	return r.resolve(cur, depth+1)
}

// stageValue is ${sls:stage}: provider.stage, else "dev".
func (r *resolver) stageValue(at model.Range, depth int) *node {
	if r.stage == nil {
		if r.stageBusy {
			r.problem(at, "variable cycle: provider.stage depends on ${sls:stage}")
			return unknownAt(at, unknownMark, false)
		}
		r.stageBusy = true
		r.stage = r.providerDefault("stage", defaultStage, at, depth)
		r.stageBusy = false
	}
	return relocate(r.stage, at)
}

// providerDefault resolves provider.<key> with the framework's default.
func (r *resolver) providerDefault(key, def string, at model.Range, depth int) *node {
	v := r.lookup(r.root, []string{"provider", key}, depth)
	if v == nil || v.kind == nullNode {
		return &node{kind: scalarNode, tag: "!!str", value: def, at: at}
	}
	return v
}

// param resolves a stage parameter from the configuration.
func (r *resolver) param(name string, depth int) *node {
	stage := r.stageValue(model.Range{}, depth)
	var candidates [][]string
	if s, ok := stage.str(); ok {
		candidates = append(candidates, []string{"stages", s, "params", name}, []string{"params", s, name})
	} else if stage.unknown {
		return nil
	}
	candidates = append(candidates, []string{"stages", "default", "params", name}, []string{"params", "default", name})
	for _, c := range candidates {
		if v := r.lookup(r.root, c, depth); v != nil && v.kind != nullNode {
			return v
		}
	}
	return nil
}

// file resolves ${file(path)} and ${file(path):address}.
func (r *resolver) file(src source, at model.Range, depth int) (*node, bool) {
	if len(src.params) == 0 {
		return unknownAt(at, unknownMark, false), true
	}
	p, ok, secret := r.text(src.params[0], at, depth)
	if !ok {
		return unknownAt(at, unknownMark, secret), true
	}
	root, status := r.ld.include(p, at)
	switch status {
	case fileMissing:
		return nil, false
	case fileUnknown:
		return unknownAt(at, unknownMark, false), true
	}
	var keys []string
	if len(src.address) > 0 {
		addr, ok, secret := r.text(src.address, at, depth)
		if !ok {
			return unknownAt(at, unknownMark, secret), true
		}
		if addr != "" {
			keys = strings.Split(addr, ".")
		}
	}
	v := r.lookup(root, keys, depth)
	if v == nil {
		return nil, false
	}
	return v, true
}

type fileStatus int

const (
	fileOK fileStatus = iota
	fileMissing
	fileUnknown
)

// include reads a file named by ${file(...)} relative to the service's directory.
func (ld *loader) include(p string, at model.Range) (*node, fileStatus) {
	if p == "" {
		return nil, fileUnknown
	}
	switch strings.ToLower(path.Ext(p)) {
	case ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts":
		// Never run code from the repository.
		return nil, fileUnknown
	}
	abs := filepath.Clean(filepath.Join(ld.dir, filepath.FromSlash(p)))
	if pf, ok := ld.files[abs]; ok {
		if pf.root == nil {
			return nil, fileUnknown
		}
		return pf.root, fileOK
	}
	rel, inside := ld.relToRoot(abs)
	if !inside {
		ld.files[abs] = parsedFile{}
		ld.refused(at, p, repofile.ErrOutside)
		return nil, fileUnknown
	}
	if len(ld.files) >= maxFiles {
		ld.problem(at, fmt.Sprintf("more than %d files included with ${file()}", maxFiles))
		return nil, fileUnknown
	}
	src, status := ld.readInside(abs, p, at)
	if status != fileOK {
		if status == fileUnknown {
			ld.files[abs] = parsedFile{}
		}
		return nil, status
	}
	var pf parsedFile
	switch strings.ToLower(path.Ext(p)) {
	case ".yml", ".yaml", ".json", ".tfstate":
		pf = parseYAML(rel, src)
	default:
		// Other files are read as text.
		line := 1
		pf = parsedFile{root: &node{kind: scalarNode, tag: "!!str", value: string(src),
			at: model.Range{File: rel, Line: line, Column: 1, EndLine: line, EndColumn: 1}}}
	}
	if pf.problem != nil {
		ld.m.Problems = append(ld.m.Problems, *pf.problem)
	}
	ld.m.Problems = append(ld.m.Problems, pf.warnings...)
	ld.files[abs] = pf
	ld.addFile(rel)
	if pf.root == nil {
		return nil, fileUnknown
	}
	return pf.root, fileOK
}

// readInside reads a file of the repository (see package repofile: links resolved, inside
// the root, a regular file, not too large). p is the path as the configuration wrote it
// and at the reference, where a refusal is reported.
func (ld *loader) readInside(abs, p string, at model.Range) ([]byte, fileStatus) {
	src, err := ld.repo.ReadFile(abs, model.MaxFileSize)
	switch {
	case err == nil:
		return src, fileOK
	case errors.Is(err, fs.ErrNotExist):
		return nil, fileMissing
	case errors.Is(err, repofile.ErrTooLarge):
		rel, _ := ld.relToRoot(abs)
		ld.problem(model.Range{File: rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1},
			fmt.Sprintf("file is larger than %d bytes", model.MaxFileSize))
		return nil, fileUnknown
	}
	ld.refused(at, p, err)
	return nil, fileUnknown
}

// refused reports, at the reference, a file the configuration names that slslint does
// not read: a link out of the repository, a named pipe, a directory. The message quotes
// the path as written and nothing of the target.
func (ld *loader) refused(at model.Range, p string, err error) {
	ld.problemAt(at, fmt.Sprintf("${file(%s)}: the path %s; it is not read and the value is unknown", p, repofile.Describe(err)), model.ProblemWarning)
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

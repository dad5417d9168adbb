package terraform

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// maxModuleDepth bounds how deeply local modules may instantiate each other.
const maxModuleDepth = 16

// maxInstances bounds the instances one count or for_each creates.
const maxInstances = 1000

// maxModuleInstances bounds the local module instances one root module creates in all,
// and maxLoadModuleInstances those of every root module of a load. Depth and per-call
// limits alone do not bound the total: a chain of modules that each call the next twice
// doubles at every level (17 levels made 65,536 instances, 94 s and 2.7 GB), and count
// multiplies it further. Real root modules create tens of instances, rarely hundreds.
const (
	maxModuleInstances     = 1000
	maxLoadModuleInstances = 10_000
)

// A moduleDef is a module directory's configuration: its .tf files' top-level blocks.
type moduleDef struct {
	dir, rel string
	files    []*parsedFile
	// variables, locals and outputs by name; locals keep their attribute.
	variables map[string]*hclsyntax.Block
	locals    map[string]*hclsyntax.Attribute
	outputs   map[string]*hclsyntax.Block
	// managed resources, data sources and module calls, in file and source order.
	managed, data, calls []*hclsyntax.Block
	// configuresDeployment is set when the directory has a provider block or a terraform
	// block with a backend or cloud block: what a root module has and a reusable one leaves
	// to its callers.
	configuresDeployment bool
}

// moduleDef reads the module in dir once. Its files are those given to Load or, for a
// local module outside the scanned paths, the *.tf files found in dir.
func (l *loader) moduleDef(dir string) *moduleDef {
	if d, ok := l.defs[dir]; ok {
		return d
	}
	rel, _ := l.rel(dir)
	if rel == "" {
		rel = "."
	}
	def := &moduleDef{dir: dir, rel: rel, variables: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{}, outputs: map[string]*hclsyntax.Block{}}
	l.defs[dir] = def
	var paths []model.Source
	if srcs, ok := l.dirFiles[dir]; ok {
		for _, s := range srcs {
			if s.Format == model.Terraform {
				paths = append(paths, s)
			}
		}
	} else if entries, err := l.repo.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.Type().IsRegular() && (strings.HasSuffix(e.Name(), ".tf") || isJSONConfig(e.Name())) {
				abs := filepath.Join(dir, e.Name())
				if r, ok := l.rel(abs); ok {
					paths = append(paths, model.Source{Format: model.Terraform, Abs: abs, Rel: r})
				}
			}
		}
	}
	sort.Slice(paths, func(i, j int) bool { return paths[i].Rel < paths[j].Rel })
	for _, p := range paths {
		pf := l.parse(p.Abs, p.Rel)
		def.files = append(def.files, pf)
		if pf.syntax == nil {
			continue
		}
		for _, b := range pf.syntax.Blocks {
			switch b.Type {
			case "variable":
				if len(b.Labels) == 1 {
					def.variables[b.Labels[0]] = b
				}
			case "locals":
				for name, a := range b.Body.Attributes {
					def.locals[name] = a
				}
			case "output":
				if len(b.Labels) == 1 {
					def.outputs[b.Labels[0]] = b
				}
			case "resource":
				if len(b.Labels) == 2 {
					def.managed = append(def.managed, b)
				}
			case "data":
				if len(b.Labels) == 2 {
					def.data = append(def.data, b)
				}
			case "module":
				if len(b.Labels) == 1 {
					def.calls = append(def.calls, b)
				}
			case "provider":
				def.configuresDeployment = true
			case "terraform":
				for _, inner := range b.Body.Blocks {
					if inner.Type == "backend" || inner.Type == "cloud" {
						def.configuresDeployment = true
					}
				}
			}
		}
	}
	return def
}

// reusable reports whether a directory that nothing in the scanned set calls reads like a
// module meant to be called rather than deployed: it requires inputs that have no default
// and that no variables file gives (vars), and it configures no provider, backend or
// cloud block.
func (d *moduleDef) reusable(vars map[string]varValue) bool {
	if d.configuresDeployment {
		return false
	}
	for name, v := range d.variables {
		if _, hasDefault := v.Body.Attributes["default"]; hasDefault {
			continue
		}
		if _, given := vars[name]; !given {
			return true
		}
	}
	return false
}

// source returns a module call's literal source.
func moduleSource(call *hclsyntax.Block) string {
	a, ok := call.Body.Attributes["source"]
	if !ok {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// localSource resolves a call of a local module (./x, ../x) to its directory inside the
// repository root.
func (d *moduleDef) localSource(call *hclsyntax.Block) (string, bool) {
	src := moduleSource(call)
	if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") && src != "." && src != ".." {
		return "", false
	}
	return filepath.Clean(filepath.Join(d.dir, filepath.FromSlash(src))), true
}

// isRegistryLambda reports whether a module source is terraform-aws-modules/lambda/aws,
// from the registry or its GitHub repository, without a subdirectory.
func isRegistryLambda(src string) bool {
	s := strings.ToLower(src)
	s = strings.TrimPrefix(s, "registry.terraform.io/")
	if s == "terraform-aws-modules/lambda/aws" {
		return true
	}
	s = strings.TrimPrefix(s, "git::")
	for _, p := range []string{"https://", "ssh://git@", "git@"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.Replace(s, "github.com:", "github.com/", 1)
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".git")
	return s == "github.com/terraform-aws-modules/terraform-aws-lambda"
}

// A projectState is what is known while one root module is read.
type projectState struct {
	l       *loader
	p       *model.Project
	rootDir string
	files   map[string]bool
	// instances are every module instance, the root first, in creation order.
	instances []*instance
	// byID indexes resource and data instances by address.
	byID map[string]*resInstance
	// lambdas are the registry lambda module instances.
	lambdas []*registryLambda
	// moduleInstances counts the local module instances created, against
	// maxModuleInstances.
	moduleInstances int
}

func (ps *projectState) addFile(rel string) {
	if !ps.files[rel] {
		ps.files[rel] = true
		ps.p.Files = append(ps.p.Files, rel)
	}
}

// An instance is one instance of a module: the root, or a local module called with inputs.
type instance struct {
	l    *loader
	ps   *projectState
	def  *moduleDef
	call *callInstance // nil for the root
	// prefix is the address prefix of its resources: "" or "module.api." ...
	prefix string
	// pathModule is path.module: the module directory relative to the root module's.
	pathModule string
	depth      int
	chain      []string

	vars      map[string]*memo
	locals    map[string]*memo
	outputs   map[string]*memo
	resources map[string]*resourceNode // "type.name"
	datas     map[string]*resourceNode // "type.name"
	calls     map[string]*moduleCall
	// order keeps resources, data sources and calls in source order.
	order []*resourceNode
	// rootVars are the root module's variable values from variables files.
	rootVars map[string]varValue
	// funcs are the functions expressions of the instance may call.
	funcs map[string]function.Function
}

// memo is a lazily evaluated value; state 1 means being evaluated (a cycle if re-entered).
type memo struct {
	state int8
	val   cty.Value
}

func (l *loader) loadRoot(dir string) {
	l.budget.remaining, l.budget.exhausted = perRootBudget, false
	def := l.moduleDef(dir)
	if len(def.files) == 0 {
		return
	}
	p := &model.Project{Format: model.Terraform, Name: def.rel, Path: def.rel,
		At: model.Range{File: def.files[0].rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}}
	ps := &projectState{l: l, p: p, rootDir: dir, files: map[string]bool{}, byID: map[string]*resInstance{}}
	for _, f := range def.files {
		ps.addFile(f.rel)
	}
	rootVars := map[string]varValue{}
	for _, src := range l.autoVarFiles(dir) {
		for k, v := range l.parseVarsFile(src.Abs, src.Rel) {
			rootVars[k] = v
		}
		ps.addFile(src.Rel)
	}
	for i, vals := range l.cliVars {
		for k, v := range vals {
			rootVars[k] = v
		}
		ps.addFile(l.cliVarFiles[i])
	}
	p.ReusableModule = def.reusable(rootVars)
	root := ps.newInstance(def, nil, "", ".", 0, []string{dir})
	root.rootVars = rootVars
	ps.expandAll()
	if l.budget.exhausted {
		l.problem(p.At, "evaluation of this root module exceeded its work budget; values computed after that are unknown")
	}
	adapt(ps)
	sort.Strings(p.Files)
	l.m.Projects = append(l.m.Projects, p)
}

// autoVarFiles lists the variables files Terraform loads automatically from a root
// module's directory, in its order of precedence (lowest first).
func (l *loader) autoVarFiles(dir string) []model.Source {
	var base, auto []model.Source
	for _, s := range l.dirFiles[dir] {
		if s.Format != model.TerraformVars {
			continue
		}
		name := filepath.Base(s.Abs)
		switch {
		case name == "terraform.tfvars":
			base = append([]model.Source{s}, base...)
		case name == "terraform.tfvars.json":
			base = append(base, s)
		case strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json"):
			auto = append(auto, s)
		}
	}
	sort.Slice(auto, func(i, j int) bool { return filepath.Base(auto[i].Abs) < filepath.Base(auto[j].Abs) })
	return append(base, auto...)
}

func (ps *projectState) newInstance(def *moduleDef, call *callInstance, prefix, pathModule string, depth int, chain []string) *instance {
	in := &instance{l: ps.l, ps: ps, def: def, call: call, prefix: prefix, pathModule: pathModule, depth: depth, chain: chain,
		vars: map[string]*memo{}, locals: map[string]*memo{}, outputs: map[string]*memo{},
		resources: map[string]*resourceNode{}, datas: map[string]*resourceNode{}, calls: map[string]*moduleCall{}}
	ps.instances = append(ps.instances, in)
	for _, f := range def.files {
		ps.addFile(f.rel)
	}
	for _, b := range def.managed {
		n := &resourceNode{inst: in, block: b, typ: b.Labels[0], name: b.Labels[1]}
		key := n.typ + "." + n.name
		if _, dup := in.resources[key]; dup {
			in.l.problem(toRange(b.DefRange()), "duplicate resource "+key)
			continue
		}
		in.resources[key] = n
		in.order = append(in.order, n)
	}
	for _, b := range def.data {
		n := &resourceNode{inst: in, block: b, typ: b.Labels[0], name: b.Labels[1], data: true}
		key := n.typ + "." + n.name
		if _, dup := in.datas[key]; dup {
			in.l.problem(toRange(b.DefRange()), "duplicate data source data."+key)
			continue
		}
		in.datas[key] = n
		in.order = append(in.order, n)
	}
	for _, b := range def.calls {
		c := &moduleCall{parent: in, block: b, name: b.Labels[0]}
		if _, dup := in.calls[c.name]; dup {
			in.l.problem(toRange(b.DefRange()), "duplicate module "+c.name)
			continue
		}
		in.calls[c.name] = c
	}
	return in
}

// scope returns the module-level scope of the instance.
func (in *instance) scope() *scope { return &scope{inst: in} }

// variable returns a variable's value in this instance.
func (in *instance) variable(name string) cty.Value {
	decl, ok := in.def.variables[name]
	if !ok {
		return cty.DynamicVal
	}
	m := in.vars[name]
	if m == nil {
		m = &memo{}
		in.vars[name] = m
	}
	if m.state == 2 {
		return m.val
	}
	if m.state == 1 {
		in.l.cycle(toRange(decl.DefRange()), "var."+name)
		return cty.DynamicVal
	}
	m.state = 1
	in.l.push("var." + name)
	m.val = in.evalVariable(decl, name)
	in.l.pop()
	m.state = 2
	return m.val
}

func (in *instance) evalVariable(decl *hclsyntax.Block, name string) cty.Value {
	ty := cty.DynamicPseudoType
	var defaults *typeexpr.Defaults
	if a, ok := decl.Body.Attributes["type"]; ok {
		t, d, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
		if !diags.HasErrors() {
			ty, defaults = t, d
		}
	}
	sensitive := false
	if a, ok := decl.Body.Attributes["sensitive"]; ok {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
			sensitive = v.True()
		}
	}
	nullable := true
	if a, ok := decl.Body.Attributes["nullable"]; ok {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
			nullable = v.True()
		}
	}
	var def cty.Value
	hasDefault := false
	if a, ok := decl.Body.Attributes["default"]; ok {
		v, diags := a.Expr.Value(nil)
		if !diags.HasErrors() {
			def, hasDefault = v, true
		}
	}
	var val cty.Value
	given := false
	if in.call != nil {
		if a, ok := in.call.call.block.Body.Attributes[name]; ok {
			val, given = in.call.scope.eval(a.Expr), true
		}
	} else if vv, ok := in.rootVars[name]; ok {
		val, given = vv.val, true
	}
	switch {
	case given && (!val.IsKnown() || !val.IsNull() || nullable || !hasDefault):
	case hasDefault:
		val = def
	default:
		val = cty.UnknownVal(ty)
	}
	if defaults != nil && val.IsWhollyKnown() && !val.ContainsMarked() {
		val = defaults.Apply(val)
	}
	if ty != cty.DynamicPseudoType {
		uv, marks := val.UnmarkDeepWithPaths()
		if cv, err := convert.Convert(uv, ty); err == nil {
			val = cv.MarkWithPaths(marks)
		}
	}
	if sensitive {
		val = val.Mark(secretMark{})
	}
	return val
}

// local returns a local value of this instance.
func (in *instance) local(name string) cty.Value {
	a, ok := in.def.locals[name]
	if !ok {
		return cty.DynamicVal
	}
	m := in.locals[name]
	if m == nil {
		m = &memo{}
		in.locals[name] = m
	}
	if m.state == 2 {
		return m.val
	}
	if m.state == 1 {
		in.l.cycle(toRange(a.SrcRange), "local."+name)
		return cty.DynamicVal
	}
	m.state = 1
	in.l.push("local." + name)
	m.val = in.scope().eval(a.Expr)
	in.l.pop()
	m.state = 2
	return m.val
}

// output returns an output value of this instance.
func (in *instance) output(name string) cty.Value {
	b, ok := in.def.outputs[name]
	if !ok {
		return cty.DynamicVal
	}
	a, ok := b.Body.Attributes["value"]
	if !ok {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	m := in.outputs[name]
	if m == nil {
		m = &memo{}
		in.outputs[name] = m
	}
	if m.state == 2 {
		return m.val
	}
	if m.state == 1 {
		in.l.cycle(toRange(b.DefRange()), in.prefix+"output."+name)
		return cty.DynamicVal
	}
	m.state = 1
	in.l.push(strings.TrimSuffix(in.prefix, ".") + " output." + name)
	m.val = in.scope().eval(a.Expr)
	in.l.pop()
	m.state = 2
	return m.val
}

func (l *loader) push(what string) { l.stack = append(l.stack, what) }
func (l *loader) pop()             { l.stack = l.stack[:len(l.stack)-1] }

// cycle reports a reference cycle that closes at what, at r.
func (l *loader) cycle(r model.Range, what string) {
	start := len(l.stack) - 1
	for start >= 0 && l.stack[start] != what {
		start--
	}
	chain := append([]string{}, l.stack[max(start, 0):]...)
	chain = append(chain, what)
	l.problem(r, "reference cycle: "+strings.Join(chain, " → ")+"; the values in the cycle are unknown")
}

// A resourceNode is one resource or data block of a module instance, with its instances.
type resourceNode struct {
	inst      *instance
	block     *hclsyntax.Block
	typ, name string
	data      bool

	state     int8
	keyed     keyKind
	instances []*resInstance
}

type keyKind int8

const (
	keySingle  keyKind = iota // no count or for_each
	keyCount                  // count with a known value
	keyForEach                // for_each with known keys
	keyUnknown                // count or for_each that could not be resolved: one unindexed instance
)

// address returns the node's address without instance key.
func (n *resourceNode) address() string {
	if n.data {
		return n.inst.prefix + "data." + n.typ + "." + n.name
	}
	return n.inst.prefix + n.typ + "." + n.name
}

// expand resolves count/for_each into instances, once.
func (n *resourceNode) expand() []*resInstance {
	if n.state == 2 {
		return n.instances
	}
	if n.state == 1 {
		n.inst.l.cycle(toRange(n.block.DefRange()), n.address())
		return nil
	}
	n.state = 1
	n.inst.l.push(n.address())
	kind, keys := n.inst.expansion(n.block.Body, n.address())
	n.inst.l.pop()
	n.keyed = kind
	for _, k := range keys {
		ri := &resInstance{node: n, key: k, id: n.address() + keySuffix(kind, k), attrs: map[string]*memo{}}
		ri.scope = n.inst.instanceScope(kind, k)
		n.instances = append(n.instances, ri)
		n.inst.ps.byID[ri.id] = ri
	}
	n.state = 2
	return n.instances
}

// expansion evaluates a block's count or for_each in the module scope.
func (in *instance) expansion(body *hclsyntax.Body, what string) (keyKind, []cty.Value) {
	s := in.scope()
	if a, ok := body.Attributes["count"]; ok {
		v, _ := s.eval(a.Expr).UnmarkDeep()
		if !v.IsKnown() || v.IsNull() {
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		nv, err := convert.Convert(v, cty.Number)
		if err != nil {
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		bf := nv.AsBigFloat()
		n, acc := bf.Int64()
		if acc != 0 || n < 0 {
			in.l.problem(toRange(a.Expr.Range()), "count must be a non-negative whole number")
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		if n > maxInstances {
			in.l.problem(toRange(a.Expr.Range()), "count of "+what+" exceeds the loader's limit of 1000 instances; it is read as one instance with unknown index")
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		keys := make([]cty.Value, n)
		for i := range keys {
			keys[i] = cty.NumberIntVal(int64(i))
		}
		return keyCount, keys
	}
	if a, ok := body.Attributes["for_each"]; ok {
		v, _ := s.eval(a.Expr).UnmarkDeep()
		if !v.IsKnown() || v.IsNull() {
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		ty := v.Type()
		var keys []cty.Value
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, ev := it.Element()
				keys = append(keys, cty.TupleVal([]cty.Value{k, ev}))
			}
		case ty.IsSetType():
			if !v.IsWhollyKnown() {
				return keyUnknown, []cty.Value{cty.NilVal}
			}
			for it := v.ElementIterator(); it.Next(); {
				_, ev := it.Element()
				sv, err := convert.Convert(ev, cty.String)
				if err != nil || sv.IsNull() {
					return keyUnknown, []cty.Value{cty.NilVal}
				}
				keys = append(keys, cty.TupleVal([]cty.Value{sv, sv}))
			}
		default:
			in.l.problem(toRange(a.Expr.Range()), "for_each must be a map or a set of strings")
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		if len(keys) > maxInstances {
			in.l.problem(toRange(a.Expr.Range()), "for_each of "+what+" exceeds the loader's limit of 1000 instances; it is read as one instance with unknown key")
			return keyUnknown, []cty.Value{cty.NilVal}
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i].Index(cty.NumberIntVal(0)).AsString() < keys[j].Index(cty.NumberIntVal(0)).AsString()
		})
		return keyForEach, keys
	}
	return keySingle, []cty.Value{cty.NilVal}
}

// instanceScope is the scope of one instance of a counted or for_each block.
func (in *instance) instanceScope(kind keyKind, key cty.Value) *scope {
	s := &scope{inst: in}
	switch kind {
	case keyCount:
		s.count = key
	case keyForEach:
		s.each = &eachVals{key: key.Index(cty.NumberIntVal(0)), value: key.Index(cty.NumberIntVal(1))}
	case keyUnknown:
		s.count = cty.UnknownVal(cty.Number)
		s.each = &eachVals{key: cty.UnknownVal(cty.String), value: cty.DynamicVal}
	}
	return s
}

// keySuffix is the address suffix of an instance: [0] or ["key"].
func keySuffix(kind keyKind, key cty.Value) string {
	switch kind {
	case keyCount:
		bf := key.AsBigFloat()
		n, _ := bf.Int64()
		return "[" + itoa(int(n)) + "]"
	case keyForEach:
		return "[" + quote(key.Index(cty.NumberIntVal(0)).AsString()) + "]"
	}
	return ""
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// A resInstance is one instance of a resource or data source.
type resInstance struct {
	node  *resourceNode
	key   cty.Value
	id    string
	scope *scope
	attrs map[string]*memo
}

func (ri *resInstance) instanceKey() cty.Value { return ri.key }

// body returns the instance's configuration body.
func (ri *resInstance) body() *hclsyntax.Body { return ri.node.block.Body }

// view returns the instance's body as a block view.
func (ri *resInstance) view() blockView {
	return blockView{body: ri.node.block.Body, at: toRange(ri.node.block.DefRange()), s: ri.scope}
}

func (ri *resInstance) mark() any {
	if ri.node.data {
		return dataMark{id: ri.id, typ: ri.node.typ}
	}
	return refMark{id: ri.id}
}

// attr returns the value of one attribute of the instance as other expressions see it.
func (ri *resInstance) attr(name string) cty.Value {
	m := ri.attrs[name]
	if m == nil {
		m = &memo{}
		ri.attrs[name] = m
	}
	if m.state == 2 {
		return m.val
	}
	if m.state == 1 {
		ri.node.inst.l.cycle(toRange(ri.node.block.DefRange()), ri.id+"."+name)
		return cty.DynamicVal.Mark(ri.mark())
	}
	m.state = 1
	ri.node.inst.l.push(ri.id + "." + name)
	m.val = ri.computeAttr(name)
	ri.node.inst.l.pop()
	m.state = 2
	return m.val
}

func (ri *resInstance) computeAttr(name string) cty.Value {
	v := cty.DynamicVal
	if a, ok := ri.body().Attributes[name]; ok && name != "count" && name != "for_each" {
		v = ri.scope.eval(a.Expr)
	} else if alias, ok := idAliases[ri.node.typ]; ok && name == "id" {
		if _, set := ri.body().Attributes[alias]; set {
			return ri.attr(alias)
		}
		v = unknownString
	} else if computedStrings[name] {
		v = unknownString
	}
	v = markFrom(v, ri.mark())
	if secretAttrs[ri.node.typ+"."+name] {
		v = v.Mark(secretMark{})
	}
	return v
}

// unknownString is a computed string attribute: unknown, but never null, so that
// count = aws_sqs_queue.q.arn == null ? 0 : 1 still resolves, as it does in a plan.
var unknownString = cty.UnknownVal(cty.String).RefineNotNull()

// computedStrings are attributes that providers compute as non-null strings.
var computedStrings = map[string]bool{
	"arn": true, "id": true, "invoke_arn": true, "qualified_arn": true, "qualified_invoke_arn": true, "url": true,
	"execution_arn": true, "api_endpoint": true, "stream_arn": true, "root_resource_id": true, "version": true,
	"json": true, "minified_json": true, "output_base64sha256": true, "output_md5": true, "output_sha": true,
	"function_url": true, "unique_id": true, "account_id": true,
}

// idAliases are resource types whose id is one of their configured attributes.
var idAliases = map[string]string{
	"aws_lambda_function":       "function_name",
	"aws_s3_bucket":             "bucket",
	"aws_iam_role":              "name",
	"aws_iam_policy":            "arn",
	"aws_dynamodb_table":        "name",
	"aws_cloudwatch_log_group":  "name",
	"aws_kinesis_stream":        "name",
	"aws_cloudwatch_event_rule": "name",
}

// secretAttrs are attributes whose values are secrets.
var secretAttrs = map[string]bool{
	"random_password.result":                          true,
	"aws_secretsmanager_secret_version.secret_string": true,
	"aws_ssm_parameter.value":                         true,
	"aws_secretsmanager_secret_version.secret_binary": true,
	"aws_iam_access_key.secret":                       true,
}

// commonComputed are attributes included when a whole resource instance is referenced
// (for_each = aws_lambda_function.fns): the usual computed ones, unknown.
var commonComputed = []string{"arn", "id", "invoke_arn", "qualified_arn", "qualified_invoke_arn", "version", "url",
	"execution_arn", "api_endpoint", "stream_arn", "root_resource_id", "name", "function_name", "bucket", "json"}

// object returns the instance as an object holding the requested attributes (all
// configured ones plus commonComputed when all is set).
func (ri *resInstance) object(req *attrRequest) cty.Value {
	attrs := map[string]cty.Value{}
	if req.all {
		for name := range ri.body().Attributes {
			if name != "count" && name != "for_each" && name != "provider" && name != "depends_on" && name != "lifecycle" {
				attrs[name] = ri.attr(name)
			}
		}
		for _, name := range commonComputed {
			if _, ok := attrs[name]; !ok {
				attrs[name] = ri.attr(name)
			}
		}
	}
	for name := range req.attrs {
		if _, ok := attrs[name]; !ok {
			attrs[name] = ri.attr(name)
		}
	}
	return cty.ObjectVal(attrs)
}

// value returns the node as references see it: one object, a tuple of counted instances,
// an object of for_each instances, or an unknown value when the instances are unknown.
func (n *resourceNode) value(req *attrRequest) cty.Value {
	insts := n.expand()
	if n.keyed == keyUnknown {
		if len(insts) == 1 {
			return cty.DynamicVal.Mark(insts[0].mark())
		}
		return cty.DynamicVal
	}
	return expandedValue(n.keyed, insts, req)
}

// An expandedInstance is one instance of a counted or for_each block: a resource's or a
// module call's.
type expandedInstance interface {
	object(req *attrRequest) cty.Value
	instanceKey() cty.Value
}

// expandedValue is the value references see for a block expanded into insts: its one
// object, a tuple of counted instances, or an object of for_each instances keyed by their
// keys; unknown in any other case.
func expandedValue[I expandedInstance](keyed keyKind, insts []I, req *attrRequest) cty.Value {
	switch keyed {
	case keySingle:
		if len(insts) == 1 {
			return insts[0].object(req)
		}
	case keyCount:
		if len(insts) == 0 {
			return cty.EmptyTupleVal
		}
		vals := make([]cty.Value, len(insts))
		for i, inst := range insts {
			vals[i] = inst.object(req)
		}
		return cty.TupleVal(vals)
	case keyForEach:
		if len(insts) == 0 {
			return cty.EmptyObjectVal
		}
		vals := map[string]cty.Value{}
		for _, inst := range insts {
			vals[inst.instanceKey().Index(cty.NumberIntVal(0)).AsString()] = inst.object(req)
		}
		return cty.ObjectVal(vals)
	}
	return cty.DynamicVal
}

// A moduleCall is a module block of an instance.
type moduleCall struct {
	parent *instance
	block  *hclsyntax.Block
	name   string

	state     int8
	keyed     keyKind
	instances []*callInstance
}

// A callInstance is one instance of a module call.
type callInstance struct {
	call   *moduleCall
	key    cty.Value
	prefix string
	// scope is the caller's scope for this instance (with count.index / each).
	scope  *scope
	child  *instance       // a local module
	lambda *registryLambda // terraform-aws-modules/lambda/aws
}

func (ci *callInstance) instanceKey() cty.Value { return ci.key }

func (c *moduleCall) address() string { return c.parent.prefix + "module." + c.name }

// expand resolves the call's count/for_each and instantiates the module, once.
func (c *moduleCall) expand() []*callInstance {
	if c.state == 2 {
		return c.instances
	}
	l := c.parent.l
	if c.state == 1 {
		l.cycle(toRange(c.block.DefRange()), c.address())
		return nil
	}
	c.state = 1
	l.push(c.address())
	kind, keys := c.parent.expansion(c.block.Body, c.address())
	c.keyed = kind
	src := moduleSource(c.block)
	for _, k := range keys {
		ci := &callInstance{call: c, key: k, prefix: c.address() + keySuffix(kind, k) + ".", scope: c.parent.instanceScope(kind, k)}
		c.instances = append(c.instances, ci)
		switch {
		case isRegistryLambda(src):
			ci.lambda = newRegistryLambda(ci)
		default:
			dir, local := c.parent.def.localSource(c.block)
			if !local {
				continue
			}
			if _, inside := l.rel(dir); !inside {
				l.problem(toRange(c.block.Body.Attributes["source"].Expr.Range()), "module source is outside the repository root and is not read")
				continue
			}
			if l.linksOut(dir) {
				// The check above is lexical: a source directory (or a directory on its
				// way) may be a link out of the repository.
				l.problemAt(toRange(c.block.Body.Attributes["source"].Expr.Range()), "module source "+quote(src)+" resolves outside the repository through a symbolic link; the module is not read", model.ProblemWarning)
				continue
			}
			if c.parent.depth+1 > maxModuleDepth {
				l.problem(toRange(c.block.DefRange()), "modules nest deeper than 16 levels; module "+c.name+" is not read")
				continue
			}
			cyclic := false
			for _, d := range c.parent.chain {
				if d == dir {
					cyclic = true
				}
			}
			if cyclic {
				l.problem(toRange(c.block.DefRange()), "module "+c.name+" instantiates itself (directly or through other modules); it is not read again")
				continue
			}
			def := l.moduleDef(dir)
			if len(def.files) == 0 {
				l.problem(toRange(c.block.Body.Attributes["source"].Expr.Range()), "module source "+quote(src)+" has no .tf files")
				continue
			}
			if msg, ok := c.parent.ps.spendModuleInstance(); !ok {
				l.problem(toRange(c.block.DefRange()), msg+"; module "+c.name+" is not read here, and its outputs are unknown")
				continue
			}
			pm := relPath(c.parent.ps.rootDir, dir)
			chain := append(append([]string{}, c.parent.chain...), dir)
			ci.child = c.parent.ps.newInstance(def, ci, ci.prefix, pm, c.parent.depth+1, chain)
		}
	}
	l.pop()
	c.state = 2
	return c.instances
}

// linksOut reports, once per directory, whether a module directory that lies inside the
// root as written resolves outside it through a symbolic link.
func (l *loader) linksOut(dir string) bool {
	out, ok := l.outside[dir]
	if !ok {
		_, err := l.repo.Resolve(dir)
		out = errors.Is(err, repofile.ErrOutside)
		if l.outside == nil {
			l.outside = map[string]bool{}
		}
		l.outside[dir] = out
	}
	return out
}

// spendModuleInstance counts one more local module instance against the root module's and
// the load's budgets, or says which is spent.
func (ps *projectState) spendModuleInstance() (string, bool) {
	switch {
	case ps.moduleInstances >= maxModuleInstances:
		return "root module " + ps.p.Name + " creates more than " + itoa(maxModuleInstances) + " local module instances (modules calling modules, multiplied by count and for_each)", false
	case ps.l.moduleInstances >= maxLoadModuleInstances:
		return "the root modules of this run create more than " + itoa(maxLoadModuleInstances) + " local module instances in all", false
	}
	ps.moduleInstances++
	ps.l.moduleInstances++
	return "", true
}

// relPath is dir relative to base, with forward slashes (path.module).
func relPath(base, dir string) string {
	r, err := filepath.Rel(base, dir)
	if err != nil {
		return filepath.ToSlash(dir)
	}
	return filepath.ToSlash(r)
}

// output returns an output of one instance of the call.
func (ci *callInstance) output(name string) cty.Value {
	switch {
	case ci.child != nil:
		if _, ok := ci.child.def.outputs[name]; !ok {
			return cty.DynamicVal
		}
		return ci.child.output(name)
	case ci.lambda != nil:
		return ci.lambda.output(name)
	}
	return cty.DynamicVal
}

func (ci *callInstance) object(req *attrRequest) cty.Value {
	attrs := map[string]cty.Value{}
	if req.all && ci.child != nil {
		for name := range ci.child.def.outputs {
			attrs[name] = ci.output(name)
		}
	}
	if req.all && ci.child == nil {
		return cty.DynamicVal
	}
	for name := range req.attrs {
		attrs[name] = ci.output(name)
	}
	return cty.ObjectVal(attrs)
}

func (c *moduleCall) value(req *attrRequest) cty.Value {
	return expandedValue(c.keyed, c.expand(), req)
}

// expandAll instantiates every module and resource of the project and evaluates every
// local (so that cycles among locals are found even when nothing reads them).
func (ps *projectState) expandAll() {
	for i := 0; i < len(ps.instances); i++ {
		in := ps.instances[i]
		names := make([]string, 0, len(in.calls))
		for name := range in.calls {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			in.calls[name].expand()
		}
	}
	for _, in := range ps.instances {
		for _, n := range in.order {
			n.expand()
		}
		names := make([]string, 0, len(in.def.locals))
		for name := range in.def.locals {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			in.local(name)
		}
	}
}

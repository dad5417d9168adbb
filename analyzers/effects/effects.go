package effects

import (
	_ "embed"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/analyzers/internal/importspec"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer computes effect summaries.
var Analyzer = New()

// New returns a new instance of the analyzer.
func New() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "effects",
		Doc:              analyzerdoc.Extract(doc, "effects"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#effects",
		Run:              run,
		RunDespiteErrors: true,
		FactTypes:        []analysis.Fact{new(Summary), new(Init), new(ValueFlow)},
		ResultType:       reflect.TypeFor[*Result](),
	}
}

// Limits that keep summaries small and the fixpoint short.
const (
	// MaxPerKind bounds the effects of one kind in a summary; the shortest paths win.
	MaxPerKind = 32
	// maxPath bounds a witness path; longer ones are dropped.
	maxPath = 32
	// maxRounds bounds the package-local fixpoint (it converges much sooner).
	maxRounds = 64
)

// Result is what the analyzer returns for a package: the summaries of its functions and
// literals, its initialization's effects, and the origins of values it can see. It is nil
// for packages that are not in scope (see InScope).
type Result struct {
	s             *scanner
	init          []Effect
	selfNameCache map[string]bool

	// What Resolve has learned (dynamic.go), guarded by mu: the analyzers that share
	// the Result may run in parallel.
	mu        sync.Mutex
	implCache map[string][]*types.Func
	visible   []*types.Package
	typesUsed map[*types.TypeName]bool
}

func run(pass *analysis.Pass) (any, error) {
	if !InScope(pass) {
		return (*Result)(nil), nil
	}
	s := newScanner(pass)
	s.scan()
	s.fixpoint()
	s.exportValueFlows()

	for _, n := range s.nodes {
		// Only exported functions and methods can be called from other packages, the only
		// readers of facts; this package's own analyzers read the Result.
		if n.fn == nil || s.byFunc[n.fn] != n || !n.fn.Exported() {
			continue
		}
		sum := s.summary(n)
		if len(sum.Effects) > 0 || sum.Recovers || len(sum.Returned) > 0 {
			pass.ExportObjectFact(n.fn, sum)
		}
	}
	r := &Result{s: s, init: s.initEffects()}
	if len(r.init) > 0 {
		pass.ExportPackageFact(&Init{Effects: r.init})
	}
	return r, nil
}

// fixpoint grows every node's effects from its own and its callees' until nothing changes.
// A node whose callees in this package have not changed since it was last computed would
// compute the same effects again, so it is skipped: the result is the same as recomputing
// every node every round, without the allocations (the prefixed paths) of the rounds that
// change nothing.
func (s *scanner) fixpoint() {
	var version int               // counts changes of any node's effects
	changedAt := map[*node]int{}  // the version at which a node's effects last changed
	computedAt := map[*node]int{} // the version when a node was last computed
	stale := func(n *node) bool {
		at, ok := computedAt[n]
		if !ok {
			return true
		}
		for _, ed := range n.edges {
			if m := s.resolve(ed.to); m != nil && changedAt[m] > at {
				return true
			}
		}
		return false
	}
	for round := 0; round < maxRounds; round++ {
		changed := false
		for _, n := range s.nodes {
			if !stale(n) {
				continue
			}
			computedAt[n] = version
			next := s.compute(n)
			if !sameEffects(n.effects, next) {
				n.effects = next
				version++
				changedAt[n] = version
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// compute is one step of the fixpoint for n.
func (s *scanner) compute(n *node) []Effect {
	set := newEffectSet()
	for _, e := range n.local {
		set.add(e)
	}
	for _, ed := range n.edges {
		for _, e := range s.targetEffects(ed.to) {
			if s.exec.drops(ed, &e) {
				continue
			}
			if pe, ok := prefix(ed, e); ok {
				set.add(pe)
			}
		}
	}
	out := set.list()
	if n.defersRecover {
		kept := out[:0]
		for _, e := range out {
			if e.Kind != Panic || e.InGoroutine {
				kept = append(kept, e)
			}
		}
		out = kept
	}
	return bound(out)
}

func (s *scanner) targetEffects(t target) []Effect {
	if n := s.resolve(t); n != nil {
		return n.effects
	}
	if t.ext != nil {
		if sum := s.fact(t.ext); sum != nil {
			return sum.Effects
		}
	}
	return nil
}

// prefix extends a callee's effect with the edge's step, resolving a parameter-named
// environment variable with the argument the call passes.
func prefix(ed *edge, e Effect) (Effect, bool) {
	if len(e.Path) >= maxPath {
		return Effect{}, false
	}
	out := e
	out.Path = make([]Step, 0, len(e.Path)+1)
	out.Path = append(out.Path, ed.step)
	out.Path = append(out.Path, e.Path...)
	out.Returned = false
	if ed.step.Go {
		out.InGoroutine = true
	}
	if e.Param > 0 {
		if e.Param > len(ed.args) {
			return Effect{}, false
		}
		a := ed.args[e.Param-1]
		switch {
		case a.isConst:
			out.Detail, out.Param = a.constant, 0
		case a.param > 0:
			out.Param = a.param
		default:
			return Effect{}, false
		}
	}
	resolveAtEdge(ed, &out)
	if out.Kind == Setup || out.Kind == GlobalGrowth && out.Exec.Memo {
		out.Exec = originAt(ed, out.Exec)
		if out.Kind == GlobalGrowth && out.Exec.FromParam <= 0 {
			return Effect{}, false // a memo keyed by fixed values is bounded
		}
	}
	return out, true
}

// summary is the fact for a declared function.
func (s *scanner) summary(n *node) *Summary {
	sum := &Summary{Effects: n.effects, Recovers: n.recovers}
	set := newEffectSet()
	for _, ed := range n.returns {
		for _, e := range s.targetEffects(ed.to) {
			// Paths of returned functions start at the returned value itself.
			if pe, ok := prefix(&edge{step: ed.step}, e); ok {
				set.add(pe)
			}
		}
	}
	sum.Returned = bound(set.list())
	return sum
}

// initEffects are the effects of initializing the package: its variable initializers, its
// init functions and the initialization of the analyzed packages it imports.
func (s *scanner) initEffects() []Effect {
	set := newEffectSet()
	for _, e := range s.initN.effects {
		set.add(e)
	}
	for _, n := range s.inits {
		st := Step{Callee: "init", Pkg: s.pass.Pkg.Name(), PkgPath: s.pass.Pkg.Path(), At: s.pos(n.fn.Pos(), n.fn.Pos())}
		for _, e := range n.effects {
			if pe, ok := prefix(&edge{step: st}, e); ok {
				set.add(pe)
			}
		}
	}
	for _, f := range s.pass.Files {
		for _, spec := range f.Imports {
			pkg := importspec.Package(s.pass.TypesInfo, s.pass.Pkg, spec)
			if pkg == nil {
				continue
			}
			var fact Init
			if !s.pass.ImportPackageFact(pkg, &fact) {
				continue
			}
			st := Step{Callee: pkg.Name() + " initialization", Pkg: pkg.Name(), PkgPath: pkg.Path(), At: s.pos(spec.Pos(), spec.End())}
			for _, e := range fact.Effects {
				if pe, ok := prefix(&edge{step: st}, e); ok {
					set.add(pe)
				}
			}
		}
	}
	return bound(set.list())
}

// effectSet keeps one witness per effect key, the one with the shortest path.
type effectSet struct {
	byKey map[string]int
	items []Effect
}

func newEffectSet() *effectSet { return &effectSet{byKey: map[string]int{}} }

func (s *effectSet) add(e Effect) {
	k := e.key()
	if i, ok := s.byKey[k]; ok {
		if len(e.Path) < len(s.items[i].Path) {
			s.items[i] = e
		}
		return
	}
	s.byKey[k] = len(s.items)
	s.items = append(s.items, e)
}

func (s *effectSet) list() []Effect { return s.items }

// bound sorts effects (kind, path length, position) and keeps MaxPerKind of each kind.
func bound(es []Effect) []Effect {
	sort.SliceStable(es, func(i, j int) bool { return lessEffect(&es[i], &es[j]) })
	out := es[:0]
	count := map[Kind]int{}
	for _, e := range es {
		if count[e.Kind] < MaxPerKind {
			count[e.Kind]++
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func lessEffect(a, b *Effect) bool {
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	if len(a.Path) != len(b.Path) {
		return len(a.Path) < len(b.Path)
	}
	pa, pb := a.At(), b.At()
	if pa.File != pb.File {
		return pa.File < pb.File
	}
	if pa.Line != pb.Line {
		return pa.Line < pb.Line
	}
	if pa.Col != pb.Col {
		return pa.Col < pb.Col
	}
	return a.key() < b.key()
}

func sameEffects(a, b []Effect) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i].Path) != len(b[i].Path) || a[i].key() != b[i].key() || a[i].InGoroutine != b[i].InGoroutine {
			return false
		}
	}
	return true
}

// Func returns the summary of fn: computed here for this package's functions, imported as
// a fact for other analyzed packages' functions, nil when nothing is known (no effect, or
// a function outside the analyzed code).
func (r *Result) Func(fn *types.Func) *Summary {
	if r == nil || fn == nil {
		return nil
	}
	fn = fn.Origin()
	if n := r.s.byFunc[fn]; n != nil {
		return r.s.summary(n)
	}
	return r.s.fact(fn)
}

// Lit returns the summary of a function literal of this package.
func (r *Result) Lit(lit *ast.FuncLit) *Summary {
	if r == nil {
		return nil
	}
	if n := r.s.byLit[lit]; n != nil {
		return r.s.summary(n)
	}
	return nil
}

// LitName is the display name of a function literal of this package ("Handle.func1", or
// the variable's name for `var handler = func(...)`).
func (r *Result) LitName(lit *ast.FuncLit) string {
	if r != nil {
		if n := r.s.byLit[lit]; n != nil {
			return n.name
		}
	}
	return "func literal"
}

// FuncName is the display name of a function: "process", "Store.Save".
func FuncName(fn *types.Func) string { return funcName(fn) }

// Init returns the effects of initializing the package (see the Init fact).
func (r *Result) Init() []Effect {
	if r == nil {
		return nil
	}
	return r.init
}

// Assigned returns the expressions the package assigns to a variable or struct field, for
// analyzers that need to see where a value comes from.
func (r *Result) Assigned(obj types.Object) []ast.Expr {
	if r == nil {
		return nil
	}
	var out []ast.Expr
	for _, a := range r.s.index.of(obj) {
		if a.tuple < 0 {
			out = append(out, a.expr)
		}
	}
	return out
}

// SelfNameField reports whether this package assigns the running function's own name to
// the struct field key ("pkg/path.Type.field"), the Effect.NameField of an Invoke whose
// origin the callee's package could not see.
func (r *Result) SelfNameField(key string) bool {
	if r == nil || key == "" {
		return false
	}
	if r.selfNameCache == nil {
		r.selfNameCache = r.s.selfNameFields()
	}
	return r.selfNameCache[key]
}

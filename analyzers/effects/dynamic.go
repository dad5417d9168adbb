package effects

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/slslint/slslint/analyzers/internal/ownmodule"
)

// Calls through interfaces of the analyzed module whose implementation is wired elsewhere
// (ports and adapters: the handler calls a Notifier, main passes it an SNS adapter). Where
// the call is made nothing says what runs, so it is recorded as a Dynamic effect; the
// package that registers the handler usually imports every adapter, and Result.Resolve
// replaces the Dynamic effect there with the effects of the implementations it sees.

// maxImplementations bounds the implementations a Dynamic call is resolved to: more are
// a plugin point, not a port with one adapter (and a mock or two).
const maxImplementations = 4

// maxResolveDepth bounds the nesting of Dynamic calls resolved through implementations.
const maxResolveDepth = 4

// dynamicCall records a call of an interface method that concreteMethods could not resolve,
// when the interface is declared in the analyzed module.
func (s *scanner) dynamicCall(n *node, call *ast.CallExpr, sel *ast.SelectorExpr, fn *types.Func, inGo bool) {
	selection := s.info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return
	}
	named := namedOf(selection.Recv())
	if named == nil || named.TypeArgs().Len() > 0 || !types.IsInterface(named) {
		return
	}
	obj := named.Obj()
	if obj.Pkg() == nil || !ownmodule.Same(s.pass, obj.Pkg().Path()) {
		return
	}
	op := obj.Name() + "." + fn.Name()
	s.dynamics = append(s.dynamics, pendingInvoke{n: n, idx: len(n.local), call: call})
	n.local = append(n.local, Effect{Kind: Dynamic, Op: op, Callee: fn.FullName(), Detail: obj.Pkg().Path() + "." + obj.Name(),
		InGoroutine: inGo, Idem: &Idempotency{},
		Path: []Step{{Callee: op, Pkg: obj.Pkg().Name(), PkgPath: obj.Pkg().Path(), At: s.pos(call.Pos(), call.End()), Go: inGo}}})
}

func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// Resolve returns es with each Dynamic effect replaced by the effects of the
// implementations of its interface method that this package can see (its own and those
// of the analyzed module's packages it imports, directly or not; only those whose type
// this package names, when it names some: main names the adapters it wires), when there
// are one to maxImplementations of them; their effects' paths go through the implementation, and
// their Impl names its package. A Dynamic effect with no or too many implementations in
// sight stays. Parameter-dependent details of the implementations' effects (an environment
// variable named by a parameter, key origins, set-up arguments) are not known through the
// interface and are dropped.
func (r *Result) Resolve(es []Effect) []Effect {
	if r == nil {
		return es
	}
	has := false
	for i := range es {
		if es[i].Kind == Dynamic {
			has = true
			break
		}
	}
	if !has {
		return es
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	set := newEffectSet()
	for _, e := range es {
		if e.Kind == Dynamic {
			r.expand(e, "", 0, set)
		} else {
			set.add(e)
		}
	}
	return bound(set.list())
}

func (r *Result) expand(d Effect, impl string, depth int, set *effectSet) {
	methods := r.implementations(d)
	if len(methods) == 0 || depth >= maxResolveDepth {
		d.Impl = impl
		set.add(d)
		return
	}
	for _, m := range methods {
		sum := r.Func(m)
		if sum == nil {
			continue
		}
		via := impl
		if via == "" {
			via = m.Pkg().Path()
		}
		for _, ie := range sum.Effects {
			se, ok := splice(d, m, ie)
			if !ok {
				continue
			}
			if se.Kind == Dynamic {
				r.expand(se, via, depth+1, set)
				continue
			}
			se.Impl = via
			set.add(se)
		}
	}
}

// splice is ie, an effect of implementation m, as reached through the Dynamic call d.
func splice(d Effect, m *types.Func, ie Effect) (Effect, bool) {
	if ie.Param > 0 || len(d.Path)+len(ie.Path) > maxPath {
		return Effect{}, false
	}
	last := d.Path[len(d.Path)-1]
	out := ie
	out.Path = make([]Step, 0, len(d.Path)+len(ie.Path))
	out.Path = append(out.Path, d.Path[:len(d.Path)-1]...)
	out.Path = append(out.Path, Step{Callee: funcName(m), Pkg: m.Pkg().Name(), PkgPath: m.Pkg().Path(), At: last.At, Go: last.Go})
	out.Path = append(out.Path, ie.Path...)
	out.InGoroutine = d.InGoroutine || ie.InGoroutine
	out.Returned = false
	if out.Kind == Setup || out.Kind == GlobalGrowth && out.Exec.Memo {
		if out.Exec.FromParam > 0 {
			if out.Kind == GlobalGrowth {
				return Effect{}, false // a memo keyed by what the caller passes: not known
			}
			out.Exec.FromParam, out.Exec.FromDepth = fromUnknown, 0
		}
	}
	if ie.Idem != nil {
		idem := *ie.Idem
		var keys []KeyOrigin
		for _, k := range idem.Keys {
			if k.Source != "" {
				keys = append(keys, k)
			}
		}
		idem.Keys = keys
		if d.Idem != nil && d.Idem.Guarded {
			idem.Guarded = true
		}
		out.Idem = &idem
	}
	return out, true
}

// implementations returns the methods that implement a Dynamic effect's interface method
// among the named types of this package and of the analyzed module's packages it imports;
// nil when there are none or more than maxImplementations.
func (r *Result) implementations(d Effect) []*types.Func {
	if r.implCache == nil {
		r.implCache = map[string][]*types.Func{}
	}
	key := d.Detail + "\x00" + d.Callee
	if ms, ok := r.implCache[key]; ok {
		return ms
	}
	var out []*types.Func
	iface, method := r.lookupInterface(d)
	if iface != nil {
		seen := map[*types.Func]bool{}
		for _, pkg := range r.modulePackages() {
			scope := pkg.Scope()
			for _, name := range scope.Names() {
				tn, ok := scope.Lookup(name).(*types.TypeName)
				if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
					continue
				}
				if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
					continue
				}
				var recv types.Type
				switch {
				case types.Implements(tn.Type(), iface):
					recv = tn.Type()
				case types.Implements(types.NewPointer(tn.Type()), iface):
					recv = types.NewPointer(tn.Type())
				default:
					continue
				}
				obj, _, _ := types.LookupFieldOrMethod(recv, true, pkg, method)
				if fn, ok := obj.(*types.Func); ok && !seen[fn.Origin()] {
					seen[fn.Origin()] = true
					out = append(out, fn.Origin())
				}
			}
		}
	}
	// The package that wires the adapters names the ones it uses (a constructor's result,
	// a composite literal): when it names some, the others are not this binary's.
	var named []*types.Func
	for _, fn := range out {
		if r.mentions(recvTypeName(fn)) {
			named = append(named, fn)
		}
	}
	if len(named) > 0 {
		out = named
	}
	if len(out) > maxImplementations {
		out = nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FullName() < out[j].FullName() })
	r.implCache[key] = out
	return out
}

// recvTypeName is the type name of a method's receiver.
func recvTypeName(fn *types.Func) *types.TypeName {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	if n := namedOf(sig.Recv().Type()); n != nil {
		return n.Origin().Obj()
	}
	return nil
}

// mentions says an expression of this package has the named type (or a pointer to it).
func (r *Result) mentions(tn *types.TypeName) bool {
	if tn == nil {
		return false
	}
	if r.typesUsed == nil {
		r.typesUsed = map[*types.TypeName]bool{}
		for _, tv := range r.s.info.Types {
			if n := namedOf(tv.Type); n != nil {
				r.typesUsed[n.Origin().Obj()] = true
			}
		}
	}
	return r.typesUsed[tn]
}

// lookupInterface finds a Dynamic effect's interface among the packages this package
// sees, and the method's name.
func (r *Result) lookupInterface(d Effect) (*types.Interface, string) {
	i := strings.LastIndexByte(d.Detail, '.')
	j := strings.LastIndexByte(d.Op, '.')
	if i < 0 || j < 0 {
		return nil, ""
	}
	pkgPath, name, method := d.Detail[:i], d.Detail[i+1:], d.Op[j+1:]
	for _, pkg := range r.visiblePackages() {
		if pkg.Path() != pkgPath {
			continue
		}
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			return nil, ""
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			return nil, ""
		}
		return iface, method
	}
	return nil, ""
}

// visiblePackages are this package and every package it imports, directly or not.
func (r *Result) visiblePackages() []*types.Package {
	if r.visible != nil {
		return r.visible
	}
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		r.visible = append(r.visible, p)
		for _, imp := range p.Imports() {
			walk(imp)
		}
	}
	walk(r.s.pass.Pkg)
	return r.visible
}

// modulePackages are the visible packages of the analyzed module.
func (r *Result) modulePackages() []*types.Package {
	var out []*types.Package
	for _, p := range r.visiblePackages() {
		if p == r.s.pass.Pkg || ownmodule.Same(r.s.pass, p.Path()) {
			out = append(out, p)
		}
	}
	return out
}

// Sees reports whether pkg's implementations are visible from the package at path: pkg is
// that package or one it imports, directly or not. Handlers use it to tell which resolved
// effects the package declaring a handler could resolve itself.
func Sees(from *types.Package, pkgPath string) bool {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if p.Path() == pkgPath {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, imp := range p.Imports() {
			if walk(imp) {
				return true
			}
		}
		return false
	}
	return from != nil && walk(from)
}

package effects

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// Setup effects: work a warm execution environment could reuse from an earlier
// invocation. Recognized by name; what a call creates is never analyzed.

// setupByName maps full function names to the operation's display name.
var setupByName = buildSetup()

func buildSetup() map[string]string {
	m := map[string]string{}
	each := func(pkg, display string, names ...string) {
		for _, n := range names {
			m[pkg+"."+n] = display + "." + n
		}
	}
	each("github.com/aws/aws-sdk-go-v2/config", "config", "LoadDefaultConfig")
	each("github.com/aws/aws-sdk-go/aws/session", "session", "NewSession", "NewSessionWithOptions", "New")
	each("database/sql", "sql", "Open", "OpenDB")
	// Tracing wrappers of sql.Open open a pool too.
	each("gopkg.in/DataDog/dd-trace-go.v1/contrib/database/sql", "sqltrace", "Open", "OpenDB")
	each("github.com/DataDog/dd-trace-go/contrib/database/sql/v2", "sqltrace", "Open", "OpenDB")
	each("gopkg.in/DataDog/dd-trace-go.v1/contrib/jmoiron/sqlx", "sqlxtrace", "Open", "Connect", "MustOpen", "MustConnect")
	each("github.com/DataDog/dd-trace-go/contrib/jmoiron/sqlx/v2", "sqlxtrace", "Open", "Connect", "MustOpen", "MustConnect")
	each("github.com/XSAM/otelsql", "otelsql", "Open", "OpenDB")
	each("github.com/uptrace/opentelemetry-go-extra/otelsql", "otelsql", "Open", "OpenDB")
	each("github.com/aws/aws-xray-sdk-go/xray", "xray", "SQLContext")
	each("github.com/jmoiron/sqlx", "sqlx", "Open", "Connect", "ConnectContext", "MustOpen", "MustConnect")
	each("github.com/jackc/pgx/v4", "pgx", "Connect", "ConnectConfig")
	each("github.com/jackc/pgx/v5", "pgx", "Connect", "ConnectConfig")
	each("github.com/jackc/pgx/v4/pgxpool", "pgxpool", "Connect", "ConnectConfig")
	each("github.com/jackc/pgx/v5/pgxpool", "pgxpool", "New", "NewWithConfig")
	for _, redis := range []string{"github.com/redis/go-redis/v9", "github.com/go-redis/redis/v8"} {
		each(redis, "redis", "NewClient", "NewClusterClient", "NewUniversalClient", "NewFailoverClient")
	}
	each("go.mongodb.org/mongo-driver/mongo", "mongo", "Connect", "NewClient")
	each("go.mongodb.org/mongo-driver/v2/mongo", "mongo", "Connect")
	each("regexp", "regexp", "Compile", "MustCompile", "CompilePOSIX", "MustCompilePOSIX")
	for _, tmpl := range []string{"text/template", "html/template"} {
		each(tmpl, "template", "ParseFiles", "ParseGlob", "ParseFS")
		each("(*"+tmpl+".Template)", "template.Template", "ParseFiles", "ParseGlob", "ParseFS", "Parse")
	}
	m["(*net/http.Transport).Clone"] = "http.Transport.Clone"
	return m
}

// syncMapStores are the sync.Map methods that insert.
var syncMapStores = map[string]string{
	"(*sync.Map).Store":       "sync.Map.Store",
	"(*sync.Map).LoadOrStore": "sync.Map.LoadOrStore",
	"(*sync.Map).Swap":        "sync.Map.Swap",
}

// execKnown recognizes the calls that are execution-model effects by name.
func execKnown(fn *types.Func) (known, bool) {
	if full, listed := tableName(fn); listed {
		if op, ok := setupByName[full]; ok {
			return known{Setup, op}, true
		}
		if op, ok := syncMapStores[full]; ok {
			return known{GlobalGrowth, op}, true
		}
	}
	if op, ok := clientConstructor(fn); ok {
		return known{Setup, op}, true
	}
	return known{}, false
}

// clientConstructor recognizes the constructors of cloud SDK clients: New and
// NewFromConfig of an aws-sdk-go-v2 service package, New of an aws-sdk-go service
// package, and NewClient / New…Client taking a context in cloud.google.com/go.
func clientConstructor(fn *types.Func) (string, bool) {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() != nil || fn.Pkg() == nil {
		return "", false
	}
	path, name := fn.Pkg().Path(), fn.Name()
	if rest, ok := strings.CutPrefix(path, "github.com/aws/aws-sdk-go-v2/service/"); ok && !strings.Contains(rest, "/") {
		if name == "New" || name == "NewFromConfig" {
			return rest + "." + name, true
		}
	}
	if rest, ok := strings.CutPrefix(path, "github.com/aws/aws-sdk-go/service/"); ok && !strings.Contains(rest, "/") && name == "New" {
		return rest + ".New", true
	}
	if strings.HasPrefix(path, "cloud.google.com/go/") && strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Client") &&
		sig.Params().Len() > 0 && isContext(sig.Params().At(0).Type()) {
		return fn.Pkg().Name() + "." + name, true
	}
	return "", false
}

// setupCall completes a Setup call's effect: regular expressions and template text count
// only when constant (a pattern built from the event is per-invocation work by nature),
// and nothing counts at start-up, where set-up belongs.
func (s *scanner) setupCall(n *node, call *ast.CallExpr, e *Effect, stack []ast.Node) bool {
	if s.startup(n) {
		return false
	}
	switch {
	case strings.HasPrefix(e.Op, "regexp."), e.Op == "template.Template.Parse":
		if len(call.Args) == 0 {
			return false
		}
		tv, ok := s.info.Types[call.Args[0]]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return false
		}
		e.Detail = truncate(constant.StringVal(tv.Value), 80)
	case strings.HasPrefix(e.Op, "template."):
		for _, a := range call.Args {
			if tv, ok := s.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				e.Detail = truncate(constant.StringVal(tv.Value), 80)
				break
			}
		}
	case e.Op == "http.Transport.Clone":
		if clientField(stack) {
			return false // reported with the client literal
		}
	}
	// Set-up built from a parameter may be built from the event: resolved at each call.
	for _, a := range call.Args {
		if p, d, ok := s.paramOrigin(n, a); ok {
			e.Exec.FromParam, e.Exec.FromDepth = p, d
			break
		}
	}
	return true
}

// httpLiteral records an http.Client or http.Transport composite literal as Setup. A
// Transport built inside a Client literal is part of the client's finding.
func (s *scanner) httpLiteral(n *node, lit *ast.CompositeLit, stack []ast.Node) {
	name := netHTTPType(s.info.TypeOf(lit))
	if name != "Client" && name != "Transport" || s.startup(n) {
		return
	}
	if name == "Transport" && clientField(stack) {
		return
	}
	op := "http." + name + " literal"
	from, to := lit.Pos(), lit.End()
	if len(stack) > 0 {
		if u, ok := stack[len(stack)-1].(*ast.UnaryExpr); ok && u.X == lit {
			from = u.Pos()
		}
	}
	e := Effect{Kind: Setup, Op: op, Callee: "net/http." + name, Path: []Step{{Callee: op, At: s.pos(from, to)}}}
	if name == "Client" && s.newTransport(lit) {
		e.Detail = "new Transport"
	}
	if p, d, ok := s.paramOrigin(n, lit); ok {
		e.Exec.FromParam, e.Exec.FromDepth = p, d
	}
	n.local = append(n.local, e)
}

// clientField says the innermost expressions of stack are the value of the Transport
// field of an http.Client literal.
func clientField(stack []ast.Node) bool {
	i := len(stack) - 1
	if i >= 0 {
		if _, ok := stack[i].(*ast.UnaryExpr); ok {
			i--
		}
	}
	if i < 1 {
		return false
	}
	kv, ok := stack[i].(*ast.KeyValueExpr)
	if !ok {
		return false
	}
	key, ok := kv.Key.(*ast.Ident)
	if !ok || key.Name != "Transport" {
		return false
	}
	_, ok = stack[i-1].(*ast.CompositeLit)
	return ok
}

// newTransport says the Client literal builds its own Transport (a literal or a Clone).
func (s *scanner) newTransport(lit *ast.CompositeLit) bool {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if key, ok := kv.Key.(*ast.Ident); !ok || key.Name != "Transport" {
			continue
		}
		v := ast.Unparen(kv.Value)
		if u, ok := v.(*ast.UnaryExpr); ok {
			v = ast.Unparen(u.X)
		}
		switch v := v.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.CallExpr:
			if fn, ok := s.info.Uses[calleeIdent(v.Fun)].(*types.Func); ok && fn.FullName() == "(*net/http.Transport).Clone" {
				return true
			}
		}
	}
	return false
}

// netHTTPType returns "Client", "Transport", "Request"... when t (or what it points to) is
// that type of net/http, "" otherwise.
func netHTTPType(t types.Type) string {
	if t == nil {
		return ""
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "net/http" {
		return ""
	}
	return n.Obj().Name()
}

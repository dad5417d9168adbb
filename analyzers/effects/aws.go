package effects

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// What IAM needs to know of an AWS SDK call (the least-privilege checks in crosslayer): the
// service and operation, whichever form of the call the code uses, and the values its
// input gives the fields that name resources, as far as the code shows them.

// An AWSCall describes an AWS SDK call: Effect.AWS of its Write, Network or Invoke effect.
type AWSCall struct {
	// Package is the SDK service package name ("dynamodb"); Operation the API operation
	// ("PutItem"), whatever the call's form: v1 Op, OpWithContext, OpRequest, OpPages,
	// WaitUntil…, v2 Op, paginators' NextPage, waiters' Wait, presigners, the S3 transfer
	// managers (Upload is PutObject and its multipart calls, Download GetObject).
	Package, Operation string
	// V1 is set for aws-sdk-go (v1), unset for aws-sdk-go-v2.
	V1 bool
	// Manager is the S3 transfer manager call ("Upload", "Download"), "" otherwise.
	Manager string
	// Fields are the resource-naming fields the input type has ("TableName", "IndexName").
	Fields []string
	// Seen says the input is a composite literal the code shows (with the assignments to
	// it in the calling function): a field with no value below is then not set.
	Seen bool
	// Values are the values the input gives resource-naming fields, one per value found.
	Values []FieldValue
}

// A FieldValue is a value the input of a call gives a field. Path is the field's name, or
// a path into nested values: "TransactItems.Put.TableName", "Entries.EventBusName",
// "RequestItems" (a key of the map), "Statements.Statement".
type FieldValue struct {
	Path  string
	Parts []ValuePart
}

// A ValuePart is a piece of a string value: literal text, the value of an environment
// variable read by constant name, the value of a struct field the package does not assign
// (Field, "pkg/path.Type.field": the package that wires the struct answers), or a piece
// that cannot be followed (Unknown).
type ValuePart struct {
	Lit     string
	Env     string
	Field   string
	Unknown bool
}

// resourceFields are the input fields that name the resource an operation acts on, across
// the services the action table covers.
var resourceFields = set("TableName", "IndexName", "Bucket", "Key", "CopySource", "QueueUrl", "QueueName", "TopicArn",
	"TargetArn", "PhoneNumber", "StreamName", "StreamARN", "StreamArn", "DeliveryStreamName", "StateMachineArn",
	"ExecutionArn", "FunctionName", "SecretId", "Name", "Names", "Path", "KeyId", "EventBusName", "AlarmName",
	"LogGroupName", "RoleArn", "Statement", "Identity", "EmailIdentity", "TransactItems", "Entries", "RequestItems",
	"Statements", "TransactStatements")

// nestedFields are the fields of the elements of a list field that name resources (a
// transaction's items, PutEvents' entries, PartiQL statements).
var nestedFields = map[string][]string{
	"TransactItems":      {"Put.TableName", "Update.TableName", "Delete.TableName", "ConditionCheck.TableName", "Get.TableName"},
	"Entries":            {"EventBusName"},
	"Statements":         {"Statement"},
	"TransactStatements": {"Statement"},
}

// managerCalls maps the S3 transfer managers' calls to the operation they perform.
var managerCalls = map[string]string{"s3.manager.Upload": "PutObject", "s3manager.Upload": "PutObject",
	"s3.transfermanager.UploadObject": "PutObject", "s3.transfermanager.UploadDirectory": "PutObject",
	"s3.manager.Download": "GetObject", "s3manager.Download": "GetObject", "s3.transfermanager.DownloadObject": "GetObject"}

// awsCallOf recognizes an AWS SDK call of fn; input is the index of the argument holding
// the operation's input (-1 when the call does not take it: a paginator's NextPage).
func awsCallOf(fn *types.Func, op string) (call *AWSCall, input int, ok bool) {
	if m, ok := managerCalls[op]; ok {
		v1 := strings.HasPrefix(op, "s3manager.")
		return &AWSCall{Package: "s3", Operation: m, V1: v1, Manager: strings.TrimPrefix(op[strings.LastIndexByte(op, '.'):], ".")}, managerInput(fn), true
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return nil, -1, false
	}
	inSDK := fn.Pkg() != nil && sdkService(fn.Pkg().Path()) != ""
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		named := inputType(params.At(i).Type())
		if named == nil {
			continue
		}
		pkgPath := named.Obj().Pkg().Path()
		svc := sdkService(pkgPath)
		opName, isInput := strings.CutSuffix(named.Obj().Name(), "Input")
		if svc == "" || !isInput || opName == "" {
			continue
		}
		// The operation's own methods (Op, OpWithContext, OpRequest, OpPages,
		// OpPagesWithContext), and any method of the SDK that takes its input: waiters,
		// presigners (v1 WaitUntilObjectExists, v2 ObjectExistsWaiter.Wait, PresignGetObject).
		name := fn.Name()
		if !inSDK && name != opName && strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name,
			"WithContext"), "Pages"), "Request"), "Pages") != opName {
			continue
		}
		return &AWSCall{Package: svc, Operation: opName, V1: !strings.Contains(pkgPath, "aws-sdk-go-v2")}, i, true
	}
	// A v2 paginator's NextPage: the operation is the paginator's ("ListObjectsV2Paginator").
	if inSDK && fn.Name() == "NextPage" {
		if opName, ok := strings.CutSuffix(recvName(fn), "Paginator"); ok && opName != "" {
			path := fn.Pkg().Path()
			return &AWSCall{Package: sdkService(path), Operation: opName, V1: !strings.Contains(path, "aws-sdk-go-v2")}, -1, true
		}
	}
	return nil, -1, false
}

// inputType returns the named struct type a parameter of type *T points to, or nil.
func inputType(t types.Type) *types.Named {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return nil
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	return named
}

// managerInput is the index of the input argument of a transfer manager call: its first
// pointer-to-struct parameter of an S3 package (PutObjectInput, UploadInput, GetObjectInput).
func managerInput(fn *types.Func) int {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return -1
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if n := inputType(sig.Params().At(i).Type()); n != nil && strings.Contains(n.Obj().Pkg().Path(), "/s3") {
			return i
		}
	}
	return -1
}

// pendingAWS is an SDK call whose input values are read after scanning, when every
// helper's effects are known.
type pendingAWS struct {
	n     *node
	idx   int
	call  *ast.CallExpr
	input int
}

// noteAWS records what IAM needs of a recognized SDK call.
func (s *scanner) noteAWS(n *node, call *ast.CallExpr, fn *types.Func, e *Effect) {
	if e.Kind != Write && e.Kind != Network && e.Kind != Invoke {
		return
	}
	ac, input, ok := awsCallOf(fn, e.Op)
	if !ok {
		return
	}
	e.AWS = ac
	s.awsCalls = append(s.awsCalls, pendingAWS{n: n, idx: len(n.local), call: call, input: input})
}

// resolveAWS reads the input of an SDK call: the fields its type has, and the values the
// code gives them.
func (s *scanner) resolveAWS(p pendingAWS) {
	e := &p.n.local[p.idx]
	ac := e.AWS
	var arg ast.Expr
	switch {
	case p.input >= 0 && p.input < len(p.call.Args):
		arg = p.call.Args[p.input]
	case p.input < 0:
		arg = s.paginatorInput(p.call)
	}
	if arg == nil {
		return
	}
	named := inputType(s.info.TypeOf(arg))
	if named == nil {
		return
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); resourceFields[f.Name()] {
			ac.Fields = append(ac.Fields, f.Name())
		}
	}
	lits, assigns, seen := s.inputLiterals(p.n, arg)
	ac.Seen = seen
	for _, cl := range lits {
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok || !resourceFields[key.Name] {
				continue
			}
			s.fieldValues(ac, key.Name, kv.Value)
		}
	}
	for _, as := range assigns {
		s.fieldValues(ac, as.field, as.value)
	}
}

type fieldAssign struct {
	field string
	value ast.Expr
}

// inputLiterals returns the composite literals an input argument is built from (directly,
// or through a variable initialized with one) and the assignments in.Field = x to it in the
// calling function; seen reports whether the whole input is in sight.
func (s *scanner) inputLiterals(n *node, arg ast.Expr) (lits []*ast.CompositeLit, assigns []fieldAssign, seen bool) {
	var v types.Object
	switch a := ast.Unparen(arg).(type) {
	case *ast.UnaryExpr:
		if cl, ok := ast.Unparen(a.X).(*ast.CompositeLit); ok && a.Op == token.AND {
			return []*ast.CompositeLit{cl}, nil, true
		}
	case *ast.Ident:
		v = s.info.Uses[a]
	}
	if v == nil {
		return nil, nil, false
	}
	seen = true
	for _, as := range s.index.of(v) {
		x := ast.Unparen(as.expr)
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			x = ast.Unparen(u.X)
		}
		if cl, ok := x.(*ast.CompositeLit); ok && as.tuple < 0 {
			lits = append(lits, cl)
		} else {
			seen = false // built elsewhere (a helper, a parameter)
		}
	}
	if len(lits) == 0 {
		seen = false
	}
	if n.body != nil {
		ast.Inspect(n.body, func(x ast.Node) bool {
			as, ok := x.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, l := range as.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && resourceFields[sel.Sel.Name] {
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && s.info.Uses[id] == v {
						assigns = append(assigns, fieldAssign{sel.Sel.Name, as.Rhs[i]})
					}
				}
			}
			return true
		})
	}
	return lits, assigns, seen
}

// fieldValues records the values x gives the field name (and, for list fields, the values
// of their elements' resource fields).
func (s *scanner) fieldValues(ac *AWSCall, name string, x ast.Expr) {
	if sub, ok := nestedFields[name]; ok {
		cl, ok := ast.Unparen(x).(*ast.CompositeLit)
		if !ok {
			ac.Values = append(ac.Values, FieldValue{Path: name, Parts: []ValuePart{{Unknown: true}}})
			return
		}
		for _, el := range cl.Elts {
			el = elemLiteral(el)
			for _, path := range sub {
				if v, ok := s.nestedValue(el, strings.Split(path, ".")); ok {
					ac.Values = append(ac.Values, FieldValue{Path: name + "." + path, Parts: v})
				}
			}
		}
		return
	}
	switch name {
	case "RequestItems": // map[tableName]...: the keys name the tables
		cl, ok := ast.Unparen(x).(*ast.CompositeLit)
		if !ok {
			ac.Values = append(ac.Values, FieldValue{Path: name, Parts: []ValuePart{{Unknown: true}}})
			return
		}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				ac.Values = append(ac.Values, FieldValue{Path: name, Parts: s.valueParts(kv.Key, 0, map[types.Object]bool{})})
			}
		}
		return
	case "Names": // a list of names
		if cl, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
			for _, el := range cl.Elts {
				ac.Values = append(ac.Values, FieldValue{Path: name, Parts: s.valueParts(el, 0, map[types.Object]bool{})})
			}
			return
		}
	}
	ac.Values = append(ac.Values, FieldValue{Path: name, Parts: s.valueParts(x, 0, map[types.Object]bool{})})
}

// elemLiteral strips & and the key of a composite literal element.
func elemLiteral(el ast.Expr) ast.Expr {
	if kv, ok := el.(*ast.KeyValueExpr); ok {
		el = kv.Value
	}
	if u, ok := ast.Unparen(el).(*ast.UnaryExpr); ok && u.Op == token.AND {
		el = u.X
	}
	return ast.Unparen(el)
}

// nestedValue follows a path of field names through composite literals; ok is false when
// the literal does not set the first field (a transaction item that is a Put has no
// Update).
func (s *scanner) nestedValue(x ast.Expr, path []string) ([]ValuePart, bool) {
	cl, ok := elemLiteral(x).(*ast.CompositeLit)
	if !ok {
		return []ValuePart{{Unknown: true}}, true
	}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == path[0] {
			if len(path) == 1 {
				return s.valueParts(kv.Value, 0, map[types.Object]bool{}), true
			}
			return s.nestedValue(kv.Value, path[1:])
		}
	}
	return nil, false
}

// valueParts follows a string (or *string) expression to its pieces: constants, values of
// environment variables read by constant name, struct fields the package does not assign,
// through variables, aws.String and the like, concatenation and fmt.Sprintf with a
// constant format.
func (s *scanner) valueParts(x ast.Expr, depth int, seen map[types.Object]bool) []ValuePart {
	unknown := []ValuePart{{Unknown: true}}
	if depth > 8 || x == nil {
		return unknown
	}
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return []ValuePart{{Lit: constant.StringVal(tv.Value)}}
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return s.valueParts(x.X, depth+1, seen)
	case *ast.StarExpr:
		return s.valueParts(x.X, depth+1, seen)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return joinParts(s.valueParts(x.X, depth+1, seen), s.valueParts(x.Y, depth+1, seen))
		}
	case *ast.CallExpr:
		return s.callParts(x, depth, seen)
	case *ast.Ident, *ast.SelectorExpr:
		v, recv, ok := s.unseenVar(x, seen)
		if !ok {
			return unknown
		}
		defer delete(seen, v)
		assigned := s.index.of(v)
		if len(assigned) == 0 {
			if v.IsField() && recv != nil {
				return []ValuePart{{Field: FieldKey(v, recv)}}
			}
			return unknown
		}
		// A variable assigned once is that value; a fallback (`if t == "" { t = "x" }`)
		// leaves the value read first as the one that names the resource when it is set,
		// as target.go reads it; two different reads are unknown.
		var first []ValuePart
		for _, a := range assigned {
			var p []ValuePart
			if a.tuple >= 0 {
				if call, ok := ast.Unparen(a.expr).(*ast.CallExpr); ok && a.tuple == 0 {
					p = s.callParts(call, depth+1, seen)
				} else {
					p = unknown
				}
			} else {
				p = s.valueParts(a.expr, depth+1, seen)
			}
			switch {
			case first == nil:
				first = p
			case len(p) == 1 && p[0].Lit != "" && len(assigned) == 2:
				// the fallback: keep the first
			case !sameParts(first, p):
				return unknown
			}
		}
		return first
	}
	return unknown
}

func (s *scanner) callParts(call *ast.CallExpr, depth int, seen map[types.Object]bool) []ValuePart {
	unknown := []ValuePart{{Unknown: true}}
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return s.valueParts(call.Args[0], depth+1, seen)
	}
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok {
		return unknown
	}
	fn = fn.Origin()
	if k, ok := recognize(fn); ok {
		if k.kind == EnvRead && len(call.Args) == 1 {
			if av := s.argValue(nil, call.Args[0]); av.isConst {
				return []ValuePart{{Env: av.constant}}
			}
		}
		return unknown
	}
	if fn.Pkg() != nil {
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "github.com/aws/aws-sdk-go-v2/aws.String", "github.com/aws/aws-sdk-go/aws.String",
			"github.com/aws/aws-sdk-go-v2/aws.ToString", "github.com/aws/aws-sdk-go/aws.StringValue",
			"strings.TrimSpace", "strings.Clone":
			if len(call.Args) == 1 {
				return s.valueParts(call.Args[0], depth+1, seen)
			}
		case "fmt.Sprintf":
			return s.sprintfParts(call, depth, seen)
		}
	}
	// A helper returning an environment variable's value: getenv("TABLE", "orders").
	var origins []envOrigin
	if n := s.byFunc[fn]; n != nil {
		for _, e := range n.local {
			if e.Kind == EnvRead && e.Returned {
				switch {
				case e.Param == 0 && e.Detail != "":
					origins = append(origins, envOrigin{name: e.Detail})
				case e.Param > 0 && e.Param <= len(call.Args):
					if av := s.argValue(nil, call.Args[e.Param-1]); av.isConst {
						origins = append(origins, envOrigin{name: av.constant})
					}
				}
			}
		}
	} else if sum := s.fact(fn); sum != nil {
		for _, e := range sum.Effects {
			if e.Kind == EnvRead && e.Returned && e.Param == 0 && e.Detail != "" {
				origins = append(origins, envOrigin{name: e.Detail})
			}
		}
	}
	if o := combineOrigins(origins); o.name != "" && len(origins) > 0 {
		return []ValuePart{{Env: o.name}}
	}
	return unknown
}

// sprintfParts splits fmt.Sprintf("%s-orders", stage) into the format's constant text and
// its %s and %v arguments' parts; other verbs are unknown parts.
func (s *scanner) sprintfParts(call *ast.CallExpr, depth int, seen map[types.Object]bool) []ValuePart {
	unknown := []ValuePart{{Unknown: true}}
	if len(call.Args) == 0 {
		return unknown
	}
	tv, ok := s.info.Types[call.Args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return unknown
	}
	format := constant.StringVal(tv.Value)
	var out []ValuePart
	arg := 1
	for format != "" {
		loc := verb.FindStringIndex(format)
		if loc == nil {
			out = joinParts(out, []ValuePart{{Lit: format}})
			break
		}
		if loc[0] > 0 {
			out = joinParts(out, []ValuePart{{Lit: format[:loc[0]]}})
		}
		v := format[loc[0]:loc[1]]
		switch {
		case v == "%%":
			out = joinParts(out, []ValuePart{{Lit: "%"}})
		case (v == "%s" || v == "%v") && arg < len(call.Args):
			out = joinParts(out, s.valueParts(call.Args[arg], depth+1, seen))
			arg++
		default:
			out = joinParts(out, unknown)
			arg++
		}
		format = format[loc[1]:]
	}
	return out
}

// joinParts concatenates two values, merging adjacent literals and unknowns.
func joinParts(a, b []ValuePart) []ValuePart {
	out := append([]ValuePart(nil), a...)
	for _, p := range b {
		if n := len(out); n > 0 {
			last := &out[n-1]
			switch {
			case p.Lit != "" && last.Lit != "":
				last.Lit += p.Lit
				continue
			case p.Unknown && last.Unknown:
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

func sameParts(a, b []ValuePart) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// paginatorInput returns the input a paginator's NextPage call pages through: the input
// argument of the NewXPaginator call its receiver variable is assigned from.
func (s *scanner) paginatorInput(call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v := s.info.Uses[id]
	if v == nil {
		return nil
	}
	for _, as := range s.index.of(v) {
		ctor, ok := ast.Unparen(as.expr).(*ast.CallExpr)
		if !ok || as.tuple > 0 {
			continue
		}
		if fn, ok := typeutil.Callee(s.info, ctor).(*types.Func); ok && strings.HasPrefix(fn.Name(), "New") &&
			strings.HasSuffix(fn.Name(), "Paginator") && len(ctor.Args) >= 2 {
			return ctor.Args[1]
		}
	}
	return nil
}

// String renders the call for fact tests.
func (c *AWSCall) String() string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(" aws " + c.Package + "." + c.Operation)
	if c.V1 {
		b.WriteString(" v1")
	}
	for _, v := range c.Values {
		b.WriteString(" " + v.Path + "=" + partsString(v.Parts))
	}
	return b.String()
}

// PartsString renders a value's parts: literal text, $VAR, {pkg.Type.field}, and * for
// what is not known.
func partsString(ps []ValuePart) string {
	var b strings.Builder
	for _, p := range ps {
		switch {
		case p.Env != "":
			b.WriteString("$" + p.Env)
		case p.Field != "":
			b.WriteString("{" + p.Field + "}")
		case p.Unknown:
			b.WriteString("*")
		default:
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}

// FieldParts returns the value this package assigns to the struct field key
// ("pkg/path.Type.field"), for a call input value that is such a field
// (ValuePart.Field): `&store.Store{Table: os.Getenv("TABLE")}` in main answers [$TABLE].
// ok is false when the package assigns the field no value, or values that differ.
func (r *Result) FieldParts(key string) (parts []ValuePart, ok bool) {
	if r == nil || key == "" {
		return nil, false
	}
	var found []ValuePart
	for v, k := range r.s.index.fieldKeys {
		if k != key {
			continue
		}
		for _, a := range r.s.index.of(v) {
			if a.tuple >= 0 {
				return nil, false
			}
			p := r.s.valueParts(a.expr, 0, map[types.Object]bool{})
			if found != nil && !sameParts(found, p) {
				return nil, false
			}
			found = p
		}
	}
	return found, found != nil
}

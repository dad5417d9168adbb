package effects

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// The resource a write goes to, for SLS127 self-trigger-in-code (a handler that writes to
// the bucket, queue, topic or stream that triggers it) and for the inventory's picture. The resource is named in the
// operation's input (PutObjectInput.Bucket, SendMessageInput.QueueUrl,
// PublishInput.TopicArn, PutRecordInput.StreamName) by a value the template passes through
// an environment variable; what the code can tell is which variable.

// targetField is the input field that names the written resource of a write operation,
// "" for operations whose target the cross-layer checks do not follow.
func targetField(op string) string {
	switch op {
	case "s3.PutObject", "s3.CopyObject", "s3.CompleteMultipartUpload", "s3.manager.Upload", "s3manager.Upload",
		"s3.transfermanager.UploadObject":
		return "Bucket"
	case "sqs.SendMessage", "sqs.SendMessageBatch":
		return "QueueUrl"
	case "sns.Publish", "sns.PublishBatch":
		return "TopicArn"
	case "kinesis.PutRecord", "kinesis.PutRecords":
		return "StreamName"
	case "dynamodb.PutItem", "dynamodb.UpdateItem", "dynamodb.DeleteItem":
		return "TableName"
	}
	return ""
}

// resolveTarget fills in the target of a write: the environment variable (or unresolved
// struct field) behind the resource field of its input, and an S3 key's pattern.
func (s *scanner) resolveTarget(p pendingInvoke) {
	e := &p.n.local[p.idx]
	field := targetField(e.Op)
	fields := []string{field}
	if field == "StreamName" {
		fields = append(fields, "StreamARN")
	}
	var origins []envOrigin
	for _, f := range fields {
		for _, x := range s.inputFields(p.n, p.call, f) {
			origins = append(origins, s.envOrigin(x, 0, map[types.Object]bool{}))
		}
	}
	o := combineOrigins(origins)
	e.TargetEnv, e.TargetField = o.name, o.field
	if field == "Bucket" {
		keys := s.inputFields(p.n, p.call, "Key")
		if len(keys) == 1 {
			e.TargetKey = s.keyPattern(keys[0], 0)
		}
	}
}

// inputFields returns the expressions a call's *<Op>Input argument gives the named field:
// in the composite literal (directly, or through a variable initialized with one) and in
// assignments `in.Field = x` in the calling function.
func (s *scanner) inputFields(n *node, call *ast.CallExpr, field string) []ast.Expr {
	var out []ast.Expr
	for _, arg := range call.Args {
		t := s.info.TypeOf(arg)
		if t == nil {
			continue
		}
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			continue
		}
		named, ok := types.Unalias(p.Elem()).(*types.Named)
		if !ok || !strings.HasSuffix(named.Obj().Name(), "Input") || named.Obj().Pkg() == nil || sdkService(named.Obj().Pkg().Path()) == "" {
			continue
		}
		var lits []*ast.CompositeLit
		var v types.Object
		switch a := ast.Unparen(arg).(type) {
		case *ast.UnaryExpr:
			if cl, ok := ast.Unparen(a.X).(*ast.CompositeLit); ok && a.Op == token.AND {
				lits = append(lits, cl)
			}
		case *ast.Ident:
			v = s.info.Uses[a]
			for _, as := range s.index.of(v) {
				x := ast.Unparen(as.expr)
				if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
					x = ast.Unparen(u.X)
				}
				if cl, ok := x.(*ast.CompositeLit); ok {
					lits = append(lits, cl)
				}
			}
		}
		for _, cl := range lits {
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok && key.Name == field {
						out = append(out, kv.Value)
					}
				}
			}
		}
		if v != nil && n.body != nil {
			ast.Inspect(n.body, func(x ast.Node) bool {
				as, ok := x.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != len(as.Rhs) {
					return true
				}
				for i, l := range as.Lhs {
					if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && sel.Sel.Name == field {
						if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && s.info.Uses[id] == v {
							out = append(out, as.Rhs[i])
						}
					}
				}
				return true
			})
		}
	}
	return out
}

// envOrigin is where a string value comes from: one environment variable (name), or a
// struct field whose assignments are not in this package (field).
type envOrigin struct {
	name  string
	field string
}

// combineOrigins merges the origins of the parts of a value: one variable among them
// names it; two different ones, or fields mixed with variables, leave it unknown.
func combineOrigins(origins []envOrigin) envOrigin {
	var name, field string
	for _, o := range origins {
		switch {
		case o.name != "":
			if name != "" && name != o.name {
				return envOrigin{}
			}
			name = o.name
		case o.field != "":
			if field != "" && field != o.field {
				field = "\x00" // two fields
			} else {
				field = o.field
			}
		}
	}
	if name != "" {
		return envOrigin{name: name}
	}
	if field != "" && field != "\x00" {
		return envOrigin{field: field}
	}
	return envOrigin{}
}

// envOrigin follows a string (or *string) expression back to the environment variable it
// is read from: os.Getenv/LookupEnv with a constant name, through variables, struct
// fields, aws.String, string building (+, fmt.Sprint*, strings functions) and helpers of
// the analyzed code that return a variable's value.
func (s *scanner) envOrigin(x ast.Expr, depth int, seen map[types.Object]bool) envOrigin {
	if depth > 8 || x == nil {
		return envOrigin{}
	}
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil {
		return envOrigin{}
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return s.envOrigin(x.X, depth+1, seen)
	case *ast.StarExpr:
		return s.envOrigin(x.X, depth+1, seen)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return combineOrigins([]envOrigin{s.envOrigin(x.X, depth+1, seen), s.envOrigin(x.Y, depth+1, seen)})
		}
	case *ast.CallExpr:
		return s.callEnvOrigin(x, 0, depth, seen)
	case *ast.Ident, *ast.SelectorExpr:
		return s.varEnvOrigin(x, depth, seen)
	}
	return envOrigin{}
}

// callEnvOrigin is envOrigin for a call; tuple is the result used (LookupEnv's value is 0).
func (s *scanner) callEnvOrigin(call *ast.CallExpr, tuple, depth int, seen map[types.Object]bool) envOrigin {
	if tv, ok := s.info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return s.envOrigin(call.Args[0], depth+1, seen)
	}
	fn, ok := typeutil.Callee(s.info, call).(*types.Func)
	if !ok || tuple != 0 {
		return envOrigin{}
	}
	fn = fn.Origin()
	if k, ok := recognize(fn); ok {
		if k.kind == EnvRead && len(call.Args) == 1 {
			if av := s.argValue(nil, call.Args[0]); av.isConst {
				return envOrigin{name: av.constant}
			}
		}
		return envOrigin{}
	}
	if isValueWrapper(fn) {
		var origins []envOrigin
		for _, a := range call.Args {
			origins = append(origins, s.envOrigin(a, depth+1, seen))
		}
		return combineOrigins(origins)
	}
	// A helper returning an environment variable: getenv("BUCKET", "uploads").
	var effects []Effect
	if n := s.byFunc[fn]; n != nil {
		effects = n.local
	} else if sum := s.fact(fn); sum != nil {
		effects = sum.Effects
	}
	var origins []envOrigin
	for _, e := range effects {
		if e.Kind != EnvRead || !e.Returned {
			continue
		}
		switch {
		case e.Param == 0 && e.Detail != "":
			origins = append(origins, envOrigin{name: e.Detail})
		case e.Param > 0 && e.Param <= len(call.Args):
			if av := s.argValue(nil, call.Args[e.Param-1]); av.isConst {
				origins = append(origins, envOrigin{name: av.constant})
			}
		}
	}
	return combineOrigins(origins)
}

func (s *scanner) varEnvOrigin(x ast.Expr, depth int, seen map[types.Object]bool) envOrigin {
	v, recv, ok := s.unseenVar(x, seen)
	if !ok {
		return envOrigin{}
	}
	assigned := s.index.of(v)
	if len(assigned) == 0 {
		if v.IsField() && recv != nil {
			return envOrigin{field: FieldKey(v, recv)}
		}
		return envOrigin{}
	}
	var origins []envOrigin
	for _, a := range assigned {
		if a.tuple >= 0 {
			if call, ok := ast.Unparen(a.expr).(*ast.CallExpr); ok {
				origins = append(origins, s.callEnvOrigin(call, a.tuple, depth+1, seen))
			}
			continue
		}
		origins = append(origins, s.envOrigin(a.expr, depth+1, seen))
	}
	// Fallbacks (`if bucket == "" { bucket = "uploads" }`) add no variable: the one read
	// is still the one that names the resource when it is set.
	return combineOrigins(origins)
}

// verb matches a fmt verb with its flags, width and precision.
var verb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\d+|\*)?(\.(\d+|\*))?[a-zA-Z]`)

// keyPattern renders an S3 key expression as a pattern: constant parts kept, "*" for the
// rest ("thumbnails/*.jpg"); "" when nothing is constant.
func (s *scanner) keyPattern(x ast.Expr, depth int) string {
	p := collapseStars(s.keyParts(x, depth))
	if p == "*" {
		return ""
	}
	return p
}

func (s *scanner) keyParts(x ast.Expr, depth int) string {
	if depth > 8 || x == nil {
		return "*"
	}
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return s.keyParts(x.X, depth+1)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return s.keyParts(x.X, depth+1) + s.keyParts(x.Y, depth+1)
		}
	case *ast.CallExpr:
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return s.keyParts(x.Args[0], depth+1)
		}
		fn, ok := typeutil.Callee(s.info, x).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return "*"
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "github.com/aws/aws-sdk-go-v2/aws.String", "github.com/aws/aws-sdk-go/aws.String":
			if len(x.Args) == 1 {
				return s.keyParts(x.Args[0], depth+1)
			}
		case "fmt.Sprintf":
			if len(x.Args) > 0 {
				if tv, ok := s.info.Types[x.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					return verb.ReplaceAllString(strings.ReplaceAll(constant.StringVal(tv.Value), "%%", "\x00"), "*")
				}
			}
		case "path.Join":
			var parts []string
			for _, a := range x.Args {
				parts = append(parts, s.keyParts(a, depth+1))
			}
			return strings.Join(parts, "/")
		}
	case *ast.Ident:
		if v, ok := s.info.Uses[x].(*types.Var); ok {
			if as := s.index.of(v); len(as) == 1 && as[0].tuple < 0 {
				return s.keyParts(as[0].expr, depth+1)
			}
		}
	}
	return "*"
}

func collapseStars(p string) string {
	p = strings.ReplaceAll(p, "\x00", "%")
	for strings.Contains(p, "**") {
		p = strings.ReplaceAll(p, "**", "*")
	}
	return p
}

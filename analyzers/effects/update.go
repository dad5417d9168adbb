package effects

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// DynamoDB update and condition expressions, as constant text or built with the
// expression builder (feature/dynamodb/expression, and v1's service/dynamodb/expression).

var expressionPkgs = map[string]bool{
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression": true,
	"github.com/aws/aws-sdk-go/service/dynamodb/expression":    true,
}

// conditionPaths are where a write's input carries condition expressions.
var conditionPaths = map[string][]string{
	"dynamodb.PutItem":    {"ConditionExpression"},
	"dynamodb.UpdateItem": {"ConditionExpression"},
	"dynamodb.DeleteItem": {"ConditionExpression"},
	"dynamodb.TransactWriteItems": {"TransactItems.Put.ConditionExpression", "TransactItems.Update.ConditionExpression",
		"TransactItems.Delete.ConditionExpression", "TransactItems.ConditionCheck.ConditionExpression"},
}

var updatePaths = map[string][]string{
	"dynamodb.UpdateItem":         {"UpdateExpression"},
	"dynamodb.TransactWriteItems": {"TransactItems.Update.UpdateExpression"},
}

var valuesPaths = map[string][]string{
	"dynamodb.UpdateItem":         {"ExpressionAttributeValues"},
	"dynamodb.TransactWriteItems": {"TransactItems.Update.ExpressionAttributeValues"},
}

// describeCondition fills in a DynamoDB write's update expression and condition. It
// reports whether there is something to say.
func (s *scanner) describeCondition(call *ast.CallExpr, e *Effect, idem *Idempotency) bool {
	conds, ok := conditionPaths[e.Op]
	if !ok {
		return false
	}
	in := s.sdkInput(call)
	if in == nil {
		return false
	}
	useful := false
	for _, p := range conds {
		for _, x := range s.fieldExprs(in, strings.Split(p, "."), 0) {
			if isNil(s.info, x) {
				continue
			}
			text, cond, known := s.exprText(x, 0)
			if !known && cond == "" {
				// An unknown expression (a variable set elsewhere, a helper's result)
				// counts as a condition: silence is the safe side.
				text = "?"
			}
			if cond != "" {
				text = cond
			}
			if cond == "-" {
				continue // expr.Condition() of a builder without WithCondition
			}
			idem.Conditional = true
			idem.Condition = joinClause(idem.Condition, text)
			useful = true
		}
	}
	for _, p := range updatePaths[e.Op] {
		for _, x := range s.fieldExprs(in, strings.Split(p, "."), 0) {
			text, _, _ := s.exprText(x, 0)
			if text != "" {
				idem.Update = joinClause(idem.Update, text)
				useful = true
			}
		}
	}
	for _, p := range valuesPaths[e.Op] {
		for _, x := range s.fieldExprs(in, strings.Split(p, "."), 0) {
			idem.SetValues = append(idem.SetValues, s.setPlaceholders(x)...)
		}
	}
	if idem.Conditional && e.Op != "dynamodb.DeleteItem" && !onlyExistence(idem.Condition) {
		idem.Guard = true
	}
	return useful
}

func joinClause(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" || strings.Contains(a, b) {
		return a
	}
	return a + "; " + b
}

// onlyExistence: a condition that only checks that the item exists does not fail on a
// second delivery, so it guards nothing.
func onlyExistence(cond string) bool {
	c := strings.ToLower(cond)
	if c == "" || c == "?" {
		return false
	}
	for _, part := range strings.FieldsFunc(c, func(r rune) bool { return r == ';' }) {
		part = strings.TrimSpace(part)
		part = strings.ReplaceAll(part, " and ", "\x00")
		for _, term := range strings.Split(part, "\x00") {
			term = strings.TrimSpace(strings.Trim(strings.TrimSpace(term), "()"))
			if !strings.HasPrefix(term, "attribute_exists") {
				return false
			}
		}
	}
	return true
}

func isNil(info *types.Info, x ast.Expr) bool {
	tv, ok := info.Types[x]
	return ok && tv.IsNil()
}

// fieldExprs finds the expressions stored at path in the value of x: in composite
// literals (through slices, pointers and append), in what variables are assigned and in
// `v.f = e` stores.
func (s *scanner) fieldExprs(x ast.Expr, path []string, depth int) []ast.Expr {
	if depth > maxFlowDepth || x == nil {
		return nil
	}
	if len(path) == 0 {
		return []ast.Expr{x}
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return s.fieldExprs(e.X, path, depth+1)
		}
	case *ast.StarExpr:
		return s.fieldExprs(e.X, path, depth+1)
	case *ast.CompositeLit:
		t := s.info.TypeOf(e)
		if t == nil {
			return nil
		}
		var out []ast.Expr
		switch derefUnder(t).(type) {
		case *types.Struct:
			for _, el := range e.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && id.Name == path[0] {
						out = append(out, s.fieldExprs(kv.Value, path[1:], depth+1)...)
					}
				}
			}
		case *types.Slice, *types.Array, *types.Map:
			for _, el := range e.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				out = append(out, s.fieldExprs(el, path, depth+1)...)
			}
		}
		return out
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := s.info.Uses[id].(*types.Builtin); ok && b.Name() == "append" {
				var out []ast.Expr
				for _, a := range e.Args {
					out = append(out, s.fieldExprs(a, path, depth+1)...)
				}
				return out
			}
		}
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok || v.Parent() == v.Pkg().Scope() {
			return nil
		}
		var out []ast.Expr
		for _, a := range s.index.of(v) {
			if a.tuple < 0 {
				out = append(out, s.fieldExprs(a.expr, path, depth+1)...)
			}
		}
		want := strings.Join(path, ".")
		for _, b := range s.fs().base[v] {
			switch {
			case b.tuple >= 0 || b.expr == nil:
			case b.path == want:
				out = append(out, b.expr)
			case strings.HasPrefix(want, b.path+"."):
				out = append(out, s.fieldExprs(b.expr, strings.Split(want[len(b.path)+1:], "."), depth+1)...)
			}
		}
		return out
	}
	return nil
}

// exprText renders a string expression as far as it is known: constants, aws.String,
// fmt.Sprintf formats, concatenations ("?" for unknown parts), variables, and the
// expression builder's Update() and Condition(). cond is set for a builder's
// Condition(): its rendering, or "-" when the builder has no condition.
func (s *scanner) exprText(x ast.Expr, depth int) (text, cond string, known bool) {
	if depth > maxFlowDepth || x == nil {
		return "", "", false
	}
	if v, ok := s.constString(x); ok {
		return v, "", true
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, _, ka := s.exprText(e.X, depth+1)
			b, _, kb := s.exprText(e.Y, depth+1)
			if !ka {
				a = "?"
			}
			if !kb {
				b = "?"
			}
			return a + b, "", ka || kb
		}
	case *ast.UnaryExpr, *ast.StarExpr:
		var inner ast.Expr
		if u, ok := e.(*ast.UnaryExpr); ok {
			inner = u.X
		} else {
			inner = e.(*ast.StarExpr).X
		}
		return s.exprText(inner, depth+1)
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok || v.Parent() == v.Pkg().Scope() {
			return "", "", false
		}
		var parts []string
		var conds []string
		for _, a := range s.index.of(v) {
			if a.tuple >= 0 {
				continue
			}
			t, c, k := s.exprText(a.expr, depth+1)
			if c != "" {
				conds = append(conds, c)
			}
			if k && t != "" {
				parts = append(parts, t)
			}
		}
		for _, b := range s.fs().base[v] {
			if b.path == "" && b.expr != nil && b.tuple < 0 {
				if t, _, k := s.exprText(b.expr, depth+1); k {
					parts = append(parts, t) // s += ", b = b + :one"
				}
			}
		}
		return strings.Join(parts, " "), strings.Join(conds, "; "), len(parts) > 0
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, e).(*types.Func)
		if !ok {
			return "", "", false
		}
		fn = fn.Origin()
		if fn.Pkg() != nil && expressionPkgs[fn.Pkg().Path()] && recvName(fn) == "Expression" {
			sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
			if !ok {
				return "", "", false
			}
			b := s.builderOf(sel.X, 0)
			switch fn.Name() {
			case "Update":
				return b.update, "", b.update != ""
			case "Condition":
				if !b.known {
					return "", "", false
				}
				if b.cond == "" {
					return "", "-", false
				}
				return b.cond, b.cond, true
			}
			return "", "", false
		}
		if fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(e.Args) > 0 {
			if f, ok := s.constString(e.Args[0]); ok {
				return f, "", true
			}
		}
		if passesThrough(fn) && len(e.Args) == 1 {
			return s.exprText(e.Args[0], depth+1)
		}
	}
	return "", "", false
}

// builtExpr is what an expression builder chain builds.
type builtExpr struct {
	update string
	cond   string
	known  bool // the chain was followed to expression.NewBuilder()
}

// builderOf follows an expression.Expression back to the builder chain it was built with.
func (s *scanner) builderOf(x ast.Expr, depth int) builtExpr {
	var out builtExpr
	if depth > maxFlowDepth {
		return out
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok {
			return out
		}
		for _, a := range s.index.of(v) {
			b := s.builderOf(a.expr, depth+1)
			out.update = joinClause(out.update, b.update)
			out.cond = joinClause(out.cond, b.cond)
			out.known = out.known || b.known
		}
		return out
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, e).(*types.Func)
		if !ok || fn.Pkg() == nil || !expressionPkgs[fn.Pkg().Path()] {
			return out
		}
		var recv ast.Expr
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && recvName(fn) != "" {
			recv = sel.X
		}
		switch fn.Name() {
		case "NewBuilder":
			out.known = true
			return out
		case "Build":
			return s.builderOf(recv, depth+1)
		case "WithUpdate", "WithCondition":
			out = s.builderOf(recv, depth+1)
			if len(e.Args) == 1 {
				if fn.Name() == "WithUpdate" {
					out.update = joinClause(out.update, s.renderUpdate(e.Args[0], depth+1))
				} else {
					out.cond = joinClause(out.cond, s.renderCondition(e.Args[0]))
				}
			}
			return out
		}
		if recv != nil {
			return s.builderOf(recv, depth+1) // WithKeyCondition, WithProjection, ...
		}
	}
	return out
}

// renderUpdate renders an UpdateBuilder as update-expression text.
func (s *scanner) renderUpdate(x ast.Expr, depth int) string {
	if depth > maxFlowDepth {
		return ""
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok {
			return ""
		}
		var out string
		for _, a := range s.index.of(v) {
			out = joinClause(out, s.renderUpdate(a.expr, depth+1))
		}
		return out
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, e).(*types.Func)
		if !ok || fn.Pkg() == nil || !expressionPkgs[fn.Pkg().Path()] {
			return ""
		}
		var prev string
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && recvName(fn) == "UpdateBuilder" {
			prev = s.renderUpdate(sel.X, depth+1)
		}
		var clause string
		switch {
		case fn.Name() == "Set" && len(e.Args) == 2:
			clause = "SET " + s.renderOperand(e.Args[0], depth+1) + " = " + s.renderOperand(e.Args[1], depth+1)
		case fn.Name() == "Add" && len(e.Args) == 2:
			clause = "ADD " + s.renderOperand(e.Args[0], depth+1) + " " + s.renderOperand(e.Args[1], depth+1)
		case fn.Name() == "Delete" && len(e.Args) == 2:
			clause = "DELETE " + s.renderOperand(e.Args[0], depth+1) + " " + s.renderOperand(e.Args[1], depth+1)
		case fn.Name() == "Remove" && len(e.Args) == 1:
			clause = "REMOVE " + s.renderOperand(e.Args[0], depth+1)
		}
		return joinClause(prev, clause)
	}
	return ""
}

// renderOperand renders a NameBuilder, ValueBuilder or SetValueBuilder. Values render as
// ":v", or ":set" when their Go type makes a DynamoDB set.
func (s *scanner) renderOperand(x ast.Expr, depth int) string {
	if depth > maxFlowDepth {
		return "?"
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok {
			return "?"
		}
		if as := s.index.of(v); len(as) == 1 && as[0].tuple < 0 {
			return s.renderOperand(as[0].expr, depth+1)
		}
		return "?"
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, e).(*types.Func)
		if !ok || fn.Pkg() == nil || !expressionPkgs[fn.Pkg().Path()] {
			return "?"
		}
		var operands []string
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && recvName(fn) != "" {
			operands = append(operands, s.renderOperand(sel.X, depth+1))
		}
		switch fn.Name() {
		case "Name", "NameNoDotSplit":
			if len(e.Args) == 1 {
				if v, ok := s.constString(e.Args[0]); ok {
					return v
				}
			}
			return "#?"
		case "Value", "ValueWithOptions":
			if len(e.Args) > 0 && isSetType(s.info.TypeOf(e.Args[0])) {
				return ":set"
			}
			return ":v"
		}
		for _, a := range e.Args {
			operands = append(operands, s.renderOperand(a, depth+1))
		}
		switch fn.Name() {
		case "Plus":
			return strings.Join(operands, " + ")
		case "Minus":
			return strings.Join(operands, " - ")
		case "ListAppend":
			return "list_append(" + strings.Join(operands, ", ") + ")"
		case "IfNotExists":
			return "if_not_exists(" + strings.Join(operands, ", ") + ")"
		}
	}
	return "?"
}

// renderCondition names the functions a ConditionBuilder uses, enough to tell an
// existence check from a guard.
func (s *scanner) renderCondition(x ast.Expr) string {
	var names []string
	ast.Inspect(x, func(y ast.Node) bool {
		if call, ok := y.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(s.info, call).(*types.Func); ok && fn.Pkg() != nil && expressionPkgs[fn.Pkg().Path()] {
				switch fn.Name() {
				case "AttributeNotExists":
					names = append(names, "attribute_not_exists(…)")
				case "AttributeExists":
					names = append(names, "attribute_exists(…)")
				case "Name", "Value", "Key", "Size":
				default:
					names = append(names, strings.ToLower(fn.Name())+"(…)")
				}
			}
		}
		return true
	})
	if len(names) == 0 {
		return "?"
	}
	return strings.Join(names, " AND ")
}

// isSetType: DynamoDB sets are marshaled from the AttributeValueMember{SS,NS,BS} types
// and from maps of empty structs or booleans; an ADD of a set is idempotent.
func isSetType(t types.Type) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		switch n.Obj().Name() {
		case "AttributeValueMemberSS", "AttributeValueMemberNS", "AttributeValueMemberBS":
			return true
		}
	}
	if m, ok := t.Underlying().(*types.Map); ok {
		if st, ok := m.Elem().Underlying().(*types.Struct); ok && st.NumFields() == 0 {
			return true
		}
	}
	return false
}

// setPlaceholders lists the placeholders of ExpressionAttributeValues bound to sets.
func (s *scanner) setPlaceholders(x ast.Expr) []string {
	var out []string
	lit, ok := ast.Unparen(x).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := s.constString(kv.Key)
		if !ok {
			continue
		}
		v := ast.Unparen(kv.Value)
		if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
			v = ast.Unparen(u.X)
		}
		if isSetType(s.info.TypeOf(v)) {
			out = append(out, k)
			continue
		}
		// v1: &dynamodb.AttributeValue{SS: ...}
		if cl, ok := v.(*ast.CompositeLit); ok {
			for _, f := range cl.Elts {
				if fkv, ok := f.(*ast.KeyValueExpr); ok {
					if id, ok := fkv.Key.(*ast.Ident); ok && (id.Name == "SS" || id.Name == "NS" || id.Name == "BS") {
						out = append(out, k)
					}
				}
			}
		}
	}
	return out
}

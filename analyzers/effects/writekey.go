package effects

import (
	"go/ast"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Where the identifying parts of a write are in its input, per operation: the path from
// the input to the item or key, whether everything there is a key whatever its name, and
// the attribute's name when the path is the key itself.
type keyPlace struct {
	path  string
	isKey bool
	attr  string
}

var keyPlaces = map[string][]keyPlace{
	"dynamodb.PutItem":                {{path: "Item"}},
	"dynamodb.UpdateItem":             {{path: "Key", isKey: true}},
	"dynamodb.BatchWriteItem":         {{path: "RequestItems.PutRequest.Item"}},
	"dynamodb.TransactWriteItems":     {{path: "TransactItems.Put.Item"}, {path: "TransactItems.Update.Key", isKey: true}},
	"s3.PutObject":                    {{path: "Key", isKey: true, attr: "Key"}},
	"s3.manager.Upload":               {{path: "Key", isKey: true, attr: "Key"}},
	"s3manager.Upload":                {{path: "Key", isKey: true, attr: "Key"}},
	"s3.transfermanager.UploadObject": {{path: "Key", isKey: true, attr: "Key"}},
	"sqs.SendMessage":                 {{path: "MessageDeduplicationId", isKey: true, attr: "MessageDeduplicationId"}},
	"sqs.SendMessageBatch":            {{path: "Entries.MessageDeduplicationId", isKey: true, attr: "MessageDeduplicationId"}},
}

// writeKeys finds the origins of the identifying parts of a write: for DynamoDB every
// attribute of the item (the rule decides which are keys) and every attribute of an
// update's key, the S3 object key, the SQS deduplication ID, the columns of a SQL INSERT.
func (s *scanner) writeKeys(n *node, call *ast.CallExpr, e *Effect) []KeyOrigin {
	if e.Kind != Write {
		return nil
	}
	if places, ok := keyPlaces[e.Op]; ok {
		in := s.sdkInput(call)
		if in == nil {
			return nil
		}
		fl := s.flows(n, in, 0)
		var keys []KeyOrigin
		for _, pl := range places {
			for _, f := range selectPath(fl, pl.path) {
				k := f.o
				k.IsKey, k.Attr = pl.isKey, pl.attr
				if k.Attr == "" && f.path != "" {
					k.Attr, _, _ = strings.Cut(f.path, ".")
				} else if k.Attr == "" && k.Source != "" {
					continue
				}
				keys = appendKey(keys, k)
			}
		}
		return keys
	}
	if e.Detail != "" && isSQLExec(e) {
		return s.insertKeys(n, call, e)
	}
	return nil
}

func isSQLExec(e *Effect) bool {
	return strings.HasPrefix(e.Op, "sql.") || strings.HasPrefix(e.Op, "pgx") || strings.HasPrefix(e.Op, "sqlx.")
}

// sdkInput is the *<Op>Input argument of an AWS SDK call.
func (s *scanner) sdkInput(call *ast.CallExpr) ast.Expr {
	for _, a := range call.Args {
		t := s.info.TypeOf(a)
		if t == nil {
			continue
		}
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			continue
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		if ok && n.Obj().Pkg() != nil && strings.HasSuffix(n.Obj().Name(), "Input") && sdkService(n.Obj().Pkg().Path()) != "" {
			return a
		}
	}
	return nil
}

var (
	insertRE = regexp.MustCompile(`(?is)^\s*(?:with\b.*?\)\s*)?insert\s+(?:or\s+\w+\s+|ignore\s+)?into\s+[\w."` + "`" + `\[\]]+\s*\(([^)]*)\)\s*values\s*\((.*)$`)
	dollarRE = regexp.MustCompile(`^\$(\d+)$`)
	sqlGenRE = regexp.MustCompile(`(?i)^(gen_random_uuid|uuid_generate_v[14]|uuid|newid|sys_guid|random|rand)\s*\(`)
)

// insertKeys maps the columns of a constant `INSERT INTO t (c1, c2) VALUES ($1, ?, ...)`
// to the origins of the arguments bound to them (and to SQL's own random functions).
func (s *scanner) insertKeys(n *node, call *ast.CallExpr, e *Effect) []KeyOrigin {
	m := insertRE.FindStringSubmatch(e.Detail)
	if m == nil {
		return nil
	}
	cols := splitTopLevel(m[1])
	vals := splitTopLevel(closeParen(m[2]))
	if len(cols) != len(vals) {
		return nil
	}
	query := -1
	for i, a := range call.Args {
		// Detail is the first constant string argument: the query.
		if _, ok := s.constString(a); ok {
			query = i
			break
		}
	}
	if query < 0 || call.Ellipsis.IsValid() {
		return nil
	}
	args := call.Args[query+1:]
	var keys []KeyOrigin
	next := 0
	for i, c := range cols {
		col := strings.Trim(strings.TrimSpace(c), "\"`[]")
		v := strings.TrimSpace(vals[i])
		var arg ast.Expr
		switch {
		case v == "?":
			if next < len(args) {
				arg = args[next]
			}
			next++
		case dollarRE.MatchString(v):
			k, _ := strconv.Atoi(dollarRE.FindStringSubmatch(v)[1])
			if k >= 1 && k <= len(args) {
				arg = args[k-1]
			}
		case sqlGenRE.MatchString(v):
			keys = appendKey(keys, KeyOrigin{Attr: col, Source: strings.TrimSpace(v), At: e.At()})
			continue
		}
		if arg == nil {
			continue
		}
		for _, f := range flatten(s.flows(n, arg, 0)) {
			k := f.o
			k.Attr = col
			keys = appendKey(keys, k)
		}
	}
	return keys
}

// closeParen cuts "a, b) ON CONFLICT ..." at the parenthesis closing the first VALUES tuple.
func closeParen(s string) string {
	depth := 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return s[:i]
			}
			depth--
		}
	}
	return s
}

// splitTopLevel splits a SQL list at the commas outside parentheses and quotes.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	quote := rune(0)
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '(':
			depth++
		case r == ')':
			depth--
		case r == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// tablePaths are where a DynamoDB write's input names its table.
var tablePaths = map[string][]string{
	"dynamodb.PutItem":            {"TableName"},
	"dynamodb.UpdateItem":         {"TableName"},
	"dynamodb.TransactWriteItems": {"TransactItems.Put.TableName", "TransactItems.Update.TableName"},
}

// tableOf names the table a DynamoDB write goes to: a constant, or "$VAR" when the name
// is read from an environment variable; "" when unknown or when the writes go to several.
func (s *scanner) tableOf(call *ast.CallExpr, e *Effect) string {
	in := s.sdkInput(call)
	if in == nil {
		return ""
	}
	var exprs []ast.Expr
	for _, p := range tablePaths[e.Op] {
		exprs = append(exprs, s.fieldExprs(in, strings.Split(p, "."), 0)...)
	}
	if e.Op == "dynamodb.BatchWriteItem" {
		for _, x := range s.fieldExprs(in, []string{"RequestItems"}, 0) {
			if lit, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
				for _, el := range lit.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						exprs = append(exprs, kv.Key)
					}
				}
			}
		}
	}
	table := ""
	for _, x := range exprs {
		t := s.tableRef(x, 0)
		if t == "" || table != "" && t != table {
			return ""
		}
		table = t
	}
	return table
}

func (s *scanner) tableRef(x ast.Expr, depth int) string {
	if depth > maxFlowDepth {
		return ""
	}
	if v, ok := s.constString(x); ok {
		return v
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, e).(*types.Func)
		if !ok || len(e.Args) != 1 {
			return ""
		}
		if k, ok := recognize(fn.Origin()); ok && k.kind == EnvRead {
			if v, ok := s.constString(e.Args[0]); ok {
				return "$" + v
			}
			return ""
		}
		if passesThrough(fn.Origin()) {
			return s.tableRef(e.Args[0], depth+1)
		}
	case *ast.Ident, *ast.SelectorExpr:
		obj := s.objOf(e)
		if obj == nil {
			return ""
		}
		as := s.index.of(obj)
		ref := ""
		for _, a := range as {
			if a.tuple >= 0 {
				return ""
			}
			r := s.tableRef(a.expr, depth+1)
			if r == "" || ref != "" && r != ref {
				return ""
			}
			ref = r
		}
		return ref
	}
	return ""
}

// itemAttrs lists the attribute names of a DynamoDB write's items that its function shows.
func (s *scanner) itemAttrs(call *ast.CallExpr, e *Effect) []string {
	in := s.sdkInput(call)
	if in == nil || !strings.HasPrefix(e.Op, "dynamodb.") {
		return nil
	}
	var out []string
	add := func(name string) {
		for _, x := range out {
			if x == name {
				return
			}
		}
		if len(out) < maxKeys {
			out = append(out, name)
		}
	}
	for _, pl := range keyPlaces[e.Op] {
		for _, x := range s.fieldExprs(in, strings.Split(pl.path, "."), 0) {
			s.itemNames(x, add, 0)
		}
	}
	return out
}

func (s *scanner) itemNames(x ast.Expr, add func(string), depth int) {
	if depth > 4 {
		return
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := s.constString(kv.Key); ok {
					add(k)
				}
			}
		}
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(s.info, e).(*types.Func)
		if ok && isMarshalMap(fn.Origin()) && len(e.Args) > 0 {
			if st, ok := derefUnder(s.info.TypeOf(e.Args[0])).(*types.Struct); ok {
				for _, a := range marshalAttrs(st, strings.HasPrefix(fn.Pkg().Path(), "github.com/aws/aws-sdk-go/"), 0) {
					add(a.attr)
				}
			} else {
				s.itemNames(e.Args[0], add, depth+1)
			}
		}
	case *ast.Ident:
		v, ok := s.info.Uses[e].(*types.Var)
		if !ok {
			return
		}
		for _, a := range s.index.of(v) {
			s.itemNames(a.expr, add, depth+1)
		}
		for _, b := range s.fs().base[v] {
			if b.path != "" && !strings.Contains(b.path, ".") {
				add(b.path)
			}
		}
	}
}

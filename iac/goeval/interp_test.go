package goeval_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/goeval"
)

// lib is a library the evaluator has no body for: its calls go to the test's hooks.
const lib = `package lib

type Thing struct{ ID string }

type Props struct {
	Name    *string
	Size    *float64
	Tags    *map[string]*string
	Items   *[]*string
	Nested  *Nested
}

type Nested struct{ Enabled *bool }

func Str(s string) *string   { return nil }
func Num(f float64) *float64 { return nil }
func Make(id string, p *Props) *Thing { return nil }
func Record(name string, v any) {}

const Version = "v2"

func (t *Thing) Add(key string, v any) {}
`

// recorder records what the program passes to lib.Record and lib.Make.
type recorder struct {
	seen []string
}

type thing struct{ id string }

func (r *recorder) Call(in *goeval.Interp, c *goeval.Call) (goeval.Value, bool) {
	switch c.Func.Name() {
	case "Str", "Num":
		return c.Arg(0), true
	case "Make":
		id, _ := goeval.StringOf(c.Arg(0))
		r.seen = append(r.seen, fmt.Sprintf("make %s %s uncertain=%v", id, show(c.Arg(1)), in.Uncertain()))
		return &thing{id: id}, true
	case "Record":
		name, _ := goeval.StringOf(c.Arg(0))
		r.seen = append(r.seen, fmt.Sprintf("%s = %s", name, show(c.Arg(1))))
		return goeval.Nil{}, true
	case "Add":
		t, _ := c.Recv.(*thing)
		key, _ := goeval.StringOf(c.Arg(0))
		if t != nil {
			r.seen = append(r.seen, fmt.Sprintf("%s.add %s = %s", t.id, key, show(c.Arg(1))))
		}
		return goeval.Nil{}, true
	}
	return nil, false
}

func (r *recorder) Select(*goeval.Interp, goeval.Value, string, *ast.SelectorExpr) (goeval.Value, bool) {
	return nil, false
}

// show renders a value compactly.
func show(v goeval.Value) string {
	switch v := v.(type) {
	case goeval.Const:
		return v.V.ExactString()
	case goeval.Nil:
		return "nil"
	case goeval.Unknown:
		return "?"
	case *goeval.Struct:
		var parts []string
		for _, f := range v.Fields {
			parts = append(parts, f.Name+":"+show(f.Value))
		}
		return "{" + strings.Join(parts, " ") + "}"
	case *goeval.Slice:
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, show(e.Value))
		}
		s := "[" + strings.Join(parts, " ") + "]"
		if v.Unknown {
			s += "?"
		}
		return s
	case *goeval.Map:
		var parts []string
		for _, e := range v.Entries {
			parts = append(parts, show(e.Key)+":"+show(e.Value))
		}
		sort.Strings(parts)
		s := "map[" + strings.Join(parts, " ") + "]"
		if v.Unknown {
			s += "?"
		}
		return s
	case *thing:
		return "thing(" + v.id + ")"
	}
	return fmt.Sprintf("%T", v)
}

// run type-checks the lib package and the given main packages (path → source) and
// interprets main.main.
func run(t *testing.T, srcs map[string]string) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string]*types.Package{}
	infos := map[string]*goeval.Package{}
	std := importer.Default()
	var imp importerFunc
	imp = func(path string) (*types.Package, error) {
		if p, ok := pkgs[path]; ok {
			return p, nil
		}
		if src, ok := srcs[path]; ok {
			return check(t, fset, path, src, imp, pkgs, infos), nil
		}
		if path == "example.com/lib" {
			return check(t, fset, path, lib, imp, pkgs, infos), nil
		}
		return std.Import(path)
	}
	if _, err := imp("example.com/app"); err != nil {
		t.Fatal(err)
	}
	var program []*goeval.Package
	for path, p := range infos {
		if path != "example.com/lib" && !strings.HasPrefix(path, "github.com/") { // libraries: types only
			program = append(program, p)
		}
	}
	prog := goeval.NewProgram(fset, program)
	r := &recorder{}
	in := goeval.New(prog, r)
	mainFn := pkgs["example.com/app"].Scope().Lookup("main").(*types.Func)
	in.Run(mainFn)
	return r.seen
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func check(t *testing.T, fset *token.FileSet, path, src string, imp types.Importer, pkgs map[string]*types.Package, infos map[string]*goeval.Package) *types.Package {
	t.Helper()
	f, err := parser.ParseFile(fset, path+"/x.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{}}
	conf := types.Config{Importer: imp}
	p, err := conf.Check(path, fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	pkgs[path] = p
	infos[path] = &goeval.Package{Types: p, Info: info, Files: []*ast.File{f}}
	return p
}

func TestValues(t *testing.T) {
	got := run(t, map[string]string{
		"example.com/app/config": `package config

const Prefix = "orders"

var Region = "eu-west-1"

var Mutable = "a"

func Set() { Mutable = "b" }

type Settings struct {
	Memory  float64
	Name    string
}

func Defaults(name string) Settings {
	s := Settings{Name: Prefix + "-" + name}
	s.Memory = 512
	return s
}
`,
		"example.com/app": `package main

import (
	"fmt"
	"os"
	"strings"

	"example.com/app/config"
	"example.com/lib"
)

type orders struct {
	thing *lib.Thing
	queue string
}

func newOrders(id string, memory float64) *orders {
	o := &orders{queue: id + "-queue"}
	o.thing = lib.Make(id, &lib.Props{Size: lib.Num(memory)})
	return o
}

func (o *orders) name() string { return strings.ToUpper(o.queue) }

func props(name string) *lib.Props {
	p := &lib.Props{Name: lib.Str(name)}
	p.Nested = &lib.Nested{}
	return p
}

func main() {
	lib.Record("const", config.Prefix)
	lib.Record("version", lib.Version)
	lib.Record("var", config.Region)
	lib.Record("mutable", config.Mutable)
	s := config.Defaults("api")
	lib.Record("helper", s)
	lib.Record("sprintf", fmt.Sprintf("%s-%d", s.Name, 3))
	lib.Record("env", os.Getenv("STAGE"))
	o := newOrders("Orders", 256)
	lib.Record("method", o.name())
	p := props("x")
	p.Size = lib.Num(30)
	lib.Make("Props", p)
	x := 1
	x = x + 1
	lib.Record("reassigned", x)
	stage := os.Getenv("STAGE")
	memory := 128
	if stage == "prod" {
		memory = 1024
	}
	lib.Record("branch", memory)
	same := 5
	if stage == "prod" {
		same = 5
	}
	lib.Record("same", same)
	known := "dev"
	if known == "prod" {
		lib.Record("never", 1)
	} else {
		lib.Record("else", 2)
	}
	for i, name := range []string{"a", "b"} {
		lib.Make(name, &lib.Props{Size: lib.Num(float64(i))})
	}
	count := 0
	for _, n := range strings.Fields(stage) {
		count++
		lib.Make(n, nil)
	}
	lib.Record("count", count)
	tags := map[string]*string{"team": lib.Str("core")}
	tags["env"] = lib.Str(stage)
	lib.Record("tags", tags)
	items := []*string{lib.Str("a")}
	items = append(items, lib.Str("b"))
	lib.Record("items", items)
	f := func(n string) string { return "fn-" + n }
	lib.Record("closure", f("x"))
	th := lib.Make("T", nil)
	th.Add("k", "v")
	var sp lib.Props
	if p != nil {
		sp = *p
	}
	lib.Record("nilcheck", sp.Name)
	switch known {
	case "dev":
		lib.Record("switch", "dev")
	default:
		lib.Record("switch", "other")
	}
	lib.Record("loop", loop())
}

func loop() int {
	total := 0
	for i := 0; i < 4; i++ {
		if i == 2 {
			continue
		}
		total += i
	}
	return total
}
`,
	})
	want := []string{
		`const = "orders"`,
		`version = "v2"`,
		`var = "eu-west-1"`,
		`mutable = ?`,
		`helper = {Name:"orders-api" Memory:512}`,
		`sprintf = "orders-api-3"`,
		`env = ?`,
		`make Orders {Size:256} uncertain=false`,
		`method = "ORDERS-QUEUE"`,
		`make Props {Name:"x" Nested:{} Size:30} uncertain=false`,
		`reassigned = 2`,
		`branch = ?`,
		`same = 5`,
		`else = 2`,
		`make a {Size:0} uncertain=false`,
		`make b {Size:1} uncertain=false`,
		`make  nil uncertain=true`,
		`count = ?`,
		`tags = map["env":? "team":"core"]`,
		`items = ["a" "b"]`,
		`closure = "fn-x"`,
		`make T nil uncertain=false`,
		`T.add k = "v"`,
		`nilcheck = "x"`,
		`switch = "dev"`,
		`loop = 4`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLibraryHelpers checks the library functions the evaluator knows without their
// bodies: the AWS SDK's pointer helpers and encoding/json.Marshal of known values.
func TestLibraryHelpers(t *testing.T) {
	got := run(t, map[string]string{
		"github.com/aws/aws-sdk-go-v2/aws": `package aws

func String(v string) *string { return nil }
`,
		"example.com/app": `package main

import (
	"encoding/json"

	"example.com/lib"
	"github.com/aws/aws-sdk-go-v2/aws"
)

func main() {
	lib.Record("aws.String", aws.String("orders"))
	doc, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{"Effect": "Allow"}}})
	lib.Record("json", string(doc))
	lib.Record("err", err)
	_, err = json.Marshal(map[string]any{"Resource": lib.Str(lib.Version + "x")})
	lib.Record("known", err)
}
`,
	})
	want := []string{
		`aws.String = "orders"`,
		`json = "{\"Statement\":[{\"Effect\":\"Allow\"}],\"Version\":\"2012-10-17\"}"`,
		`err = nil`,
		`known = nil`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBounds checks that recursion and endless loops end, unknown.
func TestBounds(t *testing.T) {
	got := run(t, map[string]string{
		"example.com/app": `package main

import "example.com/lib"

func rec(n int) int { return rec(n+1) }

func main() {
	lib.Record("rec", rec(0))
	i := 0
	for {
		i++
	}
}
`,
	})
	want := []string{`rec = ?`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Package pulumi reads Pulumi programs written in Go (with the AWS provider,
// github.com/pulumi/pulumi-aws) into the provider-neutral model, statically: like the AWS
// CDK reader, it interprets the program's type-checked code with the goeval evaluator from
// its main function through pulumi.Run, and turns each resource the program declares into
// the CloudFormation resource of the same meaning, mapped by the CloudFormation loader's
// code, with every range in the .go files. It never runs the program or Pulumi.
//
// The AWS provider's defaults are Terraform's, which for the settings the checks read are
// CloudFormation's (a 3 s timeout, 128 MB of memory, a 30 s visibility timeout).
package pulumi

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

const pulumiPkg = "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// awsPkg matches the AWS provider's packages: group 1 is the service (lambda, sqs, ...).
var awsPkg = regexp.MustCompile(`^github\.com/pulumi/pulumi-aws/sdk/v\d+/go/aws/(\w+)$`)

// Input is the type-checked code to read.
type Input struct {
	Fset     *token.FileSet
	Packages []*goeval.Package
	Root     string
	Rel      func(filename string) (string, bool)
	// Read returns a repository file's content (Pulumi.yaml), false when it cannot.
	Read func(rel string) ([]byte, bool)
}

// Result is what Read found.
type Result struct {
	Projects   []*model.Project
	Problems   []model.Problem
	Statements []model.Range
}

// UsesPulumiAWS reports whether a package imports the AWS provider for Pulumi.
func UsesPulumiAWS(p *types.Package) bool {
	for _, imp := range p.Imports() {
		if awsPkg.MatchString(imp.Path()) {
			return true
		}
	}
	return false
}

// Read reads every Pulumi program among the packages: each main package that imports the
// AWS provider, or a package of the program that does.
func Read(in Input) Result {
	var res Result
	prog := goeval.NewProgram(in.Fset, in.Packages)
	ours := map[string]bool{}
	for _, p := range in.Packages {
		if p != nil && p.Types != nil {
			ours[p.Types.Path()] = true
		}
	}
	memo := map[string]bool{}
	var uses func(p *types.Package, depth int) bool
	uses = func(p *types.Package, depth int) bool {
		if v, ok := memo[p.Path()]; ok || depth > 32 {
			return v
		}
		memo[p.Path()] = false
		v := UsesPulumiAWS(p)
		for _, imp := range p.Imports() {
			if !v && ours[imp.Path()] {
				v = uses(imp, depth+1)
			}
		}
		memo[p.Path()] = v
		return v
	}
	var mains []*goeval.Package
	for _, p := range in.Packages {
		if p != nil && p.Types != nil && p.Types.Name() == "main" && len(p.Files) > 0 && uses(p.Types, 0) {
			mains = append(mains, p)
		}
	}
	sort.Slice(mains, func(i, j int) bool { return mains[i].Types.Path() < mains[j].Types.Path() })
	seen := map[string]bool{}
	for _, p := range mains {
		fn, ok := p.Types.Scope().Lookup("main").(*types.Func)
		if !ok {
			continue
		}
		file, ok := in.Rel(in.Fset.File(p.Files[0].FileStart).Name())
		if !ok || seen[path.Dir(file)] {
			continue
		}
		dir := path.Dir(file)
		seen[dir] = true
		r := &reader{in: in, dir: dir, resources: map[string]*cloudformation.Resource{}, files: map[string]bool{}}
		r.template = &cloudformation.Template{Dir: dir}
		r.interp = goeval.New(prog, r)
		r.interp.Run(fn)
		if r.at.IsZero() {
			continue // no pulumi.Run: not a program
		}
		p := &model.Project{Format: model.Pulumi, Name: r.projectName(), Path: dir, At: r.at,
			ResourcesUnknown: r.unknown || r.interp.Truncated()}
		for f := range r.files {
			p.Files = append(p.Files, f)
		}
		sort.Strings(p.Files)
		probs, _ := cloudformation.Build(r.template, p, in.Root)
		res.Problems = append(res.Problems, probs...)
		res.Projects = append(res.Projects, p)
		res.Statements = append(res.Statements, r.statements...)
	}
	slices.SortFunc(res.Projects, func(a, b *model.Project) int { return strings.Compare(a.Path, b.Path) })
	return res
}

// reader reads one program.
type reader struct {
	in       Input
	interp   *goeval.Interp
	dir      string
	template *cloudformation.Template
	// resources are the program's resources by name.
	resources  map[string]*cloudformation.Resource
	files      map[string]bool
	statements []model.Range
	// at is the pulumi.Run call: the project's position.
	at      model.Range
	unknown bool
}

// projectName is the name in the program's Pulumi.yaml, or its folder's name.
func (r *reader) projectName() string {
	for _, f := range []string{"Pulumi.yaml", "Pulumi.yml"} {
		if r.in.Read == nil {
			break
		}
		b, ok := r.in.Read(path.Join(r.dir, f))
		if !ok {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "name:"); ok {
				if name := strings.Trim(strings.TrimSpace(v), `"'`); name != "" {
					return name
				}
			}
		}
	}
	return path.Base(r.dir)
}

// resource is a resource the program declares: a value of the program's.
type resource struct {
	spec *spec
	res  *cloudformation.Resource
}

// archive is a pulumi.Archive of a local path.
type archive struct {
	path  string
	known bool
}

// output is an output of a resource: {Ref: id} when attr is "", else {Fn::GetAtt}.
type output struct{ id, attr string }

func (r *reader) rng(n ast.Node) model.Range {
	if n == nil || !n.Pos().IsValid() {
		return model.Range{}
	}
	start, end := r.in.Fset.Position(n.Pos()), r.in.Fset.Position(n.End())
	rel, ok := r.in.Rel(start.Filename)
	if !ok {
		return model.Range{}
	}
	out := model.Range{File: rel, Line: start.Line, Column: start.Column, EndLine: start.Line, EndColumn: start.Column + 1}
	if end.Filename == start.Filename {
		out.EndLine, out.EndColumn = end.Line, end.Column
	}
	return out
}

// header is a resource's position: the call up to its name argument.
func (r *reader) header(call *ast.CallExpr) model.Range {
	end := call.Fun.End()
	if len(call.Args) > 1 && r.in.Fset.Position(call.Args[1].End()).Line == r.in.Fset.Position(call.Pos()).Line {
		end = call.Args[1].End()
	}
	rg := r.rng(call)
	if rg.IsZero() {
		return rg
	}
	e := r.in.Fset.Position(end)
	rg.EndLine, rg.EndColumn = e.Line, e.Column
	return rg
}

// Call gives the Pulumi SDK's and the AWS provider's functions their meaning.
func (r *reader) Call(in *goeval.Interp, c *goeval.Call) (goeval.Value, bool) {
	pkg := c.Func.Pkg()
	if pkg == nil {
		return nil, false
	}
	name := c.Func.Name()
	if sig, ok := c.Func.Type().(*types.Signature); ok && sig.Recv() != nil {
		return r.method(c, name)
	}
	if pkg.Path() == pulumiPkg {
		return r.sdk(in, c, name)
	}
	m := awsPkg.FindStringSubmatch(pkg.Path())
	if m == nil || !strings.HasPrefix(name, "New") {
		return nil, false
	}
	s, ok := specs[m[1]+"."+strings.TrimPrefix(name, "New")]
	if !ok {
		return nil, false
	}
	return goeval.Tuple{r.declare(s, c), goeval.Nil{}}, true
}

// sdk handles the pulumi package: Run, the input constructors, archives.
func (r *reader) sdk(in *goeval.Interp, c *goeval.Call, name string) (goeval.Value, bool) {
	switch name {
	case "Run":
		if r.at.IsZero() {
			r.at = r.header(c.Expr)
		}
		in.CallValue(c.Arg(0), &pulumiContext{})
		return goeval.Nil{}, true
	case "String", "StringPtr", "Int", "IntPtr", "Float64", "Float64Ptr", "Bool", "BoolPtr", "StringRef", "IntRef", "BoolRef",
		"ID", "IDPtr", "ToOutput":
		return c.Arg(0), true
	case "NewFileArchive", "NewFileAsset":
		p, ok := goeval.StringOf(c.Arg(0))
		return archive{path: p, known: ok}, true
	case "NewAssetArchive", "NewRemoteArchive", "NewStringAsset":
		return archive{}, true
	case "Sprintf":
		return sprintf(c.Args)
	}
	return nil, false
}

// joined is a string built from known text and outputs (pulumi.Sprintf): Fn::Join.
type joined struct{ parts []goeval.Value }

// sprintf evaluates pulumi.Sprintf with %s, %v and %d verbs over known values and outputs.
func sprintf(args []goeval.Value) (goeval.Value, bool) {
	if len(args) == 0 {
		return nil, false
	}
	format, ok := goeval.StringOf(args[0])
	if !ok {
		return nil, false
	}
	rest := args[1:]
	var parts []goeval.Value
	var text strings.Builder
	for i := 0; i < len(format); i++ {
		ch := format[i]
		if ch != '%' {
			text.WriteByte(ch)
			continue
		}
		if i+1 >= len(format) {
			return nil, false
		}
		i++
		switch format[i] {
		case '%':
			text.WriteByte('%')
			continue
		case 's', 'v', 'd':
		default:
			return nil, false
		}
		if len(rest) == 0 {
			return nil, false
		}
		a := rest[0]
		rest = rest[1:]
		switch a := a.(type) {
		case output:
			parts = append(parts, goeval.String(text.String()), a)
			text.Reset()
		case goeval.Const:
			if s, ok := goeval.StringOf(a); ok {
				text.WriteString(s)
			} else if n, ok := goeval.IntOf(a); ok {
				text.WriteString(strconv.FormatInt(n, 10))
			} else {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	parts = append(parts, goeval.String(text.String()))
	if len(parts) == 1 {
		return parts[0], true
	}
	return joined{parts: parts}, true
}

// pulumiContext is the *pulumi.Context a program's function receives.
type pulumiContext struct{}

func (r *reader) method(c *goeval.Call, name string) (goeval.Value, bool) {
	switch recv := c.Recv.(type) {
	case *pulumiContext:
		if name == "Export" {
			return goeval.Nil{}, true
		}
	case *resource:
		switch name {
		case "ID", "URN":
			return output{id: recv.res.ID}, true
		}
	case output:
		// ToStringOutput, ToStringPtrOutput and friends: the same value; ApplyT computes
		// something unknown.
		if strings.HasPrefix(name, "To") {
			return recv, true
		}
	}
	return nil, false
}

// Select gives a resource's outputs (fn.Arn, queue.Url) their meaning.
func (r *reader) Select(_ *goeval.Interp, x goeval.Value, name string, _ *ast.SelectorExpr) (goeval.Value, bool) {
	res, ok := x.(*resource)
	if !ok {
		return nil, false
	}
	attr, ok := res.spec.outputs[name]
	if !ok {
		return nil, false
	}
	return output{id: res.res.ID, attr: attr}, true
}

// declare creates a resource from its args.
func (r *reader) declare(s *spec, c *goeval.Call) goeval.Value {
	site := c.Expr
	at := r.header(site)
	name, ok := goeval.StringOf(c.Arg(1))
	if !ok || at.IsZero() {
		r.unknown = true
		return goeval.Unknown{Why: "a resource whose name is not known"}
	}
	extent := r.rng(site)
	props := cloudformation.NewMap(at)
	if args, ok := c.Arg(2).(*goeval.Struct); ok {
		for _, f := range args.Fields {
			fat := at
			if f.At != nil {
				fat = r.rng(f.At)
			}
			r.setField(s, props, "", f.Name, f.Value, fat, 0)
		}
	} else if !goeval.IsNil(c.Arg(2)) {
		res := &cloudformation.Resource{ID: name, Type: s.typ, At: at, Extent: extent, Opaque: true}
		return r.add(s, res)
	}
	if s.finish != nil {
		s.finish(r, props, at)
	}
	res := &cloudformation.Resource{ID: name, Type: s.typ, At: at, Extent: extent, Properties: props}
	r.statements = append(r.statements, extent)
	return r.add(s, res)
}

func (r *reader) add(s *spec, res *cloudformation.Resource) goeval.Value {
	if _, dup := r.resources[res.ID]; dup {
		return &resource{spec: s, res: r.resources[res.ID]}
	}
	if s.typ != "" {
		r.resources[res.ID] = res
		r.template.Resources = append(r.template.Resources, res)
		r.files[res.At.File] = true
	}
	if s.attach != nil && !res.Opaque {
		s.attach(r, res)
	}
	return &resource{spec: s, res: res}
}

// setField converts one arg field into the resource's properties. prefix is the path of
// the struct the field is in ("DestinationConfig.OnFailure."), for the renames of nested
// fields.
func (r *reader) setField(s *spec, m *cloudformation.Value, prefix, field string, v goeval.Value, at model.Range, depth int) {
	if goeval.IsNil(v) || depth > 8 {
		return
	}
	target := field
	if n, ok := s.rename[prefix+field]; ok {
		target = n
	}
	if target == "" {
		return // a field without a CloudFormation meaning
	}
	keys := strings.Split(target, ".")
	for _, k := range keys[:len(keys)-1] {
		next := m.Get(k)
		if next == nil {
			next = cloudformation.NewMap(at)
			m.Set(k, at, next)
		}
		m = next
	}
	key := keys[len(keys)-1]
	if st, ok := v.(*goeval.Struct); ok {
		sub := m.Get(key)
		if sub == nil || sub.Kind != cloudformation.Map {
			sub = cloudformation.NewMap(at)
			m.Set(key, at, sub)
		}
		for _, f := range st.Fields {
			fat := at
			if f.At != nil {
				fat = r.rng(f.At)
			}
			r.setField(s, sub, prefix+field+".", f.Name, f.Value, fat, depth+1)
		}
		return
	}
	if x := r.value(s, prefix+field+".", v, at, depth); x != nil {
		m.Set(key, at, x)
	}
}

// value converts a program value to a template value; prefix is its field's path, for
// the structs in it.
func (r *reader) value(s *spec, prefix string, v goeval.Value, at model.Range, depth int) *cloudformation.Value {
	switch v := v.(type) {
	case goeval.Nil:
		return nil
	case goeval.Const:
		if str, ok := goeval.StringOf(v); ok {
			return cloudformation.Str(str, at)
		}
		if b, ok := goeval.BoolOf(v); ok {
			return cloudformation.Boolean(b, at)
		}
		if f, ok := goeval.FloatOf(v); ok {
			return cloudformation.Num(f, at)
		}
	case output:
		if v.attr == "" {
			return cloudformation.Ref(v.id, at)
		}
		return cloudformation.GetAtt(v.id, v.attr, at)
	case *resource:
		return cloudformation.Ref(v.res.ID, at)
	case joined:
		list := &cloudformation.Value{Kind: cloudformation.List, At: at}
		for _, p := range v.parts {
			if x := r.value(s, prefix, p, at, depth+1); x != nil {
				list.Items = append(list.Items, x)
			}
		}
		return &cloudformation.Value{Kind: cloudformation.Map, At: at, Entries: []cloudformation.Entry{{Key: "Fn::Join", KeyAt: at,
			Value: &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{cloudformation.Str("", at), list}}}}}
	case archive:
		if v.known {
			return cloudformation.Str(v.path, at)
		}
	case *goeval.Slice:
		if v.Unknown {
			break
		}
		out := &cloudformation.Value{Kind: cloudformation.List, At: at}
		for _, e := range v.Elems {
			eat := at
			if e.At != nil {
				eat = r.rng(e.At)
			}
			if x := r.value(s, prefix, e.Value, eat, depth+1); x != nil {
				out.Items = append(out.Items, x)
			}
		}
		return out
	case *goeval.Map:
		if v.Unknown {
			break
		}
		out := cloudformation.NewMap(at)
		for _, e := range v.Entries {
			k, ok := goeval.StringOf(e.Key)
			if !ok {
				return cloudformation.Opaque(at)
			}
			eat := at
			if e.At != nil {
				eat = r.rng(e.At)
			}
			if x := r.value(s, prefix, e.Value, eat, depth+1); x != nil {
				out.Set(k, eat, x)
			}
		}
		return out
	case *goeval.Struct:
		out := cloudformation.NewMap(at)
		for _, f := range v.Fields {
			fat := at
			if f.At != nil {
				fat = r.rng(f.At)
			}
			r.setField(s, out, prefix, f.Name, f.Value, fat, depth+1)
		}
		return out
	}
	return cloudformation.Opaque(at)
}

package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/slslint/slslint/internal/repofile"
)

// maxRepeat bounds what functions that could allocate on request may produce (indent's
// spaces, format's widths, setproduct's combinations).
const maxRepeat = 10_000

// functions returns the functions of an instance: go-cty's standard library under
// Terraform's names, Terraform's own common ones, and file functions reading files inside
// the repository relative to the root module's directory.
func (l *loader) functions(in *instance) map[string]function.Function {
	if in.funcs != nil {
		return in.funcs
	}
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "log": stdlib.LogFunc,
		"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc,
		"signum": stdlib.SignumFunc,
		"chomp":  stdlib.ChompFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
		"substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"index": stdlib.IndexFunc, "keys": stdlib.KeysFunc, "lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc,
		"sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"csvdecode": stdlib.CSVDecodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
		"tobool": stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"length":     lengthFunc,
		"replace":    replaceFunc,
		"indent":     guardNumbers(stdlib.IndentFunc, 0),
		"format":     guardFormat(stdlib.FormatFunc),
		"formatlist": guardFormat(stdlib.FormatListFunc),
		"setproduct": guardProduct(stdlib.SetProductFunc),
		"alltrue":    boolFold(true), "anytrue": boolFold(false),
		"one": oneFunc, "sum": sumFunc,
		"startswith": stringTest(strings.HasPrefix), "endswith": stringTest(strings.HasSuffix),
		"strcontains":  stringTest(strings.Contains),
		"base64encode": stringMap(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": stringMap(func(s string) (string, error) {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil || !utf8.Valid(b) {
				return "", fmt.Errorf("invalid base64 or not UTF-8")
			}
			return string(b), nil
		}),
		"md5":    stringMap(hexHash(func(b []byte) []byte { h := md5.Sum(b); return h[:] })),
		"sha1":   stringMap(hexHash(func(b []byte) []byte { h := sha1.Sum(b); return h[:] })),
		"sha256": stringMap(hexHash(func(b []byte) []byte { h := sha256.Sum256(b); return h[:] })),
		"sha512": stringMap(hexHash(func(b []byte) []byte { h := sha512.Sum512(b); return h[:] })),
		"base64sha256": stringMap(func(s string) (string, error) {
			h := sha256.Sum256([]byte(s))
			return base64.StdEncoding.EncodeToString(h[:]), nil
		}),
		"urlencode": stringMap(func(s string) (string, error) { return url.QueryEscape(s), nil }),
		"basename":  stringMap(func(s string) (string, error) { return path.Base(filepath.ToSlash(s)), nil }),
		"dirname":   stringMap(func(s string) (string, error) { return path.Dir(filepath.ToSlash(s)), nil }),
		"sensitive": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true, AllowNull: true, AllowDynamicType: true}},
			Type:   function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				return args[0].Mark(secretMark{}), nil
			},
		}),
		"nonsensitive": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowMarked: true, AllowUnknown: true, AllowNull: true, AllowDynamicType: true}},
			Type:   function.StaticReturnType(cty.DynamicPseudoType),
			Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
				v, marks := args[0].Unmark()
				delete(marks, secretMark{})
				return v.WithMarks(marks), nil
			},
		}),
	}
	// Functions whose results depend on the machine, the clock, the network or files
	// outside what is worth reading: unknown.
	for _, name := range []string{"timestamp", "uuid", "uuidv5", "bcrypt", "abspath", "pathexpand", "filemd5", "filesha1",
		"filesha256", "filesha512", "filebase64sha256", "filebase64sha512", "fileset", "yamldecode", "yamlencode",
		"cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "rsadecrypt", "textdecodebase64", "textencodebase64",
		"base64gzip", "transpose", "plantimestamp", "templatestring", "tobool_", "ephemeralasnull", "issensitive"} {
		fs[name] = unknownFunc
	}
	files := &fileFuncs{l: l, in: in}
	fs["file"] = files.fileFunc()
	fs["fileexists"] = files.existsFunc()
	fs["filebase64"] = files.base64Func()
	fs["templatefile"] = files.templateFunc()
	in.funcs = fs
	return fs
}

var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
		return cty.DynamicVal, nil
	},
})

// lengthFunc is Terraform's length: collections, and the characters of a string.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() || ty == cty.DynamicPseudoType {
			return cty.Number, nil
		}
		return cty.NilType, fmt.Errorf("argument must be a string, a collection type, or a structural type")
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		if !v.IsKnown() {
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		}
		if v.Type() == cty.String {
			n, err := stdlib.Strlen(v)
			return n.WithMarks(marks), err
		}
		if v.Type().IsTupleType() || v.Type().IsObjectType() {
			return cty.NumberIntVal(int64(v.LengthInt())).WithMarks(marks), nil
		}
		return v.Length().WithMarks(marks), nil
	},
})

// replaceFunc is Terraform's replace: a substring, or a regular expression written /re/.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(re.ReplaceAllString(str, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, sub, rep)), nil
	},
})

// guardNumbers refuses a call whose numeric argument i exceeds maxRepeat.
func guardNumbers(f function.Function, i int) function.Function {
	return function.New(&function.Spec{
		Params: f.Params(), VarParam: f.VarParam(),
		Type: f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if n := args[i]; n.IsKnown() && !n.IsNull() && n.Type() == cty.Number {
				if bf := n.AsBigFloat(); bf.Abs(bf).Cmp(bigFloat(maxRepeat)) > 0 {
					return cty.DynamicVal, fmt.Errorf("argument too large")
				}
			}
			return f.Call(args)
		},
	})
}

var widthRe = regexp.MustCompile(`%[-+# 0]*(\d+)|\.(\d+)`)

// guardFormat refuses format strings with widths or precisions beyond maxRepeat.
func guardFormat(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params: f.Params(), VarParam: f.VarParam(),
		Type: f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if fs := args[0]; fs.IsKnown() && !fs.IsNull() {
				for _, m := range widthRe.FindAllStringSubmatch(fs.AsString(), -1) {
					for _, d := range m[1:] {
						if len(d) > 4 {
							return cty.DynamicVal, fmt.Errorf("width too large")
						}
					}
				}
			}
			return f.Call(args)
		},
	})
}

// guardProduct refuses a setproduct with more than maxRepeat combinations.
func guardProduct(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params: f.Params(), VarParam: f.VarParam(),
		Type: f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			n := 1
			for _, a := range args {
				if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
					n *= max(a.LengthInt(), 1)
					if n > maxRepeat {
						return cty.DynamicVal, fmt.Errorf("too many combinations")
					}
				}
			}
			return f.Call(args)
		},
	})
}

func boolFold(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if !v.IsKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				if v.IsNull() {
					if all {
						return cty.False, nil
					}
					continue
				}
				if v.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			if n := len(ty.TupleElementTypes()); n == 1 {
				return ty.TupleElementTypes()[0], nil
			}
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, fmt.Errorf("must be a list, set, or tuple")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.DynamicVal, fmt.Errorf("must have zero or one elements")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		total := cty.NumberIntVal(0)
		if !args[0].CanIterateElements() {
			return cty.DynamicVal, fmt.Errorf("must be a collection")
		}
		for it := args[0].ElementIterator(); it.Next(); {
			_, v := it.Element()
			if !v.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if v.IsNull() || v.Type() != cty.Number {
				return cty.DynamicVal, fmt.Errorf("elements must be numbers")
			}
			total = total.Add(v)
		}
		return total, nil
	},
})

func stringTest(test func(s, sub string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "sub", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(test(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func stringMap(fn func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := fn(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
}

func hexHash(sum func([]byte) []byte) func(string) (string, error) {
	return func(s string) (string, error) { return hex.EncodeToString(sum([]byte(s))), nil }
}

// fileFuncs are file, fileexists, filebase64 and templatefile for one module instance.
type fileFuncs struct {
	l  *loader
	in *instance
}

// resolve returns a path argument as an absolute path inside the repository: relative
// paths are relative to the root module's directory, as Terraform's working directory.
func (ff *fileFuncs) resolve(p string) (abs, rel string, err error) {
	abs = filepath.FromSlash(p)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(ff.in.ps.rootDir, abs)
	}
	abs = filepath.Clean(abs)
	rel, inside := ff.l.rel(abs)
	if !inside {
		return "", "", fmt.Errorf("%s is outside the repository", p)
	}
	return abs, rel, nil
}

// read reads a file inside the repository, recording it among the project's files. A path
// that resolves outside the repository or names something other than a regular file is an
// unreadablePath error, which evaluation reports at the call; a missing file is a plain
// error (it may be built before deployment) and the value is only unknown.
func (ff *fileFuncs) read(p string) ([]byte, string, error) {
	abs, rel, err := ff.resolve(p)
	if err != nil {
		return nil, "", &unreadablePath{path: p, reason: repofile.ErrOutside}
	}
	b, err := ff.l.readLimited(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
		return nil, "", &unreadablePath{path: p, reason: err}
	}
	ff.in.ps.addFile(rel)
	return b, rel, nil
}

// unreadablePath is a file function's path argument that slslint refuses to read.
type unreadablePath struct {
	path   string
	reason error
}

func (e *unreadablePath) Error() string {
	return "the path " + quote(e.path) + " " + repofile.Describe(e.reason)
}

func (ff *fileFuncs) fileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			b, _, err := ff.read(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			if !utf8.Valid(b) {
				return cty.UnknownVal(cty.String), fmt.Errorf("file is not UTF-8")
			}
			return cty.StringVal(string(b)), nil
		},
	})
}

func (ff *fileFuncs) base64Func() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			b, _, err := ff.read(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
		},
	})
}

func (ff *fileFuncs) existsFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			abs, _, err := ff.resolve(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.Bool), nil
			}
			info, err := ff.l.repo.Stat(abs)
			if errors.Is(err, repofile.ErrOutside) {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(err == nil && info.Mode().IsRegular()), nil
		},
	})
}

// templateFunc is templatefile: the template is parsed (once per call) and evaluated with
// the given variables and the same functions, except templatefile itself, which Terraform
// also forbids inside templates.
func (ff *fileFuncs) templateFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			tmpl, err := ff.parseTemplate(args[0].AsString())
			if err != nil {
				return cty.DynamicVal, err
			}
			vars := args[1]
			if !vars.IsKnown() {
				return cty.DynamicVal, nil
			}
			ctx := ff.templateContext(vars)
			if ctx == nil {
				return cty.DynamicVal, fmt.Errorf("template variables must be a map or object")
			}
			v, diags := tmpl.Value(ctx)
			if diags.HasErrors() {
				return cty.DynamicVal, diags
			}
			return v, nil
		},
	})
}

func (ff *fileFuncs) parseTemplate(p string) (hclsyntax.Expression, error) {
	b, rel, err := ff.read(p)
	if err != nil {
		return nil, err
	}
	if _, _, deep := tooDeep(b); deep || !utf8.Valid(b) {
		return nil, fmt.Errorf("template is not readable")
	}
	expr, diags := hclsyntax.ParseTemplate(b, rel, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return nil, diags
	}
	guardForExprs(expr, ff.l.budget)
	return expr, nil
}

func (ff *fileFuncs) templateContext(vars cty.Value) *hcl.EvalContext {
	uv, _ := vars.Unmark()
	if uv.IsNull() || !uv.Type().IsMapType() && !uv.Type().IsObjectType() {
		return nil
	}
	m := map[string]cty.Value{}
	for it := vars.ElementIterator(); it.Next(); {
		k, v := it.Element()
		m[k.AsString()] = v
	}
	fns := map[string]function.Function{}
	for name, f := range ff.l.functions(ff.in) {
		if name != "templatefile" {
			fns[name] = f
		}
	}
	return &hcl.EvalContext{Variables: m, Functions: fns}
}

func bigFloat(n int) *big.Float { return new(big.Float).SetInt64(int64(n)) }

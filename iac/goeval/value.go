// Package goeval evaluates Go code statically, for the readers of infrastructure written in
// Go (the AWS CDK and Pulumi readers): it interprets a program's type-checked syntax from
// its entry point — main, the constructors of stacks and constructs, the helpers that build
// their properties — tracking the values that are known without running anything: constants,
// literals, locals and struct fields as they are assigned, composite literals, the results
// of the program's own functions and methods, across packages.
//
// Calls into code the evaluator has no syntax for (a library: the CDK, Pulumi) are handed to
// the reader's Hooks, which give them meaning (a construct, a duration, a resource) or
// leave them unknown. What cannot be known statically — the environment, a file's content,
// a branch on an unknown condition, a loop over an unknown collection — is Unknown, and
// stays unknown through everything computed from it: a reader never concludes anything
// from an unknown value.
//
// The evaluator never runs the program: it walks its syntax, with bounds on steps, call
// depth and loop iterations, so that hostile or recursive code costs bounded time.
package goeval

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// A Value is what an expression evaluates to: one of the types of this package, or a type
// of a reader's own (a construct, a resource) that its Hooks create.
type Value any

// Unknown is a value that is not known statically; Why says what it depends on, for
// debugging and for messages that name it.
type Unknown struct{ Why string }

// Nil is the nil pointer, slice, map or interface.
type Nil struct{}

// Const is a known scalar: a string, a number or a bool.
type Const struct{ V constant.Value }

// String returns a Const holding s.
func String(s string) Const { return Const{constant.MakeString(s)} }

// Int returns a Const holding i.
func Int(i int64) Const { return Const{constant.MakeInt64(i)} }

// Float returns a Const holding f.
func Float(f float64) Const { return Const{constant.MakeFloat64(f)} }

// Bool returns a Const holding b.
func Bool(b bool) Const { return Const{constant.MakeBool(b)} }

// A Struct is a struct value (a composite literal, a zero value). Structs are shared by
// reference: the evaluator does not copy them on assignment, which is what the programs it
// reads expect of their props (&FunctionProps{...}, then props.Timeout = ...).
type Struct struct {
	// Type is the struct's type, named when it has a name.
	Type types.Type
	// Fields are the fields set, in the order they were first set.
	Fields []*Field
}

// A Field is a struct field that was set, with where: the key-value of a composite literal
// or the assignment statement.
type Field struct {
	Name  string
	Value Value
	At    ast.Node
}

// Field returns the field named name, or nil when it was never set.
func (s *Struct) Field(name string) *Field {
	for _, f := range s.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Set sets a field, recording where.
func (s *Struct) Set(name string, v Value, at ast.Node) {
	if f := s.Field(name); f != nil {
		f.Value, f.At = v, at
		return
	}
	s.Fields = append(s.Fields, &Field{Name: name, Value: v, At: at})
}

func (s *Struct) remove(name string) {
	for i, f := range s.Fields {
		if f.Name == name {
			s.Fields = append(s.Fields[:i:i], s.Fields[i+1:]...)
			return
		}
	}
}

// A Slice is a slice or array value. Unknown is set when it may hold elements that are not
// listed (appended from an unknown slice, built in an unknown loop).
type Slice struct {
	Elems   []Elem
	Unknown bool
}

// An Elem is one element of a slice with where it is written.
type Elem struct {
	Value Value
	At    ast.Node
}

// A Map is a map value; Unknown is set when it may hold entries that are not listed.
type Map struct {
	Entries []Entry
	Unknown bool
}

// An Entry is one entry of a map with where it is written.
type Entry struct {
	Key, Value Value
	At         ast.Node
}

// Get returns the value of a known string key.
func (m *Map) Get(key string) (Entry, bool) {
	for _, e := range m.Entries {
		if k, ok := StringOf(e.Key); ok && k == key {
			return e, true
		}
	}
	return Entry{}, false
}

// A Tuple is the results of a call that returns several.
type Tuple []Value

// A Closure is a function value of the program: a declared function or method (with its
// receiver bound), or a function literal with the variables it captures.
type Closure struct {
	decl *funcCode
	lit  *ast.FuncLit
	info *types.Info
	env  *frame
	recv Value
	// Func is the declared function, nil for a literal.
	Func *types.Func
}

// StringOf returns a known string.
func StringOf(v Value) (string, bool) {
	c, ok := v.(Const)
	if !ok || c.V == nil || c.V.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(c.V), true
}

// FloatOf returns a known number.
func FloatOf(v Value) (float64, bool) {
	c, ok := v.(Const)
	if !ok || c.V == nil || (c.V.Kind() != constant.Int && c.V.Kind() != constant.Float) {
		return 0, false
	}
	f, _ := constant.Float64Val(constant.ToFloat(c.V))
	return f, true
}

// IntOf returns a known number that is a whole number.
func IntOf(v Value) (int64, bool) {
	f, ok := FloatOf(v)
	if !ok || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// BoolOf returns a known bool.
func BoolOf(v Value) (bool, bool) {
	c, ok := v.(Const)
	if !ok || c.V == nil || c.V.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.V), true
}

// IsUnknown reports whether v is Unknown.
func IsUnknown(v Value) bool {
	_, ok := v.(Unknown)
	return ok || v == nil
}

// IsNil reports whether v is the nil value.
func IsNil(v Value) bool {
	_, ok := v.(Nil)
	return ok
}

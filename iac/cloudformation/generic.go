package cloudformation

import (
	"strconv"

	"github.com/slslint/slslint/iac/model"
)

// Infrastructure written in Go (the AWS CDK and Pulumi readers) describes resources that
// are, or map one to one onto, CloudFormation resources. Those readers build the resources
// as a Template of generic values, each with its range in the .go files, and Build maps it
// with the same code that maps a template file: one mapping of every resource type, not
// one per format.

// ValueKind is the kind of a generic value.
type ValueKind uint8

// Value kinds.
const (
	String ValueKind = iota + 1
	Number
	Bool
	Null
	Map
	List
	// Unknown is a value written but not known statically.
	Unknown
)

// A Value is a property value with its range.
type Value struct {
	Kind ValueKind
	// Text is a scalar's text.
	Text string
	// Entries are a map's entries, Items a list's.
	Entries []Entry
	Items   []*Value
	At      model.Range
	// Default marks a value the library fills in when the program does not write it (the
	// AWS CDK's documented defaults that differ from CloudFormation's): the model reports
	// it as a Default, at At.
	Default bool
	// Secret marks a value that comes from a secret store.
	Secret bool
}

// An Entry is one entry of a map value.
type Entry struct {
	Key   string
	KeyAt model.Range
	Value *Value
}

// Str returns a string value.
func Str(s string, at model.Range) *Value { return &Value{Kind: String, Text: s, At: at} }

// Num returns a number value.
func Num(f float64, at model.Range) *Value {
	return &Value{Kind: Number, Text: strconv.FormatFloat(f, 'f', -1, 64), At: at}
}

// Boolean returns a bool value.
func Boolean(b bool, at model.Range) *Value {
	return &Value{Kind: Bool, Text: strconv.FormatBool(b), At: at}
}

// Opaque returns an unknown value.
func Opaque(at model.Range) *Value { return &Value{Kind: Unknown, At: at} }

// Ref returns {Ref: id}: the resource's name (a function's, a queue's URL...).
func Ref(id string, at model.Range) *Value {
	return &Value{Kind: Map, At: at, Entries: []Entry{{Key: "Ref", KeyAt: at, Value: Str(id, at)}}}
}

// GetAtt returns {Fn::GetAtt: [id, attribute]}.
func GetAtt(id, attr string, at model.Range) *Value {
	return &Value{Kind: Map, At: at, Entries: []Entry{{Key: "Fn::GetAtt", KeyAt: at,
		Value: &Value{Kind: List, At: at, Items: []*Value{Str(id, at), Str(attr, at)}}}}}
}

// NewMap returns an empty map value.
func NewMap(at model.Range) *Value { return &Value{Kind: Map, At: at} }

// Set sets a map entry, replacing one of the same key.
func (v *Value) Set(key string, keyAt model.Range, val *Value) {
	if val == nil {
		return
	}
	for i := range v.Entries {
		if v.Entries[i].Key == key {
			v.Entries[i] = Entry{Key: key, KeyAt: keyAt, Value: val}
			return
		}
	}
	v.Entries = append(v.Entries, Entry{Key: key, KeyAt: keyAt, Value: val})
}

// Get returns a map entry's value, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil {
		return nil
	}
	for _, e := range v.Entries {
		if e.Key == key {
			return e.Value
		}
	}
	return nil
}

// A Resource is one resource of a generic template.
type Resource struct {
	// ID is its logical ID within the project; Type its CloudFormation type.
	ID, Type string
	// At is its header, where findings about settings it lacks are reported; Extent is the
	// whole declaration, which a suppression on it covers.
	At, Extent model.Range
	Properties *Value
	Metadata   *Value
	// Opaque is set when the resource exists but none of its properties can be read.
	Opaque bool
}

// A Template is the resources of one project of a reader of infrastructure written in Go.
type Template struct {
	// Dir is the directory relative paths are resolved against (the CDK app's folder),
	// relative to the repository root.
	Dir       string
	Resources []*Resource
}

// Build maps a generic template's resources into p, as Load maps a template file's, and
// returns the problems found and the suppressions its resources' metadata holds. root is the
// repository root (absolute): code paths are looked up below it.
func Build(t *Template, p *model.Project, root string) ([]model.Problem, []model.Suppression) {
	res := &node{kind: mapNode}
	for _, r := range t.Resources {
		body := &node{kind: mapNode, rng: r.Extent}
		body.content = append(body.content, &node{kind: scalarNode, value: "Type", rng: r.At}, &node{kind: scalarNode, value: r.Type, rng: r.At})
		switch {
		case r.Opaque:
			body.content = append(body.content, &node{kind: scalarNode, value: "Properties", rng: r.At},
				&node{kind: scalarNode, value: "${?}", opaque: true, rng: r.At})
		case r.Properties != nil:
			body.content = append(body.content, &node{kind: scalarNode, value: "Properties", rng: r.At}, toNode(r.Properties, 0))
		}
		if r.Metadata != nil {
			body.content = append(body.content, &node{kind: scalarNode, value: "Metadata", rng: r.At}, toNode(r.Metadata, 0))
		}
		res.content = append(res.content, &node{kind: scalarNode, value: r.ID, rng: r.At}, body)
	}
	doc := &node{kind: mapNode, content: []*node{{kind: scalarNode, value: "Resources"}, res}}
	tp := newTemplate(newText(nil, p.Path), doc, t.Dir)
	b := newProjectBuilder(tp, root, p)
	b.build()
	return tp.problems, b.sups
}

// maxValueDepth bounds the nesting of generic values (a program can build deep values in
// a loop).
const maxValueDepth = 64

func toNode(v *Value, depth int) *node {
	if v == nil {
		return &node{kind: scalarNode, typ: nullType}
	}
	if depth > maxValueDepth {
		return &node{kind: scalarNode, value: "${?}", opaque: true, rng: v.At}
	}
	n := &node{rng: v.At, secret: v.Secret, dflt: v.Default}
	switch v.Kind {
	case String:
		n.kind, n.typ, n.value = scalarNode, strType, v.Text
	case Number:
		n.kind, n.typ, n.value = scalarNode, floatType, v.Text
		if _, err := strconv.Atoi(v.Text); err == nil {
			n.typ = intType
		}
	case Bool:
		n.kind, n.typ, n.value = scalarNode, boolType, v.Text
	case Null:
		n.kind, n.typ = scalarNode, nullType
	case Map:
		n.kind = mapNode
		for _, e := range v.Entries {
			n.content = append(n.content, &node{kind: scalarNode, value: e.Key, rng: e.KeyAt}, toNode(e.Value, depth+1))
		}
	case List:
		n.kind = seqNode
		for _, it := range v.Items {
			n.content = append(n.content, toNode(it, depth+1))
		}
	default:
		n.kind, n.value, n.opaque = scalarNode, "${?}", true
	}
	return n
}

package cloudformation

import (
	"github.com/slslint/slslint/iac/model"
)

// nodeKind is the shape of a template value.
type nodeKind uint8

const (
	scalarNode nodeKind = iota + 1
	mapNode
	seqNode
)

// scalarType is the type a scalar was written with: YAML's core schema resolution for plain
// scalars, string for quoted ones, JSON's literal types.
type scalarType uint8

const (
	strType scalarType = iota
	intType
	floatType
	boolType
	nullType
)

// A node is one value of a template with its exact source range. YAML and JSON templates
// both become node trees, so that everything after parsing is format-independent. YAML
// short-form intrinsics (!Ref X) are normalised to their long form ({Ref: X}) with the
// tag's range as the key's, so resolution handles one spelling.
//
// Trees may share subtrees (YAML aliases point at their anchor's node); walks are bounded
// by the expansion limit checked when the tree is built.
type node struct {
	kind  nodeKind
	typ   scalarType
	value string
	// content holds a mapping's keys and values alternately, or a sequence's items.
	content []*node
	rng     model.Range
	// literal marks a YAML literal block scalar (|), whose lines map one to one onto the
	// source: documents embedded in one keep exact positions.
	literal bool
	// opaque marks a value that is not known statically although it is written: a
	// Serverless Framework variable that cannot be resolved (${env:X}, ${ssm:/path}) in the
	// raw CloudFormation of a service. secret is set when it reads a secret store.
	opaque, secret bool
	// dflt marks a value that a library fills in when the program does not write it (see
	// Value.Default): its attribute is a Default, not Explicit.
	dflt bool
}

// get returns the value of key in a mapping node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i := 0; i+1 < len(n.content); i += 2 {
		if n.content[i].value == key {
			return n.content[i+1]
		}
	}
	return nil
}

// getKey returns the key node and value of key in a mapping node.
func (n *node) getKey(key string) (k, v *node) {
	if n == nil || n.kind != mapNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.content); i += 2 {
		if n.content[i].value == key {
			return n.content[i], n.content[i+1]
		}
	}
	return nil, nil
}

// path follows keys through nested mappings.
func (n *node) path(keys ...string) *node {
	for _, k := range keys {
		n = n.get(k)
		if n == nil {
			return nil
		}
	}
	return n
}

// pairs calls f for each key and value of a mapping node.
func (n *node) pairs(f func(k, v *node)) {
	if n == nil || n.kind != mapNode {
		return
	}
	for i := 0; i+1 < len(n.content); i += 2 {
		f(n.content[i], n.content[i+1])
	}
}

// intrinsic reports whether n is an intrinsic function call: a mapping with a single key
// that is Ref, Condition or starts with Fn::, returning the function name and argument.
func (n *node) intrinsic() (fn string, arg *node, ok bool) {
	if n == nil || n.kind != mapNode || len(n.content) != 2 {
		return "", nil, false
	}
	k := n.content[0].value
	if k == "Ref" || k == "Condition" || (len(k) > 4 && k[:4] == "Fn::") {
		return k, n.content[1], true
	}
	return "", nil, false
}

// isNull reports whether n is absent or an explicit null.
func (n *node) isNull() bool {
	return n == nil || (n.kind == scalarNode && n.typ == nullType)
}

// span returns the range from the start of from to the end of to, or of from if it ends
// later: a whole mapping entry, from its key to its value's end.
func span(from, to model.Range) model.Range {
	r := from
	if to.EndLine > r.EndLine || (to.EndLine == r.EndLine && to.EndColumn > r.EndColumn) {
		r.EndLine, r.EndColumn = to.EndLine, to.EndColumn
	}
	return r
}

// isIntrinsic reports whether n is an intrinsic function call.
func isIntrinsic(n *node) bool {
	_, _, ok := n.intrinsic()
	return ok
}

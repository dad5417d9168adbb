package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/internal/jsonsyntax"
	"github.com/slslint/slslint/iac/model"
)

// parseJSON parses a JSON template into a node tree, with JSON's rules (not YAML's, which
// would accept what CloudFormation rejects) and exact byte ranges.
func parseJSON(t *text) (*node, *model.Problem) {
	if p := checkEncoding(t); p != nil {
		return nil, p
	}
	v, err := jsonsyntax.Parse(t.src, maxDepth)
	switch {
	case err != nil && err.Empty:
		return nil, t.problem(0, "the template is empty")
	case err != nil:
		return nil, t.problem(err.Offset, "cannot parse JSON: %s", err.Msg)
	}
	return jsonNode(t, v), nil
}

// jsonNode converts a parsed JSON value into the node tree the YAML reader also produces.
func jsonNode(t *text, v *jsonsyntax.Value) *node {
	rng := t.rng(v.Start, v.End)
	switch v.Kind {
	case jsonsyntax.Object:
		n := &node{kind: mapNode, rng: rng, content: make([]*node, 0, 2*len(v.Fields))}
		for _, f := range v.Fields {
			key := &node{kind: scalarNode, typ: strType, value: f.Key, rng: t.rng(f.KeyStart, f.KeyEnd)}
			n.content = append(n.content, key, jsonNode(t, f.Value))
		}
		return n
	case jsonsyntax.Array:
		n := &node{kind: seqNode, rng: rng, content: make([]*node, 0, len(v.Elems))}
		for _, e := range v.Elems {
			n.content = append(n.content, jsonNode(t, e))
		}
		return n
	case jsonsyntax.String:
		return &node{kind: scalarNode, typ: strType, value: v.Text, rng: rng}
	case jsonsyntax.Number:
		typ := intType
		if strings.ContainsAny(v.Text, ".eE") {
			typ = floatType
		}
		return &node{kind: scalarNode, typ: typ, value: v.Text, rng: rng}
	case jsonsyntax.Bool:
		return &node{kind: scalarNode, typ: boolType, value: v.Text, rng: rng}
	default:
		return &node{kind: scalarNode, typ: nullType, rng: rng}
	}
}

package cloudformation

import (
	"strings"
	"unicode"
)

// The AWS::LanguageExtensions transform adds Fn::ForEach loops, which CloudFormation
// expands before anything else reads the template:
//
//	Fn::ForEach::Topics:
//	  - Name                    # identifier
//	  - [Success, Failure]      # collection: a list, or a Ref to a CommaDelimitedList
//	  - Topic${Name}:           # fragment: each key and value is copied per item, with
//	      Type: AWS::SNS::Topic #   ${Name} and &{Name} (non-alphanumerics removed)
//	      Properties:           #   replaced in every string and Ref Name replaced by the
//	        TopicName: !Ref Name #  item
//
// A loop whose collection is known is expanded here, in place, so the rest of the loader
// sees the resources CloudFormation would create; nested loops expand in turn. A loop whose
// collection cannot be resolved creates resources of the types its fragment names, but
// neither how many nor their settings are known: they are kept as opaque resources (a
// budget or an alarm among them still counts) and the template is marked as having
// resources that cannot be read, so that no check concludes that something is missing.
//
// A Resources-level Fn::Transform (an AWS::Include snippet on S3) is unknown content of
// the same kind.

const (
	forEachPrefix = "Fn::ForEach::"
	// maxLoopEntries bounds the entries all loops of a template generate: CloudFormation
	// itself accepts 500 resources, and nested loops over long lists multiply.
	maxLoopEntries = 10_000
)

// loopExpander expands the loops of one section of a template.
type loopExpander struct {
	tp *template
	// resources is set for the Resources section, whose unknown loops still declare
	// opaque resources.
	resources bool
	entries   int
	// exhausted is set once the loops generated maxLoopEntries entries.
	exhausted bool
	// unknown is set when some generated entries could not be known.
	unknown bool
	// done memoizes unchanged subtrees: aliased YAML subtrees are shared.
	done map[*node]*node
}

// expandSection returns a Resources or Conditions mapping with its loops expanded, and
// whether some of its entries cannot be known (an unknown loop collection, an include).
func (tp *template) expandSection(sec *node, resources bool) (*node, bool) {
	if sec == nil || sec.kind != mapNode {
		return sec, false
	}
	e := &loopExpander{tp: tp, resources: resources, done: map[*node]*node{}}
	out := e.mapping(sec, true, 0)
	return out, e.unknown
}

// mapping expands the loops among a mapping's entries and in its values; top is set for
// the section itself, where a Fn::Transform entry is an include.
func (e *loopExpander) mapping(m *node, top bool, depth int) *node {
	if d, ok := e.done[m]; ok {
		return d
	}
	if depth > maxDepth || e.tp.steps > maxEvalSteps {
		return m
	}
	e.tp.steps++
	changed := false
	content := make([]*node, 0, len(m.content))
	m.pairs(func(k, v *node) {
		switch {
		case strings.HasPrefix(k.value, forEachPrefix):
			changed = true
			content = append(content, e.loop(k, v, depth)...)
		case top && k.value == "Fn::Transform":
			// An AWS::Include snippet merged in at deployment: unknown resources.
			changed = true
			e.unknown = true
		default:
			nv := e.value(v, depth+1)
			changed = changed || nv != v
			content = append(content, k, nv)
		}
	})
	out := m
	if changed {
		out = &node{kind: mapNode, rng: m.rng, content: content}
	}
	e.done[m] = out
	return out
}

// value expands the loops below a value (property-level loops).
func (e *loopExpander) value(n *node, depth int) *node {
	switch {
	case n == nil || n.opaque:
		return n
	case n.kind == mapNode:
		return e.mapping(n, false, depth)
	case n.kind == seqNode:
		var items []*node
		for i, c := range n.content {
			nc := e.value(c, depth+1)
			if nc != c && items == nil {
				items = append(make([]*node, 0, len(n.content)), n.content[:i]...)
			}
			if items != nil {
				items = append(items, nc)
			}
		}
		if items != nil {
			return &node{kind: seqNode, rng: n.rng, content: items}
		}
	}
	return n
}

// loop expands one Fn::ForEach entry into the key/value pairs it generates.
func (e *loopExpander) loop(k, v *node, depth int) []*node {
	if v.kind != seqNode || len(v.content) != 3 || v.content[0].kind != scalarNode || v.content[0].value == "" ||
		v.content[2].kind != mapNode {
		e.tp.problem(k.rng, "%s must be a list of an identifier, a collection and a template fragment", k.value)
		return nil
	}
	if e.exhausted {
		return nil
	}
	id, fragment := v.content[0].value, v.content[2]
	items, known := e.collection(v.content[1])
	if !known {
		e.unknown = true
		frag := e.mapping(substitute(fragment, id, "", false), false, depth+1)
		var out []*node
		frag.pairs(func(fk, fv *node) {
			if e.resources {
				out = append(out, fk, opaqueResource(fv))
			}
		})
		return out
	}
	var out []*node
	for _, item := range items {
		if e.exhausted {
			break
		}
		if e.entries += len(fragment.content) / 2; e.entries > maxLoopEntries {
			e.tp.problem(k.rng, "loops of this template generate more than %d entries; the rest are not read", maxLoopEntries)
			e.unknown, e.exhausted = true, true
			break
		}
		frag := e.mapping(substitute(fragment, id, item, true), false, depth+1)
		out = append(out, frag.content...)
	}
	return out
}

// collection returns a loop's items when they are known strings.
func (e *loopExpander) collection(n *node) ([]string, bool) {
	v := e.tp.eval(n)
	if !v.known() || !v.isList {
		return nil, false
	}
	items := make([]string, 0, len(v.list))
	for _, it := range v.list {
		if !it.known() || it.isList || it.m != nil {
			return nil, false
		}
		items = append(items, it.s)
	}
	return items, true
}

// opaqueResource keeps a generated resource's type (when it does not depend on the
// loop) and hides its settings: none of them is known for an unknown item.
func opaqueResource(v *node) *node {
	if v.kind != mapNode {
		return &node{kind: mapNode, rng: v.rng, opaque: true}
	}
	out := &node{kind: mapNode, rng: v.rng}
	v.pairs(func(k, val *node) {
		switch k.value {
		case "Type":
			out.content = append(out.content, k, val)
		case "Properties":
			out.content = append(out.content, k, &node{kind: mapNode, rng: val.rng, opaque: true})
		}
	})
	if out.get("Properties") == nil {
		out.content = append(out.content, &node{kind: scalarNode, typ: strType, value: "Properties", rng: v.rng},
			&node{kind: mapNode, rng: v.rng, opaque: true})
	}
	return out
}

// substitute copies a loop's fragment for one item: ${id} and &{id} are replaced in every
// string (keys included) and Ref id becomes the item. When the item is not known, every
// string that names it, and Ref id, become opaque.
func substitute(n *node, id, item string, known bool) *node {
	plain, alnum := "${"+id+"}", "&{"+id+"}"
	alnumItem := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, item)
	memo := map[*node]*node{}
	var sub func(n *node) *node
	sub = func(n *node) *node {
		if n == nil {
			return nil
		}
		if d, ok := memo[n]; ok {
			return d
		}
		var out *node
		switch n.kind {
		case scalarNode:
			out = n
			if n.typ == strType && (strings.Contains(n.value, plain) || strings.Contains(n.value, alnum)) {
				c := *n
				if known {
					c.value = strings.ReplaceAll(strings.ReplaceAll(n.value, plain, item), alnum, alnumItem)
				} else {
					c.opaque = true
				}
				out = &c
			}
		case mapNode:
			if fn, arg, ok := n.intrinsic(); ok && fn == "Ref" && arg.kind == scalarNode && arg.value == id {
				out = &node{kind: scalarNode, typ: strType, value: item, rng: n.rng, opaque: !known}
				break
			}
			c := &node{kind: mapNode, rng: n.rng, opaque: n.opaque, secret: n.secret, content: make([]*node, len(n.content))}
			for i, x := range n.content {
				c.content[i] = sub(x)
			}
			out = c
		case seqNode:
			c := &node{kind: seqNode, rng: n.rng, opaque: n.opaque, secret: n.secret, content: make([]*node, len(n.content))}
			for i, x := range n.content {
				c.content[i] = sub(x)
			}
			out = c
		default:
			out = n
		}
		memo[n] = out
		return out
	}
	return sub(n)
}

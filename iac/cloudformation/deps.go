package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// A dependency is a reference from one resource to another, where it is written.
type dependency struct {
	id string
	at model.Range
}

// checkCycles reports circular dependencies between the template's resources: Ref,
// Fn::GetAtt, Fn::Sub and DependsOn references that lead back to where they start.
// CloudFormation rejects such a template ("Circular dependency between resources"); a
// resource that refers to itself (QueueName: !Sub "${Jobs.QueueName}-v2") is the shortest
// cycle (resolution already stops there, with an unknown value). Each cycle is reported
// once, at the reference that closes it.
func (tp *template) checkCycles() {
	budget := maxEvalSteps
	deps := make(map[string][]dependency, len(tp.order))
	for _, r := range tp.order {
		deps[r.id] = tp.dependencies(r, &budget)
		if budget <= 0 {
			return // too large to analyse; resolution stays bounded regardless
		}
	}
	const (
		unvisited = iota
		onStack
		visited
	)
	state := make(map[string]int, len(tp.order))
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = onStack
		stack = append(stack, id)
		for _, d := range deps[id] {
			switch state[d.id] {
			case unvisited:
				visit(d.id)
			case onStack:
				i := len(stack) - 1
				for stack[i] != d.id {
					i--
				}
				tp.reportCycle(append(append([]string(nil), stack[i:]...), d.id), d.at)
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = visited
	}
	for _, r := range tp.order {
		if state[r.id] == unvisited {
			visit(r.id)
		}
	}
}

func (tp *template) reportCycle(chain []string, at model.Range) {
	if len(chain) == 2 {
		tp.problem(at, "resource %s refers to itself: CloudFormation rejects the template as a circular dependency", chain[0])
		return
	}
	tp.problem(at, "circular dependency %s: CloudFormation rejects the template", strings.Join(chain, " → "))
}

// dependencies lists the resources r refers to in its properties and DependsOn, each
// once, in the order written. The Events of SAM functions and state machines are left
// out: the SAM transform moves them to resources of their own (permissions, event source
// mappings, the API's definition), so a function and the API or bucket of its events do
// not depend on each other.
func (tp *template) dependencies(r *resource, budget *int) []dependency {
	var out []dependency
	seen := map[string]bool{}
	add := func(name string, at model.Range) {
		if _, ok := tp.resources[name]; ok && !seen[name] {
			seen[name] = true
			out = append(out, dependency{id: name, at: at})
		}
	}
	for _, d := range tp.items(r.body.get("DependsOn")) {
		if d.kind == scalarNode {
			add(d.value, d.rng)
		}
	}
	props := r.props
	if strings.HasPrefix(r.typ, "AWS::Serverless::") && props != nil && props.get("Events") != nil {
		trimmed := &node{kind: mapNode, rng: props.rng}
		props.pairs(func(k, v *node) {
			if k.value != "Events" {
				trimmed.content = append(trimmed.content, k, v)
			}
		})
		props = trimmed
	}
	tp.references(props, add, budget, 0)
	return out
}

// references calls add for every resource name n refers to through Ref, Fn::GetAtt or
// Fn::Sub.
func (tp *template) references(n *node, add func(string, model.Range), budget *int, depth int) {
	if n == nil || depth > maxDepth || *budget <= 0 {
		return
	}
	*budget--
	if fn, arg, ok := n.intrinsic(); ok {
		switch fn {
		case "Ref":
			if arg.kind == scalarNode {
				add(arg.value, n.rng)
			}
			return
		case "Fn::GetAtt":
			switch {
			case arg.kind == scalarNode:
				res, _, _ := strings.Cut(arg.value, ".")
				add(res, n.rng)
			case arg.kind == seqNode && len(arg.content) > 0 && arg.content[0].kind == scalarNode:
				add(arg.content[0].value, n.rng)
			}
			return
		case "Fn::Sub":
			str, vars := arg, (*node)(nil)
			if arg.kind == seqNode && len(arg.content) > 0 {
				str = arg.content[0]
				if len(arg.content) > 1 {
					vars = arg.content[1]
				}
			}
			if str.kind == scalarNode {
				for _, name := range subNames(str.value) {
					if vars.get(name) == nil {
						res, _, _ := strings.Cut(name, ".")
						add(res, n.rng)
					}
				}
			}
			vars.pairs(func(_, v *node) { tp.references(v, add, budget, depth+1) })
			return
		}
	}
	for _, c := range n.content {
		tp.references(c, add, budget, depth+1)
	}
}

// subNames returns the names an Fn::Sub string substitutes (${Name}, ${Res.Attr}), without
// literals (${!Text}) and pseudo-parameters.
func subNames(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		name := strings.TrimSpace(s[:j])
		s = s[j+1:]
		if name != "" && !strings.HasPrefix(name, "!") && !strings.Contains(name, "::") {
			out = append(out, name)
		}
	}
}

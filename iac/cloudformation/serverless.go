package cloudformation

import (
	"context"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iac/serverless"
)

// ServerlessResources reads the raw CloudFormation of a Serverless Framework service (the
// resources: section of serverless.yml) with the code that reads templates: it is the
// serverless loader's serverless.CloudFormation. The entries become a template whose
// resources are added to the service's project; what the framework generates (functions,
// log groups, role, APIs, event topics and buckets) is known to resolution by its logical
// ID, so that !GetAtt HelloLambdaFunction.Arn in an event source mapping links to the
// function hello.
type ServerlessResources struct {
	// Model, when set, receives the Metadata.slslint.ignore suppressions of the resources.
	Model *model.Model
}

// Load reads t's entries into p and returns a resolver for the intrinsic functions written
// elsewhere in serverless.yml.
func (s ServerlessResources) Load(ctx context.Context, p *model.Project, t *serverless.Template) (serverless.Resolver, []model.Problem) {
	c := &seamConverter{info: t.Node}
	root := &node{kind: mapNode}
	for _, sec := range []struct {
		name    string
		entries []serverless.Entry
	}{
		{"Parameters", t.Parameters}, {"Conditions", t.Conditions}, {"Mappings", t.Mappings}, {"Resources", t.Resources},
	} {
		m := &node{kind: mapNode}
		for _, e := range sec.entries {
			if v := c.convert(e.Value, 0); v != nil {
				m.content = append(m.content, &node{kind: scalarNode, value: e.Name, rng: e.At}, v)
			}
		}
		root.content = append(root.content, &node{kind: scalarNode, value: sec.name}, m)
	}
	tp := newTemplate(newText(nil, p.Path), root, t.Dir)
	tp.pseudo = t.Pseudo
	tp.external = make(map[string]external, len(t.Generated))
	for id, g := range t.Generated {
		tp.external[id] = external{id: g.ID, typ: g.Type, name: g.Name}
	}
	b := newProjectBuilder(tp, t.Root, p)
	b.adopt()
	if ctx.Err() == nil {
		b.build()
	}
	if s.Model != nil {
		s.Model.Suppressions = append(s.Model.Suppressions, b.sups...)
	}
	return &seamResolver{tp: tp, c: c}, tp.problems
}

// adopt makes the entities already in the project (declared by the Serverless Framework
// loader) known to the builder, so that the template's resources link to them.
func (b *builder) adopt() {
	p := b.p
	for _, f := range p.Functions {
		b.fns[f.ID] = f
	}
	for _, q := range p.Queues {
		b.queues[q.ID] = q
	}
	for _, t := range p.Topics {
		b.topics[t.ID] = t
	}
	for _, bk := range p.Buckets {
		b.buckets[bk.ID] = bk
	}
	for _, t := range p.Tables {
		b.tables[t.ID] = t
	}
	for _, s := range p.Streams {
		b.streams[s.ID] = s
	}
	for _, a := range p.APIs {
		b.apis[a.ID] = a
	}
	for _, r := range p.Roles {
		b.roles[r.ID] = r
	}
	for _, lg := range p.LogGroups {
		b.logGroups[lg.ID] = lg
	}
	for _, sm := range p.StateMachines {
		b.machines[sm.ID] = sm
	}
	for _, r := range p.Rules {
		b.rules[r.ID] = r
	}
}

// seamResolver resolves intrinsic functions written outside resources: against the
// service's template.
type seamResolver struct {
	tp *template
	c  *seamConverter
}

func (r *seamResolver) String(v *yaml.Node) model.Attr[string] {
	n := r.c.convert(v, 0)
	if n == nil {
		return model.Attr[string]{Origin: model.Unknown}
	}
	return r.tp.str(n, n.rng)
}

// seamConverter turns the yaml.v3 nodes of the seam into template nodes, with the ranges
// and unknown state the serverless loader recorded for them.
type seamConverter struct {
	info func(*yaml.Node) serverless.NodeInfo
}

func (c *seamConverter) convert(y *yaml.Node, depth int) *node {
	if y == nil || depth > maxDepth {
		return nil
	}
	info := c.info(y)
	n := &node{value: y.Value, rng: info.At, opaque: info.Unknown, secret: info.Secret}
	switch y.Kind {
	case yaml.ScalarNode:
		n.kind = scalarNode
		n.typ = seamScalarType(y.Tag)
	case yaml.MappingNode, yaml.SequenceNode:
		n.kind = seqNode
		if y.Kind == yaml.MappingNode {
			n.kind = mapNode
		}
		n.content = make([]*node, 0, len(y.Content))
		for _, ch := range y.Content {
			cn := c.convert(ch, depth+1)
			if cn == nil {
				return nil
			}
			n.content = append(n.content, cn)
		}
		if n.kind == mapNode && len(n.content)%2 != 0 {
			n.content = n.content[:len(n.content)-1]
		}
	default:
		return nil
	}
	return n
}

func seamScalarType(tag string) scalarType {
	switch tag {
	case "!!int":
		return intType
	case "!!float":
		return floatType
	case "!!bool":
		return boolType
	case "!!null":
		return nullType
	}
	return strType
}

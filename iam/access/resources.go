package access

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iam/actions"
)

// Resources names the resources of a project as patterns: each by its ARN and its name,
// the name a literal when the template sets it, else a symbol standing for the name AWS
// gives it at deployment. Grants and needs read references through the same Resources, so
// that ${OrdersTable.Arn} in a policy and an environment variable set to !Ref OrdersTable
// name the same table.
type Resources struct {
	kinds map[string]kind
}

type kind struct {
	pkg, typ string // the action table's service package and resource type
	name     model.Attr[string]
}

// ResourcesOf indexes the resources of a project whose ARN format is known.
func ResourcesOf(p *model.Project) *Resources {
	r := &Resources{kinds: map[string]kind{}}
	if p == nil {
		return r
	}
	add := func(res model.Resource, pkg, typ string) {
		if !res.External {
			r.kinds[res.ID] = kind{pkg: pkg, typ: typ, name: res.Name}
		}
	}
	for _, x := range p.Tables {
		add(x.Resource, "dynamodb", "table")
	}
	for _, x := range p.Queues {
		add(x.Resource, "sqs", "queue")
	}
	for _, x := range p.Topics {
		add(x.Resource, "sns", "topic")
	}
	for _, x := range p.Buckets {
		add(x.Resource, "s3", "bucket")
	}
	for _, x := range p.Streams {
		add(x.Resource, "kinesis", "stream")
	}
	for _, x := range p.Functions {
		add(x.Resource, "lambda", "function")
	}
	for _, x := range p.StateMachines {
		add(x.Resource, "sfn", "statemachine")
	}
	for _, x := range p.LogGroups {
		add(x.Resource, "cloudwatchlogs", "log-group")
	}
	return r
}

// Type returns the action table's service package and resource type of a project resource.
func (r *Resources) Type(id string) (pkg, typ string, ok bool) {
	k, ok := r.kinds[id]
	return k.pkg, k.typ, ok
}

// Named returns the project resource of a type ("table") whose name the template sets to
// name, "" when none (or several) has it.
func (r *Resources) Named(typ, name string) string {
	found := ""
	for id, k := range r.kinds {
		if k.typ == typ && k.name.Known() && k.name.Value == name {
			if found != "" {
				return ""
			}
			found = id
		}
	}
	return found
}

// Name is the name of a project resource: its literal name, or its symbol.
func (r *Resources) Name(id string) Pattern {
	if k, ok := r.kinds[id]; ok && k.name.Known() && k.name.Value != "" {
		return Lit(k.name.Value)
	}
	return Sym(id)
}

// ARN is the ARN of a project resource of a known type; ok is false for other IDs.
func (r *Resources) ARN(id string) (Pattern, bool) {
	k, ok := r.kinds[id]
	if !ok {
		return nil, false
	}
	return FormatARN(k.pkg, k.typ, r.Name(id), nil)
}

// FormatARN writes the ARN of a resource of the action table's service package pkg and
// type typ, named name (and, for an S3 object, key): the deployment's region and account
// are symbols, the partition "aws" (as the loaders resolve it).
func FormatARN(pkg, typ string, name, key Pattern) (Pattern, bool) {
	svc, ok := actions.ServiceOf(pkg)
	if !ok {
		return nil, false
	}
	for _, rt := range svc.Resources {
		if rt.Type == typ {
			return formatPattern(rt.ARN, name, key), true
		}
	}
	return nil, false
}

func formatPattern(format string, name, key Pattern) Pattern {
	var out Pattern
	for rest := format; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return Concat(out, Lit(rest))
		}
		out = Concat(out, Lit(rest[:i]))
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return Concat(out, Lit(rest[i:]))
		}
		switch rest[i+2 : i+j] {
		case "Partition":
			out = Concat(out, Lit("aws"))
		case "Region":
			out = Concat(out, Sym("AWS::Region"))
		case "Account":
			out = Concat(out, Sym("AWS::AccountId"))
		case "Name":
			out = Concat(out, name)
		case "Key":
			out = Concat(out, key)
		default:
			out = Concat(out, Unknown())
		}
		rest = rest[i+j+1:]
	}
}

// ref reads a reference to a project resource with an attribute ("" for CloudFormation's
// Ref): its ARN, its name, or unknown (a queue URL, an attribute of a type whose meaning is
// not known).
func (r *Resources) ref(id, attr string) Pattern {
	k, ok := r.kinds[id]
	if !ok {
		return Unknown()
	}
	arn, _ := r.ARN(id)
	a := strings.ToLower(attr)
	switch a {
	case "arn", "topicarn", "queuearn", "streamarn":
		return arn
	case "name", "queuename", "topicname", "bucket", "function_name", "tablename", "streamname", "statemachinename":
		return r.Name(id)
	case "", "id":
		// What Ref (CloudFormation) and id (Terraform) return depends on the type.
		switch k.typ {
		case "topic", "statemachine":
			return arn
		case "queue":
			return Unknown() // the queue's URL
		}
		return r.Name(id)
	}
	return Unknown()
}

// GrantPattern reads a statement's resource: its value when known; else its shape, with
// references to project resources written as their ARN or name and the deployment's
// pseudo-parameters as symbols; else unknown.
func (r *Resources) GrantPattern(a model.Attr[string]) Pattern {
	if a.Known() {
		return Lit(a.Value)
	}
	if a.Shape == "" {
		return Unknown()
	}
	return r.ShapePattern(a.Shape, a.Ref)
}

// ShapePattern reads a shape ("arn:aws:s3:::${Uploads}/*", "${aws_s3_bucket.b.arn}/*"): the
// pseudo-parameters are the deployment's, ${X} and ${X.attr} for the value's reference X
// are read with ref, anything else is unknown.
func (r *Resources) ShapePattern(shape, refID string) Pattern {
	var out Pattern
	for rest := shape; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return Concat(out, Lit(rest))
		}
		out = Concat(out, Lit(rest[:i]))
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return Concat(out, Lit(rest[i:]))
		}
		name := rest[i+2 : i+j]
		rest = rest[i+j+1:]
		switch {
		case name == "AWS::Region" || name == "AWS::AccountId":
			out = Concat(out, Sym(name))
		case name == "AWS::Partition":
			out = Concat(out, Lit("aws"))
		case refID != "" && (name == refID || strings.HasPrefix(name, refID+".")):
			out = Concat(out, r.ref(refID, strings.TrimPrefix(strings.TrimPrefix(name, refID), ".")))
		default:
			out = Concat(out, Unknown())
		}
	}
}

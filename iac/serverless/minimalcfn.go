package serverless

import (
	"context"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
)

// minimalCloudFormation is the stand-in for the CloudFormation loader, used until that
// loader is wired in through Options.CloudFormation. It reads only what the functions of a
// service depend on: SQS queues (visibility timeout, redrive policy, encryption), SNS
// topics, S3 buckets, DynamoDB tables, Kinesis streams, log groups, alarms and budgets;
// and resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and Fn::ImportValue. It
// knows nothing of roles, permissions, event source mappings, rules, state machines or raw
// Lambda functions, which the CloudFormation loader reads.
type minimalCloudFormation struct{}

func (minimalCloudFormation) Load(_ context.Context, p *model.Project, t *Template) (Resolver, []model.Problem) {
	res := &minimalResolver{t: t, params: map[string]*yaml.Node{}, types: map[string]string{}, names: map[string]string{}}
	for _, e := range t.Parameters {
		res.params[e.Name] = e.Value
	}
	for _, e := range t.Resources {
		typ, _ := scalarOf(yamlGet(e.Value, "Type"))
		res.types[e.Name] = typ
	}
	// Physical names first, so that references between resources resolve to them.
	for _, e := range t.Resources {
		if prop, ok := nameProperty[res.types[e.Name]]; ok {
			if a := res.String(yamlGet(yamlGet(e.Value, "Properties"), prop)); a.Origin == model.Explicit {
				res.names[e.Name] = a.Value
			}
		}
	}
	for _, e := range t.Resources {
		props := yamlGet(e.Value, "Properties")
		r := model.Resource{ID: e.Name, Type: res.types[e.Name], At: e.At}
		if prop, ok := nameProperty[r.Type]; ok {
			r.Name = res.attr(props, prop, e.At)
		}
		switch r.Type {
		case "AWS::SQS::Queue":
			q := &model.Queue{Resource: r}
			q.VisibilityTimeoutSecs = res.intAttr(props, "VisibilityTimeout", e.At, 30)
			if rp := yamlGet(props, "RedrivePolicy"); rp != nil {
				q.RedriveTarget = res.attr(rp, "deadLetterTargetArn", e.At)
				q.MaxReceiveCount = res.intAttr(rp, "maxReceiveCount", e.At, -1)
			} else {
				q.RedriveTarget, q.MaxReceiveCount = model.Missing[string](e.At), model.Missing[int](e.At)
			}
			q.FIFO = res.boolAttr(props, "FifoQueue", e.At, false)
			q.KMSKey = res.attr(props, "KmsMasterKeyId", e.At)
			q.ManagedSSE = res.boolAttr(props, "SqsManagedSseEnabled", e.At, true)
			p.Queues = append(p.Queues, q)
		case "AWS::SNS::Topic":
			p.Topics = append(p.Topics, &model.Topic{Resource: r, KMSKey: res.attr(props, "KmsMasterKeyId", e.At)})
		case "AWS::S3::Bucket":
			p.Buckets = append(p.Buckets, &model.Bucket{Resource: r})
		case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
			tb := &model.Table{Resource: r, HashKey: model.Missing[string](e.At), RangeKey: model.Missing[string](e.At)}
			if ks := yamlGet(props, "KeySchema"); ks != nil && ks.Kind == yaml.SequenceNode {
				for _, k := range ks.Content {
					kt, _ := scalarOf(yamlGet(k, "KeyType"))
					switch kt {
					case "HASH":
						tb.HashKey = res.attr(k, "AttributeName", e.At)
					case "RANGE":
						tb.RangeKey = res.attr(k, "AttributeName", e.At)
					}
				}
			}
			if ss := yamlGet(props, "StreamSpecification"); ss != nil {
				tb.StreamView = res.attr(ss, "StreamViewType", e.At)
			} else {
				tb.StreamView = model.Missing[string](e.At)
			}
			p.Tables = append(p.Tables, tb)
		case "AWS::Kinesis::Stream":
			p.Streams = append(p.Streams, &model.Stream{Resource: r})
		case "AWS::Logs::LogGroup":
			p.LogGroups = append(p.LogGroups, &model.LogGroup{Resource: r, RetentionDays: res.intAttr(props, "RetentionInDays", e.At, -1)})
		case "AWS::CloudWatch::Alarm":
			a := &model.Alarm{Resource: r, Namespace: res.attr(props, "Namespace", e.At), MetricName: res.attr(props, "MetricName", e.At)}
			if dims := yamlGet(props, "Dimensions"); dims != nil && dims.Kind == yaml.SequenceNode {
				for _, d := range dims.Content {
					if n, _ := scalarOf(yamlGet(d, "Name")); n == "FunctionName" {
						v := res.String(yamlGet(d, "Value"))
						a.Function = functionOf(p, v)
					}
				}
			}
			p.Alarms = append(p.Alarms, a)
		case "AWS::Budgets::Budget":
			p.Budgets = append(p.Budgets, &model.Budget{Resource: r})
		}
	}
	return res, nil
}

// functionOf returns the ID of the project function a FunctionName value names.
func functionOf(p *model.Project, v model.Attr[string]) string {
	if v.Ref != "" {
		if _, ok := p.Function(v.Ref); ok {
			return v.Ref
		}
	}
	if v.Origin == model.Explicit {
		for _, f := range p.Functions {
			if f.Name.Known() && f.Name.Value == v.Value {
				return f.ID
			}
		}
	}
	return ""
}

// nameProperty is the property holding a resource type's physical name.
var nameProperty = map[string]string{
	"AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName", "AWS::S3::Bucket": "BucketName",
	"AWS::DynamoDB::Table": "TableName", "AWS::DynamoDB::GlobalTable": "TableName",
	"AWS::Kinesis::Stream": "Name", "AWS::Logs::LogGroup": "LogGroupName",
	"AWS::CloudWatch::Alarm": "AlarmName", "AWS::Lambda::Function": "FunctionName",
	"AWS::Budgets::Budget": "",
}

// refValue is what Ref returns for a resource type, when it is the physical name.
var refIsName = map[string]bool{
	"AWS::S3::Bucket": true, "AWS::DynamoDB::Table": true, "AWS::Kinesis::Stream": true,
	"AWS::Logs::LogGroup": true, "AWS::Lambda::Function": true, "AWS::CloudWatch::Alarm": true,
	"AWS::DynamoDB::GlobalTable": true,
}

type minimalResolver struct {
	t      *Template
	params map[string]*yaml.Node
	types  map[string]string
	names  map[string]string
	depth  int
}

func scalarOf(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

func (r *minimalResolver) attr(props *yaml.Node, key string, header model.Range) model.Attr[string] {
	if key == "" {
		return model.Missing[string](header)
	}
	v := yamlGet(props, key)
	if v == nil {
		return model.Missing[string](header)
	}
	return r.String(v)
}

// intAttr reads an integer property; def < 0 means the property has no default.
func (r *minimalResolver) intAttr(props *yaml.Node, key string, header model.Range, def int) model.Attr[int] {
	v := yamlGet(props, key)
	if v == nil {
		if def < 0 {
			return model.Missing[int](header)
		}
		return model.Defaulted(def, header)
	}
	s := r.String(v)
	if s.Origin != model.Explicit {
		return model.Attr[int]{Origin: model.Unknown, At: s.At, Ref: s.Ref, Secret: s.Secret}
	}
	i, err := strconv.Atoi(strings.TrimSpace(s.Value))
	if err != nil {
		return model.Unresolved[int](s.At)
	}
	return model.Set(i, s.At)
}

func (r *minimalResolver) boolAttr(props *yaml.Node, key string, header model.Range, def bool) model.Attr[bool] {
	v := yamlGet(props, key)
	if v == nil {
		return model.Defaulted(def, header)
	}
	s := r.String(v)
	if s.Origin != model.Explicit {
		return model.Unresolved[bool](s.At)
	}
	switch strings.ToLower(s.Value) {
	case "true":
		return model.Set(true, s.At)
	case "false":
		return model.Set(false, s.At)
	}
	return model.Unresolved[bool](s.At)
}

// String resolves a value to a string attribute.
func (r *minimalResolver) String(v *yaml.Node) model.Attr[string] {
	if v == nil {
		return model.Attr[string]{}
	}
	info := r.t.Node(v)
	if info.Unknown {
		return model.Attr[string]{Origin: model.Unknown, At: info.At, Secret: info.Secret}
	}
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > 32 {
		return model.Unresolved[string](info.At)
	}
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return model.Unresolved[string](info.At)
		}
		a := model.Set(v.Value, info.At)
		if strings.HasPrefix(v.Value, "{{resolve:") {
			a.Origin, a.Secret = model.Unknown, true
		}
		return a
	case yaml.MappingNode:
		if len(v.Content) != 2 {
			return model.Unresolved[string](info.At)
		}
		out := r.intrinsic(v.Content[0].Value, v.Content[1])
		out.At = info.At
		return out
	}
	return model.Unresolved[string](info.At)
}

func (r *minimalResolver) intrinsic(fn string, arg *yaml.Node) model.Attr[string] {
	unknown := func(ref string) model.Attr[string] { return model.Attr[string]{Origin: model.Unknown, Ref: ref} }
	switch fn {
	case "Ref":
		name, ok := scalarOf(arg)
		if !ok {
			return unknown("")
		}
		return r.ref(name)
	case "Fn::GetAtt":
		var res, att string
		if s, ok := scalarOf(arg); ok {
			res, att, _ = strings.Cut(s, ".")
		} else if arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 {
			res, _ = scalarOf(arg.Content[0])
			att, _ = scalarOf(arg.Content[1])
		}
		return r.getAtt(res, att)
	case "Fn::Join":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 2 {
			return unknown("")
		}
		delim, _ := scalarOf(arg.Content[0])
		list := arg.Content[1]
		if list.Kind != yaml.SequenceNode {
			return unknown(r.String(list).Ref)
		}
		var parts []string
		out := model.Attr[string]{Origin: model.Explicit}
		for _, it := range list.Content {
			a := r.String(it)
			out = mergeRef(out, a)
			parts = append(parts, a.Value)
		}
		if out.Origin == model.Explicit {
			out.Value = strings.Join(parts, delim)
		}
		return out
	case "Fn::Sub":
		text, ok := scalarOf(arg)
		vars := map[string]*yaml.Node{}
		if !ok && arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 {
			text, ok = scalarOf(arg.Content[0])
			if m := arg.Content[1]; m.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(m.Content); i += 2 {
					vars[m.Content[i].Value] = m.Content[i+1]
				}
			}
		}
		if !ok {
			return unknown("")
		}
		return r.sub(text, vars)
	case "Fn::Select":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 2 {
			return unknown("")
		}
		idx := r.String(arg.Content[0])
		i, err := strconv.Atoi(idx.Value)
		list := arg.Content[1]
		if idx.Origin != model.Explicit || err != nil || list.Kind != yaml.SequenceNode || i < 0 || i >= len(list.Content) {
			return unknown("")
		}
		return r.String(list.Content[i])
	}
	// Fn::ImportValue (another stack), Fn::If, Fn::FindInMap, ...
	return unknown("")
}

// mergeRef folds part into a value built from parts: unknown if any part is, Ref the first
// resource referred to, Secret if any part is.
func mergeRef(out, part model.Attr[string]) model.Attr[string] {
	if part.Origin != model.Explicit {
		out.Origin = model.Unknown
	}
	if out.Ref == "" {
		out.Ref = part.Ref
	}
	out.Secret = out.Secret || part.Secret
	return out
}

func (r *minimalResolver) ref(name string) model.Attr[string] {
	if v, ok := r.t.Pseudo[name]; ok {
		return model.Attr[string]{Origin: model.Explicit, Value: v}
	}
	if strings.HasPrefix(name, "AWS::") {
		return model.Attr[string]{Origin: model.Unknown}
	}
	if p, ok := r.params[name]; ok {
		if noEcho, _ := scalarOf(yamlGet(p, "NoEcho")); strings.EqualFold(noEcho, "true") {
			return model.Attr[string]{Origin: model.Unknown, Secret: true}
		}
		if d := yamlGet(p, "Default"); d != nil {
			a := r.String(d)
			a.Ref = ""
			return a
		}
		return model.Attr[string]{Origin: model.Unknown}
	}
	if g, ok := r.t.Generated[name]; ok {
		if g.Name != "" {
			return model.Attr[string]{Origin: model.Explicit, Value: g.Name, Ref: g.ID}
		}
		return model.Attr[string]{Origin: model.Unknown, Ref: g.ID}
	}
	if typ, ok := r.types[name]; ok {
		if n, ok := r.names[name]; ok && refIsName[typ] {
			return model.Attr[string]{Origin: model.Explicit, Value: n, Ref: name}
		}
		return model.Attr[string]{Origin: model.Unknown, Ref: name}
	}
	return model.Attr[string]{Origin: model.Unknown}
}

func (r *minimalResolver) getAtt(res, att string) model.Attr[string] {
	id := ""
	if g, ok := r.t.Generated[res]; ok {
		id = g.ID
	} else if _, ok := r.types[res]; ok {
		id = res
	}
	out := model.Attr[string]{Origin: model.Unknown, Ref: id}
	// A bucket's ARN is known from its name.
	if att == "Arn" && r.types[res] == "AWS::S3::Bucket" {
		if n, ok := r.names[res]; ok {
			out.Origin, out.Value = model.Explicit, "arn:aws:s3:::"+n
		}
	}
	return out
}

// sub substitutes ${Name} and ${Resource.Attribute} in an Fn::Sub string.
func (r *minimalResolver) sub(text string, vars map[string]*yaml.Node) model.Attr[string] {
	out := model.Attr[string]{Origin: model.Explicit}
	var b strings.Builder
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text[i:])
			break
		}
		name := text[i+2 : i+j]
		text = text[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var a model.Attr[string]
		if v, ok := vars[name]; ok {
			a = r.String(v)
		} else if res, att, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			a = r.getAtt(res, att)
		} else {
			a = r.ref(name)
		}
		out = mergeRef(out, a)
		b.WriteString(a.Value)
	}
	if out.Origin == model.Explicit {
		out.Value = b.String()
	}
	return out
}

package serverless

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// A named resource of the project, for finding the resource a name or ARN refers to.
type named struct {
	kind, id string
}

// nameIndex lists the project's resources by physical name; it is built once the raw
// CloudFormation is loaded.
func (ld *loader) nameIndex() map[string][]named {
	idx := map[string][]named{}
	add := func(kind, id string, name model.Attr[string]) {
		if name.Known() && name.Value != "" {
			idx[name.Value] = append(idx[name.Value], named{kind, id})
		}
	}
	for _, q := range ld.p.Queues {
		add("queue", q.ID, q.Name)
	}
	for _, t := range ld.p.Topics {
		add("topic", t.ID, t.Name)
	}
	for _, b := range ld.p.Buckets {
		add("bucket", b.ID, b.Name)
	}
	for _, t := range ld.p.Tables {
		add("table", t.ID, t.Name)
	}
	for _, s := range ld.p.Streams {
		add("stream", s.ID, s.Name)
	}
	for _, f := range ld.p.Functions {
		add("function", f.ID, f.Name)
	}
	return idx
}

// arnKinds maps an ARN's service to the kind of resource its name part names.
var arnKinds = map[string]string{
	"sqs": "queue", "sns": "topic", "s3": "bucket", "dynamodb": "table", "kinesis": "stream", "lambda": "function",
}

// resourceByText returns the ID of the project resource a name, ARN or queue URL refers
// to, or "" when none does or the match is ambiguous. kind ("queue", "topic", "bucket",
// "table", "stream", or "" for any) narrows the search.
func (ld *loader) resourceByText(text, kind string) string {
	if text == "" || !ld.resourcesLoaded {
		return ""
	}
	name := text
	switch {
	case strings.HasPrefix(text, "arn:"):
		parts := strings.SplitN(text, ":", 6)
		if len(parts) < 6 {
			return ""
		}
		k := arnKinds[parts[2]]
		streamOfTable := kind == "stream" && k == "table"
		if k == "" || kind != "" && kind != k && !streamOfTable {
			return ""
		}
		kind = k
		res := parts[5]
		switch k {
		case "bucket":
			name, _, _ = strings.Cut(res, "/")
		case "table":
			name = strings.TrimPrefix(res, "table/")
			name, _, _ = strings.Cut(name, "/")
		case "stream":
			name = strings.TrimPrefix(res, "stream/")
		case "function":
			name = strings.TrimPrefix(res, "function:")
			name, _, _ = strings.Cut(name, ":")
		default:
			name = res
		}
	case strings.HasPrefix(text, "https://sqs.") || strings.HasPrefix(text, "https://queue.amazonaws.com/"):
		name = text[strings.LastIndexByte(text, '/')+1:]
		kind = "queue"
	}
	if name == "" || strings.Contains(name, unknownMark) {
		return ""
	}
	if ld.names == nil {
		ld.names = ld.nameIndex()
	}
	found := ""
	for _, r := range ld.names[name] {
		if kind != "" && r.kind != kind {
			continue
		}
		if found != "" && found != r.id {
			return "" // ambiguous
		}
		found = r.id
	}
	return found
}

func (ld *loader) isTable(id string) bool {
	for _, t := range ld.p.Tables {
		if t.ID == id && id != "" {
			return true
		}
	}
	return false
}

// logGroupByName returns the ID of the project log group with the given name.
func (ld *loader) logGroupByName(name model.Attr[string]) string {
	if name.Ref != "" || !name.Known() {
		return name.Ref
	}
	for _, lg := range ld.p.LogGroups {
		if lg.Name.Known() && lg.Name.Value == name.Value {
			return lg.ID
		}
	}
	return ""
}

// link connects what only the whole project tells: the policies of roles declared under
// resources:, and log groups declared there for functions whose own are disabled.
func (ld *loader) link() {
	ld.dropPermissionTriggers()
	for _, f := range ld.p.Functions {
		if len(f.Policies) == 0 && f.Role.Ref != "" {
			if r := ld.roleByID(f.Role.Ref); r != nil {
				f.Policies = r.Policies
			}
		}
		if f.LogGroup.Origin == model.Absent && f.Name.Known() {
			for _, lg := range ld.p.LogGroups {
				if lg.Name.Known() && lg.Name.Value == "/aws/lambda/"+f.Name.Value {
					f.LogGroup = model.Attr[string]{Origin: model.Explicit, Value: lg.ID, Ref: lg.ID, At: lg.At}
					f.LogRetentionDays = lg.RetentionDays
				}
			}
		}
	}
}

// dropPermissionTriggers removes the triggers the CloudFormation loader inferred from a
// Lambda permission under resources: when the function's events already declare a trigger
// of the same kind: the permission is then the one that event needs, not another source.
func (ld *loader) dropPermissionTriggers() {
	permissions := map[string]bool{}
	for _, p := range ld.p.Permissions {
		permissions[p.ID] = true
	}
	for _, f := range ld.p.Functions {
		kept := f.Triggers[:0]
		for _, t := range f.Triggers {
			if permissions[t.Name] && hasEventOfKind(f.Triggers, t.Kind, permissions) {
				continue
			}
			kept = append(kept, t)
		}
		f.Triggers = kept
	}
}

// hasEventOfKind reports whether one of ts, not inferred from a permission, is of kind k.
func hasEventOfKind(ts []*model.Trigger, k model.TriggerKind, permissions map[string]bool) bool {
	for _, t := range ts {
		if t.Kind == k && !permissions[t.Name] {
			return true
		}
	}
	return false
}

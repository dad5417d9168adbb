package serverless

import (
	"regexp"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// A function as declared: its key, the key's range and its (resolved) settings.
type fnDecl struct {
	key   string
	keyAt model.Range
	n     *node
	fn    *model.Function
	// name is the function's physical name when known.
	name string
}

// build turns the resolved configuration into the project, in three passes: first every
// entity the framework generates (functions, log groups, role, APIs, event topics and
// buckets), so that the raw CloudFormation can refer to them; then the raw CloudFormation
// under resources:, through the seam; then the settings, triggers and links, which may
// refer to the resources.
func (ld *loader) build() {
	cfg := ld.cfg
	ld.tree = newYAMLTree()
	ld.generated = map[string]Generated{}
	ld.topicsByName = map[string]*model.Topic{}
	ld.bucketsByName = map[string]*model.Bucket{}
	ld.fnNodes = map[string]*node{}

	svc := cfg.get("service")
	if svc != nil && svc.kind == mapNode {
		svc = svc.get("name") // the object notation of v1 and v2
	}
	ld.service, ld.serviceKnown = svc.str()
	ld.p.Name = ld.service
	if p, ok := cfg.entry("service"); ok {
		ld.p.At = p.keyAt
	}
	ld.stage, ld.stageKnown = defaultStage, true
	if n := cfg.path("provider", "stage"); !n.isNull() {
		ld.stage, ld.stageKnown = n.str()
	}
	ld.region, ld.regionKnown = defaultRegion, true
	if n := cfg.path("provider", "region"); !n.isNull() {
		ld.region, ld.regionKnown = n.str()
	}
	ld.frameworkVersion, _ = cfg.get("frameworkVersion").str()
	ld.plugins = map[string]pair{}
	plugins := cfg.get("plugins")
	if plugins != nil && plugins.kind == mapNode {
		plugins = plugins.get("modules")
	}
	if plugins != nil && plugins.kind == seqNode {
		for _, it := range plugins.items {
			if s, ok := it.str(); ok {
				ld.plugins[s] = pair{key: s, keyAt: it.at, val: it}
			}
		}
	}

	decls := ld.functionDecls()
	for _, d := range decls {
		ld.declareFunction(d)
	}
	ld.declareRole(decls)
	ld.declareAPIs(decls)

	t := ld.template()
	resolver, problems := ld.cfn.Load(ld.ctx, ld.p, t)
	ld.m.Problems = append(ld.m.Problems, problems...)
	ld.cfnResolver = resolver
	ld.resourcesLoaded = true

	ld.fillRoles()
	for _, d := range decls {
		ld.fillFunction(d)
	}
	ld.fillAPIs()
	ld.link()
}

// functionDecls lists the functions in order; functions: may be a mapping or, as v3
// allows, a list of mappings (each often a ${file()}).
func (ld *loader) functionDecls() []*fnDecl {
	fns := ld.cfg.get("functions")
	if fns.isNull() || fns.unknown {
		return nil
	}
	var maps []*node
	switch fns.kind {
	case mapNode:
		maps = []*node{fns}
	case seqNode:
		for _, it := range fns.items {
			if it.kind == mapNode {
				maps = append(maps, it)
			} else if !it.unknown && !it.isNull() {
				ld.problem(it.at, "each entry of functions must be a mapping of functions")
			}
		}
	default:
		ld.problem(fns.at, "functions must be a mapping of function names to settings")
		return nil
	}
	var out []*fnDecl
	index := map[string]int{}
	for _, m := range maps {
		for _, p := range m.pairs {
			d := &fnDecl{key: p.key, keyAt: p.keyAt, n: p.val}
			if i, ok := index[p.key]; ok {
				out[i] = d // a later list entry overrides an earlier one
				continue
			}
			index[p.key] = len(out)
			out = append(out, d)
		}
	}
	return out
}

// declareFunction adds a function with its name and generated log group.
func (ld *loader) declareFunction(d *fnDecl) {
	f := &model.Function{Resource: model.Resource{ID: d.key, Type: functionType, At: d.keyAt}}
	d.fn = f
	ld.fnNodes[d.key] = d.n
	if d.n.kind != mapNode && !d.n.unknown {
		ld.problem(d.n.at, "functions."+d.key+" must be a mapping of function settings")
	}
	if n := d.n.get("name"); !n.isNull() {
		f.Name = ld.str(n, d.keyAt)
	} else if ld.serviceKnown && ld.stageKnown {
		f.Name = model.Defaulted(ld.service+"-"+ld.stage+"-"+d.key, d.keyAt)
	} else {
		f.Name = model.Attr[string]{Origin: model.Unknown, At: d.keyAt}
	}
	if f.Name.Origin == model.Explicit || f.Name.Origin == model.Default {
		d.name = f.Name.Value
	}
	norm := normalizeName(d.key)
	ld.generated[norm+"LambdaFunction"] = Generated{ID: d.key, Type: "AWS::Lambda::Function", Name: d.name}
	f.LogGroup, f.LogRetentionDays = model.Missing[string](d.keyAt), model.Missing[int](d.keyAt)
	if disabled := ld.boolean(d.n.get("disableLogs"), d.keyAt); !disabled.Known() || !disabled.Value {
		id := norm + "LogGroup"
		lg := &model.LogGroup{Resource: model.Resource{ID: id, Type: "AWS::Logs::LogGroup", At: d.keyAt}}
		if d.name != "" {
			lg.Name = model.Defaulted("/aws/lambda/"+d.name, d.keyAt)
		} else {
			lg.Name = model.Attr[string]{Origin: model.Unknown, At: d.keyAt}
		}
		lg.RetentionDays = ld.integer(truthy(d.n.get("logRetentionInDays"), ld.cfg.path("provider", "logRetentionInDays")), d.keyAt)
		ld.p.LogGroups = append(ld.p.LogGroups, lg)
		ld.generated[id] = Generated{ID: id, Type: "AWS::Logs::LogGroup", Name: lg.Name.Value}
		f.LogGroup = model.Attr[string]{Origin: model.Default, Value: id, Ref: id, At: d.keyAt}
		f.LogRetentionDays = lg.RetentionDays
	}
	ld.p.Functions = append(ld.p.Functions, f)

	// Topics and buckets that events ask the framework to create.
	for _, ev := range eventsOf(d.n) {
		switch ev.typ {
		case "sns":
			if name, ok := snsTopicName(ev.val); ok {
				ld.implicitTopic(name, ev.at)
			}
		case "s3":
			if name, ok := s3BucketName(ev.val); ok {
				ld.implicitBucket(name, ev.at)
			}
		}
	}
}

func (ld *loader) implicitTopic(name string, at model.Range) *model.Topic {
	if t, ok := ld.topicsByName[name]; ok {
		return t
	}
	id := "SNSTopic" + normalizeAlphaNumeric(name)
	t := &model.Topic{Resource: model.Resource{ID: id, Type: "AWS::SNS::Topic", At: at, Name: model.Set(name, at)},
		KMSKey: model.Missing[string](at)}
	ld.topicsByName[name] = t
	ld.p.Topics = append(ld.p.Topics, t)
	ld.generated[id] = Generated{ID: id, Type: "AWS::SNS::Topic", Name: name}
	return t
}

func (ld *loader) implicitBucket(name string, at model.Range) *model.Bucket {
	if b, ok := ld.bucketsByName[name]; ok {
		return b
	}
	id := "S3Bucket" + normalizeAlphaNumeric(name)
	b := &model.Bucket{Resource: model.Resource{ID: id, Type: "AWS::S3::Bucket", At: at, Name: model.Set(name, at)}}
	ld.bucketsByName[name] = b
	ld.p.Buckets = append(ld.p.Buckets, b)
	ld.generated[id] = Generated{ID: id, Type: "AWS::S3::Bucket", Name: name}
	return b
}

// An event is one entry of a function's events.
type event struct {
	typ string
	at  model.Range
	val *node
	// index counts the events of the same type before this one, from 1.
	index int
}

// eventsOf lists a function's events; entries that are not single-key mappings are
// skipped (fillFunction reports them).
func eventsOf(fn *node) []event {
	evs := fn.get("events")
	if evs == nil || evs.kind != seqNode {
		return nil
	}
	var out []event
	count := map[string]int{}
	for _, it := range evs.items {
		if it.kind != mapNode || len(it.pairs) != 1 {
			continue
		}
		p := it.pairs[0]
		count[p.key]++
		at := it.at
		at.Line, at.Column = p.keyAt.Line, p.keyAt.Column
		out = append(out, event{typ: p.key, at: at, val: p.val, index: count[p.key]})
	}
	return out
}

// snsTopicName returns the name of the topic an sns event creates, if it creates one: a
// topic name rather than an ARN.
func snsTopicName(v *node) (string, bool) {
	if s, ok := v.str(); ok {
		if strings.HasPrefix(s, "arn:") {
			return "", false
		}
		return s, s != ""
	}
	if v.kind == mapNode && v.get("arn") == nil {
		return v.get("topicName").str()
	}
	return "", false
}

// s3BucketName returns the name of the bucket an s3 event creates, if it creates one.
func s3BucketName(v *node) (string, bool) {
	if s, ok := v.str(); ok {
		return s, s != ""
	}
	if v.kind == mapNode {
		if existing, ok := v.get("existing").str(); ok && existing == "true" {
			return "", false
		}
		return v.get("bucket").str()
	}
	return "", false
}

var frameworkMajor = regexp.MustCompile(`\d+`)

// defaultRuntime is the framework's default runtime for the service's frameworkVersion.
func (ld *loader) defaultRuntime() string {
	switch frameworkMajor.FindString(ld.frameworkVersion) {
	case "1", "2":
		return defaultRuntimeV2
	case "3":
		return defaultRuntimeV3
	}
	return defaultRuntimeV4
}

// template collects the raw CloudFormation under resources: for the seam.
func (ld *loader) template() *Template {
	t := &Template{Generated: ld.generated, Node: ld.tree.node, Root: ld.root, Pseudo: map[string]string{
		"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
	}}
	if dir, ok := ld.relToRoot(ld.dir); ok && dir != "." {
		t.Dir = dir
	}
	if ld.regionKnown {
		t.Pseudo["AWS::Region"] = ld.region
	}
	if name, ok := ld.stackName(); ok {
		t.Pseudo["AWS::StackName"] = name
	}
	res := ld.cfg.get("resources")
	var frags []*node
	switch {
	case res == nil || res.unknown || res.kind == nullNode:
	case res.kind == mapNode:
		frags = []*node{res}
	case res.kind == seqNode:
		for _, it := range res.items {
			if it.kind == mapNode {
				frags = append(frags, it)
			}
		}
	default:
		ld.problem(res.at, "resources must be a mapping of CloudFormation sections")
	}
	sections := []struct {
		key string
		dst *[]Entry
	}{
		{"Resources", &t.Resources}, {"Parameters", &t.Parameters}, {"Conditions", &t.Conditions},
		{"Mappings", &t.Mappings}, {"Outputs", &t.Outputs},
	}
	for _, frag := range frags {
		for _, s := range sections {
			sec := frag.get(s.key)
			if sec == nil || sec.kind != mapNode {
				continue
			}
			for _, p := range sec.pairs {
				if s.key == "Resources" {
					if _, gen := ld.generated[p.key]; gen {
						// Same logical ID as a generated resource: the framework merges
						// it into that resource.
						ld.override(p.key, p.val)
						continue
					}
				}
				y := ld.tree.convert(p.val)
				if y == nil {
					ld.problem(p.keyAt, "resource "+p.key+" is too large to read")
					continue
				}
				e := Entry{Name: p.key, At: p.keyAt, Value: y}
				replaced := false
				for i := range *s.dst {
					if (*s.dst)[i].Name == p.key {
						(*s.dst)[i], replaced = e, true
					}
				}
				if !replaced {
					*s.dst = append(*s.dst, e)
				}
			}
		}
		if ext := frag.get("extensions"); ext != nil && ext.kind == mapNode {
			for _, p := range ext.pairs {
				ld.override(p.key, p.val)
			}
		}
	}
	return t
}

// override applies the parts of an override of a generated resource that the model holds:
// a log group's retention.
func (ld *loader) override(id string, body *node) {
	days := body.path("Properties", "RetentionInDays")
	if days == nil {
		return
	}
	for _, lg := range ld.p.LogGroups {
		if lg.ID != id {
			continue
		}
		lg.RetentionDays = ld.integer(days, lg.At)
		for _, f := range ld.p.Functions {
			if f.LogGroup.Ref == id {
				f.LogRetentionDays = lg.RetentionDays
			}
		}
	}
}

// stackName is provider.stackName or <service>-<stage>.
func (ld *loader) stackName() (string, bool) {
	if n := ld.cfg.path("provider", "stackName"); !n.isNull() {
		return n.str()
	}
	if ld.serviceKnown && ld.stageKnown {
		return ld.service + "-" + ld.stage, true
	}
	return "", false
}

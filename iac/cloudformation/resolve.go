package cloudformation

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// Resolution evaluates CloudFormation's intrinsic functions statically, with each parameter
// taking its default: what the template deploys when nothing is overridden. What cannot be
// known before deployment (pseudo-parameters such as AWS::AccountId, attributes of created
// resources, imports, SSM lookups) resolves to an unknown value that still remembers which
// resource of the template it refers to.

// Evaluation bounds: depth guards against self-referencing constructs, steps against
// exponential blow-ups; either way the value becomes unknown, never a hang.
const (
	maxEvalDepth = 48
	maxEvalSteps = 1 << 18
)

type vstate uint8

const (
	vUnknown vstate = iota
	vKnown
	// vNoValue is AWS::NoValue: the property is removed.
	vNoValue
)

// A value is the result of evaluating a template value.
type value struct {
	state vstate
	// s is a known scalar's text. For an unknown string it is its shape: the known parts with
	// each unknown part written as ${name} ("arn:aws:s3:::${Uploads}/*"), so that links and
	// state machine definitions can still be read.
	s   string
	typ scalarType
	// isList marks a list; list holds its items.
	isList bool
	list   []value
	// m is a known mapping.
	m *node
	// ref is the logical ID of the template resource the value refers to.
	ref string
	// secret marks values from dynamic references, NoEcho parameters and SSM parameters.
	secret bool
	// param marks values that depend on a parameter's default.
	param bool
}

func (v value) known() bool { return v.state == vKnown }

func unknown(shape string) value { return value{state: vUnknown, s: shape} }

// template is one parsed template with what resolution needs.
type template struct {
	t    *text
	root *node
	// dir is the template's directory relative to the repository root ("" for the root).
	dir       string
	params    map[string]*param
	mappings  *node
	conds     map[string]*node
	condMemo  map[string]condResult
	condBusy  map[string]bool
	resources map[string]*resource
	order     []*resource
	nameBusy  map[string]bool
	steps     int
	problems  []model.Problem
	// resourcesUnknown is set when some resources cannot be read: a Resources-level
	// Fn::Transform (AWS::Include), an Fn::ForEach over an unknown collection.
	resourcesUnknown bool
	// pseudo holds pseudo-parameters whose values the template's context knows (a
	// Serverless Framework service's region and stack name); external holds resources that
	// are not written in the template but that it may refer to (what the Serverless
	// Framework generates), by logical ID.
	pseudo   map[string]string
	external map[string]external
}

// external is a resource the template refers to without declaring it.
type external struct {
	// id is the ID of its project entity; typ its CloudFormation type; name its physical
	// name, "" when unknown.
	id, typ, name string
}

type param struct {
	def    *node
	noEcho bool
	typ    string
}

type resource struct {
	id   string
	typ  string
	key  *node
	body *node
	// props are the resource's properties, with SAM Globals merged in.
	props *node
	// opaque is set when the properties as a whole are not known statically: the resource
	// exists, but none of its settings can be read.
	opaque bool
}

// whole returns the resource's range from its logical ID to the end of its body.
func (r *resource) whole() model.Range { return span(r.key.rng, r.body.rng) }

type tri uint8

const (
	triUnknown tri = iota
	triTrue
	triFalse
)

type condResult struct {
	v tri
	// param is set when the result depends on a parameter's default.
	param bool
}

func (tp *template) problem(r model.Range, format string, args ...any) {
	tp.problemAt(r, model.ProblemError, format, args...)
}

func (tp *template) problemAt(r model.Range, level model.ProblemLevel, format string, args ...any) {
	tp.problems = append(tp.problems, model.Problem{Range: r, Message: fmt.Sprintf(format, args...), Level: level})
}

// pseudo returns the value of a pseudo-parameter. AWS::Partition and AWS::URLSuffix have
// the values of the commercial partition, which every ARN check wants to see through; the
// others depend on where the stack is deployed.
func pseudo(name string) (value, bool) {
	switch name {
	case "AWS::Partition":
		return value{state: vKnown, s: "aws"}, true
	case "AWS::URLSuffix":
		return value{state: vKnown, s: "amazonaws.com"}, true
	case "AWS::NoValue":
		return value{state: vNoValue}, true
	case "AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs":
		return unknown("${" + name + "}"), true
	}
	return value{}, false
}

// eval evaluates a template value.
func (tp *template) eval(n *node) value { return tp.evalDepth(n, 0) }

func (tp *template) evalDepth(n *node, depth int) value {
	if n == nil {
		return value{state: vNoValue}
	}
	tp.steps++
	if depth > maxEvalDepth || tp.steps > maxEvalSteps {
		return unknown("${?}")
	}
	if n.opaque {
		return value{state: vUnknown, s: n.value, secret: n.secret}
	}
	switch n.kind {
	case scalarNode:
		if n.typ == strType && strings.Contains(n.value, "{{resolve:") {
			return dynamicReference(n.value)
		}
		return value{state: vKnown, s: n.value, typ: n.typ}
	case seqNode:
		v := value{state: vKnown, isList: true, list: make([]value, 0, len(n.content))}
		for _, c := range n.content {
			cv := tp.evalDepth(c, depth+1)
			if cv.state == vNoValue {
				continue
			}
			v.list = append(v.list, cv)
		}
		return v
	}
	fn, arg, ok := n.intrinsic()
	if !ok {
		return value{state: vKnown, m: n}
	}
	switch fn {
	case "Ref":
		if arg.kind != scalarNode {
			return unknown("${?}")
		}
		return tp.ref(arg.value, depth)
	case "Fn::GetAtt":
		return tp.getAtt(arg, depth)
	case "Fn::Sub":
		return tp.sub(arg, depth)
	case "Fn::Join":
		return tp.join(arg, depth)
	case "Fn::Select":
		return tp.selectFn(arg, depth)
	case "Fn::Split":
		return tp.split(arg, depth)
	case "Fn::FindInMap":
		return tp.findInMap(arg, depth)
	case "Fn::If":
		return tp.ifFn(arg, depth)
	case "Fn::Base64":
		v := tp.evalDepth(arg, depth+1)
		if v.known() && !v.isList && v.m == nil {
			v.s = base64.StdEncoding.EncodeToString([]byte(v.s))
			return v
		}
		return value{state: vUnknown, s: "${?}", ref: v.ref, secret: v.secret}
	case "Fn::ToJsonString":
		v := tp.evalDepth(arg, depth+1)
		if s, ok := tp.toJSON(v, depth+1); ok {
			return value{state: vKnown, s: s, param: v.param}
		}
		return value{state: vUnknown, s: "${?}", ref: v.ref, secret: v.secret}
	case "Fn::Length":
		v := tp.evalDepth(arg, depth+1)
		if v.known() && v.isList {
			return value{state: vKnown, s: strconv.Itoa(len(v.list)), typ: intType, param: v.param}
		}
		return unknown("${?}")
	case "Condition", "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
		c := tp.condDepth(n, depth+1)
		switch c.v {
		case triTrue:
			return value{state: vKnown, s: "true", typ: boolType, param: c.param}
		case triFalse:
			return value{state: vKnown, s: "false", typ: boolType, param: c.param}
		}
		return unknown("${?}")
	}
	// Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform and anything newer: values only
	// known at deployment.
	return unknown("${" + strings.TrimPrefix(fn, "Fn::") + "}")
}

// dynamicReference is a string holding {{resolve:...}}: its value is read from Secrets
// Manager or Systems Manager at deployment, so it is unknown and never a plaintext secret.
func dynamicReference(s string) value {
	return value{state: vUnknown, s: s, secret: true}
}

// ref resolves Ref to a parameter, pseudo-parameter or resource.
func (tp *template) ref(name string, depth int) value {
	if s, ok := tp.pseudo[name]; ok {
		return value{state: vKnown, s: s}
	}
	if v, ok := pseudo(name); ok {
		return v
	}
	if p, ok := tp.params[name]; ok {
		if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value") {
			// The default is the SSM parameter's name; its value is looked up at deployment.
			return value{state: vUnknown, s: "${" + name + "}", secret: true}
		}
		if p.def == nil {
			return value{state: vUnknown, s: "${" + name + "}", secret: p.noEcho}
		}
		v := tp.evalDepth(p.def, depth+1)
		if v.known() && !v.isList && (strings.HasPrefix(p.typ, "List<") || p.typ == "CommaDelimitedList") {
			parts := strings.Split(v.s, ",")
			v = value{state: vKnown, isList: true}
			for _, s := range parts {
				v.list = append(v.list, value{state: vKnown, s: strings.TrimSpace(s), param: true})
			}
		}
		v.param = true
		v.secret = v.secret || p.noEcho
		return v
	}
	if r, ok := tp.resources[name]; ok {
		v := value{state: vUnknown, s: "${" + name + "}", ref: name}
		if nameProp := refReturnsName[r.typ]; nameProp != "" && !tp.nameBusy[name] {
			tp.nameBusy[name] = true
			nv := tp.evalDepth(r.props.get(nameProp), depth+1)
			delete(tp.nameBusy, name)
			if nv.known() && !nv.isList && nv.m == nil {
				v.state, v.s, v.param = vKnown, nv.s, nv.param
			}
		}
		return v
	}
	if g, ok := tp.external[name]; ok {
		v := value{state: vUnknown, s: "${" + name + "}", ref: g.id}
		if refReturnsName[g.typ] != "" && g.name != "" {
			v.state, v.s = vKnown, g.name
		}
		return v
	}
	// SAM's references to what a function with AutoPublishAlias generates.
	for _, suffix := range []string{".Alias", ".Version"} {
		if fn, ok := strings.CutSuffix(name, suffix); ok {
			if _, isRes := tp.resources[fn]; isRes {
				return value{state: vUnknown, s: "${" + name + "}", ref: fn}
			}
		}
	}
	return unknown("${" + name + "}")
}

// refReturnsName lists resource types whose Ref returns their physical name, with the
// property that sets it: a Ref to such a resource is known when the name is.
var refReturnsName = map[string]string{
	"AWS::Lambda::Function":        "FunctionName",
	"AWS::Serverless::Function":    "FunctionName",
	"AWS::S3::Bucket":              "BucketName",
	"AWS::DynamoDB::Table":         "TableName",
	"AWS::Serverless::SimpleTable": "TableName",
	"AWS::Kinesis::Stream":         "Name",
	"AWS::Logs::LogGroup":          "LogGroupName",
	"AWS::IAM::Role":               "RoleName",
	"AWS::Events::Rule":            "Name",
	"AWS::Scheduler::Schedule":     "Name",
}

// getAttReturnsProp lists attributes whose value is a property of the resource.
var getAttReturnsProp = map[string]map[string]string{
	"AWS::SQS::Queue":      {"QueueName": "QueueName"},
	"AWS::SNS::Topic":      {"TopicName": "TopicName"},
	"AWS::Kinesis::Stream": {"Name": "Name"},
}

func (tp *template) getAtt(arg *node, depth int) value {
	var res, attr string
	switch arg.kind {
	case scalarNode:
		res, attr, _ = strings.Cut(arg.value, ".")
	case seqNode:
		if len(arg.content) != 2 {
			return unknown("${?}")
		}
		rv := tp.evalDepth(arg.content[0], depth+1)
		av := tp.evalDepth(arg.content[1], depth+1)
		if !rv.known() || !av.known() {
			return unknown("${?}")
		}
		res, attr = rv.s, av.s
	default:
		return unknown("${?}")
	}
	return tp.attribute(res, attr, depth)
}

func (tp *template) attribute(res, attr string, depth int) value {
	v := unknown("${" + res + "." + attr + "}")
	r, ok := tp.resources[res]
	if !ok {
		if g, ok := tp.external[res]; ok {
			v.ref = g.id
			if g.name != "" && (getAttReturnsProp[g.typ][attr] != "" || (g.typ == "AWS::S3::Bucket" && attr == "Arn")) {
				v.state, v.s = vKnown, g.name
				if attr == "Arn" {
					v.s = tp.bucketARN(g.name)
				}
			}
		}
		return v
	}
	v.ref = res
	prop := getAttReturnsProp[r.typ][attr]
	if r.typ == "AWS::S3::Bucket" && attr == "Arn" {
		// A bucket's ARN is known from its name: arn:aws:s3:::name.
		prop = "BucketName"
	}
	if prop != "" && !tp.nameBusy[res] {
		tp.nameBusy[res] = true
		nv := tp.evalDepth(r.props.get(prop), depth+1)
		delete(tp.nameBusy, res)
		if nv.known() && !nv.isList && nv.m == nil {
			v.state, v.s, v.param = vKnown, nv.s, nv.param
			if attr == "Arn" {
				v.s = tp.bucketARN(nv.s)
			}
		}
	}
	return v
}

// bucketARN is the ARN of the S3 bucket with the given name.
func (tp *template) bucketARN(name string) string {
	partition := "aws"
	if v := tp.ref("AWS::Partition", 0); v.known() {
		partition = v.s
	}
	return "arn:" + partition + ":s3:::" + name
}

// sub evaluates Fn::Sub: a string, or a string and a map of variables.
func (tp *template) sub(arg *node, depth int) value {
	var str *node
	var vars *node
	switch arg.kind {
	case scalarNode:
		str = arg
	case seqNode:
		if len(arg.content) == 0 || len(arg.content) > 2 {
			return unknown("${?}")
		}
		str = arg.content[0]
		if len(arg.content) == 2 {
			vars = arg.content[1]
		}
	default:
		return unknown("${?}")
	}
	sv := tp.evalDepth(str, depth+1)
	if sv.isList || sv.m != nil || (!sv.known() && (!sv.secret || str.kind != scalarNode)) {
		return unknown("${?}")
	}
	s := sv.s
	out := value{state: vKnown, param: sv.param}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			b.WriteString("${")
			b.WriteString(s)
			break
		}
		name := strings.TrimSpace(s[:j])
		s = s[j+1:]
		if strings.HasPrefix(name, "!") {
			// ${!Literal} writes ${Literal}.
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		var v value
		if vn := vars.get(name); vn != nil {
			v = tp.evalDepth(vn, depth+1)
		} else if res, attr, ok := strings.Cut(name, "."); ok && !strings.Contains(name, "::") {
			v = tp.attribute(res, attr, depth+1)
		} else {
			v = tp.ref(name, depth+1)
		}
		out.param = out.param || v.param
		out.secret = out.secret || v.secret
		if out.ref == "" {
			out.ref = v.ref
		}
		if v.known() && !v.isList && v.m == nil {
			b.WriteString(v.s)
			continue
		}
		out.state = vUnknown
		if v.state == vUnknown && v.s != "" && !v.isList {
			b.WriteString(v.s)
		} else {
			b.WriteString("${" + name + "}")
		}
	}
	out.s = b.String()
	if strings.Contains(out.s, "{{resolve:") {
		out.state, out.secret = vUnknown, true
	}
	return out
}

// list evaluates a value that must be a list.
func (tp *template) list(n *node, depth int) (value, bool) {
	v := tp.evalDepth(n, depth+1)
	if !v.known() || !v.isList {
		return v, false
	}
	return v, true
}

func (tp *template) join(arg *node, depth int) value {
	if arg.kind != seqNode || len(arg.content) != 2 {
		return unknown("${?}")
	}
	dv := tp.evalDepth(arg.content[0], depth+1)
	lv, ok := tp.list(arg.content[1], depth)
	if !ok || !dv.known() {
		return value{state: vUnknown, s: "${?}", ref: lv.ref, secret: lv.secret}
	}
	out := value{state: vKnown, param: dv.param || lv.param}
	parts := make([]string, 0, len(lv.list))
	for _, e := range lv.list {
		out.param = out.param || e.param
		out.secret = out.secret || e.secret
		if out.ref == "" {
			out.ref = e.ref
		}
		switch {
		case e.known() && !e.isList && e.m == nil:
			parts = append(parts, e.s)
		case e.state == vUnknown && !e.isList && e.s != "":
			out.state = vUnknown
			parts = append(parts, e.s)
		default:
			out.state = vUnknown
			parts = append(parts, "${?}")
		}
	}
	out.s = strings.Join(parts, dv.s)
	return out
}

func (tp *template) selectFn(arg *node, depth int) value {
	if arg.kind != seqNode || len(arg.content) != 2 {
		return unknown("${?}")
	}
	iv := tp.evalDepth(arg.content[0], depth+1)
	lv, ok := tp.list(arg.content[1], depth)
	if !ok || !iv.known() {
		return value{state: vUnknown, s: "${?}", ref: lv.ref}
	}
	i, err := strconv.Atoi(strings.TrimSpace(iv.s))
	if err != nil || i < 0 || i >= len(lv.list) {
		return unknown("${?}")
	}
	e := lv.list[i]
	e.param = e.param || iv.param || lv.param
	return e
}

func (tp *template) split(arg *node, depth int) value {
	if arg.kind != seqNode || len(arg.content) != 2 {
		return unknown("${?}")
	}
	dv := tp.evalDepth(arg.content[0], depth+1)
	sv := tp.evalDepth(arg.content[1], depth+1)
	if !dv.known() || !sv.known() || sv.isList || sv.m != nil || dv.s == "" {
		return value{state: vUnknown, s: "${?}", ref: sv.ref}
	}
	out := value{state: vKnown, isList: true, param: dv.param || sv.param}
	for _, s := range strings.Split(sv.s, dv.s) {
		out.list = append(out.list, value{state: vKnown, s: s, param: out.param, secret: sv.secret})
	}
	return out
}

func (tp *template) findInMap(arg *node, depth int) value {
	if arg.kind != seqNode || len(arg.content) < 3 {
		return unknown("${?}")
	}
	cur := tp.mappings
	param := false
	for _, k := range arg.content[:3] {
		kv := tp.evalDepth(k, depth+1)
		if !kv.known() || kv.isList || kv.m != nil {
			return unknown("${?}")
		}
		param = param || kv.param
		cur = cur.get(kv.s)
	}
	if cur == nil && len(arg.content) == 4 {
		// AWS::LanguageExtensions: [Map, Key, Key, {DefaultValue: v}].
		cur = arg.content[3].get("DefaultValue")
	}
	if cur == nil {
		return unknown("${?}")
	}
	v := tp.evalDepth(cur, depth+1)
	v.param = v.param || param
	return v
}

func (tp *template) ifFn(arg *node, depth int) value {
	if arg.kind != seqNode || len(arg.content) != 3 || arg.content[0].kind != scalarNode {
		return unknown("${?}")
	}
	c := tp.condition(arg.content[0].value, depth+1)
	switch c.v {
	case triTrue:
		v := tp.evalDepth(arg.content[1], depth+1)
		v.param = v.param || c.param
		return v
	case triFalse:
		v := tp.evalDepth(arg.content[2], depth+1)
		v.param = v.param || c.param
		return v
	}
	a := tp.evalDepth(arg.content[1], depth+1)
	b := tp.evalDepth(arg.content[2], depth+1)
	if a.known() && b.known() && !a.isList && !b.isList && a.m == nil && b.m == nil && a.s == b.s {
		return a
	}
	out := unknown("${?}")
	if a.ref == b.ref {
		out.ref = a.ref
	}
	out.secret = a.secret && b.secret
	return out
}

// condition evaluates a named condition of the Conditions section.
func (tp *template) condition(name string, depth int) condResult {
	if r, ok := tp.condMemo[name]; ok {
		return r
	}
	n, ok := tp.conds[name]
	if !ok || tp.condBusy[name] {
		return condResult{}
	}
	tp.condBusy[name] = true
	r := tp.condDepth(n, depth+1)
	delete(tp.condBusy, name)
	tp.condMemo[name] = r
	return r
}

func (tp *template) condDepth(n *node, depth int) condResult {
	tp.steps++
	if n == nil || depth > maxEvalDepth || tp.steps > maxEvalSteps {
		return condResult{}
	}
	fn, arg, ok := n.intrinsic()
	if !ok {
		v := tp.evalDepth(n, depth+1)
		return boolCond(v)
	}
	switch fn {
	case "Condition":
		if arg.kind != scalarNode {
			return condResult{}
		}
		return tp.condition(arg.value, depth+1)
	case "Fn::Equals":
		if arg.kind != seqNode || len(arg.content) != 2 {
			return condResult{}
		}
		a := tp.evalDepth(arg.content[0], depth+1)
		b := tp.evalDepth(arg.content[1], depth+1)
		if !a.known() || !b.known() || a.isList || b.isList || a.m != nil || b.m != nil {
			return condResult{}
		}
		r := condResult{v: triFalse, param: a.param || b.param}
		if a.s == b.s {
			r.v = triTrue
		}
		return r
	case "Fn::Not":
		items := []*node{arg}
		if arg.kind == seqNode {
			items = arg.content
		}
		if len(items) != 1 {
			return condResult{}
		}
		r := tp.condDepth(items[0], depth+1)
		switch r.v {
		case triTrue:
			r.v = triFalse
		case triFalse:
			r.v = triTrue
		}
		return r
	case "Fn::And", "Fn::Or":
		if arg.kind != seqNode || len(arg.content) == 0 {
			return condResult{}
		}
		// And is false as soon as one operand is false, Or true as soon as one is true,
		// whatever the unknown operands.
		decisive, other := triFalse, triTrue
		if fn == "Fn::Or" {
			decisive, other = triTrue, triFalse
		}
		out := condResult{v: other}
		for _, c := range arg.content {
			r := tp.condDepth(c, depth+1)
			switch r.v {
			case decisive:
				return r
			case triUnknown:
				out.v = triUnknown
			}
			out.param = out.param || r.param
		}
		return out
	}
	return boolCond(tp.evalDepth(n, depth+1))
}

func boolCond(v value) condResult {
	if !v.known() || v.isList || v.m != nil {
		return condResult{}
	}
	switch strings.ToLower(v.s) {
	case "true":
		return condResult{v: triTrue, param: v.param}
	case "false":
		return condResult{v: triFalse, param: v.param}
	}
	return condResult{}
}

// pick resolves Fn::If (and Ref AWS::NoValue) around a property value to the node that
// applies: nil with state vNoValue when the property is removed, vUnknown when the choice
// depends on an unknown condition.
func (tp *template) pick(n *node) (*node, vstate) {
	for range maxEvalDepth {
		if n == nil {
			return nil, vNoValue
		}
		if n.opaque {
			return n, vUnknown
		}
		fn, arg, ok := n.intrinsic()
		if !ok {
			return n, vKnown
		}
		switch fn {
		case "Fn::If":
			if arg.kind != seqNode || len(arg.content) != 3 || arg.content[0].kind != scalarNode {
				return n, vUnknown
			}
			switch tp.condition(arg.content[0].value, 0).v {
			case triTrue:
				n = arg.content[1]
			case triFalse:
				n = arg.content[2]
			default:
				return n, vUnknown
			}
		case "Ref":
			if arg.kind == scalarNode && arg.value == "AWS::NoValue" {
				return nil, vNoValue
			}
			return n, vKnown
		default:
			return n, vKnown
		}
	}
	return n, vUnknown
}

// prop returns a property of a mapping after Fn::If, with its state.
func (tp *template) prop(m *node, key string) (*node, vstate) {
	m, st := tp.pick(m)
	if st != vKnown || m == nil || m.kind != mapNode {
		if st == vUnknown {
			return nil, vUnknown
		}
		return nil, vNoValue
	}
	return tp.pick(m.get(key))
}

// obj returns a property that must be a mapping, or nil.
func (tp *template) obj(m *node, key string) *node {
	n, st := tp.prop(m, key)
	if st != vKnown || n == nil || n.kind != mapNode {
		return nil
	}
	if _, _, ok := n.intrinsic(); ok {
		return nil
	}
	return n
}

// items returns the items of a list property after Fn::If, dropping removed items; a
// single value stands for a list of one.
func (tp *template) items(n *node) []*node {
	n, st := tp.pick(n)
	if st != vKnown || n == nil {
		return nil
	}
	if n.kind != seqNode {
		return []*node{n}
	}
	out := make([]*node, 0, len(n.content))
	for _, c := range n.content {
		if c, st := tp.pick(c); st != vNoValue && c != nil {
			out = append(out, c)
		}
	}
	return out
}

// toJSON encodes a known value as JSON.
func (tp *template) toJSON(v value, depth int) (string, bool) {
	var b strings.Builder
	ok := tp.writeJSON(&b, v, depth)
	return b.String(), ok
}

func (tp *template) writeJSON(b *strings.Builder, v value, depth int) bool {
	if !v.known() || depth > maxEvalDepth || b.Len() > model.MaxFileSize {
		return false
	}
	switch {
	case v.isList:
		b.WriteByte('[')
		for i, e := range v.list {
			if i > 0 {
				b.WriteByte(',')
			}
			if !tp.writeJSON(b, e, depth+1) {
				return false
			}
		}
		b.WriteByte(']')
	case v.m != nil:
		b.WriteByte('{')
		first := true
		ok := true
		v.m.pairs(func(k, val *node) {
			if !ok {
				return
			}
			ev := tp.evalDepth(val, depth+1)
			if ev.state == vNoValue {
				return
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			writeJSONString(b, k.value)
			b.WriteByte(':')
			ok = tp.writeJSON(b, ev, depth+1)
		})
		b.WriteByte('}')
		return ok
	default:
		switch v.typ {
		case intType, floatType, boolType:
			b.WriteString(v.s)
		case nullType:
			b.WriteString("null")
		default:
			writeJSONString(b, v.s)
		}
	}
	return true
}

func writeJSONString(b *strings.Builder, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}

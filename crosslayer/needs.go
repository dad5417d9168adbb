package crosslayer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iam/access"
	"github.com/slslint/slslint/iam/actions"
)

// The permissions a function's code needs: for every AWS SDK call its program can make,
// the IAM actions of the operation (iam/actions) on the resource the call names, read from
// the call's input through the environment the template gives the function. A target
// whose name is not known needs the action on "*", with the reason.

// A Need is one IAM action a function's code needs on one resource.
type Need struct {
	// Action is the IAM action ("dynamodb:PutItem").
	Action string
	// Resource is the resource's ARN as a pattern; nil when the target is not known (the
	// action is then needed on "*", see Why).
	Resource access.Pattern
	// Ref is the project resource targeted, when the call names one (through an
	// environment variable set to a reference to it, or its known name); Type is the
	// action table's resource type ("table", "object", "index").
	Ref, Type string
	// Text renders the resource for people; Why says why it is "*".
	Text, Why string
	// Call is the call that needs it.
	Call *AWSCall
	// Implied says the need comes from the target's configuration, not the operation: the
	// KMS key that encrypts a queue or topic (SSE-KMS with a customer managed key). The key's
	// own policy may grant it, which slslint does not read: SLS510 does not report it.
	Implied bool
}

// Needs is what a function's code needs, and whether that is all of it.
type Needs struct {
	List []Need
	// Incomplete says why the list may miss something ("" when it is complete): calls
	// that are not all known (Program.AWSIncomplete), an operation the action table does
	// not know, a transaction whose items are not in sight.
	Incomplete string
}

// NeedsOf computes what a linked function's code needs; nil when the function is not
// confidently linked to analyzed code.
func NeedsOf(lk *Link) *Needs {
	if lk == nil || !lk.Confident() {
		return nil
	}
	n := &Needs{Incomplete: lk.Program.AWSIncomplete}
	res := access.ResourcesOf(lk.Project)
	rv := &resolver{f: lk.Function, project: lk.Project, res: res}
	for i := range lk.Program.AWSCalls {
		c := &lk.Program.AWSCalls[i]
		needs, why := rv.call(c)
		if why != "" && n.Incomplete == "" {
			n.Incomplete = why
		}
		n.List = append(n.List, needs...)
	}
	return n
}

type resolver struct {
	f       *model.Function
	project *model.Project
	res     *access.Resources
}

// call returns what one call needs; why says when the call's needs cannot all be known.
func (rv *resolver) call(c *AWSCall) (out []Need, why string) {
	op, ok := actions.Lookup(c.Package, c.Operation)
	if !ok {
		return nil, fmt.Sprintf("the IAM action of %s.%s is not known", c.Package, c.Operation)
	}
	svc := op.Service
	switch {
	case op.None:
		return nil, ""
	case op.Items:
		return rv.transaction(c)
	case op.Statement:
		return rv.partiQL(c)
	}
	targets := rv.targets(c, svc)
	out = append(out, rv.sseKMS(c, targets)...)
	for _, a := range op.Actions {
		switch a.Target {
		case actions.OnAny:
			out = append(out, Need{Action: a.Name, Call: c, Why: "the action takes no resource"})
		case actions.OnSource:
			for _, v := range c.ValuesOf("CopySource") {
				p, text, _ := rv.value(v, "copy-source")
				if p == nil {
					out = append(out, Need{Action: a.Name, Call: c, Why: "the copy's source is not known statically"})
					continue
				}
				out = append(out, Need{Action: a.Name, Call: c, Resource: access.Concat(access.Lit("arn:aws:s3:::"), p), Text: text, Type: "object"})
			}
		case actions.OnObjects:
			for _, t := range rv.bucketTargets(c) {
				t.Action, t.Type = a.Name, "object"
				if t.Resource != nil {
					t.Resource = access.Concat(t.Resource, access.Lit("/*"))
					t.Text += "/*"
				}
				out = append(out, t)
			}
		case actions.OnEntries:
			out = append(out, rv.eventBuses(c, a.Name)...)
		default:
			for _, t := range targets {
				t.Action = a.Name
				out = append(out, t)
			}
		}
	}
	return out, ""
}

// targets are the resources a call names through its input's resource fields; one "*"
// target when the operation names none (ListTables), one unknown target when the value is
// not in sight.
func (rv *resolver) targets(c *AWSCall, svc *actions.Service) []Need {
	if c.Has("RequestItems") { // BatchGetItem, BatchWriteItem: the map's keys name the tables
		var out []Need
		for _, v := range c.ValuesOf("RequestItems") {
			out = append(out, rv.named(c, "dynamodb", "table", "name", v))
		}
		if len(out) == 0 {
			out = append(out, Need{Call: c, Why: "the tables of the batch are not known statically"})
		}
		return out
	}
	rt := svc.ResourceFor(c.Has)
	if rt == nil {
		return []Need{{Call: c, Why: "the operation names no resource"}}
	}
	pkg := c.Package
	if s, ok := actions.ServiceOf(pkg); ok && len(s.Packages) > 0 {
		pkg = s.Packages[0]
	}
	fields := make([]string, 0, len(rt.Fields))
	for f, kind := range rt.Fields {
		if kind != "key" && c.Has(f) {
			fields = append(fields, f)
		}
	}
	sort.Strings(fields)
	var out []Need
	for _, f := range fields {
		for _, v := range c.ValuesOf(f) {
			typ := rt.Type
			if typ == "object" {
				typ = "bucket" // the key is added below
			}
			n := rv.named(c, pkg, typ, rt.Fields[f], v)
			if rt.Type == "object" {
				n = rv.object(c, n)
			}
			if rt.Type == "table" && c.Has("IndexName") {
				n = rv.index(c, n)
			}
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		why := "the " + strings.Join(fields, " or ") + " it is given is not in sight"
		out = append(out, Need{Call: c, Why: why})
	}
	return out
}

// named resolves a value naming a resource of type typ, given as kind (name, arn, url, ...).
func (rv *resolver) named(c *AWSCall, pkg, typ, kind string, v []ValuePart) Need {
	n := Need{Call: c, Type: typ}
	// One environment variable set to a reference to a project resource: that resource.
	if len(v) == 1 && v[0].Env != "" {
		ev, ok := rv.f.Env(v[0].Env)
		switch {
		case !ok && rv.f.EnvironmentUnknown:
			n.Why = "environment variable " + v[0].Env + " is not known statically"
			return n
		case !ok:
			n.Why = "environment variable " + v[0].Env + " is not set by the template"
			return n
		case ev.Value.Ref != "":
			if p, ok := rv.refARN(ev.Value.Ref, pkg, typ); ok {
				n.Resource, n.Ref, n.Text = p, ev.Value.Ref, ev.Value.Ref
				return n
			}
		}
	}
	p, text, ok := rv.value(v, kind)
	if !ok || p == nil {
		n.Why = "its " + strings.ToLower(typ) + " is named by a value that is not known statically (" + text + ")"
		return n
	}
	var arn access.Pattern
	switch kind {
	case "arn", "url-arn":
		arn = p
	case "url":
		// https://sqs.<region>.amazonaws.com/<account>/<name>: the name and account.
		if s := p.String(); p.Known() {
			parts := strings.Split(strings.TrimSuffix(s, "/"), "/")
			if len(parts) >= 5 {
				name, account := parts[len(parts)-1], parts[len(parts)-2]
				// The host names the region: sqs.<region>.amazonaws.com.
				host := strings.Split(parts[2], ".")
				if len(host) >= 3 && host[0] == "sqs" && account != "" {
					arn = access.Lit("arn:aws:sqs:" + host[1] + ":" + account + ":" + name)
				} else {
					arn, _ = access.FormatARN(pkg, typ, access.Lit(name), nil)
				}
				text = name
				break
			}
		}
		n.Why = "its queue URL is not known statically (" + text + ")"
		return n
	case "name-or-arn":
		if strings.HasPrefix(p.String(), "arn:") {
			arn = p
			break
		}
		arn, _ = access.FormatARN(pkg, typ, p, nil)
	case "parameter":
		arn, _ = access.FormatARN(pkg, typ, trimSlash(p), nil)
	case "kms-key":
		s := p.String()
		switch {
		case strings.HasPrefix(s, "arn:"):
			arn = p
		case strings.HasPrefix(s, "alias/"):
			n.Why = "the key is named by an alias, which IAM does not match against the key's ARN"
			return n
		default:
			arn, _ = access.FormatARN(pkg, typ, p, nil)
		}
	default:
		arn, _ = access.FormatARN(pkg, typ, p, nil)
	}
	if arn == nil {
		n.Why = "its ARN format is not known"
		return n
	}
	n.Resource, n.Text = arn, text
	// A literal name the template gives one of its resources is that resource: written as a
	// reference in slslint policy.
	if p.Known() && (kind == "name" || kind == "name-or-arn" && !strings.HasPrefix(p.String(), "arn:")) {
		if id := rv.res.Named(typ, p.String()); id != "" {
			n.Ref, n.Text = id, id
		}
	}
	return n
}

// refARN is the ARN of a project resource an environment variable refers to, when it is of
// the type the call needs (a queue for SQS); for a resource of another type, or one whose
// ARN format is not known, it is not.
func (rv *resolver) refARN(id, pkg, typ string) (access.Pattern, bool) {
	rpkg, rtyp, ok := rv.res.Type(id)
	if !ok {
		// A resource of a type the model does not hold (a secret, a parameter): its
		// ARN is its own symbol.
		return access.Sym(id + ".Arn"), true
	}
	if rtyp == typ && (rpkg == pkg || sameService(rpkg, pkg)) {
		return rv.res.ARN(id)
	}
	return nil, false
}

func sameService(a, b string) bool {
	sa, oka := actions.ServiceOf(a)
	sb, okb := actions.ServiceOf(b)
	return oka && okb && sa == sb
}

// value turns a value's pieces into a pattern: literal text, environment variables' known
// values (a reference's name when it has one), unknown parts. ok is false when nothing of
// it is known.
func (rv *resolver) value(v []ValuePart, kind string) (access.Pattern, string, bool) {
	var p access.Pattern
	var text strings.Builder
	known := false
	for _, part := range v {
		switch {
		case part.Env != "":
			text.WriteString("$" + part.Env)
			ev, ok := rv.f.Env(part.Env)
			switch {
			case !ok:
				p = access.Concat(p, access.Unknown())
			case ev.Value.Known():
				p = access.Concat(p, access.Lit(ev.Value.Value))
				known = true
			case ev.Value.Ref != "" && kind != "url":
				p = access.Concat(p, rv.res.Name(ev.Value.Ref))
				known = true
			default:
				p = access.Concat(p, access.Unknown())
			}
		case part.Unknown:
			text.WriteString("…")
			p = access.Concat(p, access.Unknown())
		default:
			text.WriteString(part.Lit)
			p = access.Concat(p, access.Lit(part.Lit))
			known = true
		}
	}
	if !known {
		return nil, text.String(), false
	}
	return p, text.String(), true
}

func trimSlash(p access.Pattern) access.Pattern {
	if len(p) > 0 && strings.HasPrefix(p[0].Lit, "/") {
		out := append(access.Pattern(nil), p...)
		out[0].Lit = strings.TrimPrefix(out[0].Lit, "/")
		return access.Concat(out)
	}
	return p
}

// object turns a bucket target into its object target: the key's value when known, any key
// otherwise.
func (rv *resolver) object(c *AWSCall, n Need) Need {
	n.Type = "object"
	if n.Resource == nil {
		return n
	}
	key := access.Lit("*")
	text := "*"
	if keys := c.ValuesOf("Key"); len(keys) == 1 {
		if p, t, ok := rv.value(keys[0], "key"); ok {
			key, text = p, t
		}
	}
	n.Resource = access.Concat(n.Resource, access.Lit("/"), key)
	n.Text = n.Text + "/" + text
	return n
}

// index narrows a table target to the index a Query or Scan reads, when it names one.
func (rv *resolver) index(c *AWSCall, n Need) Need {
	idx := c.ValuesOf("IndexName")
	if len(idx) == 0 || n.Resource == nil {
		return n
	}
	name, text, ok := rv.value(idx[0], "name")
	if !ok {
		name, text = access.Lit("*"), "*"
	}
	n.Resource = access.Concat(n.Resource, access.Lit("/index/"), name)
	n.Text += "/index/" + text
	n.Type = "index"
	return n
}

// bucketTargets are the buckets a call names.
func (rv *resolver) bucketTargets(c *AWSCall) []Need {
	var out []Need
	for _, v := range c.ValuesOf("Bucket") {
		out = append(out, rv.named(c, "s3", "bucket", "name", v))
	}
	if len(out) == 0 {
		out = append(out, Need{Call: c, Why: "the Bucket it is given is not in sight"})
	}
	return out
}

// eventBuses are the buses PutEvents' entries name: the default bus for an entry that
// names none.
func (rv *resolver) eventBuses(c *AWSCall, action string) []Need {
	var out []Need
	for _, v := range c.ValuesOf("Entries.EventBusName") {
		n := rv.named(c, "eventbridge", "event-bus", "name-or-arn", v)
		n.Action = action
		out = append(out, n)
	}
	entriesUnknown := false
	for _, v := range c.ValuesOf("Entries") {
		if len(v) == 1 && v[0].Unknown {
			entriesUnknown = true
		}
	}
	switch {
	case entriesUnknown || !c.Seen:
		out = append(out, Need{Action: action, Call: c, Why: "the entries' event buses are not in sight"})
	case len(out) == 0:
		p, _ := access.FormatARN("eventbridge", "event-bus", access.Lit("default"), nil)
		out = append(out, Need{Action: action, Call: c, Resource: p, Text: "default", Type: "event-bus"})
	}
	return out
}

// transactionActions maps a DynamoDB transaction item's kind to the action it needs.
var transactionActions = map[string]string{"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem",
	"Delete": "dynamodb:DeleteItem", "ConditionCheck": "dynamodb:ConditionCheckItem", "Get": "dynamodb:GetItem"}

// transaction is what a DynamoDB transaction needs: the actions of its items, each on its
// table (DynamoDB authorizes TransactWriteItems and TransactGetItems item by item).
func (rv *resolver) transaction(c *AWSCall) ([]Need, string) {
	var out []Need
	for _, v := range c.Values {
		rest, ok := strings.CutPrefix(v.Path, "TransactItems.")
		if !ok {
			if v.Path == "TransactItems" {
				return out, "the items of a transaction are not in sight"
			}
			continue
		}
		kind, _, _ := strings.Cut(rest, ".")
		n := rv.named(c, "dynamodb", "table", "name-or-arn", v.Parts)
		n.Action = transactionActions[kind]
		if n.Action == "" {
			continue
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, "the items of a transaction are not in sight"
	}
	return out, ""
}

var partiQLStatement = regexp.MustCompile(`(?is)^\s*(SELECT|INSERT|UPDATE|DELETE)\b.*?\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z0-9_.-]+)"?`)

// partiQL is what a PartiQL statement needs: dynamodb:PartiQL<Verb> on its table, when the
// statement is a constant.
func (rv *resolver) partiQL(c *AWSCall) ([]Need, string) {
	var out []Need
	for _, v := range c.Values {
		if v.Path != "Statement" && !strings.HasSuffix(v.Path, ".Statement") {
			continue
		}
		if len(v.Parts) != 1 || v.Parts[0].Lit == "" {
			return out, "a PartiQL statement is not a constant"
		}
		m := partiQLStatement.FindStringSubmatch(v.Parts[0].Lit)
		if m == nil {
			return out, "a PartiQL statement is not understood"
		}
		verb := strings.ToUpper(m[1][:1]) + strings.ToLower(m[1][1:])
		table := m[2]
		if verb == "Update" && strings.EqualFold(table, "") {
			return out, "a PartiQL statement is not understood"
		}
		n := rv.named(c, "dynamodb", "table", "name", []ValuePart{{Lit: table}})
		n.Action = "dynamodb:PartiQL" + verb
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, "the PartiQL statements are not in sight"
	}
	return out, ""
}

// sseKMSActions are the KMS actions a call on a queue or topic encrypted with a customer
// managed key needs (Amazon SQS and Amazon SNS developer guides, "Key management"):
// producers generate data keys and decrypt them, consumers decrypt.
var sseKMSActions = map[string][]string{
	"sqs.SendMessage": {"kms:GenerateDataKey", "kms:Decrypt"}, "sqs.SendMessageBatch": {"kms:GenerateDataKey", "kms:Decrypt"},
	"sqs.ReceiveMessage": {"kms:Decrypt"},
	"sns.Publish":        {"kms:GenerateDataKey", "kms:Decrypt"}, "sns.PublishBatch": {"kms:GenerateDataKey", "kms:Decrypt"},
}

// sseKMS returns the KMS needs of a call whose target queue or topic of the project the
// template encrypts with a customer managed key. AWS managed keys (alias/aws/sqs,
// alias/aws/sns) need nothing: their key policies allow the service for the account.
func (rv *resolver) sseKMS(c *AWSCall, targets []Need) []Need {
	kmsActions := sseKMSActions[c.Package+"."+c.Operation]
	if len(kmsActions) == 0 || rv.project == nil {
		return nil
	}
	var out []Need
	for _, t := range targets {
		var key model.Attr[string]
		for _, q := range rv.project.Queues {
			if q != nil && q.ID == t.Ref {
				key = q.KMSKey
			}
		}
		for _, tp := range rv.project.Topics {
			if tp != nil && tp.ID == t.Ref {
				key = tp.KMSKey
			}
		}
		if !key.IsSet() || key.Known() && (key.Value == "" || strings.HasPrefix(key.Value, "alias/aws/")) {
			continue
		}
		n := Need{Call: c, Implied: true, Type: "key"}
		switch {
		case key.Ref != "":
			n.Resource, n.Ref, n.Text = access.Sym(key.Ref+".Arn"), key.Ref, key.Ref
		case key.Known() && strings.HasPrefix(key.Value, "arn:"):
			n.Resource, n.Text = access.Lit(key.Value), key.Value
		default:
			n.Why = "the key that encrypts " + t.Ref + " is not known statically"
		}
		for _, a := range kmsActions {
			n.Action = a
			out = append(out, n)
		}
	}
	return out
}

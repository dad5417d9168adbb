package cdk

import (
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

func (r *reader) iamFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	switch name {
	case "NewPolicyStatement":
		return r.newStatement(props(c.Arg(0)), c), true
	case "NewServicePrincipal":
		return principal{key: "Service", value: c.Arg(0)}, true
	case "NewAnyPrincipal", "NewStarPrincipal":
		return principal{key: "*"}, true
	case "NewArnPrincipal", "NewAccountPrincipal":
		return principal{key: "AWS", value: c.Arg(0)}, true
	case "NewAccountRootPrincipal":
		return principal{key: "AWS", value: goeval.Unknown{Why: "account"}}, true
	case "ManagedPolicy_FromAwsManagedPolicyName":
		if s, ok := goeval.StringOf(c.Arg(0)); ok {
			return managedPolicy{arn: goeval.String("arn:aws:iam::aws:policy/" + s)}, true
		}
		return managedPolicy{arn: goeval.Unknown{}}, true
	case "ManagedPolicy_FromManagedPolicyArn":
		return managedPolicy{arn: c.Arg(2)}, true
	case "NewPolicyDocument":
		doc := &policyDocument{}
		if v, _, ok := r.field(props(c.Arg(0)), "Statements"); ok {
			doc.statements = statements(v)
		}
		return doc, true
	case "NewRole":
		return r.newRole(c), true
	case "NewPolicy":
		return r.newPolicy(c), true
	case "Role_FromRoleArn", "Role_FromRoleName":
		return r.imported(c), true
	}
	return nil, false
}

// statements lists the PolicyStatements of a slice.
func statements(v goeval.Value) []*statement {
	var out []*statement
	if s, ok := v.(*goeval.Slice); ok {
		for _, e := range s.Elems {
			if st, ok := e.Value.(*statement); ok {
				out = append(out, st)
			}
		}
	}
	return out
}

// newStatement reads awsiam.NewPolicyStatement: each action and resource at the element
// that writes it.
func (r *reader) newStatement(p *goeval.Struct, c *goeval.Call) *statement {
	at := r.rng(c.Expr)
	m := cloudformation.NewMap(at)
	effect := cloudformation.Str("Allow", at)
	if v, eat, ok := r.field(p, "Effect"); ok {
		if s, known := goeval.StringOf(v); known {
			effect = cloudformation.Str(upperCamel(s), eat)
		} else {
			effect = cloudformation.Opaque(eat)
		}
	}
	m.Set("Effect", at, effect)
	for _, f := range []struct{ field, prop string }{{"Actions", "Action"}, {"NotActions", "NotAction"},
		{"Resources", "Resource"}, {"NotResources", "NotResource"}} {
		if v, fat, ok := r.field(p, f.field); ok {
			m.Set(f.prop, fat, r.value(v, fat))
		}
	}
	if v, fat, ok := r.field(p, "Principals"); ok {
		m.Set("Principal", fat, r.principals(v, fat))
	}
	if _, fat, ok := r.field(p, "Conditions"); ok {
		m.Set("Condition", fat, cloudformation.Opaque(fat))
	}
	return &statement{v: m, call: c.Expr}
}

// principals merges a list of principals into a Principal element.
func (r *reader) principals(v goeval.Value, at model.Range) *cloudformation.Value {
	s, ok := v.(*goeval.Slice)
	if !ok || s.Unknown {
		return cloudformation.Opaque(at)
	}
	out := cloudformation.NewMap(at)
	for _, e := range s.Elems {
		eat := at
		if e.At != nil {
			eat = r.rng(e.At)
		}
		pr, ok := e.Value.(principal)
		if !ok {
			return cloudformation.Opaque(at)
		}
		if pr.key == "*" {
			return cloudformation.Str("*", eat)
		}
		list := out.Get(pr.key)
		if list == nil {
			list = &cloudformation.Value{Kind: cloudformation.List, At: eat}
			out.Set(pr.key, eat, list)
		}
		list.Items = append(list.Items, r.value(pr.value, eat))
	}
	return out
}

func (r *reader) statementMethod(st *statement, c *goeval.Call, name string) (goeval.Value, bool) {
	at := r.rng(c.Expr)
	add := func(prop string) {
		list := st.v.Get(prop)
		if list == nil || list.Kind != cloudformation.List {
			list = &cloudformation.Value{Kind: cloudformation.List, At: at}
			st.v.Set(prop, at, list)
		}
		for i, a := range c.Args {
			list.Items = append(list.Items, r.value(a, r.at(c, i)))
		}
	}
	switch name {
	case "AddActions":
		add("Action")
	case "AddResources":
		add("Resource")
	case "AddAllResources":
		st.v.Set("Resource", at, cloudformation.Str("*", at))
	case "AddPrincipals":
		s := &goeval.Slice{}
		for _, a := range c.Args {
			s.Elems = append(s.Elems, goeval.Elem{Value: a})
		}
		st.v.Set("Principal", at, r.principals(s, at))
	case "AddAnyPrincipal":
		st.v.Set("Principal", at, cloudformation.Str("*", at))
	case "AddCondition", "AddConditions":
		st.v.Set("Condition", at, cloudformation.Opaque(at))
	default:
		return nil, false
	}
	return goeval.Nil{}, true
}

// newRole reads awsiam.NewRole.
func (r *reader) newRole(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindRole)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "RoleName", m, "RoleName", nil)
	if v, at, ok := r.field(p, "ManagedPolicies"); ok {
		list := &cloudformation.Value{Kind: cloudformation.List, At: at}
		if s, ok := v.(*goeval.Slice); ok {
			for _, e := range s.Elems {
				eat := at
				if e.At != nil {
					eat = r.rng(e.At)
				}
				if mp, ok := e.Value.(managedPolicy); ok {
					list.Items = append(list.Items, r.value(mp.arn, eat))
				} else {
					list.Items = append(list.Items, cloudformation.Opaque(eat))
				}
			}
		}
		m.Set("ManagedPolicyArns", at, list)
	}
	if v, at, ok := r.field(p, "InlinePolicies"); ok {
		pols := &cloudformation.Value{Kind: cloudformation.List, At: at}
		if mp, ok := v.(*goeval.Map); ok && !mp.Unknown {
			for _, e := range mp.Entries {
				eat := at
				if e.At != nil {
					eat = r.rng(e.At)
				}
				doc, ok := e.Value.(*policyDocument)
				pol := cloudformation.NewMap(eat)
				pol.Set("PolicyName", eat, r.value(e.Key, eat))
				if ok {
					pol.Set("PolicyDocument", eat, document(doc.statements, eat))
				} else {
					pol.Set("PolicyDocument", eat, cloudformation.Opaque(eat))
				}
				pols.Items = append(pols.Items, pol)
			}
		}
		m.Set("Policies", at, pols)
	}
	r.resource(cn, "AWS::IAM::Role", m)
	return cn
}

// newPolicy reads awsiam.NewPolicy.
func (r *reader) newPolicy(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindPolicy)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "PolicyName", m, "PolicyName", nil)
	var sts []*statement
	if v, _, ok := r.field(p, "Statements"); ok {
		sts = statements(v)
	}
	m.Set("PolicyDocument", cn.at, document(sts, cn.at))
	roles := &cloudformation.Value{Kind: cloudformation.List, At: cn.at}
	if v, _, ok := r.field(p, "Roles"); ok {
		if s, ok := v.(*goeval.Slice); ok {
			for _, e := range s.Elems {
				if role := asConstruct(e.Value); role != nil && role.res != nil {
					roles.Items = append(roles.Items, cloudformation.Ref(role.res.ID, cn.at))
				}
			}
		}
	}
	m.Set("Roles", cn.at, roles)
	r.resource(cn, "AWS::IAM::Policy", m)
	return cn
}

func (r *reader) policyMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	if cn.res == nil {
		return goeval.Nil{}, true
	}
	switch name {
	case "AttachToRole":
		if role := asConstruct(c.Arg(0)); role != nil && role.res != nil {
			roles := cn.res.Properties.Get("Roles")
			roles.Items = append(roles.Items, cloudformation.Ref(role.res.ID, r.rng(c.Expr)))
		}
	case "AddStatements":
		doc := cn.res.Properties.Get("PolicyDocument")
		list := doc.Get("Statement")
		for _, a := range c.Args {
			if st, ok := a.(*statement); ok {
				list.Items = append(list.Items, st.v)
			}
		}
	default:
		return nil, false
	}
	return goeval.Nil{}, true
}

func (r *reader) roleMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	if cn.res == nil {
		return goeval.Nil{}, true
	}
	at := r.rng(c.Expr)
	switch name {
	case "RoleArn":
		return ref{id: cn.res.ID, attr: "Arn"}, true
	case "RoleName":
		return ref{id: cn.res.ID}, true
	case "AddToPolicy", "AddToPrincipalPolicy":
		if st, ok := c.Arg(0).(*statement); ok {
			r.addToRole(cn, st)
		} else {
			r.unknownPolicy(cn, at)
		}
		return goeval.Nil{}, true
	case "AddManagedPolicy":
		m := cn.res.Properties
		list := m.Get("ManagedPolicyArns")
		if list == nil {
			list = &cloudformation.Value{Kind: cloudformation.List, At: at}
			m.Set("ManagedPolicyArns", at, list)
		}
		if mp, ok := c.Arg(0).(managedPolicy); ok {
			list.Items = append(list.Items, r.value(mp.arn, at))
		} else {
			list.Items = append(list.Items, cloudformation.Opaque(at))
		}
		r.statements = append(r.statements, at)
		return goeval.Nil{}, true
	case "AttachInlinePolicy":
		if pol := asConstruct(c.Arg(0)); pol != nil && pol.kind == kindPolicy && pol.res != nil {
			roles := pol.res.Properties.Get("Roles")
			roles.Items = append(roles.Items, cloudformation.Ref(cn.res.ID, at))
		}
		return goeval.Nil{}, true
	}
	if strings.HasPrefix(name, "Grant") {
		return goeval.Nil{}, true
	}
	return nil, false
}

func document(sts []*statement, at model.Range) *cloudformation.Value {
	doc := cloudformation.NewMap(at)
	doc.Set("Version", at, cloudformation.Str("2012-10-17", at))
	list := &cloudformation.Value{Kind: cloudformation.List, At: at}
	for _, st := range sts {
		list.Items = append(list.Items, st.v)
	}
	doc.Set("Statement", at, list)
	return doc
}

// roleOf returns the role a grantee's statements go to: a role, or a function's
// execution role.
func roleOf(grantee *construct) *construct {
	switch {
	case grantee == nil:
		return nil
	case grantee.kind == kindRole:
		return grantee
	case grantee.kind == kindAlias && grantee.fn != nil:
		return grantee.fn.role
	}
	return grantee.role
}

// addToRole adds a statement to the default policy of a role (or a function's role), as
// the CDK does: one AWS::IAM::Policy, <role>/DefaultPolicy, attached to the role.
func (r *reader) addToRole(grantee *construct, st *statement) {
	role := roleOf(grantee)
	if role == nil || role.res == nil {
		return
	}
	if role.policy == nil {
		at := st.v.At
		m := cloudformation.NewMap(at)
		m.Set("PolicyDocument", at, document(nil, at))
		m.Set("Roles", at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{cloudformation.Ref(role.res.ID, at)}})
		id := role.res.ID + "/DefaultPolicy"
		res := &cloudformation.Resource{ID: id, Type: "AWS::IAM::Policy", At: at, Extent: at, Properties: m}
		if !role.stack.add(res) {
			return
		}
		role.policy = res
	}
	list := role.policy.Properties.Get("PolicyDocument").Get("Statement")
	list.Items = append(list.Items, st.v)
	if st.call != nil {
		r.statements = append(r.statements, r.rng(st.call))
	}
}

// unknownPolicy records a statement that cannot be read on a role: its policy is not
// completely known.
func (r *reader) unknownPolicy(grantee *construct, at model.Range) {
	st := &statement{v: cloudformation.Opaque(at)}
	r.addToRole(grantee, st)
}

// A grantSpec is what one of the CDK's Grant* methods gives: actions on the resource
// (its ARN), on its objects or indexes (ARN/*), on its stream, or on everything.
type grantSpec struct {
	actions   []string
	resources []string // "arn", "arn/*", "arn/index/*", "stream", "*"
}

// grants are the statements of the CDK's Grant* methods, as aws-cdk-lib writes them:
// aws-dynamodb/lib/perms.ts, aws-sqs/lib/queue-base.ts, aws-sns/lib/topic-base.ts,
// aws-s3/lib/perms.ts and bucket.ts, aws-kinesis/lib/stream.ts, aws-lambda/lib/function-base.ts,
// aws-stepfunctions/lib/state-machine.ts. Keyed by "<resource kind>.<method>".
var grants = map[string]grantSpec{
	"table.GrantReadData":  {actions: dynamoRead, resources: []string{"arn", "arn/index/*"}},
	"table.GrantWriteData": {actions: dynamoWrite, resources: []string{"arn", "arn/index/*"}},
	"table.GrantReadWriteData": {actions: append(append([]string(nil), dynamoRead...), dynamoWrite...),
		resources: []string{"arn", "arn/index/*"}},
	"table.GrantFullAccess": {actions: []string{"dynamodb:*"}, resources: []string{"arn", "arn/index/*"}},
	"table.GrantStreamRead": {actions: []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
		resources: []string{"stream"}},
	"table.GrantStream": {resources: []string{"stream"}},
	"queue.GrantSendMessages": {actions: []string{"sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"},
		resources: []string{"arn"}},
	"queue.GrantConsumeMessages": {actions: []string{"sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
		"sqs:DeleteMessage", "sqs:GetQueueAttributes"}, resources: []string{"arn"}},
	"queue.GrantPurge":     {actions: []string{"sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"}, resources: []string{"arn"}},
	"topic.GrantPublish":   {actions: []string{"sns:Publish"}, resources: []string{"arn"}},
	"topic.GrantSubscribe": {actions: []string{"sns:Subscribe"}, resources: []string{"arn"}},
	"bucket.GrantRead":     {actions: []string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}, resources: []string{"arn", "arn/*"}},
	"bucket.GrantWrite":    {actions: s3Write, resources: []string{"arn", "arn/*"}},
	"bucket.GrantReadWrite": {actions: append([]string{"s3:GetObject*", "s3:GetBucket*", "s3:List*"}, s3Write...),
		resources: []string{"arn", "arn/*"}},
	"bucket.GrantPut": {actions: []string{"s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging",
		"s3:PutObjectVersionTagging", "s3:Abort*"}, resources: []string{"arn/*"}},
	"bucket.GrantDelete": {actions: []string{"s3:DeleteObject*"}, resources: []string{"arn/*"}},
	"stream.GrantRead": {actions: []string{"kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
		"kinesis:ListShards", "kinesis:SubscribeToShard", "kinesis:DescribeStream", "kinesis:ListStreams",
		"kinesis:DescribeStreamConsumer"}, resources: []string{"arn"}},
	"stream.GrantWrite": {actions: []string{"kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"},
		resources: []string{"arn"}},
	"function.GrantInvoke":              {actions: []string{"lambda:InvokeFunction"}, resources: []string{"arn", "arn:*"}},
	"state-machine.GrantStartExecution": {actions: []string{"states:StartExecution"}, resources: []string{"arn"}},
}

var dynamoRead = []string{"dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query",
	"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"}

var dynamoWrite = []string{"dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
	"dynamodb:DescribeTable"}

var s3Write = []string{"s3:DeleteObject*", "s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention",
	"s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"}

// grantKind names a construct kind in the grants table.
func grantKind(k kind) string {
	switch k {
	case kindTable:
		return "table"
	case kindQueue:
		return "queue"
	case kindTopic:
		return "topic"
	case kindBucket:
		return "bucket"
	case kindStream:
		return "stream"
	case kindFunction, kindAlias:
		return "function"
	case kindMachine:
		return "state-machine"
	}
	return string(k)
}

// grant reads a Grant* method of a resource: resource.GrantX(grantee, ...). A grant the
// table does not know, or one on a resource declared elsewhere, still gives the grantee a
// statement, unknown.
func (r *reader) grant(res *construct, c *goeval.Call, name string) {
	grantee := asConstruct(c.Arg(0))
	at := r.rng(c.Expr)
	if grantee == nil {
		return
	}
	spec, ok := grants[grantKind(res.kind)+"."+name]
	if name == "Grant" && len(c.Args) > 1 {
		// Grant(grantee, actions...): the actions given.
		spec, ok = grantSpec{resources: []string{"arn"}}, true
		for _, a := range c.Args[1:] {
			s, known := goeval.StringOf(a)
			if !known {
				ok = false
				break
			}
			spec.actions = append(spec.actions, s)
		}
	}
	if !ok || res.kind == kindImported || res.res == nil {
		r.unknownPolicy(grantee, at)
		return
	}
	r.grantActions(grantee, res, at, spec)
	r.statements = append(r.statements, at)
}

// grantActions adds a grant's statement to the grantee's role.
func (r *reader) grantActions(grantee, res *construct, at model.Range, spec grantSpec) {
	st := cloudformation.NewMap(at)
	st.Set("Effect", at, cloudformation.Str("Allow", at))
	actions := &cloudformation.Value{Kind: cloudformation.List, At: at}
	for _, a := range spec.actions {
		actions.Items = append(actions.Items, cloudformation.Str(a, at))
	}
	if len(spec.actions) == 0 {
		actions = cloudformation.Opaque(at)
	}
	st.Set("Action", at, actions)
	resources := &cloudformation.Value{Kind: cloudformation.List, At: at}
	arn := r.arnOf(res, at)
	for _, shape := range spec.resources {
		switch shape {
		case "arn":
			resources.Items = append(resources.Items, arn)
		case "stream":
			resources.Items = append(resources.Items, cloudformation.GetAtt(res.res.ID, "StreamArn", at))
		case "*":
			resources.Items = append(resources.Items, cloudformation.Str("*", at))
		default:
			resources.Items = append(resources.Items, join(at, arn, cloudformation.Str(strings.TrimPrefix(shape, "arn"), at)))
		}
	}
	st.Set("Resource", at, resources)
	r.addToRole(grantee, &statement{v: st})
}

// join is Fn::Join ["", parts].
func join(at model.Range, parts ...*cloudformation.Value) *cloudformation.Value {
	return &cloudformation.Value{Kind: cloudformation.Map, At: at, Entries: []cloudformation.Entry{{Key: "Fn::Join", KeyAt: at,
		Value: &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{
			cloudformation.Str("", at), {Kind: cloudformation.List, At: at, Items: parts}}}}}}
}

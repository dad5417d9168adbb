package checks

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// policiesOf returns the policies that apply to a function: its own and, when its role is a
// resource of the project, the role's (loaders usually copy those onto the function already;
// each policy is returned once).
func (ps *pass) policiesOf(f *model.Function) []*model.Policy {
	seen := map[*model.Policy]bool{}
	var out []*model.Policy
	add := func(ps []*model.Policy) {
		for _, p := range ps {
			if p != nil && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	add(f.Policies)
	if r, ok := ps.roles[f.Role.Ref]; ok && f.Role.Ref != "" {
		add(r.Policies)
	}
	return out
}

// logWriteActions are the actions without which a function stores no logs in CloudWatch
// Logs: it can neither create its log stream nor put events in it.
var logWriteActions = []string{"logs:CreateLogStream", "logs:PutLogEvents"}

// logsDenied reports whether a function's policies deny it writing its logs: a Deny
// statement without a condition on logs:CreateLogStream or logs:PutLogEvents (or a wildcard
// covering one) whose resources include "*", the function's log group, or a value that
// cannot be resolved (a deny of log writes is deliberate; precision first).
func (ps *pass) logsDenied(f *model.Function) bool {
	for _, p := range ps.policiesOf(f) {
		for _, st := range p.Statements {
			if st == nil || st.HasCondition || !st.Effect.Known() || !strings.EqualFold(st.Effect.Value, "Deny") {
				continue
			}
			denied := false
			for _, a := range logWriteActions {
				if _, ok := grantingAction(st, a); ok {
					denied = true
				}
			}
			if !denied {
				continue
			}
			for _, r := range st.Resources {
				if ps.coversLogGroup(r, f) {
					return true
				}
			}
		}
	}
	return false
}

// coversLogGroup reports whether a statement resource may cover a function's log group.
func (ps *pass) coversLogGroup(r model.Attr[string], f *model.Function) bool {
	switch {
	case r.Ref != "" && r.Ref == f.LogGroup.Ref:
		return true
	case r.Origin == model.Unknown:
		return true
	case !r.Known():
		return false
	}
	v := strings.TrimSpace(r.Value)
	if v == "*" {
		return true
	}
	// arn:partition:logs:region:account:log-group:NAME[:log-stream:STREAM]
	parts := strings.SplitN(v, ":", 8)
	if len(parts) < 7 || !wildcardMatch(parts[2], "logs") || !wildcardMatch(parts[5], "log-group") {
		return len(parts) >= 3 && len(parts) < 7 && wildcardMatch(parts[2], "logs") && strings.HasSuffix(v, "*")
	}
	group := parts[6]
	if !f.Name.Known() || f.Name.Value == "" {
		return strings.HasPrefix(group, "/aws/lambda/") || strings.HasPrefix(group, "*")
	}
	return wildcardMatch(group, "/aws/lambda/"+f.Name.Value)
}

// allows reports whether a statement is known to allow.
func allows(st *model.Statement) bool {
	return st != nil && st.Effect.Known() && strings.EqualFold(st.Effect.Value, "Allow")
}

// wildcardMatch reports whether an IAM pattern (with * and ?) matches s, ignoring case as
// IAM does for action names.
func wildcardMatch(pattern, s string) bool {
	p, t := strings.ToLower(pattern), strings.ToLower(s)
	// Iterative glob matching with backtracking on the last star: linear in practice and
	// never recursive, so hostile patterns cannot blow the stack.
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// grantingAction returns the statement's first known action element that grants action.
func grantingAction(st *model.Statement, action string) (model.Attr[string], bool) {
	for _, a := range st.Actions {
		if a.Known() && wildcardMatch(a.Value, action) {
			return a, true
		}
	}
	return model.Attr[string]{}, false
}

// writeVerbs are the leading verbs of IAM action names that create, change or destroy
// state or data (the "Write" and "Permissions management" access levels, named by verb).
// Data-plane verbs that only add work — Send, Publish, Invoke — are deliberately left out:
// they change no stored data or configuration, and some of them can only be granted on
// Resource "*" (sns:Publish to a phone number, for one).
var writeVerbs = []string{
	"add", "associate", "attach", "authorize", "batchdelete", "batchput", "batchupdate", "batchwrite",
	"cancel", "change", "copy", "create", "delete", "deregister", "detach", "disable", "disassociate",
	"enable", "import", "modify", "passrole", "purge", "put", "reboot", "register", "remove", "replace",
	"reset", "restore", "revoke", "rotate", "run", "set", "start", "stop", "terminate", "update",
	"upload", "write",
}

// wildcardOnlyActions are write actions that AWS offers no resource-level permissions for,
// or that AWS's own Lambda execution policies (AWSLambdaBasicExecutionRole,
// AWSLambdaVPCAccessExecutionRole, AWSXRayDaemonWriteAccess) grant on Resource "*": a
// statement that grants them on "*" is idiomatic, not overly permissive.
var wildcardOnlyActions = map[string]bool{
	"xray:puttracesegments":          true,
	"xray:puttelemetryrecords":       true,
	"cloudwatch:putmetricdata":       true,
	"logs:createloggroup":            true,
	"logs:createlogstream":           true,
	"logs:putlogevents":              true,
	"ec2:createnetworkinterface":     true,
	"ec2:deletenetworkinterface":     true,
	"ec2:assignprivateipaddresses":   true,
	"ec2:unassignprivateipaddresses": true,
}

// isWriteAction reports whether an action pattern ("s3:PutObject", "dynamodb:Update*",
// "s3:*Object") may grant a write or destructive action. "*" and "service:*" are reported
// on their own and are not considered here.
func isWriteAction(action string) bool {
	a := strings.ToLower(action)
	if wildcardOnlyActions[a] {
		return false
	}
	_, name, ok := strings.Cut(a, ":")
	if !ok || name == "" {
		return false
	}
	literal, _, wild := strings.Cut(name, "*")
	if i := strings.IndexByte(literal, '?'); i >= 0 {
		literal, wild = literal[:i], true
	}
	for _, v := range writeVerbs {
		if strings.HasPrefix(literal, v) {
			return true
		}
		// A pattern that stops inside a verb ("s3:Del*", "s3:*Object") may match it.
		if wild && strings.HasPrefix(v, literal) {
			return true
		}
	}
	return false
}

// isFullWildcard reports whether an action is "*" or "service:*".
func isFullWildcard(action string) bool {
	if action == "*" {
		return true
	}
	svc, name, ok := strings.Cut(action, ":")
	return ok && svc != "" && name == "*"
}

// resourceTemplate is what a SAM policy template lets a function do to the resource named
// by its parameter.
type resourceTemplate struct {
	// writes is the action among s3:PutObject, sqs:SendMessage, sns:Publish it grants on
	// that resource, if any.
	writes string
	// broad is set when the template grants create, update or delete actions, which a "*"
	// parameter turns into an overly permissive grant.
	broad bool
}

// samTemplates are the SAM policy templates that grant writes, by name (see the SAM policy
// template list: S3CrudPolicy grants s3:PutObject and s3:DeleteObject, SQSSendMessagePolicy
// sqs:SendMessage*, SNSCrudPolicy sns:Publish among others).
var samTemplates = map[string]resourceTemplate{
	"S3CrudPolicy":            {writes: "s3:PutObject", broad: true},
	"S3WritePolicy":           {writes: "s3:PutObject", broad: true},
	"S3FullAccessPolicy":      {writes: "s3:PutObject", broad: true},
	"SQSSendMessagePolicy":    {writes: "sqs:SendMessage"},
	"SNSPublishMessagePolicy": {writes: "sns:Publish"},
	"SNSCrudPolicy":           {writes: "sns:Publish", broad: true},
	"DynamoDBCrudPolicy":      {broad: true},
	"DynamoDBWritePolicy":     {broad: true},
	"SQSPollerPolicy":         {broad: true}, // sqs:DeleteMessage
	"KinesisCrudPolicy":       {broad: true},
	"SESCrudPolicy":           {broad: true},
}

// templateName returns the name of a SAM policy template.
func templateName(p *model.Policy) string {
	if !p.Template || !p.ManagedARN.Known() {
		return ""
	}
	return p.ManagedARN.Value
}

package crosslayer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/awspolicies"
	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iam/access"
	"github.com/slslint/slslint/rules"
)

// --- SLS510 missing-permission, SLS511 unused-permission, SLS512 narrower-policy ---

// Permissions is a function's code needs next to its role: what the checks and slslint
// policy compare.
type Permissions struct {
	Link  *Link
	Needs *Needs
	Role  *access.Role
}

// PermissionsOf reads the needs and the role of every confidently linked function.
func PermissionsOf(links []*Link) []*Permissions {
	var out []*Permissions
	byProject := map[*model.Project]*access.Resources{}
	for _, lk := range links {
		needs := NeedsOf(lk)
		if needs == nil {
			continue
		}
		res := byProject[lk.Project]
		if res == nil {
			res = access.ResourcesOf(lk.Project)
			byProject[lk.Project] = res
		}
		out = append(out, &Permissions{Link: lk, Needs: needs, Role: access.RoleOf(lk.Project, lk.Function, res)})
	}
	return out
}

func (c *checker) permissions(links []*Link) {
	perms := PermissionsOf(links)
	for _, p := range perms {
		c.missingPermissions(p)
	}
	c.unusedPolicies(perms)
}

// missingPermissions reports the needs of a function that its fully known role denies.
func (c *checker) missingPermissions(p *Permissions) {
	if p.Role.Unknown != "" {
		return
	}
	f := p.Link.Function
	reported := map[string]bool{}
	for _, n := range p.Needs.List {
		if n.Implied {
			continue // the key policy may grant it
		}
		resource := n.Resource
		if resource == nil {
			resource = access.Unknown() // "*": denied only if no grant allows the action at all
		}
		if v, _ := p.Role.Allows(n.Action, resource); v != access.No {
			continue
		}
		key := fmt.Sprintf("%s:%d:%d %s %s", n.Call.At.File, n.Call.At.Line, n.Call.At.Column, n.Action, resource)
		if reported[key] || n.Call.At.IsZero() {
			continue
		}
		reported[key] = true
		on := "any resource"
		if n.Resource != nil {
			on = describeTarget(n)
		}
		rel := []checks.Related{{At: f.At, Message: fmt.Sprintf("function %s, whose role does not allow it", f.ID)}}
		if n.Call.Chain != "" {
			rel[0].Message += "; reached by " + n.Call.Chain
		}
		for i, pol := range p.Role.Policies {
			if i == 3 {
				break
			}
			rel = append(rel, checks.Related{At: pol.At, Message: "policy " + policyName(pol)})
		}
		c.report(rules.MissingPermission, rules.MissingPermission.Level, n.Call.At, fmt.Sprintf(
			"%s.%s needs %s on %s, which the role of function %s does not allow\n"+
				"the call fails with AccessDenied in production; grant the action on that resource "+
				"(slslint policy writes the statements the function's code needs)",
			n.Call.Package, n.Call.Operation, n.Action, on, f.ID), rel...)
	}
}

// describeTarget names a need's resource for messages: the project resource and its ARN.
func describeTarget(n Need) string {
	if n.Ref != "" {
		return fmt.Sprintf("%s %s (%s)", n.Type, n.Ref, n.Resource.Policy())
	}
	return n.Resource.Policy()
}

// policyName names a policy for messages.
func policyName(pol *model.Policy) string {
	switch {
	case pol.Template && pol.ManagedARN.Known():
		return pol.ManagedARN.Value
	case pol.ManagedARN.Known():
		name := pol.ManagedARN.Value
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		return name
	case pol.ManagedARN.IsSet():
		return "(managed policy not known statically)"
	}
	return "(inline statements)"
}

// platformActions are actions Lambda itself uses with the function's role: writing its
// logs, tracing, network interfaces in a VPC, polling its event sources, decrypting its
// environment. A policy that grants one is never reported as unused.
var platformActions = []string{
	"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
	"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets",
	"ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses", "ec2:DetachNetworkInterface", "ec2:DescribeVpcs",
	"kms:Decrypt",
	"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility",
	"kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
	"kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard",
	"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams",
	"kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers", "mq:DescribeBroker",
	// An MSK trigger with IAM authentication connects to the cluster with the role.
	"kafka-cluster:Connect", "kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup", "kafka-cluster:DescribeTopic",
	"kafka-cluster:ReadData", "kafka-cluster:DescribeClusterDynamicConfiguration", "ec2:DescribeSecurityGroups",
	"secretsmanager:GetSecretValue", // Kafka and MQ triggers read their credentials
}

// destinationActions are what Lambda uses to deliver to a dead-letter queue or a
// destination: counted when the function has one.
var destinationActions = []string{"sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction", "events:PutEvents"}

func platformUse(f *model.Function, g access.Grant) bool {
	list := platformActions
	if f.DeadLetterTarget.IsSet() || f.OnFailure.IsSet() || f.OnSuccess.IsSet() {
		list = append(append([]string(nil), list...), destinationActions...)
	}
	for _, a := range list {
		if g.Grants(a) != access.No {
			return true
		}
	}
	return false
}

// use is a policy and the functions it applies to.
type use struct {
	pol   *model.Policy
	perms []*Permissions
}

// unusedPolicies reports SLS511 and SLS512 for every policy all of whose functions are
// linked to code whose calls are all known.
func (c *checker) unusedPolicies(perms []*Permissions) {
	byPolicy := map[*model.Policy]*use{}
	var order []*model.Policy
	for _, p := range perms {
		for _, pol := range p.Role.Policies {
			u := byPolicy[pol]
			if u == nil {
				u = &use{pol: pol}
				byPolicy[pol] = u
				order = append(order, pol)
			}
			u.perms = append(u.perms, p)
		}
	}
	linked := map[*model.Function]bool{}
	for _, p := range perms {
		linked[p.Link.Function] = true
	}
	for _, pol := range order {
		u := byPolicy[pol]
		if !c.policyChecked(u, linked) {
			continue
		}
		used := usedActions(u)
		var grants []access.Grant
		for _, g := range grantsOf(u.perms[0].Role, pol) {
			if g.Allow {
				grants = append(grants, g)
			}
		}
		granted := grantedActions(grants)
		switch {
		case len(used) == 0:
			c.reportUnused(u, granted)
		case len(coveredActions(u)) == len(used):
			// Every use is on the policy's resources: whether fewer actions would do.
			c.reportNarrower(u, grants, used, granted)
		}
	}
}

// policyChecked says whether a policy can be judged: every function it applies to (every
// function of the project whose policies include it) is linked and its calls are all
// known, none of its grants is unknown or used by Lambda itself.
func (c *checker) policyChecked(u *use, linked map[*model.Function]bool) bool {
	if len(u.perms) == 0 {
		return false
	}
	for _, p := range u.perms {
		if p.Needs.Incomplete != "" {
			return false
		}
	}
	// A function of the project that has the policy but is not linked uses it unseen.
	for _, f := range u.perms[0].Link.Project.Functions {
		if f != nil && !linked[f] && hasPolicy(u.perms[0].Link.Project, f, u.pol) {
			return false
		}
	}
	grants := grantsOf(u.perms[0].Role, u.pol)
	if len(grants) == 0 {
		return false
	}
	for _, g := range grants {
		if g.Unknown || !g.Allow && g.Statement != nil && !g.Statement.Effect.Known() {
			return false
		}
		for _, a := range g.Actions {
			if a.Unknown {
				return false
			}
		}
		if len(g.NotActions) > 0 {
			return false // grants nearly everything: SLS504's concern
		}
		for _, p := range u.perms {
			if platformUse(p.Link.Function, g) {
				return false
			}
		}
	}
	return true
}

func hasPolicy(p *model.Project, f *model.Function, pol *model.Policy) bool {
	for _, x := range f.Policies {
		if x == pol {
			return true
		}
	}
	for _, r := range p.Roles {
		if r != nil && r.ID == f.Role.Ref {
			for _, x := range r.Policies {
				if x == pol {
					return true
				}
			}
		}
	}
	return false
}

// grantsOf returns the grants of a role that come from one policy.
func grantsOf(r *access.Role, pol *model.Policy) []access.Grant {
	var out []access.Grant
	for _, g := range r.Grants {
		if g.Policy == pol {
			out = append(out, g)
		}
	}
	return out
}

// usedActions are the needed actions that the policy's grants name, over every function
// the policy applies to. An action the code needs on another resource than the policy's
// counts as used: the issue is then the resource, which SLS510 reports.
func usedActions(u *use) map[string]bool {
	used := map[string]bool{}
	for _, p := range u.perms {
		grants := grantsOf(p.Role, u.pol)
		for _, n := range p.Needs.List {
			for _, g := range grants {
				if g.Allow && g.Grants(n.Action) != access.No {
					used[n.Action] = true
				}
			}
		}
	}
	return used
}

// coveredActions are the needed actions the policy may allow on the resources the code
// needs them on.
func coveredActions(u *use) map[string]bool {
	out := map[string]bool{}
	for _, p := range u.perms {
		grants := grantsOf(p.Role, u.pol)
		for _, n := range p.Needs.List {
			resource := n.Resource
			if resource == nil {
				resource = access.Unknown()
			}
			for _, g := range grants {
				if g.Allow && g.Covers(n.Action, resource) != access.No {
					out[n.Action] = true
				}
			}
		}
	}
	return out
}

// grantedActions lists the actions the grants name, as written.
func grantedActions(grants []access.Grant) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range grants {
		for _, a := range g.Actions {
			if !seen[a.Text] {
				seen[a.Text] = true
				out = append(out, a.Text)
			}
		}
	}
	return out
}

func (c *checker) reportUnused(u *use, granted []string) {
	var ids []string
	var rel []checks.Related
	for _, p := range u.perms {
		ids = append(ids, p.Link.Function.ID)
		if len(rel) < 3 {
			rel = append(rel, checks.Related{At: p.Link.Function.At, Message: fmt.Sprintf("function %s (./%s) never needs them", p.Link.Function.ID, p.Link.Dir)})
		}
	}
	what := strings.Join(granted, ", ")
	if len(granted) > 4 {
		what = strings.Join(granted[:4], ", ") + fmt.Sprintf(" and %d more", len(granted)-4)
	}
	subject := "function " + ids[0]
	if len(ids) > 1 {
		subject = "functions " + strings.Join(ids, ", ")
	}
	c.report(rules.UnusedPermission, rules.UnusedPermission.Level, u.pol.At, fmt.Sprintf(
		"policy %s of %s grants %s, which no code path of %s uses\n"+
			"an unused grant is attack surface for nothing; remove the policy", policyName(u.pol), subject, what, pronoun(len(ids))), rel...)
}

func pronoun(n int) string {
	if n > 1 {
		return "theirs"
	}
	return "it"
}

// reportNarrower reports a policy of which the code uses only some actions when a narrower
// one fits: a SAM policy template with fewer actions that covers the uses, or the actions
// used for an AWS managed policy or a statement with a wildcard action.
func (c *checker) reportNarrower(u *use, grants []access.Grant, used map[string]bool, granted []string) {
	var usedList []string
	for a := range used {
		usedList = append(usedList, a)
	}
	sort.Strings(usedList)
	pol := u.pol
	f := u.perms[0].Link.Function
	switch {
	case pol.Template && pol.ManagedARN.Known():
		cur, ok := awspolicies.SAMTemplate(pol.ManagedARN.Value)
		if !ok {
			return
		}
		best := narrowerTemplate(cur, usedList)
		if best == nil {
			return
		}
		c.report(rules.NarrowerPolicy, rules.NarrowerPolicy.Level, pol.At, fmt.Sprintf(
			"%s fits function %s instead of %s: its code uses only %s\ngrant no more than the code uses", best.Name, f.ID, cur.Name, strings.Join(usedList, ", ")))
	case pol.ManagedARN.Known() && len(pol.Statements) == 0:
		if countActions(grants) <= len(usedList) {
			return
		}
		c.report(rules.NarrowerPolicy, rules.NarrowerPolicy.Level, pol.At, fmt.Sprintf(
			"managed policy %s grants function %s more than its code uses: %s\nreplace it with statements for those actions", policyName(pol), f.ID, strings.Join(usedList, ", ")))
	default:
		wild := false
		for _, a := range granted {
			if strings.Contains(a, "*") {
				wild = true
			}
		}
		if !wild || countActions(grants) <= len(usedList) {
			return
		}
		c.report(rules.NarrowerPolicy, rules.NarrowerPolicy.Level, pol.At, fmt.Sprintf(
			"policy %s grants function %s %s, of which its code uses only %s\nname those actions instead of the wildcard", policyName(pol), f.ID,
			strings.Join(granted, ", "), strings.Join(usedList, ", ")))
	}
}

// countActions counts the published actions the grants allow (a wildcard counts every
// action it matches), to tell whether a policy grants more than what is used.
func countActions(grants []access.Grant) int {
	n := 0
	for _, g := range grants {
		for _, a := range g.Actions {
			if !strings.ContainsAny(a.Text, "*?") {
				n++
				continue
			}
			n += 2 // a wildcard stands for several actions
		}
	}
	return n
}

// narrowerTemplate returns the SAM policy template with the same parameters as cur, fewer
// actions, and every used action among them; the one with the fewest actions, nil when none.
func narrowerTemplate(cur *awspolicies.Template, used []string) *awspolicies.Template {
	actionsOf := func(t *awspolicies.Template) []string {
		var out []string
		for _, st := range t.Statements {
			out = append(out, st.Actions...)
		}
		return out
	}
	curN := len(actionsOf(cur))
	var best *awspolicies.Template
	bestN := curN
	for _, t := range awspolicies.SAMTemplates() {
		if t.Name == cur.Name || strings.Join(t.Params, ",") != strings.Join(cur.Params, ",") {
			continue
		}
		as := actionsOf(t)
		if len(as) >= bestN {
			continue
		}
		covers := true
		for _, u := range used {
			found := false
			for _, a := range as {
				if access.MatchAction(a, u) {
					found = true
				}
			}
			if !found {
				covers = false
				break
			}
		}
		if covers {
			best, bestN = t, len(as)
		}
	}
	return best
}

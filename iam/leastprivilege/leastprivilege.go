// Package leastprivilege writes the least-privilege policy each linked function's code
// needs: the IAM actions of its AWS calls, grouped by the resources they act on, as JSON
// (docs/schemas/policy.schema.json) and in the syntax of the function's own template — SAM
// Policies (with a policy template where one fits exactly), a CloudFormation
// PolicyDocument, a Terraform aws_iam_policy_document, serverless.yml iam.role.statements.
// Resources are written as references to the template's resources; "*" only for a target
// that is not known, with the reason.
package leastprivilege

import (
	"fmt"
	"sort"
	"strings"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iac/awspolicies"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iam/access"
	"github.com/slslint/slslint/iam/actions"
)

// Version is the version of the JSON form.
const Version = 1

// Report is the least-privilege policy of every linked function.
type Report struct {
	Version   int         `json:"version"`
	Functions []*Function `json:"functions"`
}

// A Function is one function's policy.
type Function struct {
	// Project is the template, root module or service file; Format its format.
	Project string `json:"project"`
	Format  string `json:"format"`
	ID      string `json:"id"`
	// Package is the Go main package's directory.
	Package string `json:"package"`
	// Complete says the statements cover every AWS call of the code; Incomplete says why
	// not.
	Complete   bool   `json:"complete"`
	Incomplete string `json:"incomplete,omitempty"`
	// Statements are the least-privilege statements.
	Statements []Statement `json:"statements"`
	// Needed are the actions the code needs; Granted those of them its role allows (on
	// every resource needed, or maybe: a condition or a resource not known); Missing those
	// it does not, when the role is fully known.
	Needed  []string `json:"needed"`
	Granted []string `json:"granted"`
	Missing []string `json:"missing"`
	// RoleUnknown says why the role is not fully known, "" when it is.
	RoleUnknown string `json:"roleUnknown,omitempty"`

	renderContext
}

// Function returns the template's function the policy is for.
func (f *Function) Function() *model.Function { return f.function }

// A Statement allows actions on resources.
type Statement struct {
	Actions   []string   `json:"actions"`
	Resources []Resource `json:"resources"`
}

// A Resource is one resource of a statement.
type Resource struct {
	// ARN is the resource's ARN with ${AWS::Region} and ${AWS::AccountId} for the
	// deployment's and ${ID} for a name given at deployment; "*" when the target is not
	// known (Reason says why).
	ARN string `json:"arn"`
	// Ref is the ID of the template's resource it is, Type its resource type ("table",
	// "index", "object").
	Ref    string `json:"ref,omitempty"`
	Type   string `json:"type,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Calls are the calls that need it ("cmd/api/main.go:38").
	Calls []string `json:"calls"`
	// suffix is what the ARN adds after the referenced resource's own ("/index/byDate"),
	// for writing it as a reference; service is the IAM service prefix of the actions on it.
	suffix, service string
}

// Build writes the report for every confidently linked function.
func Build(perms []*crosslayer.Permissions) *Report {
	r := &Report{Version: Version}
	for _, p := range perms {
		r.Functions = append(r.Functions, build(p))
	}
	sort.SliceStable(r.Functions, func(i, j int) bool {
		a, b := r.Functions[i], r.Functions[j]
		if a.Project != b.Project {
			return a.Project < b.Project
		}
		return a.ID < b.ID
	})
	return r
}

type group struct {
	res     Resource
	actions map[string]bool
}

func build(p *crosslayer.Permissions) *Function {
	lk := p.Link
	f := &Function{Project: lk.Project.Path, Format: lk.Project.Format.String(), ID: lk.Function.ID, Package: lk.Dir,
		Complete: p.Needs.Incomplete == "", Incomplete: p.Needs.Incomplete, RoleUnknown: p.Role.Unknown,
		Needed: []string{}, Granted: []string{}, Missing: []string{},
		renderContext: renderContext{project: lk.Project, function: lk.Function}}
	groups := map[string]*group{}
	var order []string
	needed := map[string]bool{}
	implied := map[string]bool{} // actions needed only because of a KMS key: its policy may grant them
	granted := map[string]access.Verdict{}
	for _, n := range p.Needs.List {
		if !needed[n.Action] || !n.Implied {
			implied[n.Action] = n.Implied && (!needed[n.Action] || implied[n.Action])
		}
		needed[n.Action] = true
		res := Resource{ARN: "*", Reason: n.Why}
		resource := access.Unknown()
		if n.Resource != nil {
			res = Resource{ARN: n.Resource.Policy(), Ref: n.Ref, Type: n.Type}
			resource = n.Resource
			if n.Ref != "" {
				res.suffix = suffixAfterRef(n)
				res.service, _, _ = strings.Cut(n.Action, ":")
			}
		}
		v, _ := p.Role.Allows(n.Action, resource)
		if cur, ok := granted[n.Action]; !ok || v < cur {
			granted[n.Action] = v
		}
		key := res.ARN + "\x00" + res.Reason
		g := groups[key]
		if g == nil {
			g = &group{res: res, actions: map[string]bool{}}
			groups[key] = g
			order = append(order, key)
		}
		g.actions[n.Action] = true
		if n.Call != nil && !n.Call.At.IsZero() {
			call := fmt.Sprintf("%s:%d", n.Call.At.File, n.Call.At.Line)
			if !contains(g.res.Calls, call) {
				g.res.Calls = append(g.res.Calls, call)
			}
		}
	}
	for a := range needed {
		f.Needed = append(f.Needed, a)
		switch v := granted[a]; {
		case v != access.No:
			f.Granted = append(f.Granted, a)
		case p.Role.Unknown == "" && !implied[a]:
			f.Missing = append(f.Missing, a)
		}
	}
	sort.Strings(f.Needed)
	sort.Strings(f.Granted)
	sort.Strings(f.Missing)
	// One statement per set of actions, with every resource that set is needed on.
	byActions := map[string]*Statement{}
	var stOrder []string
	sort.Strings(order)
	for _, key := range order {
		g := groups[key]
		as := sortedKeys(g.actions)
		ak := strings.Join(as, ",")
		st := byActions[ak]
		if st == nil {
			st = &Statement{Actions: as}
			byActions[ak] = st
			stOrder = append(stOrder, ak)
		}
		sort.Strings(g.res.Calls)
		st.Resources = append(st.Resources, g.res)
	}
	sort.Strings(stOrder)
	for _, ak := range stOrder {
		f.Statements = append(f.Statements, *byActions[ak])
	}
	if f.Statements == nil {
		f.Statements = []Statement{}
	}
	return f
}

// suffixAfterRef is what a need's ARN adds after its resource's own ARN ("/index/byDate",
// "/uploads/*"), "" when it is the resource itself.
func suffixAfterRef(n crosslayer.Need) string {
	switch n.Type {
	case "index", "object":
		s := n.Resource.Policy()
		if i := strings.Index(s, "/index/"); n.Type == "index" && i >= 0 {
			return s[i:]
		}
		if n.Type == "object" {
			if i := strings.Index(s, ":::"); i >= 0 {
				rest := s[i+3:]
				if j := strings.IndexByte(rest, '/'); j >= 0 {
					return rest[j:]
				}
			}
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fittingTemplate returns the SAM policy template that fits a statement on one resource
// of the project exactly: its parameter names the resource, it covers every action, and
// what it grants beyond them is of the same access levels (DynamoDBWritePolicy for PutItem
// and UpdateItem grants BatchWriteItem too, another write). nil when none fits.
func fittingTemplate(st Statement, res Resource, typ string) (*awspolicies.Template, string) {
	param := map[string]string{"table": "TableName", "index": "TableName", "queue": "QueueName", "topic": "TopicName",
		"bucket": "BucketName", "object": "BucketName", "stream": "StreamName", "function": "FunctionName",
		"statemachine": "StateMachineName", "deliverystream": "DeliveryStreamName", "event-bus": "EventBusName"}[typ]
	if param == "" || res.Ref == "" {
		return nil, ""
	}
	levels := map[string]bool{}
	for _, a := range st.Actions {
		info, ok := actions.Describe(a)
		if !ok {
			return nil, ""
		}
		levels[string(info.Level)] = true
	}
	var best *awspolicies.Template
	bestN := 1 << 30
	for _, t := range awspolicies.SAMTemplates() {
		if len(t.Params) != 1 || t.Params[0] != param {
			continue
		}
		var granted []string
		for _, s := range t.Statements {
			if s.Condition {
				granted = nil
				break
			}
			granted = append(granted, s.Actions...)
		}
		if granted == nil {
			continue
		}
		covers := true
		for _, a := range st.Actions {
			found := false
			for _, g := range granted {
				if access.MatchAction(g, a) {
					found = true
				}
			}
			if !found {
				covers = false
			}
		}
		if !covers {
			continue
		}
		extra := false
		for _, g := range granted {
			if strings.ContainsAny(g, "*?") {
				continue // sqs:SendMessage* is SendMessage and SendMessageBatch, one action
			}
			info, ok := actions.Describe(g)
			if !ok || !levels[string(info.Level)] {
				extra = true
			}
		}
		if !extra && len(granted) < bestN {
			best, bestN = t, len(granted)
		}
	}
	return best, param
}

// resourceTypeOf is the model type of a project resource: what Ref and GetAtt return for it.
func resourceTypeOf(p *model.Project, id string) string {
	_, typ, ok := access.ResourcesOf(p).Type(id)
	if !ok {
		return ""
	}
	return typ
}

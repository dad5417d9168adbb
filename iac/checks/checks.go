// Package checks holds the IaC rules, written once against the provider-neutral model.
//
// Every check reads only package model: the loaders of CloudFormation/SAM, Terraform and the
// Serverless Framework adapt their syntax into the model, and one check covers all three
// (the trivy/defsec "adapt into state, check the state" design). The checks are grouped by
// concern: retries.go (SLS120–SLS123), cost.go (SLS301–SLS306), timeouts.go
// (SLS401–SLS405), security.go and iam.go (SLS501–SLS509), observability.go
// (SLS701–SLS704). settings.go holds the configurable cost figures, runtimes.go the dated
// table of deprecated Lambda runtimes, naming.go how messages name settings in each format.
//
// Precision comes first. An attribute whose value could not be resolved (model.Unknown)
// never produces a finding on its own; a setting that was written but not resolved counts
// as set.
package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

// A Finding is one IaC rule violation.
type Finding struct {
	Rule    *rules.Rule
	At      model.Range
	Message string
	Related []Related
	// Level, when not empty, is the level this finding has by default instead of the
	// rule's: SLS404 is an error when the visibility timeout is below the function timeout
	// and a warning when it is only below six times it. A level set in the configuration
	// for the rule still wins.
	Level rules.Level
}

// Related is a secondary location of a finding.
type Related struct {
	At      model.Range
	Message string
}

// A check reports one or more rules over one project.
type check struct {
	rules []*rules.Rule
	run   func(*pass)
}

// checkList is every check in the order they run; the order only matters for the order of
// findings before the engine sorts them.
var checkList = []check{
	{[]*rules.Rule{rules.StreamRetryUnbounded}, checkStreamRetries},
	{[]*rules.Rule{rules.AsyncNoFailureDestination}, checkAsyncFailureDestination},
	{[]*rules.Rule{rules.QueueNoRedrive}, checkQueueRedrive},
	{[]*rules.Rule{rules.RecursiveTrigger}, checkRecursiveTriggers},
	{[]*rules.Rule{rules.NoBudget}, checkBudget},
	{[]*rules.Rule{rules.NoConcurrencyLimit}, checkConcurrencyLimit},
	{[]*rules.Rule{rules.APINoThrottling}, checkAPIThrottling},
	{[]*rules.Rule{rules.LogRetentionUnset}, checkLogRetention},
	{[]*rules.Rule{rules.WorstCaseCost}, checkWorstCaseCost},
	{[]*rules.Rule{rules.X86Architecture}, checkArchitecture},
	{[]*rules.Rule{rules.FunctionTimeoutUnset}, checkFunctionTimeout},
	{[]*rules.Rule{rules.TaskTimeoutUnset}, checkTaskTimeouts},
	{[]*rules.Rule{rules.TimeoutExceedsIntegration, rules.TimeoutAtMaximum}, checkSyncTimeouts},
	{[]*rules.Rule{rules.VisibilityTimeoutTooShort}, checkVisibilityTimeout},
	{[]*rules.Rule{rules.PublicFunctionURL}, checkFunctionURLs},
	{[]*rules.Rule{rules.PublicInvokePermission}, checkInvokePermissions},
	{[]*rules.Rule{rules.APINoAuthorization}, checkAPIAuthorization},
	{[]*rules.Rule{rules.OverlyPermissiveIAM}, checkIAM},
	{[]*rules.Rule{rules.PlaintextSecretEnv}, checkSecretEnv},
	{[]*rules.Rule{rules.UnencryptedMessaging}, checkMessagingEncryption},
	{[]*rules.Rule{rules.DeprecatedRuntime}, checkRuntimes},
	{[]*rules.Rule{rules.PublicResourcePolicy}, checkResourcePolicies},
	{[]*rules.Rule{rules.CORSWildcardCredentials}, checkCORS},
	{[]*rules.Rule{rules.FunctionTracingDisabled}, checkFunctionTracing},
	{[]*rules.Rule{rules.APITracingDisabled}, checkAPITracing},
	{[]*rules.Rule{rules.NoErrorAlarm}, checkErrorAlarms},
	{[]*rules.Rule{rules.APIAccessLoggingDisabled}, checkAccessLogging},
}

// Run runs every check against the model.
func Run(m *model.Model, s Settings) []Finding {
	return run(m, s, time.Now().UTC())
}

// run is Run on a given day, which the deprecated-runtime table is compared against.
func run(m *model.Model, s Settings, today time.Time) []Finding {
	if m == nil {
		return nil
	}
	s = settingsOrDefaults(s)
	var out []Finding
	for _, p := range m.Projects {
		if p == nil {
			continue
		}
		ps := &pass{
			project:  p,
			settings: &s,
			today:    today,
			out:      &out,
		}
		ps.index()
		for _, c := range checkList {
			ps.runCheck(c)
		}
	}
	return out
}

// pass is one project being checked.
type pass struct {
	project  *model.Project
	settings *Settings
	today    time.Time
	out      *[]Finding
	// shared holds the current check's findings about functions' settings until the check
	// ends, so that a setting made once for many functions (SAM Globals, the Serverless
	// Framework's provider:) is reported once, naming them all.
	shared []*sharedFinding

	queues    map[string]*model.Queue
	topics    map[string]*model.Topic
	buckets   map[string]*model.Bucket
	streams   map[string]*model.Stream
	logGroups map[string]*model.LogGroup
	roles     map[string]*model.Role
}

func (ps *pass) index() {
	p := ps.project
	ps.queues = map[string]*model.Queue{}
	for _, q := range p.Queues {
		if q != nil {
			ps.queues[q.ID] = q
		}
	}
	ps.topics = map[string]*model.Topic{}
	for _, t := range p.Topics {
		if t != nil {
			ps.topics[t.ID] = t
		}
	}
	ps.buckets = map[string]*model.Bucket{}
	for _, b := range p.Buckets {
		if b != nil {
			ps.buckets[b.ID] = b
		}
	}
	ps.streams = map[string]*model.Stream{}
	for _, s := range p.Streams {
		if s != nil {
			ps.streams[s.ID] = s
		}
	}
	ps.logGroups = map[string]*model.LogGroup{}
	for _, g := range p.LogGroups {
		if g != nil {
			ps.logGroups[g.ID] = g
		}
	}
	ps.roles = map[string]*model.Role{}
	for _, r := range p.Roles {
		if r != nil {
			ps.roles[r.ID] = r
		}
	}
}

// runCheck runs one check, turning a panic (a bug in slslint, not in the template) into an
// SLS003 finding on the project so that the other checks' results still count.
func (ps *pass) runCheck(c check) {
	defer func() {
		if r := recover(); r != nil {
			ids := ""
			for i, rule := range c.rules {
				if i > 0 {
					ids += ", "
				}
				ids += rule.ID
			}
			ps.report(rules.AnalysisFailure, ps.project.At,
				fmt.Sprintf("the IaC check for %s failed on project %s (%v); those rules were not checked here", ids, ps.project.Name, r))
		}
	}()
	ps.shared = nil
	c.run(ps)
	ps.flushShared()
}

// A subject names the functions a finding is about: one, or all those that share the
// setting it is reported at.
type subject []string

func (s subject) String() string {
	switch len(s) {
	case 0:
		return "no function"
	case 1:
		return "function " + s[0]
	}
	return "functions " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// verb picks the form of a verb that agrees with the subject.
func (s subject) verb(one, many string) string {
	if len(s) > 1 {
		return many
	}
	return one
}

// A sharedFinding is a finding about one or more functions' setting at one position.
type sharedFinding struct {
	rule    *rules.Rule
	level   rules.Level
	at      model.Range
	key     string
	ids     subject
	message func(subject) string
	related []Related
}

// reportFunction reports a finding about function id's setting at at, whose message
// message writes for a subject. Findings of the current check with the same rule, position
// and message (but for the subject) become one finding that names every function: a
// setting written once for many functions is fixed once.
func (ps *pass) reportFunction(r *rules.Rule, level rules.Level, at model.Range, id string, message func(subject) string, related ...Related) {
	if at.IsZero() {
		at = ps.project.At
	}
	key := message(subject{"\x00"})
	for _, sf := range ps.shared {
		if sf.rule == r && sf.level == level && sf.at == at && sf.key == key {
			if !slices.Contains(sf.ids, id) {
				sf.ids = append(sf.ids, id)
			}
			for _, rel := range related {
				if !slices.Contains(sf.related, rel) {
					sf.related = append(sf.related, rel)
				}
			}
			return
		}
	}
	ps.shared = append(ps.shared, &sharedFinding{rule: r, level: level, at: at, key: key, ids: subject{id}, message: message,
		related: append([]Related(nil), related...)})
}

// flushShared reports the current check's findings about functions' settings.
func (ps *pass) flushShared() {
	for _, sf := range ps.shared {
		ps.reportLevel(sf.rule, sf.level, sf.at, sf.message(sf.ids), sf.related...)
	}
	ps.shared = nil
}

func (ps *pass) report(r *rules.Rule, at model.Range, msg string, related ...Related) {
	if at.IsZero() {
		at = ps.project.At
	}
	var rel []Related
	for _, x := range related {
		if !x.At.IsZero() {
			rel = append(rel, x)
		}
	}
	*ps.out = append(*ps.out, Finding{Rule: r, At: at, Message: msg, Related: rel})
}

// reportLevel is report with a per-finding level.
func (ps *pass) reportLevel(r *rules.Rule, level rules.Level, at model.Range, msg string, related ...Related) {
	ps.report(r, at, msg, related...)
	if level != r.Level {
		(*ps.out)[len(*ps.out)-1].Level = level
	}
}

// functions are the project's functions, without nil entries.
func (ps *pass) functions() []*model.Function {
	fs := make([]*model.Function, 0, len(ps.project.Functions))
	for _, f := range ps.project.Functions {
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs
}

// A functionURL is a function URL with the name of its function for messages.
type functionURL struct {
	*model.FunctionURL
	name string
}

// functionURLs are the project's function URLs: each function's, and those of functions
// declared elsewhere, each once.
func (ps *pass) functionURLs() []functionURL {
	seen := map[*model.FunctionURL]bool{}
	var out []functionURL
	for _, f := range ps.functions() {
		for _, u := range f.URLs {
			if u != nil && !seen[u] {
				seen[u] = true
				name := f.ID
				if u.Qualifier.Known() && u.Qualifier.Value != "" {
					name += ":" + u.Qualifier.Value
				}
				out = append(out, functionURL{u, name})
			}
		}
	}
	for _, u := range ps.project.FunctionURLs {
		if u != nil && !seen[u] {
			seen[u] = true
			out = append(out, functionURL{u, u.Name()})
		}
	}
	return out
}

// triggers are a function's triggers that are not switched off.
func triggers(f *model.Function) []*model.Trigger {
	ts := make([]*model.Trigger, 0, len(f.Triggers))
	for _, t := range f.Triggers {
		if t == nil || (t.Enabled.Known() && !t.Enabled.Value) {
			continue
		}
		ts = append(ts, t)
	}
	return ts
}

// where returns a's range, or fallback when the loader gave none.
func where[T any](a model.Attr[T], fallback model.Range) model.Range {
	if a.At.IsZero() {
		return fallback
	}
	return a.At
}

// isTrue reports whether a boolean attribute is known to be true.
func isTrue(a model.Attr[bool]) bool { return a.Known() && a.Value }

// setOrUnknown reports whether a boolean setting may be on: known true, or written but not
// resolvable (which must not produce a finding).
func setOrUnknown(a model.Attr[bool]) bool { return isTrue(a) || a.Origin == model.Unknown }

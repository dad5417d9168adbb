// Package inventory describes a serverless app as its team would draw it: for each
// function of the templates, its triggers, its configuration, its worst-case cost, its
// retry and failure handling, the Go package and handler it runs, and its findings; and
// the picture of triggers, functions and the resources their code and roles write to.
//
// Build gathers the data from a finished run; Text, Markdown, Mermaid and JSON only format
// it. The JSON form is versioned and documented by docs/schemas/inventory.schema.json.
package inventory

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/slslint/slslint/crosslayer"
	"github.com/slslint/slslint/iac/checks"
	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/iam/leastprivilege"
	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// Version is the version of the JSON form. It changes only when a field is removed or
// changes meaning; fields may be added within a version.
const Version = 1

// Inventory is the app: its functions, project by project.
type Inventory struct {
	Functions []*Function
}

// A Function is one function of a template.
type Function struct {
	// Project is the template, root module or service file it is declared in; Format its
	// format ("cloudformation", "terraform", "serverless").
	Project, Format string
	ID              string
	// Name is the physical name when the template sets one.
	Name string
	At   finding.Location
	// Runtime and Architecture are "" when not known statically.
	Runtime, Architecture string
	// MemoryMB, TimeoutSeconds and ReservedConcurrency are nil when not known (a nil
	// ReservedConcurrency with ConcurrencyUnset means there is none).
	MemoryMB, TimeoutSeconds, ReservedConcurrency *int
	ConcurrencyUnset                              bool
	// WorstCase is SLS305's worst-case hourly compute cost, nil when an input is unknown.
	WorstCase *checks.WorstCase
	Triggers  []Trigger
	// Failures summarizes retries and where failed events go.
	Failures []string
	// Link is the Go code the function runs.
	Link Link
	// Writes are the resources the function's code and role write to.
	Writes []Write
	// Permissions are the IAM actions the function's code needs and those its role grants;
	// nil when the function is not linked to analyzed code.
	Permissions *Permissions
	// Findings counts the function's unsuppressed findings by rule ID; Level is the most
	// severe of their levels ("" when none).
	Findings map[string]int
	Level    rules.Level
}

// Permissions are what a function's code needs of its role (see slslint policy).
type Permissions struct {
	// Needed are the IAM actions its AWS calls need; Granted those its role allows (or may
	// allow); Missing those its role, fully known, does not.
	Needed, Granted, Missing []string
	// Complete says the code's AWS calls are all known.
	Complete bool
}

// A Trigger is one event source.
type Trigger struct {
	Kind string
	// Name is the event's name or the source's ID; Source the resource (ID or value).
	Name, Source string
	At           finding.Location
	// BatchSize is nil when not set or not known.
	BatchSize *int
}

// Link is what the function's code is.
type Link struct {
	// Package is the main package's directory ("cmd/worker"), "" when not linked.
	Package string
	// ImportPath is set when the package was analyzed.
	ImportPath string
	// Handler, Event and Response describe its single Lambda entry point.
	Handler, Event, Response string
	Inferred, Analyzed       bool
	Via, Reason              string
}

// A Write is a resource the function writes to.
type Write struct {
	Resource string
	// By is "code", "role" or "code+role".
	By string
}

// Build describes the functions of a run: the model, the links of its functions to their
// code, and its findings (suppressed ones are not counted).
func Build(m *model.Model, links []*crosslayer.Link, fs []*finding.Finding, cost checks.Settings) *Inventory {
	inv := &Inventory{}
	if m == nil {
		return inv
	}
	byFunction := map[*model.Function]*crosslayer.Link{}
	byDir := map[string][]*model.Function{}
	for _, lk := range links {
		if lk != nil {
			byFunction[lk.Function] = lk
			if lk.Dir != "" {
				byDir[lk.Dir] = append(byDir[lk.Dir], lk.Function)
			}
		}
	}
	perms := map[*model.Function]*Permissions{}
	for _, lf := range leastprivilege.Build(crosslayer.PermissionsOf(links)).Functions {
		perms[lf.Function()] = &Permissions{Needed: lf.Needed, Granted: lf.Granted, Missing: lf.Missing, Complete: lf.Complete}
	}
	for _, p := range m.Projects {
		if p == nil {
			continue
		}
		for _, f := range p.Functions {
			if f == nil {
				continue
			}
			var sameCode []*model.Function
			if lk := byFunction[f]; lk != nil && lk.Dir != "" {
				sameCode = byDir[lk.Dir]
			}
			d := describe(p, f, byFunction[f], sameCode, fs, cost)
			d.Permissions = perms[f]
			inv.Functions = append(inv.Functions, d)
		}
	}
	return inv
}

func location(r model.Range) finding.Location {
	return finding.Location{Path: r.File, Line: r.Line, Column: max(r.Column, 1), EndLine: r.EndLine, EndColumn: r.EndColumn}
}

func intOf(a model.Attr[int]) *int {
	if !a.Known() {
		return nil
	}
	v := a.Value
	return &v
}

func stringOf(a model.Attr[string]) string {
	if !a.Known() {
		return ""
	}
	return a.Value
}

func describe(p *model.Project, f *model.Function, lk *crosslayer.Link, sameCode []*model.Function, fs []*finding.Finding, cost checks.Settings) *Function {
	out := &Function{
		Project: p.Path, Format: p.Format.String(), ID: f.ID, Name: stringOf(f.Name), At: location(f.At),
		Runtime: stringOf(f.Runtime), Architecture: stringOf(f.Architecture),
		MemoryMB: intOf(f.MemoryMB), TimeoutSeconds: intOf(f.TimeoutSeconds), ReservedConcurrency: intOf(f.ReservedConcurrency),
		ConcurrencyUnset: f.ReservedConcurrency.Origin == model.Absent,
		Findings:         map[string]int{},
	}
	if wc, ok := checks.WorstCaseCost(p, f, cost); ok {
		out.WorstCase = &wc
	}
	for _, t := range f.Triggers {
		if t == nil {
			continue
		}
		tr := Trigger{Kind: string(t.Kind), Name: t.Name, Source: sourceName(t), At: location(t.At)}
		if t.BatchSize.Known() && t.BatchSize.Value > 0 {
			v := t.BatchSize.Value
			tr.BatchSize = &v
		}
		out.Triggers = append(out.Triggers, tr)
	}
	out.Failures = failures(p, f)
	if lk != nil {
		out.Link = Link{Package: lk.Dir, Inferred: lk.Inferred, Via: lk.Via, Reason: lk.Reason}
		if prog := lk.Program; prog != nil {
			out.Link.Analyzed, out.Link.ImportPath = true, prog.Path
			if len(prog.Entries) == 1 {
				e := prog.Entries[0]
				out.Link.Handler, out.Link.Event, out.Link.Response = e.Name, typeName(e.Event), typeName(e.Response)
			} else if len(prog.Entries) > 1 {
				out.Link.Handler = fmt.Sprintf("%d entry points", len(prog.Entries))
			}
		}
	}
	out.Writes = writes(f, lk)
	regions := ownedRegions(p, f)
	var others []string
	for _, g := range p.Functions {
		if g != nil && g != f {
			others = append(others, g.ID)
		}
	}
	// Functions of other templates that run the same code: an SLS510 in that code names the
	// function whose role lacks the permission, which may not be this one.
	var twins []string
	for _, g := range sameCode {
		if g != f {
			twins = append(twins, g.ID)
		}
	}
	for _, fd := range fs {
		if fd.Suppressed != nil || !belongs(fd, regions, lk) || aboutAnother(fd.Message, f.ID, others) ||
			fd.Rule == rules.MissingPermission && aboutAnother(fd.Message, f.ID, twins) {
			continue
		}
		out.Findings[fd.Rule.ID]++
		if fd.Level.Rank() > out.Level.Rank() {
			out.Level = fd.Level
		}
	}
	return out
}

func typeName(t string) string {
	t = strings.TrimPrefix(t, "*")
	if i := strings.LastIndex(t, "/"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// sourceName names a trigger's source for people: the resource's ID, the known value, or
// the route.
func sourceName(t *model.Trigger) string {
	switch {
	case t.Kind == model.TriggerRESTAPI || t.Kind == model.TriggerHTTPAPI || t.Kind == model.TriggerALB:
		route := strings.TrimSpace(stringOf(t.Method) + " " + stringOf(t.Path))
		api := t.API.Ref
		if api == "" {
			api = stringOf(t.API)
		}
		return strings.TrimSpace(api + " " + route)
	case t.Source.Ref != "":
		return t.Source.Ref
	case t.Source.Known():
		return t.Source.Value
	}
	return t.Name
}

// failures summarizes how the function retries and where failed events go.
func failures(p *model.Project, f *model.Function) []string {
	var out []string
	async := false
	for _, t := range f.Triggers {
		if t != nil && t.Kind.Async() {
			async = true
		}
	}
	name := func(a model.Attr[string]) string {
		switch {
		case a.Ref != "":
			return a.Ref
		case a.Known() && a.Value != "":
			return a.Value
		case a.Origin == model.Unknown:
			return "(unknown)"
		}
		return "none"
	}
	if async {
		retries := "?"
		if f.AsyncMaxRetries.Known() {
			retries = fmt.Sprint(f.AsyncMaxRetries.Value)
		}
		out = append(out, fmt.Sprintf("async: %s retries, DLQ %s, on-failure %s", retries, name(f.DeadLetterTarget), name(f.OnFailure)))
	}
	queues := map[string]*model.Queue{}
	for _, q := range p.Queues {
		if q != nil {
			queues[q.ID] = q
		}
	}
	for _, t := range f.Triggers {
		if t == nil {
			continue
		}
		switch {
		case t.Kind == model.TriggerSQS:
			q := queues[t.Source.Ref]
			switch {
			case q == nil:
				out = append(out, "SQS "+sourceName(t)+": redrive not known")
			case q.RedriveTarget.IsSet():
				s := "SQS " + q.ID + ": redrive to " + name(q.RedriveTarget)
				if q.MaxReceiveCount.Known() {
					s += fmt.Sprintf(" after %d receives", q.MaxReceiveCount.Value)
				}
				out = append(out, s)
			default:
				out = append(out, "SQS "+q.ID+": no redrive")
			}
		case t.Kind.Stream():
			retries := "until expiry"
			if t.MaximumRetryAttempts.Known() && t.MaximumRetryAttempts.Value >= 0 {
				retries = fmt.Sprintf("%d retries", t.MaximumRetryAttempts.Value)
			}
			out = append(out, fmt.Sprintf("%s %s: %s, on-failure %s", t.Kind, sourceName(t), retries, name(t.OnFailure)))
		}
	}
	return out
}

// writeActions are IAM actions that write, by prefix.
var writeActions = []string{"sqs:sendmessage", "sns:publish", "s3:putobject", "s3:*", "sqs:*", "sns:*", "dynamodb:putitem",
	"dynamodb:updateitem", "dynamodb:batchwriteitem", "dynamodb:deleteitem", "dynamodb:*", "kinesis:putrecord", "kinesis:*",
	"events:putevents", "firehose:putrecord", "states:startexecution", "lambda:invokefunction", "*"}

func isWrite(action string) bool {
	a := strings.ToLower(action)
	for _, w := range writeActions {
		switch {
		case w == "*":
			if a == "*" {
				return true
			}
		case strings.HasPrefix(a, strings.TrimSuffix(w, "*")):
			return true
		}
	}
	return false
}

// writes lists the project resources the function's code writes to (through the
// environment variables that name them) and its role may write to.
func writes(f *model.Function, lk *crosslayer.Link) []Write {
	by := map[string]map[string]bool{}
	add := func(resource, how string) {
		if resource == "" {
			return
		}
		if by[resource] == nil {
			by[resource] = map[string]bool{}
		}
		by[resource][how] = true
	}
	if lk != nil && lk.Confident() {
		for _, e := range lk.Program.Entries {
			for _, w := range e.Writes {
				if ev, ok := f.Env(w.Env); ok && w.Env != "" && ev.Value.Ref != "" {
					add(ev.Value.Ref, "code")
				}
			}
		}
	}
	for _, pol := range f.Policies {
		if pol == nil {
			continue
		}
		for _, st := range pol.Statements {
			if st == nil || (st.Effect.Known() && !strings.EqualFold(st.Effect.Value, "Allow")) {
				continue
			}
			write := false
			for _, a := range st.Actions {
				if a.Known() && isWrite(a.Value) {
					write = true
				}
			}
			if !write {
				continue
			}
			for _, r := range st.Resources {
				if r.Ref != "" && r.Ref != f.ID && r.Ref != f.LogGroup.Ref {
					add(r.Ref, "role")
				}
			}
		}
	}
	var out []Write
	for _, r := range sortedKeys(by) {
		how := strings.Join(sortedKeys(by[r]), "+")
		out = append(out, Write{Resource: r, By: how})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// regions are the parts of the templates that belong to a function: its block (from its
// header to its last setting written after it in the same file), the exact ranges of its
// settings (also those inherited from shared sections), and its triggers.
type regions struct {
	file       string
	first, end int
	exact      map[start]bool
	contains   []model.Range
}

func ownedRegions(p *model.Project, f *model.Function) *regions {
	r := &regions{file: f.At.File, first: f.At.Line, end: f.At.EndLine, exact: map[start]bool{}}
	// The function's block ends before the next resource of the same file.
	next := int(^uint(0) >> 1)
	for _, h := range resourceHeaders(p) {
		if h.File == r.file && h.Line > r.first && h.Line < next {
			next = h.Line
		}
	}
	// Settings written in the function's block (those inherited from shared sections or
	// read from other resources are matched exactly, not by the block).
	inBlock := []model.Range{f.Runtime.At, f.Handler.At, f.Architecture.At, f.MemoryMB.At, f.TimeoutSeconds.At,
		f.ReservedConcurrency.At, f.Tracing.At, f.DeadLetterTarget.At, f.RecursiveLoop.At, f.Code.Dir.At, f.Code.File.At,
		f.Code.BuildMethod.At, f.Name.At}
	for _, e := range f.Environment {
		inBlock = append(inBlock, e.Value.At)
	}
	for _, t := range f.Triggers {
		if t != nil {
			inBlock = append(inBlock, t.At)
		}
	}
	other := []model.Range{f.OnFailure.At, f.OnSuccess.At, f.AsyncMaxRetries.At, f.AsyncMaxEventAgeSecs.At, f.Role.At, f.LogRetentionDays.At}
	for _, pol := range f.Policies {
		if pol != nil {
			other = append(other, pol.At)
			for _, st := range pol.Statements {
				if st != nil {
					other = append(other, st.At)
				}
			}
		}
	}
	for _, rg := range inBlock {
		if rg.IsZero() {
			continue
		}
		r.exact[startOf(location(rg))] = true
		if rg.File == r.file && rg.Line >= r.first && rg.Line < next {
			r.end = max(r.end, min(max(rg.EndLine, rg.Line), next-1))
		}
	}
	for _, rg := range other {
		if !rg.IsZero() {
			r.exact[startOf(location(rg))] = true
		}
	}
	for _, u := range f.URLs {
		r.contains = append(r.contains, u.At)
	}
	for _, t := range f.Triggers {
		if t != nil {
			r.contains = append(r.contains, t.At)
			for _, a := range []model.Range{t.BatchSize.At, t.FunctionResponseTypes.At, t.MaximumRetryAttempts.At, t.OnFailure.At} {
				if !a.IsZero() {
					r.exact[startOf(location(a))] = true
				}
			}
		}
	}
	return r
}

// resourceHeaders are the headers of every resource of the project.
func resourceHeaders(p *model.Project) []model.Range {
	var out []model.Range
	add := func(r model.Resource) { out = append(out, r.At) }
	for _, x := range p.Functions {
		add(x.Resource)
	}
	for _, x := range p.Queues {
		add(x.Resource)
	}
	for _, x := range p.Topics {
		add(x.Resource)
	}
	for _, x := range p.Buckets {
		add(x.Resource)
	}
	for _, x := range p.Tables {
		add(x.Resource)
	}
	for _, x := range p.Streams {
		add(x.Resource)
	}
	for _, x := range p.APIs {
		add(x.Resource)
	}
	for _, x := range p.StateMachines {
		add(x.Resource)
	}
	for _, x := range p.LogGroups {
		add(x.Resource)
	}
	for _, x := range p.Alarms {
		add(x.Resource)
	}
	for _, x := range p.Budgets {
		add(x.Resource)
	}
	for _, x := range p.Roles {
		add(x.Resource)
	}
	for _, x := range p.Permissions {
		add(x.Resource)
	}
	for _, x := range p.Rules {
		add(x.Resource)
	}
	return out
}

// start is where a range begins.
type start struct {
	path         string
	line, column int
}

func startOf(l finding.Location) start { return start{l.Path, l.Line, l.Column} }

func (r *regions) has(l finding.Location) bool {
	if r.exact[startOf(l)] {
		return true
	}
	if l.Path == r.file && l.Line >= r.first && l.Line <= r.end {
		return true
	}
	for _, c := range r.contains {
		if l.Path == c.File && l.Line >= c.Line && l.Line <= max(c.EndLine, c.Line) {
			return true
		}
	}
	return false
}

// aboutAnother reports whether a message names another function of the project and not
// this one: a finding at a setting shared by several functions (SAM Globals, serverless
// provider settings) that is about one of them.
func aboutAnother(msg, id string, others []string) bool {
	if mentions(msg, id) {
		return false
	}
	for _, o := range others {
		if mentions(msg, o) {
			return true
		}
	}
	return false
}

// mentions reports whether s contains name as a whole word.
func mentions(s, name string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isWordByte(s[j-1])
		after := j+len(name) == len(s) || !isWordByte(s[j+len(name)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// belongs reports whether a finding is about the function: in its template regions, or in
// the Go files of its package (directly, or through the first step of its call path).
func belongs(fd *finding.Finding, r *regions, lk *crosslayer.Link) bool {
	if r.has(fd.Location) {
		return true
	}
	for _, rel := range fd.Related {
		if r.exact[startOf(rel.Location)] {
			return true
		}
	}
	if lk == nil || lk.Dir == "" || lk.Program == nil {
		return false
	}
	if strings.HasSuffix(fd.Location.Path, ".go") && path.Dir(fd.Location.Path) == lk.Dir {
		return true
	}
	return fd.Flow && len(fd.Related) > 0 && path.Dir(fd.Related[0].Path) == lk.Dir
}

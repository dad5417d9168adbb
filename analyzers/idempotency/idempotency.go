package idempotency

import (
	_ "embed"
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
	"github.com/slslint/slslint/analyzers/internal/analyzerdoc"
	"github.com/slslint/slslint/analyzers/internal/listflag"
	"github.com/slslint/slslint/internal/diagnostic"
	"github.com/slslint/slslint/rules"
)

//go:embed doc.go
var doc string

// Analyzer reports SLS101, SLS102 and SLS103.
var Analyzer = New()

// KeyAttributesFlag is the flag listing the key attributes of DynamoDB tables.
const KeyAttributesFlag = "key-attributes"

// New returns a new instance of the analyzer with its own settings.
func New() *analysis.Analyzer {
	s := &settings{keys: listflag.New()}
	s.keys.Check = CheckKeyAttributes
	a := &analysis.Analyzer{
		Name:             "idempotency",
		Doc:              analyzerdoc.Extract(doc, "idempotency"),
		URL:              rules.RepositoryURL + "/blob/main/docs/analyzers.md#idempotency",
		Run:              s.run,
		RunDespiteErrors: true,
		Requires:         []*analysis.Analyzer{handlers.Analyzer, effects.Analyzer},
		FactTypes:        []analysis.Fact{new(EvidenceFact)},
		ResultType:       reflect.TypeFor[*Result](),
	}
	a.Flags.Var(s.keys, KeyAttributesFlag, "comma-separated table=attr+attr entries: the key attributes of DynamoDB tables, by table name, $ENV_VAR holding the name, or * for any other table")
	s.common.Register(&a.Flags)
	return a
}

// CheckKeyAttributes validates one -key-attributes entry: "table=attr+attr".
func CheckKeyAttributes(entry string) error {
	table, attrs, ok := strings.Cut(entry, "=")
	if !ok || strings.TrimSpace(table) == "" || strings.TrimSpace(attrs) == "" {
		return fmt.Errorf("bad key attributes %q: want table=attr or table=pk+sk", entry)
	}
	for _, a := range strings.Split(attrs, "+") {
		if strings.TrimSpace(a) == "" {
			return fmt.Errorf("bad key attributes %q: empty attribute name", entry)
		}
	}
	return nil
}

type settings struct {
	keys   *listflag.List
	common diagnostic.Options
}

// Result is the evidence of non-idempotent work per handler of the package, for the
// cross-layer rule SLS126 (see the package documentation).
type Result struct {
	Handlers []*HandlerEvidence
}

// HandlerEvidence is the evidence found in the code a handler reaches.
type HandlerEvidence struct {
	Handler  *handlers.Handler
	Evidence []Evidence
}

// Evidence is one non-idempotent write or side effect a handler reaches.
type Evidence struct {
	Rule    *rules.Rule
	At      effects.Position
	Op      string
	Chain   string
	Path    []effects.Step
	Message string
}

// EvidenceFact is the package fact with the same content as Result, for drivers that pass
// facts rather than results.
type EvidenceFact struct {
	Handlers []HandlerEvidenceFact
}

// HandlerEvidenceFact is one handler's evidence in an EvidenceFact.
type HandlerEvidenceFact struct {
	Handler  string           // display name, as handlers.Handler.Name
	At       effects.Position // the handler's declaration
	Evidence []EvidenceEntry
}

// EvidenceEntry is one piece of evidence in an EvidenceFact.
type EvidenceEntry struct {
	Rule  string // "SLS101"
	At    effects.Position
	Chain string
}

// AFact marks EvidenceFact as a fact.
func (*EvidenceFact) AFact() {}

func (f *EvidenceFact) String() string {
	var parts []string
	for _, h := range f.Handlers {
		var es []string
		for _, e := range h.Evidence {
			es = append(es, e.Rule+" "+e.Chain)
		}
		parts = append(parts, h.Handler+": "+strings.Join(es, ", "))
	}
	return "evidence(" + strings.Join(parts, "; ") + ")"
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	out := &Result{}
	res, _ := pass.ResultOf[handlers.Analyzer].(*handlers.Result)
	if res == nil || len(res.Handlers) == 0 {
		return out, nil
	}
	c := &classifier{keys: parseKeyAttributes(s.keys.Items())}
	s.evidence(pass, res, c, out)

	r := diagnostic.NewReporter(pass, &s.common)
	atLeastOnce := func(h *handlers.Handler) bool { return h.Trigger == handlers.AtLeastOnce }
	// One SLS101 finding per write and key origin: the same write reached with keys from
	// different sources (a caller's uuid, another caller's clock) is two mistakes.
	for _, origin := range c.keyOrigins(res) {
		reached := res.ReachFrom(atLeastOnce, func(e *effects.Effect) bool { return c.keyFinding(e, &origin) != "" })
		for _, re := range reached {
			rule := rules.NondeterministicWriteKey
			related := re.Related
			if at, ok := res.RelatedAt(origin.At, "key built from "+origin.Source); ok {
				related = append(related, at) // where a suppression of this finding belongs
			}
			r.ReportRange(rule, re.Pos, re.End, message(re, c.keyFinding(re.Effect, &origin), fix(rule, re)), related...)
		}
	}
	for _, rule := range []*rules.Rule{rules.NonIdempotentUpdate, rules.UnguardedSideEffect} {
		reached := res.ReachFrom(atLeastOnce, func(e *effects.Effect) bool { return c.finding(rule, e) != "" })
		for _, re := range reached {
			r.ReportRange(rule, re.Pos, re.End, message(re, c.finding(rule, re.Effect), fix(rule, re)), re.Related...)
		}
	}
	return out, nil
}

// evidence fills the Result and exports the EvidenceFact.
func (s *settings) evidence(pass *analysis.Pass, res *handlers.Result, c *classifier, out *Result) {
	var fact EvidenceFact
	for _, h := range res.Handlers {
		he := &HandlerEvidence{Handler: h}
		hf := HandlerEvidenceFact{Handler: h.Name, At: h.DeclAt}
		pkgPath := ""
		if h.Func != nil && h.Func.Pkg() != nil {
			pkgPath = h.Func.Pkg().Path()
		}
		for i := range h.Effects {
			e := &h.Effects[i]
			for _, rule := range []*rules.Rule{rules.NondeterministicWriteKey, rules.NonIdempotentUpdate, rules.UnguardedSideEffect} {
				msg := c.finding(rule, e)
				if msg == "" {
					continue
				}
				ev := Evidence{Rule: rule, At: e.At(), Op: e.Op, Chain: e.Chain(h.Name, pkgPath), Path: e.Path, Message: e.Op + " " + strings.ReplaceAll(msg, "\n", ": ")}
				he.Evidence = append(he.Evidence, ev)
				hf.Evidence = append(hf.Evidence, EvidenceEntry{Rule: rule.ID, At: ev.At, Chain: ev.Chain})
			}
		}
		out.Handlers = append(out.Handlers, he)
		if len(hf.Evidence) > 0 {
			fact.Handlers = append(fact.Handlers, hf)
		}
	}
	if len(fact.Handlers) > 0 {
		pass.ExportPackageFact(&fact)
	}
}

// message puts together the cause and its handler, what the finding says about it (its
// first line, then why), the fix and the path.
func message(re *handlers.Reached, finding, fix string) string {
	what, why, _ := strings.Cut(finding, "\n")
	return re.Subject() + " " + what + "\n" + why + "; " + fix + re.Via()
}

// fix says what to do, naming the event's identity for the handler's source.
func fix(rule *rules.Rule, re *handlers.Reached) string {
	id := eventIdentity(re.Handler.Source)
	e := re.Effect
	switch rule {
	case rules.NondeterministicWriteKey:
		return "derive the key from the event instead, e.g. from " + id
	case rules.NonIdempotentUpdate:
		if isSQL(e.Op) {
			return "test a version or processed-event column in the WHERE clause, or record " + id + " in the same transaction"
		}
		return "make it conditional on the event (record " + id + " in the item and add a ConditionExpression such as NOT contains(applied, :eventId)), or put a dedup record with attribute_not_exists in the same TransactWriteItems"
	}
	guard := "record " + id + " with a conditional write (PutItem with attribute_not_exists) before it and stop when that fails"
	switch {
	case strings.HasPrefix(e.Op, "stripe."):
		return "set params.IdempotencyKey from " + id + ", or " + guard
	case strings.HasPrefix(e.Op, "http."):
		return "send an Idempotency-Key header derived from " + id + " if the API supports it, or " + guard
	}
	return guard
}

// eventIdentity names what identifies an event of the source.
func eventIdentity(source string) string {
	switch source {
	case "SQS":
		return "the SQS message ID (record.MessageId)"
	case "SNS":
		return "the SNS message ID (record.SNS.MessageID)"
	case "S3":
		return "the bucket, object key and sequencer of the S3 record"
	case "EventBridge":
		return "the event's ID (event.ID)"
	case "Kinesis", "DynamoDB Streams":
		return "the record's event ID (record.EventID)"
	case "Kafka":
		return "the record's topic, partition and offset"
	case "Amazon MQ":
		return "the message ID"
	}
	return "an ID the event carries"
}

// parseKeyAttributes reads the -key-attributes entries: table (or $VAR, or *) to attributes.
func parseKeyAttributes(entries []string) map[string][]string {
	out := map[string][]string{}
	for _, e := range entries {
		table, attrs, ok := strings.Cut(e, "=")
		if !ok {
			continue
		}
		for _, a := range strings.Split(attrs, "+") {
			out[strings.TrimSpace(table)] = append(out[strings.TrimSpace(table)], strings.TrimSpace(a))
		}
	}
	return out
}

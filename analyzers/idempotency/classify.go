package idempotency

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/slslint/slslint/analyzers/effects"
	"github.com/slslint/slslint/analyzers/handlers"
	"github.com/slslint/slslint/rules"
)

// classifier decides which rules an effect breaks, from what the effects analyzer recorded.
type classifier struct {
	keys map[string][]string // table (or $VAR, or *) -> key attributes
}

// finding returns the middle of the message for rule ("writes key ...", then on its own
// line why it matters), or "" when the effect does not break the rule. Effects after an idempotency guard never
// do.
func (c *classifier) finding(rule *rules.Rule, e *effects.Effect) string {
	idem := e.Idem
	if idem == nil || idem.Guarded {
		return ""
	}
	switch rule {
	case rules.NondeterministicWriteKey:
		return c.keyFinding(e, nil)
	case rules.NonIdempotentUpdate:
		return nonIdempotentUpdate(e)
	case rules.UnguardedSideEffect:
		return unguardedSideEffect(e)
	}
	return ""
}

// keyOrigins lists the distinct nondeterministic sources of keys the package's handlers
// reach, in the order of the handlers and their effects.
func (c *classifier) keyOrigins(res *handlers.Result) []effects.KeyOrigin {
	var out []effects.KeyOrigin
	seen := map[effects.KeyOrigin]bool{}
	for _, h := range res.Handlers {
		for i := range h.Effects {
			e := &h.Effects[i]
			if e.Idem == nil {
				continue
			}
			for _, k := range e.Idem.Keys {
				o := effects.KeyOrigin{Source: k.Source, At: k.At}
				if k.Source != "" && !seen[o] && c.keyFinding(e, &o) != "" {
					seen[o] = true
					out = append(out, o)
				}
			}
		}
	}
	return out
}

// keyFinding reports a key of e made from a nondeterministic source (only, when not nil:
// that source at that position).
func (c *classifier) keyFinding(e *effects.Effect, only *effects.KeyOrigin) string {
	if e.Kind != effects.Write || e.Idem == nil || e.Idem.Guarded {
		return ""
	}
	schema, hasSchema := c.schema(e)
	for _, k := range e.Idem.Keys {
		if k.Source == "" || k.Attr == "" || only != nil && (k.Source != only.Source || k.At != only.At) {
			continue
		}
		isKey := k.IsKey
		if !isKey && strings.HasPrefix(e.Op, "dynamodb.") && hasSchema {
			isKey = slices.Contains(schema, k.Attr)
		} else if !isKey {
			isKey = effects.LooksLikeKey(k.Attr) && (strongKey(k.Attr) || !hasStrongKey(e.Idem.Attrs))
		}
		if !isKey {
			continue
		}
		what, dup := "key", "writes a new item instead of overwriting the first"
		switch {
		case strings.HasPrefix(e.Op, "s3"):
			what, dup = "object key", "writes a new object instead of overwriting the first"
		case strings.HasPrefix(e.Op, "sqs."):
			what, dup = "deduplication ID", "sends the message again under a new ID, so the FIFO queue cannot drop the duplicate"
		case isSQL(e.Op):
			what, dup = "column", "inserts a new row"
		}
		name := what + " " + quote(k.Attr)
		if what == "object key" || what == "deduplication ID" {
			name = what
		}
		return "writes " + name + " built from " + k.Source + "\nevery redelivery of the same event " + dup
	}
	return ""
}

// schema returns the configured key attributes of the effect's table.
func (c *classifier) schema(e *effects.Effect) ([]string, bool) {
	if len(c.keys) == 0 {
		return nil, false
	}
	if e.Idem.Table != "" {
		if attrs, ok := c.keys[e.Idem.Table]; ok {
			return attrs, true
		}
	}
	attrs, ok := c.keys["*"]
	return attrs, ok
}

func quote(s string) string { return `"` + s + `"` }

// strongKey: pk, sk, id and key name the key; *_id, *Id and *ID may name a reference
// (customerId, traceId) when the item has one of those.
func strongKey(attr string) bool {
	switch strings.ToLower(attr) {
	case "pk", "sk", "id", "key":
		return true
	}
	return false
}

func hasStrongKey(attrs []string) bool {
	for _, a := range attrs {
		if strongKey(a) {
			return true
		}
	}
	return false
}

func isSQL(op string) bool {
	return strings.HasPrefix(op, "sql.") || strings.HasPrefix(op, "pgx") || strings.HasPrefix(op, "sqlx.")
}

func nonIdempotentUpdate(e *effects.Effect) string {
	if e.Kind != effects.Write {
		return ""
	}
	if isSQL(e.Op) {
		clause, ok := sqlIncrement(e.Detail)
		if !ok {
			return ""
		}
		return "runs " + quote(shorten(e.Detail)) + ", which changes " + clause + " relative to its current value with no guard in its WHERE clause\n" +
			"a redelivered event applies it again and the value drifts"
	}
	// A condition that only checks that the item exists cannot fail on a redelivery: it
	// guards nothing (the effects analyzer's Guard is a condition that can).
	if e.Idem.Update == "" || e.Idem.Guard {
		return ""
	}
	clause, verb := dynamoIncrement(e.Idem.Update, e.Idem.SetValues)
	if clause == "" {
		return ""
	}
	cond := "without a ConditionExpression"
	if e.Idem.Conditional {
		cond = "with a ConditionExpression that only checks that the item exists (" + shorten(e.Idem.Condition) + ")"
	}
	return "applies update " + quote(shorten(e.Idem.Update)) + " " + cond + "\na redelivered event " + verb + " again (" + clause + ") and the value drifts"
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

var updateKeyword = regexp.MustCompile(`(?i)\b(SET|ADD|REMOVE|DELETE)\b`)

// dynamoIncrement finds an incrementing or appending action in an update expression: ADD
// of a value not bound to a set, SET a = a ± v (also if_not_exists(a, ...) ± v), SET a =
// list_append(a, v) or list_append(v, a). It returns the action and the verb for the
// message.
func dynamoIncrement(update string, sets []string) (string, string) {
	for _, part := range strings.Split(update, ";") {
		locs := updateKeyword.FindAllStringIndex(part, -1)
		for i, loc := range locs {
			end := len(part)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			kw := strings.ToUpper(part[loc[0]:loc[1]])
			body := part[loc[1]:end]
			for _, action := range splitTop(body) {
				action = strings.TrimSpace(action)
				if action == "" {
					continue
				}
				switch kw {
				case "ADD":
					f := strings.Fields(action)
					if len(f) != 2 || unknownPath(f[0]) || slices.Contains(sets, f[1]) || f[1] == ":set" {
						continue
					}
					return "ADD " + f[0], "adds"
				case "SET":
					lhs, rhs, ok := strings.Cut(action, "=")
					if !ok {
						continue
					}
					path := strings.TrimSpace(lhs)
					if unknownPath(path) {
						continue
					}
					rhs = strings.TrimSpace(rhs)
					if strings.HasPrefix(strings.ToLower(rhs), "list_append(") {
						for _, arg := range splitTop(rhs[len("list_append(") : len(rhs)-1]) {
							if strings.TrimSpace(arg) == path {
								return "list_append to " + path, "appends"
							}
						}
						continue
					}
					for _, op := range []string{"+", "-"} {
						terms := splitOn(rhs, op)
						if len(terms) < 2 {
							continue
						}
						for _, t := range terms {
							t = strings.TrimSpace(t)
							if t == path || strings.HasPrefix(strings.ToLower(t), "if_not_exists(") && strings.HasPrefix(strings.TrimSpace(t[len("if_not_exists("):]), path) {
								return "SET " + path + " = " + path + " " + op + " ...", "adds"
							}
						}
					}
				}
			}
		}
	}
	return "", ""
}

// unknownPath: a path the code builds at run time ("?", "%s") tells nothing.
func unknownPath(p string) bool {
	return p == "" || strings.ContainsAny(p, "?%")
}

// splitTop splits at commas outside parentheses.
func splitTop(s string) []string {
	return splitOn(s, ",")
}

// splitOn splits s at sep outside parentheses.
func splitOn(s, sep string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		default:
			if depth == 0 && strings.HasPrefix(s[i:], sep) {
				out = append(out, s[start:i])
				start = i + len(sep)
			}
		}
	}
	return append(out, s[start:])
}

var (
	sqlUpdate = regexp.MustCompile(`(?is)^\s*update\s+\S+\s+set\s+(.*?)(?:\s+where\s+(.*?))?(?:\s+returning\s+.*)?;?\s*$`)
	sqlGuard  = regexp.MustCompile(`(?i)(version|revision|etag|\bseq\b|_seq\b|sequence|idempot|event_id|eventid|message_id|messageid|request_id|requestid|processed|applied|not\s+exists)`)
)

// sqlIncrement finds `SET x = x + ...` (also -, ||, array_append(x, ...), coalesce(x, ...)
// + ...) in an UPDATE whose WHERE clause tests no version or idempotency column.
func sqlIncrement(q string) (string, bool) {
	m := sqlUpdate.FindStringSubmatch(q)
	if m == nil {
		return "", false
	}
	if m[2] != "" && sqlGuard.MatchString(m[2]) {
		return "", false
	}
	for _, a := range splitTop(m[1]) {
		lhs, rhs, ok := strings.Cut(a, "=")
		if !ok {
			continue
		}
		col := strings.Trim(strings.TrimSpace(lhs), "\"`")
		if i := strings.LastIndex(col, "."); i >= 0 {
			col = col[i+1:]
		}
		r := strings.ToLower(strings.Join(strings.Fields(rhs), " "))
		c := strings.ToLower(col)
		for _, p := range []string{c + " +", c + " -", c + " ||", c + "+", c + "-", c + "||", "array_append(" + c, "array_cat(" + c, "coalesce(" + c, "ifnull(" + c, "isnull(" + c} {
			if strings.HasPrefix(strings.Trim(r, `"`), p) || strings.HasPrefix(r, `"`+c+`"`) && strings.ContainsAny(r, "+-|") {
				return col, true
			}
		}
	}
	return "", false
}

func unguardedSideEffect(e *effects.Effect) string {
	idem := e.Idem
	if !idem.NoIdempotencyKey {
		return ""
	}
	var what string
	switch {
	case strings.HasPrefix(e.Op, "ses.") || strings.HasPrefix(e.Op, "sesv2."):
		what = "sends an email"
	case strings.HasPrefix(e.Op, "sns."):
		what = "publishes a notification"
	case strings.HasPrefix(e.Op, "stripe.") && e.Kind == effects.Write:
		what = "calls Stripe with params that carry no idempotency key"
		if idem.KeyFrom != "" {
			what = "calls Stripe with an idempotency key from " + idem.KeyFrom + ", new on every delivery,"
		}
	case strings.HasPrefix(e.Op, "http.") && (idem.Method == http.MethodPost || idem.Method == http.MethodPatch):
		what = "sends an HTTP " + idem.Method + " without an Idempotency-Key header"
	default:
		return ""
	}
	return what + " with no idempotency guard before it\na redelivered event does it again"
}

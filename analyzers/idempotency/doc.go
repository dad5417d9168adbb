// Package idempotency defines an Analyzer that reports handlers whose work is not safe to
// repeat although their trigger delivers events at least once.
//
// # Analyzer idempotency
//
// idempotency: report non-idempotent writes and side effects reachable from at-least-once handlers
//
// The rules apply to code reachable from handlers whose trigger is at-least-once (SQS, SNS,
// S3, EventBridge and scheduled events, Kinesis, DynamoDB Streams, Kafka, MQ: see package
// handlers). Synchronous handlers (API Gateway, ALB, function URLs, HTTP routes) and
// handlers with custom event types are not reported on; the evidence for them is still
// in the Result (see below). Code after an idempotency guard on the path is never reported.
//
// Rules:
//
//   - SLS101 nondeterministic-write-key: a write uses a key made inside the invocation from
//     a nondeterministic source: uuid.New, NewString, NewRandom, NewV7, ... (google/uuid,
//     gofrs/uuid, satori), time.Now() (except through methods that change at most daily:
//     Year, Month, Day, Date, YearDay, Weekday, and Format with a date-only layout), math/rand,
//     crypto/rand (also rand.Read into a buffer), ksuid, xid, ulid, nanoid, shortuuid and
//     stripe.NewIdempotencyKey. The writes are DynamoDB PutItem, BatchWriteItem and
//     TransactWriteItems items, UpdateItem and transaction update keys, S3 PutObject and
//     upload keys, SQS MessageDeduplicationId, and the columns of a constant SQL INSERT
//     (bound with $n or ?, or SQL's gen_random_uuid(), uuid_generate_v4(), newid(), ...).
//     For DynamoDB items the key attributes are the table's (from -key-attributes, matched
//     by the table name or the environment variable the code reads it from), otherwise
//     attributes named like keys: pk, sk, id, key (any case), *_id, *Id, *ID; every attribute
//     of an UpdateItem Key is a key. SQL columns are keys when named like keys.
//   - SLS102 non-idempotent-update: a DynamoDB UpdateItem (or a TransactWriteItems update)
//     whose update expression increments or appends — ADD of a value that is not a set,
//     SET a = a + v or a - v (also through if_not_exists(a, ...)), SET a = list_append(a,
//     ...) or list_append(..., a) — with no ConditionExpression, or with one that only
//     checks that the item exists (attribute_exists(...) terms joined by AND: it cannot fail
//     on a redelivery); any other condition silences it, as it may be the idempotency
//     check (a processed-events set, a version); also when built with the expression
//     builder (expression.Add, Set with Plus/Minus, ListAppend). Or a constant SQL UPDATE
//     whose SET assigns x = x + ..., x - ..., x || ..., array_append(x, ...) or
//     coalesce(x, ...) + ..., and whose WHERE clause does not guard it: guarded means the
//     WHERE tests a version, sequence or idempotency column (a column named like version,
//     revision, etag, seq, sequence, or containing idempot, event_id, message_id,
//     request_id, processed, applied) or has a NOT EXISTS subquery.
//   - SLS103 unguarded-side-effect: an external side effect that a redelivery repeats —
//     SES and SESv2 sends, SNS Publish/PublishBatch without MessageDeduplicationId,
//     stripe-go calls that create or move money (Create, New, Confirm, Capture, Pay,
//     Refund, IncrementAuthorization, Reverse, Send*, Apply*, Finalize*, Post) whose params
//     are built in the calling function without Params.IdempotencyKey (or
//     SetIdempotencyKey), an outbound HTTP POST or PATCH (http.Post, PostForm, Client.Do of a
//     request made with NewRequest in the same function) without an Idempotency-Key header
//     (requests to token, OAuth, search, GraphQL, query, login and auth URLs are reads) — with
//     no idempotency guard before it. An idempotency key from a nondeterministic source
//     counts as none.
//
// An idempotency guard is a call that fails when the same event is processed again: a
// DynamoDB PutItem, UpdateItem or TransactWriteItems with a ConditionExpression that is not
// only attribute_exists(...) (in constant text or through the expression builder's
// WithCondition) on a key that is not nondeterministic; a Redis SetNX (go-redis); or a
// function of the analyzed code that performs one and fails with it (returns its error or
// result, or returns when testing it). It guards what it dominates when its failure ends
// processing: the statements after `if err := guard(...); err != nil { return/continue/
// break/panic }` (or an assignment followed by such an if on its results) in the same
// block, or the body of an if that tests its result without leaving; and everything the
// guarded calls reach. There is no Powertools for AWS Lambda (Go) idempotency utility:
// no library call is recognized beyond these.
//
// # Result
//
// The analyzer returns a *Result for the cross-layer rule SLS126, which decides by the
// trigger in the infrastructure code rather than by the event type: for every handler of
// the package as handlers.Result lists it (whatever its trigger, and also when another
// package reports on it), the non-idempotent evidence its code has, each with its rule,
// the cause's position, the operation, the call path and the message. The same information
// is exported as an EvidenceFact on the package.
//
//	type Result struct{ Handlers []*HandlerEvidence }
//	type HandlerEvidence struct {
//		Handler  *handlers.Handler // the same pointer as in handlers.Result.Handlers
//		Evidence []Evidence
//	}
//	type Evidence struct {
//		Rule    *rules.Rule          // SLS101, SLS102 or SLS103
//		At      effects.Position     // the write or side effect
//		Op      string               // "dynamodb.PutItem"
//		Chain   string               // "handle → Store.Save → dynamodb.PutItem"
//		Path    []effects.Step       // the calls from the handler to the cause
//		Message string               // what is wrong and what to do, without the path
//	}
//
// Flags:
//
//	-key-attributes  comma-separated table=attr+attr entries: the key attributes of DynamoDB
//	                 tables, by table name, by "$VAR" for a table name read from the
//	                 environment variable VAR, or "*" for every other table (the cross-layer
//	                 analysis fills it from the infrastructure code)
//
// # Limits
//
// Values are followed within the analyzed code only, flow-insensitively (every assignment
// of a variable counts, so `if id == "" { id = uuid.NewString() }` makes id
// nondeterministic); package-level variables are set up once per environment and never
// count. A key set through a pointer parameter in a callee (`assignID(&o)`) is not seen.
// gorm, sqlx named queries and other ORMs are not recognized. Guards through interfaces
// whose implementation is wired elsewhere, SQL INSERT ... ON CONFLICT DO NOTHING checked
// through RowsAffected, and idempotency stores of other libraries are not recognized: add
// a function of your own that returns the failure.
package idempotency

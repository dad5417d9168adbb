// Package effects defines the analyzer that summarizes what each function of the analyzed
// code does, directly or through its callees, so that rule analyzers can ask what a Lambda
// handler can reach and through which calls.
//
// # Analyzer effects
//
// effects: summarize what each function does (writes, network I/O, exits, panics, env reads, Lambda invokes, ...) with one witness call path each
//
// The analyzer reports nothing. It exports a Summary fact for every exported function or
// method with an effect (only those can be called from other packages, the only readers of
// facts), an Init package fact for packages whose initialization has one, and returns a
// *Result with the summaries of all the package's functions and literals, which rule
// analyzers consult through the handlers analyzer.
//
// # What a summary contains
//
// A Summary lists Effects, each with a Kind (Write, Network, Invoke, Sleep, Goroutine,
// Fatal, Panic, EnvRead, NewContext, ContextCheck, TimeBudget, BatchLoop, EnvAny, Setup,
// GlobalGrowth), an Op display name ("dynamodb.PutItem",
// "log.Fatal"), the callee's full name, a kind-specific Detail (environment variable name,
// SQL text, invoked function name) and flags, and one witness Path: the calls from the
// summarized function down to the cause, each Step naming the callee and the position of
// the call. The last step is the cause. One witness is kept per cause site and kind, the
// one with the shortest path, and at most MaxPerKind effects per kind (the shortest). Paths
// longer than 32 calls are dropped. Summaries store positions as file/line/column, not
// token.Pos, because separate-process drivers (go vet, nogo) do not share a FileSet.
//
// Summary.Recovers says the function calls recover() directly; Summary.Returned holds the
// effects of the function values a function returns, so that a handler built by a factory
// (`lambda.Start(newHandler(deps))`) is the returned closure, not newHandler's set-up.
//
// # How effects are found
//
// Only packages in scope are summarized (see InScope): the module(s) being analyzed.
// Everything else (standard library, SDKs, frameworks) is recognized by name, never
// analyzed: log.Fatal*, os.Exit, panic, time.Sleep, net/http and database/sql calls,
// os.Getenv/LookupEnv, context.Background, go statements, errgroup.Go and the fatal and
// panic methods of common loggers (recognize.go). AWS SDK operations (v1 and v2) are
// recognized by their *<Op>Input argument type, so calls through a client interface count
// too; the write operations are listed per service and Lambda Invoke is its own kind.
//
// Calls are followed along:
//
//   - static calls of functions and of methods on concrete types (generic instances are
//     followed to their origin);
//   - function literals that run where they appear: called immediately, deferred, started
//     with go or errgroup.Go (their effects are InGoroutine), or passed to another
//     function (a callback is assumed to run); a literal assigned to a variable runs where
//     the variable is called;
//   - function values and method values (`process`, `h.Handle`) passed or stored: assumed
//     to run as part of the function that mentions them;
//   - calls through variables and struct fields of function type, and interface method
//     calls, where the package assigns the variable or field only values of evident
//     concrete types (an assignment index over the whole package). Other function-value
//     calls are silent; other calls of methods of interfaces declared in the analyzed
//     module are Dynamic effects, which Result.Resolve replaces, in the package that
//     registers a handler, with the effects of the interface's implementations among the
//     module's packages that package imports (those whose type it names, when it names
//     some; at most four of them; dynamic.go).
//
// Within a package the summaries are computed as a fixpoint over the package's call graph
// (recursion is fine); across packages, callees' summaries are imported facts, so a
// package's summaries are complete when it is analyzed.
//
// A panic is dropped from the summary of a function that defers a recover: a deferred
// literal that calls recover(), or a deferred function whose Summary.Recovers is set. Panics
// reached through a go statement are never dropped by callers: nothing can recover them.
//
// An EnvRead whose name is a parameter (`getenv(key, fallback string)`) carries Param and
// is resolved at each call with a constant argument; HasDefault is set for opt-in flags
// whose value is only compared with non-empty constants (`os.Getenv("DEBUG") == "true"`,
// strings.EqualFold, a switch on it), for `cmp.Or`, for
// `if v == "" { v = ... }` and for helpers that return a fallback. An Invoke records where
// its FunctionName comes from: Self when it is os.Getenv("AWS_LAMBDA_FUNCTION_NAME") (also
// through variables, fields, aws.String, string building and env helpers),
// lambdacontext.FunctionName or the invocation's InvokedFunctionArn; NameField when it is
// read from a struct field that the package does not assign (the package that wires the
// struct answers with Result.SelfNameField).
//
// # What the cross-layer checks read
//
// The checks that compare a handler with the template that deploys it (package
// crosslayer, through analyzers/program) need more than the Go rules (crosslayer.go,
// target.go, budget.go): a Write to S3, SQS, SNS, Kinesis or a DynamoDB item carries the
// environment variable whose value names the resource (TargetEnv, followed through
// variables, fields, aws.String, string building and env helpers), or the struct field
// whose wiring decides (TargetField, answered by Result.FieldEnv in the package that
// assigns it), and an S3 key's pattern (TargetKey); Sleep effects and calls through an
// http.Client with a constant Timeout carry Duration; TimeBudget effects are context
// timeouts and deadlines and retry budgets (bounded loops that sleep, avast/retry-go,
// the AWS SDK's standard retryer, cenkalti/backoff) computed from the libraries'
// schedules; BatchLoop effects are range loops over a batch event's Records, whose step
// covers the loop so that the effects reached inside it can be told apart; EnvAny are
// reads of variables whose names are not known (os.Environ, computed names,
// envconfig-style libraries).
//
// # Reachability from handlers
//
// Facts flow from dependencies to dependents, so reachability is answered where a handler
// is declared or registered: the handlers analyzer takes the handler function's Summary
// (local or imported), which already holds every effect reachable from it with one path.
// Rule analyzers require the handlers analyzer and ask it (handlers.Result.Reach) for the
// effects of the kinds they care about, positioned in their package and with the path
// formatted for the message and as related information.
//
// To add an effect for a new rule: add a Kind (or reuse one with a new Op), recognize it
// in recognize.go or in scanner.effect, and fill Detail or a new field if the rule needs
// more than the operation; add a fact test in testdata. Keep facts small.
//
// # Building the handler rules on it
//
// A rule that asks "does a handler reach X" needs X as an effect and a Reach call (see
// package handlers); the trigger is re.Handler.Trigger. What the planned rules need:
//
//   - SLS101 nondeterministic-write-key: Write effects carry the operation; add the key's
//     origin (uuid, time.Now, rand, ...; or "parameter i", resolved at call edges like
//     EnvRead's Param) as a field filled in scanner.effect from the input literal, and
//     report on AtLeastOnce handlers.
//   - SLS102 non-idempotent-update: record UpdateItem's constant UpdateExpression and
//     whether a ConditionExpression is set (Detail and a flag), and SQL UPDATE text (Detail
//     already holds constant SQL).
//   - SLS103 unguarded-side-effect: Write effects for SES, SNS and payments exist; "no
//     guard before it on the path" needs an order-aware flag computed in the scanner.
//   - SLS202, SLS410, SLS411, SLS606, SLS607 (analyzers invocation and freeze) are built:
//     Setup and GlobalGrowth effects, and Effect.Exec (ExecDetail) on Network (Unbounded:
//     no client Timeout and no request context), NewContext (PassedTo, CtxName: a fresh
//     context passed to a call while a context parameter is in scope) and Goroutine
//     (Joined, Runs) effects; see exec.go and the files it names. Code that runs once per
//     execution environment (sync.Once bodies, lazy `if x == nil` initialization) drops
//     Setup, GlobalGrowth and passed contexts at the edge that leads into it; goroutines
//     nobody waits for and deferred literals drop passed contexts.
//
// # Idempotency
//
// Write effects, and Network effects of outbound HTTP, carry Effect.Idem (idempotency.go)
// for the idempotency analyzer (SLS101-SLS103):
//
//   - Keys: where the identifying parts of what is written come from — every attribute of
//     a DynamoDB item (PutItem, BatchWriteItem, TransactWriteItems) or update key, the S3
//     object key, the SQS deduplication ID, the columns of a constant SQL INSERT — as a
//     nondeterministic Source (uuid, time.Now at a finer grain than a day, rand, ksuid,
//     xid, ulid, ...) with its position, or as a parameter (or receiver) of the summarized
//     function at a field path, resolved at each call edge with the argument's origins
//     (like EnvRead's Param). Values are followed by flows.go through assignments, stores
//     into fields and map keys, string building, conversions, literals,
//     attributevalue.MarshalMap (dynamodbav tags name the attributes), the results of the
//     analyzed code's functions (a ValueFlow fact across packages) and closures' captured
//     variables. Package-level variables are set up once per environment and never count.
//   - Update, SetValues, Conditional, Condition and Table: a DynamoDB update expression and
//     condition, constant or rendered from the expression builder (update.go).
//   - NoIdempotencyKey, KeyFrom, Method: SES sends, SNS publishes without a deduplication
//     ID, stripe-go calls that create or move money without params.IdempotencyKey
//     (stripe-go calls are recognized: Write when they create or move money, Network
//     otherwise), HTTP POST/PATCH without an Idempotency-Key header (sideeffect.go).
//   - Guard and Guarded: a conditional write that fails on a second delivery is a guard;
//     an effect dominated by a guard whose failure ends processing (the rest of the block
//     after `if err := guard(); err != nil { return }`, in the function or in a caller on
//     the path) is Guarded. A function that performs a guard and fails with it has
//     ValueFlow.Guard, so guards work across packages.
//
// # Limits
//
// Calls through interfaces whose implementation is wired in another package (dependency
// injection from main) are followed only from packages that import the implementation,
// and only for interfaces of the analyzed module; calls through function values received
// as parameters are not followed; assignments in _test.go files never make a type
// evident (mocks). Reflection, method values of interface type and goroutines started by
// libraries are not seen. The standard library and third-party code are opaque: a
// third-party function that calls os.Exit is not known to exit. A deferred recover is
// assumed to cover the whole function.
package effects

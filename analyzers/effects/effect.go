package effects

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
)

// Kind classifies an effect. The zero value is not a valid kind.
type Kind uint8

// Kinds of effects. Rule analyzers select effects by kind and then by Op or Callee.
const (
	// Write is a write to a data store or message bus: DynamoDB PutItem, UpdateItem,
	// DeleteItem, BatchWriteItem, TransactWriteItems; S3 PutObject, CopyObject,
	// DeleteObject(s) and manager uploads; SQS SendMessage(Batch); SNS Publish(Batch);
	// SES/SESv2 sends; EventBridge PutEvents; Kinesis and Firehose PutRecord(s); Step
	// Functions StartExecution; SQL Exec; stripe-go calls that create or move money.
	// Detail is the SQL text when it is a constant.
	Write Kind = iota + 1
	// Network is other network I/O: HTTP requests, dials, SQL queries, every other AWS SDK
	// operation (including paginators and waiters).
	Network
	// Invoke is a Lambda Invoke, InvokeAsync or InvokeWithResponseStream. Self says
	// whether FunctionName is the running function's own name, Detail says where that
	// name comes from (or the constant name invoked), NameField names the struct field
	// FunctionName was read from when its origin is unknown in the callee's package.
	Invoke
	// Sleep is time.Sleep, time.After or time.NewTimer.
	Sleep
	// Goroutine is a go statement, errgroup.Group.Go or sync.WaitGroup.Go.
	Goroutine
	// Fatal ends the process: log.Fatal*, os.Exit, syscall.Exit and the Fatal methods
	// of logrus, zap, zerolog, klog and glog.
	Fatal
	// Panic is panic, log.Panic* and the Panic methods of the logging libraries, with no
	// deferred recover on the path (see Summary).
	Panic
	// EnvRead is os.Getenv, os.LookupEnv or syscall.Getenv with a constant name (Detail).
	// HasDefault says a fallback value is given when the variable is unset.
	EnvRead
	// NewContext is context.Background() or context.TODO(): a context not derived from
	// the invocation's. CtxInScope says a context.Context parameter was in scope.
	NewContext
	// ContextCheck is ctx.Done(), ctx.Err() or ctx.Deadline() on a context.Context: the
	// code observes cancellation.
	ContextCheck
	// TimeBudget is a time the code allows or waits for, known statically (Duration): a
	// context.WithTimeout or WithDeadline, or a retry budget (a bounded loop that sleeps,
	// avast/retry-go, cenkalti/backoff, the AWS SDK's standard retryer). See budget.go.
	TimeBudget
	// BatchLoop is a range loop over the Records of a batch event (SQS, Kinesis, DynamoDB
	// streams, ...); the last step's range covers the loop, so that the effects reached
	// inside it can be told apart. See budget.go.
	BatchLoop
	// EnvAny reads environment variables whose names are not known statically: os.Environ,
	// os.Getenv with a computed name, configuration libraries that map variables onto struct
	// fields (envconfig, caarlos0/env, viper.AutomaticEnv).
	EnvAny
	// Setup is work meant to be done once per execution environment (setup.go): loading
	// SDK configuration, constructing SDK and database clients, building http.Clients and
	// Transports, compiling constant regular expressions, parsing templates. Setup inside a
	// sync.Once body or a lazy `if x == nil { x = ... }` initialization is not recorded.
	Setup
	// GlobalGrowth is an append to or an insert into a package-level slice, map or sync.Map
	// of the package (growth.go) that nothing on the package's code removes from or bounds.
	// Detail names the variable; the cause's Step names its package.
	GlobalGrowth
	// Dynamic is a call through a method of an interface declared in the analyzed module
	// whose implementation is not evident where the call is made (ports and adapters wired
	// in main): Detail is the interface ("pkg/path.Notifier"), Op "Notifier.Publish".
	// Result.Resolve replaces it with the effects of the implementations visible from the
	// package that registers the handler; one left is a call nothing is known about.
	Dynamic
)

var kindNames = [...]string{"", "write", "network", "invoke", "sleep", "goroutine", "fatal", "panic", "env", "new-context", "context-check",
	"time-budget", "batch-loop", "env-any", "setup", "global-growth", "dynamic"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// IO reports whether an effect of kind k talks to another system.
func (k Kind) IO() bool { return k == Write || k == Network || k == Invoke }

// A Position is a source range stored in a fact. Facts cannot carry token.Pos: in
// separate-process drivers (go vet, nogo) a dependency's files are not in the FileSet.
type Position struct {
	File            string // absolute file name, as in the FileSet
	Line, Col       int    // 1-based
	EndLine, EndCol int
}

// Short is "dir/file.go:44": the file's directory name, base name and line, as messages
// show it.
func (p Position) Short() string {
	if p.File == "" {
		return "?"
	}
	dir := filepath.Base(filepath.Dir(p.File))
	name := filepath.Base(p.File)
	if dir != "." && dir != string(filepath.Separator) {
		name = dir + "/" + name
	}
	return fmt.Sprintf("%s:%d", name, p.Line)
}

func positionOf(fset *token.FileSet, pos, end token.Pos) Position {
	p := fset.Position(pos)
	e := fset.Position(end)
	out := Position{File: p.Filename, Line: p.Line, Col: p.Column}
	if e.IsValid() && e.Filename == p.Filename {
		out.EndLine, out.EndCol = e.Line, e.Column
	}
	return out
}

// A Step is one call on a witness path.
type Step struct {
	// Callee is the display name of what is called: "process", "Store.Save",
	// "Handle.func1" (a function literal), or for the last step the effect's operation
	// ("log.Fatal", "dynamodb.PutItem").
	Callee string
	// Pkg and PkgPath are the callee's package name and path ("" for builtins and
	// statements), so that messages qualify functions of other packages.
	Pkg, PkgPath string
	// At is the call, function-value reference, closure or statement in the caller.
	At Position
	// Go says this step starts a goroutine.
	Go bool
}

// An Effect is one thing a function does, directly or through its callees, with one
// witness path from the summarized function to the cause.
type Effect struct {
	Kind Kind
	// Op is the operation's display name: "log.Fatal", "os.Exit", "panic",
	// "dynamodb.PutItem", "lambda.Invoke", "http.Client.Do", "go statement".
	Op string
	// Callee is the full name of the function called (types.Func.FullName of its
	// origin), "" for builtins and statements.
	Callee string
	// Detail depends on Kind: the variable name (EnvRead), the SQL text (Write/Network on
	// SQL), the constant function name or the origin of the own name (Invoke), the
	// constant message of a panic.
	Detail string
	// Param is, for an EnvRead whose name is not yet known, the 1-based index of the
	// summarized function's parameter that holds the name; callers passing a constant
	// resolve it. 0 otherwise.
	Param int
	// HasDefault (EnvRead): a fallback is used when the variable is unset.
	HasDefault bool
	// Returned (EnvRead): the summarized function returns the value read. Only set on the
	// function's own effects; it does not propagate to callers.
	Returned bool
	// Self (Invoke): FunctionName is the running function's own name.
	Self bool
	// NameField (Invoke): FunctionName was read from this struct field
	// ("pkg/path.Type.field"), whose assignments are not in the callee's package; the
	// package that assigns it decides (see Result.SelfNameFields).
	NameField string
	// CtxInScope (NewContext): a context.Context parameter was in scope at the call.
	CtxInScope bool
	// Exec is what the execution-model rules need (see ExecDetail); zero otherwise.
	Exec ExecDetail
	// InGoroutine: the path starts a goroutine, so no recover of the caller applies.
	InGoroutine bool
	// Path goes from the summarized function's body to the cause; its last step is the
	// cause itself, at the effect's position.
	Path []Step
	// Idem (Write, and Network on HTTP) is what the idempotency rules need: key origins,
	// update and condition expressions, idempotency keys and guards (idempotency.go).
	Idem *Idempotency

	// What the cross-layer checks compare with the infrastructure (see target.go and
	// budget.go):

	// TargetEnv (Write to S3, SQS, SNS, Kinesis, DynamoDB items): the environment variable
	// whose value names the bucket, queue, topic, stream or table written to (os.Getenv("BUCKET") flowing into
	// Bucket); TargetField, when the value comes from a struct field the callee's package
	// does not assign ("pkg/path.Type.field"; the package that wires the struct answers with
	// Result.FieldEnv). TargetKey is the S3 object key as a pattern, "*" standing for the
	// parts not known statically ("thumbnails/*.jpg"), "" when nothing is known.
	TargetEnv, TargetField, TargetKey string
	// Duration (Sleep, TimeBudget, and Network calls through an http.Client with a
	// Timeout): the time waited or allowed, in nanoseconds; 0 when not known statically.
	Duration int64
	// AWS (a Write, Network or Invoke effect of an AWS SDK call) is the service, operation
	// and resource-naming input values of the call, for IAM (aws.go).
	AWS *AWSCall
	// Impl is set by Result.Resolve on the effects it finds through a Dynamic call: the
	// package path of the implementation the outermost such call on the path was resolved
	// to. Summaries never carry it.
	Impl string
}

// At is the cause's position.
func (e *Effect) At() Position {
	if len(e.Path) == 0 {
		return Position{}
	}
	return e.Path[len(e.Path)-1].At
}

// key identifies an effect in a summary: one witness per cause site and kind.
func (e *Effect) key() string {
	at := e.At()
	k := fmt.Sprintf("%d\x00%s\x00%s\x00%d\x00%s:%d:%d\x00%s\x00%s", e.Kind, e.Op, e.Detail, e.Param, at.File, at.Line, at.Col, e.NameField, e.Idem.key())
	if e.Kind == Setup || e.Kind == GlobalGrowth && e.Exec.Memo {
		// A value taken from the event on one path and fixed on another: both witnesses.
		k += fmt.Sprintf("\x00from%d^%d", e.Exec.FromParam, e.Exec.FromDepth)
	}
	return k
}

// Chain formats the path as "root → process → Store.Save → dynamodb.PutItem", qualifying
// functions of packages other than pkgPath with their package name.
func (e *Effect) Chain(root, pkgPath string) string {
	var b strings.Builder
	b.WriteString(root)
	for i, s := range e.Path {
		b.WriteString(" → ")
		if s.Go {
			b.WriteString("go ")
		}
		if i < len(e.Path)-1 && s.PkgPath != "" && s.PkgPath != pkgPath && s.Pkg != "" && !strings.Contains(s.Callee, ".") {
			b.WriteString(s.Pkg + ".")
		}
		b.WriteString(s.Callee)
	}
	return b.String()
}

func (e *Effect) String() string {
	var b strings.Builder
	b.WriteString(e.Kind.String())
	b.WriteByte(' ')
	b.WriteString(e.Op)
	if e.Detail != "" {
		fmt.Fprintf(&b, " %q", e.Detail)
	}
	if e.Param > 0 {
		fmt.Fprintf(&b, " param%d", e.Param)
	}
	if e.HasDefault {
		b.WriteString(" default")
	}
	if e.Returned {
		b.WriteString(" returned")
	}
	if e.Self {
		b.WriteString(" self")
	}
	if e.NameField != "" {
		b.WriteString(" field " + e.NameField)
	}
	if e.InGoroutine {
		b.WriteString(" in-goroutine")
	}
	if e.Idem != nil {
		if s := e.Idem.String(); s != "" {
			b.WriteString(" [" + s + "]")
		}
	}
	b.WriteString(e.crossString())
	if e.Exec.Memo {
		b.WriteString(" memo")
	}
	switch {
	case e.Exec.FromParam > 0 && e.Exec.FromDepth > 0:
		fmt.Fprintf(&b, " from param%d^%d", e.Exec.FromParam, e.Exec.FromDepth)
	case e.Exec.FromParam > 0:
		fmt.Fprintf(&b, " from param%d", e.Exec.FromParam)
	case e.Exec.FromParam < 0:
		b.WriteString(" from ?")
	}
	if len(e.Path) > 1 {
		b.WriteString(" via ")
		for i, s := range e.Path[:len(e.Path)-1] {
			if i > 0 {
				b.WriteString(">")
			}
			b.WriteString(s.Callee)
		}
	}
	return b.String()
}

// A Summary is the fact exported for every function of an analyzed package that has an
// effect, directly or through its callees.
type Summary struct {
	// Effects are the function's effects with one witness path each, sorted by kind,
	// path length and position; at most MaxPerKind per kind.
	Effects []Effect
	// Recovers says the function calls recover() directly, so that `defer f()` stops
	// panics in the deferring function.
	Recovers bool
	// Returned are the effects of the function values the function returns (handler
	// factories: `lambda.Start(newHandler(deps))` runs what newHandler returns, not
	// newHandler's own set-up code). Paths start at the returned function value.
	Returned []Effect
}

// AFact marks Summary as a fact.
func (*Summary) AFact() {}

func (s *Summary) String() string {
	var parts []string
	for i := range s.Effects {
		parts = append(parts, s.Effects[i].String())
	}
	out := "effects(" + strings.Join(parts, "; ") + ")"
	if s.Recovers {
		out += " recovers"
	}
	if len(s.Returned) > 0 {
		var rs []string
		for i := range s.Returned {
			rs = append(rs, s.Returned[i].String())
		}
		out += " returns(" + strings.Join(rs, "; ") + ")"
	}
	return out
}

// Has reports whether the summary has an effect of kind k.
func (s *Summary) Has(k Kind) bool {
	if s == nil {
		return false
	}
	for i := range s.Effects {
		if s.Effects[i].Kind == k {
			return true
		}
	}
	return false
}

// Init is the package fact of an analyzed package whose initialization (package-level
// variable initializers and init functions, and those of the analyzed packages it
// imports) has effects. Paths start at the initializing function or at "init" for
// variable initializers.
type Init struct {
	Effects []Effect
}

// AFact marks Init as a fact.
func (*Init) AFact() {}

func (f *Init) String() string {
	var parts []string
	for i := range f.Effects {
		parts = append(parts, f.Effects[i].String())
	}
	return "init(" + strings.Join(parts, "; ") + ")"
}

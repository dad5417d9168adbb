package crosslayer

import (
	"time"

	"github.com/slslint/slslint/iac/model"
)

// A Program is the Go half of a function: one main package, the handler it registers and
// what that handler can do, in the terms the cross-layer checks compare with the
// function's template. The analyzer in analyzers/program builds it; the engine makes its
// file names repository-relative (Relativize).
type Program struct {
	// Path is the package's import path; Dir its directory, relative to the repository
	// root once relativized.
	Path, Dir string
	// File is set for a standalone program, one of a folder of main files built one by one
	// (go build -o bin/create todos/create.go): its main file, relative to the repository
	// root once relativized. Dir then holds several programs.
	File string
	// Entries are the Lambda entry points the package registers (lambda.Start and its
	// variants, lambdaurl, api-proxy adapters). The handler checks need exactly one.
	Entries []*Entry
	// Env are the environment variables the program reads by constant name (start-up
	// code, main and everything its handlers reach).
	Env []EnvRead
	// EnvOpaque are reads of variables whose names are not known statically (os.Environ,
	// a computed name, envconfig): when there is one, no variable can be said to be unused.
	EnvOpaque []Site
	// Unresolved are calls the program can make whose code is not known: methods of the
	// module's interfaces with no implementation (or too many) in the binary's view.
	// While there is one, no variable can be said to be unused either: the code behind it
	// may read it.
	Unresolved []Site
	// Startup is the blocking start-up work SLS201 reports for the binary.
	Startup []Site
	// Budgets are times configured at start-up that apply to the handler's calls: retry
	// budgets of the AWS SDK's retryer configured in main.
	Budgets []Budget
	// AWSCalls are the AWS SDK calls the program can make, at start-up and from its
	// handlers, once per call site: what its role must allow.
	AWSCalls []AWSCall
	// AWSIncomplete says why the calls may not all be known: calls into dependencies that
	// use the AWS SDK themselves, calls through interfaces whose implementation is not
	// known (Unresolved), or more calls than a summary keeps. "" when they are.
	AWSIncomplete string
}

// An AWSCall is an AWS SDK call the program can make.
type AWSCall struct {
	// Package is the SDK service package ("dynamodb"), Operation the API operation
	// ("PutItem"); V1 is set for aws-sdk-go v1. Manager is the S3 transfer manager call
	// ("Upload", "Download") when it is one.
	Package, Operation string
	V1                 bool
	Manager            string
	// Fields are the resource-naming fields the input type has; Seen says the input is in
	// sight, so that a field without a value is not set; Values are the values found.
	Fields []string
	Seen   bool
	Values []FieldValue
	// Startup says the call is made at start-up (main, package initialization).
	Startup bool
	At      model.Range
	Chain   string
}

// Has reports whether the call's input type has the named field.
func (c *AWSCall) Has(field string) bool {
	for _, f := range c.Fields {
		if f == field {
			return true
		}
	}
	return false
}

// ValuesOf returns the values the call gives a field (or nested path).
func (c *AWSCall) ValuesOf(path string) [][]ValuePart {
	var out [][]ValuePart
	for _, v := range c.Values {
		if v.Path == path {
			out = append(out, v.Parts)
		}
	}
	return out
}

// A FieldValue is a value a call's input gives a field: Path is the field or a path into
// nested values ("TransactItems.Put.TableName", "Entries.EventBusName").
type FieldValue struct {
	Path  string
	Parts []ValuePart
}

// A ValuePart is a piece of a string value: literal text, an environment variable's value,
// or a piece that is not known.
type ValuePart struct {
	Lit     string
	Env     string
	Unknown bool
}

// An EnvRead is an environment variable the program reads.
type EnvRead struct {
	Name       string
	HasDefault bool
	At         model.Range
}

// A Site is a place in the code and what happens there.
type Site struct {
	At   model.Range
	What string
}

// Answer is a three-valued answer: the code may not tell.
type Answer int

// Answers.
const (
	Unknown Answer = iota
	Yes
	No
)

// An Entry is one Lambda handler of a program.
type Entry struct {
	// Name is the handler's display name ("handle", "worker.handle", "HTTP routes").
	Name string
	// At is the registration (the lambda.Start call), Decl the handler's declaration.
	At, Decl model.Range
	// Event and Response are the handler's event and response types with full package
	// paths ("github.com/aws/aws-lambda-go/events.SQSEvent"); "" when unknown or absent.
	Event, Response string
	// BatchResponse says whether the response reports batch item failures
	// (events.SQSEventResponse and the like, or a struct with a batchItemFailures field).
	BatchResponse Answer
	// Writes are the writes to S3, SQS, SNS and Kinesis the handler can reach.
	Writes []Write
	// Budgets are the times the handler's code waits or allows: sleeps, context timeouts,
	// http.Client timeouts, retry budgets.
	Budgets []Budget
	// Loops are the handler's loops over the records of a batch event.
	Loops []Loop
	// ReadsDeadline says the handler reads the invocation's deadline (ctx.Deadline()).
	ReadsDeadline bool
	// NonIdempotent is the evidence of SLS101–SLS103: non-idempotent writes and side
	// effects the handler can reach. Empty until an analyzer provides it (see
	// analyzers/program).
	NonIdempotent []Evidence
}

// A Write is a write to a resource named through an environment variable.
type Write struct {
	// Op is the operation ("sqs.SendMessage"); Env the variable whose value names the
	// resource ("" when not known); Key the S3 object key pattern ("thumbnails/*").
	Op, Env, Key string
	At           model.Range
	// Chain is the call path from the handler ("handle → process → sqs.SendMessage").
	Chain string
}

// A Budget is a time the code waits or allows.
type Budget struct {
	// Op is what sets it ("context.WithTimeout", "http.Client.Do", "time.Sleep", "loop",
	// "retry.Do"); What describes it for messages ("context.WithTimeout",
	// "retry budget of retry.Do").
	Op, What string
	Duration time.Duration
	At       model.Range
	Chain    string
}

// A Loop is a loop over a batch event's records.
type Loop struct {
	// Event is the event type ("events.SQSEvent").
	Event string
	At    model.Range
	// PerItem is the longest known time one round can take (the longest budget reached
	// inside the loop), nil when none is known.
	PerItem *Budget
	Chain   string
}

// Evidence is one non-idempotent write or side effect of a handler.
type Evidence struct {
	// Rule is the Go rule whose evidence it is ("SLS101"); Op the operation; Reason says
	// what makes it non-idempotent ("key built from uuid.NewString()").
	Rule, Op, Reason string
	At               model.Range
	Chain            string
}

// Key is what links lead to: the program's file for a standalone program, else its
// package's directory.
func (p *Program) Key() string {
	if p.File != "" {
		return p.File
	}
	return p.Dir
}

// Relativize rewrites every file name of the program with rel (absolute to repository
// relative); a range whose file rel refuses (outside the repository) becomes zero.
func (p *Program) Relativize(rel func(abs string) (string, bool)) {
	fix := func(r *model.Range) {
		if r.File == "" {
			return
		}
		if f, ok := rel(r.File); ok {
			r.File = f
		} else {
			*r = model.Range{}
		}
	}
	if d, ok := rel(p.Dir); ok {
		p.Dir = d
	}
	if p.File != "" {
		if f, ok := rel(p.File); ok {
			p.File = f
		}
	}
	for i := range p.Env {
		fix(&p.Env[i].At)
	}
	for _, list := range [][]Site{p.EnvOpaque, p.Unresolved, p.Startup} {
		for i := range list {
			fix(&list[i].At)
		}
	}
	for i := range p.Budgets {
		fix(&p.Budgets[i].At)
	}
	for i := range p.AWSCalls {
		fix(&p.AWSCalls[i].At)
	}
	for _, e := range p.Entries {
		fix(&e.At)
		fix(&e.Decl)
		for i := range e.Writes {
			fix(&e.Writes[i].At)
		}
		for i := range e.Budgets {
			fix(&e.Budgets[i].At)
		}
		for i := range e.Loops {
			fix(&e.Loops[i].At)
			if e.Loops[i].PerItem != nil {
				fix(&e.Loops[i].PerItem.At)
			}
		}
		for i := range e.NonIdempotent {
			fix(&e.NonIdempotent[i].At)
		}
	}
}

// Package program defines the analyzer that describes a function binary for the
// cross-layer checks: what a main package registers, what its handler can do, and what
// its program reads from the environment.
//
// # Analyzer program
//
// program: describe each main package's Lambda handler, writes, time budgets, batch loops and environment reads for the cross-layer checks
//
// The analyzer reports nothing. For a main package it returns a *Result holding a
// crosslayer.Program: the Lambda entry points the package registers (lambda.Start and its
// variants, lambdaurl, aws-lambda-go-api-proxy adapters, with the HTTP routes they serve)
// with their event and response types; for each entry, the writes to S3, SQS, SNS and
// Kinesis its code can reach and the environment variable that names the resource
// written (a struct field wired in main is resolved here, with effects.Result.FieldEnv),
// the times its code waits or allows (sleeps, context timeouts, http.Client timeouts,
// retry budgets), its loops over batch records with the longest time one round is known
// to take, and whether it reads the invocation's deadline; the environment variables the
// program reads by name and the reads of variables whose names are not known; and the
// blocking start-up work the coldstart analyzer finds (SLS201).
//
// File names are absolute; the slslint engine makes them relative to the repository and
// links each program to the functions of the templates (package crosslayer).
//
// # Non-idempotent evidence
//
// SLS126 at-least-once-without-idempotency needs, per handler, the non-idempotent writes
// and side effects that SLS101–SLS103 find. NewWithEvidence takes the analyzer whose Result
// implements EvidenceSource; New uses none, and Entry.NonIdempotent stays empty.
package program

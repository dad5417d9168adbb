package cdk_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/cdk"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/internal/engine"
)

// benchApp writes a CDK app of 50 constructs: ten services, each a queue, a table, a
// function reading the queue (an event source) and writing the table (a grant), built by a
// construct of the app's own. It reuses the shop app's go.mod and go.sum.
func benchApp(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	for _, f := range []string{"go.mod", "go.sum", "cdk.json"} {
		data, err := os.ReadFile(filepath.Join("testdata/shop", f))
		if err != nil {
			b.Fatal(err)
		}
		if f == "go.mod" {
			// The bench app does not use the alpha module's stand-in.
			var keep []string
			for _, line := range strings.Split(string(data), "\n") {
				if !strings.Contains(line, "awscdklambdagoalpha") {
					keep = append(keep, line)
				}
			}
			data = []byte(strings.Join(keep, "\n"))
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var services strings.Builder
	for i := range 10 {
		fmt.Fprintf(&services, "\tnewService(stack, \"Service%d\", %d)\n", i, 10+i)
	}
	src := `package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

func newService(scope constructs.Construct, id string, timeout float64) {
	this := constructs.NewConstruct(scope, &id)
	queue := awssqs.NewQueue(this, jsii.String("Queue"), &awssqs.QueueProps{
		VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(timeout * 6)),
	})
	table := awsdynamodb.NewTable(this, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String("id"), Type: awsdynamodb.AttributeType_STRING},
	})
	fn := awslambda.NewFunction(this, jsii.String("Handler"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_PROVIDED_AL2023(),
		Handler: jsii.String("bootstrap"),
		Code:    awslambda.Code_FromAsset(jsii.String("bin/"+id), nil),
		Timeout: awscdk.Duration_Seconds(jsii.Number(timeout)),
	})
	fn.AddEventSource(awslambdaeventsources.NewSqsEventSource(queue, nil))
	table.GrantReadWriteData(fn)
}

func main() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Services"), nil)
` + services.String() + `	app.Synth(nil)
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkRead50 measures reading a 50-construct app, against the analysis of its module
// (a warm build cache: the export data of the CDK is built by the first run). It reports
// the read's share of the whole run as "%analysis"; the target is under 10.
func BenchmarkRead50(b *testing.B) {
	dir := benchApp(b)
	opts := engine.Options{WorkDir: dir}
	if _, err := engine.Run(context.Background(), opts); err != nil { // warm the build cache
		b.Fatal(err)
	}
	start := time.Now()
	res, err := engine.Run(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	run := time.Since(start)
	var pkgs []*goeval.Package
	for _, p := range res.Go.Roots {
		pkgs = append(pkgs, &goeval.Package{Types: p.Types, Info: p.TypesInfo, Files: p.Syntax})
	}
	rel := func(name string) (string, bool) {
		r, err := filepath.Rel(res.Root, name)
		return filepath.ToSlash(r), err == nil && !strings.HasPrefix(r, "..")
	}
	in := cdk.Input{Fset: res.Go.Fset, Packages: pkgs, Root: res.Root, Rel: rel,
		Exists: func(string) bool { return false }}
	functions := 0
	b.ResetTimer()
	for b.Loop() {
		out := cdk.Read(in)
		functions = 0
		for _, p := range out.Projects {
			functions += len(p.Functions)
		}
	}
	b.StopTimer()
	if functions != 10 {
		b.Fatalf("read %d functions, want 10", functions)
	}
	perRead := b.Elapsed() / time.Duration(b.N)
	share := 100 * float64(perRead) / float64(run-perRead)
	b.ReportMetric(share, "%analysis")
	b.ReportMetric(float64(run.Milliseconds()), "run-ms")
	if share >= 10 {
		b.Errorf("reading the app costs %.1f%% of the analysis of its module (%v of %v), want under 10%%", share, perRead, run)
	}
}

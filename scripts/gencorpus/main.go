//go:build ignore

// Command gencorpus writes generated IaC corpora for benchmarks (see internal/benchcorpus):
//
//	gencorpus -sam 1000 -out /tmp/corpus/sam
//	gencorpus -terraform 1000 -out /tmp/corpus/tf
//	gencorpus -serverless 300 -out /tmp/corpus/sls
//	gencorpus -go 20 -out /tmp/corpus/go   (go/mono: 20 modules; go/single: one module)
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/slslint/slslint/internal/benchcorpus"
)

func main() {
	sam := flag.Int("sam", 0, "number of SAM templates")
	tf := flag.Int("terraform", 0, "number of Terraform files (ten per root module)")
	sls := flag.Int("serverless", 0, "number of serverless.yml services")
	goModules := flag.Int("go", 0, "number of Go modules of one handler (and one module of as many packages)")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out is required")
		os.Exit(2)
	}
	var err error
	if *sam > 0 {
		_, err = benchcorpus.SAM(*out, *sam)
	}
	if err == nil && *tf > 0 {
		_, err = benchcorpus.Terraform(*out, *tf)
	}
	if err == nil && *sls > 0 {
		_, err = benchcorpus.Serverless(*out, *sls)
	}
	if err == nil && *goModules > 0 {
		_, _, err = benchcorpus.Go(*out, *goModules)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

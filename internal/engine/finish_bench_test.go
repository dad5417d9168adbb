package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slslint/slslint/internal/finding"
	"github.com/slslint/slslint/rules"
)

// templates for the completion and fingerprint benchmarks: a 5 MB pretty-printed CDK
// template and the same resources minified onto one line, each with non-ASCII text (so
// UTF-16 columns differ from byte columns) and findingCount findings spread over it.
const findingCount = 5000

func prettyTemplate() (src []byte, locs []finding.Location) {
	var b strings.Builder
	b.WriteString("{\n  \"Resources\": {\n")
	line := 3
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "    \"Queue%d\": {\n      \"Type\": \"AWS::SQS::Queue\",\n      \"Properties\": {\"QueueName\": \"file d’attente %d — ünïcode\"}\n    },\n", i, i)
		if len(locs) < findingCount && i%4 == 0 {
			locs = append(locs, finding.Location{Path: "cdk.out/Stack.template.json", Line: line + 2, Column: 21})
		}
		line += 4
	}
	b.WriteString("    \"End\": {\"Type\": \"AWS::SNS::Topic\"}\n  }\n}\n")
	return []byte(b.String()), locs
}

func minifiedTemplate() (src []byte, locs []finding.Location) {
	var b strings.Builder
	b.WriteString(`{"Resources":{`)
	for i := 0; b.Len() < 5<<20; i++ {
		col := b.Len() + 1
		fmt.Fprintf(&b, `"Queue%d":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"file d’attente %d — ünïcode"}},`, i, i)
		if len(locs) < findingCount && i%8 == 0 {
			locs = append(locs, finding.Location{Path: "cdk.out/Stack.template.json", Line: 1, Column: col, EndLine: 1, EndColumn: col + 8})
		}
	}
	b.WriteString(`"End":{"Type":"AWS::SNS::Topic"}}}`)
	return []byte(b.String()), locs
}

// BenchmarkFinishFindings measures what the engine does with every finding once it has
// them all: complete its region (line end, UTF-16 columns) and fingerprint it. Before
// line starts and UTF-16 checkpoints were indexed once per file, both rescanned the file
// (or the one long line of a minified template) for every finding.
func BenchmarkFinishFindings(b *testing.B) {
	for _, tc := range []struct {
		name string
		gen  func() ([]byte, []finding.Location)
	}{
		{"pretty-5MB", prettyTemplate},
		{"minified-5MB", minifiedTemplate},
	} {
		src, locs := tc.gen()
		b.Run(tc.name, func(b *testing.B) {
			b.ReportMetric(float64(len(locs)), "findings")
			for b.Loop() {
				s := &runState{sources: &sourceCache{files: map[string][]byte{locs[0].Path: src}, lineStarts: map[string][]int{}}}
				fs := make([]*finding.Finding, len(locs))
				for i, l := range locs {
					fs[i] = &finding.Finding{Rule: rules.QueueNoRedrive, Location: l, Message: "queue has no redrive policy"}
					s.complete(&fs[i].Location)
				}
				finding.Sort(fs)
				finding.Fingerprints(fs, s.sources.get)
			}
		})
	}
}

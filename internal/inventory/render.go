package inventory

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/slslint/slslint/internal/safetext"
	"github.com/slslint/slslint/rules"
)

// Formats maps the inventory's format names to their writers.
var Formats = map[string]func(io.Writer, *Inventory, string) error{
	"text":     Text,
	"markdown": Markdown,
	"mermaid":  Mermaid,
	"json":     JSON,
}

// FormatNames lists the format names in a stable order.
func FormatNames() []string { return sortedKeys(Formats) }

// projects groups the functions by project, in order.
func (inv *Inventory) projects() [][]*Function {
	var out [][]*Function
	for _, f := range inv.Functions {
		if n := len(out); n > 0 && out[n-1][0].Project == f.Project {
			out[n-1] = append(out[n-1], f)
			continue
		}
		out = append(out, []*Function{f})
	}
	return out
}

var formatNames = map[string]string{"cloudformation": "CloudFormation/SAM", "terraform": "Terraform", "serverless": "Serverless Framework",
	"cdk": "AWS CDK", "pulumi": "Pulumi"}

// columns are the table's headings.
var columns = []string{"Function", "Triggers", "Runtime", "Memory", "Timeout", "Concurrency", "Worst case", "Retries and failures", "Code", "Findings"}

// cells renders a function as the table's cells.
func (f *Function) cells() []string {
	var triggers []string
	for _, t := range f.Triggers {
		s := t.Kind + " " + t.Source
		if t.BatchSize != nil {
			s += fmt.Sprintf(" (batch %d)", *t.BatchSize)
		}
		triggers = append(triggers, strings.TrimSpace(s))
	}
	runtime := orUnknown(f.Runtime)
	if f.Architecture != "" {
		runtime += " " + f.Architecture
	}
	memory, timeout, concurrency := "?", "?", "?"
	if f.MemoryMB != nil {
		memory = fmt.Sprintf("%d MB", *f.MemoryMB)
	}
	if f.TimeoutSeconds != nil {
		timeout = fmt.Sprintf("%d s", *f.TimeoutSeconds)
	}
	switch {
	case f.ReservedConcurrency != nil:
		concurrency = fmt.Sprint(*f.ReservedConcurrency)
	case f.ConcurrencyUnset:
		concurrency = "none"
	}
	cost := "?"
	if f.WorstCase != nil {
		cost = fmt.Sprintf("$%.2f/h", f.WorstCase.HourlyUSD)
	}
	return []string{f.ID, orDash(strings.Join(triggers, ", ")), runtime, memory, timeout, concurrency, cost,
		orDash(strings.Join(f.Failures, "; ")), f.code(), f.findings()}
}

func (f *Function) code() string {
	l := f.Link
	if l.Package == "" {
		return "not linked"
	}
	s := "./" + l.Package
	if l.Handler != "" {
		s += " " + l.Handler
		if l.Event != "" {
			s += fmt.Sprintf(" (%s → %s)", l.Event, orDash(l.Response))
		}
	}
	switch {
	case l.Inferred:
		s += " [inferred by name]"
	case !l.Analyzed:
		s += " [not analyzed]"
	}
	return s
}

// permissionsText summarizes what the function's code needs of its role: "" when the
// function is not linked to analyzed code.
func (f *Function) permissionsText() string {
	p := f.Permissions
	if p == nil {
		return ""
	}
	s := "needs " + orDash(strings.Join(p.Needed, ", "))
	if len(p.Missing) > 0 {
		s += "; the role lacks " + strings.Join(p.Missing, ", ")
	}
	if !p.Complete {
		s += " (the code's AWS calls are not all known)"
	}
	return s
}

func (f *Function) findings() string {
	if len(f.Findings) == 0 {
		return "-"
	}
	var parts []string
	for _, id := range sortedKeys(f.Findings) {
		if n := f.Findings[id]; n > 1 {
			parts = append(parts, fmt.Sprintf("%s×%d", id, n))
		} else {
			parts = append(parts, id)
		}
	}
	return strings.Join(parts, " ")
}

// linkNotes explains each link: how it was found, or why there is none.
func (f *Function) linkNote() string {
	l := f.Link
	switch {
	case l.Package != "" && l.Reason != "":
		return f.ID + ": " + l.Via + "; " + l.Reason
	case l.Package != "":
		return f.ID + ": " + l.Via
	case l.Reason != "":
		return f.ID + ": not linked: " + l.Reason
	}
	return f.ID + ": not linked"
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// textWidth is the width the text format fits in: a terminal, a CI log.
const textWidth = 120

// Text writes each project's functions as records that fit 120 columns, one line per
// attribute, wrapping long values under themselves:
//
//	template.yaml (CloudFormation/SAM)
//
//	WorkerFunction
//	  triggers  sqs OrdersQueue (batch 10)
//	  settings  provided.al2023 arm64, 256 MB, timeout 30 s, concurrency 5, worst case $0.06/h
//	  ...
//
// TextWide writes the same as one wide table per project.
func Text(w io.Writer, inv *Inventory, _ string) error {
	bw := bufio.NewWriter(w)
	if len(inv.Functions) == 0 {
		bw.WriteString("No functions found.\n")
		return bw.Flush()
	}
	for i, group := range inv.projects() {
		if i > 0 {
			bw.WriteString("\n")
		}
		fmt.Fprintf(bw, "%s (%s)\n", safetext.Line(group[0].Project), formatNames[group[0].Format])
		for _, f := range group {
			c := f.cells()
			settings := fmt.Sprintf("%s, %s, timeout %s, concurrency %s, worst case %s", c[2], c[3], c[4], c[5], c[6])
			bw.WriteString("\n" + safetext.Line(f.ID) + "\n")
			fields := [][2]string{
				{"triggers", c[1]}, {"settings", settings}, {"failures", c[7]}, {"code", c[8]},
				{"linked", strings.TrimPrefix(f.linkNote(), f.ID+": ")},
			}
			if iam := f.permissionsText(); iam != "" {
				fields = append(fields, [2]string{"iam", iam})
			}
			fields = append(fields, [2]string{"findings", c[9]})
			for _, field := range fields {
				writeWrapped(bw, fmt.Sprintf("  %-9s ", field[0]), safetext.Line(field[1]), textWidth)
			}
		}
	}
	return bw.Flush()
}

// writeWrapped writes prefix and text, breaking text at spaces so that no line is wider
// than width where it can be helped; continuation lines are indented under the text.
func writeWrapped(bw *bufio.Writer, prefix, text string, width int) {
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	line, col := prefix, utf8.RuneCountInString(prefix)
	for i, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		if i > 0 && col+1+n > width {
			bw.WriteString(line + "\n")
			line, col = indent+word, len(indent)+n
			continue
		}
		if i > 0 {
			line += " "
			col++
		}
		line += word
		col += n
	}
	bw.WriteString(line + "\n")
}

// TextWide writes one table per project with every column, then how each function was
// linked to its code: for wide terminals and for tools that split columns.
func TextWide(w io.Writer, inv *Inventory, _ string) error {
	bw := bufio.NewWriter(w)
	if len(inv.Functions) == 0 {
		bw.WriteString("No functions found.\n")
		return bw.Flush()
	}
	for i, group := range inv.projects() {
		if i > 0 {
			bw.WriteString("\n")
		}
		fmt.Fprintf(bw, "%s (%s)\n\n", safetext.Line(group[0].Project), formatNames[group[0].Format])
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(columns, "\t")))
		for _, f := range group {
			cells := f.cells()
			for i := range cells {
				cells[i] = safetext.Line(cells[i])
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		bw.WriteString("\nCode links:\n")
		for _, f := range group {
			bw.WriteString("  " + safetext.Line(f.linkNote()) + "\n")
		}
	}
	return bw.Flush()
}

// Markdown writes the picture and one table per project, for a README or a pull request.
func Markdown(w io.Writer, inv *Inventory, _ string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("## Serverless inventory\n\n")
	if len(inv.Functions) == 0 {
		bw.WriteString("No functions found.\n")
		return bw.Flush()
	}
	bw.WriteString("```mermaid\n")
	writeMermaid(bw, inv)
	bw.WriteString("```\n")
	for _, group := range inv.projects() {
		fmt.Fprintf(bw, "\n### %s (%s)\n\n", markdownCell(group[0].Project), formatNames[group[0].Format])
		bw.WriteString("| " + strings.Join(columns, " | ") + " |\n")
		bw.WriteString("|" + strings.Repeat("---|", len(columns)) + "\n")
		for _, f := range group {
			cells := f.cells()
			for i := range cells {
				cells[i] = markdownCell(cells[i])
			}
			bw.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
		bw.WriteString("\nCode links:\n\n")
		for _, f := range group {
			bw.WriteString("- " + markdownCell(f.linkNote()) + "\n")
		}
	}
	return bw.Flush()
}

func markdownCell(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(safetext.Line(s))
}

// Mermaid writes the picture as a mermaid flowchart: per project, the sources that
// trigger each function, and the resources its code and role write to; functions with
// findings are coloured by their most severe level and list the rules.
func Mermaid(w io.Writer, inv *Inventory, _ string) error {
	bw := bufio.NewWriter(w)
	writeMermaid(bw, inv)
	return bw.Flush()
}

// Picture is the mermaid flowchart as a string, for the GitHub step summary.
func Picture(inv *Inventory) string {
	if inv == nil || len(inv.Functions) == 0 {
		return ""
	}
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	writeMermaid(bw, inv)
	_ = bw.Flush()
	return b.String()
}

func writeMermaid(bw *bufio.Writer, inv *Inventory) {
	bw.WriteString("flowchart LR\n")
	bw.WriteString("  classDef fn fill:#eef,stroke:#557\n")
	bw.WriteString("  classDef error fill:#fdd,stroke:#c00,stroke-width:2px\n")
	bw.WriteString("  classDef warning fill:#ffe9c2,stroke:#c80,stroke-width:2px\n")
	bw.WriteString("  classDef note fill:#e3f0ff,stroke:#369\n")
	for i, group := range inv.projects() {
		p := fmt.Sprintf("p%d", i+1)
		fmt.Fprintf(bw, "  subgraph %s[\"%s\"]\n", p, mermaidText(group[0].Project+" ("+formatNames[group[0].Format]+")"))
		bw.WriteString("    direction LR\n")
		nodes := map[string]bool{}
		resource := func(name string) string {
			id := p + "_r_" + mermaidID(name)
			if !nodes[id] {
				nodes[id] = true
				fmt.Fprintf(bw, "    %s([\"%s\"])\n", id, mermaidText(name))
			}
			return id
		}
		for _, f := range group {
			id := p + "_f_" + mermaidID(f.ID)
			label := mermaidText(f.ID)
			if f.Link.Package != "" {
				label += "<br/>./" + mermaidText(f.Link.Package)
				if f.Link.Inferred {
					label += " (inferred)"
				}
			}
			if len(f.Findings) > 0 {
				label += "<br/>⚠ " + mermaidText(strings.ReplaceAll(f.findings(), "×", " x"))
			}
			class := "fn"
			switch f.Level {
			case rules.Error, rules.Warning, rules.Note:
				class = string(f.Level)
			}
			fmt.Fprintf(bw, "    %s[\"%s\"]:::%s\n", id, label, class)
			for _, t := range f.Triggers {
				src := t.Source
				if src == "" {
					src = t.Kind
				}
				fmt.Fprintf(bw, "    %s -->|%s| %s\n", resource(src), mermaidText(t.Kind), id)
			}
			for _, wr := range f.Writes {
				fmt.Fprintf(bw, "    %s -.->|%s| %s\n", id, wr.By, resource(wr.Resource))
			}
		}
		bw.WriteString("  end\n")
	}
}

// mermaidID makes a node ID from a name.
func mermaidID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// mermaidText escapes a label for a quoted mermaid string.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "|", "#124;").Replace(safetext.Line(s))
}

// The JSON form (docs/schemas/inventory.schema.json).
type jsonInventory struct {
	Version   int            `json:"version"`
	Tool      jsonTool       `json:"tool"`
	Functions []jsonFunction `json:"functions"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonLocation struct {
	Path   string `json:"path"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonFunction struct {
	Project             string         `json:"project"`
	Format              string         `json:"format"`
	ID                  string         `json:"id"`
	Name                *string        `json:"name"`
	Location            jsonLocation   `json:"location"`
	Runtime             *string        `json:"runtime"`
	Architecture        *string        `json:"architecture"`
	MemoryMB            *int           `json:"memoryMB"`
	TimeoutSeconds      *int           `json:"timeoutSeconds"`
	ReservedConcurrency *int           `json:"reservedConcurrency"`
	ConcurrencyUnset    bool           `json:"concurrencyUnset"`
	WorstCase           *jsonWorstCase `json:"worstCase"`
	Triggers            []jsonTrigger  `json:"triggers"`
	Failures            []string       `json:"failures"`
	Code                jsonCode       `json:"code"`
	Writes              []jsonWrite    `json:"writes"`
	Permissions         *jsonPerms     `json:"permissions"`
	Findings            map[string]int `json:"findings"`
	Level               *string        `json:"level"`
}

type jsonWorstCase struct {
	HourlyUSD         float64 `json:"hourlyUSD"`
	Concurrency       int     `json:"concurrency"`
	ConcurrencySource string  `json:"concurrencySource"`
	MemoryGB          float64 `json:"memoryGB"`
	PricePerGBSecond  float64 `json:"pricePerGBSecond"`
	Architecture      string  `json:"architecture"`
}

type jsonTrigger struct {
	Kind      string       `json:"kind"`
	Name      string       `json:"name"`
	Source    string       `json:"source"`
	Location  jsonLocation `json:"location"`
	BatchSize *int         `json:"batchSize"`
}

type jsonCode struct {
	Package    *string `json:"package"`
	ImportPath *string `json:"importPath"`
	Handler    *string `json:"handler"`
	Event      *string `json:"event"`
	Response   *string `json:"response"`
	Inferred   bool    `json:"inferred"`
	Analyzed   bool    `json:"analyzed"`
	Via        *string `json:"via"`
	Reason     *string `json:"reason"`
}

type jsonPerms struct {
	Needed   []string `json:"needed"`
	Granted  []string `json:"granted"`
	Missing  []string `json:"missing"`
	Complete bool     `json:"complete"`
}

type jsonWrite struct {
	Resource string `json:"resource"`
	By       string `json:"by"`
}

func jsonPermissions(p *Permissions) *jsonPerms {
	if p == nil {
		return nil
	}
	return &jsonPerms{Needed: p.Needed, Granted: p.Granted, Missing: p.Missing, Complete: p.Complete}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// JSON writes the inventory in the documented, versioned schema.
func JSON(w io.Writer, inv *Inventory, toolVersion string) error {
	out := jsonInventory{Version: Version, Tool: jsonTool{Name: "slslint", Version: toolVersion}, Functions: []jsonFunction{}}
	for _, f := range inv.Functions {
		jf := jsonFunction{
			Project: f.Project, Format: f.Format, ID: f.ID, Name: optional(f.Name),
			Location: jsonLocation{Path: f.At.Path, Line: f.At.Line, Column: f.At.Column},
			Runtime:  optional(f.Runtime), Architecture: optional(f.Architecture),
			MemoryMB: f.MemoryMB, TimeoutSeconds: f.TimeoutSeconds, ReservedConcurrency: f.ReservedConcurrency,
			ConcurrencyUnset: f.ConcurrencyUnset,
			Triggers:         []jsonTrigger{}, Failures: append([]string{}, f.Failures...), Writes: []jsonWrite{},
			Findings: f.Findings, Level: optional(string(f.Level)), Permissions: jsonPermissions(f.Permissions),
			Code: jsonCode{Package: optional(f.Link.Package), ImportPath: optional(f.Link.ImportPath), Handler: optional(f.Link.Handler),
				Event: optional(f.Link.Event), Response: optional(f.Link.Response), Inferred: f.Link.Inferred,
				Analyzed: f.Link.Analyzed, Via: optional(f.Link.Via), Reason: optional(f.Link.Reason)},
		}
		if wc := f.WorstCase; wc != nil {
			jf.WorstCase = &jsonWorstCase{HourlyUSD: round(wc.HourlyUSD, 6), Concurrency: wc.Concurrency, ConcurrencySource: wc.ConcurrencySource,
				MemoryGB: round(wc.MemoryGB, 6), PricePerGBSecond: wc.PricePerGBSecond, Architecture: wc.Architecture}
		}
		for _, t := range f.Triggers {
			jf.Triggers = append(jf.Triggers, jsonTrigger{Kind: t.Kind, Name: t.Name, Source: t.Source,
				Location: jsonLocation{Path: t.At.Path, Line: t.At.Line, Column: t.At.Column}, BatchSize: t.BatchSize})
		}
		for _, wr := range f.Writes {
			jf.Writes = append(jf.Writes, jsonWrite(wr))
		}
		out.Functions = append(out.Functions, jf)
	}
	sort.SliceStable(out.Functions, func(i, j int) bool {
		a, b := out.Functions[i], out.Functions[j]
		if a.Project != b.Project {
			return a.Project < b.Project
		}
		if a.Location.Path != b.Location.Path {
			return a.Location.Path < b.Location.Path
		}
		return a.Location.Line < b.Location.Line
	})
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func round(v float64, digits int) float64 {
	p := 1.0
	for range digits {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}

package cloudformation

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// loadYAML loads a template held in a string, as the file rel under a temporary root.
func loadString(t *testing.T, rel, src string) loadResult {
	t.Helper()
	return loadTemplate([]byte(src), rel, t.TempDir())
}

// toJSON renders a node tree as indented JSON: YAML templates become their JSON twins, with
// short-form intrinsics in long form.
func toJSON(n *node) string {
	var b strings.Builder
	writeNodeJSON(&b, n, 0)
	b.WriteByte('\n')
	return b.String()
}

func writeNodeJSON(b *strings.Builder, n *node, depth int) {
	ind := strings.Repeat("  ", depth)
	switch n.kind {
	case mapNode:
		if len(n.content) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i := 0; i+1 < len(n.content); i += 2 {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(ind + "  ")
			q, _ := json.Marshal(n.content[i].value)
			b.Write(q)
			b.WriteString(": ")
			writeNodeJSON(b, n.content[i+1], depth+1)
		}
		b.WriteString("\n" + ind + "}")
	case seqNode:
		if len(n.content) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, c := range n.content {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(ind + "  ")
			writeNodeJSON(b, c, depth+1)
		}
		b.WriteString("\n" + ind + "]")
	default:
		switch n.typ {
		case intType, floatType, boolType:
			b.WriteString(n.value)
		case nullType:
			b.WriteString("null")
		default:
			q, _ := json.Marshal(n.value)
			b.Write(q)
		}
	}
}

// yamlToJSON converts a YAML template to its JSON twin.
func yamlToJSON(t *testing.T, src string) string {
	t.Helper()
	n, prob := parseYAML(newText([]byte(src), "x.yaml"))
	if prob != nil {
		t.Fatalf("parse: %v", prob)
	}
	return toJSON(n)
}

var rangeRE = regexp.MustCompile(` ?@?([\w./-]+:)?\d+:\d+-\d+:\d+`)

// withoutPositions drops ranges and paths from a dump, to compare a YAML template's model
// with its JSON twin's.
func withoutPositions(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "Path =") || strings.HasPrefix(trimmed, "Files =") {
			continue
		}
		out = append(out, rangeRE.ReplaceAllString(l, ""))
	}
	return strings.Join(out, "\n")
}

// variants runs f on a YAML template and on its JSON twin.
func variants(t *testing.T, yamlSrc string, f func(t *testing.T, res loadResult)) {
	t.Helper()
	t.Run("yaml", func(t *testing.T) { f(t, loadString(t, "app/template.yaml", yamlSrc)) })
	t.Run("json", func(t *testing.T) { f(t, loadString(t, "app/template.json", yamlToJSON(t, yamlSrc))) })
}

func fn(t *testing.T, res loadResult, id string) *model.Function {
	t.Helper()
	if res.project == nil {
		t.Fatalf("no project; problems: %v", res.problems)
	}
	f, ok := res.project.Function(id)
	if !ok {
		t.Fatalf("no function %s", id)
	}
	return f
}

// at formats a range as line:col-line:col.
func at(r model.Range) string {
	return itoa(r.Line) + ":" + itoa(r.Column) + "-" + itoa(r.EndLine) + ":" + itoa(r.EndColumn)
}

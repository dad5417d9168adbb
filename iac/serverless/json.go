package serverless

import (
	"strings"

	"github.com/slslint/slslint/iac/internal/jsonsyntax"
	"github.com/slslint/slslint/iac/model"
)

// parseJSON reads a serverless.json the way the Serverless Framework does, with JSON's
// rules (JSON.parse: a repeated key keeps its first place and its last value), into the
// nodes parseYAML produces, so that variables and everything after them work alike.
func parseJSON(rel string, src []byte) parsedFile {
	li := newLineIndex(src)
	at := func(start, end int) model.Range {
		l, c := li.position(start)
		el, ec := li.position(max(start, end))
		return model.Range{File: rel, Line: l, Column: c, EndLine: el, EndColumn: ec}
	}
	v, err := jsonsyntax.Parse(src, maxDepth)
	if err != nil {
		if err.Empty {
			return parsedFile{root: &node{kind: nullNode, at: at(0, 0)}}
		}
		return parsedFile{problem: &model.Problem{Range: at(err.Offset, err.Offset+1), Message: "cannot parse JSON: " + err.Msg}}
	}
	var conv func(v *jsonsyntax.Value) *node
	conv = func(v *jsonsyntax.Value) *node {
		r := at(v.Start, v.End)
		switch v.Kind {
		case jsonsyntax.Object:
			n := &node{kind: mapNode, at: r}
			index := map[string]int{}
			for _, f := range v.Fields {
				val := conv(f.Value)
				if i, seen := index[f.Key]; seen {
					n.pairs[i].val = val
					continue
				}
				index[f.Key] = len(n.pairs)
				n.pairs = append(n.pairs, pair{key: f.Key, keyAt: at(f.KeyStart, f.KeyEnd), val: val})
			}
			return n
		case jsonsyntax.Array:
			n := &node{kind: seqNode, at: r, items: make([]*node, 0, len(v.Elems))}
			for _, e := range v.Elems {
				n.items = append(n.items, conv(e))
			}
			return n
		case jsonsyntax.String:
			n := &node{kind: scalarNode, tag: "!!str", value: v.Text, at: r}
			n.hasVars = strings.Contains(v.Text, "${") && varPattern.MatchString(v.Text)
			return n
		case jsonsyntax.Number:
			tag := "!!int"
			if strings.ContainsAny(v.Text, ".eE") {
				tag = "!!float"
			}
			return &node{kind: scalarNode, tag: tag, value: v.Text, at: r}
		case jsonsyntax.Bool:
			return &node{kind: scalarNode, tag: "!!bool", value: v.Text, at: r}
		}
		return &node{kind: nullNode, tag: "!!null", at: r}
	}
	return parsedFile{root: conv(v)}
}

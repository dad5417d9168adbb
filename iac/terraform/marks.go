package terraform

import (
	"sort"

	"github.com/zclconf/go-cty/cty"
)

// Values carry where they came from as cty marks, which HCL and cty propagate through
// every operation: string templates, function calls, collections, conditionals. That is
// how "${aws_sqs_queue.q.arn}/*" or [aws_sqs_queue.q.arn] still says which resource it
// refers to although its value is unknown.

// refMark marks a value read from a managed resource of the project: id is the resource
// instance's address (module.api.aws_lambda_function.this[0]).
type refMark struct{ id string }

// dataMark marks a value read from a data source; typ is the data source's type. Data
// sources are not project resources, so they never become a model Ref, but the policy
// reader follows data.aws_iam_policy_document references and the code reader follows
// data.archive_file ones.
type dataMark struct{ id, typ string }

// secretMark marks a value that comes from a sensitive variable or a secret store.
type secretMark struct{}

// markFrom returns v marked as read from a resource or data source instance: the marks of
// the resources v itself was computed from are dropped, so that a reference names what it
// refers to and not that resource's own inputs; secrecy is kept.
func markFrom(v cty.Value, mark any) cty.Value {
	if v.ContainsMarked() {
		uv, pvm := v.UnmarkDeepWithPaths()
		var keep []cty.PathValueMarks
		for _, p := range pvm {
			if _, ok := p.Marks[secretMark{}]; ok {
				keep = append(keep, cty.PathValueMarks{Path: p.Path, Marks: cty.NewValueMarks(secretMark{})})
			}
		}
		v = uv.MarkWithPaths(keep)
	}
	return v.Mark(mark)
}

// markInfo summarises the marks found anywhere in a value.
type markInfo struct {
	refs   []string // sorted, distinct
	data   []dataMark
	secret bool
}

// ref returns the single resource a value refers to, or "" when it refers to none or to
// several (a value combining two resources names neither).
func (mi markInfo) ref() string {
	if len(mi.refs) == 1 {
		return mi.refs[0]
	}
	return ""
}

// dataOf returns the single data source of type typ the value refers to.
func (mi markInfo) dataOf(typ string) string {
	id := ""
	for _, d := range mi.data {
		if d.typ == typ {
			if id != "" && id != d.id {
				return ""
			}
			id = d.id
		}
	}
	return id
}

func marksOf(v cty.Value) (cty.Value, markInfo) {
	uv, marks := v.UnmarkDeep()
	return uv, infoOf(marks)
}

func infoOf(marks cty.ValueMarks) markInfo {
	var mi markInfo
	for m := range marks {
		switch m := m.(type) {
		case refMark:
			mi.refs = append(mi.refs, m.id)
		case dataMark:
			mi.data = append(mi.data, m)
		case secretMark:
			mi.secret = true
		}
	}
	sort.Strings(mi.refs)
	sort.Slice(mi.data, func(i, j int) bool { return mi.data[i].id < mi.data[j].id })
	return mi
}

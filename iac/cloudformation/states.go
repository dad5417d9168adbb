package cloudformation

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// stateMachine reads a Step Functions state machine and the Task states of its definition:
// inline (Definition), in a string (DefinitionString, possibly built with Fn::Sub or
// Fn::Join), or in a local file (SAM DefinitionUri). A definition on S3 is unknown.
func (b *builder) stateMachine(r *resource) {
	tp, props, hdr := b.tp, r.props, r.key.rng
	nameProp := "StateMachineName"
	if r.typ == "AWS::Serverless::StateMachine" {
		nameProp = "Name"
	}
	sm := &model.StateMachine{Resource: b.header(r, nameProp), DefinitionAt: hdr}
	b.machines[r.id] = sm
	b.p.StateMachines = append(b.p.StateMachines, sm)
	vars := tp.obj(props, "DefinitionSubstitutions")

	var def *node
	st := vUnknown
	switch {
	case props.get("Definition") != nil:
		def, st = tp.pick(props.get("Definition"))
		if st == vKnown && def != nil && (def.kind != mapNode || isIntrinsic(def)) {
			def, st = b.embeddedDoc(def, vars)
		}
	case props.get("DefinitionString") != nil:
		def, st = b.embeddedDoc(props.get("DefinitionString"), vars)
	case props.get("DefinitionUri") != nil:
		def, st = b.localDocument(props.get("DefinitionUri"))
	}
	if st != vKnown || def == nil || def.kind != mapNode {
		sm.DefinitionUnknown = true
		return
	}
	sm.DefinitionAt = def.rng
	b.states(sm, def.get("States"), vars, 0)
}

// localDocument reads a JSON or YAML file named by a path relative to the template,
// inside the repository.
func (b *builder) localDocument(n *node) (*node, vstate) {
	a := b.tp.str(n, n.rng)
	if !a.Known() || strings.Contains(a.Value, "://") {
		return nil, vUnknown
	}
	rel, ok := b.repoPath(a.Value)
	if !ok {
		b.tp.problem(n.rng, "%s is outside the repository and is not read", a.Value)
		return nil, vUnknown
	}
	abs := filepath.Join(b.root, filepath.FromSlash(rel))
	data, err := b.repo.ReadFile(abs, model.MaxFileSize)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, repofile.ErrTooLarge):
		b.tp.problem(n.rng, "%s %s", a.Value, repofile.Describe(err))
		return nil, vUnknown
	case err != nil:
		// A link out of the repository, a named pipe, a directory: said at the reference,
		// quoting nothing of the target.
		b.tp.problemAt(n.rng, model.ProblemWarning, "%s %s; it is not read", a.Value, repofile.Describe(err))
		return nil, vUnknown
	}
	b.p.Files = append(b.p.Files, rel)
	doc, prob := parse(newText(data, rel), rel)
	if prob != nil {
		b.tp.problems = append(b.tp.problems, *prob)
		return nil, vUnknown
	}
	return doc, vKnown
}

// states walks a States mapping, descending into Parallel branches and Map processors.
func (b *builder) states(sm *model.StateMachine, states, vars *node, depth int) {
	tp := b.tp
	if depth > maxDepth || tp.steps > maxEvalSteps {
		return
	}
	states.pairs(func(k, st *node) {
		if st.kind != mapNode {
			return
		}
		switch tp.str(st.get("Type"), k.rng).Value {
		case "Task":
			b.task(sm, k, st, vars)
		case "Parallel":
			for _, br := range tp.items(st.get("Branches")) {
				b.states(sm, br.get("States"), vars, depth+1)
			}
		case "Map":
			proc := st.get("ItemProcessor")
			if proc == nil {
				proc = st.get("Iterator")
			}
			b.states(sm, proc.get("States"), vars, depth+1)
		}
	})
}

func (b *builder) task(sm *model.StateMachine, k, st, vars *node) {
	tp, at := b.tp, k.rng
	ts := &model.TaskState{
		Name:             k.value,
		At:               at,
		Resource:         b.subStr(st.get("Resource"), vars, at),
		TimeoutSeconds:   tp.integer(st.get("TimeoutSeconds"), at, "TimeoutSeconds"),
		TimeoutPath:      tp.str(st.get("TimeoutSecondsPath"), at),
		HeartbeatSeconds: tp.integer(st.get("HeartbeatSeconds"), at, "HeartbeatSeconds"),
		HeartbeatPath:    tp.str(st.get("HeartbeatSecondsPath"), at),
	}
	sm.Tasks = append(sm.Tasks, ts)

	// A task invoking a function: arn:aws:states:::lambda:invoke with FunctionName in its
	// Parameters (JSONPath) or Arguments (JSONata), or the function's ARN as the resource.
	fn := ""
	if strings.HasPrefix(ts.Resource.Value, "arn:aws:states:::lambda:invoke") {
		for _, params := range []string{"Parameters", "Arguments"} {
			if n := tp.obj(st, params).get("FunctionName"); n != nil {
				fn = b.functionOf(b.subStr(n, vars, at))
			}
		}
	} else {
		fn = b.functionOf(ts.Resource)
	}
	if fn != "" {
		ts.Function = fn
		t := model.NewTrigger(model.TriggerStepFunctions, at, sm.ID)
		t.Source = model.Attr[string]{Value: sm.ID, Origin: model.Explicit, At: sm.At, Ref: sm.ID}
		b.addTrigger(fn, t)
	}
}

// subStr reads a string of a definition, replacing ${name} from DefinitionSubstitutions.
func (b *builder) subStr(n, vars *node, hdr model.Range) model.Attr[string] {
	if n != nil && vars != nil && n.kind == scalarNode && strings.Contains(n.value, "${") {
		n = &node{kind: mapNode, rng: n.rng, content: []*node{
			{kind: scalarNode, value: "Fn::Sub", rng: n.rng},
			{kind: seqNode, rng: n.rng, content: []*node{n, vars}},
		}}
	}
	return b.tp.str(n, hdr)
}

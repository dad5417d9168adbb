package terraform

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// stateMachine reads an aws_sfn_state_machine and its definition (Amazon States
// Language), descending into Parallel branches and Map iterators.
func (a *adapter) stateMachine(ri *resInstance, b blockView) {
	sm := &model.StateMachine{Resource: resource(ri, b, "name"), DefinitionAt: b.at}
	att, ok := b.attr("definition")
	if !ok {
		sm.DefinitionUnknown = true
	} else {
		sm.DefinitionAt = toRange(att.Expr.Range())
		doc := ri.scope.docNode(att.Expr, 0)
		if doc.kind != nObject {
			sm.DefinitionUnknown = true
		} else {
			a.states(sm, doc.get("States"), 0)
			if doc.partial {
				sm.DefinitionUnknown = true
			}
		}
	}
	a.p.StateMachines = append(a.p.StateMachines, sm)
}

func (a *adapter) states(sm *model.StateMachine, states *node, depth int) {
	if states == nil || states.kind != nObject || depth > maxDocDepth {
		sm.DefinitionUnknown = true
		return
	}
	if states.partial {
		sm.DefinitionUnknown = true
	}
	for _, fl := range states.fields {
		st := fl.val
		if st.kind != nObject {
			sm.DefinitionUnknown = true
			continue
		}
		typ := nodeString(st.get("Type"), fl.at)
		if !typ.Known() {
			sm.DefinitionUnknown = true
			continue
		}
		switch typ.Value {
		case "Task":
			t := &model.TaskState{Name: fl.key, At: fl.at,
				Resource:         nodeString(st.get("Resource"), fl.at),
				TimeoutSeconds:   nodeInt(st.get("TimeoutSeconds"), fl.at),
				TimeoutPath:      nodeString(st.get("TimeoutSecondsPath"), fl.at),
				HeartbeatSeconds: nodeInt(st.get("HeartbeatSeconds"), fl.at),
				HeartbeatPath:    nodeString(st.get("HeartbeatSecondsPath"), fl.at),
			}
			if t.TimeoutSeconds.Origin == model.Absent && st.get("TimeoutSeconds") == nil && st.partial {
				t.TimeoutSeconds = model.Unresolved[int](fl.at)
			}
			sm.Tasks = append(sm.Tasks, t)
			a.taskTrigger(sm, t, st)
		case "Parallel":
			for _, br := range st.get("Branches").list() {
				a.states(sm, br.get("States"), depth+1)
			}
		case "Map":
			proc := st.get("ItemProcessor")
			if proc == nil {
				proc = st.get("Iterator")
			}
			if proc != nil {
				a.states(sm, proc.get("States"), depth+1)
			}
		}
	}
}

// taskTrigger records a Lambda function a Task invokes, directly or through
// arn:aws:states:::lambda:invoke with Parameters.FunctionName.
func (a *adapter) taskTrigger(sm *model.StateMachine, t *model.TaskState, st *node) {
	target := t.Resource
	if target.Known() && strings.HasPrefix(target.Value, "arn:aws:states:::lambda:invoke") {
		for _, params := range []string{"Parameters", "Arguments"} {
			p := st.get(params)
			if fn := p.get("FunctionName"); fn != nil {
				target = nodeString(fn, t.At)
			} else if fn := p.get("FunctionName.$"); fn != nil {
				return
			}
		}
	}
	a.sfnTasks = append(a.sfnTasks, sfnTask{sm: sm, task: t, target: target})
}

type sfnTask struct {
	sm     *model.StateMachine
	task   *model.TaskState
	target model.Attr[string]
}

package checks

import (
	"fmt"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// generatedModel builds n projects shaped like typical templates: eight functions with
// queue, stream, bucket and API triggers, policies and environment variables; queues, a
// topic, an API with routes and stages, a state machine, alarms and permissions. Half the
// functions break some rule, so that reporting is part of what is measured.
func generatedModel(n int) *model.Model {
	formats := []model.Format{model.CloudFormation, model.Terraform, model.Serverless}
	m := &model.Model{}
	for i := range n {
		p := project(formats[i%len(formats)])
		p.Name, p.Path = fmt.Sprintf("svc%d", i), fmt.Sprintf("services/svc%d/template.yaml", i)
		p.At.File = p.Path
		for j := range 8 {
			line := 10 + j*40
			id := fmt.Sprintf("Fn%d", j)
			q := queue(fmt.Sprintf("Queue%d", j), line+30)
			opts := []func(*model.Function){
				trigger(model.TriggerSQS, q.ID, line+20),
				policy(allow(line+10, []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "dynamodb:PutItem", "s3:GetObject"},
					refTo(q.ID, line+15), refTo("Table", line+16), set("*", line+17))),
				func(f *model.Function) {
					f.Environment = []model.EnvVar{
						{Name: "TABLE_NAME", Value: set("orders", line+9)},
						{Name: "API_TOKEN", Value: set("literal", line+9)},
						{Name: "QUEUE_URL", Value: refTo(q.ID, line+9)},
					}
				},
			}
			if j%2 == 1 {
				opts = append(opts, func(f *model.Function) {
					f.ReservedConcurrency = absent[int](line)
					f.TimeoutSeconds = deflt(3, line)
					f.Tracing = deflt("PassThrough", line)
					f.MemoryMB = set(2048, line+4)
				}, trigger(model.TriggerS3, "Bucket", line+25), trigger(model.TriggerKinesis, "Stream", line+27))
			}
			p.Functions = append(p.Functions, function(id, line, opts...))
			p.Queues = append(p.Queues, q)
		}
		p.Buckets = append(p.Buckets, &model.Bucket{Resource: model.Resource{ID: "Bucket", At: at(400)}})
		p.Topics = append(p.Topics, &model.Topic{Resource: model.Resource{ID: "Topic", At: at(410)}, KMSKey: absent[string](410)})
		api := restAPI("Api", 420)
		for r := range 6 {
			route("GET", fmt.Sprintf("/r%d", r), 430+r, func(rt *model.Route) { rt.Function = fmt.Sprintf("Fn%d", r) })(api)
		}
		p.APIs = append(p.APIs, api)
		sm := &model.StateMachine{Resource: model.Resource{ID: "Flow", At: at(450)}}
		for k := range 6 {
			sm.Tasks = append(sm.Tasks, &model.TaskState{Name: fmt.Sprintf("T%d", k), At: at(451 + k),
				Resource: set("arn:aws:states:::lambda:invoke", 451+k)})
		}
		p.StateMachines = append(p.StateMachines, sm)
		p.Alarms = append(p.Alarms, &model.Alarm{Resource: model.Resource{ID: "A", At: at(470)}, Function: "Fn0",
			Namespace: set("AWS/Lambda", 471), MetricName: set("Errors", 472)})
		p.Permissions = append(p.Permissions, &model.Permission{Resource: model.Resource{ID: "P", At: at(480)}, Function: "Fn1",
			Principal: set("s3.amazonaws.com", 481)})
		m.Projects = append(m.Projects, p)
	}
	return m
}

func BenchmarkRun(b *testing.B) {
	m := generatedModel(1000)
	s := testSettings()
	var findings int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		findings = len(run(m, s, testDay))
	}
	b.ReportMetric(float64(findings), "findings/op")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(m.Projects)), "µs/project")
}

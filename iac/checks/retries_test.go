package checks

import (
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/rules"
)

func TestStreamRetryUnbounded(t *testing.T) {
	stream := func(k model.TriggerKind, opts ...func(*model.Trigger)) *model.Project {
		return sam(function("Consumer", 10, trigger(k, "Orders", 30, opts...)))
	}
	testRule(t, rules.StreamRetryUnbounded, []ruleCase{
		{name: "kinesis with every default", project: stream(model.TriggerKinesis), want: []string{"30"},
			contains: []string{"Kinesis trigger Orders", "function Consumer", "MaximumRetryAttempts"}, related: []int{10}},
		{name: "dynamodb stream with retries -1 written", want: []string{"33"}, contains: []string{"is -1"},
			project: stream(model.TriggerDynamoDB, func(t *model.Trigger) { t.MaximumRetryAttempts = set(-1, 33) })},
		{name: "terraform default -1", want: []string{"30"}, project: terraform(function("aws_lambda_function.consumer", 10,
			trigger(model.TriggerKinesis, "aws_kinesis_stream.orders", 30, func(t *model.Trigger) { t.MaximumRetryAttempts = deflt(-1, 30) })))},
		{name: "bounded retries", project: stream(model.TriggerKinesis, func(t *model.Trigger) { t.MaximumRetryAttempts = set(3, 33) })},
		{name: "on-failure destination", project: stream(model.TriggerKinesis, func(t *model.Trigger) { t.OnFailure = refTo("StreamDLQ", 34) })},
		{name: "bisect batch", project: stream(model.TriggerDynamoDB, func(t *model.Trigger) { t.BisectBatchOnFunctionError = set(true, 35) })},
		{name: "unresolved retries", project: stream(model.TriggerKinesis, func(t *model.Trigger) { t.MaximumRetryAttempts = unresolved[int](33) })},
		{name: "unresolved bisect", project: stream(model.TriggerKinesis, func(t *model.Trigger) { t.BisectBatchOnFunctionError = unresolved[bool](35) })},
		{name: "unresolved destination", project: stream(model.TriggerKinesis, func(t *model.Trigger) { t.OnFailure = unresolved[string](34) })},
		{name: "disabled mapping", project: stream(model.TriggerKinesis, func(t *model.Trigger) { t.Enabled = set(false, 36) })},
		{name: "sqs is not a stream", project: stream(model.TriggerSQS)},
	})
}

func TestAsyncNoFailureDestination(t *testing.T) {
	bucket := &model.Bucket{Resource: model.Resource{ID: "Uploads", At: at(50)}}
	testRule(t, rules.AsyncNoFailureDestination, []ruleCase{
		{name: "s3 event", want: []string{"10"}, related: []int{30},
			contains: []string{"function Resize", "S3 trigger Uploads", "twice", "OnFailure destination"},
			project:  sam(function("Resize", 10, trigger(model.TriggerS3, "Uploads", 30)), bucket)},
		{name: "schedule in serverless", want: []string{"10"}, contains: []string{"destinations.onFailure"},
			project: sls(function("nightly", 10, trigger(model.TriggerSchedule, "", 30)))},
		{name: "permission for sns elsewhere", want: []string{"10"}, related: []int{61},
			project: sam(function("Notify", 10), &model.Permission{
				Resource: model.Resource{ID: "NotifyPermission", At: at(60)}, Function: "Notify",
				Principal: set("sns.amazonaws.com", 61), Action: set("lambda:InvokeFunction", 62)})},
		{name: "regional logs principal", want: []string{"10"}, project: terraform(function("aws_lambda_function.f", 10), &model.Permission{
			Resource: model.Resource{ID: "aws_lambda_permission.logs", At: at(60)}, Function: "aws_lambda_function.f",
			Principal: set("logs.eu-west-1.amazonaws.com", 61)})},
		{name: "event rule targeting it", want: []string{"10"}, related: []int{70}, project: sam(function("Tick", 10),
			&model.EventRule{Resource: model.Resource{ID: "Every5Minutes", At: at(70)}, Schedule: set("rate(5 minutes)", 71), Targets: []string{"Tick"}})},
		{name: "schedule event and its rule are one source", want: []string{"10"}, related: []int{30},
			project: sam(function("Tick", 10, trigger(model.TriggerSchedule, "TickNightly", 30)),
				&model.EventRule{Resource: model.Resource{ID: "TickNightly", At: at(30)}, Schedule: set("rate(1 day)", 31), Targets: []string{"Tick"}})},
		{name: "notification and its permission are one source", want: []string{"10"}, related: []int{30},
			project: sam(function("Resize", 10, trigger(model.TriggerS3, "Uploads", 30)), bucket, &model.Permission{
				Resource: model.Resource{ID: "ResizePermission", At: at(60)}, Function: "Resize",
				Principal: set("s3.amazonaws.com", 61), SourceArn: refTo("Uploads", 62)})},
		{name: "permission for another bucket is another source", want: []string{"10"}, related: []int{30, 61},
			project: sam(function("Resize", 10, trigger(model.TriggerS3, "Uploads", 30)), bucket, &model.Permission{
				Resource: model.Resource{ID: "ArchivePermission", At: at(60)}, Function: "Resize",
				Principal: set("s3.amazonaws.com", 61), SourceArn: refTo("Archive", 62)})},
		{name: "on-failure destination", project: sam(function("Resize", 10, trigger(model.TriggerS3, "Uploads", 30),
			func(f *model.Function) { f.OnFailure = refTo("FailedResizes", 19) }), bucket)},
		{name: "dead-letter queue", project: sam(function("Resize", 10, trigger(model.TriggerS3, "Uploads", 30),
			func(f *model.Function) { f.DeadLetterTarget = refTo("ResizeDLQ", 19) }), bucket)},
		{name: "unresolved dead-letter queue", project: sam(function("Resize", 10, trigger(model.TriggerS3, "Uploads", 30),
			func(f *model.Function) { f.DeadLetterTarget = unresolved[string](19) }), bucket)},
		{name: "only synchronous and polled triggers", project: sam(function("Api", 10,
			trigger(model.TriggerHTTPAPI, "", 30), trigger(model.TriggerSQS, "Jobs", 35)))},
		{name: "permission for api gateway", project: sam(function("Api", 10), &model.Permission{
			Resource: model.Resource{ID: "ApiPermission", At: at(60)}, Function: "Api", Principal: set("apigateway.amazonaws.com", 61)})},
		{name: "unresolved principal", project: sam(function("Api", 10), &model.Permission{
			Resource: model.Resource{ID: "P", At: at(60)}, Function: "Api", Principal: unresolved[string](61)})},
		{name: "function with no trigger at all", project: sam(function("Library", 10))},
	})
}

func TestQueueNoRedrive(t *testing.T) {
	noRedrive := func(q *model.Queue) { q.RedriveTarget = absent[string](40) }
	testRule(t, rules.QueueNoRedrive, []ruleCase{
		{name: "consumed queue without redrive", want: []string{"40"}, related: []int{30},
			contains: []string{"queue Jobs", "RedrivePolicy"},
			project:  sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30)), queue("Jobs", 40, noRedrive))},
		{name: "two consumers, one finding", want: []string{"40"}, related: []int{30, 31},
			project: sam(function("A", 10, trigger(model.TriggerSQS, "Jobs", 30)), function("B", 20, trigger(model.TriggerSQS, "Jobs", 31)),
				queue("Jobs", 40, noRedrive))},
		{name: "terraform names", want: []string{"40"}, contains: []string{"redrive_policy"},
			project: terraform(function("aws_lambda_function.w", 10, trigger(model.TriggerSQS, "aws_sqs_queue.jobs", 30)),
				queue("aws_sqs_queue.jobs", 40, noRedrive))},
		{name: "queue with redrive", project: sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30)), queue("Jobs", 40))},
		{name: "unresolved redrive", project: sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30)),
			queue("Jobs", 40, func(q *model.Queue) { q.RedriveTarget = unresolved[string](42) }))},
		{name: "queue nobody consumes", project: sam(function("Worker", 10), queue("Outbox", 40, noRedrive))},
		{name: "external queue", project: sam(function("Worker", 10, trigger(model.TriggerSQS, "", 30)), queue("Jobs", 40, noRedrive))},
		{name: "disabled mapping", project: sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30,
			func(t *model.Trigger) { t.Enabled = set(false, 31) })), queue("Jobs", 40, noRedrive))},
	})
}

func TestRecursiveTrigger(t *testing.T) {
	uploads := &model.Bucket{Resource: model.Resource{ID: "Uploads", At: at(50), Name: set("acme-uploads", 51)}}
	s3Trigger := func(opts ...func(*model.Trigger)) func(*model.Function) {
		return trigger(model.TriggerS3, "Uploads", 30, opts...)
	}
	prefix := func(p string) func(*model.Trigger) {
		return func(t *model.Trigger) { t.FilterPrefix = set(p, 32) }
	}
	putObject := func(resource model.Attr[string]) func(*model.Function) {
		return policy(allow(60, []string{"s3:GetObject", "s3:PutObject"}, resource))
	}
	template := func(name string, resource model.Attr[string]) func(*model.Function) {
		return func(f *model.Function) {
			f.Policies = append(f.Policies, &model.Policy{At: at(70), ManagedARN: set(name, 70), Template: true, TemplateResource: resource})
		}
	}
	testRule(t, rules.RecursiveTrigger, []ruleCase{
		{name: "writes to its trigger bucket", want: []string{"30"}, related: []int{63},
			contains: []string{"bucket Uploads", "s3:PutObject", "prefix or suffix filter"},
			project:  sam(function("Thumbs", 10, s3Trigger(), putObject(refTo("Uploads", 63))), uploads)},
		{name: "s3:* on the bucket's objects by physical name", want: []string{"30"},
			project: sam(function("Thumbs", 10, s3Trigger(), policy(allow(60, []string{"s3:*"}, set("arn:aws:s3:::acme-uploads/*", 62)))), uploads)},
		{name: "wildcard bucket name in another partition", want: []string{"30"},
			project: sam(function("Thumbs", 10, s3Trigger(), putObject(set("arn:aws-cn:s3:::acme-*/*", 63))), uploads)},
		{name: "queue by ARN", want: []string{"30"},
			project: terraform(function("aws_lambda_function.w", 10, trigger(model.TriggerSQS, "aws_sqs_queue.jobs", 30),
				policy(allow(60, []string{"sqs:SendMessage"}, set("arn:aws:sqs:eu-west-1:123456789012:jobs", 62)))),
				queue("aws_sqs_queue.jobs", 40, func(q *model.Queue) { q.Name = set("jobs", 41) }))},
		{name: "SAM S3CrudPolicy on the bucket", want: []string{"30"}, related: []int{71}, contains: []string{"S3CrudPolicy"},
			project: sam(function("Thumbs", 10, s3Trigger(), template("S3CrudPolicy", refTo("Uploads", 71))), uploads)},
		{name: "writes under the prefix it reads", want: []string{"30"},
			project: sam(function("Thumbs", 10, s3Trigger(prefix("uploads/")),
				putObject(resolvedRef("Uploads", "arn:aws:s3:::acme-uploads/uploads/resized/*", 63))), uploads)},
		{name: "writes with the suffix it reads", want: []string{"30"},
			project: sam(function("Thumbs", 10, s3Trigger(func(t *model.Trigger) { t.FilterSuffix = set(".jpg", 33) }),
				putObject(resolvedRef("Uploads", "arn:aws:s3:::acme-uploads/out/*.jpg", 63))), uploads)},
		{name: "sqs send to its own queue", want: []string{"30"}, contains: []string{"queue Jobs"},
			project: sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30),
				policy(allow(60, []string{"sqs:SendMessage"}, refTo("Jobs", 62)))), queue("Jobs", 40))},
		{name: "SQSSendMessagePolicy on its own queue", want: []string{"30"},
			project: sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30),
				template("SQSSendMessagePolicy", refTo("Jobs", 71))), queue("Jobs", 40))},
		{name: "sns publish to its own topic", want: []string{"30"}, contains: []string{"topic Events"},
			project: sam(function("Fanout", 10, trigger(model.TriggerSNS, "Events", 30),
				policy(allow(60, []string{"sns:Publish"}, refTo("Events", 62)))))},
		{name: "RecursiveLoop Allow", want: []string{"19"}, contains: []string{"RecursiveLoop"},
			project: sam(function("Loop", 10, func(f *model.Function) { f.RecursiveLoop = set("Allow", 19) }))},

		{name: "prefix separates reads from writes", project: sam(function("Thumbs", 10, s3Trigger(prefix("uploads/")),
			putObject(resolvedRef("Uploads", "arn:aws:s3:::acme-uploads/thumbnails/*", 63))), uploads)},
		{name: "prefix and a grant on the whole bucket", project: sam(function("Thumbs", 10, s3Trigger(prefix("uploads/")),
			putObject(refTo("Uploads", 63))), uploads)},
		{name: "prefix and S3CrudPolicy", project: sam(function("Thumbs", 10, s3Trigger(prefix("uploads/")),
			template("S3CrudPolicy", refTo("Uploads", 71))), uploads)},
		{name: "unresolved filter", project: sam(function("Thumbs", 10, s3Trigger(func(t *model.Trigger) { t.FilterPrefix = unresolved[string](32) }),
			putObject(refTo("Uploads", 63))), uploads)},
		{name: "writes to another bucket", project: sam(function("Thumbs", 10, s3Trigger(), putObject(refTo("Thumbnails", 63))), uploads)},
		{name: "reads only", project: sam(function("Thumbs", 10, s3Trigger(),
			policy(allow(60, []string{"s3:GetObject"}, refTo("Uploads", 62)))), uploads)},
		{name: "bucket ARN without objects", project: sam(function("Thumbs", 10, s3Trigger(),
			putObject(resolvedRef("Uploads", "arn:aws:s3:::acme-uploads", 63))), uploads)},
		{name: "any bucket's objects is SLS504's", project: sam(function("Thumbs", 10, s3Trigger(), putObject(set("arn:aws:s3:::*/*", 63))), uploads)},
		{name: "another queue by ARN", project: terraform(function("aws_lambda_function.w", 10, trigger(model.TriggerSQS, "aws_sqs_queue.jobs", 30),
			policy(allow(60, []string{"sqs:SendMessage"}, set("arn:aws:sqs:eu-west-1:123456789012:results", 62)))),
			queue("aws_sqs_queue.jobs", 40, func(q *model.Queue) { q.Name = set("jobs", 41) }))},
		{name: "Resource * is SLS504's", project: sam(function("Thumbs", 10, s3Trigger(), putObject(set("*", 63))), uploads)},
		{name: "deny statement", project: sam(function("Thumbs", 10, s3Trigger(), func(f *model.Function) {
			st := allow(60, []string{"s3:PutObject"}, refTo("Uploads", 62))
			st.Effect = set("Deny", 60)
			f.Policies = []*model.Policy{{At: at(60), Statements: []*model.Statement{st}}}
		}), uploads)},
		{name: "SQSPollerPolicy does not send", project: sam(function("Worker", 10, trigger(model.TriggerSQS, "Jobs", 30),
			template("SQSPollerPolicy", refTo("Jobs", 71))), queue("Jobs", 40))},
		{name: "RecursiveLoop Terminate", project: sam(function("Loop", 10, func(f *model.Function) { f.RecursiveLoop = set("Terminate", 19) }))},
	})
}

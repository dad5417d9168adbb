package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// builder maps one template's resources onto a model.Project in three passes: declare
// every entity, link entities to each other (triggers, routes, policies, settings held by
// separate resources), then derive what needs the whole picture (role policies, log groups,
// triggers implied by permissions).
type builder struct {
	tp   *template
	p    *model.Project
	root string
	// repo reads the repository's files (DefinitionUri documents, CodeUri paths).
	repo repofile.Root
	sups []model.Suppression

	fns       map[string]*model.Function
	fnRes     map[string]*resource
	queues    map[string]*model.Queue
	topics    map[string]*model.Topic
	buckets   map[string]*model.Bucket
	tables    map[string]*model.Table
	streams   map[string]*model.Stream
	apis      map[string]*model.API
	roles     map[string]*model.Role
	logGroups map[string]*model.LogGroup
	machines  map[string]*model.StateMachine
	rules     map[string]*model.EventRule
	// managed holds customer managed policies (AWS::IAM::ManagedPolicy) by ID.
	managed map[string]*model.Policy
	// aliases maps Lambda alias and version resources to their function; aliasNames holds
	// the alias resources' names.
	aliases    map[string]string
	aliasNames map[string]model.Attr[string]
	// apiResources maps AWS::ApiGateway::Resource IDs to their resources, for paths.
	apiResources map[string]*resource
	// integrations maps AWS::ApiGatewayV2::Integration IDs to their resources.
	integrations map[string]*resource
	// authorizers maps API Gateway authorizer IDs to their type.
	authorizers map[string]string
	// openAPI holds the APIs defined by an OpenAPI document that is not read (in a file, on
	// S3, or not readable statically); openAPIDocs those whose inline document was read.
	openAPI       map[string]bool
	openAPIDocs   map[string]*openAPIDoc
	permissionRes map[*model.Permission]*resource
	alarmRes      map[*model.Alarm]*resource
	// implicit APIs SAM creates for Api and HttpApi events without an API of their own.
	implicitREST, implicitHTTP *model.API
	// Partners declared elsewhere (external.go), by how they are written; webSocket marks
	// the external v2 APIs that turned out to be WebSocket APIs.
	externalAPIs   map[string]*model.API
	externalQueues map[string]*model.Queue
	externalTopics map[string]*model.Topic
	webSocket      map[*model.API]bool
}

func newBuilder(tp *template, rel, root string) *builder {
	first := tp.t.lineEnd(0)
	at := tp.t.rng(0, first)
	if first == 0 {
		at = tp.t.rng(0, 0)
	}
	return newProjectBuilder(tp, root, &model.Project{
		Format: model.CloudFormation,
		Name:   projectName(rel),
		Path:   rel,
		At:     at,
		Files:  []string{rel},
	})
}

// newProjectBuilder returns a builder that adds a template's resources to p.
func newProjectBuilder(tp *template, root string, p *model.Project) *builder {
	p.ResourcesUnknown = p.ResourcesUnknown || tp.resourcesUnknown
	return &builder{
		tp:   tp,
		root: root,
		repo: repofile.New(root),
		p:    p,
		fns:  map[string]*model.Function{}, fnRes: map[string]*resource{},
		queues: map[string]*model.Queue{}, topics: map[string]*model.Topic{},
		buckets: map[string]*model.Bucket{}, tables: map[string]*model.Table{},
		streams: map[string]*model.Stream{}, apis: map[string]*model.API{},
		roles: map[string]*model.Role{}, logGroups: map[string]*model.LogGroup{},
		machines: map[string]*model.StateMachine{}, rules: map[string]*model.EventRule{},
		managed: map[string]*model.Policy{}, aliases: map[string]string{}, aliasNames: map[string]model.Attr[string]{},
		apiResources: map[string]*resource{}, integrations: map[string]*resource{},
		authorizers: map[string]string{}, openAPI: map[string]bool{}, openAPIDocs: map[string]*openAPIDoc{},
		permissionRes: map[*model.Permission]*resource{}, alarmRes: map[*model.Alarm]*resource{},
		externalAPIs: map[string]*model.API{}, externalQueues: map[string]*model.Queue{},
		externalTopics: map[string]*model.Topic{}, webSocket: map[*model.API]bool{},
	}
}

func (b *builder) build() {
	for _, r := range b.tp.order {
		b.suppressions(r)
		b.declare(r)
	}
	for _, r := range b.tp.order {
		b.link(r)
	}
	b.finish()
}

// header returns a resource's common fields; nameProp is the property holding its physical
// name.
func (b *builder) header(r *resource, nameProp string) model.Resource {
	h := model.Resource{ID: r.id, Type: r.typ, At: r.key.rng, Name: model.Missing[string](r.key.rng)}
	if nameProp != "" {
		h.Name = b.tp.str(r.props.get(nameProp), r.key.rng)
	}
	return h
}

// declare creates the entity a resource defines.
func (b *builder) declare(r *resource) {
	if r.opaque && r.typ != "AWS::Budgets::Budget" && r.typ != "AWS::CloudWatch::Alarm" {
		// Nothing of it can be read; a budget or an alarm still counts as one.
		return
	}
	switch r.typ {
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		b.function(r)
	case "AWS::Lambda::Alias", "AWS::Lambda::Version":
		if fn := b.tp.str(r.props.get("FunctionName"), r.key.rng); fn.Ref != "" {
			b.aliases[r.id] = fn.Ref
			if r.typ == "AWS::Lambda::Alias" {
				b.aliasNames[r.id] = b.tp.str(r.props.get("Name"), r.key.rng)
			}
		}
	case "AWS::SQS::Queue":
		b.queue(r)
	case "AWS::SNS::Topic":
		t := &model.Topic{Resource: b.header(r, "TopicName"), KMSKey: b.tp.str(r.props.get("KmsMasterKeyId"), r.key.rng)}
		b.topics[r.id] = t
		b.p.Topics = append(b.p.Topics, t)
	case "AWS::S3::Bucket":
		bk := &model.Bucket{Resource: b.header(r, "BucketName")}
		b.buckets[r.id] = bk
		b.p.Buckets = append(b.p.Buckets, bk)
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::Serverless::SimpleTable":
		b.table(r)
	case "AWS::Kinesis::Stream":
		s := &model.Stream{Resource: b.header(r, "Name"), ShardCount: b.tp.integer(r.props.get("ShardCount"), r.key.rng, "ShardCount")}
		if mode := b.tp.str(b.tp.obj(r.props, "StreamModeDetails").get("StreamMode"), r.key.rng); !mode.Known() && mode.IsSet() ||
			mode.Known() && strings.EqualFold(mode.Value, "ON_DEMAND") {
			s.ShardCount = model.Unresolved[int](mode.At)
		}
		b.streams[r.id] = s
		b.p.Streams = append(b.p.Streams, s)
	case "AWS::ApiGateway::RestApi", "AWS::Serverless::Api":
		b.api(r, model.RESTAPI)
	case "AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi":
		if pt := b.tp.str(r.props.get("ProtocolType"), r.key.rng); pt.Known() && pt.Value == "WEBSOCKET" {
			return
		}
		b.api(r, model.HTTPAPI)
	case "AWS::ApiGateway::Resource":
		b.apiResources[r.id] = r
	case "AWS::ApiGatewayV2::Integration":
		b.integrations[r.id] = r
	case "AWS::ApiGateway::Authorizer":
		b.authorizers[r.id] = strings.ToUpper(b.tp.str(r.props.get("Type"), r.key.rng).Value)
	case "AWS::ApiGatewayV2::Authorizer":
		b.authorizers[r.id] = strings.ToUpper(b.tp.str(r.props.get("AuthorizerType"), r.key.rng).Value)
	case "AWS::Logs::LogGroup", "Custom::LogRetention":
		b.logGroup(r)
	case "AWS::CloudWatch::Alarm":
		b.alarm(r)
	case "AWS::Budgets::Budget":
		b.p.Budgets = append(b.p.Budgets, &model.Budget{Resource: b.header(r, "")})
	case "AWS::IAM::Role":
		b.role(r)
	case "AWS::IAM::ManagedPolicy":
		b.managed[r.id] = b.policyDocument(r.props.get("PolicyDocument"), r.key.rng)
	case "AWS::Events::Rule", "AWS::Scheduler::Schedule":
		b.eventRule(r)
	case "AWS::Lambda::Permission":
		b.permission(r)
	}
}

// link connects a resource to the entities it configures or invokes.
func (b *builder) link(r *resource) {
	if r.opaque {
		return
	}
	switch r.typ {
	case "AWS::Serverless::Function":
		b.samFunctionLinks(r)
	case "AWS::Lambda::Function":
		b.lambdaCode(r)
	case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
		b.stateMachine(r)
	case "AWS::Lambda::EventSourceMapping":
		b.eventSourceMapping(r)
	case "AWS::Lambda::Url":
		b.functionURLResource(r)
	case "AWS::Lambda::EventInvokeConfig":
		b.eventInvokeConfigResource(r)
	case "AWS::Lambda::Alias":
		if f := b.fns[b.aliases[r.id]]; f != nil && !f.Alias.IsSet() {
			f.Alias = b.tp.str(r.props.get("Name"), r.key.rng)
		}
	case "AWS::SQS::QueuePolicy":
		b.queuePolicy(r)
	case "AWS::SNS::TopicPolicy":
		b.topicPolicy(r)
	case "AWS::SNS::Topic":
		b.topicSubscriptions(r)
	case "AWS::SNS::Subscription":
		b.subscription(r)
	case "AWS::Logs::SubscriptionFilter":
		b.logSubscription(r)
	case "AWS::S3::Bucket":
		b.bucketNotifications(r)
	case "AWS::Events::Rule", "AWS::Scheduler::Schedule":
		b.eventRuleTargets(r)
	case "AWS::ApiGateway::Method":
		b.restMethod(r)
	case "AWS::ApiGateway::Stage":
		b.restStage(r)
	case "AWS::ApiGateway::Deployment":
		b.restDeployment(r)
	case "AWS::ApiGateway::UsagePlan":
		b.usagePlan(r)
	case "AWS::ApiGatewayV2::Route":
		b.httpRoute(r)
	case "AWS::ApiGatewayV2::Stage":
		b.httpStage(r)
	case "AWS::ApiGatewayV2::Api":
		b.httpQuickCreate(r)
	case "AWS::IAM::Role":
		b.attachManaged(r)
	case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
		b.attachPolicy(r)
	}
}

// functionOf returns the ID of the function a value refers to: directly, through an alias
// or version, or by its known name or ARN.
func (b *builder) functionOf(a model.Attr[string]) string {
	if a.Ref != "" {
		if _, ok := b.fns[a.Ref]; ok {
			return a.Ref
		}
		if fn, ok := b.aliases[a.Ref]; ok {
			return fn
		}
		return ""
	}
	if !a.Known() || a.Value == "" {
		return ""
	}
	name := a.Value
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
		if j := strings.IndexByte(name, ':'); j >= 0 {
			name = name[:j]
		}
	}
	for _, f := range b.p.Functions {
		if f.Name.Known() && f.Name.Value == name {
			return f.ID
		}
	}
	return ""
}

// suppressions reads a resource's Metadata.slslint.ignore entries.
func (b *builder) suppressions(r *resource) {
	ignore := r.body.path("Metadata", "slslint", "ignore")
	if ignore == nil {
		return
	}
	if ignore.kind != seqNode {
		b.tp.problem(ignore.rng, "Metadata.slslint.ignore must be a list of {id, reason} entries")
		return
	}
	for _, e := range ignore.content {
		id := e.get("id")
		if id == nil || id.kind != scalarNode || id.value == "" {
			b.tp.problem(e.rng, "a Metadata.slslint.ignore entry needs an id (the rule ID, SLSnnn)")
			continue
		}
		reason := ""
		if rn := e.get("reason"); rn != nil && rn.kind == scalarNode {
			reason = rn.value
		}
		b.sups = append(b.sups, model.Suppression{At: e.rng, Scope: r.whole(), RuleID: id.value, Reason: reason})
	}
}

// addTrigger adds a trigger to a function.
func (b *builder) addTrigger(fnID string, t *model.Trigger) {
	if f := b.fns[fnID]; f != nil {
		f.Triggers = append(f.Triggers, t)
	}
}

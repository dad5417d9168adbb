package terraform

import (
	"path/filepath"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// adapter turns the evaluated resources of one root module into the model.
type adapter struct {
	ps *projectState
	p  *model.Project

	byType map[string][]*resInstance

	functions map[string]*model.Function
	fnNames   map[string][]*model.Function
	// fnConfig keeps what later passes need from a function's configuration.
	fnLogGroup map[*model.Function]model.Attr[string]
	aliases    map[string]*model.Function // alias ID → function
	aliasNames map[string]model.Attr[string]
	queues     map[string]*model.Queue
	topics     map[string]*model.Topic
	buckets    map[string]*model.Bucket
	tables     map[string]*model.Table
	streams    map[string]*model.Stream
	logGroups  map[string]*model.LogGroup
	roles      map[string]*model.Role
	roleNames  map[string]*model.Role
	policies   map[string]*model.Policy // aws_iam_policy ID → its statements
	rules      map[string]*model.EventRule
	apis       map[string]*model.API
	// REST API pieces.
	restPaths map[string]string // aws_api_gateway_resource ID → path
	methods   map[string]*model.Route
	methodAPI map[*model.Route]*model.API
	stages    map[string]*model.Stage
	// HTTP API integrations: ID → function ID and payload format version.
	integrations map[string]httpIntegration
	// docs caches the statements of aws_iam_policy_document data sources.
	docs map[string][]*model.Statement
	// pendingRules are rules not yet known to target a function.
	pendingRules map[string]*model.EventRule
	// sfnTasks are state machine tasks with the function they may invoke.
	sfnTasks  []sfnTask
	ruleOrder []*model.EventRule
	// Partners declared elsewhere (external.go), by how they are written; webSocket marks
	// the external v2 APIs that turned out to be WebSocket APIs.
	externalAPIs   map[string]*model.API
	externalQueues map[string]*model.Queue
	externalTopics map[string]*model.Topic
	webSocket      map[*model.API]bool
}

type httpIntegration struct {
	function string
	payload  model.Attr[string]
}

func adapt(ps *projectState) {
	a := &adapter{ps: ps, p: ps.p, byType: map[string][]*resInstance{},
		functions: map[string]*model.Function{}, fnNames: map[string][]*model.Function{},
		fnLogGroup: map[*model.Function]model.Attr[string]{}, aliases: map[string]*model.Function{}, aliasNames: map[string]model.Attr[string]{},
		queues: map[string]*model.Queue{}, topics: map[string]*model.Topic{}, buckets: map[string]*model.Bucket{},
		tables: map[string]*model.Table{}, streams: map[string]*model.Stream{}, logGroups: map[string]*model.LogGroup{},
		roles: map[string]*model.Role{}, roleNames: map[string]*model.Role{}, policies: map[string]*model.Policy{},
		rules: map[string]*model.EventRule{}, apis: map[string]*model.API{}, restPaths: map[string]string{},
		methods: map[string]*model.Route{}, methodAPI: map[*model.Route]*model.API{}, stages: map[string]*model.Stage{},
		integrations: map[string]httpIntegration{}, docs: map[string][]*model.Statement{}, pendingRules: map[string]*model.EventRule{},
		externalAPIs: map[string]*model.API{}, externalQueues: map[string]*model.Queue{}, externalTopics: map[string]*model.Topic{},
		webSocket: map[*model.API]bool{},
	}
	for _, in := range ps.instances {
		for _, n := range in.order {
			if n.data {
				continue
			}
			a.byType[n.typ] = append(a.byType[n.typ], n.instances...)
		}
	}
	a.entities()
	for _, rl := range ps.lambdas {
		a.registryEntities(rl)
	}
	a.relations()
	for _, rl := range ps.lambdas {
		a.registryRelations(rl)
	}
	a.dropWebSocketAPIs()
	a.linkLogGroups()
}

func (a *adapter) each(typ string, fn func(ri *resInstance, b blockView)) {
	for _, ri := range a.byType[typ] {
		if a.ps.l.ctx.Err() != nil {
			return
		}
		fn(ri, ri.view())
	}
}

func resource(ri *resInstance, b blockView, nameAttr string) model.Resource {
	r := model.Resource{ID: ri.id, Type: ri.node.typ, At: b.at}
	if nameAttr != "" {
		r.Name = b.str(nameAttr)
	} else {
		r.Name = model.Missing[string](b.at)
	}
	return r
}

// entities creates the model's entities; relations then connects them.
func (a *adapter) entities() {
	a.each("aws_lambda_function", a.function)
	a.each("aws_sqs_queue", func(ri *resInstance, b blockView) {
		q := &model.Queue{Resource: resource(ri, b, "name")}
		q.VisibilityTimeoutSecs = orDefault(b.int("visibility_timeout_seconds"), 30)
		q.FIFO = orDefault(b.bool("fifo_queue"), false)
		q.KMSKey = b.str("kms_master_key_id")
		q.ManagedSSE = b.bool("sqs_managed_sse_enabled")
		// An empty kms_master_key_id is no key: the queue gets the default SSE-SQS.
		noKey := q.KMSKey.Origin == model.Absent || q.KMSKey.Known() && strings.TrimSpace(q.KMSKey.Value) == ""
		if q.ManagedSSE.Origin == model.Absent && noKey {
			q.ManagedSSE = model.Defaulted(true, b.at)
		}
		q.RedriveTarget, q.MaxReceiveCount = model.Missing[string](b.at), model.Missing[int](b.at)
		if att, ok := b.attr("redrive_policy"); ok {
			a.redrive(q, ri.scope.docNode(att.Expr, 0), b.at)
		}
		if att, ok := b.attr("policy"); ok {
			q.Policy = a.statements(ri.scope, att.Expr)
		}
		a.queues[ri.id] = q
		a.p.Queues = append(a.p.Queues, q)
	})
	a.each("aws_sns_topic", func(ri *resInstance, b blockView) {
		t := &model.Topic{Resource: resource(ri, b, "name"), KMSKey: b.str("kms_master_key_id")}
		if att, ok := b.attr("policy"); ok {
			t.Policy = a.statements(ri.scope, att.Expr)
		}
		a.topics[ri.id] = t
		a.p.Topics = append(a.p.Topics, t)
	})
	a.each("aws_s3_bucket", func(ri *resInstance, b blockView) {
		bk := &model.Bucket{Resource: resource(ri, b, "bucket")}
		a.buckets[ri.id] = bk
		a.p.Buckets = append(a.p.Buckets, bk)
	})
	a.each("aws_dynamodb_table", func(ri *resInstance, b blockView) {
		t := &model.Table{Resource: resource(ri, b, "name"), HashKey: b.str("hash_key"), RangeKey: b.str("range_key")}
		enabled := b.bool("stream_enabled")
		switch {
		case enabled.Origin == model.Unknown:
			t.StreamView = model.Unresolved[string](enabled.At)
		case enabled.Known() && enabled.Value:
			t.StreamView = b.str("stream_view_type")
		default:
			t.StreamView = model.Missing[string](b.at)
		}
		a.tables[ri.id] = t
		a.p.Tables = append(a.p.Tables, t)
	})
	a.each("aws_kinesis_stream", func(ri *resInstance, b blockView) {
		s := &model.Stream{Resource: resource(ri, b, "name"), ShardCount: b.int("shard_count")}
		if md, ok := b.first("stream_mode_details"); ok {
			if mode := md.str("stream_mode"); mode.Origin == model.Unknown || mode.Known() && strings.EqualFold(mode.Value, "ON_DEMAND") {
				s.ShardCount = model.Unresolved[int](mode.At)
			}
		}
		a.streams[ri.id] = s
		a.p.Streams = append(a.p.Streams, s)
	})
	a.each("aws_cloudwatch_log_group", func(ri *resInstance, b blockView) {
		lg := &model.LogGroup{Resource: resource(ri, b, "name"), RetentionDays: b.int("retention_in_days")}
		if lg.RetentionDays.Known() && lg.RetentionDays.Value == 0 {
			lg.RetentionDays = model.Missing[int](lg.RetentionDays.At) // 0 means never expire
		}
		a.logGroups[ri.id] = lg
		a.p.LogGroups = append(a.p.LogGroups, lg)
	})
	a.each("aws_budgets_budget", func(ri *resInstance, b blockView) {
		a.p.Budgets = append(a.p.Budgets, &model.Budget{Resource: resource(ri, b, "name")})
	})
	a.each("aws_iam_role", func(ri *resInstance, b blockView) {
		r := &model.Role{Resource: resource(ri, b, "name")}
		for _, ip := range b.blocks("inline_policy") {
			if att, ok := ip.attr("policy"); ok {
				r.Policies = append(r.Policies, &model.Policy{At: ip.at, ManagedARN: model.Missing[string](ip.at), Statements: a.statements(ip.s, att.Expr)})
			}
		}
		if att, ok := b.attr("managed_policy_arns"); ok {
			for _, e := range ri.scope.valueNode(att.Expr, 0).list() {
				r.Policies = append(r.Policies, a.managedPolicy(nodeString(e, b.at), e.at))
			}
		}
		a.roles[ri.id] = r
		if r.Name.Known() {
			a.roleNames[r.Name.Value] = r
		}
		a.p.Roles = append(a.p.Roles, r)
	})
	a.each("aws_iam_policy", func(ri *resInstance, b blockView) {
		pol := &model.Policy{At: b.at, ManagedARN: model.Missing[string](b.at)}
		if att, ok := b.attr("policy"); ok {
			pol.Statements = a.statements(ri.scope, att.Expr)
		}
		a.policies[ri.id] = pol
	})
	a.each("aws_sfn_state_machine", a.stateMachine)
	a.each("aws_api_gateway_rest_api", func(ri *resInstance, b blockView) {
		api := &model.API{Resource: resource(ri, b, "name"), Kind: model.RESTAPI,
			DefaultAuthorizer: model.Missing[string](b.at), APIKeyRequired: model.Missing[bool](b.at), UsagePlan: model.Missing[bool](b.at)}
		a.apis[ri.id] = api
		a.p.APIs = append(a.p.APIs, api)
	})
	a.each("aws_apigatewayv2_api", func(ri *resInstance, b blockView) {
		proto := b.str("protocol_type")
		if proto.Known() && strings.EqualFold(proto.Value, "WEBSOCKET") {
			return
		}
		api := &model.API{Resource: resource(ri, b, "name"), Kind: model.HTTPAPI,
			DefaultAuthorizer: model.Missing[string](b.at), APIKeyRequired: model.Missing[bool](b.at), UsagePlan: model.Missing[bool](b.at)}
		if c, ok := b.first("cors_configuration"); ok {
			api.CORS = &model.CORS{At: c.at, AllowOrigins: c.strings("allow_origins"), AllowCredentials: orDefault(c.bool("allow_credentials"), false)}
		}
		a.apis[ri.id] = api
		a.p.APIs = append(a.p.APIs, api)
		// Quick create: target makes a $default route and stage integrated with it.
		if target := b.str("target"); target.IsSet() {
			rt := &model.Route{At: target.At, Method: model.Defaulted("ANY", b.at), Path: model.Defaulted("$default", b.at),
				AuthorizationType: model.Defaulted("NONE", b.at), Authorizer: model.Missing[string](b.at), APIKeyRequired: model.Missing[bool](b.at), Private: model.Missing[bool](b.at)}
			if rk := b.str("route_key"); rk.IsSet() {
				rt.Method, rt.Path = splitRouteKey(rk)
			}
			api.Routes = append(api.Routes, rt)
			api.Stages = append(api.Stages, &model.Stage{At: b.at, Name: model.Defaulted("$default", b.at),
				ThrottlingBurstLimit: model.Missing[int](b.at), ThrottlingRateLimit: model.Missing[float64](b.at),
				TracingEnabled: model.Missing[bool](b.at), AccessLogDestination: model.Missing[string](b.at)})
			if f := a.functionFor(target); f != nil {
				rt.Function = f.ID
				f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerHTTPAPI, At: target.At, Name: ri.id,
					Source: model.Attr[string]{Value: ri.id, Origin: model.Explicit, At: b.at, Ref: ri.id},
					API:    model.Attr[string]{Value: ri.id, Origin: model.Explicit, At: b.at, Ref: ri.id}, Method: rt.Method, Path: rt.Path,
					PayloadFormatVersion: model.Defaulted("2.0", b.at), Route: rt})
			}
		}
	})
}

// function reads an aws_lambda_function.
func (a *adapter) function(ri *resInstance, b blockView) {
	f := &model.Function{Resource: resource(ri, b, "function_name")}
	f.Runtime = b.str("runtime")
	f.Handler = b.str("handler")
	f.Architecture = model.Defaulted("x86_64", b.at)
	if archs := b.strings("architectures"); archs.Origin == model.Explicit && len(archs.Value) > 0 {
		f.Architecture = model.Attr[string]{Value: archs.Value[0], Origin: model.Explicit, At: archs.At}
	} else if archs.Origin == model.Unknown {
		f.Architecture = model.Unresolved[string](archs.At)
	}
	f.MemoryMB = orDefault(b.int("memory_size"), 128)
	f.TimeoutSeconds = orDefault(b.int("timeout"), 3)
	f.ReservedConcurrency = b.int("reserved_concurrent_executions")
	if f.ReservedConcurrency.Known() && f.ReservedConcurrency.Value == -1 {
		f.ReservedConcurrency = model.Missing[int](f.ReservedConcurrency.At)
	}
	f.Tracing = model.Defaulted("PassThrough", b.at)
	if tc, ok := b.first("tracing_config"); ok {
		f.Tracing = orDefault(tc.str("mode"), "PassThrough")
	}
	for _, env := range b.blocks("environment") {
		att, ok := env.attr("variables")
		if !ok {
			continue
		}
		n := env.s.valueNode(att.Expr, 0)
		switch n.kind {
		case nObject:
			for _, fl := range n.fields {
				v := nodeString(fl.val, fl.at)
				if fl.val.kind == nNull {
					continue
				}
				f.Environment = append(f.Environment, model.EnvVar{Name: fl.key, Value: v})
			}
			f.EnvironmentUnknown = f.EnvironmentUnknown || n.partial
		case nNull:
		default:
			f.EnvironmentUnknown = true
		}
	}
	f.DeadLetterTarget = model.Missing[string](b.at)
	if dl, ok := b.first("dead_letter_config"); ok {
		f.DeadLetterTarget = dl.str("target_arn")
	}
	f.OnFailure, f.OnSuccess = model.Missing[string](b.at), model.Missing[string](b.at)
	f.AsyncMaxRetries = model.Defaulted(2, b.at)
	f.AsyncMaxEventAgeSecs = model.Defaulted(21600, b.at)
	f.Role = a.roleRef(b.str("role"))
	f.RecursiveLoop = model.Defaulted("Terminate", b.at)
	f.Alias = model.Missing[string](b.at)
	f.LogGroup, f.LogRetentionDays = model.Missing[string](b.at), model.Missing[int](b.at)
	if lc, ok := b.first("logging_config"); ok {
		a.fnLogGroup[f] = lc.str("log_group")
	}
	f.Code = a.code(b)
	a.addFunction(f)
}

func (a *adapter) addFunction(f *model.Function) {
	a.functions[f.ID] = f
	if f.Name.Known() {
		a.fnNames[f.Name.Value] = append(a.fnNames[f.Name.Value], f)
	}
	a.p.Functions = append(a.p.Functions, f)
}

// roleRef turns a function's role attribute into the role's ID when it refers to one.
func (a *adapter) roleRef(r model.Attr[string]) model.Attr[string] {
	if r.Ref != "" {
		r.Value, r.Origin = r.Ref, model.Explicit
	}
	return r
}

// code reads where a function's code comes from.
func (a *adapter) code(b blockView) model.Code {
	c := model.Code{Dir: model.Missing[string](b.at), File: model.Missing[string](b.at), BuildMethod: model.Missing[string](b.at)}
	for _, attr := range []string{"filename", "source_code_hash"} {
		v, at, ok := b.value(attr)
		if !ok {
			continue
		}
		_, mi := marksOf(v)
		if id := mi.dataOf("archive_file"); id != "" {
			if ri := a.ps.byID[id]; ri != nil {
				ab := ri.view()
				if dir := ab.str("source_dir"); dir.IsSet() {
					c.Dir = a.repoPath(dir)
				}
				if file := ab.str("source_file"); file.IsSet() {
					c.File = a.repoPath(file)
				}
				if c.Dir.IsSet() || c.File.IsSet() {
					return c
				}
			}
		}
		if attr == "filename" {
			c.File = a.repoPath(stringOf(v, at))
		}
	}
	return c
}

// repoPath resolves a path written in the configuration (relative to the root module's
// directory, Terraform's working directory) to a repository-relative path.
func (a *adapter) repoPath(p model.Attr[string]) model.Attr[string] {
	if !p.Known() {
		return p
	}
	abs := filepath.FromSlash(p.Value)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(a.ps.rootDir, abs)
	}
	rel, inside := a.ps.l.rel(filepath.Clean(abs))
	if !inside {
		p.Origin, p.Value = model.Unknown, ""
		return p
	}
	if rel == "" {
		rel = "."
	}
	p.Value = rel
	return p
}

func (a *adapter) managedPolicy(arn model.Attr[string], at model.Range) *model.Policy {
	pol := &model.Policy{At: at, ManagedARN: arn}
	if p, ok := a.policies[arn.Ref]; ok {
		return &model.Policy{At: at, ManagedARN: model.Missing[string](at), Statements: p.Statements}
	}
	return pol
}

// functionFor finds the function an attribute refers to: by reference (to the function
// or one of its aliases), else by name or ARN.
func (a *adapter) functionFor(v model.Attr[string]) *model.Function {
	if v.Ref != "" {
		if f, ok := a.functions[v.Ref]; ok {
			return f
		}
		if f, ok := a.aliases[v.Ref]; ok {
			return f
		}
	}
	if !v.Known() {
		return nil
	}
	name := v.Value
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
		if j := strings.IndexByte(name, ':'); j >= 0 {
			name = name[:j]
		}
	}
	if fs := a.fnNames[name]; len(fs) == 1 {
		return fs[0]
	}
	return nil
}

// redrive reads a redrive policy document into the queue.
func (a *adapter) redrive(q *model.Queue, doc *node, at model.Range) {
	switch doc.kind {
	case nObject:
		q.RedriveTarget = nodeString(doc.get("deadLetterTargetArn"), at)
		q.MaxReceiveCount = nodeInt(doc.get("maxReceiveCount"), at)
		if doc.partial {
			if q.RedriveTarget.Origin == model.Absent {
				q.RedriveTarget = model.Unresolved[string](doc.at)
			}
			if q.MaxReceiveCount.Origin == model.Absent {
				q.MaxReceiveCount = model.Unresolved[int](doc.at)
			}
		}
	case nNull:
	default:
		q.RedriveTarget = model.Attr[string]{Origin: model.Unknown, At: doc.at, Ref: doc.info.ref()}
		q.MaxReceiveCount = model.Unresolved[int](doc.at)
	}
}

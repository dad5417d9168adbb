package terraform

import (
	"path/filepath"

	"github.com/zclconf/go-cty/cty"

	"github.com/slslint/slslint/iac/model"
)

// The registry module terraform-aws-modules/lambda/aws is read as a function of its
// inputs, following the module's variables.tf and main.tf (v7/v8): the function
// aws_lambda_function.this[0], its role aws_iam_role.lambda[0] with the policies the
// attach_* inputs add, the log group aws_cloudwatch_log_group.lambda[0] (created unless
// use_existing_cloudwatch_log_group is set, with cloudwatch_logs_retention_in_days,
// never expiring by default), the function URL, async invoke configuration, event source
// mappings and allowed triggers. Defaults are the module's: timeout 3, memory_size 128,
// reserved_concurrent_executions -1 (none), authorization_type "NONE" for the URL.

type registryLambda struct {
	ci                  *callInstance
	fnID, roleID, logID string
	fn                  *model.Function
}

func newRegistryLambda(ci *callInstance) *registryLambda {
	rl := &registryLambda{ci: ci, fnID: ci.prefix + "aws_lambda_function.this[0]", roleID: ci.prefix + "aws_iam_role.lambda[0]",
		logID: ci.prefix + "aws_cloudwatch_log_group.lambda[0]"}
	ci.call.parent.ps.lambdas = append(ci.call.parent.ps.lambdas, rl)
	return rl
}

// view is the module block's arguments, evaluated in the caller's scope.
func (rl *registryLambda) view() blockView {
	return blockView{body: rl.ci.call.block.Body, at: toRange(rl.ci.call.block.DefRange()), s: rl.ci.scope}
}

// flag reads a boolean input; an unknown one counts as its default.
func (rl *registryLambda) flag(name string, def bool) bool {
	a := rl.view().bool(name)
	if a.Known() {
		return a.Value
	}
	return def
}

func (rl *registryLambda) creates() bool {
	return rl.flag("create", true) && rl.flag("create_function", true) && !rl.flag("create_layer", false)
}

// output returns one of the module's outputs, marked with the resource it comes from.
func (rl *registryLambda) output(name string) cty.Value {
	b := rl.view()
	switch name {
	case "lambda_function_name":
		v, _, ok := b.value("function_name")
		if !ok {
			v = cty.StringVal("")
		}
		return markFrom(v, refMark{id: rl.fnID})
	case "lambda_function_arn", "lambda_function_arn_static", "lambda_function_invoke_arn", "lambda_function_qualified_arn",
		"lambda_function_qualified_invoke_arn", "lambda_function_version", "lambda_function_url", "lambda_function_url_id",
		"lambda_function_source_code_hash", "lambda_function_kms_key_arn", "lambda_function_signing_job_arn":
		return unknownString.Mark(refMark{id: rl.fnID})
	case "lambda_role_arn", "lambda_role_name", "lambda_role_unique_id":
		return unknownString.Mark(refMark{id: rl.roleID})
	case "lambda_cloudwatch_log_group_name":
		if v, _, ok := b.value("logging_log_group"); ok {
			return markFrom(v, refMark{id: rl.logID})
		}
		v, _, ok := b.value("function_name")
		if !ok {
			return unknownString.Mark(refMark{id: rl.logID})
		}
		if name, ok := knownString(v); ok {
			return cty.StringVal("/aws/lambda/" + name).Mark(refMark{id: rl.logID})
		}
		return unknownString.Mark(refMark{id: rl.logID})
	case "lambda_cloudwatch_log_group_arn":
		return unknownString.Mark(refMark{id: rl.logID})
	}
	return cty.DynamicVal
}

// registryEntities creates the function, its role and its log group.
func (a *adapter) registryEntities(rl *registryLambda) {
	if !rl.creates() {
		return
	}
	b := rl.view()
	f := &model.Function{Resource: model.Resource{ID: rl.fnID, Type: "aws_lambda_function", At: b.at, Name: b.str("function_name")}}
	image := b.str("package_type")
	isImage := image.Known() && image.Value == "Image"
	f.Runtime, f.Handler = nonEmpty(b.str("runtime")), nonEmpty(b.str("handler"))
	if isImage {
		f.Runtime, f.Handler = model.Missing[string](b.at), model.Missing[string](b.at)
	}
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
	f.Tracing = orDefault(b.str("tracing_mode"), "PassThrough")
	if att, ok := b.attr("environment_variables"); ok {
		n := b.s.valueNode(att.Expr, 0)
		switch n.kind {
		case nObject:
			for _, fl := range n.fields {
				if fl.val.kind != nNull {
					f.Environment = append(f.Environment, model.EnvVar{Name: fl.key, Value: nodeString(fl.val, fl.at)})
				}
			}
			f.EnvironmentUnknown = n.partial
		case nNull:
		default:
			f.EnvironmentUnknown = true
		}
	}
	f.DeadLetterTarget = b.str("dead_letter_target_arn")
	f.OnFailure, f.OnSuccess = model.Missing[string](b.at), model.Missing[string](b.at)
	f.AsyncMaxRetries, f.AsyncMaxEventAgeSecs = model.Defaulted(2, b.at), model.Defaulted(21600, b.at)
	if rl.flag("create_async_event_config", false) {
		f.AsyncMaxRetries = orDefault(b.int("maximum_retry_attempts"), 2)
		f.AsyncMaxEventAgeSecs = orDefault(b.int("maximum_event_age_in_seconds"), 21600)
		f.OnFailure, f.OnSuccess = b.str("destination_on_failure"), b.str("destination_on_success")
	}
	f.RecursiveLoop = orDefault(b.str("recursive_loop"), "Terminate")
	f.Alias = model.Missing[string](b.at)
	f.LogGroup, f.LogRetentionDays = model.Missing[string](b.at), model.Missing[int](b.at)
	f.Code = a.registryCode(b)

	if rl.flag("create_role", true) {
		role := &model.Role{Resource: model.Resource{ID: rl.roleID, Type: "aws_iam_role", At: b.at, Name: b.str("role_name")}}
		if role.Name.Origin == model.Absent {
			role.Name = f.Name
		}
		role.Policies = a.registryPolicies(rl, b, f)
		a.roles[role.ID] = role
		a.p.Roles = append(a.p.Roles, role)
		f.Role = model.Attr[string]{Value: role.ID, Origin: model.Default, At: b.at, Ref: role.ID}
	} else {
		f.Role = a.roleRef(b.str("lambda_role"))
	}

	logGroup := b.str("logging_log_group")
	if !rl.flag("use_existing_cloudwatch_log_group", false) {
		name := logGroup
		if name.Origin == model.Absent {
			name = f.Name
			if name.Known() {
				name.Value = "/aws/lambda/" + name.Value
			}
		}
		lg := &model.LogGroup{Resource: model.Resource{ID: rl.logID, Type: "aws_cloudwatch_log_group", At: b.at, Name: name},
			RetentionDays: b.int("cloudwatch_logs_retention_in_days")}
		if lg.RetentionDays.Known() && lg.RetentionDays.Value == 0 {
			lg.RetentionDays = model.Missing[int](lg.RetentionDays.At)
		}
		a.logGroups[lg.ID] = lg
		a.p.LogGroups = append(a.p.LogGroups, lg)
		a.fnLogGroup[f] = model.Attr[string]{Value: lg.ID, Origin: model.Explicit, At: b.at, Ref: lg.ID}
	} else if logGroup.IsSet() {
		a.fnLogGroup[f] = logGroup
	}

	if rl.flag("create_lambda_function_url", false) {
		at := b.str("create_lambda_function_url").At
		u := &model.FunctionURL{At: at, AuthType: orDefault(b.str("authorization_type"), "NONE"), Qualifier: model.Missing[string](at)}
		if att, ok := b.attr("cors"); ok {
			n := b.s.valueNode(att.Expr, 0)
			if n.kind == nObject && len(n.fields) > 0 {
				u.CORS = &model.CORS{At: n.at, AllowOrigins: nodeStrings(n.get("allow_origins"), n.at),
					AllowCredentials: nodeBool(n.get("allow_credentials"), n.at)}
				if u.CORS.AllowCredentials.Origin == model.Absent {
					u.CORS.AllowCredentials = model.Defaulted(false, n.at)
				}
			}
		}
		a.p.AddFunctionURL(f, u)
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerFunctionURL, At: at, Name: rl.ci.prefix + "aws_lambda_function_url.this[0]",
			Source: model.Attr[string]{Value: rl.fnID, Origin: model.Explicit, At: at, Ref: rl.fnID}})
	}
	rl.fn = f
	a.addFunction(f)
}

func nonEmpty(a model.Attr[string]) model.Attr[string] {
	if a.Known() && a.Value == "" {
		return model.Missing[string](a.At)
	}
	return a
}

// registryCode reads source_path (a path, or a list of paths and {path = ...} maps) and
// local_existing_package.
func (a *adapter) registryCode(b blockView) model.Code {
	c := model.Code{Dir: model.Missing[string](b.at), File: model.Missing[string](b.at), BuildMethod: model.Missing[string](b.at)}
	if pkg := b.str("local_existing_package"); pkg.IsSet() {
		c.File = a.repoPath(pkg)
	}
	att, ok := b.attr("source_path")
	if !ok {
		return c
	}
	n := b.s.valueNode(att.Expr, 0)
	first := n
	if n.kind == nArray {
		if len(n.elems) == 0 {
			return c
		}
		first = n.elems[0]
	}
	if first.kind == nObject {
		first = first.get("path")
	}
	p := a.repoPath(nodeString(first, toRange(att.Expr.Range())))
	if !p.Known() {
		c.Dir = p
		return c
	}
	if info, err := a.ps.l.repo.Stat(filepath.Join(a.ps.l.root, filepath.FromSlash(p.Value))); err == nil && !info.IsDir() {
		c.File = p
	} else {
		c.Dir = p
	}
	return c
}

// registryPolicies builds the policies the module attaches to the role it creates.
func (a *adapter) registryPolicies(rl *registryLambda, b blockView, f *model.Function) []*model.Policy {
	var out []*model.Policy
	statement := func(at model.Range, resources []model.Attr[string], actions ...string) *model.Policy {
		st := &model.Statement{At: at, Effect: model.Defaulted("Allow", at), Resources: resources}
		for _, act := range actions {
			st.Actions = append(st.Actions, model.Defaulted(act, at))
		}
		return &model.Policy{At: at, ManagedARN: model.Missing[string](at), Statements: []*model.Statement{st}}
	}
	managed := func(at model.Range, arn string) *model.Policy {
		return &model.Policy{At: at, ManagedARN: model.Defaulted(arn, at)}
	}
	if rl.flag("attach_cloudwatch_logs_policy", true) {
		actions := []string{"logs:CreateLogStream", "logs:PutLogEvents"}
		if rl.flag("attach_create_log_group_permission", true) {
			actions = append([]string{"logs:CreateLogGroup"}, actions...)
		}
		res := []model.Attr[string]{{Origin: model.Unknown, At: b.at, Ref: rl.logID}}
		out = append(out, statement(b.at, res, actions...))
	}
	if rl.flag("attach_dead_letter_policy", false) && f.DeadLetterTarget.IsSet() {
		out = append(out, statement(b.str("attach_dead_letter_policy").At, []model.Attr[string]{f.DeadLetterTarget}, "sns:Publish", "sqs:SendMessage"))
	}
	if rl.flag("attach_tracing_policy", false) {
		out = append(out, managed(b.str("attach_tracing_policy").At, "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"))
	}
	if rl.flag("attach_network_policy", false) {
		out = append(out, managed(b.str("attach_network_policy").At, "arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess"))
	}
	if rl.flag("attach_async_event_policy", false) {
		var dests []model.Attr[string]
		for _, d := range []model.Attr[string]{f.OnFailure, f.OnSuccess} {
			if d.IsSet() {
				dests = append(dests, d)
			}
		}
		out = append(out, statement(b.str("attach_async_event_policy").At, dests, "sns:Publish", "sqs:SendMessage", "events:PutEvents", "lambda:InvokeFunction"))
	}
	if rl.flag("attach_policy_json", false) {
		if att, ok := b.attr("policy_json"); ok {
			out = append(out, &model.Policy{At: toRange(att.Expr.Range()), ManagedARN: model.Missing[string](b.at), Statements: a.statements(b.s, att.Expr)})
		}
	}
	if rl.flag("attach_policy_jsons", false) {
		if att, ok := b.attr("policy_jsons"); ok {
			for _, e := range b.s.valueNode(att.Expr, 0).list() {
				out = append(out, &model.Policy{At: e.at, ManagedARN: model.Missing[string](b.at), Statements: a.docStatements(e)})
			}
		}
	}
	if rl.flag("attach_policy", false) {
		if p := b.str("policy"); p.IsSet() {
			out = append(out, a.managedPolicy(p, p.At))
		}
	}
	if rl.flag("attach_policies", false) {
		if att, ok := b.attr("policies"); ok {
			for _, e := range b.s.valueNode(att.Expr, 0).list() {
				out = append(out, a.managedPolicy(nodeString(e, b.at), e.at))
			}
		}
	}
	if rl.flag("attach_policy_statements", false) {
		if att, ok := b.attr("policy_statements"); ok {
			n := b.s.valueNode(att.Expr, 0)
			pol := &model.Policy{At: toRange(att.Expr.Range()), ManagedARN: model.Missing[string](b.at)}
			for _, fl := range n.fields {
				pol.Statements = append(pol.Statements, moduleStatement(fl.val, fl.at))
			}
			if n.kind != nObject || n.partial {
				pol.Statements = append(pol.Statements, &model.Statement{At: n.at, Effect: model.Unresolved[string](n.at), Unknown: true})
			}
			out = append(out, pol)
		}
	}
	return out
}

// moduleStatement reads one of the module's policy_statements: {effect, actions,
// resources, principals = [{type, identifiers}], condition = [...]}.
func moduleStatement(n *node, at model.Range) *model.Statement {
	st := &model.Statement{At: at}
	if n.kind != nObject {
		st.Effect, st.Unknown = model.Unresolved[string](at), true
		return st
	}
	st.Effect = nodeString(n.get("effect"), at)
	if st.Effect.Origin == model.Absent {
		st.Effect = model.Defaulted("Allow", at)
	}
	var unknown bool
	st.Actions, unknown = elements(n.get("actions"), at)
	st.Unknown = st.Unknown || unknown
	st.Resources, unknown = elements(n.get("resources"), at)
	st.Unknown = st.Unknown || unknown
	st.NotActions, unknown = elements(n.get("not_actions"), at)
	st.Unknown = st.Unknown || unknown
	st.NotResources, unknown = elements(n.get("not_resources"), at)
	st.Unknown = st.Unknown || unknown
	for _, p := range n.get("principals").list() {
		vals, unknown := elements(p.get("identifiers"), at)
		st.Principals = append(st.Principals, vals...)
		st.Unknown = st.Unknown || unknown
	}
	if n.get("not_principals") != nil {
		st.Unknown = true
	}
	if c := n.get("condition"); c != nil && c.kind != nNull {
		st.HasCondition = true
	}
	return st
}

// registryRelations adds the module's event source mappings and allowed triggers.
func (a *adapter) registryRelations(rl *registryLambda) {
	f := rl.fn
	if f == nil {
		return
	}
	b := rl.view()
	if att, ok := b.attr("event_source_mapping"); ok {
		n := b.s.valueNode(att.Expr, 0)
		for _, fl := range n.fields {
			f.Triggers = append(f.Triggers, a.moduleMapping(rl, fl))
		}
	}
	if att, ok := b.attr("allowed_triggers"); ok {
		n := b.s.valueNode(att.Expr, 0)
		for _, fl := range n.fields {
			t := fl.val
			principal := nodeString(t.get("principal"), fl.at)
			if principal.Origin == model.Absent {
				svc := nodeString(t.get("service"), fl.at)
				principal = svc
				if svc.Known() {
					principal.Value = svc.Value + ".amazonaws.com"
				}
			}
			src := nodeString(t.get("source_arn"), fl.at)
			if src.Origin == model.Absent && t.get("arn") != nil {
				src = nodeString(t.get("arn"), fl.at)
				src.Origin = model.Unknown
			}
			a.p.Permissions = append(a.p.Permissions, &model.Permission{
				Resource: model.Resource{ID: rl.ci.prefix + "aws_lambda_permission.unqualified_alias_triggers[" + quote(fl.key) + "]",
					Type: "aws_lambda_permission", At: fl.at, Name: model.Attr[string]{Value: fl.key, Origin: model.Explicit, At: fl.at}},
				Function: f.ID, Action: orDefault(nodeString(t.get("action"), fl.at), "lambda:InvokeFunction"), Principal: principal,
				SourceArn: src, SourceAccount: nodeString(t.get("source_account"), fl.at),
			})
		}
	}
}

func (a *adapter) moduleMapping(rl *registryLambda, fl field) *model.Trigger {
	m, at := fl.val, fl.at
	src := nodeString(m.get("event_source_arn"), at)
	kind := a.sourceKind(src)
	if kind == model.TriggerOther {
		switch {
		case m.get("topics") != nil || m.get("self_managed_event_source") != nil:
			kind = model.TriggerKafka
		case m.get("queues") != nil:
			kind = model.TriggerMQ
		}
	}
	t := &model.Trigger{Kind: kind, At: at, Name: rl.ci.prefix + "aws_lambda_event_source_mapping.this[" + quote(fl.key) + "]", Source: src}
	t.BatchSize = nodeInt(m.get("batch_size"), at)
	switch kind {
	case model.TriggerSQS:
		t.BatchSize = orDefault(t.BatchSize, 10)
	case model.TriggerOther:
	default:
		t.BatchSize = orDefault(t.BatchSize, 100)
	}
	t.MaxBatchingWindowSecs = orDefault(nodeInt(m.get("maximum_batching_window_in_seconds"), at), 0)
	t.FunctionResponseTypes = nodeStrings(m.get("function_response_types"), at)
	t.MaximumRetryAttempts = nodeInt(m.get("maximum_retry_attempts"), at)
	t.BisectBatchOnFunctionError = nodeBool(m.get("bisect_batch_on_function_error"), at)
	t.MaximumRecordAgeSecs = nodeInt(m.get("maximum_record_age_in_seconds"), at)
	t.ParallelizationFactor = nodeInt(m.get("parallelization_factor"), at)
	if kind.Stream() {
		t.ParallelizationFactor = orDefault(t.ParallelizationFactor, 1)
		t.MaximumRetryAttempts = orDefault(t.MaximumRetryAttempts, -1)
		t.BisectBatchOnFunctionError = orDefault(t.BisectBatchOnFunctionError, false)
		t.MaximumRecordAgeSecs = orDefault(t.MaximumRecordAgeSecs, -1)
	}
	t.OnFailure = nodeString(m.get("destination_arn_on_failure"), at)
	if dc := m.get("destination_config"); dc != nil && t.OnFailure.Origin == model.Absent {
		t.OnFailure = nodeString(dc.get("on_failure").get("destination_arn"), at)
	}
	t.MaximumConcurrency = nodeInt(m.get("scaling_config").get("maximum_concurrency"), at)
	t.Enabled = orDefault(nodeBool(m.get("enabled"), at), true)
	t.FilterPrefix, t.FilterSuffix = model.Missing[string](at), model.Missing[string](at)
	if m.kind != nObject {
		t.Source = model.Unresolved[string](at)
	}
	return t
}

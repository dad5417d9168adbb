package cdk

import (
	"path"
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

func (r *reader) lambdaFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	switch {
	case name == "NewFunction" || name == "NewDockerImageFunction":
		return r.newFunction(c, false), true
	case strings.HasSuffix(name, "_FromAsset") && !strings.Contains(name, "Image"):
		// Code_FromAsset, AssetCode_FromAsset, S3Code_FromAsset...: a path relative to the
		// folder `cdk synth` runs the app in.
		p, ok := goeval.StringOf(c.Arg(0))
		return code{asset: p, known: ok, at: c.ArgExpr(0)}, true
	case strings.HasSuffix(name, "_FromInline"):
		return code{inline: true, at: c.Expr}, true
	case strings.HasSuffix(name, "_FromAssetImage") || strings.HasSuffix(name, "_FromImageAsset") || strings.HasSuffix(name, "_FromEcr") ||
		strings.HasSuffix(name, "_FromEcrImage"):
		return code{image: true, at: c.Expr}, true
	case strings.HasPrefix(name, "Code_From") || strings.HasPrefix(name, "S3Code_") || strings.HasPrefix(name, "AssetCode_"):
		return code{at: c.Expr}, true
	case strings.HasPrefix(name, "Runtime_"):
		if rt := runtimeName(strings.TrimPrefix(name, "Runtime_")); rt != "" {
			return runtime{name: rt}, true
		}
	case name == "NewRuntime":
		if s, ok := goeval.StringOf(c.Arg(0)); ok {
			return runtime{name: s}, true
		}
	case name == "Architecture_ARM_64":
		return architecture{name: "arm64"}, true
	case name == "Architecture_X86_64":
		return architecture{name: "x86_64"}, true
	case strings.HasPrefix(name, "Function_From"):
		return r.imported(c), true
	case name == "NewEventSourceMapping":
		if cn, ok := r.child(c, kindResource); ok {
			p := props(c.Arg(2))
			r.eventSourceMapping(cn, asConstruct(fieldValue(p, "Target")), p, cn.at, cn.extent, "")
		}
		return goeval.Nil{}, true
	case name == "NewAlias":
		return r.newAlias(c), true
	}
	return nil, false
}

// runtimeName turns the name of a Runtime_ function into the runtime's identifier:
// GO_1_X is go1.x, PROVIDED_AL2023 provided.al2023, NODEJS_20_X nodejs20.x, PYTHON_3_12
// python3.12.
func runtimeName(s string) string {
	switch {
	case s == "GO_1_X":
		return "go1.x"
	case s == "PROVIDED":
		return "provided"
	case strings.HasPrefix(s, "PROVIDED_"):
		return "provided." + strings.ToLower(strings.TrimPrefix(s, "PROVIDED_"))
	case strings.HasSuffix(s, "_LATEST") || strings.HasPrefix(s, "FROM_IMAGE") || strings.Contains(s, "ALL"):
		return "" // resolved by the CDK's version, or not a runtime
	}
	parts := strings.Split(strings.ToLower(s), "_")
	if len(parts) < 2 {
		return ""
	}
	family := parts[0]
	rest := parts[1:]
	suffix := ""
	if rest[len(rest)-1] == "x" {
		suffix = ".x"
		rest = rest[:len(rest)-1]
	}
	switch family {
	case "nodejs", "java", "dotnet":
		return family + strings.Join(rest, ".") + suffix
	case "python", "ruby":
		return family + strings.Join(rest, ".") + suffix
	case "dotnetcore":
		return "dotnetcore" + strings.Join(rest, ".")
	}
	return ""
}

// newFunction reads awslambda.NewFunction, NewDockerImageFunction and the Go alpha
// module's NewGoFunction (goFn).
func (r *reader) newFunction(c *goeval.Call, goFn bool) goeval.Value {
	cn, ok := r.child(c, kindFunction)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "FunctionName", m, "FunctionName", nil)
	r.setProp(p, "Runtime", m, "Runtime", nil)
	r.setProp(p, "Handler", m, "Handler", nil)
	r.setProp(p, "MemorySize", m, "MemorySize", nil)
	r.setProp(p, "Timeout", m, "Timeout", r.seconds)
	r.setProp(p, "ReservedConcurrentExecutions", m, "ReservedConcurrentExecutions", nil)
	r.setProp(p, "RecursiveLoop", m, "RecursiveLoop", func(v goeval.Value, at model.Range) *cloudformation.Value {
		if s, ok := goeval.StringOf(v); ok {
			return cloudformation.Str(upperCamel(s), at)
		}
		return cloudformation.Opaque(at)
	})
	if v, at, ok := r.field(p, "Architecture"); ok {
		m.Set("Architectures", at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{r.value(v, at)}})
	}
	if v, at, ok := r.field(p, "Tracing"); ok {
		switch s, known := goeval.StringOf(v); {
		case !known:
			m.Set("TracingConfig", at, cloudformation.Opaque(at))
		case s != "DISABLED":
			tc := cloudformation.NewMap(at)
			tc.Set("Mode", at, cloudformation.Str(upperCamel(s), at))
			m.Set("TracingConfig", at, tc)
		}
	}
	if v, at, ok := r.field(p, "Environment"); ok {
		env := cloudformation.NewMap(at)
		env.Set("Variables", at, r.value(v, at))
		m.Set("Environment", at, env)
	}
	switch {
	case goFn:
		// The Go alpha module builds the package Entry names (a directory or its
		// main.go) with go build, into a bootstrap for a provided runtime.
		if v, at, ok := r.field(p, "Entry"); ok {
			if s, known := goeval.StringOf(v); known {
				if strings.HasSuffix(s, ".go") {
					s = path.Dir(s)
				}
				m.Set("Code", at, cloudformation.Str(s, at))
			} else {
				m.Set("Code", at, cloudformation.Opaque(at))
			}
		}
		if m.Get("Runtime") == nil {
			m.Set("Runtime", cn.at, &cloudformation.Value{Kind: cloudformation.String, Text: "provided.al2023", At: cn.at, Default: true})
		}
		if m.Get("Handler") == nil {
			m.Set("Handler", cn.at, &cloudformation.Value{Kind: cloudformation.String, Text: "bootstrap", At: cn.at, Default: true})
		}
	default:
		if v, at, ok := r.field(p, "Code"); ok {
			r.setCode(m, v, at)
		}
	}
	var meta *cloudformation.Value
	if goFn {
		meta = cloudformation.NewMap(cn.at)
		meta.Set("BuildMethod", cn.at, cloudformation.Str("go", cn.at))
	}
	res := r.resource(cn, "AWS::Lambda::Function", m)
	if res == nil {
		return cn
	}
	res.Metadata = meta
	r.functionRole(cn, p)
	r.functionExtras(cn, p)
	return cn
}

// setCode sets a function's Code: an asset path relative to the app's folder, or an
// unknown location (inline code, an image, S3).
func (r *reader) setCode(m *cloudformation.Value, v goeval.Value, at model.Range) {
	cd, ok := v.(code)
	switch {
	case !ok || !cd.known && !cd.inline:
		m.Set("Code", at, cloudformation.Opaque(at))
	case cd.inline:
		zip := cloudformation.NewMap(at)
		zip.Set("ZipFile", at, cloudformation.Opaque(at))
		m.Set("Code", at, zip)
	default:
		cat := at
		if cd.at != nil {
			cat = r.rng(cd.at)
		}
		m.Set("Code", cat, cloudformation.Str(cd.asset, cat))
	}
	if ok && cd.image {
		m.Set("PackageType", at, cloudformation.Str("Image", at))
	}
}

// functionRole gives a function its execution role: the Role prop, or the role the CDK
// creates (<fn>/ServiceRole, with AWSLambdaBasicExecutionRole) and the InitialPolicy
// statements on it.
func (r *reader) functionRole(cn *construct, p *goeval.Struct) {
	if v, at, ok := r.field(p, "Role"); ok {
		if role := asConstruct(v); role != nil && role.kind == kindRole && role.res != nil {
			cn.role = role
			cn.res.Properties.Set("Role", at, cloudformation.GetAtt(role.res.ID, "Arn", at))
		} else {
			cn.res.Properties.Set("Role", at, cloudformation.Opaque(at))
		}
	} else {
		props := cloudformation.NewMap(cn.at)
		props.Set("AssumeRolePolicyDocument", cn.at, assumeRole("lambda.amazonaws.com", cn.at))
		props.Set("ManagedPolicyArns", cn.at, &cloudformation.Value{Kind: cloudformation.List, At: cn.at, Items: []*cloudformation.Value{
			cloudformation.Str("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", cn.at)}})
		res := r.extra(cn, "ServiceRole", "AWS::IAM::Role", cn.at, props)
		if res != nil {
			cn.role = &construct{kind: kindRole, id: "ServiceRole", path: res.ID, stack: cn.stack, at: cn.at, extent: cn.extent, res: res}
			cn.res.Properties.Set("Role", cn.at, cloudformation.GetAtt(res.ID, "Arn", cn.at))
		}
	}
	if v, _, ok := r.field(p, "InitialPolicy"); ok {
		if s, ok := v.(*goeval.Slice); ok {
			for _, e := range s.Elems {
				if st, ok := e.Value.(*statement); ok {
					r.addToRole(cn, st)
				}
			}
		} else {
			r.unknownPolicy(cn, cn.at)
		}
	}
}

// functionExtras reads the props that create other resources: the log retention, the
// dead-letter queue, the asynchronous invocation settings, the event sources.
func (r *reader) functionExtras(cn *construct, p *goeval.Struct) {
	m := cn.res.Properties
	if v, at, ok := r.field(p, "LogRetention"); ok {
		// The CDK sets the retention of /aws/lambda/<name> with a custom resource.
		props := cloudformation.NewMap(at)
		props.Set("LogGroupName", at, &cloudformation.Value{Kind: cloudformation.Map, At: at, Entries: []cloudformation.Entry{{
			Key: "Fn::Join", KeyAt: at, Value: &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{
				cloudformation.Str("", at),
				{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{cloudformation.Str("/aws/lambda/", at), cloudformation.Ref(cn.logicalID(), at)}},
			}}}}})
		if days := retentionDays(v, at); days != nil {
			props.Set("RetentionInDays", at, days)
		}
		r.extra(cn, "LogRetention", "Custom::LogRetention", at, props)
	}
	if v, at, ok := r.field(p, "LogGroup"); ok {
		lc := cloudformation.NewMap(at)
		if lg := asConstruct(v); lg != nil && lg.res != nil {
			lc.Set("LogGroup", at, cloudformation.Ref(lg.res.ID, at))
		} else {
			lc.Set("LogGroup", at, cloudformation.Opaque(at))
		}
		m.Set("LoggingConfig", at, lc)
	}
	dlq, at, ok := r.field(p, "DeadLetterQueue")
	if !ok {
		dlq, at, ok = r.field(p, "DeadLetterTopic")
	}
	if ok {
		dc := cloudformation.NewMap(at)
		dc.Set("TargetArn", at, r.arnOf(dlq, at))
		m.Set("DeadLetterConfig", at, dc)
	} else if v, at, ok := r.field(p, "DeadLetterQueueEnabled"); ok {
		if b, known := goeval.BoolOf(v); known && b {
			// The CDK creates the queue, with a 14-day retention.
			qp := cloudformation.NewMap(at)
			qp.Set("MessageRetentionPeriod", at, &cloudformation.Value{Kind: cloudformation.Number, Text: "1209600", At: at, Default: true})
			q := r.extra(cn, "DeadLetterQueue", "AWS::SQS::Queue", at, qp)
			dc := cloudformation.NewMap(at)
			dc.Set("TargetArn", at, cloudformation.GetAtt(q.ID, "Arn", at))
			m.Set("DeadLetterConfig", at, dc)
		} else if !known {
			m.Set("DeadLetterConfig", at, cloudformation.Opaque(at))
		}
	}
	r.asyncConfig(cn, p, cn.at)
	if v, _, ok := r.field(p, "Events"); ok {
		if s, ok := v.(*goeval.Slice); ok && !s.Unknown {
			for _, e := range s.Elems {
				if src, ok := e.Value.(eventSource); ok {
					r.addEventSource(cn, src)
				}
			}
		} else {
			r.unknownStack(cn)
		}
	}
}

// asyncConfig reads the asynchronous invocation settings (props of a function or of
// ConfigureAsyncInvoke) into an AWS::Lambda::EventInvokeConfig.
func (r *reader) asyncConfig(cn *construct, p *goeval.Struct, at model.Range) {
	fields := []string{"OnFailure", "OnSuccess", "RetryAttempts", "MaxEventAge"}
	any := false
	for _, f := range fields {
		if _, _, ok := r.field(p, f); ok {
			any = true
		}
	}
	if !any {
		return
	}
	props := cloudformation.NewMap(at)
	props.Set("FunctionName", at, cloudformation.Ref(cn.logicalID(), at))
	props.Set("Qualifier", at, cloudformation.Str("$LATEST", at))
	r.setProp(p, "RetryAttempts", props, "MaximumRetryAttempts", nil)
	r.setProp(p, "MaxEventAge", props, "MaximumEventAgeInSeconds", r.seconds)
	dc := cloudformation.NewMap(at)
	for _, f := range []string{"OnFailure", "OnSuccess"} {
		if v, fat, ok := r.field(p, f); ok {
			d := cloudformation.NewMap(fat)
			if dest, ok := v.(destination); ok {
				d.Set("Destination", fat, r.arnOf(dest.to, fat))
			} else {
				d.Set("Destination", fat, cloudformation.Opaque(fat))
			}
			dc.Set(f, fat, d)
		}
	}
	if len(dc.Entries) > 0 {
		props.Set("DestinationConfig", at, dc)
	}
	r.extra(cn, "EventInvokeConfig", "AWS::Lambda::EventInvokeConfig", at, props)
}

// arnOf is the ARN of a queue, topic, function, bucket or table the app holds.
func (r *reader) arnOf(v goeval.Value, at model.Range) *cloudformation.Value {
	cn := asConstruct(v)
	switch {
	case cn == nil:
		return r.value(v, at)
	case cn.kind == kindImported && cn.arn != nil:
		return cn.arn
	case cn.res == nil:
		return cloudformation.Opaque(at)
	case cn.kind == kindTopic:
		return cloudformation.Ref(cn.res.ID, at)
	}
	return cloudformation.GetAtt(cn.res.ID, "Arn", at)
}

// retentionDays converts an awslogs.RetentionDays to a number of days; nil when the logs
// never expire.
func retentionDays(v goeval.Value, at model.Range) *cloudformation.Value {
	s, ok := goeval.StringOf(v)
	if !ok {
		return cloudformation.Opaque(at)
	}
	days, ok := retention[s]
	if !ok {
		return cloudformation.Opaque(at)
	}
	if days == 0 {
		return nil
	}
	return cloudformation.Num(float64(days), at)
}

// retention maps awslogs.RetentionDays values to days (INFINITE: never expire).
var retention = map[string]int{
	"ONE_DAY": 1, "THREE_DAYS": 3, "FIVE_DAYS": 5, "ONE_WEEK": 7, "TWO_WEEKS": 14, "ONE_MONTH": 30,
	"TWO_MONTHS": 60, "THREE_MONTHS": 90, "FOUR_MONTHS": 120, "FIVE_MONTHS": 150, "SIX_MONTHS": 180,
	"ONE_YEAR": 365, "THIRTEEN_MONTHS": 400, "EIGHTEEN_MONTHS": 545, "TWO_YEARS": 731, "THREE_YEARS": 1096,
	"FIVE_YEARS": 1827, "SIX_YEARS": 2192, "SEVEN_YEARS": 2557, "EIGHT_YEARS": 2922, "NINE_YEARS": 3288,
	"TEN_YEARS": 3653, "INFINITE": 0,
}

func assumeRole(service string, at model.Range) *cloudformation.Value {
	st := cloudformation.NewMap(at)
	st.Set("Effect", at, cloudformation.Str("Allow", at))
	st.Set("Action", at, cloudformation.Str("sts:AssumeRole", at))
	pr := cloudformation.NewMap(at)
	pr.Set("Service", at, cloudformation.Str(service, at))
	st.Set("Principal", at, pr)
	doc := cloudformation.NewMap(at)
	doc.Set("Version", at, cloudformation.Str("2012-10-17", at))
	doc.Set("Statement", at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{st}})
	return doc
}

func fieldValue(s *goeval.Struct, name string) goeval.Value {
	if s == nil {
		return nil
	}
	if f := s.Field(name); f != nil {
		return f.Value
	}
	return nil
}

// functionMethod handles the methods of a function (and of its aliases).
func (r *reader) functionMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	fn := cn
	if cn.kind == kindAlias {
		fn = cn.fn
		if fn == nil {
			return nil, false
		}
		if cn.res == nil {
			cn = fn // an alias whose name is not known: its function stands for it
		}
	}
	if fn.res == nil {
		if strings.HasPrefix(name, "Grant") || name == "AddToRolePolicy" {
			return goeval.Nil{}, true
		}
		return nil, false
	}
	at := r.rng(c.Expr)
	switch name {
	case "FunctionArn":
		return ref{id: cn.res.ID, attr: "Arn"}, true
	case "FunctionName":
		return ref{id: fn.res.ID}, true
	case "Role":
		if fn.role != nil {
			return fn.role, true
		}
		return nil, false
	case "AddEnvironment":
		key, ok := goeval.StringOf(c.Arg(0))
		env := fn.res.Properties.Get("Environment")
		if env == nil {
			env = cloudformation.NewMap(at)
			fn.res.Properties.Set("Environment", at, env)
		}
		vars := env.Get("Variables")
		if vars == nil {
			vars = cloudformation.NewMap(at)
			env.Set("Variables", at, vars)
		}
		if !ok || vars.Kind != cloudformation.Map {
			env.Set("Variables", at, cloudformation.Opaque(at))
			return fn, true
		}
		vars.Set(key, at, r.value(c.Arg(1), r.at(c, 1)))
		r.statements = append(r.statements, at)
		return fn, true
	case "AddEventSource":
		if src, ok := c.Arg(0).(eventSource); ok {
			r.addEventSource(fn, src)
		} else {
			r.unknownStack(fn)
		}
		return goeval.Nil{}, true
	case "AddEventSourceMapping":
		p := props(c.Arg(1))
		id, _ := goeval.StringOf(c.Arg(0))
		r.eventSourceMapping(fn, fn, p, r.header(c.Expr, 0), at, id)
		return goeval.Nil{}, true
	case "AddFunctionUrl":
		r.functionURL(cn, props(c.Arg(0)), at)
		return goeval.Nil{}, true
	case "AddToRolePolicy":
		if st, ok := c.Arg(0).(*statement); ok {
			r.addToRole(fn, st)
		} else {
			r.unknownPolicy(fn, at)
		}
		return goeval.Nil{}, true
	case "ConfigureAsyncInvoke":
		r.asyncConfig(fn, props(c.Arg(0)), at)
		return goeval.Nil{}, true
	case "AddPermission":
		r.permission(cn, props(c.Arg(1)), r.header(c.Expr, 0), at)
		return goeval.Nil{}, true
	case "AddAlias":
		alias, ok := goeval.StringOf(c.Arg(0))
		a := &construct{kind: kindAlias, fn: fn, stack: fn.stack, at: at, extent: at, path: fn.path + "/Alias" + alias}
		if ok {
			p := cloudformation.NewMap(at)
			p.Set("FunctionName", at, cloudformation.Ref(fn.res.ID, at))
			p.Set("Name", at, cloudformation.Str(alias, at))
			res := r.extra(fn, "Alias"+alias, "AWS::Lambda::Alias", at, p)
			a.res = res
		}
		return a, true
	case "CurrentVersion", "LatestVersion":
		return fn, true
	case "MetricErrors", "MetricThrottles", "MetricInvocations", "MetricDuration":
		return metric{namespace: "AWS/Lambda", name: strings.TrimPrefix(name, "Metric"), fn: fn, call: c.Expr}, true
	case "Metric":
		if s, ok := goeval.StringOf(c.Arg(0)); ok {
			return metric{namespace: "AWS/Lambda", name: s, fn: fn, call: c.Expr}, true
		}
		return nil, false
	}
	if strings.HasPrefix(name, "Grant") {
		r.grant(fn, c, name)
		return goeval.Nil{}, true
	}
	return nil, false
}

// newAlias reads awslambda.NewAlias.
func (r *reader) newAlias(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindAlias)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	v, _, _ := r.field(p, "Version")
	cn.fn = asConstruct(v)
	m := cloudformation.NewMap(cn.at)
	if cn.fn != nil && cn.fn.res != nil {
		m.Set("FunctionName", cn.at, cloudformation.Ref(cn.fn.res.ID, cn.at))
	}
	r.setProp(p, "AliasName", m, "Name", nil)
	r.resource(cn, "AWS::Lambda::Alias", m)
	return cn
}

// functionURL reads AddFunctionUrl: the URL, and for AuthType NONE the permission that
// lets anyone invoke it, which the CDK adds.
func (r *reader) functionURL(cn *construct, p *goeval.Struct, at model.Range) {
	fn := cn
	if cn.kind == kindAlias {
		fn = cn.fn
	}
	props := cloudformation.NewMap(at)
	props.Set("TargetFunctionArn", at, cloudformation.GetAtt(cn.res.ID, "Arn", at))
	auth, aat, ok := r.field(p, "AuthType")
	if ok {
		props.Set("AuthType", aat, r.value(auth, aat))
	} else {
		props.Set("AuthType", at, &cloudformation.Value{Kind: cloudformation.String, Text: "AWS_IAM", At: at, Default: true})
	}
	if v, cat, ok := r.field(p, "Cors"); ok {
		if cs, ok := v.(*goeval.Struct); ok {
			cm := cloudformation.NewMap(cat)
			r.setProp(cs, "AllowedOrigins", cm, "AllowOrigins", nil)
			r.setProp(cs, "AllowCredentials", cm, "AllowCredentials", nil)
			props.Set("Cors", cat, cm)
		}
	}
	r.extra(fn, "FunctionUrl", "AWS::Lambda::Url", at, props)
	if s, known := goeval.StringOf(auth); ok && known && s == "NONE" {
		pp := cloudformation.NewMap(at)
		pp.Set("Action", at, cloudformation.Str("lambda:InvokeFunctionUrl", at))
		pp.Set("FunctionName", at, cloudformation.GetAtt(fn.res.ID, "Arn", at))
		pp.Set("Principal", at, cloudformation.Str("*", at))
		pp.Set("FunctionUrlAuthType", at, cloudformation.Str("NONE", at))
		r.extra(fn, "invoke-function-url", "AWS::Lambda::Permission", at, pp)
	}
	r.statements = append(r.statements, at)
}

// permission reads AddPermission.
func (r *reader) permission(cn *construct, p *goeval.Struct, hdr, at model.Range) {
	fn := cn
	if cn.kind == kindAlias {
		fn = cn.fn
	}
	props := cloudformation.NewMap(hdr)
	props.Set("FunctionName", hdr, cloudformation.GetAtt(cn.res.ID, "Arn", hdr))
	if v, pat, ok := r.field(p, "Action"); ok {
		props.Set("Action", pat, r.value(v, pat))
	} else {
		props.Set("Action", hdr, cloudformation.Str("lambda:InvokeFunction", hdr))
	}
	if v, pat, ok := r.field(p, "Principal"); ok {
		if pr, ok := v.(principal); ok && pr.key != "*" {
			props.Set("Principal", pat, r.value(pr.value, pat))
		} else if ok && pr.key == "*" {
			props.Set("Principal", pat, cloudformation.Str("*", pat))
		} else {
			props.Set("Principal", pat, cloudformation.Opaque(pat))
		}
	}
	r.setProp(p, "SourceArn", props, "SourceArn", nil)
	r.setProp(p, "SourceAccount", props, "SourceAccount", nil)
	r.setProp(p, "FunctionUrlAuthType", props, "FunctionUrlAuthType", nil)
	r.extra(fn, "Permission", "AWS::Lambda::Permission", hdr, props)
	r.statements = append(r.statements, at)
}

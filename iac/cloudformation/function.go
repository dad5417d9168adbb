package cloudformation

import (
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// function declares an AWS::Lambda::Function or AWS::Serverless::Function (whose
// properties already have Globals merged in).
func (b *builder) function(r *resource) {
	tp, props, hdr := b.tp, r.props, r.key.rng
	sam := r.typ == "AWS::Serverless::Function"
	f := &model.Function{
		Resource:            b.header(r, "FunctionName"),
		Runtime:             tp.str(props.get("Runtime"), hdr),
		Handler:             tp.str(props.get("Handler"), hdr),
		Architecture:        b.architecture(props.get("Architectures"), hdr),
		MemoryMB:            tp.intOr(props.get("MemorySize"), 128, hdr, "MemorySize"),
		TimeoutSeconds:      tp.intOr(props.get("Timeout"), 3, hdr, "Timeout"),
		ReservedConcurrency: tp.integer(props.get("ReservedConcurrentExecutions"), hdr, "ReservedConcurrentExecutions"),
		Role:                tp.str(props.get("Role"), hdr),
		RecursiveLoop:       tp.strOr(props.get("RecursiveLoop"), "Terminate", hdr),
		OnFailure:           model.Missing[string](hdr),
		OnSuccess:           model.Missing[string](hdr),
		AsyncMaxRetries:     model.Defaulted(2, hdr),
		// Lambda keeps an asynchronous event for at most six hours by default.
		AsyncMaxEventAgeSecs: model.Defaulted(21600, hdr),
		LogGroup:             model.Missing[string](hdr),
		LogRetentionDays:     model.Missing[int](hdr),
		Alias:                model.Missing[string](hdr),
	}
	f.Code.Dir = model.Missing[string](hdr)
	f.Code.File = model.Missing[string](hdr)
	f.Code.BuildMethod = model.Missing[string](hdr)
	if sam {
		f.Tracing = tp.strOr(props.get("Tracing"), "PassThrough", hdr)
		if f.Tracing.Known() && f.Tracing.Value == "Disabled" {
			f.Tracing.Value = "PassThrough"
		}
		f.DeadLetterTarget = tp.str(tp.obj(props, "DeadLetterQueue").get("TargetArn"), hdr)
		f.Alias = tp.str(props.get("AutoPublishAlias"), hdr)
		b.samCode(r, f)
		if eic := tp.obj(props, "EventInvokeConfig"); eic != nil {
			b.eventInvokeConfig(f, eic, hdr)
		}
		if url := tp.obj(props, "FunctionUrlConfig"); url != nil {
			b.functionURL(f, url)
		}
	} else {
		f.Tracing = tp.strOr(tp.obj(props, "TracingConfig").get("Mode"), "PassThrough", hdr)
		f.DeadLetterTarget = tp.str(tp.obj(props, "DeadLetterConfig").get("TargetArn"), hdr)
	}
	b.environment(f, props)
	b.fns[r.id] = f
	b.fnRes[r.id] = r
	b.p.Functions = append(b.p.Functions, f)
}

// architecture reads the Architectures list: one element, x86_64 by default.
func (b *builder) architecture(n *node, hdr model.Range) model.Attr[string] {
	if n == nil {
		return model.Defaulted("x86_64", hdr)
	}
	items := b.tp.items(n)
	if len(items) == 0 {
		v := b.tp.eval(n)
		if v.state == vNoValue {
			return model.Defaulted("x86_64", hdr)
		}
		return attrFrom[string](v, n.rng)
	}
	return b.tp.str(items[0], hdr)
}

func (b *builder) environment(f *model.Function, props *node) {
	env, st := b.tp.prop(props, "Environment")
	if st == vUnknown {
		f.EnvironmentUnknown = true
		return
	}
	if env == nil {
		return
	}
	vars, st := b.tp.prop(env, "Variables")
	if st == vUnknown || (vars != nil && vars.kind != mapNode) {
		f.EnvironmentUnknown = true
		return
	}
	if _, _, ok := vars.intrinsic(); ok {
		f.EnvironmentUnknown = true
		return
	}
	vars.pairs(func(k, v *node) {
		a := b.tp.str(v, k.rng)
		if a.Origin == model.Absent {
			if v != nil && !v.isNull() {
				return // removed by Fn::If ... AWS::NoValue
			}
			// An empty value is still a defined variable.
			a = model.Set("", k.rng)
		}
		f.Environment = append(f.Environment, model.EnvVar{Name: k.value, Value: a})
	})
}

// eventInvokeConfig reads asynchronous invocation settings: SAM's EventInvokeConfig or an
// AWS::Lambda::EventInvokeConfig's properties.
func (b *builder) eventInvokeConfig(f *model.Function, eic *node, hdr model.Range) {
	tp := b.tp
	if n := eic.get("MaximumRetryAttempts"); n != nil {
		f.AsyncMaxRetries = tp.intOr(n, 2, hdr, "MaximumRetryAttempts")
	}
	if n := eic.get("MaximumEventAgeInSeconds"); n != nil {
		f.AsyncMaxEventAgeSecs = tp.intOr(n, 21600, hdr, "MaximumEventAgeInSeconds")
	}
	dc := tp.obj(eic, "DestinationConfig")
	if dc == nil {
		return
	}
	f.OnFailure = b.destination(tp.obj(dc, "OnFailure"), dc.get("OnFailure"), hdr)
	f.OnSuccess = b.destination(tp.obj(dc, "OnSuccess"), dc.get("OnSuccess"), hdr)
}

// destination reads {Destination: arn} (and SAM's {Type: SQS} that creates the queue).
func (b *builder) destination(d, raw *node, hdr model.Range) model.Attr[string] {
	if d == nil {
		if raw != nil && !raw.isNull() {
			return b.tp.str(raw, hdr) // an unresolvable Fn::If
		}
		return model.Missing[string](hdr)
	}
	if dest := d.get("Destination"); dest != nil {
		return b.tp.str(dest, hdr)
	}
	if typ := d.get("Type"); typ != nil {
		// SAM creates the SQS queue or SNS topic itself.
		a := b.tp.str(typ, hdr)
		a.At = d.rng
		return a
	}
	return model.Missing[string](hdr)
}

// functionURL reads a SAM function's FunctionUrlConfig: with AutoPublishAlias, SAM puts
// the URL on the alias.
func (b *builder) functionURL(f *model.Function, url *node) {
	at := url.rng
	u := &model.FunctionURL{At: at, AuthType: b.tp.str(url.get("AuthType"), at), Qualifier: model.Missing[string](at),
		CORS: b.urlCORS(url)}
	if f.Alias.IsSet() {
		u.Qualifier = f.Alias
	}
	b.p.AddFunctionURL(f, u)
	f.Triggers = append(f.Triggers, &model.Trigger{
		Kind: model.TriggerFunctionURL, At: at, Name: "FunctionUrl",
		Source: model.Set(f.ID, at),
	})
}

// urlCORS reads a function URL's Cors.
func (b *builder) urlCORS(props *node) *model.CORS {
	cors := b.tp.obj(props, "Cors")
	if cors == nil {
		return nil
	}
	return &model.CORS{
		At:               cors.rng,
		AllowOrigins:     b.tp.strList(cors.get("AllowOrigins"), cors.rng),
		AllowCredentials: b.tp.boolOr(cors.get("AllowCredentials"), false, cors.rng, "AllowCredentials"),
	}
}

// functionURLResource reads an AWS::Lambda::Url, of a function of the template (directly
// or through an alias) or of one declared elsewhere. A function may have several: the
// unqualified one and one per alias.
func (b *builder) functionURLResource(r *resource) {
	at := r.key.rng
	targetNode := r.props.get("TargetFunctionArn")
	target := b.tp.str(targetNode, at)
	u := &model.FunctionURL{At: at, AuthType: b.tp.str(r.props.get("AuthType"), at),
		Qualifier: b.tp.str(r.props.get("Qualifier"), at), CORS: b.urlCORS(r.props)}
	f := b.fns[b.functionOf(target)]
	if f == nil {
		ext, ok := b.externalRef(targetNode)
		if !ok {
			return // a resource of the template that is not a function, or nothing nameable
		}
		u.ExternalFunction = ext
		b.p.AddFunctionURL(nil, u)
		return
	}
	if !u.Qualifier.IsSet() && target.Ref != f.ID {
		if alias := b.aliasNames[target.Ref]; alias.IsSet() {
			u.Qualifier = alias // the URL targets an alias resource's ARN
		}
	}
	b.p.AddFunctionURL(f, u)
	f.Triggers = append(f.Triggers, &model.Trigger{
		Kind: model.TriggerFunctionURL, At: at, Name: r.id, Source: model.Attr[string]{Value: r.id, Origin: model.Explicit, At: at, Ref: r.id},
	})
}

// eventInvokeConfigResource reads an AWS::Lambda::EventInvokeConfig.
func (b *builder) eventInvokeConfigResource(r *resource) {
	f := b.fns[b.functionOf(b.tp.str(r.props.get("FunctionName"), r.key.rng))]
	if f == nil {
		return
	}
	b.eventInvokeConfig(f, r.props, r.key.rng)
}

// samCode reads a SAM function's CodeUri and build metadata.
func (b *builder) samCode(r *resource, f *model.Function) {
	hdr := r.key.rng
	if n := r.props.get("CodeUri"); n != nil {
		if n.kind == mapNode {
			if _, _, ok := n.intrinsic(); !ok {
				f.Code.File = model.Unresolved[string](n.rng) // an S3 location
			} else {
				f.Code.Dir, f.Code.File = b.localPath(n, hdr)
			}
		} else {
			f.Code.Dir, f.Code.File = b.localPath(n, hdr)
		}
	}
	b.buildMetadata(r, f)
}

// lambdaCode reads an AWS::Lambda::Function's Code: a local path left for `sam build` or
// `aws cloudformation package`, or the asset directory the CDK records in the metadata.
func (b *builder) lambdaCode(r *resource) {
	f := b.fns[r.id]
	if f == nil {
		return
	}
	hdr := r.key.rng
	code := r.props.get("Code")
	switch {
	case code != nil && code.kind == scalarNode:
		f.Code.Dir, f.Code.File = b.localPath(code, hdr)
	case code != nil && code.kind == mapNode:
		if code.get("ZipFile") == nil {
			f.Code.File = model.Unresolved[string](code.rng) // S3Bucket/S3Key or ImageUri
		}
	}
	if asset := r.body.path("Metadata", "aws:asset:path"); asset != nil {
		if prop := r.body.path("Metadata", "aws:asset:property"); prop == nil || prop.value == "Code" {
			// The CDK's asset is a build output: a file for linking, even as a directory.
			dir, file := b.localPath(asset, hdr)
			if dir.Known() {
				file = dir
			}
			f.Code.File = file
		}
	}
	b.buildMetadata(r, f)
}

func (b *builder) buildMetadata(r *resource, f *model.Function) {
	md := r.body.get("Metadata")
	if md == nil {
		return
	}
	if bm := md.get("BuildMethod"); bm != nil {
		f.Code.BuildMethod = b.tp.str(bm, r.key.rng)
	}
	props := md.get("BuildProperties")
	if props == nil || props.kind != mapNode {
		return
	}
	f.Code.BuildProperties = map[string]string{}
	props.pairs(func(k, v *node) {
		val := b.tp.eval(v)
		if s, ok := scalarOf(val); ok {
			f.Code.BuildProperties[k.value] = s
		} else if js, ok := b.tp.toJSON(val, 0); ok {
			f.Code.BuildProperties[k.value] = js
		}
	})
}

// localPath resolves a path written in the template against the template's directory. It
// returns a directory or a file attribute, relative to the repository root; a path outside
// the root, or on S3, is Unknown and never looked at.
func (b *builder) localPath(n *node, hdr model.Range) (dir, file model.Attr[string]) {
	dir, file = model.Missing[string](hdr), model.Missing[string](hdr)
	a := b.tp.str(n, hdr)
	if !a.Known() {
		if a.IsSet() {
			file = a
		}
		return dir, file
	}
	p := strings.TrimSpace(a.Value)
	if strings.Contains(p, "://") || p == "" {
		file = model.Unresolved[string](n.rng)
		return dir, file
	}
	rel, ok := b.repoPath(p)
	if !ok {
		file = model.Unresolved[string](n.rng)
		return dir, file
	}
	a.Value = rel
	if info, err := b.repo.Stat(filepath.Join(b.root, filepath.FromSlash(rel))); err == nil {
		if info.IsDir() {
			return a, file
		}
		return dir, a
	}
	if path.Ext(rel) != "" {
		return dir, a
	}
	return a, file
}

// repoPath turns a path written in the template into one relative to the repository root,
// refusing absolute paths and paths that leave the root.
func (b *builder) repoPath(p string) (string, bool) {
	p = filepath.ToSlash(p)
	if path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" {
		return "", false
	}
	rel := path.Clean(path.Join(b.tp.dir, p))
	if rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// finish derives what needs every resource: the policies of each function's role, log
// groups, and triggers implied by permissions.
func (b *builder) finish() {
	for _, f := range b.p.Functions {
		if b.fnRes[f.ID] == nil {
			continue // declared by another loader (a Serverless Framework function)
		}
		if role := b.roles[f.Role.Ref]; role != nil {
			f.Policies = append(append([]*model.Policy(nil), role.Policies...), f.Policies...)
		}
	}
	b.dropWebSocketAPIs()
	b.openAPIRoutes()
	b.linkLogGroups()
	b.linkAlarms()
	for _, p := range b.p.Permissions {
		if b.permissionRes[p] != nil {
			b.permissionTrigger(p)
		}
	}
	for _, a := range b.p.APIs {
		sort.SliceStable(a.Routes, func(i, j int) bool { return rangeLess(a.Routes[i].At, a.Routes[j].At) })
	}
}

func rangeLess(a, b model.Range) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Column < b.Column
}

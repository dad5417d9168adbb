package serverless

import (
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// fillFunction reads a function's settings, merged over provider:.
func (ld *loader) fillFunction(d *fnDecl) {
	f, n, hdr := d.fn, d.n, d.keyAt
	prov := ld.cfg.get("provider")
	if n.unknown {
		// The whole function comes from a variable that cannot be resolved.
		ld.unknownFunction(f, n)
		return
	}
	image := n.get("image")
	if image.isNull() {
		f.Handler = ld.str(n.get("handler"), hdr)
		f.Runtime = orDefault(ld.str(truthy(n.get("runtime"), prov.get("runtime")), hdr), ld.defaultRuntime())
	} else {
		// A container image has neither runtime nor handler.
		f.Handler, f.Runtime = model.Missing[string](hdr), model.Missing[string](hdr)
	}
	f.Architecture = orDefault(ld.str(truthy(n.get("architecture"), prov.get("architecture")), hdr), defaultArchitecture)
	f.MemoryMB = orDefault(ld.integer(truthy(n.get("memorySize"), prov.get("memorySize")), hdr), defaultMemoryMB)
	f.TimeoutSeconds = orDefault(ld.integer(truthy(n.get("timeout"), prov.get("timeout")), hdr), defaultTimeout)
	f.ReservedConcurrency = ld.integer(n.get("reservedConcurrency"), hdr)
	f.Tracing = ld.tracing(truthy(n.get("tracing"), prov.path("tracing", "lambda")), hdr)
	f.RecursiveLoop = model.Defaulted(defaultRecursiveLoop, hdr)
	if pc := truthy(n.get("provisionedConcurrency")); pc != nil {
		// The framework publishes the alias "provisioned" for provisioned concurrency.
		f.Alias = model.Set("provisioned", pc.at)
	} else {
		f.Alias = model.Missing[string](hdr)
	}
	ld.environment(f, prov.get("environment"), n.get("environment"))

	f.DeadLetterTarget = ld.str(n.get("onError"), hdr)
	dest := n.get("destinations")
	f.OnSuccess = ld.destination(dest.get("onSuccess"), hdr)
	f.OnFailure = ld.destination(dest.get("onFailure"), hdr)
	f.AsyncMaxRetries = orDefault(ld.integer(n.get("maximumRetryAttempts"), hdr), defaultAsyncRetries)
	f.AsyncMaxEventAgeSecs = orDefault(ld.integer(n.get("maximumEventAge"), hdr), defaultAsyncEventAge)
	if u := ld.functionURL(n.get("url")); u != nil {
		ld.p.AddFunctionURL(f, u)
		f.Triggers = append(f.Triggers, &model.Trigger{Kind: model.TriggerFunctionURL, At: u.At, Name: "url",
			Source: model.Attr[string]{Origin: model.Default, Value: normalizeName(d.key) + "LambdaFunctionUrl", At: u.At}})
	}
	ld.role(d)
	ld.code(d)
	ld.events(d)
}

// unknownFunction marks every setting of a function whose settings are unknown.
func (ld *loader) unknownFunction(f *model.Function, n *node) {
	at := n.at
	f.Runtime, f.Handler, f.Architecture = model.Unresolved[string](at), model.Unresolved[string](at), model.Unresolved[string](at)
	f.MemoryMB, f.TimeoutSeconds, f.ReservedConcurrency = model.Unresolved[int](at), model.Unresolved[int](at), model.Unresolved[int](at)
	f.Tracing, f.DeadLetterTarget = model.Unresolved[string](at), model.Unresolved[string](at)
	f.OnFailure, f.OnSuccess = model.Unresolved[string](at), model.Unresolved[string](at)
	f.AsyncMaxRetries, f.AsyncMaxEventAgeSecs = model.Unresolved[int](at), model.Unresolved[int](at)
	f.Role, f.RecursiveLoop, f.Alias = model.Unresolved[string](at), model.Unresolved[string](at), model.Unresolved[string](at)
	f.LogRetentionDays = model.Unresolved[int](at)
	f.EnvironmentUnknown = true
	f.Code.Dir, f.Code.File, f.Code.BuildMethod = model.Unresolved[string](at), model.Unresolved[string](at), model.Unresolved[string](at)
}

// tracing reads function tracing or provider.tracing.lambda: true means Active.
func (ld *loader) tracing(n *node, hdr model.Range) model.Attr[string] {
	if n == nil {
		return model.Defaulted(defaultTracing, hdr)
	}
	if n.kind == scalarNode && !n.unknown {
		if b, ok := parseBool(n.value); ok && b {
			return model.Set("Active", n.at)
		}
	}
	return ld.str(n, hdr)
}

// environment merges the function's variables over the provider's.
func (ld *loader) environment(f *model.Function, provider, function *node) {
	vars := map[string]model.EnvVar{}
	for _, env := range []*node{provider, function} {
		switch {
		case env.isNull():
		case env.unknown || env.kind != mapNode:
			f.EnvironmentUnknown = true
		default:
			for _, p := range env.pairs {
				vars[p.key] = model.EnvVar{Name: p.key, Value: ld.envValue(p.val, p.keyAt)}
			}
		}
	}
	names := make([]string, 0, len(vars))
	for name := range vars {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f.Environment = append(f.Environment, vars[name])
	}
}

// envValue reads an environment value; a name or ARN of a project resource gets its Ref.
func (ld *loader) envValue(n *node, keyAt model.Range) model.Attr[string] {
	a := ld.str(n, keyAt)
	if n != nil && n.kind == nullNode {
		a = model.Set("", n.at)
	}
	if a.Ref == "" && n != nil && n.kind == scalarNode {
		a.Ref = ld.resourceByText(n.value, "")
	}
	return a
}

// destination reads destinations.onSuccess/onFailure: an ARN, a function of the service,
// or {type, arn}.
func (ld *loader) destination(n *node, hdr model.Range) model.Attr[string] {
	if n == nil {
		return model.Missing[string](hdr)
	}
	if n.kind == mapNode && n.intrinsic() == "" {
		a := ld.str(n.get("arn"), n.at)
		if a.Ref == "" && a.Origin == model.Explicit {
			a.Ref = ld.resourceByText(a.Value, "")
		}
		return a
	}
	a := ld.str(n, hdr)
	if a.Origin == model.Explicit && !strings.HasPrefix(a.Value, "arn:") {
		// A function of this service, by its key.
		if fn, ok := ld.p.Function(a.Value); ok {
			a.Ref = fn.ID
			if fn.Name.Known() {
				a.Value = fn.Name.Value
			}
		}
	} else if a.Ref == "" && a.Origin == model.Explicit {
		a.Ref = ld.resourceByText(a.Value, "")
	}
	return a
}

// functionURL reads url: true or {authorizer, cors}.
func (ld *loader) functionURL(n *node) *model.FunctionURL {
	if n == nil || n.kind == nullNode {
		return nil
	}
	u := &model.FunctionURL{At: n.at, Qualifier: model.Missing[string](n.at)}
	switch {
	case n.unknown:
		u.AuthType = model.Unresolved[string](n.at)
	case n.kind == scalarNode:
		if b, ok := parseBool(n.value); ok && !b {
			return nil
		}
		u.AuthType = model.Defaulted("NONE", n.at)
	case n.kind == mapNode:
		auth := ld.str(n.get("authorizer"), n.at)
		if auth.Origin == model.Explicit {
			if strings.EqualFold(auth.Value, "aws_iam") {
				auth.Value = "AWS_IAM"
			} else {
				auth.Value = strings.ToUpper(auth.Value)
			}
		}
		u.AuthType = orDefault(auth, "NONE")
		u.CORS = ld.cors(n.get("cors"), "allowedOrigins", "allowCredentials")
	default:
		u.AuthType = model.Unresolved[string](n.at)
	}
	return u
}

// cors reads cors: true or a CORS object whose origins and credentials keys are given.
func (ld *loader) cors(n *node, originsKey, credentialsKey string) *model.CORS {
	if n == nil || n.kind == nullNode {
		return nil
	}
	c := &model.CORS{At: n.at}
	switch {
	case n.unknown:
		c.AllowOrigins, c.AllowCredentials = model.Unresolved[[]string](n.at), model.Unresolved[bool](n.at)
	case n.kind == scalarNode:
		if b, ok := parseBool(n.value); ok && !b {
			return nil
		}
		c.AllowOrigins = model.Defaulted([]string{"*"}, n.at)
		c.AllowCredentials = model.Defaulted(false, n.at)
	case n.kind == mapNode:
		origins := ld.strList(n.get(originsKey), n.at)
		if originsKey == "origins" && origins.Origin == model.Absent {
			origins = ld.strList(n.get("origin"), n.at)
		}
		c.AllowOrigins = orDefault(origins, []string{"*"})
		c.AllowCredentials = orDefault(ld.boolean(n.get(credentialsKey), n.at), false)
	default:
		return nil
	}
	return c
}

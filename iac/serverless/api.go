package serverless

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// declareAPIs adds the REST API the framework creates for http events (ApiGatewayRestApi)
// and the HTTP API it creates for httpApi events (HttpApi), or the external APIs they
// attach to (provider.apiGateway.restApiId, provider.httpApi.id).
func (ld *loader) declareAPIs(decls []*fnDecl) {
	prov := ld.cfg.get("provider")
	for _, d := range decls {
		for _, ev := range eventsOf(d.n) {
			switch {
			case ev.typ == "http" && ld.rest == nil:
				ld.rest = &model.API{Resource: model.Resource{ID: restAPIID, Type: "AWS::ApiGateway::RestApi", At: ev.at}, Kind: model.RESTAPI}
				if ext := prov.path("apiGateway", "restApiId"); !ext.isNull() {
					ld.rest.Name = ld.str(ext, ev.at)
				} else {
					ld.rest.Name = ld.apiName(prov.get("apiName"), prov.path("apiGateway", "shouldStartNameWithService"), ev.at)
					ld.generated[restAPIID] = Generated{ID: restAPIID, Type: ld.rest.Type}
				}
				ld.p.APIs = append(ld.p.APIs, ld.rest)
			case ev.typ == "httpApi" && ld.http == nil:
				ld.http = &model.API{Resource: model.Resource{ID: httpAPIID, Type: "AWS::ApiGatewayV2::Api", At: ev.at}, Kind: model.HTTPAPI}
				if ext := prov.path("httpApi", "id"); !ext.isNull() {
					ld.http.Name = ld.str(ext, ev.at)
				} else {
					ld.http.Name = ld.apiName(prov.path("httpApi", "name"), prov.path("httpApi", "shouldStartNameWithService"), ev.at)
					ld.generated[httpAPIID] = Generated{ID: httpAPIID, Type: ld.http.Type}
				}
				ld.p.APIs = append(ld.p.APIs, ld.http)
			}
		}
	}
}

// apiName is an API's name: set, or <stage>-<service> (<service>-<stage> with
// shouldStartNameWithService).
func (ld *loader) apiName(set, startWithService *node, hdr model.Range) model.Attr[string] {
	if !set.isNull() {
		return ld.str(set, hdr)
	}
	if !ld.serviceKnown || !ld.stageKnown {
		return model.Attr[string]{Origin: model.Unknown, At: hdr}
	}
	if b, ok := parseBool(strOf(startWithService)); ok && b {
		return model.Defaulted(ld.service+"-"+ld.stage, hdr)
	}
	return model.Defaulted(ld.stage+"-"+ld.service, hdr)
}

// fillAPIs reads the stage settings of the implicit APIs.
func (ld *loader) fillAPIs() {
	prov := ld.cfg.get("provider")
	hdr := keyRange(ld.cfg, "provider", ld.p.At)
	if api := ld.rest; api != nil {
		st := &model.Stage{At: hdr, Name: orDefault(ld.str(prov.get("stage"), hdr), defaultStage)}
		if !st.Name.Known() {
			st.NameExpr = "${sls:stage}" // the stage the service is deployed to
		}
		if ext := prov.path("apiGateway", "restApiId"); !ext.isNull() {
			// An API created elsewhere: its stage is configured elsewhere too.
			ld.externalStage(st, ext.at)
		} else {
			st.TracingEnabled = orDefault(ld.boolean(prov.path("tracing", "apiGateway"), hdr), false)
			st.AccessLogDestination = ld.accessLogs(prov.path("logs", "restApi"), hdr, "ApiGatewayLogGroup",
				func() (string, bool) {
					if ld.serviceKnown && ld.stageKnown {
						return "/aws/api-gateway/" + ld.service + "-" + ld.stage, true
					}
					return "", false
				})
			ld.throttling(st, hdr)
		}
		api.Stages = append(api.Stages, st)
		api.DefaultAuthorizer, api.APIKeyRequired = model.Missing[string](api.At), model.Missing[bool](api.At)
		api.UsagePlan = ld.usagePlan(prov.path("apiGateway", "usagePlan"), api.At)
	}
	if api := ld.http; api != nil {
		st := &model.Stage{At: hdr, Name: model.Defaulted("$default", hdr), TracingEnabled: model.Missing[bool](hdr)}
		if ext := prov.path("httpApi", "id"); !ext.isNull() {
			ld.externalStage(st, ext.at)
		} else {
			st.AccessLogDestination = ld.accessLogs(prov.path("logs", "httpApi"), hdr, "HttpApiLogGroup",
				func() (string, bool) {
					name, ok := ld.stackName()
					return "/aws/http-api/" + name, ok
				})
			ld.throttling(st, hdr)
		}
		api.Stages = append(api.Stages, st)
		api.DefaultAuthorizer, api.APIKeyRequired = model.Missing[string](api.At), model.Missing[bool](api.At)
		api.UsagePlan = model.Missing[bool](api.At)
		api.CORS = ld.cors(prov.path("httpApi", "cors"), "allowedOrigins", "allowCredentials")
	}
}

func (ld *loader) externalStage(st *model.Stage, at model.Range) {
	st.TracingEnabled = model.Unresolved[bool](at)
	st.AccessLogDestination = model.Unresolved[string](at)
	st.ThrottlingBurstLimit = model.Unresolved[int](at)
	st.ThrottlingRateLimit = model.Unresolved[float64](at)
}

// accessLogs reads provider.logs.restApi/httpApi: true or settings (accessLogging: false
// turns access logs off) send access logs to a log group the framework creates.
func (ld *loader) accessLogs(n *node, hdr model.Range, groupID string, groupName func() (string, bool)) model.Attr[string] {
	switch {
	case n.isNull():
		return model.Missing[string](hdr)
	case n.unknown:
		return model.Attr[string]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == scalarNode:
		if b, ok := parseBool(n.value); !ok || !b {
			return model.Missing[string](hdr)
		}
	case n.kind == mapNode:
		if b, ok := parseBool(strOf(n.get("accessLogging"))); ok && !b {
			return model.Missing[string](hdr)
		}
	}
	name, ok := groupName()
	if !ok {
		return model.Attr[string]{Origin: model.Unknown, At: n.at, Ref: groupID}
	}
	lg := &model.LogGroup{
		Resource:      model.Resource{ID: groupID, Type: "AWS::Logs::LogGroup", At: n.at, Name: model.Defaulted(name, n.at)},
		RetentionDays: ld.integer(truthy(ld.cfg.path("provider", "logRetentionInDays")), n.at),
	}
	ld.p.LogGroups = append(ld.p.LogGroups, lg)
	a := model.Set(name, n.at)
	a.Ref = groupID
	return a
}

// throttling reads the stage throttling of the serverless-api-gateway-throttling plugin;
// the framework itself has none.
func (ld *loader) throttling(st *model.Stage, hdr model.Range) {
	st.ThrottlingBurstLimit, st.ThrottlingRateLimit = model.Missing[int](hdr), model.Missing[float64](hdr)
	plugin, ok := ld.plugins["serverless-api-gateway-throttling"]
	if !ok {
		return
	}
	cfg := ld.cfg.path("custom", "apiGatewayThrottling")
	// The plugin's defaults are the account's limits.
	st.ThrottlingRateLimit = orDefault(ld.float(cfg.get("maxRequestsPerSecond"), plugin.keyAt), 10000)
	st.ThrottlingBurstLimit = orDefault(ld.integer(cfg.get("maxConcurrentRequests"), plugin.keyAt), 5000)
}

// usagePlan reports whether provider.apiGateway.usagePlan (one plan, or a list of named
// plans) throttles.
func (ld *loader) usagePlan(n *node, hdr model.Range) model.Attr[bool] {
	switch {
	case n.isNull():
		return model.Missing[bool](hdr)
	case n.unknown:
		return model.Unresolved[bool](n.at)
	case n.kind == mapNode:
		if th := n.get("throttle"); !th.isNull() {
			return model.Set(true, th.at)
		}
	case n.kind == seqNode:
		for _, plan := range n.items {
			for _, p := range plan.pairs {
				if th := p.val.get("throttle"); !th.isNull() {
					return model.Set(true, th.at)
				}
			}
		}
	}
	return model.Missing[bool](hdr)
}

// methodPath splits the short form "GET /path" of an http or httpApi event.
func methodPath(v *node) (method, path *node) {
	s, ok := v.str()
	if !ok {
		return nil, nil
	}
	if s == "*" {
		return nil, &node{kind: scalarNode, tag: "!!str", value: "*", at: v.at}
	}
	lead := len(s) - len(strings.TrimLeft(s, " "))
	m, p, _ := strings.Cut(strings.TrimSpace(s), " ")
	pOff := lead + len(m) + (len(p) - len(strings.TrimLeft(p, " "))) + 1
	p = strings.TrimSpace(p)
	return &node{kind: scalarNode, tag: "!!str", value: m, at: subRange(v, lead, len(m))},
		&node{kind: scalarNode, tag: "!!str", value: p, at: subRange(v, pOff, len(p))}
}

// subRange is the range of bytes [off, off+n) of a one-line scalar's value, when its text
// is its value (plain) or its value quoted; otherwise the scalar's range.
func subRange(v *node, off, n int) model.Range {
	r := v.at
	if r.Line != r.EndLine {
		return r
	}
	switch r.EndColumn - r.Column {
	case len(v.value):
	case len(v.value) + 2:
		off++ // quoted
	default:
		return r
	}
	r.Column += off
	r.EndColumn = r.Column + n
	return r
}

func (ld *loader) upper(n *node, hdr model.Range) model.Attr[string] {
	a := ld.str(n, hdr)
	if a.Origin == model.Explicit {
		a.Value = strings.ToUpper(a.Value)
		if a.Value == "*" {
			a.Value = "ANY"
		}
	}
	return a
}

// httpTrigger reads an http event: a route of the REST API.
func (ld *loader) httpTrigger(d *fnDecl, ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerRESTAPI, at, ev.typ)
	t.API = model.Attr[string]{Origin: model.Default, Value: restAPIID, Ref: restAPIID, At: at}
	method, path := methodPath(v)
	if v.kind == mapNode {
		method, path = v.get("method"), v.get("path")
	}
	t.Method, t.Path = ld.upper(method, at), ld.str(path, at)
	t.PayloadFormatVersion = model.Defaulted("1.0", at)
	r := &model.Route{At: at, Method: t.Method, Path: t.Path, Function: d.key,
		Private: model.Missing[bool](at), APIKeyRequired: model.Missing[bool](at)}
	if v.kind == mapNode {
		r.AuthorizationType, r.Authorizer = ld.restAuthorizer(v.get("authorizer"), at)
		r.Private = ld.boolean(v.get("private"), at)
		r.APIKeyRequired = r.Private
		if c := ld.cors(v.get("cors"), "origins", "allowCredentials"); c != nil && ld.rest != nil {
			ld.rest.CORS = mergeCORS(ld.rest.CORS, c)
		}
	} else {
		r.AuthorizationType, r.Authorizer = model.Defaulted("NONE", at), model.Missing[string](at)
	}
	t.Route = r
	if ld.rest != nil {
		ld.rest.Routes = append(ld.rest.Routes, r)
	}
	return t
}

// mergeCORS combines the CORS settings of several http events into the API's, as the
// framework does: the union of origins, credentials if any event allows them.
func mergeCORS(api, c *model.CORS) *model.CORS {
	if api == nil {
		return c
	}
	out := *api
	if out.AllowOrigins.Known() && c.AllowOrigins.Known() {
		seen := map[string]bool{}
		var all []string
		for _, o := range append(append([]string(nil), out.AllowOrigins.Value...), c.AllowOrigins.Value...) {
			if !seen[o] {
				seen[o] = true
				all = append(all, o)
			}
		}
		out.AllowOrigins.Value = all
	} else if !c.AllowOrigins.Known() {
		out.AllowOrigins = c.AllowOrigins
	}
	allowsAlready := out.AllowCredentials.Known() && out.AllowCredentials.Value
	if c.AllowCredentials.Origin == model.Unknown || c.AllowCredentials.Known() && c.AllowCredentials.Value && !allowsAlready {
		out.AllowCredentials = c.AllowCredentials
	}
	return &out
}

// restAuthorizer reads an http event's authorizer into an authorization type and the
// authorizer's name or ARN.
func (ld *loader) restAuthorizer(n *node, hdr model.Range) (model.Attr[string], model.Attr[string]) {
	switch {
	case n.isNull():
		return model.Defaulted("NONE", hdr), model.Missing[string](hdr)
	case n.unknown:
		return model.Unresolved[string](n.at), model.Attr[string]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	case n.kind == scalarNode:
		switch {
		case strings.EqualFold(n.value, "aws_iam"):
			return model.Set("AWS_IAM", n.at), model.Missing[string](hdr)
		case strings.Contains(n.value, ":cognito-idp:"):
			return model.Set("COGNITO_USER_POOLS", n.at), model.Set(n.value, n.at)
		}
		return model.Set("CUSTOM", n.at), model.Set(n.value, n.at)
	case n.kind == mapNode && n.intrinsic() == "":
		typ := strings.ToUpper(strOf(n.get("type")))
		arn := n.get("arn")
		name := ld.str(present(n.get("name"), arn, n.get("authorizerId")), n.at)
		if n.get("name").isNull() && !arn.isNull() {
			name = ld.str(arn, n.at)
		}
		switch {
		case typ == "AWS_IAM":
			return model.Set("AWS_IAM", n.at), model.Missing[string](hdr)
		case typ == "COGNITO_USER_POOLS" || arn != nil && arn.kind == scalarNode && strings.Contains(arn.value, ":cognito-idp:"):
			return model.Set("COGNITO_USER_POOLS", n.at), name
		case typ == "" && n.get("authorizerId") != nil:
			return model.Unresolved[string](n.at), name
		}
		return model.Set("CUSTOM", n.at), name
	}
	// An intrinsic: an authorizer ARN.
	return model.Set("CUSTOM", n.at), ld.str(n, hdr)
}

// httpAPITrigger reads an httpApi event: a route of the HTTP API.
func (ld *loader) httpAPITrigger(d *fnDecl, ev event) *model.Trigger {
	v, at := ev.val, ev.at
	t := model.NewTrigger(model.TriggerHTTPAPI, at, ev.typ)
	t.API = model.Attr[string]{Origin: model.Default, Value: httpAPIID, Ref: httpAPIID, At: at}
	method, path := methodPath(v)
	if v.kind == mapNode {
		method, path = v.get("method"), v.get("path")
	}
	t.Method, t.Path = ld.upper(method, at), ld.str(path, at)
	if t.Method.Origin == model.Absent && t.Path.Known() && t.Path.Value == "*" {
		t.Method = model.Defaulted("ANY", at)
	}
	t.PayloadFormatVersion = orDefault(ld.str(present(d.n.path("httpApi", "payload"), ld.cfg.path("provider", "httpApi", "payload")), at), "2.0")
	r := &model.Route{At: at, Method: t.Method, Path: t.Path, Function: d.key,
		Private: model.Missing[bool](at), APIKeyRequired: model.Missing[bool](at)}
	var auth *node
	if v.kind == mapNode {
		auth = v.get("authorizer")
	}
	r.AuthorizationType, r.Authorizer = ld.httpAuthorizer(auth, at)
	t.Route = r
	if ld.http != nil {
		ld.http.Routes = append(ld.http.Routes, r)
	}
	return t
}

// httpAuthorizer reads an httpApi event's authorizer: the name of one of
// provider.httpApi.authorizers (JWT unless its type is request), {type: aws_iam}, or an
// external {id, type}.
func (ld *loader) httpAuthorizer(n *node, hdr model.Range) (model.Attr[string], model.Attr[string]) {
	if n.isNull() {
		return model.Defaulted("NONE", hdr), model.Missing[string](hdr)
	}
	if n.unknown {
		return model.Unresolved[string](n.at), model.Attr[string]{Origin: model.Unknown, At: n.at, Secret: n.secret}
	}
	nameNode, typ := n, ""
	if n.kind == mapNode {
		nameNode = present(n.get("name"), n.get("id"))
		typ = strings.ToLower(strOf(n.get("type")))
	}
	if typ == "aws_iam" {
		return model.Set("AWS_IAM", n.at), model.Missing[string](hdr)
	}
	name := ld.str(nameNode, n.at)
	if typ == "" && name.Known() {
		def := ld.cfg.path("provider", "httpApi", "authorizers", name.Value)
		typ = strings.ToLower(strOf(def.get("type")))
	}
	if typ == "request" {
		return model.Set("CUSTOM", n.at), name
	}
	return model.Set("JWT", n.at), name
}

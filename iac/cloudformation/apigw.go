package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// api declares a REST or HTTP API: AWS::ApiGateway::RestApi, AWS::ApiGatewayV2::Api or
// their SAM forms, whose stage and authorization settings are part of the resource.
func (b *builder) api(r *resource, kind model.APIKind) {
	hdr := r.key.rng
	api := &model.API{
		Resource:          b.header(r, "Name"),
		Kind:              kind,
		DefaultAuthorizer: model.Missing[string](hdr),
		APIKeyRequired:    model.Missing[bool](hdr),
		UsagePlan:         model.Missing[bool](hdr),
	}
	bodyProp, uriProp := "Body", "BodyS3Location"
	if r.typ == "AWS::Serverless::Api" || r.typ == "AWS::Serverless::HttpApi" {
		bodyProp, uriProp = "DefinitionBody", "DefinitionUri"
	}
	switch body := r.props.get(bodyProp); {
	case r.props.get(uriProp) != nil:
		b.openAPI[r.id] = true // a document in a file or on S3 is not read
	case body != nil:
		if doc, ok := b.readOpenAPI(body, kind); ok {
			b.openAPIDocs[r.id] = doc
		} else {
			b.openAPI[r.id] = true
		}
	}
	switch r.typ {
	case "AWS::Serverless::Api":
		b.samRESTSettings(api, r.props, hdr, false)
	case "AWS::Serverless::HttpApi":
		b.samHTTPSettings(api, r.props, hdr)
	case "AWS::ApiGatewayV2::Api":
		if cors := b.tp.obj(r.props, "CorsConfiguration"); cors != nil {
			api.CORS = &model.CORS{
				At:               cors.rng,
				AllowOrigins:     b.tp.strList(cors.get("AllowOrigins"), cors.rng),
				AllowCredentials: b.tp.boolOr(cors.get("AllowCredentials"), false, cors.rng, "AllowCredentials"),
			}
		}
	}
	b.apis[r.id] = api
	b.p.APIs = append(b.p.APIs, api)
}

// methodSettingsThrottling picks the throttling of a REST stage's MethodSettings: the
// entry for all methods (/* and *) when there is one, else the first entry that throttles.
func (b *builder) methodSettingsThrottling(st *model.Stage, settings *node) {
	var chosen *node
	for _, ms := range b.tp.items(settings) {
		if ms.get("ThrottlingBurstLimit") == nil && ms.get("ThrottlingRateLimit") == nil {
			continue
		}
		path := b.tp.str(ms.get("ResourcePath"), ms.rng)
		method := b.tp.str(ms.get("HttpMethod"), ms.rng)
		if path.Value == "/*" && method.Value == "*" {
			chosen = ms
			break
		}
		if chosen == nil {
			chosen = ms
		}
	}
	if chosen != nil {
		st.ThrottlingBurstLimit = b.tp.integer(chosen.get("ThrottlingBurstLimit"), st.At, "ThrottlingBurstLimit")
		st.ThrottlingRateLimit = b.tp.float(chosen.get("ThrottlingRateLimit"), st.At)
	}
}

func newStage(at model.Range) *model.Stage {
	return &model.Stage{
		At: at, Name: model.Missing[string](at),
		ThrottlingBurstLimit: model.Missing[int](at), ThrottlingRateLimit: model.Missing[float64](at),
		TracingEnabled: model.Missing[bool](at), AccessLogDestination: model.Missing[string](at),
	}
}

// samRESTSettings reads an AWS::Serverless::Api's settings (or Globals.Api for the
// implicit API): its stage, authorizers, usage plan and CORS.
func (b *builder) samRESTSettings(api *model.API, props *node, hdr model.Range, implicit bool) {
	tp := b.tp
	st := newStage(hdr)
	st.Name = tp.str(props.get("StageName"), hdr)
	st.NameExpr = b.exprText(props.get("StageName"))
	if implicit && !st.Name.IsSet() {
		st.Name = model.Defaulted("Prod", hdr)
	}
	b.methodSettingsThrottling(st, props.get("MethodSettings"))
	st.TracingEnabled = tp.boolOr(props.get("TracingEnabled"), false, hdr, "TracingEnabled")
	st.AccessLogDestination = tp.str(tp.obj(props, "AccessLogSetting").get("DestinationArn"), hdr)
	api.Stages = append(api.Stages, st)

	auth := tp.obj(props, "Auth")
	api.DefaultAuthorizer = tp.str(auth.get("DefaultAuthorizer"), hdr)
	api.APIKeyRequired = tp.boolean(auth.get("ApiKeyRequired"), hdr, "ApiKeyRequired")
	if !api.APIKeyRequired.IsSet() {
		api.APIKeyRequired = model.Defaulted(false, hdr)
	}
	tp.obj(auth, "Authorizers").pairs(func(k, v *node) {
		typ := "CUSTOM"
		if v.get("UserPoolArn") != nil {
			typ = "COGNITO_USER_POOLS"
		}
		b.authorizers[api.ID+"/"+k.value] = typ
	})
	if up := tp.obj(auth, "UsagePlan"); up != nil {
		create := tp.str(up.get("CreateUsagePlan"), up.rng)
		if (!create.Known() || create.Value != "NONE") && tp.obj(up, "Throttle") != nil {
			api.UsagePlan = model.Set(true, up.rng)
		}
	}
	if n := props.get("Cors"); n != nil {
		api.CORS = b.samRESTCors(n)
	}
}

// samRESTCors reads a SAM REST API's Cors: an origin string, or {AllowOrigin,
// AllowCredentials}, with SAM's quoted values ("'*'").
func (b *builder) samRESTCors(n *node) *model.CORS {
	tp := b.tp
	c := &model.CORS{At: n.rng, AllowCredentials: model.Defaulted(false, n.rng)}
	origin := n
	if m, st := tp.pick(n); st == vKnown && m != nil && m.kind == mapNode && !isIntrinsic(m) {
		origin = m.get("AllowOrigin")
		if ac := m.get("AllowCredentials"); ac != nil {
			c.AllowCredentials = tp.boolean(ac, n.rng, "AllowCredentials")
		}
	}
	a := tp.str(origin, n.rng)
	c.AllowOrigins = model.Attr[[]string]{Origin: a.Origin, At: a.At, Ref: a.Ref, Secret: a.Secret}
	if a.Known() {
		c.AllowOrigins.Value = []string{unquoteSAM(a.Value)}
	}
	return c
}

// samHTTPSettings reads an AWS::Serverless::HttpApi's settings (or Globals.HttpApi).
func (b *builder) samHTTPSettings(api *model.API, props *node, hdr model.Range) {
	tp := b.tp
	st := newStage(hdr)
	st.Name = tp.strOr(props.get("StageName"), "$default", hdr)
	st.NameExpr = b.exprText(props.get("StageName"))
	drs := tp.obj(props, "DefaultRouteSettings")
	st.ThrottlingBurstLimit = tp.integer(drs.get("ThrottlingBurstLimit"), hdr, "ThrottlingBurstLimit")
	st.ThrottlingRateLimit = tp.float(drs.get("ThrottlingRateLimit"), hdr)
	st.AccessLogDestination = tp.str(tp.obj(props, "AccessLogSettings").get("DestinationArn"), hdr)
	api.Stages = append(api.Stages, st)

	auth := tp.obj(props, "Auth")
	api.DefaultAuthorizer = tp.str(auth.get("DefaultAuthorizer"), hdr)
	tp.obj(auth, "Authorizers").pairs(func(k, v *node) {
		typ := "CUSTOM"
		if v.get("JwtConfiguration") != nil {
			typ = "JWT"
		}
		b.authorizers[api.ID+"/"+k.value] = typ
	})
	if n := props.get("CorsConfiguration"); n != nil {
		c := &model.CORS{At: n.rng, AllowCredentials: model.Defaulted(false, n.rng)}
		if m, st := tp.pick(n); st == vKnown && m != nil && m.kind == mapNode {
			c.AllowOrigins = tp.strList(m.get("AllowOrigins"), n.rng)
			if ac := m.get("AllowCredentials"); ac != nil {
				c.AllowCredentials = tp.boolean(ac, n.rng, "AllowCredentials")
			}
		} else if on := tp.boolean(n, n.rng, "CorsConfiguration"); on.Known() {
			// CorsConfiguration: true allows every origin.
			if on.Value {
				c.AllowOrigins = model.Set([]string{"*"}, n.rng)
			} else {
				c = nil
			}
		} else {
			c.AllowOrigins = model.Unresolved[[]string](n.rng)
		}
		api.CORS = c
	}
}

// restPath builds an AWS::ApiGateway::Resource's path from its PathPart and parents.
func (b *builder) restPath(id string, depth int) (string, bool) {
	r := b.apiResources[id]
	if r == nil || depth > maxEvalDepth {
		return "", false
	}
	part := b.tp.str(r.props.get("PathPart"), r.key.rng)
	if !part.Known() {
		return "", false
	}
	parent := b.tp.str(r.props.get("ParentId"), r.key.rng)
	if _, ok := b.apiResources[parent.Ref]; ok {
		p, ok := b.restPath(parent.Ref, depth+1)
		return p + "/" + part.Value, ok
	}
	return "/" + part.Value, true
}

// restMethod reads an AWS::ApiGateway::Method: a route, and a trigger of the function
// its Lambda integration invokes.
func (b *builder) restMethod(r *resource) {
	tp, hdr := b.tp, r.key.rng
	api, apiRef := b.apiOf(r.props.get("RestApiId"), model.RESTAPI, hdr)
	route := &model.Route{
		At:                hdr,
		Method:            tp.str(r.props.get("HttpMethod"), hdr),
		Path:              model.Missing[string](hdr),
		AuthorizationType: tp.strOr(r.props.get("AuthorizationType"), "NONE", hdr),
		Authorizer:        tp.str(r.props.get("AuthorizerId"), hdr),
		APIKeyRequired:    tp.boolOr(r.props.get("ApiKeyRequired"), false, hdr, "ApiKeyRequired"),
		Private:           model.Missing[bool](hdr),
	}
	if resID := r.props.get("ResourceId"); resID != nil {
		a := tp.str(resID, hdr)
		if p, ok := b.restPath(a.Ref, 0); ok {
			route.Path = model.Set(p, resID.rng)
		} else if strings.HasSuffix(tp.eval(resID).s, ".RootResourceId}") {
			route.Path = model.Set("/", resID.rng)
		} else {
			route.Path = model.Unresolved[string](resID.rng)
		}
	}
	integ := tp.obj(r.props, "Integration")
	fnID := ""
	if uri := integ.get("Uri"); uri != nil {
		fnID = b.functionOf(tp.str(uri, hdr))
	}
	route.Function = fnID
	if api != nil {
		api.Routes = append(api.Routes, route)
	}
	if fnID == "" {
		return
	}
	t := model.NewTrigger(model.TriggerRESTAPI, hdr, r.id)
	t.API = apiAttr(api, apiRef)
	t.Source = t.API
	t.Method, t.Path = route.Method, route.Path
	t.PayloadFormatVersion = model.Defaulted("1.0", hdr)
	t.Route = route
	b.addTrigger(fnID, t)
}

// restStage reads an AWS::ApiGateway::Stage.
func (b *builder) restStage(r *resource) {
	tp, hdr := b.tp, r.key.rng
	api, _ := b.apiOf(r.props.get("RestApiId"), model.RESTAPI, hdr)
	if api == nil {
		return
	}
	st := newStage(hdr)
	st.Name = tp.str(r.props.get("StageName"), hdr)
	st.NameExpr = b.exprText(r.props.get("StageName"))
	b.methodSettingsThrottling(st, r.props.get("MethodSettings"))
	st.TracingEnabled = tp.boolOr(r.props.get("TracingEnabled"), false, hdr, "TracingEnabled")
	st.AccessLogDestination = tp.str(tp.obj(r.props, "AccessLogSetting").get("DestinationArn"), hdr)
	api.Stages = append(api.Stages, st)
}

// restDeployment reads the stage an AWS::ApiGateway::Deployment creates with StageName and
// StageDescription.
func (b *builder) restDeployment(r *resource) {
	tp, hdr := b.tp, r.key.rng
	name := r.props.get("StageName")
	if name == nil {
		return
	}
	api, _ := b.apiOf(r.props.get("RestApiId"), model.RESTAPI, hdr)
	if api == nil {
		return
	}
	st := newStage(hdr)
	st.Name = tp.str(name, hdr)
	st.NameExpr = b.exprText(name)
	desc := tp.obj(r.props, "StageDescription")
	b.methodSettingsThrottling(st, desc.get("MethodSettings"))
	if desc.get("ThrottlingBurstLimit") != nil || desc.get("ThrottlingRateLimit") != nil {
		st.ThrottlingBurstLimit = tp.integer(desc.get("ThrottlingBurstLimit"), hdr, "ThrottlingBurstLimit")
		st.ThrottlingRateLimit = tp.float(desc.get("ThrottlingRateLimit"), hdr)
	}
	st.TracingEnabled = tp.boolOr(desc.get("TracingEnabled"), false, hdr, "TracingEnabled")
	st.AccessLogDestination = tp.str(tp.obj(desc, "AccessLogSetting").get("DestinationArn"), hdr)
	api.Stages = append(api.Stages, st)
}

// usagePlan marks the APIs whose stages an AWS::ApiGateway::UsagePlan throttles.
func (b *builder) usagePlan(r *resource) {
	tp := b.tp
	throttle := tp.obj(r.props, "Throttle")
	for _, s := range tp.items(r.props.get("ApiStages")) {
		api, _ := b.apiOf(s.get("ApiId"), model.RESTAPI, s.rng)
		if api == nil {
			continue
		}
		if throttle != nil || tp.obj(s, "Throttle") != nil {
			api.UsagePlan = model.Set(true, r.key.rng)
		}
	}
}

// httpRoute reads an AWS::ApiGatewayV2::Route and the integration its Target names.
func (b *builder) httpRoute(r *resource) {
	tp, hdr := b.tp, r.key.rng
	api, apiRef := b.apiOf(r.props.get("ApiId"), model.HTTPAPI, hdr)
	key := tp.str(r.props.get("RouteKey"), hdr)
	if api != nil && api.External && key.Known() && webSocketRouteKey(key.Value) {
		b.webSocket[api] = true
	}
	route := &model.Route{
		At:                hdr,
		Method:            model.Attr[string]{Origin: key.Origin, At: key.At},
		Path:              model.Attr[string]{Origin: key.Origin, At: key.At},
		AuthorizationType: tp.strOr(r.props.get("AuthorizationType"), "NONE", hdr),
		Authorizer:        tp.str(r.props.get("AuthorizerId"), hdr),
		APIKeyRequired:    tp.boolOr(r.props.get("ApiKeyRequired"), false, hdr, "ApiKeyRequired"),
		Private:           model.Missing[bool](hdr),
	}
	if key.Known() {
		if m, p, ok := strings.Cut(key.Value, " "); ok {
			route.Method.Value, route.Path.Value = m, p
		} else {
			route.Method.Value, route.Path.Value = "ANY", key.Value // $default
		}
	}
	if api != nil {
		api.Routes = append(api.Routes, route)
	}
	target := tp.str(r.props.get("Target"), hdr)
	integ := b.integrations[target.Ref]
	if integ == nil {
		return
	}
	fnID := b.functionOf(tp.str(integ.props.get("IntegrationUri"), integ.key.rng))
	route.Function = fnID
	if fnID == "" {
		return
	}
	t := model.NewTrigger(model.TriggerHTTPAPI, hdr, r.id)
	t.API = apiAttr(api, apiRef)
	t.Source = t.API
	t.Method, t.Path = route.Method, route.Path
	t.PayloadFormatVersion = tp.strOr(integ.props.get("PayloadFormatVersion"), "2.0", integ.key.rng)
	t.Route = route
	b.addTrigger(fnID, t)
}

// apiAttr is a trigger's API: the reference as written, naming the API's ID when the API
// is known (declared in the template, or external).
func apiAttr(api *model.API, ref model.Attr[string]) model.Attr[string] {
	if api == nil {
		return ref
	}
	a := ref
	a.Value, a.Ref = api.ID, api.ID
	if a.Origin != model.Explicit {
		a.Origin = model.Explicit
	}
	return a
}

// httpStage reads an AWS::ApiGatewayV2::Stage.
func (b *builder) httpStage(r *resource) {
	tp, hdr := b.tp, r.key.rng
	api, _ := b.apiOf(r.props.get("ApiId"), model.HTTPAPI, hdr)
	if api == nil {
		return
	}
	st := newStage(hdr)
	st.Name = tp.str(r.props.get("StageName"), hdr)
	st.NameExpr = b.exprText(r.props.get("StageName"))
	drs := tp.obj(r.props, "DefaultRouteSettings")
	st.ThrottlingBurstLimit = tp.integer(drs.get("ThrottlingBurstLimit"), hdr, "ThrottlingBurstLimit")
	st.ThrottlingRateLimit = tp.float(drs.get("ThrottlingRateLimit"), hdr)
	st.AccessLogDestination = tp.str(tp.obj(r.props, "AccessLogSettings").get("DestinationArn"), hdr)
	api.Stages = append(api.Stages, st)
}

// httpQuickCreate reads an HTTP API created with Target: a $default route and stage to
// that function.
func (b *builder) httpQuickCreate(r *resource) {
	api := b.apis[r.id]
	target := r.props.get("Target")
	if api == nil || target == nil {
		return
	}
	hdr := r.key.rng
	fnID := b.functionOf(b.tp.str(target, hdr))
	route := &model.Route{
		At: target.rng, Method: model.Defaulted("ANY", hdr), Path: model.Defaulted("$default", hdr),
		AuthorizationType: model.Defaulted("NONE", hdr), Authorizer: model.Missing[string](hdr),
		APIKeyRequired: model.Missing[bool](hdr), Private: model.Missing[bool](hdr), Function: fnID,
	}
	api.Routes = append(api.Routes, route)
	st := newStage(hdr)
	st.Name = model.Defaulted("$default", hdr)
	api.Stages = append(api.Stages, st)
	if fnID == "" {
		return
	}
	t := model.NewTrigger(model.TriggerHTTPAPI, target.rng, r.id)
	t.API = model.Attr[string]{Value: r.id, Origin: model.Explicit, At: hdr, Ref: r.id}
	t.Source = t.API
	t.Method, t.Path = route.Method, route.Path
	t.PayloadFormatVersion = model.Defaulted("2.0", hdr)
	t.Route = route
	b.addTrigger(fnID, t)
}

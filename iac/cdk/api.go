package cdk

import (
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
	"github.com/slslint/slslint/iac/model"
)

// authorizer is an API Gateway authorizer construct: its authorization type.
type authorizer struct{ typ string }

// --- API Gateway REST APIs ---

func (r *reader) restFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	switch name {
	case "NewRestApi", "NewLambdaRestApi", "NewSpecRestApi":
		return r.newRestAPI(c, name == "NewLambdaRestApi"), true
	case "NewLambdaIntegration":
		return integration{fn: asConstruct(c.Arg(0)), call: c.Expr}, true
	case "NewTokenAuthorizer", "NewRequestAuthorizer":
		return authorizer{typ: "CUSTOM"}, true
	case "NewCognitoUserPoolsAuthorizer":
		return authorizer{typ: "COGNITO_USER_POOLS"}, true
	}
	return nil, false
}

// restAuthType converts awsapigateway.AuthorizationType to CloudFormation's values.
func restAuthType(s string) string {
	switch s {
	case "IAM":
		return "AWS_IAM"
	case "COGNITO":
		return "COGNITO_USER_POOLS"
	}
	return s
}

// newRestAPI reads NewRestApi and NewLambdaRestApi: the API, its deployment stage (prod
// by default), and for a LambdaRestApi the proxy routes to its handler.
func (r *reader) newRestAPI(c *goeval.Call, lambdaAPI bool) goeval.Value {
	cn, ok := r.child(c, kindRestAPI)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "RestApiName", m, "Name", nil)
	if m.Get("Name") == nil {
		m.Set("Name", cn.at, &cloudformation.Value{Kind: cloudformation.String, Text: cn.id, At: cn.at, Default: true})
	}
	if r.resource(cn, "AWS::ApiGateway::RestApi", m) == nil {
		return cn
	}
	cn.restRoot = &construct{kind: kindRestRes, stack: cn.stack, restAPI: cn, restPath: "/", path: cn.path + "/Default",
		at: cn.at, extent: cn.extent}
	cn.restRoot.state = r.methodDefaults(p, cn.at)
	deploy := true
	if v, _, ok := r.field(p, "Deploy"); ok {
		if b, known := goeval.BoolOf(v); known {
			deploy = b
		}
	}
	if deploy {
		r.restStage(cn, props(fieldValue(p, "DeployOptions")), cn.at)
	}
	if lambdaAPI {
		fn := asConstruct(fieldValue(p, "Handler"))
		proxy := true
		if v, _, ok := r.field(p, "Proxy"); ok {
			if b, known := goeval.BoolOf(v); known {
				proxy = b
			}
		}
		if proxy && fn != nil {
			integ := integration{fn: fn, call: c.Expr}
			r.addMethod(cn.restRoot, "ANY", integ, nil, cn.at)
			res := r.addResource(cn.restRoot, "{proxy+}", cn.at)
			r.addMethod(res, "ANY", integ, nil, cn.at)
		}
	}
	return cn
}

// methodDefaults keeps an API's DefaultMethodOptions as a map of the method properties
// they give (AuthorizationType, ApiKeyRequired), stored on its root.
func (r *reader) methodDefaults(p *goeval.Struct, at model.Range) *cloudformation.Value {
	defaults := cloudformation.NewMap(at)
	if opts, ok := fieldValue(p, "DefaultMethodOptions").(*goeval.Struct); ok {
		r.methodOptions(opts, defaults)
	}
	return defaults
}

// methodOptions reads MethodOptions into method properties.
func (r *reader) methodOptions(opts *goeval.Struct, m *cloudformation.Value) {
	if v, at, ok := r.field(opts, "AuthorizationType"); ok {
		if s, known := goeval.StringOf(v); known {
			m.Set("AuthorizationType", at, cloudformation.Str(restAuthType(s), at))
		} else {
			m.Set("AuthorizationType", at, cloudformation.Opaque(at))
		}
	}
	if v, at, ok := r.field(opts, "Authorizer"); ok {
		if a, ok := v.(authorizer); ok && m.Get("AuthorizationType") == nil {
			m.Set("AuthorizationType", at, cloudformation.Str(a.typ, at))
		}
		m.Set("AuthorizerId", at, cloudformation.Opaque(at))
	}
	r.setProp(opts, "ApiKeyRequired", m, "ApiKeyRequired", nil)
}

// restStage creates the deployment and stage of an API from its DeployOptions.
func (r *reader) restStage(api *construct, opts *goeval.Struct, at model.Range) {
	dep := cloudformation.NewMap(at)
	dep.Set("RestApiId", at, cloudformation.Ref(api.res.ID, at))
	d := r.extra(api, "Deployment", "AWS::ApiGateway::Deployment", at, dep)
	m := cloudformation.NewMap(at)
	m.Set("RestApiId", at, cloudformation.Ref(api.res.ID, at))
	if d != nil {
		m.Set("DeploymentId", at, cloudformation.Ref(d.ID, at))
	}
	if v, sat, ok := r.field(opts, "StageName"); ok {
		m.Set("StageName", sat, r.value(v, sat))
	} else {
		m.Set("StageName", at, &cloudformation.Value{Kind: cloudformation.String, Text: "prod", At: at, Default: true})
	}
	r.setProp(opts, "TracingEnabled", m, "TracingEnabled", nil)
	burst, bat, okb := r.field(opts, "ThrottlingBurstLimit")
	rate, rat, okr := r.field(opts, "ThrottlingRateLimit")
	if okb || okr {
		ms := cloudformation.NewMap(at)
		ms.Set("ResourcePath", at, cloudformation.Str("/*", at))
		ms.Set("HttpMethod", at, cloudformation.Str("*", at))
		if okb {
			ms.Set("ThrottlingBurstLimit", bat, r.value(burst, bat))
		}
		if okr {
			ms.Set("ThrottlingRateLimit", rat, r.value(rate, rat))
		}
		m.Set("MethodSettings", at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{ms}})
	}
	if _, lat, ok := r.field(opts, "AccessLogDestination"); ok {
		als := cloudformation.NewMap(lat)
		als.Set("DestinationArn", lat, cloudformation.Opaque(lat))
		m.Set("AccessLogSetting", lat, als)
	}
	r.extra(api, "DeploymentStage", "AWS::ApiGateway::Stage", at, m)
}

func (r *reader) restMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	at := r.rng(c.Expr)
	if cn.kind == kindRestAPI {
		switch name {
		case "Root":
			if cn.restRoot != nil {
				return cn.restRoot, true
			}
			return nil, false
		case "RestApiId":
			return ref{id: cn.logicalID()}, true
		case "AddUsagePlan":
			if cn.res != nil {
				r.usagePlan(cn, props(c.Arg(1)), at)
			}
			return nil, false
		}
		return nil, false
	}
	switch name {
	case "AddResource":
		part, ok := goeval.StringOf(c.Arg(0))
		if !ok {
			r.unknownStack(cn)
			return nil, false
		}
		r.statements = append(r.statements, at)
		return r.addResource(cn, part, r.header(c.Expr, 0)), true
	case "ResourceForPath":
		p, ok := goeval.StringOf(c.Arg(0))
		if !ok {
			return nil, false
		}
		res := cn
		for _, part := range strings.Split(strings.Trim(p, "/"), "/") {
			if part != "" {
				res = r.addResource(res, part, at)
			}
		}
		return res, true
	case "AddMethod":
		method, ok := goeval.StringOf(c.Arg(0))
		if !ok {
			r.unknownStack(cn)
			return nil, false
		}
		integ, _ := c.Arg(1).(integration)
		r.statements = append(r.statements, at)
		r.addMethod(cn, method, integ, props(c.Arg(2)), r.header(c.Expr, 0))
		return goeval.Nil{}, true
	case "AddProxy":
		p := props(c.Arg(0))
		res := r.addResource(cn, "{proxy+}", at)
		anyMethod := true
		if v, _, ok := r.field(p, "AnyMethod"); ok {
			if b, known := goeval.BoolOf(v); known {
				anyMethod = b
			}
		}
		if integ, ok := fieldValue(p, "DefaultIntegration").(integration); ok && anyMethod {
			r.addMethod(res, "ANY", integ, nil, at)
		}
		r.statements = append(r.statements, at)
		return res, true
	case "DefaultMethodOptions":
		return nil, false
	}
	return nil, false
}

// addResource adds a path part under a REST resource.
func (r *reader) addResource(parent *construct, part string, at model.Range) *construct {
	api := parent.restAPI
	res := &construct{kind: kindRestRes, stack: parent.stack, restAPI: api, restPath: strings.TrimSuffix(parent.restPath, "/") + "/" + part,
		path: parent.path + "/" + part, at: at, extent: at, state: parent.state}
	if api == nil || api.res == nil {
		return res
	}
	m := cloudformation.NewMap(at)
	m.Set("RestApiId", at, cloudformation.Ref(api.res.ID, at))
	if parent.res != nil {
		m.Set("ParentId", at, cloudformation.Ref(parent.res.ID, at))
	} else {
		m.Set("ParentId", at, cloudformation.GetAtt(api.res.ID, "RootResourceId", at))
	}
	m.Set("PathPart", at, cloudformation.Str(part, at))
	cres := &cloudformation.Resource{ID: res.path, Type: "AWS::ApiGateway::Resource", At: at, Extent: at, Properties: m}
	if parent.stack.add(cres) {
		res.res = cres
	} else {
		res.res = parent.stack.resources[res.path]
	}
	return res
}

// addMethod adds a method to a REST resource, with its Lambda integration and the
// permission API Gateway needs to invoke the function.
func (r *reader) addMethod(res *construct, method string, integ integration, opts *goeval.Struct, at model.Range) {
	api := res.restAPI
	if api == nil || api.res == nil {
		return
	}
	m := cloudformation.NewMap(at)
	m.Set("RestApiId", at, cloudformation.Ref(api.res.ID, at))
	if res.res != nil {
		m.Set("ResourceId", at, cloudformation.Ref(res.res.ID, at))
	} else {
		m.Set("ResourceId", at, cloudformation.GetAtt(api.res.ID, "RootResourceId", at))
	}
	m.Set("HttpMethod", at, cloudformation.Str(strings.ToUpper(method), at))
	if res.state != nil {
		for _, e := range res.state.Entries {
			m.Set(e.Key, e.KeyAt, e.Value)
		}
	}
	r.methodOptions(opts, m)
	if integ.fn != nil && integ.fn.res != nil {
		im := cloudformation.NewMap(at)
		im.Set("Type", at, cloudformation.Str("AWS_PROXY", at))
		im.Set("IntegrationHttpMethod", at, cloudformation.Str("POST", at))
		im.Set("Uri", at, cloudformation.GetAtt(integ.fn.res.ID, "Arn", at))
		m.Set("Integration", at, im)
	}
	id := res.path + "/" + strings.ToUpper(method)
	mres := &cloudformation.Resource{ID: id, Type: "AWS::ApiGateway::Method", At: at, Extent: at, Properties: m}
	if !res.stack.add(mres) || integ.fn == nil || integ.fn.res == nil {
		return
	}
	pm := cloudformation.NewMap(at)
	pm.Set("Action", at, cloudformation.Str("lambda:InvokeFunction", at))
	pm.Set("FunctionName", at, cloudformation.GetAtt(integ.fn.res.ID, "Arn", at))
	pm.Set("Principal", at, cloudformation.Str("apigateway.amazonaws.com", at))
	pm.Set("SourceArn", at, join(at, cloudformation.Str("arn:aws:execute-api:", at), cloudformation.Ref(api.res.ID, at),
		cloudformation.Str("/*/"+strings.ToUpper(method)+res.restPath, at)))
	res.stack.add(&cloudformation.Resource{ID: id + "/ApiPermission", Type: "AWS::Lambda::Permission", At: at, Extent: at, Properties: pm})
}

// usagePlan reads api.AddUsagePlan(id, props): throttling for the API's stages.
func (r *reader) usagePlan(api *construct, p *goeval.Struct, at model.Range) {
	m := cloudformation.NewMap(at)
	if v, tat, ok := r.field(p, "Throttle"); ok {
		th := cloudformation.NewMap(tat)
		if ts, ok := v.(*goeval.Struct); ok {
			r.setProp(ts, "BurstLimit", th, "BurstLimit", nil)
			r.setProp(ts, "RateLimit", th, "RateLimit", nil)
		}
		m.Set("Throttle", tat, th)
	}
	stage := cloudformation.NewMap(at)
	stage.Set("ApiId", at, cloudformation.Ref(api.res.ID, at))
	m.Set("ApiStages", at, &cloudformation.Value{Kind: cloudformation.List, At: at, Items: []*cloudformation.Value{stage}})
	r.extra(api, "UsagePlan", "AWS::ApiGateway::UsagePlan", at, m)
}

// --- API Gateway HTTP APIs ---

func (r *reader) httpFunc(name string, c *goeval.Call) (goeval.Value, bool) {
	switch name {
	case "NewHttpApi":
		return r.newHTTPAPI(c), true
	case "NewHttpLambdaIntegration":
		return integration{fn: asConstruct(c.Arg(1)), call: c.Expr}, true
	case "NewHttpJwtAuthorizer":
		return authorizer{typ: "JWT"}, true
	case "NewHttpIamAuthorizer":
		return authorizer{typ: "AWS_IAM"}, true
	case "NewHttpLambdaAuthorizer":
		return authorizer{typ: "CUSTOM"}, true
	}
	return nil, false
}

// newHTTPAPI reads awsapigatewayv2.NewHttpApi: the API, its $default stage (created
// unless CreateDefaultStage is false) and its default route.
func (r *reader) newHTTPAPI(c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindHTTPAPI)
	if !ok {
		return cn
	}
	p := props(c.Arg(2))
	m := cloudformation.NewMap(cn.at)
	r.setProp(p, "ApiName", m, "Name", nil)
	m.Set("ProtocolType", cn.at, cloudformation.Str("HTTP", cn.at))
	if v, at, ok := r.field(p, "CorsPreflight"); ok {
		cm := cloudformation.NewMap(at)
		if cs, ok := v.(*goeval.Struct); ok {
			r.setProp(cs, "AllowOrigins", cm, "AllowOrigins", nil)
			r.setProp(cs, "AllowCredentials", cm, "AllowCredentials", nil)
		}
		m.Set("CorsConfiguration", at, cm)
	}
	if r.resource(cn, "AWS::ApiGatewayV2::Api", m) == nil {
		return cn
	}
	cn.state = cloudformation.NewMap(cn.at)
	if v, at, ok := r.field(p, "DefaultAuthorizer"); ok {
		if a, ok := v.(authorizer); ok {
			cn.state.Set("AuthorizationType", at, cloudformation.Str(a.typ, at))
		} else {
			cn.state.Set("AuthorizationType", at, cloudformation.Opaque(at))
		}
	}
	create := true
	if v, _, ok := r.field(p, "CreateDefaultStage"); ok {
		if b, known := goeval.BoolOf(v); known {
			create = b
		}
	}
	if create {
		sm := cloudformation.NewMap(cn.at)
		sm.Set("ApiId", cn.at, cloudformation.Ref(cn.res.ID, cn.at))
		sm.Set("StageName", cn.at, cloudformation.Str("$default", cn.at))
		sm.Set("AutoDeploy", cn.at, cloudformation.Boolean(true, cn.at))
		r.extra(cn, "DefaultStage", "AWS::ApiGatewayV2::Stage", cn.at, sm)
	}
	if v, at, ok := r.field(p, "DefaultIntegration"); ok {
		if integ, ok := v.(integration); ok {
			r.httpRoute(cn, "$default", integ, nil, at)
		}
	}
	return cn
}

func (r *reader) httpMethod(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	if cn.res == nil {
		return nil, false
	}
	at := r.rng(c.Expr)
	switch name {
	case "AddRoutes":
		p := props(c.Arg(0))
		path, ok := goeval.StringOf(fieldValue(p, "Path"))
		integ, iok := fieldValue(p, "Integration").(integration)
		if !ok {
			r.unknownStack(cn)
			return nil, false
		}
		methods := []string{"ANY"}
		if v, _, ok := r.field(p, "Methods"); ok {
			methods = nil
			s, isSlice := v.(*goeval.Slice)
			if !isSlice || s.Unknown {
				r.unknownStack(cn)
				return nil, false
			}
			for _, e := range s.Elems {
				m, ok := goeval.StringOf(e.Value)
				if !ok {
					r.unknownStack(cn)
					continue
				}
				methods = append(methods, m)
			}
		}
		if !iok {
			integ = integration{}
		}
		r.statements = append(r.statements, at)
		for _, m := range methods {
			r.httpRoute(cn, m+" "+path, integ, p, r.header(c.Expr, -1))
		}
		return nil, false
	case "AddStage":
		p := props(c.Arg(1))
		sm := cloudformation.NewMap(at)
		sm.Set("ApiId", at, cloudformation.Ref(cn.res.ID, at))
		r.setProp(p, "StageName", sm, "StageName", nil)
		r.setProp(p, "AutoDeploy", sm, "AutoDeploy", nil)
		if th, ok := fieldValue(p, "Throttle").(*goeval.Struct); ok {
			drs := cloudformation.NewMap(at)
			r.setProp(th, "BurstLimit", drs, "ThrottlingBurstLimit", nil)
			r.setProp(th, "RateLimit", drs, "ThrottlingRateLimit", nil)
			sm.Set("DefaultRouteSettings", at, drs)
		}
		r.extra(cn, "Stage", "AWS::ApiGatewayV2::Stage", at, sm)
		return nil, false
	case "ApiId", "HttpApiId":
		return ref{id: cn.res.ID}, true
	}
	return nil, false
}

// httpRoute adds a route and its Lambda integration (one per function, as the CDK
// shares it between the routes of the API).
func (r *reader) httpRoute(api *construct, key string, integ integration, p *goeval.Struct, at model.Range) {
	m := cloudformation.NewMap(at)
	m.Set("ApiId", at, cloudformation.Ref(api.res.ID, at))
	m.Set("RouteKey", at, cloudformation.Str(key, at))
	if api.state != nil {
		for _, e := range api.state.Entries {
			m.Set(e.Key, e.KeyAt, e.Value)
		}
	}
	if v, aat, ok := r.field(p, "Authorizer"); ok {
		if a, ok := v.(authorizer); ok {
			m.Set("AuthorizationType", aat, cloudformation.Str(a.typ, aat))
		} else {
			m.Set("AuthorizationType", aat, cloudformation.Opaque(aat))
		}
	}
	if integ.fn != nil && integ.fn.res != nil {
		integID := api.path + "/" + integ.fn.path + "-Integration"
		if api.stack.resources[integID] == nil {
			im := cloudformation.NewMap(at)
			im.Set("ApiId", at, cloudformation.Ref(api.res.ID, at))
			im.Set("IntegrationType", at, cloudformation.Str("AWS_PROXY", at))
			im.Set("IntegrationUri", at, cloudformation.GetAtt(integ.fn.res.ID, "Arn", at))
			im.Set("PayloadFormatVersion", at, cloudformation.Str("2.0", at))
			api.stack.add(&cloudformation.Resource{ID: integID, Type: "AWS::ApiGatewayV2::Integration", At: at, Extent: at, Properties: im})
			pm := cloudformation.NewMap(at)
			pm.Set("Action", at, cloudformation.Str("lambda:InvokeFunction", at))
			pm.Set("FunctionName", at, cloudformation.GetAtt(integ.fn.res.ID, "Arn", at))
			pm.Set("Principal", at, cloudformation.Str("apigateway.amazonaws.com", at))
			pm.Set("SourceArn", at, join(at, cloudformation.Str("arn:aws:execute-api:", at), cloudformation.Ref(api.res.ID, at),
				cloudformation.Str("/*/*", at)))
			api.stack.add(&cloudformation.Resource{ID: integID + "/Permission", Type: "AWS::Lambda::Permission", At: at, Extent: at, Properties: pm})
		}
		m.Set("Target", at, cloudformation.Ref(integID, at))
	}
	api.stack.add(&cloudformation.Resource{ID: api.path + "/" + key, Type: "AWS::ApiGatewayV2::Route", At: at, Extent: at, Properties: m})
}

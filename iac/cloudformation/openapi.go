package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// Inline OpenAPI documents. A SAM Api or HttpApi with a DefinitionBody, or a RestApi or v2
// Api with a Body, declares its routes and their security in the document: each operation's
// security requirements (or the document's), naming schemes of securitySchemes (OpenAPI 3)
// or securityDefinitions (Swagger 2) that API Gateway's extensions turn into authorizers,
// IAM authorization or API keys. A document that cannot be read whole (AWS::Include, an
// intrinsic function where a mapping is expected) leaves its routes unknown.

// openAPIDoc is what is read of an API's inline document.
type openAPIDoc struct {
	ops []*openAPIOp
	// global is the authorization the document's own security gives every operation that
	// has none, also the ones SAM adds for events.
	global *model.Route
}

// openAPIOp is one operation (path and method) of a document, as a route.
type openAPIOp struct {
	route *model.Route
	// uri is the Lambda integration's uri, resolved to a function once every function is
	// declared (the document is read when its API is).
	uri *node
	// claimed is set when a SAM event declares the same route: the event's route stands.
	claimed bool
}

// find returns the operation for a method and path ("ANY" matches
// x-amazon-apigateway-any-method).
func (d *openAPIDoc) find(method, path string) *openAPIOp {
	for _, op := range d.ops {
		if strings.EqualFold(op.route.Method.Value, method) && op.route.Path.Value == path {
			return op
		}
	}
	return nil
}

// openAPIMethods are the operation keys of a path item, with the method each stands for.
var openAPIMethods = map[string]string{
	"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
	"patch": "PATCH", "x-amazon-apigateway-any-method": "ANY",
}

// readOpenAPI reads an inline document; ok is false when it cannot be read whole.
func (b *builder) readOpenAPI(body *node, kind model.APIKind) (*openAPIDoc, bool) {
	tp := b.tp
	doc, st := tp.pick(body)
	if st != vKnown || doc == nil || doc.kind != mapNode || isIntrinsic(doc) {
		return nil, false
	}
	schemes := tp.obj(tp.obj(doc, "components"), "securitySchemes")
	if schemes == nil {
		schemes = tp.obj(doc, "securityDefinitions")
	}
	global := doc.get("security")
	paths := doc.get("paths")
	if paths != nil && (paths.kind != mapNode || isIntrinsic(paths)) {
		return nil, false
	}
	d := &openAPIDoc{global: b.openAPIRoute(&node{kind: scalarNode, rng: doc.rng}, &node{kind: scalarNode, rng: doc.rng}, &node{kind: mapNode, rng: doc.rng}, "ANY", global, schemes, kind)}
	ok := true
	paths.pairs(func(pk, item *node) {
		if item.kind != mapNode || isIntrinsic(item) {
			ok = false
			return
		}
		item.pairs(func(mk, op *node) {
			method, isOp := openAPIMethods[strings.ToLower(mk.value)]
			if !isOp {
				return
			}
			if op.kind != mapNode || isIntrinsic(op) {
				ok = false
				return
			}
			o := &openAPIOp{route: b.openAPIRoute(pk, mk, op, method, global, schemes, kind)}
			if integ := tp.obj(op, "x-amazon-apigateway-integration"); integ != nil {
				o.uri = integ.get("uri")
			}
			d.ops = append(d.ops, o)
		})
	})
	if !ok {
		return nil, false
	}
	return d, true
}

// openAPIRoute reads one operation: its security, or the document's, and the function its
// Lambda integration invokes.
func (b *builder) openAPIRoute(pathKey, methodKey, op *node, method string, global, schemes *node, kind model.APIKind) *model.Route {
	at := methodKey.rng
	rt := &model.Route{
		At: at, Method: model.Set(method, methodKey.rng), Path: model.Set(pathKey.value, pathKey.rng),
		AuthorizationType: model.Defaulted("NONE", at), Authorizer: model.Missing[string](at),
		APIKeyRequired: model.Missing[bool](at), Private: model.Missing[bool](at),
	}
	if kind == model.RESTAPI {
		rt.APIKeyRequired = model.Defaulted(false, at)
	}
	security := op.get("security")
	if security == nil {
		security = global
	}
	b.openAPISecurity(rt, security, schemes)
	return rt
}

// openAPISecurity sets a route's authorization from its security requirements. Each
// requirement is an alternative; one that is empty ({}) lets anonymous callers in. An empty
// list, like no security at all, leaves the route open unless the API's default authorizer
// (SAM's Auth.DefaultAuthorizer, which SAM adds to every operation) applies.
func (b *builder) openAPISecurity(rt *model.Route, security, schemes *node) {
	if security == nil {
		return
	}
	reqs, st := b.tp.pick(security)
	if st != vKnown || reqs == nil || reqs.kind != seqNode {
		rt.AuthorizationType = model.Unresolved[string](security.rng)
		return
	}
	if len(reqs.content) == 0 {
		return
	}
	for _, req := range reqs.content {
		if req.kind != mapNode || isIntrinsic(req) {
			rt.AuthorizationType = model.Unresolved[string](req.rng)
			return
		}
		if len(req.content) == 0 {
			return // anonymous access is one of the alternatives
		}
	}
	// Every alternative names at least one scheme: the first says what the route requires.
	var authType model.Attr[string]
	req := reqs.content[0]
	req.pairs(func(k, _ *node) {
		switch typ := b.schemeType(schemes.get(k.value)); typ {
		case "APIKEY":
			rt.APIKeyRequired = model.Set(true, k.rng)
		case "":
			if authType.Origin != model.Explicit {
				authType = model.Unresolved[string](k.rng)
			}
		default:
			authType = model.Set(typ, k.rng)
			rt.Authorizer = model.Set(k.value, k.rng)
		}
	})
	if authType.IsSet() {
		rt.AuthorizationType = authType
	}
}

// schemeType tells what a security scheme is to API Gateway: "CUSTOM", "COGNITO_USER_POOLS",
// "JWT" or "AWS_IAM" through its extensions, "APIKEY" for an API key, "" when unknown.
func (b *builder) schemeType(scheme *node) string {
	if scheme == nil || scheme.kind != mapNode {
		return ""
	}
	str := func(n *node) string {
		a := b.tp.str(n, scheme.rng)
		if !a.Known() {
			return ""
		}
		return strings.ToLower(a.Value)
	}
	if auth := scheme.get("x-amazon-apigateway-authorizer"); auth != nil {
		switch str(auth.get("type")) {
		case "token", "request":
			return "CUSTOM"
		case "cognito_user_pools":
			return "COGNITO_USER_POOLS"
		case "jwt":
			return "JWT"
		}
		return ""
	}
	switch str(scheme.get("x-amazon-apigateway-authtype")) {
	case "awssigv4":
		return "AWS_IAM"
	case "cognito_user_pools":
		return "COGNITO_USER_POOLS"
	case "custom":
		return "CUSTOM"
	}
	if str(scheme.get("type")) == "apikey" {
		return "APIKEY"
	}
	return ""
}

// openAPIRoutes adds the routes of the APIs' documents that no SAM event declared.
func (b *builder) openAPIRoutes() {
	for id, doc := range b.openAPIDocs {
		api := b.apis[id]
		if api == nil {
			continue
		}
		for _, op := range doc.ops {
			if op.claimed {
				continue
			}
			if op.uri != nil {
				op.route.Function = b.functionOf(b.tp.str(op.uri, op.route.At))
			}
			api.Routes = append(api.Routes, op.route)
		}
	}
}

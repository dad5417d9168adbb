package cloudformation

import (
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// Partners declared elsewhere. Real stacks split an API from its stages and routes, a queue
// or topic from its policy, a function from its URL: the partner then comes from a
// parameter, an import, an SSM parameter or a literal ID, ARN or URL. The resource declared
// here is still read, against an external partner (model.Resource.External) whose own
// settings are unknown.

// externalRef returns how a value that refers to no resource of the template is written,
// to identify and name the partner it designates: the parameter's name for a Ref,
// "ImportValue <export>" for an import, the text itself for a literal or a dynamic
// reference. ok is false when the value is not written, refers to a resource of the
// template (or one the Serverless Framework generates), or cannot be named.
func (b *builder) externalRef(n *node) (string, bool) {
	if n == nil {
		return "", false
	}
	v := b.tp.eval(n)
	if v.state == vNoValue || v.ref != "" || v.isList || v.m != nil {
		return "", false
	}
	if fn, arg, ok := n.intrinsic(); ok {
		switch fn {
		case "Ref":
			if arg.kind == scalarNode && arg.value != "" && !strings.HasPrefix(arg.value, "AWS::") {
				return arg.value, true
			}
			return "", false
		case "Fn::ImportValue":
			if name := b.tp.eval(arg); name.state != vNoValue && !name.isList && name.m == nil && name.s != "" {
				return "ImportValue " + name.s, true
			}
			return "", false
		}
	}
	s := strings.TrimSpace(v.s)
	if s == "" || strings.Contains(s, "${?}") {
		return "", false
	}
	return s, true
}

// exprText is how a value that is not known statically is written, to name what it names in
// messages: the shape of a string with its unknown parts as ${...} ("${StageName}",
// "${Env}-api"), or an import's export ("ImportValue shared-stage"); "" when the value is
// known, absent, or cannot be named.
func (b *builder) exprText(n *node) string {
	if n == nil {
		return ""
	}
	if fn, _, ok := n.intrinsic(); ok && fn == "Fn::ImportValue" {
		label, _ := b.externalRef(n)
		return label
	}
	v := b.tp.eval(n)
	if v.state != vUnknown || v.isList || v.m != nil {
		return ""
	}
	s := strings.TrimSpace(v.s)
	if s == "" || strings.Contains(s, "${?}") {
		return ""
	}
	return s
}

// externalAPI returns the external API a stage, method or route of this template names
// with n (RestApiId, ApiId), creating it on first use; nil when n names a resource of the
// template or nothing that can be named.
func (b *builder) externalAPI(n *node, kind model.APIKind) *model.API {
	label, ok := b.externalRef(n)
	if !ok {
		return nil
	}
	key := string(kind) + "\x00" + label
	if api := b.externalAPIs[key]; api != nil {
		return api
	}
	typ := "AWS::ApiGateway::RestApi"
	if kind == model.HTTPAPI {
		typ = "AWS::ApiGatewayV2::Api"
	}
	api := &model.API{
		Resource: model.Resource{ID: label, Type: typ, At: n.rng, Name: model.Unresolved[string](n.rng), External: true},
		Kind:     kind,
		// Raw API Gateway resources carry their authorization on each method or route and
		// their throttling on each stage or usage plan: none of it is a setting of the API.
		DefaultAuthorizer: model.Missing[string](n.rng),
		APIKeyRequired:    model.Missing[bool](n.rng),
		UsagePlan:         model.Missing[bool](n.rng),
	}
	b.externalAPIs[key] = api
	b.p.APIs = append(b.p.APIs, api)
	return api
}

// apiOf returns the API a stage, method, route or usage plan names: the template's, or an
// external one.
func (b *builder) apiOf(n *node, kind model.APIKind, hdr model.Range) (*model.API, model.Attr[string]) {
	ref := b.tp.str(n, hdr)
	if api := b.apis[ref.Ref]; api != nil {
		return api, ref
	}
	if ref.Ref != "" {
		return nil, ref // a resource of the template that is not an API of that kind
	}
	if fn, arg, ok := n.intrinsic(); ok && fn == "Ref" && arg.kind == scalarNode {
		// SAM's implicit APIs are referred to by the logical IDs SAM gives them.
		switch {
		case arg.value == "ServerlessRestApi" && kind == model.RESTAPI, arg.value == "ServerlessHttpApi" && kind == model.HTTPAPI:
			return b.implicitAPI(kind, n.rng), ref
		}
	}
	return b.externalAPI(n, kind), ref
}

// dropWebSocketAPIs removes the external API Gateway v2 APIs whose routes show them to be
// WebSocket APIs ($connect, $disconnect, or a key without a method), which the model does
// not hold.
func (b *builder) dropWebSocketAPIs() {
	if len(b.webSocket) == 0 {
		return
	}
	kept := b.p.APIs[:0]
	for _, api := range b.p.APIs {
		if !b.webSocket[api] {
			kept = append(kept, api)
		}
	}
	b.p.APIs = kept
}

// webSocketRouteKey reports whether a route key is a WebSocket API's.
func webSocketRouteKey(key string) bool {
	return key != "$default" && !strings.Contains(strings.TrimSpace(key), " ")
}

// externalQueue returns the external queue a queue policy names with n (a queue URL),
// creating it on first use.
func (b *builder) externalQueue(n *node) *model.Queue {
	label, ok := b.externalRef(n)
	if !ok {
		return nil
	}
	if q := b.externalQueues[label]; q != nil {
		return q
	}
	at := n.rng
	q := &model.Queue{
		Resource:              model.Resource{ID: label, Type: "AWS::SQS::Queue", At: at, Name: model.NameFromURLOrARN(label, at), External: true},
		VisibilityTimeoutSecs: model.Unresolved[int](at),
		RedriveTarget:         model.Unresolved[string](at),
		MaxReceiveCount:       model.Unresolved[int](at),
		FIFO:                  model.Unresolved[bool](at),
		KMSKey:                model.Unresolved[string](at),
		ManagedSSE:            model.Unresolved[bool](at),
	}
	b.externalQueues[label] = q
	b.p.Queues = append(b.p.Queues, q)
	return q
}

// externalTopic returns the external topic a topic policy names with n (a topic ARN),
// creating it on first use.
func (b *builder) externalTopic(n *node) *model.Topic {
	label, ok := b.externalRef(n)
	if !ok {
		return nil
	}
	if t := b.externalTopics[label]; t != nil {
		return t
	}
	at := n.rng
	t := &model.Topic{
		Resource: model.Resource{ID: label, Type: "AWS::SNS::Topic", At: at, Name: model.NameFromURLOrARN(label, at), External: true},
		KMSKey:   model.Unresolved[string](at),
	}
	b.externalTopics[label] = t
	b.p.Topics = append(b.p.Topics, t)
	return t
}

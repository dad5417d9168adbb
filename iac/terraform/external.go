package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/slslint/slslint/iac/model"
)

// Partners declared elsewhere. A module often receives the API, queue, topic or function
// it configures as an input (var.api_id), reads it with a data source, or names it with a
// literal ID, ARN or URL. The resource declared here is still read, against an external
// partner (model.Resource.External) whose own settings are unknown.

// externalRef returns how an attribute that refers to no managed resource of the project
// is written, to identify and name the partner it designates: the data source
// (data.aws_sqs_queue.jobs), the reference (var.api_id, local.api_id, with the module
// instance's address in front inside a module), or the literal value. ok is false when the
// attribute is not set, refers to a managed resource of the project, or cannot be named.
func externalRef(b blockView, name string) (string, bool) {
	v, _, ok := b.value(name)
	if !ok {
		return "", false
	}
	uv, mi := marksOf(v)
	if len(mi.refs) > 0 {
		return "", false
	}
	if len(mi.data) == 1 {
		return b.s.inst.prefix + mi.data[0].id, true
	}
	att, _ := b.attr(name)
	if text, ok := traversalText(att.Expr); ok {
		return b.s.inst.prefix + text, true
	}
	if uv.IsWhollyKnown() && !uv.IsNull() && uv.Type() == cty.String && strings.TrimSpace(uv.AsString()) != "" {
		return strings.TrimSpace(uv.AsString()), true
	}
	return "", false
}

// unresolvedText is how an attribute whose value is not known statically is written, to
// name what it names in messages: a reference (var.stage), or a string template with its
// references as ${...} ("${var.env}-api"); "" when the value is known or not set.
func unresolvedText(b blockView, name string) string {
	v, _, ok := b.value(name)
	if !ok {
		return ""
	}
	if uv, _ := marksOf(v); uv.IsWhollyKnown() {
		return ""
	}
	att, _ := b.attr(name)
	if text, ok := traversalText(att.Expr); ok {
		return b.s.inst.prefix + text
	}
	tmpl, ok := att.Expr.(*hclsyntax.TemplateExpr)
	if !ok {
		return ""
	}
	var sb strings.Builder
	for _, part := range tmpl.Parts {
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			sb.WriteString(lit.Val.AsString())
			continue
		}
		text, ok := traversalText(part)
		if !ok {
			return ""
		}
		sb.WriteString("${" + text + "}")
	}
	return sb.String()
}

// traversalText renders a plain reference (var.api_id, local.ids["orders"], also when
// written as "${var.api_id}").
func traversalText(expr hclsyntax.Expression) (string, bool) {
	if w, ok := expr.(*hclsyntax.TemplateWrapExpr); ok {
		expr = w.Wrapped
	}
	t, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() || len(t) == 0 {
		return "", false
	}
	var sb strings.Builder
	for i, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			sb.WriteString(s.Name)
		case hcl.TraverseAttr:
			sb.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			switch {
			case s.Key.Type() == cty.String:
				fmt.Fprintf(&sb, "[%q]", s.Key.AsString())
			case s.Key.Type() == cty.Number:
				sb.WriteString("[" + s.Key.AsBigFloat().Text('f', -1) + "]")
			default:
				return "", false
			}
		default:
			if i == 0 {
				return "", false
			}
		}
	}
	return sb.String(), true
}

// externalAPI returns the external API an API Gateway resource names with its attribute
// attr (rest_api_id, api_id), creating it on first use; nil when the attribute refers to a
// resource of the project or to nothing that can be named.
func (a *adapter) externalAPI(b blockView, attr string, kind model.APIKind) *model.API {
	label, ok := externalRef(b, attr)
	if !ok {
		return nil
	}
	key := string(kind) + "\x00" + label
	if api := a.externalAPIs[key]; api != nil {
		return api
	}
	_, at, _ := b.value(attr)
	typ := "aws_api_gateway_rest_api"
	if kind == model.HTTPAPI {
		typ = "aws_apigatewayv2_api"
	}
	api := &model.API{
		Resource: model.Resource{ID: label, Type: typ, At: at, Name: model.Unresolved[string](at), External: true},
		Kind:     kind,
		// Authorization is set on each method or route, throttling on each stage or usage
		// plan: none of it is a setting of the API itself.
		DefaultAuthorizer: model.Missing[string](at),
		APIKeyRequired:    model.Missing[bool](at),
		UsagePlan:         model.Missing[bool](at),
	}
	a.externalAPIs[key] = api
	a.p.APIs = append(a.p.APIs, api)
	return api
}

// apiOf returns the API an API Gateway resource's attribute names: a resource of the
// project, or an external one.
func (a *adapter) apiOf(b blockView, attr string, kind model.APIKind) *model.API {
	ref := b.str(attr)
	if api := a.apis[ref.Ref]; api != nil {
		return api
	}
	return a.externalAPI(b, attr, kind)
}

// dropWebSocketAPIs removes the external v2 APIs whose routes show them to be WebSocket
// APIs, which the model does not hold.
func (a *adapter) dropWebSocketAPIs() {
	if len(a.webSocket) == 0 {
		return
	}
	kept := a.p.APIs[:0]
	for _, api := range a.p.APIs {
		if !a.webSocket[api] {
			kept = append(kept, api)
		}
	}
	a.p.APIs = kept
}

// externalQueue returns the external queue a queue policy's queue_url names.
func (a *adapter) externalQueue(b blockView, attr string) *model.Queue {
	label, ok := externalRef(b, attr)
	if !ok {
		return nil
	}
	if q := a.externalQueues[label]; q != nil {
		return q
	}
	_, at, _ := b.value(attr)
	q := &model.Queue{
		Resource:              model.Resource{ID: label, Type: "aws_sqs_queue", At: at, Name: model.NameFromURLOrARN(label, at), External: true},
		VisibilityTimeoutSecs: model.Unresolved[int](at),
		RedriveTarget:         model.Unresolved[string](at),
		MaxReceiveCount:       model.Unresolved[int](at),
		FIFO:                  model.Unresolved[bool](at),
		KMSKey:                model.Unresolved[string](at),
		ManagedSSE:            model.Unresolved[bool](at),
	}
	a.externalQueues[label] = q
	a.p.Queues = append(a.p.Queues, q)
	return q
}

// externalTopic returns the external topic a topic policy's arn names.
func (a *adapter) externalTopic(b blockView, attr string) *model.Topic {
	label, ok := externalRef(b, attr)
	if !ok {
		return nil
	}
	if t := a.externalTopics[label]; t != nil {
		return t
	}
	_, at, _ := b.value(attr)
	t := &model.Topic{
		Resource: model.Resource{ID: label, Type: "aws_sns_topic", At: at, Name: model.NameFromURLOrARN(label, at), External: true},
		KMSKey:   model.Unresolved[string](at),
	}
	a.externalTopics[label] = t
	a.p.Topics = append(a.p.Topics, t)
	return t
}

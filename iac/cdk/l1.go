package cdk

import (
	"strings"

	"github.com/slslint/slslint/iac/cloudformation"
	"github.com/slslint/slslint/iac/goeval"
)

// The CDK's L1 constructs (NewCfnFunction, NewCfnBudget, ...) are CloudFormation resources
// one to one: the type is the service's namespace and the construct's name, the props are
// the resource's properties in Go's casing.

// services maps the CDK's package names to CloudFormation's service namespaces, for the
// resource types the loader maps; other L1 constructs get a type of the same shape, which
// nothing reads.
var services = map[string]string{
	"awslambda": "Lambda", "awssqs": "SQS", "awssns": "SNS", "awsdynamodb": "DynamoDB", "awss3": "S3",
	"awskinesis": "Kinesis", "awsapigateway": "ApiGateway", "awsapigatewayv2": "ApiGatewayV2",
	"awsevents": "Events", "awsscheduler": "Scheduler", "awsstepfunctions": "StepFunctions",
	"awscloudwatch": "CloudWatch", "awsbudgets": "Budgets", "awslogs": "Logs", "awsiam": "IAM",
	"awskms": "KMS", "awspipes": "Pipes", "awssecretsmanager": "SecretsManager", "awsssm": "SSM",
	"awsec2": "EC2", "awsecs": "ECS", "awselasticloadbalancingv2": "ElasticLoadBalancingV2",
}

// newL1 reads an L1 construct: NewCfn<Type>(scope, id, props).
func (r *reader) newL1(svc, cfnType string, c *goeval.Call) goeval.Value {
	cn, ok := r.child(c, kindL1)
	if !ok {
		return cn
	}
	ns, known := services[svc]
	if !known {
		ns = strings.TrimPrefix(svc, "aws")
	}
	typ := "AWS::" + ns + "::" + strings.TrimPrefix(cfnType, "Cfn")
	var m *cloudformation.Value
	switch p := c.Arg(2).(type) {
	case *goeval.Struct:
		m = r.value(p, cn.at)
	case goeval.Nil:
		m = cloudformation.NewMap(cn.at)
	default:
		m = cloudformation.NewMap(cn.at)
		res := r.resource(cn, typ, m)
		if res != nil {
			res.Opaque = true
		}
		return cn
	}
	r.resource(cn, typ, m)
	return cn
}

func (r *reader) l1Method(cn *construct, c *goeval.Call, name string) (goeval.Value, bool) {
	if cn.res == nil {
		return nil, false
	}
	switch {
	case name == "Ref":
		return ref{id: cn.res.ID}, true
	case strings.HasPrefix(name, "Attr"):
		return ref{id: cn.res.ID, attr: strings.TrimPrefix(name, "Attr")}, true
	case name == "AddPropertyOverride":
		key, ok := goeval.StringOf(c.Arg(0))
		at := r.rng(c.Expr)
		if !ok {
			cn.res.Opaque = true
			return goeval.Nil{}, true
		}
		m := cn.res.Properties
		parts := strings.Split(key, ".")
		for _, part := range parts[:len(parts)-1] {
			next := m.Get(part)
			if next == nil || next.Kind != cloudformation.Map {
				next = cloudformation.NewMap(at)
				m.Set(part, at, next)
			}
			m = next
		}
		if v := r.value(c.Arg(1), r.at(c, 1)); v != nil {
			m.Set(parts[len(parts)-1], at, v)
		}
		r.statements = append(r.statements, at)
		return goeval.Nil{}, true
	case name == "AddOverride" || name == "AddPropertyDeletionOverride":
		cn.res.Opaque = true
		return goeval.Nil{}, true
	}
	return nil, false
}

package awspolicies

import (
	"strings"
	"testing"

	"github.com/slslint/slslint/iam/actions"
)

// samUnpublished are actions SAM's own templates grant that IAM does not define: SQS
// authorizes its batch calls with the single-message actions (SQSPollerPolicy lists both).
var samUnpublished = map[string]bool{"sqs:ChangeMessageVisibilityBatch": true, "sqs:DeleteMessageBatch": true}

func TestManaged(t *testing.T) {
	p, ok := Managed("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
	if !ok || len(p.Statements) != 1 || strings.Join(p.Statements[0].Actions, " ") != "logs:CreateLogGroup logs:CreateLogStream logs:PutLogEvents" {
		t.Fatalf("AWSLambdaBasicExecutionRole = %+v, %v", p, ok)
	}
	if _, ok := Managed("arn:aws-cn:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"); !ok {
		t.Error("a managed policy is known in any partition")
	}
	if _, ok := Managed("arn:aws:iam::123456789012:policy/custom"); ok {
		t.Error("a customer managed policy is not an AWS managed one")
	}
	if len(ManagedPolicies()) < 30 {
		t.Errorf("%d managed policies", len(ManagedPolicies()))
	}
}

// Every action a SAM policy template grants, for the services the action table covers, is
// one the Service Authorization Reference publishes (a wildcard matches at least one);
// every resource names only the template's parameters and the pseudo-parameters.
func TestSAMTemplates(t *testing.T) {
	tmpl, ok := SAMTemplate("DynamoDBCrudPolicy")
	if !ok || len(tmpl.Params) != 1 || tmpl.Params[0] != "TableName" || len(tmpl.Statements[0].Resources) != 2 {
		t.Fatalf("DynamoDBCrudPolicy = %+v", tmpl)
	}
	for _, tp := range SAMTemplates() {
		params := map[string]bool{"AWS::Partition": true, "AWS::Region": true, "AWS::AccountId": true}
		for _, p := range tp.Params {
			params[p] = true
		}
		for _, st := range tp.Statements {
			for _, a := range st.Actions {
				prefix, name, _ := strings.Cut(a, ":")
				if !actions.Covers(prefix) {
					continue
				}
				if strings.HasSuffix(name, "*") {
					found := false
					for _, info := range actions.Published(prefix) {
						if strings.HasPrefix(strings.ToLower(info.Name), strings.ToLower(strings.TrimSuffix(a, "*"))) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s: %s matches no published action", tp.Name, a)
					}
					continue
				}
				if _, ok := actions.Describe(a); !ok && !samUnpublished[a] {
					t.Errorf("%s: %s is not published", tp.Name, a)
				}
			}
			for _, r := range st.Resources {
				for rest := r; ; {
					i := strings.Index(rest, "${")
					if i < 0 {
						break
					}
					j := strings.IndexByte(rest[i:], '}')
					if name := rest[i+2 : i+j]; !params[name] {
						t.Errorf("%s: resource %s names %s, not a parameter", tp.Name, r, name)
					}
					rest = rest[i+j:]
				}
			}
		}
	}
	// The managed policies' actions of the covered services are published too.
	for _, mp := range ManagedPolicies() {
		for _, st := range mp.Statements {
			for _, a := range st.Actions {
				prefix, name, _ := strings.Cut(a, ":")
				if !actions.Covers(prefix) || strings.ContainsAny(name, "*?") {
					continue
				}
				if _, ok := actions.Describe(a); !ok {
					t.Errorf("%s: %s is not published", mp.Name, a)
				}
			}
		}
	}
}

package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The shape of a string that is not known statically: its literal parts, with each part
// that is not known written ${...} (model.Attr.Shape): a reference as written
// (${aws_s3_bucket.uploads.arn}), the region, account and partition data sources as the
// model's pseudo-parameters (${AWS::Region}). IAM evaluation matches policy resources
// ("${aws_s3_bucket.uploads.arn}/*") through it.

// pseudoData maps the data sources that give the deployment's region, account and
// partition to the model's names for them.
var pseudoData = map[string]string{
	"data.aws_region.current.name":                "AWS::Region",
	"data.aws_region.current.region":              "AWS::Region",
	"data.aws_region.current.id":                  "AWS::Region",
	"data.aws_caller_identity.current.account_id": "AWS::AccountId",
	"data.aws_partition.current.partition":        "AWS::Partition",
}

// shapeOf returns the shape of a string expression whose value is not known, "" when
// nothing of it can be said.
func (s *scope) shapeOf(expr hcl.Expression, depth int) string {
	if depth > 8 {
		return ""
	}
	switch e := expr.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return s.shapeOf(e.Wrapped, depth+1)
	case *hclsyntax.ScopeTraversalExpr:
		return "${" + traversalName(e.Traversal) + "}"
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, part := range e.Parts {
			v := s.eval(part)
			if str, ok := knownString(v); ok {
				b.WriteString(str)
				continue
			}
			sh := s.shapeOf(part, depth+1)
			if sh == "" {
				sh = "${?}"
			}
			b.WriteString(sh)
		}
		return b.String()
	}
	return ""
}

// traversalName writes a reference as Terraform does (aws_s3_bucket.uploads.arn), the
// region, account and partition data sources as pseudo-parameters, and "?" for an index.
func traversalName(t hcl.Traversal) string {
	var parts []string
	for i, step := range t {
		switch st := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, st.Name)
		case hcl.TraverseAttr:
			parts = append(parts, st.Name)
		default:
			_ = i
			parts = append(parts, "?")
		}
	}
	name := strings.Join(parts, ".")
	if p, ok := pseudoData[name]; ok {
		return p
	}
	return name
}

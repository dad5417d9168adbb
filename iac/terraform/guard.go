package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// evalBudget bounds the work of evaluating one root module: every for-expression element,
// function call and expression evaluation costs one unit. HCL's evaluator offers no
// cancellation, so nested for-expressions over large collections are the one way a
// configuration could keep it busy for hours; the budget turns that into unknown values.
type evalBudget struct {
	remaining int
	exhausted bool
}

// perRootBudget is generous: a large real root module costs a few thousand units, and one
// unit is a for-expression element, a few microseconds at most.
const perRootBudget = 300_000

func (b *evalBudget) spend(n int) bool {
	if b.remaining < n {
		b.remaining = 0
		b.exhausted = true
		return false
	}
	b.remaining -= n
	return true
}

// budgetExpr wraps the collection of a for-expression so that each evaluation pays for the
// elements the for-expression will visit. Embedding the hclsyntax.Expression keeps it a
// node of the syntax tree (its children are still walked).
type budgetExpr struct {
	hclsyntax.Expression
	budget *evalBudget
}

func (e *budgetExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := e.Expression.Value(ctx)
	n := 1
	if uv, _ := v.Unmark(); uv.IsKnown() && !uv.IsNull() && (uv.Type().IsCollectionType() || uv.Type().IsTupleType() || uv.Type().IsObjectType()) {
		n += uv.LengthInt()
	}
	if !e.budget.spend(n) {
		r := e.Range()
		return cty.DynamicVal, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "evaluation budget exhausted", Subject: &r})
	}
	return v, diags
}

// guardForExprs wraps the collection of every for-expression under n (a file body, or a
// template parsed at evaluation time).
func guardForExprs(n hclsyntax.Node, budget *evalBudget) {
	var fors []*hclsyntax.ForExpr
	_ = hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		if fe, ok := n.(*hclsyntax.ForExpr); ok {
			fors = append(fors, fe)
		}
		return nil
	})
	for _, fe := range fors {
		if _, done := fe.CollExpr.(*budgetExpr); !done {
			fe.CollExpr = &budgetExpr{Expression: fe.CollExpr, budget: budget}
		}
	}
}

// traversals returns the variable references of expr, looking through budgetExpr
// wrappers (hclsyntax.Variables does not know them). Names bound by for-expressions may
// be included; they are simply not found among the configuration's objects.
func traversals(expr hcl.Expression) []hcl.Traversal {
	sx, ok := expr.(hclsyntax.Expression)
	if !ok {
		return expr.Variables()
	}
	var out []hcl.Traversal
	visit := func(n hclsyntax.Node) hcl.Diagnostics {
		switch t := n.(type) {
		case *hclsyntax.ScopeTraversalExpr:
			out = append(out, t.Traversal)
		case *hclsyntax.RelativeTraversalExpr:
			// its Source is walked as a child
		case *budgetExpr:
			if st, ok := t.Expression.(*hclsyntax.ScopeTraversalExpr); ok {
				out = append(out, st.Traversal)
			}
		}
		return nil
	}
	_ = hclsyntax.VisitAll(sx, visit)
	return out
}

package terraform

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slslint/slslint/iac/model"
)

// chain writes modules m0 … m<levels> where each level calls the next calls times, each
// call with the given count (0: no count), and a root module calling m0.
func chain(levels, calls, count int) map[string]string {
	files := map[string]string{"root/main.tf": "module \"m\" {\n  source = \"../m0\"\n}\n"}
	for i := range levels {
		var b strings.Builder
		for c := range calls {
			fmt.Fprintf(&b, "module \"c%d\" {\n  source = \"../m%d\"\n", c, i+1)
			if count > 0 {
				fmt.Fprintf(&b, "  count  = %d\n", count)
			}
			b.WriteString("}\n")
		}
		b.WriteString("resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n")
		files[fmt.Sprintf("m%d/main.tf", i)] = b.String()
	}
	files[fmt.Sprintf("m%d/main.tf", levels)] = "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n"
	return files
}

// loadRoots loads only the given root directories' files (the modules are read through
// their calls), within a generous time limit that only catches runaway expansion.
func loadRoots(t *testing.T, files map[string]string) *model.Model {
	t.Helper()
	done := make(chan *model.Model, 1)
	go func() { done <- load(t, files) }()
	select {
	case m := <-done:
		return m
	case <-time.After(60 * time.Second):
		t.Fatal("module expansion did not finish within 60 s")
	}
	return nil
}

func budgetProblems(m *model.Model) []model.Problem {
	var out []model.Problem
	for _, p := range m.Problems {
		if strings.Contains(p.Message, "local module instances") {
			out = append(out, p)
		}
	}
	return out
}

// TestModuleInstanceBudget: module calls that multiply (17 levels of 2 calls; 6 levels of
// 4 calls with count = 4) stop at the root module's budget of local module instances,
// with an SLS000 at each call that would exceed it, instead of expanding for minutes into
// gigabytes. A root module just under the budget is read whole.
func TestModuleInstanceBudget(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		levels, calls, count int
	}{
		{"17 levels of 2 calls", 17, 2, 0},
		{"6 levels of 4 calls with count 4", 6, 4, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := chain(tc.levels, tc.calls, tc.count)
			all := loadRoots(t, files)
			probs := budgetProblems(all)
			if len(probs) == 0 {
				t.Fatalf("no budget problem; problems: %v", all.Problems)
			}
			for _, p := range probs {
				if !strings.HasPrefix(p.Message, "root module root creates more than 1000 local module instances") ||
					!strings.HasPrefix(p.File, "m") || p.Line < 1 {
					t.Errorf("problem %s: %s", pos(p.Range), p.Message)
				}
			}
			queues := 0
			for _, p := range all.Projects {
				if p.Name == "root" {
					queues = len(p.Queues)
				}
			}
			if queues < maxModuleInstances/2 || queues > maxModuleInstances+1 {
				t.Errorf("root module has %d queues, want about one per instance within the budget", queues)
			}
		})
	}
	t.Run("just under the budget", func(t *testing.T) {
		m := loadRoots(t, map[string]string{
			"main.tf":   "module \"m\" {\n  source = \"./m\"\n  count  = 999\n}\n",
			"m/main.tf": "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
		})
		if probs := budgetProblems(m); len(probs) != 0 {
			t.Errorf("problems: %v", probs)
		}
		if q := len(onlyProject(t, m).Queues); q != 999 {
			t.Errorf("queues = %d, want 999", q)
		}
	})
}

// TestLoadModuleInstanceBudget: the budget also holds across root modules, so that many
// roots each just under their own budget cannot add up to minutes of work.
func TestLoadModuleInstanceBudget(t *testing.T) {
	files := map[string]string{"shared/main.tf": "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n"}
	roots := maxLoadModuleInstances/maxInstances + 1
	for i := range roots {
		files[fmt.Sprintf("env%02d/main.tf", i)] = "module \"m\" {\n  source = \"../shared\"\n  count  = 1000\n}\n"
	}
	m := loadRoots(t, files)
	probs := budgetProblems(m)
	if len(probs) != 1 || probs[0].File != fmt.Sprintf("env%02d/main.tf", roots-1) ||
		!strings.HasPrefix(probs[0].Message, "the root modules of this run create more than 10000 local module instances") {
		t.Errorf("problems = %v", probs)
	}
}

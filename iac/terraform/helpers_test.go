package terraform

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/fixture"
)

// load writes files into a temporary repository and loads every .tf/.tfvars file in it.
func load(t testing.TB, files map[string]string, varFiles ...string) *model.Model {
	t.Helper()
	dir := t.TempDir()
	return loadDir(t, dir, files, varFiles...)
}

func loadDir(t testing.TB, dir string, files map[string]string, varFiles ...string) *model.Model {
	t.Helper()
	fixture.Write(t, dir, files)
	var srcs []model.Source
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		abs := filepath.Join(dir, filepath.FromSlash(name))
		switch {
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
			srcs = append(srcs, model.Source{Format: model.Terraform, Abs: abs, Rel: name})
		case strings.HasSuffix(name, ".tfvars"), strings.HasSuffix(name, ".tfvars.json"):
			srcs = append(srcs, model.Source{Format: model.TerraformVars, Abs: abs, Rel: name})
		}
	}
	var vfs []string
	for _, vf := range varFiles {
		vfs = append(vfs, filepath.Join(dir, filepath.FromSlash(vf)))
	}
	m := &model.Model{}
	Load(context.Background(), m, srcs, Options{Root: dir, VarFiles: vfs})
	return m
}

// pos formats a range's start as file:line:col.
func pos(r model.Range) string { return fmt.Sprintf("%s:%d:%d", r.File, r.Line, r.Column) }

// show formats an attribute as value/origin@position, with its ref and secrecy.
func show[T any](a model.Attr[T]) string {
	s := fmt.Sprintf("%v/%s@%s", a.Value, a.Origin, pos(a.At))
	if a.Ref != "" {
		s += " ref=" + a.Ref
	}
	if a.Secret {
		s += " secret"
	}
	return s
}

func onlyProject(t testing.TB, m *model.Model) *model.Project {
	t.Helper()
	if len(m.Projects) != 1 {
		t.Fatalf("got %d projects, want 1 (problems: %v)", len(m.Projects), m.Problems)
	}
	return m.Projects[0]
}

func fnOf(t testing.TB, p *model.Project, id string) *model.Function {
	t.Helper()
	f, ok := p.Function(id)
	if !ok {
		var ids []string
		for _, f := range p.Functions {
			ids = append(ids, f.ID)
		}
		t.Fatalf("no function %s; have %v", id, ids)
	}
	return f
}

func noProblems(t testing.TB, m *model.Model) {
	t.Helper()
	for _, p := range m.Problems {
		t.Errorf("unexpected problem %s: %s", pos(p.Range), p.Message)
	}
}

// check compares got with want and reports the name on mismatch.
func check(t testing.TB, name, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got  %s\n want %s", name, got, want)
	}
}

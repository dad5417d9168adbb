package serverless

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/fixture"
)

// writeTree writes files (path → content) under a new directory and returns it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	fixture.Write(t, dir, files)
	return dir
}

// loadFiles loads the service file main of a tree of files.
func loadFiles(t testing.TB, files map[string]string, main string) *model.Model {
	t.Helper()
	dir := writeTree(t, files)
	return loadDir(dir, main)
}

func loadDir(dir, main string) *model.Model {
	m := &model.Model{}
	Load(context.Background(), m, []model.Source{{
		Format: model.Serverless, Abs: filepath.Join(dir, filepath.FromSlash(main)), Rel: main,
	}}, Options{Root: dir, CloudFormation: testCloudFormation})
	return m
}

// loadOne loads a single serverless.yml and returns its project.
func loadOne(t testing.TB, yml string) (*model.Project, []model.Problem) {
	t.Helper()
	m := loadFiles(t, map[string]string{"serverless.yml": yml}, "serverless.yml")
	if len(m.Projects) != 1 {
		t.Fatalf("got %d projects, want 1; problems: %v", len(m.Projects), m.Problems)
	}
	return m.Projects[0], m.Problems
}

func fn(t testing.TB, p *model.Project, id string) *model.Function {
	t.Helper()
	f, ok := p.Function(id)
	if !ok {
		t.Fatalf("no function %q", id)
	}
	return f
}

// pos renders a range as line:col-endLine:endCol.
func pos(r model.Range) string {
	if r.IsZero() {
		return "-"
	}
	return fmt.Sprintf("%d:%d-%d:%d", r.Line, r.Column, r.EndLine, r.EndColumn)
}

// attr renders an attribute compactly: value, origin, position, ref, secret.
func attr[T any](a model.Attr[T]) string {
	return attrString(reflect.ValueOf(a))
}

func attrString(v reflect.Value) string {
	origin := v.FieldByName("Origin").Interface().(model.Origin)
	at := v.FieldByName("At").Interface().(model.Range)
	var b strings.Builder
	switch origin {
	case model.Explicit, model.Default:
		fmt.Fprintf(&b, "%v", v.FieldByName("Value").Interface())
		b.WriteString(" ")
	}
	b.WriteString(origin.String())
	b.WriteString(" @")
	b.WriteString(pos(at))
	if ref := v.FieldByName("Ref").String(); ref != "" {
		b.WriteString(" ref=" + ref)
	}
	if v.FieldByName("Secret").Bool() {
		b.WriteString(" secret")
	}
	return b.String()
}

// dump renders a model as indented text: every attribute with its value, origin and
// position. Golden files hold this form.
func dump(m *model.Model) string {
	var b strings.Builder
	for _, p := range m.Problems {
		fmt.Fprintf(&b, "problem %s:%s %s\n", p.File, pos(p.Range), p.Message)
	}
	for _, p := range m.Projects {
		dumpValue(&b, "project", reflect.ValueOf(p), 0)
	}
	return b.String()
}

func isAttr(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Attr[")
}

func dumpValue(b *strings.Builder, name string, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		dumpValue(b, name, v.Elem(), depth)
	case reflect.Struct:
		switch {
		case isAttr(v.Type()):
			if v.FieldByName("Origin").Interface().(model.Origin) == model.Absent && v.FieldByName("At").Interface().(model.Range).IsZero() {
				return
			}
			fmt.Fprintf(b, "%s%s: %s\n", indent, name, attrString(v))
		case v.Type() == reflect.TypeOf(model.Range{}):
			r := v.Interface().(model.Range)
			fmt.Fprintf(b, "%s%s: %s %s\n", indent, name, r.File, pos(r))
		default:
			fmt.Fprintf(b, "%s%s:\n", indent, name)
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if f.Anonymous {
					// Embedded Resource: its fields at the same level.
					for j := 0; j < v.Field(i).NumField(); j++ {
						dumpValue(b, v.Field(i).Type().Field(j).Name, v.Field(i).Field(j), depth+1)
					}
					continue
				}
				dumpValue(b, f.Name, v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			dumpValue(b, fmt.Sprintf("%s[%d]", name, i), v.Index(i), depth)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			fmt.Fprintf(b, "%s%s[%s]: %v\n", indent, name, k, v.MapIndex(k))
		}
	case reflect.String:
		if v.String() != "" {
			fmt.Fprintf(b, "%s%s: %s\n", indent, name, v.String())
		}
	case reflect.Bool:
		if v.Bool() {
			fmt.Fprintf(b, "%s%s: true\n", indent, name)
		}
	case reflect.Int:
		fmt.Fprintf(b, "%s%s: %d\n", indent, name, v.Int())
	default:
		fmt.Fprintf(b, "%s%s: %v\n", indent, name, v.Interface())
	}
}

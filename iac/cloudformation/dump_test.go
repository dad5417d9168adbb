package cloudformation

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// dump renders a load result as indented text: every entity and attribute with its origin
// and range, for golden comparisons. Absent attributes are left out unless all is set.
func dump(res loadResult, all bool) string {
	var b strings.Builder
	dumpMain = ""
	if res.project != nil {
		dumpMain = res.project.Path
	}
	for _, p := range res.problems {
		fmt.Fprintf(&b, "problem %s: %s\n", rangeString(p.Range), p.Message)
	}
	for _, s := range res.suppressions {
		fmt.Fprintf(&b, "suppression %s %q at %s scope %s\n", s.RuleID, s.Reason, rangeString(s.At), rangeString(s.Scope))
	}
	if res.project != nil {
		dumpValue(&b, reflect.ValueOf(res.project).Elem(), 0, all, map[uintptr]bool{})
	}
	return b.String()
}

// dumpMain is the template being dumped: ranges in other files name theirs.
var dumpMain string

func rangeString(r model.Range) string {
	if r.IsZero() {
		return "-"
	}
	s := fmt.Sprintf("%d:%d-%d:%d", r.Line, r.Column, r.EndLine, r.EndColumn)
	if dumpMain != "" && r.File != dumpMain {
		s = r.File + ":" + s
	}
	return s
}

func dumpValue(b *strings.Builder, v reflect.Value, depth int, all bool, seen map[uintptr]bool) {
	ind := strings.Repeat("  ", depth)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), v.Field(i)
		name := f.Name
		if f.Anonymous {
			dumpValue(b, fv, depth, all, seen)
			continue
		}
		switch {
		case f.Type == reflect.TypeOf(model.Range{}):
			if name == "At" || name == "DefinitionAt" {
				fmt.Fprintf(b, "%s%s %s\n", ind, name, rangeString(fv.Interface().(model.Range)))
			}
		case strings.HasPrefix(f.Type.Name(), "Attr["):
			origin := model.Origin(fv.FieldByName("Origin").Int())
			if origin == model.Absent && !all {
				continue
			}
			fmt.Fprintf(b, "%s%s = %s\n", ind, name, attrString(fv))
		case fv.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Pointer:
			for j := 0; j < fv.Len(); j++ {
				e := fv.Index(j)
				if seen[e.Pointer()] {
					fmt.Fprintf(b, "%s%s[%d] (shared)\n", ind, name, j)
					continue
				}
				fmt.Fprintf(b, "%s%s[%d]\n", ind, name, j)
				dumpValue(b, e.Elem(), depth+1, all, seen)
			}
		case fv.Kind() == reflect.Slice && strings.HasPrefix(f.Type.Elem().Name(), "Attr["):
			for j := 0; j < fv.Len(); j++ {
				fmt.Fprintf(b, "%s%s[%d] = %s\n", ind, name, j, attrString(fv.Index(j)))
			}
		case fv.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				fmt.Fprintf(b, "%s%s[%d]\n", ind, name, j)
				dumpValue(b, fv.Index(j), depth+1, all, seen)
			}
		case fv.Kind() == reflect.Pointer:
			if !fv.IsNil() {
				fmt.Fprintf(b, "%s%s\n", ind, name)
				dumpValue(b, fv.Elem(), depth+1, all, seen)
			}
		case fv.Kind() == reflect.Struct:
			fmt.Fprintf(b, "%s%s\n", ind, name)
			dumpValue(b, fv, depth+1, all, seen)
		case fv.Kind() == reflect.Map:
			keys := fv.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			for _, k := range keys {
				fmt.Fprintf(b, "%s%s[%s] = %v\n", ind, name, k, fv.MapIndex(k))
			}
		default:
			if !fv.IsZero() || all {
				fmt.Fprintf(b, "%s%s = %v\n", ind, name, fv.Interface())
			}
		}
	}
}

func attrString(a reflect.Value) string {
	origin := model.Origin(a.FieldByName("Origin").Int())
	s := origin.String()
	if origin == model.Explicit || origin == model.Default {
		s = fmt.Sprintf("%#v %s", a.FieldByName("Value").Interface(), s)
	}
	s += " @" + rangeString(a.FieldByName("At").Interface().(model.Range))
	if ref := a.FieldByName("Ref").String(); ref != "" {
		s += " ref=" + ref
	}
	if a.FieldByName("Secret").Bool() {
		s += " secret"
	}
	return s
}

func TestDumpFile(t *testing.T) {
	f := os.Getenv("CFN_DUMP")
	if f == "" {
		t.Skip("set CFN_DUMP to a template to print what the loader reads from it")
	}
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Print(dump(loadTemplate(data, f, "."), os.Getenv("CFN_DUMP_ALL") != ""))
}

// Package cloudformation loads CloudFormation and SAM templates, YAML or JSON, into the
// provider-neutral model.
//
// The loader owns the whole path from bytes to model: a position-keeping parse (yaml.v3
// nodes for YAML, a small JSON parser for JSON, both into one node tree with byte ranges),
// static resolution of intrinsic functions with parameters at their defaults (resolve.go),
// the merge of SAM Globals into each function and API, and the mapping of every resource
// type the checks care about onto model entities. goformation is not used: it drops
// positions, turns !GetAtt and !ImportValue into nil, does not merge Globals and rejects a
// whole template on one property it does not know, and its typed catalogue would add
// thousands of generated files to the build for the few dozen resource types read here.
// Unknown properties and resource types are simply not read.
package cloudformation

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/slslint/slslint/iac/model"
	"github.com/slslint/slslint/internal/repofile"
)

// Options control loading.
type Options struct {
	// Root is the repository root: no file outside it is ever read (DefinitionUri, ...).
	Root string
}

// Load reads each template into a project of m. A template that cannot be parsed becomes a
// problem of m at the error's position.
func Load(ctx context.Context, m *model.Model, files []model.Source, opts Options) {
	for _, f := range files {
		if ctx.Err() != nil {
			return
		}
		root := opts.Root
		if root == "" {
			root = strings.TrimSuffix(filepath.ToSlash(f.Abs), f.Rel)
		}
		data, prob := f.Content, (*model.Problem)(nil)
		if data == nil {
			data, prob = readBounded(repofile.New(root), f.Abs, f.Rel)
		}
		if prob != nil {
			m.Problems = append(m.Problems, *prob)
			continue
		}
		res := loadTemplate(data, f.Rel, root)
		m.Problems = append(m.Problems, res.problems...)
		m.Suppressions = append(m.Suppressions, res.suppressions...)
		if res.project != nil {
			m.Projects = append(m.Projects, res.project)
		}
	}
}

// readBounded reads a file of the repository of at most model.MaxFileSize bytes.
func readBounded(repo repofile.Root, abs, rel string) ([]byte, *model.Problem) {
	at := model.Range{File: rel, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
	data, err := repo.ReadFile(abs, model.MaxFileSize)
	switch {
	case errors.Is(err, repofile.ErrTooLarge):
		return nil, &model.Problem{Range: at, Message: fmt.Sprintf("the file is larger than %d MB; CloudFormation accepts templates of at most 1 MB", model.MaxFileSize>>20)}
	case err != nil:
		return nil, &model.Problem{Range: at, Message: "the file " + repofile.Describe(err) + " and is not read"}
	}
	return data, nil
}

type loadResult struct {
	project      *model.Project
	problems     []model.Problem
	suppressions []model.Suppression
}

// loadTemplate parses and maps one template. rel is its path relative to root.
func loadTemplate(data []byte, rel, root string) loadResult {
	t := newText(data, rel)
	root0, prob := parse(t, rel)
	if prob != nil {
		return loadResult{problems: []model.Problem{*prob}}
	}
	res := loadTemplateTree(t, root0, rel, root)
	if res.project != nil || len(res.problems) > 0 {
		// Only a template's own warnings count: a multi-document YAML file that is not
		// a template (a Kubernetes manifest naming AWS:: types) is not reported.
		res.problems = append(t.warnings, res.problems...)
	}
	return res
}

// loadTemplateTree maps a parsed template.
func loadTemplateTree(t *text, root0 *node, rel, root string) loadResult {
	if root0.kind != mapNode {
		return loadResult{problems: []model.Problem{{Range: root0.rng, Message: "a CloudFormation template must be a mapping with a Resources section"}}}
	}
	tp := newTemplate(t, root0, path.Dir(rel))
	if tp == nil {
		// Not a template at all (a JSON or YAML file that only mentions AWS:: types).
		return loadResult{}
	}
	b := newBuilder(tp, rel, root)
	b.build()
	return loadResult{project: b.p, problems: tp.problems, suppressions: b.sups}
}

// parse reads JSON when the file says so by its name or its first character, YAML
// otherwise; a .template file whose JSON parse fails is retried as YAML.
func parse(t *text, rel string) (*node, *model.Problem) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(t.src, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	looksJSON := len(trimmed) > 0 && trimmed[0] == '{'
	if strings.HasSuffix(strings.ToLower(rel), ".json") {
		return parseJSON(t)
	}
	if looksJSON {
		n, p := parseJSON(t)
		if p == nil {
			return n, nil
		}
		if n2, p2 := parseYAML(t); p2 == nil {
			return n2, nil
		}
		return nil, p
	}
	return parseYAML(t)
}

// newTemplate indexes a template's sections, merging SAM Globals into the resources they
// apply to. It returns nil when the mapping is not a CloudFormation template.
func newTemplate(t *text, root *node, dir string) *template {
	resources := root.get("Resources")
	if resources == nil && root.get("AWSTemplateFormatVersion") == nil && root.get("Transform") == nil {
		return nil
	}
	if dir == "." {
		dir = ""
	}
	tp := &template{
		t: t, root: root, dir: dir,
		params:    map[string]*param{},
		mappings:  root.get("Mappings"),
		conds:     map[string]*node{},
		condMemo:  map[string]condResult{},
		condBusy:  map[string]bool{},
		resources: map[string]*resource{},
		nameBusy:  map[string]bool{},
	}
	root.get("Parameters").pairs(func(k, v *node) {
		p := &param{def: v.get("Default")}
		if typ := v.get("Type"); typ != nil && typ.kind == scalarNode {
			p.typ = typ.value
		}
		if ne := v.get("NoEcho"); ne != nil && ne.kind == scalarNode && strings.EqualFold(ne.value, "true") {
			p.noEcho = true
		}
		tp.params[k.value] = p
	})
	conds, _ := tp.expandSection(root.get("Conditions"), false)
	conds.pairs(func(k, v *node) { tp.conds[k.value] = v })
	if resources != nil && resources.kind != mapNode {
		tp.problem(resources.rng, "Resources must be a mapping of logical IDs to resources")
		return tp
	}
	resources, tp.resourcesUnknown = tp.expandSection(resources, true)
	globals := root.get("Globals")
	resources.pairs(func(k, v *node) {
		if v.opaque {
			return // a resource whose whole body is not known statically
		}
		if v.kind != mapNode {
			tp.problem(v.rng, "resource %s must be a mapping with a Type", k.value)
			return
		}
		typ := v.get("Type")
		if typ != nil && typ.opaque {
			return
		}
		if typ == nil || typ.kind != scalarNode || typ.value == "" {
			tp.problem(k.rng, "resource %s has no Type", k.value)
			return
		}
		r := &resource{id: k.value, typ: typ.value, key: k, body: v}
		var st vstate
		r.props, st = tp.pick(v.get("Properties"))
		switch {
		case st == vUnknown && r.props != nil && r.props.opaque:
			r.props, r.opaque = nil, true
		case r.props != nil && r.props.kind != mapNode:
			tp.problem(r.props.rng, "the Properties of %s must be a mapping", k.value)
			r.props = nil
		}
		if section := globalsSection[r.typ]; section != "" {
			r.props = mergeGlobals(globals.get(section), r.props, &tp.steps)
		}
		tp.resources[k.value] = r
		tp.order = append(tp.order, r)
	})
	// Resources whose Condition is false whatever the parameters are never created. A
	// condition false only under the parameters' defaults may be true in another
	// deployment, so those resources stay.
	kept := tp.order[:0]
	for _, r := range tp.order {
		if c := r.body.get("Condition"); c != nil && c.kind == scalarNode {
			if res := tp.condition(c.value, 0); res.v == triFalse && !res.param {
				delete(tp.resources, r.id)
				continue
			}
		}
		kept = append(kept, r)
	}
	tp.order = kept
	tp.checkCycles()
	return tp
}

// globalsSection maps SAM resource types to their section of Globals.
var globalsSection = map[string]string{
	"AWS::Serverless::Function":     "Function",
	"AWS::Serverless::Api":          "Api",
	"AWS::Serverless::HttpApi":      "HttpApi",
	"AWS::Serverless::SimpleTable":  "SimpleTable",
	"AWS::Serverless::StateMachine": "StateMachine",
	"AWS::Serverless::LayerVersion": "LayerVersion",
}

// replacedLists are list properties that a resource's own value replaces rather than
// extends: a function runs on one architecture.
var replacedLists = map[string]bool{"Architectures": true}

// mergeGlobals merges a Globals section into a resource's properties the way the SAM
// translator does: mappings merge key by key (the resource's entries win), lists
// concatenate (the global entries first), and any other value of the resource, or an
// intrinsic function on either side, replaces the global one. Values that come from Globals
// keep their ranges in the Globals section.
//
// work counts the values visited, against the evaluation budget: YAML aliases can make
// both sides large.
func mergeGlobals(global, local *node, work *int) *node {
	if global == nil || global.kind != mapNode || *work > maxEvalSteps {
		return local
	}
	if local == nil {
		return global
	}
	merged := &node{kind: mapNode, rng: local.rng, content: make([]*node, 0, len(global.content)+len(local.content))}
	global.pairs(func(k, gv *node) {
		if lk, lv := local.getKey(k.value); lk != nil {
			*work++
			merged.content = append(merged.content, lk, mergeValue(k.value, gv, lv, work))
			return
		}
		merged.content = append(merged.content, k, gv)
	})
	local.pairs(func(k, v *node) {
		if global.get(k.value) == nil {
			merged.content = append(merged.content, k, v)
		}
	})
	return merged
}

func mergeValue(key string, gv, lv *node, work *int) *node {
	if gv == nil || lv == nil {
		return lv
	}
	if _, _, ok := gv.intrinsic(); ok {
		return lv
	}
	if _, _, ok := lv.intrinsic(); ok {
		return lv
	}
	switch {
	case gv.kind == mapNode && lv.kind == mapNode:
		return mergeGlobals(gv, lv, work)
	case gv.kind == seqNode && lv.kind == seqNode && !replacedLists[key]:
		content := make([]*node, 0, len(gv.content)+len(lv.content))
		content = append(content, gv.content...)
		content = append(content, lv.content...)
		return &node{kind: seqNode, rng: lv.rng, content: content}
	}
	return lv
}

// projectName names a template's stack: the CDK stack of "Stack.template.json", the
// directory of a "template.yaml", or the file's base name.
func projectName(rel string) string {
	base := path.Base(rel)
	name := strings.TrimSuffix(base, path.Ext(base))
	name = strings.TrimSuffix(name, ".template")
	if strings.EqualFold(name, "template") || name == "" {
		if dir := path.Base(path.Dir(rel)); dir != "." && dir != "/" {
			return dir
		}
	}
	return name
}

// Package awspolicies holds the policies AWS defines and templates refer to by name: the
// AWS managed policies commonly attached to Lambda functions (managed.json, the default
// version of each) and the AWS SAM policy templates (sam.json), as data with their sources
// named in the files. Loaders expand SAM policy templates into statements; IAM evaluation
// expands managed policies. A policy not listed here is unknown, and a role holding one is
// not fully known.
package awspolicies

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

//go:embed managed.json
var managedJSON []byte

//go:embed sam.json
var samJSON []byte

// A Statement is a statement of an AWS-defined policy.
type Statement struct {
	Effect       string
	Actions      []string
	NotActions   []string
	Resources    []string
	NotResources []string
	// Condition says the statement has a Condition (the grant is then not certain).
	Condition bool
}

// A ManagedPolicy is an AWS managed policy.
type ManagedPolicy struct {
	Name, ARN, Version string
	Statements         []Statement
}

// A Template is an AWS SAM policy template: its parameters, and its statements with
// ${Param} standing for a parameter's value in resources (and ${AWS::Partition},
// ${AWS::Region}, ${AWS::AccountId} for the deployment's).
type Template struct {
	Name       string
	Params     []string
	Statements []Statement
}

type rawManaged struct {
	Policies []struct {
		Name       string            `json:"name"`
		ARN        string            `json:"arn"`
		Version    string            `json:"version"`
		Statements []json.RawMessage `json:"statements"`
	} `json:"policies"`
}

type rawSAM struct {
	Templates map[string]struct {
		Params     []string `json:"params"`
		Statements []struct {
			Actions   []string `json:"actions"`
			Resources []string `json:"resources"`
			Condition bool     `json:"condition"`
		} `json:"statements"`
	} `json:"templates"`
}

type data struct {
	managed   map[string]*ManagedPolicy // by ARN
	templates map[string]*Template
}

var (
	once   sync.Once
	loaded data
)

func load() data {
	once.Do(func() {
		loaded = data{managed: map[string]*ManagedPolicy{}, templates: map[string]*Template{}}
		var rm rawManaged
		if err := json.Unmarshal(managedJSON, &rm); err == nil {
			for _, p := range rm.Policies {
				mp := &ManagedPolicy{Name: p.Name, ARN: p.ARN, Version: p.Version}
				for _, s := range p.Statements {
					mp.Statements = append(mp.Statements, statementOf(s))
				}
				loaded.managed[p.ARN] = mp
			}
		}
		var rs rawSAM
		if err := json.Unmarshal(samJSON, &rs); err == nil {
			for name, t := range rs.Templates {
				tp := &Template{Name: name, Params: t.Params}
				for _, s := range t.Statements {
					tp.Statements = append(tp.Statements, Statement{Effect: "Allow", Actions: s.Actions, Resources: s.Resources, Condition: s.Condition})
				}
				loaded.templates[name] = tp
			}
		}
	})
	return loaded
}

// statementOf reads a policy document statement, whose lists may be a string or a list.
func statementOf(raw json.RawMessage) Statement {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return Statement{}
	}
	list := func(key string) []string {
		v, ok := m[key]
		if !ok {
			return nil
		}
		var one string
		if json.Unmarshal(v, &one) == nil {
			return []string{one}
		}
		var many []string
		_ = json.Unmarshal(v, &many)
		return many
	}
	var effect string
	_ = json.Unmarshal(m["Effect"], &effect)
	_, cond := m["Condition"]
	return Statement{Effect: effect, Actions: list("Action"), NotActions: list("NotAction"), Resources: list("Resource"),
		NotResources: list("NotResource"), Condition: cond}
}

// Managed returns the AWS managed policy with the given ARN
// (arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole); any partition.
func Managed(arn string) (*ManagedPolicy, bool) {
	d := load()
	if i := strings.Index(arn, ":iam::aws:policy/"); i >= 0 {
		arn = "arn:aws" + arn[i:]
	}
	p, ok := d.managed[arn]
	return p, ok
}

// ManagedPolicies lists the managed policies known, by name.
func ManagedPolicies() []*ManagedPolicy {
	d := load()
	out := make([]*ManagedPolicy, 0, len(d.managed))
	for _, p := range d.managed {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// SAMTemplate returns the SAM policy template with the given name.
func SAMTemplate(name string) (*Template, bool) {
	t, ok := load().templates[name]
	return t, ok
}

// SAMTemplates lists the SAM policy templates known, by name.
func SAMTemplates() []*Template {
	d := load()
	out := make([]*Template, 0, len(d.templates))
	for _, t := range d.templates {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

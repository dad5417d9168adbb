// Package actions is the table of the IAM actions that AWS SDK for Go operations need: for
// an operation of a service package (v1 aws-sdk-go or aws-sdk-go-v2, "dynamodb",
// "PutItem"), the actions it is authorized by and the resource each is checked against.
//
// The table is data (table.yaml), with its sources named there; the actions each service
// publishes, with their access levels, are a snapshot of the Service Authorization
// Reference (published/*.txt). An action is <prefix>:<Operation> when the reference
// publishes it, otherwise the table names it or the operation is not known.
package actions

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed table.yaml published/*.txt
var data embed.FS

// Target says what resource an action is checked against.
type Target string

// Targets.
const (
	// OnCall is the resource the call's input names (the table, bucket, object, queue, ...).
	OnCall Target = ""
	// OnAny is "*": the action has no resource-level permissions for this call.
	OnAny Target = "*"
	// OnSource is the object a copy reads (CopySource).
	OnSource Target = "source"
	// OnObjects is every object of the call's bucket (DeleteObjects).
	OnObjects Target = "objects"
	// OnEntries are the event buses a PutEvents call's entries name.
	OnEntries Target = "entries"
)

// An Action is one IAM action an operation needs.
type Action struct {
	// Name is "s3:GetObject".
	Name   string
	Target Target
}

// An Operation is what the table knows about one SDK operation.
type Operation struct {
	Service *Service
	// Name is the operation ("PutItem").
	Name string
	// Actions are the actions the call needs; empty when None, Items or Statement.
	Actions []Action
	// None: the operation needs no permission (sts:GetCallerIdentity).
	None bool
	// Items: the actions come from the request's items (DynamoDB transactions).
	Items bool
	// Statement: the actions come from the request's PartiQL statements.
	Statement bool
}

// A Service is one service of the table.
type Service struct {
	// Packages are the SDK service package names ("dynamodb", "dynamodbstreams").
	Packages []string
	// Prefix is the IAM service prefix ("dynamodb").
	Prefix string
	// Reference is the service's page of the Service Authorization Reference.
	Reference string
	// Resources are the resource types calls target, in the order a call's input is matched
	// against them.
	Resources []*ResourceType
	ops       map[string]rawOperation
}

// A ResourceType is a kind of resource an operation's input names.
type ResourceType struct {
	// Type is the reference's resource type ("table").
	Type string
	// ARN is its ARN format with ${Partition}, ${Region}, ${Account}, ${Name} (and ${Key}
	// for S3 objects).
	ARN string
	// Fields are the input fields that name the resource, with how their value names it:
	// "name", "arn", "url", "name-or-arn", "key" (an S3 object key), "parameter" (an SSM
	// parameter name), "kms-key" (a KMS key ID, ARN or alias).
	Fields map[string]string
}

// Level is an action's access level as the reference classifies it: "List", "Read",
// "Write", "Permissions management", "Tagging" (an action may have two, "Tagging, Write").
type Level string

// Info is what the reference publishes about an action.
type Info struct {
	Name  string
	Level Level
	// Resources are the resource types the action can be scoped to; a trailing "*" marks
	// a required one. None means the action only takes Resource "*".
	Resources []string
}

type rawTable struct {
	Services []rawService `yaml:"services"`
}

type rawService struct {
	Packages   []string                `yaml:"packages"`
	Prefix     string                  `yaml:"prefix"`
	Reference  string                  `yaml:"reference"`
	Resources  []rawResource           `yaml:"resources"`
	Operations map[string]rawOperation `yaml:"operations"`
}

type rawResource struct {
	Type   string            `yaml:"type"`
	ARN    string            `yaml:"arn"`
	Fields map[string]string `yaml:"fields"`
}

type rawOperation struct {
	Actions   []string `yaml:"actions"`
	None      bool     `yaml:"none"`
	Items     bool     `yaml:"items"`
	Statement bool     `yaml:"statement"`
}

type table struct {
	byPackage map[string]*Service
	byPrefix  map[string]*Service
	published map[string]map[string]Info // prefix → lower-case action name → info
}

var (
	loadOnce sync.Once
	loaded   *table
	loadErr  error
)

// load parses the embedded table once; the data is part of the binary, so an error is a
// bug that the tests catch.
func load() (*table, error) {
	loadOnce.Do(func() { loaded, loadErr = parse() })
	return loaded, loadErr
}

func parse() (*table, error) {
	raw, err := data.ReadFile("table.yaml")
	if err != nil {
		return nil, err
	}
	var rt rawTable
	if err := yaml.Unmarshal(raw, &rt); err != nil {
		return nil, fmt.Errorf("table.yaml: %w", err)
	}
	t := &table{byPackage: map[string]*Service{}, byPrefix: map[string]*Service{}, published: map[string]map[string]Info{}}
	for _, rs := range rt.Services {
		s := &Service{Packages: rs.Packages, Prefix: rs.Prefix, Reference: rs.Reference, ops: rs.Operations}
		for _, r := range rs.Resources {
			s.Resources = append(s.Resources, &ResourceType{Type: r.Type, ARN: r.ARN, Fields: r.Fields})
		}
		for _, p := range rs.Packages {
			t.byPackage[p] = s
		}
		t.byPrefix[rs.Prefix] = s
		pub, err := readPublished(rs.Prefix)
		if err != nil {
			return nil, err
		}
		t.published[rs.Prefix] = pub
	}
	return t, nil
}

func readPublished(prefix string) (map[string]Info, error) {
	f, err := data.Open("published/" + prefix + ".txt")
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	out := map[string]Info{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 2 {
			return nil, fmt.Errorf("published/%s.txt: bad line %q", prefix, line)
		}
		info := Info{Name: prefix + ":" + parts[0], Level: Level(parts[1])}
		if len(parts) > 2 && parts[2] != "" {
			info.Resources = strings.Split(parts[2], ",")
		}
		out[strings.ToLower(parts[0])] = info
	}
	return out, sc.Err()
}

// Lookup returns what the table knows about operation op of SDK service package pkg
// ("dynamodb", "GetItem"): ok is false when the service is not in the table or the
// operation's action is not known (neither published under its name nor an exception).
func Lookup(pkg, op string) (Operation, bool) {
	t, err := load()
	if err != nil {
		return Operation{}, false
	}
	s := t.byPackage[pkg]
	if s == nil {
		return Operation{}, false
	}
	out := Operation{Service: s, Name: op}
	if raw, ok := s.ops[op]; ok {
		out.None, out.Items, out.Statement = raw.None, raw.Items, raw.Statement
		for _, a := range raw.Actions {
			name, target, _ := strings.Cut(a, "@")
			out.Actions = append(out.Actions, Action{Name: name, Target: Target(target)})
		}
		return out, true
	}
	if _, ok := t.published[s.Prefix][strings.ToLower(op)]; !ok {
		return Operation{}, false
	}
	out.Actions = []Action{{Name: s.Prefix + ":" + op}}
	return out, true
}

// Describe returns what the reference publishes about an action ("s3:GetObject"), matched
// without regard to case as IAM matches actions.
func Describe(action string) (Info, bool) {
	t, err := load()
	if err != nil {
		return Info{}, false
	}
	prefix, name, ok := strings.Cut(action, ":")
	if !ok {
		return Info{}, false
	}
	info, ok := t.published[strings.ToLower(prefix)][strings.ToLower(name)]
	return info, ok
}

// Published returns the actions of a service prefix the table covers, sorted; nil for a
// prefix it does not cover.
func Published(prefix string) []Info {
	t, err := load()
	if err != nil {
		return nil
	}
	pub := t.published[strings.ToLower(prefix)]
	out := make([]Info, 0, len(pub))
	for _, info := range pub {
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Covers reports whether the table covers a service prefix: its published actions are
// known, so that a wildcard over them can be expanded.
func Covers(prefix string) bool {
	t, err := load()
	return err == nil && t.published[strings.ToLower(prefix)] != nil
}

// ServiceOf returns the service of an SDK service package.
func ServiceOf(pkg string) (*Service, bool) {
	t, err := load()
	if err != nil {
		return nil, false
	}
	s, ok := t.byPackage[pkg]
	return s, ok
}

// ResourceFor returns the resource type a call targets given the fields its input type
// has: the first type for which the input has every "key" field (an S3 object key) and at
// least one of the others (QueueUrl or QueueName); nil when none fits (ListTables: the
// call targets "*").
func (s *Service) ResourceFor(has func(field string) bool) *ResourceType {
	for _, r := range s.Resources {
		keys, names := true, false
		for f, kind := range r.Fields {
			switch {
			case kind == "key" && !has(f):
				keys = false
			case kind != "key" && has(f):
				names = true
			}
		}
		if keys && names {
			return r
		}
	}
	return nil
}

// Err reports a table that cannot be read (a broken build).
func Err() error {
	_, err := load()
	return err
}

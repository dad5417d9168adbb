package serverless

import (
	"context"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/slslint/slslint/iac/model"
)

// CloudFormation is what this loader needs from the CloudFormation loader: the raw
// CloudFormation under a service's resources: key is plain CloudFormation, and only the
// CloudFormation loader should know how to read it.
//
// Load reads the template's entries into p — queues, topics, buckets, tables, streams, log
// groups, alarms, budgets, roles, permissions, event source mappings and rules that target
// the service's functions — and returns a Resolver for the intrinsic functions written in
// the rest of serverless.yml (an sqs event's arn: !GetAtt Queue.Arn, an environment value
// !Ref Bucket). The functions, implicit APIs, role, log groups and the topics and buckets
// the framework creates for events are already in p when Load runs, so that references to
// them (Template.Generated) can be followed. Problems are returned, not recorded.
type CloudFormation interface {
	Load(ctx context.Context, p *model.Project, t *Template) (Resolver, []model.Problem)
}

// A Resolver resolves a value that may hold CloudFormation intrinsic functions (Ref,
// Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::ImportValue, ...) as a string attribute:
// Explicit when it is known statically, Unknown otherwise, and Ref the ID of the project
// entity it refers to. The node comes from Template-style conversion: Template.Node
// describes it.
type Resolver interface {
	String(v *yaml.Node) model.Attr[string]
}

// A Template is the raw CloudFormation of a service, after the service's variables were
// resolved. resources: may be one mapping or a list of fragments (often each from a
// ${file()}); the entries of all fragments are merged here, in order.
type Template struct {
	// The sections' entries, each with its logical ID and the range of its key.
	Resources, Parameters, Conditions, Mappings, Outputs []Entry
	// Generated maps the logical IDs of resources the framework generates itself
	// (HelloLambdaFunction, HelloLogGroup, IamRoleLambdaExecution, ApiGatewayRestApi,
	// HttpApi, SNSTopicAlerts, S3BucketUploads, ServerlessDeploymentBucket) to the project
	// entity this loader created for them, so that Ref and Fn::GetAtt to them resolve.
	Generated map[string]Generated
	// Pseudo holds the pseudo parameters known statically (AWS::Region, AWS::Partition,
	// AWS::URLSuffix, AWS::StackName when the stage is known); others are unknown.
	Pseudo map[string]string
	// Node describes a node of the entries: its exact range (its file may be a file
	// included with ${file()}), and whether a serverless variable left its value unknown
	// (${env:X}, ${ssm:/path}: Secret). An unknown scalar's Value is not meaningful.
	Node func(*yaml.Node) NodeInfo
	// Root is the repository root (Options.Root) and Dir the service's directory relative
	// to it, with forward slashes ("" for the root): local files the resources name (a state
	// machine's DefinitionUri) are relative to Dir and are never read outside Root.
	Root, Dir string
}

// An Entry is one entry of a template section.
type Entry struct {
	Name  string
	At    model.Range
	Value *yaml.Node
}

// Generated describes a resource the framework generates.
type Generated struct {
	// ID is the project entity's ID (a function's name in serverless.yml); Type its
	// CloudFormation type; Name its physical name (what Ref returns), "" when unknown.
	ID, Type, Name string
}

// NodeInfo describes a template node.
type NodeInfo struct {
	At      model.Range
	Unknown bool
	Secret  bool
}

// noCloudFormation stands in when no CloudFormation loader is given: resources: is not
// read and intrinsic functions are unknown.
type noCloudFormation struct{}

func (noCloudFormation) Load(context.Context, *model.Project, *Template) (Resolver, []model.Problem) {
	return noResolver{}, nil
}

type noResolver struct{}

func (noResolver) String(*yaml.Node) model.Attr[string] {
	return model.Attr[string]{Origin: model.Unknown}
}

// yamlTree converts nodes into yaml.v3 nodes for the CloudFormation seam, remembering each
// node's range and unknown state, within a budget: a configuration whose variables share
// one subtree many times can describe an exponentially large tree.
type yamlTree struct {
	info   map[*yaml.Node]NodeInfo
	budget int
}

func newYAMLTree() *yamlTree {
	return &yamlTree{info: map[*yaml.Node]NodeInfo{}, budget: maxNodes}
}

func (t *yamlTree) node(y *yaml.Node) NodeInfo { return t.info[y] }

// convert returns the yaml.v3 form of n, or nil once the budget is spent.
func (t *yamlTree) convert(n *node) *yaml.Node {
	if n == nil || t.budget <= 0 {
		return nil
	}
	t.budget--
	y := &yaml.Node{Line: n.at.Line, Column: n.at.Column}
	t.info[y] = NodeInfo{At: n.at, Unknown: n.unknown, Secret: n.secret}
	switch n.kind {
	case nullNode:
		y.Kind, y.Tag, y.Value = yaml.ScalarNode, "!!null", "null"
	case scalarNode:
		y.Kind, y.Tag, y.Value = yaml.ScalarNode, n.tag, n.value
		if n.unknown {
			y.Tag = "!!str"
			y.Value = strings.ReplaceAll(n.value, unknownMark, "${unknown}")
		}
	case seqNode:
		y.Kind, y.Tag = yaml.SequenceNode, "!!seq"
		for _, it := range n.items {
			c := t.convert(it)
			if c == nil {
				return nil
			}
			y.Content = append(y.Content, c)
		}
	case mapNode:
		y.Kind, y.Tag = yaml.MappingNode, "!!map"
		for _, p := range n.pairs {
			k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: p.key, Line: p.keyAt.Line, Column: p.keyAt.Column}
			t.info[k] = NodeInfo{At: p.keyAt}
			v := t.convert(p.val)
			if v == nil {
				return nil
			}
			y.Content = append(y.Content, k, v)
		}
	}
	return y
}

// yamlGet returns the value of key in a yaml.v3 mapping.
func yamlGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

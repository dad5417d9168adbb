package leastprivilege

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/slslint/slslint/iac/model"
)

// Formats are the output formats of slslint policy.
var Formats = map[string]func(w io.Writer, r *Report) error{
	"template": Template,
	"json":     JSON,
}

// FormatNames lists the formats, sorted.
func FormatNames() []string {
	var out []string
	for k := range Formats {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// JSON writes the report as JSON (docs/schemas/policy.schema.json).
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Template writes each function's statements in its template's syntax.
func Template(w io.Writer, r *Report) error {
	var b strings.Builder
	for i, f := range r.Functions {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s %s: function %s (./%s)\n", "#", f.Project, f.ID, f.Package)
		if !f.Complete {
			fmt.Fprintf(&b, "%s not complete: %s\n", "#", f.Incomplete)
		}
		if len(f.Statements) == 0 {
			fmt.Fprintf(&b, "%s its code makes no AWS call that needs a permission\n", "#")
			continue
		}
		switch f.Format {
		case "terraform":
			writeTerraform(&b, f)
		case "serverless":
			writeServerless(&b, f)
		default:
			if f.project != nil && f.function != nil && f.function.Type == "AWS::Serverless::Function" {
				writeSAM(&b, f)
			} else {
				writeCloudFormation(&b, f)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Text renders a Function's statements in its own syntax (for the README and tests).
func (f *Function) Text() string {
	var b strings.Builder
	_ = Template(&b, &Report{Functions: []*Function{f}})
	return b.String()
}

// --- CloudFormation, SAM and serverless.yml (YAML with CloudFormation intrinsics) ---

// cfnARNAttr says, per resource type, how a template names its ARN: GetAtt Arn, or Ref for
// the types whose Ref is their ARN.
var cfnRefIsARN = map[string]bool{"topic": true, "statemachine": true}

// cfnResource writes a resource as a CloudFormation value.
func cfnResource(f *Function, r Resource) string {
	if r.ARN == "*" {
		return `"*"`
	}
	typ := f.refType(r.Ref)
	if r.Ref != "" && typ != "" {
		base := "${" + r.Ref + ".Arn}"
		if cfnRefIsARN[typ] {
			base = "${" + r.Ref + "}"
		}
		if r.suffix == "" {
			if cfnRefIsARN[typ] {
				return "!Ref " + r.Ref
			}
			return "!GetAtt " + r.Ref + ".Arn"
		}
		return `!Sub "` + base + escapeSub(r.suffix) + `"`
	}
	if r.Ref != "" && r.ARN == "${"+r.Ref+".Arn}" {
		// A resource of a type the model does not hold: what names its ARN depends on it.
		switch r.service {
		case "secretsmanager":
			return "!Ref " + r.Ref // a secret's Ref is its ARN
		case "ssm":
			// A parameter's Ref is its name; a name with a leading slash (/app/db) makes
			// parameter/app/db, one without needs parameter/<name>.
			return `!Sub "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${` + r.Ref + `}"`
		}
		return "!GetAtt " + r.Ref + ".Arn"
	}
	if strings.Contains(r.ARN, "${") {
		return `!Sub "` + strings.Replace(r.ARN, "arn:aws:", "arn:${AWS::Partition}:", 1) + `"`
	}
	return quote(r.ARN)
}

// escapeSub keeps a literal suffix literal inside Fn::Sub (there is no ${ in one).
func escapeSub(s string) string { return strings.ReplaceAll(s, "${", "${!") }

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func yamlList(items []string) string { return "[" + strings.Join(items, ", ") + "]" }

// writeStatementsYAML writes statements as YAML list items at indent.
func writeStatementsYAML(b *strings.Builder, f *Function, sts []Statement, indent string, serverless bool) {
	for _, st := range sts {
		fmt.Fprintf(b, "%s- Effect: Allow\n", indent)
		fmt.Fprintf(b, "%s  Action: %s\n", indent, yamlList(st.Actions))
		fmt.Fprintf(b, "%s  Resource:\n", indent)
		for _, r := range st.Resources {
			v := cfnResource(f, r)
			if serverless && r.Ref == "" && r.ARN != "*" {
				v = quote(serverlessARN(r.ARN))
			}
			fmt.Fprintf(b, "%s    - %s", indent, v)
			if r.ARN == "*" {
				fmt.Fprintf(b, " # %s", r.Reason)
			}
			b.WriteString("\n")
		}
	}
}

// serverlessARN writes an ARN pattern with the framework's variables.
func serverlessARN(arn string) string {
	arn = strings.ReplaceAll(arn, "${AWS::Region}", "${aws:region}")
	return strings.ReplaceAll(arn, "${AWS::AccountId}", "${aws:accountId}")
}

func writeCloudFormation(b *strings.Builder, f *Function) {
	b.WriteString("PolicyDocument:\n  Version: \"2012-10-17\"\n  Statement:\n")
	writeStatementsYAML(b, f, f.Statements, "    ", false)
}

func writeServerless(b *strings.Builder, f *Function) {
	b.WriteString("iam:\n  role:\n    statements:\n")
	writeStatementsYAML(b, f, f.Statements, "      ", true)
}

// samParamValue is how a SAM policy template's parameter names a resource of each type.
func samParamValue(typ, id string) string {
	switch typ {
	case "queue":
		return "!GetAtt " + id + ".QueueName"
	case "topic":
		return "!GetAtt " + id + ".TopicName"
	case "statemachine":
		return "!GetAtt " + id + ".Name"
	}
	return "!Ref " + id
}

func writeSAM(b *strings.Builder, f *Function) {
	b.WriteString("Policies:\n")
	var rest []Statement
	for _, st := range f.Statements {
		for _, r := range st.Resources {
			typ := f.refType(r.Ref)
			one := Statement{Actions: st.Actions, Resources: []Resource{r}}
			if r.Type == "object" && r.suffix != "/*" || r.Type == "index" {
				rest = append(rest, one)
				continue
			}
			if t, param := fittingTemplate(one, r, typ); t != nil {
				fmt.Fprintf(b, "  - %s:\n      %s: %s\n", t.Name, param, samParamValue(typ, r.Ref))
				continue
			}
			rest = append(rest, one)
		}
	}
	if len(rest) > 0 {
		b.WriteString("  - Statement:\n")
		writeStatementsYAML(b, f, mergeStatements(rest), "      ", false)
	}
}

// mergeStatements joins statements with the same actions.
func mergeStatements(sts []Statement) []Statement {
	var out []Statement
	idx := map[string]int{}
	for _, st := range sts {
		k := strings.Join(st.Actions, ",")
		if i, ok := idx[k]; ok {
			out[i].Resources = append(out[i].Resources, st.Resources...)
			continue
		}
		idx[k] = len(out)
		out = append(out, Statement{Actions: st.Actions, Resources: append([]Resource(nil), st.Resources...)})
	}
	return out
}

// --- Terraform ---

var tfName = regexp.MustCompile(`[^A-Za-z0-9_]+`)

func writeTerraform(b *strings.Builder, f *Function) {
	name := strings.Trim(tfName.ReplaceAllString(strings.TrimPrefix(f.ID, "aws_lambda_function."), "_"), "_")
	if name == "" {
		name = "function"
	}
	fmt.Fprintf(b, "data \"aws_iam_policy_document\" %q {\n", name)
	for _, st := range f.Statements {
		b.WriteString("  statement {\n")
		fmt.Fprintf(b, "    actions   = [%s]\n", quoteAll(st.Actions))
		var rs []string
		var why []string
		for _, r := range st.Resources {
			rs = append(rs, tfResource(f, r))
			if r.ARN == "*" {
				why = append(why, r.Reason)
			}
		}
		fmt.Fprintf(b, "    resources = [%s]", strings.Join(rs, ", "))
		if len(why) > 0 {
			fmt.Fprintf(b, " # *: %s", strings.Join(why, "; "))
		}
		b.WriteString("\n  }\n")
	}
	b.WriteString("}\n")
}

func quoteAll(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = quote(s)
	}
	return strings.Join(out, ", ")
}

func tfResource(f *Function, r Resource) string {
	if r.ARN == "*" {
		return `"*"`
	}
	if r.Ref != "" && f.refType(r.Ref) != "" {
		if r.suffix == "" {
			return r.Ref + ".arn"
		}
		return `"${` + r.Ref + `.arn}` + r.suffix + `"`
	}
	if r.Ref != "" && r.ARN == "${"+r.Ref+".Arn}" {
		return r.Ref + ".arn" // a resource of a type the model does not hold (a KMS key)
	}
	arn := strings.ReplaceAll(r.ARN, "${AWS::Region}", "${data.aws_region.current.name}")
	arn = strings.ReplaceAll(arn, "${AWS::AccountId}", "${data.aws_caller_identity.current.account_id}")
	return quote(arn)
}

// refType is the resource type of a project resource the function's statements name.
func (f *Function) refType(id string) string {
	if id == "" || f.project == nil {
		return ""
	}
	return resourceTypeOf(f.project, id)
}

// project and function are kept for rendering (not part of the JSON form).
type renderContext struct {
	project  *model.Project
	function *model.Function
}

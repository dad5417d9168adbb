package cloudformation

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func ids(res loadResult) string {
	var out []string
	if res.project == nil {
		return ""
	}
	for _, f := range res.project.Functions {
		out = append(out, f.ID)
	}
	for _, q := range res.project.Queues {
		out = append(out, q.ID)
	}
	for _, tp := range res.project.Topics {
		out = append(out, tp.ID)
	}
	for _, b := range res.project.Budgets {
		out = append(out, b.ID)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestForEachKnown: loops over a known collection (a list, a CommaDelimitedList
// parameter's default, a nested loop, a property-level loop) expand into the resources
// CloudFormation creates, with ${X}, &{X} and Ref X replaced.
func TestForEachKnown(t *testing.T) {
	variants(t, `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Envs:
    Type: CommaDelimitedList
    Default: "prod, dev-1"
Resources:
  Fn::ForEach::Queues:
    - Name
    - [Orders, Payments]
    - ${Name}Queue:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "${Name}-${AWS::Region}"
          VisibilityTimeout: 60
  Fn::ForEach::PerEnv:
    - Env
    - !Ref Envs
    - Fn::ForEach::PerKind:
        - Kind
        - [Api, Worker]
        - "&{Env}${Kind}":
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Join ["-", [!Ref Env, !Ref Kind]]
              Role: arn:aws:iam::123456789012:role/fn
              Handler: bootstrap
              Runtime: provided.al2023
              Code: {S3Bucket: b, S3Key: k}
              Environment:
                Variables:
                  Fn::ForEach::Vars:
                    - V
                    - [A, B]
                    - VAR_${V}: !Ref Env
`, func(t *testing.T, res loadResult) {
		if len(res.problems) != 0 {
			t.Fatalf("problems: %v", res.problems)
		}
		if got, want := ids(res), "OrdersQueue PaymentsQueue dev1Api dev1Worker prodApi prodWorker"; got != want {
			t.Fatalf("resources = %s, want %s", got, want)
		}
		f := fn(t, res, "dev1Worker")
		if f.Name.Value != "dev-1-Worker" {
			t.Errorf("name = %+v", f.Name)
		}
		if e, ok := f.Env("VAR_B"); !ok || e.Value.Value != "dev-1" {
			t.Errorf("environment = %+v", f.Environment)
		}
		if res.project.ResourcesUnknown {
			t.Error("every resource is known, yet the project says some are not")
		}
		q := res.project.Queues[0]
		if q.VisibilityTimeoutSecs.Value != 60 || !strings.HasPrefix(q.Name.Value, "Orders-") && q.Name.Known() {
			t.Errorf("queue = %+v", q)
		}
	})
}

// TestForEachUnknown: a loop whose collection is not known creates resources that are
// not known either, never an error: they are opaque (a budget among them still counts)
// and the project says that some resources cannot be read. A Resources-level
// Fn::Transform (AWS::Include) is the same.
func TestForEachUnknown(t *testing.T) {
	variants(t, `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
Resources:
  Fn::ForEach::Fns:
    - Name
    - !Ref Names
    - ${Name}Fn:
        Type: AWS::Lambda::Function
        Properties:
          FunctionName: !Ref Name
          Role: arn:aws:iam::123456789012:role/fn
      ${Name}Budget:
        Type: AWS::Budgets::Budget
        Properties:
          Budget: {BudgetType: COST, TimeUnit: MONTHLY}
  Known:
    Type: AWS::SQS::Queue
`, func(t *testing.T, res loadResult) {
		if len(res.problems) != 0 {
			t.Fatalf("problems: %v", res.problems)
		}
		if got, want := ids(res), "${Name}Budget Known"; got != want {
			t.Errorf("resources = %s, want %s (the opaque function is not modeled, the budget counts)", got, want)
		}
		if !res.project.ResourcesUnknown {
			t.Error("the project does not say some resources are unknown")
		}
	})
	res := loadString(t, "template.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: s3://bucket/more-resources.yaml
  Q:
    Type: AWS::SQS::Queue
`)
	if len(res.problems) != 0 || ids(res) != "Q" || !res.project.ResourcesUnknown {
		t.Errorf("include: problems %v, resources %s, unknown %v", res.problems, ids(res), res.project.ResourcesUnknown)
	}
	res = loadString(t, "template.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
	if res.project.ResourcesUnknown {
		t.Error("a plain template says some resources are unknown")
	}
}

// TestForEachHostile: a malformed loop is an SLS000 at its key; loops nested over long
// lists stop at the entry budget, quickly.
func TestForEachHostile(t *testing.T) {
	res := loadString(t, "template.yaml", "Resources:\n  Fn::ForEach::Bad: [X, [a]]\n  Q:\n    Type: AWS::SQS::Queue\n")
	if len(res.problems) != 1 || at(res.problems[0].Range) != "2:3-2:19" || ids(res) != "Q" {
		t.Errorf("malformed loop: problems %v, resources %s", res.problems, ids(res))
	}
	items := `["a"` + strings.Repeat(`,"a"`, 99) + `]`
	body := `{"Q${I0}${I1}${I2}${I3}": {"Type": "AWS::SQS::Queue"}}`
	for i := 3; i >= 0; i-- {
		body = `{"Fn::ForEach::L` + itoa(i) + `": ["I` + itoa(i) + `", ` + items + `, ` + body + `]}`
	}
	src := `{"Resources": ` + body + `}`
	done := make(chan loadResult, 1)
	go func() { done <- loadString(t, "template.json", src) }()
	select {
	case res = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("nested loops did not finish")
	}
	found := 0
	for _, p := range res.problems {
		if strings.Contains(p.Message, "generate more than 10000 entries") {
			found++
		}
	}
	if found != 1 || !res.project.ResourcesUnknown {
		t.Errorf("problems = %v", res.problems)
	}
}

package access

import "testing"

func TestMatch(t *testing.T) {
	table := Concat(Lit("arn:aws:dynamodb:"), Sym("AWS::Region"), Lit(":"), Sym("AWS::AccountId"), Lit(":table/"), Sym("Orders"))
	cases := []struct {
		name        string
		grant, need Pattern
		want        Verdict
	}{
		{"star", Lit("*"), table, Yes},
		{"same symbols", table, table, Yes},
		{"index is not the table", Concat(table, Lit("/index/*")), table, No},
		{"index wildcard covers an index", Concat(table, Lit("/index/*")), Concat(table, Lit("/index/byCustomer")), Yes},
		{"table does not cover its indexes", table, Concat(table, Lit("/index/"), Unknown()), No},
		{"literal region may be the deployment's", Concat(Lit("arn:aws:dynamodb:us-east-1:"), Sym("AWS::AccountId"), Lit(":table/"), Sym("Orders")), table, Maybe},
		{"wildcard region and account", Lit("arn:aws:dynamodb:*:*:table/*"), table, Yes},
		{"other service", Lit("arn:aws:sqs:*:*:*"), table, No},
		{"unknown grant", Unknown(), table, Maybe},
		{"a named table may be the symbol's", Lit("arn:aws:dynamodb:*:*:table/orders"), table, Maybe},
		// Two resources of one project have different names.
		{"another table's symbol", Concat(Lit("arn:aws:dynamodb:*:*:table/"), Sym("Audit")), table, No},
		{"bucket is not its objects", Lit("arn:aws:s3:::uploads"), Concat(Lit("arn:aws:s3:::uploads/"), Unknown()), No},
		{"objects of a bucket", Lit("arn:aws:s3:::uploads/*"), Concat(Lit("arn:aws:s3:::uploads/"), Unknown()), Yes},
		{"a prefix does not cover every key", Lit("arn:aws:s3:::uploads/in/*"), Concat(Lit("arn:aws:s3:::uploads/"), Unknown()), Maybe},
		{"a prefix covers keys under it", Lit("arn:aws:s3:::uploads/in/*"), Concat(Lit("arn:aws:s3:::uploads/in/"), Unknown(), Lit(".jpg")), Yes},
		{"question mark", Lit("arn:aws:secretsmanager:*:*:secret:db-??????"), Lit("arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf"), Yes},
		{"literal mismatch", Lit("arn:aws:s3:::a/*"), Lit("arn:aws:s3:::b/x"), No},
	}
	for _, c := range cases {
		if got := Match(c.grant, c.need); got != c.want {
			t.Errorf("%s: Match(%s, %s) = %s, want %s", c.name, c.grant, c.need, got, c.want)
		}
	}
}

func TestMatchAction(t *testing.T) {
	for _, c := range []struct {
		pattern, action string
		want            bool
	}{
		{"*", "s3:GetObject", true},
		{"s3:*", "s3:GetObject", true},
		{"S3:getobject", "s3:GetObject", true},
		{"s3:Get*", "s3:GetObject", true},
		{"s3:*Object", "s3:PutObject", true},
		{"sqs:SendMessage*", "sqs:SendMessage", true},
		{"s3:Get*", "s3:PutObject", false},
		{"dynamodb:GetItem", "dynamodb:GetItems", false},
	} {
		if got := MatchAction(c.pattern, c.action); got != c.want {
			t.Errorf("MatchAction(%s, %s) = %v", c.pattern, c.action, got)
		}
	}
}

// Matching a grant against a need is the inner loop of evaluating every role against every
// need of every function.
func BenchmarkMatch(b *testing.B) {
	table := Concat(Lit("arn:aws:dynamodb:"), Sym("AWS::Region"), Lit(":"), Sym("AWS::AccountId"), Lit(":table/"), Sym("Orders"), Lit("/index/"), Unknown())
	grants := []Pattern{
		Concat(Lit("arn:aws:dynamodb:"), Sym("AWS::Region"), Lit(":"), Sym("AWS::AccountId"), Lit(":table/"), Sym("Orders"), Lit("/index/*")),
		Lit("arn:aws:s3:::uploads/*"),
		Lit("arn:aws:dynamodb:*:*:table/orders-*"),
		Unknown(),
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, g := range grants {
			Match(g, table)
		}
	}
}

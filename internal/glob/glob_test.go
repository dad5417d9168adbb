package glob

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"legacy/**", "legacy/a/b.yaml", true},
		{"legacy/**", "legacy", true},
		{"legacy", "legacy/a/b.yaml", true},
		{"legacy", "src/legacy/x.tf", true}, // no slash: any depth
		{"legacy/**", "src/legacy/x.tf", false},
		{"**/domain/**", "internal/domain/order", true},
		{"**/domain/**", "domain/order", true},
		{"**/domain/**", "domain", true},
		{"**/domain/**", "internal/domainx/order", false},
		{"*_test.go", "pkg/a_test.go", true},
		{"*_test.go", "pkg/a.go", false},
		{"infra/*.yaml", "infra/app.yaml", true},
		{"infra/*.yaml", "infra/sub/app.yaml", false},
		{"./infra/*.yaml", "infra/app.yaml", true},
		{"github.com/acme/**/model", "github.com/acme/x/y/model", true},
		{"cmd/?", "cmd/a", true},
		{"[a-c]*", "b.tf", true},
	}
	for _, tt := range tests {
		p, err := Compile(tt.pattern)
		if err != nil {
			t.Fatalf("Compile(%q): %v", tt.pattern, err)
		}
		if got := p.Match(tt.name); got != tt.want {
			t.Errorf("%q.Match(%q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
	for _, bad := range []string{"", "a/[b"} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("Compile(%q) succeeded", bad)
		}
	}
}

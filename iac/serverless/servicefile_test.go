package serverless

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// loadAll loads every service file of a tree, as discovery gives them.
func loadAll(t *testing.T, files map[string]string) *model.Model {
	t.Helper()
	dir := writeTree(t, files)
	var srcs []model.Source
	for rel := range files {
		srcs = append(srcs, model.Source{Format: model.Serverless, Abs: filepath.Join(dir, filepath.FromSlash(rel)), Rel: rel})
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Rel < srcs[j].Rel })
	m := &model.Model{}
	Load(context.Background(), m, srcs, Options{Root: dir, CloudFormation: testCloudFormation})
	return m
}

func problemsOf(m *model.Model) string {
	var out []string
	for _, p := range m.Problems {
		out = append(out, fmt.Sprintf("%s:%d:%d [%d] %s", p.File, p.Line, p.Column, p.Level, p.Message))
	}
	return strings.Join(out, "\n")
}

// TestServerlessJSON reads serverless.json as the framework does (JSON.parse: the last of
// a repeated key wins), with positions in the file.
func TestServerlessJSON(t *testing.T) {
	m := loadAll(t, map[string]string{"svc/serverless.json": `{
  "service": "orders",
  "provider": {"name": "aws", "runtime": "provided.al2023", "timeout": 10, "timeout": 20},
  "functions": {
    "api": {"handler": "bootstrap", "timeout": "${self:provider.timeout}", "events": [{"http": {"path": "/", "method": "get"}}]}
  }
}
`})
	if len(m.Problems) != 0 || len(m.Projects) != 1 {
		t.Fatalf("projects %v, problems:\n%s", m.Projects, problemsOf(m))
	}
	p := m.Projects[0]
	if p.Name != "orders" || p.Path != "svc/serverless.json" || len(p.Functions) != 1 {
		t.Fatalf("project = %+v", p)
	}
	to := p.Functions[0].TimeoutSeconds
	if !to.Known() || to.Value != 20 || to.At.File != "svc/serverless.json" || to.At.Line != 5 {
		t.Errorf("timeout = %+v, want 20 from the last provider.timeout, at the function's line 5", to)
	}
	if len(p.Functions[0].Triggers) != 1 {
		t.Errorf("triggers = %v", p.Functions[0].Triggers)
	}

	m = loadAll(t, map[string]string{"serverless.json": "{\"service\": \"s\",\n  \"provider\": {name: \"aws\"}}\n"})
	if got := problemsOf(m); !strings.HasPrefix(got, "serverless.json:2:16 [0] cannot parse JSON:") {
		t.Errorf("a JSON syntax error (accepted by YAML) is reported as %q", got)
	}
}

// TestServiceFilePrecedence: of a directory's service files only the one the framework
// reads is loaded; a service configured by a program is said once, as a note.
func TestServiceFilePrecedence(t *testing.T) {
	m := loadAll(t, map[string]string{
		"a/serverless.yml":  "service: from-yml\nprovider:\n  name: aws\n",
		"a/serverless.json": `{"service": "from-json", "provider": {"name": "aws"}}`,
		"a/serverless.ts":   "export default {}\n",
		"b/serverless.json": `{"service": "from-json", "provider": {"name": "aws"}}`,
		"b/serverless.ts":   "export default {}\n",
		"c/serverless.ts":   "export default {}\n",
		"c/serverless.js":   "module.exports = {}\n",
		"d/serverless.mjs":  "export default {}\n",
	})
	var names []string
	for _, p := range m.Projects {
		names = append(names, p.Path+"="+p.Name)
	}
	if got := strings.Join(names, ","); got != "a/serverless.yml=from-yml,b/serverless.json=from-json" {
		t.Errorf("projects = %s", got)
	}
	want := "c/serverless.js:1:1 [2] the service is configured by a program (serverless.js), which only the Serverless Framework can run; slslint never runs repository code, so this service is not analyzed\n" +
		"d/serverless.mjs:1:1 [2] the service is configured by a program (serverless.mjs), which only the Serverless Framework can run; slslint never runs repository code, so this service is not analyzed"
	if got := problemsOf(m); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestServiceFileDocuments: a second YAML document in a service file is an SLS000 at its
// marker, the first still read; an empty trailing document is not reported.
func TestServiceFileDocuments(t *testing.T) {
	m := loadAll(t, map[string]string{"serverless.yml": "service: s\nprovider:\n  name: aws\n---\nservice: t\n"})
	if len(m.Projects) != 1 || m.Projects[0].Name != "s" {
		t.Errorf("projects = %v", m.Projects)
	}
	want := "serverless.yml:4:1 [0] a second YAML document starts here: the Serverless Framework reads one document and rejects this file; only the first document was analyzed"
	if got := problemsOf(m); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if m := loadAll(t, map[string]string{"serverless.yml": "service: s\nprovider:\n  name: aws\n---\n"}); len(m.Problems) != 0 {
		t.Errorf("an empty trailing document: %s", problemsOf(m))
	}
}

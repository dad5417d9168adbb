package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// outsideSecret is the content of the files outside the repository: no part of it may
// reach the model.
const outsideSecret = "OUTSIDE-SECRET-4f1d"

// repoWithLinks makes a repository beside a directory outside it, and links from the
// repository into that directory.
func repoWithLinks(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	repo, outside := filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for rel, content := range map[string]string{
		"secret.txt":     outsideSecret,
		"shared/main.tf": "resource \"aws_lambda_function\" \"leak\" {\n  function_name = \"" + outsideSecret + "\"\n  role = \"r\"\n}\n",
	} {
		p := filepath.Join(outside, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(repo, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "inside", "policy.txt"), []byte("inside-value"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"d":           "../outside",        // a directory on the way out
		"shared":      "../outside/shared", // a module source out
		"ok":          "inside",            // a directory link inside: fine
		"modules/cur": "../inside-module",  // a module source link inside: fine
	} {
		p := filepath.Join(repo, filepath.FromSlash(link))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symbolic links unavailable: %v", err)
		}
	}
	mod := filepath.Join(repo, "inside-module")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "main.tf"), []byte("resource \"aws_sqs_queue\" \"q\" {\n  name = \"linked-inside\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return repo
}

func envValue(t *testing.T, f *model.Function, name string) model.Attr[string] {
	t.Helper()
	e, ok := f.Env(name)
	if !ok {
		t.Fatalf("%s has no variable %s", f.ID, name)
	}
	return e.Value
}

// TestRefusedPaths: a file() argument or a module source that leads out of the repository
// through a link is not read; the call or source is an SLS000 warning that quotes the path
// as written and nothing of the target. The same references inside the repository, links
// included, are read.
func TestRefusedPaths(t *testing.T) {
	repo := repoWithLinks(t)
	m := loadDir(t, repo, map[string]string{"main.tf": `
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "r"
  environment {
    variables = {
      OUT    = file("d/secret.txt")
      IN     = file("ok/policy.txt")
      EXISTS = fileexists("d/secret.txt") ? "yes" : "no"
    }
  }
}

module "out" {
  source = "./shared"
}

module "cur" {
  source = "./modules/cur"
}
`})
	p := onlyProject(t, m)
	fn := fnOf(t, p, "aws_lambda_function.fn")
	if v := envValue(t, fn, "OUT"); v.Known() {
		t.Errorf("OUT = %q, want unknown", v.Value)
	}
	if v := envValue(t, fn, "IN"); !v.Known() || v.Value != "inside-value" {
		t.Errorf("IN = %s, want the file inside the repository read through its link", show(v))
	}
	if v := envValue(t, fn, "EXISTS"); v.Known() {
		t.Errorf("fileexists through a link out of the repository = %q, want unknown", v.Value)
	}
	for _, f := range p.Functions {
		if strings.Contains(f.ID, "leak") {
			t.Errorf("the module behind a link out of the repository was read: %s", f.ID)
		}
	}
	if len(p.Queues) != 1 || p.Queues[0].ID != "module.cur.aws_sqs_queue.q" {
		t.Errorf("queues = %v, want the module behind a link inside the repository", p.Queues)
	}
	want := map[string]string{
		"main.tf:7:16":  `file: the path "d/secret.txt" resolves outside the repository; it is not read and the value is unknown`,
		"main.tf:15:12": `module source "./shared" resolves outside the repository through a symbolic link; the module is not read`,
	}
	got := map[string]string{}
	for _, pr := range m.Problems {
		got[pos(pr.Range)] = pr.Message
		if pr.Level != model.ProblemWarning {
			t.Errorf("%s: level %d, want a warning", pos(pr.Range), pr.Level)
		}
		if strings.Contains(pr.Message, outsideSecret) || strings.Contains(pr.Message, filepath.Dir(repo)) {
			t.Errorf("%s: the message quotes the target: %s", pos(pr.Range), pr.Message)
		}
	}
	for at, msg := range want {
		if got[at] != msg {
			t.Errorf("problem at %s = %q, want %q (all: %v)", at, got[at], msg, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
	for _, f := range p.Files {
		if strings.HasPrefix(f, "d/") || strings.HasPrefix(f, "shared/") {
			t.Errorf("project files include %s, read through a link out of the repository", f)
		}
	}
}

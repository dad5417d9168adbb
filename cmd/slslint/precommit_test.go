package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The pre-commit hook (language: golang) installs the repository with go install ./...:
// that must build slslint and nothing else, and the hook must run it.
func TestPreCommitHookInstallsOnlySlslint(t *testing.T) {
	root := filepath.Join("..", "..")
	cmd := exec.Command("go", "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "github.com/slslint/slslint/cmd/slslint" {
		t.Errorf("go install ./... would install:\n%s\nwant only github.com/slslint/slslint/cmd/slslint", got)
	}
	src, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language string
		PassFilenames       *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(src, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "slslint" || hooks[0].Entry != "slslint" || hooks[0].Language != "golang" ||
		hooks[0].PassFilenames == nil || *hooks[0].PassFilenames {
		t.Errorf("hooks: %+v", hooks)
	}
}

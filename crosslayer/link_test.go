package crosslayer

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/slslint/slslint/iac/model"
)

// repo writes files into a temporary repository; a path ending in /main.go gets a main
// package, one ending in /lib.go a library.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if content == "" {
			switch filepath.Base(name) {
			case "main.go":
				content = "package main\n\nfunc main() {}\n"
			case "lib.go":
				content = "package lib\n"
			}
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

var mainPackages = map[string]string{
	"go.mod":             "module example.com/app\n\ngo 1.26\n",
	"cmd/api/main.go":    "",
	"cmd/worker/main.go": "",
	"cmd/report/main.go": "",
	"internal/x/lib.go":  "",
}

func withFiles(extra map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range mainPackages {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// builds lists what the build files of dir say: "output <- package" lines.
func builds(t *testing.T, root string, dirs ...string) string {
	t.Helper()
	l := newLinker(root, nil)
	var lines []string
	for _, bf := range l.buildFiles(dirs) {
		for _, b := range bf.scan.builds {
			lines = append(lines, b.output+" <- "+b.pkg)
		}
		for _, p := range bf.scan.packs {
			lines = append(lines, p.output+" << "+strings.Join(p.inputs, " "))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestBuildFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		dirs  []string
		want  string
	}{{
		name: "Makefile variables and flags",
		files: map[string]string{"Makefile": "GOFLAGS := -trimpath -tags lambda.norpc\nexport GOOS := linux\n\n" +
			"bin/api/bootstrap:\n\tgo build $(GOFLAGS) -ldflags '-s -w' -o bin/api/bootstrap ./cmd/api\n"},
		want: "bin/api/bootstrap <- cmd/api",
	}, {
		name: "automatic variables, recursive variables and unknown flags",
		files: map[string]string{"Makefile": "OUT = bin/$(NAME)\nNAME = worker\n\n$(OUT): cmd/worker/main.go\n" +
			"\t@CGO_ENABLED=0 go build $(EXTRA_FLAGS) -o $@ ./$(<D)\n"},
		want: "bin/worker <- cmd/worker",
	}, {
		name:  "a package that is not known builds nothing",
		files: map[string]string{"Makefile": "bin/x:\n\tgo build -o bin/x $(PKG)\n"},
		want:  "",
	}, {
		name: "for loop in a recipe, cd, zip",
		files: map[string]string{"Makefile": "FUNCS := api worker\nbuild:\n" +
			"\tfor f in $(FUNCS); do \\\n\t\tgo build -o build/$$f/bootstrap ./cmd/$$f; \\\n\tdone\n" +
			"\tcd build/api && zip -q ../api.zip bootstrap\n"},
		want: "build/api.zip << build/api/bootstrap\nbuild/api/bootstrap <- cmd/api\nbuild/worker/bootstrap <- cmd/worker",
	}, {
		name:  "an output directory and a package pattern",
		files: map[string]string{"Makefile": "dist:\n\tgo build -o dist/ ./cmd/...\n"},
		want:  "dist/api <- cmd/api\ndist/report <- cmd/report\ndist/worker <- cmd/worker",
	}, {
		name:  "import paths of the module, and go build -C",
		files: map[string]string{"Makefile": "all:\n\tgo build -o bin/api example.com/app/cmd/api\n\tgo build -C cmd/worker -o ../../bin/worker\n\tgo build -o bin/ext github.com/other/tool\n"},
		want:  "bin/api <- cmd/api\nbin/worker <- cmd/worker",
	}, {
		name:  "libraries make no binary",
		files: map[string]string{"Makefile": "all:\n\tgo build -o bin/x ./internal/x\n"},
		want:  "",
	}, {
		name: "a script run from the repository root",
		files: map[string]string{"scripts/build.sh": "#!/bin/sh\nset -eu\ncd \"$(dirname \"$0\")/..\"\nOUT=build\n" +
			"for fn in api worker; do\n  GOOS=linux go build -o \"${OUT}/$fn/bootstrap\" \"./cmd/$fn\"\ndone\n" +
			"build-lambda-zip -o build/api.zip build/api/bootstrap\n"},
		dirs: []string{"."},
		want: "build/api.zip << build/api/bootstrap\nbuild/api/bootstrap <- cmd/api\nbuild/worker/bootstrap <- cmd/worker",
	}, {
		name:  "package.json scripts",
		files: map[string]string{"package.json": `{"scripts": {"build": "env GOOS=linux go build -o bin/api ./cmd/api && cp bin/api bootstrap"}}`},
		want:  "bin/api <- cmd/api\nbootstrap << bin/api",
	}, {
		name:  "commented-out commands and define blocks",
		files: map[string]string{"Makefile": "# go build -o bin/a ./cmd/api\ndefine X\n\tgo build -o bin/b ./cmd/api\nendef\nall:\n\t# go build -o bin/c ./cmd/api\n"},
		want:  "",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := repo(t, withFiles(tt.files))
			dirs := tt.dirs
			if dirs == nil {
				dirs = []string{"."}
			}
			if got := builds(t, root, dirs...); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestPatternRules(t *testing.T) {
	root := repo(t, withFiles(map[string]string{
		"Makefile": "BINS := $(addprefix bin/,api worker)\n" +
			"$(BINS): bin/%: cmd/%/main.go\n\tgo build -o $@ ./cmd/$*\n" +
			"build/%/bootstrap: ; go build -o $@ ./$(patsubst build/%/bootstrap,cmd/%,$@)\n",
	}))
	l := newLinker(root, nil)
	for target, want := range map[string]string{
		"bin/api":                "cmd/api",    // static pattern rule
		"build/report/bootstrap": "cmd/report", // pattern rule, patsubst
		"bin/report":             "",           // not among the static rule's targets
		"build/nothing/boot":     "",           // no rule
		"build/none/bootstrap":   "",           // the package does not exist
	} {
		dirs, _, _ := l.built(target, []string{"."})
		if got := strings.Join(dirs, " "); got != want {
			t.Errorf("%s: built from %q, want %q", target, got, want)
		}
	}
}

func fn(id string, code model.Code, handler string) *model.Function {
	at := model.Range{File: "template.yaml", Line: 1, Column: 1}
	f := &model.Function{Resource: model.Resource{ID: id, At: at}, Code: code}
	f.Handler = model.Set(handler, at)
	if code.Dir.At.IsZero() {
		f.Code.Dir = model.Missing[string](at)
	}
	if code.File.At.IsZero() {
		f.Code.File = model.Missing[string](at)
	}
	if code.BuildMethod.At.IsZero() {
		f.Code.BuildMethod = model.Missing[string](at)
	}
	return f
}

func dir(p string) model.Code {
	return model.Code{Dir: model.Set(p, model.Range{File: "template.yaml", Line: 2})}
}

func file(p string) model.Code {
	return model.Code{File: model.Set(p, model.Range{File: "template.yaml", Line: 2})}
}

func TestLink(t *testing.T) {
	files := withFiles(map[string]string{
		"Makefile": "bin/%/bootstrap:\n\tgo build -o $@ ./cmd/$*\n" +
			"bin/worker.zip: bin/worker/bootstrap\n\tzip -j $@ $<\n" +
			"dist:\n\tgo build -o dist/ ./cmd/...\n" +
			"twice:\n\tgo build -o out/bootstrap ./cmd/api\n\tgo build -o out/bootstrap ./cmd/worker\n",
		"sam/Makefile": "build-Fn:\n\tgo build -o $(ARTIFACTS_DIR)/bootstrap ../cmd/api\n",
		// Two steps: the target copies what its prerequisite built; a tool built on the
		// way is not the function.
		"sam2/Makefile": "build-Chain: tools bootstrap\n\tcp bootstrap $(ARTIFACTS_DIR)/\n" +
			"bootstrap:\n\tGOOS=linux go build -o $@ ../cmd/api\n" +
			"tools:\n\tgo build -o bin/report ../cmd/report\n",
		// Make's automatic variables in a two-step chain: the archive packs the binary.
		"zipchain/Makefile":        "handler.zip: bootstrap\n\tzip $@ $<\nbootstrap: ../cmd/api/main.go\n\tgo build -o $@ ./$(<D)\n",
		"functions/orders/main.go": "",
		"lambdas/worker/main.go":   "", // a second "worker": name matching is ambiguous
		"src/main.go":              "",
		"src/handler.go":           "package main\n",
	})
	root := repo(t, files)
	samMake := dir("sam")
	samMake.BuildMethod = model.Set("makefile", model.Range{File: "template.yaml", Line: 3})
	samChain := dir("sam2")
	samChain.BuildMethod = model.Set("makefile", model.Range{File: "template.yaml", Line: 3})
	goBuilder := dir("cmd")
	goBuilder.BuildMethod = model.Set("go1.x", model.Range{File: "template.yaml", Line: 3})
	unknown := model.Code{File: model.Unresolved[string](model.Range{File: "template.yaml", Line: 2})}
	tests := []struct {
		f    *model.Function
		want string
	}{
		{fn("Api", dir("cmd/api"), "bootstrap"), "cmd/api via directory cmd/api"},
		{fn("Sub", goBuilder, "report"), "cmd/report via directory cmd/report"}, // SAM builds CodeUri/Handler
		{fn("Fn", samMake, "bootstrap"), "cmd/api via target build-Fn of sam/Makefile (sam/Makefile:2)"},
		{fn("Chain", samChain, "bootstrap"), "cmd/api via target build-Chain of sam2/Makefile (sam2/Makefile:4)"},
		{fn("ZipChain", file("zipchain/handler.zip"), "bootstrap"), "cmd/api via zipchain/handler.zip ← zipchain/bootstrap, built by zipchain/Makefile:4"},
		{fn("Prebuilt", dir("bin/api"), "bootstrap"), "cmd/api via bin/api/bootstrap, built by Makefile:2"},
		{fn("Zip", file("bin/worker.zip"), "bootstrap"), "cmd/worker via bin/worker.zip ← bin/worker/bootstrap, built by Makefile:2"},
		{fn("Source", file("src/main.go"), "bootstrap"), "src via file src/main.go"},
		{fn("Dist", dir("dist"), "bootstrap"), "none: binaries of cmd/api and cmd/report and cmd/worker are written into dist"},
		{fn("Twice", file("out/bootstrap"), "bootstrap"), "none: out/bootstrap is built from cmd/api and cmd/worker"},
		{fn("Orders", unknown, "bootstrap"), "functions/orders inferred via name: functions/orders"},
		{fn("ReportFunction", model.Code{}, "bootstrap"), "cmd/report inferred via name: cmd/report"},
		{fn("ReportFunction5E8B1D2A", model.Code{}, "bootstrap"), "cmd/report inferred via name: cmd/report"}, // a CDK logical ID
		{fn("WorkerFunction", model.Code{}, "bootstrap"), "none: the template names no code location"},        // cmd/worker and lambdas/worker
		{fn("Missing", file("build/missing.zip"), "bootstrap"), "none: no build file found that writes build/missing.zip"},
		{fn("Library", dir("internal/x"), "bootstrap"), "none: no main package in internal/x and no build file writes a binary there"},
	}
	p := &model.Project{Format: model.CloudFormation, Path: "template.yaml"}
	for _, tt := range tests {
		p.Functions = append(p.Functions, tt.f)
	}
	ls := LinkFunctions(&model.Model{Projects: []*model.Project{p}}, root, []*Program{{Dir: "cmd/api"}})
	for i, tt := range tests {
		lk := ls[i]
		got := "none: " + lk.Reason
		if lk.Dir != "" {
			got = lk.Dir
			if lk.Inferred {
				got += " inferred"
			}
			got += " via " + lk.Via
		}
		if got != tt.want {
			t.Errorf("%s: %s\nwant %s", tt.f.ID, got, tt.want)
		}
		if analyzed := lk.Program != nil; analyzed != (lk.Dir == "cmd/api") {
			t.Errorf("%s: analyzed = %v", tt.f.ID, analyzed)
		}
		if lk.Dir != "" && lk.Dir != "cmd/api" && !strings.Contains(lk.Reason, "was not analyzed") {
			t.Errorf("%s: reason %q does not say the package was not analyzed", tt.f.ID, lk.Reason)
		}
	}
}

// TestHostileBuildFiles: build files are read as text; odd input must not hang or crash.
func TestHostileBuildFiles(t *testing.T) {
	var loop strings.Builder
	for range 200 {
		loop.WriteString("for a in 1 2 3 4 5 6 7 8; do for b in 1 2 3 4 5 6 7 8; do go build -o x ./cmd/api; done; done\n")
	}
	root := repo(t, withFiles(map[string]string{
		"Makefile":     "A = $(A) $(A)\nB = $(B\nall: $(A)\n\tgo build -o $(A) ./cmd/api\n\t\"unterminated\n\t$(foreach x,$(A),$(x))\n",
		"build.sh":     loop.String() + "echo \"unterminated\n$(cd\n`",
		"package.json": `{"scripts": 42}`,
	}))
	_ = builds(t, root, ".")
}

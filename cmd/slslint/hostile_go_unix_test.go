//go:build unix

package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// The Go half of the hostile-input suite (issue 11): Go inputs the go command must not be
// given, code that is not the repository's own, and Go that builds only with a C compiler
// or a build tag. Each case is a module whose deprecated-SDK import (SLS603, through a local
// stub: no network) must be reported once, beside the hostile input, by the real binary.

const sdkStub = `// Package session is a stub of the AWS SDK for Go v1's session package.
package session

// Session is a stub.
type Session struct{}

// NewSession is a stub.
func NewSession() (*Session, error) { return &Session{}, nil }
`

// goModule is a module whose main package imports the SDK stub (SLS603 at main.go:6).
func goModule(extra map[string]string) map[string]string {
	files := map[string]string{
		"app/go.mod": "module example.com/app\n\ngo 1.26.0\n\nrequire github.com/aws/aws-sdk-go v1.55.0\n\n" +
			"replace github.com/aws/aws-sdk-go => ./third_party/aws-sdk-go\n",
		"app/third_party/aws-sdk-go/go.mod":                 "module github.com/aws/aws-sdk-go\n\ngo 1.26.0\n",
		"app/third_party/aws-sdk-go/aws/session/session.go": sdkStub,
		"app/main.go": sdkUser("main"),
	}
	for k, v := range extra {
		files[k] = v
	}
	return files
}

// sdkUser is a file of package pkg that imports the SDK stub at line 6.
func sdkUser(pkg string) string {
	return "package " + pkg + "\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/aws/aws-sdk-go/aws/session\"\n)\n\n" +
		"func use() {\n\ts, err := session.NewSession()\n\tfmt.Println(s, err)\n}\n"
}

func TestHostileGoInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it on every case")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "slslint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Setenv("GOPROXY", "off")
	appFinding := want{"SLS603", "app/main.go:6", "github.com/aws/aws-sdk-go/aws/session"}
	for _, tc := range []hostileCase{
		{
			name:  "a named pipe among a package's .go files",
			files: goModule(map[string]string{"app/piped/ok.go": "package piped\n"}),
			fifos: []string{"app/piped/pipe.go"},
			want: []want{
				{"SLS000", "app/piped/pipe.go:1", "pipe.go is not a regular file (a named pipe)"},
				appFinding,
			},
		},
		{
			name:    "a .go file that links outside the repository",
			files:   goModule(map[string]string{"app/linked/ok.go": "package linked\n"}),
			outside: map[string]string{"leak.go": "package " + outsideMarker + "\n"},
			links:   map[string]string{"app/linked/leak.go": "../../../outside/leak.go"},
			want: []want{
				{"SLS000", "app/linked/leak.go:1", "leak.go is a symbolic link to a file outside the repository"},
				appFinding,
			},
		},
		{
			name:   "copies of the sources in cdk.out are not analyzed again",
			files:  goModule(map[string]string{"app/cdk.out/asset.1234/main.go": sdkUser("main"), "app/cdk.out/asset.1234/go.mod": "module asset\n"}),
			want:   []want{appFinding},
			absent: []string{"SLS603 app/cdk.out", "SLS004 app/cdk.out", "SLS000 app/cdk.out"},
		},
		{
			name: "a vendored module, offline",
			files: map[string]string{
				"app/go.mod":             "module example.com/app\n\ngo 1.26.0\n\nrequire github.com/aws/aws-sdk-go v1.55.0\n",
				"app/vendor/modules.txt": "# github.com/aws/aws-sdk-go v1.55.0\n## explicit\ngithub.com/aws/aws-sdk-go/aws/session\n",
				"app/vendor/github.com/aws/aws-sdk-go/aws/session/session.go": sdkStub,
				"app/main.go": sdkUser("main"),
			},
			args:   []string{"--offline"},
			want:   []want{appFinding},
			absent: []string{"SLS004", "SLS000"},
		},
		{
			name: "a cgo file is a note, and its names are no type errors elsewhere",
			files: goModule(map[string]string{
				"app/cg/c.go":   "package cg\n\n/*\nint twice(int x) { return 2 * x; }\n*/\nimport \"C\"\n\n// Twice doubles x.\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n",
				"app/cg/use.go": sdkUser("cg") + "\nfunc four() int { return Twice(2) }\n",
			}),
			want: []want{
				{"SLS004", "app/cg/c.go:1", "cgo file c.go"},
				{"SLS603", "app/cg/use.go:6", "aws/session"},
				appFinding,
			},
			absent: []string{"SLS000"},
		},
		{
			name:  "a handler behind a build tag, with --tags",
			files: goModule(map[string]string{"app/tagged/main.go": "//go:build lambda\n\n" + sdkUser("main")}),
			args:  []string{"--tags", "lambda"},
			want:  []want{{"SLS603", "app/tagged/main.go:8", "aws/session"}, appFinding},
		},
		{
			name:  "a handler behind a build tag, without",
			files: goModule(map[string]string{"app/tagged/main.go": "//go:build lambda\n\n" + sdkUser("main")}),
			want:  []want{{"SLS004", "app/tagged/main.go:1", "--tags lambda"}, appFinding},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { runHostileCase(t, bin, tc) })
	}
}

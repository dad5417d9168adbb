// Command gowrapper stands in for the go command in tests: it runs the real one
// ($SLSLINT_REAL_GO) and, in go list's JSON output, points the export data of packages at
// other files, as corrupt or missing build cache entries would: $SLSLINT_BREAK_EXPORT is a
// comma-separated list of importpath=file. When $SLSLINT_GO_LOG names a file, it appends a
// line per invocation to it: the GOWORK it ran with, a tab, its arguments.
package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
)

func main() {
	if name := os.Getenv("SLSLINT_GO_LOG"); name != "" {
		if f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			_, _ = f.WriteString(os.Getenv("GOWORK") + "\t" + strings.Join(os.Args[1:], " ") + "\n")
			_ = f.Close()
		}
	}
	cmd := exec.Command(os.Getenv("SLSLINT_REAL_GO"), os.Args[1:]...)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	if len(os.Args) > 1 && os.Args[1] == "list" && slices.ContainsFunc(os.Args, func(a string) bool { return len(a) >= 5 && a[:5] == "-json" }) {
		dec := json.NewDecoder(&out)
		enc := json.NewEncoder(os.Stdout)
		for {
			var pkg map[string]any
			if dec.Decode(&pkg) != nil {
				break
			}
			for _, pair := range strings.Split(os.Getenv("SLSLINT_BREAK_EXPORT"), ",") {
				if path, file, ok := strings.Cut(pair, "="); ok && pkg["ImportPath"] == path {
					pkg["Export"] = file
				}
			}
			_ = enc.Encode(pkg)
		}
	} else {
		_, _ = io.Copy(os.Stdout, &out)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		os.Exit(ee.ExitCode())
	}
	if err != nil {
		os.Exit(1)
	}
}

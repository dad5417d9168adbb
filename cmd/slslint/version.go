package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slslint/slslint/internal/version"
)

func newVersionCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print slslint's version: module version, VCS revision and date, Go version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := io.WriteString(stdout, versionText())
			return err
		},
	}
}

// versionText is what `slslint version` and `slslint --version` print:
//
//	slslint v0.1.0
//	module    github.com/slslint/slslint v0.1.0
//	revision  0123456789ab… 2026-01-02T03:04:05Z (modified)
//	go        go1.26.0 linux/amd64
func versionText() string {
	i := version.Read()
	var b strings.Builder
	fmt.Fprintf(&b, "slslint %s\n", i)
	module := "(built from a checkout)"
	if i.Module != "" {
		module = i.Module
	}
	fmt.Fprintf(&b, "module    %s %s\n", version.ModulePath, module)
	rev := "unknown (no VCS information in the build)"
	if i.Revision != "" {
		rev = i.Revision
		if i.Time != "" {
			rev += " " + i.Time
		}
		if i.Modified {
			rev += " (modified)"
		}
	}
	fmt.Fprintf(&b, "revision  %s\n", rev)
	fmt.Fprintf(&b, "go        %s\n", i.GoVersion)
	return b.String()
}

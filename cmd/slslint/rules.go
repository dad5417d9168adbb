package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/slslint/slslint/internal/version"
	"github.com/slslint/slslint/rules"
)

func newRulesCommand(stdout io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule: ID, name, default level, layer and tags",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text":
				return rulesTable(stdout)
			case "json":
				return rulesJSON(stdout)
			}
			return fmt.Errorf("--format: want text or json, got %q", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "`format`: text or json")
	return cmd
}

func rulesTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLEVEL\tLAYER\tTAGS")
	for _, r := range rules.All() {
		var tags []string
		for _, t := range r.Tags {
			tags = append(tags, string(t))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Level, r.Layer, strings.Join(tags, ","))
	}
	return tw.Flush()
}

type ruleJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Title            string   `json:"title"`
	Level            string   `json:"level"`
	Layer            string   `json:"layer"`
	Precision        string   `json:"precision"`
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"securitySeverity,omitempty"`
	HelpURI          string   `json:"helpUri"`
}

func rulesJSON(w io.Writer) error {
	out := []ruleJSON{}
	for _, r := range rules.All() {
		j := ruleJSON{ID: r.ID, Name: r.Name, Title: r.Title, Level: string(r.Level), Layer: string(r.Layer),
			Precision: string(r.Precision), Tags: []string{}, SecuritySeverity: r.SecuritySeverity, HelpURI: r.HelpURIAt(version.Read().DocsRef())}
		for _, t := range r.Tags {
			j.Tags = append(j.Tags, string(t))
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func newExplainCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:     "explain [RULE]",
		Short:   "Show a rule's documentation: what it finds, why it matters, examples, how to suppress it",
		Example: "  slslint explain SLS101\n  slslint explain nondeterministic-write-key",
		Args:    cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var ids []cobra.Completion
			for _, r := range rules.All() {
				ids = append(ids, cobra.CompletionWithDesc(r.ID, r.Name))
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				// Without a rule, the list to pick one from.
				if err := rulesTable(stdout); err != nil {
					return err
				}
				fmt.Fprintln(stdout, "\nRun `slslint explain RULE` (an ID or a name) for a rule's documentation.")
				return nil
			}
			r, ok := rules.Lookup(args[0])
			if !ok {
				return fmt.Errorf("unknown rule %q; run `slslint rules` for the list", args[0])
			}
			fmt.Fprintf(stdout, "%s %s: %s\n\nLevel: %s. Layer: %s. Precision: %s. Tags: %s.\n",
				r.ID, r.Name, r.Title, r.Level, r.Layer, r.Precision, tagList(r))
			if r.SecuritySeverity != "" {
				fmt.Fprintf(stdout, "Security severity: %s.\n", r.SecuritySeverity)
			}
			fmt.Fprintf(stdout, "Documentation: %s\n\n%s\n", r.HelpURIAt(version.Read().DocsRef()), r.Help())
			return nil
		},
	}
}

func tagList(r *rules.Rule) string {
	var tags []string
	for _, t := range r.Tags {
		tags = append(tags, string(t))
	}
	return strings.Join(tags, ", ")
}

package main

import (
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// formatFlags are the --format and --json flags of a command: what the
// command reports and how.
type formatFlags struct {
	value   string
	json    bool
	allowed []string
}

func addFormatFlags(cmd *cobra.Command, allowed ...string) *formatFlags {
	f := &formatFlags{allowed: allowed}
	cmd.Flags().StringVar(&f.value, "format", "text", "output format: "+strings.Join(allowed, ", "))
	cmd.Flags().BoolVar(&f.json, "json", false, "shorthand for --format json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(allowed, cobra.ShellCompDirectiveNoFileComp))
	return f
}

// get returns the chosen format.
func (f *formatFlags) get(cmd *cobra.Command) (string, error) {
	if f.json {
		if cmd.Flags().Changed("format") && f.value != "json" {
			return "", usageError("--json conflicts with --format %s", f.value)
		}
		return "json", nil
	}
	if !slices.Contains(f.allowed, f.value) {
		return "", usageError("--format %q: want one of %s", f.value, strings.Join(f.allowed, ", "))
	}
	return f.value, nil
}

// writeJSON writes v as indented JSON followed by a line break.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

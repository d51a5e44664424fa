package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/kql"
)

type fmtOptions struct {
	write  bool
	check  bool
	diff   bool
	quiet  bool
	format *formatFlags
}

func (a *app) fmtCommand() *cobra.Command {
	var o fmtOptions
	cmd := &cobra.Command{
		Use:   "fmt [-w | --check | --diff] PATH...",
		Short: "Format KQL: .kql/.csl files and the query: of rule YAML",
		Long: `Fmt lays out KQL in kqlt's canonical style: one pipe operator per line, nested
pipelines indented, long argument lists one per line, single spaces elsewhere.
Only whitespace changes; comments stay.

PATH is a file, a directory walked recursively for .kql, .csl, .yaml and .yml
files, or - for KQL on standard input. A .kql or .csl file may hold several
queries separated by blank lines (the Kusto Explorer convention): each is
formatted on its own and the blank lines between them stay. In rule YAML only the
query: value changes, in the style it is written in; everything else in the file
stays byte for byte. YAML files that are not rules are left alone.

By default fmt prints the formatted files to standard output. -w rewrites the
files that change (atomically) and lists them; --check lists the files that
would change and exits 1 if there are any; --diff prints what would change as
unified diffs. A file whose KQL does not parse is reported with the error and
left as it is.

Exit codes: 0 success; 1 some file does not parse, or --check found files to
format; 2 usage error, or nothing could be read.`,
		Example: `  # Format every query of a rule repository in place
  kqlt fmt -w Detections "Hunting Queries"

  # CI: fail when something is not formatted, and show what
  kqlt fmt --check --diff queries/

  # Format a query from the clipboard
  pbpaste | kqlt fmt -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.fmt(cmd, &o, args)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.write, "write", "w", false, "rewrite the files that are not formatted")
	f.BoolVar(&o.check, "check", false, "list the files that are not formatted; exit 1 if there are any")
	f.BoolVarP(&o.diff, "diff", "d", false, "print unified diffs of the changes")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "with -w or --check, do not list the files")
	// -v (the persistent --verbose) also lists the files already formatted.
	o.format = addFormatFlags(cmd, "text", "json")
	return cmd
}

// fmtFile is one file fmt handled.
type fmtFile struct {
	input
	stdin bool
	old   []byte
	new   []byte // the formatted content; nil when it cannot be formatted
	errs  []error
}

func (f *fmtFile) changed() bool { return f.new != nil && !bytes.Equal(f.old, f.new) }

func (a *app) fmt(cmd *cobra.Command, o *fmtOptions, paths []string) error {
	format, err := o.format.get(cmd)
	if err != nil {
		return err
	}
	if o.write && o.check {
		return usageError("-w and --check cannot go together")
	}
	var files []*fmtFile
	var rest []string
	for _, p := range paths {
		if p == "-" {
			if o.write {
				return usageError("-w cannot write standard input")
			}
			data, err := a.readStdinText()
			if err != nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("standard input: %w", err)}
			}
			files = append(files, &fmtFile{input: input{path: "<stdin>"}, stdin: true, old: data})
			continue
		}
		rest = append(rest, p)
	}
	for _, in := range (&walker{match: func(n string) bool { return isKQL(n) || isYAML(n) }}).walk(rest) {
		files = append(files, &fmtFile{input: in})
	}
	parallel(len(files), func(i int) {
		f := files[i]
		if f.err != nil {
			return
		}
		if !f.stdin {
			if f.old, f.err = readInput(f.path); f.err != nil {
				return
			}
		}
		if isYAML(f.path) {
			f.new, f.errs = formatRuleFile(f.path, f.old)
		} else {
			f.new, f.errs = formatKQLFile(f.old)
		}
	})

	read, bad, changed := 0, 0, 0
	var out bytes.Buffer // stdout, written once the files are done
	pal := a.colors(a.stdout)
	for _, f := range files {
		if f.err != nil {
			a.errorf("%s", errorText(f.path, f.err))
			continue
		}
		read++
		if len(f.errs) > 0 {
			bad++
			for _, err := range f.errs {
				a.printSyntaxError(f.path, err)
			}
			continue
		}
		if f.changed() {
			changed++
		}
		switch {
		case o.write:
			if f.changed() {
				if err := writeFileAtomic(f.path, f.new); err != nil {
					a.errorf("%s: %v", displayPath(f.path), describeFSError(f.path, err))
					bad++
					continue
				}
				if !o.quiet && format == "text" {
					fmt.Fprintln(&out, displayPath(f.path))
				}
			}
		case o.check:
			if f.changed() && !o.quiet && format == "text" {
				fmt.Fprintln(&out, displayPath(f.path))
			}
		}
		if (o.write || o.check) && !f.changed() && a.verbose && format == "text" {
			fmt.Fprintf(&out, "%s (already formatted)\n", displayPath(f.path))
		}
		switch {
		case o.write, o.check:
		case o.diff:
		default:
			if format == "text" {
				out.Write(f.new)
			}
		}
		if o.diff && f.changed() && format == "text" {
			_ = writeDiff(&out, f.old, f.new, f.path, f.path, pal)
		}
	}
	if format == "json" {
		_ = writeJSON(&out, fmtJSON(files, !o.write && !o.check && !o.diff))
	}
	if _, err := a.stdout.Write(out.Bytes()); err != nil {
		return &exitError{code: exitFail, err: err}
	}
	switch {
	case len(files) == 0:
		return &exitError{code: exitUsage, err: errors.New("no .kql, .csl or YAML files found")}
	case read == 0:
		a.errorf("nothing could be read")
		return failed(exitUsage)
	case read < len(files) || bad > 0:
		return failed(exitFail)
	case o.check && changed > 0:
		if !o.quiet && format == "text" {
			a.errorf("%d %s not formatted; run kqlt fmt -w to format", changed, plural(changed, "file is", "files are"))
		}
		return failed(exitFail)
	}
	return nil
}

func fmtJSON(files []*fmtFile, withText bool) any {
	type file struct {
		File      string   `json:"file"`
		Changed   bool     `json:"changed"`
		Errors    []string `json:"errors,omitempty"`
		Formatted *string  `json:"formatted,omitempty"`
	}
	out := []file{}
	for _, f := range files {
		j := file{File: f.path, Changed: f.changed()}
		if f.err != nil {
			j.Errors = []string{errorText(f.path, f.err)}
		}
		for _, err := range f.errs {
			j.Errors = append(j.Errors, errorText(f.path, err))
		}
		if withText && f.new != nil {
			s := string(f.new)
			j.Formatted = &s
		}
		out = append(out, j)
	}
	return out
}

// printSyntaxError prints a syntax error in file path with the line and a
// caret under the column.
func (a *app) printSyntaxError(path string, err error) {
	var ke *kql.Error
	if errors.As(err, &ke) {
		err = &syntaxError{pos: ke.Pos.String(), msg: ke.Msg, snippet: ke.Snippet()}
	}
	var se *syntaxError
	if !errors.As(err, &se) {
		a.errorf("%s", errorText(path, err))
		return
	}
	a.errorf("%s:%s: %s", displayPath(path), se.pos, se.msg)
	if se.snippet != "" {
		for _, line := range strings.Split(se.snippet, "\n") {
			fmt.Fprintf(a.stderr, "    %s\n", safeLine(line))
		}
	}
}

// syntaxError is a KQL syntax error at a place in a file, with the line
// and a caret under the column.
type syntaxError struct {
	pos     string // "line:column" in the file
	msg     string
	snippet string
}

func (e *syntaxError) Error() string { return e.pos + ": " + e.msg }

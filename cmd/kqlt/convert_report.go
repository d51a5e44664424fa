package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/transform"
	"github.com/kqlt/kqlt/transform/verify"
)

// printDiffs prints, for each converted rule, the diff from its source to
// the converted YAML (--diff without --check).
func (c *conversion) printDiffs() {
	pal := c.app.colors(c.app.stdout)
	for _, it := range c.items {
		if it.status != string(transform.Converted) {
			continue
		}
		to := it.rel
		if c.out != nil {
			to = c.out.display(it.rel)
		}
		if err := writeDiff(c.app.stdout, it.source, it.result.Output.Bytes(), it.path, to, pal); err != nil {
			it.status, it.err = statusFailed, err
		}
	}
}

// report is the JSON report of a conversion: --report FILE and --format
// json.
type report struct {
	Profile string        `json:"profile"`
	Out     string        `json:"out,omitempty"`
	Summary reportSummary `json:"summary"`
	Files   []reportFile  `json:"files"`
	Check   *checkResult  `json:"check,omitempty"`
	Errors  []string      `json:"errors,omitempty"` // problems not tied to one input
}

type reportSummary struct {
	Files     int            `json:"files"`
	Converted int            `json:"converted"`
	Skipped   int            `json:"skipped"`
	SkippedBy map[string]int `json:"skippedBy"`
	Failed    int            `json:"failed"`
	Written   int            `json:"written"`
	Unchanged int            `json:"unchanged"`
	Pruned    int            `json:"pruned,omitempty"`
}

// reportFile is one input in the report: the transform.Result with where
// the outputs went, or the error.
type reportFile struct {
	File    string         `json:"file"`
	Status  string         `json:"status"`
	Reason  string         `json:"reason,omitempty"`
	Error   string         `json:"error,omitempty"`
	Outputs []string       `json:"outputs,omitempty"`
	Verify  *verify.Result `json:"verify,omitempty"` // --verify
	*transform.Result
}

func (c *conversion) report() *report {
	conv, skipped, failed, by := c.counts()
	r := &report{
		Profile: c.profile.Name,
		Summary: reportSummary{Files: len(c.items), Converted: conv, Skipped: skipped, SkippedBy: by,
			Failed: failed, Written: c.written, Unchanged: c.unchanged, Pruned: c.pruned},
		Files: []reportFile{},
		Check: c.check,
	}
	if c.out != nil {
		r.Out = c.out.path
	}
	for _, it := range c.items {
		f := reportFile{File: it.path, Status: it.status, Reason: it.reason, Result: it.result, Verify: it.verify}
		if it.err != nil {
			f.Error = errorText(it.path, it.err)
			f.Result = nil
		}
		for _, o := range it.outputs {
			if c.out != nil {
				f.Outputs = append(f.Outputs, c.out.display(o.rel))
			} else {
				f.Outputs = append(f.Outputs, o.rel)
			}
		}
		r.Files = append(r.Files, f)
	}
	if c.singleErr != nil {
		r.Errors = append(r.Errors, c.singleErr.Error())
	}
	return r
}

// finish reports the outcome and returns the command's error.
func (c *conversion) finish() error {
	a := c.app
	for _, it := range c.items {
		if it.status == statusFailed {
			a.errorf("%s", errorText(it.path, it.err))
			if it.snippet != "" {
				for _, line := range strings.Split(it.snippet, "\n") {
					fmt.Fprintf(a.stderr, "    %s\n", safeLine(line))
				}
			}
		}
	}
	if c.singleErr != nil {
		a.errorf("%v", c.singleErr)
	}
	rep := c.report()
	if c.opts.report == "-" || c.opts.report != "" && !c.opts.check {
		var buf bytes.Buffer
		_ = writeJSON(&buf, rep)
		if c.opts.report == "-" {
			_, _ = a.stdout.Write(buf.Bytes())
		} else if err := writeFileAtomic(c.opts.report, buf.Bytes()); err != nil {
			a.errorf("--report: %v", err)
			return failed(exitFail)
		}
	}
	if c.format == "json" {
		if err := writeJSON(a.stdout, rep); err != nil {
			return &exitError{code: exitFail, err: err}
		}
	} else {
		c.printText(rep)
	}

	switch {
	case len(c.items) == 0:
		a.errorf("no YAML files found in %s", strings.Join(c.pathsArg, ", "))
		return failed(exitUsage)
	case c.nothingRead():
		a.errorf("nothing could be read")
		return failed(exitUsage)
	case rep.Summary.Failed > 0 || c.singleErr != nil || c.pruneErr || c.casesErr:
		c.printChanges()
		return failed(exitFail)
	case c.opts.failOnChange && len(c.changes) > 0:
		c.printChanges()
		return failed(exitFail)
	case c.check != nil && c.check.differences() > 0:
		return failed(exitFail)
	}
	return nil
}

// printText prints the per-file lines and the summary.
func (c *conversion) printText(rep *report) {
	a := c.app
	out := a.stdout
	if c.opts.diff && c.check == nil {
		out = a.stderr // keep stdout a clean patch
	}
	pal := a.colors(out)
	quiet := c.opts.quiet

	if c.check != nil {
		for _, e := range c.check.Missing {
			fmt.Fprintf(out, "%s %s (from %s)\n", pal.red("missing: "), displayPath(e.Output), displayPath(e.Source))
		}
		for _, e := range c.check.Stale {
			fmt.Fprintf(out, "%s %s (from %s)\n", pal.red("stale:   "), displayPath(e.Output), displayPath(e.Source))
		}
		for _, e := range c.check.Orphaned {
			fmt.Fprintf(out, "%s %s (no input converts to it)\n", pal.red("orphaned:"), displayPath(e.Output))
		}
	}
	if quiet {
		return
	}
	if c.check == nil && !c.opts.diff {
		for i, it := range c.items {
			if it.status != string(transform.Converted) {
				continue
			}
			fmt.Fprintf(out, "%s %s (%s) -> %s\n", pal.green("converted"), displayPath(it.path),
				changeCount(it.result), outputList(rep.Files[i].Outputs))
			for _, n := range it.result.Notes {
				fmt.Fprintf(out, "  %s %s\n", pal.yellow("note:"), n)
			}
		}
	}
	c.printVerify(out, pal)
	if c.app.verbose {
		for _, it := range c.items {
			if it.status != string(transform.Converted) && it.status != statusFailed {
				fmt.Fprintf(out, "%s %s: %s: %s\n", pal.dim("skipped"), displayPath(it.path), it.status, it.reason)
			}
		}
	}

	s := rep.Summary
	noun := "YAML files"
	if s.Files == 1 {
		noun = "YAML file"
	}
	failedText := fmt.Sprintf("%d failed", s.Failed)
	if s.Failed > 0 {
		failedText = pal.red(failedText)
	}
	fmt.Fprintf(out, "%s %d %s: %s, %d skipped, %s\n", pal.bold("kqlt convert:"), s.Files, noun,
		pal.green(fmt.Sprintf("%d converted", s.Converted)), s.Skipped, failedText)
	if s.Skipped > 0 && !c.app.verbose {
		c.printSkipReasons(out)
	}
	c.printVerifySummary(out, pal)
	switch {
	case c.check != nil:
		r := c.check
		if r.differences() == 0 {
			fmt.Fprintf(out, "  %s: %d outputs up to date\n", displayPath(c.out.path), r.UpToDate)
		} else {
			fmt.Fprintf(out, "  %s: %d up to date, %d missing, %d stale, %d orphaned; run the same command without --check to update it%s\n",
				displayPath(c.out.path), r.UpToDate, len(r.Missing), len(r.Stale), len(r.Orphaned), pruneHint(r))
		}
	case c.opts.diff:
	case c.blocked != "":
		fmt.Fprintf(out, "  %s: wrote nothing (%s failed)\n", displayPath(c.out.path), c.blocked)
	default:
		line := fmt.Sprintf("  %s: wrote %d %s, %d unchanged", displayPath(c.out.path), s.Written, plural(s.Written, "file", "files"), s.Unchanged)
		if c.opts.prune {
			line += fmt.Sprintf(", deleted %d orphaned", s.Pruned)
		}
		fmt.Fprintln(out, line)
	}
	if c.opts.report != "" && c.opts.report != "-" {
		fmt.Fprintf(out, "  report: %s\n", c.opts.report)
	}
}

// printChanges lists, for --fail-on-change, what the run created, changed
// or deleted in DIR: pre-commit must stop the commit so that they are
// staged (new files would otherwise stay untracked).
func (c *conversion) printChanges() {
	if !c.opts.failOnChange || len(c.changes) == 0 {
		return
	}
	for _, ch := range c.changes {
		fmt.Fprintf(c.app.stdout, "%-8s %s\n", ch.what+":", displayPath(ch.path))
	}
	c.app.errorf("convert created, changed or deleted %d %s in %s: review and stage %s (git add %s), then commit again",
		len(c.changes), plural(len(c.changes), "file", "files"), displayPath(c.out.path), plural(len(c.changes), "it", "them"), displayPath(c.out.path))
}

// outputList lists output paths, naming the directory once when they share
// it: "out/a/X.yaml, X.json".
func outputList(paths []string) string {
	if len(paths) == 0 {
		return "(nothing: --emit none)"
	}
	parts := []string{displayPath(paths[0])}
	dir := filepath.Dir(paths[0])
	for _, p := range paths[1:] {
		if filepath.Dir(p) == dir {
			p = filepath.Base(p)
		}
		parts = append(parts, displayPath(p))
	}
	return strings.Join(parts, ", ")
}

// maxReasons is how many kinds of skip reason the summary shows.
const maxReasons = 5

// printSkipReasons prints the reasons files were skipped, grouped, the most
// frequent first: "368 out of scope: the query does not read ...".
func (c *conversion) printSkipReasons(out io.Writer) {
	type group struct {
		reason string
		n      int
	}
	index := map[string]*group{}
	var groups []*group
	for _, it := range c.items {
		if it.status == string(transform.Converted) || it.status == statusFailed {
			continue
		}
		// Reasons that carry a file's own error ("... (and it does not
		// parse: ...)") group by what precedes it.
		reason, _, _ := strings.Cut(it.reason, " (and ")
		key := strings.ReplaceAll(it.status, "-", " ") + ": " + reason
		g := index[key]
		if g == nil {
			g = &group{reason: key}
			index[key] = g
			groups = append(groups, g)
		}
		g.n++
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].n > groups[j].n })
	width := len(fmt.Sprint(groups[0].n))
	fmt.Fprintf(out, "  skipped, by reason (-v lists the files):\n")
	for i, g := range groups {
		if i == maxReasons {
			rest := 0
			for _, g := range groups[i:] {
				rest += g.n
			}
			fmt.Fprintf(out, "    %*d for %d other reasons\n", width, rest, len(groups)-i)
			break
		}
		fmt.Fprintf(out, "    %*d %s\n", width, g.n, g.reason)
	}
}

func pruneHint(r *checkResult) string {
	if len(r.Orphaned) > 0 {
		return " (with --prune to delete the orphaned files)"
	}
	return ""
}

func changeCount(r *transform.Result) string {
	s := fmt.Sprintf("%d %s", len(r.Changes), plural(len(r.Changes), "change", "changes"))
	if n := len(r.Notes); n > 0 {
		s += fmt.Sprintf(", %d %s", n, plural(n, "note", "notes"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// checkResult is what convert --check found.
type checkResult struct {
	UpToDate int          `json:"upToDate"`
	Missing  []checkEntry `json:"missing"`
	Stale    []checkEntry `json:"stale"`
	Orphaned []checkEntry `json:"orphaned"`
}

type checkEntry struct {
	Output string `json:"output"`
	Source string `json:"source,omitempty"` // the input it is converted from; none for orphans
	// Changed says that an orphan was changed by hand since convert wrote
	// it: --prune leaves it.
	Changed bool   `json:"changedByHand,omitempty"`
	old     []byte // the file's content in DIR, for --diff
	new     []byte // what convert would write
}

func (r *checkResult) differences() int { return len(r.Missing) + len(r.Stale) + len(r.Orphaned) }

// expected returns every output convert would write, in input order.
func (c *conversion) expected() []output {
	var outs []output
	for _, it := range c.items {
		outs = append(outs, it.outputs...)
	}
	if c.single != nil {
		outs = append(outs, *c.single)
	}
	return outs
}

// runCheck compares the outputs with the content of the output directory.
func (c *conversion) runCheck() error {
	r := &checkResult{Missing: []checkEntry{}, Stale: []checkEntry{}, Orphaned: []checkEntry{}}
	c.check = r
	want := map[string]bool{}
	for _, o := range c.expected() {
		want[manifestKey(o.rel)] = true
		source := ""
		if o.from != nil {
			source = o.from.path
		}
		e := checkEntry{Output: c.out.display(o.rel), Source: source, new: o.data}
		old, err := c.out.read(o.rel)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			r.Missing = append(r.Missing, e)
		case err != nil:
			if o.from != nil {
				o.from.status, o.from.err = statusFailed, err
			} else {
				c.singleErr = err
			}
		case bytes.Equal(old, o.data):
			r.UpToDate++
		default:
			e.old = old
			r.Stale = append(r.Stale, e)
		}
	}
	for _, o := range c.orphans(want) {
		if o.gone {
			continue
		}
		r.Orphaned = append(r.Orphaned, checkEntry{Output: c.out.display(o.rel), old: o.data, Changed: o.changed})
	}
	if c.opts.diff {
		pal := c.app.colors(c.app.stdout)
		for _, list := range [][]checkEntry{r.Missing, r.Stale, r.Orphaned} {
			for _, e := range list {
				from, to := e.Output, e.Output
				if e.old == nil {
					from = os.DevNull
				}
				if e.new == nil {
					to = os.DevNull
				}
				if err := writeDiff(c.app.stdout, e.old, e.new, from, to, pal); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// orphan is a file convert wrote in DIR (it is in the manifest) that no
// input converts to any more.
type orphan struct {
	rel     string
	data    []byte
	changed bool // its content is not what convert wrote: changed by hand
	gone    bool // it is no longer there
	err     error
}

// orphans returns the files of the manifest that no input converts to any
// more, in lexical order. Files that are not in the manifest are the
// user's and are never orphans. The outputs a failed input might have had
// are left out: its failure is reported instead.
func (c *conversion) orphans(want map[string]bool) []orphan {
	mayBe := map[string]bool{}
	for _, it := range c.items {
		if it.status == statusFailed && it.rel != "" {
			mayBe[strings.ToLower(manifestKey(it.rel))] = true
			mayBe[strings.ToLower(manifestKey(armName(it.rel)))] = true
		}
	}
	var out []orphan
	for key, sum := range c.owned {
		if want[key] || mayBe[strings.ToLower(key)] {
			continue
		}
		o := orphan{rel: filepath.FromSlash(key)}
		data, err := c.out.read(o.rel)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			o.gone = true
		case err != nil:
			o.err = err
		default:
			o.data, o.changed = data, hashOf(data) != sum
		}
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// forgetGone drops from the manifest the files that are no longer there.
func (c *conversion) forgetGone(want map[string]bool) {
	for _, o := range c.orphans(want) {
		if o.gone {
			delete(c.owned, manifestKey(o.rel))
		}
	}
}

// wanted returns the manifest keys of the outputs of the run.
func (c *conversion) wanted() map[string]bool {
	want := map[string]bool{}
	for _, o := range c.expected() {
		want[manifestKey(o.rel)] = true
	}
	return want
}

// prune deletes the orphaned files of the output directory (--prune): the
// files convert wrote that no input converts to any more. A file changed
// by hand since is left, with an error.
func (c *conversion) prune() {
	for _, o := range c.orphans(c.wanted()) {
		shown := c.out.show(o.rel)
		switch {
		case o.gone:
			delete(c.owned, manifestKey(o.rel))
			continue
		case o.err != nil:
			c.app.errorf("--prune: %s: %v", shown, describeFSError(c.out.display(o.rel), o.err))
			c.pruneErr = true
			continue
		case o.changed:
			c.app.errorf("--prune: %s: not deleted: it was changed since kqlt wrote it; delete it yourself if it is no longer wanted", shown)
			c.pruneErr = true
			continue
		}
		p, err := c.out.target(o.rel, false)
		if err == nil {
			err = os.Remove(p)
		}
		if err != nil {
			c.app.errorf("--prune: %s: %v", shown, describeFSError(p, err))
			c.pruneErr = true
			continue
		}
		delete(c.owned, manifestKey(o.rel))
		c.pruned++
		c.changes = append(c.changes, outputChange{"deleted", c.out.display(o.rel)})
		if !c.opts.quiet && c.format == "text" {
			fmt.Fprintf(c.app.stdout, "deleted %s (no input converts to it)\n", shown)
		}
	}
}

// checkOutputPaths refuses, before anything is written, the output paths
// given on the command line that are inputs or outputs of the run:
// --report FILE, --single-template FILE, --verify-cases DIR. --check
// writes nothing at all, so it takes none of them.
func (c *conversion) checkOutputPaths() error {
	o := c.opts
	if o.check || o.diff {
		mode := "--check"
		if !o.check {
			mode = "--diff"
		}
		if o.verify.cases != "" {
			return usageError("%s writes nothing: --verify-cases cannot go with it", mode)
		}
		if o.check && o.report != "" && o.report != "-" {
			return usageError("--check writes nothing: --report %s would write a file; use --report - or --json for the report on stdout", displayPath(o.report))
		}
	}
	var inputs []string
	for _, it := range c.items {
		if it.err == nil {
			inputs = append(inputs, it.path)
		}
	}
	// The outputs of the run, as absolute paths.
	var outputs []string
	add := func(p string) {
		if abs, err := absReal(p); err == nil {
			outputs = append(outputs, abs)
		}
	}
	if c.out != nil {
		for _, out := range c.expected() {
			add(c.out.display(out.rel))
		}
		add(c.out.display(manifestName))
		for key := range c.owned {
			add(c.out.display(filepath.FromSlash(key)))
		}
	}
	if o.verify.cases != "" {
		for _, it := range c.items {
			base := strings.TrimSuffix(it.rel, filepath.Ext(it.rel))
			add(filepath.Join(o.verify.cases, base+".cases.yaml"))
			add(filepath.Join(o.verify.cases, base+".schema.json"))
		}
	}
	check := func(flag, path string, isOutput bool) error {
		if path == "" || path == "-" {
			return nil
		}
		if fi, err := os.Stat(path); err == nil {
			for _, in := range inputs {
				if ii, err := os.Stat(in); err == nil && os.SameFile(fi, ii) {
					return usageError("%s %s is the input %s: refusing to write over it; nothing was written", flag, displayPath(path), displayPath(in))
				}
			}
		}
		if isOutput {
			return nil
		}
		abs, err := absReal(path)
		if err != nil {
			return nil
		}
		for _, out := range outputs {
			if strings.EqualFold(abs, out) {
				return usageError("%s %s is also an output of the run: give another path; nothing was written", flag, displayPath(path))
			}
		}
		return nil
	}
	if err := check("--report", o.report, false); err != nil {
		return err
	}
	if c.single != nil {
		if err := check("--single-template", c.out.display(c.single.rel), true); err != nil {
			return err
		}
	}
	return nil
}

// absReal returns the absolute path of p with the symbolic links of its
// folder resolved (p itself may not exist yet).
func absReal(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	dir, base := filepath.Split(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	full := filepath.Join(dir, base)
	if real, err := filepath.EvalSymlinks(full); err == nil {
		return real, nil
	}
	return full, nil
}

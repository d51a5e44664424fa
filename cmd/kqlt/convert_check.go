package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	old    []byte // the file's content in DIR, for --diff
	new    []byte // what convert would write
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
		want[o.rel] = true
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
	orphans, err := c.orphans(want)
	if err != nil {
		return err
	}
	for _, rel := range orphans {
		old, _ := c.out.read(rel)
		r.Orphaned = append(r.Orphaned, checkEntry{Output: c.out.display(rel), old: old})
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

// orphans returns the files of the output directory that no input converts
// to any more. The outputs a failed input might have had are left out: its
// failure is reported instead.
func (c *conversion) orphans(want map[string]bool) ([]string, error) {
	files, err := c.out.files()
	if err != nil {
		return nil, fmt.Errorf("reading the output directory: %w", err)
	}
	mayBe := map[string]bool{}
	for _, it := range c.items {
		if it.status == statusFailed && it.rel != "" {
			mayBe[strings.ToLower(it.rel)] = true
			mayBe[strings.ToLower(armName(it.rel))] = true
		}
	}
	var out []string
	for _, rel := range files {
		if !want[rel] && !mayBe[strings.ToLower(rel)] {
			out = append(out, rel)
		}
	}
	return out, nil
}

// prune deletes the orphaned files of the output directory (--prune).
func (c *conversion) prune() {
	want := map[string]bool{}
	for _, o := range c.expected() {
		want[o.rel] = true
	}
	orphans, err := c.orphans(want)
	if err != nil {
		c.app.errorf("--prune: %v", err)
		c.pruneErr = true
		return
	}
	for _, rel := range orphans {
		p, err := c.out.target(rel, false)
		if err == nil {
			err = os.Remove(p)
		}
		if err != nil {
			c.app.errorf("--prune: %s: %v", c.out.display(rel), describeFSError(p, err))
			c.pruneErr = true
			continue
		}
		c.pruned++
		if !c.opts.quiet && c.format == "text" {
			fmt.Fprintf(c.app.stdout, "deleted %s (no input converts to it)\n", filepath.Join(c.out.path, rel))
		}
	}
}

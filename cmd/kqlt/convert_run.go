package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
	"github.com/kqlt/kqlt/transform/verify"
)

// conversion is one run of kqlt convert.
type conversion struct {
	app     *app
	opts    *convertOptions
	format  string
	profile *transform.Profile
	yaml    bool // write DIR/X.yaml for each converted rule
	arm     bool // write DIR/X.json for each converted rule
	out     *outDir
	// db is the schema the source and converted queries are bound
	// against (issue 9).
	db types.Database

	pathsArg []string // the PATH arguments
	items    []*item
	single   *output // the --single-template output
	// singleErr is why the --single-template could not be made.
	singleErr error
	check     *checkResult

	written   int  // files written
	unchanged int  // outputs that already held what convert would write
	pruned    int  // orphaned files deleted by --prune
	pruneErr  bool // --prune could not delete a file

	casesWritten int  // --verify-cases files written
	casesErr     bool // a case file could not be written

	// owned is the manifest: the files convert wrote in DIR, the only ones
	// it may delete or report as orphaned; hadManifest says whether DIR
	// had one.
	owned       owned
	hadManifest bool
	// changes lists what the run created, changed or deleted in DIR, for
	// --fail-on-change.
	changes []outputChange
	// blocked says why nothing may be written: a problem found before
	// writing that concerns the whole run.
	blocked string

	// cfg is the .kqlt.yaml of the inputs (nil for none); cfgs finds the
	// .kqlt.yaml of each input, which must agree with it.
	cfgs *configs
	cfg  *config
}

// outputChange is an output the run created, changed or deleted.
type outputChange struct {
	what string // "created", "changed" or "deleted"
	path string // as displayed: DIR/rel
}

// Statuses of an item besides the transform.Status values.
const statusFailed = "failed"

// item is one input file and what became of it.
type item struct {
	input
	read    bool   // the file could be read
	status  string // a transform.Status, or statusFailed
	reason  string // why it was skipped
	err     error  // why it failed
	snippet string // for a KQL syntax error: the query line with a caret
	result  *transform.Result
	verify  *verify.Result // --verify
	source  []byte         // the source bytes, kept for --diff
	outputs []output       // what convert writes for it
}

// output is a file convert writes to DIR.
type output struct {
	rel  string // path inside DIR
	data []byte
	from *item // nil for the --single-template
}

func (c *conversion) run(paths []string) error {
	c.pathsArg = paths
	w := &walker{match: isYAML}
	if c.out != nil {
		w.skip = c.out.info()
		for _, p := range paths {
			if fi, err := os.Stat(p); err == nil && w.skip != nil && os.SameFile(fi, w.skip) {
				return usageError("--out %s is the input directory %s: write the converted rules somewhere else", displayPath(c.out.path), displayPath(p))
			}
		}
	}
	roots, err := rootNames(paths)
	if err != nil {
		return err
	}
	for i, p := range paths {
		fi, err := os.Stat(p)
		isDir := err == nil && fi.IsDir()
		for _, in := range w.walk([]string{p}) {
			if roots != nil && in.err == nil && isDir {
				// Several roots: each keeps its name under DIR.
				in.rel = filepath.Join(roots[i], in.rel)
			}
			c.items = append(c.items, &item{input: in, err: in.err})
		}
	}
	if err := c.sameConfig(); err != nil {
		return err
	}
	if c.out != nil {
		if c.owned, c.hadManifest, err = c.out.loadManifest(); err != nil {
			c.app.errorf("%v", err)
			return failed(exitUsage)
		}
	}
	if c.out != nil {
		for _, it := range c.items {
			if it.err == nil {
				c.out.addInput(it.path)
			}
		}
	}

	a := c.app
	bar := newProgress(a.stderr, "converting", len(c.items),
		!c.opts.quiet && a.isTerminal(a.stderr))
	parallel(len(c.items), func(i int) {
		c.convert(c.items[i])
		bar.add()
	})
	bar.finish()

	c.findDuplicates()
	c.makeSingleTemplate()
	if err := c.checkOutputPaths(); err != nil {
		return err
	}
	c.writeCases()

	switch {
	case c.opts.check:
		if err := c.runCheck(); err != nil {
			return err
		}
	case c.opts.diff:
		c.printDiffs()
	case c.blocked != "":
	default:
		c.cleanStaging()
		c.write()
		if c.opts.prune {
			c.prune()
		} else {
			c.forgetGone(c.wanted())
		}
		c.saveManifest()
	}
	return c.finish()
}

// sameConfig checks that every input's .kqlt.yaml asks for what the run
// uses: one conversion has one profile and one schema.
func (c *conversion) sameConfig() error {
	if c.cfgs == nil {
		return nil
	}
	for _, it := range c.items {
		if it.err != nil {
			continue
		}
		cfg, err := c.cfgs.forFile(it.path)
		if err != nil {
			c.app.errorf("%v", err)
			return failed(exitUsage)
		}
		if cfg.convertSettings() != c.cfg.convertSettings() {
			where := func(cfg *config) string {
				if cfg == nil {
					return "no .kqlt.yaml"
				}
				return cfg.path
			}
			return usageError("%s is under %s, which asks for another profile or schema than %s: convert them separately", it.path, where(cfg), where(c.cfg))
		}
	}
	return nil
}

// rootNames returns, when there are several PATH arguments, the name each
// root keeps under DIR (its base name), or nil for one root. Two roots
// with one name would mix their files: that is a usage error.
func rootNames(paths []string) ([]string, error) {
	if len(paths) < 2 {
		return nil, nil
	}
	names := make([]string, len(paths))
	seen := map[string]string{}
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, usageError("%s: %v", p, err)
		}
		name := filepath.Base(abs)
		key := strings.ToLower(name)
		if other, ok := seen[key]; ok {
			return nil, usageError("%s and %s have the same name %s: with several PATHs, each keeps its name under --out, so they would mix; give one of them, or their parent", other, p, name)
		}
		seen[key] = p
		names[i] = name
	}
	return names, nil
}

// convert converts one file and fills in its item.
func (c *conversion) convert(it *item) {
	if it.err != nil {
		it.status = statusFailed
		return
	}
	fail := func(err error) {
		it.status, it.err, it.outputs = statusFailed, err, nil
	}
	data, err := readInput(it.path)
	if err != nil {
		fail(err)
		return
	}
	it.read = true
	if c.opts.diff {
		it.source = data
	}
	f, err := rules.Parse(it.path, data)
	if err != nil {
		// A file that never names the profile's tables is out of its
		// scope, readable or not: skip it, saying both.
		if table, ok := c.mentionsScope(string(data)); !ok {
			it.status = string(transform.OutOfScope)
			it.reason = "the file does not mention " + table + " (and it is not a readable rule file: " + trimFile(it.path, err) + ")"
			return
		}
		fail(err)
		return
	}
	res, err := transform.Convert(f, c.profile)
	if err != nil {
		if r, rerr := f.Rule(); rerr == nil {
			text, qerr := r.QueryText()
			if qerr != nil {
				text = string(data) // not a string query (SR009): judge by the file
			}
			if table, ok := c.mentionsScope(text); !ok {
				it.status = string(transform.OutOfScope)
				it.reason = "the query does not mention " + table + " (and it does not parse: " + trimFile(it.path, err) + ")"
				return
			}
			// transform places a syntax error in the file; the
			// parser's own error, underneath, has the line to show.
			var ke *kql.Error
			if errors.As(err, &ke) {
				it.snippet = ke.Snippet()
			}
		}
		fail(err)
		return
	}
	it.result, it.status, it.reason = res, string(res.Status), res.Reason
	if res.Status != transform.Converted {
		return
	}
	if added := addedFindings(c.db, f, res.Output); len(added) > 0 {
		fail(fmt.Errorf("the converted rule has findings the source does not have (not written): %s", strings.Join(added, "; ")))
		return
	}
	if c.opts.verify.enabled {
		if c.verifyItem(it, f, res); it.status == statusFailed {
			return
		}
	}
	if c.yaml {
		it.outputs = append(it.outputs, output{rel: it.rel, data: res.Output.Bytes(), from: it})
	}
	if c.arm {
		tmpl, err := rules.ARMTemplate([]*rules.File{res.Output}, rules.ARMOptions{})
		if err != nil {
			fail(fmt.Errorf("ARM template: %w", err))
			return
		}
		it.outputs = append(it.outputs, output{rel: armName(it.rel), data: tmpl, from: it})
	}
}

// armName returns the name of the ARM template of the rule file rel.
func armName(rel string) string {
	return strings.TrimSuffix(rel, filepath.Ext(rel)) + ".json"
}

// mentionsScope reports whether text names one of the tables of the
// profile's scope (ignoring case, to err on the side of reporting
// failures). When it does not, it returns the tables for a message.
func (c *conversion) mentionsScope(text string) (string, bool) {
	tables := c.profile.Scope.Tables
	lower := strings.ToLower(text)
	for _, t := range tables {
		if strings.Contains(lower, strings.ToLower(t)) {
			return "", true
		}
	}
	return strings.Join(tables, " or "), len(tables) == 0
}

// trimFile returns the message of err without the file name it starts
// with.
func trimFile(path string, err error) string {
	s := err.Error()
	if rest, ok := strings.CutPrefix(s, path+":"); ok {
		return strings.TrimSpace(rest)
	}
	return s
}

// findDuplicates refuses outputs that two inputs would write (names are
// compared ignoring case, as file systems on macOS and Windows do).
func (c *conversion) findDuplicates() {
	first := map[string]*item{}
	var dups []*item
	reason := map[*item]error{}
	for _, it := range c.items {
		for _, o := range it.outputs {
			key := strings.ToLower(filepath.ToSlash(o.rel))
			other, ok := first[key]
			if !ok {
				first[key] = it
				continue
			}
			if other == it {
				continue
			}
			where := o.rel
			if c.out != nil {
				where = c.out.show(o.rel)
			}
			if _, done := reason[it]; !done {
				reason[it] = fmt.Errorf("output %s would also be written from %s: two inputs cannot have the same output", where, displayPath(other.path))
				dups = append(dups, it)
			}
			if _, done := reason[other]; !done {
				reason[other] = fmt.Errorf("output %s would also be written from %s: two inputs cannot have the same output", where, displayPath(it.path))
				dups = append(dups, other)
			}
		}
	}
	for _, it := range dups {
		it.status, it.err, it.outputs = statusFailed, reason[it], nil
	}
}

// makeSingleTemplate builds the --single-template output from the
// converted rules, in input order.
func (c *conversion) makeSingleTemplate() {
	name := c.opts.singleTemplate
	if name == "" {
		return
	}
	var files []*rules.File
	for _, it := range c.items {
		if it.status == string(transform.Converted) {
			files = append(files, it.result.Output)
		}
	}
	for _, it := range c.items {
		for _, o := range it.outputs {
			if strings.EqualFold(filepath.ToSlash(o.rel), filepath.ToSlash(filepath.Clean(name))) {
				c.singleErr = fmt.Errorf("--single-template %s: %s is also the output of %s", displayPath(name), c.out.show(o.rel), displayPath(it.path))
				return
			}
		}
	}
	if len(files) == 0 {
		c.singleErr = fmt.Errorf("--single-template %s: no rule was converted, so there is no template to write", displayPath(name))
		c.blocked = "--single-template"
		return
	}
	if err := c.sameRuleTwice(name); err != nil {
		c.singleErr, c.blocked = err, "--single-template"
		return
	}
	data, err := rules.ARMTemplate(files, rules.ARMOptions{})
	if err != nil {
		c.singleErr = fmt.Errorf("--single-template %s: %w", displayPath(name), err)
		c.blocked = "--single-template"
		return
	}
	c.single = &output{rel: filepath.Clean(name), data: data}
}

// sameRuleTwice finds converted rules that are versions of one rule (the
// same source id, hence the same new id): one template cannot deploy
// both. The error names the files and says what to do.
func (c *conversion) sameRuleTwice(name string) error {
	byID := map[string][]*item{}
	var ids []string
	for _, it := range c.items {
		if it.status != string(transform.Converted) || it.result.ID == "" {
			continue
		}
		id := strings.ToLower(it.result.ID)
		if len(byID[id]) == 0 {
			ids = append(ids, id)
		}
		byID[id] = append(byID[id], it)
	}
	var clashes []string
	for _, id := range ids {
		its := byID[id]
		if len(its) < 2 {
			continue
		}
		var paths []string
		for _, it := range its {
			paths = append(paths, displayPath(it.path))
		}
		clashes = append(clashes, fmt.Sprintf("%s (source id %s) are versions of one rule", strings.Join(paths, " and "), its[0].result.SourceID))
	}
	if len(clashes) == 0 {
		return nil
	}
	return fmt.Errorf("--single-template %s: %s: one template cannot deploy two versions of a rule. Convert one version only (leave the other's file or folder out of PATH), or leave out --single-template; nothing was written", displayPath(name), strings.Join(clashes, "; "))
}

// write writes the outputs, each rule's files all or nothing, and records
// them in the manifest.
func (c *conversion) write() {
	record := func(outs []output, done []writtenFile) {
		for _, w := range done {
			what := "changed"
			if w.created {
				what = "created"
			}
			c.changes = append(c.changes, outputChange{what, c.out.display(w.rel)})
		}
		for _, o := range outs {
			c.owned[manifestKey(o.rel)] = hashOf(o.data)
		}
	}
	for _, it := range c.items {
		if len(it.outputs) == 0 {
			continue
		}
		done, err := c.out.writeFiles(it.outputs)
		c.written += len(done)
		if err != nil {
			it.status, it.err = statusFailed, err
			record(nil, done)
			continue
		}
		record(it.outputs, done)
		c.unchanged += len(it.outputs) - len(done)
	}
	if c.single != nil {
		done, err := c.out.writeFiles([]output{*c.single})
		c.written += len(done)
		if err != nil {
			c.singleErr = fmt.Errorf("--single-template: %w", err)
			c.single = nil
			return
		}
		record([]output{*c.single}, done)
		c.unchanged += 1 - len(done)
	}
}

// saveManifest writes the manifest of DIR after a run that wrote.
func (c *conversion) saveManifest() {
	if c.out == nil {
		return
	}
	what, err := c.out.saveManifest(c.owned, c.hadManifest)
	if err != nil {
		c.app.errorf("%s: %v", c.out.show(manifestName), describeFSError(c.out.display(manifestName), err))
		c.pruneErr = true
		return
	}
	if what != "" {
		c.changes = append(c.changes, outputChange{what, c.out.display(manifestName)})
	}
}

// cleanStaging removes the staging files of runs that did not finish.
func (c *conversion) cleanStaging() {
	for _, rel := range c.out.cleanStaging(stagingMaxAge, time.Now()) {
		if !c.opts.quiet && c.format == "text" {
			fmt.Fprintf(c.app.stdout, "removed %s (a temporary file of an interrupted run)\n", c.out.show(rel))
		}
	}
}

// stagingMaxAge is how old a staging file must be before a run removes
// it: a younger one may belong to a run still going on.
const stagingMaxAge = time.Hour

// counts returns how many items ended how.
func (c *conversion) counts() (converted, skipped, failed int, skippedBy map[string]int) {
	skippedBy = map[string]int{}
	for _, it := range c.items {
		switch it.status {
		case string(transform.Converted):
			converted++
		case statusFailed:
			failed++
		default:
			skipped++
			skippedBy[it.status]++
		}
	}
	return
}

// nothingRead reports whether there were inputs and none could be read.
func (c *conversion) nothingRead() bool {
	for _, it := range c.items {
		if it.read {
			return false
		}
	}
	return len(c.items) > 0
}

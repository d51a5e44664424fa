package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
	"github.com/kqlt/kqlt/transform/verify"
)

// verifyOptions are convert's --verify flags.
type verifyOptions struct {
	enabled bool
	seed    int64
	cases   string
}

func addVerifyFlags(f *pflag.FlagSet, o *verifyOptions) {
	f.BoolVar(&o.enabled, "verify", false, "run each converted rule and its original side by side on generated events; a rule that disagrees is not written (exit 1)")
	f.Int64Var(&o.seed, "verify-seed", verify.DefaultSeed, "seed of the generated events' values (implies --verify)")
	f.StringVar(&o.cases, "verify-cases", "", "write the generated cases as kqlt test case files to this directory, outside --out (implies --verify)")
}

const verifyHelp = `
With --verify, convert proves each conversion on data: it generates events
from the original query (its values and the profile's, groups on both sides
of every threshold, times inside and outside every window), runs the original
rule on them and the converted rule on them mapped to the target by the
profile, and compares whether they fire, their rows, entities and custom
details. The converted rule must also stay silent on the source events as
they are. Each converted rule is then verified, disagrees (its output is not
written, convert exits 1 and shows a smallest counterexample), or is
unverifiable, with the reason (its output is written). --verify-cases DIR
writes the cases as kqlt test case files.`

// verifyFlagsUsed applies the implications of the --verify flags and
// checks --verify-cases.
func (c *conversion) checkVerifyFlags(cmdFlags *pflag.FlagSet, paths []string) error {
	o := &c.opts.verify
	if cmdFlags.Changed("verify-seed") || o.cases != "" {
		o.enabled = true
	}
	if o.seed == 0 {
		return usageError("--verify-seed: give a seed other than 0")
	}
	if o.cases == "" {
		return nil
	}
	cases, err := filepath.Abs(o.cases)
	if err != nil {
		return usageError("--verify-cases %s: %v", displayPath(o.cases), err)
	}
	if fi, err := os.Stat(o.cases); err == nil && !fi.IsDir() {
		return usageError("--verify-cases %s: not a directory", displayPath(o.cases))
	}
	if c.opts.out != "" {
		out, err := filepath.Abs(c.opts.out)
		if err == nil && (within(out, cases) || within(cases, out)) {
			return usageError("--verify-cases %s: give a directory outside --out %s (convert owns what is in it)", displayPath(o.cases), displayPath(c.opts.out))
		}
	}
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil && within(abs, cases) {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return usageError("--verify-cases %s: give a directory outside the input %s", displayPath(o.cases), displayPath(p))
			}
		}
	}
	return nil
}

// verifyItem verifies a converted rule. A disagreement fails the item: its
// outputs are not written.
func (c *conversion) verifyItem(it *item, src *rules.File, res *transform.Result) {
	sr, err := src.Rule()
	if err != nil {
		return
	}
	cr, err := res.Output.Rule()
	if err != nil {
		return
	}
	vr, err := verify.Conversion(sr, cr, c.profile, verify.Options{Seed: c.opts.verify.seed, Schema: c.db})
	if err != nil {
		it.status, it.err = statusFailed, fmt.Errorf("verify: %w", err)
		return
	}
	it.verify = vr
	if vr.Outcome == verify.Disagrees {
		it.status, it.err, it.outputs = statusFailed, fmt.Errorf("verify: the conversion of %q disagrees with the original: %s", sr.Name(), vr.Reason), nil
		var b strings.Builder
		_ = vr.WriteText(&b)
		lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")[1:]
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, "  ")
		}
		it.snippet = strings.Join(lines, "\n")
	}
}

// verifyCounts counts the verification outcomes.
func (c *conversion) verifyCounts() (verified, disagree, unverifiable, cases int) {
	for _, it := range c.items {
		if it.verify == nil {
			continue
		}
		cases += len(it.verify.Cases)
		switch it.verify.Outcome {
		case verify.Verified:
			verified++
		case verify.Disagrees:
			disagree++
		case verify.Unverifiable:
			unverifiable++
		}
	}
	return
}

// thresholdCounts counts the thresholds of the verified rules that cases
// crossed, and those they could not.
func (c *conversion) thresholdCounts() (covered, uncovered int) {
	for _, it := range c.items {
		if it.verify == nil {
			continue
		}
		for _, t := range it.verify.Thresholds {
			if t.Covered {
				covered++
			} else {
				uncovered++
			}
		}
	}
	return
}

// printVerify prints a line per verified rule.
func (c *conversion) printVerify(out io.Writer, pal palette) {
	if !c.opts.verify.enabled {
		return
	}
	for _, it := range c.items {
		vr := it.verify
		if vr == nil || vr.Outcome == verify.Disagrees {
			continue // a disagreement is reported as a failure, on stderr
		}
		switch vr.Outcome {
		case verify.Verified:
			fmt.Fprintf(out, "%s %s: %s (%s)\n", pal.green("verified"), displayPath(it.path), caseText(vr), vr.CaseCounts())
			if len(vr.Thresholds) > 0 {
				var ts []string
				for _, t := range vr.Thresholds {
					ts = append(ts, t.String())
				}
				fmt.Fprintf(out, "  thresholds: %s\n", strings.Join(ts, "; "))
			}
		case verify.Unverifiable:
			fmt.Fprintf(out, "%s %s: %s\n", pal.yellow("unverifiable"), displayPath(it.path), vr.Reason)
		}
		for _, n := range vr.Notes {
			fmt.Fprintf(out, "  %s %s\n", pal.yellow("note:"), n)
		}
	}
}

func caseText(vr *verify.Result) string {
	return fmt.Sprintf("%d %s", len(vr.Cases), plural(len(vr.Cases), "case", "cases"))
}

// printVerifySummary prints the verification's summary line.
func (c *conversion) printVerifySummary(out io.Writer, pal palette) {
	if !c.opts.verify.enabled {
		return
	}
	v, d, u, cases := c.verifyCounts()
	dis := fmt.Sprintf("%d %s", d, plural(d, "disagrees", "disagree"))
	if d > 0 {
		dis = pal.red(dis)
	}
	thresholds := ""
	if covered, uncovered := c.thresholdCounts(); covered+uncovered > 0 {
		thresholds = fmt.Sprintf("; thresholds: %d covered", covered)
		if uncovered > 0 {
			thresholds += pal.yellow(fmt.Sprintf(", %d not covered", uncovered))
		}
	}
	fmt.Fprintf(out, "  verify: %d verified, %d unverifiable, %s (seed %d, %d %s%s)\n", v, u, dis, c.opts.verify.seed, cases, plural(cases, "case", "cases"), thresholds)
	if c.casesWritten > 0 {
		fmt.Fprintf(out, "  %s: wrote %d case %s\n", displayPath(c.opts.verify.cases), c.casesWritten, plural(c.casesWritten, "file", "files"))
	}
}

// writeCases writes the case files of the verified rules (--verify-cases).
func (c *conversion) writeCases() {
	dir := c.opts.verify.cases
	if dir == "" {
		return
	}
	for _, it := range c.items {
		if it.verify == nil || it.verify.Outcome != verify.Verified || it.status != string(transform.Converted) {
			continue
		}
		base := strings.TrimSuffix(it.rel, filepath.Ext(it.rel))
		casePath := filepath.Join(dir, base+".cases.yaml")
		schemaPath := filepath.Join(dir, base+".schema.json")
		caseDir := filepath.Dir(casePath)
		rel := func(p string) string {
			abs, err := filepath.Abs(p)
			if err != nil {
				return p
			}
			cd, err := filepath.Abs(caseDir)
			if err != nil {
				return abs
			}
			r, err := filepath.Rel(cd, abs)
			if err != nil {
				return abs
			}
			return filepath.ToSlash(r)
		}
		o := verify.CaseFileOptions{
			Original: rel(it.path),
			Schema:   filepath.Base(schemaPath),
			Comment: fmt.Sprintf("Generated by kqlt convert --verify (profile %s, seed %d): the cases that verify the conversion of\n%s. Run them with kqlt test --cases.",
				c.profile.Name, c.opts.verify.seed, filepath.ToSlash(it.path)),
		}
		if c.out != nil && c.yaml {
			o.Converted = rel(filepath.Join(c.opts.out, it.rel))
		}
		cases, schema, err := it.verify.CaseFile(o)
		if err == nil {
			err = os.MkdirAll(caseDir, 0o755)
		}
		if err == nil {
			err = writeFileAtomic(schemaPath, schema)
		}
		if err == nil {
			err = writeFileAtomic(casePath, cases)
		}
		if err != nil {
			c.app.errorf("--verify-cases: %s: %v", casePath, err)
			c.casesErr = true
			continue
		}
		c.casesWritten++
	}
}

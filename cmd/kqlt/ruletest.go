package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/eval/ruletest"
	inputs "github.com/kqlt/kqlt/kql/input"
	"github.com/kqlt/kqlt/rules"
)

type testOptions struct {
	tables     []string
	watchlists []string
	schema     *schemaFlags
	now        string
	window     string
	cases      []string
	maxRows    int
	maxMemory  int64
	format     *formatFlags
}

func (a *app) testCommand() *cobra.Command {
	var o testOptions
	cmd := &cobra.Command{
		Use:   "test RULE.yaml --table NAME=FILE... | test --cases FILE.yaml...",
		Short: "Run a rule offline on sample tables, or run rule test cases",
		Long: `Test runs an analytic rule offline on sample tables, as Sentinel would schedule it:
the query sees the rows whose TimeGenerated lies within its queryPeriod before
--now (an NRT rule sees every row unless --window is given). It prints the result
rows, whether the rule fires under its triggerOperator and triggerThreshold, and
the entities its entityMappings extract. Sample tables are JSON Lines, JSON or CSV
files. A sample table the schema knows has the columns and types the schema
declares, as in a workspace: the built-in Sentinel schema, then the --schema files
(see 'kqlt validate --help'); a value that does not fit its column's type is an
error. With --builtin-schema=false and no --schema, types are inferred from the
data.

A rule that reads a watchlist (_GetWatchlist('VIPUsers')) needs it as a sample:
--watchlist VIPUsers=vips.csv, a JSON Lines, JSON or CSV file with a SearchKey
column (the value of the watchlist's key column) and the watchlist's own columns,
whose types are inferred. _GetWatchlist returns _DTItemId, LastUpdatedTimeUTC,
SearchKey and WatchlistItem first, as in Sentinel: those the file lacks are empty,
and WatchlistItem is the item's own columns as a property bag. A watchlist the rule
reads but no --watchlist gives is an error naming it. The time window does not
filter watchlists.

With --cases, test runs declarative test-case files instead: sample tables and
what the rule must do with them (fire or not, a number of rows, entities). See
'go doc github.com/kqlt/kqlt/kql/eval/ruletest' for the format.

The evaluator implements the subset of KQL that detection rules use; a rule using
something else fails with an error naming it and its place in the rule file.

Evaluation is bounded: no operator may produce more than --max-rows rows
(default 10,000,000), and the values a run builds, estimated row by row, may
not take more than --max-memory (default 512MiB); a query that would fails with
an error naming the operator and the limit. Inputs are bounded too: rule files
1MiB, schema and case files 16MiB, data and watchlist files 1GiB (--max-input
changes the last two). A data file may be a pipe: --table T=<(zcat events.jsonl.gz), or T=- for
standard input; its format is then told from its first character.

Exit codes: 0 the rule ran (whether it fires or not) or every case passed; 1 the
run failed or a case failed; 2 usage error, or a file could not be read.`,
		Example: `  # Does the converted rule fire on these Managed HSM audit events?
  kqlt test mhsm/KeyVaultSensitiveOperations.yaml \
      --table AzureDiagnostics=events.jsonl --now 2025-06-02T12:00:00Z

  # A rule that reads a watchlist
  kqlt test rules/VIPFailedSignins.yaml --table SigninLogs=signins.jsonl \
      --watchlist VIPUsers=vips.csv

  # Rule unit tests kept beside the rules
  kqlt test --cases tests/sensitive-operations.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.test(cmd, &o, args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.tables, "table", "t", nil, "a sample table, NAME=FILE (JSON Lines, JSON or CSV); repeat for more tables")
	f.StringArrayVar(&o.watchlists, "watchlist", nil, "a sample watchlist for _GetWatchlist('ALIAS'), ALIAS=FILE (JSON Lines, JSON or CSV, with SearchKey and the watchlist's columns); repeat for more")
	f.StringVar(&o.now, "now", "", "the time the rule runs at (RFC 3339, or a KQL datetime); default: the current time")
	f.StringVar(&o.window, "window", "", "look-back window instead of the rule's queryPeriod (5m, 1h, 1d, PT1H)")
	f.StringArrayVar(&o.cases, "cases", nil, "run the test cases of these files instead (--cases a.yaml b.yaml, or repeated)")
	f.IntVar(&o.maxRows, "max-rows", eval.DefaultMaxRows, "the most rows any operator may produce")
	f.Var(&sizeFlag{&o.maxMemory}, "max-memory", "the most memory the values of one run may take, estimated, such as 256MiB or 4GiB (default 512MiB)")
	a.addMaxInputFlag(cmd)
	o.format = addFormatFlags(cmd, "text", "json")
	o.schema = addSchemaFlags(cmd)
	return cmd
}

func (a *app) test(cmd *cobra.Command, o *testOptions, args []string) error {
	format, err := o.format.get(cmd)
	if err != nil {
		return err
	}
	if o.maxRows <= 0 {
		return usageError("--max-rows must be a positive number of rows")
	}
	limits := ruletest.Limits{MaxInput: a.maxInput, MaxRows: o.maxRows, MaxMemory: o.maxMemory}
	if len(o.cases) > 0 {
		// --cases a.yaml b.yaml: the arguments are case files too.
		if len(o.tables) > 0 || len(o.watchlists) > 0 || len(o.schema.paths) > 0 || cmd.Flags().Changed("builtin-schema") || o.now != "" || o.window != "" {
			return usageError("--cases takes no --table, --schema, --builtin-schema, --now, --window or --watchlist: the case file says them")
		}
		return a.testCases(append(o.cases, args...), format, limits)
	}
	if len(args) != 1 {
		return usageError("give one RULE.yaml (or --cases FILE)")
	}
	opts := ruletest.Options{MaxRows: o.maxRows, MaxMemory: o.maxMemory}
	if o.now != "" {
		if opts.Now, err = ruletest.ParseTime(o.now); err != nil {
			return usageError("--now: %v", err)
		}
	}
	if o.window != "" {
		d, ok := ruletest.ParseDuration(o.window)
		if !ok {
			return usageError("--window %q: want a duration such as 5m, 1h, 1d or PT1H", o.window)
		}
		opts.Window = d
	}
	files := map[string]string{}
	stdinTable := ""
	for _, t := range o.tables {
		name, file, err := ruletest.ParseTableFlag(t)
		if err != nil {
			return usageError("--table: %v", err)
		}
		if _, dup := files[name]; dup || name == stdinTable {
			return usageError("--table: table %s is given twice", name)
		}
		if file == "-" {
			if stdinTable != "" {
				return usageError("--table: only one table can be read from standard input (-)")
			}
			stdinTable = name
			continue
		}
		files[name] = file
	}
	watchlistFiles := map[string]string{}
	for _, w := range o.watchlists {
		alias, file, err := ruletest.ParseWatchlistFlag(w)
		if err != nil {
			return usageError("--watchlist: %v", err)
		}
		if _, dup := watchlistFiles[alias]; dup {
			return usageError("--watchlist: watchlist %s is given twice", alias)
		}
		if file == "-" {
			return usageError("--watchlist %s: a watchlist cannot be read from standard input; give a file (or <(command))", alias)
		}
		watchlistFiles[alias] = file
	}
	// The rule first: a rule that cannot be read is a usage error, whatever
	// the data.
	f, err := rules.Load(args[0])
	if err != nil {
		return &exitError{code: exitUsage, err: describeLoadError(args[0], err)}
	}
	db, err := o.schema.load(a)
	if err != nil {
		return err
	}
	typed := map[string]string{} // the tables to type: the files and standard input
	for name, file := range files {
		typed[name] = file
	}
	if stdinTable != "" {
		typed[stdinTable] = "-"
	}
	schema := evalSchema(db, typed)
	if opts.Tables, err = ruletest.LoadTablesLimit(files, schema, a.dataLimit()); err != nil {
		return &exitError{code: exitUsage, err: describeLoadError("", err)}
	}
	if stdinTable != "" {
		t, err := eval.ReadTable(inputs.LimitReader(a.stdin, a.dataLimit()), "", schema[stdinTable])
		if err != nil {
			var de *eval.DataError
			if errors.As(err, &de) && de.File == "" {
				de.File = "<stdin>"
			}
			return &exitError{code: exitUsage, err: fmt.Errorf("table %s: %w", stdinTable, describeLoadError("<stdin>", err))}
		}
		opts.Tables[stdinTable] = t
	}
	if opts.Watchlists, err = ruletest.LoadWatchlists(watchlistFiles, a.dataLimit()); err != nil {
		return &exitError{code: exitUsage, err: describeLoadError("", err)}
	}
	eval.SetMemoryLimit(o.maxMemory)
	r, err := f.Rule()
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	res, runErr := ruletest.Run(r, opts)
	if res == nil {
		return &exitError{code: exitFail, err: runErr}
	}
	if format == "json" {
		if err := writeJSON(a.stdout, res); err != nil {
			return &exitError{code: exitFail, err: err}
		}
	} else {
		a.printRuleResult(a.stdout, res)
	}
	if runErr != nil {
		for _, e := range res.Errors {
			a.errorf("%v%s", &e, limitHint(e.Limit))
		}
		return failed(exitFail)
	}
	return nil
}

// limitHint tells which flag raises the limit a run went over.
func limitHint(limit string) string {
	switch limit {
	case "rows":
		return " (--max-rows raises it)"
	case "memory":
		return " (--max-memory raises it)"
	}
	return ""
}

// describeLoadError adds to an error about an input the flag that raises
// a size limit.
func describeLoadError(path string, err error) error {
	var tl *inputs.TooLargeError
	if errors.As(err, &tl) && tl.Max != rules.MaxFileSize {
		return fmt.Errorf("%w (--max-input raises the limit)", err)
	}
	return err
}

// printRuleResult prints a rule run for a terminal: the result rows, the
// verdict and the entities.
func (a *app) printRuleResult(w io.Writer, res *ruletest.Result) {
	pal := a.colors(w)
	fmt.Fprintf(w, "%s (%s) at %s\n", res.Name, res.Kind, res.Now.Format(time.RFC3339))
	if res.Window != nil {
		fmt.Fprintf(w, "window: %s to %s (%s)\n", res.Window.From.Format(time.RFC3339), res.Window.To.Format(time.RFC3339), res.Window.Source)
	}
	for _, in := range res.Inputs {
		if in.Watchlist != "" {
			fmt.Fprintf(w, "input: watchlist %s, %d %s\n", in.Watchlist, in.Rows, plural(in.Rows, "row", "rows"))
			continue
		}
		fmt.Fprintf(w, "input: %s, %d %s, %d in the window\n", in.Table, in.Rows, plural(in.Rows, "row", "rows"), in.InWindow)
	}
	if res.Rows != nil {
		fmt.Fprintln(w)
		// Without the columns that have no value in any row; --json keeps them.
		_ = res.Rows.WriteTextSummary(w, "--json shows every column")
		fmt.Fprintln(w)
	}
	if len(res.Errors) > 0 {
		fmt.Fprintf(w, "%s: no verdict\n", pal.red("the run failed"))
		return
	}
	verdict := pal.yellow("does not fire")
	if res.Fires {
		verdict = pal.red("FIRES")
	}
	fmt.Fprintf(w, "%d %s; trigger %s: %s\n", res.RowCount, plural(res.RowCount, "row", "rows"), res.Trigger, verdict)
	for _, e := range res.Entities {
		fmt.Fprintf(w, "  entity %s\n", e)
	}
}

func (a *app) testCases(paths []string, format string, limits ruletest.Limits) error {
	var reports []*ruletest.Report
	failedCases, unreadable := 0, 0
	eval.SetMemoryLimit(limits.MaxMemory)
	for _, p := range paths {
		rep, err := ruletest.RunCasesLimits(p, limits)
		if err != nil {
			a.errorf("%s", errorText(p, describeLoadError(p, err)))
			unreadable++
			continue
		}
		failedCases += rep.Failed
		reports = append(reports, rep)
	}
	if format == "json" {
		if err := writeJSON(a.stdout, reports); err != nil {
			return &exitError{code: exitFail, err: err}
		}
	} else {
		passed, failedN := 0, 0
		for _, rep := range reports {
			if err := rep.WriteText(a.stdout); err != nil {
				return &exitError{code: exitFail, err: err}
			}
			passed += rep.Passed
			failedN += rep.Failed
		}
		pal := a.colors(a.stdout)
		total := passed + failedN
		fmt.Fprintf(a.stdout, "%s %d %s in %d %s: %s, %s", pal.bold("kqlt test:"), total, plural(total, "case", "cases"),
			len(reports), plural(len(reports), "file", "files"), pal.green(fmt.Sprintf("%d passed", passed)), failedText(pal, failedN))
		if unreadable > 0 {
			fmt.Fprintf(a.stdout, "; %d %s could not be read", unreadable, plural(unreadable, "file", "files"))
		}
		fmt.Fprintln(a.stdout)
	}
	switch {
	case unreadable == len(paths):
		return failed(exitUsage)
	case unreadable > 0 || failedCases > 0:
		if failedCases > 0 && format == "text" {
			a.errorf("%d %s failed", failedCases, plural(failedCases, "case", "cases"))
		}
		return failed(exitFail)
	}
	return nil
}

// failedText is "N failed", in red when N > 0.
func failedText(pal palette, n int) string {
	s := fmt.Sprintf("%d failed", n)
	if n > 0 {
		s = pal.red(s)
	}
	return s
}

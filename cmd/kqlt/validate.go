package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
)

// codeYAML is the code of the finding for a file that is not readable YAML,
// which rules.Validate cannot see: rules.Parse refuses such files.
const codeYAML = "YAML"

type validateOptions struct {
	format *formatFlags
	schema *schemaFlags
	// db is the schema the queries are bound against (issue 9): that of
	// the flags, or of the first file's .kqlt.yaml. Files under another
	// .kqlt.yaml with other schema files are bound against theirs.
	db types.Database

	disable, enable []string // --disable, --enable: check codes
	failOn          string   // --fail-on: error, warning or never
	repo            string   // --repo: the whole repository, for checks across files
}

func (a *app) validateCommand() *cobra.Command {
	var o validateOptions
	cmd := &cobra.Command{
		Use:   "validate [flags] PATH...",
		Short: "Check rule YAML the way the Azure-Sentinel repository's CI does",
		Long: `Validate checks Sentinel rule YAML files (analytic rules and hunting queries) against
the rules the Azure-Sentinel repository's CI enforces, and checks each query as
Sentinel's own analysis does: it must parse as KQL, and every table, column and
function it names must exist in the schema (codes SR200-SR299; an unknown table
or workspace function is a warning, since the workspace may have it). The
columns that entity mappings, custom details and alert details name must be
columns the query outputs (SR220). PATH is a file or a directory walked
recursively for .yaml and .yml files, and for .kql and .csl files, whose queries
are checked the same way. Rule ids are compared across all the files given.
Files that are not rules get a note (shown with -v), and files that are not
readable YAML an error (code YAML).

Findings are printed as file:line:col: code: message; --format json gives them as
JSON and --format sarif as SARIF 2.1.0 for code-scanning uploads. Run
'kqlt validate --list-checks' for the checks.

--disable and --enable turn checks off and on (codes, comma-separated). --repo
DIR reads every rule under DIR as well, so that a file's id is compared with the
whole repository's, and reports the findings of the PATH files only: the
pre-commit hook passes the staged files.

` + schemaHelp + `

` + configHelp + `

Exit codes: 0 no findings at the --fail-on severity (error by default: warnings
alone exit 0); 1 such findings, or some files could not be read; 2 usage error,
a .kqlt.yaml or schema that cannot be read, or nothing could be read.`,
		Example: `  # Lint a rule repository
  kqlt validate Detections "Hunting Queries"

  # SARIF for GitHub code scanning
  kqlt validate --format sarif Detections > kqlt.sarif

  # Your workspace's custom tables and functions (Azure-Sentinel CI files)
  kqlt validate --schema schemas/CustomTables --schema schemas/CustomFunctions Detections

  # Hunting queries kept as .kql files
  kqlt validate queries/

  # Warnings fail too; a check that does not apply is off
  kqlt validate --fail-on warning --disable SR012 Detections

  # pre-commit: the staged files, with the ids of the whole repository
  kqlt validate --repo . Detections/new-rule.yaml

  # The checks and their codes
  kqlt validate --list-checks`,
	}
	listChecks := cmd.Flags().Bool("list-checks", false, "list the checks and exit")
	cmd.Flags().StringSliceVar(&o.disable, "disable", nil, "turn these checks off (codes, such as SR012,SR016)")
	cmd.Flags().StringSliceVar(&o.enable, "enable", nil, "turn these checks on, over a .kqlt.yaml that disables them")
	cmd.Flags().StringVar(&o.failOn, "fail-on", "error", "exit 1 on findings of this severity or worse: error, warning, or never")
	cmd.Flags().StringVar(&o.repo, "repo", "", "read every rule under this folder too, for the checks across files (duplicate ids), and report the findings of PATH only (for pre-commit)")
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning", "never"}, cobra.ShellCompDirectiveNoFileComp))
	o.format = addFormatFlags(cmd, "text", "json", "sarif")
	o.schema = addSchemaFlags(cmd)
	cmd.Args = func(cmd *cobra.Command, args []string) error {
		if *listChecks {
			return cobra.NoArgs(cmd, args)
		}
		return cobra.MinimumNArgs(1)(cmd, args)
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if *listChecks {
			format, err := o.format.get(cmd)
			if err != nil {
				return err
			}
			if format == "sarif" {
				return usageError("--list-checks: --format sarif is for findings")
			}
			return a.listChecks(format)
		}
		return a.validate(cmd, &o, args)
	}
	return cmd
}

func (a *app) listChecks(format string) error {
	checks := allChecks()
	if format == "text" {
		for _, c := range checks {
			fmt.Fprintf(a.stdout, "%-6s %-24s %-8s %s\n", c.Code, c.Name, c.Severity, c.Summary)
		}
		return nil
	}
	type check struct {
		Code     string `json:"code"`
		Name     string `json:"name"`
		Severity string `json:"severity"`
		Applies  string `json:"applies"`
		Summary  string `json:"summary"`
	}
	var out []check
	for _, c := range checks {
		out = append(out, check{c.Code, c.Name, c.Severity.String(), c.Applies, c.Summary})
	}
	return writeJSON(a.stdout, out)
}

// allChecks returns rules.Checks and the YAML check of this command.
func allChecks() []rules.Check {
	return append([]rules.Check{{
		Code: codeYAML, Name: "yaml", Severity: rules.SeverityError, Applies: "all",
		Summary: "the file is readable YAML: UTF-8, well-formed, no duplicate keys, at most 1 MiB",
	}}, rules.Checks()...)
}

// validated is one file read for validation.
type validated struct {
	input
	data []byte
	file *rules.File
	// finding is the YAML finding of a file rules.Parse refused.
	finding *rules.Finding
	// kql holds the findings of a .kql or .csl file.
	kql []rules.Finding
}

func (a *app) validate(cmd *cobra.Command, o *validateOptions, paths []string) error {
	format, err := o.format.get(cmd)
	if err != nil {
		return err
	}
	disable, err := parseCodeFlag("--disable", o.disable)
	if err != nil {
		return err
	}
	enable, err := parseCodeFlag("--enable", o.enable)
	if err != nil {
		return err
	}
	switch o.failOn {
	case "error", "warning", "never":
	default:
		return usageError("--fail-on %q: want error, warning or never", o.failOn)
	}
	walk := &walker{match: func(name string) bool { return isYAML(name) || isKQL(name) }}
	inputs := walk.walk(paths)
	// --repo: the other rules of the repository, read for the checks
	// across files (duplicate ids), whose own findings are not reported.
	var context []input
	if o.repo != "" {
		given := map[string]bool{}
		for _, in := range inputs {
			given[absClean(in.path)] = true
		}
		for _, in := range (&walker{match: isYAML}).walk([]string{o.repo}) {
			if in.err == nil && !given[absClean(in.path)] {
				context = append(context, in)
			}
		}
	}

	// The .kqlt.yaml of each file, and a schema for each of them.
	cfgs := newConfigs()
	cfgOf := make([]*config, len(inputs)+len(context))
	for i, in := range append(append([]input(nil), inputs...), context...) {
		if in.err != nil {
			continue
		}
		c, err := cfgs.forFile(in.path)
		if err != nil {
			a.errorf("%v", err)
			return failed(exitUsage)
		}
		cfgOf[i] = c
	}
	dbs := map[*config]types.Database{}
	for i := range inputs {
		c := cfgOf[i]
		if _, done := dbs[c]; done {
			continue
		}
		db, err := o.schema.loadWithConfig(a, cmd, c)
		if err != nil {
			return err
		}
		dbs[c] = db
	}
	o.db = dbs[nil]
	if o.db == nil && len(inputs) > 0 {
		o.db = dbs[cfgOf[0]]
	}
	set := map[*config]*checkSettings{}
	settingsOf := func(c *config) *checkSettings {
		if s, ok := set[c]; ok {
			return s
		}
		s := settings(c, disable, enable)
		set[c] = s
		return s
	}

	files := make([]validated, len(inputs)+len(context))
	parallel(len(files), func(i int) {
		var v validated
		if i < len(inputs) {
			v = validated{input: inputs[i]}
		} else {
			v = validated{input: context[i-len(inputs)]}
		}
		if v.err == nil {
			v.data, v.err = readInput(v.path)
		}
		if v.err == nil && isKQL(v.path) {
			v.kql = validateKQL(v.path, v.data, dbs[cfgOf[i]])
		} else if v.err == nil {
			f, err := rules.Parse(v.path, v.data)
			if err != nil {
				v.finding = yamlFinding(v.path, err)
			}
			v.file = f
		}
		files[i] = v
	})

	var ok, others []*rules.File
	var findings []rules.Finding
	cfgByFile := map[*rules.File]*config{}
	read := 0
	for i, v := range files {
		if i >= len(inputs) {
			if v.file != nil {
				others = append(others, v.file)
				cfgByFile[v.file] = cfgOf[i]
			}
			continue
		}
		if v.err != nil {
			a.errorf("%s", errorText(v.path, v.err))
			continue
		}
		read++
		if v.file == nil && v.finding == nil {
			findings = append(findings, settingsOf(cfgOf[i]).apply(v.kql)...)
		} else if v.finding != nil {
			findings = append(findings, settingsOf(cfgOf[i]).apply([]rules.Finding{*v.finding})...)
		} else {
			ok = append(ok, v.file)
			cfgByFile[v.file] = cfgOf[i]
		}
	}
	files = files[:len(inputs)]
	reported := map[string]*config{}
	for _, f := range ok {
		reported[f.Name()] = cfgByFile[f]
	}
	// The other files first: a new rule that takes the id of one already
	// in the repository is the one reported.
	options := func(f *rules.File) rules.Options {
		return rules.Options{Durations: settingsOf(cfgByFile[f]).durations}
	}
	byFile := map[string][]rules.Finding{}
	for _, f := range rules.ValidateWith(options, append(others, ok...)...) {
		if _, mine := reported[f.File]; mine {
			byFile[f.File] = append(byFile[f.File], f)
		}
	}
	groups := map[*config][]*rules.File{}
	var order []*config
	for _, f := range ok {
		c := cfgByFile[f]
		if _, seen := groups[c]; !seen {
			order = append(order, c)
		}
		groups[c] = append(groups[c], f)
	}
	for _, c := range order {
		for _, f := range rules.Semantics(dbs[c], groups[c]...) {
			byFile[f.File] = append(byFile[f.File], f)
		}
	}
	for file, fs := range byFile {
		findings = append(findings, settingsOf(reported[file]).apply(fs)...)
	}
	sortFindings(findings)

	var errs, warns, notes int
	for _, f := range findings {
		switch f.Severity {
		case rules.SeverityError:
			errs++
		case rules.SeverityWarning:
			warns++
		default:
			notes++
		}
	}
	switch format {
	case "json":
		err = writeJSON(a.stdout, findingsJSON(read, findings, errs, warns, notes))
	case "sarif":
		err = writeJSON(a.stdout, sarifLog(files, findings))
	default:
		a.printFindings(a.stdout, findings, a.verbose)
		a.validateSummary(read, errs, warns, notes, a.verbose)
	}
	if err != nil {
		return &exitError{code: exitFail, err: err}
	}
	fail := errs > 0
	switch o.failOn {
	case "warning":
		fail = errs+warns > 0
	case "never":
		fail = false
	}
	switch {
	case len(inputs) == 0:
		return &exitError{code: exitUsage, err: errors.New("no YAML files found")}
	case read == 0:
		a.errorf("nothing could be read")
		return failed(exitUsage)
	case read < len(inputs) || fail:
		return failed(exitFail)
	}
	return nil
}

// absClean returns the absolute, clean form of path, to compare paths.
func absClean(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

func yamlFinding(path string, err error) *rules.Finding {
	f := &rules.Finding{Code: codeYAML, Severity: rules.SeverityError, File: path,
		Pos: rules.Position{Line: 1, Column: 1}, Message: err.Error()}
	var re *rules.Error
	if errors.As(err, &re) {
		f.Message = re.Msg
		f.Field = re.Field
		if re.Pos.IsValid() {
			f.Pos = re.Pos
		}
	}
	return f
}

func (a *app) printFindings(w io.Writer, findings []rules.Finding, verbose bool) {
	pal := a.colors(w)
	for _, f := range findings {
		if f.Severity == rules.SeverityInfo && !verbose {
			continue
		}
		code := f.Code
		switch f.Severity {
		case rules.SeverityError:
			code = pal.red(code)
		case rules.SeverityWarning:
			code = pal.yellow(code)
		default:
			code = pal.dim(code)
		}
		fmt.Fprintf(w, "%s:%s: %s: %s\n", displayPath(f.File), f.Pos, code, f.Message)
	}
}

func (a *app) validateSummary(files, errs, warns, notes int, verbose bool) {
	pal := a.colors(a.stderr)
	s := fmt.Sprintf("%d %s, %d %s", errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
	if errs+warns > 0 {
		s = pal.red(s)
	} else {
		s = pal.green(s)
	}
	s += fmt.Sprintf(", %d %s", notes, plural(notes, "note", "notes"))
	if notes > 0 && !verbose {
		s += " (-v shows them)"
	}
	fmt.Fprintf(a.stderr, "%s %d %s: %s\n", pal.bold("kqlt validate:"), files, plural(files, "file", "files"), s)
}

type findingJSON struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
}

func findingsJSON(files int, findings []rules.Finding, errs, warns, notes int) any {
	out := struct {
		Files    int           `json:"files"`
		Errors   int           `json:"errors"`
		Warnings int           `json:"warnings"`
		Notes    int           `json:"notes"`
		Findings []findingJSON `json:"findings"`
	}{files, errs, warns, notes, []findingJSON{}}
	for _, f := range findings {
		out.Findings = append(out.Findings, findingJSON{f.File, f.Pos.Line, f.Pos.Column, f.Code, f.Severity.String(), f.Field, f.Message})
	}
	return out
}

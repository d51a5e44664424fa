package main

import (
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/transform"
)

type convertOptions struct {
	profile        string
	out            string
	emit           []string
	singleTemplate string
	report         string
	diff           bool
	check          bool
	prune          bool
	failOnChange   bool
	quiet          bool
	format         *formatFlags
	schema         *schemaFlags
	verify         verifyOptions
}

func (a *app) convertCommand() *cobra.Command {
	var o convertOptions
	cmd := &cobra.Command{
		Use:   "convert --out DIR [flags] PATH...",
		Short: "Convert rules with a profile (Key Vault to Managed HSM by default)",
		Long: `Convert rewrites the rules a conversion profile applies to and writes them to DIR;
the built-in profile turns Azure Key Vault rules into Azure Key Vault Managed HSM rules.

PATH is a rule file, or a directory walked recursively for YAML files (.yaml,
.yml; directories whose name starts with a dot are skipped, symbolic links are
followed). For a directory PATH, the rule PATH/a/b/X.yaml is written to
DIR/a/b/X.yaml (Sentinel YAML) and DIR/a/b/X.json (ARM template); for a file
PATH, to DIR/X.yaml and DIR/X.json. With several PATHs, each keeps its name
under DIR (DIR/Detections/..., DIR/Hunting Queries/...); two with one name are
refused. Rules outside the profile's scope, rules the
conversion would leave unable to fire, and files that are not rules are skipped
with the reason. Two inputs that would be written to the same output are both
refused.

Convert writes nothing outside DIR (symbolic links included), never modifies
its inputs, and writes each file atomically; the same input gives the same
bytes. Files that could not be read or converted are reported on stderr and the
others are still converted.

Convert binds the source and the converted query against the same schema (see
kqlt validate): a conversion that adds findings the source does not have, such as
a column the target table lacks or an entity mapping naming a column the query no
longer outputs, is not written and is reported as failed, naming them; --check
reports it the same way.

Convert lists the files it writes in DIR/.kqlt-manifest.json and deletes
(--prune) or reports as orphaned only those: everything else in DIR is yours. A
file at the output path of a current input is adopted. --report and the other
output paths are refused when they are an input or an output of the run.

With --check, convert writes nothing at all: it compares what it would write
with what DIR holds and lists each output that is missing, stale, or orphaned (a
file convert wrote whose source is gone or no longer converts). Run it in CI.
--fail-on-change (the pre-commit hook) exits 1, listing them, when convert
created, changed or deleted a file.

` + schemaHelp + `
` + verifyHelp + `

Exit codes: 0 success; 1 some files failed, --check found differences, or
--verify found a conversion that disagrees; 2 usage error, or no input could
be read.`,
		Example: `  # Convert the bundled Key Vault rules
  kqlt convert testdata/rules/keyvault --out /tmp/kqlt-mhsm

  # Convert a whole Azure-Sentinel checkout, keeping its layout, with a report
  kqlt convert Azure-Sentinel --out mhsm --report mhsm-report.json

  # Show what would change, without writing
  kqlt convert --diff rules/KeyVaultSensitiveOperations.yaml

  # Only Sentinel YAML, plus one ARM template holding every converted rule
  kqlt convert rules --out mhsm --emit yaml --single-template all-rules.json

  # CI: fail when mhsm/ is not what convert would write
  kqlt convert --check rules --out mhsm

  # Use your own profile
  kqlt convert --profile my-profile.yaml rules --out converted

  # Prove each conversion on generated events, and keep the cases as tests
  kqlt convert --verify --verify-cases mhsm-tests rules --out mhsm`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.convert(cmd, &o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.profile, "profile", "p", transform.DefaultProfile, "conversion profile: a built-in name or a profile YAML file")
	f.StringVarP(&o.out, "out", "o", "", "output directory (required, except with --diff)")
	f.StringSliceVar(&o.emit, "emit", []string{"yaml", "arm"}, "files to write for each converted rule: yaml, arm, or none")
	f.StringVar(&o.singleTemplate, "single-template", "", "also write one ARM template holding every converted rule, at this path inside DIR")
	f.StringVar(&o.report, "report", "", "write the full change report as JSON to this file ('-' for stdout)")
	f.BoolVar(&o.diff, "diff", false, "print unified diffs (source to converted; with --check, DIR to expected) instead of writing")
	f.BoolVar(&o.check, "check", false, "write nothing; exit 1 if DIR is missing outputs, or has stale or orphaned ones")
	f.BoolVar(&o.prune, "prune", false, "delete the files convert wrote in DIR that no input converts to any more")
	f.BoolVar(&o.failOnChange, "fail-on-change", false, "exit 1, listing them, when convert created, changed or deleted a file in DIR (for pre-commit: stage them and commit again)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print only errors and the differences --check finds: no progress bar, no per-file lines, no summary")
	addVerifyFlags(f, &o.verify)
	o.format = addFormatFlags(cmd, "text", "json")
	o.schema = addSchemaFlags(cmd)
	a.addMaxInputFlag(cmd)
	_ = cmd.MarkFlagDirname("out")
	_ = cmd.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return transform.BuiltinNames(), cobra.ShellCompDirectiveDefault
	})
	_ = cmd.RegisterFlagCompletionFunc("emit", cobra.FixedCompletions([]string{"yaml", "arm", "none"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// emitYAML and emitARM tell which per-rule files convert writes.
func (o *convertOptions) emits() (yaml, arm bool, err error) {
	for _, e := range o.emit {
		switch strings.ToLower(strings.TrimSpace(e)) {
		case "yaml":
			yaml = true
		case "arm":
			arm = true
		case "none", "":
		default:
			return false, false, usageError("--emit %q: want yaml, arm or none", e)
		}
	}
	return yaml, arm, nil
}

func (a *app) convert(cmd *cobra.Command, o *convertOptions, args []string) error {
	format, err := o.format.get(cmd)
	if err != nil {
		return err
	}
	emitYAML, emitARM, err := o.emits()
	if err != nil {
		return err
	}
	if o.out == "" && !(o.diff && !o.check) {
		return usageError("--out DIR is required")
	}
	if o.singleTemplate != "" {
		if o.out == "" {
			return usageError("--single-template needs --out")
		}
		if filepath.IsAbs(o.singleTemplate) {
			return usageError("--single-template %s: give a path inside the output directory, relative to it", displayPath(o.singleTemplate))
		}
		if err := checkRel(o.singleTemplate); err != nil {
			return usageError("--single-template: %v", err)
		}
	}
	if (o.prune || o.failOnChange) && (o.check || o.diff) {
		flag := "--prune"
		if !o.prune {
			flag = "--fail-on-change"
		}
		return usageError("%s is about writing: it cannot go with --check or --diff", flag)
	}
	if o.report == "-" && format == "json" {
		return usageError("--report - and --format json both write the report to stdout; use one")
	}
	// The .kqlt.yaml of the inputs gives the profile and the schema files,
	// under the flags.
	cfgs := newConfigs()
	cfg, err := cfgs.forPaths(args)
	if err != nil {
		a.errorf("%v", err)
		return failed(exitUsage)
	}
	profile, flag := o.profile, "--profile"
	if cfg != nil && cfg.profile != "" && !cmd.Flags().Changed("profile") {
		profile, flag = cfg.profile, cfg.path+": profile"
	}
	prof, err := transform.LoadProfileLimit(profile, a.metaLimit())
	if err != nil {
		return usageError("%s: %v", flag, err)
	}
	db, err := o.schema.loadWithConfig(a, cmd, cfg)
	if err != nil {
		return err
	}

	c := &conversion{
		app:     a,
		opts:    o,
		format:  format,
		profile: prof,
		yaml:    emitYAML,
		arm:     emitARM,
		db:      db,
		cfgs:    cfgs,
		cfg:     cfg,
	}
	if o.out != "" {
		if c.out, err = openOutDir(o.out); err != nil {
			return usageError("%v", err)
		}
	}
	if err := c.checkVerifyFlags(cmd.Flags(), args); err != nil {
		return err
	}
	return c.run(args)
}

// emitted lists the kinds of file written per rule, for messages.
func (c *conversion) emitted() string {
	var kinds []string
	if c.yaml {
		kinds = append(kinds, "yaml")
	}
	if c.arm {
		kinds = append(kinds, "arm")
	}
	if len(kinds) == 0 {
		return "none"
	}
	return strings.Join(kinds, ",")
}

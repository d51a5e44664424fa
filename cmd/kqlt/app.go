package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes, documented in the root command's help and the README.
const (
	exitOK    = 0 // success
	exitFail  = 1 // findings, failed checks, or some files could not be handled
	exitUsage = 2 // usage error, or nothing could be read
)

// app is one run of the command, with its streams and environment, so that
// tests can run it in process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether w is a terminal: it decides colour and
	// the progress bar.
	isTerminal func(w io.Writer) bool
	// maxInput is the --max-input of commands that read profile, schema,
	// case or data files (0: the defaults, see readfile.go).
	maxInput int64
	// verbose is the -v, --verbose flag of every command.
	verbose bool
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, isTerminal: isTerminal}
}

// exitError carries an exit code out of a command. A nil err means that the
// command has already said what went wrong.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is an error in how the command was called (exit status 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// failed returns the error of a command that has reported its problems
// itself and exits with code (exitFail or exitUsage).
func failed(code int) error { return &exitError{code: code} }

// run runs the command line args (without the program name) and returns the
// exit code.
func (a *app) run(args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var xe *exitError
	if errors.As(err, &xe) {
		if xe.err != nil {
			a.errorf("%v", xe.err)
		}
		if xe.code == exitUsage && xe.err != nil {
			a.usageHint(root, args)
		}
		return xe.code
	}
	// Errors that do not come from a command's own code are cobra's: an
	// unknown command or flag, a wrong number of arguments.
	a.errorf("%v", err)
	a.usageHint(root, args)
	return exitUsage
}

// usageHint tells where the help of the command in args is.
func (a *app) usageHint(root *cobra.Command, args []string) {
	cmd, _, err := root.Find(args)
	name := "kqlt"
	if err == nil && cmd != nil {
		name = cmd.CommandPath()
	}
	fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", name)
}

// errorf prints an error message on stderr.
func (a *app) errorf(format string, args ...any) {
	msg := strings.TrimRight(fmt.Sprintf(format, args...), "\n")
	fmt.Fprintf(a.stderr, "%s %s\n", a.colors(a.stderr).red("kqlt:"), msg)
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "kqlt",
		Short: "Parse, format, validate and convert KQL detection rules",
		Long: `kqlt parses, formats, validates and converts KQL detection rules: Microsoft
Sentinel rule YAML (analytic rules and hunting queries) and .kql/.csl files.
Its main job is converting Azure Key Vault rules to Azure Key Vault Managed HSM
rules, a whole rule repository at a time, and keeping the converted rules in
sync in CI and pre-commit hooks.

Exit codes:
  0  success
  1  findings, failed checks, or some files could not be handled
  2  usage error, or nothing could be read`,
		Example: `  # Convert the Key Vault rules of a Sentinel repository to Managed HSM rules
  kqlt convert Detections "Hunting Queries" --out mhsm

  # In CI: fail when the converted rules are out of date
  kqlt convert --check Detections --out mhsm

  # Lint rules the way the Azure-Sentinel repository's CI does
  kqlt validate Detections

  # Set up shell completion (bash; also zsh, fish, powershell)
  source <(kqlt completion bash)`,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// kqlt alone prints the usage and exits 2, as any usage error.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(a.stderr)
			_ = cmd.Usage()
			return failed(exitUsage)
		},
	}
	// -v is --verbose in every command; the version is --version only.
	root.PersistentFlags().BoolVarP(&a.verbose, "verbose", "v", false, "print more: the files convert skips and why, validate's notes, the files fmt leaves as they are")
	root.Flags().Bool("version", false, "print the version of kqlt")
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate("kqlt {{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})
	root.AddCommand(
		a.convertCommand(),
		a.validateCommand(),
		a.fmtCommand(),
		a.parseCommand(),
		a.profileCommand(),
		a.testCommand(),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Example = `  # bash, for this shell
  source <(kqlt completion bash)

  # zsh, for every new shell
  kqlt completion zsh > "${fpath[1]}/_kqlt"`
		examples := map[string]string{
			"bash":       "  source <(kqlt completion bash)",
			"zsh":        `  kqlt completion zsh > "${fpath[1]}/_kqlt"`,
			"fish":       "  kqlt completion fish | source",
			"powershell": "  kqlt completion powershell | Out-String | Invoke-Expression",
		}
		for _, sh := range c.Commands() {
			sh.Example = examples[sh.Name()]
		}
	}
	return root
}

// isTerminal is the default app.isTerminal: w is an *os.File on a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && fileIsTerminal(f)
}

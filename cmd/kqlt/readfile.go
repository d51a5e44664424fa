package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kqlt/kqlt/kql"
	inputs "github.com/kqlt/kqlt/kql/input"
	"github.com/kqlt/kqlt/rules"
)

// Inputs. Every named input is read with package input, which checks what
// a path is before opening it (regular files and the pipes of /dev/stdin
// and /dev/fd/N are read; named pipes, devices and directories are refused
// without blocking) and reads at most a limit:
//
//	rule and KQL files, and standard input holding one   1 MiB (rules.MaxFileSize), always
//	profile, schema and test-case files                   16 MiB  (--max-input changes it)
//	sample-data files (--table, and those case files name) 1 GiB  (--max-input changes it)
//	sample data on standard input (--table T=-)          1 GiB  (--max-input changes it)

// readInput reads a rule or KQL file, refusing what is not a regular file
// (or a standard-input pipe) and files larger than rules.MaxFileSize. The
// error does not repeat the path.
func readInput(path string) ([]byte, error) {
	data, err := inputs.ReadFile(path, rules.MaxFileSize)
	if err != nil {
		return nil, describeFSError(path, err)
	}
	return data, nil
}

// readStdinText reads standard input holding a rule or KQL, with the limit
// of a rule file.
func (a *app) readStdinText() ([]byte, error) {
	data, err := inputs.ReadAll(a.stdin, rules.MaxFileSize)
	if err != nil {
		return nil, describeInputError(err)
	}
	return data, nil
}

// metaLimit is the size limit of profile, schema and test-case files.
func (a *app) metaLimit() int64 {
	if a.maxInput > 0 {
		return a.maxInput
	}
	return inputs.MaxMetaSize
}

// dataLimit is the size limit of sample-data files and of data on standard
// inputs.
func (a *app) dataLimit() int64 {
	if a.maxInput > 0 {
		return a.maxInput
	}
	return inputs.MaxDataSize
}

// addMaxInputFlag adds --max-input to a command that reads profile,
// schema, test-case or sample-data files.
func (a *app) addMaxInputFlag(cmd *cobra.Command) {
	cmd.Flags().Var(&sizeFlag{&a.maxInput}, "max-input",
		"the largest profile, schema, case or data file read, such as 64MiB or 2GiB (default 16MiB for profile, schema and case files, 1GiB for data; rule files stay at 1MiB)")
}

// sizeFlag is a flag holding a size in bytes: 512MiB, 2G, 1048576.
type sizeFlag struct{ n *int64 }

var _ pflag.Value = (*sizeFlag)(nil)

func (f *sizeFlag) String() string {
	if f.n == nil || *f.n == 0 {
		return ""
	}
	return inputs.FormatSize(*f.n)
}

func (f *sizeFlag) Set(s string) error {
	n, err := inputs.ParseSize(s)
	if err != nil {
		return err
	}
	*f.n = n
	return nil
}

func (f *sizeFlag) Type() string { return "size" }

// describeInputError shortens an error of package input for a message
// that names the input beside it, and says how to raise a size limit.
func describeInputError(err error) error {
	var tl *inputs.TooLargeError
	if errors.As(err, &tl) {
		if tl.Max == rules.MaxFileSize {
			return errors.New(tl.Error() + " (rule and KQL files are at most 1 MiB)")
		}
		return errors.New(tl.Error() + " (--max-input raises the limit)")
	}
	var ie *inputs.Error
	if errors.As(err, &ie) {
		return ie.Err
	}
	return err
}

// errorText formats an error about the file path: "path: message", unless
// the message already starts with the path (as those of package rules do).
// A path holding control characters (a line break, an escape) is quoted,
// so that it cannot break the line or the terminal.
func errorText(path string, err error) string {
	var se *syntaxError
	var ke *kql.Error
	var re *rules.Error
	switch {
	case errors.As(err, &re):
		// Positioned in the file already, even when it wraps a
		// *kql.Error positioned in the query.
		return errorTextPlain(path, err)
	case errors.As(err, &se):
		return displayPath(path) + ":" + se.Error()
	case errors.As(err, &ke):
		return displayPath(path) + ":" + ke.Error()
	}
	return errorTextPlain(path, err)
}

func errorTextPlain(path string, err error) string {
	s := err.Error()
	if len(s) > len(path) && s[:len(path)] == path && (s[len(path)] == ':') {
		return displayPath(path) + s[len(path):]
	}
	return displayPath(path) + ": " + s
}

// displayPath returns a file name for text output: as it is, or quoted as
// a Go string when it holds a control character (a line break would split
// a file:line:col line in two; an escape sequence would reach the
// terminal).
func displayPath(path string) string {
	if strings.IndexFunc(path, isControl) < 0 {
		return path
	}
	return fmt.Sprintf("%q", path)
}

// safeLine replaces the control characters of a line of input shown on a
// terminal (an escape sequence in a query) with "?", one for one so that a
// caret under the line stays in place; tabs stay.
func safeLine(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r != '\t' && isControl(r) }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r != '\t' && isControl(r) {
			return '?'
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7F || r >= 0x80 && r < 0xA0 || r == 0x2028 || r == 0x2029
}

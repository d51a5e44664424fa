// Command tables lists the tables and columns a KQL query reads. It shows
// how to parse a query with package kql and bind its names with package
// kql/types against the built-in Microsoft Sentinel schema of package
// kql/schema: the binder knows what each name refers to, so a let binding,
// a column the query computes, an operator parameter (join kind=inner) or
// a member of a dynamic value is never taken for a column or a table.
//
//	echo 'SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName' | go run ./examples/tables
//
// prints
//
//	tables:  SigninLogs
//	columns: SigninLogs.ResultType, SigninLogs.UserPrincipalName
//
// Names the schema does not know (a custom table, a misspelled column)
// are listed after "unknown:", with the binder's diagnostics on stderr.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
)

func main() {
	if err := run(os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tables:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out, diag io.Writer) error {
	src, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	q, err := kql.Parse(string(src))
	if err != nil {
		var ke *kql.Error
		if errors.As(err, &ke) {
			return fmt.Errorf("%v\n%s", ke, ke.Snippet())
		}
		return err
	}
	u := Uses(q, schema.Default())
	for _, d := range u.Diagnostics {
		fmt.Fprintf(diag, "%s: %s: %s\n", q.Position(d.Pos), d.Code, d.Message)
	}
	fmt.Fprintf(out, "tables:  %s\ncolumns: %s\n", strings.Join(u.Tables, ", "), strings.Join(u.Columns, ", "))
	if len(u.Unknown) > 0 {
		fmt.Fprintf(out, "unknown: %s\n", strings.Join(u.Unknown, ", "))
	}
	return nil
}

// Names are the names a query reads, sorted.
type Names struct {
	Tables  []string // the tables of the schema
	Columns []string // their columns, as Table.Column
	Unknown []string // names the schema does not have
	// Diagnostics are the binder's findings about the query.
	Diagnostics []types.Diagnostic
}

// Uses binds q against db and returns the tables and columns it reads.
func Uses(q *kql.Query, db types.Database) Names {
	info := &types.Info{Uses: map[*kql.Ident]types.Symbol{}}
	var n Names
	n.Diagnostics = (&types.Config{Database: db}).Check(q, info)
	tables, columns, unknown := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range info.Uses {
		switch s := s.(type) {
		case *types.Table:
			tables[s.Name] = true
		case *types.Column:
			if s.Table != nil {
				columns[s.Table.Name+"."+s.Name] = true
			}
		}
	}
	for _, d := range n.Diagnostics {
		switch d.Code {
		case types.CodeUnknownName, types.CodeUnknownTable, types.CodeUnknownFunction, types.CodeUnknownWorkspace:
			unknown[d.Name] = true
		}
	}
	n.Tables, n.Columns, n.Unknown = sorted(tables), sorted(columns), sorted(unknown)
	return n
}

func sorted(set map[string]bool) []string {
	var out []string
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Command tables lists the tables and columns a KQL query uses. It shows how
// to parse a query with package kql and walk its syntax tree with kql.Apply,
// whose cursor tells which field of its parent holds each node.
//
//	echo 'SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName' | go run ./examples/tables
//
// prints
//
//	tables:  SigninLogs
//	columns: ResultType, UserPrincipalName
//
// The walk is syntactic: package kql does not bind names to a schema, so a
// name is a table when it starts a pipeline or is a union or join operand,
// and a column when it is used in an expression and is not a function, a let
// binding, a column the query defines, or a member after a dot.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tables:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
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
	tables, columns := Uses(q)
	fmt.Fprintf(out, "tables:  %s\ncolumns: %s\n", strings.Join(tables, ", "), strings.Join(columns, ", "))
	return nil
}

// Uses returns the tables and the columns that q uses, sorted.
func Uses(q *kql.Query) (tables, columns []string) {
	lets := map[string]bool{}    // names bound by let
	defined := map[string]bool{} // columns the query makes: extend x = ..., summarize n = count()
	tableSet := map[string]bool{}
	columnSet := map[string]bool{}
	kql.Apply(q, func(c *kql.Cursor) bool {
		switch n := c.Node().(type) {
		case *kql.LetStmt:
			lets[n.Name.Name] = true
		case *kql.NamedExpr:
			if c.Name() == "Params" {
				return false // operator parameters: kind=inner, hint.strategy=shuffle
			}
			defined[n.Name.Name] = true
		case *kql.ColumnDecl:
			defined[n.Name.Name] = true
			return false // a declared column and its type
		case *kql.Ident:
			switch c.Name() {
			case "Source", "Tables", "Right": // T | ..., union T, join (T)
				tableSet[n.Name] = true
			case "X":
				if _, ok := c.Parent().(*kql.ExprStmt); ok { // a query that is just T
					tableSet[n.Name] = true
				} else {
					columnSet[n.Name] = true
				}
			case "Fun", "Sel", "Name", "Names", "Chart", "Types":
				// functions, members after a dot, names being bound,
				// render kinds and type names
			default:
				columnSet[n.Name] = true
			}
		}
		return true
	}, nil)
	for name := range tableSet {
		if !lets[name] {
			tables = append(tables, name)
		}
	}
	for name := range columnSet {
		if !lets[name] && !defined[name] && !tableSet[name] && !strings.HasPrefix(name, "$") {
			columns = append(columns, name)
		}
	}
	sort.Strings(tables)
	sort.Strings(columns)
	return tables, columns
}

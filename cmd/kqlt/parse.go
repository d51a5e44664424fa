package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

type parseOptions struct {
	format *formatFlags
}

func (a *app) parseCommand() *cobra.Command {
	var o parseOptions
	cmd := &cobra.Command{
		Use:   "parse [--json] FILE|-",
		Short: "Print the syntax tree of KQL, or its syntax errors",
		Long: `Parse parses KQL and prints its syntax tree: an outline by default, JSON with
--json (every node with its type, fields, and start and end positions: offset,
line and column in the file). On a syntax error it prints the position, the
message, and the line with a caret under the column.

FILE is a .kql or .csl file, whose queries separated by blank lines are parsed
one by one; a rule YAML file (.yaml, .yml), whose query: is parsed with
positions in the YAML file; or - for KQL on standard input.

Exit codes: 0 parsed; 1 syntax errors; 2 usage error, or FILE could not be read.`,
		Example: `  # The syntax tree of a query
  echo 'SigninLogs | where ResultType != 0 | take 10' | kqlt parse -

  # The same as JSON, for tools
  kqlt parse --json hunting.kql | jq '.queries[0].ast.stmts[0]'

  # Check the query of a rule; errors point into the YAML file
  kqlt parse Detections/AzureDiagnostics/KeyVaultSensitiveOperations.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.parse(cmd, &o, args[0])
		},
	}
	o.format = addFormatFlags(cmd, "text", "json")
	return cmd
}

// parsedQuery is one query of a file, with the mapping from its positions
// to the file's.
type parsedQuery struct {
	query *kql.Query
	pos   func(kql.Pos) kql.Position
}

func (a *app) parse(cmd *cobra.Command, o *parseOptions, path string) error {
	format, err := o.format.get(cmd)
	if err != nil {
		return err
	}
	var data []byte
	name := path
	if path == "-" {
		name = "<stdin>"
		data, err = a.readStdinText()
	} else {
		data, err = readInput(path)
	}
	if err != nil {
		return &exitError{code: exitUsage, err: errors.New(errorText(name, err))}
	}
	queries, errs := parseKQLOrRule(name, data)
	for _, err := range errs {
		a.printSyntaxError(name, err)
	}
	if format == "json" {
		doc := astFile{File: name, Queries: []astQuery{}}
		for _, q := range queries {
			start := q.pos(q.query.Pos())
			doc.Queries = append(doc.Queries, astQuery{Offset: start.Offset, Line: start.Line, AST: astValue(q.query, q.pos)})
		}
		for _, err := range errs {
			doc.Errors = append(doc.Errors, errorText(name, err))
		}
		if err := writeJSON(a.stdout, doc); err != nil {
			return &exitError{code: exitFail, err: err}
		}
	} else {
		pal := a.colors(a.stdout)
		for i, q := range queries {
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			writeOutline(a.stdout, q.query, q.pos, pal)
		}
	}
	if len(errs) > 0 {
		return failed(exitFail)
	}
	return nil
}

// parseKQLOrRule parses the KQL of a file: the query of a rule YAML file,
// or the queries of a KQL file.
func parseKQLOrRule(name string, data []byte) ([]parsedQuery, []error) {
	if isYAML(name) {
		f, err := rules.Parse(name, data)
		if err != nil {
			return nil, []error{err}
		}
		r, err := f.Rule()
		if err != nil {
			return nil, []error{err}
		}
		text, err := r.QueryText()
		if err != nil {
			return nil, []error{err}
		}
		q, err := kql.Parse(text)
		pos := func(p kql.Pos) kql.Position {
			if !p.IsValid() {
				return kql.Position{}
			}
			rp := r.QueryPosition(p.Offset())
			return kql.Position{Offset: rp.Offset, Line: rp.Line, Column: rp.Column}
		}
		if err != nil {
			var ke *kql.Error
			if errors.As(err, &ke) {
				rp := r.QueryPosition(ke.Pos.Offset)
				return nil, []error{&syntaxError{pos: rp.String(), msg: ke.Msg, snippet: ke.Snippet()}}
			}
			return nil, []error{err}
		}
		return []parsedQuery{{query: q, pos: pos}}, nil
	}
	fqs, err := kql.ParseFile(string(data))
	var out []parsedQuery
	for _, fq := range fqs {
		out = append(out, parsedQuery{query: fq.Query, pos: fq.Position})
	}
	if err == nil {
		return out, nil
	}
	var list kql.ErrorList
	if errors.As(err, &list) {
		errs := make([]error, len(list))
		for i, e := range list {
			errs[i] = e
		}
		return out, errs
	}
	return out, []error{err}
}

type astFile struct {
	File    string     `json:"file"`
	Queries []astQuery `json:"queries"`
	Errors  []string   `json:"errors,omitempty"`
}

type astQuery struct {
	Offset int `json:"offset"` // where the query starts in the file
	Line   int `json:"line"`
	AST    any `json:"ast"`
}

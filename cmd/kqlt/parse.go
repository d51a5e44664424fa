package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
)

type parseOptions struct {
	format *formatFlags
	bind   bool
	schema *schemaFlags
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

With --bind, each query is also bound against the schema (see kqlt validate):
every name gets the symbol it refers to (symbol: "column SigninLogs.UserId:
string", "let threshold: long", "function tolower"...), every expression its
type (dataType: a scalar type, or a row schema such as (a:string, b:long)), and
every operator the row schema it outputs (schema); the binder's findings are
listed with each query (JSON) or on stderr.

` + schemaHelp + `

Exit codes: 0 parsed; 1 syntax errors; 2 usage error, or FILE could not be read.`,
		Example: `  # The syntax tree of a query
  echo 'SigninLogs | where ResultType != 0 | take 10' | kqlt parse -

  # The same as JSON, for tools
  kqlt parse --json hunting.kql | jq '.queries[0].ast.stmts[0]'

  # Check the query of a rule; errors point into the YAML file
  kqlt parse Detections/AzureDiagnostics/KeyVaultSensitiveOperations.yaml

  # What each name refers to, and the row schemas
  kqlt parse --bind --json rule.yaml | jq '.queries[0].diagnostics'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.parse(cmd, &o, args[0])
		},
	}
	o.format = addFormatFlags(cmd, "text", "json")
	cmd.Flags().BoolVar(&o.bind, "bind", false, "bind the queries against the schema: show symbols, types and row schemas")
	o.schema = addSchemaFlags(cmd)
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
	var db types.Database
	if o.bind {
		set, err := o.schema.load(a)
		if err != nil {
			return err
		}
		db = set
	}
	queries, errs := parseKQLOrRule(name, data)
	for _, err := range errs {
		a.printSyntaxError(name, err)
	}
	bound := make([]*binding, len(queries))
	if o.bind {
		for i, q := range queries {
			bound[i] = bindQuery(db, q.query)
			if format != "json" {
				for _, d := range bound[i].diags {
					p := q.pos(d.Pos)
					fmt.Fprintf(a.stderr, "%s:%d:%d: %s: %s\n", name, p.Line, p.Column, d.Code, d.Message)
				}
			}
		}
	}
	if format == "json" {
		doc := astFile{File: name, Queries: []astQuery{}}
		for i, q := range queries {
			start := q.pos(q.query.Pos())
			aq := astQuery{Offset: start.Offset, Line: start.Line, AST: annotatedAST(q.query, q.pos, bound[i].annotate)}
			if b := bound[i]; b != nil {
				aq.Diagnostics = []jsonDiagnostic{}
				for _, d := range b.diags {
					p := q.pos(d.Pos)
					aq.Diagnostics = append(aq.Diagnostics, jsonDiagnostic{d.Code, d.Severity.String(), d.Name, d.Message, jsonPosition{p.Offset, p.Line, p.Column}})
				}
				if b.info.Output != nil {
					aq.Output = b.info.Output.String()
				}
			}
			doc.Queries = append(doc.Queries, aq)
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
			writeAnnotatedOutline(a.stdout, q.query, q.pos, pal, bound[i].annotate)
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
	// With --bind: the binder's findings and the result's row schema.
	Diagnostics []jsonDiagnostic `json:"diagnostics,omitempty"`
	Output      string           `json:"output,omitempty"`
}

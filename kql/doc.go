// Package kql parses, walks, rewrites and prints KQL (Kusto Query Language)
// queries.
//
// The parser is lossless: every node of the syntax tree records the byte span
// it came from, and the whitespace and comments between tokens stay with the
// query. (*Query).String returns the source byte for byte when the tree is
// unmodified; after edits, untouched text is copied from the source and only
// the changed nodes are printed anew. Format prints any tree in one canonical
// layout instead, keeping comments.
//
// Inspect walks a tree; Apply rewrites it with a cursor, in the style of
// golang.org/x/tools/go/ast/astutil.
//
// Parse reads one query, as the official parser does; ParseFile reads a
// .kql or .csl file that holds several queries separated by blank lines.
//
// The language is that of the official parser, Kusto.Language 12.4.1: a
// query Parse accepts is one the official parser accepts, and the other way
// round, on the shared corpus of real queries and on generated variants of
// the less common forms — the graph operators (make-graph, graph-match,
// graph-shortest-paths, graph-to-table, graph-mark-components,
// graph-where-nodes, graph-where-edges, and graph('G') as a source), search
// predicates Column:"term", the client parameters of workbooks and
// dashboards ({Name}, an Ident whose Braced method reports true), count as Name, render's
// older clauses (by Columns, with "title"), and trailing commas in row
// schemas.
//
// A text whose first token is a dot is a control command, as for the
// official parser. Parse reads the commands that rule and Azure Data
// Explorer repositories use, as a *Command (command.go): .create,
// .create-merge, .alter, .alter-merge and .drop of a table or tables,
// .create database, .add and .drop database principals, .show (tables,
// databases, functions, function F, table T [details | schema as json |
// cslschema], database D schema) followed by | and operators, .ingest
// inline into table T <| data, .set, .append, .set-or-append and
// .set-or-replace T <| query, and .create, .alter and .create-or-alter
// function F(params) { body }. Their queries and function bodies are
// ordinary statements, which the walkers, rewriters and the binder see.
// As the official parser does, Parse reads one command and skips the
// tokens after it (Command.Skipped, SkippedText) without an error: a file
// of several commands parses as its first.
//
// Not supported: the other control commands (the official parser accepts
// any command name), restrict statements, and the operators
// assert-schema, macro-expand and project-by-names, which fail with an
// error that says so. (There is no graph-merge operator: the official
// parser rejects it, and so does Parse.)
// Package kqltest helps test code built on kql against the shared corpus
// and the official parser.
//
// How it is built: the lexer is hand-written (KQL's tokens depend on a
// little context: datetime(2020-01-01 10:00) is one token, 1d a timespan,
// project-away one word but a-b a subtraction). The declaration
// sub-languages — column and parameter lists with their types and constant
// defaults, and the declare query_parameters statement — are
// participle (github.com/alecthomas/participle/v2) grammars over those
// tokens. Queries and expressions, where parsing spends its time, are a
// hand-written recursive-descent parser with precedence climbing over
// Kusto's operator ladder, which hands each bracketed declaration to its
// participle grammar. The tree depth is bounded, so no input can overflow
// the stack.
package kql

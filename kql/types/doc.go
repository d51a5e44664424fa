// Package types binds the names of a KQL query and types its expressions,
// as go/types does for Go: every identifier is resolved to the table,
// column, let binding, parameter or function it refers to, every scalar
// expression gets a type, and every tabular expression a row schema.
//
// # Binding a query
//
// A Config says where the tables and workspace functions come from (a
// Database; package kql/schema loads them from files and embeds the
// Microsoft Sentinel schema). Check binds a parsed query and returns its
// diagnostics; the Info maps the caller asks for are filled on the way:
//
//	conf := &types.Config{Database: db}
//	info := &types.Info{Uses: map[*kql.Ident]types.Symbol{}}
//	diags := conf.Check(q, info)
//
// Info.Uses and Info.Defs map identifiers to Symbols: a *Table, a *Column
// (with the table or operator that made it), a *Let (a scalar, a tabular
// value or a function), a *Param, a *Function (a workspace function), a
// *Builtin (a built-in function, aggregate or plugin) or a *RowRef ($left
// and $right in a join condition, a scan step). Info.Types gives the type
// of each expression: a Kind for a scalar, a *Schema for a table, a *Tuple
// for a call that yields several values. Info.Schemas gives the row schema
// each operator outputs, and Info.Output the schema of the query's result,
// which the rule layer asks about the columns an entity mapping names
// (Schema.HasColumn).
//
// # Row schemas
//
// Row schemas follow KQL through every operator, with KQL's names:
// count() is count_, dcount(x) is dcount_x, max(x) is max_x, an unnamed
// computed column is Column1, Column2..., a join names the right side's
// clashing columns x1, a union the columns of one name and several types
// x_string, x_long. A schema is open when KQL cannot know its columns: a
// table marked open, bag_unpack and other plugins without an output
// schema, a table the database lacks. An open schema has any column, of
// unknown type, so names in it are never reported; a false error is worse
// than a missed one.
//
// # Diagnostics
//
// Each Diagnostic has a stable code (SR200–SR299), a severity, the byte
// span in the query and a message that quotes the name it is about.
// Errors are what the official analysis (Microsoft's Kusto.Language,
// which Sentinel runs before it accepts a rule) rejects: an unknown
// column (with the closest column of the row in scope as a suggestion), a
// call of an unknown function or with the wrong arguments, an operator on
// operands of the wrong types. Warnings are what depends on the
// workspace: a table or a function the Database lacks may be a custom
// table or a workspace function, and the message says how to add its
// schema; the columns read from the result of such a source are warnings
// too. Notes are hints beyond the official analysis and never fail a
// check.
//
// The binder follows Kusto.Language 12.4.1, and is measured against it
// on a corpus of real rules (see the tests). It departs from it on
// purpose in a few places, always to report less: an unknown plugin's
// output is open, not an error.
package types

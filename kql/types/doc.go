// Package types binds the names of a KQL query and types its expressions,
// as go/types does for Go: every identifier is resolved to the table,
// column, let binding, parameter or function it refers to, every scalar
// expression gets a type, and every tabular expression a row schema.
//
// The tables and workspace functions a query can name come from a
// Database (package kql/schema loads them from files and embeds the
// Microsoft Sentinel schema); the built-in functions, aggregates and
// plugins come from a catalog generated from Microsoft's official
// Kusto.Language package.
package types

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
// Package kqltest helps test code built on kql against the shared corpus
// and the official parser.
package kql

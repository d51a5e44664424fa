// Package schema provides the tables and workspace functions that KQL
// queries name: the database the binder of package kql/types resolves
// names against.
//
// Default is the built-in database: the tables of Microsoft Sentinel and
// Azure Monitor Logs (733 tables, from Microsoft's table reference and the
// Azure-Sentinel repository's CI; see data/README.md) and the workspace
// functions every Sentinel workspace has (_GetWatchlist,
// _GetWatchlistAlias, the built-in ASIM parsers). It is embedded in the
// program and decoded lazily: a lookup decodes the one table it asks for.
//
// Load and Loader layer schema files on it (or on nothing), in the formats
// the official analysis and the Azure-Sentinel CI use:
//
//	{"SigninLogs": {"TimeGenerated": "datetime", "UserPrincipalName": "string"}}
//
//	{"Name": "MyTable_CL", "Properties": [{"Name": "TimeGenerated", "Type": "DateTime"}]}
//
//	{"FunctionName": "MyParser", "FunctionParameters": [],
//	 "FunctionResultColumns": [{"Name": "User", "Type": "String"}]}
//
// A later file adds columns to a table an earlier one (or the base)
// defines, and its type wins; tables read from files are closed unless they
// say "$open": true, so the binder reports a column they lack, as Sentinel
// does. Every error names the file and the place in it, as file:line:col
// and the JSON path of the value.
//
// Every Set is immutable and safe for concurrent use.
package schema

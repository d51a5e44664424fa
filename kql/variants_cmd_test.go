package kql

import "slices"

// Variants of the control commands kqlt reads (command.go), compared with
// the official verdicts like the other forms (see variantForms). Commands
// kqlt does not read are not here: the official parser accepts them and
// kqlt refuses them as not supported (see errorCases).

func commandVariantForms() []variantForm {
	return []variantForm{
		{".create table and its kin", createTableVariants()},
		{".create tables, .drop table(s)", tablesVariants()},
		{".create database", createDatabaseVariants()},
		{".add/.drop database principals", principalsVariants()},
		{".show", showVariants()},
		{".ingest inline", ingestVariants()},
		{".set and its kin", setVariants()},
		{"function commands", functionCommandVariants()},
		{"command text", commandTextVariants()},
	}
}

func createTableVariants() []string {
	v := product([]string{".create table T {}", ".create-merge table T {}", ".alter table T {}", ".alter-merge table T {}"},
		"(a:string)", "(a:string, b:long)", "(a : int, ['b c']:dynamic)",
		// Rejected.
		"(a:Int)", "(a:string,)", "()", "a:string", "(a)",
	)
	v = append(v, product([]string{".create table T (x:{})"},
		"bool", "boolean", "date", "datetime", "decimal", "double", "dynamic", "float", "guid", "int",
		"int16", "int32", "int64", "int8", "long", "real", "string", "time", "timespan", "uint",
		"uint16", "uint32", "uint64", "uint8", "ulong", "uniqueid",
		// Rejected.
		"foo", "String", "char", "(int)", "", "int = 1",
	)...)
	v = append(v, product([]string{".create table T (a:int) {}"},
		"with (docstring = \"x\")", "with (docstring = \"x\", folder = 'f')", "with (folder = 1)",
		"with (foo = true)", "with (folder = @\"a\\b\")",
		// Rejected.
		"with ()", "with (docstring = \"x\",)", "with (folder = f)", "with folder = 'f'", "with (folder)",
	)...)
	return append(v,
		".create table T(a:int)",
		".create table ['T x'] (a:int)",
		".create table T (\n    TimeGenerated: datetime,\n    Computer: string\n)",
		"// a comment\n.create table T (a:int) // end",
		".create table (a:int)",
		".create table T.x (a:int)",
		".create table T (a:int, a:string)",
		".create table 'T' (a:int)",
		".create table T ('a':int, \"b\":string)",
		".create table T (a:'int')",
		".create TABLE T (a:int)",
		".create table",
	)
}

func tablesVariants() []string {
	v := product([]string{".create tables {}", ".create-merge tables {}"},
		"A (x:int)", "A (x:int), B (y:string)", "A (x:int), B (y:string) with (folder = 'f')",
		// Rejected.
		"A (x:int),", "A, B", "(A (x:int))", "A (x:int) B (y:int)",
	)
	v = append(v, product([]string{".drop table {}"},
		"T", "T ifexists", "['T x']", "T | count",
		"'T'",
		// Rejected.
		"", "T,U", "(T)",
	)...)
	return append(v, product([]string{".drop tables {}"},
		"(A)", "(A, B)", "(A, B) ifexists", "(['A x'], B)",
		// Rejected.
		"A, B", "()", "(A,)", "(A B)",
	)...)
}

func createDatabaseVariants() []string {
	v := product([]string{".create database {}"},
		"D", "MustLearnKQL", "D ifnotexists", "D volatile", "['D x']", "D | count", "D garbage",
		"'D'",
		// Rejected.
		"", "(D)", "D.x", "1", ",", "-D", "(D",
	)
	return append(v,
		".create database D\n",
		"// create it\n.create database D",
		".create database D;",
		".create database D; print 1",
		".create database D ifnotexists | take 1",
		".create databases D",
		".create  database  D",
		". create database D",
		".create database D ifnotexists volatile",
		".create database ifnotexists",
	)
}

func principalsVariants() []string {
	v := product([]string{".add database D {}", ".drop database D {}"},
		"viewers ('aadapp=<mi-client-id>;<tenant-id>')", "admins ('aaduser=a', 'aadgroup=b')",
		"users (\"x\") 'notes'", "ingestors (@'x')", "monitors (h'x')", "unrestrictedviewers ('x')",
		// Rejected.
		"viewer ('x')", "viewers 'x'", "viewers ()", "viewers ('x' 'y')", "viewers (x)", "viewers ('x',)",
		"users, viewers ('x')",
	)
	// .drop database D viewer ('x') is .drop database D, which kqlt does
	// not read, and skipped tokens (see errorCases).
	v = slices.DeleteFunc(v, func(s string) bool { return s == ".drop database D viewer ('x')" })
	return append(v,
		".add database 'D' viewers ('x')",
		".drop database \"D\" viewers ('x')",
		".drop database viewers ('x')",
		".add database admins viewers ('x')",
		".add database Kuskus viewers ('aadapp=<mi-client-id>;<tenant-id>')\n",
		".add database ['D x'] viewers ('x')",
		".add database D viewers ('x') 'n' garbage",
		".add database D viewers ('x') | count",
		".add database viewers ('x')",
		".add database D",
		".add D viewers ('x')",
	)
}

func showVariants() []string {
	v := product([]string{".show {}"},
		"tables", "tables details", "tables (A, B)", "databases", "databases details", "functions",
		"function F", "table T", "table T details", "table T schema as json", "table T cslschema",
		"database", "database D schema", "tables | count", "tables | where TableName == 'x' | project TableName",
		"functions | where Name has 'x'", "table T details | project TableName", "tables garbage | count",
		"functions F",
		// Rejected.
		"table", "table T schema", "table T schema as csl", "table T schema as xml", "tablez",
		"tables |", "tables | where", "tables | count garbage", "tables (A,)", "function",
	)
	return append(v,
		".show tables | count\n// Should return: 28\n",
		". show tables",
		".show tables;\n.show databases",
		".show tables; T | count",
		".show tables | count; T | count",
		".show tables a ; b",
		".show tables a <| b",
		".show tables x <| foo | count",
		"print 1; .show tables",
		"T | count\n\n.show tables",
	)
}

func ingestVariants() []string {
	v := product([]string{".ingest inline into table T {}"},
		"<| a,b\nc,d", "<| a\\b,\"c", "<|", "<|   a,b  \n\n  ", "<| a // not a comment",
		"<| a,b // c\nd,e", "<| a\n| count", "<|\n// only comment",
		"with (format=\"csv\") <| a", "with (format=\"csv\", ignoreFirstRecord=true) <| a",
		"with (format='json') <| {\"a\": 1}",
		// Rejected.
		"", "with (format=csv) <| a", "with () <| a", "(h'x') <| a", "a", "with (format='csv')",
	)
	return append(v,
		".ingest inline into table ['T x'] <| a",
		".ingest async inline into table T <| a",
		".ingest into table T <| a",
		".ingest inline table T <| a",
		".ingest inline into T <| a",
		".ingest inline into table T <| 2024-01-15T08:00:00Z,WKS-1,admin,4625,\"C:\\\\Windows\\\\x.exe\"\n2024-01-15T08:05:00Z,WKS-2,bob,4624,\\\\server\\share",
		"// Step 2\n.ingest inline into table T <|\nTimeGenerated,Computer\n2024-01-15T08:00:00Z,Server01\n\n.ingest inline into table U <|\nx\n",
	)
}

func setVariants() []string {
	v := product([]string{".set T {}", ".append T {}", ".set-or-append T {}", ".set-or-replace T {}"},
		"<| print 1", "<| T | take 10", "with (folder=\"x\") <| print 1", "<|",
		// Rejected.
		"print 1", "<| T | where", "with () <| print 1",
	)
	v = append(v, product([]string{".set-or-append {}"},
		"async T <| print 1", "T with (extend_schema=true, tags='[\"a\"]') <| print 1",
		"T <| let x = 1; print x", "T <| T | take 1; print 2", "T <| T\n| where a > 1\n| project a",
		// Rejected.
		"T <| let x = 1", "T <| print 1 print 2", "<| print 1", "T with (folder=f) <| print 1",
	)...)
	return append(v, ".append async T <| print 1", ".set async T <| print 1", ".set-or-replace async T <| print 1")
}

func functionCommandVariants() []string {
	v := product([]string{".create function {}", ".alter function {}", ".create-or-alter function {}"},
		"F() { StormEvents | take 10 }", "F(a:string) { T | where x == a }",
		"with (folder=\"x\", docstring=\"d\") F(a:int) { print a }",
		"F(T:(a:int), x:string=\"d\") { T | take 1 }", "F() { let x = 1; T | take x }",
		"F() { let x = 1; T | take x; }",
		// Rejected.
		"F { print 1 }", "F() { T | where }", "F() print 1", "F() { print 1", "with () F() { print 1 }",
	)
	return append(v,
		".create function ifnotexists F() { print 1 }",
		".create function 'F'() { print 1 }",
		".create function F() { print 1 } garbage",
		".create function F() { print 1 } | count",
		".create function F() { print 1 }\n\n.create function G() { print 2 }",
		".create function F() {\n    SigninLogs\n    | where ResultType != 0\n    | summarize count() by UserPrincipalName\n}",
		".create-or-alter function with (skipvalidation = \"true\") F() { print 1 }",
		".alter function ifnotexists F() { print 1 }",
		".create function () { print 1 }",
		".create function F(a) { print 1 }",
	)
}

func commandTextVariants() []string {
	return []string{
		".create table A (x:int) garbage here",
		".create table A (x:int)\n.create table B (y:string)",
		".create table A (x:int)\n\n// B\n.create table B (y:string)\n",
		".create table A (x:int) | count",
		".create table A (x:int) | where",
		".create table A (x:int); garbage",
		".create table A (x:int) \"unterminated",
		".create table A (x:int) a ( | ) b",
		".create table A (x:int) a { | } b",
		".create table A (x:int) | count; T | take 1 | where x > 1",
		".create table A (x:int)\n| count\n| take 1",
		".create table A (x:int) | count <| x",
		"// Step 1: Create a table\n.create table MyFirstTable (\n    TimeGenerated: datetime,\n    Computer: string,\n    EventID: int,\n    Message: string\n)\n\n// Step 2\n.ingest inline into table MyFirstTable <|\nTimeGenerated,Computer,EventID,Message\n2024-01-15T08:00:00Z,Server01,4624,Successful logon\n",
		".",
		". ",
		"..show tables",
		".show",
		".create",
		".create-merge",
		".drop",
		".add",
		".set",
		".ingest",
	}
}

package kql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commandCases are control commands with their kind, first name, keywords,
// tree and canonical layout. Every one is valid for the official parser
// (the variants of variants_cmd_test.go check the verdicts).
var commandCases = []struct {
	src    string
	kind   CommandKind
	name   string // Command.Name, "" for none
	words  string // Command.Words
	dump   string
	format string // Format's output; "" when it is src
}{
	{".create table T (a:string, b:long)", CreateTableCmd, "T", "create table",
		`(Query [(ExprStmt (Command [(CommandWord create) (CommandWord table) T (SchemaExpr [(ColumnDecl a string) (ColumnDecl b long)])]))])`, ""},
	{"// Step 1\n.create table MyFirstTable (\n    TimeGenerated: datetime,\n    Message: string\n)", CreateTableCmd, "MyFirstTable", "create table",
		"", "// Step 1\n.create table MyFirstTable (TimeGenerated:datetime, Message:string)"},
	{".create-merge table ['T x'] (a:int) with (docstring = \"d\", folder = 'f')", CreateMergeTableCmd, "T x", "create-merge table",
		"", `.create-merge table ['T x'] (a:int) with (docstring="d", folder='f')`},
	{".alter-merge table 'T' (a:dynamic)", AlterMergeTableCmd, "T", "alter-merge table", "", ""},
	{".create tables A (x:int), B (y:string)", CreateTablesCmd, "A", "create tables", "", ""},
	{".drop tables (A, B) ifexists", DropTablesCmd, "", "drop tables ifexists", "", ""},
	{".create database MustLearnKQL", CreateDatabaseCmd, "MustLearnKQL", "create database", "", ""},
	{".add database Kuskus viewers ('aadapp=<mi-client-id>;<tenant-id>')\n", AddPrincipalsCmd, "Kuskus", "add database viewers", "", ""},
	{".drop database D admins ('aaduser=a', 'aadgroup=b') 'notes'", DropPrincipalsCmd, "D", "drop database admins", "", ""},
	{".show tables | count\n// Should return: 28\n", ShowCmd, "", "show tables",
		`(Query [(ExprStmt (Pipeline (Command [(CommandWord show) (CommandWord tables)]) [(CountOp)]))])`,
		".show tables\n| count\n// Should return: 28\n"},
	{".show table T schema as json", ShowCmd, "T", "show table schema as json", "", ""},
	{".ingest inline into table T with (format=\"csv\") <| a\\b,\"c\n1,2", IngestInlineCmd, "T", "ingest inline into table",
		`(Query [(ExprStmt (Command [(CommandWord ingest) (CommandWord inline) (CommandWord into) (CommandWord table) T (PropertyList [(= format "csv")]) (RawData a\b,"c
1,2)]))])`, ".ingest inline into table T with (format=\"csv\") <|\na\\b,\"c\n1,2"},
	{".set-or-append async T with (extend_schema=true) <| let n = 1; SigninLogs | take n", SetOrAppendCmd, "T", "set-or-append async",
		"", ".set-or-append async T with (extend_schema=true) <| let n = 1;\nSigninLogs\n| take n"},
	{".create-or-alter function with (folder = 'f') F(a:string) { T | where x == a }", CreateOrAlterFunctionCmd, "F", "create-or-alter function",
		"", ".create-or-alter function with (folder='f') F(a:string) {\n    T\n    | where x == a\n}"},
	{".create table A (x:int)\n\n// B\n.create table B (y:string)\n", CreateTableCmd, "A", "create table",
		`(Query [(ExprStmt (Command [(CommandWord create) (CommandWord table) A (SchemaExpr [(ColumnDecl x int)])] (SkippedText .create table B (y:string))))])`, ""},
	{".show tables x <| foo | count", ShowCmd, "", "show tables", "", ".show tables x\n<| foo | count"},
}

func TestCommands(t *testing.T) {
	for _, c := range commandCases {
		t.Run(c.src, func(t *testing.T) {
			q, err := Parse(c.src)
			require.NoError(t, err)
			checkPrinting(t, c.src, q)
			checkTree(t, q)
			cmd := q.Command()
			require.NotNil(t, cmd)
			assert.True(t, IsCommand(c.src))
			assert.Equal(t, c.kind, cmd.Kind)
			name := ""
			if id := cmd.Name(); id != nil {
				name = id.Name
			}
			assert.Equal(t, c.name, name)
			assert.Equal(t, c.words, cmd.Words())
			if c.dump != "" {
				assert.Equal(t, c.dump, dump(q))
			}
			want := c.format
			if want == "" {
				want = c.src
			}
			assert.Equal(t, want, Format(q))
		})
	}
}

// TestCommandAccessors checks the parts tools read: the schemas, the
// function and the query of a command, and that queries are no commands.
func TestCommandAccessors(t *testing.T) {
	q, err := Parse(".create tables A (x:int), B (y:string, z:long)")
	require.NoError(t, err)
	s := q.Command().Schemas()
	require.Len(t, s, 2)
	assert.Len(t, s[1].Columns, 2)
	assert.Nil(t, q.Command().Func())
	assert.Nil(t, q.Command().Query())

	q, err = Parse(".create function F(n:long) { T | take n }")
	require.NoError(t, err)
	f := q.Command().Func()
	require.NotNil(t, f)
	assert.Equal(t, "T | take n", q.Text(f.Body[0]))

	q, err = Parse(".append T <| T | take 1")
	require.NoError(t, err)
	require.NotNil(t, q.Command().Query())
	assert.Equal(t, "T | take 1", q.Text(q.Command().Query().Body[0]))

	q, err = Parse("T | take 1")
	require.NoError(t, err)
	assert.Nil(t, q.Command())
	assert.False(t, IsCommand("T | take 1"))
	assert.False(t, IsCommand("// .show tables\nT"))
	assert.True(t, IsCommand("  /* */ .purge table T records <| T"[7:]))
}

// TestCommandRewrite checks that a command's embedded query is ordinary
// KQL for the rewriters: a renamed table prints in place, the rest of the
// command as written.
func TestCommandRewrite(t *testing.T) {
	src := ".set-or-append Target with (folder='x') <|\n    SigninLogs // source\n    | take 10\n"
	q, err := Parse(src)
	require.NoError(t, err)
	Apply(q, func(c *Cursor) bool {
		if id, ok := c.Node().(*Ident); ok && id.Name == "SigninLogs" {
			c.Replace(&Ident{Name: "AADSignInEventsBeta"})
		}
		return true
	}, nil)
	assert.Equal(t, ".set-or-append Target with (folder='x') <|\n    AADSignInEventsBeta // source\n    | take 10\n", q.String())
}

// TestParseFileCommands checks that ParseFile splits a file of commands at
// its blank lines, where Parse reads the first and skips the rest.
func TestParseFileCommands(t *testing.T) {
	src := "// Tables\n.create table A (x:int)\n\n// B\n.create table B (y:string)\n\n.ingest inline into table A <|\n1\n2\n"
	q, err := Parse(src)
	require.NoError(t, err)
	require.NotNil(t, q.Command().Skipped)

	fqs, err := ParseFile(src)
	require.NoError(t, err)
	require.Len(t, fqs, 3)
	for i, want := range []CommandKind{CreateTableCmd, CreateTableCmd, IngestInlineCmd} {
		c := fqs[i].Query.Command()
		require.NotNil(t, c)
		assert.Equal(t, want, c.Kind)
		assert.Nil(t, c.Skipped)
	}
	assert.Equal(t, 4, fqs[1].Line)

	// One command with skipped text on its own line stays one query.
	fqs, err = ParseFile(".create table A (x:int) garbage\n")
	require.NoError(t, err)
	require.Len(t, fqs, 1)

	// An unsupported command after a blank line is reported in place.
	_, err = ParseFile(".create table A (x:int)\n\n.purge table A records <| A\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "3:1: the control command .purge is not supported by kqlt")
}

package schema_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/kqlt/kqlt/kql/schema"
)

func ExampleDefault() {
	db := schema.Default()
	t := db.Table("AzureDiagnostics")
	fmt.Println(t.Name, len(t.Columns), "columns, open:", t.Open)
	fmt.Println(db.Table("SigninLogs").Schema().Lookup("TimeGenerated").Type)
	wl := db.Function("_GetWatchlist")
	fmt.Println(wl.Name, wl.Result)
	// Output:
	// AzureDiagnostics 215 columns, open: false
	// datetime
	// _GetWatchlist (_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, WatchlistItem:dynamic, *)
}

func ExampleLoad() {
	dir, err := os.MkdirTemp("", "schema")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// A custom table, in the Azure-Sentinel CI's CustomTables format.
	file := filepath.Join(dir, "Contoso_CL.json")
	err = os.WriteFile(file, []byte(`{
  "Name": "Contoso_CL",
  "Properties": [
    {"Name": "TimeGenerated", "Type": "DateTime"},
    {"Name": "Account_s", "Type": "String"},
    {"Name": "Account_s", "Type": "String"}
  ]
}`), 0o644)
	if err != nil {
		log.Fatal(err)
	}

	db, warnings, err := schema.Load(file) // on top of the built-in schema
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range warnings {
		fmt.Println("warning:", w.Msg)
	}
	fmt.Println(db.Table("Contoso_CL").Schema())
	fmt.Println(db.Table("SigninLogs") != nil)
	// Output:
	// warning: column Account_s is listed twice; the later type (string) wins
	// (TimeGenerated:datetime, Account_s:string)
	// true
}

func ExampleParse() {
	_, _, err := schema.Parse("my.json", []byte(`{
  "MyTable": {"When": "datetime", "What": "text"}
}`))
	fmt.Println(err)
	// Output:
	// my.json:2:43: $.MyTable.What: unknown type "text" (want a KQL type such as string, long, real, bool, datetime, timespan, guid, dynamic, or a .NET name such as System.String)
}

func ExampleLoader() {
	// Schema paths of a configuration file are relative to its folder;
	// --builtin-schema=false leaves Base nil.
	l := &schema.Loader{Base: schema.Default(), Dir: "testdata"}
	db, _, err := l.Load("good/base.json")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(db.Table("MyTable_CL").Schema())
	// Output:
	// (TimeGenerated:datetime, Count_d:real)
}

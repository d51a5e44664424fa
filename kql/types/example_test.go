package types_test

import (
	"fmt"
	"sort"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// exampleDB is a database of two tables, as package kql/schema would load
// them from a schema file.
var exampleDB = newMemDB(
	"SigninLogs(TimeGenerated:datetime, UserPrincipalName:string, ResultType:string, IPAddress:string, LocationDetails:dynamic)",
	"AuditLogs(TimeGenerated:datetime, OperationName:string, InitiatedBy:dynamic)",
)

// Bind a query and print what each name refers to, and the schema of the
// result.
func ExampleConfig_Check() {
	q, err := kql.Parse(`let threshold = 5;
SigninLogs
| where ResultType != "0"
| summarize Failures = count() by UserPrincipalName, City = tostring(LocationDetails.city)
| where Failures > threshold`)
	if err != nil {
		panic(err)
	}
	conf := &types.Config{Database: exampleDB}
	info := &types.Info{
		Uses: map[*kql.Ident]types.Symbol{},
		Defs: map[*kql.Ident]types.Symbol{},
	}
	for _, d := range conf.Check(q, info) {
		fmt.Println(d)
	}
	kql.Inspect(q, func(n kql.Node) bool {
		if id, ok := n.(*kql.Ident); ok {
			if s := info.SymbolOf(id); s != nil {
				fmt.Printf("%s: %s\n", id.Name, s)
			}
		}
		return true
	})
	fmt.Println("output:", info.Output)
	// Output:
	// threshold: let threshold: long
	// SigninLogs: table SigninLogs
	// ResultType: column SigninLogs.ResultType: string
	// Failures: column Failures: long
	// count: aggregate count
	// UserPrincipalName: column SigninLogs.UserPrincipalName: string
	// City: column City: string
	// tostring: function tostring
	// LocationDetails: column SigninLogs.LocationDetails: dynamic
	// Failures: column Failures: long
	// threshold: let threshold: long
	// output: (UserPrincipalName:string, City:string, Failures:long)
}

// List the columns a rule reads, with their tables.
func ExampleInfo_Uses() {
	q, err := kql.Parse(`SigninLogs
| where ResultType == "50126"
| join kind=inner (AuditLogs | extend UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName)) on UserPrincipalName
| project TimeGenerated, UserPrincipalName, IPAddress, OperationName`)
	if err != nil {
		panic(err)
	}
	info := &types.Info{Uses: map[*kql.Ident]types.Symbol{}}
	(&types.Config{Database: exampleDB}).Check(q, info)
	reads := map[string]bool{}
	for _, s := range info.Uses {
		if c, ok := s.(*types.Column); ok && c.Table != nil {
			reads[c.Table.Name+"."+c.Name] = true
		}
	}
	var list []string
	for r := range reads {
		list = append(list, r)
	}
	sort.Strings(list)
	for _, r := range list {
		fmt.Println(r)
	}
	// Output:
	// AuditLogs.InitiatedBy
	// AuditLogs.OperationName
	// SigninLogs.IPAddress
	// SigninLogs.ResultType
	// SigninLogs.TimeGenerated
	// SigninLogs.UserPrincipalName
}

// Report a misspelled column with a suggestion, and check the columns a
// rule's entity mappings name against the query's output.
func ExampleSchema_HasColumn() {
	q, err := kql.Parse(`SigninLogs | where ResultTyp != "0" | project UserPrincipalName, IPAddress`)
	if err != nil {
		panic(err)
	}
	info := &types.Info{}
	for _, d := range (&types.Config{Database: exampleDB}).Check(q, info) {
		fmt.Println(d.Code, d.Severity, d.Message)
	}
	for _, name := range []string{"IPAddress", "AccountName"} {
		fmt.Printf("%s in output: %v\n", name, info.Output.HasColumn(name))
	}
	// Output:
	// SR200 error unknown name "ResultTyp": no column, variable or function has it; did you mean "ResultType"?
	// IPAddress in output: true
	// AccountName in output: false
}

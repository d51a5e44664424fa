package kql_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

func ExampleParse() {
	src := `AzureDiagnostics // Key Vault logs
| where ResourceType == "VAULTS"
| summarize count() by CallerIPAddress`
	q, err := kql.Parse(src)
	if err != nil {
		fmt.Println(err)
		return
	}
	// String returns the source byte for byte, comments and layout included.
	fmt.Println(q.String() == src)
	pl := q.Stmts[0].(*kql.ExprStmt).X.(*kql.Pipeline)
	fmt.Println(q.Text(pl.Source), len(pl.Ops))
	// Output:
	// true
	// AzureDiagnostics 2
}

func ExampleParse_error() {
	_, err := kql.Parse("T\n| where a = = 1")
	var perr *kql.Error
	if errors.As(err, &perr) {
		fmt.Println(perr)
		fmt.Println(perr.Snippet())
	}
	// Output:
	// 2:13: expected an expression, found '='
	// | where a = = 1
	//             ^
}

// Inspect lists the tables a query reads and the columns it compares.
func ExampleInspect() {
	q, _ := kql.Parse(`SigninLogs
| where ResultType == 0 and AppDisplayName has "Azure"
| join kind=inner (AADRiskyUsers | where RiskLevel == "high") on UserPrincipalName`)
	var tables, compared []string
	kql.Inspect(q, func(n kql.Node) bool {
		switch x := n.(type) {
		case *kql.Pipeline:
			if id, ok := x.Source.(*kql.Ident); ok {
				tables = append(tables, id.Name)
			}
		case *kql.BinaryExpr:
			if id, ok := x.X.(*kql.Ident); ok && x.Op != "and" && x.Op != "or" {
				compared = append(compared, id.Name+" "+x.Op)
			}
		}
		return true
	})
	fmt.Println(tables)
	fmt.Println(compared)
	// Output:
	// [SigninLogs AADRiskyUsers]
	// [ResultType == AppDisplayName has RiskLevel ==]
}

// Apply retargets a literal and deletes an operator; the rest of the
// text, comments included, is untouched.
func ExampleApply() {
	q, _ := kql.Parse(`AzureDiagnostics
| where ResourceType == "VAULTS" // Key Vault only
| take 100 // for testing
| project TimeGenerated, OperationName`)
	kql.Apply(q, func(c *kql.Cursor) bool {
		switch x := c.Node().(type) {
		case *kql.BasicLit:
			if v, ok := kql.StringValue(x); ok && v == "VAULTS" {
				c.Replace(&kql.BasicLit{Kind: kql.StringLit, Value: kql.Quote("MANAGEDHSMS", kql.StyleOf(x.Value))})
			}
		case *kql.TakeOp:
			c.Delete()
		}
		return true
	}, nil)
	fmt.Println(q)
	// Output:
	// AzureDiagnostics
	// | where ResourceType == "MANAGEDHSMS" // Key Vault only
	// | project TimeGenerated, OperationName
}

func ExampleFormat() {
	q, _ := kql.Parse(`let threshold = 25; // reads per hour
AzureDiagnostics | where OperationName == "SecretGet" | summarize n = count() by bin(TimeGenerated, 1h), CallerIPAddress | where n > threshold`)
	fmt.Println(kql.Format(q))
	// Output:
	// let threshold = 25; // reads per hour
	// AzureDiagnostics
	// | where OperationName == "SecretGet"
	// | summarize n = count() by bin(TimeGenerated, 1h), CallerIPAddress
	// | where n > threshold
}

// ParseFile splits a Kusto Explorer file into its queries; each comes with
// its place in the file, so that results can be spliced back.
func ExampleParseFile() {
	file := `// Failed sign-ins
SigninLogs | where ResultType != 0|take 10

// Risky users
AADRiskyUsers|where RiskLevel=="high"
`
	queries, err := kql.ParseFile(file)
	if err != nil {
		fmt.Println(err)
		return
	}
	var out strings.Builder
	prev := 0
	for _, fq := range queries {
		fmt.Printf("line %d: %d statement(s)\n", fq.Line, len(fq.Query.Stmts))
		out.WriteString(file[prev:fq.Offset])
		out.WriteString(kql.Format(fq.Query))
		prev = fq.End()
	}
	out.WriteString(file[prev:])
	fmt.Print(out.String())
	// Output:
	// line 1: 1 statement(s)
	// line 4: 1 statement(s)
	// // Failed sign-ins
	// SigninLogs
	// | where ResultType != 0
	// | take 10
	//
	// // Risky users
	// AADRiskyUsers
	// | where RiskLevel == "high"
}

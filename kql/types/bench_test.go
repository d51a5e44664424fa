package types_test

import (
	"testing"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// BenchmarkCheckCorpus binds every syntax-valid query of the shared dev
// corpus against shared/schemas/sentinel.json, as the acceptance measures
// the official analysis doing (65–85 s here). One op is one pass over
// the corpus; parsing is not included.
func BenchmarkCheckCorpus(b *testing.B) {
	db, err := sentinelDB()
	if err != nil {
		b.Skip("shared/schemas/sentinel.json missing")
	}
	var queries []*kql.Query
	for _, e := range corpusEntries(b) {
		if !e.Oracle.OK {
			continue
		}
		q, err := kql.Parse(e.Query)
		if err != nil {
			b.Fatal(err)
		}
		queries = append(queries, q)
	}
	conf := &types.Config{Database: db}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, q := range queries {
			conf.Check(q, nil)
		}
	}
	b.ReportMetric(float64(len(queries)), "queries/op")
}

// BenchmarkCheckInfo binds one typical rule query and fills every map
// of Info.
func BenchmarkCheckInfo(b *testing.B) {
	q, err := kql.Parse(`let threshold = 5;
SigninLogs
| where TimeGenerated > ago(1d) and ResultType != "0"
| extend City = tostring(LocationDetails.city)
| summarize Failures = count(), Apps = make_set(AppDisplayName) by UserPrincipalName, City, bin(TimeGenerated, 1h)
| where Failures > threshold
| join kind=inner (AuditLogs | extend UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName)) on UserPrincipalName
| project TimeGenerated, UserPrincipalName, City, Failures, OperationName`)
	if err != nil {
		b.Fatal(err)
	}
	conf := &types.Config{Database: testDB}
	b.ReportAllocs()
	for range b.N {
		conf.Check(q, &types.Info{
			Uses:    map[*kql.Ident]types.Symbol{},
			Defs:    map[*kql.Ident]types.Symbol{},
			Types:   map[kql.Expr]types.Type{},
			Schemas: map[kql.Operator]*types.Schema{},
		})
	}
}

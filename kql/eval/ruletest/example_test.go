package ruletest_test

import (
	"fmt"
	"os"
	"time"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/eval/ruletest"
)

// What kqlt test RULE.yaml --table AzureDiagnostics=FILE --schema FILE --now TIME does.
func ExampleRunFile() {
	schema, err := eval.LoadSchema("../../../testdata/ruletests/schema.json")
	if err != nil {
		panic(err)
	}
	tables, err := ruletest.LoadTables(map[string]string{
		"AzureDiagnostics": "../../../testdata/ruletests/data/vault-key-create-delete.jsonl",
	}, schema)
	if err != nil {
		panic(err)
	}
	res, err := ruletest.RunFile("../../../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml", ruletest.Options{
		Now:    time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC),
		Tables: tables,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("fires:", res.Fires, "rows:", res.RowCount, "trigger:", res.Trigger)
	for _, e := range res.Entities {
		fmt.Println(e)
	}
	// Output:
	// fires: true rows: 1 trigger: rows gt 0
	// Account{AadUserId=4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f, Name=alex.admin, UPNSuffix=contoso.com}
	// IP{Address=203.0.113.45}
}

// What kqlt test --cases FILE.yaml does.
func ExampleRunCases() {
	rep, err := ruletest.RunCases("../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml")
	if err != nil {
		panic(err)
	}
	_ = rep.WriteText(os.Stdout)
	// Output:
	// ok   ../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml:51: converted rule fires at 26 reads on a Managed HSM
	// ok   ../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml:65: converted rule does not fire at 25 reads
	// ok   ../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml:72: converted rule ignores 26 reads on a Key Vault
	// ok   ../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml:79: original rule fires at 26 reads on a Key Vault
	// ok   ../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml:91: original rule does not fire at 25 reads on a Key Vault
	// ok   ../../../testdata/ruletests/test2-mass-retrieval-seed-era.yaml:98: original rule misses 26 reads on a Managed HSM
	// 6 passed, 0 failed
}

// A rule that uses something the evaluator does not implement fails with
// the construct and its place in the rule file.
func ExampleRunFile_unsupported() {
	_, err := ruletest.RunFile("../../../testdata/rules/keyvault/TimeSeriesKeyvaultAccessAnomaly.yaml", ruletest.Options{
		Now:    time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC),
		Tables: map[string]*eval.Table{},
	})
	fmt.Println(err)
	// Output:
	// ../../../testdata/rules/keyvault/TimeSeriesKeyvaultAccessAnomaly.yaml:44:43: unsupported: series_decompose_anomalies() is not supported: its seasonality detection (series_periods_detect) and anomaly scoring are not documented precisely enough to reproduce Kusto's results
}

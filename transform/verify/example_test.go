package verify_test

import (
	"fmt"
	"log"

	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
	"github.com/kqlt/kqlt/transform/verify"
)

// Convert a rule with the built-in profile and prove the conversion on
// generated events.
func ExampleConversion() {
	f, err := rules.Parse("MassRetrieval.yaml", []byte(`id: 24f8c234-d1ff-40ec-8b73-96b17a3a9c1c
name: Mass secret retrieval from Azure Key Vault
description: |
  'Many reads by one caller.'
severity: Low
queryFrequency: 1d
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
query: |
  AzureDiagnostics
  | where ResourceType =~ "VAULTS" and OperationName in ("SecretGet", "KeyGet")
  | summarize Reads = count(), Objects = dcount(requestUri_s) by CallerIPAddress
  | where Reads > 25 and Objects > 3
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: CallerIPAddress
version: 1.0.0
kind: Scheduled
`))
	if err != nil {
		log.Fatal(err)
	}
	p, err := transform.Builtin(transform.DefaultProfile)
	if err != nil {
		log.Fatal(err)
	}
	conv, err := transform.Convert(f, p)
	if err != nil {
		log.Fatal(err)
	}
	src, _ := f.Rule()
	out, _ := conv.Output.Rule()

	res, err := verify.Conversion(src, out, p, verify.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Outcome)
	for _, t := range res.Thresholds {
		fmt.Println(t)
	}
	fmt.Println(res.CaseCounts())
	// Output:
	// verified
	// count() > 25 (25, 26)
	// dcount(requestUri_s) > 3 (3, 4)
	// triggerThreshold: rows gt 0 (0, 1)
	// base 1, empty 1, value 6, threshold 4, mixed 1
}

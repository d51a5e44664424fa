package transform_test

import (
	"fmt"
	"log"

	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

// Convert a query with the built-in Key Vault → Managed HSM profile and
// print the converted query and the change report.
func ExampleConvertQuery() {
	p, err := transform.Builtin(transform.DefaultProfile)
	if err != nil {
		log.Fatal(err)
	}
	res, err := transform.ConvertQuery(`let ops = dynamic(["SecretGet", "KeyGet"]);
AzureDiagnostics
| where ResourceType == "VAULTS" // Key Vault
| where OperationName in (ops)`, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Text)
	for _, c := range res.Changes {
		fmt.Println(c)
	}
	// Output:
	// let ops = dynamic(["KeyGet"]);
	// AzureDiagnostics
	// | where ResourceType == "MANAGEDHSMS" // Key Vault
	// | where OperationName in (ops)
	// query: drop-operation: "SecretGet" → "" (operations.drop: SecretGet matches Secret* (in let ops))
	// query: retarget-value: "VAULTS" → "MANAGEDHSMS" (values[0]: ResourceType VAULTS → MANAGEDHSMS)
}

// Convert a rule file. Rules whose logic is only about what Managed HSM
// lacks are not converted: they could never fire.
func ExampleConvert() {
	p, err := transform.Builtin(transform.DefaultProfile)
	if err != nil {
		log.Fatal(err)
	}
	for _, path := range []string{
		"../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml",
		"../testdata/rules/keyvault/AzureKeyVaultAccessManipulation.yaml",
	} {
		f, err := rules.Load(path)
		if err != nil {
			log.Fatal(err)
		}
		res, err := transform.Convert(f, p)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s %s\n", res.SourceName, res.Status, res.Name)
	}
	// Output:
	// Sensitive Azure Key Vault operations: converted Sensitive Azure Key Vault Managed HSM operations
	// Azure Key Vault Access Policy Manipulation: inapplicable
}

// A profile is a YAML document; here, a minimal one that only retargets a
// resource type.
func ExampleParseProfile() {
	p, err := transform.ParseProfile("mine.yaml", []byte(`
name: storage-blob-to-file
scope: {tables: [StorageDiagnostics], column: ServiceType, values: [blob]}
values:
  - columns: [ServiceType]
    map: {blob: file}
`))
	if err != nil {
		log.Fatal(err)
	}
	res, err := transform.ConvertQuery(`StorageDiagnostics | where ServiceType == "blob"`, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Text)
	// Output:
	// StorageDiagnostics | where ServiceType == "file"
}

package transform

import "testing"

// The passes ask the binder what names refer to: a column of the same
// name as a let binding shadows it, as in KQL, so neither counts for the
// other.
func TestBinderNames(t *testing.T) {
	runQueryCases(t, builtin(t), []queryCase{
		{"a let the column shadows was never used, so it stays",
			"let app = \"unused\";\nAzureDiagnostics\n| where ResourceType == \"VAULTS\"\n| extend app = identity_claim_appid_g\n| where not(app == \"a\" and OperationName == \"VaultGet\")\n| project x",
			"let app = \"unused\";\nAzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\"\n| project x"},
		{"a column given twice: only the one that fed removed logic goes",
			"AzureDiagnostics\n| where ResourceType == \"VAULTS\"\n| extend a = identity_claim_appid_g\n| where not(a == \"x\" and OperationName == \"VaultGet\")\n| extend a = 1\n| project a",
			"AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\"\n| extend a = 1\n| project a"},
	})
}

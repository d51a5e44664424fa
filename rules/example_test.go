package rules_test

import (
	"fmt"
	"strings"

	"github.com/kqlt/kqlt/rules"
)

const exampleRule = `id: d6491be0-ab2d-439d-95d6-ad8ea39277c5
name: Sensitive Azure Key Vault operations
description: |
  'Identifies when sensitive Azure Key Vault operations are used.'
severity: Low
requiredDataConnectors:
  - connectorId: AzureKeyVault
    dataTypes:
      - KeyVaultData
queryFrequency: 1d
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Impact
relevantTechniques:
  - T1485
query: |
  AzureDiagnostics
  | where ResourceType =~ "VAULTS" and OperationName == "VaultDelete"
  | extend AadUserId = identity_claim_oid_g
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: AadUserId
version: 1.0.4
kind: Scheduled
`

func ExampleParse() {
	f, err := rules.Parse("KeyVaultSensitiveOperations.yaml", []byte(exampleRule))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Class(), "-", f.Reason())
	r, _ := f.Rule()
	fmt.Println(r.Kind(), r.Name(), r.Tactics(), r.EntityMappings()[0].FieldMappings[0].ColumnName)

	_, err = rules.Parse("broken.yaml", []byte("name: x\n  query: y\n"))
	fmt.Println(err)
	// Output:
	// analytic rule - analytic rule of kind Scheduled
	// Scheduled Sensitive Azure Key Vault operations [Impact] AadUserId
	// broken.yaml:2:1: invalid YAML: mapping values are not allowed in this context
}

func ExampleRule_SetQuery() {
	f, _ := rules.Parse("rule.yaml", []byte("name: Vault deletes\nquery: |\n    AzureDiagnostics\n    | where ResourceType =~ \"VAULTS\"\nkind: NRT\n"))
	r, _ := f.Rule()
	q := strings.Replace(r.Query(), `"VAULTS"`, `"MANAGEDHSMS"`, 1)
	if err := r.SetQuery(q); err != nil {
		fmt.Println(err)
	}
	if err := r.SetName("HSM deletes"); err != nil {
		fmt.Println(err)
	}
	fmt.Print(string(f.Bytes()))
	// Output:
	// name: HSM deletes
	// query: |
	//     AzureDiagnostics
	//     | where ResourceType =~ "MANAGEDHSMS"
	// kind: NRT
}

func ExampleRule_QueryPosition() {
	f, _ := rules.Parse("rule.yaml", []byte(exampleRule))
	r, _ := f.Rule()
	off := strings.Index(r.Query(), "VaultDelete")
	fmt.Println(r.QueryPosition(off))
	// Output:
	// 20:58
}

func ExampleValidate() {
	text := strings.Replace(exampleRule, "queryFrequency: 1d", "queryFrequency: PT1H", 1)
	text = strings.Replace(text, "identifier: AadUserId", "identifier: ObjectId", 1)
	f, _ := rules.Parse("rule.yaml", []byte(text))
	for _, finding := range rules.Validate(f) {
		fmt.Println(finding)
	}
	// Output:
	// rule.yaml:10:17: SR013: queryFrequency: "PT1H" is not <n>m, <n>h or <n>d (ISO 8601 is what ARM takes; rule YAML uses 5m, 1h, 1d)
	// rule.yaml:25:7: SR022: entityMappings[0].fieldMappings: entity type Account needs one of the identifiers FullName, Sid, Name, AadUserId, PUID, ObjectGuid
	// rule.yaml:25:21: SR022: entityMappings[0].fieldMappings[0].identifier: "ObjectId" is not an identifier of entity type Account (Name, FullName, NTDomain, DnsDomain, UPNSuffix, Sid, AadTenantId, AadUserId, PUID, IsDomainJoined, DisplayName, ObjectGuid)
}

func ExampleARMTemplate() {
	f, _ := rules.Parse("rule.yaml", []byte(exampleRule))
	out, err := rules.ARMTemplate([]*rules.File{f}, rules.ARMOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// {
	//   "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
	//   "contentVersion": "1.0.0.0",
	//   "parameters": {
	//     "workspace": {
	//       "type": "String"
	//     }
	//   },
	//   "resources": [
	//     {
	//       "id": "[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/d6491be0-ab2d-439d-95d6-ad8ea39277c5')]",
	//       "name": "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/d6491be0-ab2d-439d-95d6-ad8ea39277c5')]",
	//       "type": "Microsoft.OperationalInsights/workspaces/providers/alertRules",
	//       "kind": "Scheduled",
	//       "apiVersion": "2025-06-01",
	//       "properties": {
	//         "displayName": "Sensitive Azure Key Vault operations",
	//         "description": "Identifies when sensitive Azure Key Vault operations are used.",
	//         "severity": "Low",
	//         "enabled": true,
	//         "query": "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\" and OperationName == \"VaultDelete\"\n| extend AadUserId = identity_claim_oid_g\n",
	//         "queryFrequency": "P1D",
	//         "queryPeriod": "P1D",
	//         "triggerOperator": "GreaterThan",
	//         "triggerThreshold": 0,
	//         "suppressionDuration": "PT1H",
	//         "suppressionEnabled": false,
	//         "tactics": [
	//           "Impact"
	//         ],
	//         "techniques": [
	//           "T1485"
	//         ],
	//         "incidentConfiguration": {
	//           "createIncident": true,
	//           "groupingConfiguration": {
	//             "enabled": false,
	//             "reopenClosedIncident": false,
	//             "lookbackDuration": "PT5H",
	//             "matchingMethod": "AllEntities",
	//             "groupByEntities": [],
	//             "groupByAlertDetails": [],
	//             "groupByCustomDetails": []
	//           }
	//         },
	//         "eventGroupingSettings": {
	//           "aggregationKind": "SingleAlert"
	//         },
	//         "entityMappings": [
	//           {
	//             "entityType": "Account",
	//             "fieldMappings": [
	//               {
	//                 "identifier": "AadUserId",
	//                 "columnName": "AadUserId"
	//               }
	//             ]
	//           }
	//         ]
	//       }
	//     }
	//   ]
	// }
}

func ExampleDeriveID() {
	fmt.Println(rules.DeriveID("d6491be0-ab2d-439d-95d6-ad8ea39277c5", "kqlt:keyvault-to-managedhsm"))
	fmt.Println(rules.DeriveID("D6491BE0-AB2D-439D-95D6-AD8EA39277C5", "kqlt:keyvault-to-managedhsm"))
	// Output:
	// 7b276a68-af51-5ffa-a84c-0424b901bb34
	// 7b276a68-af51-5ffa-a84c-0424b901bb34
}

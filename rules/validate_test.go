package rules

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
)

// baseRule passes every check.
const baseRule = `id: d6491be0-ab2d-439d-95d6-ad8ea39277c5
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
  | where OperationName == "VaultDelete"
  | extend AadUserId = identity_claim_oid_g, Name = Caller
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: AadUserId
customDetails:
  Operation: OperationName
alertDetailsOverride:
  alertDisplayNameFormat: '{{OperationName}} on {{Resource}}'
  alertDescriptionFormat: 'Operation {{OperationName}}'
eventGroupingSettings:
  aggregationKind: SingleAlert
version: 1.0.0
kind: Scheduled
`

const baseHunting = `id: 8eff7055-9138-4edc-b8f0-48ea27e23c3c
name: Azure Key Vault Access Policy Manipulation
description: |
  'Identifies when a user is added and then removed to an Azure Key Vault access policy.'
requiredDataConnectors:
  - connectorId: AzureKeyVault
    dataTypes:
      - AzureDiagnostics
tactics:
  - CredentialAccess
relevantTechniques:
  - T1555
query: |
  AzureDiagnostics
  | where OperationName == "VaultPatch"
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: AccountCustomEntity
`

// edit returns base with old replaced by new (old must occur).
func mutate(t *testing.T, base, old, new string) string {
	t.Helper()
	require.Contains(t, base, old)
	return strings.Replace(base, old, new, 1)
}

func validateText(t *testing.T, texts ...string) []Finding {
	t.Helper()
	var files []*File
	for i, text := range texts {
		f, err := Parse(fmt.Sprintf("rule%d.yaml", i+1), []byte(text))
		require.NoError(t, err)
		files = append(files, f)
	}
	return Validate(files...)
}

func codes(fs []Finding, sev Severity) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == sev {
			out = append(out, f.Code)
		}
	}
	return out
}

func entityMappings(n, fields int) string {
	var b strings.Builder
	b.WriteString("entityMappings:\n")
	for i := 0; i < n; i++ {
		b.WriteString("  - entityType: IP\n    fieldMappings:\n")
		for j := 0; j < fields; j++ {
			id := "Address"
			if j > 0 {
				id = fmt.Sprintf("Address%d", j)
			}
			fmt.Fprintf(&b, "      - identifier: %s\n        columnName: IP%d\n", id, j)
		}
	}
	return b.String()
}

const baseMappings = `entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: AadUserId
`

func customDetails(n int) string {
	var b strings.Builder
	b.WriteString("customDetails:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  Detail%d: Column%d\n", i, i)
	}
	return b.String()
}

// TestValidateChecks gives every check a failing and a passing case.
func TestValidateChecks(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	nrt := mutate(t, baseRule, "kind: Scheduled", "kind: NRT")
	for _, tc := range []struct {
		name  string
		code  string
		fail  []string // each must produce an error with code
		pass  []string // none may produce a finding with code
		warns []string // each must produce a warning with code
	}{
		{name: "id", code: "SR001",
			fail: []string{mutate(t, baseRule, "id: d6491be0-ab2d-439d-95d6-ad8ea39277c5", "id: d6491be0-keyvault"),
				mutate(t, baseRule, "id: d6491be0-ab2d-439d-95d6-ad8ea39277c5\n", "")},
			pass: []string{baseRule, mutate(t, baseRule, "d6491be0-ab2d-439d-95d6-ad8ea39277c5", "'{D6491BE0-AB2D-439D-95D6-AD8EA39277C5}'")}},
		{name: "name", code: "SR003",
			fail: []string{mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: "+long(257)),
				mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: ''")},
			pass: []string{mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: "+long(256))}},
		{name: "description", code: "SR004",
			fail: []string{mutate(t, baseRule, "'Identifies when sensitive Azure Key Vault operations are used.'", long(5001)),
				mutate(t, baseRule, "description: |\n  'Identifies when sensitive Azure Key Vault operations are used.'\n", "")},
			pass: []string{mutate(t, baseRule, "'Identifies when sensitive Azure Key Vault operations are used.'", long(4999))}},
		{name: "severity", code: "SR005",
			fail:  []string{mutate(t, baseRule, "severity: Low", "severity: Critical"), mutate(t, baseRule, "severity: Low\n", "")},
			pass:  []string{mutate(t, baseRule, "severity: Low", "severity: Informational"), baseHunting},
			warns: []string{mutate(t, baseRule, "severity: Low", "severity: low"), mutate(t, baseRule, "severity: Low", "severity: HIGH")}},
		{name: "kind", code: "SR006",
			fail:  []string{mutate(t, baseRule, "kind: Scheduled", "kind: Fusion"), mutate(t, baseRule, "kind: Scheduled", "kind:"), mutate(t, baseRule, "kind: Scheduled", "kind: [NRT]")},
			pass:  []string{nrt, baseHunting},
			warns: []string{mutate(t, baseRule, "kind: Scheduled\n", ""), mutate(t, baseRule, "kind: Scheduled", "kind: scheduled"), mutate(t, baseRule, "kind: Scheduled", "kind: nrt")}},
		{name: "tactics", code: "SR007",
			fail: []string{mutate(t, baseRule, "  - Impact", "  - Defense Evasion"), mutate(t, baseRule, "tactics:\n  - Impact", "tactics: Impact")},
			pass: []string{mutate(t, baseRule, "  - Impact", "  - DefenseEvasion\n  - InhibitResponseFunction")}},
		{name: "techniques", code: "SR008",
			fail: []string{mutate(t, baseRule, "  - T1485", "  - T10178"), mutate(t, baseRule, "  - T1485", "  - T1078.4")},
			pass: []string{mutate(t, baseRule, "  - T1485", "  - T1078.004")}},
		{name: "query", code: "SR009",
			fail: []string{mutate(t, baseRule, "  AzureDiagnostics\n", "  AzureDiagnostics // "+long(10000)+"\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: ''\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query:\n  - AzureDiagnostics\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: 12345\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: true\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: {table: AzureDiagnostics}\n"),
				mutate(t, mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: &q AzureDiagnostics"), "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: *q\n")},
			pass: []string{baseRule, mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: '12345'\n")}},
		{name: "version", code: "SR011",
			fail: []string{mutate(t, baseRule, "version: 1.0.0", "version: 1.0"), mutate(t, baseRule, "version: 1.0.0", "version: v1.0.0")},
			pass: []string{mutate(t, baseRule, "version: 1.0.0", "version: 2.10.31"), mutate(t, baseRule, "version: 1.0.0\n", "")}},
		{name: "data connectors", code: "SR012",
			fail: []string{mutate(t, baseRule, "requiredDataConnectors:\n  - connectorId: AzureKeyVault\n    dataTypes:\n      - KeyVaultData\n", ""),
				mutate(t, baseRule, "    dataTypes:\n      - KeyVaultData\n", "")},
			pass: []string{mutate(t, nrt, "requiredDataConnectors:\n  - connectorId: AzureKeyVault\n    dataTypes:\n      - KeyVaultData\n", ""),
				mutate(t, baseRule, "      - KeyVaultData\n", "      - KeyVaultData\n  - connectorId: AzureKeyVaultHSM\n    dataTypes: []\n")}},
		{name: "query frequency", code: "SR013",
			fail: []string{mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: PT1H"), mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 4m"),
				mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 15d"), mutate(t, baseRule, "queryFrequency: 1d\n", "")},
			pass: []string{mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 5m"), mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 01:00:00"), nrt}},
		{name: "query period", code: "SR014",
			fail: []string{mutate(t, baseRule, "queryPeriod: 1d", "queryPeriod: 15d"), mutate(t, baseRule, "queryPeriod: 1d", "queryPeriod: P1D")},
			pass: []string{mutate(t, baseRule, "queryPeriod: 1d", "queryPeriod: 14d")}},
		{name: "period covers frequency", code: "SR015",
			fail: []string{mutate(t, mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 2h"), "queryPeriod: 1d", "queryPeriod: 1h")},
			pass: []string{mutate(t, mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 2h"), "queryPeriod: 1d", "queryPeriod: 120m")}},
		{name: "long period frequency", code: "SR016",
			fail: []string{mutate(t, mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 30m"), "queryPeriod: 1d", "queryPeriod: 2d")},
			pass: []string{mutate(t, mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 1h"), "queryPeriod: 1d", "queryPeriod: 2d"),
				mutate(t, mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 30m"), "queryPeriod: 1d", "queryPeriod: 47h")}},
		{name: "trigger operator", code: "SR017",
			fail:  []string{mutate(t, baseRule, "triggerOperator: gt", "triggerOperator: gte"), mutate(t, baseRule, "triggerOperator: gt\n", "")},
			pass:  []string{mutate(t, baseRule, "triggerOperator: gt", "triggerOperator: ne"), mutate(t, baseRule, "triggerOperator: gt", "triggerOperator: GreaterThan")},
			warns: []string{mutate(t, baseRule, "triggerOperator: gt", "triggerOperator: GT")}},
		{name: "trigger threshold", code: "SR018",
			fail: []string{mutate(t, baseRule, "triggerThreshold: 0", "triggerThreshold: 10001"), mutate(t, baseRule, "triggerThreshold: 0", "triggerThreshold: -1"),
				mutate(t, baseRule, "triggerThreshold: 0", "triggerThreshold: many")},
			pass: []string{mutate(t, baseRule, "triggerThreshold: 0", "triggerThreshold: 10000")}},
		{name: "entity mappings", code: "SR019",
			fail: []string{mutate(t, baseRule, baseMappings, entityMappings(6, 1)), mutate(t, baseRule, baseMappings, "entityMappings: []\n")},
			pass: []string{mutate(t, baseRule, baseMappings, entityMappings(5, 1)), mutate(t, baseRule, baseMappings, "")}},
		{name: "field mappings", code: "SR020",
			fail: []string{mutate(t, baseRule, baseMappings, entityMappings(1, 4)), mutate(t, baseRule, baseMappings, "entityMappings:\n  - entityType: IP\n")},
			pass: []string{mutate(t, baseRule, "        columnName: AadUserId\n", "        columnName: AadUserId\n      - identifier: Name\n        columnName: Name\n      - identifier: UPNSuffix\n        columnName: UPNSuffix\n")}},
		{name: "entity type", code: "SR021",
			fail: []string{mutate(t, baseRule, "entityType: Account", "entityType: Hostname")},
			pass: []string{mutate(t, mutate(t, baseRule, "entityType: Account", "entityType: Host"), "identifier: AadUserId", "identifier: HostName")}},
		{name: "entity identifier", code: "SR022",
			fail: []string{mutate(t, baseRule, "identifier: AadUserId", "identifier: SID"),
				mutate(t, baseRule, "identifier: AadUserId", "identifier: UPNSuffix"),
				mutate(t, baseRule, "        columnName: AadUserId\n", "        columnName: AadUserId\n      - identifier: AadUserId\n        columnName: Name\n")},
			pass: []string{mutate(t, baseRule, "identifier: AadUserId", "identifier: Sid")}},
		{name: "column name", code: "SR023",
			fail: []string{mutate(t, baseRule, "columnName: AadUserId", "columnName: 1AadUserId"), mutate(t, baseRule, "columnName: AadUserId", "columnName: Aad-User")},
			pass: []string{mutate(t, baseRule, "columnName: AadUserId", "columnName: _AadUserId_2")}},
		{name: "custom details", code: "SR024",
			fail: []string{mutate(t, baseRule, "customDetails:\n  Operation: OperationName\n", customDetails(21)),
				mutate(t, baseRule, "Operation: OperationName", "1Operation: OperationName"),
				mutate(t, baseRule, "Operation: OperationName", "OperationNameOfTheVault: OperationName"),
				mutate(t, baseRule, "Operation: OperationName", "Operation: Operation Name"),
				mutate(t, baseRule, "customDetails:\n  Operation: OperationName", "customDetails:\n  - OperationName")},
			pass: []string{mutate(t, baseRule, "customDetails:\n  Operation: OperationName\n", customDetails(20))}},
		{name: "control command", code: "SR027",
			fail: []string{mutate(t, baseRule, "query: |\n  AzureDiagnostics\n", "query: |\n  // set up\n  .show tables\n  | count\n  AzureDiagnostics\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: '.create table T (a:string)'\n"),
				mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: '.purge table T records <| T'\n")},
			pass: []string{mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", "query: 'print x = .5'\n")}},
		{name: "alert details override", code: "SR025",
			fail: []string{mutate(t, baseRule, "'Operation {{OperationName}}'", "'{{A}} {{B}} {{C}} {{D}}'"),
				mutate(t, baseRule, "'{{OperationName}} on {{Resource}}'", "''"),
				mutate(t, baseRule, "'{{OperationName}} on {{Resource}}'", long(257))},
			pass: []string{mutate(t, baseRule, "'Operation {{OperationName}}'", "'{{A}} {{B}} {{C}}'")}},
		{name: "event grouping", code: "SR026",
			fail:  []string{mutate(t, baseRule, "aggregationKind: SingleAlert", "aggregationKind: PerResult")},
			pass:  []string{mutate(t, baseRule, "aggregationKind: SingleAlert", "aggregationKind: AlertPerResult")},
			warns: []string{mutate(t, baseRule, "aggregationKind: SingleAlert", "aggregationKind: singlealert")}},
		{name: "ARM expression", code: "SR040",
			warns: []string{mutate(t, baseRule, "'Identifies when sensitive Azure Key Vault operations are used.'", "'[listKeys(resourceId(''Microsoft.Storage/storageAccounts'',''victim''),''2019-06-01'').keys[0].value]'"),
				mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: '[parameters(''x'')]'"),
				mutate(t, baseRule, "'{{OperationName}} on {{Resource}}'", "'[{{Severity}}] key deleted [{{IP}}]'"),
				mutate(t, baseRule, "Operation: OperationName", "Operation: '[x]'"),
				mutate(t, baseRule, "  - Impact", "  - '[Impact]'"),
				mutate(t, baseHunting, "name: Azure Key Vault Access Policy Manipulation", "name: '[x]'")},
			pass: []string{baseRule, mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: '[Preview] Sensitive operations'"),
				mutate(t, baseRule, "version: 1.0.0", "tags: ['[not deployed]']")}},
		{name: "ARM expression key", code: "SR041",
			warns: []string{mutate(t, baseRule, "aggregationKind: SingleAlert", "'[x]': SingleAlert")},
			pass:  []string{baseRule}},
		{name: "not a rule", code: "SR100",
			warns: nil,
			pass:  []string{baseRule, baseHunting}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, text := range tc.fail {
				fs := validateText(t, text)
				assert.Contains(t, codes(fs, SeverityError), tc.code, "failing case %d: %v", i, fs)
			}
			for i, text := range tc.warns {
				fs := validateText(t, text)
				assert.Contains(t, codes(fs, SeverityWarning), tc.code, "warning case %d: %v", i, fs)
				assert.NotContains(t, codes(fs, SeverityError), tc.code, "warning case %d: %v", i, fs)
			}
			for i, text := range tc.pass {
				for _, f := range validateText(t, text) {
					assert.NotEqual(t, tc.code, f.Code, "passing case %d: %v", i, f)
				}
			}
		})
	}
}

func TestValidateDuplicateIDs(t *testing.T) {
	other := mutate(t, baseRule, "name: Sensitive Azure Key Vault operations", "name: Another rule")
	fs := validateText(t, baseRule, other)
	require.Equal(t, []string{"SR002"}, codes(fs, SeverityError))
	assert.Equal(t, "rule2.yaml:1:5: SR002: id: id d6491be0-ab2d-439d-95d6-ad8ea39277c5 is also the id of rule1.yaml:1, a different rule (\"Sensitive Azure Key Vault operations\")", fs[0].String())

	// Two versions of one rule: a warning.
	v2 := mutate(t, baseRule, "version: 1.0.0", "version: 1.0.1")
	fs = validateText(t, baseRule, v2)
	assert.Empty(t, codes(fs, SeverityError))
	assert.Equal(t, []string{"SR002"}, codes(fs, SeverityWarning))

	// Different ids: nothing; the same GUID written differently: a duplicate.
	fs = validateText(t, baseRule, mutate(t, other, "d6491be0-ab2d-439d-95d6-ad8ea39277c5", "d6491be0-ab2d-439d-95d6-ad8ea39277c6"))
	assert.Empty(t, fs)
	fs = validateText(t, baseRule, mutate(t, other, "d6491be0-ab2d-439d-95d6-ad8ea39277c5", "D6491BE0AB2D439D95D6AD8EA39277C5"))
	assert.Equal(t, []string{"SR002"}, codes(fs, SeverityError))
}

func TestValidateNotARule(t *testing.T) {
	f, err := Parse("parser.yaml", []byte("id: UnifiedSignInLogs\nfunctionAlias: UnifiedSignInLogs\nquery: |\n  SigninLogs\n"))
	require.NoError(t, err)
	fs := Validate(f)
	require.Len(t, fs, 1)
	assert.Equal(t, "parser.yaml:1:1: SR100: not a rule: a parser (function) definition: it has functionAlias", fs[0].String())
	assert.Equal(t, SeverityInfo, fs[0].Severity)
}

// TestValidateKeyVault: the Key Vault rules pass Microsoft's CI; Validate
// finds no error in them. The seed-era copy of Mass secret retrieval
// shares its id with the current version: one SR002 warning.
func TestValidateKeyVault(t *testing.T) {
	var files []*File
	for _, p := range yamlFiles(t, filepath.Join("..", "testdata", "rules", "keyvault")) {
		f, err := Load(p)
		require.NoError(t, err)
		files = append(files, f)
	}
	require.Len(t, files, 7)
	fs := Validate(files...)
	for _, f := range fs {
		t.Log(f)
		assert.NotEqual(t, SeverityError, f.Severity, "%v", f)
	}
	require.Len(t, fs, 1)
	assert.Equal(t, "SR002", fs[0].Code)
	assert.Contains(t, fs[0].File, "seed-era")

	// Analytic rules get the analytic checks, the hunting query the hunting
	// checks: removing severity is an error for the one and not the other.
	for _, f := range files {
		r, err := f.Rule()
		require.NoError(t, err)
		if filepath.Base(f.Name()) == "AzureKeyVaultAccessManipulation.yaml" {
			assert.Equal(t, HuntingQuery, r.Class())
			assert.Nil(t, r.Node("severity"))
			continue
		}
		assert.Equal(t, AnalyticRule, r.Class())
		require.NoError(t, r.Delete("severity"))
		assert.Contains(t, codes(Validate(f), SeverityError), "SR005")
	}
}

// TestValidatePositions checks where findings point.
func TestValidatePositions(t *testing.T) {
	text := mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: 90s")
	fs := validateText(t, text)
	require.Len(t, fs, 1)
	assert.Equal(t, `rule1.yaml:10:17: SR013: queryFrequency: "90s" is not <n>m, <n>h or <n>d`, fs[0].String())
	assert.Equal(t, "queryFrequency", fs[0].Field)

	text = mutate(t, baseRule, "identifier: AadUserId", "identifier: SID")
	fs = validateText(t, text)
	var msgs []string
	for _, f := range fs {
		msgs = append(msgs, f.String())
	}
	assert.Equal(t, []string{
		"rule1.yaml:25:7: SR022: entityMappings[0].fieldMappings: entity type Account needs one of the identifiers FullName, Sid, Name, AadUserId, PUID, ObjectGuid",
		`rule1.yaml:25:21: SR022: entityMappings[0].fieldMappings[0].identifier: "SID" is not an identifier of entity type Account (Name, FullName, NTDomain, DnsDomain, UPNSuffix, Sid, AadTenantId, AadUserId, PUID, IsDomainJoined, DisplayName, ObjectGuid)`,
	}, msgs)

	// A missing field points at the top of the file.
	fs = validateText(t, mutate(t, baseRule, "severity: Low\n", ""))
	require.Len(t, fs, 1)
	assert.Equal(t, "rule1.yaml:1:1: SR005: severity: is missing", fs[0].String())
}

// TestQuerySyntaxPosition maps a KQL syntax error's offset to the file's
// line and column for each way of writing the query. The parser is stood
// in for, so that the mapping is tested on its own.
func TestQuerySyntaxPosition(t *testing.T) {
	const marker = "VaultDelete"
	old := parseQuery
	t.Cleanup(func() { parseQuery = old })
	parseQuery = func(q string) error {
		i := strings.Index(q, marker)
		if i < 0 {
			return nil
		}
		return &kql.Error{Pos: kql.Position{Offset: i, Line: 2, Column: 1}, Msg: "unexpected VaultDelete"}
	}
	for _, tc := range []struct {
		name, query string
		line, col   int
	}{
		{"literal block", "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n", 20, 29},
		{"indented literal block", "query: |2-\n     AzureDiagnostics\n     | where x == \"VaultDelete\"\n", 20, 20},
		{"folded block", "query: >\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n", 20, 29},
		{"double quoted", "query: \"AzureDiagnostics\\n| where OperationName == \\\"VaultDelete\\\"\"\n", 18, 54},
		{"double quoted on two lines", "query: \"AzureDiagnostics\\n\\\n  | where OperationName == \\\"VaultDelete\\\"\"\n", 19, 30},
		{"single quoted", "query: 'AzureDiagnostics | where OperationName == \"VaultDelete\"'\n", 18, 52},
		{"plain", "query: AzureDiagnostics | where OperationName == 'VaultDelete'\n", 18, 51},
		{"plain on two lines", "query: AzureDiagnostics\n  | where OperationName == 'VaultDelete'\n", 19, 29},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := mutate(t, baseRule, "query: |\n  AzureDiagnostics\n  | where OperationName == \"VaultDelete\"\n  | extend AadUserId = identity_claim_oid_g, Name = Caller\n", tc.query)
			fs := validateText(t, text)
			require.Len(t, fs, 1, "%v", fs)
			assert.Equal(t, "SR010", fs[0].Code)
			assert.Equal(t, tc.line, fs[0].Pos.Line, fs[0].String())
			assert.Equal(t, tc.col, fs[0].Pos.Column, fs[0].String())
			assert.Equal(t, marker, text[fs[0].Pos.Offset:fs[0].Pos.Offset+len(marker)], "the position is the marker's")
		})
	}
}

// TestQuerySyntaxKQL runs the real KQL parser: a syntax error in the query
// becomes an SR010 error at the right place of the file.
func TestQuerySyntaxKQL(t *testing.T) {
	text := mutate(t, baseRule, `  | where OperationName == "VaultDelete"`, `  | where OperationName == == "VaultDelete"`)
	fs := validateText(t, text)
	require.Len(t, fs, 1, "%v", fs)
	f := fs[0]
	assert.Equal(t, "SR010", f.Code)
	assert.Equal(t, SeverityError, f.Severity)
	assert.Equal(t, 20, f.Pos.Line, f.String())
	assert.GreaterOrEqual(t, f.Pos.Column, 26, f.String())
	assert.Empty(t, validateText(t, baseRule))
}

// TestValidateDurationStyles: a repository that writes ISO 8601 durations
// says so once, and its PT1H validates.
func TestValidateDurationStyles(t *testing.T) {
	iso := mutate(t, mutate(t, baseRule, "queryFrequency: 1d", "queryFrequency: PT1H"), "queryPeriod: 1d", "queryPeriod: P1D")
	for _, tc := range []struct {
		style     DurationStyle
		text      string
		wantCodes []string
	}{
		{DurationsCI, iso, []string{"SR013", "SR014"}},
		{DurationsISO8601, iso, nil},
		{DurationsAny, iso, nil},
		{DurationsAny, baseRule, nil},
		{DurationsISO8601, baseRule, []string{"SR013", "SR014"}},
		{DurationsISO8601, mutate(t, iso, "PT1H", "PT2M"), []string{"SR013"}},
		{DurationsISO8601, mutate(t, iso, "PT1H", "P2D"), []string{"SR015"}},
	} {
		f, err := Parse("r.yaml", []byte(tc.text))
		require.NoError(t, err)
		var got []string
		for _, fd := range ValidateWith(func(*File) Options { return Options{Durations: tc.style} }, f) {
			if fd.Severity == SeverityError {
				got = append(got, fd.Code)
			}
		}
		assert.Equal(t, tc.wantCodes, got, "style %d: %s", tc.style, tc.text[strings.Index(tc.text, "queryFrequency"):strings.Index(tc.text, "triggerOperator")])
	}
}

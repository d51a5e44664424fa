package transform

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

func builtin(t *testing.T) *Profile {
	t.Helper()
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	return p
}

type queryCase struct {
	name string
	src  string
	want string // the converted query; "" when the query must not change
}

func runQueryCases(t *testing.T, p *Profile, cases []queryCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ConvertQuery(tc.src, p)
			require.NoError(t, err)
			want := tc.want
			if want == "" {
				want = tc.src
			}
			assert.Equal(t, want, res.Text)
		})
	}
}

// Pass 1: literals compared with mapped columns are retargeted, in every
// string form and case style, through lets and dynamic arrays, and nowhere
// else.
func TestRetargetValues(t *testing.T) {
	runQueryCases(t, builtin(t), []queryCase{
		{"equality", `AzureDiagnostics | where ResourceType == "VAULTS"`,
			`AzureDiagnostics | where ResourceType == "MANAGEDHSMS"`},
		{"lower case keeps lower case", `AzureDiagnostics | where ResourceType =~ 'vaults'`,
			`AzureDiagnostics | where ResourceType =~ 'managedhsms'`},
		{"mixed case becomes upper case", `AzureDiagnostics | where ResourceType =~ "Vaults"`,
			`AzureDiagnostics | where ResourceType =~ "MANAGEDHSMS"`},
		{"verbatim string", `AzureDiagnostics | where ResourceType == @"VAULTS"`,
			`AzureDiagnostics | where ResourceType == @"MANAGEDHSMS"`},
		{"obfuscated string", `AzureDiagnostics | where ResourceType == h'VAULTS'`,
			`AzureDiagnostics | where ResourceType == h'MANAGEDHSMS'`},
		{"value on the left", `AzureDiagnostics | where "VAULTS" == ResourceType`,
			`AzureDiagnostics | where "MANAGEDHSMS" == ResourceType`},
		{"in list", `AzureDiagnostics | where ResourceType in~ ("VAULTS", "OTHER")`,
			`AzureDiagnostics | where ResourceType in~ ("MANAGEDHSMS", "OTHER")`},
		{"through a let", "let rt = \"VAULTS\";\nAzureDiagnostics | where ResourceType == rt",
			"let rt = \"MANAGEDHSMS\";\nAzureDiagnostics | where ResourceType == rt"},
		{"through a dynamic let", "let rts = dynamic([\"vaults\"]);\nAzureDiagnostics | where ResourceType in (rts)",
			"let rts = dynamic([\"managedhsms\"]);\nAzureDiagnostics | where ResourceType in (rts)"},
		{"column_ifexists", `AzureDiagnostics | where column_ifexists("ResourceType", "") == "VAULTS"`,
			`AzureDiagnostics | where column_ifexists("ResourceType", "") == "MANAGEDHSMS"`},
		{"resource id substring", "AzureDiagnostics | where ResourceType == \"VAULTS\" and _ResourceId has \"/providers/microsoft.keyvault/vaults/kv1\"",
			"AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\" and _ResourceId has \"/providers/microsoft.keyvault/managedhsms/kv1\""},
		{"comments and unrelated strings stay",
			"// ResourceType == \"VAULTS\"\nAzureDiagnostics\n| where ResourceType == \"VAULTS\" // VAULTS\n| extend note = \"VAULTS\"",
			"// ResourceType == \"VAULTS\"\nAzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\" // VAULTS\n| extend note = \"VAULTS\""},
	})
}

// Pass 2: operation pruning.
func TestPruneOperations(t *testing.T) {
	const head = "AzureDiagnostics | where ResourceType == \"VAULTS\"\n"
	const conv = "AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\"\n"
	runQueryCases(t, builtin(t), []queryCase{
		{"dropped equality is false", head + `| where OperationName == "SecretGet" or x`, conv + `| where x`},
		{"dropped inequality is true", head + `| where OperationName != "SecretGet" and x`, conv + `| where x`},
		{"kept equality stays", head + `| where OperationName == "KeyGet"`, conv + `| where OperationName == "KeyGet"`},
		{"in list loses dropped names", head + `| where OperationName in ("SecretGet", "KeyGet", "VaultGet")`,
			conv + `| where OperationName in ("KeyGet")`},
		{"last name dropped", head + `| where OperationName in~ ("KeyGet", "VaultGet")`,
			conv + `| where OperationName in~ ("KeyGet")`},
		{"not in list of only dropped names is true", head + "| where OperationName !in (\"SecretGet\")\n| project x",
			conv + "| project x"},
		{"startswith a dropped prefix", head + `| where OperationName startswith "Secret" or y`, conv + `| where y`},
		{"startswith a kept prefix", head + `| where OperationName startswith "Key"`, conv + `| where OperationName startswith "Key"`},
		{"has_any of dropped names", head + `| where OperationName has_any ("SecretGet") or z`, conv + `| where z`},
		{"has_all with a dropped name", head + `| where OperationName has_all ("SecretGet", "KeyGet") or z`, conv + `| where z`},
		{"contains is not judged", head + `| where OperationName contains "Secret"`, conv + `| where OperationName contains "Secret"`},
		{"dynamic let", "let ops = dynamic([\"VaultDelete\", \"KeyDelete\"]);\n" + head + "| where OperationName in~ (ops)",
			"let ops = dynamic([\"KeyDelete\"]);\n" + conv + "| where OperationName in~ (ops)"},
		{"multi-line list keeps its layout", "let ops = dynamic(\n[\"VaultDelete\",\n \"KeyDelete\",\n \"SecretDelete\"]);\n" + head + "| where OperationName in~ (ops)",
			"let ops = dynamic(\n[\"KeyDelete\"]);\n" + conv + "| where OperationName in~ (ops)"},
	})
}

// An in list that loses every name makes its pipeline empty: the rule is
// inapplicable.
func TestInapplicable(t *testing.T) {
	for _, src := range []string{
		"AzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName in (\"SecretGet\", \"SecretList\") | project x",
		"AzureDiagnostics | where ResourceType == \"VAULTS\" and OperationName == \"VaultPatch\"",
		"let ops = dynamic([\"SecretGet\"]);\nAzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName in (ops)",
		"T | join kind=inner (AzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName == \"VaultGet\") on x",
	} {
		res, err := ConvertQuery(src, builtin(t))
		require.NoError(t, err)
		assert.True(t, res.InScope, src)
		assert.False(t, res.Applicable, src)
		assert.Contains(t, res.Reason, "can never return a row", src)
	}
	// A summarize without by makes a row of nothing; a left outer join
	// keeps its left side.
	for _, src := range []string{
		"AzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName == \"SecretGet\" | summarize count()",
		"T | join kind=leftouter (AzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName == \"VaultGet\") on x",
	} {
		res, err := ConvertQuery(src, builtin(t))
		require.NoError(t, err)
		assert.True(t, res.Applicable, src)
	}
}

// Pass 3: boolean folding, sound under three-valued logic.
func TestFold(t *testing.T) {
	const head = "AzureDiagnostics | where ResourceType == \"VAULTS\"\n"
	const conv = "AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\"\n"
	drop := `OperationName == "SecretGet"`
	runQueryCases(t, builtin(t), []queryCase{
		{"and false", head + "| where a and " + drop + " or b", conv + "| where b"},
		{"or false", head + "| where a or " + drop, conv + "| where a"},
		{"not", head + "| where not(" + drop + ")", strings.TrimSuffix(conv, "\n")},
		{"not of and", head + "| where not(a and " + drop + ")", strings.TrimSuffix(conv, "\n")},
		{"parentheses", head + "| where a and (" + drop + " or b)", conv + "| where a and (b)"},
		{"iff", head + "| extend k = iff(" + drop + ", 1, 2)", conv + "| extend k = 2"},
		{"case branch", head + "| extend k = case(" + drop + ", 1, a, 2, 3)", conv + "| extend k = case(a, 2, 3)"},
		{"case to default", head + "| extend k = case(" + drop + ", 1, 3)", conv + "| extend k = 3"},
		{"constant in an extend", head + "| extend isSecret = " + drop, conv + "| extend isSecret = false"},
	})
}

// Pass 4: dead code. A let the conversion leaves unused goes with the
// comment lines right above it; comments after a blank line stay.
func TestRemoveUnusedLets(t *testing.T) {
	runQueryCases(t, builtin(t), []queryCase{
		{"attached comments go",
			"let a = 1;\n// about the allow list\n// more\nlet allow = dynamic([\"x\"]);\nAzureDiagnostics\n| where ResourceType == \"VAULTS\"\n| where not(id in (allow) and OperationName == \"VaultGet\")\n| project a",
			"let a = 1;\nAzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\"\n| project a"},
		{"detached comments stay",
			"let a = 1;\n\n// header\n\nlet allow = dynamic([\"x\"]);\nAzureDiagnostics\n| where ResourceType == \"VAULTS\"\n| where not(id in (allow) and OperationName == \"VaultGet\")",
			"let a = 1;\n\n// header\n\nAzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\""},
		{"a let unused in the source stays",
			"let unused = 1;\nAzureDiagnostics | where ResourceType == \"VAULTS\"",
			"let unused = 1;\nAzureDiagnostics | where ResourceType == \"MANAGEDHSMS\""},
		{"chains of lets go",
			"let base = dynamic([\"VaultGet\"]);\nlet ops = base;\nAzureDiagnostics | where ResourceType == \"VAULTS\" | where x or OperationName in (ops)",
			"AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\" | where x"},
		{"columns that only fed removed logic go",
			"AzureDiagnostics\n| where ResourceType == \"VAULTS\"\n| extend app = identity_claim_appid_g, kept = 1\n| extend app2 = app\n| where not(app2 in (\"a\") and OperationName == \"VaultGet\")\n| project x, kept",
			"AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\"\n| extend kept = 1\n| project x, kept"},
		{"columns that reach the output stay",
			"AzureDiagnostics\n| where ResourceType == \"VAULTS\"\n| extend app = identity_claim_appid_g\n| where not(app in (\"a\") and OperationName == \"VaultGet\")",
			"AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\"\n| extend app = identity_claim_appid_g"},
		{"union leg that can return nothing goes",
			"union (AzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName == \"SecretGet\"), (AzureDiagnostics | where ResourceType == \"VAULTS\")",
			"union (AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\")"},
	})
}

// Queries the profile does not apply to are left exactly as they are.
func TestOutOfScope(t *testing.T) {
	for _, src := range []string{
		"SigninLogs | where ResultType == 0",
		"AzureActivity | where OperationNameValue has \"MICROSOFT.KEYVAULT/VAULTS/WRITE\"",
		"AzureDiagnostics | where Category == \"AuditEvent\" | where OperationName == \"SecretGet\"",
		"AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\"",
	} {
		res, err := ConvertQuery(src, builtin(t))
		require.NoError(t, err)
		assert.False(t, res.InScope, src)
		assert.Equal(t, src, res.Text)
		assert.Empty(t, res.Changes)
		assert.NotEmpty(t, res.Reason)
	}
}

// Column and table maps, as the AZKVAuditLogs example profile uses them.
func TestColumnAndTableMaps(t *testing.T) {
	p, err := ParseProfile("test.yaml", []byte(`
name: test
scope: {tables: [AzureDiagnostics], column: ResourceType, values: [VAULTS]}
predicates:
  - column: ResourceType
    values: [VAULTS]
    replace: _ResourceId has "/managedhsms/"
tables: {rename: {AzureDiagnostics: AZKVAuditLogs}}
columns:
  rename: {CallerIPAddress: CallerIpAddress}
  expressions:
    Resource: toupper(tostring(split(_ResourceId, "/")[8]))
    identity_claim_oid_g: tostring(Identity.claim.oid)
`))
	require.NoError(t, err)
	runQueryCases(t, p, []queryCase{
		{"predicate, table and column",
			"AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| extend ip = column_ifexists(\"CallerIPAddress\", \"\")\n| summarize count() by CallerIPAddress, Resource",
			"AZKVAuditLogs\n| where _ResourceId has \"/managedhsms/\"\n| extend ip = column_ifexists(\"CallerIpAddress\", \"\")\n| summarize count() by CallerIpAddress, Resource = toupper(tostring(split(_ResourceId, \"/\")[8]))"},
		{"negated predicate",
			"AzureDiagnostics | where ResourceType != \"VAULTS\"",
			"AZKVAuditLogs | where not(_ResourceId has \"/managedhsms/\")"},
		{"expression replaces column_ifexists; later uses read the new column",
			"AzureDiagnostics | where ResourceType == \"VAULTS\" | extend identity_claim_oid_g = column_ifexists(\"identity_claim_oid_g\", \"\") | where isnotempty(identity_claim_oid_g)",
			"AZKVAuditLogs | where _ResourceId has \"/managedhsms/\" | extend identity_claim_oid_g = tostring(Identity.claim.oid) | where isnotempty(identity_claim_oid_g)"},
	})
}

// A rename onto a name the query also uses would make two columns one: the
// query is refused, at the first place it names the new name. A name that
// only the profile brings in is no conflict.
func TestRenameOntoNamedColumn(t *testing.T) {
	p, err := ParseProfile("test.yaml", []byte(`
name: test
scope: {tables: [AzureDiagnostics], column: ResourceType, values: [VAULTS]}
predicates:
  - {column: ResourceType, values: [VAULTS], replace: HsmId has "/managedhsms/"}
columns: {rename: {ResourceId: _ResourceId, Resource: HsmId}}
`))
	require.NoError(t, err)
	for _, tc := range []struct{ query, at string }{
		{`AzureDiagnostics | where ResourceType == "VAULTS" | project ResourceId, _ResourceId`, "_ResourceId"},
		{`AzureDiagnostics | where ResourceType == "VAULTS" | where ResourceId != _ResourceId`, "_ResourceId"},
		{`AzureDiagnostics | where ResourceType == "VAULTS" | summarize count() by _ResourceId, ResourceId`, "_ResourceId, ResourceId"},
		{`AzureDiagnostics | where ResourceType == "VAULTS" | extend _ResourceId = tolower(ResourceId) | project _ResourceId`, "_ResourceId = tolower"},
		{`AzureDiagnostics | where ResourceType == "VAULTS" | extend r = column_ifexists("_ResourceId", "") | project ResourceId, r`, `column_ifexists("_ResourceId"`},
	} {
		_, err := ConvertQuery(tc.query, p)
		var refused *RefusedError
		require.ErrorAs(t, err, &refused, tc.query)
		assert.Equal(t, "columns.rename: ResourceId → _ResourceId, but the query also names _ResourceId: the two columns would become one, which changes what the query means; not converted", refused.Msg)
		assert.Equal(t, strings.Index(tc.query, tc.at), refused.Offset, tc.query)
	}
	// The predicate brings in HsmId, which Resource is renamed to.
	res, err := ConvertQuery(`AzureDiagnostics | where ResourceType == "VAULTS" | project Resource, ResourceId`, p)
	require.NoError(t, err)
	assert.Equal(t, `AzureDiagnostics | where HsmId has "/managedhsms/" | project HsmId, _ResourceId`, res.Text)
}

// Every change says where it is and why.
func TestChangeReport(t *testing.T) {
	src := "let ops = dynamic([\"SecretGet\", \"KeyGet\"]);\nAzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| where OperationName in (ops)"
	res, err := ConvertQuery(src, builtin(t))
	require.NoError(t, err)
	require.Len(t, res.Changes, 2)
	drop, retarget := res.Changes[0], res.Changes[1]
	assert.Equal(t, DropOperation, drop.Kind)
	assert.Equal(t, strings.Index(src, `"SecretGet"`), drop.Offset)
	assert.Equal(t, `"SecretGet"`, drop.Before)
	assert.Contains(t, drop.Reason, "Secret*")
	assert.Equal(t, RetargetValue, retarget.Kind)
	assert.Equal(t, strings.Index(src, `"VAULTS"`), retarget.Offset)
	assert.Equal(t, `"MANAGEDHSMS"`, retarget.After)
	assert.Contains(t, retarget.Reason, "values[0]")
}

func TestSyntaxError(t *testing.T) {
	_, err := ConvertQuery("AzureDiagnostics | where", builtin(t))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1:25")
}

// Operation renames and additions, which the built-in profile leaves off.
func TestOperationRenamesAndAdditions(t *testing.T) {
	p, err := ParseProfile("test.yaml", []byte(`
name: test
scope: {tables: [AzureDiagnostics], column: ResourceType, values: [VAULTS]}
values: [{columns: [ResourceType], map: {VAULTS: MANAGEDHSMS}}]
operations:
  column: OperationName
  drop: [Secret*]
  rename: {KeyList: KeyListAll}
  add: [{when: KeyBackup, add: [BackupCreate]}]
`))
	require.NoError(t, err)
	runQueryCases(t, p, []queryCase{
		{"rename and add",
			"let ops = dynamic([\"SecretBackup\", \"KeyBackup\", \"KeyList\"]);\nAzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName in (ops)",
			"let ops = dynamic([\"KeyBackup\", \"KeyListAll\", \"BackupCreate\"]);\nAzureDiagnostics | where ResourceType == \"MANAGEDHSMS\" | where OperationName in (ops)"},
		{"no duplicate addition",
			"AzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName in (\"KeyBackup\", \"BackupCreate\")",
			"AzureDiagnostics | where ResourceType == \"MANAGEDHSMS\" | where OperationName in (\"KeyBackup\", \"BackupCreate\")"},
	})
}

// Cyclic let bindings are not valid queries for Kusto, but they parse: a
// conversion must not follow them forever.
func TestLetCycles(t *testing.T) {
	for _, src := range []string{
		"let a = a;\nAzureDiagnostics | where ResourceType == a",
		"let a = b; let b = a;\nAzureDiagnostics | where ResourceType == \"VAULTS\" | where OperationName in (b)",
	} {
		_, err := ConvertQuery(src, builtin(t))
		assert.NoError(t, err, src)
	}
}

// Entity mappings and custom details that name a column the conversion
// removed are removed; when no mapping is left, the field goes. A column of
// the source table is not removed by removing its mentions.
func TestFixMappings(t *testing.T) {
	rule := func(query string) []byte {
		return []byte(`id: 1b7a54a8-3ff4-4c16-a9d5-4b8e7d1a2a0b
name: Test rule on Azure Key Vault
description: |
  'A test rule.'
severity: Low
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
query: |
` + query + `entityMappings:
  - entityType: CloudApplication
    fieldMappings:
      - identifier: AppId
        columnName: secretName
customDetails:
  Secret: secretName
  Op: OperationName
version: 1.0.0
kind: Scheduled
`)
	}
	convert := func(query string) *Result {
		f, err := rules.Parse("rule.yaml", rule(query))
		require.NoError(t, err)
		res, err := Convert(f, builtin(t))
		require.NoError(t, err)
		require.Equal(t, Converted, res.Status, res.Reason)
		return res
	}

	res := convert(`  AzureDiagnostics
  | where ResourceType == "VAULTS"
  | extend secretName = requestUri_s
  | where not(identity_claim_appid_g in ("a") and OperationName == "VaultGet")
`)
	out, err := res.Output.Rule()
	require.NoError(t, err)
	assert.Len(t, out.EntityMappings(), 1)
	assert.Len(t, out.CustomDetails(), 2)

	res = convert(`  union
    (AzureDiagnostics | where ResourceType == "VAULTS" | where OperationName == "SecretGet" | extend secretName = requestUri_s),
    (AzureDiagnostics | where ResourceType == "VAULTS")
`)
	out, err = res.Output.Rule()
	require.NoError(t, err)
	assert.Empty(t, out.EntityMappings())
	assert.NotContains(t, string(res.Output.Bytes()), "entityMappings")
	require.Len(t, out.CustomDetails(), 1)
	assert.Equal(t, "Op", out.CustomDetails()[0].Key)
	assert.NotEmpty(t, res.Notes)
}

// A rule whose query does not parse fails with the position in the file,
// and the KQL error underneath.
func TestConvertSyntaxError(t *testing.T) {
	f, err := rules.Parse("bad.yaml", []byte("id: 1b7a54a8-3ff4-4c16-a9d5-4b8e7d1a2a0b\nname: x\nquery: |\n  AzureDiagnostics\n  | where ResourceType == @\nkind: Scheduled\n"))
	require.NoError(t, err)
	_, err = Convert(f, builtin(t))
	require.Error(t, err)
	var rerr *rules.Error
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "bad.yaml", rerr.File)
	assert.Equal(t, 5, rerr.Pos.Line)
	var kerr *kql.Error
	require.ErrorAs(t, err, &kerr)
	assert.Equal(t, 2, kerr.Pos.Line)
}

// A let whose value is retargeted but that is also used elsewhere gets a
// note: the new value applies there too.
func TestRetargetSharedLetNote(t *testing.T) {
	res, err := ConvertQuery("let rt = \"VAULTS\";\nAzureDiagnostics | where ResourceType == rt | extend k = rt", builtin(t))
	require.NoError(t, err)
	require.Len(t, res.Notes, 1)
	assert.Contains(t, res.Notes[0].Message, "let rt is also used outside comparisons")
}

package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parseRule(t *testing.T, text string) (*File, *Rule) {
	t.Helper()
	f, err := Parse("rule.yaml", []byte(text))
	require.NoError(t, err)
	r, err := f.Rule()
	require.NoError(t, err)
	return f, r
}

const editBase = "id: 0914adab-90b5-47a3-a79f-7cdcac843aa7\nname: Key Vault access\ndescription: |\n  'Identifies access.'\nseverity: Low\nqueryFrequency: 1d\nqueryPeriod: 1d\ntriggerOperator: gt\ntriggerThreshold: 0\nquery: |\n  AzureDiagnostics\n  | where ResourceType == \"VAULTS\"\nversion: 1.0.0\nkind: Scheduled\n"

// TestEdits applies one edit to a small rule and compares the whole file.
func TestEdits(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		edit func(r *Rule) error
		want string
	}{
		{
			name: "query block keeps style and indentation",
			in:   "query: |\n    A\n    | take 1\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n| where x == 1\n") },
			want: "query: |\n    B\n    | where x == 1\nkind: NRT\n",
		},
		{
			name: "query without final newline becomes |-",
			in:   "query: |\n  A\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n| take 1") },
			want: "query: |-\n  B\n  | take 1\nkind: NRT\n",
		},
		{
			name: "query with extra final newlines becomes |+",
			in:   "query: |-\n  A\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n\n") },
			want: "query: |+\n  B\n\nkind: NRT\n",
		},
		{
			name: "leading space gets an indentation indicator",
			in:   "query: |\n  A\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("  B\nC\n") },
			want: "query: |2\n    B\n  C\nkind: NRT\n",
		},
		{
			name: "trailing spaces and blank lines stay in the block",
			in:   "query: |\n  A\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B   \n\n| take 1 \n") },
			want: "query: |\n  B   \n\n  | take 1 \nkind: NRT\n",
		},
		{
			name: "header comment kept",
			in:   "query: |  # KQL\n  A\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n") },
			want: "query: |  # KQL\n  B\nkind: NRT\n",
		},
		{
			name: "CRLF line ends kept",
			in:   "query: |\r\n  A\r\n  | take 1\r\nkind: NRT\r\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n| take 2\n") },
			want: "query: |\r\n  B\r\n  | take 2\r\nkind: NRT\r\n",
		},
		{
			name: "byte order mark kept",
			in:   "\uFEFFname: A\nquery: |\n  A\n",
			edit: func(r *Rule) error { return r.SetName("B") },
			want: "\uFEFFname: B\nquery: |\n  A\n",
		},
		{
			name: "no final newline kept",
			in:   "name: A\nquery: |\n  A\n  | take 1",
			edit: func(r *Rule) error { return r.SetQuery("B\n| take 2") },
			want: "name: A\nquery: |-\n  B\n  | take 2",
		},
		{
			name: "no final newline, value ending in a line break",
			in:   "name: A\nquery: |\n  A",
			edit: func(r *Rule) error { return r.SetQuery("B\n") },
			want: "name: A\nquery: |\n  B\n",
		},
		{
			name: "folded block written as literal",
			in:   "query: >\n  A\n  | take 1\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n| take 2\n") },
			want: "query: |\n  B\n  | take 2\nkind: NRT\n",
		},
		{
			name: "text a block cannot hold is double-quoted",
			in:   "query: |\n  A\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("a\x07b\r\n") },
			want: "query: \"a\\x07b\\r\\n\"\nkind: NRT\n",
		},
		{
			name: "double-quoted stays double-quoted",
			in:   "query: \"A\\n| take 1\"\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B \"x\"\n| take 2\t") },
			want: "query: \"B \\\"x\\\"\\n| take 2\\t\"\nkind: NRT\n",
		},
		{
			name: "multi-line double-quoted rewritten on one line",
			in:   "query: \"A\\n| where x\\\n  \\ == 1\"\nkind: NRT\n",
			edit: func(r *Rule) error { return r.SetQuery("B\n") },
			want: "query: \"B\\n\"\nkind: NRT\n",
		},
		{
			name: "single-quoted stays single-quoted",
			in:   "name: 'Key Vault'\nquery: q\n",
			edit: func(r *Rule) error { return r.SetName("Managed HSM's keys") },
			want: "name: 'Managed HSM''s keys'\nquery: q\n",
		},
		{
			name: "plain stays plain",
			in:   "name: Key Vault   # the name\nquery: q\n",
			edit: func(r *Rule) error { return r.SetName("Managed HSM") },
			want: "name: Managed HSM   # the name\nquery: q\n",
		},
		{
			name: "plain value that needs quotes",
			in:   "name: Key Vault\nquery: q\n",
			edit: func(r *Rule) error { return r.SetName("HSM: keys #1") },
			want: "name: 'HSM: keys #1'\nquery: q\n",
		},
		{
			name: "plain string that would read as a boolean",
			in:   "name: Key Vault\nquery: q\n",
			edit: func(r *Rule) error { return r.SetName("true") },
			want: "name: 'true'\nquery: q\n",
		},
		{
			name: "plain multi-line value becomes a literal block",
			in:   "description: Identifies access.\nquery: q\n",
			edit: func(r *Rule) error { return r.SetDescription("Identifies access.\nConverted by kqlt.\n") },
			want: "description: |\n  Identifies access.\n  Converted by kqlt.\nquery: q\n",
		},
		{
			name: "number field keeps its type",
			in:   "triggerThreshold: 0\nquery: q\n",
			edit: func(r *Rule) error { return r.Set("triggerThreshold", "5") },
			want: "triggerThreshold: 5\nquery: q\n",
		},
		{
			name: "empty field gets a value",
			in:   "description:\nquery: q\n",
			edit: func(r *Rule) error { return r.SetDescription("Now described") },
			want: "description: Now described\nquery: q\n",
		},
		{
			name: "missing key added at the end",
			in:   "name: A\nquery: |\n  T\n# trailing comment\n",
			edit: func(r *Rule) error { return r.SetVersion("1.0.1") },
			want: "name: A\nquery: |\n  T\nversion: 1.0.1\n# trailing comment\n",
		},
		{
			name: "missing key added to a file without final newline",
			in:   "name: A\nquery: T",
			edit: func(r *Rule) error { return r.SetID("0914adab-90b5-47a3-a79f-7cdcac843aa7") },
			want: "name: A\nquery: T\nid: 0914adab-90b5-47a3-a79f-7cdcac843aa7",
		},
		{
			name: "nested value",
			in:   "query: q\nentityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: CallerIPAddress\n",
			edit: func(r *Rule) error { return r.Set("entityMappings[0].fieldMappings[0].columnName", "CallerIpAddress") },
			want: "query: q\nentityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: CallerIpAddress\n",
		},
		{
			name: "same value: nothing changes",
			in:   "name:   Key Vault\nquery: q\n",
			edit: func(r *Rule) error { return r.SetName("Key Vault") },
			want: "name:   Key Vault\nquery: q\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, r := parseRule(t, tc.in)
			require.NoError(t, tc.edit(r))
			assert.Equal(t, tc.want, string(f.Bytes()))
		})
	}
}

const mappings = `query: q
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: AadUserId
        columnName: AadUserId
      - identifier: Name
        columnName: Name
  # the caller's address
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: CallerIPMax
  - entityType: AzureResource
    fieldMappings:
      - identifier: ResourceId
        columnName: ResourceId
customDetails:
  Operation: OperationName
  Vault: Resource
tactics: [Impact, CredentialAccess, Discovery]
kind: NRT
`

func TestDeletes(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		want       string // the text of mappings with old replaced by new
		old, new   string
	}{
		{name: "first entity mapping", path: "entityMappings[0]",
			old: "  - entityType: Account\n    fieldMappings:\n      - identifier: AadUserId\n        columnName: AadUserId\n      - identifier: Name\n        columnName: Name\n  # the caller's address\n"},
		{name: "middle entity mapping", path: "entityMappings[1]",
			old: "  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: CallerIPMax\n"},
		{name: "last entity mapping", path: "entityMappings[2]",
			old: "  - entityType: AzureResource\n    fieldMappings:\n      - identifier: ResourceId\n        columnName: ResourceId\n"},
		{name: "field mapping", path: "entityMappings[0].fieldMappings[1]",
			old: "      - identifier: Name\n        columnName: Name\n"},
		{name: "first key of a sequence item", path: "entityMappings[1].entityType",
			old: "  - entityType: IP\n    fieldMappings:", new: "  - fieldMappings:"},
		{name: "custom detail", path: "customDetails.Operation", old: "  Operation: OperationName\n"},
		{name: "flow sequence item", path: "tactics[1]", old: "[Impact, CredentialAccess, Discovery]", new: "[Impact, Discovery]"},
		{name: "top-level key", path: "customDetails", old: "customDetails:\n  Operation: OperationName\n  Vault: Resource\n"},
		{name: "only field mapping leaves an empty list", path: "entityMappings[1].fieldMappings[0]",
			old: "    fieldMappings:\n      - identifier: Address\n        columnName: CallerIPMax\n", new: "    fieldMappings: []\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, r := parseRule(t, mappings)
			require.NoError(t, r.Delete(tc.path))
			assert.Equal(t, mutate(t, mappings, tc.old, tc.new), string(f.Bytes()))
			assert.True(t, f.Edited())
		})
	}

	// Deleting every custom detail leaves "customDetails: {}".
	f, r := parseRule(t, mappings)
	require.NoError(t, r.DeleteCustomDetail("Operation"))
	require.NoError(t, r.DeleteCustomDetail("Vault"))
	assert.Equal(t, mutate(t, mappings, "customDetails:\n  Operation: OperationName\n  Vault: Resource\n", "customDetails: {}\n"), string(f.Bytes()))
	assert.Empty(t, r.CustomDetails())

	// The typed view follows the edits; Path names entries for Delete.
	f, r = parseRule(t, mappings)
	ems := r.EntityMappings()
	require.Len(t, ems, 3)
	assert.Equal(t, "entityMappings[1]", ems[1].Path)
	assert.Equal(t, "CallerIPMax", ems[1].FieldMappings[0].ColumnName)
	assert.Equal(t, Position{Offset: 207, Line: 10, Column: 5}, ems[1].Pos)
	require.NoError(t, r.DeleteEntityMapping(0))
	require.NoError(t, r.DeleteFieldMapping(0, 0))
	ems = r.EntityMappings()
	require.Len(t, ems, 2)
	assert.Equal(t, "IP", ems[0].EntityType)
	assert.Empty(t, ems[0].FieldMappings)
	assert.Equal(t, []CustomDetail{{Key: "Operation", Column: "OperationName", Path: "customDetails.Operation", Pos: f.Position(strings.Index(string(f.Bytes()), "Operation:"))},
		{Key: "Vault", Column: "Resource", Path: "customDetails.Vault", Pos: f.Position(strings.Index(string(f.Bytes()), "Vault:"))}}, r.CustomDetails())
}

func TestEditErrors(t *testing.T) {
	_, r := parseRule(t, "base: &b\n  x: 1\ncustomDetails: *b\nname: A\ntriggerThreshold: 0\nquery: q\n")
	err := r.Delete("customDetails.x")
	require.Error(t, err)
	assert.Equal(t, "rule.yaml:3:16: customDetails.x: goes through alias *b; edit the anchored value instead", err.Error())
	err = r.Set("customDetails", "x")
	assert.EqualError(t, err, "rule.yaml:3:16: customDetails: is alias *b; edit the anchored value instead")
	err = r.Set("base", "x")
	assert.EqualError(t, err, "rule.yaml:1:7: base: is a mapping; Set changes scalars only")
	err = r.Set("triggerThreshold", "many")
	assert.EqualError(t, err, `rule.yaml:5:19: triggerThreshold: cannot write "many" here keeping its type !!int (the result does not read back as intended)`)
	err = r.Delete("nothing[3]")
	assert.EqualError(t, err, "rule.yaml:1:1: nothing[3]: no such field")
	err = r.Set("a..b", "x")
	assert.EqualError(t, err, `rule.yaml:1:1: a..b: bad field path "a..b"`)
	err = r.Delete("query")
	assert.NoError(t, err, "deleting query is allowed; the file is then no rule")
	assert.Equal(t, NotARule, r.File().Class())
}

// TestEditKeyVaultGolden converts a Key Vault rule the way the transform
// package will: new id, name and description, edited query, an entity
// mapping removed. Only those bytes change.
func TestEditKeyVaultGolden(t *testing.T) {
	f := loadKeyVault(t, "KeyVaultSensitiveOperations.yaml")
	orig := f.Bytes()
	r, err := f.Rule()
	require.NoError(t, err)
	require.NoError(t, r.SetID(DeriveID(r.ID(), "kqlt:keyvault-to-managedhsm")))
	require.NoError(t, r.SetName("Sensitive Azure Managed HSM operations"))
	d := strings.TrimRight(r.Description(), "\n")
	require.NoError(t, r.SetDescription(d+"\nConverted from rule d6491be0-ab2d-439d-95d6-ad8ea39277c5 (1.0.4) by kqlt.\n"))
	q := strings.ReplaceAll(r.Query(), `ResourceType =~ "VAULTS"`, `ResourceType =~ "MANAGEDHSMS"`)
	q = strings.ReplaceAll(q, `"VaultDelete", "KeyDelete", "SecretDelete", "SecretPurge", "KeyPurge", "SecretBackup", "KeyBackup"`, `"KeyDelete", "KeyPurge", "KeyBackup"`)
	require.NoError(t, r.SetQuery(q))
	require.NoError(t, r.Delete("entityMappings[1]"))
	out := f.Bytes()
	golden(t, "KeyVaultSensitiveOperations.edited.yaml", out)

	// The lines of fields not edited are untouched.
	origLines, outLines := strings.Split(string(orig), "\n"), strings.Split(string(out), "\n")
	for _, l := range []string{"severity: Low", "status: Available", "queryFrequency: 1d", "  - T1485", "version: 1.0.4", "kind: Scheduled", "      - identifier: UPNSuffix"} {
		assert.Contains(t, origLines, l)
		assert.Contains(t, outLines, l)
	}
	f2, err := Parse("edited.yaml", out)
	require.NoError(t, err)
	assert.Empty(t, codes(Validate(f2), SeverityError))
}

// TestUnmodifiedByteIdentical covers the layouts a round trip must keep.
func TestUnmodifiedByteIdentical(t *testing.T) {
	for _, text := range []string{
		"\uFEFFid: x\r\nquery: |\r\n  T\r\n  | take 1",
		"query: |+\n  T\n\n\n",
		"# comment\n---\nquery: 'a'   # c\n...\n",
		"query: \"T\\\n  \\ | take 1\"\n\n\n",
		"query:\tT\n",
		"",
	} {
		f, err := Parse("x.yaml", []byte(text))
		require.NoError(t, err, "%q", text)
		assert.Equal(t, text, string(f.Bytes()))
	}
	for _, name := range []string{"KeyVaultSensitiveOperations.yaml", "AzureKeyVaultAccessManipulation.yaml"} {
		data, err := os.ReadFile(filepath.Join(keyvaultDir, name))
		require.NoError(t, err)
		f := loadKeyVault(t, name)
		assert.Equal(t, data, f.Bytes())
		assert.False(t, f.Edited())
	}
}

func TestQueryPositionAfterEdit(t *testing.T) {
	f, r := parseRule(t, editBase)
	require.NoError(t, r.SetQuery("AzureDiagnostics\n| where ResourceType == \"MANAGEDHSMS\"\n"))
	q := r.Query()
	off := strings.Index(q, "MANAGEDHSMS")
	pos := r.QueryPosition(off)
	assert.Equal(t, 12, pos.Line)
	assert.Equal(t, "MANAGEDHSMS", string(f.Bytes()[pos.Offset:pos.Offset+len("MANAGEDHSMS")]))
	assert.Equal(t, f.Position(pos.Offset), pos)
	end := r.QueryPosition(len(q))
	assert.Equal(t, 13, end.Line, "the end of the query is the start of the next line")
	assert.Equal(t, 1, end.Column)
}

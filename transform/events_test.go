package transform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventMapping(t *testing.T) {
	p, err := ParseProfile("p.yaml", []byte(`
name: p
scope: {tables: [AzureDiagnostics], column: ResourceType, values: [VAULTS]}
predicates: [{column: ResourceType, values: [VAULTS], replace: '_ResourceId has "/managedhsms/"'}]
events:
  columns:
    _ResourceId: replace_string(tolower(_ResourceId), "/vaults/", "/managedhsms/")
    Identity: bag_pack("oid", identity_claim_oid_g)
`))
	require.NoError(t, err)
	assert.Equal(t, [][2]string{
		{"Identity", `bag_pack("oid", identity_claim_oid_g)`},
		{"_ResourceId", `replace_string(tolower(_ResourceId), "/vaults/", "/managedhsms/")`},
	}, p.EventColumns())
	assert.Equal(t, `ResourceType in ("VAULTS") → _ResourceId has "/managedhsms/"`, p.Predicates[0].String())

	for _, bad := range []struct{ yaml, msg string }{
		{"events: {columns: {X: 'a +'}}", "events.columns.X:"},
		{"events: {columns: {'a b': 'x'}}", `"a b" is not a plain column name`},
		{"events: {columns: {}}", "give at least one column"},
		{"events: {rows: {}}", `p.yaml:3:10: unknown key "rows"`},
	} {
		_, err := ParseProfile("p.yaml", []byte("name: p\nscope: {tables: [T], column: C, values: [V]}\n"+bad.yaml))
		require.Error(t, err, bad.yaml)
		assert.Contains(t, err.Error(), bad.msg)
	}
}

func TestMapValue(t *testing.T) {
	p, err := ParseProfile("p.yaml", []byte(`
name: p
scope: {tables: [AzureDiagnostics], column: ResourceType, values: [VAULTS]}
values:
  - {columns: [ResourceType], map: {VAULTS: MANAGEDHSMS}}
  - {columns: [_ResourceId], substrings: {/VAULTS/: /MANAGEDHSMS/}}
operations:
  column: OperationName
  drop: [Secret*]
  rename: {KeyList: KeyListAll}
  add: [{when: KeyBackup, add: [BackupCreate, EkmProxyOperation]}]
`))
	require.NoError(t, err)
	for _, tc := range []struct {
		col, in, want string
		changed       bool
	}{
		{"ResourceType", "VAULTS", "MANAGEDHSMS", true},
		{"ResourceType", "vaults", "managedhsms", true},
		{"ResourceType", "OTHER", "OTHER", false},
		{"_ResourceId", "/subscriptions/s/providers/microsoft.keyvault/vaults/kv", "/subscriptions/s/providers/microsoft.keyvault/managedhsms/kv", true},
		{"OperationName", "KeyList", "KeyListAll", true},
		{"OperationName", "KeyGet", "KeyGet", false},
		{"Other", "VAULTS", "VAULTS", false},
	} {
		got, changed := p.MapValue(tc.col, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.changed, changed, tc.in)
	}
	assert.True(t, p.TargetLacks("SecretGet"))
	assert.False(t, p.TargetLacks("KeyGet"))
	assert.Equal(t, []string{"BackupCreate", "EkmProxyOperation"}, p.TargetOnlyOperations())
	assert.True(t, p.ValueMapped("resourcetype"))
	assert.False(t, p.ValueMapped("OperationName"))
	src, ok := p.Inverse("ResourceType", "managedhsms")
	assert.True(t, ok)
	assert.Equal(t, "vaults", src)
	_, ok = p.Inverse("ResourceType", "VAULTS")
	assert.False(t, ok)
}

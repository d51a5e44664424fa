package transform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuiltinProfiles(t *testing.T) {
	assert.Contains(t, BuiltinNames(), DefaultProfile)
	for _, name := range BuiltinNames() {
		p, err := Builtin(name)
		require.NoError(t, err, name)
		assert.Equal(t, name, p.Name)
		assert.NotEmpty(t, p.Source())
	}
	_, err := Builtin("no-such-profile")
	assert.ErrorContains(t, err, "built-in profiles: keyvault-to-managedhsm")
}

func TestLoadProfileFromFile(t *testing.T) {
	p, err := LoadProfile("../examples/azkvauditlogs/profile.yaml")
	require.NoError(t, err)
	assert.Equal(t, "keyvault-to-managedhsm-azkvauditlogs", p.Name)
	assert.Equal(t, "AZKVAuditLogs", p.Tables.Rename["AzureDiagnostics"])

	_, err = LoadProfile(filepath.Join(t.TempDir(), "missing.yaml"))
	assert.Error(t, err)
}

func TestProfileErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"scope: {column: ResourceType, values: [VAULTS]}", "name: missing"},
		{"name: x", "scope: column and values are required"},
		{"name: x\nscope: {column: c, values: [v]}\nunknown: 1", "field unknown not found"},
		{"name: x\nscope: {column: c, values: [v]}\nvalues: [{columns: [c]}]", "values[0]: needs map or substrings"},
		{"name: x\nscope: {column: c, values: [v]}\npredicates: [{column: c, values: [v], replace: 'a =='}]", "predicates[0].replace"},
		{"name: x\nscope: {column: c, values: [v]}\ncolumns: {expressions: {a: 'f('}}", "columns.expressions.a"},
		{"name: x\nscope: {column: c, values: [v]}\ncolumns: {rename: {a: 'b c'}}", "not a plain column name"},
		{"name: x\nscope: {column: c, values: [v]}\noperations: {drop: [x]}", "operations.column: missing"},
		{"name: [", "profile.yaml"},
	} {
		_, err := ParseProfile("profile.yaml", []byte(tc.yaml))
		assert.ErrorContains(t, err, tc.want, tc.yaml)
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		match      bool
	}{
		{"Secret*", "SecretGet", true},
		{"Secret*", "secretget", true},
		{"Secret*", "KeySecret", false},
		{"Key*EventGridNotification", "KeyNearExpiryEventGridNotification", true},
		{"Key*EventGridNotification", "KeyGet", false},
		{"Authentication", "authentication", true},
		{"Authentication", "Authentications", false},
	} {
		assert.Equal(t, tc.match, compileGlob(tc.pattern).match(tc.s), "%s ~ %s", tc.pattern, tc.s)
	}
	assert.True(t, compileGlob("Secret*").coversPrefix("SecretB"))
	assert.False(t, compileGlob("Secret*").coversPrefix("Sec"))
	assert.False(t, compileGlob("Key*EventGridNotification").coversPrefix("Key"))
}

// The built-in profile printed by kqlt profile show is the embedded file.
func TestBuiltinSourceIsTheFile(t *testing.T) {
	data, err := os.ReadFile("profiles/" + DefaultProfile + ".yaml")
	require.NoError(t, err)
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(p.Source()))
}

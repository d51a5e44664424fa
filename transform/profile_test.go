package transform

import (
	"os"
	"path/filepath"
	"strings"
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

// Profile errors carry the file, line and column of the key or value they
// are about, as rule YAML errors do.
func TestProfileErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"scope: {column: ResourceType, values: [VAULTS]}", "profile.yaml:1:1: name: missing"},
		{"name: x", "profile.yaml:1:1: scope: column and values are required (or paths)"},
		{"name: x\nscope: {column: c, values: [v]}\nunknown: 1", `profile.yaml:3:1: unknown key "unknown"`},
		{"name: x\nscope:\n  column: c\n  values: [v]\n  paths: {columns: [a], valuez: [b]}", `profile.yaml:5:25: unknown key "valuez"`},
		{"name: x\nscope: {column: c, values: [v]}\nvalues: [{columns: [c]}]", "profile.yaml:3:10: values[0]: needs map or substrings"},
		{"name: x\nscope: {column: c, values: [v]}\nvalues: {a: b}", "profile.yaml:3:9: values: want a sequence, not a mapping"},
		{"name: x\nscope: {column: [c], values: v}", "profile.yaml:2:17: column: want a string, not a sequence\nprofile.yaml:2:30: values: want a sequence, not a string"},
		{"name: x\nscope: {column: c, values: [v]}\npredicates:\n  - column: c\n    values: [v]\n    replace: 'a =='", "profile.yaml:6:19: predicates[0].replace: expected an expression, found end of query"},
		{"name: x\nscope: {column: c, values: [v]}\ncolumns: {expressions: {a: 'f('}}", "profile.yaml:3:31: columns.expressions.a: expected an expression"},
		{"name: x\nscope: {column: c, values: [v]}\ncolumns: {rename: {a: 'b c'}}", `profile.yaml:3:23: columns.rename.a: "b c" is not a plain column name`},
		{"name: x\nscope: {column: c, values: [v]}\noperations: {drop: [x]}", "profile.yaml:3:13: operations.column: missing"},
		{"name: x\nscope: {column: c, values: [v]}\nmetadata:\n  description: [{replace: '', with: x}]", "profile.yaml:4:17: metadata.description[0]: replace is empty"},
		{"name: [", "profile.yaml:1:8: invalid YAML: did not find expected node content"},
		{"", "profile.yaml:1:1: the profile is empty"},
	} {
		_, err := ParseProfile("profile.yaml", []byte(tc.yaml))
		require.Error(t, err, tc.yaml)
		assert.Contains(t, err.Error(), tc.want, tc.yaml)
		assert.True(t, strings.HasPrefix(err.Error(), tc.want[:strings.Index(tc.want, ": ")]), "%s: %v", tc.yaml, err)
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

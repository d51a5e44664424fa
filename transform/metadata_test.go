package transform

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReplacePhrase(t *testing.T) {
	for _, tc := range []struct {
		text, from, to, want string
		n                    int
	}{
		{"Sensitive Azure Key Vault operations", "Azure Key Vault", "Azure Key Vault Managed HSM", "Sensitive Azure Key Vault Managed HSM operations", 1},
		{"Azure Key Vault Managed HSM logs", "Azure Key Vault", "Azure Key Vault Managed HSM", "Azure Key Vault Managed HSM logs", 0},
		{"Mass secret retrieval", "secret", "key", "Mass key retrieval", 1},
		{"Secret or SECRET or secrets or secretive", "secret", "key", "Key or KEY or secrets or secretive", 2},
		{"the secrets", "secrets", "keys", "the keys", 1},
		{"", "secret", "key", "", 0},
	} {
		got, n := replacePhrase(tc.text, tc.from, tc.to)
		assert.Equal(t, tc.want, got, tc.text)
		assert.Equal(t, tc.n, n, tc.text)
	}
}

func TestPruneEnumerations(t *testing.T) {
	p := builtin(t)
	for _, tc := range []struct {
		text, want string
		removed    []string
	}{
		{"This includes: VaultDelete, KeyDelete, SecretDelete, SecretPurge, KeyPurge, SecretBackup, KeyBackup.",
			"This includes: KeyDelete, KeyPurge, KeyBackup.", []string{"VaultDelete", "SecretDelete", "SecretPurge", "SecretBackup"}},
		{"Reads with KeyGet, SecretGet and VaultGet.", "Reads with KeyGet.", []string{"SecretGet", "VaultGet"}},
		{"KeyGet, SecretGet, or KeyList", "KeyGet, or KeyList", []string{"SecretGet"}},
		{"Azure Key Vault, Secret stores", "Azure Key Vault, Secret stores", nil},
		{"Only SecretGet here.", "Only SecretGet here.", nil},
	} {
		got, removed, _ := pruneEnumerations(tc.text, p)
		assert.Equal(t, tc.want, got, tc.text)
		assert.Equal(t, tc.removed, removed, tc.text)
	}
	// A list of which nothing would be left is left alone, and reported.
	got, removed, left := pruneEnumerations("It watches SecretGet, SecretList.", p)
	assert.Equal(t, "It watches SecretGet, SecretList.", got)
	assert.Empty(t, removed)
	assert.Equal(t, []string{"SecretGet", "SecretList"}, left)
}

func TestAppendProvenance(t *testing.T) {
	assert.Equal(t, "'Text.\nline'\n", appendProvenance("'Text.'\n", "line"))
	assert.Equal(t, "Text.\nline\n", appendProvenance("Text.\n", "line"))
	assert.Equal(t, "Text.\nline", appendProvenance("Text.", "line"))
	assert.Equal(t, "line", appendProvenance("", "line"))
}

func TestExpandTemplate(t *testing.T) {
	const tmpl = "Converted to Managed HSM by kqlt ({profile}) from rule {id}, version {version}."
	all := map[string]string{"profile": "p", "id": "X", "version": "1.0.2", "name": "N"}
	for _, tc := range []struct {
		tmpl  string
		empty []string
		want  string
	}{
		{tmpl, nil, "Converted to Managed HSM by kqlt (p) from rule X, version 1.0.2."},
		{tmpl, []string{"version"}, "Converted to Managed HSM by kqlt (p) from rule X."},
		{tmpl, []string{"id"}, "Converted to Managed HSM by kqlt (p), version 1.0.2."},
		{tmpl, []string{"profile"}, "Converted to Managed HSM by kqlt from rule X, version 1.0.2."},
		{tmpl, []string{"id", "version"}, "Converted to Managed HSM by kqlt (p)."},
		{"{name}: version {version}; {id}", []string{"version"}, "N; X"},
		{"Version {version} of {name}", []string{"version"}, "of N"},
		{"Keeps {unknown} and {id}", nil, "Keeps {unknown} and X"},
	} {
		vals := map[string]string{}
		for k, v := range all {
			vals[k] = v
		}
		for _, k := range tc.empty {
			vals[k] = ""
		}
		got := expandTemplate(tc.tmpl, vals)
		assert.Equal(t, tc.want, got, "%q without %v", tc.tmpl, tc.empty)
		for _, k := range tc.empty {
			assert.NotContains(t, strings.ToLower(got), k+" .")
		}
	}
}

func TestShowTarget(t *testing.T) {
	const suffix = " (Managed HSM)"
	got, why := showTarget("Sensitive key operations", suffix, 256)
	assert.Equal(t, "Sensitive key operations (Managed HSM)", got)
	assert.NotEmpty(t, why)
	got, why = showTarget("Mass key retrieval from Azure Key Vault Managed HSM", suffix, 256)
	assert.Equal(t, "Mass key retrieval from Azure Key Vault Managed HSM", got)
	assert.Empty(t, why)
	long := strings.Repeat("é", 250)
	got, why = showTarget(long, suffix, 256)
	assert.Equal(t, 256, utf16Len(got))
	assert.True(t, strings.HasSuffix(got, suffix))
	assert.Contains(t, why, "shortened")
	emoji := strings.Repeat("😀", 130) // 260 UTF-16 units
	got, _ = showTarget(emoji, suffix, 256)
	assert.LessOrEqual(t, utf16Len(got), 256)
	assert.True(t, strings.HasSuffix(got, suffix))
	got, why = showTarget("Any name", "", 256)
	assert.Equal(t, "Any name", got)
	assert.Empty(t, why)
}

func TestHasPath(t *testing.T) {
	const path = "/providers/microsoft.keyvault/vaults/"
	for _, tc := range []struct {
		value string
		want  bool
	}{
		{"/providers/microsoft.keyvault/vaults/", true},
		{"/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1", true},
		{"/providers/Microsoft.KeyVault/vaults", true},
		{"Microsoft.KeyVault/vaults", true},
		{`providers/microsoft\\.keyvault/vaults/.*`, true},
		{`(?i)/providers/microsoft\\.keyvault\\/vaults\\/[^/]+$`, true},
		{"/providers/microsoft.keyvault/managedhsms/", false},
		{"/providers/microsoft.keyvault/vaultsX", false},
		{"vaults", false},
		{"keyvault/vaults", false},
		{"", false},
	} {
		assert.Equal(t, tc.want, hasPath(tc.value, path), tc.value)
	}
}

func TestApplyValueMapEscaped(t *testing.T) {
	m := &ValueMap{Substrings: map[string]string{"/VAULTS": "/MANAGEDHSMS"}}
	for in, want := range map[string]string{
		"/providers/microsoft.keyvault/vaults/":         "/providers/microsoft.keyvault/managedhsms/",
		"/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1":      "/PROVIDERS/MICROSOFT.KEYVAULT/MANAGEDHSMS/KV1",
		"/providers/Microsoft.KeyVault/vaults":          "/providers/Microsoft.KeyVault/managedhsms",
		"/providers/Microsoft.KeyVault/Vaults/kv":       "/providers/Microsoft.KeyVault/MANAGEDHSMS/kv",
		`providers/microsoft\.keyvault\/vaults\/[^/]+$`: `providers/microsoft\.keyvault\/managedhsms\/[^/]+$`,
	} {
		got, _, ok := applyValueMap(in, m)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	_, _, ok := applyValueMap("/providers/x/vaultsX", m)
	assert.False(t, ok, "a path segment is matched whole")
}

func TestCollapsePair(t *testing.T) {
	assert.Equal(t, "Key reads", collapsePair("Key or key reads", "key"))
	assert.Equal(t, "finds key reads", collapsePair("finds key and key reads", "key"))
	assert.Equal(t, "keys and keys", collapsePair("keys and keys", "key"), "whole words only")
	assert.Equal(t, "key or secret", collapsePair("key or secret", "key"))
}

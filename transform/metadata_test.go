package transform

import (
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

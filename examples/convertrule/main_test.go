package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConvertRule(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run("../../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml", true, &out))
	report, yaml, ok := strings.Cut(out.String(), "---\n")
	require.True(t, ok)
	assert.Contains(t, report, ": converted\n")
	assert.Contains(t, report, "  Sensitive Azure Key Vault operations (d6491be0-ab2d-439d-95d6-ad8ea39277c5)\n")
	assert.Contains(t, report, "  -> Sensitive Azure Key Vault Managed HSM operations (")
	assert.Contains(t, report, `30:27: retarget-value: "VAULTS" → "MANAGEDHSMS" (values[0]: ResourceType VAULTS → MANAGEDHSMS)`)
	assert.Contains(t, report, `drop-operation: "SecretDelete" → ""`)
	assert.Contains(t, yaml, `| where ResourceType =~ "MANAGEDHSMS"`)
	assert.NotContains(t, yaml, "SecretDelete")
}

func TestSkippedRule(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run("../../testdata/rules/keyvault/AzureKeyVaultAccessManipulation.yaml", false, &out))
	assert.Contains(t, out.String(), ": inapplicable\n  ")
}

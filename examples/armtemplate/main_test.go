package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTemplateOfAFolder(t *testing.T) {
	var out, log bytes.Buffer
	require.NoError(t, run("../../testdata/rules/keyvault", &out, &log))
	var tmpl struct {
		Schema     string `json:"$schema"`
		Parameters map[string]any
		Resources  []struct {
			Type       string
			Properties struct {
				DisplayName string
				Category    string
			}
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &tmpl))
	assert.Contains(t, tmpl.Parameters, "workspace")
	require.Len(t, tmpl.Resources, 6, "the six rules at the top of the folder")
	kinds := map[string]int{}
	for _, r := range tmpl.Resources {
		kinds[r.Type]++
	}
	assert.Equal(t, map[string]int{
		"Microsoft.OperationalInsights/workspaces/providers/alertRules": 5,
		"Microsoft.OperationalInsights/workspaces/savedSearches":        1,
	}, kinds)

	// The same folder gives the same bytes.
	var again bytes.Buffer
	require.NoError(t, run("../../testdata/rules/keyvault", &again, &log))
	assert.Equal(t, out.String(), again.String())
}

func TestNotARuleIsSkipped(t *testing.T) {
	dir := t.TempDir()
	rule, err := os.ReadFile("../../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rule.yaml"), rule, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "settings.yml"), []byte("foo: bar\n"), 0o644))
	var out, log bytes.Buffer
	require.NoError(t, run(dir, &out, &log))
	assert.Contains(t, log.String(), "skipped "+filepath.Join(dir, "settings.yml")+": ")

	assert.ErrorContains(t, run(t.TempDir(), &out, &log), "no rules in")
}

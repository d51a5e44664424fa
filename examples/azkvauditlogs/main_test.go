package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/transform"
)

var sensitiveOperations = []string{
	"../../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml",
	"../../testdata/rules/keyvault/NRT_KeyVaultSensitiveOperations.yaml",
}

// convertedQueries converts the Sensitive operations rules and returns
// their queries.
func convertedQueries(t *testing.T) []string {
	t.Helper()
	var queries []string
	for _, path := range sensitiveOperations {
		res, err := Convert(path)
		require.NoError(t, err)
		require.Equal(t, transform.Converted, res.Status, "%s: %s", path, res.Reason)
		r, err := res.Output.Rule()
		require.NoError(t, err)
		queries = append(queries, r.Query())
	}
	return queries
}

func TestRetargetsToAZKVAuditLogs(t *testing.T) {
	for _, q := range convertedQueries(t) {
		assert.Contains(t, q, "AZKVAuditLogs\n")
		assert.NotContains(t, q, "AzureDiagnostics")
		assert.Contains(t, q, `| where _ResourceId has "/managedhsms/" and ResultType =~ "Success"`)
		assert.Contains(t, q, `["KeyDelete", "KeyPurge", "KeyBackup"]`)
		assert.Contains(t, q, "make_set(CallerIpAddress)")
		assert.NotContains(t, q, "CallerIPAddress")
		assert.Contains(t, q, `by ResourceType = toupper(tostring(split(_ResourceId, "/")[7]))`)
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(sensitiveOperations, false, &out))
	assert.Contains(t, out.String(), "# ../../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml: converted\n"+
		"# Sensitive Azure Key Vault Managed HSM (AZKVAuditLogs) operations\n")
	out.Reset()
	require.NoError(t, run(sensitiveOperations[:1], true, &out))
	assert.True(t, strings.HasPrefix(out.String(), "# ../../testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml: converted\nid: "))
}

// The converted queries are valid KQL for AZKVAuditLogs as Microsoft's own
// parser sees it: no syntax error, and every table and column resolves
// against the table's schema (shared/kusto-oracle/schema/azkvauditlogs.json).
func TestOfficialParserAcceptsConvertedQueries(t *testing.T) {
	oracle := kqltest.RequireOracle(t)
	schema := filepath.Join(kqltest.RequireShared(t), "kusto-oracle", "schema", "azkvauditlogs.json")
	queries := convertedQueries(t)
	results, err := oracle.Run(queries, "--schema", schema)
	require.NoError(t, err)
	require.Len(t, results, len(queries))
	for i, r := range results {
		assert.Empty(t, r.Error, sensitiveOperations[i])
		assert.Empty(t, r.Syntax, sensitiveOperations[i])
		for _, d := range r.Semantic {
			assert.NotEqual(t, "Error", d.Severity, "%s: %s %s", sensitiveOperations[i], d.Code, d.Message)
		}
		assert.True(t, r.OK, sensitiveOperations[i])
	}
}

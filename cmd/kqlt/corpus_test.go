package main

import (
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// convertJSON runs kqlt convert --json in process and decodes its report.
func convertJSON(t *testing.T, args ...string) (int, *report, string) {
	t.Helper()
	code, out, errOut := runApp(t, nil, false, append([]string{"convert", "--json"}, args...)...)
	var rep report
	require.NoError(t, json.Unmarshal([]byte(out), &rep), "stdout: %s\nstderr: %s", out, errOut)
	return code, &rep, errOut
}

// The acceptance test of issue 5 on the Azure-Sentinel tree of December
// 2020: exactly its 3 Key Vault rules convert, the 374 other YAML files are
// skipped with reasons, and --check keeps the output honest.
func TestCorpusAzureSentinel(t *testing.T) {
	shared := kqltest.RequireShared(t)
	src := filepath.Join(shared, "corpus", "rules", "asichaib__Azure-Sentinel")
	out := filepath.Join(t.TempDir(), "out")

	code, rep, errOut := convertJSON(t, src, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, 377, rep.Summary.Files)
	assert.Equal(t, 3, rep.Summary.Converted)
	assert.Equal(t, 374, rep.Summary.Skipped)
	assert.Zero(t, rep.Summary.Failed)
	var converted []string
	for _, f := range rep.Files {
		rel, err := filepath.Rel(src, f.File)
		require.NoError(t, err)
		if f.Status == "converted" {
			converted = append(converted, filepath.ToSlash(rel))
			continue
		}
		assert.NotEmpty(t, f.Reason, "%s is skipped without a reason", rel)
	}
	assert.Equal(t, []string{
		"Detections/AzureDiagnostics/KeyVaultSensitiveOperations.yaml",
		"Detections/AzureDiagnostics/KeyvaultMassSecretRetrieval.yaml",
		"Detections/AzureDiagnostics/TimeSeriesKeyvaultAccessAnomaly.yaml",
	}, converted)
	assert.Equal(t, 6, rep.Summary.Written)

	code, _, errOut = runApp(t, nil, false, "convert", "--check", src, "--out", out)
	assert.Equal(t, exitOK, code, errOut)

	// Change a source rule (in a copy: the shared tree is read-only):
	// --check fails and names it.
	cp := filepath.Join(t.TempDir(), "src")
	copyTree(t, src, cp)
	code, _, errOut = runApp(t, nil, false, "convert", "-q", cp, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	rule := filepath.Join(cp, "Detections", "AzureDiagnostics", "KeyvaultMassSecretRetrieval.yaml")
	data, err := os.ReadFile(rule)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(rule, []byte(strings.Replace(string(data), "severity: Low", "severity: High", 1)), 0o644))
	code, stdout, _ := runApp(t, nil, false, "convert", "--check", cp, "--out", out)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stdout, "stale:    "+filepath.Join(out, "Detections", "AzureDiagnostics", "KeyvaultMassSecretRetrieval.yaml")+" (from "+rule+")")
}

// In Sentinel-As-Code, the AzureActivity rules about Key Vault operations
// (MICROSOFT.KEYVAULT/VAULTS/...) are outside the built-in profile's scope,
// which is AzureDiagnostics: skipped with that reason, not rewritten.
func TestCorpusSentinelAsCodeKeyVaultActivity(t *testing.T) {
	shared := kqltest.RequireShared(t)
	src := filepath.Join(shared, "corpus", "rules", "noodlemctwoodle__Sentinel-As-Code")
	out := filepath.Join(t.TempDir(), "out")

	code, rep, errOut := convertJSON(t, src, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Zero(t, rep.Summary.Converted)
	assert.Zero(t, rep.Summary.Failed)
	activity := 0
	for _, f := range rep.Files {
		data, err := os.ReadFile(f.File)
		require.NoError(t, err)
		text := string(data)
		if !strings.Contains(text, "AzureActivity") || !strings.Contains(strings.ToUpper(text), "MICROSOFT.KEYVAULT/VAULTS/") {
			continue
		}
		activity++
		assert.Equal(t, "out-of-scope", f.Status, f.File)
		assert.Equal(t, "the query does not read AzureDiagnostics", f.Reason, f.File)
	}
	assert.Positive(t, activity, "the tree has AzureActivity rules about Key Vault operations")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "nothing converted, nothing written")
}

// fmt keeps its promises on real rules: formatting changes only the query,
// the result parses, and formatting again changes nothing.
func TestCorpusFmtIdempotent(t *testing.T) {
	shared := kqltest.RequireShared(t)
	src := filepath.Join(shared, "corpus", "rules")
	var files []string
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isYAML(p) {
			files = append(files, p)
		}
		return err
	}))
	sort.Strings(files)
	formatted := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		once, errs := formatRuleFile(p, data)
		if len(errs) > 0 {
			continue // not a readable rule, or its query does not parse
		}
		twice, errs := formatRuleFile(p, once)
		require.Empty(t, errs, p)
		if !assert.Equal(t, string(once), string(twice), "fmt is not idempotent on %s", p) {
			continue
		}
		if string(once) != string(data) {
			formatted++
		}
	}
	t.Logf("%d of %d rule files change when formatted", formatted, len(files))
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	}))
}

// BenchmarkConvertCorpus converts the whole shared rule tree (642 YAML
// files) into a fresh directory, as kqlt convert -q does.
func BenchmarkConvertCorpus(b *testing.B) {
	shared := kqltest.RequireShared(b)
	src := filepath.Join(shared, "corpus", "rules")
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out")
		a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
		if code := a.run([]string{"convert", "-q", src, "--out", out}); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

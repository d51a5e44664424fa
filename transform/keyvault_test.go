package transform

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// The Key Vault rules bundled with the project, and where their conversions
// are kept as golden files.
const (
	keyVaultDir    = "../testdata/rules/keyvault"
	managedHSMDir  = "../testdata/managedhsm"
	reportGolden   = "../testdata/managedhsm/report.json"
	accessPolicyID = "8eff7055-9138-4edc-b8f0-48ea27e23c3c"
)

// keyVaultRules returns the bundled Key Vault rule files, relative to
// keyVaultDir, in a stable order.
func keyVaultRules(t *testing.T) []string {
	var names []string
	err := filepath.WalkDir(keyVaultDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			rel, _ := filepath.Rel(keyVaultDir, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	require.NoError(t, err)
	sort.Strings(names)
	require.Len(t, names, 7, "the six Key Vault rules and the seed-era one")
	return names
}

type convertedRule struct {
	name   string
	source *rules.File
	result *Result
}

func convertKeyVault(t *testing.T) []convertedRule {
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	var out []convertedRule
	for _, name := range keyVaultRules(t) {
		f, err := rules.Load(filepath.Join(keyVaultDir, name))
		require.NoError(t, err)
		res, err := Convert(f, p)
		require.NoError(t, err, name)
		out = append(out, convertedRule{name, f, res})
	}
	return out
}

// TestKeyVaultGolden compares the conversions of the bundled Key Vault
// rules, and the change reports, with the golden files (go test -update
// rewrites them).
func TestKeyVaultGolden(t *testing.T) {
	var report []*Result
	for _, c := range convertKeyVault(t) {
		report = append(report, c.result)
		golden := filepath.Join(managedHSMDir, c.name)
		if c.result.Status != Converted {
			if *update {
				_ = os.Remove(golden)
			}
			assert.NoFileExists(t, golden, "%s is %s: it has no output", c.name, c.result.Status)
			continue
		}
		got := c.result.Output.Bytes()
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
			require.NoError(t, os.WriteFile(golden, got, 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s (run go test ./transform -update after checking the change)", c.name)
	}
	// The report, with file names relative to the repository.
	for _, r := range report {
		r.File = filepath.ToSlash(strings.TrimPrefix(r.File, "../"))
	}
	got, err := json.MarshalIndent(report, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	if *update {
		require.NoError(t, os.WriteFile(reportGolden, got, 0o644))
	}
	want, err := os.ReadFile(reportGolden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// operationWord matches words that read like operation names.
var operationWord = regexp.MustCompile(`\b[A-Z][a-z]+[A-Z][A-Za-z]*\b`)

// TestKeyVaultAcceptance checks the outputs against issue 4's acceptance
// criteria, independently of the golden files.
func TestKeyVaultAcceptance(t *testing.T) {
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	for _, c := range convertKeyVault(t) {
		t.Run(c.name, func(t *testing.T) {
			src, err := c.source.Rule()
			require.NoError(t, err)
			if src.ID() == accessPolicyID {
				// The access-policy hunting query is VaultPatch only.
				assert.Equal(t, Inapplicable, c.result.Status)
				assert.Contains(t, c.result.Reason, `OperationName == "VaultPatch"`)
				assert.Nil(t, c.result.Output)
				return
			}
			require.Equal(t, Converted, c.result.Status, c.result.Reason)
			out, err := c.result.Output.Rule()
			require.NoError(t, err)
			q, err := kql.Parse(out.Query())
			require.NoError(t, err)

			// Every ResourceType comparison targets MANAGEDHSMS.
			lets := bindings(q)
			compared := 0
			kql.Inspect(q, func(n kql.Node) bool {
				if st, ok := siteOf(n); ok && st.column == "ResourceType" {
					lv, _ := siteLeaves(st, lets)
					for _, l := range lv {
						compared++
						assert.Equal(t, "MANAGEDHSMS", strings.ToUpper(l.value))
					}
				}
				return true
			})
			assert.Positive(t, compared)

			// No operation the target lacks is named anywhere.
			for field, text := range map[string]string{"query": out.Query(), "name": out.Name(), "description": out.Description()} {
				for _, w := range operationWord.FindAllString(text, -1) {
					dropped, _ := p.dropped(w)
					assert.False(t, dropped, "%s still names %s", field, w)
				}
			}
			assert.NotContains(t, out.Query(), "AllowedAppId")
			assert.NotContains(t, out.Query(), "Allowedappid")

			// The operation lists keep exactly the key operations.
			for name, want := range map[string][]string{
				"SensitiveOperationList": {"KeyDelete", "KeyPurge", "KeyBackup"},
				"OperationList":          {"KeyGet"},
			} {
				if l := lets[name]; l != nil {
					var got []string
					lv, _ := leaves(l.stmt.Value, lets, nil, nil)
					for _, leaf := range lv {
						got = append(got, leaf.value)
					}
					assert.Equal(t, want, got, name)
				}
			}

			// The rest of the file is byte-identical: every changed line
			// is one the conversion had to change: a line of the id, name
			// or description, a comment line of a removed let, or a query
			// line that names what changed.
			mustChange := regexp.MustCompile(`(?i)VAULTS|AllowedAppId|VaultGet|Secret|VaultDelete|^\s*//`)
			metaLines := fieldLines(src, "id", "name", "description")
			diff := difflib.UnifiedDiff{
				A: difflib.SplitLines(string(c.source.Bytes())),
				B: difflib.SplitLines(string(c.result.Output.Bytes())),
			}
			for _, group := range difflib.NewMatcher(diff.A, diff.B).GetGroupedOpCodes(0) {
				for _, op := range group {
					if op.Tag == 'e' {
						continue
					}
					for k, line := range diff.A[op.I1:op.I2] {
						if !metaLines[op.I1+k+1] {
							assert.Regexp(t, mustChange, line, "line changed without reason")
						}
					}
				}
			}
			assert.Equal(t, src.Version(), out.Version(), "the version is kept")
			assert.Equal(t, rules.DeriveID(src.ID(), p.Metadata.IDNamespace), out.ID())
		})
	}
}

// fieldLines returns the line numbers that the given top-level fields of r
// span in its file.
func fieldLines(r *rules.Rule, fields ...string) map[int]bool {
	keys := r.Keys()
	lines := map[int]bool{}
	for _, f := range fields {
		for i, k := range keys {
			if k != f {
				continue
			}
			start, end := r.Pos(k).Line, r.Pos(k).Line
			if i+1 < len(keys) {
				end = r.Pos(keys[i+1]).Line - 1
			}
			for l := start; l <= end; l++ {
				lines[l] = true
			}
		}
	}
	return lines
}

// TestKeyVaultIdempotent converts the conversions again: they are out of
// the profile's scope, so nothing changes.
func TestKeyVaultIdempotent(t *testing.T) {
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	for _, c := range convertKeyVault(t) {
		if c.result.Status != Converted {
			continue
		}
		again, err := Convert(c.result.Output, p)
		require.NoError(t, err)
		assert.Equal(t, OutOfScope, again.Status, c.name)
		assert.Contains(t, again.Reason, `does not compare ResourceType with "VAULTS"`)
		assert.Empty(t, again.Changes)
	}
}

// TestKeyVaultSemantic checks the converted queries with the official
// parser, semantically, against the AzureDiagnostics and
// ThreatIntelligenceIndicator schema: no unknown names, no type errors.
func TestKeyVaultSemantic(t *testing.T) {
	var queries, names []string
	for _, c := range convertKeyVault(t) {
		if c.result.Status == Converted {
			r, err := c.result.Output.Rule()
			require.NoError(t, err)
			queries = append(queries, r.Query())
			names = append(names, c.name)
		}
	}
	oracle := kqltest.RequireOracle(t)
	results, err := oracle.Run(queries, "--semantic")
	require.NoError(t, err)
	for i, r := range results {
		assert.True(t, r.OK, "%s: %+v %+v", names[i], r.Syntax, r.Semantic)
	}
}

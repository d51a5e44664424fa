package transform

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

// The hand-written Key Vault rule forms (rules that select vaults by
// resource id with every kind of string operator, an older rule with kind:
// scheduled in lower case, rules without a version or without "Azure Key
// Vault" in their name) and their golden conversions.
const (
	formsDir       = "../testdata/rules/keyvault-forms"
	formsGoldenDir = "../testdata/managedhsm/forms"
)

// formsWant is what each form must become.
var formsWant = map[string]struct {
	status Status
	ops    []string // operations the converted query keeps
}{
	"NotKeyVaultPath.yaml":           {status: OutOfScope},
	"OlderScheduledLowercase.yaml":   {status: Converted, ops: []string{"KeyDelete", "KeyPurge", "KeyBackup"}},
	"ResourceIdContainsUpper.yaml":   {status: Converted, ops: []string{"KeyDelete", "KeyPurge"}},
	"ResourceIdHasSecretAccess.yaml": {status: Converted, ops: []string{"KeyGet", "KeyDecrypt"}},
	"ResourceIdOperators.yaml":       {status: Converted, ops: []string{"KeySign", "KeyDecrypt"}},
	"ResourceIdLowered.yaml":         {status: Converted, ops: []string{"keypurge"}},
	"ResourceIdVaultOnly.yaml":       {status: Inapplicable},
}

var vaultPath = regexp.MustCompile(`(?i)microsoft\\?\.keyvault\\?/vaults\b`)

func TestKeyVaultForms(t *testing.T) {
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(formsDir, "*.yaml"))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	sort.Strings(names)
	var want []string
	for n := range formsWant {
		want = append(want, n)
	}
	sort.Strings(want)
	require.Equal(t, want, names, "every form has an expectation")

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			f, err := rules.Load(filepath.Join(formsDir, name))
			require.NoError(t, err)
			res, err := Convert(f, p)
			require.NoError(t, err)
			w := formsWant[name]
			require.Equal(t, w.status, res.Status, res.Reason)
			golden := filepath.Join(formsGoldenDir, name)
			if res.Status != Converted {
				if *update {
					_ = os.Remove(golden)
				}
				assert.NoFileExists(t, golden)
				return
			}
			src, err := f.Rule()
			require.NoError(t, err)
			out, err := res.Output.Rule()
			require.NoError(t, err)

			// Operations kept, values retargeted.
			q, err := kql.Parse(out.Query())
			require.NoError(t, err)
			for _, op := range w.ops {
				assert.Contains(t, out.Query(), `"`+op+`"`)
			}
			for _, gone := range []string{"Secret", "Vault"} {
				assert.NotRegexp(t, `"`+gone+`[A-Z][a-z]+"`, out.Query())
			}
			kql.Inspect(q, func(n kql.Node) bool {
				if st, ok := siteOf(n); ok && containsFold([]string{"_ResourceId", "ResourceId"}, st.column) {
					lv, _ := siteLeaves(st, bindings(q))
					for _, l := range lv {
						assert.NotRegexp(t, vaultPath, l.value, "a Key Vault path is left")
						assert.Regexp(t, `(?i)managedhsms`, l.value)
					}
				}
				if st, ok := siteOf(n); ok && st.column == "ResourceType" {
					lv, _ := siteLeaves(st, bindings(q))
					for _, l := range lv {
						assert.True(t, strings.EqualFold(l.value, "MANAGEDHSMS"), l.value)
					}
				}
				return true
			})

			// Name, version and description.
			assert.Contains(t, out.Name(), "Managed HSM", "the name shows the target")
			assert.NotEqual(t, src.Name(), out.Name())
			assert.LessOrEqual(t, len([]rune(out.Name())), 256)
			assert.Equal(t, src.Version(), out.Version(), "the version is the source's")
			assert.Contains(t, out.Description(), "from rule "+src.ID())
			assert.NotRegexp(t, `version\s*[.,']`, out.Description(), "no trace of a missing version")
			if v := src.Version(); v != "" {
				assert.Contains(t, out.Description(), "version "+v+".")
			}
			assert.Equal(t, rules.DeriveID(src.ID(), "kqlt/keyvault-to-managedhsm"), out.ID())
			kind, _ := out.Scalar("kind")
			assert.Equal(t, "Scheduled", kind, "kind in Sentinel's spelling")

			// It passes validation and deploys.
			for _, fd := range rules.Validate(res.Output) {
				assert.NotEqual(t, rules.SeverityError, fd.Severity, "%v", fd)
			}
			_, err = rules.ARMTemplate([]*rules.File{res.Output}, rules.ARMOptions{})
			require.NoError(t, err)

			got := res.Output.Bytes()
			if *update {
				require.NoError(t, os.MkdirAll(formsGoldenDir, 0o755))
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			wantBytes, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(wantBytes), string(got), "%s (run go test ./transform -update after checking the change)", name)
		})
	}
}

// TestNameSuffixAndSpelling: a name the replacements leave alone gets the
// profile's suffix, shortened to 256 characters; a profile without one
// leaves it; kind: nrt is written NRT.
func TestNameSuffixAndSpelling(t *testing.T) {
	p, err := Builtin(DefaultProfile)
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(formsDir, "ResourceIdContainsUpper.yaml"))
	require.NoError(t, err)
	long := strings.Repeat("Very long name ", 20) // 300 characters
	src := strings.Replace(string(data), "name: Key deletions in production vaults", "name: "+long, 1)
	src = strings.Replace(src, "kind: Scheduled", "kind: nrt", 1)
	f, err := rules.Parse("long.yaml", []byte(src))
	require.NoError(t, err)
	res, err := Convert(f, p)
	require.NoError(t, err)
	require.Equal(t, Converted, res.Status, res.Reason)
	out, err := res.Output.Rule()
	require.NoError(t, err)
	assert.Len(t, out.Name(), 256)
	assert.True(t, strings.HasSuffix(out.Name(), " (Managed HSM)"), out.Name())
	assert.Equal(t, "NRT", out.Kind())
	k, _ := out.Scalar("kind")
	assert.Equal(t, "NRT", k)
	var kinds []ChangeKind
	for _, c := range res.Changes {
		kinds = append(kinds, c.Kind)
	}
	assert.Contains(t, kinds, SetSpelling)

	p.Metadata.NameSuffix = ""
	res, err = Convert(f, p)
	require.NoError(t, err)
	out, err = res.Output.Rule()
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(long), strings.TrimSpace(out.Name()))
}

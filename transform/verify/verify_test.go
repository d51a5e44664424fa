package verify

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/eval/ruletest"
	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

// The bundled Key Vault rules, and the column types of their tables (a copy
// of the official parser's Sentinel schema for them).
const (
	keyVaultDir = "../../testdata/rules/keyvault"
	schemaFile  = "../../testdata/ruletests/schema.json"
)

func testSchema(t testing.TB) types.Database {
	t.Helper()
	s, _, err := schema.Load(schemaFile)
	require.NoError(t, err)
	return s
}

func builtin(t testing.TB) *transform.Profile {
	t.Helper()
	p, err := transform.Builtin(transform.DefaultProfile)
	require.NoError(t, err)
	return p
}

// keyVaultRules returns the paths of the bundled Key Vault rules.
func keyVaultRules(t testing.TB) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(keyVaultDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			out = append(out, p)
		}
		return err
	})
	require.NoError(t, err)
	sort.Strings(out)
	require.Len(t, out, 7)
	return out
}

// converted is a rule and its conversion.
type converted struct {
	name      string
	src, conv *rules.Rule
	res       *transform.Result
}

// convertRule converts a rule file; ok is false when the rule is skipped.
func convertRule(t testing.TB, path string, p *transform.Profile) (converted, bool) {
	t.Helper()
	f, err := rules.Load(path)
	require.NoError(t, err)
	res, err := transform.Convert(f, p)
	require.NoError(t, err, path)
	if res.Status != transform.Converted {
		return converted{}, false
	}
	src, err := f.Rule()
	require.NoError(t, err)
	conv, err := res.Output.Rule()
	require.NoError(t, err)
	return converted{name: filepath.Base(path), src: src, conv: conv, res: res}, true
}

// withQuery returns the rule r with another query, for mutants.
func withQuery(t testing.TB, r *rules.Rule, query string) *rules.Rule {
	t.Helper()
	f, err := rules.Parse(r.File().Name(), r.File().Bytes())
	require.NoError(t, err)
	out, err := f.Rule()
	require.NoError(t, err)
	require.NoError(t, out.SetQuery(query))
	return out
}

func verifyRule(t testing.TB, c converted, p *transform.Profile, opts Options) *Result {
	t.Helper()
	if opts.Schema == nil {
		opts.Schema = testSchema(t)
	}
	res, err := Conversion(c.src, c.conv, p, opts)
	require.NoError(t, err)
	return res
}

// TestKeyVault: every converted Key Vault rule, seed-era included, is
// verified, except the TimeSeries rule, which the evaluator cannot run; the
// cases fall on both sides of every threshold.
func TestKeyVault(t *testing.T) {
	p := builtin(t)
	for _, path := range keyVaultRules(t) {
		c, ok := convertRule(t, path, p)
		if !ok {
			assert.Contains(t, path, "AzureKeyVaultAccessManipulation", "only the VaultPatch hunting query is skipped")
			continue
		}
		t.Run(strings.TrimPrefix(path, keyVaultDir+"/"), func(t *testing.T) {
			res := verifyRule(t, c, p, Options{})
			if strings.Contains(path, "TimeSeries") {
				assert.Equal(t, Unverifiable, res.Outcome)
				assert.Contains(t, res.Reason, "series_decompose_anomalies() is not supported")
				assert.Contains(t, res.Reason, "TimeSeriesKeyvaultAccessAnomaly.yaml:44:43")
				return
			}
			require.Equal(t, Verified, res.Outcome, res.Summary())
			assert.Empty(t, res.Notes)
			require.NotEmpty(t, res.Thresholds)
			for _, th := range res.Thresholds {
				assert.True(t, th.Covered, "%s: %s", th.What, th.Note)
			}
			assert.True(t, res.Cases[0].Original.Fires, "the base case fires")
			kinds := map[string]bool{}
			for _, c := range res.Cases {
				assert.True(t, c.Agree, c.Name)
				kinds[c.Kind] = true
			}
			for _, k := range []string{"base", "empty", "value", "mixed"} {
				assert.True(t, kinds[k], "a %s case", k)
			}
		})
	}
}

// thresholdsOf lists the thresholds of a result as "what (below, above)".
func thresholdsOf(res *Result) []string {
	var out []string
	for _, th := range res.Thresholds {
		out = append(out, th.String())
	}
	return out
}

func TestKeyVaultThresholds(t *testing.T) {
	p := builtin(t)
	for name, want := range map[string][]string{
		"KeyvaultMassSecretRetrieval.yaml":          {"dcount(requestUri_s) > 10 (10, 11)", "count() > 50 (50, 51)", "triggerThreshold: rows gt 0 (0, 1)"},
		"seed-era/KeyvaultMassSecretRetrieval.yaml": {"count() > 25 (25, 26)", "triggerThreshold: rows gt 0 (0, 1)"},
		"KeyVaultSensitiveOperations.yaml":          {"triggerThreshold: rows gt 0 (0, 1)"},
	} {
		c, ok := convertRule(t, filepath.Join(keyVaultDir, name), p)
		require.True(t, ok)
		assert.Equal(t, want, thresholdsOf(verifyRule(t, c, p, Options{})), name)
	}
}

// events returns a case's source events of a table.
func events(c *Case, table string) []eval.Record { return c.src[table] }

func field(r eval.Record, name string) string {
	v, ok := fieldValue(r, name)
	if !ok {
		return ""
	}
	return v.String()
}

// distinctOf counts the distinct values of a column.
func distinctOf(recs []eval.Record, col string) int {
	seen := map[string]bool{}
	for _, r := range recs {
		seen[field(r, col)] = true
	}
	return len(seen)
}

// TestSeedTestsAmongCases: the seed's Tests 1-3 (testdata/ruletests) are
// among the generated cases of the rules they concern.
func TestSeedTestsAmongCases(t *testing.T) {
	p := builtin(t)
	run := func(name string) *Result {
		c, ok := convertRule(t, filepath.Join(keyVaultDir, name), p)
		require.True(t, ok)
		res := verifyRule(t, c, p, Options{})
		require.Equal(t, Verified, res.Outcome, res.Summary())
		return res
	}
	// Test 1: a single KeyDelete by one caller fires the sensitive
	// operations rules, on both sides.
	for _, name := range []string{"KeyVaultSensitiveOperations.yaml", "NRT_KeyVaultSensitiveOperations.yaml"} {
		found := false
		for _, c := range run(name).Cases {
			ev := events(c, "AzureDiagnostics")
			if len(ev) == 1 && field(ev[0], "OperationName") == "KeyDelete" && field(ev[0], "ResourceType") == "VAULTS" &&
				c.Original.Fires && c.Converted.Fires && c.Original.Rows == 1 {
				found = true
			}
		}
		assert.True(t, found, "%s: a single KeyDelete that fires", name)
	}
	// Test 2, seed-era: 26 reads of one caller fire, 25 do not.
	type group struct{ n, distinct int }
	fired := func(res *Result) map[group]bool {
		out := map[group]bool{}
		for _, c := range res.Cases {
			ev := events(c, "AzureDiagnostics")
			if len(ev) == 0 || distinctOf(ev, "identity_claim_oid_g") != 1 || field(ev[0], "OperationName") != "KeyGet" {
				continue
			}
			g := group{len(ev), distinctOf(ev, "requestUri_s")}
			out[g] = c.Original.Fires && c.Converted.Fires
		}
		return out
	}
	seedEra := fired(run("seed-era/KeyvaultMassSecretRetrieval.yaml"))
	assert.Equal(t, map[group]bool{{26, 1}: true, {25, 1}: false}, pick(seedEra, group{26, 1}, group{25, 1}))
	// Test 2, current: more than 10 keys and more than 50 reads.
	current := fired(run("KeyvaultMassSecretRetrieval.yaml"))
	assert.Equal(t, map[group]bool{{51, 11}: true, {51, 10}: false, {50, 11}: false},
		pick(current, group{51, 11}, group{51, 10}, group{50, 11}))
	// Test 3: a caller IP that matches an active indicator fires; the
	// same activity from another IP does not.
	matched, unmatched := false, false
	for _, c := range run("IPEntity_AzureKeyVault.yaml").Cases {
		ev, ti := events(c, "AzureDiagnostics"), events(c, "ThreatIntelligenceIndicator")
		if len(ev) != 1 || len(ti) != 1 {
			continue
		}
		exp, _ := fieldValue(ti[0], "ExpirationDateTime")
		active := exp.Time().After(DefaultNow)
		same := field(ev[0], "CallerIPAddress") == field(ti[0], "NetworkIP")
		if same && active && c.Original.Fires && c.Converted.Fires {
			matched = true
		}
		if !same && active && !c.Original.Fires && !c.Converted.Fires {
			unmatched = true
		}
	}
	assert.True(t, matched, "a caller IP that matches an active indicator fires")
	assert.True(t, unmatched, "a caller IP that matches no indicator does not fire")
}

func pick[K comparable, V any](m map[K]V, keys ...K) map[K]V {
	out := map[K]V{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// TestRuntimeValue: a second filter whose value is computed at run time
// (toupper("vaults")) is not retargeted; verification catches it with a
// one-event counterexample.
func TestRuntimeValue(t *testing.T) {
	p := builtin(t)
	c, ok := convertRule(t, "testdata/toupper-resource-type.yaml", p)
	require.True(t, ok)
	assert.Contains(t, c.conv.Query(), `ResourceType =~ "MANAGEDHSMS"`)
	assert.Contains(t, c.conv.Query(), `ResourceType == toupper("vaults")`, "the transform cannot see the computed value")
	res := verifyRule(t, c, p, Options{})
	require.Equal(t, Disagrees, res.Outcome)
	ce := res.Counterexample
	require.NotNil(t, ce)
	require.Len(t, ce.Events, 1)
	assert.Equal(t, "mapped", ce.Check)
	assert.True(t, ce.Original.Fires)
	assert.False(t, ce.Converted.Fires)
	assert.Contains(t, ce.Mapped, "VAULTS → MANAGEDHSMS")
	assert.Contains(t, ce.Differences, "the original fires, the converted does not fire")
	ev := ce.Events[0].String()
	assert.Contains(t, ev, "ResourceType: VAULTS")
	assert.Contains(t, ev, "OperationName: KeyDelete")
}

// TestMutants: conversions broken the ways a transform could break them are
// all caught, each with a 1-minimal counterexample.
func TestMutants(t *testing.T) {
	p := builtin(t)
	for _, tc := range []struct {
		name, rule, old, new string
	}{
		{"an operation lost from a list", "KeyVaultSensitiveOperations.yaml", `"KeyDelete", "KeyPurge", "KeyBackup"`, `"KeyDelete", "KeyBackup"`},
		{"a comparison made case-sensitive", "KeyVaultSensitiveOperations.yaml", `ResourceType =~ "MANAGEDHSMS"`, `ResourceType == "MANAGEDHSMS"`},
		{"a value left unconverted", "NRT_KeyVaultSensitiveOperations.yaml", `ResourceType =~ "MANAGEDHSMS"`, `ResourceType =~ "VAULTS"`},
		{"a filter folded away", "KeyVaultSensitiveOperations.yaml", ` and ResultType =~ "Success"`, ``},
		{"an entity from another column", "KeyVaultSensitiveOperations.yaml", `AadUserId = identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g`, `AadUserId = identity_claim_oid_g`},
		{"a count threshold moved", "KeyvaultMassSecretRetrieval.yaml", `let EventCountThreshold = 50;`, `let EventCountThreshold = 49;`},
		{"a distinct-count threshold moved", "KeyvaultMassSecretRetrieval.yaml", `let DistinctSecretsThreshold = 10;`, `let DistinctSecretsThreshold = 11;`},
		{"a comparison loosened", "seed-era/KeyvaultMassSecretRetrieval.yaml", `where Count > EventCountThreshold`, `where Count >= EventCountThreshold`},
		{"a look-back window widened", "IPEntity_AzureKeyVault.yaml", `let dt_lookBack = 1h;`, `let dt_lookBack = 2h;`},
		{"a join partner unconverted", "IPEntity_AzureKeyVault.yaml", `ResourceType =~ "MANAGEDHSMS"`, `ResourceType =~ "VAULTS"`},
		{"an indicator filter dropped", "IPEntity_AzureKeyVault.yaml", ` and ExpirationDateTime > now()`, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := convertRule(t, filepath.Join(keyVaultDir, tc.rule), p)
			require.True(t, ok)
			q := c.conv.Query()
			require.Contains(t, q, tc.old)
			c.conv = withQuery(t, c.conv, strings.Replace(q, tc.old, tc.new, 1))
			res := verifyRule(t, c, p, Options{})
			require.Equal(t, Disagrees, res.Outcome, res.Summary())
			ce := res.Counterexample
			require.NotNil(t, ce)
			assert.NotEmpty(t, ce.Differences)
			assertOneMinimal(t, res)
		})
	}
}

// assertOneMinimal checks a counterexample: the rules differ on its events,
// and removing any one makes the difference vanish.
func assertOneMinimal(t *testing.T, res *Result) {
	t.Helper()
	v, ce := res.v, res.Counterexample
	differs := func(skip int) bool {
		src := map[string][]eval.Record{}
		for _, tb := range v.pl.tables {
			src[tb] = []eval.Record{}
		}
		for i, e := range ce.elems {
			if i != skip {
				src[e.table] = append(src[e.table], e.rec)
			}
		}
		ch := v.evaluate(src, true)
		require.Empty(t, ch.fatal)
		if ce.Check == "mapped" {
			return len(differences(ch.o, ch.c)) > 0
		}
		return len(differences(ch.b, ch.u)) > 0
	}
	require.Len(t, ce.elems, len(ce.Events))
	assert.True(t, differs(-1), "the rules differ on the counterexample")
	for i := range ce.elems {
		assert.False(t, differs(i), "without event %d the rules agree", i)
	}
}

// TestUnmappedCheck: a converted rule that still fires on the source
// events (its scope value left as it was) fails the check on unmapped
// events.
func TestUnmappedCheck(t *testing.T) {
	p := builtin(t)
	c, ok := convertRule(t, filepath.Join(keyVaultDir, "KeyVaultSensitiveOperations.yaml"), p)
	require.True(t, ok)
	q := strings.Replace(c.conv.Query(), `ResourceType =~ "MANAGEDHSMS"`, `(ResourceType =~ "MANAGEDHSMS" or ResourceType =~ "VAULTS")`, 1)
	c.conv = withQuery(t, c.conv, q)
	res := verifyRule(t, c, p, Options{})
	require.Equal(t, Disagrees, res.Outcome)
	assert.Equal(t, "unmapped", res.Counterexample.Check)
	assert.Len(t, res.Counterexample.Events, 1)
	assert.True(t, res.Counterexample.Converted.Fires)
	assertOneMinimal(t, res)
}

// TestProfileWithoutEventMapping: the AZKVAuditLogs example profile
// replaces ResourceType comparisons and computes columns from others; its
// maps cannot make target events, so its conversions are unverifiable. With
// an event mapping they verify.
func TestProfileWithoutEventMapping(t *testing.T) {
	example, err := transform.LoadProfile("../../examples/azkvauditlogs/profile.yaml")
	require.NoError(t, err)
	withEvents, err := transform.LoadProfile("testdata/azkvauditlogs-events.yaml")
	require.NoError(t, err)
	for _, name := range []string{"KeyVaultSensitiveOperations.yaml", "NRT_KeyVaultSensitiveOperations.yaml", "KeyvaultMassSecretRetrieval.yaml", "IPEntity_AzureKeyVault.yaml"} {
		c, ok := convertRule(t, filepath.Join(keyVaultDir, name), example)
		require.True(t, ok)
		res := verifyRule(t, c, example, Options{})
		assert.Equal(t, Unverifiable, res.Outcome, name)
		assert.Contains(t, res.Reason, `the predicate ResourceType in ("VAULTS") → _ResourceId has "/managedhsms/" does not hold`, name)
		assert.Contains(t, res.Reason, "events:", name)

		c, ok = convertRule(t, filepath.Join(keyVaultDir, name), withEvents)
		require.True(t, ok)
		assert.Contains(t, c.conv.Query(), "AZKVAuditLogs")
		res = verifyRule(t, c, withEvents, Options{})
		assert.Equal(t, Verified, res.Outcome, "%s: %s", name, res.Summary())
	}
}

// TestSeed: the same seed gives the same cases; another seed other values
// in the same cases.
func TestSeed(t *testing.T) {
	p := builtin(t)
	c, ok := convertRule(t, filepath.Join(keyVaultDir, "IPEntity_AzureKeyVault.yaml"), p)
	require.True(t, ok)
	doc := func(seed int64) ([]byte, []string) {
		res := verifyRule(t, c, p, Options{Seed: seed})
		require.Equal(t, Verified, res.Outcome)
		var names []string
		for _, c := range res.Cases {
			names = append(names, c.Name)
		}
		cases, _, err := res.CaseFile(CaseFileOptions{Original: "o.yaml", Converted: "c.yaml", Schema: "s.json"})
		require.NoError(t, err)
		return cases, names
	}
	a, namesA := doc(1)
	b, namesB := doc(1)
	c2, namesC := doc(42)
	assert.Equal(t, string(a), string(b))
	assert.Equal(t, namesA, namesB)
	assert.Equal(t, namesA, namesC)
	assert.NotEqual(t, string(a), string(c2))
}

// TestCaseFile: the case files of the verified rules pass kqlt test.
func TestCaseFile(t *testing.T) {
	p := builtin(t)
	dir := t.TempDir()
	for _, path := range keyVaultRules(t) {
		c, ok := convertRule(t, path, p)
		if !ok {
			continue
		}
		res := verifyRule(t, c, p, Options{})
		if res.Outcome != Verified {
			_, _, err := res.CaseFile(CaseFileOptions{})
			assert.Error(t, err, "an unverifiable rule has no cases")
			continue
		}
		base := strings.TrimSuffix(filepath.Base(path), ".yaml")
		if strings.Contains(path, "seed-era") {
			base = "seed-era-" + base
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, base+".converted.yaml"), c.res.Output.Bytes(), 0o644))
		orig, err := filepath.Abs(path)
		require.NoError(t, err)
		cases, schema, err := res.CaseFile(CaseFileOptions{Original: orig, Converted: base + ".converted.yaml", Schema: base + ".schema.json", Comment: "test"})
		require.NoError(t, err)
		var parsed map[string]map[string]string
		require.NoError(t, json.Unmarshal(schema, &parsed))
		assert.Equal(t, "datetime", parsed["AzureDiagnostics"]["TimeGenerated"])
		require.NoError(t, os.WriteFile(filepath.Join(dir, base+".schema.json"), schema, 0o644))
		casePath := filepath.Join(dir, base+".cases.yaml")
		require.NoError(t, os.WriteFile(casePath, cases, 0o644))
		rep, err := ruletest.RunCases(casePath)
		require.NoError(t, err)
		assert.Equal(t, 3*len(res.Cases), len(rep.Cases), base)
		for _, cr := range rep.Cases {
			assert.True(t, cr.Pass, "%s: %s: %v", base, cr.Name, cr.Failures)
		}
		if base == "KeyvaultMassSecretRetrieval" {
			assert.True(t, strings.Contains(string(cases), "{i%11}"), "distinct values are written as a template")
		}
	}
}

// ruleOf returns a scheduled rule file with the query, as a rule repository
// would hold it.
func ruleOf(t testing.TB, name, query string, extra string) *rules.File {
	t.Helper()
	var b strings.Builder
	b.WriteString("id: 6f0c3a57-3f43-4b8f-9d1e-2a3b4c5d6e7f\nname: " + name + "\n")
	b.WriteString("description: |\n  'A rule of the tests.'\nseverity: Low\nqueryFrequency: 1d\nqueryPeriod: 1d\n")
	b.WriteString("triggerOperator: gt\ntriggerThreshold: 0\nquery: |\n")
	for _, line := range strings.Split(strings.TrimRight(query, "\n"), "\n") {
		b.WriteString("  " + line + "\n")
	}
	b.WriteString(extra)
	b.WriteString("version: 1.0.0\nkind: Scheduled\n")
	f, err := rules.Parse(name+".yaml", []byte(b.String()))
	require.NoError(t, err)
	return f
}

// convertQuery converts a rule made of the query; ok is false when the
// query cannot be a rule's (SetQuery refuses it).
func convertQuery(t testing.TB, query string, p *transform.Profile) (converted, *transform.Result) {
	t.Helper()
	c, res, ok := tryConvertQuery(t, query, p)
	require.True(t, ok, "the query cannot be a rule's query")
	return c, res
}

func tryConvertQuery(t testing.TB, query string, p *transform.Profile) (converted, *transform.Result, bool) {
	t.Helper()
	f := ruleOf(t, "test", "AzureDiagnostics", "")
	r, err := f.Rule()
	require.NoError(t, err)
	if err := r.SetQuery(query); err != nil {
		return converted{}, nil, false
	}
	res, err := transform.Convert(f, p)
	if err != nil {
		return converted{}, nil, false
	}
	c := converted{name: "test", res: res}
	c.src, err = f.Rule()
	require.NoError(t, err)
	if res.Status == transform.Converted {
		c.conv, err = res.Output.Rule()
		require.NoError(t, err)
	}
	return c, res, true
}

// TestWatchlist: a rule that reads a watchlist is unverifiable, saying
// so, since verify generates events but no watchlists.
func TestWatchlist(t *testing.T) {
	p := builtin(t)
	c, res := convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| where CallerIPAddress in ((_GetWatchlist('TrustedIPs') | project SearchKey))", p)
	require.Equal(t, transform.Converted, res.Status)
	vr := verifyRule(t, c, p, Options{})
	assert.Equal(t, Verified, vr.Outcome, vr.Summary())
	// Some case has the IP in the watchlist: the rule fires.
	assert.Contains(t, vr.Summary(), "triggerThreshold: rows gt 0 (0, 1)")
	// The cases give the watchlist as one (watchlists:), and kqlt test
	// agrees with them.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "orig.yaml"), c.src.File().Bytes(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "conv.yaml"), c.res.Output.Bytes(), 0o644))
	cases, schema, err := vr.CaseFile(CaseFileOptions{Original: "orig.yaml", Converted: "conv.yaml", Schema: "schema.json"})
	require.NoError(t, err)
	assert.Contains(t, string(cases), "watchlists:\n")
	assert.Contains(t, string(cases), "TrustedIPs:")
	assert.NotContains(t, string(schema), watchlistPrefix)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "schema.json"), schema, 0o644))
	casePath := filepath.Join(dir, "cases.yaml")
	require.NoError(t, os.WriteFile(casePath, cases, 0o644))
	rep, err := ruletest.RunCases(casePath)
	require.NoError(t, err)
	assert.Equal(t, 3*len(vr.Cases), len(rep.Cases))
	for _, cr := range rep.Cases {
		assert.True(t, cr.Pass, "%s: %v", cr.Name, cr.Failures)
	}
}

// TestBounds: a query that would build too many rows is unverifiable, with
// the evaluator's message; a threshold that needs too many events is not
// covered, and says so.
func TestBounds(t *testing.T) {
	p := builtin(t)
	c, res := convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| join kind=inner (range n from 1 to 100000 step 1 | extend ResourceType = \"VAULTS\") on ResourceType", p)
	require.Equal(t, transform.Converted, res.Status)
	vr := verifyRule(t, c, p, Options{MaxRows: 10000})
	assert.Equal(t, Unverifiable, vr.Outcome)
	assert.Contains(t, vr.Reason, "exceeds the evaluator's bounds")
	assert.Contains(t, vr.Reason, "range produces more than 10,000 rows, the row limit")

	c, res = convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| summarize n = count() by CallerIPAddress\n| where n > 100000", p)
	require.Equal(t, transform.Converted, res.Status)
	vr = verifyRule(t, c, p, Options{MaxEvents: 500})
	assert.Equal(t, Verified, vr.Outcome, vr.Summary())
	require.NotEmpty(t, vr.Thresholds)
	assert.False(t, vr.Thresholds[0].Covered)
	assert.Contains(t, strings.Join(vr.Notes, "\n"), "groups of 100001 events, more than the bound of 500")

	// A cartesian join of the events of large groups hits the row limit
	// while the join builds its rows, and a query that builds large
	// values hits the memory limit.
	c, res = convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| summarize c = count() by CallerIPAddress\n| where c > 300\n"+
		"| join kind=inner (AzureDiagnostics) on CallerIPAddress\n| join kind=inner (AzureDiagnostics) on CallerIPAddress", p)
	require.Equal(t, transform.Converted, res.Status)
	vr = verifyRule(t, c, p, Options{})
	assert.Equal(t, Unverifiable, vr.Outcome)
	assert.Contains(t, vr.Reason, "the original rule exceeds the evaluator's bounds on generated events")
	assert.Regexp(t, `join: .*the (row|memory) limit`, vr.Reason)
	c, res = convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| mv-expand n = range(1, 200000)\n| extend s = strcat(requestUri_s, requestUri_s, requestUri_s, n)", p)
	require.Equal(t, transform.Converted, res.Status)
	vr = verifyRule(t, c, p, Options{MaxMemory: 8 << 20})
	assert.Equal(t, Unverifiable, vr.Outcome)
	assert.Contains(t, vr.Reason, "the memory limit")

	var ops []string
	for i := 0; i < 60; i++ {
		ops = append(ops, fmt.Sprintf("%q", fmt.Sprintf("KeyOperation%d", i)))
	}
	c, res = convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\" and OperationName in ("+strings.Join(ops, ", ")+")", p)
	require.Equal(t, transform.Converted, res.Status)
	vr = verifyRule(t, c, p, Options{MaxCases: 10})
	assert.Equal(t, Verified, vr.Outcome, vr.Summary())
	assert.Len(t, vr.Cases, 10)
	assert.Contains(t, strings.Join(vr.Notes, "\n"), "cases left out: the bounds are 10 cases and 100000 events in all")
}

// TestRenameOntoExistingColumn: a profile that renames a column to another
// column the source has (ResourceId to _ResourceId) maps events to one
// column, the renamed value. A query that names both cannot be converted
// without merging them (project ResourceId, _ResourceId would project
// _ResourceId twice): it is refused, at the second name.
func TestRenameOntoExistingColumn(t *testing.T) {
	p, err := transform.ParseProfile("p.yaml", []byte(`
name: p
scope: {tables: [AzureDiagnostics], column: ResourceType, values: [VAULTS]}
values:
  - {columns: [ResourceType], map: {VAULTS: MANAGEDHSMS}}
  - {columns: [ResourceId], substrings: {/VAULTS/: /MANAGEDHSMS/}}
columns: {rename: {ResourceId: _ResourceId}}
`))
	require.NoError(t, err)
	c, res := convertQuery(t, "AzureDiagnostics\n| where ResourceType == \"VAULTS\" and ResourceId has \"/vaults/\"\n| project ResourceId, OperationName", p)
	require.Equal(t, transform.Converted, res.Status)
	assert.Contains(t, c.conv.Query(), `_ResourceId has "/managedhsms/"`)
	vr := verifyRule(t, c, p, Options{})
	assert.Equal(t, Verified, vr.Outcome, vr.Summary())

	f := ruleOf(t, "test", "AzureDiagnostics", "")
	r, err := f.Rule()
	require.NoError(t, err)
	require.NoError(t, r.SetQuery("AzureDiagnostics\n| where ResourceType == \"VAULTS\" and ResourceId has \"/vaults/\"\n| project ResourceId, _ResourceId"))
	_, err = transform.Convert(f, p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "query: columns.rename: ResourceId → _ResourceId, but the query also names _ResourceId: the two columns would become one")
	var refused *transform.RefusedError
	assert.ErrorAs(t, err, &refused)
}

// TestKeyVaultForms: the other forms of Key Vault rules (selected by
// resource-id path, older layouts) verify, except where the evaluator lacks
// what the query uses.
func TestKeyVaultForms(t *testing.T) {
	p := builtin(t)
	paths, err := filepath.Glob("../../testdata/rules/keyvault-forms/*.yaml")
	require.NoError(t, err)
	verified := 0
	for _, path := range paths {
		c, ok := convertRule(t, path, p)
		if !ok {
			continue
		}
		res := verifyRule(t, c, p, Options{})
		if res.Outcome == Unverifiable {
			assert.Contains(t, res.Reason, "the evaluator does not support", path)
			continue
		}
		assert.Equal(t, Verified, res.Outcome, "%s: %s", path, res.Summary())
		assert.Empty(t, res.Notes, path)
		verified++
	}
	assert.GreaterOrEqual(t, verified, 3)
}

// TestBoolComparedWithString: a bool column compared with strings
// (columnifexists("x_b", "") =~ "true", as the Zoom rules write it) has
// no candidate among the constants; it takes true and false, and the
// generator does not fail on it.
func TestBoolComparedWithString(t *testing.T) {
	p := builtin(t)
	c, res := convertQuery(t, "AzureDiagnostics\n| where ResourceType =~ \"VAULTS\"\n| extend Enabled = columnifexists(\"enabled_b\", \"\")\n| where Enabled =~ \"true\"", p)
	require.Equal(t, transform.Converted, res.Status)
	// The generated enabled_b is a bool, and Kusto does not compare a bool
	// with =~ (KS106): the original rule cannot run on such events, which
	// verify says instead of failing or passing.
	vr := verifyRule(t, c, p, Options{})
	assert.Equal(t, Unverifiable, vr.Outcome, vr.Summary())
	assert.Contains(t, vr.Reason, "=~ takes string operands, and Enabled is a bool")
}

// TestColumnsOfUnknownSource: a rule that reads a custom table or function
// the schema lacks (SQLEvent, pfsense_logstash_CL) has the columns it reads
// generated, though the binder resolves them (with no table); before, such
// a rule failed with "no column TimeGenerated". A name the binder takes for
// a table in such a row is a column too, a column read as X.prop is
// dynamic, and $left.a and $right.b belong to their side of the join.
func TestColumnsOfUnknownSource(t *testing.T) {
	p := builtin(t)
	for _, query := range []string{
		"SQLEvent\n| where TimeGenerated >= ago(1d)\n| where LogonResult has \"failed\"\n| summarize count() by TimeGenerated, CurrentUser, Reason, ClientIP\n| extend timestamp = TimeGenerated",
		"pfsense_logstash_CL\n| where TimeGenerated > ago(1h)\n| where tags_s !contains \"GeoIP_Destination\"\n| project TimeGenerated, source_ip_s, destination_ip_s",
		// Operation is also a table's name, and Details is read as a
		// dynamic value: both are columns of TeamsData.
		"TeamsData\n| where CreationTime > ago(1d)\n| where Operation =~ \"MemberRoleChanged\"\n| extend TeamGuid = tostring(Details.TeamGuid), Member = tostring(parse_json(Members)[0].UPN)",
		// $right._ItemId belongs to the right side, though the schema
		// lists no such column of ThreatIntelligenceIndicator.
		"BehaviorAnalytics\n| where ActivityType == \"LogOn\"\n| join (ThreatIntelligenceIndicator | where Active == true) on $left.SourceRecordId == $right._ItemId\n| project ActivityType, SourceRecordId",
	} {
		r, err := ruleOf(t, "custom", query, "").Rule()
		require.NoError(t, err)
		res, err := Conversion(r, r, p, Options{Schema: testSchema(t)})
		require.NoError(t, err)
		assert.Equal(t, Verified, res.Outcome, "%s\n%s", query, res.Summary())
	}
}

// TestIngestionTime: a rule that filters on ingestion_time() gets events
// with ingestion times (their TimeGenerated), so it runs and fires.
func TestIngestionTime(t *testing.T) {
	p := builtin(t)
	for _, query := range []string{
		"SigninLogs\n| where ingestion_time() > ago(70m)\n| project UserPrincipalName",
		"union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs\n| where ingestion_time() > ago(70m)\n| extend Ingested = ingestion_time()\n| project UserPrincipalName, Ingested",
	} {
		r, err := ruleOf(t, "ingest", query, "").Rule()
		require.NoError(t, err)
		res, err := Conversion(r, r, p, Options{Schema: testSchema(t)})
		require.NoError(t, err)
		assert.Equal(t, Verified, res.Outcome, "%s\n%s", query, res.Summary())
		assert.Contains(t, res.Summary(), "triggerThreshold: rows gt 0 (0, 1)", query)
	}
}

// TestWatchlistColumns: a watchlist's column read where an operator also
// gives that name (project UserPrincipalName = tolower(UserPrincipalName),
// and an extend of another pipeline) is generated, and the rule fires on
// the users the watchlist lacks; parse's columns are no columns of the
// table it reads.
func TestWatchlistColumns(t *testing.T) {
	p := builtin(t)
	for _, query := range []string{
		"let EntitledUsers = _GetWatchlist('CopilotEntitledUsers')\n  | project UserPrincipalName = tolower(UserPrincipalName);\nCopilotActivity\n| where TimeGenerated > ago(1d)\n| extend UserPrincipalName = tolower(ActorName)\n| where UserPrincipalName !in (EntitledUsers)\n| summarize Interactions = count() by UserPrincipalName",
		"let R = AppEvents_CL\n| parse Props with * \"ConsentType: \" ConsentType \"]\" *\n| project TimeGenerated, ConsentType;\nR | union R\n| summarize count() by ConsentType",
	} {
		r, err := ruleOf(t, "wl", query, "").Rule()
		require.NoError(t, err)
		res, err := Conversion(r, r, p, Options{Schema: testSchema(t)})
		require.NoError(t, err)
		assert.Equal(t, Verified, res.Outcome, "%s\n%s", query, res.Summary())
	}
}

// TestTableOfParameter: a function that reads table(tableName) reads the
// tables its calls name, and they are generated.
func TestTableOfParameter(t *testing.T) {
	p := builtin(t)
	query := "let aadFunc = (tableName: string) {\n  table(tableName)\n  | where TimeGenerated > ago(1d)\n  | where AppDisplayName has \"Azure Portal\"\n  | summarize n = count() by UserPrincipalName\n};\nlet aadSignin = aadFunc(\"SigninLogs\");\nlet aadNonInt = aadFunc(\"AADNonInteractiveUserSignInLogs\");\nunion isfuzzy=true aadSignin, aadNonInt"
	r, err := ruleOf(t, "tbl", query, "").Rule()
	require.NoError(t, err)
	res, err := Conversion(r, r, p, Options{Schema: testSchema(t)})
	require.NoError(t, err)
	assert.Equal(t, Verified, res.Outcome, res.Summary())
	assert.Contains(t, res.Summary(), "triggerThreshold: rows gt 0 (0, 1)")
}

package verify

import (
	"strings"
	"testing"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/transform"
)

// FuzzConversion verifies the conversion of arbitrary queries with tight
// bounds: verification never panics, ends with one of its three outcomes,
// and a verified result writes a case file.
func FuzzConversion(f *testing.F) {
	for _, path := range keyVaultRules(f) {
		if c, ok := convertRule(f, path, builtin(f)); ok {
			f.Add(c.src.Query())
		}
	}
	for _, s := range []string{
		`AzureDiagnostics | where ResourceType == "VAULTS" | where OperationName in~ ("SecretGet") or x | extend y = iff(OperationName startswith "Vault", 1, 2)`,
		"let a = dynamic([\"VaultGet\"]);\nunion (AzureDiagnostics | where ResourceType =~ 'vaults' and OperationName in (a)), T",
		`AzureDiagnostics | where ResourceType == toupper("vaults") and ResourceType =~ "VAULTS" | summarize c = count() by CallerIPAddress | where c >= 3`,
		`T | join kind=inner (AzureDiagnostics | where ResourceType == "VAULTS") on $left.a == $right.CallerIPAddress | where TimeGenerated between (ago(1h) .. now())`,
		"let t = 1e3;\nAzureDiagnostics | where ResourceType == \"VAULTS\" | summarize s = sum(DurationMs), m = max(httpStatusCode_d), n = count() by CallerIPAddress | where s > t and m >= 0.5 and n between (2 .. 3)",
		`AzureDiagnostics | where ResourceType =~ "VAULTS" | summarize k = make_set(requestUri_s), f = countif(ResultType != "Success") by CallerIPAddress | extend r = f * 1.0 / array_length(k) | where array_length(k) > 2 and r < 0.25`,
	} {
		f.Add(s)
	}
	p := builtin(f)
	f.Fuzz(func(t *testing.T, query string) {
		if len(query) > 2000 || strings.ContainsRune(query, 0) {
			return
		}
		if _, err := kql.Parse(query); err != nil {
			return
		}
		c, res, ok := tryConvertQuery(t, query, p)
		if !ok || res.Status != transform.Converted {
			return
		}
		vr, err := Conversion(c.src, c.conv, p, Options{MaxEvents: 200, MaxRows: 20_000, MaxSearch: 20})
		if err != nil {
			return
		}
		for _, th := range vr.Thresholds {
			if !th.Covered && th.Note == "" {
				t.Fatalf("threshold %s not covered, without a reason", th.What)
			}
		}
		switch vr.Outcome {
		case Verified:
			if _, _, err := vr.CaseFile(CaseFileOptions{Original: "o.yaml", Converted: "c.yaml", Schema: "s.json"}); err != nil && len(vr.Cases) > 0 {
				t.Fatalf("case file: %v", err)
			}
		case Disagrees:
			if vr.Counterexample == nil {
				t.Fatal("a disagreement without a counterexample")
			}
		case Unverifiable:
			if vr.Reason == "" {
				t.Fatal("unverifiable without a reason")
			}
		default:
			t.Fatalf("outcome %q", vr.Outcome)
		}
	})
}

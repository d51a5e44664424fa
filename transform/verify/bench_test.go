package verify

import (
	"testing"

	"github.com/kqlt/kqlt/kql/schema"
)

// BenchmarkKeyVault verifies the conversions of the bundled Key Vault
// rules (seed-era included) with the built-in schema, as kqlt convert
// --verify does: one op is the whole set.
func BenchmarkKeyVault(b *testing.B) {
	p := builtin(b)
	var rules []converted
	for _, path := range keyVaultRules(b) {
		if c, ok := convertRule(b, path, p); ok {
			rules = append(rules, c)
		}
	}
	db := schema.Default()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cases := 0
		for _, c := range rules {
			res, err := Conversion(c.src, c.conv, p, Options{Schema: db})
			if err != nil {
				b.Fatal(err)
			}
			cases += len(res.Cases)
		}
		b.ReportMetric(float64(cases), "cases/op")
	}
}

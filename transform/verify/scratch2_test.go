package verify

import (
	"fmt"
	"testing"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

func TestScratchTI(t *testing.T) {
	schema, _ := eval.LoadSchema("../../testdata/ruletests/schema.json")
	p, _ := transform.Builtin(transform.DefaultProfile)
	f, _ := rules.Load("../../testdata/rules/keyvault/IPEntity_AzureKeyVault.yaml")
	res, _ := transform.Convert(f, p)
	src, _ := f.Rule()
	conv, _ := res.Output.Rule()
	vr, _ := Conversion(src, conv, p, Options{Schema: schema})
	pl := vr.plan
	for _, k := range pl.keys() {
		fmt.Print(k, ": ")
		for _, c := range pl.cands[k] {
			fmt.Print(pl.describe(k, c), " | ")
		}
		fmt.Println()
	}
	for tb, recs := range vr.Cases[0].src {
		for _, r := range recs {
			fmt.Println(Event{Table: tb, Fields: fields(r)})
		}
	}
}

func fields(r eval.Record) []Field {
	var out []Field
	for _, f := range r {
		out = append(out, Field{f.Name, f.Value.(eval.Value).Interface()})
	}
	return out
}

func TestScratchPasses(t *testing.T) {
	schema, _ := eval.LoadSchema("../../testdata/ruletests/schema.json")
	p, _ := transform.Builtin(transform.DefaultProfile)
	f, _ := rules.Load("../../testdata/rules/keyvault/IPEntity_AzureKeyVault.yaml")
	res, _ := transform.Convert(f, p)
	src, _ := f.Rule()
	conv, _ := res.Output.Rule()
	vr, _ := Conversion(src, conv, p, Options{Schema: schema})
	pl := vr.plan
	k := key{"ThreatIntelligenceIndicator", "NetworkIP"}
	for _, s := range pl.filters[k] {
		fmt.Println(s.text, s.negated, siteExpr(s, pl.generated(k.table, k.column, 1, 0)))
	}
}

package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

func TestScratchVerify(t *testing.T) {
	schema, err := eval.LoadSchema("../../testdata/ruletests/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := transform.Builtin(transform.DefaultProfile)
	files, _ := filepath.Glob("../../testdata/rules/keyvault/*.yaml")
	files = append(files, "../../testdata/rules/keyvault/seed-era/KeyvaultMassSecretRetrieval.yaml", "/tmp/verify/toupper.yaml")
	for _, fn := range files {
		f, _ := rules.Load(fn)
		res, err := transform.Convert(f, p)
		if err != nil || res.Status != transform.Converted {
			fmt.Println("==", fn, "skip", err)
			continue
		}
		src, _ := f.Rule()
		conv, _ := res.Output.Rule()
		start := time.Now()
		vr, err := Conversion(src, conv, p, Options{Schema: nil}); _ = schema
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("==", fn, time.Since(start))
		vr.WriteText(os.Stdout)
		for _, c := range vr.Cases {
			fmt.Printf("   %-9s %-70.70s ev=%4d O=%s C=%s U=%s agree=%v\n", c.Kind, c.Name, c.Events, c.Original, c.Converted, c.Unmapped, c.Agree)
		}
	}
}

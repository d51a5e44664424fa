package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

func TestScratchAzkv(t *testing.T) {
	schema, _ := eval.LoadSchema("../../testdata/ruletests/schema.json")
	for _, pf := range []string{"/tmp/verify/azkv.yaml", "/tmp/verify/azkv-events.yaml"} {
		p, err := transform.LoadProfile(pf)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob("../../testdata/rules/keyvault/*.yaml")
		for _, fn := range files {
			f, _ := rules.Load(fn)
			res, err := transform.Convert(f, p)
			if err != nil || res.Status != transform.Converted {
				continue
			}
			src, _ := f.Rule()
			conv, _ := res.Output.Rule()
			vr, err := Conversion(src, conv, p, Options{Schema: schema})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Println("==", pf, fn)
			vr.WriteText(os.Stdout)
		}
	}
}

package schema_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kqlt/kqlt/kql/schema"
)

// seeds adds the test data files whose content contains marker (or all,
// for marker "") to f's corpus.
func seeds(f *testing.F, marker string) {
	files, _ := filepath.Glob("testdata/*/*.json")
	more, _ := filepath.Glob("testdata/azure-sentinel-ci/*/*.json")
	for _, p := range append(files, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if marker == "" || bytes.Contains(bytes.ToLower(data), []byte(marker)) {
			f.Add(filepath.Base(p), data)
		}
	}
}

// checkParse is the property of every decoder: Parse never panics; it
// either fails with an *Error placed in the file, or returns a Set whose
// names all resolve to well-formed tables and functions.
func checkParse(t *testing.T, name string, data []byte) {
	s, warns, err := schema.Parse(name, data)
	lines := bytes.Count(data, []byte("\n")) + 1
	for _, w := range warns {
		if w.Pos.File != name || w.Pos.Line < 1 || w.Pos.Line > lines || w.Pos.Column < 1 {
			t.Fatalf("warning at a bad position: %v", w)
		}
	}
	if err != nil {
		var se *schema.Error
		if !errors.As(err, &se) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if se.Pos.File != name || se.Pos.Line < 1 || se.Pos.Line > lines || se.Pos.Column < 1 {
			t.Fatalf("error at a bad position: %v", err)
		}
		if s != nil {
			t.Fatal("a Set and an error")
		}
		return
	}
	for _, n := range s.TableNames() {
		tab := s.Table(n)
		if tab == nil || tab.Name != n {
			t.Fatalf("table %q does not resolve", n)
		}
		seen := map[string]bool{}
		for _, c := range tab.Columns {
			if seen[c.Name] || c.Table != tab {
				t.Fatalf("table %q: column %q repeated or not its own", n, c.Name)
			}
			seen[c.Name] = true
		}
	}
	for _, n := range s.FunctionNames() {
		fn := s.Function(n)
		if fn == nil || fn.Name != n || fn.Result == nil {
			t.Fatalf("function %q does not resolve", n)
		}
	}
}

func FuzzTableMap(f *testing.F) {
	seeds(f, "")
	f.Add("t.json", []byte(`{"T": {"a": "string", "$open": true, "$note": [1, {"x": null}]}, "$c": 1}`))
	f.Fuzz(checkParse)
}

func FuzzCustomTables(f *testing.F) {
	seeds(f, `"properties"`)
	f.Add("T.json", []byte(`{"Name": "T", "Properties": [{"Name": "a", "Type": "System.String", "description": "x"}], "$open": true}`))
	f.Fuzz(checkParse)
}

func FuzzCustomFunctions(f *testing.F) {
	seeds(f, `"functionname"`)
	f.Add("F.json", []byte(`{"FunctionName": "F", "FunctionParameters": [{"Name": "t", "Type": "table:(a:string, *)", "IsRequired": true}, {"Name": "n", "Type": "int", "Default": 1}], "Query": "t"}`))
	f.Fuzz(checkParse)
}

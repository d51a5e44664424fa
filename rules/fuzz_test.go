package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FuzzParse loads arbitrary bytes as a rule file and exercises the package
// on whatever loads: round trip, validation, ARM, position mapping, edits.
// Its seed corpus (the Key Vault rules and the files under
// testdata/fuzz/FuzzParse) is replayed by plain go test; fuzz it with
//
//	go test -fuzz=FuzzParse -fuzztime=2m ./rules
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "keyvault", "*.yaml"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(baseRule))
	f.Add([]byte(baseHunting))
	f.Add([]byte(mappings))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("fuzz.yaml", data)
		if err != nil {
			var re *Error
			if !errors.As(err, &re) || re.File != "fuzz.yaml" || re.Pos.Line < 1 || re.Pos.Column < 1 {
				t.Fatalf("error without file and position: %v", err)
			}
			return
		}
		if !bytes.Equal(file.Bytes(), data) {
			t.Fatal("an unedited file does not write back byte-identical")
		}
		if file.root != nil {
			forEachScalar(file.root, func(n *yaml.Node) {
				if sp := file.spanOf(n); !sp.exact {
					t.Fatalf("scalar at %d:%d not located exactly: %q, yaml.v3 has %q", n.Line, n.Column, sp.value, n.Value)
				}
			})
		}
		for _, fd := range Validate(file) {
			if fd.Pos.Line < 1 || fd.Pos.Offset < 0 || fd.Pos.Offset > len(data) {
				t.Fatalf("finding without a valid position: %v", fd)
			}
		}
		r, err := file.Rule()
		if err != nil {
			return
		}
		if out, err := ARMTemplate([]*File{file}, ARMOptions{}); err == nil && !json.Valid(out) {
			t.Fatalf("invalid JSON:\n%s", out)
		}
		q := r.Query()
		for _, off := range []int{0, len(q) / 2, len(q)} {
			if p := r.QueryPosition(off); p.Line < 1 || p.Offset > len(data) {
				t.Fatalf("QueryPosition(%d) = %v", off, p)
			}
		}
		edits := []struct {
			path, value string
		}{
			{"query", strings.TrimRight(q, "\n") + "\n| take 10 \n"},
			{"name", "Managed HSM: \"keys\" #1"},
			{"description", r.Description() + "\nConverted by kqlt.\n"},
			{"id", "7b276a68-af51-5ffa-a84c-0424b901bb34"},
		}
		for _, e := range edits {
			if err := r.Set(e.path, e.value); err == nil {
				if got, _ := r.Scalar(e.path); got != e.value {
					t.Fatalf("Set(%s) reads back %q, want %q", e.path, got, e.value)
				}
			}
		}
		_ = r.Delete("entityMappings[0]")
		_ = r.Delete("customDetails")
		if _, err := Parse("fuzz.yaml", file.Bytes()); err != nil {
			t.Fatalf("edits left a file that does not parse: %v", err)
		}
	})
}

// FuzzSet writes arbitrary text into fields of every scalar style: any
// valid UTF-8 value must be accepted (the double-quoted fallback holds
// anything) and read back exactly.
func FuzzSet(f *testing.F) {
	for _, s := range []string{"", "T\n", "  lead\n", "a\n\n", "x: y # z", "'\"\\", "\t\r\n\u2028\uFEFF", "| take 1   \n"} {
		f.Add(s)
	}
	bases := []struct{ text, path string }{
		{"name: A\nquery: |\n  T\n  | take 1\nkind: NRT\n", "query"},
		{"name: A\r\nquery: |-\r\n    T\r\nkind: NRT", "query"},
		{"name: A\nquery: >\n  T\n\n  U\n", "query"},
		{"name: 'A'\nquery: T\n", "name"},
		{"name: \"A\\tB\"\nquery: T\n", "name"},
		{"name: A # c\nquery: T\n", "name"},
		{"name:\nquery: T\n", "name"},
		{"query: T\nentityMappings:\n  - entityType: IP\n    fieldMappings:\n      - {identifier: Address, columnName: IP}\n", "entityMappings[0].fieldMappings[0].columnName"},
		{"query: T\ntactics: [Impact, Discovery]\n", "tactics[1]"},
		{"query: T\n", "description"},
	}
	f.Fuzz(func(t *testing.T, value string) {
		if !utf8.ValidString(value) {
			return
		}
		for _, b := range bases {
			file, err := Parse("set.yaml", []byte(b.text))
			if err != nil {
				t.Fatal(err)
			}
			r, _ := file.Rule()
			if err := r.Set(b.path, value); err != nil {
				t.Fatalf("%q: Set(%s, %q): %v", b.text, b.path, value, err)
			}
			if got, _ := r.Scalar(b.path); got != value {
				t.Fatalf("%q: Set(%s, %q) reads back %q", b.text, b.path, value, got)
			}
		}
	})
}

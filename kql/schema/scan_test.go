package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// depth returns the nesting depth of brackets in data outside strings
// (approximately: enough to tell the inputs the scanner refuses for depth).
func depth(data []byte) int {
	d, max, in := 0, 0, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case !in && (c == '{' || c == '['):
			d++
			if d > max {
				max = d
			}
		case !in && (c == '}' || c == ']'):
			d--
		}
	}
	return max
}

// scanAll scans one JSON value and checks nothing follows it.
func scanAll(data []byte) error {
	s := &scanner{data: data}
	if err := s.skip(); err != nil {
		return err
	}
	return s.end()
}

func TestScannerAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `""`, `0`, `-0.5e+10`, `true`, `null`, ` {"a" : [1, "x\u00e9\ud83d\ude00", {"b": false}]} `,
		`{"a":}`, `{"a" 1}`, `[1,]`, `01`, `1.`, `-`, `"\x"`, `"abc`, `{"a":1}x`, "\"a\tb\"", `tru`, `[1 2]`,
		`"\ud800"`, `"\udc00\ud800"`, `{"a":1,}`, ``, ` `,
	} {
		err := scanAll([]byte(in))
		assert.Equal(t, json.Valid([]byte(in)), err == nil, "%q: %v", in, err)
	}
}

func TestScannerStrings(t *testing.T) {
	for _, in := range []string{`"plain"`, `"a\"b\\c\/d\b\f\n\r\t"`, `"\u00e9\ud83d\ude00"`, `"\ud800x"`, `"\udc00"`, `"\ud800\u0041"`} {
		s := &scanner{data: []byte(in)}
		got, err := s.str()
		require.NoError(t, err, in)
		var want string
		require.NoError(t, json.Unmarshal([]byte(in), &want))
		assert.Equal(t, want, got, in)
	}
}

func FuzzScanner(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`["\ud83d\ude00", -1.5E-3, {"": null}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := scanAll(data)
		if !utf8.Valid(data) || depth(data) >= maxDepth {
			return // the scanner is stricter than encoding/json here, by design
		}
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid = %v, scanner error = %v", valid, err)
		}
		if err != nil {
			return
		}
		// Strings decode as encoding/json decodes them.
		s := &scanner{data: data}
		if s.peek() == kindString {
			got, err := s.str()
			var want string
			if err != nil || json.Unmarshal(data, &want) != nil || got != want {
				t.Fatalf("string %q: got %q, want %q (%v)", data, got, want, err)
			}
		}
	})
}

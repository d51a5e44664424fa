package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// The sample-data decoders take anything: they return a table or an error
// naming the place, never panic, never hang. Their seed corpora (below and
// under testdata/fuzz) are replayed by plain go test; fuzz them with
//
//	go test -fuzz=FuzzReadJSONL -fuzztime=2m ./kql/eval
//	go test -fuzz=FuzzReadCSV -fuzztime=2m ./kql/eval

func FuzzReadJSONL(f *testing.F) {
	for _, s := range []string{
		`{"TimeGenerated":"2025-06-02T10:00:00Z","Op":"KeyGet","N":1,"R":1.5,"Ok":true,"Props":{"b":1,"a":[1,2]}}` + "\n" + `{"TimeGenerated":"x","Op":null}`,
		`[{"a":1},{"a":"2025-01-01"},{"a":[[[{"b":null}]]]}]`,
		"\ufeff\n\n{\"a\":1}\r\n{\"a\":1e400}\n",
		`{"a":1}{"a":2}`,
		`{"a":` + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + "}",
		`{"a":"2025-02-30T09:14:03Z"}` + "\n" + `{"a":"2025-02-28T09:14:03Z"}`,
		`{"":1}`,
		`[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		tb, err := ReadJSONL(bytes.NewReader(data), nil)
		checkDecoded(t, tb, err, lines, len(data)/2+1) // a row is at least {}
		tb, err = ReadJSONL(bytes.NewReader(data), []Column{{"a", TypeDateTime}, {"b", TypeLong}, {"c", TypeDynamic}})
		checkDecoded(t, tb, err, lines, len(data)/2+1)
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"TimeGenerated,Op,N,R,Ok,Props\n2025-06-02T10:00:00Z,KeyGet,1,1.5,true,\"{\"\"a\"\":1}\"\nsoon,KeyDelete,,2,FALSE,[1]\n",
		"\ufeffa,b\n1\n",
		"a,a\n1,2\n",
		"a\n\"" + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + "\"\n",
		"a,b\n\"x\ny\",2\n",
		"a\n\"unclosed\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		tb, err := ReadCSV(bytes.NewReader(data), nil)
		checkDecoded(t, tb, err, lines, lines)
		tb, err = ReadTable(bytes.NewReader(data), "", nil)
		checkDecoded(t, tb, err, lines, len(data)/2+1)
	})
}

// checkDecoded checks what a decoder returned for input of lines lines,
// which can hold at most maxRows rows.
func checkDecoded(t *testing.T, tb *Table, err error, lines, maxRows int) {
	t.Helper()
	if err != nil {
		var de *DataError
		if errors.As(err, &de) && de.Line > lines {
			t.Fatalf("error at line %d of %d: %v", de.Line, lines, err)
		}
		if err.Error() == "" {
			t.Fatal("empty error")
		}
		return
	}
	if tb.NumRows() > maxRows {
		t.Fatalf("%d rows, more than %d", tb.NumRows(), maxRows)
	}
	for j, c := range tb.Columns() {
		if c.Name == "" || c.Type < TypeString || c.Type > TypeDynamic {
			t.Fatalf("column %d: %+v", j, c)
		}
		if err := tb.DateTimeConflict(c.Name); err != nil && c.Type != TypeString {
			t.Fatalf("a %s column with a datetime conflict: %v", c.Type, err)
		}
	}
	js, err := tb.MarshalJSON()
	if err != nil || !json.Valid(js) {
		t.Fatalf("the table does not write as JSON: %v", err)
	}
}

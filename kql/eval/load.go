package eval

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Sample data: tables from JSON Lines, JSON arrays, CSV files with a
// header, or records built in Go (the test-case runner builds them from
// YAML). Column types come from declared columns (a schema) or are inferred
// from the values:
//
//   - strings in ISO 8601 form (2024-01-31, 2024-01-31T10:00:00Z) → datetime
//     when every value of the column is one; other strings → string
//   - JSON numbers → long when every value is an integer, else real
//   - true/false → bool
//   - objects and arrays → dynamic; a column mixing kinds → dynamic
//   - a column with no value but null → string
//
// CSV cells are text: the same rules apply to what the text spells (an
// empty cell is null; "[...]" and "{...}" are JSON). A declared column
// converts each value to its type and reports values that do not fit.
//
// The table's columns are the declared ones, in order, then the columns the
// data adds, in order of first appearance, so a column exists (for
// column_ifexists) when the schema names it or any row has it.

// Schema maps table names to their declared columns.
type Schema map[string][]Column

// ParseSchema reads a schema in the format of kusto-oracle's schema files:
// {"Table": {"Column": "type", ...}, ...}; keys starting with $ are ignored.
// Column order is kept.
func ParseSchema(data []byte) (Schema, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	s := Schema{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
		table, _ := tok.(string)
		if strings.HasPrefix(table, "$") {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("schema: %w", err)
			}
			continue
		}
		if err := expectDelim(dec, '{'); err != nil {
			return nil, fmt.Errorf("schema: table %s: %w", table, err)
		}
		cols := []Column{}
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("schema: table %s: %w", table, err)
			}
			name, _ := tok.(string)
			var typ string
			if err := dec.Decode(&typ); err != nil {
				return nil, fmt.Errorf("schema: %s.%s: the type must be a string", table, name)
			}
			if strings.HasPrefix(name, "$") {
				continue
			}
			t, err := ParseType(typ)
			if err != nil {
				return nil, fmt.Errorf("schema: %s.%s: %w", table, name, err)
			}
			if seen[name] {
				return nil, fmt.Errorf("schema: %s.%s is declared twice", table, name)
			}
			seen[name] = true
			cols = append(cols, Column{name, t})
		}
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("schema: %w", err)
		}
		s[table] = cols
	}
	return s, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("expected %q, found %v", rune(d), tok)
	}
	return nil
}

// LoadSchema reads a schema file; see ParseSchema.
func LoadSchema(path string) (Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSchema(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Field is one named value of a Record.
type Field struct {
	Name  string
	Value any // nil, bool, string, json.Number, any Go integer or float, time.Time, time.Duration, []any, map[string]any, Value
}

// Record is one input row: its fields in order. A field that is absent is
// null.
type Record []Field

// TableFromRecords builds a table from records; cols declares columns (may
// be nil). See the rules above for types.
func TableFromRecords(records []Record, cols []Column) (*Table, error) {
	return buildTable(records, cols, false)
}

func buildTable(records []Record, declared []Column, csvText bool) (*Table, error) {
	var cols []Column
	index := map[string]int{}
	for _, c := range declared {
		if _, dup := index[c.Name]; dup {
			return nil, fmt.Errorf("column %q is declared twice", c.Name)
		}
		index[c.Name] = len(cols)
		cols = append(cols, c)
	}
	ndecl := len(cols)
	for _, r := range records {
		for _, f := range r {
			if f.Name == "" {
				return nil, errors.New("a field has an empty name")
			}
			if _, ok := index[f.Name]; !ok {
				index[f.Name] = len(cols)
				cols = append(cols, Column{Name: f.Name})
			}
		}
	}
	// Infer the types of undeclared columns.
	if len(cols) > ndecl {
		vals := make([][]any, len(cols))
		for _, r := range records {
			for _, f := range r {
				if j := index[f.Name]; j >= ndecl && f.Value != nil {
					vals[j] = append(vals[j], f.Value)
				}
			}
		}
		for j := ndecl; j < len(cols); j++ {
			if csvText {
				cols[j].Type = inferText(vals[j])
			} else {
				cols[j].Type = inferType(vals[j])
			}
		}
	}
	// Columns get storage when a row has a value for them; the others are
	// all null.
	data := make([][]Value, len(cols))
	for i, r := range records {
		for _, f := range r {
			j := index[f.Name]
			var v Value
			var err error
			if csvText {
				v, err = fromText(f.Value, cols[j].Type)
			} else {
				v, err = fromAny(f.Value, cols[j].Type)
			}
			if err != nil {
				return nil, fmt.Errorf("row %d, column %s: %w", i+1, f.Name, err)
			}
			if data[j] == nil {
				if v.null || v.typ == TypeString && v.s == "" {
					continue
				}
				data[j] = make([]Value, len(records))
				null := Null(cols[j].Type)
				for k := range data[j] {
					data[j][k] = null
				}
			}
			data[j][i] = v
		}
	}
	cs := make([]column, len(cols))
	for j, d := range data {
		if d == nil {
			cs[j] = constColumn(Null(cols[j].Type))
		} else {
			cs[j] = denseColumn(d)
		}
	}
	return newTable(cols, cs, len(records)), nil
}

func isInteger(x any) bool {
	switch x := x.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32:
		return true
	case uint64:
		return x <= math.MaxInt64
	case json.Number:
		s := string(x)
		if strings.ContainsAny(s, ".eE") {
			return false
		}
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	case Value:
		return x.typ == TypeLong || x.typ == TypeInt
	}
	return false
}

func isNumber(x any) bool {
	switch x := x.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, json.Number:
		return true
	case Value:
		return x.typ.isNumeric()
	}
	return false
}

// inferType returns the column type for a column's non-null values.
func inferType(vals []any) Type {
	if len(vals) == 0 {
		return TypeString
	}
	kind := func(x any) Type {
		switch x := x.(type) {
		case string:
			if isISODateTime(x) {
				return TypeDateTime
			}
			return TypeString
		case bool:
			return TypeBool
		case time.Time:
			return TypeDateTime
		case time.Duration:
			return TypeTimespan
		case Value:
			if x.typ == TypeInt {
				return TypeLong
			}
			return x.typ
		}
		if isInteger(x) {
			return TypeLong
		}
		if isNumber(x) {
			return TypeReal
		}
		return TypeDynamic
	}
	t := kind(vals[0])
	for _, v := range vals[1:] {
		k := kind(v)
		switch {
		case k == t:
		case (k == TypeLong || k == TypeReal) && (t == TypeLong || t == TypeReal):
			t = TypeReal
		case k == TypeString && t == TypeDateTime, k == TypeDateTime && t == TypeString:
			t = TypeString
		default:
			return TypeDynamic
		}
	}
	return t
}

// fromAny converts a Go value to a value of type t.
func fromAny(x any, t Type) (Value, error) {
	if x == nil {
		return Null(t), nil
	}
	if t == TypeDynamic {
		if s, ok := x.(string); ok {
			return toDyn(NewString(s)), nil
		}
		return NewDynamic(x)
	}
	switch x := x.(type) {
	case Value:
		if v, ok := fitValue(x.unwrap(), t); ok {
			return v, nil
		}
		if t == TypeString {
			return NewString(x.String()), nil
		}
		return Value{}, fmt.Errorf("a %s value does not fit a %s column", x.typ, t)
	case string:
		return fromText(x, t)
	case bool:
		switch t {
		case TypeBool:
			return NewBool(x), nil
		case TypeString:
			return NewString(strconv.FormatBool(x)), nil
		}
	case time.Time:
		switch t {
		case TypeDateTime:
			return NewDateTime(x), nil
		case TypeString:
			return NewString(formatDateTime(ticksOf(x))), nil
		}
	case time.Duration:
		switch t {
		case TypeTimespan:
			return NewTimespan(x), nil
		case TypeString:
			return NewString(formatTimespan(int64(x / tick))), nil
		}
	case []any, map[string]any, map[any]any:
		if t == TypeString {
			v, err := NewDynamic(x)
			if err != nil {
				return Value{}, err
			}
			return NewString(v.String()), nil
		}
	default:
		if isNumber(x) {
			v, err := NewDynamic(x)
			if err != nil {
				return Value{}, err
			}
			n := v.unwrap()
			switch {
			case t.isNumeric():
				if t != TypeReal && n.typ == TypeReal {
					f := n.real()
					if f != math.Trunc(f) {
						return Value{}, fmt.Errorf("%v is not an integer", x)
					}
				}
				return convertNumeric(n, t), nil
			case t == TypeString:
				return NewString(n.String()), nil
			case t == TypeBool && n.typ != TypeReal:
				return NewBool(n.n != 0), nil
			}
		}
	}
	return Value{}, fmt.Errorf("%v (%T) does not fit a %s column", x, x, t)
}

// fromText converts text to a value of type t. Empty text is null (the
// empty string for string columns).
func fromText(x any, t Type) (Value, error) {
	s, ok := x.(string)
	if !ok {
		return fromAny(x, t)
	}
	if s == "" {
		return Null(t), nil
	}
	var v Value
	switch t {
	case TypeString:
		return NewString(s), nil
	case TypeLong:
		v = toLongV(NewString(s))
	case TypeInt:
		v = toIntV(NewString(s))
	case TypeReal:
		v = toRealV(NewString(s))
	case TypeBool:
		v = toBoolV(NewString(s))
	case TypeDateTime:
		v = toDateTimeV(NewString(s))
	case TypeTimespan:
		v = toTimespanV(NewString(s))
	case TypeGUID:
		v = toGUIDV(NewString(s))
	case TypeDynamic:
		return toDynamicV(NewString(s)), nil
	}
	if v.null {
		return Value{}, fmt.Errorf("%q is not a %s", s, t)
	}
	return v, nil
}

// inferText returns the column type for CSV cells (non-empty text).
func inferText(vals []any) Type {
	if len(vals) == 0 {
		return TypeString
	}
	all := func(f func(string) bool) bool {
		for _, v := range vals {
			s, _ := v.(string)
			if !f(s) {
				return false
			}
		}
		return true
	}
	switch {
	case all(isISODateTime):
		return TypeDateTime
	case all(func(s string) bool { return isInteger(json.Number(s)) }):
		return TypeLong
	case all(func(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }):
		return TypeReal
	case all(func(s string) bool { l := strings.ToLower(s); return l == "true" || l == "false" }):
		return TypeBool
	case all(func(s string) bool {
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
			return false
		}
		_, err := parseJSON(t)
		return err == nil
	}):
		return TypeDynamic
	}
	return TypeString
}

// ReadJSONL reads a table from JSON Lines: one JSON object per line (blank
// lines are skipped). A stream that starts with '[' is read as one JSON
// array of objects instead.
func ReadJSONL(r io.Reader, cols []Column) (*Table, error) {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil {
			return buildTable(nil, cols, false)
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' || b[0] == 0xEF || b[0] == 0xBB || b[0] == 0xBF {
			_, _ = br.ReadByte()
			continue
		}
		if b[0] == '[' {
			return readJSONArray(br, cols)
		}
		break
	}
	var records []Record
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		rec, err := decodeRecord(dec)
		if err == nil {
			if _, terr := dec.Token(); terr != io.EOF {
				err = errors.New("unexpected data after the JSON object (one object per line)")
			}
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		records = append(records, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	t, err := buildTable(records, cols, false)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func readJSONArray(r io.Reader, cols []Column) (*Table, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := expectDelim(dec, '['); err != nil {
		return nil, err
	}
	var records []Record
	for dec.More() {
		rec, err := decodeRecord(dec)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", len(records)+1, err)
		}
		records = append(records, rec)
	}
	return buildTable(records, cols, false)
}

// decodeRecord decodes one JSON object, keeping the order of its fields.
func decodeRecord(dec *json.Decoder) (Record, error) {
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("expected a JSON object: %w", err)
	}
	var rec Record
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		if seen[name] {
			return nil, fmt.Errorf("field %q appears twice", name)
		}
		seen[name] = true
		tok, err = dec.Token()
		if err != nil {
			return nil, err
		}
		var val any
		switch t := tok.(type) {
		case json.Delim:
			v, err := decodeJSONToken(dec, t)
			if err != nil {
				return nil, err
			}
			val = v
		default:
			val = t
		}
		rec = append(rec, Field{name, val})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return rec, nil
}

// ReadCSV reads a table from CSV with a header line of column names.
func ReadCSV(r io.Reader, cols []Column) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return buildTable(nil, cols, true)
	}
	if err != nil {
		return nil, err
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	seen := map[string]bool{}
	for _, h := range header {
		if h == "" {
			return nil, errors.New("csv: the header has an empty column name")
		}
		if seen[h] {
			return nil, fmt.Errorf("csv: column %q appears twice in the header", h)
		}
		seen[h] = true
	}
	var records []Record
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(row) != len(header) {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("csv: line %d has %d fields, the header %d", line, len(row), len(header))
		}
		rec := make(Record, 0, len(row))
		for k, cell := range row {
			if cell == "" {
				rec = append(rec, Field{header[k], nil})
				continue
			}
			rec = append(rec, Field{header[k], cell})
		}
		records = append(records, rec)
	}
	// Columns of the header exist even when all their cells are empty.
	if len(records) == 0 {
		rec := Record{}
		for _, h := range header {
			rec = append(rec, Field{h, nil})
		}
		t, err := buildTable([]Record{rec}, cols, true)
		if err != nil {
			return nil, err
		}
		return t.gather(nil), nil
	}
	return buildTable(records, cols, true)
}

// LoadTable reads a table from a file: .csv is CSV with a header; .jsonl,
// .ndjson and .json are JSON Lines (or one JSON array).
func LoadTable(path string, cols []Column) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var t *Table
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		t, err = ReadCSV(f, cols)
	case ".jsonl", ".ndjson", ".json":
		t, err = ReadJSONL(f, cols)
	default:
		return nil, fmt.Errorf("%s: unknown data format (use .jsonl, .json or .csv)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

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
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql/input"
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

// LoadSchema reads a schema file of at most 16 MiB; see ParseSchema and
// LoadSchemaLimit.
func LoadSchema(path string) (Schema, error) { return LoadSchemaLimit(path, 0) }

// LoadSchemaLimit reads a schema file of at most maxBytes bytes (0 means
// 16 MiB). Like every file this package reads, it must be a regular file or
// a standard-input pipe (/dev/stdin, /dev/fd/N): named pipes and devices
// are refused before they are opened.
func LoadSchemaLimit(path string, maxBytes int64) (Schema, error) {
	if maxBytes <= 0 {
		maxBytes = input.MaxMetaSize
	}
	data, err := input.ReadFile(path, maxBytes)
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
// be nil). See the rules above for types. Errors about a value are
// *DataError values naming its row (1-based) and column.
func TableFromRecords(records []Record, cols []Column) (*Table, error) {
	return buildTable(records, cols, false, nil)
}

// TableFromFileRecords is TableFromRecords for records read from a file:
// errors, and the rows Table.DateTimeConflict names, give the file and
// the line of each record (lines[i] is the line of records[i]).
func TableFromFileRecords(records []Record, cols []Column, file string, lines []int) (*Table, error) {
	t, err := buildTable(records, cols, false, lines)
	if err != nil {
		var de *DataError
		if errors.As(err, &de) && de.File == "" {
			de.File = file
		}
		return nil, err
	}
	for _, c := range t.data {
		if c.conflict != nil {
			c.conflict.file = file
		}
	}
	return t, nil
}

// DataError is a problem with sample data: a value that does not fit its
// column, JSON or CSV that does not parse, a line that is too long. It
// names the place: the file and line when the data came from a file, the
// row (record) and the column when it is about one value.
type DataError struct {
	File   string // the file, when known
	Line   int    // 1-based line in the file, 0 when not known
	Row    int    // 1-based row of the table, 0 when not about one row
	Column string // the column, "" when not about one
	Err    error
}

func (e *DataError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	switch {
	case e.Row > 0 && e.Column != "":
		fmt.Fprintf(&b, "row %d, column %s: ", e.Row, e.Column)
	case e.Row > 0:
		fmt.Fprintf(&b, "row %d: ", e.Row)
	case e.Column != "":
		fmt.Fprintf(&b, "column %s: ", e.Column)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *DataError) Unwrap() error { return e.Err }

// dataError returns a *DataError about row i (0-based) of records read from
// lines (lines may be nil).
func dataError(lines []int, i int, column string, err error) *DataError {
	e := &DataError{Row: i + 1, Column: column, Err: err}
	if i < len(lines) {
		e.Line = lines[i]
	}
	return e
}

// typeConflict records why a column inferred as string is not a datetime
// column although some of its values are datetimes: which row holds a value
// that is not one.
type typeConflict struct {
	column            string
	bad               int    // 0-based row of the first value that is not a datetime
	badValue          string // its text
	dateRows, badRows int    // how many rows hold datetimes and how many do not
	firstDate         int    // 0-based row of the first datetime
	lines             []int  // the lines of the rows, when known
	file              string // the file of the rows, when known
}

// rowRef names row i (0-based): "row 3", or "row 3 (line 4)".
func (c *typeConflict) rowRef(i int) string {
	if i < len(c.lines) && c.lines[i] > 0 {
		return fmt.Sprintf("row %d (line %d)", i+1, c.lines[i])
	}
	return fmt.Sprintf("row %d", i+1)
}

// others says which other rows hold datetimes.
func (c *typeConflict) others() string {
	if c.dateRows == 1 {
		return c.rowRef(c.firstDate) + " holds a datetime"
	}
	return fmt.Sprintf("%d other rows (such as %s) hold datetimes", c.dateRows, c.rowRef(c.firstDate))
}

// err returns the error of using the column as a datetime column.
func (c *typeConflict) err() *DataError {
	e := c.dataError()
	e.File = c.file
	return e
}

func (c *typeConflict) dataError() *DataError {
	return dataError(c.lines, c.bad, c.column, fmt.Errorf("%s is not a datetime, but %s: the column was read as a string (fix the value, or declare the column's type in a schema)",
		quoteValue(c.badValue), c.others()))
}

// reason explains, for an error in a query, why the column is a string.
func (c *typeConflict) reason() string {
	return fmt.Sprintf("column %s was read as a string: %s holds %s, which is not a datetime, but %s (fix the value, or declare the column's type in a schema)",
		c.column, c.rowRef(c.bad), quoteValue(c.badValue), c.others())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// quoteValue quotes a value for a message, cut to about 60 characters.
func quoteValue(s string) string {
	if r := []rune(s); len(r) > 60 {
		return strconv.Quote(string(r[:40])+"…") + fmt.Sprintf(" (%d characters)", len(r))
	}
	return strconv.Quote(s)
}

// DateTimeConflict reports whether the named column was inferred as a
// string although some of its values are datetimes: it returns a
// *DataError naming a row whose value is not a datetime, or nil. A column
// whose type was declared, or whose values are all datetimes or all
// other text, has no conflict.
func (t *Table) DateTimeConflict(name string) error {
	j := t.ColumnIndex(name)
	if j < 0 || t.data[j].conflict == nil {
		return nil
	}
	return t.data[j].conflict.err()
}

// buildTable builds a table from records; lines, when not nil, holds the
// line of each record in its file, for errors.
func buildTable(records []Record, declared []Column, csvText bool, lines []int) (*Table, error) {
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
	conflicts := make([]*typeConflict, len(cols))
	if len(cols) > ndecl {
		vals := make([][]rowValue, len(cols))
		for i, r := range records {
			for _, f := range r {
				if j := index[f.Name]; j >= ndecl && f.Value != nil {
					vals[j] = append(vals[j], rowValue{i, f.Value})
				}
			}
		}
		for j := ndecl; j < len(cols); j++ {
			var err error
			if csvText {
				cols[j].Type, conflicts[j], err = inferText(vals[j])
			} else {
				cols[j].Type, conflicts[j] = inferType(vals[j])
			}
			if err != nil {
				return nil, dataError(lines, err.(*rowError).row, cols[j].Name, err.(*rowError).err)
			}
			if c := conflicts[j]; c != nil {
				c.column, c.lines = cols[j].Name, lines
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
				return nil, dataError(lines, i, f.Name, err)
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
		cs[j].conflict = conflicts[j]
	}
	return splitIngest(newTable(cols, cs, len(records)))
}

// IngestionTimeField is the field of sample data that gives an event's
// ingestion time: Kusto's IngestionTime policy records it in a hidden
// datetime column of that name, which only ingestion_time() reads
// (https://learn.microsoft.com/kusto/management/ingestion-time-policy). It
// is no column of the table.
const IngestionTimeField = "$IngestionTime"

// rowValue is a value of a column and the (0-based) row holding it.
type rowValue struct {
	row int
	v   any
}

// rowError is an error about the value of a row, for buildTable to place.
type rowError struct {
	row int
	err error
}

func (e *rowError) Error() string { return e.err.Error() }

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

// inferType returns the column type for a column's non-null values, and
// for a string column that also holds datetimes, the conflict.
func inferType(vals []rowValue) (Type, *typeConflict) {
	if len(vals) == 0 {
		return TypeString, nil
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
	t := kind(vals[0].v)
	for _, v := range vals[1:] {
		k := kind(v.v)
		switch {
		case k == t:
		case (k == TypeLong || k == TypeReal) && (t == TypeLong || t == TypeReal):
			t = TypeReal
		case k == TypeString && t == TypeDateTime, k == TypeDateTime && t == TypeString:
			t = TypeString
		default:
			return TypeDynamic, nil
		}
	}
	if t != TypeString {
		return t, nil
	}
	return t, dateConflict(vals, func(x any) bool { return kind(x) == TypeDateTime })
}

// dateConflict returns the conflict of a string column some of whose values
// are datetimes (per isDate), or nil.
func dateConflict(vals []rowValue, isDate func(any) bool) *typeConflict {
	c := &typeConflict{bad: -1, firstDate: -1}
	for _, v := range vals {
		if isDate(v.v) {
			c.dateRows++
			if c.firstDate < 0 {
				c.firstDate = v.row
			}
			continue
		}
		c.badRows++
		if c.bad < 0 {
			c.bad = v.row
			c.badValue = fmt.Sprint(v.v)
		}
	}
	if c.dateRows == 0 || c.badRows == 0 {
		return nil
	}
	return c
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
		if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			if _, err := parseJSON(t); errors.Is(err, errTooDeep) {
				return Value{}, err
			}
		}
		return toDynamicV(NewString(s)), nil
	}
	if v.null {
		return Value{}, fmt.Errorf("%q is not a %s", s, t)
	}
	return v, nil
}

// inferText returns the column type for CSV cells (non-empty text), and
// for a string column that also holds datetimes, the conflict. JSON nested
// too deeply in a cell is an error (a *rowError), not a string.
func inferText(vals []rowValue) (Type, *typeConflict, error) {
	if len(vals) == 0 {
		return TypeString, nil, nil
	}
	all := func(f func(string) bool) bool {
		for _, v := range vals {
			s, _ := v.v.(string)
			if !f(s) {
				return false
			}
		}
		return true
	}
	var deep error
	switch {
	case all(isISODateTime):
		return TypeDateTime, nil, nil
	case all(func(s string) bool { return isInteger(json.Number(s)) }):
		return TypeLong, nil, nil
	case all(func(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }):
		return TypeReal, nil, nil
	case all(func(s string) bool { l := strings.ToLower(s); return l == "true" || l == "false" }):
		return TypeBool, nil, nil
	case all(func(s string) bool {
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
			return false
		}
		_, err := parseJSON(t)
		return err == nil
	}):
		return TypeDynamic, nil, nil
	}
	for _, v := range vals {
		s, _ := v.v.(string)
		if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			if _, err := parseJSON(t); errors.Is(err, errTooDeep) {
				deep = &rowError{v.row, err}
				break
			}
		}
	}
	if deep != nil {
		return 0, nil, deep
	}
	return TypeString, dateConflict(vals, func(x any) bool { s, _ := x.(string); return isISODateTime(s) }), nil
}

// MaxLineSize bounds a line of JSON Lines and of CSV (16 MiB): a longer
// line is an error naming it, not an unbounded read.
const MaxLineSize = 16 << 20

// ReadJSONL reads a table from JSON Lines: one JSON object per line (blank
// lines are skipped). A stream that starts with '[' is read as one JSON
// array of objects instead. JSON nested deeper than MaxJSONDepth and lines
// longer than MaxLineSize are errors; errors are *DataError values naming
// the line.
func ReadJSONL(r io.Reader, cols []Column) (*Table, error) {
	br := bufio.NewReader(r)
	line := 1 // the line of the next byte
	for {
		b, err := br.Peek(1)
		if err != nil {
			if err != io.EOF {
				return nil, &DataError{Line: line, Err: err}
			}
			return buildTable(nil, cols, false, nil)
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' || b[0] == 0xEF || b[0] == 0xBB || b[0] == 0xBF {
			if b[0] == '\n' {
				line++
			}
			_, _ = br.ReadByte()
			continue
		}
		if b[0] == '[' {
			return readJSONArray(br, cols, line)
		}
		break
	}
	var records []Record
	var lines []int
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64*1024), MaxLineSize)
	line--
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
			return nil, &DataError{Line: line, Err: jsonEOF(err, "the JSON object ends before its closing }")}
		}
		records = append(records, rec)
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("the line is longer than %d MiB (JSON Lines holds one object per line)", MaxLineSize>>20)
		}
		return nil, &DataError{Line: line + 1, Err: err}
	}
	return buildTable(records, cols, false, lines)
}

// lineCounter counts the lines of what a reader has read, so that the
// line of an offset a json.Decoder reports can be found without keeping
// the data: it keeps the offsets of the line breaks not yet passed.
type lineCounter struct {
	r      io.Reader
	off    int64   // bytes read
	breaks []int64 // offsets of line breaks at or after the last lineAt offset
	passed int     // line breaks before that offset
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.breaks = append(c.breaks, c.off+int64(i))
		}
	}
	c.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of offset off. Offsets must not
// decrease from call to call.
func (c *lineCounter) lineAt(off int64) int {
	k := 0
	for k < len(c.breaks) && c.breaks[k] < off {
		k++
	}
	c.passed += k
	c.breaks = c.breaks[k:]
	return c.passed + 1
}

func readJSONArray(r io.Reader, cols []Column, firstLine int) (*Table, error) {
	lc := &lineCounter{r: r, passed: firstLine - 1}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	if err := expectDelim(dec, '['); err != nil {
		return nil, &DataError{Line: lc.lineAt(dec.InputOffset()), Err: err}
	}
	var records []Record
	var lines []int
	for dec.More() {
		line := lc.lineAt(dec.InputOffset())
		rec, err := decodeRecord(dec)
		if err != nil {
			return nil, &DataError{Line: lc.lineAt(dec.InputOffset()), Row: len(records) + 1, Err: jsonEOF(err, "the data ends before the closing ] of the array")}
		}
		records = append(records, rec)
		lines = append(lines, line)
	}
	if _, err := dec.Token(); err != nil {
		return nil, &DataError{Line: lc.lineAt(dec.InputOffset()), Err: jsonEOF(err, "the data ends before the closing ] of the array")}
	}
	return buildTable(records, cols, false, lines)
}

// jsonEOF replaces the end-of-input errors of a json.Decoder, which say
// only "EOF", with msg.
func jsonEOF(err error, msg string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New(msg)
	}
	return err
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
			v, err := decodeJSONToken(dec, t, 1)
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", name, err)
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

// lineLimiter fails a read once a line is longer than MaxLineSize, so that
// a CSV file without line breaks cannot make one record of everything.
type lineLimiter struct {
	r    io.Reader
	run  int // bytes since the last line break
	line int // line breaks seen
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			l.run = 0
			l.line++
			continue
		}
		if l.run++; l.run > MaxLineSize {
			return i, &DataError{Line: l.line + 1, Err: fmt.Errorf("the line is longer than %d MiB", MaxLineSize>>20)}
		}
	}
	return n, err
}

// ReadCSV reads a table from CSV with a header line of column names.
// Errors are *DataError values naming the line.
func ReadCSV(r io.Reader, cols []Column) (*Table, error) {
	cr := csv.NewReader(&lineLimiter{r: r})
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	csvError := func(err error) error {
		var de *DataError
		if errors.As(err, &de) {
			return de
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return &DataError{Line: pe.Line, Err: fmt.Errorf("csv: column %d: %w", pe.Column, pe.Err)}
		}
		return err
	}
	header, err := cr.Read()
	if err == io.EOF {
		return buildTable(nil, cols, true, nil)
	}
	if err != nil {
		return nil, csvError(err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	seen := map[string]bool{}
	for _, h := range header {
		if h == "" {
			return nil, &DataError{Line: 1, Err: errors.New("csv: the header has an empty column name")}
		}
		if seen[h] {
			return nil, &DataError{Line: 1, Err: fmt.Errorf("csv: column %q appears twice in the header", h)}
		}
		seen[h] = true
	}
	var records []Record
	var lines []int
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(row) != len(header) {
			return nil, &DataError{Line: line, Err: fmt.Errorf("csv: line %d has %d fields, the header %d", line, len(row), len(header))}
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
		lines = append(lines, line)
	}
	// Columns of the header exist even when all their cells are empty.
	if len(records) == 0 {
		rec := Record{}
		for _, h := range header {
			rec = append(rec, Field{h, nil})
		}
		t, err := buildTable([]Record{rec}, cols, true, nil)
		if err != nil {
			return nil, err
		}
		return t.gather(nil), nil
	}
	return buildTable(records, cols, true, lines)
}

// LoadTable reads a table from a file of at most 1 GiB; see
// LoadTableLimit.
func LoadTable(path string, cols []Column) (*Table, error) { return LoadTableLimit(path, cols, 0) }

// LoadTableLimit reads a table from a file of at most maxBytes bytes (0
// means 1 GiB): .csv is CSV with a header; .jsonl, .ndjson and .json are
// JSON Lines (or one JSON array). The file must be a regular file or a
// standard-input pipe (/dev/stdin, /dev/fd/N, as process substitution
// gives: --table T=<(zcat events.jsonl.gz)); named pipes and devices are
// refused before they are opened. A pipe has no extension: its format is
// told from its first character ({ or [ is JSON, anything else CSV).
// Errors are *DataError values naming the file and the line.
func LoadTableLimit(path string, cols []Column, maxBytes int64) (*Table, error) {
	if maxBytes <= 0 {
		maxBytes = input.MaxDataSize
	}
	format := strings.ToLower(filepath.Ext(path))
	switch format {
	case ".csv", ".jsonl", ".ndjson", ".json":
	default:
		if !input.IsStdinPath(path) {
			return nil, fmt.Errorf("%s: unknown data format (use .jsonl, .json or .csv)", path)
		}
		format = ""
	}
	f, err := input.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Size > maxBytes {
		return nil, &input.Error{Path: path, Err: &input.TooLargeError{Size: f.Size, Max: maxBytes}}
	}
	t, err := ReadTable(input.LimitReader(f, maxBytes), format, cols)
	if err != nil {
		var de *DataError
		if errors.As(err, &de) && de.File == "" {
			de.File = path
			return nil, de
		}
		var tl *input.TooLargeError
		if errors.As(err, &tl) {
			return nil, &input.Error{Path: path, Err: tl}
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, c := range t.data {
		if c.conflict != nil {
			c.conflict.file = path
		}
	}
	return t, nil
}

// ReadTable reads a table in a format named by a file extension: ".csv",
// ".jsonl", ".ndjson" or ".json"; "" tells the format from the first
// character that is not a space: { or [ is JSON, anything else CSV.
func ReadTable(r io.Reader, format string, cols []Column) (*Table, error) {
	if format == "" {
		br := bufio.NewReader(r)
		format = ".csv"
		for {
			b, err := br.Peek(1)
			if err != nil {
				break
			}
			if c := b[0]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF {
				_, _ = br.ReadByte() // JSON skips these too; CSV has none before its header
				continue
			}
			if b[0] == '{' || b[0] == '[' {
				format = ".json"
			}
			break
		}
		r = br
	}
	switch strings.ToLower(format) {
	case ".csv":
		return ReadCSV(r, cols)
	case ".jsonl", ".ndjson", ".json":
		return ReadJSONL(r, cols)
	}
	return nil, fmt.Errorf("unknown data format %q (use .jsonl, .json or .csv)", format)
}

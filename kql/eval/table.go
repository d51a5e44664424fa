package eval

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Column is the name and type of a table column.
type Column struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
}

// Table is an in-memory table: typed columns and rows of values. Tables are
// immutable once built: operators share column storage between their input
// and output (a filter or a sort keeps the values and changes only the row
// index of each column).
type Table struct {
	cols []Column
	data []column
	n    int
	// ingest holds the rows' ingestion times, the hidden $IngestionTime
	// column ingestion_time() reads, or is nil when the rows carry none
	// (see IngestionTimeField).
	ingest *column
}

// column holds the values of one column: row i is vals[idx[i]], or
// vals[i] when idx is nil, or vals[0] when konst.
type column struct {
	vals  []Value
	idx   []int32
	konst bool
	// conflict, for a column read from sample data as a string although
	// some of its values are datetimes, names a row that is not one.
	conflict *typeConflict
}

func (c column) at(i int) Value {
	switch {
	case c.konst:
		return c.vals[0]
	case c.idx != nil:
		return c.vals[c.idx[i]]
	}
	return c.vals[i]
}

// dense returns the column's n values as a slice (shared when possible;
// callers must not modify it).
func (c column) dense(n int) []Value {
	if !c.konst && c.idx == nil {
		return c.vals[:n]
	}
	out := make([]Value, n)
	for i := range out {
		out[i] = c.at(i)
	}
	return out
}

func denseColumn(vals []Value) column { return column{vals: vals} }

func constColumn(v Value) column { return column{vals: []Value{v}, konst: true} }

// NewTable returns a table with the given columns and rows. A column named
// IngestionTimeField (a datetime) holds the rows' ingestion times, which
// only ingestion_time() reads: it is no column of the table. Each row must
// have one value per column, of the column's type or null (a nil-typed zero
// Value is taken as null).
func NewTable(cols []Column, rows [][]Value) (*Table, error) {
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if c.Name == "" {
			return nil, fmt.Errorf("column without a name")
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("duplicate column %q", c.Name)
		}
		if c.Type < TypeString || c.Type > TypeDynamic {
			return nil, fmt.Errorf("column %q: invalid type", c.Name)
		}
		seen[c.Name] = true
	}
	data := make([][]Value, len(cols))
	for j := range cols {
		data[j] = make([]Value, len(rows))
	}
	for i, row := range rows {
		if len(row) != len(cols) {
			return nil, fmt.Errorf("row %d has %d values for %d columns", i+1, len(row), len(cols))
		}
		for j, v := range row {
			ct := cols[j].Type
			switch {
			case v.typ == 0:
				v = Null(ct)
			case v.typ != ct && ct == TypeDynamic:
				v = toDyn(v)
			case v.typ != ct:
				return nil, fmt.Errorf("row %d, column %q: a %s value in a %s column", i+1, cols[j].Name, v.typ, ct)
			}
			data[j][i] = v
		}
	}
	return splitIngest(newTableCols(append([]Column(nil), cols...), data, len(rows)))
}

// splitIngest makes a column named IngestionTimeField the rows' hidden
// ingestion times.
func splitIngest(t *Table) (*Table, error) {
	j := t.ColumnIndex(IngestionTimeField)
	if j < 0 {
		return t, nil
	}
	if t.cols[j].Type != TypeDateTime {
		return nil, fmt.Errorf("column %q: the ingestion time must be a datetime, not a %s", IngestionTimeField, t.cols[j].Type)
	}
	ingest := t.data[j]
	out := newTable(append(t.cols[:j:j], t.cols[j+1:]...), append(t.data[:j:j], t.data[j+1:]...), t.n)
	out.ingest = &ingest
	return out, nil
}

// newTableCols returns a table over existing column vectors, which must all
// have n values.
func newTableCols(cols []Column, data [][]Value, n int) *Table {
	cs := make([]column, len(data))
	for j, d := range data {
		cs[j] = denseColumn(d)
	}
	return &Table{cols: cols, data: cs, n: n}
}

// newTable returns a table over columns.
func newTable(cols []Column, data []column, n int) *Table {
	return &Table{cols: cols, data: data, n: n}
}

// Columns returns the table's columns.
func (t *Table) Columns() []Column { return append([]Column(nil), t.cols...) }

// NumRows returns the number of rows.
func (t *Table) NumRows() int { return t.n }

// NumColumns returns the number of columns.
func (t *Table) NumColumns() int { return len(t.cols) }

// ColumnIndex returns the index of the named column, or -1.
func (t *Table) ColumnIndex(name string) int {
	for i, c := range t.cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Value returns the value at a row and column.
func (t *Table) Value(row, col int) Value { return t.data[col].at(row) }

// Row returns a copy of row i.
func (t *Table) Row(i int) []Value {
	out := make([]Value, len(t.cols))
	for j := range t.cols {
		out[j] = t.data[j].at(i)
	}
	return out
}

// Get returns the value of the named column in row i.
func (t *Table) Get(row int, name string) (Value, bool) {
	j := t.ColumnIndex(name)
	if j < 0 || row < 0 || row >= t.n {
		return Value{}, false
	}
	return t.data[j].at(row), true
}

// MarshalJSON writes the table as {"columns":[{"name":..,"type":..}],"rows":[[..],..]}.
func (t *Table) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"columns":[`)
	for j, c := range t.cols {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":`)
		b.Write(appendJSONString(nil, c.Name))
		b.WriteString(`,"type":"`)
		b.WriteString(c.Type.String())
		b.WriteString(`"}`)
	}
	b.WriteString(`],"rows":[`)
	var buf []byte
	for i := 0; i < t.n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		buf = append(buf[:0], '[')
		for j := range t.cols {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = appendJSON(buf, t.data[j].at(i))
		}
		buf = append(buf, ']')
		b.Write(buf)
	}
	b.WriteString(`]}`)
	return b.Bytes(), nil
}

// WriteText writes the table as aligned text: a header line of column names
// and one line per row, values as tostring() renders them.
func (t *Table) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	names := make([]string, len(t.cols))
	for j, c := range t.cols {
		names[j] = c.Name
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	cells := make([]string, len(t.cols))
	for i := 0; i < t.n; i++ {
		for j := range t.cols {
			cells[j] = textCell(t.data[j].at(i))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if line == "" {
			continue
		}
		if _, err := io.WriteString(w, strings.TrimRight(line, " \n")+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// WriteTextSummary writes the table as WriteText does, leaving out the
// columns with no value (null or the empty string) in any row and saying
// which in a note: a query with no final project over a table as wide as
// AzureDiagnostics (215 columns in the built-in schema) would print them
// all. A table with no rows prints its header only when it has at most
// 12 columns. hint, when not empty, ends the note (where to see every
// column).
func (t *Table) WriteTextSummary(w io.Writer, hint string) error {
	const maxEmptyHeader = 12
	var keep []int
	var empty []string
	for j, c := range t.cols {
		if t.columnHasValue(j) {
			keep = append(keep, j)
		} else {
			empty = append(empty, c.Name)
		}
	}
	if hint != "" {
		hint = "; " + hint
	}
	switch {
	case len(empty) == 0 || t.n == 0 && len(t.cols) <= maxEmptyHeader:
		return t.WriteText(w)
	case t.n == 0:
		_, err := fmt.Fprintf(w, "(no rows; %d columns: %s%s)\n", len(t.cols), nameSample(empty), hint)
		return err
	case len(keep) == 0:
		_, err := fmt.Fprintf(w, "(%d %s, none with a value in any row: %s%s)\n", len(t.cols), plural(len(t.cols), "column", "columns"), nameSample(empty), hint)
		return err
	}
	if err := t.Select(keep).WriteText(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "(%d %s not shown, with no value in any row: %s%s)\n", len(empty), plural(len(empty), "column", "columns"), nameSample(empty), hint)
	return err
}

// columnHasValue reports whether column j has a value other than null and
// the empty string in some row.
func (t *Table) columnHasValue(j int) bool {
	for i := 0; i < t.n; i++ {
		if v := t.data[j].at(i); !v.null && !(v.typ == TypeString && v.s == "") {
			return true
		}
	}
	return false
}

// nameSample lists the first few of names, then how many more there are.
func nameSample(names []string) string {
	const show = 5
	if len(names) <= show {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:show], ", "), len(names)-show)
}

func textCell(v Value) string {
	s := v.String()
	s = strings.NewReplacer("\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
	if v.null && v.typ != TypeString {
		return ""
	}
	return s
}

// String returns the table as WriteText renders it.
func (t *Table) String() string {
	var b strings.Builder
	_ = t.WriteText(&b)
	return b.String()
}

// gather returns a table of the rows of t at the given indices. Values are
// not copied: each column gets a new row index (shared by the columns that
// shared one).
func (t *Table) gather(idx []int32) *Table {
	if len(idx) == t.n {
		same := true
		for i, k := range idx {
			if int(k) != i {
				same = false
				break
			}
		}
		if same {
			return t
		}
	}
	if idx == nil {
		idx = []int32{}
	}
	composed := map[*int32][]int32{}
	data := make([]column, len(t.data))
	for j, c := range t.data {
		switch {
		case c.konst:
			data[j] = c
		case c.idx == nil:
			data[j] = column{vals: c.vals, idx: idx, conflict: c.conflict}
		case len(c.idx) == 0:
			data[j] = column{vals: c.vals, idx: idx[:0], conflict: c.conflict}
		default:
			key := &c.idx[0]
			ni, ok := composed[key]
			if !ok {
				ni = make([]int32, len(idx))
				for k, i := range idx {
					ni[k] = c.idx[i]
				}
				composed[key] = ni
			}
			data[j] = column{vals: c.vals, idx: ni, conflict: c.conflict}
		}
	}
	return newTable(t.cols, data, len(idx))
}

// uniqueName returns name, or name with the smallest numeric suffix (name1,
// name2, ...) that taken does not hold.
func uniqueName(name string, taken func(string) bool) string {
	if !taken(name) {
		return name
	}
	for k := 1; ; k++ {
		n := fmt.Sprintf("%s%d", name, k)
		if !taken(n) {
			return n
		}
	}
}

// Filter returns a table of the rows of t for which keep returns true (t
// itself when it keeps them all), with their ingestion times.
func (t *Table) Filter(keep func(row int) bool) *Table {
	idx := make([]int32, 0, t.n)
	for i := 0; i < t.n; i++ {
		if keep(i) {
			idx = append(idx, int32(i))
		}
	}
	return withIngest(t.gather(idx), t, idx)
}

// Select returns a table of the columns of t at the given indexes, in that
// order, sharing their values.
func (t *Table) Select(cols []int) *Table {
	out := &Table{cols: make([]Column, len(cols)), data: make([]column, len(cols)), n: t.n}
	for k, j := range cols {
		out.cols[k], out.data[k] = t.cols[j], t.data[j]
	}
	return out
}

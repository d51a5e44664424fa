package schema

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/kqlt/kqlt/kql/types"
)

// A layer is what one schema file defines: tables and workspace functions,
// in the order the file lists them.
type layer struct {
	tables []*tableDef
	funcs  []*funcDef
}

// tableDef is a table as a source declares it, before it is layered on the
// other sources.
type tableDef struct {
	name  string
	cols  []colDef
	index map[string]int // column name → index in cols
	open  bool
	pos   Position
}

type colDef struct {
	name string
	kind types.Kind
}

type funcDef struct {
	fn  *types.Function
	pos Position
}

// add adds a column, or sets the type of a column the table has; it
// reports whether the column was new.
func (t *tableDef) add(c colDef) bool {
	if i, ok := t.index[c.name]; ok {
		t.cols[i].kind = c.kind
		return false
	}
	if t.index == nil {
		t.index = map[string]int{}
	}
	t.index[c.name] = len(t.cols)
	t.cols = append(t.cols, c)
	return true
}

// reset removes the columns.
func (t *tableDef) reset() {
	t.cols, t.index = t.cols[:0], nil
}

// The formats of schema files.
const (
	formatTableMap        = "table map"
	formatCustomTable     = "CustomTables"
	formatCustomFunctions = "CustomFunctions"
)

// decoder decodes one schema file.
type decoder struct {
	s     scanner
	name  string // the file name for positions
	lines *lineIndex
	warns []Warning
}

var bom = []byte("\xEF\xBB\xBF")

// decodeFile decodes the schema file name holding data: a table map
// ({"Table": {"Column": "type"}}), an Azure-Sentinel CustomTables file or
// a CustomFunctions file, told apart by their keys.
func decodeFile(name string, data []byte) (*layer, []Warning, error) {
	d := &decoder{name: name, lines: newLineIndex(name, data)}
	d.s.data = data
	if bytes.HasPrefix(data, bom) {
		d.s.pos = len(bom)
	}
	format, err := d.detect()
	if err != nil {
		return nil, nil, d.wrap(err)
	}
	var l *layer
	switch format {
	case formatCustomFunctions:
		l, err = d.customFunction()
	case formatCustomTable:
		l, err = d.customTable()
	default:
		l, err = d.tableMap()
	}
	if err != nil {
		return nil, nil, d.wrap(err)
	}
	return l, d.warns, nil
}

// detect checks that the file is one JSON object and decides its format
// from its top-level keys, leaving the scanner at the start.
func (d *decoder) detect() (string, error) {
	s := &d.s
	start := s.pos
	if k := s.peek(); k != kindObject {
		if k == kindNone && s.pos >= len(s.data) {
			return "", d.errorf(s.pos, nil, "the file is empty: want a JSON object")
		}
		if k == kindNone {
			return "", s.errorf(s.pos, "want a JSON object, found %s", s.describe())
		}
		return "", d.errorf(s.pos, nil, "want a JSON object (a table map, a CustomTables or a CustomFunctions file), found %s", k)
	}
	var function, name, props bool
	err := s.object(func(key string, _ int) error {
		k := s.peek()
		switch strings.ToLower(key) {
		case "functionname":
			function = true
		case "name":
			name = name || k == kindString
		case "properties":
			props = props || k == kindArray
		}
		return s.skip()
	})
	if err == nil {
		err = s.end()
	}
	if err != nil {
		return "", err
	}
	s.pos = start
	switch {
	case function:
		return formatCustomFunctions, nil
	case name || props:
		return formatCustomTable, nil
	}
	return formatTableMap, nil
}

// wrap turns a scanner error into an *Error at its place.
func (d *decoder) wrap(err error) error {
	if se, ok := asSyntax(err); ok {
		return &Error{Pos: d.lines.pos(se.off), Msg: "not valid JSON: " + se.msg}
	}
	return err
}

func (d *decoder) errorf(off int, path jsonPath, format string, args ...any) error {
	e := &Error{Pos: d.lines.pos(off), Msg: fmt.Sprintf(format, args...)}
	if path != nil {
		e.Path = path.String()
	}
	return e
}

func (d *decoder) warnf(off int, path jsonPath, format string, args ...any) {
	w := Warning{Pos: d.lines.pos(off), Msg: fmt.Sprintf(format, args...)}
	if path != nil {
		w.Path = path.String()
	}
	d.warns = append(d.warns, w)
}

// valueOff skips white space and returns the offset of the next value.
func (d *decoder) valueOff() int {
	d.s.skipSpace()
	return d.s.pos
}

// typeName reads a type name and returns its kind. The path is only built
// for an error, as most columns have none.
func (d *decoder) typeName(path func() jsonPath) (types.Kind, error) {
	off := d.valueOff()
	if k := d.s.peek(); k != kindString {
		return 0, d.errorf(off, path(), "want a type name (a string such as \"string\"), found %s", k)
	}
	name, err := d.s.str()
	if err != nil {
		return 0, err
	}
	kind, ok := ParseType(name)
	if !ok {
		return 0, d.errorf(off, path(), "unknown type %q (want a KQL type such as string, long, real, bool, datetime, timespan, guid, dynamic, or a .NET name such as System.String)", name)
	}
	return kind, nil
}

// stringValue reads a non-empty string.
func (d *decoder) stringValue(path jsonPath, what string) (string, int, error) {
	off := d.valueOff()
	if k := d.s.peek(); k != kindString {
		return "", off, d.errorf(off, path, "want %s (a string), found %s", what, k)
	}
	v, err := d.s.str()
	if err != nil {
		return "", off, err
	}
	if strings.TrimSpace(v) == "" {
		return "", off, d.errorf(off, path, "%s is empty", what)
	}
	return v, off, nil
}

func (d *decoder) boolValue(path jsonPath) (bool, error) {
	off := d.valueOff()
	if k := d.s.peek(); k != kindBool {
		return false, d.errorf(off, path, "want true or false, found %s", k)
	}
	return d.s.boolean()
}

// tableMap decodes {"Table": {"Column": "type", "$open": true}, ...}.
// Keys starting with $ are ignored, except a table's "$open".
func (d *decoder) tableMap() (*layer, error) {
	s := &d.s
	l := &layer{}
	byName := map[string]*tableDef{}
	root := jsonPath{}
	err := s.object(func(table string, keyOff int) error {
		p := root.key(table)
		if strings.HasPrefix(table, "$") {
			return s.skip()
		}
		off := d.valueOff()
		if k := s.peek(); k != kindObject {
			return d.errorf(off, p, "want an object of column types for table %q, found %s", table, k)
		}
		if strings.TrimSpace(table) == "" {
			return d.errorf(keyOff, p, "empty table name")
		}
		t := byName[table]
		if t == nil {
			t = &tableDef{name: table, pos: d.lines.pos(keyOff)}
			byName[table] = t
			l.tables = append(l.tables, t)
		} else {
			d.warnf(keyOff, p, "table %s is listed twice in this file (first at %d:%d); its columns are merged", table, t.pos.Line, t.pos.Column)
		}
		return s.object(func(col string, colOff int) error {
			cp := func() jsonPath { return p.key(col) }
			if col == "$open" {
				open, err := d.boolValue(cp())
				t.open = t.open || open
				return err
			}
			if strings.HasPrefix(col, "$") {
				return s.skip()
			}
			if strings.TrimSpace(col) == "" {
				return d.errorf(colOff, cp(), "empty column name")
			}
			kind, err := d.typeName(cp)
			if err != nil {
				return err
			}
			if !t.add(colDef{col, kind}) {
				d.warnf(colOff, cp(), "column %s of table %s is listed twice; the later type (%s) wins", col, table, kind)
			}
			return nil
		})
	})
	return l, err
}

// customTable decodes an Azure-Sentinel CustomTables file:
// {"Name": "T", "Properties": [{"Name": "C", "Type": "String"}, ...]}, keys
// in any case. The inner Name names the table.
func (d *decoder) customTable() (*layer, error) {
	s := &d.s
	root := jsonPath{}
	var t tableDef
	nameOff, propsOff := -1, -1
	objOff := d.valueOff()
	err := s.object(func(key string, keyOff int) error {
		p := root.key(key)
		switch strings.ToLower(key) {
		case "name":
			name, off, err := d.stringValue(p, "the table name")
			t.name, nameOff = name, off
			return err
		case "properties":
			propsOff = keyOff
			t.reset()
			return d.columnList(p, &t)
		case "$open":
			open, err := d.boolValue(p)
			t.open = open
			return err
		}
		return s.skip()
	})
	if err != nil {
		return nil, err
	}
	switch {
	case nameOff < 0:
		return nil, d.errorf(objOff, root, "a CustomTables file needs \"Name\", the table name")
	case propsOff < 0:
		return nil, d.errorf(objOff, root, "a CustomTables file needs \"Properties\", the list of columns")
	}
	t.pos = d.lines.pos(nameOff)
	if base := filepath.Base(d.name); strings.EqualFold(filepath.Ext(base), ".json") {
		if stem := base[:len(base)-len(".json")]; stem != t.name {
			d.warnf(nameOff, root.key("Name"), "the table is named %s, not %s as the file name says", t.name, stem)
		}
	}
	return &layer{tables: []*tableDef{&t}}, nil
}

// columnList decodes [{"Name": "C", "Type": "T"}, ...] into t, warning
// about repeated columns.
func (d *decoder) columnList(p jsonPath, t *tableDef) error {
	s := &d.s
	off := d.valueOff()
	if k := s.peek(); k != kindArray {
		return d.errorf(off, p, "want a list of columns, found %s", k)
	}
	return s.array(func(i int) error {
		ep := p.index(i)
		col, colOff, err := d.column(ep)
		if err != nil {
			return err
		}
		if !t.add(col) {
			d.warnf(colOff, ep, "column %s is listed twice; the later type (%s) wins", col.name, col.kind)
		}
		return nil
	})
}

// column decodes {"Name": "C", "Type": "T"} (keys in any case; other keys,
// such as a description, are ignored).
func (d *decoder) column(p jsonPath) (colDef, int, error) {
	s := &d.s
	off := d.valueOff()
	if k := s.peek(); k != kindObject {
		return colDef{}, off, d.errorf(off, p, "want a column, {\"Name\": ..., \"Type\": ...}, found %s", k)
	}
	var c colDef
	hasName, hasType := false, false
	err := s.object(func(key string, _ int) error {
		kp := p.key(key)
		switch strings.ToLower(key) {
		case "name":
			name, _, err := d.stringValue(kp, "the column name")
			c.name, hasName = name, true
			return err
		case "type":
			kind, err := d.typeName(func() jsonPath { return kp })
			c.kind, hasType = kind, true
			return err
		}
		return s.skip()
	})
	if err != nil {
		return c, off, err
	}
	if !hasName {
		return c, off, d.errorf(off, p, "the column has no \"Name\"")
	}
	if !hasType {
		return c, off, d.errorf(off, p, "column %s has no \"Type\"", c.name)
	}
	return c, off, nil
}

// customFunction decodes an Azure-Sentinel CustomFunctions file:
//
//	{"FunctionName": "F",
//	 "FunctionParameters": [{"Name": "p", "Type": "string", "IsRequired": false}],
//	 "FunctionResultColumns": [{"Name": "C", "Type": "String"}],
//	 "Query": "..."}
//
// A parameter is optional unless "IsRequired" is true (as in the CI's
// loader), or when it has a "Default". The result is closed when the file
// lists its columns, and open when it lists none.
func (d *decoder) customFunction() (*layer, error) {
	s := &d.s
	root := jsonPath{}
	fn := &types.Function{}
	var result tableDef
	nameOff := -1
	hasResult, hasQuery := false, false
	objOff := d.valueOff()
	err := s.object(func(key string, keyOff int) error {
		p := root.key(key)
		switch strings.ToLower(key) {
		case "functionname":
			name, off, err := d.stringValue(p, "the function name")
			fn.Name, nameOff = name, off
			return err
		case "functionparameters":
			params, err := d.params(p)
			fn.Params = params
			return err
		case "functionresultcolumns":
			hasResult = true
			result.reset()
			return d.columnList(p, &result)
		case "query":
			hasQuery = s.peek() == kindString
		}
		return s.skip()
	})
	if err != nil {
		return nil, err
	}
	if nameOff < 0 {
		return nil, d.errorf(objOff, root, "a CustomFunctions file needs \"FunctionName\"")
	}
	fn.Result = &types.Schema{Columns: make([]*types.Column, len(result.cols))}
	for i, c := range result.cols {
		fn.Result.Columns[i] = &types.Column{Name: c.name, Type: c.kind}
	}
	if len(result.cols) == 0 {
		fn.Result.Open = true
		if !hasQuery {
			what := "no FunctionResultColumns"
			if hasResult {
				what = "an empty FunctionResultColumns"
			}
			d.warnf(nameOff, root.key("FunctionName"), "function %s has %s; its result columns are taken as unknown", fn.Name, what)
		}
	}
	return &layer{funcs: []*funcDef{{fn: fn, pos: d.lines.pos(nameOff)}}}, nil
}

func (d *decoder) params(p jsonPath) ([]*types.Param, error) {
	s := &d.s
	off := d.valueOff()
	if k := s.peek(); k != kindArray {
		return nil, d.errorf(off, p, "want a list of parameters, found %s", k)
	}
	var params []*types.Param
	seen := map[string]bool{}
	err := s.array(func(i int) error {
		ep := p.index(i)
		off := d.valueOff()
		if k := s.peek(); k != kindObject {
			return d.errorf(off, ep, "want a parameter, {\"Name\": ..., \"Type\": ...}, found %s", k)
		}
		prm := &types.Param{}
		hasName, hasType, required, hasDefault := false, false, false, false
		err := s.object(func(key string, _ int) error {
			kp := ep.key(key)
			switch strings.ToLower(key) {
			case "name":
				name, _, err := d.stringValue(kp, "the parameter name")
				prm.Name, hasName = name, true
				return err
			case "type":
				hasType = true
				return d.paramType(kp, prm)
			case "isrequired":
				r, err := d.boolValue(kp)
				required = r
				return err
			case "default", "defaultvalue":
				hasDefault = true
			}
			return s.skip()
		})
		if err != nil {
			return err
		}
		if !hasName {
			return d.errorf(off, ep, "the parameter has no \"Name\"")
		}
		if !hasType {
			return d.errorf(off, ep, "parameter %s has no \"Type\"", prm.Name)
		}
		if seen[prm.Name] {
			return d.errorf(off, ep, "parameter %s is listed twice", prm.Name)
		}
		seen[prm.Name] = true
		prm.Optional = !required || hasDefault
		params = append(params, prm)
		return nil
	})
	return params, err
}

// paramType reads a parameter's type: a scalar type, or a tabular one
// written as Kusto writes it: (*), (a:string, b:long), table:(...) or
// table.
func (d *decoder) paramType(p jsonPath, prm *types.Param) error {
	off := d.valueOff()
	if k := d.s.peek(); k != kindString {
		return d.errorf(off, p, "want a type name (a string), found %s", k)
	}
	name, err := d.s.str()
	if err != nil {
		return err
	}
	if tab, ok, err := parseTabular(name); ok {
		if err != nil {
			return d.errorf(off, p, "tabular type %q: %v", name, err)
		}
		prm.Tabular = tab
		return nil
	}
	kind, ok := ParseType(name)
	if !ok {
		return d.errorf(off, p, "unknown type %q (want a KQL type such as string, long, datetime, dynamic, a .NET name such as System.String, or a tabular type such as (*))", name)
	}
	prm.Type = kind
	return nil
}

// parseTabular parses a tabular parameter type. ok says whether s is
// written as one (table, table:..., (...)); err, whether it is well formed.
func parseTabular(s string) (sch *types.Schema, ok bool, err error) {
	t := strings.TrimSpace(s)
	lower := strings.ToLower(t)
	switch {
	case lower == "table":
		return &types.Schema{Open: true}, true, nil
	case strings.HasPrefix(lower, "table:"):
		t = strings.TrimSpace(t[len("table:"):])
	case strings.HasPrefix(t, "("):
	default:
		return nil, false, nil
	}
	if !strings.HasPrefix(t, "(") || !strings.HasSuffix(t, ")") {
		return nil, true, fmt.Errorf("want a column list in parentheses, such as (*) or (a:string, b:long)")
	}
	sch = &types.Schema{}
	body := strings.TrimSpace(t[1 : len(t)-1])
	if body == "" {
		return sch, true, nil
	}
	for _, part := range strings.Split(body, ",") {
		part = strings.TrimSpace(part)
		if part == "*" {
			sch.Open = true
			continue
		}
		i := strings.LastIndexByte(part, ':')
		if i <= 0 {
			return nil, true, fmt.Errorf("column %q: want name:type", part)
		}
		name := strings.TrimSpace(part[:i])
		if n := len(name); n >= 4 && name[0] == '[' && name[n-1] == ']' && (name[1] == '\'' || name[1] == '"') && name[n-2] == name[1] {
			name = name[2 : n-2]
		}
		kind, ok := ParseType(part[i+1:])
		if !ok {
			return nil, true, fmt.Errorf("column %s: unknown type %q", name, strings.TrimSpace(part[i+1:]))
		}
		sch.Columns = append(sch.Columns, &types.Column{Name: name, Type: kind})
	}
	return sch, true, nil
}

package types

import (
	"strconv"

	"github.com/kqlt/kqlt/kql"
)

// projection builds the columns of an operator that computes them
// (project, extend, summarize...), with KQL's rules for names: a name a
// query declares (n = count()) must be unique, and a name KQL infers
// (count_, max_x, Column1) is made unique with a number (x, x1, x2...).
//
// An operator that keeps its input's columns (extend) starts from them
// as its base: they are looked up in the input schema rather than copied
// into maps, which matters for tables of hundreds of columns.
type projection struct {
	cols []*Column

	base         *Schema // the input whose columns cols starts with, or nil
	baseSkip     bool    // the base columns are not added again (doNotRepeat)
	baseDeclared bool    // the base names count as declared
	baseChanged  bool    // a base column was replaced or renamed

	index    map[string]int  // positions of the names not found in the base
	declared map[string]bool // names declared with name = expression
	unique   map[string]int  // names in use → the last numeric suffix tried
	skip     map[*Column]bool
}

func newProjection(capacity int) *projection {
	return &projection{cols: make([]*Column, 0, capacity)}
}

// newProjectionFrom starts a projection with the columns of base, which
// are not added again; with declare their names count as declared.
func newProjectionFrom(base *Schema, capacity int, declare bool) *projection {
	p := &projection{
		cols:         make([]*Column, len(base.Columns), len(base.Columns)+capacity),
		base:         base,
		baseSkip:     true,
		baseDeclared: declare,
	}
	copy(p.cols, base.Columns)
	return p
}

// schema returns the projection's columns as a schema.
func (p *projection) schema(open bool) *Schema {
	if p.base != nil && !p.baseChanged {
		return extending(p.base, p.cols, open)
	}
	return &Schema{Columns: p.cols, Open: open}
}

// lookup returns the position of the column named name, or -1.
func (p *projection) lookup(name string) int {
	if i, ok := p.index[name]; ok {
		return i
	}
	if p.base != nil {
		if i := p.base.indexOf(name); i >= 0 && p.cols[i].Name == name {
			return i
		}
	}
	return -1
}

func (p *projection) setIndex(name string, i int) {
	if p.index == nil {
		p.index = make(map[string]int)
	}
	p.index[name] = i
}

func (p *projection) skipped(col *Column) bool {
	if p.skip[col] {
		return true
	}
	if p.baseSkip && p.base != nil {
		if i := p.base.indexOf(col.Name); i >= 0 && p.base.Columns[i] == col {
			return true
		}
	}
	return false
}

func (p *projection) isDeclared(name string) bool {
	if p.declared[name] {
		return true
	}
	return p.baseDeclared && p.base != nil && p.base.indexOf(name) >= 0
}

// add adds a column that the query does not name explicitly. Unless
// replace allows it to replace a column of the same name, it is renamed
// name1, name2... (from base when given) when its name is taken. With
// doNotRepeat, later attempts to add the same column are ignored.
func (p *projection) add(col *Column, base string, replace, doNotRepeat bool) *Column {
	if col.Name == "" || p.skipped(col) {
		return col
	}
	if i := p.lookup(col.Name); i >= 0 && replace {
		p.replace(i, col)
	} else {
		if u := p.uniqueName(col.Name, base); u != col.Name {
			col = &Column{Name: u, Type: col.Type, Table: col.Table, Origin: col.Origin}
		}
		p.setIndex(col.Name, len(p.cols))
		p.cols = append(p.cols, col)
	}
	if doNotRepeat {
		p.doNotAdd(col)
	}
	return col
}

func (p *projection) replace(i int, col *Column) {
	if i < len(p.base.columnsOrNil()) {
		p.baseChanged = true
	}
	p.cols[i] = col
}

// columnsOrNil returns the columns of s, or nil for a nil schema.
func (s *Schema) columnsOrNil() []*Column {
	if s == nil {
		return nil
	}
	return s.Columns
}

func (p *projection) doNotAdd(col *Column) {
	if p.skip == nil {
		p.skip = make(map[*Column]bool)
	}
	p.skip[col] = true
}

func (p *projection) declare1(name string) {
	if p.declared == nil {
		p.declared = make(map[string]bool)
	}
	p.declared[name] = true
}

// declare adds a column the query names: name = expression. It reports
// false if the name is already declared in the projection.
func (p *projection) declare(col *Column, replace bool) bool {
	if p.isDeclared(col.Name) {
		return false
	}
	if i := p.lookup(col.Name); i >= 0 && replace {
		p.replace(i, col)
		p.declare1(col.Name)
		return true
	}
	added := p.add(col, "", false, false)
	p.declare1(added.Name)
	return true
}

// rename renames the column old to name (project-rename).
func (p *projection) rename(old, name string) (*Column, bool) {
	i := p.lookup(old)
	if i < 0 {
		return nil, true
	}
	if p.isDeclared(name) {
		return nil, false
	}
	prev := p.cols[i]
	col := &Column{Name: name, Type: prev.Type, Table: prev.Table, Origin: prev.Origin}
	p.replace(i, col)
	// The base no longer describes the columns by name.
	if p.base != nil {
		p.materialize()
	}
	delete(p.index, old)
	p.setIndex(name, i)
	p.declare1(name)
	if p.unique == nil {
		p.unique = make(map[string]int)
	}
	if _, ok := p.unique[name]; !ok {
		p.unique[name] = 0
	}
	return col, true
}

// materialize moves what the base answered into the maps, and drops the
// base.
func (p *projection) materialize() {
	base := p.base
	p.base = nil
	for i, col := range base.Columns {
		if p.cols[i].Name == col.Name {
			if _, ok := p.index[col.Name]; !ok {
				p.setIndex(col.Name, i)
			}
		}
		if p.baseSkip {
			p.doNotAdd(col)
		}
		if p.baseDeclared {
			p.declare1(col.Name)
		}
		if p.unique == nil {
			p.unique = make(map[string]int)
		}
		if _, ok := p.unique[col.Name]; !ok {
			p.unique[col.Name] = 0
		}
	}
	p.baseSkip, p.baseDeclared = false, false
}

// uniqueName returns name if no column has it yet, or else the first of
// base1, base2... (base defaults to name) that none has, and records it.
func (p *projection) uniqueName(name, base string) string {
	if p.unique == nil {
		p.unique = make(map[string]int)
	}
	last, taken := p.unique[name]
	if !taken && p.base != nil && p.base.indexOf(name) >= 0 {
		taken = true
	}
	if !taken {
		p.unique[name] = 0
		return name
	}
	if base == "" {
		base = name
	}
	for suffix := last + 1; ; suffix++ {
		cand := base + strconv.Itoa(suffix)
		if _, ok := p.unique[cand]; !ok && (p.base == nil || p.base.indexOf(cand) < 0) {
			p.unique[name] = suffix
			p.unique[cand] = 0
			return cand
		}
	}
}

// projectionStyle is how an operator builds its columns; it decides
// whether a computed column replaces an input column of the same name.
type projectionStyle uint8

const (
	styleDefault   projectionStyle = iota // project, distinct, summarize's by clause
	styleExtend                           // extend: a computed name replaces the input column
	stylePrint                            // print: print_0, print_1...
	styleReplace                          // mv-expand: the expanded column replaces the input
	styleSummarize                        // summarize's aggregates
)

// projectExpr binds a projection's expression and adds the columns it
// makes: Kusto's CreateProjectionColumns. It returns the operand of the
// expression (of its value, for name = value). colType, when not nil, is the
// type the column gets whatever the expression's (make-series makes
// arrays; mv-expand elements). printName is print's print_N.
func (c *checker) projectExpr(p *projection, x kql.Expr, style projectionStyle, doNotRepeat bool, colType *Kind, printName string, origin kql.Node) (v operand) {
	if s, ok := x.(*kql.SortExpr); ok {
		x = s.X
	}
	typed := func(k Kind) Kind {
		if colType != nil {
			return *colType
		}
		return k
	}
	switch x := x.(type) {
	case nil:
	case *kql.NamedExpr:
		v = c.expr(x.Value)
		if t, ok := v.typ.(*Tuple); ok {
			if len(t.Columns) == 0 {
				return
			}
			first := t.Columns[0]
			col := &Column{Name: x.Name.Name, Type: typed(first.Type), Origin: origin}
			c.declareColumn(p, col, x.Name, true)
			if doNotRepeat {
				p.doNotAdd(first)
			}
			if style == stylePrint {
				return
			}
			for _, tc := range t.Columns[1:] {
				p.add(tc, "", false, doNotRepeat)
			}
			return
		}
		if v.col != nil {
			col := &Column{Name: x.Name.Name, Type: typed(v.col.Type), Origin: origin}
			c.declareColumn(p, col, x.Name, true)
			if doNotRepeat {
				p.doNotAdd(v.col)
			}
			return
		}
		col := &Column{Name: x.Name.Name, Type: typed(scalarKind(v.typ)), Origin: origin}
		if col.Type == Dynamic && colType == nil {
			col.shape = v.shape
		}
		c.declareColumn(p, col, x.Name, style == styleReplace || style == styleExtend)
	case *kql.CompoundNamedExpr:
		v = c.expr(x.Value)
		replace := style == styleReplace || style == styleExtend
		if t, ok := v.typ.(*Tuple); ok {
			for i, tc := range t.Columns {
				if i < len(x.Names) {
					col := &Column{Name: x.Names[i].Name, Type: typed(tc.Type), Origin: origin}
					c.declareColumn(p, col, x.Names[i], replace)
					if doNotRepeat {
						p.doNotAdd(tc)
					}
				} else if style != stylePrint {
					p.add(tc, "", replace, doNotRepeat)
				}
			}
			return
		}
		if len(x.Names) == 1 {
			col := &Column{Name: x.Names[0].Name, Type: typed(scalarKind(v.typ)), Origin: origin}
			if v.col != nil {
				replace = true
				if doNotRepeat {
					p.doNotAdd(v.col)
				}
			}
			c.declareColumn(p, col, x.Names[0], replace)
			return
		}
		if v.typ == Unknown || v.typ == nil {
			// A call whose values kqlt cannot know: the names are columns
			// of unknown type.
			for _, id := range x.Names {
				c.declareColumn(p, &Column{Name: id.Name, Type: Unknown, Origin: origin}, id, replace)
			}
			return
		}
		// (a, b) = f(x) where f yields one value: the names have no values.
		for _, id := range x.Names {
			c.def(id, &Column{Name: id.Name, Type: Unknown, Origin: origin})
		}
		c.errorf(CodeTypeMismatch, x, "", "the expression yields one value, not %d", len(x.Names))
	case *kql.Star:
		if c.row != nil {
			for _, col := range c.row.Columns {
				p.add(col, "", true, doNotRepeat)
			}
		}
	default:
		v = c.expr(x)
		if v.col != nil {
			// A reference to a column keeps the column.
			col := v.col
			if colType != nil && col.Type != *colType {
				col = &Column{Name: col.Name, Type: *colType, Table: col.Table, Origin: col.Origin}
			}
			if !p.declare(col, style == styleReplace) {
				c.errorf(CodeDuplicateColumn, x, col.Name, "the column %q is already in the projection", col.Name)
			}
			if doNotRepeat {
				p.doNotAdd(v.col)
			}
			return
		}
		if t, ok := v.typ.(*Tuple); ok {
			if style == stylePrint && printName != "" && len(t.Columns) == 1 {
				p.add(&Column{Name: printName, Type: typed(t.Columns[0].Type), Origin: origin}, printName, false, false)
				return
			}
			// The catalog names the columns of a tuple as KQL does
			// (series_fit_line_y_slope...).
			for _, tc := range t.Columns {
				p.add(tc, "", false, doNotRepeat)
			}
			return
		}
		if _, ok := v.typ.(*Schema); ok {
			c.errorf(CodeScalarExpected, x, v.name, "a scalar value is expected here, not a table")
			return
		}
		if style == stylePrint && printName != "" {
			p.add(&Column{Name: printName, Type: typed(scalarKind(v.typ)), Origin: origin}, printName, false, false)
			return
		}
		name := v.name
		if name == "" {
			name = c.defaultColumnName(style == styleExtend)
		}
		p.add(&Column{Name: name, Type: typed(scalarKind(v.typ)), Origin: origin}, "", style == styleReplace || style == styleExtend, false)
	}
	return v
}

// declareColumn declares a named column of a projection and reports a
// name declared twice.
func (c *checker) declareColumn(p *projection, col *Column, id *kql.Ident, replace bool) {
	if !p.declare(col, replace) {
		c.errorf(CodeDuplicateColumn, id, col.Name, "the column %q is declared twice", col.Name)
	}
	c.def(id, col)
}

// scalarKind returns the scalar type of t, Unknown for anything else.
func scalarKind(t Type) Kind {
	if k, ok := t.(Kind); ok {
		return k
	}
	return Unknown
}

// defaultColumnName returns the next ColumnN name that no name in scope
// has, as KQL names unnamed computed columns.
func (c *checker) defaultColumnName(includeRow bool) string {
	for {
		name := "Column" + strconv.Itoa(c.colSuffix)
		c.colSuffix++
		if !c.nameInScope(name, includeRow) {
			return name
		}
	}
}

// nameInScope reports whether name refers to something here.
func (c *checker) nameInScope(name string, includeRow bool) bool {
	if includeRow && c.row.Lookup(name) != nil {
		return true
	}
	if c.scope.lookup(name) != nil {
		return true
	}
	if c.db != nil && (c.db.Table(name) != nil || c.db.Function(name) != nil) {
		return true
	}
	return false
}

package types

import (
	"strconv"

	"github.com/kqlt/kqlt/kql"
)

// projection builds the columns of an operator that computes them
// (project, extend, summarize...), with KQL's rules for names: a name a
// query declares (n = count()) must be unique, and a name KQL infers
// (count_, max_x, Column1) is made unique with a number (x, x1, x2...).
type projection struct {
	cols     []*Column
	index    map[string]int  // column name → position in cols
	declared map[string]bool // names declared with name = expression
	unique   map[string]int  // names in use → the last numeric suffix tried
	skip     map[*Column]bool
}

func newProjection(capacity int) *projection {
	return &projection{
		cols:  make([]*Column, 0, capacity),
		index: make(map[string]int, capacity),
	}
}

// add adds a column that the query does not name explicitly. Unless
// replace allows it to replace a column of the same name, it is renamed
// name1, name2... (from base when given) when its name is taken. With
// doNotRepeat, later attempts to add the same column are ignored.
func (p *projection) add(col *Column, base string, replace, doNotRepeat bool) *Column {
	if col.Name == "" || p.skip[col] {
		return col
	}
	if i, ok := p.index[col.Name]; ok && replace {
		p.cols[i] = col
	} else {
		if u := p.uniqueName(col.Name, base); u != col.Name {
			col = &Column{Name: u, Type: col.Type, Table: col.Table, Origin: col.Origin}
		}
		p.index[col.Name] = len(p.cols)
		p.cols = append(p.cols, col)
	}
	if doNotRepeat {
		p.doNotAdd(col)
	}
	return col
}

// addAll adds columns, with doNotRepeat; with declare they count as
// declared, so that a declaration of the same name is an error.
func (p *projection) addAll(cols []*Column, declare bool) {
	for _, col := range cols {
		added := p.add(col, "", false, true)
		if declare {
			p.declare1(added.Name)
		}
	}
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
	if p.declared[col.Name] {
		return false
	}
	if i, ok := p.index[col.Name]; ok && replace {
		p.cols[i] = col
		p.declare1(col.Name)
		return true
	}
	added := p.add(col, "", false, false)
	p.declare1(added.Name)
	return true
}

// rename renames the column old to name (project-rename).
func (p *projection) rename(old, name string) (*Column, bool) {
	i, ok := p.index[old]
	if !ok {
		return nil, true
	}
	if p.declared[name] {
		return nil, false
	}
	prev := p.cols[i]
	col := &Column{Name: name, Type: prev.Type, Table: prev.Table, Origin: prev.Origin}
	p.cols[i] = col
	delete(p.index, old)
	p.index[name] = i
	p.declare1(name)
	if p.unique == nil {
		p.unique = make(map[string]int)
	}
	if _, ok := p.unique[name]; !ok {
		p.unique[name] = 0
	}
	return col, true
}

// uniqueName returns name if no column has it yet, or else the first of
// base1, base2... (base defaults to name) that none has, and records it.
func (p *projection) uniqueName(name, base string) string {
	if p.unique == nil {
		p.unique = make(map[string]int)
	}
	last, taken := p.unique[name]
	if !taken {
		p.unique[name] = 0
		return name
	}
	if base == "" {
		base = name
	}
	for suffix := last + 1; ; suffix++ {
		cand := base + strconv.Itoa(suffix)
		if _, ok := p.unique[cand]; !ok {
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

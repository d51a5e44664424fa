package schema

import (
	"fmt"
	"sort"
	"sync"

	"github.com/kqlt/kqlt/kql/types"
)

// A Set is a types.Database: the tables and workspace functions of a
// workspace, made of layers. The bottom layer is a base database (Default
// for the Microsoft Sentinel schema, or none); each schema file is a layer
// on top of it, in the order given:
//
//   - a layer that defines a table the layers below define adds its columns
//     to theirs, and its type wins for a column they also have; the table is
//     open when any layer says so;
//   - a layer that defines a workspace function replaces the definition of
//     the layers below.
//
// A Set is immutable once made and safe for concurrent use. It resolves a
// table the first time it is looked up and returns the same *types.Table
// (and so the same *types.Column values) every time after.
type Set struct {
	base types.Database // may be nil

	// defs are the tables of the layers, merged; embedded, when not nil,
	// supplies them lazily instead (Default).
	defs     map[string]*tableDef
	embedded *embeddedTables
	funcs    map[string]*types.Function

	cache     sync.Map // table name → *types.Table
	namesOnce sync.Once
	names     []string
}

var _ types.Database = (*Set)(nil)

// Table returns the table named name, or nil. Names are case-sensitive.
func (s *Set) Table(name string) *types.Table {
	if s == nil {
		return nil
	}
	if t, ok := s.cache.Load(name); ok {
		return t.(*types.Table)
	}
	def := s.def(name)
	var base *types.Table
	if s.base != nil {
		base = s.base.Table(name)
	}
	if def == nil {
		// Nothing to add: the base's own table, so that its columns
		// keep their identity.
		return base
	}
	t, _ := s.cache.LoadOrStore(name, build(base, def))
	return t.(*types.Table)
}

func (s *Set) def(name string) *tableDef {
	if s.embedded != nil {
		return s.embedded.def(name)
	}
	return s.defs[name]
}

// build makes the table that def defines on top of base (which may be nil).
func build(base *types.Table, def *tableDef) *types.Table {
	t := &types.Table{Name: def.name, Open: def.open}
	n := len(def.cols)
	if base != nil {
		n += len(base.Columns)
		t.Open = t.Open || base.Open
	}
	cols := make([]types.Column, 0, n)
	index := make(map[string]int, n)
	if base != nil {
		for _, c := range base.Columns {
			index[c.Name] = len(cols)
			cols = append(cols, types.Column{Name: c.Name, Type: c.Type, Table: t})
		}
	}
	for _, c := range def.cols {
		if i, ok := index[c.name]; ok {
			cols[i].Type = c.kind
			continue
		}
		index[c.name] = len(cols)
		cols = append(cols, types.Column{Name: c.name, Type: c.kind, Table: t})
	}
	t.Columns = make([]*types.Column, len(cols))
	for i := range cols {
		t.Columns[i] = &cols[i]
	}
	return t
}

// Function returns the workspace function named name, or nil.
func (s *Set) Function(name string) *types.Function {
	if s == nil {
		return nil
	}
	if f := s.funcs[name]; f != nil {
		return f
	}
	if s.base != nil {
		return s.base.Function(name)
	}
	return nil
}

// TableNames returns the names of all tables, sorted, in a new slice.
func (s *Set) TableNames() []string {
	if s == nil {
		return nil
	}
	s.namesOnce.Do(func() {
		var names []string
		if s.embedded != nil {
			names = append(names, s.embedded.names()...)
		}
		for n := range s.defs {
			names = append(names, n)
		}
		if s.base != nil {
			names = append(names, s.base.TableNames()...)
		}
		sort.Strings(names)
		s.names = dedup(names)
	})
	return append([]string(nil), s.names...)
}

// FunctionNames returns the names of all workspace functions, sorted.
func (s *Set) FunctionNames() []string {
	if s == nil {
		return nil
	}
	var names []string
	for n := range s.funcs {
		names = append(names, n)
	}
	if b, ok := s.base.(interface{ FunctionNames() []string }); ok {
		names = append(names, b.FunctionNames()...)
	}
	sort.Strings(names)
	return dedup(names)
}

func dedup(sorted []string) []string {
	out := sorted[:0]
	for i, n := range sorted {
		if i == 0 || n != sorted[i-1] {
			out = append(out, n)
		}
	}
	return out
}

// builder merges layers into a Set, in order.
type builder struct {
	set      *Set
	funcPos  map[string]Position
	warnings []Warning
}

func newBuilder(base types.Database) *builder {
	return &builder{
		set:     &Set{base: base, defs: map[string]*tableDef{}, funcs: map[string]*types.Function{}},
		funcPos: map[string]Position{},
	}
}

func (b *builder) add(l *layer) {
	for _, t := range l.tables {
		have := b.set.defs[t.name]
		if have == nil {
			cp := *t
			cp.cols, cp.index = nil, nil
			for _, c := range t.cols {
				cp.add(c)
			}
			b.set.defs[t.name] = &cp
			continue
		}
		have.open = have.open || t.open
		for _, c := range t.cols {
			have.add(c)
		}
	}
	for _, f := range l.funcs {
		name := f.fn.Name
		if p, ok := b.funcPos[name]; ok {
			b.warnings = append(b.warnings, Warning{Pos: f.pos, Path: "$.FunctionName",
				Msg: fmt.Sprintf("function %s is also defined at %s; this definition replaces it", name, p)})
		}
		b.funcPos[name] = f.pos
		b.set.funcs[name] = f.fn
	}
}

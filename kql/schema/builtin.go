package schema

import (
	_ "embed"
	"sort"
	"sync"
)

// sentinelJSON is the Microsoft Sentinel schema: 733 tables in the table
// map format. See data/README.md for where it comes from.
//
//go:embed data/sentinel.json
var sentinelJSON []byte

// embeddedTables decodes the embedded schema lazily: the first lookup
// indexes where each table's object lies (one pass over the bytes, no
// column decoded), and each lookup then decodes the columns of one table.
// The Set that owns it caches the tables it builds.
type embeddedTables struct {
	data  []byte
	once  sync.Once
	index map[string]span
	order []string // sorted
}

type span struct{ start, end int }

// index records the offsets of each table's object.
func (e *embeddedTables) load() {
	e.index = make(map[string]span, 768)
	s := &scanner{data: e.data}
	err := s.object(func(table string, _ int) error {
		s.skipSpace()
		start := s.pos
		if err := s.skip(); err != nil {
			return err
		}
		if table != "" && table[0] != '$' {
			e.index[table] = span{start, s.pos}
		}
		return nil
	})
	if err != nil {
		// The embedded file is checked by the tests; a broken one
		// yields no tables rather than a crash.
		e.index = map[string]span{}
	}
	e.order = make([]string, 0, len(e.index))
	for n := range e.index {
		e.order = append(e.order, n)
	}
	sort.Strings(e.order)
}

func (e *embeddedTables) names() []string {
	e.once.Do(e.load)
	return e.order
}

// def decodes the table named name, or returns nil.
func (e *embeddedTables) def(name string) *tableDef {
	e.once.Do(e.load)
	sp, ok := e.index[name]
	if !ok {
		return nil
	}
	s := &scanner{data: e.data[:sp.end], pos: sp.start}
	t := &tableDef{name: name}
	err := s.object(func(col string, _ int) error {
		if col == "$open" {
			open, err := s.boolean()
			t.open = open
			return err
		}
		if s.peek() != kindString || col == "" || col[0] == '$' {
			return s.skip()
		}
		typ, err := s.str()
		if err != nil {
			return err
		}
		kind, _ := ParseType(typ)
		t.add(colDef{col, kind})
		return nil
	})
	if err != nil {
		return nil
	}
	return t
}

var defaultSet = sync.OnceValue(func() *Set {
	return &Set{
		embedded: &embeddedTables{data: sentinelJSON},
		funcs:    builtinFunctions(),
	}
})

// Default returns the built-in database: the tables of Microsoft Sentinel
// and Log Analytics (733 tables, as the official analysis and the
// Azure-Sentinel repository's CI know them; all closed, AzureDiagnostics
// with the columns the CI lists) and the workspace functions every
// Sentinel workspace has (_GetWatchlist, _GetWatchlistAlias and the
// built-in ASIM parsers). Nothing is decoded until a table is looked up,
// and then only that table.
//
// Default returns the same Set every time.
func Default() *Set { return defaultSet() }

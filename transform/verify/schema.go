package verify

import (
	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/types"
)

// schemas gives the evaluator's column types of the tables a database
// (package kql/schema, for one) defines. A table the database lacks has no
// schema: its columns get types from their names and from how the query
// uses them.
type schemas struct {
	db    types.Database
	cache map[string][]eval.Column
}

func newSchemas(db types.Database) *schemas {
	return &schemas{db: db, cache: map[string][]eval.Column{}}
}

// cols returns the columns of a table, and whether the database has it.
func (s *schemas) cols(name string) ([]eval.Column, bool) {
	if s == nil || s.db == nil {
		return nil, false
	}
	if cols, ok := s.cache[name]; ok {
		return cols, cols != nil
	}
	t := s.db.Table(name)
	if t == nil {
		s.cache[name] = nil
		return nil, false
	}
	cols := []eval.Column{}
	for _, c := range t.Columns {
		if typ, ok := evalType(c.Type); ok {
			cols = append(cols, eval.Column{Name: c.Name, Type: typ})
		}
	}
	s.cache[name] = cols
	return cols, true
}

// of returns the columns of a table, none when the database lacks it.
func (s *schemas) of(name string) []eval.Column {
	cols, _ := s.cols(name)
	return cols
}

// evalType is the evaluator's type of a KQL type. The evaluator has no
// decimal: decimal columns are real numbers here.
func evalType(k types.Kind) (eval.Type, bool) {
	switch k {
	case types.Bool:
		return eval.TypeBool, true
	case types.Int:
		return eval.TypeInt, true
	case types.Long:
		return eval.TypeLong, true
	case types.Real, types.Decimal:
		return eval.TypeReal, true
	case types.String:
		return eval.TypeString, true
	case types.DateTime:
		return eval.TypeDateTime, true
	case types.Timespan:
		return eval.TypeTimespan, true
	case types.GUID:
		return eval.TypeGUID, true
	case types.Dynamic:
		return eval.TypeDynamic, true
	}
	return 0, false
}

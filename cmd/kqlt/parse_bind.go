package main

import (
	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// binding is a query bound by parse --bind.
type binding struct {
	info  *types.Info
	diags []types.Diagnostic
}

type jsonDiagnostic struct {
	Code     string       `json:"code"`
	Severity string       `json:"severity"`
	Name     string       `json:"name,omitempty"`
	Message  string       `json:"message"`
	Pos      jsonPosition `json:"pos"`
}

func bindQuery(db types.Database, q *kql.Query) *binding {
	b := &binding{info: &types.Info{
		Uses:    map[*kql.Ident]types.Symbol{},
		Defs:    map[*kql.Ident]types.Symbol{},
		Types:   map[kql.Expr]types.Type{},
		Schemas: map[kql.Operator]*types.Schema{},
	}}
	b.diags = (&types.Config{Database: db}).Check(q, b.info)
	return b
}

// annotate returns what the binder knows of n: the symbol of a name, the
// type of an expression, the row schema of an operator. A nil binding
// knows nothing.
func (b *binding) annotate(n kql.Node) []jsonField {
	if b == nil {
		return nil
	}
	var out []jsonField
	if id, ok := n.(*kql.Ident); ok {
		if s := b.info.SymbolOf(id); s != nil {
			out = append(out, jsonField{"symbol", s.String()})
		}
	}
	if x, ok := n.(kql.Expr); ok {
		if t := b.info.TypeOf(x); t != nil {
			out = append(out, jsonField{"dataType", t.String()})
		}
	}
	if op, ok := n.(kql.Operator); ok {
		if s := b.info.Schemas[op]; s != nil {
			out = append(out, jsonField{"schema", s.String()})
		}
	}
	return out
}

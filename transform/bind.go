package transform

import (
	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// The passes ask the binder (package kql/types) what names refer to,
// rather than guess from the syntax: which references are of a let
// binding (a column of the same name shadows it, as in KQL), and which
// are reads of a column an extend gives. No schema is needed for that:
// the tables the query reads are unknown to the binder, so their columns
// are any names; the lets and the columns the query gives are what it
// resolves exactly.

// bindQuery binds q without a schema.
func bindQuery(q *kql.Query, info *types.Info) {
	(&types.Config{}).Check(q, info)
}

// bindings returns the query's top-level let bindings by name, with the
// number of references to each. A later let of the same name replaces an
// earlier one; references count for the binding they refer to.
func bindings(q *kql.Query) map[string]*letInfo {
	lets := map[string]*letInfo{}
	byStmt := map[*kql.LetStmt]*letInfo{}
	for _, s := range q.Stmts {
		if l, ok := s.(*kql.LetStmt); ok && l.Name != nil {
			li := &letInfo{stmt: l}
			lets[l.Name.Name] = li
			byStmt[l] = li
		}
	}
	if len(lets) == 0 {
		return lets
	}
	info := &types.Info{Uses: map[*kql.Ident]types.Symbol{}}
	bindQuery(q, info)
	for _, s := range info.Uses {
		if l, ok := s.(*types.Let); ok {
			if stmt, ok := l.Decl.(*kql.LetStmt); ok {
				if li := byStmt[stmt]; li != nil {
					li.refs++
				}
			}
		}
	}
	return lets
}

// givenColumn is a column that an extend gives: the item that gives it.
type givenColumn = *kql.NamedExpr

// columnFacts are what the binder says of the columns extend gives.
type columnFacts struct {
	// reads counts the references that read each column: every
	// reference but a bare column in a project list, which only passes
	// it on, and column_ifexists of its name.
	reads map[givenColumn]int
	// reaches says the column is in the output of the pipeline of the
	// extend that gives it.
	reaches map[givenColumn]bool
}

// extendColumns binds q and returns the facts of the columns its extends
// give.
func extendColumns(q *kql.Query) columnFacts {
	info := &types.Info{
		Uses:  map[*kql.Ident]types.Symbol{},
		Defs:  map[*kql.Ident]types.Symbol{},
		Types: map[kql.Expr]types.Type{},
	}
	bindQuery(q, info)
	facts := columnFacts{reads: map[givenColumn]int{}, reaches: map[givenColumn]bool{}}
	given := map[*types.Column]givenColumn{}
	byName := map[string][]givenColumn{}
	passes := map[*kql.Ident]bool{} // bare columns of project lists
	kql.Inspect(q, func(n kql.Node) bool {
		switch n := n.(type) {
		case *kql.Pipeline:
			out, _ := info.Types[n].(*types.Schema)
			for _, op := range n.Ops {
				ext, ok := op.(*kql.ExtendOp)
				if !ok {
					continue
				}
				for _, e := range ext.Exprs {
					ne, ok := e.(*kql.NamedExpr)
					if !ok || ne.Name == nil {
						continue
					}
					col, _ := info.Defs[ne.Name].(*types.Column)
					if col == nil {
						continue
					}
					given[col] = ne
					byName[col.Name] = append(byName[col.Name], ne)
					if out != nil && out.Lookup(col.Name) == col {
						facts.reaches[ne] = true
					}
				}
			}
		case *kql.ProjectOp:
			if n.Keyword == "project" || n.Keyword == "project-keep" {
				for _, e := range n.Exprs {
					if id, ok := e.(*kql.Ident); ok {
						passes[id] = true
					}
				}
			}
		}
		return true
	})
	for id, s := range info.Uses {
		if col, ok := s.(*types.Column); ok && !passes[id] {
			if ne := given[col]; ne != nil {
				facts.reads[ne]++
			}
		}
	}
	kql.Inspect(q, func(n kql.Node) bool {
		if call, ok := n.(*kql.CallExpr); ok {
			if name, ok := columnOf(call); ok {
				for _, ne := range byName[name] {
					facts.reads[ne]++
				}
			}
		}
		return true
	})
	return facts
}

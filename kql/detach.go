package kql

import (
	"reflect"
	"strings"
)

// ParseExpr parses a single scalar or tabular expression, such as
// `_ResourceId has "/managedhsms/"`, and returns it detached: without
// source positions, ready to be put into another query's tree, where the
// printer lays it out as new text.
func ParseExpr(src string) (Expr, error) {
	const prefix = "print __kqlt_expr = "
	q, err := Parse(prefix + src)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Pos.Line == 1 && e.Pos.Column > len(prefix) {
			e.Pos.Column -= len(prefix)
			e.Pos.Offset -= len(prefix)
			e.src = src
		}
		return nil, err
	}
	if len(q.Stmts) != 1 {
		return nil, &Error{Pos: Position{Offset: 0, Line: 1, Column: 1}, Msg: "expected one expression, found several statements", src: src}
	}
	var x Expr
	switch s := q.Stmts[0].(type) {
	case *ExprStmt:
		if p, ok := s.X.(*PrintOp); ok && len(p.Exprs) == 1 {
			x = p.Exprs[0].(*NamedExpr).Value
		} else if pl, ok := s.X.(*Pipeline); ok {
			// A tabular expression: print is the source of a pipeline.
			if p, ok := pl.Source.(*PrintOp); ok && len(p.Exprs) == 1 {
				pl.Source = p.Exprs[0].(*NamedExpr).Value
				x = pl
			}
		}
	}
	if x == nil || strings.TrimSpace(src) == "" {
		return nil, &Error{Pos: Position{Offset: 0, Line: 1, Column: 1}, Msg: "expected one expression", src: src}
	}
	Detach(x)
	return x, nil
}

// Detach clears the source positions of n and all its descendants, so that
// n can be moved into the tree of another query: the printer lays out nodes
// without positions itself instead of copying text from a source.
func Detach(n Node) {
	posType := reflect.TypeOf(NoPos)
	Inspect(n, func(n Node) bool {
		if n == nil {
			return false
		}
		v := reflect.ValueOf(n)
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return true
		}
		v = v.Elem()
		if v.Kind() != reflect.Struct {
			return true
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Type() == posType && f.CanSet() {
				f.SetInt(0)
			}
		}
		return true
	})
}

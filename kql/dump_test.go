package kql

import (
	"reflect"
	"strings"
)

// dump renders a syntax tree as a compact S-expression for tests:
// names and literals as written, operators in prefix form, and every other
// node as (Type field...) with the node fields in declaration order. Lists
// print as [a b], keywords and operator strings bare, positions not at all.
//
//	T | where a == 1  ->  (Query (ExprStmt (Pipeline T [(WhereOp where (== a 1))])))
func dump(n Node) string {
	var b strings.Builder
	dumpTo(&b, reflect.ValueOf(n))
	return b.String()
}

var posType = reflect.TypeFor[Pos]()

func dumpTo(b *strings.Builder, v reflect.Value) {
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
		b.WriteString("nil")
		return
	}
	switch n := v.Interface().(type) {
	case *Ident:
		b.WriteString(n.text())
		return
	case *BasicLit:
		b.WriteString(n.Value)
		return
	case *Star:
		b.WriteString("*")
		return
	case *BinaryExpr:
		b.WriteString("(" + n.Op + " ")
		dumpTo(b, reflect.ValueOf(n.X))
		b.WriteString(" ")
		dumpTo(b, reflect.ValueOf(n.Y))
		b.WriteString(")")
		return
	case *UnaryExpr:
		b.WriteString("(" + n.Op + " ")
		dumpTo(b, reflect.ValueOf(n.X))
		b.WriteString(")")
		return
	case *NamedExpr:
		b.WriteString("(= ")
		dumpTo(b, reflect.ValueOf(n.Name))
		b.WriteString(" ")
		dumpTo(b, reflect.ValueOf(n.Value))
		b.WriteString(")")
		return
	case *SelectorExpr:
		b.WriteString("(. ")
		dumpTo(b, reflect.ValueOf(n.X))
		b.WriteString(" ")
		dumpTo(b, reflect.ValueOf(n.Sel))
		b.WriteString(")")
		return
	case *CallExpr:
		b.WriteString("(call ")
		dumpTo(b, reflect.ValueOf(n.Fun))
		for _, a := range n.Args {
			b.WriteString(" ")
			dumpTo(b, reflect.ValueOf(a))
		}
		b.WriteString(")")
		return
	}
	e := v.Elem()
	t := e.Type()
	b.WriteString("(" + t.Name())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := e.Field(i)
		if !f.IsExported() || f.Type == posType {
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			if fv.String() != "" {
				b.WriteString(" " + fv.String())
			}
		case reflect.Bool:
			if fv.Bool() {
				b.WriteString(" " + f.Name)
			}
		case reflect.Slice:
			if fv.Len() == 0 {
				continue
			}
			b.WriteString(" [")
			for k := 0; k < fv.Len(); k++ {
				if k > 0 {
					b.WriteString(" ")
				}
				dumpTo(b, fv.Index(k))
			}
			b.WriteString("]")
		case reflect.Interface, reflect.Pointer:
			if fv.IsNil() {
				continue
			}
			b.WriteString(" ")
			dumpTo(b, fv)
		}
	}
	b.WriteString(")")
}

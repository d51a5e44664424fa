package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

var (
	posType  = reflect.TypeFor[kql.Pos]()
	nodeType = reflect.TypeFor[kql.Node]()
)

// jsonObject is a JSON object that keeps its keys in order.
type jsonObject []jsonField

type jsonField struct {
	key   string
	value any
}

func (o jsonObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(f.key); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := enc.Encode(f.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

type jsonPosition struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Column int `json:"column"`
}

// nodeFields calls f for each exported field of node n that is not a token
// position, with its name.
func nodeFields(n kql.Node, f func(name string, v reflect.Value)) {
	v := reflect.ValueOf(n).Elem()
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Type == posType {
			continue
		}
		f(sf.Name, v.Field(i))
	}
}

func isNil(n kql.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// astValue returns the syntax tree rooted at n as JSON values: each node is
// an object with its type, its start and end in the file, and its fields
// (child nodes, names, operators, literal text), named as in package kql
// with a lower-case first letter. Token positions are left out.
func astValue(n kql.Node, pos func(kql.Pos) kql.Position) any {
	return annotatedAST(n, pos, nil)
}

// annotatedAST is astValue with, for each node, the fields extra returns
// appended (the binder's symbols and types with parse --bind).
func annotatedAST(n kql.Node, pos func(kql.Pos) kql.Position, extra func(kql.Node) []jsonField) any {
	if isNil(n) {
		return nil
	}
	obj := jsonObject{{"type", reflect.TypeOf(n).Elem().Name()}}
	if p := n.Pos(); p.IsValid() {
		q := pos(p)
		obj = append(obj, jsonField{"pos", jsonPosition{q.Offset, q.Line, q.Column}})
	}
	if p := n.End(); p.IsValid() {
		q := pos(p)
		obj = append(obj, jsonField{"end", jsonPosition{q.Offset, q.Line, q.Column}})
	}
	nodeFields(n, func(name string, v reflect.Value) {
		key := strings.ToLower(name[:1]) + name[1:]
		if val, ok := fieldValue(v, pos, extra); ok {
			obj = append(obj, jsonField{key, val})
		}
	})
	if extra != nil {
		obj = append(obj, extra(n)...)
	}
	return obj
}

func fieldValue(v reflect.Value, pos func(kql.Pos) kql.Position, extra func(kql.Node) []jsonField) (any, bool) {
	t := v.Type()
	switch {
	case t.Implements(nodeType):
		if v.IsNil() {
			return nil, false
		}
		return annotatedAST(v.Interface().(kql.Node), pos, extra), true
	case t.Kind() == reflect.Slice:
		if v.Len() == 0 {
			return nil, false
		}
		arr := make([]any, v.Len())
		for i := range arr {
			val, ok := fieldValue(v.Index(i), pos, extra)
			if !ok {
				val = nil
			}
			arr[i] = val
		}
		return arr, true
	case t.Implements(reflect.TypeFor[fmt.Stringer]()):
		return v.Interface().(fmt.Stringer).String(), true
	case t.Kind() == reflect.String:
		return v.String(), v.String() != ""
	case t.Kind() == reflect.Bool:
		return v.Bool(), v.Bool()
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return fmt.Sprint(v.Interface()), true
	}
	return v.Interface(), true
}

// writeOutline prints the syntax tree rooted at n as an indented outline:
// one node a line, with the field that holds it, its scalar fields and its
// span in the file.
func writeOutline(w io.Writer, n kql.Node, pos func(kql.Pos) kql.Position, pal palette) {
	writeAnnotatedOutline(w, n, pos, pal, nil)
}

// writeAnnotatedOutline is writeOutline with, for each node, the fields
// extra returns written after its own.
func writeAnnotatedOutline(w io.Writer, n kql.Node, pos func(kql.Pos) kql.Position, pal palette, extra func(kql.Node) []jsonField) {
	var walk func(label string, n kql.Node, depth int)
	walk = func(label string, n kql.Node, depth int) {
		if isNil(n) {
			return
		}
		var b strings.Builder
		b.WriteString(strings.Repeat("  ", depth))
		if label != "" {
			b.WriteString(pal.dim(label + ": "))
		}
		b.WriteString(pal.bold(reflect.TypeOf(n).Elem().Name()))
		type child struct {
			label string
			node  kql.Node
		}
		var children []child
		nodeFields(n, func(name string, v reflect.Value) {
			t := v.Type()
			switch {
			case t.Implements(nodeType):
				if !v.IsNil() {
					children = append(children, child{name, v.Interface().(kql.Node)})
				}
			case t.Kind() == reflect.Slice && t.Elem().Implements(nodeType):
				for i := range v.Len() {
					if e := v.Index(i); !e.IsNil() {
						children = append(children, child{fmt.Sprintf("%s[%d]", name, i), e.Interface().(kql.Node)})
					}
				}
			default:
				if val, ok := fieldValue(v, pos, nil); ok {
					if s, isStr := val.(string); isStr {
						val = fmt.Sprintf("%q", s)
					}
					fmt.Fprintf(&b, " %s=%v", name, val)
				}
			}
		})
		if extra != nil {
			for _, f := range extra(n) {
				fmt.Fprintf(&b, " %s=%q", f.key, shortSchemaText(fmt.Sprint(f.value)))
			}
		}
		if p, e := n.Pos(), n.End(); p.IsValid() && e.IsValid() {
			s, t := pos(p), pos(e)
			b.WriteString(pal.dim(fmt.Sprintf(" %d:%d-%d:%d", s.Line, s.Column, t.Line, t.Column)))
		}
		fmt.Fprintln(w, b.String())
		for _, c := range children {
			walk(c.label, c.node, depth+1)
		}
	}
	walk("", n, 0)
}

// shortSchemaText shortens a row schema of many columns, as the binder
// prints them, for the outline: (a:string, b:long, ... 78 columns).
func shortSchemaText(s string) string {
	if !strings.HasPrefix(s, "(") || strings.Count(s, ", ") < 8 {
		return s
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(s, "("), ")"), ", ")
	return "(" + strings.Join(parts[:6], ", ") + fmt.Sprintf(", ... %d columns)", len(parts))
}

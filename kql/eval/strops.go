package eval

import (
	"regexp"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// String operators. Operators without _cs ignore case (Unicode lower-case
// comparison); the _cs forms and matches regex are case-sensitive. Values
// of other types are compared as tostring() renders them.
//
// has, hasprefix and hassuffix match terms: a term is a maximal run of ASCII
// letters and digits, so "North America" has "america" but not "meric". A
// right-hand side that itself starts or ends with a character that is not a
// letter or digit matches there without a boundary (phrase search).

// strPred tests s against t; both are already lower-cased for the
// case-insensitive operators.
type strPred func(s, t string) bool

var strOps = map[string]strPred{
	"==":         func(s, t string) bool { return s == t },
	"has":        func(s, t string) bool { return hasTerm(s, t, true, true) },
	"hasprefix":  func(s, t string) bool { return hasTerm(s, t, true, false) },
	"hassuffix":  func(s, t string) bool { return hasTerm(s, t, false, true) },
	"contains":   strings.Contains,
	"startswith": strings.HasPrefix,
	"endswith":   strings.HasSuffix,
}

// normStrOp returns the base name of a string operator ("!has_cs" →
// "has"); =~ and !~ map to "==".
func normStrOp(op string) string {
	switch op {
	case "=~", "!~":
		return "=="
	}
	op = strings.TrimPrefix(op, "!")
	return strings.TrimSuffix(op, "_cs")
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// hasTerm reports whether t occurs in s on term boundaries: at the start
// when start is set, at the end when end is set.
func hasTerm(s, t string, start, end bool) bool {
	if t == "" {
		return true
	}
	for i := 0; i <= len(s)-len(t); {
		k := strings.Index(s[i:], t)
		if k < 0 {
			return false
		}
		k += i
		e := k + len(t)
		okStart := !start || k == 0 || !isASCIIAlnum(s[k-1]) || !isASCIIAlnum(t[0])
		okEnd := !end || e == len(s) || !isASCIIAlnum(s[e]) || !isASCIIAlnum(t[len(t)-1])
		if okStart && okEnd {
			return true
		}
		i = k + 1
	}
	return false
}

// stringOf returns a value as a string operator sees it.
func stringOf(v Value) string {
	if v.typ == TypeString {
		return v.s
	}
	return v.String()
}

func (c *compiler) stringOp(e *kql.BinaryExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	y, err := c.expr(e.Y)
	if err != nil {
		return nil, err
	}
	// The official catalog declares the string operators on string or
	// dynamic operands only: Kusto rejects 'EventID has 4624' or
	// 'Count =~ 1' (kql/types reports them as SR206), so the evaluator does
	// not run them either.
	for _, o := range [...]struct {
		x *cexpr
		e kql.Expr
	}{{x, e.X}, {y, e.Y}} {
		if o.x.typ != TypeString && o.x.typ != TypeDynamic {
			return nil, c.errorAt(o.e, "%s takes string operands, and %s is a %s: convert it with tostring() (or, for sample data, declare the column's type)", e.Op, c.ev.q.Text(o.e), o.x.typ)
		}
	}
	if e.Op == "matches regex" {
		if !y.konst {
			return nil, c.ev.unsupported(e.Y, "matches regex needs a constant pattern")
		}
		re, err := regexp.Compile(stringOf(y.fn(0)))
		if err != nil {
			return nil, c.errorAt(e.Y, "invalid regular expression: %v", err)
		}
		return lift1(TypeBool, x, func(v Value) Value { return NewBool(re.MatchString(stringOf(v))) }), nil
	}
	not := strings.HasPrefix(e.Op, "!")
	cs := strings.HasSuffix(e.Op, "_cs")
	pred := strOps[normStrOp(e.Op)]
	if e.Op == "=~" || e.Op == "!~" {
		return lift2(TypeBool, x, y, func(a, b Value) Value {
			return NewBool(strings.EqualFold(stringOf(a), stringOf(b)) != not)
		}), nil
	}
	norm := func(s string) string { return s }
	if !cs {
		norm = strings.ToLower
	}
	if y.konst {
		t := norm(stringOf(y.fn(0)))
		return lift1(TypeBool, x, func(v Value) Value {
			return NewBool(pred(norm(stringOf(v)), t) != not)
		}), nil
	}
	return lift2(TypeBool, x, y, func(a, b Value) Value {
		return NewBool(pred(norm(stringOf(a)), norm(stringOf(b))) != not)
	}), nil
}

// ---------------------------------------------------------------------------
// in, !in, in~, !in~, has_any, has_all

// listItems compiles the list of an in-like operator: scalars, dynamic
// arrays (their elements) and tabular expressions (their first column).
// Constant items are returned as values; the others as expressions; and
// the types of the tabular items' columns, which say what the list holds
// even when a table has no rows.
func (c *compiler) listItems(list []kql.Expr) (vals []Value, exprs []*cexpr, colTypes []Type, err error) {
	for _, item := range list {
		if c.ev.isTabular(item, c.sc) && !c.isColumnOrParam(item) {
			t, err := c.ev.tabular(item, c.sc)
			if err != nil {
				return nil, nil, nil, err
			}
			if len(t.cols) == 0 {
				return nil, nil, nil, c.errorAt(item, "the table has no columns")
			}
			vals = append(vals, t.data[0].dense(t.n)...)
			colTypes = append(colTypes, t.cols[0].Type)
			continue
		}
		x, err := c.expr(item)
		if err != nil {
			return nil, nil, nil, err
		}
		if !x.konst {
			exprs = append(exprs, x)
			continue
		}
		v := x.fn(0)
		if a, ok := v.array(); ok {
			vals = append(vals, a...)
		} else {
			vals = append(vals, v)
		}
	}
	return vals, exprs, colTypes, nil
}

func (c *compiler) inOp(e *kql.InExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	vals, exprs, colTypes, err := c.listItems(e.List)
	if err != nil {
		return nil, err
	}
	items := []*cexpr{x}
	for _, v := range vals {
		items = append(items, constant(v.unwrap()))
	}
	if r := dateConflictReason(append(items, exprs...)...); r != "" {
		return nil, c.errorAt(e, "cannot look up a string in datetimes with %s: %s", e.Op, r)
	}
	switch e.Op {
	case "has_any", "has_all":
		return c.hasAnyAll(e, x, vals, exprs)
	case "in", "!in":
		// As with ==, the official analysis accepts values of any type,
		// but Kusto does not document how values of different types
		// compare: a string column looked up among numbers is refused,
		// not answered.
		if x.typ != TypeDynamic {
			for _, v := range vals {
				if u := v.unwrap(); !u.null && u.typ != TypeDynamic && !comparableTypes(x.typ, u.typ) {
					return nil, c.ev.unsupported(e, "looking up a %s among %s values with %s is not supported: the official analysis accepts it, but Kusto does not document how values of different types compare; convert one side (tostring(), tolong(), ...)", x.typ, u.typ, e.Op)
				}
			}
			types := colTypes
			for _, ex := range exprs {
				types = append(types, ex.typ)
			}
			for _, t := range types {
				if t != TypeDynamic && !comparableTypes(x.typ, t) {
					return nil, c.ev.unsupported(e, "looking up a %s among %s values with %s is not supported: the official analysis accepts it, but Kusto does not document how values of different types compare; convert one side (tostring(), tolong(), ...)", x.typ, t, e.Op)
				}
			}
		}
	}
	not := strings.HasPrefix(e.Op, "!")
	ci := strings.HasSuffix(e.Op, "~")
	key := func(v Value) (string, bool) {
		v = v.unwrap()
		if v.null {
			return "", false
		}
		if ci {
			return "s" + strings.ToLower(stringOf(v)), true
		}
		return string(appendKey(nil, v)), true
	}
	set := make(map[string]struct{}, len(vals))
	for _, v := range vals {
		if k, ok := key(v); ok {
			set[k] = struct{}{}
		}
	}
	// Strings are looked up by their text, without building a key.
	strs := map[string]struct{}{}
	if !ci {
		for _, v := range vals {
			if u := v.unwrap(); !u.null && (u.typ == TypeString || u.typ == TypeGUID) {
				strs[u.s] = struct{}{}
				if x.typ == TypeGUID && u.typ == TypeString {
					strs[strings.ToLower(u.s)] = struct{}{} // guids compare without case
				}
			}
		}
	}
	match := func(v Value, i int) bool {
		if !ci && len(exprs) == 0 && (v.typ == TypeString || v.typ == TypeGUID) {
			_, ok := strs[v.s]
			return ok
		}
		k, ok := key(v)
		if !ok {
			return false
		}
		if _, ok := set[k]; ok {
			return true
		}
		for _, ex := range exprs {
			w := ex.fn(i)
			if a, ok := w.array(); ok {
				for _, el := range a {
					if k2, ok := key(el); ok && k2 == k {
						return true
					}
				}
				continue
			}
			if k2, ok := key(w); ok && k2 == k {
				return true
			}
		}
		return false
	}
	xf := x.fn
	out := &cexpr{typ: TypeBool, fn: func(i int) Value { return NewBool(match(xf(i), i) != not) }}
	if x.konst && len(exprs) == 0 {
		return constant(out.fn(0)), nil
	}
	return out, nil
}

func (c *compiler) hasAnyAll(e *kql.InExpr, x *cexpr, vals []Value, exprs []*cexpr) (*cexpr, error) {
	all := e.Op == "has_all"
	terms := make([]string, 0, len(vals))
	for _, v := range vals {
		if v.null {
			continue
		}
		terms = append(terms, strings.ToLower(stringOf(v.unwrap())))
	}
	xf := x.fn
	return &cexpr{typ: TypeBool, fn: func(i int) Value {
		s := strings.ToLower(stringOf(xf(i)))
		ts := terms
		if len(exprs) > 0 {
			ts = append([]string(nil), terms...)
			for _, ex := range exprs {
				w := ex.fn(i)
				if a, ok := w.array(); ok {
					for _, el := range a {
						ts = append(ts, strings.ToLower(stringOf(el.unwrap())))
					}
				} else {
					ts = append(ts, strings.ToLower(stringOf(w.unwrap())))
				}
			}
		}
		for _, t := range ts {
			if hasTerm(s, t, true, true) != all {
				return NewBool(!all)
			}
		}
		return NewBool(all && len(ts) > 0)
	}}, nil
}

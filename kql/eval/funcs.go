package eval

import (
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// scalarFunc is a built-in scalar function.
type scalarFunc struct {
	min, max int // argument count; max < 0 for no limit
	// raw functions compile their own arguments (they take typeof(), a
	// column name, or a tabular argument).
	raw     bool
	compile func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error)
}

// scalarFuncs are the built-in scalar functions, by name. The registry is
// filled by init functions in the funcs_*.go files.
var scalarFuncs = map[string]*scalarFunc{}

func register(name string, min, max int, compile func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error)) {
	scalarFuncs[name] = &scalarFunc{min: min, max: max, compile: compile}
}

func registerRaw(name string, min, max int, compile func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error)) {
	scalarFuncs[name] = &scalarFunc{min: min, max: max, raw: true, compile: compile}
}

// ScalarFunctions returns the names of the supported scalar functions,
// sorted.
func ScalarFunctions() []string {
	names := make([]string, 0, len(scalarFuncs)+1)
	for n := range scalarFuncs {
		names = append(names, n)
	}
	names = append(names, "toscalar")
	sort.Strings(names)
	return names
}

func (c *compiler) call(call *kql.CallExpr) (*cexpr, error) {
	id, ok := call.Fun.(*kql.Ident)
	if !ok {
		return nil, c.ev.unsupported(call, "cross-database and cross-cluster references are not supported")
	}
	name := id.Name
	if b := c.sc.lookup(name); b != nil && b.kind == bindFunc {
		return c.userFunc(b, call)
	}
	if name == "toscalar" {
		return c.toscalar(call)
	}
	f := scalarFuncs[name]
	if f == nil {
		switch {
		case aggFuncs[name] != nil:
			return nil, c.errorAt(call, "%s() is an aggregation function: use it in summarize", name)
		case name == "materialize" || name == "table" || name == getWatchlist:
			return nil, c.errorAt(call, "%s() returns a table, not a scalar", name)
		}
		if msg, ok := knownUnsupportedFuncs[name]; ok {
			return nil, c.ev.unsupported(call, "%s() is not supported%s", name, msg)
		}
		return nil, c.ev.unsupported(call, "function %s() is not supported", name)
	}
	if len(call.Args) < f.min || f.max >= 0 && len(call.Args) > f.max {
		return nil, c.errorAt(call, "%s() takes %s", name, argCount(f.min, f.max))
	}
	var args []*cexpr
	if !f.raw {
		args = make([]*cexpr, len(call.Args))
		for i, a := range call.Args {
			x, err := c.expr(a)
			if err != nil {
				return nil, err
			}
			args[i] = x
		}
	}
	return f.compile(c, call, args)
}

func argCount(min, max int) string {
	switch {
	case min == max && min == 1:
		return "1 argument"
	case min == max:
		return itoa(min) + " arguments"
	case max < 0:
		return "at least " + itoa(min) + " arguments"
	}
	return itoa(min) + " to " + itoa(max) + " arguments"
}

func itoa(n int) string { return strings.TrimSpace(NewLong(int64(n)).String()) }

// toscalar evaluates a tabular expression and returns the value in its first
// row and column (null when it has no rows).
func (c *compiler) toscalar(call *kql.CallExpr) (*cexpr, error) {
	if len(call.Args) != 1 {
		return nil, c.errorAt(call, "toscalar() takes one argument")
	}
	arg := call.Args[0]
	if !c.ev.isTabular(arg, c.sc) || c.isColumnOrParam(arg) {
		x, err := c.expr(arg)
		if err != nil {
			return nil, err
		}
		if !x.konst {
			return nil, c.errorAt(arg, "the argument of toscalar() must not depend on the row")
		}
		return x, nil
	}
	t, err := c.ev.tabular(arg, c.sc)
	if err != nil {
		return nil, err
	}
	if len(t.cols) == 0 {
		return nil, c.errorAt(arg, "the table has no columns")
	}
	if t.n == 0 {
		return constant(Null(t.cols[0].Type)), nil
	}
	return constant(t.data[0].at(0)), nil
}

// userFunc inlines a call of a let-bound scalar function: its parameters are
// bound to the compiled arguments.
func (c *compiler) userFunc(b *binding, call *kql.CallExpr) (*cexpr, error) {
	if c.depth > 50 {
		return nil, c.errorAt(call, "user functions nest too deeply")
	}
	params, err := c.ev.funcParams(b.fn, call, len(call.Args))
	if err != nil {
		return nil, err
	}
	inner := &compiler{ev: c.ev, sc: b.fnSc, in: c.in, params: map[string]*cexpr{}, depth: c.depth + 1}
	for i, p := range params {
		var x *cexpr
		if i < len(call.Args) {
			x, err = c.expr(call.Args[i])
		} else {
			x, err = c.ev.compiler(b.fnSc, nil).expr(p.Default)
		}
		if err != nil {
			return nil, err
		}
		if p.typ != 0 && x.typ != p.typ {
			switch {
			case p.typ == TypeDynamic:
				x = lift1(TypeDynamic, x, toDyn)
			case p.typ.isNumeric() && x.typ.isNumeric():
				t := p.typ
				x = lift1(t, x, func(v Value) Value { return convertNumeric(v, t) })
			case x.typ == TypeDynamic:
				t := p.typ
				x = lift1(t, x, func(v Value) Value { return coerce(v.unwrap(), t) })
			default:
				return nil, c.errorAt(call, "argument %s of %s() must be %s, not %s", p.name, c.ev.q.Text(call.Fun), p.typ, x.typ)
			}
		}
		inner.params[p.name] = x
	}
	body := b.fn.Body
	if len(body) == 0 {
		return nil, c.errorAt(call, "the function has an empty body")
	}
	for _, st := range body[:len(body)-1] {
		l, ok := st.(*kql.LetStmt)
		if !ok {
			return nil, c.ev.unsupported(st, "this statement is not supported in a function body")
		}
		if c.ev.isTabular(l.Value, inner.sc) {
			return nil, c.ev.unsupported(l, "tabular let statements in scalar functions are not supported")
		}
		x, err := inner.expr(l.Value)
		if err != nil {
			return nil, err
		}
		inner.params[l.Name.Name] = x
	}
	last, ok := body[len(body)-1].(*kql.ExprStmt)
	if !ok {
		return nil, c.errorAt(call, "the function body must end in an expression")
	}
	if c.ev.isTabular(last.X, inner.sc) && !inner.isColumnOrParam(last.X) {
		return nil, c.errorAt(call, "%s() returns a table, not a scalar", c.ev.q.Text(call.Fun))
	}
	return inner.expr(last.X)
}

// typeArg returns the type named by a typeof(T) argument.
func (c *compiler) typeArg(e kql.Expr) (Type, error) {
	t, ok := e.(*kql.TypeOfExpr)
	if !ok || len(t.Types) != 1 {
		return 0, c.errorAt(e, "expected typeof(type)")
	}
	id, ok := t.Types[0].(*kql.Ident)
	if !ok {
		return 0, c.errorAt(e, "expected typeof(type)")
	}
	ty, err := ParseType(id.Name)
	if err != nil {
		return 0, c.ev.unsupported(e, "%v", err)
	}
	return ty, nil
}

// unify returns the type that values of types a and b share as results of
// iff, case and coalesce: the same type, the wider number, string for a
// guid and a string, dynamic when either is dynamic.
func unify(a, b Type) (Type, bool) {
	switch {
	case a == b:
		return a, true
	case a == TypeDynamic || b == TypeDynamic:
		return TypeDynamic, true
	case a.isNumeric() && b.isNumeric():
		t, _ := arithType("+", a, b)
		return t, true
	case a == TypeGUID && b == TypeString, a == TypeString && b == TypeGUID:
		return TypeString, true
	}
	return 0, false
}

// convertTo converts v to a type chosen by unify.
func convertTo(v Value, t Type) Value {
	if v.typ == t {
		return v
	}
	switch {
	case t == TypeDynamic:
		return toDyn(v)
	case t == TypeString:
		return NewString(stringOf(v))
	case t.isNumeric():
		return convertNumeric(v, t)
	}
	return v
}

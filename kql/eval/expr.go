package eval

import (
	"math"
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// A scalar expression is compiled once per operator against the operator's
// input table into a cexpr: its static type and a function from a row index
// to the value. Names are resolved and types checked at compile time, so
// errors do not depend on the data.

type cexpr struct {
	typ   Type
	fn    func(i int) Value
	konst bool    // fn does not depend on the row
	col   *column // for a column reference: the column, which operators may reuse
}

func constant(v Value) *cexpr {
	return &cexpr{typ: v.typ, fn: func(int) Value { return v }, konst: true}
}

// compiler compiles scalar expressions in a scope, over the rows of in
// (nil where there are no rows: let values, print, datatable).
type compiler struct {
	ev     *evaluator
	sc     *scope
	in     *Table
	params map[string]*cexpr // user function parameters and body lets, inlined
	depth  int
	// window allows the window functions (prev, next, row_number): the
	// expressions of extend, where, project and serialize over a serialized
	// row set.
	window bool
	// aggValues are the values of the aggregation calls in an expression
	// of summarize around them (round(avg(x), 2)), one per group.
	aggValues map[*kql.CallExpr]*cexpr
	// opIn, when set, is the input of the operator whose expressions are
	// compiled over in, a later state of it: extend's input, which
	// pack_all() packs.
	opIn *Table
}

func (ev *evaluator) compiler(sc *scope, in *Table) *compiler {
	return &compiler{ev: ev, sc: sc, in: in}
}

// rowCompiler is the compiler of an operator that computes a value per row
// and keeps the rows in order (extend, where, project, serialize): window
// functions are allowed when its input is a serialized row set.
func (ev *evaluator) rowCompiler(sc *scope, in *Table) *compiler {
	return &compiler{ev: ev, sc: sc, in: in, window: ev.serialIn}
}

func (c *compiler) errorAt(n kql.Node, format string, args ...any) error {
	return c.ev.errorAt(n, format, args...)
}

// expr compiles a scalar expression.
func (c *compiler) expr(e kql.Expr) (*cexpr, error) {
	switch e := e.(type) {
	case *kql.BasicLit:
		v, err := c.ev.literal(e)
		if err != nil {
			return nil, err
		}
		return constant(v), nil
	case *kql.CompoundString:
		s, ok := kql.StringValue(e)
		if !ok {
			return nil, c.errorAt(e, "invalid string literal")
		}
		return constant(NewString(s)), nil
	case *kql.DynamicLit:
		v, err := c.ev.dynLiteral(e.Value)
		if err != nil {
			return nil, err
		}
		return constant(v), nil
	case *kql.ParenExpr:
		if c.ev.isTabular(e.X, c.sc) && !c.isColumnOrParam(e.X) {
			return nil, c.errorAt(e, "a tabular expression is used as a scalar value; wrap it in toscalar()")
		}
		return c.expr(e.X)
	case *kql.Ident:
		return c.ident(e)
	case *kql.UnaryExpr:
		return c.unary(e)
	case *kql.BinaryExpr:
		return c.binary(e)
	case *kql.InExpr:
		return c.inOp(e)
	case *kql.BetweenExpr:
		return c.between(e)
	case *kql.CallExpr:
		if x, ok := c.aggValues[e]; ok {
			return x, nil
		}
		return c.call(e)
	case *kql.SelectorExpr:
		return c.selector(e)
	case *kql.IndexExpr:
		return c.index(e)
	case *kql.NamedExpr:
		return nil, c.errorAt(e, "a named expression (%s = ...) is not allowed here", e.Name.Name)
	case *kql.TypeOfExpr:
		return nil, c.errorAt(e, "typeof() is only allowed as a function argument")
	case *kql.Star:
		return nil, c.errorAt(e, "* is not allowed here")
	case *kql.Pipeline, *kql.DatatableExpr, *kql.UnionOp, *kql.PrintOp, *kql.RangeOp:
		return nil, c.errorAt(e, "a tabular expression is used as a scalar value; wrap it in toscalar()")
	}
	return nil, c.ev.unsupported(e, "this expression is not supported")
}

func (c *compiler) isColumnOrParam(e kql.Expr) bool {
	id, ok := e.(*kql.Ident)
	if !ok {
		return false
	}
	if _, ok := c.params[id.Name]; ok {
		return true
	}
	return c.in != nil && c.in.ColumnIndex(id.Name) >= 0
}

// column returns an expression reading column j of the input.
func (c *compiler) column(j int) *cexpr {
	col, typ := c.in.data[j], c.in.cols[j].Type
	vals, idx := col.vals, col.idx
	switch {
	case col.konst:
		v := vals[0]
		return &cexpr{typ: typ, fn: func(int) Value { return v }, col: &col}
	case idx != nil:
		return &cexpr{typ: typ, fn: func(i int) Value { return vals[idx[i]] }, col: &col}
	}
	return &cexpr{typ: typ, fn: func(i int) Value { return vals[i] }, col: &col}
}

func (c *compiler) ident(id *kql.Ident) (*cexpr, error) {
	if p, ok := c.params[id.Name]; ok {
		return p, nil
	}
	if c.in != nil {
		if j := c.in.ColumnIndex(id.Name); j >= 0 {
			return c.column(j), nil
		}
	}
	if b := c.sc.lookup(id.Name); b != nil {
		switch b.kind {
		case bindScalar:
			return constant(b.val), nil
		case bindTabular:
			return nil, c.errorAt(id, "%s is a table; use toscalar(%s) for a scalar value", id.Name, id.Name)
		case bindFunc:
			return nil, c.errorAt(id, "%s is a function: call it with ()", id.Name)
		}
	}
	if _, ok := c.ev.tables[id.Name]; ok {
		return nil, c.errorAt(id, "%s is a table; use toscalar(%s) for a scalar value", id.Name, id.Name)
	}
	if c.in != nil {
		return nil, c.errorAt(id, "no column or variable named %q", id.Name)
	}
	return nil, c.errorAt(id, "no variable named %q", id.Name)
}

// ---------------------------------------------------------------------------
// Literals

// literal returns the value of a literal token.
func (ev *evaluator) literal(lit *kql.BasicLit) (Value, error) {
	v, ok := parseLiteral(lit, ev.now)
	if !ok {
		if lit.Kind == kql.DecimalLit {
			return Value{}, ev.unsupported(lit, "the decimal type is not supported")
		}
		return Value{}, ev.errorAt(lit, "invalid %s literal %s", lit.Kind, lit.Value)
	}
	return v, nil
}

// typedInner returns the text inside name(...) of a typed literal such as
// datetime(2020-01-01), or the whole text when it is not of that form.
func typedInner(s string) (string, bool) {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return s, false
	}
	return strings.TrimSpace(s[open+1 : len(s)-1]), true
}

func parseLiteral(lit *kql.BasicLit, now int64) (Value, bool) {
	text := lit.Value
	inner, typed := typedInner(text)
	if typed && strings.EqualFold(inner, "null") {
		switch lit.Kind {
		case kql.LongLit:
			return Null(TypeLong), true
		case kql.IntLit:
			return Null(TypeInt), true
		case kql.RealLit:
			return Null(TypeReal), true
		case kql.BoolLit:
			return Null(TypeBool), true
		case kql.TimespanLit:
			return Null(TypeTimespan), true
		case kql.DateTimeLit:
			return Null(TypeDateTime), true
		case kql.GUIDLit:
			return Null(TypeGUID), true
		}
	}
	if typed {
		// A quoted value inside the parentheses: datetime('2020-01-01').
		if u, err := kql.Unquote(inner); err == nil {
			inner = u
		}
	}
	switch lit.Kind {
	case kql.StringLit:
		s, err := kql.Unquote(text)
		return NewString(s), err == nil
	case kql.LongLit, kql.IntLit:
		n, ok := parseInteger(inner)
		if !ok {
			return Value{}, false
		}
		if lit.Kind == kql.IntLit {
			if n < math.MinInt32 || n > math.MaxInt32 {
				return Value{}, false
			}
			return NewInt(int32(n)), true
		}
		return NewLong(n), true
	case kql.RealLit:
		f, ok := parseRealText(inner)
		return NewReal(f), ok
	case kql.BoolLit:
		switch strings.ToLower(inner) {
		case "true", "1":
			return NewBool(true), true
		case "false", "0":
			return NewBool(false), true
		}
		return Value{}, false
	case kql.TimespanLit:
		t, ok := parseTimespan(inner)
		return timespanTicks(t), ok
	case kql.DateTimeLit:
		if typed && inner == "" {
			return dateTimeTicks(now), true
		}
		t, ok := parseDateTime(inner)
		return dateTimeTicks(t), ok
	case kql.GUIDLit:
		g, ok := parseGUID(inner)
		return Value{typ: TypeGUID, s: g}, ok
	case kql.NullLit:
		return dynNull, true
	}
	return Value{}, false
}

func parseInteger(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	var n int64
	var err error
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		var u uint64
		u, err = strconv.ParseUint(s[2:], 16, 64)
		n = int64(u)
	} else {
		n, err = strconv.ParseInt(s, 10, 64)
	}
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

func parseRealText(s string) (float64, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nan":
		return math.NaN(), true
	case "+inf", "inf":
		return math.Inf(1), true
	case "-inf":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// dynLiteral returns the value of the inside of dynamic(...).
func (ev *evaluator) dynLiteral(e kql.Expr) (Value, error) {
	switch e := e.(type) {
	case nil:
		return dynNull, nil
	case *kql.BasicLit:
		v, err := ev.literal(e)
		if err != nil {
			return Value{}, err
		}
		return toDyn(v), nil
	case *kql.CompoundString:
		s, _ := kql.StringValue(e)
		return toDyn(NewString(s)), nil
	case *kql.UnaryExpr:
		v, err := ev.dynLiteral(e.X)
		if err != nil {
			return Value{}, err
		}
		if e.Op == "-" {
			u := v.unwrap()
			switch u.typ {
			case TypeLong, TypeInt:
				u.n = -u.n
			case TypeReal:
				u = NewReal(-u.real())
			case TypeTimespan:
				u.n = -u.n
			default:
				return Value{}, ev.errorAt(e, "invalid dynamic literal")
			}
			return toDyn(u), nil
		}
		return v, nil
	case *kql.ArrayLit:
		elems := make([]Value, len(e.Elems))
		for i, x := range e.Elems {
			v, err := ev.dynLiteral(x)
			if err != nil {
				return Value{}, err
			}
			elems[i] = v
		}
		return dynArray(elems), nil
	case *kql.ObjectLit:
		b := &propBag{}
		for _, f := range e.Fields {
			k, err := kql.Unquote(f.Key.Value)
			if err != nil {
				k = f.Key.Value
			}
			v, err := ev.dynLiteral(f.Value)
			if err != nil {
				return Value{}, err
			}
			b.set(k, v)
		}
		return dynBag(b), nil
	case *kql.Ident:
		switch e.Name {
		case "null":
			return dynNull, nil
		case "true":
			return toDyn(NewBool(true)), nil
		case "false":
			return toDyn(NewBool(false)), nil
		}
	}
	return Value{}, ev.errorAt(e, "invalid dynamic literal")
}

// ---------------------------------------------------------------------------
// Lifting Go functions over compiled arguments, with constant folding.

func lift1(typ Type, a *cexpr, f func(Value) Value) *cexpr {
	if a.konst {
		return constant(coerce(f(a.fn(0)), typ))
	}
	af := a.fn
	return &cexpr{typ: typ, fn: func(i int) Value { return f(af(i)) }}
}

func lift2(typ Type, a, b *cexpr, f func(Value, Value) Value) *cexpr {
	if a.konst && b.konst {
		return constant(coerce(f(a.fn(0), b.fn(0)), typ))
	}
	af, bf := a.fn, b.fn
	return &cexpr{typ: typ, fn: func(i int) Value { return f(af(i), bf(i)) }}
}

func lift3(typ Type, a, b, d *cexpr, f func(Value, Value, Value) Value) *cexpr {
	if a.konst && b.konst && d.konst {
		return constant(coerce(f(a.fn(0), b.fn(0), d.fn(0)), typ))
	}
	af, bf, df := a.fn, b.fn, d.fn
	return &cexpr{typ: typ, fn: func(i int) Value { return f(af(i), bf(i), df(i)) }}
}

func liftN(typ Type, args []*cexpr, f func([]Value) Value) *cexpr {
	konst := true
	for _, a := range args {
		konst = konst && a.konst
	}
	if konst {
		vals := make([]Value, len(args))
		for k, a := range args {
			vals[k] = a.fn(0)
		}
		return constant(coerce(f(vals), typ))
	}
	fns := make([]func(int) Value, len(args))
	for k, a := range args {
		fns[k] = a.fn
	}
	return &cexpr{typ: typ, fn: func(i int) Value {
		vals := make([]Value, len(fns))
		for k, fn := range fns {
			vals[k] = fn(i)
		}
		return f(vals)
	}}
}

// coerce makes sure a constant carries the static type typ (a function may
// return, say, a null of another type).
func coerce(v Value, typ Type) Value {
	if v.typ == typ || typ == 0 {
		return v
	}
	if v.null || v.typ == 0 {
		return Null(typ)
	}
	if typ == TypeDynamic {
		return toDyn(v)
	}
	if typ.isNumeric() && v.typ.isNumeric() {
		return convertNumeric(v, typ)
	}
	return v
}

// convertNumeric converts between int, long and real (truncating toward
// zero, as KQL's toint/tolong do).
func convertNumeric(v Value, t Type) Value {
	if v.null {
		return Null(t)
	}
	switch t {
	case TypeReal:
		f, _ := v.Real()
		return NewReal(f)
	case TypeLong:
		n, ok := v.Long()
		if !ok {
			return Null(TypeLong)
		}
		return NewLong(n)
	case TypeInt:
		n, ok := v.Long()
		if !ok {
			return Null(TypeInt)
		}
		return NewInt(int32(n))
	}
	return v
}

// ---------------------------------------------------------------------------
// Operators

func (c *compiler) unary(e *kql.UnaryExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	if e.Op == "+" {
		return x, nil
	}
	switch x.typ {
	case TypeLong, TypeInt, TypeReal, TypeTimespan, TypeDynamic:
	default:
		return nil, c.errorAt(e, "cannot negate a %s value", x.typ)
	}
	return lift1(x.typ, x, negate), nil
}

func negate(v Value) Value {
	if v.null {
		return v
	}
	switch v.typ {
	case TypeLong, TypeTimespan:
		v.n = -v.n
		return v
	case TypeInt:
		return NewInt(int32(-v.n))
	case TypeReal:
		return NewReal(-v.real())
	case TypeDynamic:
		u := v.unwrap()
		if u.typ == TypeDynamic {
			return dynNull
		}
		return toDyn(negate(u))
	}
	return v
}

// searchTerm compiles Column:"term", the search predicate, which outside
// search means Column has "term". In search, a * in the term makes it a
// prefix, suffix or regular-expression match; that is not supported.
func (c *compiler) searchTerm(e *kql.BinaryExpr) (*cexpr, error) {
	term, ok := kql.StringValue(e.Y)
	if !ok {
		return nil, c.ev.unsupported(e, "the : operator (Column:\"term\") is supported with a string literal term only")
	}
	if strings.Contains(term, "*") {
		return nil, c.ev.unsupported(e.Y, "a * in the term of Column:\"term\" is not supported")
	}
	return c.stringOp(&kql.BinaryExpr{X: e.X, OpPos: e.OpPos, Op: "has", Y: e.Y})
}

func (c *compiler) binary(e *kql.BinaryExpr) (*cexpr, error) {
	switch op := e.Op; op {
	case "and", "or":
		return c.logical(e)
	case "==", "!=", "<>", "<", "<=", ">", ">=":
		return c.comparison(e)
	case "+", "-", "*", "/", "%":
		return c.arithmetic(e)
	case ":":
		return c.searchTerm(e)
	}
	if alias, ok := strOpAliases[e.Op]; ok {
		return c.stringOp(&kql.BinaryExpr{X: e.X, OpPos: e.OpPos, Op: alias, Y: e.Y})
	}
	if strOps[normStrOp(e.Op)] != nil || e.Op == "matches regex" {
		return c.stringOp(e)
	}
	return nil, c.ev.unsupported(e, "the %s operator is not supported", e.Op)
}

// strOpAliases are the older spellings of string operators that the
// official parser (Kusto.Language 12.4.1, SyntaxFacts) maps to the same
// expression kinds as the documented ones: containscs is a
// ContainsCsExpression as contains_cs is, notcontains a
// NotContainsExpression as !contains is.
var strOpAliases = map[string]string{
	"containscs":    "contains_cs",
	"notcontains":   "!contains",
	"notcontainscs": "!contains_cs",
}

func (c *compiler) logical(e *kql.BinaryExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	y, err := c.expr(e.Y)
	if err != nil {
		return nil, err
	}
	for _, o := range []struct {
		x *cexpr
		n kql.Expr
	}{{x, e.X}, {y, e.Y}} {
		if o.x.typ != TypeBool && o.x.typ != TypeDynamic {
			return nil, c.errorAt(o.n, "the operands of %s must be bool, not %s", e.Op, o.x.typ)
		}
	}
	and := e.Op == "and"
	f := func(a, b func(int) Value) func(int) Value {
		return func(i int) Value {
			l, lok := a(i).Bool()
			if lok && l != and { // false and _, true or _
				return NewBool(l)
			}
			r, rok := b(i).Bool()
			if rok && r != and {
				return NewBool(r)
			}
			if lok && rok {
				return NewBool(and)
			}
			return Null(TypeBool)
		}
	}
	out := &cexpr{typ: TypeBool, fn: f(x.fn, y.fn)}
	if x.konst && y.konst {
		return constant(out.fn(0)), nil
	}
	return out, nil
}

// comparable reports whether values of types a and b can be compared.
func comparableTypes(a, b Type) bool {
	switch {
	case a == b:
		return true
	case a == TypeDynamic || b == TypeDynamic:
		return true
	case a.isNumeric() && b.isNumeric():
		return true
	case a == TypeGUID && b == TypeString, a == TypeString && b == TypeGUID:
		return true
	}
	return false
}

// dateConflictReason explains a comparison of a datetime with a string
// column that sample data made a string although some of its values are
// datetimes (see typeConflict), or returns "". Such a comparison fails
// rather than silently comparing text.
func dateConflictReason(xs ...*cexpr) string {
	hasDate := false
	for _, x := range xs {
		hasDate = hasDate || x.typ == TypeDateTime
	}
	if !hasDate {
		return ""
	}
	for _, x := range xs {
		if x.typ == TypeString && x.col != nil && x.col.conflict != nil {
			return x.col.conflict.reason()
		}
	}
	return ""
}

func (c *compiler) comparison(e *kql.BinaryExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	y, err := c.expr(e.Y)
	if err != nil {
		return nil, err
	}
	if !comparableTypes(x.typ, y.typ) {
		if r := dateConflictReason(x, y); r != "" {
			return nil, c.errorAt(e, "cannot compare %s and %s with %s: %s", x.typ, y.typ, e.Op, r)
		}
		if e.Op == "==" || e.Op == "!=" || e.Op == "<>" {
			// The official analysis accepts equality between any two
			// scalars (Equal and NotEqual take any scalar on the right),
			// so this is valid KQL; what Kusto answers for values of
			// different types is not documented, and the evaluator does
			// not guess it. The reference's numerical and string operator
			// pages define == only within numbers and within strings;
			// Kusto.Language 12.4.1 inserts no conversion (its Equal
			// signature takes any scalar and binds no promotion) and
			// rejects the ordering operators (KS106, "The operator '>' is
			// not defined for the operand types string and long"). Users
			// report both that the service refuses such comparisons
			// ("Cannot compare values of types string and long. Try
			// adding explicit casts", microsoft/BCTech#24, for >) and
			// that SigninLogs | where ResultType in (50053, 50126)
			// returns rows (Azure/Azure-Sentinel#13176): neither is the
			// reference, so == and in between types stay refused.
			return nil, c.ev.unsupported(e, "comparing %s and %s with %s is not supported: the official analysis accepts it, but Kusto does not document how values of different types compare; convert one side (tostring(), tolong(), ...)", x.typ, y.typ, e.Op)
		}
		return nil, c.errorAt(e, "cannot compare %s and %s with %s", x.typ, y.typ, e.Op)
	}
	op := e.Op
	if (op != "==" && op != "!=" && op != "<>") && (x.typ == TypeBool || y.typ == TypeBool) {
		return nil, c.errorAt(e, "cannot order bool values with %s", op)
	}
	var f func(a, b Value) Value
	switch op {
	case "==":
		f = func(a, b Value) Value { return equalsOp(a, b, false) }
	case "!=", "<>":
		f = func(a, b Value) Value { return equalsOp(a, b, true) }
	default:
		f = func(a, b Value) Value {
			if a.null || b.null {
				return Null(TypeBool)
			}
			r, ok := compareValues(a, b)
			if !ok {
				return Null(TypeBool)
			}
			switch op {
			case "<":
				return NewBool(r < 0)
			case "<=":
				return NewBool(r <= 0)
			case ">":
				return NewBool(r > 0)
			}
			return NewBool(r >= 0)
		}
	}
	return lift2(TypeBool, x, y, f), nil
}

// equalsOp implements == (and != when not): null == null is null; null ==
// a value is false.
func equalsOp(a, b Value, not bool) Value {
	an, bn := a.null, b.null
	if a.typ == TypeDynamic && !an {
		a = a.unwrap()
	}
	if b.typ == TypeDynamic && !bn {
		b = b.unwrap()
	}
	if an && bn {
		return Null(TypeBool)
	}
	if an || bn {
		return NewBool(not)
	}
	return NewBool(valuesEqual(a, b) != not)
}

// valuesEqual reports whether two non-null values are equal, comparing
// numbers by value, guids with strings case-insensitively, and arrays and
// bags by their JSON.
func valuesEqual(a, b Value) bool {
	a, b = a.unwrap(), b.unwrap()
	if a.null || b.null {
		return a.null && b.null
	}
	if a.typ == TypeDynamic || b.typ == TypeDynamic {
		if a.typ != b.typ {
			return false
		}
		return string(appendJSON(nil, a)) == string(appendJSON(nil, b))
	}
	if a.typ == b.typ && a.typ != TypeReal {
		return a.n == b.n && a.s == b.s
	}
	r, ok := compareValues(a, b)
	return ok && r == 0
}

// compareValues orders two non-null values of comparable types. ok is false
// when they cannot be ordered (different kinds, NaN, arrays).
func compareValues(a, b Value) (int, bool) {
	a, b = a.unwrap(), b.unwrap()
	if a.null || b.null {
		return 0, false
	}
	switch {
	case (a.typ == TypeLong || a.typ == TypeInt) && (b.typ == TypeLong || b.typ == TypeInt):
		return cmpInt(a.n, b.n), true
	case a.typ.isNumeric() && b.typ.isNumeric():
		x, _ := a.Real()
		y, _ := b.Real()
		if math.IsNaN(x) || math.IsNaN(y) {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case a.typ == TypeString && b.typ == TypeString:
		return strings.Compare(a.s, b.s), true
	case a.typ == TypeGUID && b.typ == TypeGUID:
		return strings.Compare(a.s, b.s), true
	case a.typ == TypeGUID && b.typ == TypeString:
		return strings.Compare(a.s, strings.ToLower(b.s)), true
	case a.typ == TypeString && b.typ == TypeGUID:
		return strings.Compare(strings.ToLower(a.s), b.s), true
	case a.typ == b.typ && (a.typ == TypeDateTime || a.typ == TypeTimespan || a.typ == TypeBool):
		return cmpInt(a.n, b.n), true
	}
	return 0, false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// arithType returns the result type of a binary arithmetic operator.
func arithType(op string, a, b Type) (Type, bool) {
	if a == TypeDynamic || b == TypeDynamic {
		return TypeDynamic, true
	}
	switch {
	case a.isNumeric() && b.isNumeric():
		switch {
		case a == TypeReal || b == TypeReal:
			return TypeReal, true
		case a == TypeLong || b == TypeLong:
			return TypeLong, true
		}
		return TypeInt, true
	case a == TypeDateTime && b == TypeDateTime && op == "-":
		return TypeTimespan, true
	case a == TypeDateTime && b == TypeTimespan && (op == "+" || op == "-"):
		return TypeDateTime, true
	case a == TypeTimespan && b == TypeDateTime && op == "+":
		return TypeDateTime, true
	case a == TypeTimespan && b == TypeTimespan:
		switch op {
		case "+", "-", "%":
			return TypeTimespan, true
		case "/":
			return TypeReal, true
		}
	case a == TypeTimespan && b.isNumeric() && (op == "*" || op == "/"):
		return TypeTimespan, true
	case a.isNumeric() && b == TypeTimespan && op == "*":
		return TypeTimespan, true
	}
	return 0, false
}

func (c *compiler) arithmetic(e *kql.BinaryExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	y, err := c.expr(e.Y)
	if err != nil {
		return nil, err
	}
	typ, ok := arithType(e.Op, x.typ, y.typ)
	if !ok {
		return nil, c.errorAt(e, "cannot apply %s to %s and %s", e.Op, x.typ, y.typ)
	}
	op := e.Op[0]
	return lift2(typ, x, y, func(a, b Value) Value {
		if typ == TypeDynamic {
			if a.null || b.null {
				return dynNull
			}
			a, b = a.unwrap(), b.unwrap()
			t, ok := arithType(e.Op, a.typ, b.typ)
			if !ok || t == TypeDynamic {
				return dynNull
			}
			return toDyn(arith(op, a, b, t))
		}
		if a.null || b.null {
			return Null(typ)
		}
		return arith(op, a, b, typ)
	}), nil
}

// arith applies an arithmetic operator to two non-null, non-dynamic values
// whose result type is typ.
func arith(op byte, a, b Value, typ Type) Value {
	switch typ {
	case TypeLong, TypeInt:
		x, y := a.n, b.n
		var r int64
		switch op {
		case '+':
			r = x + y
		case '-':
			r = x - y
		case '*':
			r = x * y
		case '/':
			if y == 0 {
				return Null(typ)
			}
			r = x / y
		case '%':
			if y == 0 {
				return Null(typ)
			}
			r = x % y
		}
		if typ == TypeInt {
			return NewInt(int32(r))
		}
		return NewLong(r)
	case TypeReal:
		if a.typ == TypeTimespan { // timespan / timespan
			return NewReal(float64(a.n) / float64(b.n))
		}
		x, _ := a.Real()
		y, _ := b.Real()
		switch op {
		case '+':
			return NewReal(x + y)
		case '-':
			return NewReal(x - y)
		case '*':
			return NewReal(x * y)
		case '/':
			return NewReal(x / y)
		case '%':
			return NewReal(math.Mod(x, y))
		}
	case TypeDateTime:
		switch {
		case a.typ == TypeDateTime && op == '+':
			return dateTimeTicks(a.n + b.n)
		case a.typ == TypeDateTime && op == '-':
			return dateTimeTicks(a.n - b.n)
		default: // timespan + datetime
			return dateTimeTicks(a.n + b.n)
		}
	case TypeTimespan:
		switch {
		case a.typ == TypeDateTime: // datetime - datetime
			return timespanTicks(a.n - b.n)
		case a.typ == TypeTimespan && b.typ == TypeTimespan:
			switch op {
			case '+':
				return timespanTicks(a.n + b.n)
			case '-':
				return timespanTicks(a.n - b.n)
			case '%':
				if b.n == 0 {
					return Null(TypeTimespan)
				}
				return timespanTicks(a.n % b.n)
			}
		case a.typ == TypeTimespan: // timespan * or / number
			if b.typ == TypeReal {
				f := b.real()
				if op == '/' {
					f = 1 / f
				}
				r := float64(a.n) * f
				if math.IsNaN(r) || math.IsInf(r, 0) {
					return Null(TypeTimespan)
				}
				return timespanTicks(int64(math.Round(r)))
			}
			if op == '/' {
				if b.n == 0 {
					return Null(TypeTimespan)
				}
				return timespanTicks(a.n / b.n)
			}
			return timespanTicks(a.n * b.n)
		default: // number * timespan
			return arith(op, b, a, typ)
		}
	}
	return Null(typ)
}

func (c *compiler) between(e *kql.BetweenExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	lo, err := c.expr(e.Low)
	if err != nil {
		return nil, err
	}
	hi, err := c.expr(e.High)
	if err != nil {
		return nil, err
	}
	span := false
	switch {
	case x.typ == TypeDateTime && lo.typ == TypeDateTime && hi.typ == TypeTimespan:
		span = true
	case comparableTypes(x.typ, lo.typ) && comparableTypes(x.typ, hi.typ):
	default:
		if r := dateConflictReason(x, lo, hi); r != "" {
			return nil, c.errorAt(e, "cannot use between with %s, %s and %s: %s", x.typ, lo.typ, hi.typ, r)
		}
		return nil, c.errorAt(e, "cannot use between with %s, %s and %s", x.typ, lo.typ, hi.typ)
	}
	not := e.Op == "!between"
	return lift3(TypeBool, x, lo, hi, func(v, l, h Value) Value {
		if v.null || l.null || h.null {
			return Null(TypeBool)
		}
		if span {
			h = dateTimeTicks(l.n + h.n)
		}
		a, ok1 := compareValues(v, l)
		b, ok2 := compareValues(v, h)
		if !ok1 || !ok2 {
			return Null(TypeBool)
		}
		return NewBool((a >= 0 && b <= 0) != not)
	}), nil
}

// selector compiles X.name on a dynamic value.
func (c *compiler) selector(e *kql.SelectorExpr) (*cexpr, error) {
	if ix, ok := e.Sel.(*kql.IndexExpr); ok && ix.X == nil {
		// x.[0] and x.['k'] are x[0] and x['k'] (the official grammar's
		// path element in brackets).
		return c.index(&kql.IndexExpr{X: e.X, Lbrack: ix.Lbrack, Index: ix.Index, Rbrack: ix.Rbrack})
	}
	sel, ok := e.Sel.(*kql.Ident)
	if !ok {
		return nil, c.ev.unsupported(e, "method calls on values are not supported")
	}
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	if x.typ != TypeDynamic {
		return nil, c.errorAt(e, "cannot access .%s of a %s value", sel.Name, x.typ)
	}
	name := sel.Name
	return lift1(TypeDynamic, x, func(v Value) Value { return v.member(name) }), nil
}

// index compiles X[i] (arrays) and X["key"] (bags).
func (c *compiler) index(e *kql.IndexExpr) (*cexpr, error) {
	x, err := c.expr(e.X)
	if err != nil {
		return nil, err
	}
	if x.typ != TypeDynamic {
		return nil, c.errorAt(e, "cannot index a %s value", x.typ)
	}
	k, err := c.expr(e.Index)
	if err != nil {
		return nil, err
	}
	switch k.typ {
	case TypeString, TypeLong, TypeInt, TypeDynamic, TypeBool:
	default:
		return nil, c.errorAt(e.Index, "an index must be a string or an integer, not %s", k.typ)
	}
	return lift2(TypeDynamic, x, k, func(v, key Value) Value {
		key = key.unwrap()
		if key.null {
			return dynNull
		}
		switch key.typ {
		case TypeString:
			return v.member(key.s)
		case TypeLong, TypeInt, TypeBool:
			return v.index(key.n)
		case TypeReal:
			return v.index(int64(key.real()))
		}
		return dynNull
	}), nil
}

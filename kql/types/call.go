package types

import (
	"fmt"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// This file checks a call of a built-in function, aggregate or plugin,
// and a scalar operator, against the catalog, the way Kusto.Language's
// binder does (Binder_FunctionCalls.cs, Binder_Operators.cs and the Check
// methods of Binder_Misc.cs): it lays the arguments out on the parameters
// of each signature, picks the best matching signature, checks the
// argument count, the argument types and forms, and computes the result
// type.
//
// Two departures from the package, both to avoid false errors. The
// binder's Kind has one Dynamic where the package knows arrays, property
// bags and dynamic(long): a Dynamic argument is the package's plain
// dynamic, which every check that takes some dynamic value accepts,
// unless its shape is known (a dynamic literal, a call of a built-in that
// declares its result's shape, argument.Shape). And Unknown (what the
// binder could not type) is accepted everywhere, tabular parameters
// included, and never makes a diagnostic.

// argument is one argument of a call as the binder has typed it.
type argument struct {
	// Expr is the argument's syntax: for name = value, the *kql.NamedExpr.
	Expr kql.Expr
	// Name is the parameter name of a named argument (name = value), or "".
	Name string
	// Type is the argument's type: a Kind, a *Schema for a tabular
	// argument, a *Tuple; nil or Unknown when it is not known.
	Type Type
	// Star says the argument is *.
	Star bool
	// Const says the argument is a constant as KQL folds it: a literal,
	// a let-bound constant, a scalar parameter of a function, or an
	// operator or constant-foldable call over constants.
	Const bool
	// Value is the constant's value when Const and known: string, int64,
	// float64, bool, time.Duration, time.Time, or nil.
	Value any
	// Column is the column the argument is (Binder.GetResultColumn): a
	// column reference, possibly parenthesized, the value of name =
	// column, or a conversion of a column to its own type (tostring(s) of
	// a string s); nil otherwise.
	Column *Column
	// Shape is what is known of the shape of a Dynamic argument, if the
	// binder keeps it (the column of extend p = parse_user_agent(...)):
	// see callShape. A call of a built-in as the argument, and a dynamic
	// literal, get their shape from their syntax without it.
	Shape Shape
	// ResultName is the column name KQL infers for the argument
	// (Binder.GetExpressionResultName): a column's name, a_b for a.b on
	// a dynamic value, a call's result name, or "".
	ResultName string
}

// callSite is a call being checked.
type callSite struct {
	Call *kql.CallExpr
	Fun  *Builtin
	Args []argument
	// Row is the row schema in scope: the input of summarize for an
	// aggregate, of evaluate for a plugin, of extend or where for a
	// scalar function. nil when there is none (print, a let value).
	Row *Schema
	// By are the columns the by clause of the enclosing summarize refers
	// to, for arg_max(x, *) and take_any(*), which leave them out.
	By []*Column

	// ResultShape is set by checkCall: the shape of a Dynamic result
	// that the arguments give it, such as iff(c, split(s, "/")[0], d["x"]),
	// a dynamic string. (The shapes that functions declare are callShape's.)
	ResultShape Shape
}

// Tuple is the type of a call that makes several columns at once, such
// as series_fit_line(y) (series_fit_line_y_rsquare, ..._slope...) or
// arg_max(x, *): in extend and summarize each column becomes a column of
// the output, and (a, b) = f(x) renames them in order. A one-column tuple
// is usable as a scalar of its column's type.
type Tuple struct {
	Columns []*Column
}

func (*Tuple) isType() {}

// String returns the tuple as KQL writes a schema: (a:real, b:long).
func (t *Tuple) String() string { return (&Schema{Columns: t.Columns}).String() }

// argument types, as the checks see them: a Kind, or one of these. A
// dynamic literal has the finer type the package gives it, from its
// syntax: dynamic([1, 2]) is an array of long, dynamic({}) a property
// bag, dynamic(1) a dynamic long; a dynamic value the binder typed is the
// plain Dynamic, which may be any of them.
type argType uint8

const (
	argTable       argType = 100 + iota // a tabular value
	argTypeLit                          // a typeof(...) literal: the package's scalar type "type"
	argDynBag      argType = 120        // a dynamic property bag
	argDynArray    argType = 121        // a dynamic array of dynamic (mixed or nested elements)
	argDynArrayOf  argType = 130        // + Kind: a dynamic array of that kind
	argDynScalarOf argType = 150        // + Kind: a dynamic value of that kind: dynamic(1)
)

// isDynamic reports whether t is dynamic, plain or of a known shape (the
// package's DynamicSymbol).
func (t argType) isDynamic() bool { return t == argType(Dynamic) || t >= argDynBag }

// isDynamicArray is TypeFacts.IsDynamicArray: an array, or plain dynamic.
func (t argType) isDynamicArray() bool {
	return t == argType(Dynamic) || t == argDynArray || t >= argDynArrayOf && t < argDynScalarOf
}

// isDynamicBag is TypeFacts.IsDynamicBag: a bag, or plain dynamic.
func (t argType) isDynamicBag() bool { return t == argType(Dynamic) || t == argDynBag }

// conversion is Kusto.Language's Conversion: the conversions allowed
// between two scalar types, each subsuming the ones before it.
type conversion uint8

const (
	convNone       conversion = iota // same type only
	convPromotable                   // widening: int to long to real to decimal, dynamic to string
	convDynamic                      // any scalar to dynamic
	convCompatible                   // widening or narrowing
	convAny
)

// matchKind is the package's ParameterMatchKind: how well an argument
// matches a parameter, worst first.
type matchKind uint8

const (
	matchNone matchKind = iota
	matchUnknown
	matchDynamic
	matchCompatible
	matchPromoted
	matchNotType
	matchOneOfMany
	matchScalar
	matchSummable
	matchOrderable
	matchNumber
	matchInteger
	matchTabular
	matchTable
	matchDatabase
	matchCluster
	matchExact
)

// unknownParameter is the package's Signature.UnknownParameter, the
// parameter of an argument beyond a signature's parameters.
var unknownParameter = &Parameter{TypeKind: ParamDeclared, Types: []Kind{Unknown}, MinOccur: 1, MaxOccur: 1}

// call is a call being checked: the site with its arguments' syntax and
// types worked out once.
type call struct {
	site  *callSite
	args  []*argument
	exprs []kql.Expr // the underlying expressions, without name =
	types []argType

	// For an operator: the operator's span, where call-level
	// diagnostics go.
	operator     bool
	opName       string
	opPos, opEnd kql.Pos
}

func newCall(site *callSite) *call {
	c := &call{site: site}
	for i := range site.Args {
		a := &site.Args[i]
		c.args = append(c.args, a)
		c.exprs = append(c.exprs, underlying(a.Expr))
		c.types = append(c.types, typeOfArgument(a))
	}
	return c
}

// underlying returns the expression under a name = value.
func underlying(e kql.Expr) kql.Expr {
	for {
		switch x := e.(type) {
		case *kql.NamedExpr:
			e = x.Value
		case *kql.SortExpr:
			e = x.X
		default:
			return e
		}
	}
}

// typeOfArgument returns the type of an argument as the checks see it.
func typeOfArgument(a *argument) argType {
	switch e := unparen(underlying(a.Expr)).(type) {
	case *kql.TypeOfExpr:
		return argTypeLit
	case *kql.DynamicLit:
		return dynamicLiteralType(e.Value)
	}
	switch t := a.Type.(type) {
	case Kind:
		if t > Dynamic {
			return argType(Unknown)
		}
		if t == Dynamic {
			shape := a.Shape
			if shape == ShapeAny {
				shape = nestedCallShape(unparen(underlying(a.Expr)))
			}
			return shapeType(shape)
		}
		return argType(t)
	case *Schema:
		if t != nil {
			return argTable
		}
	case *Tuple:
		// A one-column tuple is assignable to a scalar of its type.
		if t != nil && len(t.Columns) == 1 && t.Columns[0] != nil && t.Columns[0].Type <= Dynamic {
			return argType(t.Columns[0].Type)
		}
	}
	return argType(Unknown)
}

// nestedCallShape returns the shape of the result of e when e is a call
// of a built-in scalar function that declares one. (A built-in's name
// always means the built-in: let functions do not shadow it. Names that
// are also aggregates are left out, as the call may be the aggregate, and
// so are the graph functions, unknown outside graph-match.)
func nestedCallShape(e kql.Expr) Shape {
	call, ok := e.(*kql.CallExpr)
	if !ok {
		return ShapeAny
	}
	id, ok := call.Fun.(*kql.Ident)
	if !ok || lookupBuiltin(AggregateFunction, id.Name) != nil {
		return ShapeAny
	}
	fn := lookupBuiltin(ScalarFunction, id.Name)
	if fn == nil || fn.GraphOnly {
		// A graph function outside graph-match is no function at all.
		return ShapeAny
	}
	return callShape(fn)
}

// shapeType returns the argument type of a dynamic value of a shape.
func shapeType(s Shape) argType {
	switch {
	case s == ShapeBag:
		return argDynBag
	case s == ShapeArray:
		return argDynArray
	case s >= ShapeScalarOf && s < ShapeScalarOf+Shape(Dynamic):
		return argDynScalarOf + argType(s-ShapeScalarOf)
	case s >= ShapeArrayOf && s < ShapeArrayOf+Shape(Dynamic):
		return argDynArrayOf + argType(s-ShapeArrayOf)
	}
	return argType(Dynamic)
}

func unparen(e kql.Expr) kql.Expr {
	for {
		p, ok := e.(*kql.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// dynamicLiteralType returns the type the package gives dynamic(v): a
// bag, an array of the elements' common kind (ignoring nulls; of dynamic
// when they differ or nest), a dynamic scalar, or plain dynamic for null.
func dynamicLiteralType(v kql.Expr) argType {
	switch v := v.(type) {
	case *kql.ObjectLit:
		return argDynBag
	case *kql.ArrayLit:
		elem := Unknown
		for _, e := range v.Elems {
			k := jsonScalarKind(e)
			switch {
			case k == Unknown:
				if lit, ok := e.(*kql.BasicLit); ok && lit.Kind == kql.NullLit {
					continue
				}
				return argDynArray
			case elem == Unknown:
				elem = k
			case elem != k:
				return argDynArray
			}
		}
		if elem == Unknown {
			return argDynArray
		}
		return argDynArrayOf + argType(elem)
	}
	if k := jsonScalarKind(v); k != Unknown {
		return argDynScalarOf + argType(k)
	}
	return argType(Dynamic)
}

// jsonScalarKind returns the kind of a scalar inside dynamic(...), with
// int as long (the package has no dynamic int), or Unknown.
func jsonScalarKind(e kql.Expr) Kind {
	if u, ok := e.(*kql.UnaryExpr); ok {
		e = u.X
	}
	lit, ok := e.(*kql.BasicLit)
	if !ok {
		return Unknown
	}
	switch lit.Kind {
	case kql.NullLit, kql.IllegalLit:
		return Unknown
	case kql.IntLit:
		return Long
	}
	return litKindOf(lit.Kind)
}

// litKindOf returns the Kind of a literal kind.
func litKindOf(k kql.LitKind) Kind {
	switch k {
	case kql.StringLit:
		return String
	case kql.LongLit:
		return Long
	case kql.IntLit:
		return Int
	case kql.RealLit:
		return Real
	case kql.DecimalLit:
		return Decimal
	case kql.BoolLit:
		return Bool
	case kql.TimespanLit:
		return Timespan
	case kql.DateTimeLit:
		return DateTime
	case kql.GUIDLit:
		return GUID
	}
	return Unknown
}

func (t argType) isUnknown() bool { return t == argType(Unknown) }
func (t argType) isScalar() bool  { return t != argTable }

// The scalar flags of Kusto.Language's ScalarTypes; Unknown has them all.
func (t argType) isInteger() bool {
	return t == argType(Int) || t == argType(Long) || t.isUnknown()
}
func (t argType) isNumeric() bool {
	return t.isInteger() || t == argType(Real) || t == argType(Decimal)
}
func (t argType) isSummable() bool {
	return t.isNumeric() || t == argType(DateTime) || t == argType(Timespan)
}
func (t argType) isOrderable() bool {
	return t.isSummable() || t == argType(String) || t == argType(Bool)
}

// widerThan reports whether a value of type narrow promotes to wide:
// int to long, real and decimal; long to real and decimal; real to
// decimal; and (plain) dynamic to string.
func widerThan(wide, narrow argType) bool {
	switch wide {
	case argType(Long):
		return narrow == argType(Int)
	case argType(Real):
		return narrow == argType(Int) || narrow == argType(Long)
	case argType(Decimal):
		return narrow == argType(Int) || narrow == argType(Long) || narrow == argType(Real)
	case argType(String):
		return narrow == argType(Dynamic)
	}
	return false
}

// assignable is Symbol.IsAssignableTo: whether a value of type source
// may be passed where target is expected, with the conversions allowed.
func assignable(target, source argType, conv conversion) bool {
	switch {
	case target == source:
		return true
	case source.isUnknown() && target.isScalar(), target.isUnknown() && source.isScalar():
		return true
	case target == argType(Dynamic):
		return source.isDynamic() || source.isScalar() && conv >= convDynamic
	case target.isDynamic():
		// A shaped dynamic (from a literal) takes the dynamic values; the
		// package compares shapes, which kqlt does not know of the others.
		return source.isDynamic()
	case target == argTable || source == argTable || source.isDynamic() && source != argType(Dynamic):
		// Tables are assignable to tables only; a shaped dynamic only to
		// dynamic.
		return false
	}
	switch conv {
	case convPromotable, convDynamic:
		return conv == convPromotable && widerThan(target, source)
	case convCompatible:
		return widerThan(target, source) || widerThan(source, target)
	case convAny:
		return true
	}
	return false
}

func assignableToAny(targets []Kind, source argType, conv conversion) bool {
	for _, t := range targets {
		if assignable(argType(t), source, conv) {
			return true
		}
	}
	return false
}

// dynamicKinds says which common type a function's dynamic arguments of
// a kind (split(s, "/")[0] is a dynamic string) give, as Kusto.Language
// 12.4.1 computes it; it differs by function.
type dynamicKinds uint8

const (
	// dynamicKindsPlain: any shaped dynamics have plain dynamic in
	// common (the functions not verified against the official analysis
	// keep this, which never makes a false error).
	dynamicKindsPlain dynamicKinds = iota
	// dynamicKindsSame: a kind is kept when every argument has it
	// (coalesce).
	dynamicKindsSame
	// dynamicKindsWithPlain: a kind is kept with plain dynamic and with
	// itself (iff, iif, case): iff(c, split(s, "/")[0], d["x"]) is no
	// argument for todynamic, which takes a string or a plain dynamic.
	dynamicKindsWithPlain
)

// dynamicKindsOf returns how the function fun combines dynamic kinds.
func dynamicKindsOf(fun *Builtin) dynamicKinds {
	if fun == nil {
		return dynamicKindsPlain
	}
	switch fun.Name {
	case "iff", "iif", "case":
		return dynamicKindsWithPlain
	case "coalesce":
		return dynamicKindsSame
	}
	return dynamicKindsPlain
}

// commonType is TypeFacts.TryGetCommonType for the binder's types: the
// type both a and b convert to, with ok false when there is none. ok
// with a zero result means both are absent.
func commonType(a, b argType, aSet, bSet bool, conv conversion, kinds dynamicKinds) (argType, bool) {
	if ka, kb := aSet && a >= argDynScalarOf, bSet && b >= argDynScalarOf; ka || kb {
		switch {
		case kinds == dynamicKindsSame && ka && (!bSet || b == a):
			return a, true
		case kinds == dynamicKindsSame && kb && !aSet:
			return b, true
		case kinds == dynamicKindsWithPlain && ka && (!bSet || b == a || b == argType(Dynamic)):
			return a, true
		case kinds == dynamicKindsWithPlain && kb && (!aSet || a == argType(Dynamic)):
			return b, true
		}
	}
	// The common type of other shaped dynamics is some dynamic; kqlt
	// keeps plain Dynamic, which the checks of the arguments against it
	// accept as they accept the package's shapes.
	if a.isDynamic() {
		a = argType(Dynamic)
	}
	if b.isDynamic() {
		b = argType(Dynamic)
	}
	switch {
	case !aSet && !bSet:
		return 0, false
	case !bSet:
		return a, true
	case !aSet:
		return b, true
	case a == b:
		return a, true
	case a.isUnknown() || b.isUnknown():
		return argType(Unknown), true
	case a == argType(Dynamic) || b == argType(Dynamic):
		return argType(Dynamic), true
	case widerThan(b, a) && conv >= convPromotable:
		return b, true
	case widerThan(a, b) && conv >= convPromotable:
		return a, true
	case a == argTable && b == argTable:
		return argTable, true
	case a.isScalar() && b.isScalar() && conv >= convDynamic:
		return argType(Dynamic), true
	}
	return 0, false
}

// commonArgumentType is TypeFacts.GetCommonArgumentType: the common type
// of the arguments of the Common* parameters. ok is false when they have
// none (or there are no such arguments).
func (c *call) commonArgumentType(params []*Parameter, ignoreDynamic bool) (argType, bool) {
	var common argType
	set := false
	for i, t := range c.types {
		p := paramAt(params, i)
		if p == nil {
			continue
		}
		if ignoreDynamic && t.isDynamic() {
			continue
		}
		var conv conversion
		switch {
		case p.TypeKind == ParamCommonScalar && t.isScalar(),
			p.TypeKind == ParamCommonNumber && t.isNumeric(),
			p.TypeKind == ParamCommonSummable && t.isSummable(),
			p.TypeKind == ParamCommonOrderable && t.isOrderable():
			conv = convPromotable
		case p.TypeKind == ParamCommonScalarOrDynamic && t.isScalar():
			conv = convDynamic
		default:
			continue
		}
		var ok bool
		if common, ok = commonType(common, t, set, true, conv, dynamicKindsOf(c.site.Fun)); !ok {
			return 0, false
		}
		set = true
	}
	if !set && ignoreDynamic {
		return c.commonArgumentType(params, false)
	}
	return common, set
}

func paramAt(params []*Parameter, i int) *Parameter {
	if i >= 0 && i < len(params) {
		return params[i]
	}
	return nil
}

// isDefaultValueIndicator reports whether argument i is the parameter's
// "use the default" literal, such as autocluster's "~".
func (c *call) isDefaultValueIndicator(p *Parameter, i int) bool {
	if p.DefaultIndicator == "" || c.types[i] != argType(String) {
		return false
	}
	// The package looks at the argument itself, not through name =, and
	// wants a single literal token.
	lit, ok := c.args[i].Expr.(*kql.BasicLit)
	if !ok {
		return false
	}
	s, ok := stringLiteral(lit)
	return ok && s == p.DefaultIndicator
}

// matchKind is Binder.GetParameterMatchKind for a built-in (no implicit
// coercion of arguments): how argument i matches parameter p, given the
// parameters of the arguments laid out so far.
func (c *call) matchKind(params []*Parameter, p *Parameter, i int) matchKind {
	return c.matchKindDepth(params, p, i, 0)
}

func (c *call) matchKindDepth(params []*Parameter, p *Parameter, i, depth int) matchKind {
	t := c.types[i]
	switch {
	case p == nil:
		return matchNone
	case c.args[i].Star:
		// The package types * as the tuple of the row's columns, never
		// unknown.
		if p.Arg == ArgStarOnly || p.Arg == ArgStarAllowed {
			return matchExact
		}
		return matchNone
	case t.isUnknown():
		return matchUnknown
	case c.isDefaultValueIndicator(p, i):
		return matchExact
	case p.Arg == ArgStarOnly:
		return matchNone
	}
	switch p.TypeKind {
	case ParamAny:
		return matchUnknown
	case ParamDeclared:
		if p.TypeOf {
			if t == argTypeLit {
				return matchExact
			}
			return matchNone
		}
		switch {
		case assignableToAny(p.Types, t, convNone):
			if len(p.Types) == 1 {
				return matchExact
			}
			return matchOneOfMany
		case assignableToAny(p.Types, t, convPromotable):
			return matchPromoted
		}
	case ParamScalar:
		if t.isScalar() {
			return matchScalar
		}
	case ParamInteger:
		if t.isInteger() {
			return matchInteger
		}
	case ParamRealOrDecimal:
		if t == argType(Real) || t == argType(Decimal) {
			return matchOneOfMany
		}
	case ParamStringOrDynamic:
		if t == argType(String) || t.isDynamic() {
			return matchOneOfMany
		}
	case ParamStringOrArray:
		if isStringOrArray(t) {
			return matchOneOfMany
		}
	case ParamIntegerOrArray:
		if isIntegerOrArray(t) {
			return matchOneOfMany
		}
	case ParamDynamicArray:
		if t.isDynamicArray() {
			return matchOneOfMany
		}
	case ParamDynamicBag:
		if t.isDynamicBag() {
			return matchOneOfMany
		}
	case ParamNumber:
		if t.isNumeric() {
			return matchNumber
		}
	case ParamNumberOrBool:
		if t.isNumeric() || t == argType(Bool) {
			return matchNumber
		}
	case ParamSummable:
		if t.isSummable() {
			return matchSummable
		}
	case ParamOrderable:
		if t.isOrderable() {
			return matchOrderable
		}
	case ParamTabular:
		if t == argTable {
			return matchTabular
		}
	case ParamDatabase, ParamCluster:
		// The binder has no database or cluster values.
	case ParamNotBool:
		if !assignable(t, argType(Bool), convNone) {
			return matchNotType
		}
	case ParamNotRealOrBool:
		if !assignable(t, argType(Real), convNone) && !assignable(t, argType(Bool), convNone) {
			return matchNotType
		}
	case ParamNotDynamic:
		if t.isScalar() && !t.isDynamic() {
			return matchNotType
		}
	case ParamParameter0, ParamParameter1, ParamParameter2:
		if depth > 2 {
			return matchNone
		}
		return c.matchKindDepth(params, paramAt(params, int(p.TypeKind-ParamParameter0)), i, depth+1)
	case ParamCommonScalar, ParamCommonNumber, ParamCommonSummable, ParamCommonOrderable, ParamCommonScalarOrDynamic:
		if common, ok := c.commonArgumentType(params, false); ok {
			switch {
			case assignable(common, t, convNone):
				return matchExact
			case assignable(common, t, convPromotable):
				return matchPromoted
			case assignable(common, t, convDynamic):
				return matchDynamic
			case p.TypeKind == ParamCommonScalarOrDynamic && assignable(t, argType(Dynamic), convNone):
				return matchExact
			}
		}
	}
	return matchNone
}

// isStringOrArray is TypeFacts.IsStringOrArray: a string, or a dynamic
// that may be a string or an array of strings.
func isStringOrArray(t argType) bool {
	switch t {
	case argType(String), argType(Dynamic), argDynArray, argDynArrayOf + argType(String), argDynScalarOf + argType(String):
		return true
	}
	return false
}

// isIntegerOrArray is TypeFacts.IsIntegerOrArray: an integer, or a
// dynamic that may be a long or an array of longs.
func isIntegerOrArray(t argType) bool {
	switch t {
	case argType(Int), argType(Long), argType(Dynamic), argDynArray, argDynArrayOf + argType(Long), argDynScalarOf + argType(Long):
		return true
	}
	return false
}

// argumentParameters lays the arguments out on the parameters of sig
// (ParameterLayout.GetArgumentParameters): the parameter of each
// argument, unknownParameter for arguments beyond them.
func (c *call) argumentParameters(sig *Signature) []*Parameter {
	n := len(c.args)
	params := make([]*Parameter, 0, n)
	switch sig.Layout {
	case LayoutRepeating, LayoutRepeatingSkipping:
		params = c.repeatingLayout(sig, params, sig.Layout == LayoutRepeatingSkipping)
	case LayoutBlockRepeating:
		if hasRepeatable(sig) {
			params = blockRepeatingLayout(sig, n, params)
		} else {
			params = fixedLayout(sig, n, params)
		}
	case LayoutCustom:
		if layout := customLayouts[layoutKey(sig)]; layout != nil {
			params = layout(sig, c, params)
		} else {
			params = fixedLayout(sig, n, params)
		}
		// Like the package, fill what the layout left out; unlike it,
		// drop what it added beyond the arguments.
		for i := range params {
			if params[i] == nil {
				params[i] = unknownParameter
			}
		}
		for len(params) < n {
			params = append(params, unknownParameter)
		}
		params = params[:n]
	default:
		params = fixedLayout(sig, n, params)
	}
	return params
}

// fixedLayout gives the i-th argument the i-th parameter. (Built-ins
// take no named arguments: a name = value argument is positional.)
func fixedLayout(sig *Signature, n int, params []*Parameter) []*Parameter {
	for i := range n {
		if i < len(sig.Params) {
			params = append(params, sig.Params[i])
		} else {
			params = append(params, unknownParameter)
		}
	}
	return params
}

func hasRepeatable(sig *Signature) bool {
	for _, p := range sig.Params {
		if p.Repeatable() {
			return true
		}
	}
	return false
}

// repeatingLayout is RepeatingParameterLayout: a parameter takes
// arguments until it has MaxOccur of them or, once it has MinOccur, the
// next parameter matches the argument better.
func (c *call) repeatingLayout(sig *Signature, params []*Parameter, skipOptional bool) []*Parameter {
	cur, count := 0, 0
	for i := range c.args {
		if i >= sig.MaxArgs || len(sig.Params) == 0 {
			params = append(params, unknownParameter)
			continue
		}
		p := sig.Params[cur]
		if cur < len(sig.Params)-1 && count >= p.MaxOccur {
			cur++
			count = 0
			p = sig.Params[cur]
		}
		switch {
		case count < p.MinOccur || count == 0 && p.MinOccur == 0 && !skipOptional:
			params = append(params, p)
			count++
		case cur == len(sig.Params)-1:
			if count < p.MaxOccur {
				params = append(params, p)
				count++
			} else {
				params = append(params, unknownParameter)
			}
		default:
			// Compare with the next parameters to see which is better.
			curMatch := c.matchKind(params, p, i)
			for next := cur + 1; next < len(sig.Params); next++ {
				np := sig.Params[next]
				nextMatch := c.matchKind(params, np, i)
				if curMatch >= nextMatch && curMatch != matchNone {
					params = append(params, p)
					count++
				} else if nextMatch != matchNone {
					params = append(params, np)
					cur, count = next, 1
				} else if np.MinOccur == 0 && skipOptional && next < len(sig.Params)-1 {
					continue
				} else {
					params = append(params, p)
					count++
				}
				break
			}
		}
	}
	return params
}

// blockRepeatingLayout is BlockRepeatingParameterLayout: the repeatable
// parameters repeat together, as a block (key, value, key, value...).
func blockRepeatingLayout(sig *Signature, n int, params []*Parameter) []*Parameter {
	first, last := -1, -1
	for i, p := range sig.Params {
		if p.Repeatable() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	block := last - first + 1
	minRepeats, maxRepeats := sig.Params[first].MinOccur, sig.Params[first].MaxOccur
	after := len(sig.Params) - last - 1
	possible := (n - first) - after
	expected := min(block*maxRepeats, max(block*minRepeats, possible))
	groups := (expected + block - 1) / block
	lastRepeating := first + groups*block - 1
	for i := range n {
		switch {
		case i < first:
			params = append(params, sig.Params[i])
		case i <= lastRepeating:
			params = append(params, sig.Params[first+(i-first)%block])
		default:
			if k := last + (i - lastRepeating); k < len(sig.Params) {
				params = append(params, sig.Params[k])
			} else {
				params = append(params, unknownParameter)
			}
		}
	}
	return params
}

// validArgumentCount is ParameterLayout.IsValidArgumentCount.
func validArgumentCount(sig *Signature, n int) bool {
	if n < sig.MinArgs || n > sig.MaxArgs {
		return false
	}
	if sig.Layout == LayoutBlockRepeating && hasRepeatable(sig) {
		first, last := -1, -1
		for i, p := range sig.Params {
			if p.Repeatable() {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		block := last - first + 1
		fixed := len(sig.Params) - block
		return (n-fixed)%block == 0
	}
	return true
}

// signatureMatch caches how the arguments match a signature.
type signatureMatch struct {
	sig    *Signature
	params []*Parameter
	kinds  []matchKind
	count  int // arguments that match their parameter at all
	worst  matchKind
	best   matchKind
}

func (c *call) match(sig *Signature) *signatureMatch {
	m := &signatureMatch{sig: sig, params: c.argumentParameters(sig), worst: matchExact, best: matchNone}
	for i := range c.args {
		k := c.matchKind(m.params, m.params[i], i)
		m.kinds = append(m.kinds, k)
		if k != matchNone {
			m.count++
		}
		m.worst = min(m.worst, k)
		m.best = max(m.best, k)
	}
	return m
}

// bestSignatures is Binder.GetBestMatchingSignatures: the signatures
// whose argument count fits, reduced to the best matching. More than one
// means the call is ambiguous. With requireAll (binary and unary
// operators) a signature must match every argument.
func (c *call) bestSignatures(requireAll bool) []*signatureMatch {
	sigs := c.site.Fun.Signatures
	n := len(c.args)
	if len(sigs) == 0 {
		return nil
	}
	if len(sigs) == 1 {
		return []*signatureMatch{c.match(sigs[0])}
	}
	var candidates []*Signature
	closest, maxCount := 0, 0
	for _, s := range sigs {
		if n >= s.MinArgs && n <= s.MaxArgs {
			candidates = append(candidates, s)
		} else if n < s.MinArgs && closest > s.MinArgs {
			// (The package starts closest at 0, so this never holds
			// and the signatures with the most parameters are taken.)
			closest = s.MinArgs
		}
		maxCount = max(maxCount, s.MaxArgs)
	}
	if len(candidates) == 0 {
		if closest == 0 {
			closest = maxCount
		}
		for _, s := range sigs {
			if closest >= s.MinArgs && closest <= s.MaxArgs {
				candidates = append(candidates, s)
			}
		}
	}
	result := make([]*signatureMatch, len(candidates))
	for i, s := range candidates {
		result[i] = c.match(s)
	}
	if len(result) <= 1 && !requireAll {
		return result
	}
	most := 0
	for _, m := range result {
		most = max(most, m.count)
	}
	if requireAll {
		most = max(most, n)
	}
	kept := result[:0]
	for _, m := range result {
		if m.count == most {
			kept = append(kept, m)
		}
	}
	result = kept
	if len(result) <= 1 {
		return result
	}
	best := result[0]
	for _, m := range result[1:] {
		switch cmp := compareMatches(m, best, n); {
		case cmp > 0:
			best = m
		case cmp == 0:
			return result // ambiguous
		}
	}
	for _, m := range result {
		if m != best && compareMatches(best, m, n) <= 0 {
			return result // ambiguous
		}
	}
	return []*signatureMatch{best}
}

// compareMatches is Binder.CompareSignatureMatch: > 0 when m1 is the
// better match.
func compareMatches(m1, m2 *signatureMatch, n int) int {
	if m1.count == n && m2.count < n {
		return m1.count - m2.count
	}
	if m1.worst != m2.worst {
		return int(m1.worst) - int(m2.worst)
	}
	if m1.best != m2.best {
		return int(m1.best) - int(m2.best)
	}
	return m1.count - m2.count
}

// checkCall picks the signature for the arguments, checks their count,
// kinds and types as the official analysis does, and returns the result
// type with the diagnostics: CodeArgumentCount for a wrong number of
// arguments, CodeArgumentType for an argument the function cannot take.
// The result is a Kind for a scalar, a *Tuple for a call that makes
// several columns, or a *Schema for a plugin or tabular function (open
// when its columns cannot be known). It never panics.
func checkCall(site *callSite) (result Type, diags []Diagnostic) {
	if site == nil || site.Fun == nil {
		return Unknown, nil
	}
	c := newCall(site)
	matches := c.bestSignatures(false)
	if len(matches) == 1 {
		m := matches[0]
		diags = c.checkSignature(m)
		return c.result(m), diags
	}
	// No signature or several match equally well.
	fn := site.Fun
	switch {
	case len(c.args) == 0 && fn.MinArgs() > 0:
		diags = append(diags, c.countDiag(fmt.Sprintf("expects %s", argumentRange(fn.MinArgs(), fn.MaxArgs()))))
	case !c.anyUnknown():
		code := CodeArgumentType
		if !c.anyCountFits() {
			code = CodeArgumentCount
		}
		var types []string
		for i := range c.args {
			types = append(types, c.typeName(i))
		}
		diags = append(diags, c.callDiag(code, fmt.Sprintf("has no signature that takes (%s)", strings.Join(types, ", "))))
	}
	result = c.commonResult(matches)
	site.ResultShape = ShapeAny // the candidates may give the result different shapes
	return result, diags
}

func (c *call) anyUnknown() bool {
	for i, t := range c.types {
		if t.isUnknown() && !c.args[i].Star {
			return true
		}
	}
	return false
}

func (c *call) anyCountFits() bool {
	for _, s := range c.site.Fun.Signatures {
		if validArgumentCount(s, len(c.args)) {
			return true
		}
	}
	return false
}

// commonResult is Binder.GetCommonReturnType: the result type of an
// ambiguous call, when all candidate signatures agree on it.
func (c *call) commonResult(matches []*signatureMatch) Type {
	if len(matches) == 0 {
		return Unknown
	}
	first := c.result(matches[0])
	for _, m := range matches[1:] {
		if !sameType(first, c.result(m)) {
			return Unknown
		}
	}
	return first
}

func sameType(a, b Type) bool {
	ka, aok := a.(Kind)
	kb, bok := b.(Kind)
	return aok && bok && ka == kb
}

// checkSignature is Binder.CheckSignature for a built-in: the argument
// count, the common type of Common* arguments, then each argument.
func (c *call) checkSignature(m *signatureMatch) []Diagnostic {
	sig := m.sig
	n := len(c.args)
	if !validArgumentCount(sig, n) {
		switch {
		case hasRepeatable(sig) && (n < sig.MinArgs || n > sig.MaxArgs):
			return []Diagnostic{c.countDiag(fmt.Sprintf("expects %s", argumentRange(sig.MinArgs, sig.MaxArgs)))}
		case hasRepeatable(sig):
			return []Diagnostic{c.countDiag("has an incorrect number of arguments")}
		case n != len(sig.Params):
			return []Diagnostic{c.countDiag(fmt.Sprintf("expects %s", argumentRange(len(sig.Params), len(sig.Params))))}
		}
	}
	for _, p := range m.params {
		switch p.TypeKind {
		case ParamCommonNumber, ParamCommonSummable, ParamCommonOrderable, ParamCommonScalar, ParamCommonScalarOrDynamic:
			if _, ok := c.commonArgumentType(m.params, false); !ok {
				return []Diagnostic{c.callDiag(CodeArgumentType, "has arguments of types with no common type")}
			}
		}
	}
	var diags []Diagnostic
	for i := range c.args {
		diags = c.checkArgument(m, i, diags)
	}
	return diags
}

// checkArgument is Binder.CheckArgument: the type and the form of
// argument i.
func (c *call) checkArgument(m *signatureMatch, i int, diags []Diagnostic) []Diagnostic {
	p := m.params[i]
	a := c.args[i]
	t := c.types[i]
	if p == nil {
		return diags
	}
	if a.Star && !c.operator {
		if p.Arg != ArgStarOnly && p.Arg != ArgStarAllowed {
			diags = append(diags, c.argDiag(i, "cannot be *"))
		}
		return diags
	}
	if c.isDefaultValueIndicator(p, i) {
		return diags
	}
	if _, ok := a.Expr.(*kql.CompoundNamedExpr); ok {
		diags = append(diags, c.argDiag(i, "cannot be a compound named expression"))
	}
	if t.isUnknown() {
		// Nothing is known against the argument: its type, its form (the
		// package does not report an argument with an error type either).
		return diags
	}
	must := func(ok bool, what string) bool {
		if !ok {
			diags = append(diags, c.argDiag(i, fmt.Sprintf("must be %s, not %s", what, c.typeName(i))))
		}
		return ok
	}
	switch p.TypeKind {
	case ParamDeclared:
		if p.TypeOf {
			must(t == argTypeLit, "a typeof() literal")
			break
		}
		switch m.kinds[i] {
		case matchNone, matchCompatible:
			must(false, typeList(p.Types))
		}
	case ParamScalar:
		must(t.isScalar(), "a scalar")
	case ParamInteger:
		must(t.isInteger(), "int or long")
	case ParamRealOrDecimal:
		must(t == argType(Real) || t == argType(Decimal), "real or decimal")
	case ParamIntegerOrArray:
		must(isIntegerOrArray(t), "an integer or a dynamic array")
	case ParamStringOrDynamic:
		must(t == argType(String) || t.isDynamic(), "string or dynamic")
	case ParamStringOrArray:
		must(isStringOrArray(t), "a string or a dynamic array")
	case ParamDynamicArray:
		must(t.isDynamicArray(), "a dynamic array")
	case ParamDynamicBag:
		must(t.isDynamicBag(), "a dynamic property bag")
	case ParamNumber:
		must(t.isNumeric(), "a number")
	case ParamNumberOrBool:
		must(t.isNumeric() || t == argType(Bool), "a number or bool")
	case ParamSummable:
		must(t.isSummable(), "a number, datetime or timespan")
	case ParamOrderable:
		must(t.isOrderable(), "orderable (a number, datetime, timespan, string or bool)")
	case ParamNotBool:
		if must(t.isScalar(), "a scalar") && t == argType(Bool) {
			diags = append(diags, c.argDiag(i, "cannot be bool"))
		}
	case ParamNotRealOrBool:
		if must(t.isScalar(), "a scalar") && (t == argType(Real) || t == argType(Bool)) {
			diags = append(diags, c.argDiag(i, "cannot be "+Kind(t).String()))
		}
	case ParamNotDynamic:
		if must(t.isScalar(), "a scalar") && t.isDynamic() {
			diags = append(diags, c.argDiag(i, "cannot be dynamic"))
		}
	case ParamTabular:
		must(t == argTable, "a tabular expression")
	case ParamParameter0, ParamParameter1, ParamParameter2:
		// The type of the argument must be exactly that of the given
		// argument (the package indexes the arguments, not the parameters).
		if j := int(p.TypeKind - ParamParameter0); j < len(c.types) && !c.types[j].isUnknown() {
			must(isType(t, c.types[j], convNone), c.typeName(j))
		}
	case ParamCommonScalar, ParamCommonNumber, ParamCommonSummable, ParamCommonOrderable:
		ok := true
		switch p.TypeKind {
		case ParamCommonScalar:
			ok = must(t.isScalar(), "a scalar")
		case ParamCommonNumber:
			ok = must(t.isNumeric(), "a number")
		case ParamCommonSummable:
			ok = must(t.isSummable(), "a number, datetime or timespan")
		case ParamCommonOrderable:
			ok = must(t.isOrderable(), "orderable (a number, datetime, timespan, string or bool)")
		}
		if common, has := c.commonArgumentType(m.params, false); ok && has && !common.isUnknown() {
			must(isType(t, common, convPromotable), typeName(common))
		}
	case ParamCommonScalarOrDynamic:
		if must(t.isScalar(), "a scalar") {
			if common, has := c.commonArgumentType(m.params, false); has && !common.isUnknown() {
				if !assignable(common, t, convPromotable) && !assignable(argType(Dynamic), t, convDynamic) {
					must(false, typeName(common)+" or dynamic")
				}
			}
		}
	}
	switch p.Arg {
	case ArgColumn, ArgColumnParameter0, ArgColumnParameter0Common:
		// Only an expression that is certainly no column reference: the
		// binder may leave Column nil for a name it could not resolve.
		if a.Column == nil && !isNameReference(c.exprs[i]) {
			diags = append(diags, c.argDiag(i, "must be a column"))
		}
	case ArgConstant:
		// A column is never a constant; other expressions are left to
		// the binder's Const, which may be unsure.
		if !a.Const && a.Column != nil {
			diags = append(diags, c.argDiag(i, "must be a constant"))
		}
	case ArgLiteral:
		if !isLiteral(c.exprs[i]) {
			diags = append(diags, c.argDiag(i, "must be a literal"))
		} else if len(p.Values) > 0 && !literalIn(c.exprs[i], p.Values, p.CaseSensitive) {
			diags = append(diags, c.argDiag(i, "must be one of "+valueList(p.Values)))
		}
	case ArgLiteralNotEmpty:
		if !isLiteral(c.exprs[i]) {
			diags = append(diags, c.argDiag(i, "must be a literal"))
		} else if s, ok := stringLiteral(c.exprs[i]); ok && s == "" {
			diags = append(diags, c.argDiag(i, "must not be empty"))
		} else if _, ok := c.exprs[i].(*kql.TypeOfExpr); ok {
			// A typeof literal has no value, which the package takes
			// for empty.
			diags = append(diags, c.argDiag(i, "must not be empty"))
		}
	}
	return diags
}

// isType is Binder.IsType: whether t is (assignable to) expected.
func isType(t, expected argType, conv conversion) bool {
	switch {
	case t.isUnknown():
		return true
	case expected == argType(Dynamic):
		return t.isDynamic()
	}
	return assignable(expected, t, conv)
}

// isNameReference reports whether e is a name that may denote a column.
func isNameReference(e kql.Expr) bool {
	for {
		switch x := e.(type) {
		case *kql.Ident:
			return true
		case *kql.ParenExpr:
			e = x.X
		case *kql.SelectorExpr, *kql.IndexExpr:
			// $left.a, T.a, ['a']
			return true
		default:
			return false
		}
	}
}

// isLiteral is Expression.IsLiteral: a literal token, a compound string,
// a dynamic literal or typeof(...). Parentheses and minus signs make an
// expression that is no literal.
func isLiteral(e kql.Expr) bool {
	switch e.(type) {
	case *kql.BasicLit, *kql.CompoundString, *kql.DynamicLit, *kql.TypeOfExpr:
		return true
	}
	return false
}

// stringLiteral returns the value of a string literal.
func stringLiteral(e kql.Expr) (string, bool) { return kql.StringValue(e) }

// literalIn reports whether the literal e has one of the values.
func literalIn(e kql.Expr, values []any, caseSensitive bool) bool {
	s, ok := stringLiteral(e)
	if !ok {
		// Only string values are listed in the catalog; another literal
		// is not compared, so not rejected.
		for _, v := range values {
			if _, isString := v.(string); !isString {
				return true
			}
		}
		return false
	}
	for _, v := range values {
		if vs, ok := v.(string); ok && (vs == s || !caseSensitive && strings.EqualFold(vs, s)) {
			return true
		}
	}
	return false
}

// result is Binder.GetFunctionCallResult: the type a call of m.sig
// returns.
func (c *call) result(m *signatureMatch) Type {
	sig := m.sig
	argTypeOf := func(p *Parameter) (argType, int, bool) {
		for i, q := range m.params {
			if q == p {
				return c.types[i], i, true
			}
		}
		return 0, -1, false
	}
	param := func(i int) *Parameter {
		if i < 0 {
			i = len(sig.Params) - 1
		}
		return paramAt(sig.Params, i)
	}
	switch sig.Return {
	case ReturnDeclared:
		if s, ok := sig.ReturnType.(*Schema); ok {
			return copySchema(s)
		}
		if sig.ReturnType == nil {
			return Unknown
		}
		return sig.ReturnType
	case ReturnParameter0, ReturnParameter1, ReturnParameter2, ReturnParameterN, ReturnParameter0Promoted:
		i := map[ReturnKind]int{ReturnParameter0: 0, ReturnParameter1: 1, ReturnParameter2: 2, ReturnParameterN: -1, ReturnParameter0Promoted: 0}[sig.Return]
		t, j, ok := argTypeOf(param(i))
		if !ok {
			return Unknown
		}
		if t == argTable {
			return c.args[j].Type
		}
		if sig.Return == ReturnParameter0Promoted && t == argType(Int) {
			return Long
		}
		return c.kindOf(t)
	case ReturnParameter0Array:
		return Dynamic
	case ReturnParameter0Literal, ReturnParameter1Literal, ReturnParameterNLiteral:
		i := map[ReturnKind]int{ReturnParameter0Literal: 0, ReturnParameter1Literal: 1, ReturnParameterNLiteral: -1}[sig.Return]
		if _, j, ok := argTypeOf(param(i)); ok {
			return typeOfLiteral(c.exprs[j])
		}
		return Unknown
	case ReturnCommon, ReturnCommonNonDynamic:
		if t, ok := c.commonArgumentType(m.params, sig.Return == ReturnCommonNonDynamic); ok {
			if t >= argDynScalarOf && t < argDynScalarOf+argType(Dynamic) {
				c.site.ResultShape = ShapeScalarOf + Shape(t-argDynScalarOf)
			}
			return c.kindOf(t)
		}
		return Unknown
	case ReturnWidest:
		// TypeFacts.GetWidestScalarType: Unknown counts as numeric, and
		// nothing is wider than it.
		widest := argType(0)
		found := false
		for _, t := range c.types {
			if t.isNumeric() && (!found || widerThan(t, widest)) {
				widest, found = t, true
			}
		}
		if !found {
			return Unknown
		}
		if widest == argType(Int) {
			return Long
		}
		return Kind(widest)
	case ReturnCustom:
		if custom := customResults[customKey(sig)]; custom != nil {
			if t := custom(&customContext{call: c, sig: sig, params: m.params}); t != nil {
				return t
			}
		}
		return c.unknownResult(sig)
	}
	// table(), database(), cluster(), external_table()... : the binder
	// resolves the names they take; without that the result is open.
	return c.unknownResult(sig)
}

// unknownResult is what a call returns when its result cannot be known:
// an open schema for a tabular signature, Unknown for a scalar one.
func (c *call) unknownResult(sig *Signature) Type {
	if sig.Tabularity == TabularityTabular {
		return &Schema{Open: true}
	}
	return Unknown
}

// kindOf returns the Kind of a scalar argument type.
func (c *call) kindOf(t argType) Type {
	switch {
	case t <= argType(Dynamic):
		return Kind(t)
	case t.isDynamic():
		return Dynamic
	}
	return Unknown
}

// typeOfLiteral returns the type a typeof(...) literal names.
func typeOfLiteral(e kql.Expr) Type {
	to, ok := e.(*kql.TypeOfExpr)
	if !ok || len(to.Types) != 1 {
		return Unknown
	}
	id, ok := to.Types[0].(*kql.Ident)
	if !ok {
		return Unknown
	}
	if k, ok := ParseKind(id.Name); ok {
		return k
	}
	return Unknown
}

// copySchema returns a schema with new columns, so that each call makes
// its own columns.
func copySchema(s *Schema) *Schema {
	out := &Schema{Open: s.Open, Columns: make([]*Column, len(s.Columns))}
	for i, col := range s.Columns {
		out.Columns[i] = &Column{Name: col.Name, Type: col.Type}
	}
	return out
}

// Diagnostics.

// name returns the name to quote: the function's, or the operator as
// the query spells it.
func (c *call) name() string {
	if c.operator {
		return c.opName
	}
	return c.site.Fun.Name
}

// span returns the span of the called name, where the package reports
// call-level diagnostics, or of the whole call.
func (c *call) span() (kql.Pos, kql.Pos) {
	if c.operator {
		return c.opPos, c.opEnd
	}
	if call := c.site.Call; call != nil {
		if call.Fun != nil {
			return call.Fun.Pos(), call.Fun.End()
		}
		return call.Pos(), call.End()
	}
	return kql.NoPos, kql.NoPos
}

func (c *call) callDiag(code, msg string) Diagnostic {
	pos, end := c.span()
	return Diagnostic{
		Code:     code,
		Severity: SeverityError,
		Pos:      pos,
		End:      end,
		Name:     c.name(),
		Message:  fmt.Sprintf("%s %q %s", c.site.Fun.Kind, c.name(), msg),
	}
}

func (c *call) countDiag(msg string) Diagnostic {
	return c.callDiag(CodeArgumentCount, fmt.Sprintf("%s, got %d", msg, len(c.args)))
}

func (c *call) argDiag(i int, msg string) Diagnostic {
	pos, end := c.span()
	if e := c.exprs[i]; e != nil {
		pos, end = e.Pos(), e.End()
	}
	d := Diagnostic{
		Code:     CodeArgumentType,
		Severity: SeverityError,
		Pos:      pos,
		End:      end,
		Name:     c.name(),
		Message:  fmt.Sprintf("argument %d of %s %q %s", i+1, c.site.Fun.Kind, c.name(), msg),
	}
	if c.operator {
		d.Code = CodeTypeMismatch
		d.Message = fmt.Sprintf("operand %d of %q %s", i+1, c.name(), msg)
	}
	return d
}

func argumentRange(lo, hi int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case lo == hi:
		return plural(lo)
	case hi >= maxRepeat:
		return fmt.Sprintf("at least %s", plural(lo))
	}
	return fmt.Sprintf("%d to %d arguments", lo, hi)
}

// maxRepeat is the package's MaxRepeat, the MaxOccur of a parameter that
// repeats without limit.
const maxRepeat = 32767

func (c *call) typeName(i int) string {
	if c.args[i].Star {
		return "*"
	}
	return typeName(c.types[i])
}

func typeName(t argType) string {
	switch t {
	case argTable:
		return "a table"
	case argTypeLit:
		return "a type"
	case argDynBag:
		return "a dynamic bag"
	case argDynArray:
		return "a dynamic array"
	}
	switch {
	case t >= argDynScalarOf:
		return "dynamic(" + Kind(t-argDynScalarOf).String() + ")"
	case t >= argDynArrayOf:
		return "a dynamic array of " + Kind(t-argDynArrayOf).String()
	}
	return Kind(t).String()
}

func typeList(kinds []Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func valueList(values []any) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", fmt.Sprint(v))
	}
	return b.String()
}

// operatorSite is a scalar operator being checked.
type operatorSite struct {
	// Op is the operator as package kql spells it: "==", "!has", "in~",
	// "matches regex", "between", "-"...
	Op string
	// Node is the *kql.BinaryExpr, *kql.UnaryExpr, *kql.InExpr or
	// *kql.BetweenExpr.
	Node kql.Expr
	// Args are the operands: X and Y of a binary expression; X of a
	// unary one; X then each element of the list of in, !in, in~,
	// has_any...; X, Low and High of between.
	Args []argument
}

// checkOperator types a scalar operator as the official analysis does
// (Binder.GetOperatorInfo): it picks the operator's signature for the
// operands and returns the result type. When no signature takes the
// operands, and none is Unknown, it reports one diagnostic, SR206 (the
// package's KS106 "operator not defined for the operand types"), at the
// operator; an operand the chosen signature cannot take is reported at
// the operand. An unknown operator gives Unknown and no diagnostic. It
// never panics.
func checkOperator(site *operatorSite) (Type, []Diagnostic) {
	if site == nil {
		return Unknown, nil
	}
	_, unary := site.Node.(*kql.UnaryExpr)
	fn := lookupOperator(site.Op, unary)
	if fn == nil {
		return Unknown, nil
	}
	c := newCall(&callSite{Fun: fn, Args: site.Args})
	c.operator, c.opName = true, site.Op
	c.opPos, c.opEnd = operatorSpan(site)
	for i, a := range c.args {
		if a.Star {
			// The package types a * operand (* has "x") as dynamic.
			c.types[i] = argType(Dynamic)
		}
	}
	// Binary and unary operators need a signature that matches every
	// operand; in, has_any and between do not.
	requireAll := false
	switch site.Node.(type) {
	case *kql.BinaryExpr, *kql.UnaryExpr:
		requireAll = true
	}
	matches := c.bestSignatures(requireAll)
	if len(matches) == 1 {
		m := matches[0]
		return c.result(m), c.checkSignature(m)
	}
	if len(matches) == 0 && requireAll {
		// Again, for a better result type.
		matches = c.bestSignatures(false)
	}
	var diags []Diagnostic
	if !c.anyUnknown() {
		var types []string
		for i := range c.args {
			types = append(types, c.typeName(i))
		}
		diags = append(diags, Diagnostic{
			Code:     CodeTypeMismatch,
			Severity: SeverityError,
			Pos:      c.opPos,
			End:      c.opEnd,
			Name:     site.Op,
			Message:  fmt.Sprintf("operator %q is not defined for operands of types %s", site.Op, strings.Join(types, ", ")),
		})
	}
	return c.commonResult(matches), diags
}

// operatorSpan returns the span of the operator token of site.Node, or
// of the whole node.
func operatorSpan(site *operatorSite) (kql.Pos, kql.Pos) {
	var pos kql.Pos
	switch n := site.Node.(type) {
	case *kql.BinaryExpr:
		if n == nil {
			return kql.NoPos, kql.NoPos
		}
		pos = n.OpPos
	case *kql.UnaryExpr:
		if n == nil {
			return kql.NoPos, kql.NoPos
		}
		pos = n.OpPos
	case *kql.InExpr:
		if n == nil {
			return kql.NoPos, kql.NoPos
		}
		pos = n.OpPos
	case *kql.BetweenExpr:
		if n == nil {
			return kql.NoPos, kql.NoPos
		}
		pos = n.OpPos
	default:
		return kql.NoPos, kql.NoPos
	}
	return pos, pos + kql.Pos(len(site.Op))
}

// argumentKinds returns the argument kind of the parameter each argument
// goes to, for a function with one signature, laid out from the syntax
// alone (as the package's binder does before it binds the arguments):
// the binder binds an ArgAggregate argument in aggregate scope and an
// ArgColumnParameter0 one in the scope of the first argument's table. It
// returns nil for a function with several signatures.
func argumentKinds(fun *Builtin, args []kql.Expr) []ArgumentKind {
	if fun == nil || len(fun.Signatures) != 1 {
		return nil
	}
	site := &callSite{Fun: fun, Args: make([]argument, len(args))}
	for i, e := range args {
		_, star := e.(*kql.Star)
		site.Args[i] = argument{Expr: e, Star: star}
	}
	c := newCall(site)
	kinds := make([]ArgumentKind, len(args))
	for i, p := range c.argumentParameters(fun.Signatures[0]) {
		kinds[i] = p.Arg
	}
	return kinds
}

package types

import (
	"fmt"
	"sort"
)

// This file declares the catalog of built-in functions, aggregates and
// plugins. The catalog itself is Go data generated from Microsoft's
// official Kusto.Language package into builtin_gen.go; the result types
// that the package computes by code (ReturnCustom) are written by hand in
// custom.go. Regenerate the catalog with
//
//	go generate ./kql/types
//
// which runs internal/gencatalog: it needs node and the kusto-oracle's
// node_modules, found through $KQLT_ORACLE (the path of oracle.js) or the
// shared data directory, as package kql/kqltest finds them.

//go:generate go run ./internal/gencatalog -o builtin_gen.go

// BuiltinKind tells the built-in scalar functions, aggregates and plugins
// apart. Each has its own namespace: count() is an aggregate in summarize
// and no scalar function, any() is an aggregate and (in graph-match) a
// scalar function.
type BuiltinKind uint8

// The kinds of built-ins.
const (
	ScalarFunction    BuiltinKind = iota + 1 // Kusto.Language.Functions
	AggregateFunction                        // Kusto.Language.Aggregates: called in summarize, make-series...
	PlugIn                                   // Kusto.Language.PlugIns: called by evaluate
	// Operator is a scalar operator (Kusto.Language.Operators): +, ==,
	// has, in~, between... Its Builtin is named after the package's
	// OperatorKind ("Add", "HasAny"); lookupOperator finds it by the
	// operator's spelling.
	Operator
)

func (k BuiltinKind) String() string {
	switch k {
	case ScalarFunction:
		return "function"
	case AggregateFunction:
		return "aggregate"
	case PlugIn:
		return "plugin"
	case Operator:
		return "operator"
	}
	return fmt.Sprintf("BuiltinKind(%d)", int(k))
}

// Builtin is a built-in function, aggregate or plugin of KQL, as the
// official package declares it.
type Builtin struct {
	Name       string
	Kind       BuiltinKind
	Signatures []*Signature
	// Hidden functions are left out of the official editor's completion
	// lists; they are still valid to call.
	Hidden bool
	// Alternative names the function to use instead of an obsolete one;
	// it is empty for a function that is not obsolete.
	Alternative string
	// ConstantFoldable says a call is a constant when all its arguments
	// are (a call of now() is not; tolower("A") is).
	ConstantFoldable bool
	// GraphOnly says the function is available only in the where and
	// project clauses of graph-match and graph-shortest-paths (the
	// package's CustomAvailability); elsewhere the name is unknown.
	GraphOnly bool
	// ResultName and ResultNamePrefix say how extend, project and
	// summarize name the column of an unnamed call (count_, dcount_X,
	// max_X...).
	ResultName       ResultNameKind
	ResultNamePrefix string
}

// ColumnName returns the name KQL gives the column of an unnamed call of b
// (Kusto's GetFunctionResultName) whose arguments KQL names argNames (""
// for an argument it gives no name, such as a literal): count() is count_,
// dcount(x) is dcount_x, tostring(x) is x. It returns "" when KQL numbers
// the column instead (Column1...), and for column_ifexists, whose name
// depends on the columns of the row (the binder knows them).
func (b *Builtin) ColumnName(argNames []string) string {
	kind, prefix := b.ResultName, b.ResultNamePrefix
	switch kind {
	case ResultNameNameAndFirstArgument:
		kind, prefix = ResultNamePrefixAndFirstArgument, b.Name
	case ResultNameNameAndOnlyArgument:
		kind, prefix = ResultNamePrefixAndOnlyArgument, b.Name
	}
	withPrefix := func(n string) string {
		if prefix != "" {
			return prefix + "_" + n
		}
		return n
	}
	switch kind {
	case ResultNamePrefixAndFirstArgument:
		if len(argNames) > 0 {
			return withPrefix(argNames[0])
		}
		if prefix != "" {
			return prefix + "_"
		}
	case ResultNamePrefixAndOnlyArgument:
		if len(argNames) == 1 {
			return withPrefix(argNames[0])
		}
	case ResultNamePrefixOnly:
		return prefix
	case ResultNameFirstArgument:
		if len(argNames) > 0 {
			return argNames[0]
		}
	case ResultNameOnlyArgument:
		if len(argNames) == 1 {
			return argNames[0]
		}
	}
	return ""
}

// Obsolete reports whether the function is obsolete (see Alternative).
func (b *Builtin) Obsolete() bool { return b.Alternative != "" }

// IsConversion reports whether b is one of the conversion functions
// (tostring, toint...) that KQL sees through when it names a column:
// extend tostring(S) of a string column S makes a column named S
// (Kusto.Language's Binder.IsConversionFunction).
func (b *Builtin) IsConversion() bool {
	return b.Kind == ScalarFunction && conversionFunctions[b.Name]
}

var conversionFunctions = map[string]bool{
	"tobool": true, "todatetime": true, "todecimal": true, "todouble": true, "todynamic": true,
	"toguid": true, "toint": true, "tolong": true, "toreal": true, "tostring": true, "totime": true,
	"totimespan": true,
}

// MinArgs returns the smallest argument count of any signature.
func (b *Builtin) MinArgs() int {
	n := -1
	for _, s := range b.Signatures {
		if n < 0 || s.MinArgs < n {
			n = s.MinArgs
		}
	}
	return max(n, 0)
}

// MaxArgs returns the largest argument count of any signature.
func (b *Builtin) MaxArgs() int {
	n := 0
	for _, s := range b.Signatures {
		n = max(n, s.MaxArgs)
	}
	return n
}

// Signature is one overload of a Builtin.
type Signature struct {
	Fun    *Builtin // the function the signature belongs to
	Params []*Parameter
	// Return says how the result type is found; ReturnType is the result
	// type when Return is ReturnDeclared: a Kind, or a *Schema for a
	// tabular result. The package's dynamic sub-types (arrays, property
	// bags of a known shape) are all Dynamic here.
	Return     ReturnKind
	ReturnType Type
	// ReturnShape is the shape of a Dynamic ReturnType, as far as the
	// package declares it: parse_user_agent returns a property bag,
	// split an array of strings.
	ReturnShape Shape
	Tabularity  Tabularity
	// Layout says how arguments are matched to parameters.
	Layout           Layout
	MinArgs, MaxArgs int
	Hidden           bool
	Alternative      string // the signature is obsolete; use this instead
}

// Shape is what Kusto.Language knows of the shape of a dynamic value.
// Its checks tell them apart: a property bag or an array is no string
// (todynamic(parse_user_agent(...)) is an error), an array is no bag.
type Shape uint8

// The shapes. ShapeArrayOf and ShapeScalarOf are followed by a Kind:
// ShapeArrayOf + Shape(String) is an array of strings.
const (
	ShapeAny      Shape = 0  // nothing known: plain dynamic
	ShapeBag      Shape = 1  // a property bag
	ShapeArray    Shape = 2  // an array of dynamic values (mixed or nested)
	ShapeArrayOf  Shape = 16 // + Kind: an array of values of that kind
	ShapeScalarOf Shape = 48 // + Kind: a single value of that kind, dynamic(1)
)

func (s Shape) String() string {
	switch {
	case s == ShapeAny:
		return "dynamic"
	case s == ShapeBag:
		return "dynamic bag"
	case s == ShapeArray:
		return "dynamic array"
	case s >= ShapeScalarOf && s <= ShapeScalarOf+Shape(Dynamic):
		return "dynamic(" + Kind(s-ShapeScalarOf).String() + ")"
	case s >= ShapeArrayOf && s <= ShapeArrayOf+Shape(Dynamic):
		return "dynamic array of " + Kind(s-ShapeArrayOf).String()
	}
	return fmt.Sprintf("Shape(%d)", int(s))
}

// callShape returns the shape of the dynamic value a call of the scalar
// function fun returns, when every signature declares the same one
// (parse_user_agent, split, parse_url...); ShapeAny otherwise. The
// binder may keep it with the column the call makes and pass it back in
// argument.Shape.
func callShape(fun *Builtin) Shape {
	if fun == nil || fun.Kind != ScalarFunction || len(fun.Signatures) == 0 {
		return ShapeAny
	}
	shape := fun.Signatures[0].ReturnShape
	for _, s := range fun.Signatures {
		if s.Return != ReturnDeclared || s.ReturnType != Dynamic || s.ReturnShape != shape {
			return ShapeAny
		}
	}
	return shape
}

// Parameter is a parameter of a Signature.
type Parameter struct {
	Name     string
	TypeKind ParamTypeKind
	// Types are the accepted scalar types of a ParamDeclared parameter.
	Types []Kind
	// TypeOf says the declared type is the package's "type": the argument
	// is a typeof(...) literal, as in extract(re, 1, s, typeof(long)).
	TypeOf bool
	// Arg constrains the form of the argument: a literal, a constant, a
	// column, a star...
	Arg                ArgumentKind
	MinOccur, MaxOccur int
	// Values lists the accepted literal values, if the parameter has a
	// fixed set (datetime_add's part: "year", "month"...). For an
	// ArgLiteral parameter the official analysis rejects other values.
	Values        []any
	CaseSensitive bool
	// DefaultIndicator is an argument value that stands for "use the
	// default" ("~" for autocluster's optional arguments): it matches
	// the parameter whatever its type.
	DefaultIndicator string
}

// Optional reports whether the parameter may be left out.
func (p *Parameter) Optional() bool { return p.MinOccur == 0 }

// Repeatable reports whether the parameter may take several arguments.
func (p *Parameter) Repeatable() bool { return p.MaxOccur > 1 }

// ParamTypeKind is the kind of type a parameter accepts
// (Kusto.Language.Symbols.ParameterTypeKind).
type ParamTypeKind uint8

// The parameter type kinds, in the package's order.
const (
	ParamAny                   ParamTypeKind = iota // anything
	ParamDeclared                                   // one of Parameter.Types
	ParamScalar                                     // any scalar
	ParamTabular                                    // any tabular value
	ParamDatabase                                   // a database
	ParamCluster                                    // a cluster
	ParamInteger                                    // int or long
	ParamRealOrDecimal                              // real or decimal
	ParamStringOrDynamic                            // string or dynamic
	ParamStringOrArray                              // string or a dynamic array (of strings)
	ParamIntegerOrArray                             // int, long or a dynamic array (of longs)
	ParamDynamicArray                               // a dynamic array (or dynamic)
	ParamDynamicBag                                 // a dynamic property bag (or dynamic)
	ParamNumber                                     // int, long, real or decimal
	ParamNumberOrBool                               // a number or bool
	ParamSummable                                   // a number, datetime or timespan
	ParamOrderable                                  // a summable, string or bool
	ParamNotRealOrBool                              // any scalar but real and bool
	ParamNotDynamic                                 // any scalar but dynamic
	ParamNotBool                                    // any scalar but bool
	ParamParameter0                                 // the type of the first argument
	ParamParameter1                                 // the type of the second argument
	ParamParameter2                                 // the type of the third argument
	ParamCommonScalar                               // promotable to the common type of the Common* arguments
	ParamCommonNumber                               // a number promotable to that common type
	ParamCommonSummable                             // a summable promotable to that common type
	ParamCommonOrderable                            // an orderable promotable to that common type
	ParamCommonScalarOrDynamic                      // promotable to that common type, or dynamic
)

var paramTypeKindNames = [...]string{
	"Any", "Declared", "Scalar", "Tabular", "Database", "Cluster", "Integer", "RealOrDecimal",
	"StringOrDynamic", "StringOrArray", "IntegerOrArray", "DynamicArray", "DynamicBag", "Number",
	"NumberOrBool", "Summable", "Orderable", "NotRealOrBool", "NotDynamic", "NotBool", "Parameter0",
	"Parameter1", "Parameter2", "CommonScalar", "CommonNumber", "CommonSummable", "CommonOrderable",
	"CommonScalarOrDynamic",
}

// String returns the package's name of the kind, such as "StringOrDynamic".
func (k ParamTypeKind) String() string {
	if int(k) < len(paramTypeKindNames) {
		return paramTypeKindNames[k]
	}
	return fmt.Sprintf("ParamTypeKind(%d)", int(k))
}

// ArgumentKind constrains the form of an argument
// (Kusto.Language.Symbols.ArgumentKind).
type ArgumentKind uint8

// The argument kinds, with the package's values.
const (
	ArgExpression                  ArgumentKind = iota // any expression
	ArgExpressionParameter0Element                     // any expression, in the scope of the first argument's elements (graph functions)
	ArgStarOnly                                        // only *
	ArgStarAllowed                                     // any expression or *
	ArgAggregate                                       // an aggregate call (pivot's aggregation)
	ArgColumn                                          // a column of the row in scope
	ArgColumnParameter0                                // a column of the table given as first argument
	ArgColumnParameter0Common                          // a column both of the row in scope and of that table
	ArgLiteral                                         // a literal (one of Parameter.Values if any)
	ArgLiteralNotEmpty                                 // a literal that is not empty
	ArgConstant                                        // a constant expression
	_
	_
	// ArgColumnOrLiteral is the package's Column|Literal (13), which a
	// few AI plugins declare; its binder checks such an argument as an
	// expression.
	ArgColumnOrLiteral
)

var argumentKindNames = [...]string{
	"Expression", "Expression_Parameter0_Element", "StarOnly", "StarAllowed", "Aggregate", "Column",
	"Column_Parameter0", "Column_Parameter0_Common", "Literal", "LiteralNotEmpty", "Constant", "", "",
	"Column|Literal",
}

// String returns the package's name of the kind, such as "StarAllowed".
func (k ArgumentKind) String() string {
	if int(k) < len(argumentKindNames) && argumentKindNames[k] != "" {
		return argumentKindNames[k]
	}
	return fmt.Sprintf("ArgumentKind(%d)", int(k))
}

// ReturnKind says how the result type of a signature is found
// (Kusto.Language.Symbols.ReturnTypeKind).
type ReturnKind uint8

// The return kinds, in the package's order.
const (
	ReturnDeclared                    ReturnKind = iota // Signature.ReturnType
	ReturnComputed                                      // from a function body (user functions only)
	ReturnCustom                                        // computed by code: see custom.go
	ReturnParameter0                                    // the type of the first parameter's argument
	ReturnParameter1                                    // the type of the second parameter's argument
	ReturnParameter2                                    // the type of the third parameter's argument
	ReturnParameterN                                    // the type of the last parameter's argument
	ReturnParameter0Literal                             // the type named by the first parameter's typeof literal
	ReturnParameter1Literal                             // the type named by the second parameter's typeof literal
	ReturnParameterNLiteral                             // the type named by the last parameter's typeof literal
	ReturnParameter0Promoted                            // the first parameter's argument type, int promoted to long
	ReturnParameter0Cluster                             // a cluster (cluster("name"))
	ReturnParameter0Database                            // a database (database("name"))
	ReturnParameter0Table                               // a table (table("name"))
	ReturnParameter0ExternalTable                       // an external table
	ReturnParameter0Array                               // a dynamic array of the first parameter's argument type
	ReturnCommon                                        // the common type of the Common* arguments
	ReturnCommonNonDynamic                              // the same, ignoring dynamic arguments unless all are
	ReturnWidest                                        // the widest numeric argument type, int promoted to long
	ReturnParameter0MaterializedView                    // a materialized view
	ReturnParameter0EntityGroup                         // an entity group
	ReturnParameter0StoredQueryResult                   // a stored query result
	ReturnParameter0Graph                               // a graph
)

var returnKindNames = [...]string{
	"Declared", "Computed", "Custom", "Parameter0", "Parameter1", "Parameter2", "ParameterN",
	"Parameter0Literal", "Parameter1Literal", "ParameterNLiteral", "Parameter0Promoted",
	"Parameter0Cluster", "Parameter0Database", "Parameter0Table", "Parameter0ExternalTable",
	"Parameter0Array", "Common", "CommonNonDynamic", "Widest", "Parameter0MaterializedView",
	"Parameter0EntityGroup", "Parameter0StoredQueryResult", "Parameter0Graph",
}

// String returns the package's name of the kind, such as "Parameter0".
func (k ReturnKind) String() string {
	if int(k) < len(returnKindNames) {
		return returnKindNames[k]
	}
	return fmt.Sprintf("ReturnKind(%d)", int(k))
}

// Tabularity says whether a signature returns a scalar or a table
// (Kusto.Language.Symbols.Tabularity).
type Tabularity uint8

// The tabularities, with the package's values.
const (
	TabularityNone Tabularity = iota
	TabularityScalar
	TabularityTabular
	TabularityOther // a graph
	TabularityUnknown
	TabularityUnspecified
)

var tabularityNames = [...]string{"None", "Scalar", "Tabular", "Other", "Unknown", "Unspecified"}

func (t Tabularity) String() string {
	if int(t) < len(tabularityNames) {
		return tabularityNames[t]
	}
	return fmt.Sprintf("Tabularity(%d)", int(t))
}

// Layout says how the arguments of a call are matched to the parameters
// of a signature (Kusto.Language.Symbols.ParameterLayouts).
type Layout uint8

// The layouts.
const (
	// LayoutFixed matches the i-th argument to the i-th parameter.
	LayoutFixed Layout = iota
	// LayoutRepeating lets a parameter take MinOccur to MaxOccur
	// arguments, choosing between it and the next by argument type.
	LayoutRepeating
	// LayoutRepeatingSkipping is LayoutRepeating that may also skip
	// optional parameters.
	LayoutRepeatingSkipping
	// LayoutBlockRepeating repeats a block of parameters together, as
	// the key-value pairs of bag_pack or the predicate-value pairs of
	// case.
	LayoutBlockRepeating
	// LayoutCustom is computed by code of the package; custom.go has
	// its equivalent.
	LayoutCustom
)

var layoutNames = [...]string{"Fixed", "Repeating", "RepeatingSkipping", "BlockRepeating", "Custom"}

func (l Layout) String() string {
	if int(l) < len(layoutNames) {
		return layoutNames[l]
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// ResultNameKind says how the column of an unnamed call is named
// (Kusto.Language.Symbols.ResultNameKind).
type ResultNameKind uint8

// The result name kinds, in the package's order.
const (
	ResultNameNone                       ResultNameKind = iota // Column1, Column2...
	ResultNameNameAndFirstArgument                             // name_arg: max(x) is max_x
	ResultNameNameAndOnlyArgument                              // name_arg with one argument, else none
	ResultNamePrefixAndFirstArgument                           // prefix_arg: dcount(x) is dcount_x
	ResultNamePrefixAndOnlyArgument                            // prefix_arg with one argument, else none
	ResultNameFirstArgumentValueIfColumn                       // the column named by the first argument's value (column_ifexists)
	ResultNamePrefixOnly                                       // the prefix: count() is count_
	ResultNameFirstArgument                                    // the first argument's name
	ResultNameOnlyArgument                                     // the first argument's name with one argument, else none
)

var resultNameKindNames = [...]string{
	"None", "NameAndFirstArgument", "NameAndOnlyArgument", "PrefixAndFirstArgument",
	"PrefixAndOnlyArgument", "FirstArgumentValueIfColumn", "PrefixOnly", "FirstArgument", "OnlyArgument",
}

func (k ResultNameKind) String() string {
	if int(k) < len(resultNameKindNames) {
		return resultNameKindNames[k]
	}
	return fmt.Sprintf("ResultNameKind(%d)", int(k))
}

// builtinIndex maps each kind's names to its built-ins.
var builtinIndex = func() [Operator + 1]map[string]*Builtin {
	var idx [Operator + 1]map[string]*Builtin
	for _, list := range [][]*Builtin{builtinFunctions, builtinAggregates, builtinPlugIns, builtinOperators} {
		for _, b := range list {
			if idx[b.Kind] == nil {
				idx[b.Kind] = make(map[string]*Builtin)
			}
			for _, s := range b.Signatures {
				s.Fun = b
			}
			idx[b.Kind][b.Name] = b
		}
	}
	return idx
}()

// LookupBuiltin returns the built-in scalar function, aggregate or plugin
// named name, or nil. Names are case-sensitive, as in KQL. Operators are
// not looked up by name: their Builtins are named after the official
// package's OperatorKind.
func LookupBuiltin(kind BuiltinKind, name string) *Builtin {
	if kind == Operator {
		return nil
	}
	return lookupBuiltin(kind, name)
}

// lookupBuiltin returns the built-in of the given kind named name, or nil.
// Names are case-sensitive, as in KQL.
func lookupBuiltin(kind BuiltinKind, name string) *Builtin {
	if kind == 0 || kind > Operator {
		return nil
	}
	return builtinIndex[kind][name]
}

// operatorKinds maps the spellings of the operators, as package kql
// writes them in BinaryExpr.Op, InExpr.Op, BetweenExpr.Op and
// UnaryExpr.Op, to the package's OperatorKind names (SyntaxFacts).
var operatorKinds = map[string]string{
	"+": "Add", "-": "Subtract", "*": "Multiply", "/": "Divide", "%": "Modulo",
	"<": "LessThan", "<=": "LessThanOrEqual", ">": "GreaterThan", ">=": "GreaterThanOrEqual",
	"==": "Equal", "!=": "NotEqual", "<>": "NotEqual", "=~": "EqualTilde", "!~": "BangTilde",
	"and": "And", "or": "Or",
	"has": "Has", "!has": "NotHas", "has_cs": "HasCs", "!has_cs": "NotHasCs",
	"hasprefix": "HasPrefix", "!hasprefix": "NotHasPrefix", "hasprefix_cs": "HasPrefixCs", "!hasprefix_cs": "NotHasPrefixCs",
	"hassuffix": "HasSuffix", "!hassuffix": "NotHasSuffix", "hassuffix_cs": "HasSuffixCs", "!hassuffix_cs": "NotHasSuffixCs",
	"contains": "Contains", "!contains": "NotContains", "contains_cs": "ContainsCs", "!contains_cs": "NotContainsCs",
	"containscs": "ContainsCs", "notcontains": "NotContains", "notcontainscs": "NotContainsCs",
	"startswith": "StartsWith", "!startswith": "NotStartsWith", "startswith_cs": "StartsWithCs", "!startswith_cs": "NotStartsWithCs",
	"endswith": "EndsWith", "!endswith": "NotEndsWith", "endswith_cs": "EndsWithCs", "!endswith_cs": "NotEndsWithCs",
	"like": "Like", "notlike": "NotLike", "likecs": "LikeCs", "notlikecs": "NotLikeCs",
	"matches regex": "MatchRegex",
	"in":            "In", "!in": "NotIn", "in~": "InCs", "!in~": "NotInCs", "has_any": "HasAny", "has_all": "HasAll",
	"between": "Between", "!between": "NotBetween",
}

// lookupOperator returns the operator spelled op, as package kql writes
// it (BinaryExpr.Op...), or nil. A unary "-" or "+" is UnaryMinus or
// UnaryPlus.
func lookupOperator(op string, unary bool) *Builtin {
	if unary {
		switch op {
		case "-":
			return lookupBuiltin(Operator, "UnaryMinus")
		case "+":
			return lookupBuiltin(Operator, "UnaryPlus")
		}
		return nil
	}
	if name, ok := operatorKinds[op]; ok {
		return lookupBuiltin(Operator, name)
	}
	return nil
}

// builtinNames returns the sorted names of the built-ins of a kind, for
// "did you mean" suggestions. Hidden and graph-only ones are left out.
func builtinNames(kind BuiltinKind) []string {
	if kind == 0 || kind > Operator {
		return nil
	}
	var names []string
	for name, b := range builtinIndex[kind] {
		if !b.Hidden && !b.GraphOnly {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

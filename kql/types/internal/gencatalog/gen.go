package main

import (
	"bytes"
	"fmt"
	"go/format"
	"strconv"
	"strings"
)

// The JSON that extract.js prints.
type (
	catalog struct {
		Package    string      `json:"package"`
		Version    string      `json:"version"`
		Functions  []*function `json:"functions"`
		Aggregates []*function `json:"aggregates"`
		PlugIns    []*function `json:"plugins"`
		Operators  []*function `json:"operators"`
	}
	function struct {
		Name               string       `json:"name"`
		Hidden             bool         `json:"hidden"`
		Alternative        string       `json:"alternative"`
		ConstantFoldable   bool         `json:"constantFoldable"`
		View               bool         `json:"view"`
		CustomAvailability bool         `json:"customAvailability"`
		ResultNameKind     string       `json:"resultNameKind"`
		ResultNamePrefix   string       `json:"resultNamePrefix"`
		Signatures         []*signature `json:"signatures"`
	}
	signature struct {
		ReturnKind  string       `json:"returnKind"`
		ReturnType  *typeSymbol  `json:"returnType"`
		Tabularity  string       `json:"tabularity"`
		Layout      string       `json:"layout"`
		MinArgs     int          `json:"minArgs"`
		MaxArgs     int          `json:"maxArgs"`
		Hidden      bool         `json:"hidden"`
		Alternative string       `json:"alternative"`
		Parameters  []*parameter `json:"parameters"`
	}
	parameter struct {
		Name                  string        `json:"name"`
		TypeKind              string        `json:"typeKind"`
		Types                 []*typeSymbol `json:"types"`
		ArgumentKind          string        `json:"argumentKind"`
		Min                   int           `json:"min"`
		Max                   int           `json:"max"`
		Values                []*value      `json:"values"`
		CaseSensitive         bool          `json:"caseSensitive"`
		DefaultValueIndicator string        `json:"defaultValueIndicator"`
		DefaultValue          string        `json:"defaultValue"`
	}
	typeSymbol struct {
		Kind    string      `json:"kind"` // scalar, dynamic, array, bag, table, tuple
		Name    string      `json:"name"` // of a scalar
		Of      *typeSymbol `json:"of"`   // of a dynamic primitive
		Elem    *typeSymbol `json:"elem"` // of an array
		Props   []*column   `json:"props"`
		Columns []*column   `json:"columns"`
		Open    bool        `json:"open"`
	}
	column struct {
		Name string      `json:"name"`
		Type *typeSymbol `json:"type"`
	}
	value struct {
		String *string  `json:"string"`
		Bool   *bool    `json:"bool"`
		Long   *int64   `json:"long"`
		Real   *float64 `json:"real"`
	}
)

// The Go names of the package's enum values. A name missing here (a new
// package version) is an error, so that the catalog never silently loses
// a kind the checks would have to handle.
var (
	paramTypeKinds = enumMap("Param", "Any", "Declared", "Scalar", "Tabular", "Database", "Cluster",
		"Integer", "RealOrDecimal", "StringOrDynamic", "StringOrArray", "IntegerOrArray", "DynamicArray",
		"DynamicBag", "Number", "NumberOrBool", "Summable", "Orderable", "NotRealOrBool", "NotDynamic",
		"NotBool", "Parameter0", "Parameter1", "Parameter2", "CommonScalar", "CommonNumber",
		"CommonSummable", "CommonOrderable", "CommonScalarOrDynamic")
	argumentKinds = map[string]string{
		"Expression": "ArgExpression", "Expression_Parameter0_Element": "ArgExpressionParameter0Element",
		"StarOnly": "ArgStarOnly", "StarAllowed": "ArgStarAllowed", "Aggregate": "ArgAggregate",
		"Column": "ArgColumn", "Column_Parameter0": "ArgColumnParameter0",
		"Column_Parameter0_Common": "ArgColumnParameter0Common", "Literal": "ArgLiteral",
		"LiteralNotEmpty": "ArgLiteralNotEmpty", "Constant": "ArgConstant",
		"13": "ArgColumnOrLiteral", // Column | Literal
	}
	returnKinds = enumMap("Return", "Declared", "Computed", "Custom", "Parameter0", "Parameter1",
		"Parameter2", "ParameterN", "Parameter0Literal", "Parameter1Literal", "ParameterNLiteral",
		"Parameter0Promoted", "Parameter0Cluster", "Parameter0Database", "Parameter0Table",
		"Parameter0ExternalTable", "Parameter0Array", "Common", "CommonNonDynamic", "Widest",
		"Parameter0MaterializedView", "Parameter0EntityGroup", "Parameter0StoredQueryResult",
		"Parameter0Graph")
	tabularities = enumMap("Tabularity", "None", "Scalar", "Tabular", "Other", "Unknown", "Unspecified")
	layouts      = enumMap("Layout", "Fixed", "Repeating", "RepeatingSkipping", "BlockRepeating", "Custom")
	resultNames  = enumMap("ResultName", "None", "NameAndFirstArgument", "NameAndOnlyArgument",
		"PrefixAndFirstArgument", "PrefixAndOnlyArgument", "FirstArgumentValueIfColumn", "PrefixOnly",
		"FirstArgument", "OnlyArgument")
	// scalarKinds maps the package's scalar type names to kql/types Kinds.
	scalarKinds = map[string]string{
		"bool": "Bool", "int": "Int", "long": "Long", "real": "Real", "decimal": "Decimal",
		"string": "String", "datetime": "DateTime", "timespan": "Timespan", "guid": "GUID",
		"dynamic": "Dynamic", "unknown": "Unknown",
	}
)

func enumMap(prefix string, names ...string) map[string]string {
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[n] = prefix + n
	}
	return m
}

// generate returns the Go source of builtin_gen.go for cat, gofmt'ed.
func generate(cat *catalog) ([]byte, error) {
	g := &generator{}
	g.printf("// Code generated by gencatalog from %s %s. DO NOT EDIT.\n\n", cat.Package, cat.Version)
	g.printf("package types\n\n")
	g.printf("// catalogVersion is the version of the package the catalog was generated from.\n")
	g.printf("const catalogVersion = %q\n\n", cat.Version)
	for _, list := range []struct {
		name, doc, kind string
		fns             []*function
	}{
		{"builtinFunctions", "Kusto.Language.Functions.All", "ScalarFunction", cat.Functions},
		{"builtinAggregates", "Kusto.Language.Aggregates.All", "AggregateFunction", cat.Aggregates},
		{"builtinPlugIns", "Kusto.Language.PlugIns.All", "PlugIn", cat.PlugIns},
		{"builtinOperators", "Kusto.Language.Operators.All, named by OperatorKind", "Operator", cat.Operators},
	} {
		g.printf("// %s is %s (%d).\n", list.name, list.doc, len(list.fns))
		g.printf("var %s = []*Builtin{\n", list.name)
		for _, fn := range list.fns {
			g.function(fn, list.kind)
		}
		g.printf("}\n\n")
	}
	if g.err != nil {
		return nil, g.err
	}
	src, err := format.Source(g.buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the generated code: %v", err)
	}
	return src, nil
}

type generator struct {
	buf bytes.Buffer
	err error
	fn  string // the function being generated, for errors
}

func (g *generator) printf(format string, args ...any) {
	fmt.Fprintf(&g.buf, format, args...)
}

func (g *generator) fail(format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf("%s: %s", g.fn, fmt.Sprintf(format, args...))
	}
}

// enum returns the Go name of the package's enum value name.
func (g *generator) enum(m map[string]string, what, name string) string {
	if s, ok := m[name]; ok {
		return s
	}
	g.fail("unknown %s %q: teach gencatalog and package types about it", what, name)
	return "0"
}

func (g *generator) function(fn *function, kind string) {
	g.fn = fn.Name
	if fn.View {
		g.fail("a built-in view is not supported")
	}
	g.printf("{Name: %q, Kind: %s", fn.Name, kind)
	if fn.Hidden {
		g.printf(", Hidden: true")
	}
	if fn.Alternative != "" {
		g.printf(", Alternative: %q", fn.Alternative)
	}
	if fn.ConstantFoldable {
		g.printf(", ConstantFoldable: true")
	}
	if fn.CustomAvailability {
		g.printf(", GraphOnly: true")
	}
	if fn.ResultNameKind != "None" {
		g.printf(", ResultName: %s", g.enum(resultNames, "ResultNameKind", fn.ResultNameKind))
	}
	if fn.ResultNamePrefix != "" {
		g.printf(", ResultNamePrefix: %q", fn.ResultNamePrefix)
	}
	g.printf(", Signatures: []*Signature{\n")
	for _, sig := range fn.Signatures {
		g.signature(sig)
	}
	g.printf("}},\n")
}

func (g *generator) signature(sig *signature) {
	g.printf("{Return: %s", g.enum(returnKinds, "ReturnTypeKind", sig.ReturnKind))
	if sig.ReturnKind == "Declared" {
		g.printf(", ReturnType: %s", g.resultType(sig.ReturnType))
		if shape := g.shape(sig.ReturnType); shape != "" {
			g.printf(", ReturnShape: %s", shape)
		}
	}
	g.printf(", Tabularity: %s, Layout: %s, MinArgs: %d, MaxArgs: %d",
		g.enum(tabularities, "Tabularity", sig.Tabularity), g.enum(layouts, "layout", sig.Layout),
		sig.MinArgs, sig.MaxArgs)
	if sig.Hidden {
		g.printf(", Hidden: true")
	}
	if sig.Alternative != "" {
		g.printf(", Alternative: %q", sig.Alternative)
	}
	if len(sig.Parameters) == 0 {
		g.printf("},\n")
		return
	}
	g.printf(", Params: []*Parameter{\n")
	for _, p := range sig.Parameters {
		g.parameter(p)
	}
	g.printf("}},\n")
}

func (g *generator) parameter(p *parameter) {
	g.printf("{Name: %q, TypeKind: %s", p.Name, g.enum(paramTypeKinds, "ParameterTypeKind", p.TypeKind))
	var kinds []string
	for _, t := range p.Types {
		if t.Kind == "scalar" && t.Name == "type" {
			g.printf(", TypeOf: true")
			continue
		}
		kinds = append(kinds, g.scalarKind(t))
	}
	if len(kinds) > 0 {
		g.printf(", Types: []Kind{%s}", strings.Join(kinds, ", "))
	}
	if p.ArgumentKind != "Expression" {
		g.printf(", Arg: %s", g.enum(argumentKinds, "ArgumentKind", p.ArgumentKind))
	}
	g.printf(", MinOccur: %d, MaxOccur: %d", p.Min, p.Max)
	if len(p.Values) > 0 {
		g.printf(", Values: []any{")
		for i, v := range p.Values {
			if i > 0 {
				g.printf(", ")
			}
			g.printf("%s", g.value(v))
		}
		g.printf("}")
	}
	if p.CaseSensitive {
		g.printf(", CaseSensitive: true")
	}
	if p.DefaultValueIndicator != "" {
		g.printf(", DefaultIndicator: %q", p.DefaultValueIndicator)
	}
	if p.DefaultValue != "" {
		// No built-in has one; a parameter with a default value would
		// need its value in the catalog.
		g.fail("parameter %s has a default value, which gencatalog does not support", p.Name)
	}
	g.printf("},\n")
}

// scalarKind returns the Kind of a scalar or dynamic type symbol. The
// dynamic sub-types (arrays, bags, dynamic primitives) are Dynamic.
func (g *generator) scalarKind(t *typeSymbol) string {
	if t == nil {
		g.fail("missing type")
		return "Unknown"
	}
	switch t.Kind {
	case "scalar":
		return g.enum(scalarKinds, "scalar type", t.Name)
	case "dynamic", "array", "bag":
		return "Dynamic"
	}
	g.fail("a %s type where a scalar type was expected", t.Kind)
	return "Unknown"
}

// shape returns the Go expression of the Shape of a dynamic type, or ""
// for plain dynamic and any other type.
func (g *generator) shape(t *typeSymbol) string {
	if t == nil {
		return ""
	}
	switch t.Kind {
	case "bag":
		return "ShapeBag"
	case "array":
		if e := t.Elem; e != nil && e.Kind == "scalar" && e.Name != "dynamic" {
			return "ShapeArrayOf + Shape(" + g.scalarKind(e) + ")"
		}
		return "ShapeArray"
	case "dynamic":
		if t.Of != nil && t.Of.Kind == "scalar" {
			return "ShapeScalarOf + Shape(" + g.scalarKind(t.Of) + ")"
		}
	}
	return ""
}

// resultType returns the Go expression of a declared result type.
func (g *generator) resultType(t *typeSymbol) string {
	if t == nil || t.Kind != "table" {
		return g.scalarKind(t)
	}
	var b strings.Builder
	b.WriteString("&Schema{Columns: []*Column{")
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "{Name: %q, Type: %s}", c.Name, g.scalarKind(c.Type))
	}
	b.WriteString("}")
	if t.Open {
		b.WriteString(", Open: true")
	}
	b.WriteString("}")
	return b.String()
}

func (g *generator) value(v *value) string {
	switch {
	case v == nil:
		return "nil"
	case v.String != nil:
		return strconv.Quote(*v.String)
	case v.Bool != nil:
		return strconv.FormatBool(*v.Bool)
	case v.Long != nil:
		return fmt.Sprintf("int64(%d)", *v.Long)
	case v.Real != nil:
		return fmt.Sprintf("float64(%s)", strconv.FormatFloat(*v.Real, 'g', -1, 64))
	}
	g.fail("an empty parameter value")
	return "nil"
}

package types

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/kqlt/kqlt/kql"
)

// This file lists, in one place, every signature of the catalog whose
// result type Kusto.Language computes by code (ReturnCustom), with the
// same computation written for the binder's types, and the signatures
// whose argument layout is computed by code (LayoutCustom). Each entry
// says what the official library computes (Functions.cs, Aggregates.cs,
// PlugIns.cs of Kusto.Language).
//
// The package's dynamic shapes (an array of strings, a bag with known
// properties) are all Dynamic here. Where the columns of a result cannot
// be known (bag_unpack without an output schema, sql_request), the result
// is an open *Schema: never a guess that could make a false error.
//
// A test checks that every ReturnCustom and LayoutCustom signature of the
// catalog has an entry here and that there is no other entry.

// customResult computes the result type of a call of a ReturnCustom
// signature. A nil result stands for "unknown".
type customResult func(x *customContext) Type

// customContext is the package's CustomReturnTypeContext: the call, with
// the parameter of each argument.
type customContext struct {
	*call
	sig    *Signature
	params []*Parameter
}

// customKey names a signature as the tables below do: "function
// series_fit_line#0", the kind, the name and the signature's index.
func customKey(sig *Signature) string {
	if sig == nil || sig.Fun == nil {
		return ""
	}
	for i, s := range sig.Fun.Signatures {
		if s == sig {
			return fmt.Sprintf("%s %s#%d", sig.Fun.Kind, sig.Fun.Name, i)
		}
	}
	return ""
}

func layoutKey(sig *Signature) string { return customKey(sig) }

// customResults are the hand-written result computations.
var customResults = map[string]customResult{
	// Scalar functions.

	// bin_auto(value): the value's type with int promoted to long; for a
	// numeric value, the package takes the common type with the names
	// query_bin_auto_size and query_bin_auto_at, which a query does not
	// declare (they are request properties), so the value's type again.
	"function bin_auto#0": func(x *customContext) Type {
		i := x.arg("value")
		if i < 0 || !x.types[i].isScalar() || x.types[i].isUnknown() {
			return Unknown
		}
		return promoteToLong(x.kindOf(x.types[i]))
	},
	// array_concat(a, ...): the common type of the arrays, else a dynamic array.
	"function array_concat#0": dynamicResult,
	// array_iif/array_iff(cond, t, f): a dynamic array of the common
	// type of when_true and... when_true again (sic), or that common type
	// when it is dynamic.
	"function array_iif#0": dynamicResult,
	"function array_iff#0": dynamicResult,
	// array_sort_asc/desc(a1, a2, ..., [nulls_last]): a tuple of the
	// leading dynamic-array arguments, each named after the argument
	// (GetResultName) plus "_sorted", or "array<i>_sorted" when the
	// argument has no name, with the argument's type.
	"function array_sort_asc#0":  arraySortResult,
	"function array_sort_desc#0": arraySortResult,
	// pack, pack_dictionary, bag_pack(k1, v1, ...): a property bag with
	// a property for each constant string key.
	"function pack#0":            dynamicResult,
	"function pack_dictionary#0": dynamicResult,
	"function bag_pack#0":        dynamicResult,
	// bag_pack_columns(c1, ...): a bag of the referenced columns.
	"function bag_pack_columns#0": dynamicResult,
	// pack_all(): a bag of the row's columns.
	"function pack_all#0": dynamicResult,
	// pack_array(v, ...): an array of the common type of the values;
	// pack_array(*): an array of the common type of the row's columns.
	"function pack_array#0": dynamicResult,
	"function pack_array#1": dynamicResult,
	// set_union/set_intersect/set_difference(s1, s2, ...): the common
	// array type of the sets, else a dynamic array.
	"function set_union#0":      dynamicResult,
	"function set_intersect#0":  dynamicResult,
	"function set_difference#0": dynamicResult,
	// bag_merge(b1, b2, ...): the union of the bags' known properties.
	"function bag_merge#0": dynamicResult,
	// bag_remove_keys(bag, keys): the bag without the constant keys.
	"function bag_remove_keys#0": dynamicResult,
	// bag_set_key(bag, key, value): the bag with the property key added.
	"function bag_set_key#0": dynamicResult,
	// series_stats(s): the tuple series_stats_<s>_min (real), _min_idx
	// (long), _max (real), _max_idx (long), _avg, _stdev, _variance (real).
	"function series_stats#0": prefixedTuple("series",
		"min", Real, "min_idx", Long, "max", Real, "max_idx", Long, "avg", Real, "stdev", Real, "variance", Real),
	// series_stats_dynamic(s): a bag of the same properties.
	"function series_stats_dynamic#0": dynamicResult,
	// series_fft/series_ifft(s): the tuple <fn>_<s>_real, _imag (arrays of real).
	"function series_fft#0":  prefixedTuple("series", "real", Dynamic, "imag", Dynamic),
	"function series_ifft#0": prefixedTuple("series", "real", Dynamic, "imag", Dynamic),
	// series_fit_line(s): the tuple series_fit_line_<s>_rsquare, _slope,
	// _variance, _rvariance, _interception (real), _line_fit (array).
	"function series_fit_line#0": prefixedTuple("series",
		"rsquare", Real, "slope", Real, "variance", Real, "rvariance", Real, "interception", Real, "line_fit", Dynamic),
	// series_fit_line_dynamic(s): a bag of the same properties.
	"function series_fit_line_dynamic#0": dynamicResult,
	// series_fit_2lines(a): the tuple series_fit_2lines_<a>_rsquare,
	// _split_idx, _variance, _rvariance, _line_fit, then right_ and left_
	// rsquare, slope, interception, variance, rvariance.
	"function series_fit_2lines#0": prefixedTuple("array",
		"rsquare", Real, "split_idx", Long, "variance", Real, "rvariance", Real, "line_fit", Dynamic,
		"right_rsquare", Real, "right_slope", Real, "right_interception", Real, "right_variance", Real, "right_rvariance", Real,
		"left_rsquare", Real, "left_slope", Real, "left_interception", Real, "left_variance", Real, "left_rvariance", Real),
	// series_fit_2lines_dynamic(s): a bag of the same properties.
	"function series_fit_2lines_dynamic#0": dynamicResult,
	// series_periods_detect/validate(s, ...): the tuple <fn>_<s>_periods, _scores.
	"function series_periods_detect#0":   prefixedTuple("series", "periods", Dynamic, "scores", Dynamic),
	"function series_periods_validate#0": prefixedTuple("series", "periods", Dynamic, "scores", Dynamic),
	// series_fit_poly(y, ...): the tuple series_fit_poly_<y>_rsquare,
	// _coefficients, _variance, _rvariance, _poly_fit.
	"function series_fit_poly#0": prefixedTuple("y_series",
		"rsquare", Real, "coefficients", Dynamic, "variance", Real, "rvariance", Real, "poly_fit", Dynamic),
	// series_decompose and (as the package has it) series_decompose_forecast:
	// the tuple <fn>_<s>_baseline, _seasonal, _trend, _residual.
	"function series_decompose#0": prefixedTuple("series",
		"baseline", Dynamic, "seasonal", Dynamic, "trend", Dynamic, "residual", Dynamic),
	"function series_decompose_forecast#0": prefixedTuple("series",
		"baseline", Dynamic, "seasonal", Dynamic, "trend", Dynamic, "residual", Dynamic),
	// series_decompose_anomalies(s, ...): the tuple <fn>_<s>_ad_flag, _ad_score, _baseline.
	"function series_decompose_anomalies#0": prefixedTuple("series",
		"ad_flag", Dynamic, "ad_score", Dynamic, "baseline", Dynamic),
	// map(element, expr) (graph-match only): an array of expr's type.
	"function map#0": dynamicResult,
	// inner_nodes(edge) (graph-match only): a tuple of the graph's node
	// properties, which the binder does not know, or an array of bags.
	"function inner_nodes#0": func(x *customContext) Type { return Unknown },

	// Aggregates.

	// percentile(e, p), percentiles(e, p1, ...), percentilew(e, w, p),
	// percentilesw(e, w, p1, ...): a tuple of one column per percentile,
	// percentile_<e>_<p> (the constant p with every character that is no
	// letter or digit made "_"), of e's type with int promoted to long
	// and decimal demoted to real.
	"aggregate percentile#0":   percentileResult,
	"aggregate percentiles#0":  percentileResult,
	"aggregate percentilew#0":  percentileResult,
	"aggregate percentilesw#0": percentileResult,
	// percentiles_array(e, ...), percentilesw_array(e, w, ...): the tuple
	// of one dynamic column percentiles_<e>.
	"aggregate percentiles_array#0":  percentileArrayResult,
	"aggregate percentiles_array#1":  percentileArrayResult,
	"aggregate percentilesw_array#0": percentileArrayResult,
	"aggregate percentilesw_array#1": percentileArrayResult,
	// any(e1, e2, ...), any(*): the tuple of the arguments' columns (see
	// anyResult); take_any(e, ...) the same with unnamed expressions
	// named any_arg<i>.
	"aggregate any#1":      func(x *customContext) Type { return x.anyResult("") },
	"aggregate any#2":      func(x *customContext) Type { return x.anyResult("") },
	"aggregate take_any#0": func(x *customContext) Type { return x.anyResult("any_") },
	// arg_min/arg_max(e, r1, ...): the tuple of e and the returned
	// columns (see argMinMaxResult).
	"aggregate arg_min#0": func(x *customContext) Type { return x.argMinMaxResult("min") },
	"aggregate arg_max#0": func(x *customContext) Type { return x.argMinMaxResult("max") },
	// argmin/argmax (deprecated): e's column, then each returned column
	// prefixed with e's name.
	"aggregate argmin#0": func(x *customContext) Type { return x.argMinMaxDeprecatedResult() },
	"aggregate argmax#0": func(x *customContext) Type { return x.argMinMaxDeprecatedResult() },

	// Operators.

	// -x, +x of a summable x: x's type, but a non-constant int is
	// promoted to long (a constant folds without promotion).
	"operator UnaryMinus#0": unaryResult,
	"operator UnaryPlus#0":  unaryResult,

	// Plugins. Their results are row schemas.

	// active_users_count(...): the timeline column, the dimension
	// columns, dcount:long.
	"plugin active_users_count#0": referencedColumnsResult("TimelineColumn", "Dimension", "dcount", Long),
	// activity_counts_metrics(...): timeline, dimensions, count, dcount,
	// new_dcount, aggregated_dcount (long).
	"plugin activity_counts_metrics#0": referencedColumnsResult("TimelineColumn", "Dimension",
		"count", Long, "dcount", Long, "new_dcount", Long, "aggregated_dcount", Long),
	// activity_engagement(...): timeline, [dimensions,]
	// dcount_activities_inner, dcount_activities_outer (long), activity_ratio (real).
	"plugin activity_engagement#0": referencedColumnsResult("TimelineColumn", "",
		"dcount_activities_inner", Long, "dcount_activities_outer", Long, "activity_ratio", Real),
	"plugin activity_engagement#1": referencedColumnsResult("TimelineColumn", "Dimension",
		"dcount_activities_inner", Long, "dcount_activities_outer", Long, "activity_ratio", Real),
	// activity_metrics(...): timeline, [dimensions,] dcount_values,
	// dcount_newvalues (long), retention_rate, churn_rate (real).
	"plugin activity_metrics#0": referencedColumnsResult("TimelineColumn", "Dimension",
		"dcount_values", Long, "dcount_newvalues", Long, "retention_rate", Real, "churn_rate", Real),
	"plugin activity_metrics#1": referencedColumnsResult("TimelineColumn", "",
		"dcount_values", Long, "dcount_newvalues", Long, "retention_rate", Real, "churn_rate", Real),
	// new_activity_metrics(...): from_<t>, to_<t> of the timeline's type,
	// the dimensions, dcount_new_values, dcount_retained_values,
	// dcount_churn_values (long), retention_rate, churn_rate (real).
	"plugin new_activity_metrics#0": newActivityMetricsResult,
	// azure_digital_twins_query_request, cosmosdb_sql_request,
	// execute_query, execute_show_command, external_datatable,
	// sql_request, mysql_request, postgresql_request, dax_request: the
	// columns come from outside the query at run time: open.
	"plugin azure_digital_twins_query_request#0": openResult,
	"plugin cosmosdb_sql_request#0":              openResult,
	"plugin execute_show_command#0":              openResult,
	"plugin execute_query#0":                     openResult,
	"plugin external_datatable#0":                openResult,
	"plugin sql_request#0":                       openResult,
	"plugin mysql_request#0":                     openResult,
	"plugin postgresql_request#0":                openResult,
	"plugin dax_request#0":                       openResult,
	// autocluster, basket: SegmentId, Count (long), Percent (real), then
	// the row's columns.
	"plugin autocluster#0": rowWithResult("SegmentId", Long, "Count", Long, "Percent", Real),
	"plugin basket#0":      rowWithResult("SegmentId", Long, "Count", Long, "Percent", Real),
	// diffpatterns: SegmentId, CountA, CountB (long), PercentA, PercentB,
	// PercentDiffAB (real), then the row's columns.
	"plugin diffpatterns#0": rowWithResult("SegmentId", Long, "CountA", Long, "CountB", Long,
		"PercentA", Real, "PercentB", Real, "PercentDiffAB", Real),
	// bag_unpack(column[, prefix]): the row's columns but the unpacked
	// one, and the bag's properties, unknown: open. (With an output
	// schema, evaluate bag_unpack(x) : (...) gives the columns; that is
	// the binder's part.)
	"plugin bag_unpack#0": bagUnpackResult,
	// python, r, csharp(typeof(schema), script, ...): the schema of the
	// typeof literal, else open.
	"plugin python#0": outputSchemaResult,
	"plugin r#0":      outputSchemaResult,
	"plugin csharp#0": outputSchemaResult,
	// dcount_intersect(h0, h1, ...): the row's columns, then s0, s1...
	// (long), one per argument.
	"plugin dcount_intersect#0": dcountIntersectResult,
	// estimate_rows_count(): EstimatedRowsCount:long.
	"plugin estimate_rows_count#0": fixedResult("EstimatedRowsCount", Long),
	// funnel_sequence(...): timeline, prev and next (of the state
	// column's type), dcount (long), samples (dynamic).
	"plugin funnel_sequence#0": funnelSequenceResult,
	// funnel_sequence_completion(...): timeline, a string column named
	// after the state column, Period (timespan), dcount (long).
	"plugin funnel_sequence_completion#0": funnelSequenceCompletionResult,
	// identity(), identity_v3(...), rows_near(...): the row as it is.
	"plugin identity#0":    rowResult,
	"plugin identity_v3#0": rowResult,
	"plugin rows_near#0":   rowResult,
	// geo_polygon_lookup, geo_line_lookup(T, key, ...): the row's columns
	// and the lookup table's (without the key column unless
	// return_lookup_key is true), names made unique; the row when the
	// lookup table is unknown.
	"plugin geo_polygon_lookup#0": geoLookupResult("LookupPolygonKey"),
	"plugin geo_line_lookup#0":    geoLookupResult("LookupLineKey"),
	// ipv4_lookup(T, ...): the row's columns and the lookup table's but
	// the extra key columns, names made unique.
	"plugin ipv4_lookup#0": ipv4LookupResult,
	// ipv6_lookup(T, ...): the row's columns and the lookup table's,
	// names made unique.
	"plugin ipv6_lookup#0": ipv6LookupResult,
	// pivot(column[, agg(col)[, c1, ...]]): the named columns, or the
	// row's columns but the pivot and aggregated ones, and one column
	// per value of the pivot column: open.
	"plugin pivot#0": pivotResult,
	// preview(n): two result tables (a group), the row and Count:long.
	// Which one a query goes on with is not clear: the row, open.
	"plugin preview#0": func(x *customContext) Type {
		return &Schema{Columns: append([]*Column(nil), x.rowColumns()...), Open: true}
	},
	// rolling_percentile(...): the index column, the dimensions,
	// rolling_<BinsPerWindow>_percentile_<value column>_<Percentile>.
	"plugin rolling_percentile#0": rollingPercentileResult,
	// session_count(...): timeline, dimensions, count_sessions (long).
	"plugin session_count#0": referencedColumnsResult("TimelineColumn", "Dimension", "count_sessions", Long),
	// sequence_detect(...): the dimensions, one column <expr>_<timeline>
	// of the timeline's type per step expression, Duration (timespan).
	"plugin sequence_detect#0": sequenceDetectResult,
	// sliding_window_counts(...): timeline, dimensions, Count, Dcount (long).
	"plugin sliding_window_counts#0": referencedColumnsResult("TimelineColumn", "Dimension", "Count", Long, "Dcount", Long),
	// ai_embed_text (obsolete), ai_embeddings(text, ...): the row's
	// columns, <text>_embedding[s] (dynamic) and, with a constant true
	// IncludeErrorMessages, <text>_embedding[s]_error (string).
	"plugin ai_embed_text#0": aiResult("Text", "embedding", Dynamic),
	"plugin ai_embeddings#0": aiResult("Text", "embeddings", Dynamic),
	// ai_chat_completion[_prompt](prompt, ...): the row's columns,
	// <prompt>_completion (string) and, with errors,
	// <prompt>_completion_error (string).
	"plugin ai_chat_completion#0":        aiResult("Prompt", "completion", String),
	"plugin ai_chat_completion_prompt#0": aiResult("Prompt", "completion", String),
}

// customLayout lays out the arguments of a LayoutCustom signature, as
// the package's code does, appending to params.
type customLayout func(sig *Signature, c *call, params []*Parameter) []*Parameter

// customLayouts are the hand-written argument layouts.
var customLayouts = map[string]customLayout{
	// array_sort_asc/desc(a1, ..., [nulls_last]): every argument is an
	// array but the last when it is a bool.
	"function array_sort_asc#0":  arraySortLayout,
	"function array_sort_desc#0": arraySortLayout,
	// geo_polygon_lookup(T, key, lon, lat, [radius, return_unmatched,
	// lookup_area_radius, return_lookup_key]): the optional ones by
	// position or by name.
	"plugin geo_polygon_lookup#0": geoLookupLayout(4),
	// geo_line_lookup(T, key, lon, lat, radius, [return_unmatched,
	// lookup_area_radius, return_lookup_key]).
	"plugin geo_line_lookup#0": geoLookupLayout(5),
	// ipv4_lookup(T, src, key, extra..., [return_unmatched]): the last
	// argument is return_unmatched when it is named so or a bool literal.
	"plugin ipv4_lookup#0": ipv4LookupLayout,
	// ipv6_lookup(T, src, key, [return_unmatched]).
	"plugin ipv6_lookup#0": fixedCustomLayout,
	// new_activity_metrics(id, timeline, start, end, window, [cohort],
	// dimension..., [lookback]): the sixth argument is the cohort when it
	// is a constant or no column; then dimensions up to a tabular one.
	"plugin new_activity_metrics#0": newActivityMetricsLayout,
	// sequence_detect(timeline, step_window, span, expr, expr...,
	// dimension...): the bool arguments after the fourth are expressions.
	"plugin sequence_detect#0": sequenceDetectLayout,
}

// Helpers for the tables.

// arg returns the index of the argument of the parameter named name
// (CustomReturnTypeContext.GetArgument), or -1.
func (x *customContext) arg(name string) int {
	p := x.param(name)
	if p == nil {
		return -1
	}
	for i, q := range x.params {
		if q == p && i < len(x.args) {
			return i
		}
	}
	return -1
}

// argsOf returns the indexes of the arguments of the parameter named name.
func (x *customContext) argsOf(name string) []int {
	p := x.param(name)
	if p == nil {
		return nil
	}
	var idx []int
	for i, q := range x.params {
		if q == p && i < len(x.args) {
			idx = append(idx, i)
		}
	}
	return idx
}

// param is Signature.GetParameter: the last parameter named name.
func (x *customContext) param(name string) *Parameter {
	var found *Parameter
	for _, p := range x.sig.Params {
		if p.Name == name {
			found = p
		}
	}
	return found
}

// rowColumns returns the columns of the row in scope (RowScopeOrEmpty).
func (x *customContext) rowColumns() []*Column {
	if x.site.Row == nil {
		return nil
	}
	return x.site.Row.Columns
}

func (x *customContext) rowOpen() bool { return x.site.Row != nil && x.site.Row.Open }

// typeAt returns the type of argument i as a Type: a Kind, or the
// argument's schema.
func (x *customContext) typeAt(i int) Kind {
	if i < 0 || i >= len(x.types) {
		return Unknown
	}
	if k, ok := x.kindOf(x.types[i]).(Kind); ok {
		return k
	}
	return Unknown
}

// resultName is CustomReturnTypeContext.GetResultName.
func (x *customContext) resultName(i int) string {
	if i < 0 || i >= len(x.args) {
		return ""
	}
	return x.args[i].ResultName
}

// constantString is FunctionHelpers.GetConstantValue: the constant's
// value as .NET prints it, or "".
func (x *customContext) constantString(i int) string {
	if i < 0 || i >= len(x.args) || !x.args[i].Const {
		return ""
	}
	return dotnetString(x.args[i].Value)
}

// dotnetString prints a constant as .NET's ToString does.
func dotnetString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if strings.Contains(s, "e") {
			// .NET writes 1E-05 and 1E+20.
			s = strings.ToUpper(s)
		}
		return s
	}
	return fmt.Sprint(v)
}

// referencedColumn returns the column the argument refers to
// (ReferencedSymbol is ColumnSymbol).
func (x *customContext) referencedColumn(i int) *Column {
	if i < 0 || i >= len(x.args) {
		return nil
	}
	return x.args[i].Column
}

func dynamicResult(*customContext) Type { return Dynamic }

func unaryResult(x *customContext) Type {
	if len(x.args) != 1 {
		return Unknown
	}
	if x.types[0] == argType(Int) && !x.args[0].Const {
		return Long
	}
	return x.kindOf(x.types[0])
}

func promoteToLong(t Type) Type {
	if t == Int {
		return Long
	}
	return t
}

// makeColumnName is FunctionHelpers.MakeColumnName: the parts joined
// with "_" (the package leaves out null parts, not empty ones).
func makeColumnName(parts ...string) string { return strings.Join(parts, "_") }

// prefixedTuple is FunctionHelpers.MakePrefixedTuple: a tuple whose
// columns are named <prefix>_<argument name>_<name>, where prefix is the
// function's ResultNamePrefix or else its name, and the argument is the
// one of the parameter param. pairs alternate names and Kinds.
func prefixedTuple(param string, pairs ...any) customResult {
	return func(x *customContext) Type {
		prefix := x.sig.Fun.ResultNamePrefix
		if prefix == "" {
			prefix = x.sig.Fun.Name
		}
		arg := x.resultName(x.arg(param))
		t := &Tuple{}
		for i := 0; i+1 < len(pairs); i += 2 {
			t.Columns = append(t.Columns, &Column{Name: makeColumnName(prefix, arg, pairs[i].(string)), Type: pairs[i+1].(Kind)})
		}
		return t
	}
}

func arraySortResult(x *customContext) Type {
	t := &Tuple{}
	for i := range x.args {
		if x.types[i].isUnknown() {
			// Whether it is one of the leading arrays is not known.
			return Unknown
		}
		if !x.types[i].isDynamicArray() {
			break // only the leading array arguments
		}
		name := x.resultName(i)
		if name == "" {
			name = fmt.Sprintf("array%d_sorted", i)
		} else {
			name += "_sorted"
		}
		t.Columns = append(t.Columns, &Column{Name: name, Type: Dynamic})
	}
	return t
}

func arraySortLayout(sig *Signature, c *call, params []*Parameter) []*Parameter {
	arrays, nullsLast := sig.Params[0], sig.Params[1]
	for i := range c.args {
		if i < len(c.args)-1 || !c.isBoolean(i) {
			params = append(params, arrays)
		} else {
			params = append(params, nullsLast)
		}
	}
	return params
}

// isBoolean is FunctionHelpers.IsBoolean: a bool expression or literal.
func (c *call) isBoolean(i int) bool {
	if c.types[i] == argType(Bool) {
		return true
	}
	lit, ok := c.args[i].Expr.(*kql.BasicLit)
	return ok && lit.Kind == kql.BoolLit
}

// percentileResult is Aggregates.PercentileReturn.
func percentileResult(x *customContext) Type {
	t := &Tuple{}
	v := x.arg("expr")
	if v < 0 {
		return t
	}
	typ := x.typeAt(v)
	switch typ {
	case Int:
		typ = Long
	case Decimal:
		typ = Real
	}
	name := x.resultName(v)
	for _, p := range x.argsOf("percentile") {
		frag := validNameFragment(x.constantString(p))
		t.Columns = append(t.Columns, &Column{Name: "percentile_" + name + "_" + frag, Type: typ})
	}
	return t
}

// validNameFragment is FunctionHelpers.MakeValidNameFragment: every
// character that is no letter or digit becomes "_".
func validNameFragment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '_'
	}, s)
}

// percentileArrayResult is Aggregates.PercentileArrayReturn.
func percentileArrayResult(x *customContext) Type {
	t := &Tuple{}
	if v := x.arg("expr"); v >= 0 {
		t.Columns = append(t.Columns, &Column{Name: "percentiles_" + x.resultName(v), Type: Dynamic})
	}
	return t
}

// columnSet is a set of columns by identity.
type columnSet map[*Column]bool

func (x *customContext) byColumns() columnSet {
	set := columnSet{}
	for _, c := range x.site.By {
		if c != nil {
			set[c] = true
		}
	}
	return set
}

// namedColumn returns, for an argument name = c where c is a column, the
// name and the column.
func (x *customContext) namedColumn(i int) (string, *Column) {
	if n, ok := x.args[i].Expr.(*kql.NamedExpr); ok && n.Name != nil && x.args[i].Column != nil {
		return n.Name.Name, x.args[i].Column
	}
	return "", nil
}

// anyResult is Aggregates.GetAnyResult: for each argument, in order, the
// row's columns for *, a renamed column for name = column, the column
// itself for a column (a copy when a * already gave it), else a column
// named after the expression or <prefix>arg<i>. With a *, a column is
// not repeated.
func (x *customContext) anyResult(prefix string) Type {
	t := &Tuple{}
	doNotRepeat := x.byColumns()
	anyStar := false
	for _, a := range x.args {
		anyStar = anyStar || a.Star
	}
	canAdd := func(c *Column) bool { return !anyStar || !doNotRepeat[c] }
	for i, a := range x.args {
		if a.Star {
			for _, c := range x.rowColumns() {
				if canAdd(c) {
					doNotRepeat[c] = true
					t.Columns = append(t.Columns, c)
				}
			}
			continue
		}
		if name, c := x.namedColumn(i); c != nil {
			if canAdd(c) {
				doNotRepeat[c] = true
				t.Columns = append(t.Columns, &Column{Name: name, Type: c.Type})
			}
			continue
		}
		if c := a.Column; c != nil {
			if canAdd(c) {
				if doNotRepeat[c] {
					t.Columns = append(t.Columns, &Column{Name: c.Name, Type: c.Type})
				} else {
					doNotRepeat[c] = true
					t.Columns = append(t.Columns, c)
				}
			}
			continue
		}
		name := a.ResultName
		if name == "" {
			name = fmt.Sprintf("%sarg%d", prefix, i)
		}
		t.Columns = append(t.Columns, &Column{Name: name, Type: x.typeAt(i)})
	}
	return t
}

// argMinMaxResult is Aggregates.GetArgMinMaxResult: like anyResult, but
// the first argument always counts, the by clause's columns are not
// repeated after a *, and an unnamed expression is <prefix>_ (first) or
// <prefix>_<first's name>_arg<i>.
func (x *customContext) argMinMaxResult(prefix string) Type {
	t := &Tuple{}
	if len(x.args) == 0 {
		return t
	}
	by := x.byColumns()
	doNotRepeat := columnSet{}
	anyStar := false
	for _, a := range x.args {
		anyStar = anyStar || a.Star
	}
	primaryName := x.args[0].ResultName
	canAdd := func(i int, c *Column) bool {
		return i == 0 || !anyStar || !doNotRepeat[c] && !by[c]
	}
	for i, a := range x.args {
		if a.Star {
			for _, c := range x.rowColumns() {
				if canAdd(i, c) {
					doNotRepeat[c] = true
					t.Columns = append(t.Columns, c)
				}
			}
			continue
		}
		if name, c := x.namedColumn(i); c != nil {
			if canAdd(i, c) {
				doNotRepeat[c] = true
				t.Columns = append(t.Columns, &Column{Name: name, Type: c.Type})
			}
			continue
		}
		if c := a.Column; c != nil {
			if canAdd(i, c) {
				if doNotRepeat[c] || by[c] {
					t.Columns = append(t.Columns, &Column{Name: c.Name, Type: c.Type})
				} else {
					doNotRepeat[c] = true
					t.Columns = append(t.Columns, c)
				}
			}
			continue
		}
		name := a.ResultName
		if name == "" {
			// The package asks for the name with no default (null).
			if i == 0 {
				name = prefix + "_"
			} else {
				name = prefix + "_" + primaryName + "_arg" + strconv.Itoa(i)
			}
		}
		t.Columns = append(t.Columns, &Column{Name: name, Type: x.typeAt(i)})
	}
	return t
}

// argMinMaxDeprecatedResult is Aggregates.GetArgMinMaxDepResult.
func (x *customContext) argMinMaxDeprecatedResult() Type {
	t := &Tuple{}
	if len(x.args) == 0 {
		return t
	}
	by := x.byColumns()
	doNotRepeat := columnSet{}
	anyStar := false
	for _, a := range x.args {
		anyStar = anyStar || a.Star
	}
	canAdd := func(c *Column) bool { return !anyStar || !doNotRepeat[c] && !by[c] }
	primary := x.args[0]
	var primaryName string
	if c := primary.Column; c != nil {
		doNotRepeat[c] = true
		t.Columns = append(t.Columns, c)
		primaryName = c.Name
	} else {
		primaryName = primary.ResultName
		t.Columns = append(t.Columns, &Column{Name: primaryName, Type: x.typeAt(0)})
	}
	for i := 1; i < len(x.args); i++ {
		a := x.args[i]
		if a.Star {
			for _, c := range x.rowColumns() {
				if c != primary.Column && canAdd(c) {
					doNotRepeat[c] = true
					t.Columns = append(t.Columns, &Column{Name: primaryName + "_" + c.Name, Type: c.Type})
				}
			}
			continue
		}
		if name, c := x.namedColumn(i); c != nil {
			if canAdd(c) {
				doNotRepeat[c] = true
				t.Columns = append(t.Columns, &Column{Name: primaryName + "_" + name, Type: c.Type})
			}
			continue
		}
		if c := a.Column; c != nil {
			if canAdd(c) {
				doNotRepeat[c] = true
				t.Columns = append(t.Columns, &Column{Name: primaryName + "_" + c.Name, Type: c.Type})
			}
			continue
		}
		name := a.ResultName
		if name == "" {
			name = "arg" + strconv.Itoa(i)
		}
		t.Columns = append(t.Columns, &Column{Name: primaryName + "_" + name, Type: x.typeAt(i)})
	}
	return t
}

// columnsOf makes new columns from pairs of names and Kinds.
func columnsOf(pairs []any) []*Column {
	var cols []*Column
	for i := 0; i+1 < len(pairs); i += 2 {
		cols = append(cols, &Column{Name: pairs[i].(string), Type: pairs[i+1].(Kind)})
	}
	return cols
}

// referencedColumnsResult is the result of the activity plugins: the
// column of the parameter one, the columns of the arguments of the
// parameter many (when not ""), then new columns.
func referencedColumnsResult(one, many string, pairs ...any) customResult {
	return func(x *customContext) Type {
		s := &Schema{}
		if c := x.referencedColumn(x.arg(one)); c != nil {
			s.Columns = append(s.Columns, c)
		}
		if many != "" {
			for _, i := range x.argsOf(many) {
				if c := x.referencedColumn(i); c != nil {
					s.Columns = append(s.Columns, c)
				}
			}
		}
		s.Columns = append(s.Columns, columnsOf(pairs)...)
		return s
	}
}

func newActivityMetricsResult(x *customContext) Type {
	s := &Schema{}
	if t := x.arg("TimelineColumn"); t >= 0 {
		name := x.resultName(t)
		s.Columns = append(s.Columns,
			&Column{Name: makeColumnName("from", name), Type: x.typeAt(t)},
			&Column{Name: makeColumnName("to", name), Type: x.typeAt(t)})
	}
	for _, i := range x.argsOf("Dimension") {
		if c := x.referencedColumn(i); c != nil {
			s.Columns = append(s.Columns, c)
		}
	}
	s.Columns = append(s.Columns, columnsOf([]any{"dcount_new_values", Long, "dcount_retained_values", Long,
		"dcount_churn_values", Long, "retention_rate", Real, "churn_rate", Real})...)
	return s
}

func openResult(*customContext) Type { return &Schema{Open: true} }

// rowWithResult is new columns followed by the row's; the schema is open
// when the row is (WithInheritableProperties).
func rowWithResult(pairs ...any) customResult {
	return func(x *customContext) Type {
		s := &Schema{Columns: columnsOf(pairs), Open: x.rowOpen()}
		s.Columns = append(s.Columns, x.rowColumns()...)
		return s
	}
}

// rowResult is the row as it is: the same columns.
func rowResult(x *customContext) Type {
	return &Schema{Columns: append([]*Column(nil), x.rowColumns()...), Open: x.rowOpen()}
}

func fixedResult(pairs ...any) customResult {
	return func(x *customContext) Type { return &Schema{Columns: columnsOf(pairs)} }
}

func bagUnpackResult(x *customContext) Type {
	var unpacked *Column
	if len(x.args) > 0 {
		unpacked = x.args[0].Column
	}
	s := &Schema{Open: true}
	for _, c := range x.rowColumns() {
		if len(x.args) == 0 || c != unpacked {
			s.Columns = append(s.Columns, c)
		}
	}
	return s
}

// outputSchemaResult is PlugIns.GetOutputSchema: the schema the first
// argument's typeof(...) names, else open.
func outputSchemaResult(x *customContext) Type {
	if len(x.exprs) > 0 {
		if s := schemaOfTypeOf(x.exprs[0]); s != nil {
			return s
		}
	}
	return &Schema{Open: true}
}

// schemaOfTypeOf returns the schema typeof(a:string, b:long) declares,
// or nil when e declares none. A * makes it open.
func schemaOfTypeOf(e kql.Expr) *Schema {
	to, ok := e.(*kql.TypeOfExpr)
	if !ok {
		return nil
	}
	s := &Schema{}
	for _, t := range to.Types {
		switch t := t.(type) {
		case *kql.ColumnDecl:
			if t.Name == nil {
				return nil
			}
			k := Unknown
			if id, ok := t.Type.(*kql.Ident); ok {
				k, _ = ParseKind(id.Name)
			}
			s.Columns = append(s.Columns, &Column{Name: t.Name.Name, Type: k})
		case *kql.Star:
			s.Open = true
		default:
			// typeof(string) names a scalar type, no schema.
			return nil
		}
	}
	return s
}

func dcountIntersectResult(x *customContext) Type {
	s := &Schema{Columns: append([]*Column(nil), x.rowColumns()...), Open: x.rowOpen()}
	for i := range x.args {
		s.Columns = append(s.Columns, &Column{Name: "s" + strconv.Itoa(i), Type: Long})
	}
	return s
}

func funnelSequenceResult(x *customContext) Type {
	s := &Schema{}
	if c := x.referencedColumn(x.arg("TimelineColumn")); c != nil {
		s.Columns = append(s.Columns, c)
	}
	if st := x.arg("StateColumn"); st >= 0 {
		s.Columns = append(s.Columns, &Column{Name: "prev", Type: x.typeAt(st)}, &Column{Name: "next", Type: x.typeAt(st)})
	}
	s.Columns = append(s.Columns, columnsOf([]any{"dcount", Long, "samples", Dynamic})...)
	return s
}

func funnelSequenceCompletionResult(x *customContext) Type {
	s := &Schema{}
	if c := x.referencedColumn(x.arg("TimelineColumn")); c != nil {
		s.Columns = append(s.Columns, c)
	}
	if st := x.arg("StateColumn"); st >= 0 {
		s.Columns = append(s.Columns, &Column{Name: x.resultName(st), Type: String})
	}
	s.Columns = append(s.Columns, columnsOf([]any{"Period", Timespan, "dcount", Long})...)
	return s
}

// lookupTable returns the schema of the lookup table argument, or nil.
func (x *customContext) lookupTable() *Schema {
	if i := x.arg("LookupTable"); i >= 0 {
		if s, ok := x.args[i].Type.(*Schema); ok {
			return s
		}
	}
	return nil
}

// uniqueNames is Binder.MakeColumnNamesUnique: a column whose name an
// earlier column has is renamed name1, name2... (a new column), skipping
// names in use.
func uniqueNames(cols []*Column) []*Column {
	first := map[string]int{}
	used := map[string]int{} // name -> last suffix used
	for i, c := range cols {
		if _, ok := first[c.Name]; !ok {
			first[c.Name] = i
		}
		if c.Name != "" {
			used[c.Name] = 0
		}
	}
	out := make([]*Column, len(cols))
	for i, c := range cols {
		if first[c.Name] == i {
			out[i] = c
			continue
		}
		name := c.Name
		for suffix := used[c.Name] + 1; ; suffix++ {
			cand := c.Name + strconv.Itoa(suffix)
			if _, taken := used[cand]; !taken {
				used[c.Name] = suffix
				used[cand] = 0
				name = cand
				break
			}
		}
		out[i] = &Column{Name: name, Type: c.Type}
	}
	return out
}

func geoLookupResult(keyParam string) customResult {
	return func(x *customContext) Type {
		table := x.lookupTable()
		if table == nil {
			return rowResult(x)
		}
		cols := append([]*Column(nil), x.rowColumns()...)
		key := x.referencedColumn(x.arg(keyParam))
		if key == nil || x.returnLookupKey() {
			cols = append(cols, table.Columns...)
		} else {
			for _, c := range table.Columns {
				if !strings.EqualFold(c.Name, key.Name) {
					cols = append(cols, c)
				}
			}
		}
		return &Schema{Columns: uniqueNames(cols), Open: table.Open || x.rowOpen()}
	}
}

// returnLookupKey is PlugIns.IsGeoLookupShouldReturnLookupKey, less its
// first case (an unknown key, which geoLookupResult checks): an eighth
// argument that is the literal true, or an argument return_lookup_key =
// true.
func (x *customContext) returnLookupKey() bool {
	isTrue := func(e kql.Expr) bool {
		lit, ok := e.(*kql.BasicLit)
		return ok && lit.Kind == kql.BoolLit && strings.EqualFold(lit.Value, "true")
	}
	if len(x.args) == 8 && isTrue(x.args[7].Expr) {
		return true
	}
	for _, a := range x.args {
		if n, ok := a.Expr.(*kql.NamedExpr); ok && n.Name != nil &&
			strings.EqualFold(n.Name.Name, "return_lookup_key") && isTrue(n.Value) {
			return true
		}
	}
	return false
}

func ipv4LookupResult(x *customContext) Type {
	table := x.lookupTable()
	if table == nil {
		return rowResult(x)
	}
	keys := map[string]bool{}
	for _, i := range x.argsOf("ExtraKey") {
		if c := x.referencedColumn(i); c != nil {
			keys[c.Name] = true
		}
	}
	cols := append([]*Column(nil), x.rowColumns()...)
	for _, c := range table.Columns {
		if !keys[c.Name] {
			cols = append(cols, c)
		}
	}
	return &Schema{Columns: uniqueNames(cols), Open: table.Open || x.rowOpen()}
}

func ipv6LookupResult(x *customContext) Type {
	table := x.lookupTable()
	if table == nil {
		return rowResult(x)
	}
	cols := append(append([]*Column(nil), x.rowColumns()...), table.Columns...)
	return &Schema{Columns: uniqueNames(cols), Open: table.Open || x.rowOpen()}
}

func pivotResult(x *customContext) Type {
	var pivot, aggregated *Column
	if len(x.args) > 0 {
		pivot = x.args[0].Column
	}
	// The aggregated column: the first argument of the aggregate call,
	// when it names a column of the row.
	if len(x.exprs) > 1 {
		if call, ok := x.exprs[1].(*kql.CallExpr); ok && len(call.Args) > 0 {
			if id, ok := call.Args[0].(*kql.Ident); ok {
				aggregated = x.site.Row.Lookup(id.Name)
			}
		}
	}
	s := &Schema{Open: true}
	for i := 2; i < len(x.args); i++ {
		if c := x.args[i].Column; c != nil {
			s.Columns = append(s.Columns, c)
		}
	}
	if len(s.Columns) == 0 {
		for _, c := range x.rowColumns() {
			if c != pivot && c != aggregated {
				s.Columns = append(s.Columns, c)
			}
		}
	}
	return s
}

func rollingPercentileResult(x *customContext) Type {
	s := &Schema{}
	if c := x.referencedColumn(x.arg("IndexColumn")); c != nil {
		s.Columns = append(s.Columns, c)
	}
	for _, i := range x.argsOf("Dimension") {
		if c := x.referencedColumn(i); c != nil {
			s.Columns = append(s.Columns, c)
		}
	}
	// The package prints the literal values (not constants) of
	// BinsPerWindow and Percentile, "0" when they are none.
	literal := func(i int) string {
		if i < 0 || !isLiteral(x.exprs[i]) || !x.args[i].Const {
			return "0"
		}
		return dotnetString(x.args[i].Value)
	}
	bins := literal(x.arg("BinsPerWindow"))
	percentile := literal(x.arg("Percentile"))
	value := x.referencedColumn(x.arg("ValueColumn"))
	name, typ := "value", Long
	if value != nil {
		name, typ = value.Name, value.Type
	}
	s.Columns = append(s.Columns, &Column{Name: "rolling_" + bins + "_percentile_" + name + "_" + percentile, Type: typ})
	return s
}

func sequenceDetectResult(x *customContext) Type {
	s := &Schema{}
	for _, i := range x.argsOf("Dimension") {
		if c := x.referencedColumn(i); c != nil {
			s.Columns = append(s.Columns, c)
		}
	}
	if t := x.arg("TimelineColumn"); t >= 0 {
		timeline := x.resultName(t)
		for _, i := range x.argsOf("Expr") {
			s.Columns = append(s.Columns, &Column{Name: makeColumnName(x.resultName(i), timeline), Type: x.typeAt(t)})
		}
	}
	s.Columns = append(s.Columns, &Column{Name: "Duration", Type: Timespan})
	return s
}

// aiResult is the result of the ai_ plugins: the row's columns, then
// <arg>_<suffix> and, when IncludeErrorMessages is a constant that .NET
// parses as true, <arg>_<suffix>_error (string).
func aiResult(param, suffix string, typ Kind) customResult {
	return func(x *customContext) Type {
		prefix := x.resultName(x.arg(param))
		s := &Schema{Columns: append([]*Column(nil), x.rowColumns()...), Open: x.rowOpen()}
		s.Columns = append(s.Columns, &Column{Name: makeColumnName(prefix, suffix), Type: typ})
		if i := x.arg("IncludeErrorMessages"); i >= 0 && strings.EqualFold(strings.TrimSpace(x.constantString(i)), "true") {
			s.Columns = append(s.Columns, &Column{Name: makeColumnName(prefix, suffix, "error"), Type: String})
		}
		return s
	}
}

// Layouts.

func fixedCustomLayout(sig *Signature, c *call, params []*Parameter) []*Parameter {
	return append(params, sig.Params...)
}

// geoLookupLayout lays out geo_polygon_lookup (fixed = 4) and
// geo_line_lookup (fixed = 5) as the package does: the fixed parameters,
// then each further argument by name (case-insensitive, among the
// parameters after the fixed ones) or else by position. A named argument
// that matches no parameter, or one past the eighth position, gets none,
// which shifts the arguments after it (the package's behaviour).
func geoLookupLayout(fixed int) customLayout {
	return func(sig *Signature, c *call, params []*Parameter) []*Parameter {
		params = append(params, sig.Params[:fixed]...)
		for i := fixed; i < len(c.args); i++ {
			if n, ok := c.args[i].Expr.(*kql.NamedExpr); ok && n.Name != nil {
				for _, p := range sig.Params[fixed:] {
					if strings.EqualFold(p.Name, n.Name.Name) {
						params = append(params, p)
						break
					}
				}
				continue
			}
			if i < len(sig.Params) {
				params = append(params, sig.Params[i])
			}
		}
		return params
	}
}

func ipv4LookupLayout(sig *Signature, c *call, params []*Parameter) []*Parameter {
	params = append(params, sig.Params[:3]...)
	extra, unmatched := sig.Params[3], sig.Params[4]
	for i := 3; i < len(c.args); i++ {
		last := i == len(c.args)-1
		n, named := c.args[i].Expr.(*kql.NamedExpr)
		lit, isLit := c.args[i].Expr.(*kql.BasicLit)
		if last && (named && n.Name != nil && n.Name.Name == unmatched.Name || isLit && lit.Kind == kql.BoolLit) {
			params = append(params, unmatched)
		} else {
			params = append(params, extra)
		}
	}
	return params
}

func newActivityMetricsLayout(sig *Signature, c *call, params []*Parameter) []*Parameter {
	// id, timeline, start, end, window, cohort, dimension, lookback
	params = append(params, sig.Params[:5]...)
	if len(c.args) > 5 && (c.args[5].Const || c.args[5].Column == nil) {
		params = append(params, sig.Params[5])
	}
	i := len(params)
	for ; i < len(c.args) && c.types[i] != argTable; i++ {
		params = append(params, sig.Params[6])
	}
	if i < len(c.args) {
		params = append(params, sig.Params[7])
	}
	return params
}

func sequenceDetectLayout(sig *Signature, c *call, params []*Parameter) []*Parameter {
	// timeline, step window, span, expr..., dimension...
	params = append(params, sig.Params[:4]...)
	i := len(params)
	for ; i < len(c.args) && c.isBoolean(i); i++ {
		params = append(params, sig.Params[3])
	}
	for ; i < len(c.args); i++ {
		params = append(params, sig.Params[4])
	}
	return params
}

// Package eval evaluates KQL queries, parsed by package kql, over
// in-memory tables. It exists to test detection rules offline: it runs the
// subset of KQL that Microsoft Sentinel analytic rules use, exactly, and
// fails with an *Error marked Unsupported, naming the construct and its
// line and column, for anything else. It never guesses.
//
// # Values and types
//
// Columns and values are typed: string, long, int, real, bool, datetime,
// timespan, guid and dynamic (decimal is not supported). Datetimes and
// timespans count 100-nanosecond ticks, datetimes from 0001-01-01, as in
// Kusto, so bin(x, 7d) aligns weeks as Kusto does. Expressions are typed
// when an operator is compiled, before any row is read: a name that does not
// resolve or a type mismatch fails whatever the data.
//
// Null follows Kusto: every type but string has a null (a string is empty
// instead); null == null and null < x are null, null == x is false and
// null != x true; and/or are three-valued (null and false is false); other
// operators and most functions return null for a null operand; where drops
// rows whose predicate is null; aggregates ignore nulls, except count(),
// which counts rows; summarize and join treat null keys as equal.
//
// Comparing values of different types (other than numbers with numbers,
// dynamic with anything, guid with string) with ==, != or <>, or looking a
// value up among values of another type with in or !in, is not
// supported: the official analysis accepts it, but Kusto does not document
// the result. Ordering them (<, >=, ...) is an error, as in the official
// analysis.
//
// String operators: ==, != and the _cs forms are case-sensitive; =~, !~,
// has, contains, startswith, endswith, hasprefix, hassuffix, in~ and their
// negations ignore case; matches regex uses RE2 syntax (as Kusto does). has
// and its relatives match whole terms, maximal runs of ASCII letters and
// digits. Column:"term", the search predicate outside search, is Column has
// "term". Values of other types are compared as tostring() renders them.
//
// tostring() renders datetimes as ISO 8601 (2024-01-31T10:00:00Z, with
// seven fraction digits when there is a fraction), timespans as
// [-][d.]hh:mm:ss[.fffffff], reals as .NET does (1.5, 1E+15), dynamic
// values as JSON (with datetimes in the round-trip form
// 2024-01-31T10:00:00.0000000Z, and reals as 5.0, as Kusto writes them).
//
// # Operators
//
// Tabular operators: where (filter), extend, project, project-away,
// project-keep, project-rename, project-reorder, summarize (with by, bin()
// and the aggregation functions below, or scalar expressions around them,
// such as todouble(countif(p)) / count(), computed per group; an unnamed
// column is named as Kusto names it: round(avg(x)) is avg_x, tostring(x)
// is x), make-series (from/to/step form, numeric aggregations; the in range(start, stop, step)
// form over a datetime or timespan axis, stop inclusive and bins from
// bin(start, step), a row in a bin but outside start..stop failing as not
// supported), join and lookup (kind innerunique, inner,
// leftouter, rightouter, fullouter, leftsemi, leftanti/anti/leftantisemi,
// rightsemi, rightanti/rightantisemi; on col, $left.a == $right.b, joined by
// commas or and), union (kind outer/inner, withsource, wildcards; with
// isfuzzy=true the legs naming a table the run was not given are left out,
// as Kusto leaves out the legs that do not resolve), mv-expand
// (kind=bag/array, with_itemindex, limit, to typeof()), mv-apply (the
// reference's steps: each record's expansion is a subtable the subquery
// runs on, the record's other columns come first; what it leaves open,
// a subquery column named like one of them or rows made from an empty
// subtable, fails as not supported), parse and
// parse-where (kind simple, regex with flags i, m, s and U, and relaxed;
// typed columns and * as the reference describes; see below), sort/order, top,
// take/limit, distinct, count (and count as Name), as, getschema, and render
// (ignored: it only changes how a client draws the result). Sources: table
// names, let-bound tables and views, materialize(), table(), datatable,
// print, range, and Microsoft Sentinel's _GetWatchlist('alias') over
// Options.Watchlists (with a constant alias). Let statements bind scalars, dynamic values, tables
// (evaluated on first use) and user functions with scalar parameters
// (scalar functions are inlined).
// in, !in, in~, !in~, has_any and has_all take scalars, dynamic arrays and
// tabular expressions; toscalar() takes a tabular expression. hint.*
// parameters are ignored.
//
// parse translates its pattern into one Go regexp (RE2 syntax, Kusto's
// own): in kinds simple and relaxed a constant is literal text, * and a
// column are lazy (.*?), and the pattern must reach the end of the string;
// in kind regex a constant is a regular expression, a string column is
// greedy (.*) unless flags=U, and the match may end anywhere. A typed
// column followed by * takes the text its type can hold (digits for a
// long). simple and regex are all or nothing: when the pattern does not
// match or a column does not convert, every column is empty or null (and
// parse-where drops the row); relaxed nulls only the columns that do not
// convert. What the reference leaves open is refused, not guessed (flags
// outside regex, a datetime column before *, parse-where kind=relaxed, a
// column named like one the input has, which the official analysis keeps).
//
// serialize and the window functions prev, next, row_number, row_cumsum
// and row_window_session follow the reference's serialized row sets: the
// output of serialize, sort/order and top, kept through extend, where,
// project, project-away, project-rename, take, mv-expand and parse. They
// may be used in extend, where, project and serialize over such a row set;
// elsewhere they are not supported. What their pages leave open fails as
// not supported: a null term of row_cumsum or a sum over its type's range,
// a null datetime in row_window_session.
//
// Not supported: parse-kv, evaluate (plugins), invoke, the other
// window functions (row_rank_dense, row_rank_min, ...), top-nested,
// top-hitters, sample,
// sample-distinct, facet, fork, partition, reduce, scan, search, find,
// externaldata, join ... where, the graph
// operators (make-graph, graph-match, graph-shortest-paths, graph-to-table,
// graph-mark-components, graph-where-nodes, graph-where-edges) and graph(),
// client parameters of workbooks and dashboards ({Name}), a * in the term
// of Column:"term", set/declare/alias statements, cross-database and
// cross-cluster references, and any function not listed below;
// series_decompose_anomalies() and the other series functions that detect
// seasonality or score outliers are not supported because Kusto documents
// their algorithms too loosely to reproduce its results. percentile() is not supported because Kusto estimates it.
//
// # Functions
//
// ScalarFunctions and AggregateFunctions list the functions. Scalar:
// conversion (tostring, toint, tolong, todouble/toreal, tobool, tohex,
// todatetime, totimespan, toguid, todynamic/parse_json,
// base64_decode_tostring/base64_decodestring, parse_xml by the
// reference's conversion table, text that reads as a number, namespaces
// and split text failing as not supported), strings (strcat,
// strcat_delim, strcat_array, strlen, string_size, substring, tolower,
// toupper, split, countof, replace_string, replace_regex, extract, extract_all/extractall,
// extract_json/extractjson (constant paths of .name, ['name'] and [index]
// steps), indexof,
// trim, trim_start, trim_end, reverse, translate, isempty, isnotempty,
// isnull, isnotnull; the operators' older spellings containscs,
// notcontains and notcontainscs),
// conditionals (iff/iif, case, coalesce, not, min_of, max_of), dates (now,
// ago, bin/floor, bin_at, startofday/week/month/year,
// endofday/week/month/year, dayofweek, hourofday, dayofmonth, dayofyear,
// getmonth, getyear, make_datetime, make_timespan, datetime_add, datetime_diff,
// datetime_part/datepart, format_datetime with a constant format of the
// documented elements but F), math (abs, round, ceiling, sqrt, pow, exp,
// log, log2, log10), dynamic values (array_length, pack_array,
// bag_pack/pack, pack_all, bag_keys, array_concat, array_index_of, array_slice, set_has_element, set_union,
// set_intersect, set_difference (distinct values, in the order they first
// appear), gettype, range), URLs (url_encode, url_encode_component,
// url_decode; a character or escape the reference's examples leave open,
// such as a + to decode, fails as not supported) and IPv4 (ipv4_is_private, ipv4_is_in_range,
// ipv4_is_match), series (series_fit_line_dynamic, and series_fit_line,
// whose six columns extend (a, b, ...) = series_fit_line(y) names; a
// constant series or one of fewer than two numbers fails as not
// supported), and column_ifexists and toscalar. The older spellings the
// official parser still accepts run as the functions they stand for:
// columnifexists, arraylength, notnull, notempty, toobject, parsejson,
// datepart, makelist, makeset and any. datetime_diff counts the period
// boundaries between its datetimes (datetime_diff('year', 2017-01-01,
// 2016-12-31) is 1), weeks starting on Sunday; datetime_add adds months as
// .NET does, clamping the day to the month's last.
// now() is Options.Now, one value for the whole query, so results are
// reproducible. ingestion_time() reads the ingestion time sample data gives
// each event as its "$IngestionTime" field (IngestionTimeField; Kusto's
// IngestionTime policy keeps it in a hidden column of that name), in where
// and extend after the table or a union of tables; elsewhere, or when the
// events give none, it fails as not supported.
//
// Aggregation: count, countif, dcount, dcountif, count_distinct, sum, sumif,
// avg, avgif, min, max, minif, maxif, make_list, make_list_if,
// make_list_with_nulls, make_set, make_set_if (with size limits), make_bag,
// arg_max and arg_min (with * for all columns but the by columns),
// take_any/any, and stdev, stdevif, stdevp, variance, varianceif,
// variancep and variancepif of numbers. The sample forms (stdev, variance)
// divide by n-1, as the reference's formula does; it does not say what they
// return for a group of one value, or what any of them returns for a group
// with no values, so such a group fails as not supported.
//
// dcount() is exact here. Kusto's dcount() is an estimate (HyperLogLog,
// about 1% error at the default accuracy), so on groups with many distinct
// values the two can differ slightly; on the small counts rules compare
// with thresholds they agree.
//
// Where Kusto leaves an order undefined, this package is deterministic:
// summarize and distinct output groups in the order of their first row,
// join outputs left rows in order, innerunique keeps the first left row of
// each key, arg_max/arg_min keep the first row among ties, and take_any
// takes the first row (the first non-empty value for a single column).
//
// # Sample data
//
// Tables come from NewTable, TableFromRecords, ReadJSONL, ReadCSV, ReadTable
// or LoadTable, with column types from a Schema (LoadSchema reads
// kusto-oracle's schema format) or inferred; see TableFromRecords. Reading is
// bounded: files have a size limit (LoadTableLimit, LoadSchemaLimit), lines
// of JSON Lines and CSV at most MaxLineSize bytes, JSON values at most
// MaxJSONDepth levels; named pipes and devices are refused before they are
// opened. Errors are *DataError values naming the file, line, row and column.
//
// Inference never changes a type silently where it matters: a column with
// datetimes in some rows and other text in another is a string column, but
// comparing it with a datetime is an error naming the row that is not a
// datetime (see Table.DateTimeConflict).
//
// # Budgets
//
// An evaluation is bounded in rows and memory (Options.MaxRows,
// Options.MaxMemory; DefaultMaxRows 10,000,000 and DefaultMaxMemory 512 MiB).
// Operators count the rows they produce and estimate the bytes of the
// values they build as they build them (join, mv-expand, range, union and
// make-series before building anything); a query over budget fails with an
// *Error at the operator, naming it and the limit, with Limit "rows" or
// "memory". Scalar functions that can build large values in one call
// (range(), strcat(), replace_string(), ...) check what is left first, and
// range() stops at 1,048,576 values as Kusto's does. Commands can also
// bound the process with SetMemoryLimit.
package eval

package kql

// kustoKeywords are the words that the official lexer (Kusto.Language)
// reads as keywords rather than identifiers. kqlt lexes every word as an
// identifier and lets the grammar pick keywords (see lexer.go); the few
// places where the official grammar wants a plain identifier token, such as
// the name in count as Name, consult this set. It was checked against the
// official parser, which rejects count as W for each of these words.
var kustoKeywords = set(
	"__crossCluster", "__crossDB", "__id", "__isFuzzy", "__noWithSource", "__packedColumn",
	"__sourceColumnIndex", "3Dchart", "access", "accumulate", "alias", "and", "anomalychart",
	"areachart", "as", "asc", "assert-schema", "bagexpansion", "barchart", "between", "bin", "by",
	"cachingpolicy", "callout", "cancel", "card", "columnchart", "commands-and-queries", "consume",
	"contains", "containscs", "contains_cs", "__contextual_datatable", "count", "cycles", "database",
	"dataexport", "datascope", "datatable", "declare", "decodeblocks", "default", "desc", "distinct",
	"edges", "earliest", "endswith", "endswith_cs", "encodingpolicy", "entity_group", "evaluate",
	"__executeAndCache", "expandoutput", "extend", "extent_tags_retention", "externaldata",
	"external_data", "dataformat", "inline_external_table", "datetime_pattern", "facet", "filter",
	"find", "first", "flags", "fork", "from", "getschema", "granny-asc", "granny-desc", "graph-match",
	"graph-shortest-paths", "graph-to-table", "harddelete", "hardretention", "has_any", "has_all",
	"has", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "hotcache", "id", "in",
	"in~", "invoke", "isfuzzy", "best_effort", "force_remote", "join", "journal", "kind",
	"ladderchart", "last", "latest", "let", "like", "likecs", "limit", "linechart", "lookup",
	"macro-expand", "make-graph", "graph-mark-components", "graph-where-nodes", "graph-where-edges",
	"make-series", "matches", "regex", "materialize", "materialized-view-combine",
	"materialized-views", "mdm", "missing", "mv-apply", "mvapply", "mv-expand", "mvexpand", "nodes",
	"nooptimization", "!between", "notcontains", "notcontainscs", "!contains", "!contains_cs",
	"!endswith", "!endswith_cs", "!has", "!has_cs", "!hasprefix", "!hasprefix_cs", "!hassuffix",
	"!hassuffix_cs", "!in", "!in~", "notlike", "notlikecs", "!startswith", "!startswith_cs", "null",
	"nulls", "of", "on", "optional", "or", "order", "others", "output", "pack", "parse",
	"parse-where", "parse-kv", "partitioned-by", "__partitionby", "partition", "pathformat",
	"pattern", "piechart", "pivotchart", "plotly", "graph", "print", "project", "project-away",
	"__projectAway", "project-by-names", "project-keep", "project-rename", "project-reorder",
	"project-smart", "queries", "query_parameters", "query_results", "range", "reduce", "regex",
	"relaxed", "render", "restricted_view_access", "restrict", "row_level_security", "rowstore",
	"rowstore_references", "rowstore_sealinfo", "rowstorepolicy", "rowstores", "sample",
	"sample-distinct", "scan", "scatterchart", "seal", "seals", "search", "serialize", "set",
	"set-or-append", "set-or-replace", "shards", "simple", "softdelete", "softretention", "sort",
	"sql", "stackedareachart", "startswith", "startswith_cs", "statistics", "step",
	"storedqueryresultcontainers", "summarize", "tablepurge", "take", "timechart", "timeline",
	"timepivot", "title", "to", "top", "top-hitters", "top-nested", "toscalar", "totable", "treemap",
	"typeof", "union", "unrestrictedviewers", "verbose", "view", "viewers", "views", "where", "with",
	"with_itemindex", "with_match_id", "with_source", "with_step_name", "with_node_id", "withsource",
	"writeaheadlog", "bool", "boolean", "byte", "char", "date", "datetime", "double", "dynamic",
	"float", "guid", "int", "int16", "int32", "int64", "int8", "long", "real", "decimal", "string",
	"time", "timespan", "uint", "uint16", "uint32", "uint64", "uint8", "ulong", "uniqueid", "uuid",
)

// boolWords are the literals true and false as the official lexer reads
// them: neither identifiers nor keywords.
var boolWords = set("true", "false", "True", "False", "TRUE", "FALSE")

// isPlainIdent reports whether the token is what the official lexer reads
// as an identifier: a word that is neither a keyword nor a boolean literal.
func (p *parser) isPlainIdent(t *token) bool {
	if t.kind != tIdent {
		return false
	}
	w := p.tx(t)
	return !kustoKeywords[w] && !boolWords[w]
}

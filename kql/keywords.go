package kql

// kustoKeywords are the words that the official lexer (Kusto.Language
// 12.4.1, SyntaxFacts) reads as keywords rather than identifiers. kqlt lexes
// every word as an identifier and lets the grammar pick keywords (see
// lexer.go); where the official grammar wants a name, the keyword classes
// below say which keywords it takes (see wordClassOf).
var kustoKeywords = set(
	"__crossCluster", "__crossDB", "__id", "__isFuzzy", "__noWithSource", "__packedColumn",
	"__sourceColumnIndex", "3Dchart", "access", "accumulate", "alias", "and", "anomalychart",
	"areachart", "as", "asc", "assert-schema", "bagexpansion", "barchart", "between", "bin",
	"bin_legacy", "by", "cachingpolicy", "callout", "cancel", "card", "columnchart",
	"commands-and-queries", "consume", "contains", "containscs", "contains_cs",
	"__contextual_datatable", "count", "cycles", "database", "dataexport", "datascope", "datatable",
	"declare", "decodeblocks", "default", "desc", "distinct", "edges", "earliest", "endswith",
	"endswith_cs", "encodingpolicy", "entity_group", "evaluate", "__executeAndCache", "expandoutput",
	"extend", "extent_tags_retention", "externaldata", "external_data", "dataformat",
	"inline_external_table", "datetime_pattern", "facet", "filter", "find", "first", "flags", "fork",
	"from", "getschema", "granny-asc", "granny-desc", "graph-match", "graph-shortest-paths",
	"graph-to-table", "harddelete", "hardretention", "has_any", "has_all", "has", "has_cs",
	"hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "hotcache", "id", "in", "in~", "invoke",
	"isfuzzy", "best_effort", "force_remote", "join", "journal", "kind", "ladderchart", "last",
	"latest", "let", "like", "likecs", "limit", "linechart", "lookup", "macro-expand", "make-graph",
	"graph-mark-components", "graph-where-nodes", "graph-where-edges", "make-series", "matches regex",
	"materialize", "materialized-view-combine", "materialized-views", "mdm", "missing", "mv-apply",
	"mvapply", "mv-expand", "mvexpand", "nodes", "nooptimization", "!between", "notcontains",
	"notcontainscs", "!contains", "!contains_cs", "!endswith", "!endswith_cs", "!has", "!has_cs",
	"!hasprefix", "!hasprefix_cs", "!hassuffix", "!hassuffix_cs", "!in", "!in~", "notlike",
	"notlikecs", "!startswith", "!startswith_cs", "null", "nulls", "of", "on", "optional", "or",
	"order", "others", "output", "pack", "parse", "parse-where", "parse-kv", "partitioned-by",
	"__partitionby", "partition", "pathformat", "pattern", "piechart", "pivotchart", "plotly",
	"graph", "print", "project", "project-away", "__projectAway", "project-by-names", "project-keep",
	"project-rename", "project-reorder", "project-smart", "queries", "query_parameters",
	"query_results", "range", "reduce", "regex", "relaxed", "render", "restricted_view_access",
	"restrict", "row_level_security", "rowstore", "rowstore_references", "rowstore_sealinfo",
	"rowstorepolicy", "rowstores", "sample", "sample-distinct", "scan", "scatterchart", "seal",
	"seals", "search", "serialize", "set", "set-or-append", "set-or-replace", "shards", "simple",
	"softdelete", "softretention", "sort", "sql", "stackedareachart", "startswith", "startswith_cs",
	"statistics", "step", "storedqueryresultcontainers", "summarize", "tablepurge", "take",
	"timechart", "timeline", "timepivot", "title", "to", "top", "top-hitters", "top-nested",
	"toscalar", "totable", "treemap", "typeof", "union", "unrestrictedviewers", "verbose", "view",
	"viewers", "views", "where", "with", "with_itemindex", "with_match_id", "with_source",
	"with_step_name", "with_node_id", "withsource", "writeaheadlog", "bool", "boolean", "byte",
	"char", "date", "datetime", "double", "dynamic", "float", "guid", "int", "int16", "int32",
	"int64", "int8", "long", "real", "decimal", "string", "time", "timespan", "uint", "uint16",
	"uint32", "uint64", "uint8", "ulong", "uniqueid", "uuid",
)

// boolWords are the literals true and false as the official lexer reads
// them: neither identifiers nor keywords.
var boolWords = set("true", "false", "True", "False", "TRUE", "FALSE")

// identKeywords are the keywords that can be identifiers everywhere a name
// can stand (the keywords SyntaxFacts marks canBeIdentifier): count, id,
// database, ... .
var identKeywords = set(
	"access", "alias", "bin", "consume", "count", "database", "declare", "default", "distinct",
	"edges", "entity_group", "evaluate", "extend", "dataformat", "inline_external_table",
	"datetime_pattern", "facet", "filter", "fork", "from", "getschema", "id", "best_effort", "join",
	"let", "limit", "lookup", "mvapply", "mvexpand", "nodes", "null", "nulls", "on", "optional",
	"order", "output", "pack", "parse", "__partitionby", "partition", "pattern", "plotly", "graph",
	"query_parameters", "range", "reduce", "regex", "render", "restrict", "scan", "serialize", "sort",
	"step", "summarize", "take", "top", "typeof", "view", "with", "with_node_id", "bool", "guid",
	"uuid",
)

// extendedNameKeywords are the keywords that can be names, besides
// identKeywords, where the official grammar reads an "extended" name: the
// names of columns and parameters in declarations, of name = value, of
// scan's steps and assignments, and of render's column lists
// (KustoFacts.ExtendedKeywordsAsIdentifiers).
var extendedNameKeywords = set(
	"accumulate", "as", "by", "contains", "consume", "count", "datatable", "distinct", "earliest",
	"extend", "externaldata", "inline_external_table", "dataformat", "datetime_pattern", "find",
	"filter", "has", "in", "invoke", "latest", "limit", "materialize", "mdm", "of", "parse", "plotly",
	"print", "sample", "sample-distinct", "scan", "search", "serialize", "set", "sort", "sql",
	"summarize", "take", "title", "to", "top", "toscalar", "totable", "top-nested", "top-hitters",
	"verbose", "viewers", "where",
)

// wordClass says what the official lexer and grammar make of a word.
type wordClass uint8

const (
	wordIdent           wordClass = iota // an identifier
	wordIdentKeyword                     // a keyword that can be a name anywhere (identKeywords)
	wordExtendedKeyword                  // a keyword that can be an extended name (extendedNameKeywords)
	wordSpecialKeyword                   // kind, withsource or with_source: a name in expressions only
	wordKeyword                          // a keyword that cannot be a name
	wordBool                             // true or false
)

// classifyWord returns the class of the word w.
func classifyWord(w string) wordClass {
	if w == "" {
		return wordKeyword
	}
	return wordClasses[lookupWordID(w)]
}

// keywordClass returns the class of the keyword w as the keyword sets
// define it; classifyWord answers the same from wordClasses, faster.
func keywordClass(w string) wordClass {
	switch {
	case identKeywords[w]:
		return wordIdentKeyword
	case extendedNameKeywords[w]:
		return wordExtendedKeyword
	case w == "kind" || w == "withsource" || w == "with_source":
		return wordSpecialKeyword
	}
	return wordKeyword
}

// wordClassOf returns the class of the word token t (wordKeyword for a
// token that is not a word): a property of its id. (Every id is below
// maxTokenIDs: the modulo, a mask, spares the bounds check.)
func (p *parser) wordClassOf(t *token) wordClass { return wordClasses[t.id%maxTokenIDs] }

// isIdentOrKeywordAsIdent reports whether the token t is an identifier or a
// keyword that can be one: what the official grammar reads as a name.
func (p *parser) isIdentOrKeywordAsIdent(t *token) bool {
	c := p.wordClassOf(t)
	return c == wordIdent || c == wordIdentKeyword
}

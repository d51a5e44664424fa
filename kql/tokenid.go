package kql

import "sort"

// tokenID names what a token is — which symbol, which keyword — as a small
// number, so that the parser asks "is the current token ')'?" or "is it
// by?" with one comparison instead of a string comparison. Most of the
// parser's questions are of that kind: with the token's text compared to a
// constant, they were 13-20% of its CPU time.
//
// The lexer gives each token its id as it scans it: a symbol's by its
// characters, a word's by lookup in wordIDs.
// Every keyword and every word the parser names has an id, and its class
// (wordClasses) and operator class (opClasses) are properties of the id.
type tokenID uint16

const (
	idNone tokenID = iota // not a word or a symbol: a literal or the end
	idName                // a word that is neither a keyword nor one the parser names

	// Symbols, which the lexer identifies.
	pLparen    // (
	pRparen    // )
	pLbrack    // [
	pRbrack    // ]
	pLbrace    // {
	pRbrace    // }
	pComma     // ,
	pSemi      // ;
	pColon     // :
	pStar      // *
	pSlash     // /
	pPercent   // %
	pPlus      // +
	pQuestion  // ?
	pPipe      // |
	pDot       // .
	pDotDot    // ..
	pAssign    // =
	pEq        // ==
	pEqTilde   // =~
	pFatArrow  // =>
	pBang      // !
	pNe        // !=
	pBangTilde // !~
	pLt        // <
	pLe        // <=
	pLtGt      // <>
	pLtPipe    // <|
	pGt        // >
	pGe        // >=
	pMinus     // -
	pArrow     // ->
	pAt        // @

	// Words the parser names: keywords and a few other words. Every
	// other keyword has an id too, numbered after these (see spellings).

	kwAccumulate
	kwAlias
	kwAnd
	kwAs
	kwAsc
	kwBy
	kwCombine
	kwConsume
	kwCount
	kwDatabase
	kwDatatable
	kwDeclare
	kwDefault
	kwDesc
	kwDistinct
	kwDynamic
	kwEdges
	kwEvaluate
	kwExtend
	kwExternaldata
	kwExternalData
	kwFacet
	kwFalse
	kwFilter
	kwFind
	kwFirst
	kwFork
	kwFrom
	kwGetschema
	kwGrannyAsc
	kwGrannyDesc
	kwGraph
	kwGraphMarkComponents
	kwGraphMatch
	kwGraphShortestPaths
	kwGraphToTable
	kwGraphWhereEdges
	kwGraphWhereNodes
	kwHint
	kwIn
	kwInvoke
	kwJoin
	kwKind
	kwLast
	kwLet
	kwLimit
	kwLookup
	kwMakeGraph
	kwMakeSeries
	kwMaterialize
	kwMaterialized
	kwMerge
	kwMvApply
	kwMvExpand
	kwMvapply
	kwMvexpand
	kwNodes
	kwNull
	kwNulls
	kwOf
	kwOn
	kwOrder
	kwOthers
	kwOutput
	kwPack
	kwParse
	kwParseKv
	kwParseWhere
	kwPartition
	kwPartitionedBy
	kwPattern
	kwPrint
	kwProject
	kwProjectAway
	kwProjectKeep
	kwProjectRename
	kwProjectReorder
	kwProjectSmart
	kwQueryParameters
	kwRange
	kwReduce
	kwRender
	kwSample
	kwSampleDistinct
	kwScan
	kwSearch
	kwSerialize
	kwSet
	kwSort
	kwStep
	kwSummarize
	kwTake
	kwTitle
	kwTo
	kwToscalar
	kwTotable
	kwTop
	kwTopHitters
	kwTopNested
	kwTrue
	kwTypeof
	kwUnion
	kwView
	kwWhere
	kwWith
	kwWithNodeID
	numNamedIDs
)

// The ranges of the named ids.
const (
	firstSymbol = pLparen
	firstWord   = kwAccumulate
)

// namedSpellings spells the ids that have a name.
var namedSpellings = [numNamedIDs]string{
	idNone: "",
	idName: "",

	pLparen:    "(",
	pRparen:    ")",
	pLbrack:    "[",
	pRbrack:    "]",
	pLbrace:    "{",
	pRbrace:    "}",
	pComma:     ",",
	pSemi:      ";",
	pColon:     ":",
	pStar:      "*",
	pSlash:     "/",
	pPercent:   "%",
	pPlus:      "+",
	pQuestion:  "?",
	pPipe:      "|",
	pDot:       ".",
	pDotDot:    "..",
	pAssign:    "=",
	pEq:        "==",
	pEqTilde:   "=~",
	pFatArrow:  "=>",
	pBang:      "!",
	pNe:        "!=",
	pBangTilde: "!~",
	pLt:        "<",
	pLe:        "<=",
	pLtGt:      "<>",
	pLtPipe:    "<|",
	pGt:        ">",
	pGe:        ">=",
	pMinus:     "-",
	pArrow:     "->",
	pAt:        "@",

	kwAccumulate:          "accumulate",
	kwAlias:               "alias",
	kwAnd:                 "and",
	kwAs:                  "as",
	kwAsc:                 "asc",
	kwBy:                  "by",
	kwCombine:             "combine",
	kwConsume:             "consume",
	kwCount:               "count",
	kwDatabase:            "database",
	kwDatatable:           "datatable",
	kwDeclare:             "declare",
	kwDefault:             "default",
	kwDesc:                "desc",
	kwDistinct:            "distinct",
	kwDynamic:             "dynamic",
	kwEdges:               "edges",
	kwEvaluate:            "evaluate",
	kwExtend:              "extend",
	kwExternaldata:        "externaldata",
	kwExternalData:        "external_data",
	kwFacet:               "facet",
	kwFalse:               "false",
	kwFilter:              "filter",
	kwFind:                "find",
	kwFirst:               "first",
	kwFork:                "fork",
	kwFrom:                "from",
	kwGetschema:           "getschema",
	kwGrannyAsc:           "granny-asc",
	kwGrannyDesc:          "granny-desc",
	kwGraph:               "graph",
	kwGraphMarkComponents: "graph-mark-components",
	kwGraphMatch:          "graph-match",
	kwGraphShortestPaths:  "graph-shortest-paths",
	kwGraphToTable:        "graph-to-table",
	kwGraphWhereEdges:     "graph-where-edges",
	kwGraphWhereNodes:     "graph-where-nodes",
	kwHint:                "hint",
	kwIn:                  "in",
	kwInvoke:              "invoke",
	kwJoin:                "join",
	kwKind:                "kind",
	kwLast:                "last",
	kwLet:                 "let",
	kwLimit:               "limit",
	kwLookup:              "lookup",
	kwMakeGraph:           "make-graph",
	kwMakeSeries:          "make-series",
	kwMaterialize:         "materialize",
	kwMaterialized:        "materialized",
	kwMerge:               "merge",
	kwMvApply:             "mv-apply",
	kwMvExpand:            "mv-expand",
	kwMvapply:             "mvapply",
	kwMvexpand:            "mvexpand",
	kwNodes:               "nodes",
	kwNull:                "null",
	kwNulls:               "nulls",
	kwOf:                  "of",
	kwOn:                  "on",
	kwOrder:               "order",
	kwOthers:              "others",
	kwOutput:              "output",
	kwPack:                "pack",
	kwParse:               "parse",
	kwParseKv:             "parse-kv",
	kwParseWhere:          "parse-where",
	kwPartition:           "partition",
	kwPartitionedBy:       "partitioned-by",
	kwPattern:             "pattern",
	kwPrint:               "print",
	kwProject:             "project",
	kwProjectAway:         "project-away",
	kwProjectKeep:         "project-keep",
	kwProjectRename:       "project-rename",
	kwProjectReorder:      "project-reorder",
	kwProjectSmart:        "project-smart",
	kwQueryParameters:     "query_parameters",
	kwRange:               "range",
	kwReduce:              "reduce",
	kwRender:              "render",
	kwSample:              "sample",
	kwSampleDistinct:      "sample-distinct",
	kwScan:                "scan",
	kwSearch:              "search",
	kwSerialize:           "serialize",
	kwSet:                 "set",
	kwSort:                "sort",
	kwStep:                "step",
	kwSummarize:           "summarize",
	kwTake:                "take",
	kwTitle:               "title",
	kwTo:                  "to",
	kwToscalar:            "toscalar",
	kwTotable:             "totable",
	kwTop:                 "top",
	kwTopHitters:          "top-hitters",
	kwTopNested:           "top-nested",
	kwTrue:                "true",
	kwTypeof:              "typeof",
	kwUnion:               "union",
	kwView:                "view",
	kwWhere:               "where",
	kwWith:                "with",
	kwWithNodeID:          "with_node_id",
}

// maxTokenIDs bounds the ids, named or not, so that the tables indexed by
// id are arrays.
const maxTokenIDs = 512

// spellings spells every id: the named ids first, then the other words
// that have one — the keywords, the boolean words, and the words of the
// parser's lists (operatorWords, chartTypes) that no constant names —
// sorted.
var spellings = func() []string {
	s := namedSpellings[:]
	named := make(map[string]bool)
	for _, w := range s {
		named[w] = true
	}
	var more []string
	add := func(w string) {
		if !named[w] {
			named[w] = true
			more = append(more, w)
		}
	}
	for _, set := range [...]map[string]bool{kustoKeywords, boolWords} {
		for w := range set {
			add(w)
		}
	}
	for _, list := range [...][]string{operatorWords, chartTypes} {
		for _, w := range list {
			add(w)
		}
	}
	sort.Strings(more)
	s = append(s, more...)
	if len(s) > maxTokenIDs {
		panic("kql: more token ids than maxTokenIDs")
	}
	return s
}()

// String returns the spelling of the symbol or word id.
func (id tokenID) String() string { return spellings[id] }

// wordIDs holds the id of every word that has one.
var wordIDs = func() *wordTable {
	ids := make(map[string]uint16)
	for id := firstWord; int(id) < len(spellings); id++ {
		ids[spellings[id]] = uint16(id)
	}
	return newWordTableIn(wordIDSlots[:], ids)
}()

// wordIDSlots are the slots of wordIDs, in an array of a constant size so
// that the lexer, which looks up every word, addresses them without a
// register: scanPlain has none to spare, and with the table's slice and
// mask in variables it spilled and reloaded them on every turn of its loop.
var wordIDSlots [1 << wordIDBits]wordSlot

// wordIDBits is log2 of the number of slots of wordIDs.
const wordIDBits = 10

// symbolIDs holds the id of each one-character symbol, by its character.
var symbolIDs = func() (t [256]tokenID) {
	for id := firstSymbol; id < firstWord; id++ {
		if s := spellings[id]; len(s) == 1 {
			t[s[0]] = id
		}
	}
	return t
}()

// lookupWordID returns the id of the word w, or idName.
func lookupWordID(w string) tokenID {
	if w == "" {
		return idNone
	}
	if !mayHaveID(w) {
		return idName
	}
	if id, ok := wordIDs.lookup(w); ok {
		return tokenID(id)
	}
	return idName
}

// mayHaveID reports whether the word w, not empty, may have an id: no
// word with an id starts with a capital, but True, TRUE, False and FALSE.
// Half the words of a typical query are column and table names with a
// capital, which need no lookup.
func mayHaveID(w string) bool {
	c := w[0]
	return c < 'A' || c > 'Z' || len(w) == len("True") || len(w) == len("False")
}

// wordClasses holds the class of each id: of its keyword, wordIdent for
// a name, wordBool for true and false, and wordKeyword for what is not a
// word (symbols and literals).
var wordClasses = func() (t [maxTokenIDs]wordClass) {
	for id := range t {
		t[id] = wordKeyword
	}
	t[idName] = wordIdent
	for id := firstWord; int(id) < len(spellings); id++ {
		w := spellings[id]
		switch {
		case boolWords[w]:
			t[id] = wordBool
		case kustoKeywords[w]:
			t[id] = keywordClass(w)
		default:
			t[id] = wordIdent
		}
	}
	return t
}()

// opClasses holds the class of the binary operator of each id (see
// opClass), notOp for the ids of other words and symbols.
var opClasses = func() (t [maxTokenIDs]uint8) {
	for id := firstSymbol; int(id) < len(spellings); id++ {
		t[id] = opClass(spellings[id])
	}
	return t
}()

// idSet returns the table of the ids of words, which all have one.
func idSet(words []string) (t [maxTokenIDs]bool) {
	for _, w := range words {
		id, ok := wordIDs.lookup(w)
		if !ok {
			panic("kql: no token id for " + w)
		}
		t[id] = true
	}
	return t
}

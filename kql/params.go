package kql

// Operator parameters are the name=value pairs that follow an operator's
// keyword: join's kind=inner, summarize's hint.strategy=shuffle, union's
// isfuzzy=true. As in the official parser (QueryOperatorParameters of
// Kusto.Language), an operator with parameters takes its own and also any
// of the parameter names known to some operator (knownParams): where
// isfuzzy=true x is valid syntax, which the binder may then question. Most
// operators read a name as a parameter only when '=' follows it; a few
// (sort, evaluate, ...) read every known name as one, so that sort kind by x
// is an error for want of '='. The value of each parameter is read as its
// kind says: a literal or a word, a name, a column, or for render's title
// an expression.

// paramValueKind is how the value of a parameter is read.
type paramValueKind uint8

const (
	valueAny    paramValueKind = iota // a literal, a word or a name
	valueWord                         // the same, and the keywords of the parameter's values
	valueName                         // a name, or else a literal or a word
	valueString                       // a name, call or path: render's title
	valueReal                         // a number, or else a literal or a word: render's ymin
)

// paramSpec is a parameter's name and the kind of its value.
type paramSpec struct {
	name   string
	kind   paramValueKind
	values []string // for valueWord: the words offered, some of which are keywords
}

// paramSet is the parameters an operator takes.
type paramSet struct {
	own map[string]*paramSpec // the operator's own parameters, by name
	// eqNeeded makes a known name a parameter only when '=' follows it.
	eqNeeded bool
	// ownOnly limits the names to the operator's own (render's with
	// properties, parse-kv's with clause).
	ownOnly bool
}

// Parameter value words (KustoFacts).
var (
	hintStrategies     = []string{"auto", "broadcast", "centralized", "shuffle"}
	hintRemotes        = []string{"auto", "local"}
	hintConcurrencies  = []string{"auto", "left", "local", "right", "unresolved"}
	hintDistributions  = []string{"single", "per_node", "per_shard", "default"}
	mvExpandKinds      = []string{"bag", "array"}
	cyclesKinds        = []string{"none", "all", "unique_edges"}
	parseKinds         = []string{"simple", "regex", "relaxed"}
	noOptimization     = []string{"nooptimization"}
	partitionHints     = []string{"shuffle", "native", "legacy"}
	graphMakeHints     = []string{"shuffle", "native"}
	chartKinds         = []string{"default", "unstacked", "stacked", "stacked100", "map"}
	searchKinds        = []string{"default", "case_insensitive", "case_sensitive"}
	joinKinds          = []string{"inner", "fullouter", "innerunique", "leftanti", "leftantisemi", "anti", "leftouter", "leftsemi", "rightanti", "rightantisemi", "rightouter", "rightsemi"}
	joinHintRemotes    = []string{"auto", "left", "local", "right", "unresolved"}
	lookupKinds        = []string{"inner", "leftouter"}
	unionKinds         = []string{"inner", "outer"}
	makeSeriesKinds    = []string{"nonempty"}
	graphMarkKinds     = []string{"weak", "strong"}
	shortestPathOutput = []string{"any", "all"}
	sortHintStrategies = []string{"splitBlock", "multipleBlocks"}
	reduceKinds        = []string{"source"}
	scanKinds          = []string{"partial", "full"}
)

// knownParams are the parameters known to the official parser on any
// operator (QueryOperatorParameters.AllParameters, with their aliases).
var knownParams = paramMap(
	&paramSpec{name: "bagexpansion", kind: valueWord, values: mvExpandKinds},
	&paramSpec{name: "bin_legacy"},
	&paramSpec{name: "__crossCluster"},
	&paramSpec{name: "__crossDB"},
	&paramSpec{name: "decodeblocks"},
	&paramSpec{name: "expandoutput"},
	&paramSpec{name: "hint.concurrency", kind: valueWord, values: hintConcurrencies},
	&paramSpec{name: "hint.distribution", kind: valueWord, values: hintDistributions},
	&paramSpec{name: "hint.materialized"},
	&paramSpec{name: "hint.num_partitions"},
	&paramSpec{name: "hint.pass_filters"},
	&paramSpec{name: "hint.pass_filters_column", kind: valueName},
	&paramSpec{name: "hint.progressive_top"},
	&paramSpec{name: "hint.remote", kind: valueWord, values: hintRemotes},
	&paramSpec{name: "hint.shufflekey", kind: valueName},
	&paramSpec{name: "hint.spread", kind: valueWord, values: hintRemotes},
	&paramSpec{name: "hint.strategy", kind: valueWord, values: hintStrategies},
	&paramSpec{name: "__id"},
	&paramSpec{name: "isfuzzy"},
	&paramSpec{name: "__isFuzzy"},
	&paramSpec{name: "kind", kind: valueWord},
	&paramSpec{name: "__noWithSource"},
	&paramSpec{name: "__packedColumn", kind: valueName},
	&paramSpec{name: "__sourceColumnIndex"},
	&paramSpec{name: "cycles", kind: valueWord, values: cyclesKinds},
	&paramSpec{name: "with_match_id", kind: valueName},
	&paramSpec{name: "with_itemindex", kind: valueName},
	&paramSpec{name: "withsource", kind: valueName},
	&paramSpec{name: "with_source", kind: valueName},
	&paramSpec{name: "with_step_name", kind: valueName},
	&paramSpec{name: "force_remote"},
)

// paramMap returns the parameters by name.
func paramMap(specs ...*paramSpec) map[string]*paramSpec {
	m := make(map[string]*paramSpec, len(specs))
	for _, s := range specs {
		m[s.name] = s
	}
	return m
}

// params returns the parameter set of an operator whose own parameters
// are specs.
func params(eqNeeded bool, specs ...*paramSpec) *paramSet {
	return &paramSet{own: paramMap(specs...), eqNeeded: eqNeeded}
}

func word(name string, values ...string) *paramSpec {
	return &paramSpec{name: name, kind: valueWord, values: values}
}

func nameParam(name string) *paramSpec { return &paramSpec{name: name, kind: valueName} }

func anyParam(name string) *paramSpec { return &paramSpec{name: name} }

// The parameter sets of the operators (QueryOperatorParameters).
var (
	noOwnParams          = params(true)
	noOwnParamsNoEq      = params(false)
	asParamSet           = params(true, anyParam("hint.materialized"))
	consumeParamSet      = params(false, anyParam("decodeblocks"))
	distinctParamSet     = params(true, nameParam("hint.shufflekey"), word("hint.strategy", hintStrategies...), anyParam("hint.num_partitions"))
	evaluateParamSet     = params(false, word("hint.distribution", hintDistributions...), word("hint.remote", hintRemotes...))
	findParamSet         = params(false, nameParam("withsource"), nameParam("with_source"))
	graphMatchParamSet   = params(true, word("cycles", cyclesKinds...))
	graphPathsParamSet   = params(true, word("output", shortestPathOutput...))
	joinParamSet         = params(true, word("kind", joinKinds...), word("hint.remote", joinHintRemotes...), nameParam("hint.shufflekey"), word("hint.strategy", hintStrategies...), anyParam("hint.num_partitions"))
	graphMarkParamSet    = params(true, word("kind", graphMarkKinds...), nameParam("with_component_id"))
	lookupParamSet       = params(true, word("kind", lookupKinds...))
	makeSeriesParamSet   = params(true, nameParam("hint.shufflekey"), word("kind", makeSeriesKinds...))
	mvApplyParamSet      = params(true, nameParam("with_itemindex"))
	mvExpandParamSet     = params(true, word("kind", mvExpandKinds...), word("bagexpansion", mvExpandKinds...), nameParam("with_itemindex"))
	parseParamSet        = params(true, word("kind", parseKinds...), word("flags"))
	partitionParamSet    = params(false, word("hint.concurrency", hintConcurrencies...), word("hint.spread", hintRemotes...), anyParam("hint.materialized"), nameParam("hint.shufflekey"), word("hint.strategy", partitionHints...))
	reduceParamSet       = params(false, anyParam("threshold"), anyParam("characters"))
	reduceWithParamSet   = params(false, anyParam("threshold"), anyParam("characters"))
	graphToTableNodesSet = params(true, nameParam("with_node_id"))
	graphToTableEdgesSet = params(true, nameParam("with_source_id"), nameParam("with_target_id"))
	makeGraphParamSet    = params(true, word("hint.strategy", graphMakeHints...))
	scanParamSet         = params(false, word("kind", scanKinds...), nameParam("with_match_id"))
	searchParamSet       = params(true, word("kind", searchKinds...))
	sortParamSet         = params(false, word("hint.strategy", sortHintStrategies...))
	summarizeParamSet    = params(true, nameParam("hint.shufflekey"), word("hint.strategy", "shuffle"), anyParam("hint.num_partitions"))
	topParamSet          = params(true, anyParam("hint.progressive_top"))
	unionParamSet        = params(true, word("kind", unionKinds...), nameParam("withsource"), nameParam("with_source"), anyParam("isfuzzy"), anyParam("__isFuzzy"), anyParam("best_effort"), word("hint.concurrency", hintConcurrencies...), word("hint.spread", hintRemotes...))
	renderWithParamSet   = &paramSet{own: paramMap(word("kind", chartKinds...), &paramSpec{name: "title", kind: valueString}, anyParam("accumulate"), nameParam("xcolumn"), &paramSpec{name: "xtitle", kind: valueString}, &paramSpec{name: "ytitle", kind: valueString}, word("xaxis", "linear", "log"), word("yaxis", "linear", "log"), word("legend", "visible", "hidden"), word("ysplit", "none", "axes", "panels"), &paramSpec{name: "ymin", kind: valueReal}, &paramSpec{name: "ymax", kind: valueReal}, anyParam("xmin"), anyParam("xmax")), eqNeeded: false, ownOnly: true}
	parseKvWithParamSet  = &paramSet{own: paramMap(anyParam("pair_delimiter"), anyParam("kv_delimiter"), anyParam("regex"), anyParam("quote"), anyParam("escape"), anyParam("greedy")), ownOnly: true}
	toScalarKindParamSet = params(true, word("kind", noOptimization...))
)

// paramNameLen returns the number of tokens of the parameter name of s
// that starts at token index i, and its spec, or 0. A name is one word, or
// hint.x written without spaces.
func (p *parser) paramNameLen(s *paramSet, i int) (int, *paramSpec) {
	t := &p.toks[i]
	if t.kind != tIdent {
		return 0, nil
	}
	name, n := p.tx(t), 1
	if t.id == kwHint && p.tokIs(i+1, pDot) && p.adjacentAt(i+1) && p.toks[i+2].kind == tIdent && p.adjacentAt(i+2) {
		name, n = p.src[t.start:p.toks[i+2].end], 3
	}
	// The maps last: most words are not parameters, and most operators
	// want '=' after one.
	if s.eqNeeded && !p.tokIs(i+n, pAssign) {
		return 0, nil
	}
	spec := s.own[name]
	if spec == nil && !s.ownOnly && t.id != idName { // every known name starts with a keyword or hint
		spec = knownParams[name]
	}
	if spec == nil {
		return 0, nil
	}
	return n, spec
}

// parseParamsOf parses the parameters of s that follow, if any.
func (p *parser) parseParamsOf(s *paramSet) []*NamedExpr {
	var list []*NamedExpr
	for {
		n, spec := p.paramNameLen(s, p.i)
		if n == 0 {
			return list
		}
		list = append(list, p.parseParam(n, spec))
	}
}

// parseParam parses a parameter whose name of n tokens is at the current
// token.
func (p *parser) parseParam(n int, spec *paramSpec) *NamedExpr {
	first, last := p.cur(), &p.toks[p.i+n-1]
	raw := p.src[first.start:last.end]
	name := p.ident(PosOf(int(first.start)), raw, raw)
	p.i += n
	assign := p.expect(pAssign)
	return p.named(name, assign, p.parseParamValueOf(spec))
}

// parseParamValueOf parses the value of a parameter as its kind says.
func (p *parser) parseParamValueOf(spec *paramSpec) Expr {
	switch spec.kind {
	case valueString:
		return p.parsePostfix()
	case valueWord:
		if t := p.cur(); t.kind == tIdent && p.wordClassOf(t) == wordKeyword {
			for _, v := range spec.values {
				if p.tx(t) == v {
					p.advance()
					return p.wordValue(PosOf(int(t.start)), v)
				}
			}
		}
	case valueReal:
		// A number, which the official parser reads as real; else any
		// value, as below.
	}
	return p.parseLiteralValue()
}

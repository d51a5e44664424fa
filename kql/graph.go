package kql

import "strings"

// The graph operators: make-graph builds a graph from a table of edges, the
// other operators query or transform a graph, and graph-to-table turns one
// back into tables. Their tokens -->, <--, --, -[, <-[, ]-> and ]- are made
// of punctuation that KQL lexes apart elsewhere (a-->b would be a - -b > b
// in an expression), so the parser glues adjacent tokens where the graph
// grammar expects one.

// gluedLen returns the number of adjacent punctuation tokens, starting at
// the current one, whose texts spell s, or 0.
func (p *parser) gluedLen(s string) int {
	n, k := 0, p.i
	for n < len(s) {
		t := &p.toks[k]
		if t.kind != tPunct || k > p.i && !p.adjacentAt(k) || !strings.HasPrefix(s[n:], p.tx(t)) {
			return 0
		}
		n += int(t.end - t.start)
		k++
	}
	return k - p.i
}

// gotGlued consumes the glued token s if it is next.
func (p *parser) gotGlued(s string) (Pos, bool) {
	if n := p.gluedLen(s); n > 0 {
		pos := p.pos()
		p.i += n
		return pos, true
	}
	return NoPos, false
}

// gotGluedOneOf consumes the first of the glued tokens that is next, and
// returns its text, or "".
func (p *parser) gotGluedOneOf(list ...string) (Pos, string) {
	for _, s := range list {
		if pos, ok := p.gotGlued(s); ok {
			return pos, s
		}
	}
	return NoPos, ""
}

func (p *parser) parseMakeGraph(pos Pos) *MakeGraphOp {
	op := &MakeGraphOp{MakeGraph: pos, Params: p.parseParamsOf(makeGraphParamSet)}
	op.Source = p.parseName()
	op.ArrowPos, op.Arrow = p.gotGluedOneOf("-->", "--")
	if op.Arrow == "" {
		p.failExpected("'-->' or '--'")
	}
	op.Target = p.parseName()
	switch {
	case p.is(kwWithNodeID):
		op.WithNodeID = p.pos()
		p.advance()
		op.Assign = p.expect(pAssign)
		op.NodeIDName = p.parseName()
	case p.is(kwWith):
		op.With = p.pos()
		p.advance()
		for {
			t := &MakeGraphTable{Table: p.parseUnary()}
			t.On = p.expect(kwOn)
			t.Key = p.parseName()
			op.Tables = append(op.Tables, t)
			if _, ok := p.got(pComma); !ok {
				break
			}
		}
	}
	if by, ok := p.got(kwPartitionedBy); ok {
		op.PartitionedBy = by
		op.Partition = p.parseName()
		op.Sub = &ParenExpr{Lparen: p.expect(pLparen)}
		op.Sub.X = p.parseOperatorSubQuery()
		op.Sub.Rparen = p.expect(pRparen)
	}
	return op
}

func (p *parser) parseGraphMatch(pos Pos, kw string) *GraphMatchOp {
	params := graphMatchParamSet
	if kw == "graph-shortest-paths" {
		params = graphPathsParamSet
	}
	op := &GraphMatchOp{GraphMatch: pos, Keyword: kw, Params: p.parseParamsOf(params)}
	for {
		op.Patterns = append(op.Patterns, p.parseGraphPattern())
		if _, ok := p.got(pComma); !ok {
			break
		}
	}
	if where, ok := p.got(kwWhere); ok {
		// The official grammar reads a whole tabular expression here, so
		// that a pipe after the predicate continues it.
		op.Where, op.Pred = where, p.parseTabular()
	}
	if project, ok := p.got(kwProject); ok {
		op.Project = project
		op.Exprs = p.parseNamedList()
	}
	return op
}

// parseGraphPattern parses a sequence of graph nodes and edges.
func (p *parser) parseGraphPattern() *GraphPattern {
	pat := &GraphPattern{}
	for {
		if p.is(pLparen) {
			n := &GraphNode{Lparen: p.pos()}
			p.advance()
			if p.atName() {
				n.Name = p.parseName()
			}
			n.Rparen = p.expect(pRparen)
			pat.Elems = append(pat.Elems, n)
			continue
		}
		if e := p.parseGraphEdge(); e != nil {
			pat.Elems = append(pat.Elems, e)
			continue
		}
		break
	}
	if len(pat.Elems) == 0 {
		p.failExpected("a graph pattern such as (a)-->(b)")
	}
	return pat
}

// parseGraphEdge parses an edge of a graph pattern, or returns nil.
func (p *parser) parseGraphEdge() *GraphEdge {
	e := &GraphEdge{}
	if e.OpenPos, e.Open = p.gotGluedOneOf("-->", "<--", "--"); e.Open != "" {
		return e
	}
	if e.OpenPos, e.Open = p.gotGluedOneOf("-[", "<-["); e.Open == "" {
		return nil
	}
	if p.atName() {
		e.Name = p.parseName()
	}
	if star, ok := p.got(pStar); ok {
		e.Star = star
		e.Min = p.parseUnary()
		e.DotDot = p.expect(pDotDot)
		e.Max = p.parseUnary()
	}
	if e.ClosePos, e.Close = p.gotGluedOneOf("]->", "]-"); e.Close == "" {
		p.failExpected("']->' or ']-'")
	}
	return e
}

func (p *parser) parseGraphToTable(pos Pos) *GraphToTableOp {
	op := &GraphToTableOp{GraphToTable: pos}
	for {
		o := &GraphToTableOutput{KindPos: p.pos(), Kind: p.tx(p.cur())}
		params := graphToTableNodesSet
		switch {
		case p.is(kwNodes):
		case p.is(kwEdges):
			params = graphToTableEdgesSet
		default:
			p.failExpected("nodes or edges")
		}
		p.advance()
		if as, ok := p.got(kwAs); ok {
			o.As, o.Name = as, p.parseName()
		}
		o.Params = p.parseParamsOf(params)
		op.Outputs = append(op.Outputs, o)
		if _, ok := p.got(pComma); !ok {
			return op
		}
	}
}

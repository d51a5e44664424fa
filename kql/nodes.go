package kql

// Pos and End of every node, and the marker methods that sort nodes into
// expressions, statements and operators.

// posAfter returns the position just after a token of n bytes at p.
func posAfter(p Pos, n int) Pos {
	if !p.IsValid() {
		return NoPos
	}
	return p + Pos(n)
}

func nodePos(n Node) Pos {
	if isNil(n) {
		return NoPos
	}
	return n.Pos()
}

func nodeEnd(n Node) Pos {
	if isNil(n) {
		return NoPos
	}
	return n.End()
}

// isNil reports whether n is nil or a typed nil pointer in an interface.
func isNil(n Node) bool {
	if n == nil {
		return true
	}
	switch n := n.(type) {
	case *Ident:
		return n == nil
	case *BasicLit:
		return n == nil
	case *Pipeline:
		return n == nil
	case *ParenExpr:
		return n == nil
	case *SchemaExpr:
		return n == nil
	case *PropertyList:
		return n == nil
	case *TypeOfExpr:
		return n == nil
	case *NamedExpr:
		return n == nil
	case *ParenList:
		return n == nil
	case *IndexExpr:
		return n == nil
	case *MakeSeriesAgg:
		return n == nil
	case *MvExpandExpr:
		return n == nil
	case *KeyValue:
		return n == nil
	case *ColumnDecl:
		return n == nil
	case *TopNestedClause:
		return n == nil
	case *ScanStep:
		return n == nil
	case *PatternRule:
		return n == nil
	case *RenderClause:
		return n == nil
	case *MakeGraphTable:
		return n == nil
	case *GraphPattern:
		return n == nil
	case *GraphNode:
		return n == nil
	case *GraphEdge:
		return n == nil
	case *GraphToTableOutput:
		return n == nil
	case *Command:
		return n == nil
	case *CommandWord:
		return n == nil
	case *CommandQuery:
		return n == nil
	case *RawData:
		return n == nil
	case *SkippedText:
		return n == nil
	case *Query:
		return n == nil
	}
	return false
}

// firstValid returns the first valid position among ps.
func firstValid(ps ...Pos) Pos {
	for _, p := range ps {
		if p.IsValid() {
			return p
		}
	}
	return NoPos
}

// lastValid returns the last valid position among ps.
func lastValid(ps ...Pos) Pos {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].IsValid() {
			return ps[i]
		}
	}
	return NoPos
}

func listEnd[T Node](list []T) Pos {
	if len(list) == 0 {
		return NoPos
	}
	return nodeEnd(list[len(list)-1])
}

func listPos[T Node](list []T) Pos {
	if len(list) == 0 {
		return NoPos
	}
	return nodePos(list[0])
}

// Leaves.

func (x *Ident) Pos() Pos { return x.NamePos }
func (x *Ident) End() Pos { return posAfter(x.NamePos, len(x.text())) }

// srcLen returns the length of the identifier's source text, or 0 when it
// is one token.
func (x *Ident) srcLen() int {
	if x.spell == nil {
		return 0
	}
	return int(x.spell.rawLen)
}

// Raw returns the source spelling of the name when it differs from Name,
// such as ['my col'] or {P}, or "" for a name written plain.
func (x *Ident) Raw() string {
	if x.spell == nil {
		return ""
	}
	return x.spell.raw
}

// Braced reports whether the name is a client parameter {Name}; its Name is
// a word, optionally followed by [N] or [-N].
func (x *Ident) Braced() bool { return x.spell != nil && x.spell.braced }

// NewBracedIdent returns the client parameter {name}.
func NewBracedIdent(name string) *Ident {
	return &Ident{Name: name, spell: &spelling{braced: true}}
}

// SetRaw sets the spelling that the name is printed with, such as ['a b']
// for the Name "a b"; "" prints the Name, bracketed if need be.
func (x *Ident) SetRaw(raw string) {
	s := spelling{raw: raw}
	if x.spell != nil {
		s.braced, s.rawLen = x.spell.braced, x.spell.rawLen
	}
	x.spell = &s
}

// text returns the identifier as printed: as written if the parser read it
// and its Name is still what the source spells, else from Name.
func (x *Ident) text() string {
	s := x.spell
	switch {
	case s == nil:
		// A plain word, or a name built without a spelling: QuoteIdent
		// leaves a plain name as it is.
	case s.parsed && s.raw == "":
		// A bare word that is not plain: a word that QuoteIdent would
		// bracket stays bare if it is the one read.
		if s.bare != bareNone && isBareWord(s.bare, x.Name) {
			return x.Name
		}
	case s.parsed:
		if s.braced && len(s.raw) == len(x.Name)+2 && s.raw[1:len(s.raw)-1] == x.Name || !s.braced && bracketSpells(s.raw, x.Name) {
			return s.raw
		}
	case s.raw != "":
		// Built with an explicit spelling.
		return s.raw
	}
	if x.Braced() {
		return "{" + x.Name + "}"
	}
	return QuoteIdent(x.Name)
}

func (x *BasicLit) Pos() Pos { return x.ValuePos }
func (x *BasicLit) End() Pos { return posAfter(x.ValuePos, len(x.Value)) }

func (x *CompoundString) Pos() Pos { return listPos(x.Parts) }
func (x *CompoundString) End() Pos { return listEnd(x.Parts) }

func (x *Star) Pos() Pos { return x.Star }
func (x *Star) End() Pos { return posAfter(x.Star, 1) }

// Scalar expressions.

func (x *ParenExpr) Pos() Pos { return x.Lparen }
func (x *ParenExpr) End() Pos { return posAfter(x.Rparen, 1) }

func (x *UnaryExpr) Pos() Pos { return x.OpPos }
func (x *UnaryExpr) End() Pos { return nodeEnd(x.X) }

func (x *BinaryExpr) Pos() Pos { return nodePos(x.X) }
func (x *BinaryExpr) End() Pos { return nodeEnd(x.Y) }

func (x *InExpr) Pos() Pos { return nodePos(x.X) }
func (x *InExpr) End() Pos { return posAfter(x.Rparen, 1) }

func (x *BetweenExpr) Pos() Pos { return nodePos(x.X) }
func (x *BetweenExpr) End() Pos { return posAfter(x.Rparen, 1) }

func (x *CallExpr) Pos() Pos { return nodePos(x.Fun) }
func (x *CallExpr) End() Pos { return posAfter(x.Rparen, 1) }

func (x *SelectorExpr) Pos() Pos { return nodePos(x.X) }
func (x *SelectorExpr) End() Pos { return nodeEnd(x.Sel) }

func (x *IndexExpr) Pos() Pos { return firstValid(nodePos(x.X), x.Lbrack) }
func (x *IndexExpr) End() Pos { return posAfter(x.Rbrack, 1) }

func (x *NamedExpr) Pos() Pos { return nodePos(x.Name) }
func (x *NamedExpr) End() Pos { return nodeEnd(x.Value) }

func (x *CompoundNamedExpr) Pos() Pos { return x.Lparen }
func (x *CompoundNamedExpr) End() Pos { return nodeEnd(x.Value) }

func (x *SortExpr) Pos() Pos { return nodePos(x.X) }
func (x *SortExpr) End() Pos {
	switch {
	case x.Nulls != "":
		return posAfter(x.NullsOrderPos, len(x.Nulls))
	case x.Order != "":
		return posAfter(x.OrderPos, len(x.Order))
	}
	return nodeEnd(x.X)
}

func (x *TypeOfExpr) Pos() Pos { return x.TypeOf }
func (x *TypeOfExpr) End() Pos { return posAfter(x.Rparen, 1) }

func (x *DynamicLit) Pos() Pos { return x.Dynamic }
func (x *DynamicLit) End() Pos { return posAfter(x.Rparen, 1) }

func (x *ArrayLit) Pos() Pos { return x.Lbrack }
func (x *ArrayLit) End() Pos { return posAfter(x.Rbrack, 1) }

func (x *ObjectLit) Pos() Pos { return x.Lbrace }
func (x *ObjectLit) End() Pos { return posAfter(x.Rbrace, 1) }

func (x *KeyValue) Pos() Pos { return nodePos(x.Key) }
func (x *KeyValue) End() Pos { return nodeEnd(x.Value) }

// Declarations.

func (x *ColumnDecl) Pos() Pos { return nodePos(x.Name) }
func (x *ColumnDecl) End() Pos {
	if x.Default != nil {
		return nodeEnd(x.Default)
	}
	if x.Type != nil {
		return nodeEnd(x.Type)
	}
	return nodeEnd(x.Name)
}

func (x *SchemaExpr) Pos() Pos { return x.Lparen }
func (x *SchemaExpr) End() Pos { return posAfter(x.Rparen, 1) }

func (x *FuncLit) Pos() Pos {
	if x.View {
		return x.ViewPos
	}
	return nodePos(x.Params)
}
func (x *FuncLit) End() Pos { return posAfter(x.Rbrace, 1) }

func (x *ParenList) Pos() Pos { return x.Lparen }
func (x *ParenList) End() Pos { return posAfter(x.Rparen, 1) }

func (x *PropertyList) Pos() Pos { return x.With }
func (x *PropertyList) End() Pos { return posAfter(x.Rparen, 1) }

// Tabular expressions.

func (x *Pipeline) Pos() Pos {
	if x.Source != nil {
		return x.Source.Pos()
	}
	return listPos(x.Ops)
}
func (x *Pipeline) End() Pos {
	if len(x.Ops) > 0 {
		return listEnd(x.Ops)
	}
	return nodeEnd(x.Source)
}

func (x *DatatableExpr) Pos() Pos { return x.Datatable }
func (x *DatatableExpr) End() Pos { return posAfter(x.Rbrack, 1) }

func (x *ExternalDataExpr) Pos() Pos { return x.ExternalData }
func (x *ExternalDataExpr) End() Pos {
	if x.Props != nil {
		return x.Props.End()
	}
	return posAfter(x.Rbrack, 1)
}

// Statements.

func stmtEnd(semi Pos, last Node) Pos {
	if semi.IsValid() {
		return semi + 1
	}
	return nodeEnd(last)
}

func (x *LetStmt) Pos() Pos { return x.Let }
func (x *LetStmt) End() Pos { return stmtEnd(x.Semi, x.Value) }

func (x *ExprStmt) Pos() Pos { return nodePos(x.X) }
func (x *ExprStmt) End() Pos { return stmtEnd(x.Semi, x.X) }

func (x *SetStmt) Pos() Pos { return x.Set }
func (x *SetStmt) End() Pos {
	if x.Value != nil {
		return stmtEnd(x.Semi, x.Value)
	}
	return stmtEnd(x.Semi, x.Name)
}

func (x *DeclareParamsStmt) Pos() Pos { return x.Declare }
func (x *DeclareParamsStmt) End() Pos { return stmtEnd(x.Semi, x.Params) }

func (x *AliasStmt) Pos() Pos { return x.Alias }
func (x *AliasStmt) End() Pos { return stmtEnd(x.Semi, x.Value) }

func (x *PatternStmt) Pos() Pos { return x.Declare }
func (x *PatternStmt) End() Pos {
	if x.Semi.IsValid() {
		return x.Semi + 1
	}
	if x.Rbrace.IsValid() {
		return x.Rbrace + 1
	}
	return nodeEnd(x.Name)
}

func (x *PatternRule) Pos() Pos { return nodePos(x.Args) }
func (x *PatternRule) End() Pos {
	if x.Semi.IsValid() {
		return x.Semi + 1
	}
	return posAfter(x.Rbrace, 1)
}

// Operators.

func (x *WhereOp) Pos() Pos { return x.Where }
func (x *WhereOp) End() Pos { return nodeEnd(x.Pred) }

func (x *ExtendOp) Pos() Pos { return x.Extend }
func (x *ExtendOp) End() Pos { return lastValid(posAfter(x.Extend, len("extend")), listEnd(x.Exprs)) }

func (x *ProjectOp) Pos() Pos { return x.Project }
func (x *ProjectOp) End() Pos {
	return lastValid(posAfter(x.Project, len(x.Keyword)), listEnd(x.Exprs))
}

func (x *SummarizeOp) Pos() Pos { return x.Summarize }
func (x *SummarizeOp) End() Pos {
	if len(x.Groups) > 0 {
		return listEnd(x.Groups)
	}
	if len(x.Aggs) > 0 {
		return listEnd(x.Aggs)
	}
	if len(x.Params) > 0 {
		return listEnd(x.Params)
	}
	return posAfter(x.Summarize, len("summarize"))
}

func (x *MakeSeriesOp) Pos() Pos { return x.MakeSeries }
func (x *MakeSeriesOp) End() Pos {
	switch {
	case len(x.Groups) > 0:
		return listEnd(x.Groups)
	case x.StepSize != nil:
		return nodeEnd(x.StepSize)
	case x.Stop != nil:
		return nodeEnd(x.Stop)
	case x.Start != nil:
		return nodeEnd(x.Start)
	case x.Range != nil:
		return nodeEnd(x.Range)
	}
	return nodeEnd(x.Axis)
}

func (x *MakeSeriesAgg) Pos() Pos { return nodePos(x.X) }
func (x *MakeSeriesAgg) End() Pos {
	if x.Value != nil {
		return nodeEnd(x.Value)
	}
	return nodeEnd(x.X)
}

func (x *MvExpandOp) Pos() Pos { return x.MvExpand }
func (x *MvExpandOp) End() Pos {
	if x.LimitX != nil {
		return nodeEnd(x.LimitX)
	}
	return listEnd(x.Exprs)
}

func (x *MvExpandExpr) Pos() Pos { return nodePos(x.X) }
func (x *MvExpandExpr) End() Pos {
	if x.Type != nil {
		return x.Type.End()
	}
	return nodeEnd(x.X)
}

func (x *MvApplyOp) Pos() Pos { return x.MvApply }
func (x *MvApplyOp) End() Pos { return nodeEnd(x.Sub) }

func (x *ParseOp) Pos() Pos { return x.Parse }
func (x *ParseOp) End() Pos { return lastValid(posAfter(x.With, 4), listEnd(x.Pattern)) }

func (x *ParseKvOp) Pos() Pos { return x.ParseKv }
func (x *ParseKvOp) End() Pos {
	if x.Props != nil {
		return x.Props.End()
	}
	return nodeEnd(x.Schema)
}

func (x *JoinOp) Pos() Pos { return x.Join }
func (x *JoinOp) End() Pos {
	if len(x.Conds) > 0 {
		return listEnd(x.Conds)
	}
	return nodeEnd(x.Right)
}

func (x *UnionOp) Pos() Pos { return x.Union }
func (x *UnionOp) End() Pos { return listEnd(x.Tables) }

func (x *TakeOp) Pos() Pos { return x.Take }
func (x *TakeOp) End() Pos { return nodeEnd(x.Count) }

func (x *TopOp) Pos() Pos { return x.Top }
func (x *TopOp) End() Pos { return listEnd(x.Keys) }

func (x *TopNestedOp) Pos() Pos { return listPos(x.Clauses) }
func (x *TopNestedOp) End() Pos { return listEnd(x.Clauses) }

func (x *TopNestedClause) Pos() Pos { return x.TopNested }
func (x *TopNestedClause) End() Pos { return nodeEnd(x.Agg) }

func (x *TopHittersOp) Pos() Pos { return x.TopHitters }
func (x *TopHittersOp) End() Pos {
	if x.ByX != nil {
		return nodeEnd(x.ByX)
	}
	return nodeEnd(x.X)
}

func (x *SortOp) Pos() Pos { return x.Sort }
func (x *SortOp) End() Pos { return listEnd(x.Keys) }

func (x *DistinctOp) Pos() Pos { return x.Distinct }
func (x *DistinctOp) End() Pos { return listEnd(x.Exprs) }

func (x *CountOp) Pos() Pos { return x.Count }
func (x *CountOp) End() Pos {
	if x.Name != nil {
		return nodeEnd(x.Name)
	}
	return lastValid(posAfter(x.Count, len("count")), posAfter(x.As, len("as")))
}

func (x *AsOp) Pos() Pos { return x.As }
func (x *AsOp) End() Pos { return nodeEnd(x.Name) }

func (x *SerializeOp) Pos() Pos { return x.Serialize }
func (x *SerializeOp) End() Pos {
	if len(x.Exprs) > 0 {
		return listEnd(x.Exprs)
	}
	if len(x.Params) > 0 {
		return listEnd(x.Params)
	}
	return posAfter(x.Serialize, len("serialize"))
}

func (x *RenderOp) Pos() Pos { return x.Render }
func (x *RenderOp) End() Pos {
	if x.Props != nil {
		return x.Props.End()
	}
	if len(x.Params) > 0 {
		return listEnd(x.Params)
	}
	return nodeEnd(x.Chart)
}

func (x *RenderClause) Pos() Pos { return x.KeywordPos }
func (x *RenderClause) End() Pos {
	return lastValid(posAfter(x.KeywordPos, len(x.Keyword)), listEnd(x.Exprs))
}

func (x *EvaluateOp) Pos() Pos { return x.Evaluate }
func (x *EvaluateOp) End() Pos {
	if x.Schema != nil {
		return x.Schema.End()
	}
	return nodeEnd(x.Call)
}

func (x *InvokeOp) Pos() Pos { return x.Invoke }
func (x *InvokeOp) End() Pos { return nodeEnd(x.Call) }

func (x *GetSchemaOp) Pos() Pos { return x.GetSchema }
func (x *GetSchemaOp) End() Pos { return posAfter(x.GetSchema, len("getschema")) }

func (x *ConsumeOp) Pos() Pos { return x.Consume }
func (x *ConsumeOp) End() Pos {
	if len(x.Params) > 0 {
		return listEnd(x.Params)
	}
	return posAfter(x.Consume, len("consume"))
}

func (x *SampleOp) Pos() Pos { return x.Sample }
func (x *SampleOp) End() Pos { return nodeEnd(x.Count) }

func (x *SampleDistinctOp) Pos() Pos { return x.SampleDistinct }
func (x *SampleDistinctOp) End() Pos { return nodeEnd(x.X) }

func (x *FacetOp) Pos() Pos { return x.Facet }
func (x *FacetOp) End() Pos {
	if x.Sub != nil {
		return nodeEnd(x.Sub)
	}
	return listEnd(x.Exprs)
}

func (x *ForkOp) Pos() Pos { return x.Fork }
func (x *ForkOp) End() Pos { return listEnd(x.Branches) }

func (x *PartitionOp) Pos() Pos { return x.Partition }
func (x *PartitionOp) End() Pos { return nodeEnd(x.Sub) }

func (x *BraceExpr) Pos() Pos { return x.Lbrace }
func (x *BraceExpr) End() Pos { return posAfter(x.Rbrace, 1) }

func (x *ReduceOp) Pos() Pos { return x.Reduce }
func (x *ReduceOp) End() Pos {
	if len(x.Props) > 0 {
		return listEnd(x.Props)
	}
	return nodeEnd(x.X)
}

func (x *ScanOp) Pos() Pos { return x.Scan }
func (x *ScanOp) End() Pos { return posAfter(x.Rparen, 1) }

func (x *ScanStep) Pos() Pos { return x.Step }
func (x *ScanStep) End() Pos {
	if x.Semi.IsValid() {
		return x.Semi + 1
	}
	if len(x.Assigns) > 0 {
		return listEnd(x.Assigns)
	}
	return nodeEnd(x.Cond)
}

func (x *SearchOp) Pos() Pos { return x.Search }
func (x *SearchOp) End() Pos { return nodeEnd(x.Pred) }

func (x *FindOp) Pos() Pos { return x.Find }
func (x *FindOp) End() Pos {
	if len(x.Columns) > 0 {
		return listEnd(x.Columns)
	}
	if x.Project.IsValid() {
		return posAfter(x.Project, len(x.ProjectKw))
	}
	return nodeEnd(x.Pred)
}

func (x *PrintOp) Pos() Pos { return x.Print }
func (x *PrintOp) End() Pos { return lastValid(posAfter(x.Print, len("print")), listEnd(x.Exprs)) }

func (x *RangeOp) Pos() Pos { return x.Range }
func (x *RangeOp) End() Pos { return nodeEnd(x.StepSize) }

// Graph operators.

func (x *MakeGraphOp) Pos() Pos { return x.MakeGraph }
func (x *MakeGraphOp) End() Pos {
	switch {
	case x.Sub != nil:
		return x.Sub.End()
	case x.Partition != nil:
		return nodeEnd(x.Partition)
	case x.NodeIDName != nil:
		return nodeEnd(x.NodeIDName)
	case len(x.Tables) > 0:
		return listEnd(x.Tables)
	}
	return nodeEnd(x.Target)
}

func (x *MakeGraphTable) Pos() Pos { return nodePos(x.Table) }
func (x *MakeGraphTable) End() Pos { return nodeEnd(x.Key) }

func (x *GraphMatchOp) Pos() Pos { return x.GraphMatch }
func (x *GraphMatchOp) End() Pos {
	switch {
	case len(x.Exprs) > 0:
		return listEnd(x.Exprs)
	case x.Pred != nil:
		return nodeEnd(x.Pred)
	}
	return listEnd(x.Patterns)
}

func (x *GraphPattern) Pos() Pos { return listPos(x.Elems) }
func (x *GraphPattern) End() Pos { return listEnd(x.Elems) }

func (x *GraphNode) Pos() Pos { return x.Lparen }
func (x *GraphNode) End() Pos { return posAfter(x.Rparen, 1) }

func (x *GraphEdge) Pos() Pos { return x.OpenPos }
func (x *GraphEdge) End() Pos {
	if x.Close != "" {
		return posAfter(x.ClosePos, len(x.Close))
	}
	return posAfter(x.OpenPos, len(x.Open))
}

func (x *GraphToTableOp) Pos() Pos { return x.GraphToTable }
func (x *GraphToTableOp) End() Pos { return listEnd(x.Outputs) }

func (x *GraphToTableOutput) Pos() Pos { return x.KindPos }
func (x *GraphToTableOutput) End() Pos {
	switch {
	case len(x.Params) > 0:
		return listEnd(x.Params)
	case x.Name != nil:
		return nodeEnd(x.Name)
	}
	return posAfter(x.KindPos, len(x.Kind))
}

func (x *GraphMarkComponentsOp) Pos() Pos { return x.GraphMarkComponents }
func (x *GraphMarkComponentsOp) End() Pos {
	if len(x.Params) > 0 {
		return listEnd(x.Params)
	}
	return posAfter(x.GraphMarkComponents, len("graph-mark-components"))
}

func (x *GraphWhereOp) Pos() Pos { return x.GraphWhere }
func (x *GraphWhereOp) End() Pos { return nodeEnd(x.Pred) }

// Expressions.

func (*Ident) exprNode()             {}
func (*BasicLit) exprNode()          {}
func (*CompoundString) exprNode()    {}
func (*Star) exprNode()              {}
func (*ParenExpr) exprNode()         {}
func (*UnaryExpr) exprNode()         {}
func (*BinaryExpr) exprNode()        {}
func (*InExpr) exprNode()            {}
func (*BetweenExpr) exprNode()       {}
func (*CallExpr) exprNode()          {}
func (*SelectorExpr) exprNode()      {}
func (*IndexExpr) exprNode()         {}
func (*NamedExpr) exprNode()         {}
func (*CompoundNamedExpr) exprNode() {}
func (*SortExpr) exprNode()          {}
func (*TypeOfExpr) exprNode()        {}
func (*DynamicLit) exprNode()        {}
func (*ArrayLit) exprNode()          {}
func (*ObjectLit) exprNode()         {}
func (*ColumnDecl) exprNode()        {}
func (*SchemaExpr) exprNode()        {}
func (*FuncLit) exprNode()           {}
func (*Pipeline) exprNode()          {}
func (*DatatableExpr) exprNode()     {}
func (*ExternalDataExpr) exprNode()  {}
func (*BraceExpr) exprNode()         {}
func (*ParenList) exprNode()         {}
func (*RenderClause) exprNode()      {}

// Operators that can start a query are expressions too.
func (*UnionOp) exprNode()    {}
func (*PrintOp) exprNode()    {}
func (*RangeOp) exprNode()    {}
func (*SearchOp) exprNode()   {}
func (*FindOp) exprNode()     {}
func (*EvaluateOp) exprNode() {}

// Statements.

func (*LetStmt) stmtNode()           {}
func (*ExprStmt) stmtNode()          {}
func (*SetStmt) stmtNode()           {}
func (*DeclareParamsStmt) stmtNode() {}
func (*AliasStmt) stmtNode()         {}
func (*PatternStmt) stmtNode()       {}

// Operators.

func (*WhereOp) operatorNode()          {}
func (*ExtendOp) operatorNode()         {}
func (*ProjectOp) operatorNode()        {}
func (*SummarizeOp) operatorNode()      {}
func (*MakeSeriesOp) operatorNode()     {}
func (*MvExpandOp) operatorNode()       {}
func (*MvApplyOp) operatorNode()        {}
func (*ParseOp) operatorNode()          {}
func (*ParseKvOp) operatorNode()        {}
func (*JoinOp) operatorNode()           {}
func (*UnionOp) operatorNode()          {}
func (*TakeOp) operatorNode()           {}
func (*TopOp) operatorNode()            {}
func (*TopNestedOp) operatorNode()      {}
func (*TopHittersOp) operatorNode()     {}
func (*SortOp) operatorNode()           {}
func (*DistinctOp) operatorNode()       {}
func (*CountOp) operatorNode()          {}
func (*AsOp) operatorNode()             {}
func (*SerializeOp) operatorNode()      {}
func (*RenderOp) operatorNode()         {}
func (*EvaluateOp) operatorNode()       {}
func (*InvokeOp) operatorNode()         {}
func (*GetSchemaOp) operatorNode()      {}
func (*ConsumeOp) operatorNode()        {}
func (*SampleOp) operatorNode()         {}
func (*SampleDistinctOp) operatorNode() {}
func (*FacetOp) operatorNode()          {}
func (*ForkOp) operatorNode()           {}
func (*PartitionOp) operatorNode()      {}
func (*ReduceOp) operatorNode()         {}
func (*ScanOp) operatorNode()           {}
func (*SearchOp) operatorNode()         {}
func (*FindOp) operatorNode()           {}
func (*PrintOp) operatorNode()          {}
func (*RangeOp) operatorNode()          {}

func (*MakeGraphOp) operatorNode()           {}
func (*GraphMatchOp) operatorNode()          {}
func (*GraphToTableOp) operatorNode()        {}
func (*GraphMarkComponentsOp) operatorNode() {}
func (*GraphWhereOp) operatorNode()          {}

// Elements of graph patterns.

func (*GraphNode) graphElemNode() {}
func (*GraphEdge) graphElemNode() {}

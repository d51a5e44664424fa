package kql

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The syntax of issue 12 (graph operators, search predicates, braced names,
// count as, render's older clauses, trailing commas in row schemas) is
// checked against the official parser on generated variants of each form:
// valid and invalid spellings of its clauses, so that kqlt accepts exactly
// what the official parser accepts, not only the few real queries that use
// the form. The official verdicts are committed in
// testdata/variants.jsonl; TestVariants compares kqlt with them without
// the official parser, and TestVariantsOracle checks them against it (go
// test ./kql -run TestVariantsOracle -update rewrites the file).

// variantForm is a form of the syntax and its variants.
type variantForm struct {
	name     string
	variants []string
}

// variantForms returns the forms and their variants, in a stable order.
func variantForms() []variantForm {
	return append([]variantForm{
		{"make-graph", makeGraphVariants()},
		{"graph-match", graphMatchVariants()},
		{"graph-shortest-paths", graphShortestPathsVariants()},
		{"graph-to-table", graphToTableVariants()},
		{"graph-mark-components", graphMarkComponentsVariants()},
		{"graph-where-nodes/edges", graphWhereVariants()},
		{"graph() and graph-merge", graphSourceVariants()},
		{"search predicate Column:term", searchPredicateVariants()},
		{"trailing comma", trailingCommaVariants()},
		{"braced name", bracedNameVariants()},
		{"count as", countAsVariants()},
		{"render by and with", renderVariants()},
		{"operator without input", operatorStartVariants()},
		{"string escapes", stringEscapeVariants()},
		{"directive", directiveVariants()},
		{"top-nested named aggregate", topNestedVariants()},
		{"whitespace", whitespaceVariants()},
	}, commandVariantForms()...) // variants_cmd_test.go
}

// product returns every template with each {} replaced, in turn, by each of
// the fillers.
func product(templates []string, fillers ...string) []string {
	var out []string
	for _, t := range templates {
		for _, f := range fillers {
			out = append(out, strings.Replace(t, "{}", f, 1))
		}
	}
	return out
}

func makeGraphVariants() []string {
	v := product([]string{"E | make-graph {} with N on id"},
		"src --> dst", "src -- dst", "src-->dst", "src--dst", "['s rc'] --> ['d st']", "{S} --> {D}",
		"src <-- dst", "src - -> dst", "src -> dst", "src --> ", "src.a --> dst", "f(src) --> dst",
		"src --> dst --> x", "--> dst", "src ---> dst")
	v = append(v, product([]string{"E | make-graph src --> dst {}"},
		"", "with N on id, M on id2", "with (N | where x) on id",
		"with f(1) on id", "with database('d').N on id", "with N on ['i d']", "with N on id,",
		"with N on", "with N", "with on id", "with N on a.b", "with N on id with M on id",
		"with_node_id=nid", "with_node_id = ['n id']", "with_node_id", "with_node_id=1",
		"with_node_id=nid with N on id", "with N on id with_node_id=nid",
		"partitioned-by p (graph-match (a)-->(b) project a)",
		"with N on id partitioned-by p (graph-to-table nodes)",
		"with_node_id=nid partitioned-by p (graph-match (a) project a | take 1)",
		"partitioned-by ['p q'] (graph-mark-components)",
		"partitioned-by p (take 1)", "partitioned-by p (datatable(x:int)[1])",
		"partitioned-by p (T | take 1)", "partitioned-by p", "partitioned-by (take 1)",
		"partitioned-by p ()", "partitioned-by p (| take 1)",
		"partitioned-by p (take 1) partitioned-by q (take 1)",
	)...)
	v = append(v, product([]string{"E | make-graph {} src --> dst"},
		"hint.strategy=shuffle", "kind=x", "hint.foo=1", "foo=1", "hint.strategy=shuffle kind=y",
	)...)
	return append(v,
		"E\n| make-graph src --> dst with Nodes on NodeId, Users on UserId\n| graph-match (a)-[e]->(b) project a.Name, b.Name",
		"E | make-graph src --> dst | graph-to-table nodes | take 1",
		"let G = E | make-graph src --> dst with N on id; G | graph-match (a) project a",
		"E | make-graph src --> dst partitioned-by p (\n    graph-match (a)-->(b)\n        where a.x > 1\n        project a\n)",
		"E | make-graph // edges\n    src --> dst // directed\n    with N on id // nodes",
	)
}

func graphMatchVariants() []string {
	patterns := []string{
		"(a)-->(b)", "(a)<--(b)", "(a)--(b)", "(a)-[e]->(b)", "(a)<-[e]-(b)", "(a)-[e]-(b)",
		"(a)<-[e]->(b)", "(a)-[e*1..3]->(b)", "(a)-[*1..3]->(b)", "(a)-[e * 1 .. 3]->(b)",
		"(a)-[e*x..f(1)]->(b)", "(a)-[e*-1..3]->(b)", "()-->()", "(a)-[]->(b)", "(a)",
		"(a)-->(b)-->(c)", "-->(b)", "(a)-->", "(a)(b)", "(a) --> (b)", "(a) -[ e ]-> (b)",
		"(['a b'])-->({b})", "(a)-->(b), (b)-->(c)", "(a)-->(b),(c)",
		// Rejected: spaces inside a token, a missing close, a typed node.
		"(a)- ->(b)", "(a)-- >(b)", "(a)- [e]->(b)", "(a)-[e] ->(b)", "(a)-[e]- >(b)",
		"(a)< --(b)", "(a)-[e*1]->(b)", "(a)-[e*..3]->(b)", "(a)-[e", "(a:T)-->(b)", "(a", "(a b)",
		"(a)-[e]>(b)", "(a)->(b)", "(a)-[e]-->(b)", "(a)-->(b),", "",
	}
	v := product([]string{"G | graph-match {} project a"}, patterns...)
	v = append(v, product([]string{"G | graph-match (a)-->(b) {}"},
		"where a.x == 1 project a, b", "where a.x == 1", "project x = a.name, b", "",
		"where a.x > 1 and b.y has 'z' project a", "where x | take 1",
		"where x | take 1 project a", "project a | take 1", "project a, b | where a > 1",
		"where project a", "where", "project", "project a where a.x == 1", "where x = 1 project a",
		"project *", "project a.*", "project a, ", "where x project a = 1, b",
		"where a:\"x\" project a",
	)...)
	v = append(v, product([]string{"G | graph-match {} (a)-->(b) project a"},
		"cycles=none", "cycles=all", "cycles=unique_edges", "cycles=bogus", "kind=x",
		"hint.strategy=shuffle", "output=any", "hint.x=1", "cycles=(1)", "cycles=", "cycles=none cycles=all",
	)...)
	return append(v,
		"graph('G') | graph-match (a)-->(b) project a",
		"G\n| graph-match (src)-[e*1..3]->(dst)\n    where src.Name == 'x'\n    project Src = src.Name, Path = e.Id",
		"G | graph-match // the pattern\n    (a)-->(b) // edge\n    project a",
		"G | graph-match (aVeryLongNodeName)-[anEdgeWithALongName*1..10]->(anotherVeryLongNodeName) where aVeryLongNodeName.Property == anotherVeryLongNodeName.Property and anEdgeWithALongName.Weight > 1 project aVeryLongNodeName.Property, anotherVeryLongNodeName.Property",
		"G | graph-match (a)-->(b)-->(c)-->(d) project a | graph-match (x) project x",
		"G | graph-match (a)\n| take 1",
	)
}

func graphShortestPathsVariants() []string {
	v := product([]string{"G | graph-shortest-paths {} project a, b"},
		"(a)-[e*1..5]->(b)", "output=any (a)-[e*1..5]->(b)", "output=all (a)-[e*1..5]->(b)",
		"output=x (a)-->(b)", "cycles=all (a)-[e*1..3]->(b)", "(a)-[e*1..5]->(b), (b)-->(c)",
		"(a)<-[e*1..5]-(b)", "(a)", "output=any", "", "(a)-[e*1..5]->(b) where a.id == 1",
		"(a)-[e*1..5]->(b) where", "(a)-[e*1..5]- >(b)", "(a)-[e*1..5]->(b) where a | take 1",
		"output = any (a)-->(b)", "hint.strategy=shuffle (a)-->(b)", "hint.foo=1 (a)-->(b)",
		"(a)-[e*1..]->(b)", "(a)-[e*1..5]->(b) project a",
	)
	return append(v,
		"E | make-graph s --> d with N on id | graph-shortest-paths (a)-[e*1..3]->(b) where a.Name == 'x' project a.Name, b.Name",
		"G | graph-shortest-paths (a)-[e*1..3]->(b)",
		"G | graph-shortest-paths output=all (a)-[e*1..3]->(b) where b.x > 1",
	)
}

func graphToTableVariants() []string {
	v := product([]string{"G | graph-to-table {}"},
		"nodes", "edges", "nodes as N", "edges as E", "nodes as N, edges as E", "nodes, edges",
		"nodes with_node_id=id", "nodes as N with_node_id=id", "edges with_source_id=s with_target_id=t",
		"edges as E with_source_id=s, nodes as N with_node_id=n", "nodes as ['N x']",
		"nodes with_node_id=['x y']", "nodes with_node_id=\"x\"", "nodes kind=x", "nodes, nodes",
		"edges with_target_id=t with_source_id=s", "nodes as {N}",
		// Rejected.
		"", "nodes with_node_id=x as N", "nodes with_source_id=s", "edges with_node_id=x",
		"nodes as", "vertices", "nodes as N as M", "nodes edges", "nodes,", "nodes with_node_id",
		"nodes hint.x=1", "nodes as N.x",
	)
	return append(v,
		"G | graph-to-table nodes as N | take 1",
		"E | make-graph s --> d with N on id | graph-to-table nodes as Nodes with_node_id=Id, edges as Edges",
		"G | graph-to-table // tables\n    nodes as N, // nodes\n    edges as E // edges",
	)
}

func graphMarkComponentsVariants() []string {
	v := product([]string{"G | graph-mark-components {}"},
		"", "kind=weak", "kind=strong", "kind=other", "with_component_id=c", "kind=weak with_component_id=c",
		"with_component_id=c kind=weak", "with_component_id=['c d']", "hint.strategy=shuffle",
		"isfuzzy=true", "cycles=none", "| graph-to-table nodes", "kind=weak | graph-to-table nodes as N",
		// Rejected.
		"x", "kind", "kind=", "output=any", "with_node_id=x", "title='x'", "foo=1", "hint.foo=1",
		"kind=weak,", "with_component_id", "(a)",
	)
	return append(v, "E | make-graph s --> d | graph-mark-components kind=weak with_component_id=Component | graph-to-table nodes")
}

func graphWhereVariants() []string {
	var v []string
	for _, op := range []string{"graph-where-nodes", "graph-where-edges"} {
		v = append(v, product([]string{"G | " + op + " {}"},
			"x > 1", "a.b has 'x' and c < 3", "true", "isnotempty(Name)", "x > 1 | graph-to-table nodes",
			"Name:'x'", "x in (1, 2)", "{P}",
			// Rejected.
			"", "x = 1", "x >", "x y", "kind=x x > 1", "(x", "*",
		)...)
	}
	return v
}

func graphSourceVariants() []string {
	return []string{
		"graph('G') | graph-match (a)-->(b) project a",
		"graph(\"G\") | graph-to-table nodes",
		"graph('G', true) | graph-to-table edges",
		"graph('G') | graph-where-edges true | graph-to-table edges",
		"graph('G') | graph-mark-components | graph-to-table nodes",
		"graph('G')",
		"let g = graph('G'); g | graph-match (a) project a",
		"union (graph('G') | graph-to-table nodes), (graph('H') | graph-to-table nodes)",
		"T | join (graph('G') | graph-to-table nodes) on id",
		"graph(G) | graph-to-table nodes",
		"graph() | graph-to-table nodes",
		"database('d').graph('G') | graph-to-table nodes",
		"graph('G') | graph-shortest-paths (a)-[e*1..2]->(b) project a",
		// graph-merge is not an operator of Kusto.Language 12.4.1.
		"G | graph-merge H",
		"G | graph-merge (H)",
		"graph('G') | graph-merge graph('H')",
		"G | graph-merge H on id",
		"G | graph-merge",
		"G | graph-match (a) project a | graph-merge H",
		"G | graph('H')",
		"G | graph",
		"graph 'G' | graph-to-table nodes",
		"graph('G') graph-to-table nodes",
	}
}

func searchPredicateVariants() []string {
	v := product([]string{"search {}", "T | search {}", "T | where {}"},
		`Col:"term"`, `Col : "term"`, `Col:'term'`, `Col:x`, `Col:-1`, `a.b:"x"`, `['a b']:"x"`,
		`f(x):"x"`, `"x":Col`, `*:"x"`, `* : "x"`,
		`Col:"x" and Col2:"y"`, `Col:"x" or "y"`, `Col:"x" + "y"`, `(Col:"x")`, `not(Col:"x")`,
		// Rejected.
		`Col:`, `Col:*`, `Col:~"x"`, `Col:"x":"y"`, `a has b:c`, `Col:"x" has "y"`, `:"x"`,
	)
	return append(v,
		`search in (T, U) Col:"x"`,
		`search kind=case_sensitive Col:"x"`,
		`T | extend z = Col:"x"`,
		`print 1 + a:"x"`,
		`search * has "x"`, `search * == "x"`, `search *`, `search * and Col:"x"`, `search * or "x"`,
		`T | where * has "x"`, `T | where * == 1`, `T | where * != 1`, `T | where * in ("x")`,
		`T | where a has *`, `print *`, `T | project *`, `T | where 1 + * has "x"`, `T | where 1 + * == 1`,
		`find where * has "x" project *`, `T | where (*) has "x"`,
		`search a = 1`, `search a = "x"`, `T | search Col = "x"`,
	)
}

func trailingCommaVariants() []string {
	v := product([]string{"datatable{}[\"x\", 1]", "externaldata{}[\"https://x\"]"},
		"(a:string, b:long,)", "(a:string,)", "(a:string ,)", "(,)", "()", "(a:string, b:long)",
		"(a:string,\n b:long,\n)",
		// Rejected.
		"(a:string,,)", "(a:string, ,)", "(,a:string)", "(a,)", "(a:string,, b:long)",
	)
	return append(v,
		`datatable(a:string)["x",]`,
		`datatable(a:string)[,]`,
		`datatable(a:string)[, "x"]`,
		`datatable(a:string)[,"x",]`,
		`datatable(a:string)[,,]`,
		`datatable(a:string)[, , "x"]`,
		`externaldata(a:string)["https://x",]`,
		`externaldata(a:string,)["https://x",] with (format="csv")`,
		`external_data(a:string,)["https://x"]`,
		`datatable(a:string,)[]`,
		`T | parse-kv x as (a:string,)`,
		`T | parse-kv x as (a:string, b:long,) with (pair_delimiter=',')`,
		`T | evaluate bag_unpack(x) : (a:string,)`,
		`let T = datatable(a:string, b:dynamic,) [ "x", dynamic(null) ]; T`,
		`externaldata(a:string)[,]`,
		`externaldata(a:string)["https://x",,]`,
		`datatable(a:string)["x",,]`,
		`let f = (a:string,) { print a }; f("x")`,
		`print typeof(string,)`,
		`print typeof(a:string,)`,
		`declare query_parameters(a:string,);`,
		`T | scan declare (a:string,) with (step s: true;)`,
		`let f = (T:(a:string,)) { T }; f(datatable(a:string)[])`,
		`datatable(a:(b:string,))[]`,
		`print x = dynamic([1,2,])`,
		// The columns of row schemas and of nested schemas have types and
		// no defaults.
		`datatable(a:string = "x")[]`, `T | parse-kv x as (a:string = "x",)`, `datatable(a:(b))[]`,
		`datatable(a:(b:string = "x"))[]`, `let f = (T:(a)) { T }; f(1)`, `let f = (T:(a:string = "x")) { T }; f(1)`,
		`print typeof(a:(b))`, `print typeof(a:(b:long,))`, `let f = (a:string = "x",) { a }; f()`,
		`declare query_parameters(a:string = "x");`, `T | scan declare (a:string = "x") with (step s: true;)`,
		`T | project a,`,
	)
}

func bracedNameVariants() []string {
	v := product([]string{"print {}", "T | where x == {}"},
		"{P}", "{TotalE5Seats}", "{P[1]}", "{P[-1]}", "{P[0x1]}", "{_a1}", "{$P}", "{3des}",
		"{where}", "{project-away}", "{graph-match}", "{!has}", "{in~}", "{null}", "{int}", "{h}",
		"{set-or-append}",
		// Rejected.
		"{ P }", "{P }", "{P[ 1]}", "{P[1][2]}", "{P[a]}", "{P[1.5]}", "{P[+1]}", "{P[1d]}",
		"{1}", "{a.b}", "{a-b}", "{true}", "{false}", "{P}{Q}", "{}", "{set-or}",
	)
	return append(v,
		"print toreal({TotalE5Seats})",
		"T | extend {P} = 1",
		"let {P} = 1; print {P}",
		"{T} | take 1",
		"T | project {P}, a.{P}",
		"print dynamic({P})", "print dynamic([{P}])", `print dynamic({"a": {P}})`,
		"T | take {N}", "T | where x in ({P}, {Q})", "T | summarize count() by {P}",
		"T | render timechart with (ymin={P})", "print {P}.x", "print {P}[0]", "print {P}(1)",
		"T | join ({T}) on {P}", "T | mv-expand {P}", "T | sort by {P} desc",
		"T | where Timestamp > ago({Lookback})", "datatable(a:string)[{P}]",
		"datatable({a}:string)[\"x\"]", "let f = ({a}:string) { print 1 }; f('x')",
		"let f = (a:string = {P}) { print 1 }; f()", "set {x} = 1; print 1", "set x = {P}; print 1",
		"declare query_parameters({a}:string); print 1", "T | parse x with * 'a' {b}:string",
		"T | project-rename {a} = b", "T | project-away {a}", "T | summarize {a} = count() by b",
		"print typeof({a}:string)", "T | lookup kind=leftouter ({T}) on a", "T | extend ({a}, b) = f(x)",
		"T | evaluate bag_unpack(x) : ({a}:string)", "T | as {x}", "T | join kind={K} (U) on a",
		"union {T}, U", "find in ({T}) where a == 1", "search in ({T}) 'x'",
		"T | scan with (step {s}: true;)", "range {x} from 1 to 2 step 1", "T | invoke {f}()",
		"T | partition by {a} (take 1)", "T | facet by {a}", "T | top 1 by {P}",
		"T | make-series count() on {ts} step 1h", "print {a} = 1",
		"let f = (a:dynamic = dynamic([{P}])) { print 1 }; f()",
		"G | graph-match ({a})-[{e}]->(b) project a",
		// Where the official parser looks ahead for a name (name = value,
		// let, a call, a parameter), a braced name is {Word} only.
		"T | extend {by} = 1", "T | extend {where} = 1", "T | extend {P[1]} = 1", "T | extend {$P} = 1",
		"T | summarize {has} = count() by b", "let {by} = 1; print 1", "let {3des} = 1; print 1",
		"set {by} = 1; print 1", "set {P[1]} = 1; print 1", "let f = ({by}:string) { print 1 }; f('x')",
		"datatable({by}:string)[]", "datatable({P[1]}:string)[]", "print {3des}(1)", "print {by}(1)",
		"print {P[1]}(1)", "T | fork {a} = (take 1)", "T | fork {by} = (take 1)",
		"T | extend ({a}, {P[1]}) = f(x)", "T | parse x with * 'a' {by}:string", "T | mv-expand {by} = x",
		"T | as {by}", "range {by} from 1 to 2 step 1", "T | join (U) on {by}", "T | scan with (step {by}: true;)",
		"print {P[1]}.x", "print {by}.x", "print a.{by}", "T | evaluate {P}()", "T | invoke {by}()",
		"T | search {P[1]}(Col:'x')", "T | search {P}(Col:'x')", "declare query_parameters({by}:string); print 1",
		// Rejected.
		"T | mv-expand x to typeof({a})", "T | render {P}", "T | project-away {P}*", "T | count as {N}",
		"print typeof({a})", "datatable(a:{t})[]", "let f = (a:{t}) { print 1 }; f(1)", "print {P} = 1",
	)
}

func countAsVariants() []string {
	v := product([]string{"T | count {}"},
		"as N", "as Total", "as _n", "as n1", "as 3des", "as $x", "as xtitle", "as ago",
		"as N | take 1", "as N | project N", "as N // the count", "as\nN", "as  N",
		// Rejected.
		"as", "as ['N']", "as {N}", "as where", "as kind", "as count", "as true", "as graph",
		"as nodes", "as N, M", "as a.b", "N", "as 1", "as N as M", "as(N)",
	)
	return append(v,
		"print x = toscalar(T | count as N)",
		"let c = T | count as N; c",
		"T | where x > 1 | count as Matches | where Matches > 0",
		"union (T | count as N), (U | count as N)",
	)
}

func renderVariants() []string {
	v := product([]string{"T | render {}"},
		"piechart by Col", "piechart by Col, Col2", "piechart by Col with (title='x')",
		"piechart with 'x'", "piechart with 'x' by Col", "piechart by Col with 'x'",
		"timechart kind=stacked by Col", "piechart by Col kind=stacked", "piechart by ['a b']",
		"piechart by Col title='t'", "piechart title='t' by Col", "piechart by Col accumulate=true",
		"piechart by Col | take 1", "piechart by Col by Col2", "piechart by {P}", "piechart with x",
		"piechart with 1", "piechart with 'a' 'b'", "columnchart title='x' kind=stacked",
		"table", "sankey", "mychart", "timechart with (title='x', ytitle='y')", "piechart by Col2 with (kind=stacked)",
		"piechart by\n    Col,\n    Col2",
		// Rejected.
		"piechart by", "piechart by Col,", "piechart by f(x)", "piechart by a.b", "piechart by kind",
		"piechart by Col, kind=stacked", "piechart by 1", "piechart with (title='x') by Col",
		"piechart with", "piechart xtitle='x'", "piechart ycolumns=a", "piechart series=a",
		"piechart legend=hidden", "{P}", "['timechart']", "where", "", "piechart by Col with",
		"piechart kind", "piechart title=f(x)",
	)
	return v
}

// variantVerdict is the official verdict on a variant, as committed.
type variantVerdict struct {
	Form  string `json:"form"`
	Query string `json:"query"`
	OK    bool   `json:"ok"`
}

const variantsFile = "testdata/variants.jsonl"

// readVerdicts reads the committed verdicts, by query.
func readVerdicts(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.FromSlash(variantsFile))
	require.NoError(t, err, "run go test ./kql -run TestVariantsOracle -update with the official parser to create %s", variantsFile)
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v variantVerdict
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		out[v.Query] = v.OK
	}
	require.NoError(t, sc.Err())
	return out
}

// TestVariants compares Parse with the committed official verdicts on the
// variants of each form: each form has at least 20 variants, at least 5 of
// them invalid, and Parse accepts exactly the valid ones. Every accepted
// variant prints back byte for byte (also with its identifiers replaced by
// copies), formats to a fixed point with the same tree, and has a tree whose
// nodes all have positions and are all walked.
func TestVariants(t *testing.T) {
	verdicts := readVerdicts(t)
	for _, form := range variantForms() {
		t.Run(form.name, func(t *testing.T) {
			seen := map[string]bool{}
			rejected := 0
			for _, src := range form.variants {
				require.False(t, seen[src], "duplicate variant %q", src)
				seen[src] = true
				ok, known := verdicts[src]
				if !assert.True(t, known, "no official verdict for %q: run go test ./kql -run TestVariantsOracle -update", src) {
					continue
				}
				if !ok {
					rejected++
				}
				q, err := Parse(src)
				if !ok {
					assert.Error(t, err, "Parse accepts %q, which the official parser rejects", src)
					continue
				}
				if !assert.NoError(t, err, "Parse rejects %q, which the official parser accepts", src) {
					continue
				}
				checkPrinting(t, src, q)
				checkTree(t, q)
				q2, err := Parse(src)
				require.NoError(t, err)
				freshIdents(q2)
				assert.Equal(t, src, q2.String(), "a copy of each identifier in place of it prints %q back", src)
			}
			t.Logf("%d variants, %d rejected by the official parser", len(form.variants), rejected)
			assert.GreaterOrEqual(t, len(form.variants), 20, "variants of %s", form.name)
			assert.GreaterOrEqual(t, rejected, 5, "variants of %s the official parser rejects", form.name)
		})
	}
}

// TestVariantsOracle runs the official parser over the variants and over
// Format's output of each one Parse accepts: the verdicts must be the
// committed ones, Format's output must have the official tree of the
// variant, and the operator structure of Parse's tree must be the official
// one. With -update it rewrites the committed verdicts instead.
func TestVariantsOracle(t *testing.T) {
	var srcs, forms []string
	for _, form := range variantForms() {
		for _, src := range form.variants {
			srcs = append(srcs, src)
			forms = append(forms, form.name)
		}
	}
	orig, formatted := oracleTrees(t, srcs)
	if *update {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		for i, src := range srcs {
			require.Empty(t, orig[i].Error, "the official parser failed on %q", src)
			require.NoError(t, enc.Encode(variantVerdict{Form: forms[i], Query: src, OK: orig[i].OK}))
		}
		require.NoError(t, os.WriteFile(filepath.FromSlash(variantsFile), []byte(b.String()), 0o644))
		return
	}
	verdicts := readVerdicts(t)
	for i, src := range srcs {
		assert.Equal(t, orig[i].OK, verdicts[src], "the committed verdict on %q is not the official parser's: run with -update", src)
		q, err := Parse(src)
		if err != nil || !orig[i].OK {
			continue
		}
		assert.Equal(t, orig[i].Tree, formatted[i].Tree, "Format changed the official tree of %q:\n%s", src, Format(q))
		want, err := oracleBracketOps(src, orig[i].Tree)
		if assert.NoError(t, err, src) {
			assert.Equal(t, want, bracketOps(q), "operator structure of %q", src)
		}
	}
}

// checkTree checks the invariants of a parsed tree: every node reachable
// through the fields of the node types is visited by Inspect, has a valid
// span inside its parent's, and Query.Text of it is the source of the span.
func checkTree(t *testing.T, q *Query) {
	t.Helper()
	visited := map[Node]bool{}
	Inspect(q, func(n Node) bool {
		if n != nil {
			visited[n] = true
		}
		return true
	})
	var walk func(n Node, parent Node)
	walk = func(n Node, parent Node) {
		if isNil(n) {
			return
		}
		assert.True(t, visited[n], "Inspect does not visit %T (in %T) of %q", n, parent, q.Source())
		pos, end := n.Pos(), n.End()
		if assert.True(t, pos.IsValid() && end.IsValid() && pos <= end, "%T of %q has no valid span (%v..%v)", n, q.Source(), pos, end) && parent != nil {
			if _, ok := parent.(*Query); !ok {
				assert.True(t, parent.Pos() <= pos && end <= parent.End(), "%T %q is outside its parent %T %q", n, q.Text(n), parent, q.Text(parent))
			}
		}
		forEachChild(n, func(c Node) { walk(c, n) })
	}
	walk(q, nil)
}

var nodeIface = reflect.TypeFor[Node]()

// forEachChild calls f for each node in the exported fields of n, found by
// reflection (not by Apply, which it checks).
func forEachChild(n Node, f func(Node)) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	v = v.Elem()
	for i := 0; i < v.NumField(); i++ {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		fv := v.Field(i)
		switch {
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Implements(nodeIface):
			for k := 0; k < fv.Len(); k++ {
				if c, ok := fv.Index(k).Interface().(Node); ok && !isNil(c) {
					f(c)
				}
			}
		case fv.Type().Implements(nodeIface) && !fv.IsNil():
			f(fv.Interface().(Node))
		}
	}
}

// operatorStartVariants are tabular expressions that start with an operator
// and have no input, which the official grammar reads where the operator
// cannot be a name (see opStartWords).
func operatorStartVariants() []string {
	v := product([]string{"{}", "let v = {}; v", "T | join ({}) on a", "print toscalar({})", "T | where a in ({})"},
		"where x", "project a | take 1", "graph-match (a) project a", "mv-expand x", "as x",
		// Rejected: these operators can be names.
		"take 1", "extend x = 1", "summarize count()",
	)
	return append(v,
		"where x | take 1; project a",
		"graph-to-table nodes",
		"make-graph a --> b | graph-to-table edges",
		"graph-where-nodes x > 1",
		"project-away a",
		"parse-where x with * 'a' y",
		"top-nested 1 of x by count()",
		"sample 1",
		"invoke f()",
		"T | extend a = (where x)",
		"print f(where x)",
		"print count(where x)",
		"print materialize(where x)",
		"print dynamic(where x)",
		"T | where a[where x] == 1",
		"T | summarize by (where x)",
		"print totable(where x)",
		"count",
		"filter x",
		"sort by x",
	)
}

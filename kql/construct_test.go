package kql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// construct is a table entry: a query that uses one construct of KQL, and
// optionally the dump of its tree (see dump_test.go).
type construct struct {
	name string
	src  string
	want string // dump(q); "" to check only parsing and printing
}

// constructs covers the token forms, statements, operators and expressions
// that issue 2 lists. Every entry is valid KQL: TestConstructsOracle checks
// that the official parser accepts each one, and that it parses Format's
// output to the same tree.
var constructs = []construct{
	// Tokens: identifiers and names.
	{"ident/plain", "T | project a, _b, c1",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project [a _b c1])]))])`},
	{"ident/bracketed", `T | project ['my col'], ["x y"], ['it\'s']`,
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project [['my col'] ["x y"] ['it\'s']])]))])`},
	{"ident/dollar", "T | join (U) on $left.a == $right.b",
		`(Query [(ExprStmt (Pipeline T [(JoinOp join (ParenExpr U) [(== (. $left a) (. $right b))])]))])`},
	{"ident/contextual keywords as columns", "T | project type, kind, count, limit, step, from, with, nulls, ago",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project [type kind count limit step from with nulls ago])]))])`},
	{"ident/keyword columns in where", "T | where kind == 'x' and type != 'y' and ['title'] has 'z'",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (== kind 'x') (!= type 'y')) (has ['title'] 'z')))]))])`},
	{"ident/starting with a digit", "T | project 3des = 1",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project [(= 3des 1)])]))])`},
	{"ident/bool guid uuid as names", "T | summarize count() by guid, bool, uuid",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp [(call count)] [guid bool uuid])]))])`},
	{"ident/unicode spaces", "T\u00a0| take 1\u200b",
		`(Query [(ExprStmt (Pipeline T [(TakeOp take 1)]))])`},
	{"ident/byte order mark", "\ufeffT | take 1",
		`(Query [(ExprStmt (Pipeline T [(TakeOp take 1)]))])`},
	{"ident/wildcards", "T | project-away Col*, *Id, A*B, *",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project-away [Col* *Id A*B *])]))])`},
	{"ident/wildcard union", "union T*, U, (V | where a)",
		`(Query [(ExprStmt (UnionOp [T* U (ParenExpr (Pipeline V [(WhereOp where a)]))]))])`},

	// Tokens: numbers and timespans.
	{"number/int long real hex exp", "print 1, 1000000000000, 1.5, 0x1F, 1e3, 1.5e-3, 2.",
		`(Query [(ExprStmt (PrintOp [1 1000000000000 1.5 0x1F 1e3 1.5e-3 2.]))])`},
	{"number/dot after a number", "print 0.d, 0 .d, 1.5.x, 0.e1, 2., 0 .0A, a.3des",
		`(Query [(ExprStmt (PrintOp [(. 0 d) (. 0 d) (. 1.5 x) 0.e1 2. (. 0 0A) (. a 3des)]))])`},
	{"timespan/units", "print 1d, 5m, 10s, 100ms, 1tick, 2microseconds, 1.5h, 3hours, 7days, 10nanoseconds, 2min, 30sec",
		`(Query [(ExprStmt (PrintOp [1d 5m 10s 100ms 1tick 2microseconds 1.5h 3hours 7days 10nanoseconds 2min 30sec]))])`},
	{"timespan/literals", "print time(1d), timespan(1.02:00:00), time(00:10:00), timespan(2h)",
		`(Query [(ExprStmt (PrintOp [time(1d) timespan(1.02:00:00) time(00:10:00) timespan(2h)]))])`},
	{"timespan/arith", "T | where Timestamp > ago(1d) - 5m",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (> Timestamp (- (call ago 1d) 5m)))]))])`},

	// Tokens: strings.
	{"string/double", `print "a\"b\\c\n"`,
		`(Query [(ExprStmt (PrintOp ["a\"b\\c\n"]))])`},
	{"string/single", `print 'a\'b'`,
		`(Query [(ExprStmt (PrintOp ['a\'b']))])`},
	{"string/verbatim", `print @"c:\x", @'it''s'`,
		`(Query [(ExprStmt (PrintOp [@"c:\x" @'it''s']))])`},
	{"string/obfuscated", `print h"secret", H'secret', h@"c:\x", h@'y'`,
		`(Query [(ExprStmt (PrintOp [h"secret" H'secret' h@"c:\x" h@'y']))])`},
	{"string/multi-line backticks", "print ```line 1\nline \"2\"```",
		"(Query [(ExprStmt (PrintOp [```line 1\nline \"2\"```]))])"},
	{"string/multi-line tildes", "print ~~~line 1\nline '2'~~~",
		"(Query [(ExprStmt (PrintOp [~~~line 1\nline '2'~~~]))])"},
	{"string/adjacent concatenation", `print "a" 'b' @"c"`,
		`(Query [(ExprStmt (PrintOp [(CompoundString ["a" 'b' @"c"])]))])`},
	{"comment/trailing and own-line", "// header\nT // the table\n// filter\n| where a // keep a\n",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where a)]))])`},

	// Typed literals.
	{"literal/datetime", "print datetime(2020-01-01), datetime(2020-01-01 10:00:00.123), date(2021-02-03), datetime(null)",
		`(Query [(ExprStmt (PrintOp [datetime(2020-01-01) datetime(2020-01-01 10:00:00.123) date(2021-02-03) datetime(null)]))])`},
	{"literal/guid", "print guid(74be27de-1e4e-49d9-b579-fe0b331d3642)",
		`(Query [(ExprStmt (PrintOp [guid(74be27de-1e4e-49d9-b579-fe0b331d3642)]))])`},
	{"literal/typed scalars", "print int(null), int(1), long(1), real(1.5), double(1), decimal(1.5), bool(true), real(nan), real(+inf)",
		`(Query [(ExprStmt (PrintOp [int(null) int(1) long(1) real(1.5) double(1) decimal(1.5) bool(true) real(nan) real(+inf)]))])`},
	{"literal/int64 int32", "print int64(1), int32(2)",
		`(Query [(ExprStmt (PrintOp [int64(1) int32(2)]))])`},
	{"call/guid and bool functions", "print guid (x), bool (true)",
		`(Query [(ExprStmt (PrintOp [(call guid x) (call bool true)]))])`},
	{"literal/bool", "print true, false",
		`(Query [(ExprStmt (PrintOp [true false]))])`},
	{"literal/dynamic", `print dynamic(null), dynamic([1, "a", {"b": [true, null, -1.5]}]), dynamic({}), dynamic([])`,
		`(Query [(ExprStmt (PrintOp [(DynamicLit null) (DynamicLit (ArrayLit [1 "a" (ObjectLit [(KeyValue "b" (ArrayLit [true null (- 1.5)]))])])) (DynamicLit (ObjectLit)) (DynamicLit (ArrayLit))]))])`},
	{"literal/dynamic typed values", `print dynamic({"t": datetime(2020-01-01), "d": 1d})`,
		`(Query [(ExprStmt (PrintOp [(DynamicLit (ObjectLit [(KeyValue "t" datetime(2020-01-01)) (KeyValue "d" 1d)]))]))])`},
	{"literal/typeof empty", "print typeof()", ""},
	{"literal/typeof", "print typeof(string), typeof(long)",
		`(Query [(ExprStmt (PrintOp [(TypeOfExpr [string]) (TypeOfExpr [long])]))])`},

	// Scalar operators.
	{"op/equality", "T | where a == 1 and b != 2 and c <> 3",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (== a 1) (!= b 2)) (<> c 3)))]))])`},
	{"op/relational", "T | where a < 1 and b <= 2 and c > 3 and d >= 4",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (and (< a 1) (<= b 2)) (> c 3)) (>= d 4)))]))])`},
	{"op/case-insensitive", "T | where a =~ 'x' and b !~ 'y'",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (=~ a 'x') (!~ b 'y')))]))])`},
	{"op/in lists", "T | where a in (1, 2) and b in~ ('x') and c !in ('y') and d !in~ ('z', 'w')",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (and (InExpr a in [1 2]) (InExpr b in~ ['x'])) (InExpr c !in ['y'])) (InExpr d !in~ ['z' 'w'])))]))])`},
	{"op/in dynamic", "T | where a in (dynamic(['x', 'y']))",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (InExpr a in [(DynamicLit (ArrayLit ['x' 'y']))]))]))])`},
	{"op/in subquery", "T | where a in ((U | project a))",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (InExpr a in [(ParenExpr (Pipeline U [(ProjectOp project [a])]))]))]))])`},
	{"op/in subquery bare", "T | where a in (U | project a)",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (InExpr a in [(Pipeline U [(ProjectOp project [a])])]))]))])`},
	{"op/has family", "T | where a has 'x' and b !has 'y' and c has_cs 'z' and d !has_cs 'w' and e hasprefix 'p' and f hassuffix 's' and g !hasprefix 'q' and h hasprefix_cs 'r'",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (and (and (and (and (and (has a 'x') (!has b 'y')) (has_cs c 'z')) (!has_cs d 'w')) (hasprefix e 'p')) (hassuffix f 's')) (!hasprefix g 'q')) (hasprefix_cs h 'r')))]))])`},
	{"op/contains family", "T | where a contains 'x' and b !contains 'y' and c contains_cs 'z' and d !contains_cs 'w'",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (and (contains a 'x') (!contains b 'y')) (contains_cs c 'z')) (!contains_cs d 'w')))]))])`},
	{"op/startswith family", "T | where a startswith 'x' and b !startswith 'y' and c endswith 'z' and d !endswith 'w' and e startswith_cs 'v' and f endswith_cs 'u'",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (and (and (and (and (startswith a 'x') (!startswith b 'y')) (endswith c 'z')) (!endswith d 'w')) (startswith_cs e 'v')) (endswith_cs f 'u')))]))])`},
	{"op/matches regex", `T | where a matches regex @"^\d+$"`,
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (matches regex a @"^\d+$"))]))])`},
	{"op/has_any has_all", "T | where a has_any ('x', 'y') or b has_all ('z')",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (or (InExpr a has_any ['x' 'y']) (InExpr b has_all ['z'])))]))])`},
	{"op/has_any dynamic", "let L = dynamic(['x']); T | where a has_any (L)",
		`(Query [(LetStmt L (DynamicLit (ArrayLit ['x']))) (ExprStmt (Pipeline T [(WhereOp where (InExpr a has_any [L]))]))])`},
	{"op/between", "T | where a between (1 .. 10) and b !between (datetime(2020-01-01) .. 1d)",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (and (BetweenExpr a between 1 10) (BetweenExpr b !between datetime(2020-01-01) 1d)))]))])`},
	{"op/like", "T | where a like 'x%'",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (like a 'x%'))]))])`},
	{"op/not function", "T | where not(a has 'x')",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (call not (has a 'x')))]))])`},
	{"op/arithmetic", "print 1 + 2 * 3 - 4 / 5 % 6",
		`(Query [(ExprStmt (PrintOp [(- (+ 1 (* 2 3)) (% (/ 4 5) 6))]))])`},
	{"op/unary", "print -1, +2, -(-3), -a",
		`(Query [(ExprStmt (PrintOp [(- 1) (+ 2) (- (ParenExpr (- 3))) (- a)]))])`},

	// Precedence (checked against the official tree by TestPrecedenceOracle).
	{"prec/mul over add", "print 1 + 2 * 3 - -4",
		`(Query [(ExprStmt (PrintOp [(- (+ 1 (* 2 3)) (- 4))]))])`},
	{"prec/and over or", "print a or b and c or d",
		`(Query [(ExprStmt (PrintOp [(or (or a (and b c)) d)]))])`},
	{"prec/equality over and", "print a == 1 and b != 2", `(Query [(ExprStmt (PrintOp [(and (== a 1) (!= b 2))]))])`},
	{"prec/relational over equality", "print a < b == c > d", `(Query [(ExprStmt (PrintOp [(== (< a b) (> c d))]))])`},
	{"prec/additive over relational", "print a + 1 < b - 1", `(Query [(ExprStmt (PrintOp [(< (+ a 1) (- b 1))]))])`},
	{"prec/string ops over arithmetic", "print a + b has c", `(Query [(ExprStmt (PrintOp [(+ a (has b c))]))])`},
	{"prec/string ops over multiplication", "print a * b contains c", `(Query [(ExprStmt (PrintOp [(* a (contains b c))]))])`},
	{"prec/in under and", "print a in (1) and b", `(Query [(ExprStmt (PrintOp [(and (InExpr a in [1]) b)]))])`},
	{"prec/unary over string op", "print -a =~ b", `(Query [(ExprStmt (PrintOp [(=~ (- a) b)]))])`},
	{"prec/postfix over unary", "print -a.b[0]", `(Query [(ExprStmt (PrintOp [(- (IndexExpr (. a b) 0))]))])`},
	{"prec/parentheses", "print (a or b) and c", `(Query [(ExprStmt (PrintOp [(and (ParenExpr (or a b)) c)]))])`},
	{"prec/left assoc", "print a - b - c", `(Query [(ExprStmt (PrintOp [(- (- a b) c)]))])`},

	// Postfix: calls, members, indexes.
	{"postfix/member and index", "print a.b.c, a['b'], a[0], a.b[0].c, a[-1], a.['b c']",
		`(Query [(ExprStmt (PrintOp [(. (. a b) c) (IndexExpr a 'b') (IndexExpr a 0) (. (IndexExpr (. a b) 0) c) (IndexExpr a (- 1)) (. a ['b c'])]))])`},
	{"postfix/calls", "T | summarize count(), dcount(a), arg_max(TimeGenerated, *), countif(a > 1), make_set(b, 100)",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp [(call count) (call dcount a) (call arg_max TimeGenerated *) (call countif (> a 1)) (call make_set b 100)])]))])`},
	{"postfix/T.f()", "print x = T.f(), y = database('d').f(1)",
		`(Query [(ExprStmt (PrintOp [(= x (. T (call f))) (= y (. (call database 'd') (call f 1)))]))])`},
	{"postfix/named args", "T | evaluate bag_unpack(a, columnsConflict='keep_source')",
		`(Query [(ExprStmt (Pipeline T [(EvaluateOp (call bag_unpack a (= columnsConflict 'keep_source')))]))])`},

	// Table references.
	{"table/table()", `table("T") | take 1`,
		`(Query [(ExprStmt (Pipeline (call table "T") [(TakeOp take 1)]))])`},
	{"table/database", `database("d").T | take 1`, `(Query [(ExprStmt (Pipeline (. (call database "d") T) [(TakeOp take 1)]))])`},
	{"table/cluster database", `cluster("c").database("d").T | take 1`,
		`(Query [(ExprStmt (Pipeline (. (. (call cluster "c") (call database "d")) T) [(TakeOp take 1)]))])`},
	{"table/cluster database bracketed", `cluster('c').database('d').['T x'] | count`,
		`(Query [(ExprStmt (Pipeline (. (. (call cluster 'c') (call database 'd')) ['T x']) [(CountOp)]))])`},
	{"table/workspace", `workspace("w").T | count`,
		`(Query [(ExprStmt (Pipeline (. (call workspace "w") T) [(CountOp)]))])`},
	{"table/app", `app("a").requests | count`,
		`(Query [(ExprStmt (Pipeline (. (call app "a") requests) [(CountOp)]))])`},
	{"table/parenthesized", "(T | where a) | take 1",
		`(Query [(ExprStmt (Pipeline (ParenExpr (Pipeline T [(WhereOp where a)])) [(TakeOp take 1)]))])`},

	// Statements.
	{"let/scalar", "let x = 1;\nT | where a == x",
		`(Query [(LetStmt x 1) (ExprStmt (Pipeline T [(WhereOp where (== a x))]))])`},
	{"let/tabular", "let T2 = T | where a;\nT2",
		`(Query [(LetStmt T2 (Pipeline T [(WhereOp where a)])) (ExprStmt T2)])`},
	{"let/function", "let f = (a:string, b:long = 5) { T | where x == a | take b };\nf('x')",
		`(Query [(LetStmt f (FuncLit (SchemaExpr [(ColumnDecl a string) (ColumnDecl b long 5)]) [(ExprStmt (Pipeline T [(WhereOp where (== x a)) (TakeOp take b)]))])) (ExprStmt (call f 'x'))])`},
	{"let/function defaults", "let f = (a:string = 'x', b:timespan = 1d, c:dynamic = dynamic([1]), d:bool = false, e:real = -1.5) { print a };\nf()",
		`(Query [(LetStmt f (FuncLit (SchemaExpr [(ColumnDecl a string 'x') (ColumnDecl b timespan 1d) (ColumnDecl c dynamic (DynamicLit (ArrayLit [1]))) (ColumnDecl d bool false) (ColumnDecl e real (- 1.5))]) [(ExprStmt (PrintOp [a]))])) (ExprStmt (call f))])`},
	{"let/function tabular param", "let f = (T:(x:string, y:long), U:(*)) { T | join U on x };\nf(A, B)",
		`(Query [(LetStmt f (FuncLit (SchemaExpr [(ColumnDecl T (SchemaExpr [(ColumnDecl x string) (ColumnDecl y long)])) (ColumnDecl U (SchemaExpr [*]))]) [(ExprStmt (Pipeline T [(JoinOp join U [x])]))])) (ExprStmt (call f A B))])`},
	{"let/function with lets", "let f = () { let y = 1; print y };\nf()",
		`(Query [(LetStmt f (FuncLit (SchemaExpr) [(LetStmt y 1) (ExprStmt (PrintOp [y]))])) (ExprStmt (call f))])`},
	{"let/view", "let v = view () { T | take 1 };\nv",
		`(Query [(LetStmt v (FuncLit View (SchemaExpr) [(ExprStmt (Pipeline T [(TakeOp take 1)]))])) (ExprStmt v)])`},
	{"let/materialize", "let m = materialize(T | take 1);\nm | count",
		`(Query [(LetStmt m (call materialize (Pipeline T [(TakeOp take 1)]))) (ExprStmt (Pipeline m [(CountOp)]))])`},
	{"let/toscalar", "let s = toscalar(T | count);\nprint s",
		`(Query [(LetStmt s (call toscalar (Pipeline T [(CountOp)]))) (ExprStmt (PrintOp [s]))])`},
	{"let/bracketed name", "let ['a b'] = 1;\nprint ['a b']",
		`(Query [(LetStmt ['a b'] 1) (ExprStmt (PrintOp [['a b']]))])`},
	{"let/only", "let x = 1;",
		`(Query [(LetStmt x 1)])`},
	{"let/only no semicolon", "let x = 1",
		`(Query [(LetStmt x 1)])`},
	{"let/only several", "let x = 1;\nlet y = x;\n",
		`(Query [(LetStmt x 1) (LetStmt y x)])`},
	{"stmt/trailing semicolon", "T | take 1;",
		`(Query [(ExprStmt (Pipeline T [(TakeOp take 1)]))])`},
	{"stmt/several queries", "T | take 1;\nU | count",
		`(Query [(ExprStmt (Pipeline T [(TakeOp take 1)])) (ExprStmt (Pipeline U [(CountOp)]))])`},
	{"set/flag", "set querytrace;\nT | take 1",
		`(Query [(SetStmt querytrace) (ExprStmt (Pipeline T [(TakeOp take 1)]))])`},
	{"set/value", "set truncationmaxsize = 1000;\nset query_now = datetime(2020-01-01);\nT",
		`(Query [(SetStmt truncationmaxsize 1000) (SetStmt query_now datetime(2020-01-01)) (ExprStmt T)])`},
	{"declare/query_parameters", "declare query_parameters(a:string, b:long = 5);\nT | where x == a",
		`(Query [(DeclareParamsStmt (SchemaExpr [(ColumnDecl a string) (ColumnDecl b long 5)])) (ExprStmt (Pipeline T [(WhereOp where (== x a))]))])`},
	{"alias/database", `alias database db = cluster("c").database("d");` + "\ndatabase('db').T",
		`(Query [(AliasStmt db (. (call cluster "c") (call database "d"))) (ExprStmt (. (call database 'db') T))])`},
	{"pattern/declare", "declare pattern p;",
		`(Query [(PatternStmt p)])`},
	{"pattern/define", "declare pattern app = (applicationId:string)[eventType:string] {\n    (\"a1\").[\"Start\"] = { T | where x == 1 };\n    (\"a1\").[\"Stop\"] = { T };\n};\napp(\"a1\").[\"Start\"]", ""},

	// Tabular operators.
	{"where", "T | where a",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where a)]))])`},
	{"filter", "T | filter a > 1",
		`(Query [(ExprStmt (Pipeline T [(WhereOp filter (> a 1))]))])`},
	{"extend", "T | extend a = 1, b, c = f(x)",
		`(Query [(ExprStmt (Pipeline T [(ExtendOp [(= a 1) b (= c (call f x))])]))])`},
	{"extend compound", "T | extend (a, b) = f(x)",
		`(Query [(ExprStmt (Pipeline T [(ExtendOp [(CompoundNamedExpr [a b] (call f x))])]))])`},
	{"project", "T | project a, b = c + 1",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project [a (= b (+ c 1))])]))])`},
	{"project-away", "T | project-away a, b*",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project-away [a b*])]))])`},
	{"project-keep", "T | project-keep a, b*",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project-keep [a b*])]))])`},
	{"project-rename", "T | project-rename a = b, ['c d'] = e",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project-rename [(= a b) (= ['c d'] e)])]))])`},
	{"project-reorder", "T | project-reorder b, a* asc, c desc",
		`(Query [(ExprStmt (Pipeline T [(ProjectOp project-reorder [b (SortExpr a* asc) (SortExpr c desc)])]))])`},
	{"summarize", "T | summarize count() by bin(TimeGenerated, 1h), a",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp [(call count)] [(call bin TimeGenerated 1h) a])]))])`},
	{"summarize named", "T | summarize n = count(), arg_max(t, *) by a",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp [(= n (call count)) (call arg_max t *)] [a])]))])`},
	{"summarize hints", "T | summarize hint.shufflekey = a hint.strategy = shuffle count() by a",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp [(= hint.shufflekey a) (= hint.strategy shuffle)] [(call count)] [a])]))])`},
	{"summarize by only", "T | summarize by a, b",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp [a b])]))])`},
	{"summarize bare", "T | summarize",
		`(Query [(ExprStmt (Pipeline T [(SummarizeOp)]))])`},
	{"make-series", "T | make-series n = count() default = 0 on TimeGenerated from ago(1d) to now() step 1h by a",
		`(Query [(ExprStmt (Pipeline T [(MakeSeriesOp [(MakeSeriesAgg (= n (call count)) 0)] TimeGenerated (call ago 1d) (call now) 1h [a])]))])`},
	{"make-series in range", "T | make-series count() on t in range(ago(1d), now(), 1h)",
		`(Query [(ExprStmt (Pipeline T [(MakeSeriesOp [(MakeSeriesAgg (call count))] t (call range (call ago 1d) (call now) 1h))]))])`},
	{"make-series kind", "T | make-series kind=nonempty avg(x) on t step 1h",
		`(Query [(ExprStmt (Pipeline T [(MakeSeriesOp [(= kind nonempty)] [(MakeSeriesAgg (call avg x))] t 1h)]))])`},
	{"mv-expand", "T | mv-expand a",
		`(Query [(ExprStmt (Pipeline T [(MvExpandOp mv-expand [(MvExpandExpr a)])]))])`},
	{"mv-expand typed", "T | mv-expand kind=array with_itemindex=i a to typeof(string), b limit 10",
		`(Query [(ExprStmt (Pipeline T [(MvExpandOp mv-expand [(= kind array) (= with_itemindex i)] [(MvExpandExpr a (TypeOfExpr [string])) (MvExpandExpr b)] 10)]))])`},
	{"mv-expand bagexpansion", "T | mv-expand bagexpansion=array c = d",
		`(Query [(ExprStmt (Pipeline T [(MvExpandOp mv-expand [(= bagexpansion array)] [(MvExpandExpr (= c d))])]))])`},
	{"mvexpand", "T | mvexpand a limit 5",
		`(Query [(ExprStmt (Pipeline T [(MvExpandOp mvexpand [(MvExpandExpr a)] 5)]))])`},
	{"mv-apply", "T | mv-apply x = a to typeof(long) on (summarize sum(x))",
		`(Query [(ExprStmt (Pipeline T [(MvApplyOp mv-apply [(MvExpandExpr (= x a) (TypeOfExpr [long]))] (ParenExpr (Pipeline [(SummarizeOp [(call sum x)])])))]))])`},
	{"mv-apply itemindex", "T | mv-apply with_itemindex=i a on (where a > 1 | take 1)",
		`(Query [(ExprStmt (Pipeline T [(MvApplyOp mv-apply [(= with_itemindex i)] [(MvExpandExpr a)] (ParenExpr (Pipeline [(WhereOp where (> a 1)) (TakeOp take 1)])))]))])`},
	{"parse", `T | parse a with * "id=" id:long "," rest`,
		`(Query [(ExprStmt (Pipeline T [(ParseOp parse a [* "id=" (ColumnDecl id long) "," (ColumnDecl rest)])]))])`},
	{"parse kind", `T | parse kind=regex flags=Ui a with "x" b:string`,
		`(Query [(ExprStmt (Pipeline T [(ParseOp parse [(= kind regex) (= flags Ui)] a ["x" (ColumnDecl b string)])]))])`},
	{"parse empty pattern", "T | parse a with", ""},
	{"parse-where", `T | parse-where a with "x" b`,
		`(Query [(ExprStmt (Pipeline T [(ParseOp parse-where a ["x" (ColumnDecl b)])]))])`},
	{"parse-kv", `T | parse-kv a as (k1:string, k2:long) with (pair_delimiter=",", kv_delimiter="=")`,
		`(Query [(ExprStmt (Pipeline T [(ParseKvOp a (SchemaExpr [(ColumnDecl k1 string) (ColumnDecl k2 long)]) (PropertyList [(= pair_delimiter ",") (= kv_delimiter "=")]))]))])`},
	{"join kinds", "T | join kind=leftouter (U) on a | join kind=inner U on a | join kind=leftanti (U) on a | join kind=rightsemi (U) on a | join kind=fullouter (U) on a | join kind=innerunique (U) on a", ""},
	{"join hints", "T | join hint.strategy=broadcast hint.remote=auto (U) on a",
		`(Query [(ExprStmt (Pipeline T [(JoinOp join [(= hint.strategy broadcast) (= hint.remote auto)] (ParenExpr U) [a])]))])`},
	{"join on left right", "T | join (U | where b) on $left.a == $right.b, c",
		`(Query [(ExprStmt (Pipeline T [(JoinOp join (ParenExpr (Pipeline U [(WhereOp where b)])) [(== (. $left a) (. $right b)) c])]))])`},
	{"lookup", "T | lookup kind=leftouter (U) on a",
		`(Query [(ExprStmt (Pipeline T [(JoinOp lookup [(= kind leftouter)] (ParenExpr U) [a])]))])`},
	{"union", "union kind=outer withsource=Src isfuzzy=true T, U",
		`(Query [(ExprStmt (UnionOp [(= kind outer) (= withsource Src) (= isfuzzy true)] [T U]))])`},
	{"union operator", "T | union (U | where a), V*",
		`(Query [(ExprStmt (Pipeline T [(UnionOp [(ParenExpr (Pipeline U [(WhereOp where a)])) V*])]))])`},
	{"take", "T | take 10",
		`(Query [(ExprStmt (Pipeline T [(TakeOp take 10)]))])`},
	{"limit", "T | limit 10",
		`(Query [(ExprStmt (Pipeline T [(TakeOp limit 10)]))])`},
	{"top", "T | top 10 by a desc nulls last",
		`(Query [(ExprStmt (Pipeline T [(TopOp 10 [(SortExpr a desc last)])]))])`},
	{"top-nested", "T | top-nested 3 of a by count(), top-nested 2 of b with others = 'x' by sum(c) desc",
		`(Query [(ExprStmt (Pipeline T [(TopNestedOp [(TopNestedClause 3 a (call count)) (TopNestedClause 2 b 'x' (SortExpr (call sum c) desc))])]))])`},
	{"top-hitters", "T | top-hitters 5 of a by b",
		`(Query [(ExprStmt (Pipeline T [(TopHittersOp 5 a b)]))])`},
	{"sort", "T | sort by a asc nulls first, b desc, c",
		`(Query [(ExprStmt (Pipeline T [(SortOp sort [(SortExpr a asc first) (SortExpr b desc) c])]))])`},
	{"order", "T | order by a",
		`(Query [(ExprStmt (Pipeline T [(SortOp order [a])]))])`},
	{"distinct", "T | distinct a, b",
		`(Query [(ExprStmt (Pipeline T [(DistinctOp [a b])]))])`},
	{"distinct star", "T | distinct *",
		`(Query [(ExprStmt (Pipeline T [(DistinctOp [*])]))])`},
	{"count", "T | count",
		`(Query [(ExprStmt (Pipeline T [(CountOp)]))])`},
	{"as", "T | as X | join (X) on a",
		`(Query [(ExprStmt (Pipeline T [(AsOp X) (JoinOp join (ParenExpr X) [a])]))])`},
	{"as hint", "T | as hint.materialized=true X",
		`(Query [(ExprStmt (Pipeline T [(AsOp [(= hint.materialized true)] X)]))])`},
	{"serialize", "T | serialize rn = row_number()",
		`(Query [(ExprStmt (Pipeline T [(SerializeOp [(= rn (call row_number))])]))])`},
	{"serialize bare", "T | serialize",
		`(Query [(ExprStmt (Pipeline T [(SerializeOp)]))])`},
	{"render", "T | render timechart",
		`(Query [(ExprStmt (Pipeline T [(RenderOp timechart)]))])`},
	{"render with", `T | render columnchart with (title="x", kind=stacked, xcolumn=a)`,
		`(Query [(ExprStmt (Pipeline T [(RenderOp columnchart (PropertyList [(= title "x") (= kind stacked) (= xcolumn a)]))]))])`},
	{"render old params", "T | render timechart kind=stacked title='x'",
		`(Query [(ExprStmt (Pipeline T [(RenderOp timechart [(= kind stacked) (= title 'x')])]))])`},
	{"evaluate", "T | evaluate bag_unpack(a)",
		`(Query [(ExprStmt (Pipeline T [(EvaluateOp (call bag_unpack a))]))])`},
	{"evaluate hints", "T | evaluate hint.distribution=per_node autocluster()",
		`(Query [(ExprStmt (Pipeline T [(EvaluateOp [(= hint.distribution per_node)] (call autocluster))]))])`},
	{"evaluate schema", "T | evaluate bag_unpack(p) : (a:string, b:long)",
		`(Query [(ExprStmt (Pipeline T [(EvaluateOp (call bag_unpack p) (SchemaExpr [(ColumnDecl a string) (ColumnDecl b long)]))]))])`},
	{"evaluate schema star", "T | evaluate hint.distribution=per_node bag_unpack(p) : (*, x:string)", ""},
	{"evaluate source", "evaluate sequence_detect(1)",
		`(Query [(ExprStmt (EvaluateOp (call sequence_detect 1)))])`},
	{"invoke", "T | invoke f(1)",
		`(Query [(ExprStmt (Pipeline T [(InvokeOp (call f 1))]))])`},
	{"getschema", "T | getschema",
		`(Query [(ExprStmt (Pipeline T [(GetSchemaOp)]))])`},
	{"sample", "T | sample 10",
		`(Query [(ExprStmt (Pipeline T [(SampleOp 10)]))])`},
	{"sample-distinct", "T | sample-distinct 5 of a",
		`(Query [(ExprStmt (Pipeline T [(SampleDistinctOp 5 a)]))])`},
	{"facet", "T | facet by a, b with (take 1)",
		`(Query [(ExprStmt (Pipeline T [(FacetOp [a b] (ParenExpr (Pipeline [(TakeOp take 1)])))]))])`},
	{"find", "find in (T, U*) where a == 1 project b, c",
		`(Query [(ExprStmt (FindOp (ParenList [T U*]) (== a 1) project [b c]))])`},
	{"find withsource", "find withsource=Src where a has 'x'",
		`(Query [(ExprStmt (FindOp [(= withsource Src)] (has a 'x')))])`},
	{"search", "search 'x'",
		`(Query [(ExprStmt (SearchOp 'x'))])`},
	{"search in", "search in (T, U) a == 'x'",
		`(Query [(ExprStmt (SearchOp (ParenList [T U]) (== a 'x')))])`},
	{"search operator", "T | search kind=case_sensitive 'x'",
		`(Query [(ExprStmt (Pipeline T [(SearchOp [(= kind case_sensitive)] 'x')]))])`},
	{"range", "range x from 1 to 10 step 1",
		`(Query [(ExprStmt (RangeOp x 1 10 1))])`},
	{"print", "print a = 1, 'b'",
		`(Query [(ExprStmt (PrintOp [(= a 1) 'b']))])`},
	{"datatable", "datatable(a:string, b:long) [\n    'x', 1,\n    'y', 2,\n]",
		`(Query [(ExprStmt (DatatableExpr (SchemaExpr [(ColumnDecl a string) (ColumnDecl b long)]) ['x' 1 'y' 2]))])`},
	{"datatable empty", "datatable(a:string) []",
		`(Query [(ExprStmt (DatatableExpr (SchemaExpr [(ColumnDecl a string)])))])`},
	{"externaldata", `externaldata(a:string, b:long) [h@"https://example.com/x.csv"] with (format="csv", ignoreFirstRecord=true)`,
		`(Query [(ExprStmt (ExternalDataExpr externaldata (SchemaExpr [(ColumnDecl a string) (ColumnDecl b long)]) [h@"https://example.com/x.csv"] (PropertyList [(= format "csv") (= ignoreFirstRecord true)])))])`},
	{"external_data", `external_data(a:string) ["https://example.com/x"]`,
		`(Query [(ExprStmt (ExternalDataExpr external_data (SchemaExpr [(ColumnDecl a string)]) ["https://example.com/x"]))])`},
	{"fork", "T | fork (where a | take 1) named = (count)",
		`(Query [(ExprStmt (Pipeline T [(ForkOp [(ParenExpr (Pipeline [(WhereOp where a) (TakeOp take 1)])) (= named (ParenExpr (Pipeline [(CountOp)])))])]))])`},
	{"partition", "T | partition by a (take 1)",
		`(Query [(ExprStmt (Pipeline T [(PartitionOp a (ParenExpr (Pipeline [(TakeOp take 1)])))]))])`},
	{"partition braces", "T | partition hint.strategy=native by a { T | take 1 }",
		`(Query [(ExprStmt (Pipeline T [(PartitionOp [(= hint.strategy native)] a (BraceExpr (Pipeline T [(TakeOp take 1)])))]))])`},
	{"scan", "T | scan with_match_id=m declare (x:long) with (\n    step s1 output=all: a == 1 => x = 1;\n    step s2: a == 2;\n)",
		`(Query [(ExprStmt (Pipeline T [(ScanOp [(= with_match_id m)] (SchemaExpr [(ColumnDecl x long)]) [(ScanStep s1 [(= output all)] (== a 1) [(= x 1)]) (ScanStep s2 (== a 2))])]))])`},
	{"reduce", "T | reduce by a with threshold=0.5, characters='_'",
		`(Query [(ExprStmt (Pipeline T [(ReduceOp a [(= threshold 0.5) (= characters '_')])]))])`},
	{"consume", "T | consume",
		`(Query [(ExprStmt (Pipeline T [(ConsumeOp)]))])`},
	{"extend tuple", "T | extend (x, y) = range_split(a)",
		`(Query [(ExprStmt (Pipeline T [(ExtendOp [(CompoundNamedExpr [x y] (call range_split a))])]))])`},

	// Nested.
	{"nested/subquery in let", "let a = T | where b in ((U | project b));\na",
		`(Query [(LetStmt a (Pipeline T [(WhereOp where (InExpr b in [(ParenExpr (Pipeline U [(ProjectOp project [b])]))]))])) (ExprStmt a)])`},
	{"nested/toscalar in where", "T | where a > toscalar(U | summarize max(a))",
		`(Query [(ExprStmt (Pipeline T [(WhereOp where (> a (call toscalar (Pipeline U [(SummarizeOp [(call max a)])]))))]))])`},
	{"nested/join with pipeline", "T\n| join kind=inner (\n    U\n    | where b\n    | project a\n) on a\n| count",
		`(Query [(ExprStmt (Pipeline T [(JoinOp join [(= kind inner)] (ParenExpr (Pipeline U [(WhereOp where b) (ProjectOp project [a])])) [a]) (CountOp)]))])`},
	{"nested/union parenthesized", "union (T | where a), (U | where b)",
		`(Query [(ExprStmt (UnionOp [(ParenExpr (Pipeline T [(WhereOp where a)])) (ParenExpr (Pipeline U [(WhereOp where b)]))]))])`},

	// The syntax of issue 12 (see also variants_test.go).
	{"graph/make-graph with tables", `E | make-graph src --> dst with Nodes on id, (Users | where x) on uid`,
		`(Query [(ExprStmt (Pipeline E [(MakeGraphOp src --> dst [(MakeGraphTable Nodes id) (MakeGraphTable (ParenExpr (Pipeline Users [(WhereOp where x)])) uid)])]))])`},
	{"graph/make-graph with_node_id partitioned-by", `E | make-graph src -- dst with_node_id=nid partitioned-by p (graph-match (a) project a)`,
		`(Query [(ExprStmt (Pipeline E [(MakeGraphOp src -- dst nid p (ParenExpr (Pipeline [(GraphMatchOp graph-match [(GraphPattern [(GraphNode a)])] [a])])))]))])`},
	{"graph/graph-match patterns where project", `G | graph-match cycles=none (a)-[e*1..3]->(b)<--(c), ()-[]-(d) where a.x == 1 project a, n = b.name`,
		`(Query [(ExprStmt (Pipeline G [(GraphMatchOp graph-match [(= cycles none)] [(GraphPattern [(GraphNode a) (GraphEdge -[ e 1 3 ]->) (GraphNode b) (GraphEdge <--) (GraphNode c)]) (GraphPattern [(GraphNode) (GraphEdge -[ ]-) (GraphNode d)])] (== (. a x) 1) [a (= n (. b name))])]))])`},
	{"graph/graph-shortest-paths", `G | graph-shortest-paths output=all (a)<-[p*1..5]->(b) project a`,
		`(Query [(ExprStmt (Pipeline G [(GraphMatchOp graph-shortest-paths [(= output all)] [(GraphPattern [(GraphNode a) (GraphEdge <-[ p 1 5 ]->) (GraphNode b)])] [a])]))])`},
	{"graph/graph-to-table", `G | graph-to-table nodes as N with_node_id=id, edges with_source_id=s with_target_id=t`,
		`(Query [(ExprStmt (Pipeline G [(GraphToTableOp [(GraphToTableOutput nodes N [(= with_node_id id)]) (GraphToTableOutput edges [(= with_source_id s) (= with_target_id t)])])]))])`},
	{"graph/mark components, where nodes and edges", `G | graph-mark-components kind=weak with_component_id=c | graph-where-nodes c == 1 | graph-where-edges true`,
		`(Query [(ExprStmt (Pipeline G [(GraphMarkComponentsOp [(= kind weak) (= with_component_id c)]) (GraphWhereOp graph-where-nodes (== c 1)) (GraphWhereOp graph-where-edges true)]))])`},
	{"graph/graph() source", `graph('G') | graph-to-table edges`,
		`(Query [(ExprStmt (Pipeline (call graph 'G') [(GraphToTableOp [(GraphToTableOutput edges)])]))])`},
	{"search/column term and star", `search Col:"term" and * : "x"`,
		`(Query [(ExprStmt (SearchOp (and (: Col "term") (: * "x"))))])`},
	{"name/braced", `print toreal({TotalE5Seats}), {P[-1]}`,
		`(Query [(ExprStmt (PrintOp [(call toreal {TotalE5Seats}) {P[-1]}]))])`},
	{"count/as", `T | count as N`,
		`(Query [(ExprStmt (Pipeline T [(CountOp N)]))])`},
	{"render/by and with", `T | render piechart kind=stacked by a, b with "title"`,
		`(Query [(ExprStmt (Pipeline T [(RenderOp piechart [(= kind stacked) (RenderClause by [a b]) (RenderClause with ["title"])])]))])`},
	{"comma/row schemas and URIs", `datatable(,a:string,)["x",] | union (externaldata(u:string,)["https://x",])`,
		`(Query [(ExprStmt (Pipeline (DatatableExpr (SchemaExpr [(ColumnDecl a string)]) ["x"]) [(UnionOp [(ParenExpr (ExternalDataExpr externaldata (SchemaExpr [(ColumnDecl u string)]) ["https://x"]))])]))])`},
	{"operator/at the start of a query", `where x | take 1`,
		`(Query [(ExprStmt (Pipeline [(WhereOp where x) (TakeOp take 1)]))])`},
}

// checkPrinting asserts what every parsed query must satisfy: String
// reproduces the source, Format output parses and is a fixed point.
func checkPrinting(t testing.TB, src string, q *Query) {
	t.Helper()
	require.Equal(t, src, q.String(), "String must return the source")
	f := Format(q)
	q2, err := Parse(f)
	require.NoError(t, err, "Format output must parse:\n%s", f)
	assert.Equal(t, f, Format(q2), "Format must be idempotent")
	assert.Equal(t, dump(q), dump(q2), "Format must keep the tree")
}

func TestConstructs(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range constructs {
		require.False(t, seen[c.name], "duplicate case name %q", c.name)
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			q, err := Parse(c.src)
			require.NoError(t, err)
			checkPrinting(t, c.src, q)
			if c.want != "" {
				assert.Equal(t, c.want, dump(q))
			}
		})
	}
}

// TestDynamicGrammars checks that the two readers of dynamic literals agree:
// the hand-written one for expressions and the participle grammar for the
// default values of parameters.
func TestDynamicGrammars(t *testing.T) {
	values := []string{
		`null`, `1`, `-1.5`, `1d`, `-2h`, `"s"`, `'a' "b"`, `true`, `datetime(2020-01-01)`,
		`[]`, `{}`, `[1, "a", [true, null], {"k": -1}]`, `{"a": {"b": [1, 2]}, 'c': h"x"}`,
		`[1,]`, `{"a": 1,}`, `[1 2]`, `{a: 1}`, `{"a" 1}`, `x`, `- x`, `[-]`, `{"a":}`, `1, 2`, `+1`,
	}
	for _, v := range values {
		q1, err1 := Parse("print dynamic(" + v + ")")
		q2, err2 := Parse("let f = (a:dynamic = dynamic(" + v + ")) { print a };")
		require.Equal(t, err1 == nil, err2 == nil, "%s: expression: %v; default: %v", v, err1, err2)
		if err1 != nil {
			continue
		}
		d1 := q1.Stmts[0].(*ExprStmt).X.(*PrintOp).Exprs[0]
		d2 := q2.Stmts[0].(*LetStmt).Value.(*FuncLit).Params.Columns[0].(*ColumnDecl).Default
		assert.Equal(t, dump(d1), dump(d2), v)
		assert.Equal(t, q1.Text(d1), "dynamic("+v+")")
		assert.Equal(t, q2.Text(d2), "dynamic("+v+")")
	}
}

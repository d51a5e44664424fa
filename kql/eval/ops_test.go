package eval

import (
	"testing"
)

// opsTables are the tables of the operator tests.
func opsTables(t *testing.T) map[string]*Table {
	return map[string]*Table{
		"Events": mustTable(t, `datatable(Time:datetime, User:string, Op:string, Bytes:long, Ratio:real, Ok:bool, Id:guid, Props:dynamic) [
			datetime(2025-06-01 10:00), "alice", "KeyGet",    10,         0.5,        true,       guid(11111111-1111-1111-1111-111111111111), dynamic({"k":"v1","n":1}),
			datetime(2025-06-01 10:30), "bob",   "KeyDelete", 20,         1.5,        false,      guid(22222222-2222-2222-2222-222222222222), dynamic({"k":"v2","n":2}),
			datetime(2025-06-01 11:15), "alice", "KeyGet",    long(null), real(null), true,       guid(null),                                 dynamic(null),
			datetime(2025-06-02 09:00), "carol", "SecretGet", 5,          2.0,        bool(null), guid(33333333-3333-3333-3333-333333333333), dynamic([1,2]),
		]`),
		"Users": mustTable(t, `datatable(Name:string, Dept:string) ["alice", "sales", "bob", "it", "dave", "hr"]`),
		"Other": mustTable(t, `datatable(User:string, Bytes:string, Extra:int) ["erin", "many", 7]`),
	}
}

func TestWhere(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "filter", query: `Events | where Op == "KeyGet" | project User, Bytes`,
			want: "User:string | Bytes:long\nalice | 10\nalice | null"},
		{name: "null predicate drops the row", query: `Events | where Bytes > 6 | project Bytes`,
			want: "Bytes:long\n10\n20"},
		{name: "negated null predicate drops the row too", query: `Events | where not(Bytes > 6) | project Bytes`,
			want: "Bytes:long\n5"},
		{name: "bool column", query: `Events | where Ok | project User`, want: "User:string\nalice\nalice"},
		{name: "dynamic predicate", query: `Events | where Props.n == 2 | project User`, want: "User:string\nbob"},
		{name: "constant false", query: `Events | where 1 == 2 | count`, want: "Count:long\n0"},
		{name: "constant true keeps all", query: `Events | where true | count`, want: "Count:long\n4"},
		{name: "filter keyword", query: `Events | filter User == "carol" | project Op`, want: "Op:string\nSecretGet"},
		{name: "count as names the column", query: `Events | where Op startswith "Key" | count as Keys`, want: "Keys:long\n3"},
		{name: "count as feeds later operators", query: `Events | count as N | extend M = N * 2`, want: "N:long | M:long\n4 | 8"},
		{name: "search term means has", query: `Events | where Op:"keyget" | project User`, want: "User:string\nalice\nalice"},
		{name: "search term on terms only", query: `Events | where Op:"Key" | count`, want: "Count:long\n0"},
		{name: "has on a dynamic value", query: `Events | where Props has "v1" | project User`, want: "User:string\nalice"},
		{name: "has on a long is an error", query: `Events | where Bytes has "1"`,
			err: `1:16: has takes string operands, and Bytes is a long: convert it with tostring()`},
		{name: "=~ with a number is an error", query: `Events | where User =~ 1`, err: `1:24: =~ takes string operands, and 1 is a long`},
		{name: "search term on a bool is an error", query: `Events | where Ok:"true"`, err: `takes string operands, and Ok is a bool`},
		{name: "search term and has agree", query: `Events | extend a = User:"ali", b = User has "ali" | where a != b | count`, want: "Count:long\n0"},
		{name: "not bool", query: `Events | where Bytes`, err: "1:16: the where predicate must be bool, not long"},
		{name: "unknown column", query: `Events | where Nope == 1`, err: `1:16: no column or variable named "Nope"`},
		{name: "ordering different types", query: `Events | where User < 1`, err: "1:16: cannot compare string and long with <"},
		// The official analysis accepts == and != between any scalars
		// (checked with kusto-oracle --semantic); Kusto does not document
		// the result for different types, so it is unsupported, not an error.
		{name: "equality of different types", query: `Events | where User == 1`, err: "1:16: unsupported: comparing string and long with == is not supported"},
		{name: "inequality of different types", query: `Events | where Bytes != "10"`, err: "1:16: unsupported: comparing long and string with != is not supported"},
		{name: "in among values of another type", query: `Events | where User in (1, 2)`, err: "1:16: unsupported: looking up a string among long values with in is not supported"},
		{name: "in a subquery of another type, with no rows", query: `Events | where User in (Events | where false | project Bytes)`,
			err: "1:16: unsupported: looking up a string among long values with in is not supported"},
		{name: "in a subquery of the same type, with no rows", query: `Events | where User in (Events | where false | project User) | count`, want: "Count:long\n0"},
		{name: "!in among values of another type", query: `Events | where Bytes !in ("10")`, err: "1:16: unsupported: looking up a long among string values with !in is not supported"},
		{name: "in among numbers of another width", query: `Events | where Bytes in (10.0, 5) | project Bytes`, want: "Bytes:long\n10\n5"},
		{name: "in a dynamic array compares elements", query: `Events | where User in (dynamic(["bob"])) | project Bytes`, want: "Bytes:long\n20"},
		{name: "equality of bool and string", query: `Events | where Ok <> "true"`, err: "1:16: unsupported: comparing bool and string with <> is not supported"},
	})
}

func TestExtend(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "new columns", query: `Events | take 1 | extend Kb = Bytes * 2, Up = toupper(User) | project Kb, Up`,
			want: "Kb:long | Up:string\n20 | ALICE"},
		{name: "later expressions see earlier ones", query: `Events | take 1 | extend a = 1, b = a + 1 | project a, b`,
			want: "a:long | b:long\n1 | 2"},
		{name: "replacing keeps the position", query: `Events | take 1 | extend User = strcat(User, "!") | project-away Time | project User, Op`,
			want: "User:string | Op:string\nalice! | KeyGet"},
		{name: "replacing keeps the position 2", query: `print a = 1, b = 2 | extend a = "x"`,
			want: "a:string | b:long\nx | 2"},
		{name: "unnamed expression", query: `print a = 1 | extend a + 1, tostring(a)`, // tostring(a) is named a, as the official catalog says
			want: "a:string | Column1:long\n1 | 2"},
		{name: "path element in brackets", query: `print x = dynamic([{"a":1},{"a":2}]), b = dynamic({"k v": 3}) | project y = x.[1].a, z = b.['k v'], w = x.[-1].a`,
			want: "y:dynamic | z:dynamic | w:dynamic\n2 | 3 | 2"},
		{name: "dynamic path name", query: `Events | take 1 | extend Props.k | project Props_k`,
			want: "Props_k:dynamic\nv1"},
		{name: "compound names", query: `print a = 1 | extend (b, c) = tostring(a)`, err: "unsupported: extend (a, b, ...) = f() is not supported"},
	})
}

func TestProject(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "columns and expressions", query: `Events | take 2 | project User, Big = Bytes > 15, Bytes * 10`,
			want: "User:string | Big:bool | Column1:long\nalice | false | 100\nbob | true | 200"},
		{name: "rename in project", query: `Events | take 1 | project Who = User`, want: "Who:string\nalice"},
		{name: "duplicate", query: `Events | project User, User`, err: `1:24: column "User" is projected twice`},
		{name: "missing", query: `Events | project Nope`, err: `no column or variable named "Nope"`},
		{name: "project-away", query: `Events | take 1 | project-away Time, Id, Props, R*`,
			want: "User:string | Op:string | Bytes:long | Ok:bool\nalice | KeyGet | 10 | true"},
		{name: "project-away missing", query: `Events | project-away Nope`, err: `1:23: no column named "Nope"`},
		{name: "project-keep", query: `Events | take 1 | project-keep Op, U*`,
			want: "User:string | Op:string\nalice | KeyGet"},
		{name: "project-rename", query: `Events | take 1 | project-rename Who = User, Operation = Op | project Who, Operation`,
			want: "Who:string | Operation:string\nalice | KeyGet"},
		{name: "project-rename clash", query: `Events | project-rename Op = User`, err: `column "Op" appears twice`},
		{name: "project-reorder", query: `Events | take 1 | project User, Op, Bytes | project-reorder Bytes, User`,
			want: "Bytes:long | User:string | Op:string\n10 | alice | KeyGet"},
		{name: "project-reorder wildcard sorted", query: `print c1 = 1, b = 2, c0 = 3 | project-reorder c* asc`,
			want: "c0:long | c1:long | b:long\n3 | 1 | 2"},
	})
}

func TestSummarize(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "count by", query: `Events | summarize count() by User`,
			want: "User:string | count_:long\nalice | 2\nbob | 1\ncarol | 1"},
		{name: "several keys and aggregates", query: `Events | summarize n = count(), total = sum(Bytes), ['first'] = min(Time), ['last'] = max(Time) by User, Op`,
			want: `User:string | Op:string | n:long | total:long | first:datetime | last:datetime
				alice | KeyGet | 2 | 10 | 2025-06-01T10:00:00Z | 2025-06-01T11:15:00Z
				bob | KeyDelete | 1 | 20 | 2025-06-01T10:30:00Z | 2025-06-01T10:30:00Z
				carol | SecretGet | 1 | 5 | 2025-06-02T09:00:00Z | 2025-06-02T09:00:00Z`},
		{name: "bin keeps the column name", query: `Events | summarize count() by bin(Time, 1d)`,
			want: "Time:datetime | count_:long\n2025-06-01T00:00:00Z | 3\n2025-06-02T00:00:00Z | 1"},
		{name: "named key expression", query: `Events | summarize count() by Day = startofday(Time), tolower(Op)`,
			want: "Day:datetime | Column1:string | count_:long\n2025-06-01T00:00:00Z | keyget | 2\n2025-06-01T00:00:00Z | keydelete | 1\n2025-06-02T00:00:00Z | secretget | 1"},
		{name: "no keys", query: `Events | summarize dcount(User), avg(Ratio), sum(Ratio), max(User)`,
			want: "dcount_User:long | avg_Ratio:real | sum_Ratio:real | max_User:string\n3 | 1.3333333333333333 | 4 | carol"},
		{name: "no keys, no rows", query: `Events | where false | summarize count(), dcount(User), make_set(User)`,
			want: "count_:long | dcount_User:long | set_User:dynamic\n0 | 0 | []"},
		{name: "keys, no rows", query: `Events | where false | summarize count() by User`, want: "User:string | count_:long"},
		{name: "null key is a group", query: `Events | summarize count() by Bytes > 6`,
			want: "Column1:bool | count_:long\nfalse | 1\nnull | 1\ntrue | 2", unordered: true},
		{name: "make_list and make_set with limits", query: `Events | summarize make_list(User), make_set(User), make_set(User, 2), make_list(Bytes, 2)`,
			want: `list_User:dynamic | set_User:dynamic | set_User1:dynamic | list_Bytes:dynamic
				["alice","bob","alice","carol"] | ["alice","bob","carol"] | ["alice","bob"] | [10,20]`},
		{name: "make_list ignores nulls", query: `Events | summarize make_list(Bytes), make_list_with_nulls(Bytes)`,
			want: "list_Bytes:dynamic | list_Bytes1:dynamic\n[10,20,5] | [10,20,null,5]"},
		{name: "conditional aggregates", query: `Events | summarize countif(Op == "KeyGet"), sumif(Bytes, Ok), avgif(Ratio, Ok), minif(Bytes, Ok), maxif(Bytes, Op != "x"), dcountif(User, Ok), make_list_if(User, Ok), make_set_if(User, Ok)`,
			want: `countif_:long | sumif_Bytes:long | avgif_Ratio:real | minif_Bytes:long | maxif_Bytes:long | dcountif_User:long | list_User:dynamic | set_User:dynamic
				2 | 10 | 0.5 | 10 | 20 | 1 | ["alice","alice"] | ["alice"]`},
		{name: "arg_max with star", query: `Events | summarize arg_max(Time, *) by User | project User, Time, Op, Bytes`,
			want: "User:string | Time:datetime | Op:string | Bytes:long\nalice | 2025-06-01T11:15:00Z | KeyGet | null\nbob | 2025-06-01T10:30:00Z | KeyDelete | 20\ncarol | 2025-06-02T09:00:00Z | SecretGet | 5"},
		{name: "arg_max star columns", query: `Events | summarize Last = arg_max(Time, *) by User | getschema | project ColumnName`,
			want: "ColumnName:string\nUser\nLast\nOp\nBytes\nRatio\nOk\nId\nProps"},
		{name: "arg_min with columns", query: `Events | summarize arg_min(Bytes, User, Op)`,
			want: "Bytes:long | User:string | Op:string\n5 | carol | SecretGet"},
		{name: "arg_max named return column", query: `Events | summarize arg_max(Bytes, Who = User)`,
			want: "Bytes:long | Who:string\n20 | bob"},
		{name: "take_any", query: `Events | summarize take_any(Bytes), any(Op) by User`,
			want: "User:string | Bytes:long | Op:string\nalice | 10 | KeyGet\nbob | 20 | KeyDelete\ncarol | 5 | SecretGet"},
		{name: "timespan sum and avg", query: `print d = 1h | union (print d = 3h) | summarize sum(d), avg(d)`,
			want: "sum_d:timespan | avg_d:timespan\n04:00:00 | 02:00:00"},
		{name: "make_bag", query: `Events | where isnotnull(Props.k) | summarize make_bag(Props)`,
			want: `bag_Props:dynamic` + "\n" + `{"k":"v1","n":1}`},
		{name: "count_distinct", query: `Events | summarize count_distinct(Op), count_distinctif(User, Ok)`, want: "count_distinct_Op:long | count_distinctif_User:long\n3 | 1"},
		{name: "deprecated names", query: `Events | summarize makelist(User), makeset(User)`,
			want: `list_User:dynamic | set_User:dynamic` + "\n" + `["alice","bob","alice","carol"] | ["alice","bob","carol"]`},
		{name: "expression around an aggregate", query: `Events | summarize x = count() * 2`, want: "x:long\n8"},
		{name: "expressions around aggregates, by a key", query: `Events | summarize round(avg(Bytes), 1), count() * 2, todouble(countif(Ok)) / count() by User`,
			want: "User:string | avg_Bytes:real | Column1:long | Column2:real\nalice | 10 | 4 | 1\nbob | 20 | 2 | 0\ncarol | 5 | 2 | 0"},
		{name: "difference of two aggregates", query: `Events | summarize Span = max(Time) - min(Time)`, want: "Span:timespan\n23:00:00"},
		{name: "a conversion keeps the aggregate's name", query: `Events | summarize tostring(max(Bytes))`, want: "max_Bytes:string\n20"},
		{name: "let value around an aggregate", query: `let k = 3; Events | summarize x = count() * k`, want: "x:long\n12"},
		{name: "column outside the aggregate", query: `Events | summarize x = Bytes + count()`, err: "1:24: Bytes is a column: outside an aggregation function such as max(Bytes) it has no value per group"},
		{name: "make-series keeps to calls", query: `Events | make-series x = count() * 2 on Time from datetime(2025-06-01) to datetime(2025-06-03) step 1d`, err: "unsupported: make-series supports a call of an aggregation function here"},
		{name: "no aggregate", query: `Events | summarize x = 1 + 2`, err: "summarize needs an aggregation function here"},
		{name: "several columns in an expression", query: `Events | summarize tostring(arg_max(Time, User))`, err: "unsupported: arg_max() inside an expression is not supported"},
		{name: "unsupported aggregate in an expression", query: `Events | summarize x = 1 + hll(Bytes)`, err: "unsupported"},
		{name: "dynamic key", query: `Events | summarize count() by Props`, err: "a dynamic value cannot be a group key"},
		{name: "percentile", query: `Events | summarize percentile(Bytes, 50)`, err: "unsupported: percentile() is not supported"},
		{name: "aggregate outside summarize", query: `Events | extend c = count()`, err: "count() is an aggregation function: use it in summarize"},
	})
}

func TestJoinAndLookup(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "left and right columns", query: `Events | join kind=inner (Users) on $left.User == $right.Name | project User, Op, Dept`,
			want: "User:string | Op:string | Dept:string\nalice | KeyGet | sales\nbob | KeyDelete | it\nalice | KeyGet | sales"},
		{name: "right written first", query: `Events | join kind=inner (Users) on $right.Name == $left.User | count`,
			want: "Count:long\n3"},
		{name: "innerunique keeps the first left row per key", query: `Events | join (Users) on $left.User == $right.Name | project User, Time, Dept`,
			want: "User:string | Time:datetime | Dept:string\nalice | 2025-06-01T10:00:00Z | sales\nbob | 2025-06-01T10:30:00Z | it"},
		{name: "same-name key is renamed", query: `Events | take 1 | join kind=inner (Events | take 1 | project User, Op) on User | getschema | project ColumnName`,
			want: "ColumnName:string\nTime\nUser\nOp\nBytes\nRatio\nOk\nId\nProps\nUser1\nOp1"},
		{name: "two keys with and", query: `Events | join kind=inner (Events | project User, Op, n = 1) on User and Op | count`,
			want: "Count:long\n6"},
		{name: "two keys with a comma", query: `Events | join kind=inner (Events | project User, Op, n = 1) on User, Op | count`,
			want: "Count:long\n6"},
		{name: "leftanti", query: `Users | join kind=leftanti (Events) on $left.Name == $right.User`, want: "Name:string | Dept:string\ndave | hr"},
		{name: "anti alias", query: `Users | join kind=anti (Events) on $left.Name == $right.User | count`, want: "Count:long\n1"},
		{name: "lookup", query: `Events | lookup (Users | project User = Name, Dept) on User | project User, Dept`,
			want: "User:string | Dept:string\nalice | sales\nbob | it\nalice | sales\ncarol | "},
		{name: "lookup inner", query: `Events | lookup kind=inner (Users | project User = Name, Dept) on User | count`, want: "Count:long\n3"},
		{name: "key types differ", query: `Events | join (Other) on Bytes`, err: "join keys Bytes (long) and Bytes (string) have different types"},
		{name: "missing key", query: `Events | join (Users) on Nope`, err: `the left side of the join has no column "Nope"`},
		{name: "not equality", query: `Events | join (Users) on $left.User != $right.Name`, err: "unsupported: join conditions other than equality"},
		{name: "unknown kind", query: `Events | join kind=cross (Users) on User`, err: "unsupported: join kind=cross is not supported"},
		{name: "strategy hint is ignored", query: `Events | join hint.strategy=broadcast kind=inner (Users) on $left.User == $right.Name | count`,
			want: "Count:long\n3"},
	})
}

func TestUnionMvExpandAndOthers(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "union outer", query: `union (Users | take 1), (Users | project Name, Extra = 1 | take 1)`,
			want: "Name:string | Dept:string | Extra:long\nalice | sales | null\nalice |  | 1"},
		{name: "union types differ", query: `union (Events | project User, Bytes | take 1), Other | getschema | project ColumnName, ColumnType`,
			want: "ColumnName:string | ColumnType:string\nUser | string\nBytes_long | long\nBytes_string | string\nExtra | int"},
		{name: "union inner", query: `union kind=inner (Events | project User, Bytes | take 1), (Other | project User) `,
			want: "User:string\nalice\nerin"},
		{name: "union withsource", query: `union withsource=T Users, Other | project T, User, Name | take 4`,
			want: "T:string | User:string | Name:string\nUsers |  | alice\nUsers |  | bob\nUsers |  | dave\nOther | erin | "},
		{name: "union wildcard", query: `union withsource=T U* | summarize count() by T`, want: "T:string | count_:long\nUsers | 3"},
		{name: "union operator", query: `Users | union (Users) | count`, want: "Count:long\n6"},
		{name: "union isfuzzy with every table", query: `union isfuzzy=true Users, (Users | take 1) | count`, want: "Count:long\n4"},
		{name: "union isfuzzy leaves out a missing table", query: `union isfuzzy=true withsource=T Users, Nope, (Gone | take 1) | summarize count() by T`,
			want: "T:string | count_:long\nUsers | 3"},
		{name: "union isfuzzy piped", query: `Users | union isfuzzy=true Nope | count`, want: "Count:long\n3"},
		{name: "union isfuzzy, nothing resolves", query: `union isfuzzy=true Nope, Gone`,
			err: `1:20: union isfuzzy=true: no leg resolved; the first: no table named "Nope" (tables: Events, Other, Users)`},
		{name: "union isfuzzy=false keeps the error", query: `union isfuzzy=false Users, Nope`, err: `no table named "Nope"`},
		{name: "union without isfuzzy keeps the error", query: `union Users, Nope`, err: `no table named "Nope"`},
		{name: "union isfuzzy other errors stay", query: `union isfuzzy=true Users, (Users | where Nope == 1)`, err: `Nope`},
		{name: "union isfuzzy not a bool", query: `union isfuzzy=maybe Users`, err: "isfuzzy takes true or false"},
		{name: "mv-expand typed", query: `print a = dynamic(["2025-01-01T00:00:00.0000000Z", "x"]) | mv-expand a to typeof(datetime)`,
			want: "a:datetime\n2025-01-01T00:00:00Z\nnull"},
		{name: "mv-expand limit", query: `print a = dynamic([1,2,3]) | mv-expand a limit 2`, want: "a:dynamic\n1\n2"},
		{name: "mv-expand empty array drops the row", query: `print a = dynamic([]), b = 1 | mv-expand a | count`, want: "Count:long\n0"},
		{name: "mv-expand null keeps the row", query: `print a = dynamic(null), b = 1 | mv-expand a`, want: "a:dynamic | b:long\nnull | 1"},
		{name: "mv-expand named expression", query: `print a = 1 | mv-expand b = range(1, 3) to typeof(long)`,
			want: "a:long | b:long\n1 | 1\n1 | 2\n1 | 3"},
		{name: "sort default desc, nulls last", query: `Events | sort by Bytes | project Bytes`, want: "Bytes:long\n20\n10\n5\nnull"},
		{name: "sort asc, nulls first", query: `Events | order by Bytes asc | project Bytes`, want: "Bytes:long\nnull\n5\n10\n20"},
		{name: "sort asc nulls last", query: `Events | sort by Bytes asc nulls last | project Bytes`, want: "Bytes:long\n5\n10\n20\nnull"},
		{name: "sort by two keys, stable", query: `Events | sort by User asc, Time desc | project User, Time`,
			want: "User:string | Time:datetime\nalice | 2025-06-01T11:15:00Z\nalice | 2025-06-01T10:00:00Z\nbob | 2025-06-01T10:30:00Z\ncarol | 2025-06-02T09:00:00Z"},
		{name: "sort by dynamic", query: `Events | sort by Props`, err: "cannot sort by a dynamic value"},
		{name: "top", query: `Events | top 2 by Time | project User`, want: "User:string\ncarol\nalice"},
		{name: "top asc", query: `Events | top 1 by Bytes asc nulls last | project Bytes`, want: "Bytes:long\n5"},
		{name: "take", query: `Events | take 2 | project User`, want: "User:string\nalice\nbob"},
		{name: "limit beyond the rows", query: `Events | limit 10 | count`, want: "Count:long\n4"},
		{name: "take needs a constant", query: `Events | take Bytes`, err: `1:15: no variable named "Bytes"`},
		{name: "distinct", query: `Events | distinct User, Op`, want: "User:string | Op:string\nalice | KeyGet\nbob | KeyDelete\ncarol | SecretGet"},
		{name: "distinct star", query: `Users | union Users | distinct * | count`, want: "Count:long\n3"},
		{name: "count", query: `Events | count`, want: "Count:long\n4"},
		{name: "getschema", query: `Events | getschema | project ColumnName, ColumnOrdinal, DataType, ColumnType | take 3`,
			want: "ColumnName:string | ColumnOrdinal:int | DataType:string | ColumnType:string\nTime | 0 | System.DateTime | datetime\nUser | 1 | System.String | string\nOp | 2 | System.String | string"},
		{name: "render is ignored", query: `Events | count | render table`, want: "Count:long\n4"},
	})
}

func TestLetAsAndSubqueries(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "scalar let", query: `let n = 15; Events | where Bytes > n | project User`, want: "User:string\nbob"},
		{name: "dynamic let with in", query: `let ops = dynamic(["KeyGet", "SecretGet"]); Events | where Op in (ops) | count`, want: "Count:long\n3"},
		{name: "tabular let", query: `let Gets = Events | where Op endswith "Get"; Gets | summarize dcount(User)`, want: "dcount_User:long\n2"},
		{name: "let sees earlier names", query: `let a = 1; let b = a + 1; print b`, want: "print_0:long\n2"},
		{name: "materialize", query: `let M = materialize(Events | where Ok); M | join kind=inner (M) on Time | count`, want: "Count:long\n2"},
		{name: "toscalar", query: `let maxBytes = toscalar(Events | summarize max(Bytes)); Events | where Bytes == maxBytes | project User`,
			want: "User:string\nbob"},
		{name: "toscalar of no rows is null", query: `print x = toscalar(Events | where false | project Bytes)`, want: "x:long\nnull"},
		{name: "as then toscalar", query: `Events | as _E | where User in (toscalar(_E | where Op == "KeyDelete" | summarize make_set(User))) | project Op`,
			want: "Op:string\nKeyDelete"},
		{name: "in a tabular expression", query: `Events | where User in ((Users | project Name)) | count`, want: "Count:long\n3"},
		{name: "in a let-bound table", query: `let U = Users | project Name; Events | where User !in (U) | project User`, want: "User:string\ncarol"},
		{name: "user scalar function", query: `let big = (b:long, limit:long = 15) { b > limit }; Events | where big(Bytes) | project Bytes`, want: "Bytes:long\n20"},
		{name: "user scalar function with lets", query: `let f = (s:string) { let t = toupper(s); strcat(t, "!") }; print f("a")`, want: "print_0:string\nA!"},
		{name: "user tabular function", query: `let byUser = (u:string) { Events | where User == u }; byUser("bob") | project Op`, want: "Op:string\nKeyDelete"},
		{name: "view", query: `let V = view () { Users | take 1 }; V | project Name`, want: "Name:string\nalice"},
		{name: "wrong argument count", query: `let f = (a:long) { a }; print f(1, 2)`, err: "takes 1 argument(s), got 2"},
		{name: "table used as a scalar", query: `Events | where Bytes > Users`, err: "Users is a table; use toscalar(Users) for a scalar value"},
		{name: "unknown table", query: `Nope | count`, err: `1:1: no table named "Nope" (tables: Events, Other, Users)`},
		{name: "let that reads columns", query: `let x = Bytes; print x`, err: `no variable named "Bytes"`},
	})
}

func TestMakeSeries(t *testing.T) {
	runCases(t, opsTables(t), []evalCase{
		{name: "count by user", query: `Events | make-series n = count() default = 0 on Time from datetime(2025-06-01) to datetime(2025-06-03) step 1d by User`,
			want: `User:string | n:dynamic | Time:dynamic
				alice | [2,0] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z"]
				bob | [1,0] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z"]
				carol | [0,1] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z"]`},
		{name: "avg with a default", query: `Events | make-series avg(Ratio) default = -1 on Time from datetime(2025-06-01 10:00) to datetime(2025-06-01 13:00) step 1h`,
			want: `avg_Ratio:dynamic | Time:dynamic
				[1.0,"NaN",-1.0] | ["2025-06-01T10:00:00.0000000Z","2025-06-01T11:00:00.0000000Z","2025-06-01T12:00:00.0000000Z"]`},
		// The range form (make-series, "Alternate syntax"): stop is
		// inclusive, and the bins run from bin(start, step) to
		// bin(stop, step), so start may not begin the series.
		{name: "range form: stop inclusive", query: `datatable(T:datetime) [datetime(2025-06-01 05:00), datetime(2025-06-02 05:00), datetime(2025-06-03), datetime(2025-06-04)]
			| make-series n = count() default = 0 on T in range(datetime(2025-06-01), datetime(2025-06-03), 1d)`,
			want: `n:dynamic | T:dynamic
				[1,1,1] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z","2025-06-03T00:00:00.0000000Z"]`},
		{name: "from/to: stop exclusive", query: `datatable(T:datetime) [datetime(2025-06-01 05:00), datetime(2025-06-02 05:00), datetime(2025-06-03), datetime(2025-06-04)]
			| make-series n = count() default = 0 on T from datetime(2025-06-01) to datetime(2025-06-03) step 1d`,
			want: `n:dynamic | T:dynamic
				[1,1] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z"]`},
		{name: "range form: binned start", query: `datatable(T:datetime, U:string) [datetime(2025-06-01 13:00), "a", datetime(2025-06-02 06:00), "a", datetime(2025-05-31 23:00), "b"]
			| make-series n = count() default = 0 on T in range(datetime(2025-06-01 12:00), datetime(2025-06-02 12:00), 1d) by U`,
			want: `U:string | n:dynamic | T:dynamic
				a | [1,1] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z"]
				b | [0,0] | ["2025-06-01T00:00:00.0000000Z","2025-06-02T00:00:00.0000000Z"]`},
		{name: "range form: a row in the first bin before start", query: `datatable(T:datetime) [datetime(2025-06-01 05:00)]
			| make-series n = count() on T in range(datetime(2025-06-01 12:00), datetime(2025-06-02 12:00), 1d)`,
			err: "unsupported: make-series ... in range(): the row at 2025-06-01T05:00:00Z is in a bin of the series but outside range()'s start and stop"},
		{name: "range form: a row in the last bin after stop", query: `datatable(T:datetime) [datetime(2025-06-02 13:00)]
			| make-series n = count() on T in range(datetime(2025-06-01 12:00), datetime(2025-06-02 12:00), 1d)`,
			err: "unsupported: make-series ... in range(): the row at 2025-06-02T13:00:00Z is in a bin of the series but outside range()'s start and stop"},
		{name: "range form: numeric axis", query: `range x from 1 to 3 step 1 | make-series n = count() on x in range(1, 3, 1)`,
			err: "unsupported: make-series ... in range() over a long axis is not supported"},
		{name: "series_decompose_anomalies", query: `Events | make-series n = count() on Time from datetime(2025-06-01) to datetime(2025-06-03) step 1d
			| extend a = series_decompose_anomalies(n, 1.5, -1, 'linefit')`,
			err: "2:17: unsupported: series_decompose_anomalies() is not supported"},
	})
}

// TestTableOfParameter runs the reference's example of table() in a let
// function (https://learn.microsoft.com/kusto/query/table-function), with
// a table of 3 rows for StormEvents; a name that is not a constant string
// is not supported.
func TestTableOfParameter(t *testing.T) {
	storm := mustTable(t, `datatable(State:string) ["TEXAS", "KANSAS", "IOWA"]`)
	runCases(t, map[string]*Table{"StormEvents": storm}, []evalCase{
		{name: "literal", query: `table('StormEvents') | count`, want: "Count:long\n3"},
		{name: "in a let function", query: `let foo = (tableName:string)
			{
			    table(tableName) | count
			};
			foo('StormEvents')`, want: "Count:long\n3"},
		{name: "a let", query: `let n = strcat("Storm", "Events"); table(n) | count`, want: "Count:long\n3"},
		{name: "not a string", query: `table(dynamic("StormEvents")) | count`, err: "unsupported: table() with a name that is not a constant string is not supported"},
	})
}

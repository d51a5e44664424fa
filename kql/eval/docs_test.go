package eval

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Self-contained examples of the Kusto query language documentation
// (learn.microsoft.com/kusto/query, MicrosoftDocs/dataexplorer-docs): the
// documented output is the expected result. Datetimes are written as
// tostring() renders them (the documentation shows them as its UI does),
// and rows whose order Kusto leaves undefined are compared as sets.
//
// Examples left out on purpose: replace_string's second example documents
// tostring(1) as "1.000000" (it is "1"; strcat's and trim's examples agree),
// range's "Combine different stop times" output starts at 2024-01-04 though
// its input starts at 2024-01-01, and join-rightanti's output header names
// Value1 for the right table's Value2 column (its values are checked).
func TestDocumentationExamples(t *testing.T) {
	const xy = `let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'c',4];
		let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40];
		`
	const shapes = `let shapes = datatable (name: string, sideCount: int) [
		"triangle", 3, "square", 4, "rectangle", 4, "pentagon", 5, "hexagon", 6,
		"heptagon", 7, "octagon", 8, "nonagon", 9, "decagon", 10];
		`
	runCases(t, nil, []evalCase{
		{name: "print-operator/sum", query: `print 0 + 1 + 2 + 3 + 4 + 5, x = "Wow!"`,
			want: "print_0:long | x:string\n15 | Wow!"},
		{name: "print-operator/strcat", query: `print banner=strcat("Hello", ", ", "World!")`,
			want: "banner:string\nHello, World!"},
		{name: "strcat-function", query: `print str = strcat("hello", " ", "world")`,
			want: "str:string\nhello world"},
		{name: "split-function", query: `print
			split("aa_bb", "_"), split("aaa_bbb_ccc", "_", 1), split("", "_"), split("a__b", "_"), split("aabbcc", "bb")`,
			want: `print_0:dynamic | print_1:dynamic | print_2:dynamic | print_3:dynamic | print_4:dynamic
				["aa","bb"] | ["bbb"] | [""] | ["a","","b"] | ["aa","cc"]`},
		{name: "extract-function/strings", query: `let _data = datatable(Text: string) [
				"User: James, Email: James@example.com, Age: 29",
				"User: David, Age: 35"];
			_data | extend UserName = extract("User: ([^,]+)", 1, Text), EmailId = extract(@"Email: (\S+),", 1, Text), Age = extract(@"\d+", 0, Text)`,
			want: `Text:string | UserName:string | EmailId:string | Age:string
				User: James, Email: James@example.com, Age: 29 | James | James@example.com | 29
				User: David, Age: 35 | David | | 35`},
		{name: "extract-function/typed", query: `let Dates = datatable(DateString: string) ["15-12-2024", "21-07-2023", "10-03-2022"];
			Dates | extend Month = extract(@"-(\d{2})-", 1, DateString, typeof(int)) | project DateString, Month`,
			want: "DateString:string | Month:int\n15-12-2024 | 12\n21-07-2023 | 7\n10-03-2022 | 3"},
		{name: "todatetime-function", query: `print todatetime('12-02-2022') == datetime('12-02-2022')`,
			want: "print_0:bool\ntrue"},
		{name: "toint-function/string", query: `print toint("123") == 123 | project Integer = print_0`,
			want: "Integer:bool\ntrue"},
		{name: "toint-function/truncate", query: `print toint(2.3) | project Integer = print_0`,
			want: "Integer:int\n2"},
		{name: "tostring-function", query: `print tostring(123)`, want: "print_0:string\n123"},
		{name: "bin-function/number", query: `print bin(4.5, 1)`, want: "print_0:real\n4"},
		{name: "bin-function/timespan", query: `print bin(time(16d), 7d)`, want: "print_0:timespan\n14.00:00:00"},
		{name: "bin-function/datetime", query: `print bin(datetime(1970-05-11 13:45:07), 1d)`,
			want: "print_0:datetime\n1970-05-11T00:00:00Z"},
		{name: "startofday-function", query: `range offset from -1 to 1 step 1
			| project dayStart = startofday(datetime(2017-01-01 10:10:17), offset)`,
			want: "dayStart:datetime\n2016-12-31T00:00:00Z\n2017-01-01T00:00:00Z\n2017-01-02T00:00:00Z"},
		{name: "case-function", query: `range Size from 1 to 15 step 2
			| extend bucket = case(Size <= 3, "Small", Size <= 10, "Medium", "Large")`,
			want: `Size:long | bucket:string
				1 | Small
				3 | Small
				5 | Medium
				7 | Medium
				9 | Medium
				11 | Large
				13 | Large
				15 | Large`},
		{name: "coalesce-function", query: `print result=coalesce(tolong("not a number"), tolong("42"), 33)`,
			want: "result:long\n42"},
		{name: "ipv4-is-private-function", query: `datatable(ip_string:string) ['10.1.2.3', '192.168.1.1/24', '127.0.0.1',]
			| extend result = ipv4_is_private(ip_string)`,
			want: "ip_string:string | result:bool\n10.1.2.3 | true\n192.168.1.1/24 | true\n127.0.0.1 | false"},
		{name: "parse-json-function/metrics", query: `datatable(context_custom_metrics:string)
			['{"duration":{"value":118.0,"count":5.0,"min":100.0,"max":150.0,"stdDev":0.0,"sampledValue":118.0,"sum":118.0}}']
			| extend d = parse_json(context_custom_metrics)
			| extend duration_value = d.duration.value, duration_min = d.duration.min
			| project duration_value, duration_min`,
			want: "duration_value:dynamic | duration_min:dynamic\n118 | 100"},
		{name: "parse-json-function/nested", query: `let d='{"a":123, "b":"{\\"c\\":456}"}';
			print d_b_c=parse_json(tostring(parse_json(d).b)).c`,
			want: "d_b_c:dynamic\n456"},
		{name: "parse-json-function/print", query: `let d='{"a":123, "b":"{\\"c\\":456}"}'; print d`,
			want: `print_0:string` + "\n" + `{"a":123, "b":"{\"c\":456}"}`},
		{name: "replace-string-function", query: `print Message="A magic trick can turn a cat into a dog"
			| extend Outcome = replace_string(Message, "cat", "hamster")`,
			want: "Message:string | Outcome:string\nA magic trick can turn a cat into a dog | A magic trick can turn a hamster into a dog"},
		{name: "isempty-function", query: `print isempty(""), isempty("x"), isempty(parsejson("")), isempty(parsejson("[]")), isempty(parsejson("{}"))`,
			want: "print_0:bool | print_1:bool | print_2:bool | print_3:bool | print_4:bool\ntrue | false | true | false | false"},
		{name: "between-operator", query: `range x from 1 to 100 step 1 | where x between (50 .. 55)`,
			want: "x:long\n50\n51\n52\n53\n54\n55"},
		{name: "range-operator/steps", query: `range Steps from 1 to 8 step 3`, want: "Steps:long\n1\n4\n7"},
		{name: "datatable-operator", query: `datatable(Date:datetime, Event:string, MoreData:dynamic) [
				datetime(1910-06-11), "Born", dynamic({"key1":"value1", "key2":"value2"}),
				datetime(1930-01-01), "Enters Ecole Navale", dynamic({"key1":"value3", "key2":"value4"}),
				datetime(1953-01-01), "Published first book", dynamic({"key1":"value5", "key2":"value6"}),
				datetime(1997-06-25), "Died", dynamic({"key1":"value7", "key2":"value8"}),
			]
			| where strlen(Event) > 4
			| extend key2 = MoreData.key2`,
			want: `Date:datetime | Event:string | MoreData:dynamic | key2:dynamic
				1930-01-01T00:00:00Z | Enters Ecole Navale | {"key1":"value3","key2":"value4"} | value4
				1953-01-01T00:00:00Z | Published first book | {"key1":"value5","key2":"value6"} | value6`},
		{name: "null-values/comparisons", query: `datatable(val:int)[5, int(null)]
			| extend IsBiggerThan3 = val > 3
			| extend IsBiggerThan3OrNull = val > 3 or isnull(val)
			| extend IsEqualToNull = val == int(null)
			| extend IsNotEqualToNull = val != int(null)`,
			want: `val:int | IsBiggerThan3:bool | IsBiggerThan3OrNull:bool | IsEqualToNull:bool | IsNotEqualToNull:bool
				5 | true | true | false | true
				null | null | true | null | null`},
		{name: "null-values/where", query: `datatable(ival:int, sval:string)[5, "a", int(null), "b"] | where ival != 5`,
			want: "ival:int | sval:string\nnull | b"},
		{name: "null-values/binary", query: `datatable(val:int)[5, int(null)] | extend Add = val + 10 | extend Multiply = val * 10`,
			want: "val:int | Add:long | Multiply:long\n5 | 15 | 50\nnull | null | null"},
		{name: "null-values/print", query: `print bool(null), datetime(null), dynamic(null), guid(null), int(null), long(null), real(null), double(null), timespan(null)`,
			want: `print_0:bool | print_1:datetime | print_2:dynamic | print_3:guid | print_4:int | print_5:long | print_6:real | print_7:real | print_8:timespan
				null | null | null | null | null | null | null | null | null`},
		{name: "summarize-operator/empty-counts", query: `datatable(x:long)[] | summarize count(x), countif(x > 0), dcount(x), dcountif(x, x > 0)`,
			want: "count_x:long | countif_:long | dcount_x:long | dcountif_x:long\n0 | 0 | 0 | 0"},
		{name: "summarize-operator/empty-lists", query: `datatable(x:long)[] | summarize make_set(x), make_list(x)`,
			want: "set_x:dynamic | list_x:dynamic\n[] | []"},
		{name: "summarize-operator/empty-defaults", query: `datatable(x:long)[] | summarize any_x=take_any(x), arg_max_x=arg_max(x, *), arg_min_x=arg_min(x, *), avg(x), max(x), min(x), sum(x), sumif(x, x > 0)`,
			want: "any_x:long | arg_max_x:long | arg_min_x:long | avg_x:real | max_x:long | min_x:long | sum_x:long | sumif_x:long\nnull | null | null | NaN | null | null | 0 | 0"},
		{name: "summarize-operator/avg-ignores-nulls", query: `range x from 1 to 4 step 1
			| extend y = iff(x == 1, real(null), real(5)) | summarize sum(y), avg(y)`,
			want: "sum_y:real | avg_y:real\n15 | 5"},
		{name: "summarize-operator/count-counts-nulls", query: `range x from 1 to 2 step 1
			| extend y = iff(x == 1, real(null), real(5)) | summarize count(y)`,
			want: "count_y:long\n2"},
		{name: "summarize-operator/duplicate-names", query: `range x from 1 to 2 step 1
			| extend y = iff(x == 1, real(null), real(5)) | summarize make_set(y), make_set(y)`,
			want: "set_y:dynamic | set_y1:dynamic\n[5.0] | [5.0]"},
		{name: "arg-max-aggregation-function/nulls", query: `datatable(Fruit: string, Color: string, Version: int) [
				"Apple", "Red", 1,
				"Apple", "Green", int(null),
				"Banana", "Yellow", int(null),
				"Banana", "Green", int(null),
				"Pear", "Brown", 1,
				"Pear", "Green", 2,
			]
			| summarize arg_max(Version, *) by Fruit`,
			want: "Fruit:string | Version:int | Color:string\nApple | 1 | Red\nBanana | null | Yellow\nPear | 2 | Green"},
		{name: "make-set-aggregation-function/arrays", query: `datatable (Val: int, Arr1: dynamic) [
				1, dynamic(['A1', 'A2', 'A3']), 5, dynamic(['A2', 'C1']), 7, dynamic(['C2', 'A3']), 5, dynamic(['C2', 'A1'])]
			| summarize Val_set=make_set(Val), Arr1_set=make_set(Arr1)`,
			want: `Val_set:dynamic | Arr1_set:dynamic
				[1,5,7] | ["A1","A2","A3","C1","C2"]`},
		{name: "make-list-aggregation-function/one-column", query: shapes + `shapes | summarize mylist = make_list(name)`,
			want: `mylist:dynamic
				["triangle","square","rectangle","pentagon","hexagon","heptagon","octagon","nonagon","decagon"]`},
		{name: "make-list-aggregation-function/by", query: shapes + `shapes | summarize mylist = make_list(name) by isEvenSideCount = sideCount % 2 == 0`,
			want: `isEvenSideCount:bool | mylist:dynamic
				false | ["triangle","pentagon","heptagon","nonagon"]
				true | ["square","rectangle","hexagon","octagon","decagon"]`},
		{name: "join-innerunique", query: xy + `X | join Y on Key`,
			want: "Key:string | Value1:long | Key1:string | Value2:long\nb | 2 | b | 10\nc | 4 | c | 20\nc | 4 | c | 30"},
		{name: "join-inner", query: `let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'k',5, 'c',4];
			let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40, 'k',50];
			X | join kind=inner Y on Key`, unordered: true,
			want: "Key:string | Value1:long | Key1:string | Value2:long\nb | 3 | b | 10\nb | 2 | b | 10\nc | 4 | c | 20\nc | 4 | c | 30\nk | 5 | k | 50"},
		{name: "join-leftouter", query: xy + `X | join kind=leftouter Y on Key`, unordered: true,
			want: "Key:string | Value1:long | Key1:string | Value2:long\na | 1 |  | null\nb | 2 | b | 10\nb | 3 | b | 10\nc | 4 | c | 20\nc | 4 | c | 30"},
		{name: "join-leftanti", query: xy + `X | join kind=leftanti Y on Key`,
			want: "Key:string | Value1:long\na | 1"},
		{name: "join-leftsemi", query: xy + `X | join kind=leftsemi Y on Key`,
			want: "Key:string | Value1:long\nb | 2\nb | 3\nc | 4"},
		{name: "join-fullouter", query: xy + `X | join kind=fullouter Y on Key`, unordered: true,
			want: "Key:string | Value1:long | Key1:string | Value2:long\nb | 3 | b | 10\nb | 2 | b | 10\nc | 4 | c | 20\nc | 4 | c | 30\n | null | d | 40\na | 1 |  | null"},
		{name: "join-rightouter", query: xy + `X | join kind=rightouter Y on Key`, unordered: true,
			want: "Key:string | Value1:long | Key1:string | Value2:long\nb | 2 | b | 10\nb | 3 | b | 10\nc | 4 | c | 20\nc | 4 | c | 30\n | null | d | 40"},
		{name: "join-rightsemi", query: xy + `X | join kind=rightsemi Y on Key`,
			want: "Key:string | Value2:long\nb | 10\nc | 20\nc | 30"},
		{name: "join-rightanti", query: xy + `X | join kind=rightanti Y on Key`,
			want: "Key:string | Value2:long\nd | 40"},
		{name: "mv-expand-operator/array", query: `datatable (a: int, b: dynamic) [1, dynamic([10, 20]), 2, dynamic(['a', 'b'])] | mv-expand b`,
			want: "a:int | b:dynamic\n1 | 10\n1 | 20\n2 | a\n2 | b"},
		{name: "mv-expand-operator/bag", query: `datatable (a: int, b: dynamic) [
				1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})] | mv-expand b`,
			want: `a:int | b:dynamic
				1 | {"prop1":"a1"}
				1 | {"prop2":"b1"}
				2 | {"prop1":"a2"}
				2 | {"prop2":"b2"}`},
		{name: "mv-expand-operator/bag-as-array", query: `datatable (a: int, b: dynamic) [
				1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})]
			| mv-expand kind=array b | extend key = b[0], val=b[1]`,
			want: `a:int | b:dynamic | key:dynamic | val:dynamic
				1 | ["prop1","a1"] | prop1 | a1
				1 | ["prop2","b1"] | prop2 | b1
				2 | ["prop1","a2"] | prop1 | a2
				2 | ["prop2","b2"] | prop2 | b2`},
		{name: "mv-expand-operator/zipped", query: `datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])]
			| mv-expand b, c`,
			want: `a:int | b:dynamic | c:dynamic
				1 | {"prop1":"a"} | 5
				1 | {"prop2":"b"} | 4
				1 | null | 3`},
		{name: "mv-expand-operator/cartesian", query: `datatable (a: int, b: dynamic, c: dynamic) [1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 6])]
			| mv-expand b | mv-expand c`,
			want: `a:int | b:dynamic | c:dynamic
				1 | {"prop1":"a"} | 5
				1 | {"prop1":"a"} | 6
				1 | {"prop2":"b"} | 5
				1 | {"prop2":"b"} | 6`},
		{name: "mv-expand-operator/typeof", query: `datatable (a: string, b: dynamic, c: dynamic)["Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9])]
			| mv-expand b, c to typeof(int) | getschema`,
			want: `ColumnName:string | ColumnOrdinal:int | DataType:string | ColumnType:string
				a | 0 | System.String | string
				b | 1 | System.Object | dynamic
				c | 2 | System.Int32 | int`},
		{name: "mv-expand-operator/itemindex", query: `range x from 1 to 4 step 1 | summarize x = make_list(x) | mv-expand with_itemindex=Index x`,
			want: "x:dynamic | Index:long\n1 | 0\n2 | 1\n3 | 2\n4 | 3"},
		{name: "trim-function/substring", query: `let string_to_trim = @"--https://bing.com--";
			let substring = "--";
			print string_to_trim = string_to_trim, trimmed_string = trim(substring,string_to_trim)`,
			want: "string_to_trim:string | trimmed_string:string\n--https://bing.com-- | https://bing.com"},
		{name: "trim-function/non-word", query: `range x from 1 to 5 step 1
			| project str = strcat("-  ","Te st",x,@"// $")
			| extend trimmed_str = trim(@"[^\w]+",str)`,
			want: `str:string | trimmed_str:string
				-  Te st1// $ | Te st1
				-  Te st2// $ | Te st2
				-  Te st3// $ | Te st3
				-  Te st4// $ | Te st4
				-  Te st5// $ | Te st5`},
		{name: "strlen-function", query: `print strlen("hello"), strlen("⒦⒰⒮⒯⒪"), strlen('C` + "\u0327" + `edilla')`,
			want: "print_0:long | print_1:long | print_2:long\n5 | 5 | 8"},
		{name: "substring-function", query: `print substring("123456", 1), substring("123456", 2, 2), substring("ABCD", 0, 2), substring("123456", -2, 2)`,
			want: "print_0:string | print_1:string | print_2:string | print_3:string\n23456 | 34 | AB | 56"},
		{name: "indexof-function", query: `print
			 idx1 = indexof("abcdefg","cde"), idx2 = indexof("abcdefg","cde",1,4), idx3 = indexof("abcdefg","cde",1,2),
			 idx4 = indexof("abcdefg","cde",3,4), idx5 = indexof("abcdefg","cde",-5), idx6 = indexof(1234567,5,1,4),
			 idx7 = indexof("abcdefg","cde",2,-1), idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2),
			 idx9 = indexof("abcdefgabcdefg", "cde", 1, -1, 3)`,
			want: `idx1:long | idx2:long | idx3:long | idx4:long | idx5:long | idx6:long | idx7:long | idx8:long | idx9:long
				2 | 2 | -1 | -1 | 2 | 4 | 2 | 9 | -1`},
		{name: "round-function", query: `print round(2.98765, 3), round(2.15, 1), round(2.15), round(-50.55, -2), round(21.5, -1)`,
			want: "print_0:real | print_1:real | print_2:real | print_3:real | print_4:real\n2.988 | 2.2 | 2 | -100 | 20"},
		{name: "gettype-function", query: `print gettype("a"), gettype(111), gettype(1==1), gettype(now()), gettype(1s),
			gettype(parse_json('1')), gettype(parse_json(' "abc" ')), gettype(parse_json(' {"abc":1} ')),
			gettype(parse_json(' [1, 2, 3] ')), gettype(123.45), gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254)), gettype(parse_json(''))`,
			want: `print_0:string | print_1:string | print_2:string | print_3:string | print_4:string | print_5:string | print_6:string | print_7:string | print_8:string | print_9:string | print_10:string | print_11:string
				string | long | bool | datetime | timespan | int | string | dictionary | array | real | guid | null`},
		{name: "make-series-operator/avg", query: makeSeriesData + `data
			| make-series avg(metric) on timestamp from stime to etime step interval`,
			want: `avg_metric:dynamic | timestamp:dynamic
				[4.0,3.0,5.0,0.0,10.5,4.0,3.0,8.0,6.5] | ["2017-01-01T00:00:00.0000000Z","2017-01-02T00:00:00.0000000Z","2017-01-03T00:00:00.0000000Z","2017-01-04T00:00:00.0000000Z","2017-01-05T00:00:00.0000000Z","2017-01-06T00:00:00.0000000Z","2017-01-07T00:00:00.0000000Z","2017-01-08T00:00:00.0000000Z","2017-01-09T00:00:00.0000000Z"]`},
		{name: "make-series-operator/empty", query: makeSeriesData + `data
			| take 0
			| make-series avg(metric) default=1.0 on timestamp from stime to etime step interval
			| count`,
			want: "Count:long\n0"},
		{name: "toscalar-function", query: `let Start = toscalar(print x=1);
			let End = toscalar(range x from 1 to 9 step 1 | count);
			let Step = toscalar(2);
			range z from Start to End step Step | extend start=Start, end=End, step=Step`,
			want: "z:long | start:long | end:long | step:long\n1 | 1 | 9 | 2\n3 | 1 | 9 | 2\n5 | 1 | 9 | 2\n7 | 1 | 9 | 2\n9 | 1 | 9 | 2"},
		{name: "let-statement/scalars", query: `let threshold = 50;
			let region = "West";
			datatable(Name:string, Score:int, Region:string) ["Alice", 45, "West", "Bob", 60, "East", "Charlie", 55, "West", "Dana", 70, "North"]
			| where Score > threshold and Region == region`,
			want: "Name:string | Score:int | Region:string\nCharlie | 55 | West"},
		{name: "let-statement/bracketed-name", query: `let ['some number'] = 20; range y from 0 to ['some number'] step 5`,
			want: "y:long\n0\n5\n10\n15\n20"},
		{name: "let-statement/scalar-function", query: `let MultiplyByN = (val:long, n:long) { val * n };
			range x from 1 to 5 step 1 | extend result = MultiplyByN(x, 5)`,
			want: "x:long | result:long\n1 | 5\n2 | 10\n3 | 15\n4 | 20\n5 | 25"},
		{name: "let-statement/trim-function", query: `let TrimOnes = (s:string) { trim("1", s) };
			range x from 10 to 15 step 1 | extend result = TrimOnes(tostring(x))`,
			want: "x:long | result:string\n10 | 0\n11 |\n12 | 2\n13 | 3\n14 | 4\n15 | 5"},
		// The documentation names the output column "result"; count names it Count.
		{name: "let-statement/nested-functions", query: `let foo1 = (_start:long, _end:long, _step:long) { range x from _start to _end step _step};
			let foo2 = (_step:long) { foo1(1, 100, _step)};
			foo2(2) | count`,
			want: "Count:long\n50"},
		{name: "project-rename-operator", query: `print a='alpha', b='bravo', c='charlie' | project-rename new_a=a, new_b=b, new_c=c`,
			want: "new_a:string | new_b:string | new_c:string\nalpha | bravo | charlie"},
		{name: "project-reorder-operator/one", query: `print a='a', b='b', c='c' |  project-reorder b`,
			want: "b:string | a:string | c:string\nb | a | c"},
		{name: "project-reorder-operator/wildcard", query: `print b = 'b', a2='a2', a3='a3', a1='a1' |  project-reorder a* asc`,
			want: "a1:string | a2:string | a3:string | b:string\na1 | a2 | a3 | b"},
		{name: "array-length-function", query: `print array_length(dynamic([1, 2, 3, "four"]))`, want: "print_0:long\n4"},
	})
}

const makeSeriesData = `let data=datatable(timestamp:datetime, metric: real) [
	datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3, datetime(2017-01-03), 4,
	datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4,
	datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
	datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5,
];
let interval = 1d;
let stime = datetime(2017-01-01);
let etime = datetime(2017-01-10);
`

// The range operator's "Range using parameters" example, with now() at
// the time its output was captured.
func TestDocumentationRangeParameters(t *testing.T) {
	q := `let toUnixTime = (dt:datetime) { (dt - datetime(1970-01-01)) / 1s };
		let MyMonthStart = startofmonth(now()); //Start of month
		let StepBy = 4.534h; //Supported timespans
		let nn = 64000; // Row Count parametrized
		let MyTimeline = range MyMonthHour from MyMonthStart to now() step StepBy
		| extend MyMonthHourinUnixTime = toUnixTime(MyMonthHour), DateOnly = bin(MyMonthHour,1d), TimeOnly = MyMonthHour - bin(MyMonthHour,1d)
		; MyTimeline | order by MyMonthHour asc | take nn`
	res, err := Run(q, Options{Now: time.Date(2023, 2, 1, 14, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, normalize(`MyMonthHour:datetime | MyMonthHourinUnixTime:real | DateOnly:datetime | TimeOnly:timespan
		2023-02-01T00:00:00Z | 1675209600 | 2023-02-01T00:00:00Z | 00:00:00
		2023-02-01T04:32:02.4000000Z | 1675225922.4 | 2023-02-01T00:00:00Z | 04:32:02.4000000
		2023-02-01T09:04:04.8000000Z | 1675242244.8 | 2023-02-01T00:00:00Z | 09:04:04.8000000
		2023-02-01T13:36:07.2000000Z | 1675258567.2 | 2023-02-01T00:00:00Z | 13:36:07.2000000`, false), normalize(render(res), false))
}

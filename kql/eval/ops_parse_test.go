package eval

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// parseTables are the tables of the parse operator reference's examples.
func parseTables(t *testing.T) map[string]*Table {
	return map[string]*Table{
		"Traces": mustTable(t, `datatable(EventText: string) [
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=15, lockTime=02/17/2016 08:40:00, releaseTime=02/17/2016 08:40:00, previousLockTime=02/17/2016 08:39:00)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=20, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=22, lockTime=02/17/2016 08:41:01, releaseTime=02/17/2016 08:41:00, previousLockTime=02/17/2016 08:40:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=16, lockTime=02/17/2016 08:41:00, releaseTime=02/17/2016 08:41:00, previousLockTime=02/17/2016 08:40:00)"]`),
		"Lines": mustTable(t, `datatable(EventText: string) [
    "Event: NotifySliceRelease (resourceName=PipelineScheduler\ntotalSlices=27\nsliceNumber=23\nlockTime=02/17/2016 08:40:01\nreleaseTime=02/17/2016 08:40:01\npreviousLockTime=02/17/2016 08:39:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler\ntotalSlices=27\nsliceNumber=15\nlockTime=02/17/2016 08:40:00\nreleaseTime=02/17/2016 08:40:00\npreviousLockTime=02/17/2016 08:39:00)"]`),
		"Invalid": mustTable(t, `datatable(EventText: string) [
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=nonValidDateTime 08:40:01, previousLockTime=02/17/2016 08:39:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=15, lockTime=02/17/2016 08:40:00, releaseTime=nonValidDateTime, previousLockTime=02/17/2016 08:39:00)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=nonValidLongValue, sliceNumber=20, lockTime=02/17/2016 08:40:01, releaseTime=nonValidDateTime 08:40:01, previousLockTime=02/17/2016 08:39:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=22, lockTime=02/17/2016 08:41:01, releaseTime=02/17/2016 08:41:00, previousLockTime=02/17/2016 08:40:01)",
    "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=nonValidLongValue, sliceNumber=16, lockTime=02/17/2016 08:41:00, releaseTime=02/17/2016 08:41:00, previousLockTime=02/17/2016 08:40:00)"]`),
		"Leads": mustTable(t, `datatable(Contacts: string) [
    "Event: LeadContact (email=john@contosohotel.com, Website=https:contosohotel.com)",
    "Event: LeadContact (email=abi@fourthcoffee.com, Website=https:www.fourthcoffee.com)",
    "Event: LeadContact (email=nevena@treyresearch.com, Website=https:treyresearch.com)"]`),
		"S": mustTable(t, `datatable(s: string, n: long) ["aXcYc", 1, "y=1,x=2,x=9,", 2, "a=1,b=2,c=zz,d=4", 3]`),
	}
}

// TestParse runs the examples of the parse and parse-where reference pages
// (expected results as the pages show them) and the edges of each kind.
func TestParse(t *testing.T) {
	const relaxedPattern = `* "resourceName=" resourceName ", totalSlices=" totalSlices: long ", sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *`
	runCases(t, parseTables(t), []evalCase{
		{name: "simple, docs example", query: `Traces
| parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
| project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime`,
			want: `resourceName:string | totalSlices:long | sliceNumber:long | lockTime:string | releaseTime:datetime | previousLockTime:datetime
PipelineScheduler | 27 | 23 | 02/17/2016 08:40:01 | 2016-02-17T08:40:01Z | 2016-02-17T08:39:01Z
PipelineScheduler | 27 | 15 | 02/17/2016 08:40:00 | 2016-02-17T08:40:00Z | 2016-02-17T08:39:00Z
PipelineScheduler | 27 | 20 | 02/17/2016 08:40:01 | 2016-02-17T08:40:01Z | 2016-02-17T08:39:01Z
PipelineScheduler | 27 | 22 | 02/17/2016 08:41:01 | 2016-02-17T08:41:00Z | 2016-02-17T08:40:01Z
PipelineScheduler | 27 | 16 | 02/17/2016 08:41:00 | 2016-02-17T08:41:00Z | 2016-02-17T08:40:00Z`},
		{name: "simple, email and website, docs example", query: `Leads
| parse Contacts with * "email=" alias:string "@" domain: string ", Website=https:" WebsiteDomain: string ")"
| project EmailAddress=strcat(alias, "@", domain), EmailAlias=alias, WebsiteDomain`,
			want: `EmailAddress:string | EmailAlias:string | WebsiteDomain:string
john@contosohotel.com | john | contosohotel.com
abi@fourthcoffee.com | abi | www.fourthcoffee.com
nevena@treyresearch.com | nevena | treyresearch.com`},
		{name: "regex, docs example", query: `Traces
| parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\s*\d+\s*.*?sliceNumber=" sliceNumber: long  ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\)"
| project resourceName, sliceNumber, lockTime, releaseTime, previousLockTime | take 2`,
			want: `resourceName:string | sliceNumber:long | lockTime:string | releaseTime:string | previousLockTime:datetime
PipelineScheduler | 23 | 02/17/2016 08:40:01, | 02/17/2016 08:40:01, | 2016-02-17T08:39:01Z
PipelineScheduler | 15 | 02/17/2016 08:40:00, | 02/17/2016 08:40:00, | 2016-02-17T08:39:00Z`},
		{name: "regex is greedy, docs example", query: `Traces | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName | take 1`,
			want: "resourceName:string\nPipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01"},
		{name: "regex flags U and i, docs example", query: `Traces | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName | take 1`,
			want: "resourceName:string\nPipelineScheduler"},
		{name: "regex flag s, docs example", query: `Lines
| parse kind=regex flags=s EventText with * "resourceName=" resourceName: string "(.*?)totalSlices=" totalSlices: long "(.*?)lockTime=" lockTime: datetime "(.*?)releaseTime=" releaseTime: datetime "(.*?)previousLockTime=" previousLockTime: datetime "\\)"
| project-away EventText | extend resourceName = replace_string(resourceName, "\n", "<br>")`,
			want: `resourceName:string | totalSlices:long | lockTime:datetime | releaseTime:datetime | previousLockTime:datetime
PipelineScheduler<br> | 27 | 2016-02-17T08:40:01Z | 2016-02-17T08:40:01Z | 2016-02-17T08:39:01Z
PipelineScheduler<br> | 27 | 2016-02-17T08:40:00Z | 2016-02-17T08:40:00Z | 2016-02-17T08:39:00Z`},
		{name: "regex without flag s stops at newlines", query: `Lines | parse kind=regex EventText with * "resourceName=" resourceName "totalSlices=" n: long | project resourceName, n | take 1`,
			want: "resourceName:string | n:long\n | null"},
		{name: "relaxed, docs example", query: `Invalid | parse kind=relaxed EventText with ` + relaxedPattern + ` | project-away EventText`,
			want: `resourceName:string | totalSlices:long | sliceNumber:long | lockTime:string | releaseTime:datetime | previousLockTime:datetime
PipelineScheduler | 27 | 23 | 02/17/2016 08:40:01 | null | 2016-02-17T08:39:01Z
PipelineScheduler | 27 | 15 | 02/17/2016 08:40:00 | null | 2016-02-17T08:39:00Z
PipelineScheduler | null | 20 | 02/17/2016 08:40:01 | null | 2016-02-17T08:39:01Z
PipelineScheduler | 27 | 22 | 02/17/2016 08:41:01 | 2016-02-17T08:41:00Z | 2016-02-17T08:40:01Z
PipelineScheduler | null | 16 | 02/17/2016 08:41:00 | 2016-02-17T08:41:00Z | 2016-02-17T08:40:00Z`},
		{name: "simple is strict on the same data, docs", query: `Invalid | parse kind=simple EventText with ` + relaxedPattern + ` | project-away EventText`,
			want: `resourceName:string | totalSlices:long | sliceNumber:long | lockTime:string | releaseTime:datetime | previousLockTime:datetime
 | null | null |  | null | null
 | null | null |  | null | null
 | null | null |  | null | null
PipelineScheduler | 27 | 22 | 02/17/2016 08:41:01 | 2016-02-17T08:41:00Z | 2016-02-17T08:40:01Z
 | null | null |  | null | null`},
		{name: "parse-where drops what parse blanks, docs", query: `Invalid | parse-where EventText with ` + relaxedPattern + ` | project sliceNumber`,
			want: "sliceNumber:long\n22"},
		{name: "parse-where regex is case-sensitive, docs", query: `Traces | parse-where kind = regex EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," * | count`,
			want: "Count:long\n0"},
		{name: "parse-where regex flag i, docs", query: `Traces | parse-where kind = regex flags=i EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," * | project resourceName, totalSlices | take 1`,
			want: "resourceName:string | totalSlices:long\nPipelineScheduler | 27"},

		// Edges of the translation.
		{name: "simple reaches the end of the string", query: `S | where n == 1 | parse s with "a" v "c" | project v`, want: "v:string\nXcY"},
		{name: "regex need not", query: `S | where n == 1 | parse kind=regex s with "a" v "c" | project v`, want: "v:string\nXcY"},
		{name: "regex U makes columns lazy", query: `S | where n == 1 | parse kind=regex flags=U s with "a" v "c" | project v`, want: "v:string\nX"},
		{name: "* is lazy", query: `S | where n == 2 | parse s with * "x=" v:long "," * | project v`, want: "v:long\n2"},
		{name: "simple is all or nothing", query: `S | where n == 3 | parse s with "a=" a: long ",b=" b ",c=" c: long ",d=" d | project a, b, c, d`,
			want: "a:long | b:string | c:long | d:string\nnull |  | null | "},
		{name: "relaxed keeps what converts", query: `S | where n == 3 | parse kind=relaxed s with "a=" a: long ",b=" b ",c=" c: long ",d=" d | project a, b, c, d`,
			want: "a:long | b:string | c:long | d:string\n1 | 2 | null | 4"},
		{name: "no match blanks every column", query: `S | where n == 1 | parse s with "q=" a: long "," b | project a, b`, want: "a:long | b:string\nnull | "},
		{name: "a leading column", query: `print s = "user@host" | parse s with u "@" h | project u, h`, want: "u:string | h:string\nuser | host"},
		{name: "a non-string expression is converted", query: `print n = 1234 | parse n with "1" rest: long | project rest`, want: "rest:long\n234"},
		{name: "types", query: `print s = "b=true g=12e8b78d-55b4-46ae-b068-26d7a0080254 r=1.5 t=01:30:00 d={\"a\":1}" | parse s with "b=" b: bool " g=" g: guid " r=" r: real " t=" t: timespan " d=" d: dynamic | project b, g, r, t, d.a`,
			want: "b:bool | g:guid | r:real | t:timespan | d_a:dynamic\ntrue | 12e8b78d-55b4-46ae-b068-26d7a0080254 | 1.5 | 01:30:00 | 1"},
		// kusto-oracle --semantic: after T | parse S with "k=" S:long, S is
		// still the string column (S > 1 is KS106).
		{name: "an extracted column named as an input column", query: `print a = "x", s = "k=v" | parse s with "k=" a | project a, s`, err: `1:46: unsupported: parse into "a", a column the input already has, is not supported`},
		{name: "typed column before a trailing *", query: `print s = "n=12abc" | parse s with "n=" n: long * | project n`, want: "n:long\n12"},

		// What Kusto rejects, and what the evaluator does not guess.
		{name: "* after a string column", query: `Traces | parse EventText with "a=" x * "b=" y`, err: "using * after parsing a string column is ambiguous"},
		{name: "flags without regex", query: `Traces | parse kind=relaxed flags=i EventText with "a=" x`, err: "unsupported: parse flags= is supported only with kind=regex"},
		{name: "unknown flag", query: `Traces | parse kind=regex flags=x EventText with "a=" x`, err: `unsupported: the regex flag 'x' is not supported`},
		{name: "parse-where relaxed", query: `Traces | parse-where kind=relaxed EventText with "a=" x`, err: "unsupported: parse-where kind=relaxed is not supported"},
		{name: "invalid regex", query: `Traces | parse kind=regex EventText with "(" x`, err: "invalid regular expression"},
		{name: "duplicate column", query: `Traces | parse EventText with "a=" x "," x`, err: `the column "x" is extracted twice`},
		{name: "datetime before *", query: `Traces | parse EventText with "a=" x: datetime *`, err: "unsupported: a datetime column followed by *"},
		{name: "regex datetime at the end", query: `Traces | parse kind=regex EventText with "a=" x: datetime`, err: "unsupported: parse kind=regex into a datetime column at the end"},
		{name: "decimal", query: `Traces | parse EventText with "a=" x: decimal`, err: "unsupported: parse into a decimal column"},
	})
}

// parse is bounded: a match takes time linear in the string (Go's regexps
// never backtrack), and the values it builds count against MaxMemory.
func TestParseBudget(t *testing.T) {
	big := strings.Repeat("a=", 1<<20) // 2 MiB, no "b="
	tab, err := NewTable([]Column{{"s", TypeString}}, [][]Value{{NewString(big)}, {NewString(big + "b=1")}})
	require.NoError(t, err)
	res, err := Run(`T | parse s with * "a=" * "b=" n: long | project n`, Options{Tables: map[string]*Table{"T": tab}})
	require.NoError(t, err)
	assert.Equal(t, "n:long\nnull\n1", render(res))

	_, err = Run(`T | parse s with * "a=" rest | project rest`, Options{Tables: map[string]*Table{"T": tab}, MaxMemory: 1 << 20})
	var e *Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.Equal(t, "memory", e.Limit)
}

// The columns parse adds, and their types, are those the binder (package
// kql/types, which follows the official analysis) computes for the query.
func TestParseSchemaAgreesWithBinder(t *testing.T) {
	for _, q := range []string{
		`datatable(s:string)["a=1"] | parse s with "a=" n: long`,
		`datatable(s:string)["a=1"] | parse kind=regex s with "a=" n: int "," r: double "," d: date "," ts: time "," b: boolean "," g: guid "," x`,
		`datatable(s:string)["a=1"] | parse kind=relaxed s with * "a=" n: real * "b=" dyn: dynamic`,
		`datatable(s:string)["a=1"] | parse-where s with u "@" h`,
	} {
		t.Run(q, func(t *testing.T) {
			res, err := Run(q, Options{Now: testNow})
			require.NoError(t, err)
			parsed, err := kql.Parse(q)
			require.NoError(t, err)
			info := &types.Info{}
			for _, d := range (&types.Config{}).Check(parsed, info) {
				t.Errorf("binder: %v", d)
			}
			require.NotNil(t, info.Output)
			var want []string
			for _, c := range info.Output.Columns {
				want = append(want, c.Name+":"+c.Type.String())
			}
			var got []string
			for _, c := range res.Columns() {
				got = append(got, c.Name+":"+c.Type.String())
			}
			assert.Equal(t, want, got)
		})
	}
}

// FuzzParseOperator runs parse over any text with any pattern the parser
// accepts: the result is a table with one row, or an *Error, never a panic.
//
//	go test -fuzz=FuzzParseOperator -fuzztime=2m ./kql/eval
func FuzzParseOperator(f *testing.F) {
	for _, s := range [][3]string{
		{"simple", `Event: (resourceName=P, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01)`, `* "resourceName=" r ", totalSlices=" n: long * "lockTime=" d: date`},
		{"regex", "aXcYc", `"a" v "c"`},
		{"regex flags=Ui", "y=1,x=2,x=9,", `* "X=" v ","`},
		{"relaxed", "a=1,b=2,c=zz,d=4", `"a=" a: long ",b=" b ",c=" c: long ",d=" d`},
		{"regex", "g={12e8b78d-55b4-46ae-b068-26d7a0080254}x", `"g=" g: guid "x"`},
		{"simple", "n=  12abc", `"n=" n: long *`},
		{"regex", "t=1.02:03:04,", `"t=" t: timespan ","`},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, kind, text, pattern string) {
		q := "print s = " + strconv.Quote(text) + " | parse kind=" + kind + " s with " + pattern
		if _, err := kql.Parse(q); err != nil {
			return
		}
		res, err := Run(q, Options{Now: testNow, MaxMemory: 64 << 20})
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%q: %v is not an *Error", q, err)
			return
		}
		assert.Equal(t, 1, res.n, q)
	})
}

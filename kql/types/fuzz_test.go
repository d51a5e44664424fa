package types_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// addParserSeeds adds the parser's fuzz corpus (kql/testdata/fuzz) and
// the package's cases to a fuzz target's seeds.
func addParserSeeds(f *testing.F) {
	for _, tc := range checkCases {
		f.Add(tc.query)
	}
	for _, dir := range []string{"FuzzParse", "FuzzRoundTrip"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", "fuzz", dir, "*"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			for _, line := range strings.Split(string(data), "\n") {
				if v, ok := strings.CutPrefix(line, "string("); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(v, ")")); err == nil {
						f.Add(s)
					}
				}
			}
		}
	}
}

// FuzzCheck checks that binding never panics on a query that parses,
// that diagnostics lie inside the query, and that binding is
// deterministic.
func FuzzCheck(f *testing.F) {
	addParserSeeds(f)
	withFuncs := newMemDB(
		"SigninLogs(TimeGenerated:datetime, UserPrincipalName:string, ResultType:string, LocationDetails:dynamic)",
		"Open_CL(TimeGenerated:datetime, *)",
	).withFunction(&types.Function{Name: "_GetWatchlist", Params: []*types.Param{{Name: "alias", Type: types.String}},
		Result: &types.Schema{Columns: []*types.Column{{Name: "SearchKey", Type: types.String}}, Open: true}})
	f.Fuzz(func(t *testing.T, src string) {
		// Binding is fast: a query that takes seconds is a hang.
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				panic(fmt.Sprintf("Parse and Check of %q takes more than 20s:\n%s", src, buf[:n]))
			}
		}()
		q, err := kql.Parse(src)
		if err != nil {
			return
		}
		for _, db := range []types.Database{nil, testDB, withFuncs} {
			conf := &types.Config{Database: db}
			info := &types.Info{
				Uses:    map[*kql.Ident]types.Symbol{},
				Defs:    map[*kql.Ident]types.Symbol{},
				Types:   map[kql.Expr]types.Type{},
				Schemas: map[kql.Operator]*types.Schema{},
			}
			diags := conf.Check(q, info)
			for _, d := range diags {
				if !d.Pos.IsValid() || d.End < d.Pos || d.End.Offset() > len(src) {
					t.Fatalf("diagnostic %v outside the query (%d bytes)", d, len(src))
				}
				if d.Message == "" || d.Code == "" {
					t.Fatalf("diagnostic without code or message: %#v", d)
				}
			}
			again := conf.Check(q, nil)
			if len(again) != len(diags) {
				t.Fatalf("second Check found %d diagnostics, the first %d", len(again), len(diags))
			}
		}
	})
}

// TestDeepNesting binds queries nested almost as deeply as the parser
// allows.
func TestDeepNesting(t *testing.T) {
	n := 2400
	srcs := []string{
		"print " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n),
		"print " + strings.Repeat("a or ", 2*n) + "a",
		"SigninLogs | where " + strings.Repeat("not(", n) + "true" + strings.Repeat(")", n),
		"print dynamic(" + strings.Repeat("[", 2*n) + strings.Repeat("]", 2*n) + ")",
		strings.Repeat("(", n) + "SigninLogs" + strings.Repeat(")", n) + " | take 1",
	}
	conf := &types.Config{Database: testDB}
	for _, src := range srcs {
		q, err := kql.Parse(src)
		require.NoError(t, err)
		conf.Check(q, &types.Info{Types: map[kql.Expr]types.Type{}})
	}
}

// TestExpansionBounded checks that functions calling each other twice at
// every level cost a bounded amount of work.
func TestExpansionBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("let f0 = (T:(*)) { T | extend x0 = 1 };\n")
	for i := 1; i < 40; i++ {
		b.WriteString("let f" + strconv.Itoa(i) + " = (T:(*)) { union f" + strconv.Itoa(i-1) + "((T | extend a = 1)), f" + strconv.Itoa(i-1) + "((T | extend b = 2)) };\n")
	}
	b.WriteString("f39(SigninLogs) | take 1")
	q, err := kql.Parse(b.String())
	require.NoError(t, err)
	diags := (&types.Config{Database: testDB}).Check(q, nil)
	assert.Empty(t, diags)
}

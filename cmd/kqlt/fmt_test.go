package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
)

// fmtFacts are what formatting must keep of a .kql file: the string
// literals byte for byte, and the comments and blank lines in their order.
type fmtFacts struct {
	literals []string // the source text of every string literal, in order
	// events are the comments ("// text"), the runs of code ("code") and
	// the blank lines (""), in order.
	events []string
	spans  [][2]int // where the literals are
}

// factsOf parses text as a .kql file; ok is false when it does not parse.
func factsOf(text string) (f fmtFacts, ok bool) {
	queries, err := kql.ParseFile(text)
	if err != nil {
		return f, false
	}
	for _, fq := range queries {
		kql.Inspect(fq.Query, func(n kql.Node) bool {
			lit, isLit := n.(*kql.BasicLit)
			if !isLit || lit.Kind != kql.StringLit {
				return true
			}
			start, end := fq.Offset+lit.Pos().Offset(), fq.Offset+lit.End().Offset()
			f.literals = append(f.literals, text[start:end])
			f.spans = append(f.spans, [2]int{start, end})
			return true
		})
	}
	inLiteral := func(i int) bool {
		for _, s := range f.spans {
			if s[0] <= i && i < s[1] {
				return true
			}
		}
		return false
	}
	blank := false
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		switch {
		case inLiteral(start):
		case strings.TrimSpace(line) == "":
			if !blank && start < len(text) {
				f.events = append(f.events, "")
			}
			blank = true
			start = end + 1
			continue
		}
		blank = false
		comment := -1
		for i := start; i+1 < end; i++ {
			if text[i] == '/' && text[i+1] == '/' && !inLiteral(i) {
				comment = i
				break
			}
		}
		code := comment != start+len(line)-len(strings.TrimLeft(line, " \t"))
		if code && (len(f.events) == 0 || f.events[len(f.events)-1] != "code") {
			f.events = append(f.events, "code")
		}
		if comment >= 0 {
			f.events = append(f.events, strings.TrimRight(text[comment:end], " \t\r"))
		}
		start = end + 1
	}
	return f, true
}

// skeleton returns the events without the blank lines, and for each
// whether a blank line comes before it (the last entry: at the end).
func skeleton(events []string) (kept []string, blankBefore []bool) {
	blank := false
	for _, e := range events {
		if e == "" {
			blank = true
			continue
		}
		if e == "code" && len(kept) > 0 && kept[len(kept)-1] == "code" {
			continue // code joined across a blank line formatting dropped
		}
		kept = append(kept, e)
		blankBefore = append(blankBefore, blank)
		blank = false
	}
	return kept, append(blankBefore, blank)
}

// sameOrder reports whether the comments and runs of code of after are
// those of before, in order, with blank lines only where before had them
// (formatting may drop a blank line, never add or move one).
func sameOrder(before, after []string) bool {
	kb, bb := skeleton(before)
	ka, ba := skeleton(after)
	if !slices.Equal(kb, ka) {
		return false
	}
	for i := range ba {
		if ba[i] && !bb[i] {
			return false
		}
	}
	return true
}

func comments(events []string) []string {
	var out []string
	for _, e := range events {
		if e != "" && e != "code" {
			out = append(out, e)
		}
	}
	return out
}

// checkFormatted checks the properties of fmt on a .kql file: the output
// parses, keeps every string literal byte for byte, keeps the comments in
// order and the blank lines in their order among them, uses the file's
// line breaks outside literals, and formatting it again changes nothing.
func checkFormatted(t *testing.T, in string) {
	t.Helper()
	before, ok := factsOf(in)
	if !ok {
		return
	}
	outBytes, errs := formatKQLFile([]byte(in))
	require.Empty(t, errs, "%q", in)
	out := string(outBytes)
	after, ok := factsOf(out)
	require.True(t, ok, "the output parses:\n%q\nfrom\n%q", out, in)
	assert.Equal(t, before.literals, after.literals, "string literals change:\n%q\n→\n%q", in, out)
	assert.Equal(t, comments(before.events), comments(after.events), "comments change:\n%q\n→\n%q", in, out)
	assert.True(t, sameOrder(before.events, after.events), "comments and blank lines change order:\n%q\n→\n%q\n%q\n%q", in, out, before.events, after.events)
	if strings.Contains(in, "\r\n") && !strings.Contains(strings.ReplaceAll(in, "\r\n", ""), "\n") {
		for i := 0; i < len(out); i++ {
			if out[i] == '\n' && (i == 0 || out[i-1] != '\r') {
				inLit := false
				for _, s := range after.spans {
					inLit = inLit || s[0] <= i && i < s[1]
				}
				assert.True(t, inLit, "a bare LF outside literals in a CRLF file at %d:\n%q", i, out)
			}
		}
	}
	again, errs := formatKQLFile(outBytes)
	require.Empty(t, errs)
	assert.Equal(t, out, string(again), "fmt --check fails on fmt's own output:\n%q", in)
}

// The queries the property test decorates.
var fmtBases = []string{
	"T\n| where a == 1\n| take 1\n",
	"let x = ```first\nsecond\n``` ;\nT | where s == x | project s, t = @\"C:\\dir\"\n",
	"AzureDiagnostics\n| where ResourceType == \"VAULTS\" and OperationName in (\"SecretGet\", 'KeyGet')\n| summarize count() by bin(TimeGenerated, 1h)\n",
	"T | extend m = ```a\n// not a comment\n\nb```\n| where m has \"//x\"\n",
	"union (A | where x == 1), (B | take 2)\n| join kind=inner (C) on k\n",
}

// decorate inserts comment lines, trailing comments and blank lines
// between the lines of src, and turns its line breaks into CRLF when crlf
// is set (also inside multi-line literals, as an editor would).
func decorate(r *rand.Rand, src string, crlf bool) string {
	lines := strings.SplitAfter(src, "\n")
	var b strings.Builder
	for i, line := range lines {
		switch r.Intn(6) {
		case 0:
			b.WriteString("\n")
		case 1:
			fmt.Fprintf(&b, "// comment %d\n", i)
		case 2:
			fmt.Fprintf(&b, "\n// comment %d\n\n", i)
		}
		if r.Intn(4) == 0 && strings.HasSuffix(line, "\n") && !strings.Contains(line, "//") {
			line = strings.TrimSuffix(line, "\n") + fmt.Sprintf(" // trailing %d\n", i)
		}
		b.WriteString(line)
	}
	s := b.String()
	if crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return s
}

// TestFmtProperties formats decorated queries, with LF and CRLF line
// breaks, and checks the properties of checkFormatted.
func TestFmtProperties(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, base := range fmtBases {
		for k := 0; k < 60; k++ {
			checkFormatted(t, decorate(r, base, k%2 == 1))
		}
	}
}

// TestFmtCRLFLiteral: a multi-line literal in a CRLF file keeps its bytes,
// run after run (it used to gain a \r each time).
func TestFmtCRLFLiteral(t *testing.T) {
	in := "T\r\n| where x == ```a\r\nb```\r\n// c\r\n| take 1\r\n"
	out, errs := formatKQLFile([]byte(in))
	require.Empty(t, errs)
	assert.Contains(t, string(out), "```a\r\nb```")
	assert.NotContains(t, string(out), "\r\r")
	again, _ := formatKQLFile(out)
	assert.Equal(t, string(out), string(again))
}

// TestFmtBlankLines: leading blank lines stay, and a blank line keeps its
// place among the comments.
func TestFmtBlankLines(t *testing.T) {
	for in, want := range map[string]string{
		"\n// first comment\n\nT | take 1\n":   "\n// first comment\n\nT\n| take 1\n",
		"\n\n// c1\n\n// c2\nT | take 1\n":     "\n\n// c1\n\n// c2\nT\n| take 1\n",
		"// c\nT\n\n// about take\n| take 1\n": "// c\nT\n\n// about take\n| take 1\n",
		"\r\n// c\r\nlet x = 1;\r\nT\r\n":      "\r\n// c\r\nlet x = 1;\r\nT\r\n",
	} {
		out, errs := formatKQLFile([]byte(in))
		require.Empty(t, errs)
		assert.Equal(t, want, string(out), "%q", in)
	}
}

// TestFmtCorpusKQL runs the properties on the bundled Key Vault queries.
func TestFmtBundledKQL(t *testing.T) {
	files, err := filepath.Glob("../../kql/testdata/keyvault/*.kql")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	r := rand.New(rand.NewSource(2))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		checkFormatted(t, string(data))
		checkFormatted(t, strings.ReplaceAll(string(data), "\n", "\r\n"))
		checkFormatted(t, decorate(r, string(data), true))
	}
}

// FuzzFmtKQL checks the properties on any .kql text that parses; the seeds
// are in testdata/fuzz/FuzzFmtKQL.
func FuzzFmtKQL(f *testing.F) {
	for _, base := range fmtBases {
		f.Add(base)
		f.Add(strings.ReplaceAll(base, "\n", "\r\n"))
	}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 4096 {
			return
		}
		checkFormatted(t, in)
	})
}

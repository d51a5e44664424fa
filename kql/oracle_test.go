package kql

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// oracleTrees runs the official parser with --tree over srcs and, for each
// source that parses with Parse, over its Format output. It returns the
// results for the sources and for the formatted texts (zero Result where
// Parse failed).
func oracleTrees(t *testing.T, srcs []string) (orig, formatted []kqltest.Result) {
	t.Helper()
	o := kqltest.RequireOracle(t)
	batch := append([]string(nil), srcs...)
	idx := make([]int, len(srcs)) // index of the formatted text in batch, or -1
	for i, src := range srcs {
		idx[i] = -1
		if q, err := Parse(src); err == nil {
			idx[i] = len(batch)
			batch = append(batch, Format(q))
		}
	}
	res, err := o.Run(batch, "--tree")
	require.NoError(t, err)
	formatted = make([]kqltest.Result, len(srcs))
	for i, k := range idx {
		if k >= 0 {
			formatted[i] = res[k]
		}
	}
	return res[:len(srcs)], formatted
}

// TestConstructsOracle checks the construct table against the official
// parser: it accepts every entry, and parses Format's output of each to the
// same syntax tree (tokens only).
func TestConstructsOracle(t *testing.T) {
	srcs := make([]string, len(constructs))
	for i, c := range constructs {
		srcs[i] = c.src
	}
	orig, formatted := oracleTrees(t, srcs)
	for i, c := range constructs {
		if !assert.True(t, orig[i].OK, "%s: the official parser rejects %q: %+v", c.name, c.src, orig[i].Syntax) {
			continue
		}
		assert.Equal(t, orig[i].Tree, formatted[i].Tree, "%s: Format changed the official tree of %q", c.name, c.src)
		q, err := Parse(c.src)
		require.NoError(t, err)
		want, err := oracleBracketOps(c.src, orig[i].Tree)
		if assert.NoError(t, err, c.name) {
			assert.Equal(t, want, bracketOps(q), "%s: operator structure differs from the official parser's", c.name)
		}
	}
}

// ladderOps are the binary operators of the precedence ladder, each with
// the text of a right operand.
var ladderOps = []string{
	"or b", "and b", "== b", "!= b", "<> b", "< b", "<= b", "> b", ">= b",
	"+ b", "- b", "* b", "/ b", "% b",
	"=~ b", "!~ b", "has b", "!has b", "has_cs b", "contains b", "!contains_cs b",
	"startswith b", "!endswith b", "hasprefix b", "matches regex b",
	"in (b)", "!in~ (b)", "has_any (b)", "has_all (b)", "between (b .. c)", "!between (b .. c)",
}

// TestPrecedenceOracle parses a OP1 b OP2 c for every pair of operators
// and compares the operator structure with the official parser's. Pairs
// the official parser rejects (non-associative operators chained) are
// counted, not compared.
func TestPrecedenceOracle(t *testing.T) {
	var srcs []string
	for _, op1 := range ladderOps {
		for _, op2 := range ladderOps {
			srcs = append(srcs, "print a "+op1+" "+strings.Replace(op2, "b", "c", 1))
		}
		srcs = append(srcs, "print -a "+op1, "print a "+op1+".x[0]", "print f(a) "+op1, "print (a) "+op1)
	}
	o := kqltest.RequireOracle(t)
	res, err := o.Run(srcs, "--tree")
	require.NoError(t, err)
	var agree, bothReject, onlyOracleRejects int
	for i, src := range srcs {
		q, err := Parse(src)
		if !res[i].OK {
			if err != nil {
				bothReject++
			} else {
				onlyOracleRejects++
				t.Logf("LENIENT %s  %s", src, res[i].Syntax[0].Message)
			}
			continue
		}
		if !assert.NoError(t, err, "Parse rejects %q, which the official parser accepts", src) {
			continue
		}
		want, err := oracleBracketOps(src, res[i].Tree)
		require.NoError(t, err, src)
		if assert.Equal(t, want, bracketOps(q), "operator structure of %q", src) {
			agree++
		}
	}
	t.Logf("%d expressions: %d accepted by both with the same operator structure; of those the official parser rejects, Parse rejects %d and accepts %d",
		len(srcs), agree, bothReject, onlyOracleRejects)
}

// operatorKind matches the official parser's node kinds for the unary and
// binary operators that Parse represents as *UnaryExpr, *BinaryExpr,
// *InExpr and *BetweenExpr.
var operatorKind = regexp.MustCompile(`^(Unary(Minus|Plus)|Add|Subtract|Multiply|Divide|Modulo|And|Or|(Not)?Equal|LessThan(OrEqual)?|GreaterThan(OrEqual)?|EqualTilde|BangTilde|(Not)?(Has|Contains|StartsWith|EndsWith|HasPrefix|HasSuffix)(Cs)?|(Not)?In(Cs)?|HasAny|HasAll|(Not)?Between|MatchesRegex|Search|(Not)?Like(Cs)?)Expression$`)

// bracketOps returns src with "{" and "}" inserted around each operator
// expression of q, to compare the operator structure with the official
// parser's (see oracleBracketOps).
func bracketOps(q *Query) string {
	var spans [][2]int
	Apply(q, func(c *Cursor) bool {
		n := c.Node()
		switch n.(type) {
		case *UnaryExpr:
			if _, ok := c.Parent().(*ColumnDecl); ok {
				break // the official parser lexes a signed default value as one literal
			}
			spans = append(spans, [2]int{n.Pos().Offset(), n.End().Offset()})
		case *BinaryExpr, *InExpr, *BetweenExpr:
			spans = append(spans, [2]int{n.Pos().Offset(), n.End().Offset()})
		}
		return true
	}, nil)
	return insertBrackets(q.Source(), spans)
}

// oracleBracketOps does what bracketOps does from an official --tree of
// src: it finds the tokens of the tree in src, in order, and brackets the
// spans of the operator nodes.
func oracleBracketOps(src, tree string) (string, error) {
	var spans [][2]int
	off := 0 // in src, after the last token
	skip := func() {
		for off < len(src) {
			if c := src[off]; charClass[c]&cSpace != 0 {
				off++
			} else if strings.HasPrefix(src[off:], "//") {
				off = commentEnd(src, off)
			} else if r, size := utf8.DecodeRuneInString(src[off:]); r > 127 && isUnicodeSpace(r) {
				off += size
			} else {
				return
			}
		}
	}
	i := 0 // in tree
	var node func() (start, end int, err error)
	node = func() (start, end int, err error) {
		// At '(' Kind children ')'.
		i++
		k := i
		for i < len(tree) && tree[i] != ' ' && tree[i] != ')' {
			i++
		}
		kind := tree[k:i]
		start, end = -1, -1
		for i < len(tree) && tree[i] != ')' {
			if tree[i] == ' ' {
				i++
				continue
			}
			var s, e int
			switch tree[i] {
			case '(':
				s, e, err = node()
				if err != nil {
					return
				}
			case '<': // <missing:Kind>
				for i < len(tree) && tree[i] != '>' {
					i++
				}
				i++
				continue
			case '"':
				j := i + 1
				for tree[j] != '"' {
					if tree[j] == '\\' {
						j++
					}
					j++
				}
				var text string
				if err = json.Unmarshal([]byte(tree[i:j+1]), &text); err != nil {
					return
				}
				i = j + 1
				skip()
				if !strings.HasPrefix(src[off:], text) {
					return 0, 0, fmt.Errorf("token %q not found at offset %d", text, off)
				}
				s, e = off, off+len(text)
				off = e
			default:
				return 0, 0, fmt.Errorf("unexpected %q in tree at %d", tree[i], i)
			}
			if s >= 0 {
				if start < 0 {
					start = s
				}
				end = e
			}
		}
		i++ // ')'
		if operatorKind.MatchString(kind) && start >= 0 {
			spans = append(spans, [2]int{start, end})
		}
		return start, end, nil
	}
	if !strings.HasPrefix(tree, "(") {
		return "", fmt.Errorf("tree does not start with '('")
	}
	if _, _, err := node(); err != nil {
		return "", err
	}
	return insertBrackets(src, spans), nil
}

// insertBrackets inserts "}" at the end and "{" at the start of each span,
// closing before opening at the same offset.
func insertBrackets(src string, spans [][2]int) string {
	opens := make(map[int]int)
	closes := make(map[int]int)
	for _, s := range spans {
		opens[s[0]]++
		closes[s[1]]++
	}
	var b strings.Builder
	for i := 0; i <= len(src); i++ {
		b.WriteString(strings.Repeat("}", closes[i]))
		b.WriteString(strings.Repeat("{", opens[i]))
		if i < len(src) {
			b.WriteByte(src[i])
		}
	}
	return b.String()
}

// TestErrorsOracle checks that the official parser rejects the malformed
// queries of the error table too, except the control commands and the
// operator kqlt does not support, which it accepts.
func TestErrorsOracle(t *testing.T) {
	srcs := make([]string, len(errorCases))
	for i, c := range errorCases {
		srcs[i] = c.src
	}
	res, err := kqltest.RequireOracle(t).Run(srcs)
	require.NoError(t, err)
	for i, c := range errorCases {
		valid := strings.Contains(c.want, "not supported by kqlt")
		assert.Equal(t, valid, res[i].OK, "official parser on %q: %+v", c.src, res[i].Syntax)
	}
}

// TestFormatGoldenOracle checks that the official parser accepts the
// inputs of the Format golden tests and gives Format's output the same
// syntax tree.
func TestFormatGoldenOracle(t *testing.T) {
	var srcs []string
	for _, in := range goldenInputs(t) {
		data, err := os.ReadFile(in)
		require.NoError(t, err)
		srcs = append(srcs, string(data))
	}
	orig, formatted := oracleTrees(t, srcs)
	for i := range srcs {
		assert.True(t, orig[i].OK, "the official parser rejects %s: %+v", goldenInputs(t)[i], orig[i].Syntax)
		assert.Equal(t, orig[i].Tree, formatted[i].Tree, "Format changed the official tree of %s", goldenInputs(t)[i])
	}
}

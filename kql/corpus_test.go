package kql

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestCorpus measures Parse, String and Format on the shared corpus of
// real-world queries against the official parser's verdicts: Parse accepts
// every query the official parser accepts and rejects every other; String reproduces every accepted query; Format output reparses to
// the same tree and is a fixed point.
func TestCorpus(t *testing.T) {
	corpus := kqltest.Corpus(t)
	var okTotal, accepted, badTotal, rejected, roundTrip, formatOK int
	for _, e := range corpus {
		q, err := Parse(e.Query)
		if !e.Oracle.OK {
			badTotal++
			if err != nil {
				rejected++
				var perr *Error
				if assert.True(t, errors.As(err, &perr), "%s: error is not a *Error", e.ID) {
					assert.True(t, perr.Pos.IsValid() && perr.Pos.Offset <= len(e.Query), "%s: error position %v", e.ID, perr.Pos)
				}
			} else {
				t.Logf("accepted, the official parser rejects: %s: %+v", e.ID, e.Oracle.Syntax)
			}
			continue
		}
		okTotal++
		if !assert.NoError(t, err, e.ID) {
			continue
		}
		accepted++
		if assert.Equal(t, e.Query, q.String(), "%s: String", e.ID) {
			roundTrip++
		}
		f := Format(q)
		q2, err := Parse(f)
		if assert.NoError(t, err, "%s: Format output does not parse:\n%s", e.ID, f) &&
			assert.Equal(t, f, Format(q2), "%s: Format is not idempotent", e.ID) &&
			assert.Equal(t, dump(q), dump(q2), "%s: Format changed the tree", e.ID) {
			formatOK++
		}
	}
	t.Logf("corpus: %d queries; accepted %d/%d the official parser accepts, rejected %d/%d it rejects; String round-trips %d/%d; Format reparses to the same tree and is idempotent on %d/%d",
		len(corpus), accepted, okTotal, rejected, badTotal, roundTrip, accepted, formatOK, accepted)
	require.Positive(t, okTotal)
	assert.Equal(t, okTotal, accepted, "accept 100%% of what the official parser accepts")
	assert.Equal(t, badTotal, rejected, "reject 100%% of what it rejects")
}

// TestCorpusOracle compares Format with the official parser on every
// accepted corpus query: the official --tree of Format(q) must equal that of
// q (tokens only, trivia ignored). It also checks that the operator
// structure of each tree agrees with the official one.
func TestCorpusOracle(t *testing.T) {
	corpus := kqltest.Corpus(t)
	kqltest.RequireOracle(t)
	var srcs, ids []string
	for _, e := range corpus {
		if e.Oracle.OK {
			srcs = append(srcs, e.Query)
			ids = append(ids, e.ID)
		}
	}
	orig, formatted := oracleTrees(t, srcs)
	var same, structure int
	for i, src := range srcs {
		q, err := Parse(src)
		if !assert.NoError(t, err, ids[i]) {
			continue
		}
		require.NotEmpty(t, orig[i].Tree, "%s: no tree: %s", ids[i], orig[i].Error)
		if assert.Equal(t, orig[i].Tree, formatted[i].Tree, "%s: Format changed the official tree", ids[i]) {
			same++
		}
		want, err := oracleBracketOps(src, orig[i].Tree)
		if assert.NoError(t, err, ids[i]) && assert.Equal(t, want, bracketOps(q), "%s: operator structure differs from the official parser's", ids[i]) {
			structure++
		}
	}
	t.Logf("official parser: Format(q) has the tree of q for %d/%d accepted queries; operator structure agrees on %d/%d",
		same, len(srcs), structure, len(srcs))
}

// TestCorpusParseFile checks ParseFile on the corpus: a query the official
// parser accepts is one query, the same as Parse's; the multi-query files
// it rejects split into queries, with no error.
func TestCorpusParseFile(t *testing.T) {
	corpus := kqltest.Corpus(t)
	var multi, split, queries int
	for _, e := range corpus {
		fqs, err := ParseFile(e.Query)
		if e.Oracle.OK {
			if assert.NoError(t, err, e.ID) && assert.Len(t, fqs, 1, e.ID) {
				assert.Equal(t, e.Query, fqs[0].Query.String(), e.ID)
				assert.Equal(t, 0, fqs[0].Offset)
			}
			continue
		}
		if !isMultiQuery(e) {
			continue
		}
		multi++
		if err == nil && len(fqs) > 1 {
			split++
			queries += len(fqs)
		} else {
			t.Logf("%s: %d queries, error %v", e.ID, len(fqs), err)
		}
		checkFileQueries(t, e.Query, fqs, err == nil)
	}
	t.Logf("ParseFile: %d rejected corpus entries look like multi-query files (Expected: ; or ,); %d split without error into %d queries", multi, split, queries)
	assert.GreaterOrEqual(t, float64(split), 0.9*float64(multi))
}

// isMultiQuery reports whether a rejected corpus entry looks like several
// queries: the official parser expected a ';' or ',' where a new query
// starts after a blank line.
func isMultiQuery(e kqltest.Entry) bool {
	if len(e.Oracle.Syntax) == 0 {
		return false
	}
	m := e.Oracle.Syntax[0].Message
	return (m == "Expected: ;" || m == "Expected: ,") && strings.Contains(strings.ReplaceAll(e.Query, "\r", ""), "\n\n")
}

// checkFileQueries checks the invariants of ParseFile's result on src:
// queries in order, not overlapping, each the text of the file at its
// offset, with the right line number; with blank, only blank lines
// between them.
func checkFileQueries(t *testing.T, src string, fqs []*FileQuery, blank bool) {
	t.Helper()
	prev := 0
	for _, fq := range fqs {
		require.GreaterOrEqual(t, fq.Offset, prev)
		require.LessOrEqual(t, fq.End(), len(src))
		assert.Equal(t, src[fq.Offset:fq.End()], fq.Query.String())
		assert.Equal(t, strings.Count(src[:fq.Offset], "\n")+1, fq.Line)
		if blank {
			assert.Empty(t, strings.TrimSpace(src[prev:fq.Offset]), "only blank lines between queries")
		}
		prev = fq.End()
	}
}

// TestCorpusParseFileOracle runs the official parser over the queries
// ParseFile splits the multi-query corpus files into: it must accept each.
func TestCorpusParseFileOracle(t *testing.T) {
	corpus := kqltest.Corpus(t)
	o := kqltest.RequireOracle(t)
	var texts, ids []string
	for _, e := range corpus {
		if e.Oracle.OK || !isMultiQuery(e) {
			continue
		}
		fqs, _ := ParseFile(e.Query)
		for _, fq := range fqs {
			texts = append(texts, fq.Query.Source())
			ids = append(ids, fmt.Sprintf("%s:%d", e.ID, fq.Line))
		}
	}
	res, err := o.Run(texts)
	require.NoError(t, err)
	accepted := 0
	for i, r := range res {
		if assert.True(t, r.OK, "%s: the official parser rejects a query of ParseFile: %+v\n%s", ids[i], r.Syntax, texts[i]) {
			accepted++
		}
	}
	t.Logf("the official parser accepts %d/%d queries that ParseFile split the multi-query files into", accepted, len(texts))
}

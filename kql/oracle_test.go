package kql

import (
	"testing"

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
	}
}

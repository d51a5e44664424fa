package kql

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// keyVaultQueries returns the bundled Key Vault rule queries
// (testdata/keyvault), which the benchmarks use when the corpus is absent.
func keyVaultQueries(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "keyvault", "*.kql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	sort.Strings(files)
	var srcs []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		srcs = append(srcs, string(data))
	}
	return srcs
}

// corpusQueries returns the text of every corpus query (accepted or not),
// or only those the official parser accepts.
func corpusQueries(b *testing.B, acceptedOnly bool) []string {
	var srcs []string
	for _, e := range kqltest.Corpus(b) {
		if e.Oracle.OK || !acceptedOnly {
			srcs = append(srcs, e.Query)
		}
	}
	return srcs
}

func totalLen(srcs []string) int64 {
	var n int64
	for _, s := range srcs {
		n += int64(len(s))
	}
	return n
}

func benchParse(b *testing.B, srcs []string) {
	b.SetBytes(totalLen(srcs))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			Parse(src) // errors included: the corpus holds rejected queries
		}
	}
}

func parsed(b *testing.B, srcs []string) []*Query {
	qs := make([]*Query, 0, len(srcs))
	for _, src := range srcs {
		q, err := Parse(src)
		require.NoError(b, err)
		qs = append(qs, q)
	}
	return qs
}

// BenchmarkParseCorpus parses every query of the shared corpus (2.55 MB,
// the rejected ones too).
func BenchmarkParseCorpus(b *testing.B) { benchParse(b, corpusQueries(b, false)) }

// BenchmarkParseKeyVault parses the bundled Key Vault queries; it needs no
// shared data.
func BenchmarkParseKeyVault(b *testing.B) { benchParse(b, keyVaultQueries(b)) }

// BenchmarkLexCorpus runs the lexer alone over the corpus.
func BenchmarkLexCorpus(b *testing.B) {
	srcs := corpusQueries(b, false)
	b.SetBytes(totalLen(srcs))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			lex(src)
		}
	}
}

func benchPrint(b *testing.B, srcs []string, print func(*Query) string) {
	qs := parsed(b, srcs)
	b.SetBytes(totalLen(srcs))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, q := range qs {
			print(q)
		}
	}
}

func formatQuery(q *Query) string { return Format(q) }

// BenchmarkStringCorpus prints every accepted corpus query back.
func BenchmarkStringCorpus(b *testing.B) { benchPrint(b, corpusQueries(b, true), (*Query).String) }

// BenchmarkFormatCorpus formats every accepted corpus query.
func BenchmarkFormatCorpus(b *testing.B) { benchPrint(b, corpusQueries(b, true), formatQuery) }

func BenchmarkStringKeyVault(b *testing.B) { benchPrint(b, keyVaultQueries(b), (*Query).String) }

func BenchmarkFormatKeyVault(b *testing.B) { benchPrint(b, keyVaultQueries(b), formatQuery) }

// BenchmarkParseFileCorpus splits and parses the corpus's multi-query files.
func BenchmarkParseFileCorpus(b *testing.B) {
	var srcs []string
	for _, e := range kqltest.Corpus(b) {
		if !e.Oracle.OK && isMultiQuery(e) {
			srcs = append(srcs, e.Query)
		}
	}
	b.SetBytes(totalLen(srcs))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			ParseFile(src)
		}
	}
}

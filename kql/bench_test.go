package kql

import (
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

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

// reportCPU reports the throughput by CPU time, cpu-MB/s: the bytes
// processed per second of CPU time the process used since start (in all
// threads, the garbage collector's too). On a machine shared with other
// work it varies much less than MB/s, which is by wall time.
func reportCPU(b *testing.B, start time.Duration, bytes int64) {
	if cpu := processCPUTime() - start; cpu > 0 && start > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

func benchParse(b *testing.B, srcs []string) {
	b.SetBytes(totalLen(srcs))
	b.ReportAllocs()
	start := processCPUTime()
	for b.Loop() {
		for _, src := range srcs {
			Parse(src) // errors included: the corpus holds rejected queries
		}
	}
	reportCPU(b, start, totalLen(srcs))
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

// BenchmarkParseOneLiner parses a one-line query, of which real rule
// repositories and notebooks hold many: its cost is mostly the parse's
// fixed cost (the first allocation, the pooled parser), which the corpus
// benchmarks hide behind larger queries. It needs no shared data.
func BenchmarkParseOneLiner(b *testing.B) {
	src := "SigninLogs\n| where TimeGenerated > ago(14d)\n"
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(src)
	}
}

// BenchmarkLexCorpus runs the lexer alone over the corpus.
func BenchmarkLexCorpus(b *testing.B) {
	srcs := corpusQueries(b, false)
	b.SetBytes(totalLen(srcs))
	b.ReportAllocs()
	start := processCPUTime()
	for b.Loop() {
		for _, src := range srcs {
			lex(src)
		}
	}
	reportCPU(b, start, totalLen(srcs))
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

// queryTiming is the warm parsing speed of one query: the best of
// timingRounds timed batches.
type queryTiming struct {
	id   string
	size int
	best time.Duration // per parse
	mbps float64
}

const (
	timingRounds = 5
	// minBatch is the least time a timed batch of parses of one query
	// takes, so that the clock's resolution does not matter.
	minBatch = 200 * time.Microsecond
)

// timeQuery parses src warm: once to warm up, then timingRounds batches of
// parses, and returns the best time per parse.
func timeQuery(src string) time.Duration {
	start := time.Now()
	Parse(src)
	n := int(minBatch/max(time.Since(start), 1)) + 1
	best := time.Duration(math.MaxInt64)
	for range timingRounds {
		start := time.Now()
		for range n {
			Parse(src)
		}
		best = min(best, time.Since(start)/time.Duration(n))
	}
	return best
}

// BenchmarkParseSlowestQueries times every corpus query the official parser
// accepts on its own (warm, best of 5) and reports the slowest speed of any
// of them as min-MB/s, the number below 10 MB/s as slow-queries,
// and the slowest eight in the log. One pass takes a few
// seconds: run it with -benchtime 1x.
func BenchmarkParseSlowestQueries(b *testing.B) {
	var entries []kqltest.Entry
	for _, e := range kqltest.Corpus(b) {
		if e.Oracle.OK {
			entries = append(entries, e)
		}
	}
	var timings []queryTiming
	for b.Loop() {
		timings = timings[:0]
		for _, e := range entries {
			best := timeQuery(e.Query)
			timings = append(timings, queryTiming{id: e.ID, size: len(e.Query), best: best,
				mbps: float64(len(e.Query)) / best.Seconds() / 1e6})
		}
	}
	sort.Slice(timings, func(i, j int) bool { return timings[i].mbps < timings[j].mbps })
	b.ReportMetric(timings[0].mbps, "min-MB/s")
	var below10 int
	for _, t := range timings {
		if t.mbps < 10 {
			below10++
		}
	}
	b.ReportMetric(float64(below10), "slow-queries")
	for _, t := range timings[:min(8, len(timings))] {
		b.Logf("%7.1f MB/s %6d bytes %9v  %s", t.mbps, t.size, t.best, t.id)
	}
}

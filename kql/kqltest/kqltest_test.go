package kqltest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeTB records Skipf and Fatalf instead of stopping a test.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

type stop struct{}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	panic(stop{})
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	panic(stop{})
}

// call runs fn with a fakeTB and returns it.
func call(fn func(tb testing.TB)) (tb *fakeTB) {
	tb = &fakeTB{}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stop); !ok {
				panic(r)
			}
		}
	}()
	fn(tb)
	return tb
}

func TestSharedDirFromEnv(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "corpus", "queries"), 0o755))
	t.Setenv("KQLT_SHARED", dir)
	got, err := SharedDir()
	require.NoError(t, err)
	assert.Equal(t, dir, got)

	t.Setenv("KQLT_SHARED", t.TempDir())
	_, err = SharedDir()
	assert.ErrorContains(t, err, "has no corpus directory")
}

func TestSharedDirWalksUp(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "shared", "corpus"), 0o755))
	wd := filepath.Join(root, "repo", "kql")
	require.NoError(t, os.MkdirAll(wd, 0o755))
	t.Setenv("KQLT_SHARED", "")
	t.Chdir(wd)
	got, err := SharedDir()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "shared"), got)
}

func TestRequireSharedMissing(t *testing.T) {
	t.Setenv("KQLT_SHARED", t.TempDir()) // no corpus there

	t.Setenv("CI", "")
	tb := call(func(tb testing.TB) { RequireShared(tb) })
	assert.Contains(t, tb.skipped, "shared data missing, skipping")
	assert.Empty(t, tb.failed)

	t.Setenv("CI", "true")
	tb = call(func(tb testing.TB) { RequireShared(tb) })
	assert.Contains(t, tb.failed, "shared data missing under CI=true")
	assert.Empty(t, tb.skipped)
}

func TestCorpusLoads(t *testing.T) {
	dir := t.TempDir()
	q := filepath.Join(dir, "corpus", "queries")
	require.NoError(t, os.MkdirAll(q, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(q, "b.jsonl"), []byte(`{"id":"b:1","query":"T | take 1","source":"kql","oracle":{"ok":true,"syntax":[]}}`+"\n\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(q, "a.jsonl"), []byte(`{"id":"a:1","query":"T |","source":"yaml","oracle":{"ok":false,"syntax":[{"code":"KS007","message":"Missing","start":3,"length":0,"severity":"Error"}]}}`+"\n"), 0o644))
	t.Setenv("KQLT_SHARED", dir)
	entries := Corpus(t)
	require.Len(t, entries, 2)
	assert.Equal(t, "a:1", entries[0].ID, "files in name order")
	assert.False(t, entries[0].Oracle.OK)
	assert.Equal(t, Diagnostic{Code: "KS007", Message: "Missing", Start: 3, Length: 0, Severity: "Error"}, entries[0].Oracle.Syntax[0])
	assert.Equal(t, Entry{ID: "b:1", Query: "T | take 1", Source: "kql", Oracle: Result{OK: true, Syntax: []Diagnostic{}}}, entries[1])
}

// TestSharedCorpus checks the real corpus when it is there.
func TestSharedCorpus(t *testing.T) {
	entries := Corpus(t)
	ok := 0
	for _, e := range entries {
		if e.Oracle.OK {
			ok++
		}
	}
	assert.Equal(t, 1958, len(entries))
	assert.Equal(t, 1798, ok)
}

func TestOracleRun(t *testing.T) {
	o := RequireOracle(t)
	queries := make([]string, 200) // enough for two processes
	for i := range queries {
		queries[i] = fmt.Sprintf("print x = %d", i)
	}
	queries[7] = "T | where"
	o2 := *o
	o2.Procs = 2
	res, err := o2.Run(queries, "--tree")
	require.NoError(t, err)
	require.Len(t, res, len(queries))
	assert.False(t, res[7].OK)
	assert.Equal(t, "KS006", res[7].Syntax[0].Code)
	for i, r := range res {
		if i != 7 {
			assert.True(t, r.OK)
			assert.True(t, strings.Contains(r.Tree, fmt.Sprintf(`(LongLiteralExpression "%d")`, i)), "result %d in order: %s", i, r.Tree)
		}
	}
}

func TestOracleMissingNode(t *testing.T) {
	reset := func() {
		oracleCache.Lock()
		oracleCache.oracle, oracleCache.err = nil, nil
		oracleCache.Unlock()
	}
	oracleCache.Lock()
	savedOracle, savedErr := oracleCache.oracle, oracleCache.err
	oracleCache.Unlock()
	defer func() {
		oracleCache.Lock()
		oracleCache.oracle, oracleCache.err = savedOracle, savedErr
		oracleCache.Unlock()
	}()
	reset()
	t.Setenv("PATH", t.TempDir())

	t.Setenv("CI", "")
	tb := call(func(tb testing.TB) { RequireOracle(tb) })
	assert.Contains(t, tb.skipped, "node not found")

	reset()
	t.Setenv("CI", "true")
	tb = call(func(tb testing.TB) { RequireOracle(tb) })
	assert.Contains(t, tb.failed, "missing under CI=true")
}

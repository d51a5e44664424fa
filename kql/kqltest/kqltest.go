// Package kqltest helps test code built on package kql against the shared
// data that lives beside the repository: the real-world query corpus and the
// official KQL parser (Kusto.Language, run by Node through kusto-oracle).
//
// Both are optional on a developer machine and mandatory in CI: when they
// are missing, the helpers skip the test with a message saying what is
// missing, unless the environment variable CI is true, in which case they
// fail it.
//
// The shared directory is $KQLT_SHARED, or else the first directory named
// "shared" holding "corpus" found beside the working directory or one of its
// ancestors (CI checks the repository out with ../shared next to it). The
// official parser is $KQLT_ORACLE (the path of an installed oracle.js), or
// else the shared kusto-oracle, installed with npm ci into the user cache
// directory on first use.
package kqltest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// InCI reports whether the tests run in CI (the environment variable CI is
// true), where missing shared data or tools fail the tests instead of
// skipping them.
func InCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// SharedDir returns the shared data directory, or an error saying why it
// was not found. It does not skip or fail; see RequireShared.
func SharedDir() (string, error) {
	if d := os.Getenv("KQLT_SHARED"); d != "" {
		if isDir(filepath.Join(d, "corpus")) {
			return d, nil
		}
		return "", fmt.Errorf("KQLT_SHARED=%s has no corpus directory", d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if cand := filepath.Join(dir, "shared"); isDir(filepath.Join(cand, "corpus")) {
			return cand, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("no shared/corpus beside %s or its parents (set KQLT_SHARED)", wd)
}

// RequireShared returns the shared data directory. If it is missing, it
// skips the test, or fails it when CI is true.
func RequireShared(t testing.TB) string {
	t.Helper()
	d, err := SharedDir()
	if err != nil {
		missing(t, "shared data", err)
	}
	return d
}

// missing skips t, or fails it in CI.
func missing(t testing.TB, what string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s missing under CI=true: %v", what, err)
	}
	t.Skipf("%s missing, skipping: %v", what, err)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// ---------------------------------------------------------------------------
// Corpus

// Entry is one query of the corpus: a line of shared/corpus/queries/*.jsonl.
type Entry struct {
	ID     string `json:"id"`     // "owner/repo:path[#n]"
	Query  string `json:"query"`  // the KQL text
	Source string `json:"source"` // yaml, kql, md, md-untagged or txt
	Oracle Result `json:"oracle"` // the official parser's verdict (OK and Syntax)
}

var corpusCache struct {
	sync.Mutex
	byDir map[string][]Entry
}

// Corpus returns every query of the shared corpus, file by file in name
// order and line by line. It skips or fails t as RequireShared does. The
// result is shared between callers: do not modify it.
func Corpus(t testing.TB) []Entry {
	t.Helper()
	dir := filepath.Join(RequireShared(t), "corpus", "queries")
	corpusCache.Lock()
	defer corpusCache.Unlock()
	if entries, ok := corpusCache.byDir[dir]; ok {
		return entries
	}
	entries, err := loadCorpus(dir)
	if err != nil {
		t.Fatalf("kqltest: loading the corpus: %v", err)
	}
	if corpusCache.byDir == nil {
		corpusCache.byDir = make(map[string][]Entry)
	}
	corpusCache.byDir[dir] = entries
	return entries
}

func loadCorpus(dir string) ([]Entry, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.jsonl in %s", dir)
	}
	sort.Strings(files)
	var entries []Entry
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, len(data)+1)
		for line := 1; sc.Scan(); line++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			var e Entry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", f, line, err)
			}
			entries = append(entries, e)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
	}
	if len(entries) == 0 {
		return nil, errors.New("the corpus is empty")
	}
	return entries, nil
}

// ---------------------------------------------------------------------------
// TestMain

// Main runs a package's tests (for its TestMain) after Note.
func Main(m *testing.M, skipped string, oracle bool) {
	Note(skipped, oracle)
	os.Exit(m.Run())
}

// Note prints one line saying what the package's tests skip when the
// shared data (or, if oracle is set, Node for the official parser) is
// missing, so that a developer without ../shared reads it once per package
// (go test -v ./... | grep '^kqltest:') rather than test by test. In CI,
// where missing data fails the tests, and when nothing is missing, it
// prints nothing.
func Note(skipped string, oracle bool) {
	if InCI() {
		return
	}
	pkg := strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
	if _, err := SharedDir(); err != nil {
		fmt.Printf("kqltest: %s: no shared data (%v): skipping %s\n", pkg, err, skipped)
		return
	}
	if oracle {
		if _, err := exec.LookPath("node"); err != nil && os.Getenv("KQLT_ORACLE") == "" {
			fmt.Printf("kqltest: %s: no node for the official parser: skipping the tests against it\n", pkg)
		}
	}
}

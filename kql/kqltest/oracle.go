package kqltest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Oracle runs the official KQL parser, Microsoft's Kusto.Language, through
// the kusto-oracle script (see shared/kusto-oracle/README.md).
type Oracle struct {
	Script string // path of oracle.js, in a directory where its npm package is installed
	Procs  int    // node processes a Run may start in parallel; 0 means one per CPU, at most 2
}

// Result is the official parser's report on one query. The fields the flags
// of a Run did not ask for are zero.
type Result struct {
	OK        bool         `json:"ok"`        // no diagnostic of severity Error
	Kind      string       `json:"kind"`      // "Query" or "Command"
	Syntax    []Diagnostic `json:"syntax"`    // syntax diagnostics
	Semantic  []Diagnostic `json:"semantic"`  // with --semantic
	Tree      string       `json:"tree"`      // with --tree or --tree-raw: the syntax tree as an s-expression of tokens
	Formatted string       `json:"formatted"` // with --format or --format-newline
	Error     string       `json:"error"`     // set when the oracle could not handle the query
}

// Diagnostic is a diagnostic of the official parser. Start and Length count
// UTF-16 code units.
type Diagnostic struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Start    int    `json:"start"`
	Length   int    `json:"length"`
	Severity string `json:"severity"`
}

var oracleCache struct {
	sync.Mutex
	oracle *Oracle
	err    error
}

// RequireOracle returns the official parser, installing it on first use. If
// Node (or, to install, npm or the shared data) is missing, it skips the
// test, or fails it when CI is true.
func RequireOracle(t testing.TB) *Oracle {
	t.Helper()
	o, err := FindOracle()
	if err != nil {
		missing(t, "the official KQL parser", err)
	}
	return o
}

// FindOracle locates the official parser: $KQLT_ORACLE, or the shared
// kusto-oracle, installed with npm ci into
// <user cache dir>/kqlt/kusto-oracle-<hash of its package-lock.json>
// unless it is installed in place. The result is computed once per process.
func FindOracle() (*Oracle, error) {
	oracleCache.Lock()
	defer oracleCache.Unlock()
	if oracleCache.oracle == nil && oracleCache.err == nil {
		oracleCache.oracle, oracleCache.err = findOracle()
	}
	return oracleCache.oracle, oracleCache.err
}

func findOracle() (*Oracle, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("node not found in PATH: %v", err)
	}
	if s := os.Getenv("KQLT_ORACLE"); s != "" {
		if _, err := os.Stat(s); err != nil {
			return nil, fmt.Errorf("KQLT_ORACLE: %v", err)
		}
		return &Oracle{Script: s}, nil
	}
	shared, err := SharedDir()
	if err != nil {
		return nil, err
	}
	src := filepath.Join(shared, "kusto-oracle")
	if installed(src) {
		return &Oracle{Script: filepath.Join(src, "oracle.js")}, nil
	}
	dir, err := install(src)
	if err != nil {
		return nil, err
	}
	return &Oracle{Script: filepath.Join(dir, "oracle.js")}, nil
}

// installed reports whether the npm package of the oracle in dir is there.
func installed(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "node_modules", "@kusto", "language-service-next", "package.json"))
	return err == nil
}

// install copies the oracle in src to the cache and runs npm ci there,
// unless an earlier run did. Concurrent installs (go test runs packages in
// parallel) each work in a directory of their own and rename it into place;
// the first to finish wins.
func install(src string) (string, error) {
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(lock)
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dst := filepath.Join(base, "kqlt", "kusto-oracle-"+hex.EncodeToString(sum[:6]))
	if installed(dst) {
		return dst, nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return "", fmt.Errorf("npm not found in PATH to install %s: %v", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dst), ".install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := copyTree(src, tmp); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci in a copy of %s: %v\n%s", src, err, out)
	}
	if err := os.Rename(tmp, dst); err != nil && !installed(dst) {
		return "", err
	}
	return dst, nil
}

// copyTree copies the files of src into dst, leaving out node_modules.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir() && d.Name() == "node_modules":
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644) // writable: the source is read-only
	})
}

// Run runs the official parser over queries with the given flags (such as
// "--tree" or "--format"; none means syntax diagnostics only) and returns
// one result per query, in order. It splits the batch over up to o.Procs
// node processes: each takes about a second to start, and then parses a few
// hundred queries a second.
func (o *Oracle) Run(queries []string, flags ...string) ([]Result, error) {
	procs := o.Procs
	if procs <= 0 {
		procs = min(runtime.NumCPU(), 2)
	}
	procs = max(min(procs, len(queries)/100), 1)
	results := make([]Result, len(queries))
	errs := make([]error, procs)
	var wg sync.WaitGroup
	for k := range procs {
		from, to := k*len(queries)/procs, (k+1)*len(queries)/procs
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = o.run(queries[from:to], results[from:to], flags)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

// run runs one node process over queries, filling results.
func (o *Oracle) run(queries []string, results []Result, flags []string) error {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	enc.SetEscapeHTML(false)
	for i, q := range queries {
		if err := enc.Encode(struct {
			ID    int    `json:"id"`
			Query string `json:"query"`
		}{i, q}); err != nil {
			return err
		}
	}
	cmd := exec.Command("node", append([]string{o.Script}, flags...)...)
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("node %s %s: %v\n%s", o.Script, strings.Join(flags, " "), err, stderr.Bytes())
	}
	seen := make([]bool, len(queries))
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, out.Len()+1)
	for sc.Scan() {
		var r struct {
			ID int `json:"id"`
			Result
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("oracle output: %v: %.200s", err, sc.Bytes())
		}
		if r.ID < 0 || r.ID >= len(queries) || seen[r.ID] {
			return fmt.Errorf("oracle output: unexpected id %d", r.ID)
		}
		results[r.ID], seen[r.ID] = r.Result, true
	}
	for i, ok := range seen {
		if !ok {
			return fmt.Errorf("oracle output: no result for query %d of %d", i, len(queries))
		}
	}
	return sc.Err()
}

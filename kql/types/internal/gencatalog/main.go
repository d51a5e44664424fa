// Command gencatalog generates the built-in function catalog of package
// kql/types (builtin_gen.go) from Microsoft's official Kusto.Language
// package, npm @kusto/language-service-next, as installed for the
// kusto-oracle.
//
// It runs node on extract.js (embedded), which loads the package and
// prints Kusto.Language.Functions.All, Aggregates.All and PlugIns.All as
// JSON, and writes that as Go data. Run it through go generate:
//
//	go generate ./kql/types
//
// The package is found in the node_modules beside the oracle script:
// -oracle or $KQLT_ORACLE (the path of oracle.js), or else the shared
// kusto-oracle that package kql/kqltest locates (and installs with npm ci
// on first use). -pkg names the package directory directly.
//
// With -calls, it runs the official analysis over test calls instead: it
// reads JSON Lines {"id", "query", "at"} from the -calls file and writes,
// for the function call at UTF-16 offset "at" of each query, its result
// type and error diagnostics (verdicts.js) to -o. The tests of package
// kql/types compare checkCall with these verdicts.
//
// Usage:
//
//	gencatalog [-o builtin_gen.go] [-oracle path/to/oracle.js | -pkg path/to/package]
//	gencatalog -calls queries.jsonl -o verdicts.jsonl [-oracle ... | -pkg ...]
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/kqlt/kqlt/kql/kqltest"
)

//go:embed extract.js
var extractJS []byte

//go:embed verdicts.js
var verdictsJS []byte

func main() {
	out := flag.String("o", "builtin_gen.go", "the Go file to write (- for stdout)")
	oracle := flag.String("oracle", "", "the kusto-oracle script (default $KQLT_ORACLE or the shared kusto-oracle)")
	pkg := flag.String("pkg", "", "the @kusto/language-service-next package directory (default: beside the oracle)")
	calls := flag.String("calls", "", "write the official verdicts on the calls of this JSON Lines file instead")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gencatalog [-o FILE] [-oracle oracle.js | -pkg DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *oracle, *pkg, *calls); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalog:", err)
		os.Exit(1)
	}
}

func run(out, oracle, pkg, calls string) error {
	if pkg == "" {
		var err error
		if pkg, err = packageDir(oracle); err != nil {
			return err
		}
	}
	if calls != "" {
		return verdicts(pkg, calls, out)
	}
	cat, err := extract(pkg)
	if err != nil {
		return err
	}
	src, err := generate(cat)
	if err != nil {
		return err
	}
	if out == "-" {
		_, err = os.Stdout.Write(src)
		return err
	}
	return writeAtomic(out, src)
}

// packageDir returns the directory of the npm package beside the oracle
// script: oracle, or else the one kqltest finds.
func packageDir(oracle string) (string, error) {
	if oracle == "" {
		o, err := kqltest.FindOracle()
		if err != nil {
			return "", fmt.Errorf("finding the kusto-oracle (set KQLT_ORACLE or use -pkg): %v", err)
		}
		oracle = o.Script
	}
	dir := filepath.Join(filepath.Dir(oracle), "node_modules", "@kusto", "language-service-next")
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return "", fmt.Errorf("the Kusto.Language package is not installed beside %s: %v", oracle, err)
	}
	return dir, nil
}

// extract runs extract.js with node over the package in dir.
func extract(dir string) (*catalog, error) {
	// node reads the script from stdin with "-"; the arguments after it
	// go to the script.
	cmd := exec.Command("node", "-", dir)
	cmd.Stdin = bytes.NewReader(extractJS)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("node extract.js %s: %v\n%s", dir, err, stderr.Bytes())
	}
	var cat catalog
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cat); err != nil {
		return nil, fmt.Errorf("decoding the output of extract.js: %v", err)
	}
	if len(cat.Functions) == 0 || len(cat.Aggregates) == 0 || len(cat.PlugIns) == 0 || len(cat.Operators) == 0 {
		return nil, errors.New("extract.js found no functions, aggregates, plugins or operators")
	}
	return &cat, nil
}

// verdicts runs verdicts.js over the queries in the file calls.
func verdicts(dir, calls, out string) error {
	in, err := os.ReadFile(calls)
	if err != nil {
		return err
	}
	script, err := os.CreateTemp("", "verdicts-*.js")
	if err != nil {
		return err
	}
	defer os.Remove(script.Name())
	if _, err := script.Write(verdictsJS); err != nil {
		script.Close()
		return err
	}
	if err := script.Close(); err != nil {
		return err
	}
	cmd := exec.Command("node", script.Name(), dir)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("node verdicts.js %s: %v\n%s", dir, err, stderr.Bytes())
	}
	if out == "-" {
		_, err = os.Stdout.Write(stdout.Bytes())
		return err
	}
	return writeAtomic(out, stdout.Bytes())
}

// writeAtomic writes data to a temporary file beside name and renames it
// into place, so that a failed run never leaves half a file.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".gencatalog-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

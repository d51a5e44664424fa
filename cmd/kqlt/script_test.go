package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/kqlt/kqlt/kql/kqltest"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/script")

// TestMain lets the test binary run as the kqlt command: the scripts run it
// with exec kqlt, as a separate process, like users do.
func TestMain(m *testing.M) {
	if strings.HasSuffix(os.Args[0], ".test") { // not when run as the kqlt command
		kqltest.Note("the corpus tests (convert, fmt on the 642 corpus rule files) and the corpus benchmark", false)
	}
	testscript.Main(m, map[string]func(){
		"kqlt": func() { os.Exit(newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv).run(os.Args[1:])) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script (see
// testdata/script/README.md). Each starts with the bundled Key Vault rules
// in $WORK/keyvault.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	keyvault := filepath.Join(repo, "testdata", "rules", "keyvault")
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("NO_COLOR", "")
			e.Setenv("KEYVAULT", keyvault) // the pristine rules
			e.Setenv("REPO", repo)
			return copyRules(keyvault, filepath.Join(e.WorkDir, "keyvault"))
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"tree":    cmdTree,
			"replace": cmdReplace,
			"mkfifo":  cmdMkfifo,
			"gen":     cmdGen,
			"age":     cmdAge,
			"envq":    cmdEnvq,
		},
	})
}

// copyRules copies the rule YAML files of dir (recursively) to dst.
func copyRules(dir, dst string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !isYAML(p) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
}

// tree DIR lists the files under DIR, one a line, in lexical order, with
// forward slashes; symbolic links are listed, not followed. Temporary
// files would show up, so the listing also proves none was left behind.
func cmdTree(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: tree DIR")
	}
	root := ts.MkAbs(args[0])
	stdout := ts.Stdout() // the command's output, empty when there are no files
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	ts.Check(err)
	sort.Strings(files)
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
}

// replace FILE OLD NEW replaces every OLD in FILE with NEW (Go-quoted
// escapes such as \n, \r and \t are decoded).
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	unq := func(s string) string { return strings.NewReplacer(`\n`, "\n", `\r`, "\r", `\t`, "\t").Replace(s) }
	old, repl := unq(args[1]), unq(args[2])
	if !strings.Contains(string(data), old) {
		ts.Fatalf("%s does not contain %q", args[0], old)
	}
	ts.Check(os.WriteFile(file, []byte(strings.ReplaceAll(string(data), old, repl)), 0o644))
}

// gen FILE PART... writes FILE from its parts, each TEXT or TEXT*N (TEXT
// repeated N times), with \n and \t decoded: big and deep inputs are made
// at test time, not committed.
func cmdGen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: gen FILE PART...")
	}
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	w := bufio.NewWriter(f)
	unq := strings.NewReplacer(`\n`, "\n", `\t`, "\t")
	for _, part := range args[1:] {
		text, n := part, 1
		if i := strings.LastIndex(part, "*"); i >= 0 {
			if k, err := strconv.Atoi(part[i+1:]); err == nil {
				text, n = part[:i], k
			}
		}
		text = unq.Replace(text)
		for ; n > 0; n-- {
			_, err := w.WriteString(text)
			ts.Check(err)
		}
	}
	ts.Check(w.Flush())
}

// age FILE DURATION sets the modification time of FILE to DURATION (such
// as 2h) ago.
func cmdAge(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: age FILE DURATION")
	}
	d, err := time.ParseDuration(args[1])
	ts.Check(err)
	t := time.Now().Add(-d)
	ts.Check(os.Chtimes(ts.MkAbs(args[0]), t, t))
}

// envq NAME VALUE sets the environment variable NAME to VALUE with its Go
// escapes decoded (\n, \x1b...): file names with control characters.
func cmdEnvq(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envq NAME VALUE")
	}
	v, err := strconv.Unquote(`"` + args[1] + `"`)
	ts.Check(err)
	ts.Setenv(args[0], v)
}

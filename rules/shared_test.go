package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir locates the read-only shared data directory that holds the
// corpus: $KQLT_SHARED, or a directory named "shared" holding "corpus" next
// to the package directory or to one of its ancestors (CI checks the
// repository out with ../shared beside it). Without it the test is skipped,
// except under CI=true, where it fails.
func sharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("KQLT_SHARED"); d != "" {
		if isDir(filepath.Join(d, "corpus")) {
			return d
		}
		missingShared(t, "KQLT_SHARED="+d+" has no corpus directory")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; ; {
		if cand := filepath.Join(dir, "shared"); isDir(filepath.Join(cand, "corpus")) {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	missingShared(t, "no shared/corpus beside "+wd+" or its parents (set KQLT_SHARED)")
	return ""
}

func missingShared(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal("shared data missing under CI: " + why)
	}
	t.Skip("shared data missing: " + why)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// yamlFiles lists the .yaml and .yml files under dir, sorted.
func yamlFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (filepath.Ext(p) == ".yaml" || filepath.Ext(p) == ".yml") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

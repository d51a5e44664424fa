package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusData reads the 642 rule YAMLs of the shared corpus (skipping the
// benchmark when the corpus is missing).
func corpusData(b *testing.B) (names []string, data [][]byte) {
	b.Helper()
	shared := sharedDir(b)
	for _, p := range yamlFiles(b, filepath.Join(shared, "corpus", "rules")) {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, p)
		data = append(data, d)
	}
	if len(names) != 642 {
		b.Fatalf("corpus has %d rule YAMLs, want 642", len(names))
	}
	return names, data
}

func parseAll(b *testing.B, names []string, data [][]byte) []*File {
	files := make([]*File, 0, len(data))
	for i := range data {
		if f, err := Parse(names[i], data[i]); err == nil {
			files = append(files, f)
		}
	}
	return files
}

// BenchmarkCorpus measures, per pass over all 642 corpus YAMLs (one op),
// loading (Parse from memory), validating (with and without the KQL
// syntax check), emitting one ARM template per rule, and all three.
func BenchmarkCorpus(b *testing.B) {
	names, data := corpusData(b)
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			parseAll(b, names, data)
		}
	})
	files := parseAll(b, names, data)
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range files {
				Validate(f)
			}
		}
	})
	b.Run("validate-without-kql", func(b *testing.B) {
		old := parseQuery
		parseQuery = func(string) error { return nil }
		defer func() { parseQuery = old }()
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range files {
				Validate(f)
			}
		}
	})
	b.Run("emit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range files {
				_, _ = ARMTemplate([]*File{f}, ARMOptions{})
			}
		}
	})
	b.Run("load+validate+emit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range parseAll(b, names, data) {
				Validate(f)
				_, _ = ARMTemplate([]*File{f}, ARMOptions{})
			}
		}
	})
}

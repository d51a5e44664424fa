package schema

import "testing"

// BenchmarkIndex measures the first use of the embedded schema: indexing
// where its 733 tables lie.
func BenchmarkIndex(b *testing.B) {
	b.SetBytes(int64(len(sentinelJSON)))
	for b.Loop() {
		e := &embeddedTables{data: sentinelJSON}
		e.names()
	}
}

// BenchmarkFirstLookup measures a fresh Set's first lookup of
// AzureDiagnostics (215 columns): the index, then one table decoded.
func BenchmarkFirstLookup(b *testing.B) {
	for b.Loop() {
		s := &Set{embedded: &embeddedTables{data: sentinelJSON}}
		if s.Table("AzureDiagnostics") == nil {
			b.Fatal("no table")
		}
	}
}

// BenchmarkDecodeTable measures decoding one table once indexed.
func BenchmarkDecodeTable(b *testing.B) {
	e := &embeddedTables{data: sentinelJSON}
	e.names()
	for b.Loop() {
		if e.def("AzureDiagnostics") == nil {
			b.Fatal("no table")
		}
	}
}

// BenchmarkCachedLookup measures a lookup of a table already built.
func BenchmarkCachedLookup(b *testing.B) {
	db := Default()
	db.Table("AzureDiagnostics")
	for b.Loop() {
		db.Table("AzureDiagnostics")
	}
}

// BenchmarkParseSentinelJSON measures loading the whole schema from a file
// (as --builtin-schema=false --schema sentinel.json does).
func BenchmarkParseSentinelJSON(b *testing.B) {
	b.SetBytes(int64(len(sentinelJSON)))
	for b.Loop() {
		if _, _, err := Parse("sentinel.json", sentinelJSON); err != nil {
			b.Fatal(err)
		}
	}
}

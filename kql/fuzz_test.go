package kql

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// addSeeds adds the queries of the construct, error, edit and command tables and the
// variants of the newer syntax (variants_test.go) to a fuzz target's seed
// corpus; testdata/fuzz/<target> holds more, taken from
// small real-world queries of the corpus and from crashers found earlier.
func addSeeds(f *testing.F) {
	for _, c := range constructs {
		f.Add(c.src)
	}
	for _, c := range errorCases {
		f.Add(c.src)
	}
	for _, c := range editCases {
		f.Add(c.src)
	}
	for _, c := range commandCases {
		f.Add(c.src)
	}
	for _, form := range variantForms() {
		for _, src := range form.variants {
			f.Add(src)
		}
	}
}

// FuzzParse checks that Parse and ParseFile never panic, that their
// errors are positioned inside the input with consistent line and column,
// and that the shortcut for simple schemas agrees with the schema grammar.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse(src)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse error %T is not a *Error: %v", err, err)
			}
			checkErrorPos(t, src, perr)
			_ = perr.Snippet()
		} else if q == nil {
			t.Fatal("Parse returned neither a query nor an error")
		}
		fqs, err := ParseFile(src)
		var list ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("ParseFile error %T is not an ErrorList: %v", err, err)
		}
		for _, e := range list {
			checkErrorPos(t, src, e)
		}
		prev := 0
		for _, fq := range fqs {
			if fq.Offset < prev || fq.End() > len(src) || src[fq.Offset:fq.End()] != fq.Query.Source() {
				t.Fatalf("ParseFile query at %d..%d out of place (previous ended at %d)", fq.Offset, fq.End(), prev)
			}
			prev = fq.End()
		}
		parseBothWays(t, src)
	})
}

// FuzzRoundTrip checks, for every input that parses, that String returns
// it, and that Format output parses to the same tree and is a fixed point.
func FuzzRoundTrip(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse(src)
		if err != nil {
			return
		}
		if got := q.String(); got != src {
			t.Fatalf("String() = %q, want the source %q", got, src)
		}
		formatted := Format(q)
		q2, err := Parse(formatted)
		if err != nil {
			t.Fatalf("Format output does not parse: %v\nsource: %q\nformatted: %q", err, src, formatted)
		}
		if again := Format(q2); again != formatted {
			t.Fatalf("Format is not idempotent\nsource: %q\nonce: %q\ntwice: %q", src, formatted, again)
		}
		if d1, d2 := dump(q), dump(q2); d1 != d2 {
			t.Fatalf("Format changed the tree\nsource: %q\nformatted: %q\nbefore: %s\nafter: %s", src, formatted, d1, d2)
		}
		if utf8.ValidString(src) && !utf8.ValidString(formatted) {
			t.Fatalf("Format output is not valid UTF-8: %q", formatted)
		}
	})
}

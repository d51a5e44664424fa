package kql

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the corpus tests (parse, String, Format and the replace property on the 1,958 corpus queries) and the comparisons with the official parser", true)
}

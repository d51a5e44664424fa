package transform

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the corpus conversions (642 rule files, 1,958 queries) and the official-parser checks of converted queries", true)
}

package rules

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the corpus tests (load, round trip, edits, validate and ARM on the 642 corpus rule files)", false)
}

package types

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the binding of the corpus queries against the official verdicts and the comparisons with the official parser", true)
}

package schema

import (
	"testing"

	"github.com/kqlt/kqlt/kql/kqltest"
)

// TestMain says in one line what the tests skip without the shared data.
func TestMain(m *testing.M) {
	kqltest.Main(m, "the check that the built-in schema is the shared one", false)
}

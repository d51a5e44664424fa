package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryFunctionIsTested checks that each supported scalar and
// aggregation function is called in a test query.
func TestEveryFunctionIsTested(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	require.NoError(t, err)
	var src strings.Builder
	for _, f := range files {
		if f == "coverage_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src.Write(b)
	}
	all := src.String()
	for _, name := range append(ScalarFunctions(), AggregateFunctions()...) {
		assert.True(t, strings.Contains(all, name+"("), "no test calls %s()", name)
	}
}

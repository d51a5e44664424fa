package types

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCustomCoversCatalog checks that custom.go has a result computation
// for every ReturnCustom signature of the catalog and a layout for every
// LayoutCustom one, and nothing else.
func TestCustomCoversCatalog(t *testing.T) {
	results, layouts := map[string]bool{}, map[string]bool{}
	for _, list := range [][]*Builtin{builtinFunctions, builtinAggregates, builtinPlugIns, builtinOperators} {
		for _, b := range list {
			for _, s := range b.Signatures {
				if s.Return == ReturnCustom {
					results[customKey(s)] = true
				}
				if s.Layout == LayoutCustom {
					layouts[customKey(s)] = true
				}
			}
		}
	}
	assert.Len(t, results, 96, "the package has 94 function, aggregate and plugin signatures with a custom result, and unary - and +")
	assert.Equal(t, sorted(results), sortedKeys(customResults))
	assert.Equal(t, sorted(layouts), sortedKeys(customLayouts))
}

func sorted(set map[string]bool) []string {
	var keys []string
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package verify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDdmin: delta debugging finds a 1-minimal failing subset.
func TestDdmin(t *testing.T) {
	all := make([]int, 40)
	for i := range all {
		all[i] = i
	}
	contains := func(set []int, xs ...int) bool {
		for _, x := range xs {
			found := false
			for _, s := range set {
				found = found || s == x
			}
			if !found {
				return false
			}
		}
		return true
	}
	for _, tc := range []struct {
		name  string
		fails func([]int) bool
		want  []int
	}{
		{"one culprit", func(s []int) bool { return contains(s, 17) }, []int{17}},
		{"two culprits far apart", func(s []int) bool { return contains(s, 3, 38) }, []int{3, 38}},
		{"three adjacent", func(s []int) bool { return contains(s, 20, 21, 22) }, []int{20, 21, 22}},
		{"a count", func(s []int) bool { return len(s) >= 5 }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := 0
			got := ddmin(all, func(s []int) bool { runs++; return tc.fails(s) }, func() bool { return true })
			assert.True(t, tc.fails(got))
			if tc.want != nil {
				assert.Equal(t, tc.want, got)
			} else {
				assert.Len(t, got, 5)
			}
			for i := range got {
				rest := append(append([]int{}, got[:i]...), got[i+1:]...)
				assert.False(t, tc.fails(rest), "1-minimal: without %d it passes", got[i])
			}
			assert.Less(t, runs, 400)
		})
	}
	// The budget stops it.
	runs := 0
	ddmin(all, func(s []int) bool { runs++; return len(s) > 0 }, func() bool { return runs < 3 })
	assert.LessOrEqual(t, runs, 3)
}

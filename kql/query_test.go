package kql

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Position builds the line index on first use; queries are read from
// several goroutines (the command converts files in parallel), so that must
// be safe. go test -race checks it.
func TestPositionConcurrent(t *testing.T) {
	q, err := Parse("T\n| where a == 1\n| project b")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Equal(t, Position{Offset: 4, Line: 2, Column: 3}, q.Position(PosOf(4)))
		}()
	}
	wg.Wait()
}

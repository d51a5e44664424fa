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

// A query lexes its source again on first print (the parser does not keep
// the tokens); printing from several goroutines at once must be safe, and
// so must parsing, which reuses pooled token buffers. go test -race checks
// both.
func TestPrintAndParseConcurrent(t *testing.T) {
	src := "let x = datatable(a:string, b:long)['a', 1];\n" +
		"// c\nT\n| where a == 1 and b in (dynamic([1, 2]))\n| project b, c = strcat(a, 'x')"
	q, err := Parse(src)
	require.NoError(t, err)
	formatted := Format(q)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Equal(t, src, q.String())
			assert.Equal(t, formatted, Format(q))
			assert.Equal(t, "// c\n", q.LeadingTrivia(q.Stmts[1]))
			for range 20 {
				q2, err := Parse(src)
				if assert.NoError(t, err) {
					assert.Equal(t, src, q2.String())
				}
			}
		}()
	}
	wg.Wait()
}

package eval

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testNow is the now() of the tests.
var testNow = time.Date(2025, 6, 2, 12, 0, 0, 0, time.UTC)

// render writes a table compactly for comparisons: a header of name:type
// cells, then one line per row; cells are separated by " | ", nulls are
// written null, other values as tostring() renders them.
func render(t *Table) string {
	var b strings.Builder
	for j, c := range t.cols {
		if j > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(c.Name + ":" + c.Type.String())
	}
	for i := 0; i < t.n; i++ {
		b.WriteByte('\n')
		for j := range t.cols {
			if j > 0 {
				b.WriteString(" | ")
			}
			v := t.data[j].at(i)
			if v.null {
				b.WriteString("null")
			} else {
				b.WriteString(v.String())
			}
		}
	}
	return b.String()
}

// normalize trims a rendered table written in a test: blank lines and the
// spaces around cells go; with unordered, the rows are sorted.
func normalize(s string, unordered bool) string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		cells := strings.Split(l, "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	if unordered && len(lines) > 1 {
		sort.Strings(lines[1:])
	}
	return strings.Join(lines, "\n")
}

// evalCase is a query and its expected result (or error).
type evalCase struct {
	name      string
	query     string
	want      string // rendered table; see render
	unordered bool   // compare rows as a set
	err       string // expected error substring, instead of want
}

func runCases(t *testing.T, tables map[string]*Table, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Run(tc.query, Options{Now: testNow, Tables: tables})
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, normalize(tc.want, tc.unordered), normalize(render(res), tc.unordered))
		})
	}
}

// mustTable builds a table from a KQL datatable expression.
func mustTable(t testing.TB, datatable string) *Table {
	t.Helper()
	res, err := Run(datatable, Options{Now: testNow})
	require.NoError(t, err)
	return res
}

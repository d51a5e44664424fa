package types

import (
	"sort"
	"strconv"
	"strings"
)

// suggest returns "; did you mean "x"?" for the candidate closest to
// name, or "" if none is close enough to be a likely misspelling.
func suggest(name string, candidates []string) string {
	if best := closest(name, candidates); best != "" {
		return "; did you mean " + quote(best) + "?"
	}
	return ""
}

func quote(s string) string { return strconv.Quote(s) }

// closest returns the candidate nearest to name by edit distance, if it
// is close: a different case, or at most one edit in three characters.
func closest(name string, candidates []string) string {
	if name == "" {
		return ""
	}
	limit := len(name) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 3 {
		limit = 3
	}
	best, bestD := "", limit+1
	lower := strings.ToLower(name)
	for _, cand := range candidates {
		if cand == name || cand == "" {
			continue
		}
		if d := abs(len(cand) - len(name)); d > limit {
			continue
		}
		d := distance(lower, strings.ToLower(cand), limit)
		if d == 0 && cand != name {
			// The same name in another case: KQL names are
			// case-sensitive, and this is the likeliest mistake.
			d = 0
		} else if d == 0 {
			continue
		}
		if d < bestD || d == bestD && cand < best {
			best, bestD = cand, d
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and transpositions of adjacent
// bytes. It stops early and returns limit+1 once the distance must
// exceed limit.
func distance(a, b string, limit int) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return limit + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// columnNames returns the names of a schema's columns.
func columnNames(s *Schema) []string {
	if s == nil {
		return nil
	}
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = c.Name
	}
	return names
}

// suggestName suggests a column of the row in scope, or a name declared
// by let, for an unknown name.
func (c *checker) suggestName(name string) string {
	cands := columnNames(c.row)
	cands = append(cands, columnNames(c.right)...)
	c.scope.names(func(n string) { cands = append(cands, n) })
	return suggest(name, cands)
}

// suggestTable suggests a table of the database or a tabular let for an
// unknown table.
func (c *checker) suggestTable(name string) string {
	var cands []string
	if c.db != nil {
		cands = append(cands, c.db.TableNames()...)
	}
	c.scope.names(func(n string) { cands = append(cands, n) })
	return suggest(name, cands)
}

// suggestFunction suggests a built-in function or a let function for an
// unknown function.
func (c *checker) suggestFunction(name string) string {
	cands := builtinNames(ScalarFunction)
	if c.kind == aggregateScope {
		cands = append(cands, builtinNames(AggregateFunction)...)
	}
	c.scope.names(func(n string) { cands = append(cands, n) })
	sort.Strings(cands)
	return suggest(name, cands)
}

package transform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// QueryResult is the outcome of converting one query.
type QueryResult struct {
	// InScope reports whether the profile applies to the query; when it
	// does not, Reason says why and nothing was changed.
	InScope bool
	// Applicable is false when the converted query could never return a
	// row (its logic is entirely about what the target lacks); Reason
	// then says which predicates made it so.
	Applicable bool
	Reason     string

	Query   *kql.Query // the converted query
	Text    string     // its text
	Changes []Change   // in source order
	Notes   []Note

	// RemovedColumns are columns that the source query gives (extend a =
	// ..., project, summarize) and the converted one no longer gives:
	// entity mappings and custom details must not name them. (A column of
	// the source table stays in the output even when the conversion
	// removed every mention of it.)
	RemovedColumns []string
	// RenamedColumns maps old column names to new ones (profile renames).
	RenamedColumns map[string]string
}

// ConvertQuery converts the query src with profile p. The error is a
// syntax error in src, or a failure of the conversion itself.
//
// Columns that only fed logic the conversion removed are removed too,
// except those named in keep: pass the columns the rule's entity mappings
// and custom details use (Convert does).
func ConvertQuery(src string, p *Profile, keep ...string) (*QueryResult, error) {
	q, err := kql.Parse(src)
	if err != nil {
		return nil, err
	}
	c := &converter{p: p, q: q, src: src, keep: map[string]bool{}, opLists: map[string]bool{}}
	for _, k := range keep {
		c.keep[k] = true
	}
	return c.run()
}

// converter holds the state of one query conversion.
type converter struct {
	p   *Profile
	q   *kql.Query
	src string

	lets     map[string]*letInfo // top-level lets before the conversion
	keep     map[string]bool     // columns that must stay
	opLists  map[string]bool     // lets known to be (or not be) operation lists
	changes  []Change
	notes    []Note
	falsePre []string        // predicates made constant false, for the inapplicable reason
	named    map[string]bool // the columns the query names before the conversion
}

func (c *converter) run() (*QueryResult, error) {
	res := &QueryResult{Query: c.q, Text: c.src, Applicable: true, RenamedColumns: map[string]string{}}
	c.lets = bindings(c.q)
	before := givenColumns(c.q)
	reads := extendColumns(c.q)
	c.named = mentionedColumns(c.q)

	if ok, why := c.inScope(); !ok {
		res.Reason = why
		return res, nil
	}
	res.InScope = true

	c.replacePredicates()
	c.retargetValues()
	c.pruneOperations()
	c.fold()
	empty := c.removeDeadOperators()
	if err := c.renameColumns(res); err != nil {
		return nil, err
	}
	c.replaceColumns()
	c.renameTables()
	for c.removeUnusedColumns(reads) {
	}
	c.removeUnusedLets()

	if empty {
		res.Applicable = false
		res.Reason = c.inapplicableReason()
	}

	text := c.q.String()
	if _, err := kql.Parse(text); err != nil {
		return nil, fmt.Errorf("internal error: the converted query does not parse (%v); please report this with the source rule", err)
	}
	res.Text = text
	after := givenColumns(c.q)
	for col := range before {
		if !after[col] && res.RenamedColumns[col] == "" {
			res.RemovedColumns = append(res.RemovedColumns, col)
		}
	}
	sort.Strings(res.RemovedColumns)
	sort.SliceStable(c.changes, func(i, j int) bool { return c.changes[i].Offset < c.changes[j].Offset })
	res.Changes = c.changes
	res.Notes = c.notes
	return res, nil
}

func (c *converter) change(kind ChangeKind, at kql.Node, before, after, reason string) {
	off := -1
	if at != nil {
		if p := at.Pos(); p.IsValid() {
			off = p.Offset()
		}
	}
	c.changes = append(c.changes, Change{Kind: kind, Field: "query", Offset: off, Before: before, After: after, Reason: reason})
}

func (c *converter) note(at kql.Node, format string, args ...any) {
	off := -1
	if at != nil && at.Pos().IsValid() {
		off = at.Pos().Offset()
	}
	c.notes = append(c.notes, Note{Field: "query", Offset: off, Message: fmt.Sprintf(format, args...)})
}

// text returns the source text of an original node, or its printed form.
func (c *converter) text(n kql.Node) string {
	if s := c.q.Text(n); s != "" {
		return s
	}
	return kql.Format(n)
}

// inScope checks the profile's scope: the query reads one of the scope
// tables and compares the scope column with one of the scope values.
func (c *converter) inScope() (bool, string) {
	s := c.p.Scope
	readsTable := len(s.Tables) == 0
	forEachRef(c.q, func(id *kql.Ident) {
		for _, t := range s.Tables {
			if id.Name == t {
				readsTable = true
			}
		}
	})
	if !readsTable {
		return false, fmt.Sprintf("does not read %s", strings.Join(s.Tables, " or "))
	}
	compares := false
	kql.Inspect(c.q, func(n kql.Node) bool {
		st, ok := siteOf(n)
		if !ok {
			return true
		}
		switch {
		case s.Column != "" && lowerEq(st.column, s.Column):
			lv, _ := siteLeaves(st, c.lets)
			for _, l := range lv {
				for _, v := range s.Values {
					if lowerEq(l.value, v) {
						compares = true
					}
				}
			}
		case s.Paths != nil && !negativeOps[st.op] && containsFold(s.Paths.Columns, st.column):
			lv, _ := siteLeaves(st, c.lets)
			for _, l := range lv {
				for _, path := range s.Paths.Values {
					if hasPath(l.value, path) {
						compares = true
					}
				}
			}
		}
		return true
	})
	if !compares {
		var what []string
		if s.Column != "" {
			what = append(what, fmt.Sprintf("compare %s with %s", s.Column, quoteList(s.Values)))
		}
		if s.Paths != nil {
			what = append(what, fmt.Sprintf("select the resource-id path %s in %s", strings.Join(s.Paths.Values, " or "), strings.Join(s.Paths.Columns, " or ")))
		}
		return false, "does not " + strings.Join(what, ", nor ")
	}
	return true, ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// hasPath reports whether value holds the resource-id path, or its tail
// from the resource provider on (microsoft.keyvault/vaults), as whole path
// segments, ignoring case and the backslashes that escape characters in a
// regular expression.
func hasPath(value, path string) bool {
	v := strings.ToLower(strings.ReplaceAll(value, `\`, ""))
	segs := strings.FieldsFunc(strings.ToLower(path), func(r rune) bool { return r == '/' })
	for from := 0; from == 0 || from <= len(segs)-2; from++ {
		if from >= len(segs) || hasSegments(v, strings.Join(segs[from:], "/")) {
			return from < len(segs)
		}
	}
	return false
}

// hasSegments reports whether v holds core between path boundaries.
func hasSegments(v, core string) bool {
	for i := 0; ; {
		k := strings.Index(v[i:], core)
		if k < 0 {
			return false
		}
		start, end := i+k, i+k+len(core)
		if (start == 0 || !isWordByte(v[start-1])) && (end == len(v) || !isWordByte(v[end]) && v[end] != '-') {
			return true
		}
		i = start + 1
	}
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = `"` + v + `"`
	}
	return strings.Join(q, " or ")
}

// givenColumns returns the columns that the query's operators give names
// to.
func givenColumns(q *kql.Query) map[string]bool {
	m := map[string]bool{}
	kql.Inspect(q, func(n kql.Node) bool {
		if op, ok := n.(kql.Operator); ok {
			for _, name := range givenNames(op) {
				m[name] = true
			}
		}
		return true
	})
	return m
}

// mentionedColumns returns the column names the query mentions: names it
// refers to or declares that are not let bindings or functions, and
// column_ifexists names.
func mentionedColumns(q *kql.Query) map[string]bool {
	lets := bindings(q)
	m := map[string]bool{}
	kql.Apply(q, func(cur *kql.Cursor) bool {
		switch n := cur.Node().(type) {
		case *kql.Ident:
			if _, isCall := cur.Parent().(*kql.CallExpr); isCall && cur.Name() == "Fun" {
				return false
			}
			if _, isLet := cur.Parent().(*kql.LetStmt); !isLet && lets[n.Name] == nil {
				m[n.Name] = true
			}
		case *kql.CallExpr:
			if col, ok := columnOf(n); ok {
				m[col] = true
			}
		}
		return true
	}, nil)
	return m
}

func (c *converter) inapplicableReason() string {
	if len(c.falsePre) == 0 {
		return "the converted query can never return a row"
	}
	var parts []string
	seen := map[string]bool{}
	for _, f := range c.falsePre {
		if !seen[f] {
			seen[f] = true
			parts = append(parts, f)
		}
	}
	return "the converted query can never return a row: " + strings.Join(parts, "; ")
}

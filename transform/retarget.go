package transform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// retargetValues rewrites the string literals compared with a mapped column:
// whole values by the profile's maps, parts of values by its substring maps.
// Literals reached through a let binding are rewritten in the let. Only
// literals in comparisons change: never comments, never other strings.
func (c *converter) retargetValues() {
	done := map[kql.Expr]bool{} // literals already rewritten (a let may be used twice)
	kql.Inspect(c.q, func(n kql.Node) bool {
		st, ok := siteOf(n)
		if !ok {
			return true
		}
		maps := c.p.valueBy[strings.ToLower(st.column)]
		if len(maps) == 0 {
			return true
		}
		lv, _ := siteLeaves(st, c.lets)
		for _, l := range lv {
			if done[l.lit] {
				continue
			}
			for _, m := range maps {
				nv, what, ok := applyValueMap(l.value, m)
				if !ok {
					continue
				}
				done[l.lit] = true
				before := c.text(l.lit)
				newLit := requote(l.lit, nv)
				c.replaceLiteral(l, newLit)
				reason := fmt.Sprintf("values[%d]: %s %s", m.index, st.column, what)
				if l.let != nil {
					reason += fmt.Sprintf(" (through let %s)", l.let.stmt.Name.Name)
					if uses := c.comparedUses(l.let); uses < l.let.refs {
						c.note(l.let.stmt, "let %s is also used outside comparisons with %s; its new value applies there too",
							l.let.stmt.Name.Name, st.column)
					}
				}
				c.change(RetargetValue, l.lit, before, newLit.Value, reason)
				break
			}
		}
		return true
	})
}

// comparedUses counts the references to the binding l that are values
// compared with a column that values maps apply to.
func (c *converter) comparedUses(l *letInfo) int {
	uses := 0
	kql.Inspect(c.q, func(n kql.Node) bool {
		st, ok := siteOf(n)
		if !ok || len(c.p.valueBy[strings.ToLower(st.column)]) == 0 {
			return true
		}
		for _, v := range st.values {
			if id, ok := v.(*kql.Ident); ok && id.Name == l.stmt.Name.Name {
				uses++
			}
		}
		return true
	})
	return uses
}

// applyValueMap maps value by m: a whole-value match first, then
// substrings. It returns the new value and a description of the mapping.
func applyValueMap(value string, m *ValueMap) (string, string, bool) {
	for _, from := range sortedKeys(m.Map) {
		if strings.EqualFold(value, from) {
			to := caseLike(value, m.Map[from])
			return to, from + " → " + m.Map[from], true
		}
	}
	out, changed := value, false
	var what []string
	for _, from := range sortedKeys(m.Substrings) {
		to := m.Substrings[from]
		var b strings.Builder
		rest := out
		for {
			i, j := indexPath(rest, from)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			b.WriteString(rest[:i])
			b.WriteString(escapeLike(rest[i:j], caseLike(strings.ReplaceAll(rest[i:j], `\`, ""), to)))
			rest = rest[j:]
			changed = true
		}
		if b.String() != out {
			what = append(what, from+" → "+to)
		}
		out = b.String()
	}
	return out, strings.Join(what, ", "), changed
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// indexPath finds sub in s ignoring ASCII case, where each punctuation
// character of sub may be escaped with a backslash in s, as in a regular
// expression (/vaults/ is found in `\/vaults\/`). Where sub starts or
// ends with a letter or digit, the match does not continue a word there:
// /vaults is found in ".../vaults" and ".../vaults/x", not in
// ".../vaultsX". It returns where the match starts and ends, or -1.
func indexPath(s, sub string) (int, int) {
	if sub == "" {
		return -1, -1
	}
	for i := 0; i < len(s); i++ {
		j, k := i, 0
		for k < len(sub) && j < len(s) {
			c := sub[k]
			switch {
			case lower(s[j]) == lower(c):
				j++
			case s[j] == '\\' && !isWordByte(c) && j+1 < len(s) && s[j+1] == c:
				j += 2
			default:
				k = -1
			}
			if k < 0 {
				break
			}
			k++
		}
		if k == len(sub) && (!isWordByte(sub[0]) || i == 0 || !isWordByte(s[i-1])) &&
			(!isWordByte(sub[len(sub)-1]) || j == len(s) || !isWordByte(s[j])) {
			return i, j
		}
	}
	return -1, -1
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// escapeLike escapes the punctuation of to with backslashes when matched,
// the text it replaces, was written so.
func escapeLike(matched, to string) string {
	if !strings.Contains(matched, `\`) {
		return to
	}
	var b strings.Builder
	for i := 0; i < len(to); i++ {
		if !isWordByte(to[i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(to[i])
	}
	return b.String()
}

// caseLike returns target in the case style of source: all lower-case if
// source is (and has letters), else upper-case.
func caseLike(source, target string) string {
	if strings.ToLower(source) == source && strings.ToUpper(source) != source {
		return strings.ToLower(target)
	}
	return strings.ToUpper(target)
}

// requote returns a string literal for value, written in the style of the
// literal old (quotes, verbatim, obfuscated), at old's position.
func requote(old kql.Expr, value string) *kql.BasicLit {
	switch old := old.(type) {
	case *kql.BasicLit:
		return &kql.BasicLit{ValuePos: old.ValuePos, Kind: kql.StringLit, Value: kql.Quote(value, kql.StyleOf(old.Value))}
	case *kql.CompoundString:
		first := old.Parts[0]
		return &kql.BasicLit{ValuePos: first.ValuePos, Kind: kql.StringLit, Value: kql.Quote(value, kql.StyleOf(first.Value))}
	}
	return &kql.BasicLit{Kind: kql.StringLit, Value: kql.Quote(value, kql.StringStyle{Quote: '"'})}
}

// replaceLiteral puts lit in the place of the leaf l. A basic literal is
// edited in place, keeping its node; a compound string becomes one literal.
func (c *converter) replaceLiteral(l strLeaf, lit *kql.BasicLit) {
	switch old := l.lit.(type) {
	case *kql.BasicLit:
		old.Value = lit.Value
	case *kql.CompoundString:
		old.Parts = []*kql.BasicLit{lit}
	}
}

// replacePredicates replaces the comparisons named by the profile's
// predicates (for example ResourceType == "VAULTS") by the profile's
// expression (_ResourceId has "/managedhsms/").
func (c *converter) replacePredicates() {
	if len(c.p.Predicates) == 0 {
		return
	}
	kql.Apply(c.q, nil, func(cur *kql.Cursor) bool {
		st, ok := siteOf(cur.Node())
		if !ok {
			return true
		}
		for i, pm := range c.p.Predicates {
			if !lowerEq(st.column, pm.Column) || !equalityOps[st.op] && !termOps[st.op] {
				continue
			}
			lv, complete := siteLeaves(st, c.lets)
			if !complete || len(lv) == 0 || !allIn(lv, pm.Values) {
				continue
			}
			repl := cloneExpr(c.p.preds[i])
			if negativeOps[st.op] {
				repl = &kql.CallExpr{Fun: &kql.Ident{Name: "not"}, Args: []kql.Expr{repl}}
			}
			before := c.text(cur.Node())
			cur.Replace(repl)
			c.change(ReplacePredicate, st.expr, before, kql.Format(repl), fmt.Sprintf("predicates[%d]: %s %s", i, pm.Column, quoteList(pm.Values)))
			break
		}
		return true
	})
}

func allIn(lv []strLeaf, values []string) bool {
	for _, l := range lv {
		found := false
		for _, v := range values {
			if strings.EqualFold(l.value, v) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// cloneExpr returns a deep copy of a detached expression, so that each use
// of a profile expression is its own subtree.
func cloneExpr(x kql.Expr) kql.Expr {
	// Printing and parsing again is the simplest exact deep copy of a
	// detached tree.
	y, err := kql.ParseExpr(kql.Format(x))
	if err != nil {
		panic(fmt.Sprintf("transform: cannot copy expression %q: %v", kql.Format(x), err))
	}
	return y
}

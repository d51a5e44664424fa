package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

// formatKQLFile formats the queries of a .kql or .csl file one by one,
// keeping the text between them.
func formatKQLFile(src []byte) ([]byte, []error) {
	text := string(src)
	queries, err := kql.ParseFile(text)
	if err != nil {
		var list kql.ErrorList
		if errors.As(err, &list) {
			errs := make([]error, len(list))
			for i, e := range list {
				errs[i] = e
			}
			return nil, errs
		}
		return nil, []error{err}
	}
	crlf := strings.Contains(text, "\r\n")
	var b strings.Builder
	last := 0
	for _, fq := range queries {
		b.WriteString(text[last:fq.Offset])
		old := text[fq.Offset:fq.End()]
		formatted, err := formatQuery(fq.Query, old, crlf)
		if err != nil {
			return nil, []error{err}
		}
		b.WriteString(formatted)
		last = fq.End()
	}
	b.WriteString(text[last:])
	return []byte(b.String()), nil
}

// formatQuery formats q, whose source text is old. What fmt does not
// format stays as it was: the blank lines above the query, its final line
// breaks, and every string literal byte for byte. crlf asks for CRLF line
// breaks (outside string literals, which keep theirs).
func formatQuery(q *kql.Query, old string, crlf bool) (string, error) {
	if strings.TrimSpace(old) == "" || len(q.Stmts) == 0 {
		return old, nil // nothing to format: only comments, or nothing
	}
	body := strings.TrimRight(kql.Format(q), "\r\n")
	trimmed := strings.TrimRight(old, "\r\n")
	tail := old[len(trimmed):]
	if crlf {
		var err error
		if body, err = crlfOutsideLiterals(body); err != nil {
			return "", err
		}
	}
	out := leadingBlankLines(old) + body + tail
	// Formatting changes only whitespace, and never inside a string
	// literal; make sure of it before anyone writes the result.
	q2, err := kql.Parse(out)
	if err != nil {
		return "", fmt.Errorf("internal error: the formatted query does not parse (%v); please report this", err)
	}
	if a, b := literalTexts(q, q.Text), literalTexts(q2, q2.Text); !slices.Equal(a, b) {
		return "", fmt.Errorf("internal error: formatting would change a string literal; please report this")
	}
	return out, nil
}

// leadingBlankLines returns the lines at the start of s that hold only
// white space, line breaks included.
func leadingBlankLines(s string) string {
	i := 0
	for {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 || strings.TrimSpace(s[i:i+j]) != "" {
			return s[:i]
		}
		i += j + 1
	}
}

// literalTexts returns the source text of the string literals of q, in
// order.
func literalTexts(q *kql.Query, text func(kql.Node) string) []string {
	var out []string
	kql.Inspect(q, func(n kql.Node) bool {
		if lit, ok := n.(*kql.BasicLit); ok && lit.Kind == kql.StringLit {
			out = append(out, text(lit))
		}
		return true
	})
	return out
}

// crlfOutsideLiterals turns the line breaks of formatted KQL into CRLF,
// except inside string literals: a multi-line literal keeps its own bytes.
func crlfOutsideLiterals(text string) (string, error) {
	q, err := kql.Parse(text)
	if err != nil {
		return "", fmt.Errorf("internal error: the formatted query does not parse (%v); please report this", err)
	}
	var spans [][2]int
	kql.Inspect(q, func(n kql.Node) bool {
		if lit, ok := n.(*kql.BasicLit); ok && lit.Kind == kql.StringLit {
			spans = append(spans, [2]int{lit.Pos().Offset(), lit.End().Offset()})
		}
		return true
	})
	var b strings.Builder
	k := 0 // the next span
	for i := 0; i < len(text); i++ {
		for k < len(spans) && spans[k][1] <= i {
			k++
		}
		inside := k < len(spans) && spans[k][0] <= i
		if text[i] == '\n' && !inside && (i == 0 || text[i-1] != '\r') {
			b.WriteByte('\r')
		}
		b.WriteByte(text[i])
	}
	return b.String(), nil
}

// formatRuleFile formats the query: of a rule YAML file. Files that are not
// rules come back unchanged.
func formatRuleFile(path string, data []byte) ([]byte, []error) {
	f, err := rules.Parse(path, data)
	if err != nil {
		return nil, []error{err}
	}
	if f.Class() == rules.NotARule {
		return data, nil
	}
	r, err := f.Rule()
	if err != nil {
		return nil, []error{err}
	}
	src, err := r.QueryText()
	if err != nil {
		return nil, []error{err}
	}
	q, err := kql.Parse(src)
	if err != nil {
		var ke *kql.Error
		if errors.As(err, &ke) {
			pos := r.QueryPosition(ke.Pos.Offset)
			return nil, []error{&syntaxError{pos: pos.String(), msg: "query: " + ke.Msg, snippet: ke.Snippet()}}
		}
		return nil, []error{err}
	}
	formatted, err := formatQuery(q, src, false) // SetQuery keeps the file's line breaks
	if err != nil {
		return nil, []error{&rules.Error{File: path, Field: "query", Msg: err.Error()}}
	}
	if formatted == src {
		return data, nil
	}
	if err := r.SetQuery(formatted); err != nil {
		return nil, []error{err}
	}
	return f.Bytes(), nil
}

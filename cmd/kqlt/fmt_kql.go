package main

import (
	"errors"
	"fmt"
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

// formatQuery formats q, whose source text is old, keeping old's final line
// breaks; crlf asks for CRLF line breaks.
func formatQuery(q *kql.Query, old string, crlf bool) (string, error) {
	body := strings.TrimRight(kql.Format(q), "\r\n")
	if strings.TrimSpace(old) == "" {
		return old, nil
	}
	trimmed := strings.TrimRight(old, "\r\n")
	tail := old[len(trimmed):]
	if crlf {
		body = strings.ReplaceAll(body, "\n", "\r\n")
	}
	out := body + tail
	// Formatting changes only whitespace; make sure of it before anyone
	// writes the result.
	if _, err := kql.Parse(out); err != nil {
		return "", fmt.Errorf("internal error: the formatted query does not parse (%v); please report this", err)
	}
	return out, nil
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

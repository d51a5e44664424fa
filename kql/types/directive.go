package types

import (
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// knownDirectives are the client directives Kusto knows (Kusto.Language's
// KustoFacts.Directives); the official analysis reports any other.
var knownDirectives = map[string]bool{
	"automate": true, "browse": true, "connect": true, "crp": true, "database": true,
	"download": true, "qp": true, "query": true, "run": true, "save": true, "sqr": true,
	"truesight": true, "upload": true, "welcome": true,
}

// directives checks the client directives that may stand before the first
// statement, one a line: #name arguments. The parser keeps them as trivia.
// The official analysis, which Sentinel runs, reports an unknown name, and
// #connect and #database with a cluster or database, since it knows none
// but the workspace's.
func (c *checker) directives(q *kql.Query) {
	src := q.Source()
	end := len(src)
	if len(q.Stmts) > 0 && q.Stmts[0].Pos().IsValid() {
		end = q.Stmts[0].Pos().Offset()
	}
	for off := 0; off < end; {
		line := src[off:end]
		if nl := strings.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl+1]
		}
		start := off
		off += len(line)
		text := strings.TrimLeft(line, " \t\f\r\u00a0\ufeff")
		if !strings.HasPrefix(text, "#") {
			continue // blank, or a comment
		}
		at := start + len(line) - len(text)
		text = strings.TrimRight(text, "\r\n")
		n := 1
		for n < len(text) && isDirectiveNameChar(text[n]) {
			n++
		}
		name, args := text[1:n], strings.TrimLeft(text[n:], " \t")
		span := directiveSpan{kql.PosOf(at), kql.PosOf(at + len(text))}
		switch {
		case !knownDirectives[name]:
			c.report(CodeDirective, SeverityError, span, "#"+name,
				"unknown client directive %q: Kusto knows #connect, #database, #qp, #crp, #run and a few others", "#"+name)
		case name == "connect" && args != "" && !strings.HasPrefix(args, "@"),
			name == "database" && args != "":
			c.report(CodeDirective, SeverityError, span, "#"+name,
				"the directive %q switches to another cluster or database, which Sentinel's analysis does not know; the query runs on the workspace", "#"+name)
		}
	}
}

func isDirectiveNameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '$'
}

// directiveSpan is the span of a directive, which has no node.
type directiveSpan struct{ pos, end kql.Pos }

func (s directiveSpan) Pos() kql.Pos { return s.pos }
func (s directiveSpan) End() kql.Pos { return s.end }

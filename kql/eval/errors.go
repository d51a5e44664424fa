package eval

import (
	"fmt"

	"github.com/kqlt/kqlt/kql"
)

// Error is an error found while evaluating a query: a query the evaluator
// cannot run (a name that does not resolve, a type mismatch, a limit), or a
// construct it does not support. It names the place in the query.
type Error struct {
	Pos         kql.Position // where in the query (Offset is a byte offset into the query text)
	End         kql.Position // end of the offending construct, when known
	Msg         string
	Unsupported bool // the query uses an operator, function or option the evaluator does not implement
	// Limit is "rows" or "memory" when the query went over a budget
	// (Options.MaxRows, Options.MaxMemory), "" otherwise.
	Limit string
	// Watchlist is the alias of the watchlist the query reads with
	// _GetWatchlist but Options.Watchlists lacks, "" otherwise.
	Watchlist string
	// Table is the name of the table the query reads but the run was not
	// given (Options.Tables), "" otherwise. A union with isfuzzy=true skips
	// the legs that fail this way, as Kusto skips the legs that do not
	// resolve.
	Table string
}

func (e *Error) Error() string {
	prefix := ""
	if e.Unsupported {
		prefix = "unsupported: "
	}
	if !e.Pos.IsValid() {
		return prefix + e.Msg
	}
	return e.Pos.String() + ": " + prefix + e.Msg
}

// errorAt returns an *Error at the position of node.
func (ev *evaluator) errorAt(node kql.Node, format string, args ...any) *Error {
	e := &Error{Msg: fmt.Sprintf(format, args...)}
	if node != nil && ev.q != nil {
		e.Pos = ev.q.Position(node.Pos())
		e.End = ev.q.Position(node.End())
	}
	return e
}

// unsupported returns an "unsupported" *Error at the position of node.
func (ev *evaluator) unsupported(node kql.Node, format string, args ...any) *Error {
	e := ev.errorAt(node, format, args...)
	e.Unsupported = true
	return e
}

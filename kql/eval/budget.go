package eval

import (
	"fmt"
	"runtime/debug"
	"runtime/metrics"
	"unsafe"

	"github.com/kqlt/kqlt/kql"
)

// Budgets. A query over small sample data can still ask for a cartesian
// join, an mv-expand of a million-element array on every row, or a string
// that doubles at every extend. The evaluator bounds what one evaluation
// builds in two ways, checked while operators build their output, not
// after:
//
//   - rows: no operator produces more than Options.MaxRows rows
//     (DefaultMaxRows, 10,000,000);
//   - memory: the values the evaluation builds, estimated row by row (a
//     Value, the text of a string, the elements of an array or bag, the
//     row indexes of filters and joins), stay below Options.MaxMemory
//     (DefaultMaxMemory, 512 MiB). The input tables are not counted: they
//     are the caller's. The estimate is cumulative: a value that becomes
//     garbage is still counted, so it errs on the safe side. Operators
//     that know their output size (join, mv-expand, union, range) check
//     it before building anything, so a refused query may have allocated
//     little: the estimate is of what it would have built. Measured with
//     runtime.ReadMemStats, the estimate is 0.87-1.00 of the bytes a join,
//     union or mv-expand allocates (TestMemoryEstimate; the 0.87 is a
//     join's columns of 900 values, which the allocator rounds up to whole
//     pages).
//
// The error of a query over budget is an *Error at the operator, naming it
// and the limit, with Limit set to "rows" or "memory".
//
// A command that evaluates can also bound the process with Go's soft
// memory limit (SetMemoryLimit), so that the garbage collector works
// harder before memory passes the budget.

// DefaultMaxMemory is the default bound on the estimated bytes of the
// values one evaluation builds.
const DefaultMaxMemory = 512 << 20

// valueBytes is the size of a Value, the unit of the memory estimate.
const valueBytes = int64(unsafe.Sizeof(Value{}))

// payloadBytes estimates the bytes v holds besides the Value itself: the
// text of a string and, one level deep, the elements of an array or bag
// (nested values are counted by the operator that built them; counting
// them again at each level would count shared values many times).
func payloadBytes(v Value) int64 {
	n := int64(len(v.s))
	switch d := v.d.(type) {
	case []Value:
		n += int64(len(d)) * valueBytes
	case *propBag:
		n += int64(len(d.keys)) * (valueBytes + 16)
	}
	return n
}

// overRows returns the error of an operator that produces more than the
// row limit.
func (ev *evaluator) overRows(at kql.Node, op string) *Error {
	e := ev.errorAt(at, "%s produces more than %s rows, the row limit", op, formatCount(int64(ev.maxRows)))
	e.Limit = "rows"
	return e
}

// checkRows fails when rows is over the row limit.
func (ev *evaluator) checkRows(at kql.Node, op string, rows int) error {
	if rows > ev.maxRows {
		return ev.overRows(at, op)
	}
	return nil
}

// charge adds bytes, an estimate of what the operator op at at builds, to
// the evaluation's total, failing when the total passes the memory limit.
func (ev *evaluator) charge(at kql.Node, op string, bytes int64) error {
	if bytes <= 0 {
		return nil
	}
	ev.mem += bytes
	if ev.mem <= ev.maxMem {
		return nil
	}
	// Operators charge what they will build before building it, so the
	// estimate includes values that were never allocated.
	e := ev.errorAt(at, "%s: the values the query builds would take more than %s, the memory limit (about %s with what %s builds, estimated)",
		op, formatBytes(ev.maxMem), formatBytes(ev.mem), op)
	e.Limit = "memory"
	return e
}

// fits reports whether bytes more would stay within the memory limit,
// without charging them.
func (ev *evaluator) fits(bytes int64) bool { return ev.mem+bytes <= ev.maxMem }

// meter charges the bytes of values built one at a time, in batches so that
// the check costs nothing per value.
type meter struct {
	ev      *evaluator
	at      kql.Node
	op      string
	pending int64
}

const meterBatch = 1 << 20

// add counts b bytes; it fails once the total passes the memory limit.
func (m *meter) add(b int64) error {
	m.pending += b
	if m.pending < meterBatch {
		return nil
	}
	return m.flush()
}

// value counts a value built into a column.
func (m *meter) value(v Value) error { return m.add(valueBytes + payloadBytes(v)) }

func (m *meter) flush() error {
	b := m.pending
	m.pending = 0
	return m.ev.charge(m.at, m.op, b)
}

func formatCount(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.3g GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.3g MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.3g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// SetMemoryLimit sets the Go runtime's soft memory limit
// (runtime/debug.SetMemoryLimit) to the memory the process uses now plus
// budget (0 means DefaultMaxMemory), and returns the previous limit. A
// command calls it once, after loading its inputs and before evaluating,
// so that the garbage collector works harder before the process passes
// what the evaluation may take; a library leaves the process's limit to
// its caller.
func SetMemoryLimit(budget int64) int64 {
	if budget <= 0 {
		budget = DefaultMaxMemory
	}
	samples := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(samples)
	inUse := int64(0)
	if samples[0].Value.Kind() == metrics.KindUint64 && samples[1].Value.Kind() == metrics.KindUint64 {
		inUse = int64(samples[0].Value.Uint64() - samples[1].Value.Uint64())
	}
	return debug.SetMemoryLimit(inUse + budget)
}

// opName names an operator for messages.
func opName(op kql.Node) string {
	switch op := op.(type) {
	case *kql.WhereOp:
		return op.Keyword
	case *kql.ExtendOp:
		return "extend"
	case *kql.ProjectOp:
		return op.Keyword
	case *kql.SummarizeOp:
		return "summarize"
	case *kql.MakeSeriesOp:
		return "make-series"
	case *kql.MvExpandOp:
		return op.Keyword
	case *kql.MvApplyOp:
		return op.Keyword
	case *kql.JoinOp:
		return op.Keyword
	case *kql.UnionOp:
		return "union"
	case *kql.TakeOp:
		return op.Keyword
	case *kql.TopOp:
		return "top"
	case *kql.SortOp:
		return op.Keyword
	case *kql.DistinctOp:
		return "distinct"
	case *kql.RangeOp:
		return "range"
	case *kql.PrintOp:
		return "print"
	case *kql.DatatableExpr:
		return "datatable"
	}
	if name := unsupportedOperator(op); name != "" {
		return name
	}
	return "the operator"
}

// valueTooLarge is panicked by the scalar functions that would build a
// value over the budget (range(), strcat(), replace_string(), dynamic
// values): a scalar function has no error result. EvalAll recovers it as
// an *Error at the operator being evaluated.
type valueTooLarge struct {
	msg   string
	limit string // "memory" when the memory limit refused it
}

// unsupportedValue is panicked by a function that meets values whose
// result the reference leaves open (stdev() of one value): like
// valueTooLarge, EvalAll recovers it, as an *Error marked Unsupported at
// the function call.
type unsupportedValue struct {
	at  kql.Node
	msg string
}

// need panics with a *valueTooLarge when bytes more would not fit the
// memory limit: a scalar function calls it before building a large value.
func (ev *evaluator) need(bytes int64, what string) {
	if bytes > 1<<16 && !ev.fits(bytes) {
		panic(&valueTooLarge{fmt.Sprintf("%s would take %s, more than is left of the memory limit of %s", what, formatBytes(bytes), formatBytes(ev.maxMem)), "memory"})
	}
}

// recoverTooLarge turns a *valueTooLarge panic into *errp, an *Error at the
// operator being evaluated, and an *unsupportedValue panic into an *Error
// marked Unsupported at its node.
func (ev *evaluator) recoverTooLarge(errp *error) {
	r := recover()
	if r == nil {
		return
	}
	if uv, ok := r.(*unsupportedValue); ok {
		*errp = ev.unsupported(uv.at, "%s", uv.msg)
		return
	}
	tl, ok := r.(*valueTooLarge)
	if !ok {
		panic(r)
	}
	e := ev.errorAt(ev.at, "%s: %s", opName(ev.at), tl.msg)
	e.Limit = tl.limit
	*errp = e
}

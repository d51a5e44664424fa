package types

import (
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kqlt/kqlt/kql"
)

// argumentPicker builds arbitrary arguments from a stream of choices.
type argumentPicker struct {
	next func(n int) int // a choice in [0, n)
}

var pickTypes = []Type{
	nil, Unknown, Bool, Int, Long, Real, Decimal, String, DateTime, Timespan, GUID, Dynamic, Kind(200),
	testRow, &Schema{Open: true}, (*Schema)(nil), &Tuple{}, &Tuple{Columns: []*Column{{Name: "a", Type: Long}}},
	(*Tuple)(nil), &Tuple{Columns: []*Column{nil}}, &Tuple{Columns: []*Column{{Name: "z", Type: Kind(250)}}},
}

var pickValues = []any{nil, "", "year", "~", int64(5), -1.5, true, time.Hour, time.Time{}, struct{}{}}

func (p *argumentPicker) expr(depth int) kql.Expr {
	switch p.next(12) {
	case 0:
		return nil
	case 1:
		return &kql.BasicLit{ValuePos: 1, Kind: kql.LitKind(p.next(12)), Value: []string{`"x"`, "1", "true", "1.5", `''`, "~", `"~"`}[p.next(7)]}
	case 2:
		return &kql.Star{Star: 1}
	case 3:
		return &kql.TypeOfExpr{Types: []kql.Expr{&kql.Ident{Name: []string{"long", "string", "nosuch"}[p.next(3)]}}}
	case 4:
		return &kql.TypeOfExpr{Types: []kql.Expr{&kql.ColumnDecl{Name: &kql.Ident{Name: "a"}, Type: &kql.Ident{Name: "long"}}, &kql.Star{}}}
	case 5:
		if depth > 2 {
			return nil
		}
		return &kql.NamedExpr{Name: &kql.Ident{Name: []string{"x", "return_unmatched", "radius", "return_lookup_key"}[p.next(4)]}, Value: p.expr(depth + 1)}
	case 6:
		if depth > 2 {
			return nil
		}
		return &kql.CallExpr{Fun: &kql.Ident{Name: "sum"}, Args: []kql.Expr{p.expr(depth + 1)}}
	case 7:
		return &kql.ParenExpr{X: &kql.Ident{Name: "s"}}
	case 8:
		return &kql.CompoundString{Parts: []*kql.BasicLit{{Kind: kql.StringLit, Value: `"a"`}, {Kind: kql.StringLit, Value: `'b'`}}}
	case 9:
		return &kql.DynamicLit{}
	case 10:
		return &kql.CompoundNamedExpr{Names: []*kql.Ident{{Name: "a"}}, Value: &kql.Ident{Name: "s"}}
	}
	return &kql.Ident{NamePos: 1, Name: []string{"s", "l", "y", "nosuch"}[p.next(4)]}
}

func (p *argumentPicker) argument() argument {
	a := argument{
		Expr:       p.expr(0),
		Type:       pickTypes[p.next(len(pickTypes))],
		Star:       p.next(5) == 0,
		Const:      p.next(2) == 0,
		Value:      pickValues[p.next(len(pickValues))],
		ResultName: []string{"", "x", "a b"}[p.next(3)],
	}
	if n, ok := a.Expr.(*kql.NamedExpr); ok && n.Name != nil {
		a.Name = n.Name.Name
	}
	if p.next(3) == 0 {
		a.Column = testRow.Columns[p.next(len(testRow.Columns))]
	}
	return a
}

func (p *argumentPicker) site(fn *Builtin, nargs int) *callSite {
	site := &callSite{Fun: fn}
	if p.next(4) > 0 {
		site.Call = &kql.CallExpr{Fun: &kql.Ident{NamePos: 1, Name: fn.Name}, Lparen: 2, Rparen: 3}
	}
	site.Row = []*Schema{nil, {}, testRow, {Columns: testRow.Columns, Open: true}}[p.next(4)]
	if p.next(3) == 0 {
		site.By = []*Column{testRow.Columns[0], nil}
	}
	for range nargs {
		site.Args = append(site.Args, p.argument())
	}
	return site
}

// operator builds an operator expression of n operands.
func (p *argumentPicker) operator(op string, n int) *operatorSite {
	site := &operatorSite{Op: op}
	for range n {
		site.Args = append(site.Args, p.argument())
	}
	switch {
	case n == 1:
		site.Node = &kql.UnaryExpr{OpPos: 1, Op: op}
	case op == "between" || op == "!between":
		site.Node = &kql.BetweenExpr{OpPos: 1, Op: op}
	case strings.Contains(op, "in") || strings.HasPrefix(op, "has_a"):
		site.Node = &kql.InExpr{OpPos: 1, Op: op}
	default:
		site.Node = &kql.BinaryExpr{OpPos: 1, Op: op}
	}
	return site
}

func checkOperatorSite(t *testing.T, site *operatorSite) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("checkOperator(%s with %d operands) panicked: %v", site.Op, len(site.Args), r)
		}
	}()
	typ, diags := checkOperator(site)
	if typ == nil {
		t.Fatalf("checkOperator(%s) returned a nil type", site.Op)
	}
	for _, d := range diags {
		if d.Code != CodeTypeMismatch && d.Code != CodeArgumentCount || d.Name != site.Op {
			t.Fatalf("checkOperator(%s): bad diagnostic %+v", site.Op, d)
		}
	}
}

// checkSite runs checkCall and checks the invariants of its answer.
func checkSite(t *testing.T, site *callSite) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("checkCall(%s with %d arguments) panicked: %v", site.Fun.Name, len(site.Args), r)
		}
	}()
	typ, diags := checkCall(site)
	if typ == nil {
		t.Fatalf("checkCall(%s) returned a nil type", site.Fun.Name)
	}
	_ = typ.String()
	for _, d := range diags {
		if d.Code != CodeArgumentCount && d.Code != CodeArgumentType {
			t.Fatalf("checkCall(%s): unexpected code %s", site.Fun.Name, d.Code)
		}
		if d.Name != site.Fun.Name || d.Severity != SeverityError {
			t.Fatalf("checkCall(%s): bad diagnostic %+v", site.Fun.Name, d)
		}
	}
}

// TestCheckCallNeverPanics calls every built-in with argument lists of
// every length up to two past its maximum (at most 12), of arbitrary
// types, forms and rows.
func TestCheckCallNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	p := &argumentPicker{next: rng.Intn}
	for _, list := range [][]*Builtin{builtinFunctions, builtinAggregates, builtinPlugIns} {
		for _, fn := range list {
			for n := 0; n <= min(fn.MaxArgs()+2, 12); n++ {
				for range 20 {
					checkSite(t, p.site(fn, n))
				}
			}
		}
	}
	for op := range operatorKinds {
		for n := 1; n <= 4; n++ {
			for range 20 {
				checkOperatorSite(t, p.operator(op, n))
			}
		}
	}
	checkOperatorSite(t, p.operator("-", 1))
	checkOperatorSite(t, &operatorSite{Op: "==", Node: (*kql.BinaryExpr)(nil)})
	checkOperatorSite(t, &operatorSite{Op: "nosuch"})
	if typ, diags := checkOperator(nil); typ != Unknown || diags != nil {
		t.Errorf("checkOperator(nil) = %v, %v", typ, diags)
	}
	checkSite(t, &callSite{Fun: &Builtin{Name: "empty"}})
	if typ, diags := checkCall(nil); typ != Unknown || diags != nil {
		t.Errorf("checkCall(nil) = %v, %v", typ, diags)
	}
}

// FuzzCheckCall drives the choice of built-in and arguments with the
// fuzzer's bytes.
func FuzzCheckCall(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte("arg_max(x, *) by y"))
	f.Add([]byte{200, 7, 7, 7, 7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1})
	all := append(append(append([]*Builtin(nil), builtinFunctions...), builtinAggregates...), builtinPlugIns...)
	var ops []string
	for op := range operatorKinds {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	f.Fuzz(func(t *testing.T, data []byte) {
		pos := 0
		next := func(n int) int {
			if n <= 0 {
				return 0
			}
			if pos >= len(data) {
				return 0
			}
			b := int(data[pos])
			pos++
			return b % n
		}
		if len(data) < 2 {
			return
		}
		pos = 2
		p := &argumentPicker{next: next}
		if k := int(data[0])<<8 | int(data[1]); k >= 0xff00 {
			checkOperatorSite(t, p.operator(ops[k%len(ops)], 1+next(4)))
			return
		}
		fn := all[(int(data[0])<<8|int(data[1]))%len(all)]
		checkSite(t, p.site(fn, next(14)))
	})
}

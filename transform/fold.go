package transform

import (
	"github.com/kqlt/kqlt/kql"
)

// fold simplifies boolean expressions with constant operands, bottom up:
//
//	x and false → false    x and true → x
//	x or true   → true     x or false → x
//	not(true)   → false    (true)     → true
//	iff(true, a, b) → a    case(false, a, c, b, d) → case(c, b, d)
//
// KQL expressions have no side effects and and/or follow three-valued
// logic, in which false and null is false and true or null is true, so
// each rule holds for every value of x, null included.
func (c *converter) fold() {
	kql.Apply(c.q, nil, func(cur *kql.Cursor) bool {
		n := cur.Node()
		folded, ok := c.foldNode(n)
		if !ok {
			return true
		}
		before := c.text(n)
		cur.Replace(folded)
		c.change(Fold, n, before, kql.Format(folded), "boolean simplification")
		return true
	})
}

// constValue reports whether x is the literal true or false.
func constValue(x kql.Expr) (value, ok bool) {
	if b, isLit := x.(*kql.BasicLit); isLit && b.Kind == kql.BoolLit {
		switch b.Value {
		case "true", "bool(true)":
			return true, true
		case "false", "bool(false)":
			return false, true
		}
	}
	return false, false
}

func (c *converter) foldNode(n kql.Node) (kql.Expr, bool) {
	switch x := n.(type) {
	case *kql.ParenExpr:
		if _, ok := constValue(x.X); ok {
			return x.X, true
		}
	case *kql.BinaryExpr:
		if x.Op != "and" && x.Op != "or" {
			return nil, false
		}
		absorbing := x.Op == "or" // or: true absorbs; and: false absorbs
		if v, ok := constValue(x.X); ok {
			if v == absorbing {
				return x.X, true
			}
			return x.Y, true
		}
		if v, ok := constValue(x.Y); ok {
			if v == absorbing {
				return x.Y, true
			}
			return x.X, true
		}
	case *kql.CallExpr:
		name, ok := callName(x)
		if !ok {
			return nil, false
		}
		switch {
		case name == "not" && len(x.Args) == 1:
			if v, ok := constValue(x.Args[0]); ok {
				return boolLit(!v), true
			}
		case (name == "iff" || name == "iif") && len(x.Args) == 3:
			if v, ok := constValue(x.Args[0]); ok {
				if v {
					return x.Args[1], true
				}
				return x.Args[2], true
			}
		case name == "case" && len(x.Args) >= 3 && len(x.Args)%2 == 1:
			return foldCase(x)
		}
	}
	return nil, false
}

// foldCase drops the branches of case(...) whose condition is false, and
// cuts the rest at a condition that is true.
func foldCase(x *kql.CallExpr) (kql.Expr, bool) {
	args := x.Args
	var kept []kql.Expr
	changed := false
	for i := 0; i+1 < len(args); i += 2 {
		v, ok := constValue(args[i])
		switch {
		case ok && !v:
			changed = true
			continue
		case ok && v:
			if len(kept) == 0 {
				return args[i+1], true
			}
			kept = append(kept, args[i+1]) // the default from here on
			return &kql.CallExpr{Fun: x.Fun, Lparen: x.Lparen, Args: kept, Rparen: x.Rparen}, true
		}
		kept = append(kept, args[i], args[i+1])
	}
	if !changed {
		return nil, false
	}
	def := args[len(args)-1]
	if len(kept) == 0 {
		return def, true
	}
	return &kql.CallExpr{Fun: x.Fun, Lparen: x.Lparen, Args: append(kept, def), Rparen: x.Rparen}, true
}

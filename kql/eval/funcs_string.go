package eval

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/kqlt/kqlt/kql"
)

// String functions.

func init() {
	register("strcat", 1, 64, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return liftN(TypeString, args, func(vs []Value) Value {
			parts := make([]string, len(vs))
			size := int64(0)
			for i, v := range vs {
				parts[i] = stringOf(v)
				size += int64(len(parts[i]))
			}
			c.ev.need(size, "strcat()")
			return NewString(strings.Join(parts, ""))
		}), nil
	})
	register("strcat_delim", 3, 65, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return liftN(TypeString, args, func(vs []Value) Value {
			parts := make([]string, len(vs)-1)
			delim := stringOf(vs[0])
			size := int64(len(delim)) * int64(len(parts))
			for i, v := range vs[1:] {
				parts[i] = stringOf(v)
				size += int64(len(parts[i]))
			}
			c.ev.need(size, "strcat_delim()")
			return NewString(strings.Join(parts, delim))
		}), nil
	})
	register("strcat_array", 2, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift2(TypeString, args[0], args[1], func(a, d Value) Value {
			arr, ok := a.array()
			if !ok {
				return NewString("")
			}
			parts := make([]string, len(arr))
			delim := stringOf(d)
			size := int64(len(delim)) * int64(len(parts))
			for i, e := range arr {
				parts[i] = stringOf(e)
				size += int64(len(parts[i]))
			}
			c.ev.need(size, "strcat_array()")
			return NewString(strings.Join(parts, delim))
		}), nil
	})
	register("strlen", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeLong, args[0], func(v Value) Value {
			return NewLong(int64(utf8.RuneCountInString(stringOf(v))))
		}), nil
	})
	register("tolower", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeString, args[0], func(v Value) Value { return NewString(strings.ToLower(stringOf(v))) }), nil
	})
	register("toupper", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeString, args[0], func(v Value) Value { return NewString(strings.ToUpper(stringOf(v))) }), nil
	})
	register("substring", 2, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if len(args) == 2 {
			args = append(args, constant(Null(TypeLong)))
		}
		return lift3(TypeString, args[0], args[1], args[2], func(s, start, n Value) Value {
			r := []rune(stringOf(s))
			st, ok := start.Long()
			if !ok {
				return NewString("")
			}
			if st < 0 { // from the end
				st += int64(len(r))
				if st < 0 {
					st = 0
				}
			}
			if st > int64(len(r)) {
				return NewString("")
			}
			end := int64(len(r))
			if l, ok := n.Long(); ok {
				if l < 0 {
					return NewString("")
				}
				if st+l < end {
					end = st + l
				}
			}
			return NewString(string(r[st:end]))
		}), nil
	})
	register("split", 2, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if len(args) == 2 {
			args = append(args, constant(Null(TypeLong)))
		}
		return lift3(TypeDynamic, args[0], args[1], args[2], func(s, d, idx Value) Value {
			var parts []string
			if sep := stringOf(d); sep == "" {
				parts = []string{stringOf(s)}
			} else {
				parts = strings.Split(stringOf(s), sep)
			}
			if k, ok := idx.Long(); ok {
				if k < 0 || k >= int64(len(parts)) {
					return dynArray(nil)
				}
				parts = parts[k : k+1]
			}
			elems := make([]Value, len(parts))
			for i, p := range parts {
				elems[i] = toDyn(NewString(p))
			}
			return dynArray(elems)
		}), nil
	})
	register("replace_string", 3, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift3(TypeString, args[0], args[1], args[2], func(text, lookup, rewrite Value) Value {
			l := stringOf(lookup)
			if l == "" {
				return NewString(stringOf(text))
			}
			t, r := stringOf(text), stringOf(rewrite)
			if len(r) > len(l) {
				c.ev.need(int64(len(t))+int64(strings.Count(t, l))*int64(len(r)-len(l)), "replace_string()")
			}
			return NewString(strings.ReplaceAll(t, l, r))
		}), nil
	})
	replaceRegex := func(textArg, reArg, rewriteArg int) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			re, err := c.constRegex(call.Args[reArg], args[reArg])
			if err != nil {
				return nil, err
			}
			return lift2(TypeString, args[textArg], args[rewriteArg], func(text, rewrite Value) Value {
				t, r := stringOf(text), kqlRewrite(stringOf(rewrite))
				if int64(len(t)+1)*int64(len(r)+1) > 1<<16 {
					// A bound of the result: each match becomes the rewrite;
					// a group reference copies part of its match, and the
					// matches do not overlap.
					m := int64(len(re.FindAllStringIndex(t, -1)))
					refs := int64(strings.Count(r, "$"))
					c.ev.need(int64(len(t))+m*int64(len(r))+refs*int64(len(t)), "replace_regex()")
				}
				return NewString(re.ReplaceAllString(t, r))
			}), nil
		}
	}
	register("replace_regex", 3, 3, replaceRegex(0, 1, 2))
	register("replace", 3, 3, replaceRegex(2, 0, 1))
	registerRaw("extract", 3, 4, func(c *compiler, call *kql.CallExpr, _ []*cexpr) (*cexpr, error) {
		reX, err := c.expr(call.Args[0])
		if err != nil {
			return nil, err
		}
		re, err := c.constRegex(call.Args[0], reX)
		if err != nil {
			return nil, err
		}
		grp, err := c.expr(call.Args[1])
		if err != nil {
			return nil, err
		}
		src, err := c.expr(call.Args[2])
		if err != nil {
			return nil, err
		}
		typ := TypeString
		if len(call.Args) == 4 {
			if typ, err = c.typeArg(call.Args[3]); err != nil {
				return nil, err
			}
		}
		return lift2(typ, grp, src, func(g, s Value) Value {
			k, ok := g.Long()
			if !ok || k < 0 || int(k) > re.NumSubexp() {
				return Null(typ)
			}
			m := re.FindStringSubmatchIndex(stringOf(s))
			if m == nil || m[2*k] < 0 {
				return Null(typ)
			}
			str := NewString(stringOf(s)[m[2*k]:m[2*k+1]])
			return convertString(str, typ)
		}), nil
	})
	// extract_all(regex, [captureGroups,] source): every match's capture
	// groups (all of them, or those captureGroups names by number or
	// name); one group gives an array of strings, several an array of
	// arrays; no match gives null.
	register("extract_all", 2, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		re, err := c.constRegex(call.Args[0], args[0])
		if err != nil {
			return nil, err
		}
		if n := re.NumSubexp(); n < 1 || n > 16 {
			return nil, c.errorAt(call.Args[0], "extract_all() needs a regular expression with 1 to 16 capture groups, not %d", n)
		}
		groups := make([]int, re.NumSubexp())
		for i := range groups {
			groups[i] = i + 1
		}
		if len(args) == 3 {
			if !args[1].konst {
				return nil, c.ev.unsupported(call.Args[1], "computed capture groups are not supported")
			}
			list, ok := args[1].fn(0).array()
			if !ok || len(list) == 0 {
				return nil, c.errorAt(call.Args[1], "extract_all() takes the capture groups as a dynamic array of numbers or names")
			}
			groups = groups[:0]
			for _, g := range list {
				k, isNum := g.unwrap().Long()
				if g.unwrap().typ == TypeString {
					k, isNum = int64(re.SubexpIndex(g.unwrap().s)), true
				}
				if !isNum || k < 1 || int(k) > re.NumSubexp() {
					return nil, c.errorAt(call.Args[1], "extract_all(): %s is not a capture group of the regular expression", g.String())
				}
				groups = append(groups, int(k))
			}
		}
		return lift1(TypeDynamic, args[len(args)-1], func(v Value) Value {
			src := stringOf(v)
			matches := re.FindAllStringSubmatchIndex(src, -1)
			if matches == nil {
				return dynNull
			}
			group := func(m []int, k int) Value {
				if m[2*k] < 0 {
					return toDyn(NewString(""))
				}
				return toDyn(NewString(src[m[2*k]:m[2*k+1]]))
			}
			out := make([]Value, len(matches))
			for i, m := range matches {
				if len(groups) == 1 {
					out[i] = group(m, groups[0])
					continue
				}
				row := make([]Value, len(groups))
				for j, k := range groups {
					row[j] = group(m, k)
				}
				out[i] = dynArray(row)
			}
			return dynArray(out)
		}), nil
	})
	scalarFuncs["extractall"] = scalarFuncs["extract_all"]
	register("indexof", 2, 5, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		defaults := []Value{NewLong(0), NewLong(-1), NewLong(1)}
		for len(args) < 5 {
			args = append(args, constant(defaults[len(args)-2]))
		}
		return liftN(TypeLong, args, func(vs []Value) Value {
			return indexOf([]rune(stringOf(vs[0])), stringOf(vs[1]), vs[2], vs[3], vs[4])
		}), nil
	})
	trim := func(left, right bool) func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
			if !args[0].konst {
				return nil, c.ev.unsupported(call.Args[0], "a computed regular expression is not supported")
			}
			pat := stringOf(args[0].fn(0))
			var l, r *regexp.Regexp
			var err error
			if left {
				if l, err = regexp.Compile("^(?:" + pat + ")+"); err != nil {
					return nil, c.errorAt(call.Args[0], "invalid regular expression: %v", err)
				}
			}
			if right {
				if r, err = regexp.Compile("(?:" + pat + ")+$"); err != nil {
					return nil, c.errorAt(call.Args[0], "invalid regular expression: %v", err)
				}
			}
			return lift1(TypeString, args[1], func(v Value) Value {
				s := stringOf(v)
				if l != nil {
					s = l.ReplaceAllString(s, "")
				}
				if r != nil {
					s = r.ReplaceAllString(s, "")
				}
				return NewString(s)
			}), nil
		}
	}
	register("trim", 2, 2, trim(true, true))
	register("trim_start", 2, 2, trim(true, false))
	register("trim_end", 2, 2, trim(false, true))
	register("isempty", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeBool, args[0], func(v Value) Value { return NewBool(isEmpty(v)) }), nil
	})
	register("isnotempty", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeBool, args[0], func(v Value) Value { return NewBool(!isEmpty(v)) }), nil
	})
	register("isnull", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeBool, args[0], func(v Value) Value { return NewBool(v.null) }), nil
	})
	register("isnotnull", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeBool, args[0], func(v Value) Value { return NewBool(!v.null) }), nil
	})
	// string_size is the size of a string in bytes (UTF-8), where strlen
	// counts characters.
	register("string_size", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		return lift1(TypeLong, args[0], func(v Value) Value {
			if v.null {
				return Null(TypeLong)
			}
			return NewLong(int64(len(stringOf(v))))
		}), nil
	})
	// notnull and notempty are the older spellings the official parser
	// still accepts (hidden alternatives of isnotnull and isnotempty).
	scalarFuncs["notnull"] = scalarFuncs["isnotnull"]
	scalarFuncs["notempty"] = scalarFuncs["isnotempty"]
}

// isEmpty implements isempty(): null, the empty string, or a dynamic empty
// string.
func isEmpty(v Value) bool {
	if v.null {
		return true
	}
	u := v.unwrap()
	return u.typ == TypeString && u.s == ""
}

// constRegex compiles a constant regular expression argument.
func (c *compiler) constRegex(node kql.Expr, x *cexpr) (*regexp.Regexp, error) {
	if !x.konst {
		return nil, c.ev.unsupported(node, "a computed regular expression is not supported")
	}
	re, err := regexp.Compile(stringOf(x.fn(0)))
	if err != nil {
		return nil, c.errorAt(node, "invalid regular expression: %v", err)
	}
	return re, nil
}

// kqlRewrite turns the \1 group references of KQL rewrite strings into Go's
// ${1}, and escapes $.
func kqlRewrite(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteString("${")
			b.WriteByte(s[i+1])
			b.WriteString("}")
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// convertString converts an extracted string to typ, as extract() with a
// type argument does.
func convertString(s Value, typ Type) Value {
	switch typ {
	case TypeString:
		return s
	case TypeLong:
		return toLongV(s)
	case TypeInt:
		return toIntV(s)
	case TypeReal:
		return toRealV(s)
	case TypeBool:
		return toBoolV(s)
	case TypeDateTime:
		return toDateTimeV(s)
	case TypeTimespan:
		return toTimespanV(s)
	case TypeGUID:
		return toGUIDV(s)
	case TypeDynamic:
		return toDynamicV(s)
	}
	return Null(typ)
}

// indexOf implements indexof(): the index of the occurrence-th match of
// lookup in s, searching from start (negative: from the end) over length
// character positions (-1: to the end), a match having to end within them.
func indexOf(s []rune, lookup string, start, length, occurrence Value) Value {
	st, ok1 := start.Long()
	l, ok2 := length.Long()
	occ, ok3 := occurrence.Long()
	if !ok1 || !ok2 || !ok3 || l < -1 || occ < 0 {
		return Null(TypeLong)
	}
	if st < 0 {
		st += int64(len(s))
		if st < 0 {
			return Null(TypeLong)
		}
	}
	if st > int64(len(s)) {
		return NewLong(-1)
	}
	end := int64(len(s))
	if l >= 0 && st+l+1 < end {
		end = st + l + 1
	}
	region := string(s[st:end])
	if occ == 0 {
		occ = 1
	}
	from := 0
	for {
		k := strings.Index(region[from:], lookup)
		if k < 0 {
			return NewLong(-1)
		}
		k += from
		occ--
		if occ == 0 {
			return NewLong(st + int64(utf8.RuneCountInString(region[:k])))
		}
		_, size := utf8.DecodeRuneInString(region[k:])
		if size == 0 {
			return NewLong(-1)
		}
		from = k + size
	}
}

func init() {
	// reverse(value) reverses a string, by characters; a value of another
	// type is converted to a string first
	// (https://learn.microsoft.com/kusto/query/reverse-function). The
	// reference's example reverses a datetime in its 7-digit form
	// ("Z0000000.00:00:21T51-01-7102"), which tostring() does not give, and
	// says nothing of dynamic values: those are not supported.
	register("reverse", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		switch t := args[0].typ; t {
		case TypeDateTime, TypeDynamic:
			return nil, c.ev.unsupported(call, "reverse() of a %s is not supported: the reference does not say which text of it Kusto reverses", t)
		}
		return lift1(TypeString, args[0], func(v Value) Value {
			r := []rune(stringOf(v))
			for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
				r[i], r[j] = r[j], r[i]
			}
			return NewString(string(r))
		}), nil
	})
	// translate(searchList, replacementList, source) replaces each
	// character of source found in searchList by the character of
	// replacementList at its position
	// (https://learn.microsoft.com/kusto/query/translate-function). The
	// reference's examples fix the rest: a shorter replacementList repeats
	// its last character (translate("abc", "x", "abc") is "xxx"), and an
	// empty one deletes the characters (translate("abc", "", "ab") is "").
	// A character listed twice in searchList, which the reference leaves
	// open, is not supported.
	register("translate", 3, 3, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		for _, a := range args {
			if a.typ != TypeString && a.typ != TypeDynamic {
				return nil, c.errorAt(call, "translate() takes strings, not %s", a.typ)
			}
		}
		return lift3(TypeString, args[0], args[1], args[2], func(search, repl, src Value) Value {
			from, to := []rune(stringOf(search)), []rune(stringOf(repl))
			m := make(map[rune]int, len(from))
			for i, r := range from {
				if _, dup := m[r]; dup {
					panic(&unsupportedValue{at: call, msg: fmt.Sprintf("translate() with %q twice in its search list is not supported: the reference does not say which replacement Kusto takes", string(r))})
				}
				m[r] = i
			}
			var b strings.Builder
			for _, r := range stringOf(src) {
				i, ok := m[r]
				switch {
				case !ok:
					b.WriteRune(r)
				case len(to) == 0:
				case i < len(to):
					b.WriteRune(to[i])
				default:
					b.WriteRune(to[len(to)-1])
				}
			}
			return NewString(b.String())
		}), nil
	})
}

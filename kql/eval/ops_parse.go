package eval

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kqlt/kqlt/kql"
)

// parse and parse-where: a string is matched against a pattern of string
// constants, * (skip) and columns (Name or Name:type), and each column
// takes the text its place matched, converted to its type.
//
// The pattern becomes one Go regexp (RE2 syntax, as Kusto's). What Kusto's
// reference documents, and what its examples show, fixes the translation:
//
//   - kind=simple and kind=relaxed: a constant is matched as text; * is
//     .*? (lazy: * "x=" stops at the first x=); a column is .*? up to what
//     follows it, and the whole pattern must reach the end of the string (a
//     trailing "c" after a column is the last c). A typed column followed by
//     * takes the text its type can hold (digits for long), since nothing
//     else stops it; a string column may not be followed by * (the official
//     analysis rejects it as ambiguous).
//   - kind=regex: a constant is a regular expression; * is .*?; a string
//     column is .* (greedy: the reference's example "resourceName=" Name ","
//     takes everything to the last comma) and a typed one the text its type
//     can hold; the match need not reach the end. flags= adds RE2 flags: i
//     (ignore case), m (multi-line), s (. matches \n) and U (swap greedy and
//     lazy, as RE2 does, so flags=U makes the string columns lazy).
//
// The pattern may match anywhere in the string (it is not anchored at the
// start). simple and regex are strict: when the pattern does not match or
// any column does not convert to its type, every extracted column is empty
// (strings) or null, and parse-where drops the row. relaxed keeps the
// columns that convert and nulls the others; when the pattern does not
// match, all are empty or null.
//
// Where the reference is silent and Kusto's answer could not be derived
// from its examples, the evaluator refuses rather than guesses: flags
// outside regex mode, a datetime or timespan column before * in simple and
// relaxed modes, datetime and timespan columns at the end of a regex
// pattern or under flags=U, an empty string constant, and parse-where
// kind=relaxed (not among parse-where's documented kinds).

// parseSegment is one column of a parse pattern.
type parseSegment struct {
	name  string
	typ   Type
	group int // the index of its capture group in the compiled regexp
}

// parseTypeShapes are the texts a typed column followed by * takes in
// simple and relaxed modes: leading blanks, then what its type can hold.
var parseTypeShapes = map[Type]string{
	TypeLong: `\s*[-+]?\d+`,
	TypeInt:  `\s*[-+]?\d+`,
	TypeReal: `\s*[-+]?(?:\d+\.?\d*|\.\d+)`,
	TypeBool: `\s*(?:(?i:true|false)|[-+]?\d+)`,
	TypeGUID: guidShape,
}

// parseRegexShapes are the texts a typed column takes in regex mode.
var parseRegexShapes = map[Type]string{
	TypeLong:     `\s*[-+]?\d+`,
	TypeInt:      `\s*[-+]?\d+`,
	TypeReal:     `\s*[-+]?\d+(?:\.\d+)?`,
	TypeBool:     `\s*(?i:true|false)`,
	TypeGUID:     guidShape,
	TypeDateTime: `\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{1,4})(?:[Tt ]\s*\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?)?(?:[Zz]|[-+]\d{1,2}(?::\d{1,2})?)?`,
	TypeTimespan: `\s*-?(?:\d+\.\d{1,2}:\d{1,2}:\d{1,2}|\d{1,2}:\d{1,2}(?::\d{1,2})?)(?:\.\d*)?`,
}

// guidShape is a GUID with or without hyphens, or in braces; alternation
// rather than optional braces, so that flags=U cannot drop the closing one.
const guidShape = `\s*(?:\{[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})`

// parseSpec checks the parameters and the pattern of op, before any row is
// read, and compiles the pattern.
func (ev *evaluator) parseSpec(op *kql.ParseOp) (kind string, re *regexp.Regexp, segs []parseSegment, err error) {
	ps, err := ev.params(op.Params, "kind", "flags")
	if err != nil {
		return "", nil, nil, err
	}
	kind = "simple"
	if k, ok := ps["kind"]; ok {
		kind = strings.ToLower(paramWord(k))
	}
	switch kind {
	case "simple", "regex":
	case "relaxed":
		if op.Keyword == "parse-where" {
			return "", nil, nil, ev.unsupported(op, "parse-where kind=relaxed is not supported: the reference documents parse-where with kind simple and regex only")
		}
	default:
		return "", nil, nil, ev.errorAt(op, "unknown parse kind %q: expected simple, regex or relaxed", kind)
	}
	flags := ""
	if f, ok := ps["flags"]; ok {
		flags = paramWord(f)
		if kind != "regex" {
			return "", nil, nil, ev.unsupported(f, "%s flags= is supported only with kind=regex", op.Keyword)
		}
		for _, r := range flags {
			if !strings.ContainsRune("imsU", r) {
				return "", nil, nil, ev.unsupported(f, "the regex flag %q is not supported: i, m, s and U are", r)
			}
		}
	}
	re, segs, err = ev.parsePattern(op, kind, flags)
	if err != nil {
		return "", nil, nil, err
	}
	return kind, re, segs, nil
}

func (ev *evaluator) parse(op *kql.ParseOp, in *Table, sc *scope) (*Table, error) {
	kind, re, segs, err := ev.parseSpec(op)
	if err != nil {
		return nil, err
	}
	for k, seg := range segs {
		if in.ColumnIndex(seg.name) >= 0 {
			// The official analysis keeps the input's column under that
			// name (S stays a string after parse S with "k=" S:long); what
			// Kusto calls the extracted one is not documented.
			return nil, ev.unsupported(op.Pattern[segIndex(op, k)], "parse into %q, a column the input already has, is not supported: the official analysis keeps the existing column under that name", seg.name)
		}
	}
	x, err := ev.compiler(sc, in).expr(op.X)
	if err != nil {
		return nil, err
	}
	text := x.fn
	if x.typ != TypeString {
		text = func(i int) Value { return toStringV(x.fn(i)) }
	}

	// One match per row; the extracted values are substrings of the row's
	// text, and Go's regexps run in time linear in it.
	n := in.n
	if !ev.fits(int64(n) * int64(len(segs)) * valueBytes) {
		return nil, ev.charge(op, op.Keyword, int64(n)*int64(len(segs))*valueBytes)
	}
	out := make([][]Value, len(segs))
	for k := range out {
		out[k] = make([]Value, 0, n)
	}
	var keep []int32
	m := meter{ev: ev, at: op, op: op.Keyword}
	vals := make([]Value, len(segs))
	for i := 0; i < n; i++ {
		s := text(i).s
		ok := false
		if loc := re.FindStringSubmatchIndex(s); loc != nil {
			ok = true
			for k, seg := range segs {
				a, b := loc[2*seg.group], loc[2*seg.group+1]
				captured := ""
				if a >= 0 {
					captured = s[a:b]
				}
				v, conv := parseConvert(captured, seg.typ)
				if !conv && kind != "relaxed" {
					ok = false
					break
				}
				vals[k] = v
			}
		}
		if !ok {
			if op.Keyword == "parse-where" {
				continue
			}
			for k, seg := range segs {
				vals[k] = Null(seg.typ)
			}
		}
		if op.Keyword == "parse-where" {
			keep = append(keep, int32(i))
		}
		for k := range segs {
			out[k] = append(out[k], vals[k])
			if err := m.value(vals[k]); err != nil {
				return nil, err
			}
		}
	}
	if err := m.flush(); err != nil {
		return nil, err
	}
	t := in
	if op.Keyword == "parse-where" {
		if err := ev.charge(op, op.Keyword, 4*int64(len(keep))); err != nil {
			return nil, err
		}
		t = in.gather(keep)
	}
	for k, seg := range segs {
		t = withColumn(t, seg.name, seg.typ, denseColumn(out[k]))
	}
	return t, nil
}

// parsePattern compiles the pattern of op into one regexp, returning the
// extracted columns with their capture groups.
func (ev *evaluator) parsePattern(op *kql.ParseOp, kind, flags string) (*regexp.Regexp, []parseSegment, error) {
	var b strings.Builder
	if flags != "" {
		b.WriteString("(?" + flags + ")")
	}
	var segs []parseSegment
	var decls []*kql.ColumnDecl
	seen := map[string]bool{}
	for k, part := range op.Pattern {
		switch p := part.(type) {
		case *kql.Star:
			b.WriteString(".*?")
		case *kql.BasicLit:
			s, ok := kql.StringValue(p)
			if !ok {
				return nil, nil, ev.errorAt(p, "a parse pattern holds string constants, * and columns")
			}
			if s == "" {
				return nil, nil, ev.unsupported(p, "an empty string constant in a parse pattern is not supported")
			}
			if kind == "regex" {
				if _, err := regexp.Compile(s); err != nil {
					return nil, nil, ev.errorAt(p, "invalid regular expression: %v", err)
				}
				// A group of its own, so that an alternation stays inside.
				b.WriteString("(?:" + s + ")")
			} else {
				b.WriteString(regexp.QuoteMeta(s))
			}
		case *kql.ColumnDecl:
			name := p.Name.Name
			if seen[name] {
				return nil, nil, ev.errorAt(p.Name, "the column %q is extracted twice", name)
			}
			seen[name] = true
			typ := TypeString
			if id, ok := p.Type.(*kql.Ident); ok {
				t, err := ParseType(id.Name)
				if err != nil {
					return nil, nil, ev.unsupported(p.Type, "parse into a %s column: %v", id.Name, err)
				}
				typ = t
			} else if p.Type != nil {
				return nil, nil, ev.errorAt(p.Type, "expected a scalar type")
			}
			starNext := k+1 < len(op.Pattern) && isStar(op.Pattern[k+1])
			last := k+2 == len(op.Pattern) && starNext
			capture, err := ev.parseCapture(p, kind, flags, typ, starNext, last, k == len(op.Pattern)-1)
			if err != nil {
				return nil, nil, err
			}
			group := len(segs) + 1
			segs = append(segs, parseSegment{name: name, typ: typ})
			decls = append(decls, p)
			b.WriteString("(?P<" + parseGroupName(group) + ">" + capture + ")")
		default:
			return nil, nil, ev.errorAt(part, "a parse pattern holds string constants, * and columns")
		}
	}
	if kind != "regex" {
		b.WriteString("$")
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, nil, ev.errorAt(op, "invalid parse pattern: %v", err)
	}
	for k := range segs {
		segs[k].group = re.SubexpIndex(parseGroupName(k + 1))
		if segs[k].group < 0 {
			return nil, nil, ev.errorAt(decls[k], "invalid parse pattern")
		}
	}
	return re, segs, nil
}

// parseGroupName names the capture group of the k-th extracted column; the
// name keeps it apart from the groups of a regex-mode pattern's constants.
func parseGroupName(k int) string { return "kqltParse" + strconv.Itoa(k) }

func isStar(e kql.Expr) bool {
	_, ok := e.(*kql.Star)
	return ok
}

// parseCapture returns the regexp a column of type typ matches.
func (ev *evaluator) parseCapture(d *kql.ColumnDecl, kind, flags string, typ Type, starNext, trailing, end bool) (string, error) {
	if typ == TypeString || typ == TypeDynamic {
		if starNext {
			return "", ev.errorAt(d, "using * after parsing a string column is ambiguous")
		}
		if kind == "regex" {
			return ".*", nil
		}
		return ".*?", nil
	}
	if kind == "regex" {
		shape, ok := parseRegexShapes[typ]
		if !ok {
			return "", ev.unsupported(d, "parse kind=regex into a %s column is not supported", typ)
		}
		if typ == TypeDateTime || typ == TypeTimespan {
			if end {
				return "", ev.unsupported(d, "parse kind=regex into a %s column at the end of the pattern is not supported: follow it with a constant or *", typ)
			}
			if strings.Contains(flags, "U") {
				return "", ev.unsupported(d, "parse kind=regex flags=U into a %s column is not supported", typ)
			}
		}
		return shape, nil
	}
	if !starNext {
		return ".*?", nil
	}
	shape, ok := parseTypeShapes[typ]
	if !ok {
		return "", ev.unsupported(d, "a %s column followed by * in a parse pattern is not supported: follow it with a constant", typ)
	}
	if trailing {
		// Before a * that ends the pattern the text may be missing: only
		// the conversion then fails (which relaxed mode tolerates).
		return "(?:" + shape + ")?", nil
	}
	return shape, nil
}

// parseConvert converts the text a column captured to its type. A string
// column takes the text as it is (empty when its group did not take
// part); a typed one is null, and not ok, when the text does not convert,
// including when it is empty.
func parseConvert(s string, typ Type) (Value, bool) {
	if typ == TypeString {
		return NewString(s), true
	}
	var v Value
	switch typ {
	case TypeLong, TypeInt:
		v = Null(typ)
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			if typ == TypeLong {
				v = NewLong(n)
			} else if n >= -1<<31 && n < 1<<31 {
				v = NewInt(int32(n))
			}
		}
	case TypeReal:
		v = Null(TypeReal)
		if f, ok := parseRealText(s); ok {
			v = NewReal(f)
		}
	case TypeBool:
		v = Null(TypeBool)
		t := strings.TrimSpace(s)
		switch strings.ToLower(t) {
		case "true":
			v = NewBool(true)
		case "false":
			v = NewBool(false)
		default:
			if n, err := strconv.ParseInt(strings.TrimPrefix(t, "+"), 10, 64); err == nil {
				v = NewBool(n != 0)
			}
		}
	case TypeDateTime:
		v = Null(TypeDateTime)
		if t, ok := parseDateTime(s); ok {
			v = dateTimeTicks(t)
		} else if t, ok := parseUSDateTime(s); ok {
			v = dateTimeTicks(t)
		}
	case TypeTimespan:
		v = toTimespanV(NewString(s))
	case TypeGUID:
		v = toGUIDV(NewString(s))
	case TypeDynamic:
		v = toDynamicV(NewString(s))
		return v, true
	default:
		return Null(typ), false
	}
	return v, !v.null
}

// usDateLayouts are the month/day/year forms of .NET's invariant culture,
// which the parse reference's examples convert (02/17/2016 08:40:01).
var usDateLayouts = []string{"1/2/2006 15:04:05", "1/2/2006 15:04", "1/2/2006", "1/2/2006 15:04:05.999999999"}

func parseUSDateTime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range usDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return ticksOf(t), true
		}
	}
	return 0, false
}

// segIndex returns the index in op.Pattern of the k-th extracted column.
func segIndex(op *kql.ParseOp, k int) int {
	for i, p := range op.Pattern {
		if _, ok := p.(*kql.ColumnDecl); ok {
			if k == 0 {
				return i
			}
			k--
		}
	}
	return 0
}

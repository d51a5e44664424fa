package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// format_datetime(date, format): the format is a constant made of the
// reference's format elements (d, dd, f to fffffff, h, hh, H, HH, m, mm,
// M, MM, s, ss, y, yy, yyyy, tt) and delimiters (space / - : , . _ [ ]).
// Anything else, and the F elements (whose handling of a preceding '.' the
// reference does not describe), is not supported.

func init() {
	register("format_datetime", 2, 2, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if args[0].typ != TypeDateTime && args[0].typ != TypeDynamic {
			return nil, c.errorAt(call, "format_datetime() takes a datetime, not %s", args[0].typ)
		}
		if !args[1].konst || args[1].typ != TypeString {
			return nil, c.ev.unsupported(call.Args[1], "format_datetime() is supported with a constant format only")
		}
		elems, err := parseDateFormat(args[1].fn(0).s)
		if err != nil {
			return nil, c.ev.unsupported(call.Args[1], "format_datetime(): %v", err)
		}
		return lift1(TypeString, args[0], func(d Value) Value {
			d = castTo(d, TypeDateTime)
			if d.null {
				return NewString("")
			}
			return NewString(formatDateElems(elems, d.n))
		}), nil
	})
}

// dateElem is a format element (a run of one letter) or a delimiter.
type dateElem struct {
	letter byte // 0 for a delimiter
	n      int  // the length of the run
	text   string
}

func parseDateFormat(f string) ([]dateElem, error) {
	var out []dateElem
	for i := 0; i < len(f); {
		ch := f[i]
		if strings.IndexByte(" /-:,._[]", ch) >= 0 {
			out = append(out, dateElem{text: f[i : i+1]})
			i++
			continue
		}
		j := i
		for j < len(f) && f[j] == ch {
			j++
		}
		n := j - i
		ok := false
		switch ch {
		case 'd', 'h', 'H', 'm', 'M', 's':
			ok = n <= 2
		case 'f':
			ok = n <= 7
		case 'y':
			ok = n == 1 || n == 2 || n == 4
		case 't':
			ok = n == 2
		}
		if !ok {
			return nil, fmt.Errorf("the format element %q is not supported", f[i:j])
		}
		out = append(out, dateElem{letter: ch, n: n})
		i = j
	}
	return out, nil
}

func formatDateElems(elems []dateElem, ticks int64) string {
	t := timeOf(ticks)
	var b strings.Builder
	num := func(v, width int) {
		s := strconv.Itoa(v)
		for k := len(s); k < width; k++ {
			b.WriteByte('0')
		}
		b.WriteString(s)
	}
	for _, e := range elems {
		switch e.letter {
		case 0:
			b.WriteString(e.text)
		case 'd':
			num(t.Day(), e.n)
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			num(h, e.n)
		case 'H':
			num(t.Hour(), e.n)
		case 'm':
			num(t.Minute(), e.n)
		case 'M':
			num(int(t.Month()), e.n)
		case 's':
			num(t.Second(), e.n)
		case 'y':
			if e.n == 4 {
				num(t.Year(), 4)
			} else {
				num(t.Year()%100, e.n)
			}
		case 'f':
			frac := fmt.Sprintf("%07d", floorMod(ticks, ticksPerSec))
			b.WriteString(frac[:e.n])
		case 't':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		}
	}
	return b.String()
}

package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// extract_json(path, json[, typeof(T)]) and its older spelling extractjson:
// the element a JSONPath names in a JSON text, converted to T (string by
// default: a string element's text, any other element's JSON). The path is
// a constant of $ followed by .name, ['name'] and [index] steps; the
// JSONPath wildcards, filters and recursive descent are not supported.

func init() {
	extractJSON := func(c *compiler, call *kql.CallExpr, _ []*cexpr) (*cexpr, error) {
		name := call.Fun.(*kql.Ident).Name
		path, ok := kql.StringValue(call.Args[0])
		if !ok {
			return nil, c.ev.unsupported(call.Args[0], "%s() is supported with a constant path only", name)
		}
		steps, err := parseJSONPath(path)
		if err != nil {
			return nil, c.ev.unsupported(call.Args[0], "%s(): %v", name, err)
		}
		src, err := c.expr(call.Args[1])
		if err != nil {
			return nil, err
		}
		typ := TypeString
		if len(call.Args) == 3 {
			if typ, err = c.typeArg(call.Args[2]); err != nil {
				return nil, err
			}
		}
		return lift1(typ, src, func(s Value) Value {
			if s.null {
				return Null(typ)
			}
			v, err := parseJSON(stringOf(s))
			if err != nil {
				return Null(typ)
			}
			for _, st := range steps {
				if st.key != nil {
					v = v.member(*st.key)
				} else {
					v = v.index(st.index)
				}
				if v.null {
					return Null(typ)
				}
			}
			if typ == TypeDynamic {
				return v
			}
			return convertString(NewString(stringOf(v)), typ)
		}), nil
	}
	registerRaw("extract_json", 2, 3, extractJSON)
	registerRaw("extractjson", 2, 3, extractJSON)
}

// jsonStep is one step of a JSONPath: a member name or an array index.
type jsonStep struct {
	key   *string
	index int64
}

// parseJSONPath parses $ followed by .name, ['name'] or ["name"] and
// [index] steps.
func parseJSONPath(p string) ([]jsonStep, error) {
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("the JSONPath %q does not start with $", p)
	}
	var steps []jsonStep
	rest := p[1:]
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, ".."):
			return nil, fmt.Errorf("the recursive descent of JSONPath %q is not supported", p)
		case rest[0] == '.':
			rest = rest[1:]
			i := 0
			for i < len(rest) && rest[i] != '.' && rest[i] != '[' {
				i++
			}
			name := rest[:i]
			if name == "" || name == "*" {
				return nil, fmt.Errorf("the JSONPath %q is not supported", p)
			}
			steps = append(steps, jsonStep{key: &name})
			rest = rest[i:]
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, fmt.Errorf("the JSONPath %q is not supported", p)
			}
			inner := strings.TrimSpace(rest[1:end])
			if len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0] {
				name := inner[1 : len(inner)-1]
				if strings.ContainsAny(name, `'"\`) {
					return nil, fmt.Errorf("the JSONPath %q is not supported", p)
				}
				steps = append(steps, jsonStep{key: &name})
			} else if n, err := strconv.ParseInt(inner, 10, 64); err == nil {
				steps = append(steps, jsonStep{index: n})
			} else {
				return nil, fmt.Errorf("the JSONPath %q is not supported", p)
			}
			rest = rest[end+1:]
		default:
			return nil, fmt.Errorf("the JSONPath %q is not supported", p)
		}
	}
	return steps, nil
}

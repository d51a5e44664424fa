package eval

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kqlt/kqlt/kql"
)

// maxXMLInput is parse_xml()'s input limit: a longer string gives null
// (the reference's note).
const maxXMLInput = 1 << 20

// xmlOpen is a reason the reference leaves parse_xml()'s result open.
type xmlOpen struct{ msg string }

func (e *xmlOpen) Error() string { return e.msg }

func init() {
	// parse_xml(xml) converts XML to a dynamic value by the reference's
	// table (https://learn.microsoft.com/kusto/query/parse-xml-function):
	// <e/> is {"e": null}, <e>text</e> {"e": "text"}, attributes are
	// "@name" properties, text beside attributes or elements "#text",
	// child elements properties and repeated ones arrays; only elements,
	// attributes and text are translated. Text that is not XML, or longer
	// than 1 MB, gives null. The reference's example turns <value>118.0</value>
	// into the number 118.0 without saying when text becomes a number, and
	// leaves namespaces, text split around elements and text with
	// surrounding space open: those are not supported.
	register("parse_xml", 1, 1, func(c *compiler, call *kql.CallExpr, args []*cexpr) (*cexpr, error) {
		if t := args[0].typ; t != TypeString && t != TypeDynamic {
			return nil, c.errorAt(call, "parse_xml() takes a string, not %s", t)
		}
		return lift1(TypeDynamic, args[0], func(v Value) Value {
			s := stringOf(v)
			if len(s) > maxXMLInput {
				return dynNull
			}
			out, err := parseXML(s)
			var open *xmlOpen
			if errors.As(err, &open) {
				panic(&unsupportedValue{at: call, msg: "parse_xml() of " + open.msg + " is not supported: the reference does not say what Kusto returns"})
			}
			if err != nil {
				return dynNull
			}
			return out
		}), nil
	})
}

// xmlElem is an element being read.
type xmlElem struct {
	name     string
	bag      *propBag
	children map[string]int // child name → its index in bag's keys
	text     []string       // the non-blank text segments
	rawText  string         // all its direct text
	kids     int
	lists    map[string]bool // the child names made arrays
}

// parseXML converts an XML document; a syntax error is returned as is, an
// open case as an *xmlOpen.
func parseXML(s string) (Value, error) {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var stack []*xmlElem
	var root Value
	done := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Value{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if done {
				return Value{}, errors.New("two root elements")
			}
			if t.Name.Space != "" {
				return Value{}, &xmlOpen{"an element in a namespace"}
			}
			e := &xmlElem{name: t.Name.Local, bag: &propBag{}, children: map[string]int{}}
			for _, a := range t.Attr {
				if a.Name.Space != "" || a.Name.Local == "xmlns" {
					return Value{}, &xmlOpen{"a namespace declaration or a namespaced attribute"}
				}
				v, err := xmlScalar(a.Value)
				if err != nil {
					return Value{}, err
				}
				e.bag.set("@"+a.Name.Local, v)
			}
			if len(stack) > 0 {
				stack[len(stack)-1].kids++
			}
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			v, err := e.value()
			if err != nil {
				return Value{}, err
			}
			if len(stack) == 0 {
				b := &propBag{}
				b.set(e.name, v)
				root, done = dynBag(b), true
				continue
			}
			p := stack[len(stack)-1]
			if k, ok := p.children[e.name]; ok {
				prev := p.bag.vals[k]
				if a, ok := prev.array(); ok && p.isList(e.name) {
					p.bag.vals[k] = dynArray(append(append([]Value(nil), a...), v))
				} else {
					p.bag.vals[k] = dynArray([]Value{prev, v})
					p.markList(e.name)
				}
			} else {
				p.children[e.name] = len(p.bag.keys)
				p.bag.set(e.name, v)
			}
		case xml.CharData:
			if len(stack) == 0 {
				if strings.TrimSpace(string(t)) != "" {
					return Value{}, errors.New("text outside the root element")
				}
				continue
			}
			e := stack[len(stack)-1]
			e.rawText += string(t)
			if txt := strings.TrimSpace(string(t)); txt != "" {
				if len(e.text) > 0 && e.kids > 0 {
					return Value{}, &xmlOpen{"text split around elements"}
				}
				if len(e.text) == 0 {
					// "#text" takes its place among the attributes
					// and elements where the text is.
					e.bag.set("#text", dynNull)
				}
				e.text = append(e.text, txt)
			}
		}
	}
	if !done || len(stack) > 0 {
		return Value{}, errors.New("no complete root element")
	}
	return root, nil
}

func (e *xmlElem) isList(name string) bool { return e.lists[name] }

func (e *xmlElem) markList(name string) {
	if e.lists == nil {
		e.lists = map[string]bool{}
	}
	e.lists[name] = true
}

// value is the element's JSON by the reference's table.
func (e *xmlElem) value() (Value, error) {
	text := strings.Join(e.text, "")
	if len(e.text) > 1 {
		return Value{}, &xmlOpen{"text in several pieces"}
	}
	others := e.bag.Len()
	if text != "" {
		others-- // the "#text" slot
	}
	if others == 0 {
		if text == "" {
			return dynNull, nil
		}
		if text != e.rawText {
			return Value{}, &xmlOpen{"text with surrounding space"}
		}
		return xmlScalar(text)
	}
	if text != "" {
		v, err := xmlScalar(text)
		if err != nil {
			return Value{}, err
		}
		e.bag.set("#text", v)
	}
	return dynBag(e.bag), nil
}

// xmlScalar is the JSON of text: a string; text that reads as a number or
// a bool, which the reference's example converts without a rule, is open.
func xmlScalar(s string) (Value, error) {
	if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil || s == "true" || s == "false" {
		return Value{}, &xmlOpen{fmt.Sprintf("text that reads as a number or a bool (%q)", s)}
	}
	return toDyn(NewString(s)), nil
}

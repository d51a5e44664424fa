package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseXML checks parse_xml() against each row of the reference's
// conversion table (https://learn.microsoft.com/kusto/query/parse-xml-function).
func TestParseXML(t *testing.T) {
	runScalars(t, []scalarCase{
		{`parse_xml("<e/>")`, `dynamic:{"e":null}`},
		{`parse_xml("<e>text</e>")`, `dynamic:{"e":"text"}`},
		{`parse_xml("<e name=\"value\" />")`, `dynamic:{"e":{"@name":"value"}}`},
		{`parse_xml("<e name=\"value\">text</e>")`, `dynamic:{"e":{"@name":"value","#text":"text"}}`},
		{`parse_xml("<e> <a>text</a> <b>text</b> </e>")`, `dynamic:{"e":{"a":"text","b":"text"}}`},
		{`parse_xml("<e> <a>text</a> <a>text</a> </e>")`, `dynamic:{"e":{"a":["text","text"]}}`},
		{`parse_xml("<e> text <a>text</a> </e>")`, `dynamic:{"e":{"#text":"text","a":"text"}}`},
		// Three of a name, and what is not an element, attribute or text
		// skipped.
		{`parse_xml("<?xml version=\"1.0\"?><!-- c --><e><a>x</a><a>y</a><a>z</a></e>")`, `dynamic:{"e":{"a":["x","y","z"]}}`},
		{`tostring(parse_xml("<e><a>x</a></e>").e.a)`, `string:x`},
		// Not XML: null.
		{`parse_xml("EventData-1")`, `dynamic:null`},
		{`parse_xml("<e>")`, `dynamic:null`},
		{`parse_xml("<a/><b/>")`, `dynamic:null`},
		{`parse_xml("")`, `dynamic:null`},
	})
	// Longer than 1 MB: null (the reference's note); 1 MB parses.
	for n, want := range map[int]string{1<<20 - 7: "false", 1<<20 - 6: "true"} {
		tab, err := NewTable([]Column{{"s", TypeString}}, [][]Value{{NewString("<e>" + strings.Repeat("x", n) + "</e>")}})
		require.NoError(t, err)
		res, err := Run(`T | project r = isnull(parse_xml(s))`, Options{Now: testNow, Tables: map[string]*Table{"T": tab}})
		require.NoError(t, err)
		assert.Equal(t, want, res.Value(0, 0).String(), "%d bytes", n+7)
	}
}

// TestParseXMLUnsupported: what the reference's table leaves open fails
// as not supported.
func TestParseXMLUnsupported(t *testing.T) {
	for _, tc := range []struct{ query, msg string }{
		{`print parse_xml("<duration><value>118.0</value></duration>")`, `parse_xml() of text that reads as a number or a bool ("118.0") is not supported`},
		{`print parse_xml("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System/></Event>")`, "parse_xml() of an element in a namespace is not supported"},
		{`print parse_xml("<e>a<b/>c</e>")`, "parse_xml() of text split around elements is not supported"},
		{`print parse_xml("<e> a </e>")`, "parse_xml() of text with surrounding space is not supported"},
	} {
		_, err := Run(tc.query, Options{Now: testNow})
		var e *Error
		require.True(t, errors.As(err, &e), "%s: got %v", tc.query, err)
		assert.True(t, e.Unsupported, tc.query)
		assert.Contains(t, e.Msg, tc.msg, tc.query)
	}
}

// FuzzParseXML: parse_xml() of any text returns a value, null, or an
// error marked unsupported, never a panic; its value is a bag of one
// property (the root element).
func FuzzParseXML(f *testing.F) {
	for _, s := range []string{
		"<e/>", "<e>text</e>", `<e name="value">text</e>`, "<e> <a>text</a> <a>text</a> </e>",
		"<e> text <a>text</a> </e>", `<?xml version="1.0"?><!-- c --><e><![CDATA[x]]></e>`,
		`<Event xmlns="urn:x"><System/></Event>`, "<e>1</e>", "<a/><b/>", "<e>", "x", "",
		"<" + strings.Repeat("a><", 500) + "/>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := NewTable([]Column{{"s", TypeString}}, [][]Value{{NewString(s)}})
		require.NoError(t, err)
		res, err := Run(`T | project r = parse_xml(s)`, Options{Now: testNow, Tables: map[string]*Table{"T": tab}})
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%v", err)
			require.True(t, e.Unsupported || e.Limit != "", "%v", err)
			return
		}
		v := res.Value(0, 0)
		if !v.IsNull() {
			b, ok := v.bag()
			require.True(t, ok, "%v", v)
			require.Equal(t, 1, b.Len())
		}
	})
}

package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/kql/input"
)

// MaxFileSize is the largest rule file Parse and Load accept. Rules in the
// Azure-Sentinel repository are below 20 KiB (queries are capped at 10,000
// characters); a larger file is almost certainly not a rule.
const MaxFileSize = 1 << 20

// Class says what a YAML file holds.
type Class int

const (
	NotARule     Class = iota // parser/function, no query: key, empty, several documents, ...
	AnalyticRule              // kind Scheduled (also when kind is missing) or NRT
	HuntingQuery              // a query without kind or schedule
)

func (c Class) String() string {
	switch c {
	case AnalyticRule:
		return "analytic rule"
	case HuntingQuery:
		return "hunting query"
	}
	return "not a rule"
}

// File is one YAML file, parsed for reading and for lossless editing.
//
// The file keeps its bytes. Edits (Rule.Set, Rule.Delete and the setters
// built on them) splice new text into those bytes, replacing only the bytes
// of the edited value, and then parse the result again; Bytes of a file that
// was never edited returns exactly the bytes it was parsed from, byte order
// mark, CRLF line ends and a missing final newline included.
//
// A File is not safe for concurrent use.
type File struct {
	name   string
	src    []byte
	body   int // offset after the UTF-8 byte order mark, if any
	lines  lineIndex
	root   *yaml.Node // the document's top-level node; nil for an empty file
	class  Class
	reason string
	edited bool

	parent map[*yaml.Node]*yaml.Node
	spans  map[*yaml.Node]*span
}

// Load reads and parses the file at path. Files larger than MaxFileSize are
// refused before they are read.
//
// The file must be a regular file, or a standard-input pipe (/dev/stdin,
// /dev/fd/N): named pipes, devices and directories are refused before they
// are opened, so that Load never blocks.
func Load(path string) (*File, error) {
	data, err := input.ReadFile(path, MaxFileSize)
	if err != nil {
		var tl *input.TooLargeError
		if errors.As(err, &tl) {
			return nil, tooLarge(path, tl.Size)
		}
		return nil, err
	}
	return Parse(path, data)
}

func tooLarge(name string, size int64) error {
	msg := fmt.Sprintf("file is %d bytes; rule files larger than %d bytes (1 MiB) are refused", size, MaxFileSize)
	if size < 0 { // a pipe
		msg = fmt.Sprintf("file is larger than %d bytes (1 MiB); rule files larger than that are refused", MaxFileSize)
	}
	return &Error{File: name, Pos: Position{Line: 1, Column: 1}, Msg: msg}
}

// Parse parses data, the content of the file named filename (used in error
// messages). It fails on text that is not a readable YAML file: broken
// YAML, encodings other than UTF-8, duplicate mapping keys, files over
// MaxFileSize. A readable YAML file that is not a rule parses without error
// and reports NotARule from Class, with the reason from Reason.
//
// Parse keeps data; the caller must not modify it afterwards.
func Parse(filename string, data []byte) (*File, error) {
	return parse(filename, data)
}

func parse(filename string, data []byte) (f *File, err error) {
	if len(data) > MaxFileSize {
		return nil, tooLarge(filename, int64(len(data)))
	}
	f = &File{name: filename, src: data}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		f.body = 3
	}
	f.lines = newLineIndex(data, f.body)
	if err := f.checkEncoding(); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil { // yaml.v3 is not supposed to panic; never let it escape
			f, err = nil, f.errorf(Position{}, "", "YAML parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	docs := 0
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, f.yamlError(err)
		}
		if len(doc.Content) == 0 || isEmptyNode(doc.Content[0]) {
			continue
		}
		docs++
		if docs == 1 {
			f.root = doc.Content[0]
		} else {
			break // a second document: not a rule, whatever follows
		}
	}
	f.parent = make(map[*yaml.Node]*yaml.Node)
	f.spans = make(map[*yaml.Node]*span)
	if f.root != nil {
		if err := f.index(f.root, nil, 0); err != nil {
			return nil, err
		}
	}
	f.class, f.reason = f.classify(docs)
	return f, nil
}

func isEmptyNode(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == ""
}

const maxDepth = 1000

// index records parents and rejects duplicate keys and extreme nesting.
func (f *File) index(n, parent *yaml.Node, depth int) error {
	if depth > maxDepth {
		return f.errorf(f.nodePos(n), "", "nesting deeper than %d levels", maxDepth)
	}
	f.parent[n] = parent
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if first, dup := seen[k.Value]; dup {
				return f.errorf(f.nodePos(k), "", "key %q appears twice in one mapping (first at line %d)", k.Value, first.Line)
			}
			seen[k.Value] = k
		}
	}
	for _, c := range n.Content {
		if err := f.index(c, n, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// checkEncoding rejects what is not UTF-8 text that yaml.v3 reads, with the
// place of the first offending byte.
func (f *File) checkEncoding() error {
	d := f.src
	switch {
	case bytes.HasPrefix(d, []byte{0xFF, 0xFE}), bytes.HasPrefix(d, []byte{0xFE, 0xFF}):
		return f.errorf(Position{Line: 1, Column: 1}, "", "file is UTF-16 (or UTF-32) encoded; save it as UTF-8")
	case bytes.HasPrefix(d, []byte{0, 0, 0xFE, 0xFF}):
		return f.errorf(Position{Line: 1, Column: 1}, "", "file is UTF-32 encoded; save it as UTF-8")
	}
	for i := f.body; i < len(d); {
		r, size := utf8.DecodeRune(d[i:])
		if r == utf8.RuneError && size == 1 {
			return f.errorf(f.position(i), "", "file is not valid UTF-8 (byte 0x%02X)%s", d[i], cp1252Hint(d[i:]))
		}
		if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0x7E || r == 0x85 ||
			r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			hint := ""
			if r == 0 {
				hint = "; a NUL byte usually means UTF-16 text"
			}
			return f.errorf(f.position(i), "", "control character U+%04X is not allowed in YAML%s", r, hint)
		}
		i += size
	}
	return nil
}

// cp1252Hint explains an invalid byte that reads as a Windows-1252 character.
func cp1252Hint(b []byte) string {
	hints := map[byte]string{0x80: "€", 0x85: "…", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x96: "–", 0x97: "—", 0x99: "™"}
	if h, ok := hints[b[0]]; ok {
		return fmt.Sprintf("; it reads as Windows-1252 %q: the file looks Windows-1252 encoded, convert it to UTF-8", h)
	}
	if b[0] >= 0xA0 {
		return "; the file looks Latin-1 or Windows-1252 encoded, convert it to UTF-8"
	}
	return ""
}

var (
	yamlLineRE      = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
	unknownAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// parserErrors are yaml.v3's parser (not scanner) errors, whose line it
// reports 0-based.
var parserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// YAMLError turns an error of yaml.v3 about data, the content of the file
// filename, into an *Error naming the file and the line (yaml.v3 counts
// some lines from 0, others from 1; YAMLError corrects that). Other
// packages reading YAML (profiles, test cases) use it for their messages.
func YAMLError(filename string, data []byte, err error) *Error {
	f := &File{name: filename, src: data}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		f.body = 3
	}
	f.lines = newLineIndex(data, f.body)
	return f.yamlError(err)
}

// yamlError turns a yaml.v3 error into an *Error naming the file and line.
func (f *File) yamlError(err error) *Error {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserErrors[msg] {
		// yaml.v3 reports the 0-based line of a parser (not scanner) error.
		line++
	}
	pos := Position{Line: 1, Column: 1, Offset: f.body}
	if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(f.src, []byte("*"+m[1])); i >= 0 {
			return &Error{File: f.name, Pos: f.position(i), Msg: "invalid YAML: " + msg}
		}
	}
	if line >= 1 && line <= len(f.lines.starts) {
		pos = f.position(f.lines.starts[line-1])
	} else if line > len(f.lines.starts) {
		pos = f.position(len(f.src))
	}
	return &Error{File: f.name, Pos: pos, Msg: "invalid YAML: " + msg}
}

// classify decides what the file holds.
func (f *File) classify(docs int) (Class, string) {
	switch {
	case docs == 0:
		return NotARule, "empty file (no YAML document)"
	case docs > 1:
		return NotARule, "several YAML documents; a rule file holds one"
	case f.root.Kind != yaml.MappingNode:
		return NotARule, "the document is a " + kindName(f.root) + ", not a mapping"
	}
	if _, v := f.top("functionAlias"); v != nil {
		return NotARule, "a parser (function) definition: it has functionAlias"
	}
	if _, v := f.top("query"); v == nil {
		return NotARule, "no query: key"
	}
	if _, v := f.top("kind"); v != nil {
		k := f.scalarValue(v)
		switch k {
		case "Scheduled", "NRT":
			return AnalyticRule, "analytic rule of kind " + k
		}
		return AnalyticRule, fmt.Sprintf("analytic rule of unsupported kind %q", k)
	}
	for _, key := range []string{"queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"} {
		if _, v := f.top(key); v != nil {
			return AnalyticRule, "analytic rule without kind (Scheduled, as in the 2020-era layout): it has " + key
		}
	}
	return HuntingQuery, "hunting query: no kind and no schedule"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.AliasNode:
		return "alias"
	case yaml.DocumentNode:
		return "document"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!str":
		return "string"
	case "!!int":
		return "integer"
	case "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	}
	return "scalar"
}

// Name returns the file name given to Parse or Load.
func (f *File) Name() string { return f.name }

// Class tells whether the file is an analytic rule, a hunting query or not
// a rule.
func (f *File) Class() Class { return f.class }

// Reason explains Class in a few words; for NotARule it says why the file
// is not a rule.
func (f *File) Reason() string { return f.reason }

// Bytes returns the file's content: the bytes it was parsed from, with the
// edits made since spliced in. The result is a copy.
func (f *File) Bytes() []byte { return bytes.Clone(f.src) }

// Edited reports whether the file was changed since it was parsed.
func (f *File) Edited() bool { return f.edited }

// Rule returns the rule the file holds, or an error naming the file and why
// it is not a rule.
func (f *File) Rule() (*Rule, error) {
	if f.class == NotARule {
		return nil, f.errorf(Position{}, "", "not a rule: %s", f.reason)
	}
	return &Rule{f: f}, nil
}

// Position returns the line and column of a byte offset in the file.
func (f *File) Position(offset int) Position {
	if offset < 0 || offset > len(f.src) {
		return Position{}
	}
	return f.position(offset)
}

func (f *File) position(offset int) Position { return f.lines.position(offset) }

func (f *File) bodyStart() int { return f.body }

// offsetOf returns the byte offset at which yaml.v3 says n starts.
func (f *File) offsetOf(n *yaml.Node) int {
	off := f.lines.offsetOf(f.src, n.Line, n.Column)
	if off < 0 {
		return f.body
	}
	return off
}

func (f *File) nodePos(n *yaml.Node) Position {
	if n == nil {
		return f.position(f.body)
	}
	return f.position(f.offsetOf(n))
}

// top returns the key and value nodes of a top-level key, or nils.
func (f *File) top(key string) (k, v *yaml.Node) {
	if f.root == nil || f.root.Kind != yaml.MappingNode {
		return nil, nil
	}
	return lookupKey(f.root, key)
}

func lookupKey(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// deref resolves an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// scalarValue returns the value of a scalar node (through an alias), or "".
func (f *File) scalarValue(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// parentIndent returns the 0-based column of the block collection holding
// n, -1 at the top of the document, the indentation yaml.v3's scanner had
// when it read n.
func (f *File) parentIndent(n *yaml.Node) int {
	p := f.parent[n]
	if p == nil {
		return -1
	}
	if p.Style&yaml.FlowStyle == 0 && len(p.Content) > 0 {
		// yaml.v3 places a collection with an anchor or a tag at the anchor
		// or tag; its indentation is that of its first key or dash.
		switch p.Kind {
		case yaml.MappingNode:
			return f.charColumn(f.offsetOf(p.Content[0]))
		case yaml.SequenceNode:
			if d, err := f.dashBefore(p.Content[0]); err == nil {
				return f.charColumn(d)
			}
		}
	}
	return p.Column - 1
}

// charColumn returns the 0-based character column of a byte offset.
func (f *File) charColumn(off int) int {
	return utf8.RuneCount(f.src[f.lines.lineStart(off):off])
}

// inFlow reports whether n sits inside a flow collection.
func (f *File) inFlow(n *yaml.Node) bool {
	for p := f.parent[n]; p != nil; p = f.parent[p] {
		if p.Style&yaml.FlowStyle != 0 {
			return true
		}
	}
	return false
}

// spanOf locates a scalar node's bytes.
func (f *File) spanOf(n *yaml.Node) *span {
	if sp, ok := f.spans[n]; ok {
		return sp
	}
	off := f.offsetOf(n)
	var sp span
	if n.Value == "" && n.Style&^yaml.TaggedStyle == 0 {
		// An empty plain scalar ("key:" with nothing after it, or only an
		// anchor or a tag) has no bytes: it sits after the indicator, anchor
		// and tag, on their line.
		end := off
		for end < len(f.src) && (f.src[end] == '&' || f.src[end] == '!') {
			for end < len(f.src) && f.src[end] != ' ' && f.src[end] != '\t' && breakLen(f.src, end) == 0 {
				end++
			}
			for end < len(f.src) && (f.src[end] == ' ' || f.src[end] == '\t') {
				end++
			}
		}
		for end > off && (f.src[end-1] == ' ' || f.src[end-1] == '\t') {
			end--
		}
		sp = span{start: end, end: end, exact: true}
	} else {
		s, err := scanScalar(f.src, f.lines.lineStart(off), off, n.Style, f.parentIndent(n), f.inFlow(n))
		sp = s
		sp.exact = err == nil && sp.value == n.Value && len(sp.offs) == len(sp.value)
	}
	f.spans[n] = &sp
	return &sp
}

// nodeEnd returns the offset after the last byte of n's text.
func (f *File) nodeEnd(n *yaml.Node) (int, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		sp := f.spanOf(n)
		if !sp.exact {
			return 0, errScan
		}
		return sp.end, nil
	case yaml.AliasNode:
		off := f.offsetOf(n)
		return off + 1 + len(n.Value), nil
	case yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 {
			off := f.offsetOf(n)
			for off < len(f.src) && f.src[off] != '[' && f.src[off] != '{' { // skip an anchor or tag
				off++
			}
			return skipFlow(f.src, off)
		}
		if len(n.Content) == 0 {
			return f.offsetOf(n), nil
		}
		return f.nodeEnd(n.Content[len(n.Content)-1])
	}
	return 0, errScan
}

// lineBreak returns the line break the file uses most ("\n" by default).
func (f *File) lineBreak() string {
	crlf := bytes.Count(f.src, []byte("\r\n"))
	if crlf > 0 && crlf*2 >= bytes.Count(f.src, []byte("\n")) {
		return "\r\n"
	}
	return "\n"
}

// breakAt returns the line break at offset i, or the file's usual one.
func (f *File) breakAt(i int) string {
	if i < len(f.src) {
		if n := breakLen(f.src, i); n > 0 {
			return string(f.src[i : i+n])
		}
	}
	return f.lineBreak()
}

package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Editing. Every edit replaces one byte range of the file with new text,
// parses the result again and checks that the document is the old one with
// exactly the intended change (values, tags and anchors of everything else
// compared node by node). An edit that fails the check is not applied; for
// Set, the next way of writing the value is tried (the scalar's own style
// first, then quoted styles), so a field never silently gets a different
// value.

// Set sets the scalar at a field path (see the package documentation for
// the syntax) to value, writing it in the style the scalar has:
//
//   - a literal block ("|", "|-", "|+") stays a literal block with the same
//     indentation, header comment and line ends; the chomping indicator
//     follows value's final line breaks, and an indentation indicator is
//     added when value starts with a space. A folded block (">") is written
//     as a literal block, since folding cannot hold every text;
//   - single- and double-quoted scalars stay quoted, on one line; a
//     single-quoted scalar becomes double-quoted when value has a line
//     break or a character that needs an escape;
//   - a plain scalar stays plain when value can be written plain and keeps
//     the scalar's type; otherwise it becomes a literal block (a multi-line
//     value in block context), single-quoted or double-quoted.
//
// Set keeps the scalar's type: setting a number field to text that is not a
// number is an error. Setting a null (empty) field gives a string. Set
// adds a missing top-level key at the end of the file. It does not edit
// through aliases, and it fails on mappings and sequences.
func (r *Rule) Set(path, value string) error {
	f := r.f
	segs, err := parsePath(path)
	if err != nil {
		return f.errorf(Position{}, path, "%v", err)
	}
	n, _, container, err := f.walkEdit(segs, path)
	if err != nil {
		return err
	}
	if !utf8.ValidString(value) {
		return f.errorf(r.Pos(path), path, "value is not valid UTF-8")
	}
	if n == nil {
		if len(segs) == 1 && segs[0].index < 0 && container == f.root && f.root.Style&yaml.FlowStyle == 0 {
			return f.insertTop(segs[0].key, value)
		}
		return f.errorf(r.Pos(path), path, "no such field")
	}
	if n.Kind != yaml.ScalarNode {
		return f.errorf(f.nodePos(n), path, "is a %s; Set changes scalars only", kindName(n))
	}
	if n.Value == value && n.Tag != "!!null" {
		return nil
	}
	sp := f.spanOf(n)
	if !sp.exact {
		return f.errorf(f.nodePos(n), path, "cannot locate the bytes of this value exactly; not editing it")
	}
	want := &canon{Kind: yaml.ScalarNode, Tag: n.Tag, Value: value, Anchor: n.Anchor}
	if want.Tag == "!!null" {
		want.Tag = "!!str"
	}
	expect := canonOf(f.root).replace(segs, want)
	var lastErr error
	for _, e := range f.scalarEdits(n, sp, value) {
		if lastErr = f.tryEdit(e, expect); lastErr == nil {
			return nil
		}
	}
	return f.errorf(f.nodePos(n), path, "cannot write %q here keeping its type %s (%v)", short(value), n.Tag, lastErr)
}

func short(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// Delete removes the mapping entry or sequence item at a field path. The
// entry's lines go, comments between it and the next entry included; the
// other bytes stay. Removing the last entry of a mapping or sequence leaves
// an empty one ("customDetails: {}"), so the field keeps its type; delete
// the field itself to drop it (an empty entityMappings list fails SR019,
// as in Microsoft's CI). In flow collections ("[a, b]") the
// collection is rewritten with ", " between the remaining items.
func (r *Rule) Delete(path string) error {
	f := r.f
	segs, err := parsePath(path)
	if err != nil {
		return f.errorf(Position{}, path, "%v", err)
	}
	n, _, c, err := f.walkEdit(segs, path)
	if err != nil {
		return err
	}
	if n == nil {
		return f.errorf(r.Pos(path), path, "no such field")
	}
	last := segs[len(segs)-1]
	count, idx := len(c.Content), last.index
	if c.Kind == yaml.MappingNode {
		count /= 2
		for i := 0; i+1 < len(c.Content); i += 2 {
			if c.Content[i+1] == n {
				idx = i / 2
			}
		}
	}
	var e edit
	var expect *canon
	old := canonOf(f.root)
	switch {
	case count == 1:
		if c == f.root {
			return f.errorf(f.nodePos(n), path, "cannot delete the only top-level key")
		}
		e, err = f.emptyCollection(c)
		empty := &canon{Kind: c.Kind, Tag: c.Tag, Anchor: c.Anchor}
		expect = old.replace(segs[:len(segs)-1], empty)
	case c.Style&yaml.FlowStyle != 0:
		e, err = f.flowWithout(c, idx)
		expect = old.remove(segs)
	case c.Kind == yaml.MappingNode:
		e, err = f.blockEntryRange(c, idx)
		expect = old.remove(segs)
	default:
		e, err = f.blockItemRange(c, idx)
		expect = old.remove(segs)
	}
	if err != nil {
		return f.errorf(f.nodePos(n), path, "cannot locate the bytes of this entry exactly; not deleting it")
	}
	if err := f.tryEdit(e, expect); err != nil {
		return f.errorf(f.nodePos(n), path, "deleting would change other fields (%v); not deleting it", err)
	}
	return nil
}

// walkEdit walks a path for editing: it refuses to go through aliases.
func (f *File) walkEdit(segs []pathSeg, path string) (n, key, container *yaml.Node, err error) {
	if f.root == nil {
		return nil, nil, nil, f.errorf(Position{}, path, "the file has no document")
	}
	cur := f.root
	for _, s := range segs {
		if cur.Kind == yaml.AliasNode {
			return nil, nil, nil, f.errorf(f.nodePos(cur), path, "goes through alias *%s; edit the anchored value instead", cur.Value)
		}
		container, key = cur, nil
		if s.index >= 0 {
			if cur.Kind != yaml.SequenceNode || s.index >= len(cur.Content) {
				return nil, nil, container, nil
			}
			cur = cur.Content[s.index]
			continue
		}
		if cur.Kind != yaml.MappingNode {
			return nil, nil, container, nil
		}
		key, cur = lookupKey(cur, s.key)
		if cur == nil {
			return nil, nil, container, nil
		}
	}
	if cur.Kind == yaml.AliasNode {
		return nil, nil, nil, f.errorf(f.nodePos(cur), path, "is alias *%s; edit the anchored value instead", cur.Value)
	}
	return cur, key, container, nil
}

type edit struct {
	start, end int
	text       string
}

// tryEdit applies e if the result parses to expect.
func (f *File) tryEdit(e edit, expect *canon) error {
	src := make([]byte, 0, len(f.src)-(e.end-e.start)+len(e.text))
	src = append(src, f.src[:e.start]...)
	src = append(src, e.text...)
	src = append(src, f.src[e.end:]...)
	nf, err := Parse(f.name, src)
	if err != nil {
		return err
	}
	if nf.root == nil || !canonOf(nf.root).equal(expect) {
		return fmt.Errorf("the result does not read back as intended")
	}
	nf.edited = true
	*f = *nf
	return nil
}

// scalarEdits lists ways of writing v in place of the scalar n, best first.
func (f *File) scalarEdits(n *yaml.Node, sp *span, v string) []edit {
	start, prefix := sp.start, ""
	if sp.start == sp.end { // implicit null: write after the indicator, with a space
		for start > f.body && (f.src[start-1] == ' ' || f.src[start-1] == '\t') {
			start--
		}
		prefix = " "
	}
	suffix := ""
	block := sp.style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if block {
		// A block scalar's bytes run through its last line break; a flow
		// scalar written in its place needs that break after it.
		suffix = trailingBreak(f.src, sp.end)
	}
	at := func(text string) edit { return edit{start, sp.end, prefix + text + suffix} }
	flow := f.inFlow(n)
	var out []edit
	switch {
	case block:
		if e, ok := f.blockEdit(n, sp, v); ok {
			out = append(out, e)
		}
	case sp.style&yaml.SingleQuotedStyle != 0:
		if singleOK(v) {
			out = append(out, at(quoteSingle(v)))
		}
	case sp.style&yaml.DoubleQuotedStyle != 0:
	default:
		if plainOK(v, flow) {
			out = append(out, at(v))
		}
		if strings.Contains(v, "\n") && !flow {
			// A literal block takes the rest of the scalar's last line (and
			// drops a comment there); the line break after it stays.
			pi := f.parentIndent(n)
			if header, body, ok := literalParts(v, max(pi, 0)+2, pi, f.lineBreak(), true); ok {
				brk, _ := lineEnd(f.src, sp.end)
				body = strings.TrimSuffix(body, f.lineBreak())
				out = append(out, edit{start, brk, prefix + header + f.lineBreak() + body})
			}
		}
		if singleOK(v) {
			out = append(out, at(quoteSingle(v)))
		}
	}
	return append(out, at(quoteDouble(v)))
}

// blockEdit rewrites a block scalar as a literal block.
func (f *File) blockEdit(n *yaml.Node, sp *span, v string) (edit, bool) {
	pi := f.parentIndent(n)
	indent := sp.indent
	if strings.Trim(n.Value, "\n") == "" || indent <= max(pi, 0) {
		indent = max(pi, 0) + 2
	}
	hdrBreak := string(f.src[sp.hdrBreak:sp.contentStart])
	lb := f.breakAt(sp.hdrBreak)
	if hdrBreak == "" {
		hdrBreak = lb
	}
	finalBreak := sp.end == sp.contentStart || endsWithBreak(f.src, sp.end)
	header, body, ok := literalParts(v, indent, pi, lb, finalBreak)
	if !ok {
		return edit{}, false
	}
	return edit{sp.start, sp.end, header + string(f.src[sp.indEnd:sp.hdrBreak]) + hdrBreak + body}, true
}

// literalText writes v as a literal block: header, line break, content.
func literalText(v string, indent, parentIndent int, lb string, finalBreak bool) (string, bool) {
	header, body, ok := literalParts(v, indent, parentIndent, lb, finalBreak)
	return header + lb + body, ok
}

// literalParts returns the header indicator and the content lines of v as
// a literal block indented by indent columns. It fails for text a literal
// block cannot hold.
func literalParts(v string, indent, parentIndent int, lb string, finalBreak bool) (header, body string, ok bool) {
	if strings.Trim(v, "\n") == "" {
		return "", "", false
	}
	for _, r := range v {
		if r != '\n' && r != '\t' && !printable(r) {
			return "", "", false
		}
	}
	content := strings.TrimRight(v, "\n")
	trail := len(v) - len(content)
	header = "|"
	lines := strings.Split(content, "\n")
	for _, l := range lines {
		if l == "" {
			continue
		}
		if l[0] == ' ' {
			d := indent - max(parentIndent, 0)
			if d < 1 || d > 9 {
				return "", "", false
			}
			header += strconv.Itoa(d)
		}
		break
	}
	switch {
	case trail == 0:
		header += "-"
	case trail > 1:
		header += "+"
	}
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	for _, l := range lines {
		if l != "" {
			b.WriteString(pad)
			b.WriteString(l)
		}
		b.WriteString(lb)
	}
	for i := 1; i < trail; i++ {
		b.WriteString(lb)
	}
	body = b.String()
	if !finalBreak && trail == 0 { // a value ending in a line break needs one in the file
		body = strings.TrimSuffix(body, lb)
	}
	return header, body, true
}

// endsWithBreak reports whether src[:end] ends with a line break.
func endsWithBreak(src []byte, end int) bool {
	if end <= 0 || end > len(src) {
		return false
	}
	switch {
	case src[end-1] == '\n' || src[end-1] == '\r':
		return true
	case end >= 2 && src[end-2] == 0xC2 && src[end-1] == 0x85:
		return true
	case end >= 3 && src[end-3] == 0xE2 && src[end-2] == 0x80 && (src[end-1] == 0xA8 || src[end-1] == 0xA9):
		return true
	}
	return false
}

// trailingBreak returns the line break src[:end] ends with, or "".
func trailingBreak(src []byte, end int) string {
	switch {
	case !endsWithBreak(src, end):
		return ""
	case end >= 2 && src[end-2] == '\r' && src[end-1] == '\n':
		return "\r\n"
	case src[end-1] == '\n' || src[end-1] == '\r':
		return string(src[end-1 : end])
	case src[end-1] == 0x85:
		return string(src[end-2 : end])
	}
	return string(src[end-3 : end])
}

// printable reports whether YAML can hold r unescaped (line breaks and the
// byte order mark excluded).
func printable(r rune) bool {
	switch {
	case r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF:
		return false
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

func singleOK(v string) bool {
	for _, r := range v {
		if r != '\t' && !printable(r) {
			return false
		}
	}
	return true
}

func quoteSingle(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }

// quoteDouble writes v as a double-quoted scalar on one line.
func quoteDouble(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == 0:
			b.WriteString(`\0`)
		case r == 0x85:
			b.WriteString(`\N`)
		case r == 0x2028:
			b.WriteString(`\L`)
		case r == 0x2029:
			b.WriteString(`\P`)
		case printable(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainOK reports whether v can be written as a plain scalar (its type is
// checked after the edit).
func plainOK(v string, flow bool) bool {
	if v == "" || v != strings.TrimSpace(v) || strings.ContainsAny(v[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	if strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") || flow && strings.ContainsAny(v, ",[]{}") {
		return false
	}
	for _, r := range v {
		if !printable(r) {
			return false
		}
	}
	return true
}

// insertTop adds key: value at the end of the top-level mapping.
func (f *File) insertTop(key, value string) error {
	end, err := f.nodeEnd(f.root)
	if err != nil {
		return f.errorf(Position{}, key, "cannot locate the end of the document; not adding the key")
	}
	lb := f.lineBreak()
	at, prefix := end, ""
	if !endsWithBreak(f.src, end) {
		_, at = lineEnd(f.src, end)
		if !endsWithBreak(f.src, at) {
			prefix = lb
		}
	}
	noFinal := at == len(f.src) && !endsWithBreak(f.src, len(f.src))
	var texts []string
	if strings.Contains(value, "\n") {
		if t, ok := literalText(value, 2, 0, lb, true); ok {
			texts = append(texts, t)
		}
	}
	if plainOK(value, false) {
		texts = append(texts, value+lb)
	}
	if singleOK(value) {
		texts = append(texts, quoteSingle(value)+lb)
	}
	texts = append(texts, quoteDouble(value)+lb)
	expect := canonOf(f.root)
	expect.Kids = append(expect.Kids[:len(expect.Kids):len(expect.Kids)],
		&canon{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&canon{Kind: yaml.ScalarNode, Tag: "!!str", Value: value})
	var lastErr error
	for _, t := range texts {
		text := prefix + key + ": " + t
		if noFinal {
			text = strings.TrimSuffix(text, lb)
		}
		if lastErr = f.tryEdit(edit{at, at, text}, expect); lastErr == nil {
			return nil
		}
	}
	return f.errorf(Position{}, key, "cannot add the key (%v)", lastErr)
}

// onlyBlanksBefore reports whether only blanks precede offset on its line.
func (f *File) onlyBlanksBefore(off int) bool {
	for i := off - 1; i >= f.lines.lineStart(off); i-- {
		if f.src[i] != ' ' && f.src[i] != '\t' {
			return false
		}
	}
	return true
}

// throughLine extends end (the end of a value) to the start of the next
// line, unless end already is at one.
func (f *File) throughLine(end int) int {
	if endsWithBreak(f.src, end) {
		return end
	}
	_, next := lineEnd(f.src, end)
	return next
}

// blockEntryRange returns the bytes of entry i of a block mapping.
func (f *File) blockEntryRange(m *yaml.Node, i int) (edit, error) {
	k := m.Content[2*i]
	kOff := f.offsetOf(k)
	lineStarts := f.onlyBlanksBefore(kOff)
	if 2*i+2 < len(m.Content) {
		nOff := f.offsetOf(m.Content[2*i+2])
		if lineStarts && f.onlyBlanksBefore(nOff) {
			return edit{f.lines.lineStart(kOff), f.lines.lineStart(nOff), ""}, nil
		}
		return edit{kOff, nOff, ""}, nil
	}
	end, err := f.nodeEnd(m.Content[2*i+1])
	if err != nil {
		return edit{}, err
	}
	if !lineStarts {
		return edit{}, errScan
	}
	return edit{f.lines.lineStart(kOff), f.throughLine(end), ""}, nil
}

// dashBefore finds the "-" introducing a block sequence item.
func (f *File) dashBefore(item *yaml.Node) (int, error) {
	i := f.offsetOf(item) - 1
	for ; i >= f.body; i-- {
		c := f.src[i]
		if c == '-' {
			return i, nil
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
	}
	return 0, errScan
}

// blockItemRange returns the bytes of item i of a block sequence.
func (f *File) blockItemRange(s *yaml.Node, i int) (edit, error) {
	dash, err := f.dashBefore(s.Content[i])
	if err != nil {
		return edit{}, err
	}
	lineStarts := f.onlyBlanksBefore(dash)
	if i+1 < len(s.Content) {
		next, err := f.dashBefore(s.Content[i+1])
		if err != nil {
			return edit{}, err
		}
		if lineStarts && f.onlyBlanksBefore(next) {
			return edit{f.lines.lineStart(dash), f.lines.lineStart(next), ""}, nil
		}
		return edit{dash, next, ""}, nil
	}
	end, err := f.nodeEnd(s.Content[i])
	if err != nil {
		return edit{}, err
	}
	if !lineStarts {
		return edit{}, errScan
	}
	return edit{f.lines.lineStart(dash), f.throughLine(end), ""}, nil
}

// flowStart returns the offset of the bracket opening a flow collection.
func (f *File) flowStart(c *yaml.Node) int {
	off := f.offsetOf(c)
	for off < len(f.src) && f.src[off] != '[' && f.src[off] != '{' {
		off++
	}
	return off
}

// flowWithout rewrites a flow collection without entry i.
func (f *File) flowWithout(c *yaml.Node, i int) (edit, error) {
	start := f.flowStart(c)
	end, err := f.nodeEnd(c)
	if err != nil {
		return edit{}, err
	}
	var parts []string
	step := 1
	if c.Kind == yaml.MappingNode {
		step = 2
	}
	for j := 0; j+step-1 < len(c.Content); j += step {
		if j/step == i {
			continue
		}
		last := c.Content[j+step-1]
		e, err := f.nodeEnd(last)
		if err != nil {
			return edit{}, err
		}
		parts = append(parts, string(f.src[f.offsetOf(c.Content[j]):e]))
	}
	open, closing := "[", "]"
	if c.Kind == yaml.MappingNode {
		open, closing = "{", "}"
	}
	return edit{start, end, open + strings.Join(parts, ", ") + closing}, nil
}

// emptyCollection rewrites collection c as "{}" or "[]".
func (f *File) emptyCollection(c *yaml.Node) (edit, error) {
	text := "[]"
	if c.Kind == yaml.MappingNode {
		text = "{}"
	}
	end, err := f.nodeEnd(c)
	if err != nil {
		return edit{}, err
	}
	if c.Style&yaml.FlowStyle != 0 {
		return edit{f.flowStart(c), end, text}, nil
	}
	p := f.parent[c]
	if p != nil && p.Kind == yaml.MappingNode && p.Style&yaml.FlowStyle == 0 {
		// "key:\n  a: 1\n" becomes "key: {}\n": start after the key's colon.
		for i := 1; i < len(p.Content); i += 2 {
			if p.Content[i] != c {
				continue
			}
			kEnd, err := f.nodeEnd(p.Content[i-1])
			if err != nil {
				return edit{}, err
			}
			for kEnd < len(f.src) && (f.src[kEnd] == ' ' || f.src[kEnd] == '\t') {
				kEnd++
			}
			if kEnd >= len(f.src) || f.src[kEnd] != ':' {
				return edit{}, errScan
			}
			text += trailingBreak(f.src, end)
			return edit{kEnd + 1, end, " " + text}, nil
		}
	}
	return edit{f.offsetOf(c), end, text}, nil
}

// canon is a node's content without positions, styles and comments: what
// an edit must preserve.
type canon struct {
	Kind   yaml.Kind
	Tag    string
	Value  string
	Anchor string
	Kids   []*canon
}

func canonOf(n *yaml.Node) *canon {
	c := &canon{Kind: n.Kind, Tag: n.Tag, Value: n.Value, Anchor: n.Anchor}
	if n.Kind == yaml.ScalarNode || n.Kind == yaml.AliasNode {
		c.Kids = nil
		if n.Kind == yaml.AliasNode {
			c.Tag = ""
		}
		return c
	}
	c.Value = ""
	c.Kids = make([]*canon, len(n.Content))
	for i, k := range n.Content {
		c.Kids[i] = canonOf(k)
	}
	return c
}

func (c *canon) equal(d *canon) bool {
	if c.Kind != d.Kind || c.Tag != d.Tag || c.Value != d.Value || c.Anchor != d.Anchor || len(c.Kids) != len(d.Kids) {
		return false
	}
	for i := range c.Kids {
		if !c.Kids[i].equal(d.Kids[i]) {
			return false
		}
	}
	return true
}

// child returns the index in Kids of the node a path step names, or -1.
func (c *canon) child(s pathSeg) int {
	if s.index >= 0 {
		if c.Kind == yaml.SequenceNode && s.index < len(c.Kids) {
			return s.index
		}
		return -1
	}
	if c.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(c.Kids); i += 2 {
			if c.Kids[i].Kind == yaml.ScalarNode && c.Kids[i].Value == s.key {
				return i + 1
			}
		}
	}
	return -1
}

// replace returns a copy of c with the node at segs replaced by n (segs
// empty: n itself).
func (c *canon) replace(segs []pathSeg, n *canon) *canon {
	if len(segs) == 0 {
		return n
	}
	cp := *c
	cp.Kids = append([]*canon(nil), c.Kids...)
	if i := cp.child(segs[0]); i >= 0 {
		cp.Kids[i] = cp.Kids[i].replace(segs[1:], n)
	}
	return &cp
}

// remove returns a copy of c without the entry at segs.
func (c *canon) remove(segs []pathSeg) *canon {
	cp := *c
	cp.Kids = append([]*canon(nil), c.Kids...)
	i := cp.child(segs[0])
	if i < 0 {
		return &cp
	}
	if len(segs) > 1 {
		cp.Kids[i] = cp.Kids[i].remove(segs[1:])
		return &cp
	}
	if cp.Kind == yaml.MappingNode {
		cp.Kids = append(cp.Kids[:i-1], cp.Kids[i+1:]...)
	} else {
		cp.Kids = append(cp.Kids[:i], cp.Kids[i+1:]...)
	}
	return &cp
}

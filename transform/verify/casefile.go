package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/eval/ruletest"
)

// CaseFileOptions says where the files a case file names are, as paths
// relative to the case file.
type CaseFileOptions struct {
	Original  string // the original rule
	Converted string // the converted rule; empty leaves its cases out
	Schema    string // the schema file (CaseFile returns its content)
	Comment   string // a comment for the top of the file
}

// CaseFile writes the generated cases as a test-case file of package
// ruletest (kqlt test --cases): for each case, the original rule on the
// source events the target has, the converted rule on them mapped, and the
// converted rule on the source events as they are, each expecting what the
// rule did here. It also returns the schema file the case file names: the
// column types the tables were built with, so that kqlt test builds the
// same tables. Run them to keep the verification as a regression test.
func (r *Result) CaseFile(o CaseFileOptions) (cases, schema []byte, err error) {
	if r.v == nil || len(r.Cases) == 0 || r.Outcome != Verified {
		return nil, nil, errors.New("only a verified result has cases to write")
	}
	v := r.v
	root := &yaml.Node{Kind: yaml.MappingNode}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	if o.Comment != "" {
		doc.HeadComment = o.Comment
	}
	addKV(root, "schema", str(o.Schema))
	addKV(root, "now", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: r.Now.Format(time.RFC3339Nano)})
	list := &yaml.Node{Kind: yaml.SequenceNode}
	addKV(root, "cases", list)
	names := map[string]bool{}
	used := map[string]bool{}
	addCase := func(name, rule string, tables map[string][]eval.Record, blocks map[string][]block, res *ruletest.Result) {
		if res == nil {
			return
		}
		for base, i := name, 2; names[name]; i++ {
			name = fmt.Sprintf("%s (%d)", base, i)
		}
		names[name] = true
		cn := &yaml.Node{Kind: yaml.MappingNode}
		addKV(cn, "name", str(name))
		addKV(cn, "rule", str(rule))
		tn := &yaml.Node{Kind: yaml.MappingNode}
		wn := &yaml.Node{Kind: yaml.MappingNode}
		var tnames []string
		for t := range tables {
			tnames = append(tnames, t)
		}
		sort.Strings(tnames)
		for _, t := range tnames {
			if alias, ok := strings.CutPrefix(t, watchlistPrefix); ok {
				// A watchlist's columns are the evaluator's
				// WatchlistColumns and those its items have: no
				// schema entry.
				addKV(wn, alias, tableNode(tables[t], blocks[t]))
				continue
			}
			used[t] = true
			addKV(tn, t, tableNode(tables[t], blocks[t]))
		}
		addKV(cn, "tables", tn)
		if len(wn.Content) > 0 {
			addKV(cn, "watchlists", wn)
		}
		addKV(cn, "expect", expectNode(res))
		list.Content = append(list.Content, cn)
	}
	for _, c := range r.Cases {
		if c.original == nil {
			continue
		}
		inBlocks := v.keptBlocks(c)
		addCase(c.Name+": original", o.Original, c.in, inBlocks, c.original)
		if o.Converted == "" {
			continue
		}
		mb := map[string][]block{}
		for t, b := range inBlocks {
			mb[v.m.targetTable(t)] = append(mb[v.m.targetTable(t)], b...)
		}
		addCase(c.Name+": converted", o.Converted, c.mapped, mb, c.converted)
		un, ub := v.unmappedTables(c)
		addCase(c.Name+": converted, on the source events as they are", o.Converted, un, ub, c.unmapped)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, nil, err
	}
	// The schema: the columns of every table a case names.
	var sb bytes.Buffer
	sb.WriteString("{\n")
	var tnames []string
	for t := range used {
		tnames = append(tnames, t)
	}
	sort.Strings(tnames)
	for i, t := range tnames {
		tj, _ := json.Marshal(t)
		fmt.Fprintf(&sb, "  %s: {", tj)
		for j, c := range v.tableColumns(t) {
			cj, _ := json.Marshal(c.Name)
			if j > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "%s: %q", cj, c.Type.String())
		}
		sb.WriteString("}")
		if i < len(tnames)-1 {
			sb.WriteString(",")
		}
		sb.WriteString("\n")
	}
	sb.WriteString("}\n")
	return buf.Bytes(), sb.Bytes(), nil
}

// unmappedTables returns the tables of the check on unmapped events: the
// source events as they are, the other events mapped. Blocks are kept
// where the split leaves them whole.
func (v *verifier) unmappedTables(c *Case) (map[string][]eval.Record, map[string][]block) {
	kv, rest := v.splitSource(c.src)
	restMapped, _, _ := v.m.mapEvents(v.m.inTarget(rest))
	un := map[string][]eval.Record{}
	for t, recs := range restMapped {
		un[t] = append([]eval.Record{}, recs...)
	}
	for t, recs := range kv {
		un[t] = append(un[t], recs...)
	}
	for _, t := range v.convTablesOf() {
		if _, ok := un[t]; !ok {
			un[t] = nil
		}
	}
	return un, nil
}

// convTablesOf returns the tables the converted rule reads.
func (v *verifier) convTablesOf() []string {
	var out []string
	for _, t := range v.pl.tables {
		out = append(out, v.m.targetTable(t))
	}
	return out
}

// keptBlocks returns the blocks of a case's events that the target has
// (whole blocks go: the rows of a block share their operation), numbered
// within the kept events.
func (v *verifier) keptBlocks(c *Case) map[string][]block {
	out := map[string][]block{}
	for t, bs := range c.blocks {
		start := 0
		for _, b := range bs {
			if b.count > 0 && v.m.lacked(c.src[t][b.start]) {
				continue
			}
			out[t] = append(out[t], block{start: start, count: b.count})
			start += b.count
		}
	}
	return out
}

func addKV(m *yaml.Node, k string, v *yaml.Node) {
	m.Content = append(m.Content, str(k), v)
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// tableNode writes a table's records: as rows, or as generate entries (in
// order) when blocks of rows can be written once, with {i%N} for the
// values that count distinct values.
func tableNode(recs []eval.Record, blocks []block) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	covered := 0
	for _, b := range blocks {
		covered += b.count
	}
	if covered != len(recs) {
		blocks = nil
		for i := range recs {
			blocks = append(blocks, block{start: i, count: 1})
		}
	}
	multi := false
	for _, b := range blocks {
		multi = multi || b.count > 1
	}
	if !multi {
		rows := &yaml.Node{Kind: yaml.SequenceNode}
		for _, r := range recs {
			rows.Content = append(rows.Content, rowNode(r, nil))
		}
		addKV(n, "rows", rows)
		return n
	}
	gen := &yaml.Node{Kind: yaml.SequenceNode}
	for _, b := range blocks {
		rs := recs[b.start : b.start+b.count]
		if tmpl, ok := template(rs); ok {
			gen.Content = append(gen.Content, genNode(len(rs), rowNode(rs[0], tmpl)))
			continue
		}
		// Rows that differ otherwise (the numbers a sum is shared
		// among): runs of equal rows once, with their count.
		for i := 0; i < len(rs); {
			j := i + 1
			for j < len(rs) && sameRecord(rs[i], rs[j]) {
				j++
			}
			gen.Content = append(gen.Content, genNode(j-i, rowNode(rs[i], nil)))
			i = j
		}
	}
	addKV(n, "generate", gen)
	return n
}

// sameRecord reports whether two records have the same fields and values.
func sameRecord(a, b eval.Record) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Value.(eval.Value).GoString() != b[i].Value.(eval.Value).GoString() {
			return false
		}
	}
	return true
}

func genNode(count int, row *yaml.Node) *yaml.Node {
	g := &yaml.Node{Kind: yaml.MappingNode}
	addKV(g, "count", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(count)})
	addKV(g, "row", row)
	return g
}

// template finds, for records that differ only in some strings, those
// strings written with {i%N}: a common prefix and suffix around the row's
// number modulo N. It checks that expanding the template gives the
// records back.
func template(rs []eval.Record) (map[string]string, bool) {
	tmpl := map[string]string{}
	first := rs[0]
	for _, r := range rs[1:] {
		if len(r) != len(first) {
			return nil, false
		}
	}
	for j, f := range first {
		vals := make([]string, len(rs))
		same := true
		for i, r := range rs {
			if r[j].Name != f.Name {
				return nil, false
			}
			v := r[j].Value.(eval.Value)
			if v.GoString() != f.Value.(eval.Value).GoString() {
				same = false
			}
			vals[i] = v.String()
			if v.Type() != eval.TypeString && !same {
				return nil, false
			}
		}
		if same {
			continue
		}
		t, ok := indexPattern(vals)
		if !ok {
			return nil, false
		}
		tmpl[f.Name] = t
	}
	return tmpl, true
}

// indexPattern finds P{i%N}S that expands to vals.
func indexPattern(vals []string) (string, bool) {
	// The number sits after the common prefix, cut back to before its
	// digits, and before the common suffix, cut after its digits.
	p := vals[0]
	for _, v := range vals[1:] {
		for !strings.HasPrefix(v, p) {
			p = p[:len(p)-1]
		}
	}
	p = strings.TrimRight(p, "0123456789")
	s := vals[0][len(p):]
	for _, v := range vals[1:] {
		for !strings.HasSuffix(v[len(p):], s) {
			s = s[1:]
		}
	}
	s = strings.TrimLeft(s, "0123456789")
	n := 0
	for i, v := range vals {
		mid := v[len(p) : len(v)-len(s)]
		k, err := strconv.Atoi(mid)
		if err != nil || strconv.Itoa(k) != mid {
			return "", false
		}
		if i > 0 && k == 0 && n == 0 {
			n = i
		}
	}
	if n == 0 {
		n = len(vals) + 1
	}
	for i, v := range vals {
		if v != p+strconv.Itoa(i%n)+s {
			return "", false
		}
	}
	if strings.Contains(p+s, "{i") {
		return "", false
	}
	return fmt.Sprintf("%s{i%%%d}%s", p, n, s), true
}

// rowNode writes a record as a flow mapping; tmpl replaces some values by
// their {i%N} templates.
func rowNode(r eval.Record, tmpl map[string]string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	for _, f := range r {
		if t, ok := tmpl[f.Name]; ok {
			addKV(m, f.Name, str(t))
			continue
		}
		addKV(m, f.Name, valueNode(f.Value.(eval.Value).Interface()))
	}
	return m
}

func valueNode(x any) *yaml.Node {
	switch x := x.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case string:
		return str(x)
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(x, 10)}
	case int32:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(x), 10)}
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'g', -1, 64)}
	case time.Time:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: x.UTC().Format(time.RFC3339Nano)}
	case time.Duration:
		return str(eval.NewTimespan(x).String())
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, e := range x {
			n.Content = append(n.Content, valueNode(e))
		}
		return n
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		var keys []string
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			addKV(n, k, valueNode(x[k]))
		}
		return n
	}
	return str(fmt.Sprint(x))
}

// expectNode writes what a rule did as the expectation of a case.
func expectNode(res *ruletest.Result) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	addKV(n, "fires", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(res.Fires)})
	addKV(n, "rows", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(res.RowCount)})
	seen := map[string]bool{}
	ents := &yaml.Node{Kind: yaml.SequenceNode}
	for _, e := range res.Entities {
		if seen[e.String()] {
			continue
		}
		seen[e.String()] = true
		en := &yaml.Node{Kind: yaml.MappingNode}
		addKV(en, "type", str(e.Type))
		fn := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		var keys []string
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			addKV(fn, k, str(e.Fields[k]))
		}
		addKV(en, "fields", fn)
		ents.Content = append(ents.Content, en)
	}
	if len(ents.Content) > 0 {
		addKV(n, "entities", ents)
	}
	return n
}

package rules

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Rule is the rule held by a File: an analytic rule (Scheduled or NRT) or a
// hunting query. Its getters read the current state of the file; its
// setters edit the file (see File). A getter returns the zero value when the
// field is missing or has an unexpected type; Validate reports such fields.
type Rule struct {
	f *File
}

// File returns the file holding the rule.
func (r *Rule) File() *File { return r.f }

// Class returns AnalyticRule or HuntingQuery.
func (r *Rule) Class() Class { return r.f.class }

// Kind returns the analytic rule kind: the kind: value, spelled as Sentinel's
// schema spells it when it names a kind in another case (scheduled is
// Scheduled), or "Scheduled" when the rule has none (the 2020-era layout).
// It is "" for a hunting query.
func (r *Rule) Kind() string {
	if r.f.class != AnalyticRule {
		return ""
	}
	if _, v := r.f.top("kind"); v != nil {
		// Sentinel reads the kind ignoring case.
		k, _ := CanonicalSpelling("kind", r.f.scalarValue(v))
		return k
	}
	return "Scheduled"
}

// Scalar returns the scalar value at a field path (see the package
// documentation for the syntax) and whether there is a non-null scalar
// there.
func (r *Rule) Scalar(path string) (string, bool) {
	n := deref(r.Node(path))
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

func (r *Rule) str(path string) string { s, _ := r.Scalar(path); return s }

// ID returns the id: value.
func (r *Rule) ID() string { return r.str("id") }

// Name returns the name: value (the display name).
func (r *Rule) Name() string { return r.str("name") }

// Description returns the description: value as YAML decodes it: for the
// usual "description: |" block it ends in a line break, and Azure-Sentinel
// descriptions are often wrapped in single quotes inside the block.
func (r *Rule) Description() string { return r.str("description") }

// Severity returns the severity: value.
func (r *Rule) Severity() string { return r.str("severity") }

// Status returns the status: value.
func (r *Rule) Status() string { return r.str("status") }

// Version returns the version: value.
func (r *Rule) Version() string { return r.str("version") }

// Query returns the query: value, the KQL text, or "" when it is missing or
// not a string; QueryText says why.
func (r *Rule) Query() string {
	q, _ := r.QueryText()
	return q
}

// QueryText returns the query: value, the KQL text. It fails, naming the
// file and the place, when the query is missing or is not a string: a
// number, a boolean, a mapping, a list, or an alias (YAML aliases are
// refused in query:, as editing the query would have to go through them).
// These are the SR009 findings of Validate; every command that reads a
// query refuses them.
func (r *Rule) QueryText() (string, error) {
	n := r.Node("query")
	if n == nil {
		return "", r.f.errorf(r.Pos("query"), "query", "is missing")
	}
	if p := queryProblem(n); p != "" {
		return "", r.f.errorf(r.f.nodePos(n), "query", "%s", p)
	}
	return n.Value, nil
}

// queryProblem says why the query node n is not a string query, or "".
func queryProblem(n *yaml.Node) string {
	if n.Kind == yaml.AliasNode {
		return "is the YAML alias *" + n.Value + "; write the query itself (aliases are refused in query:)"
	}
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "is empty"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str":
		return ""
	case n.Kind == yaml.ScalarNode && !strings.HasPrefix(n.Tag, "!!"):
		return "must be a string, not a value tagged " + n.Tag
	}
	k := kindName(n)
	article := "a "
	if strings.ContainsRune("aeiou", rune(k[0])) {
		article = "an "
	}
	return "must be a string, not " + article + k
}

// QueryFrequency returns the queryFrequency: value as written ("1d", "PT1H").
func (r *Rule) QueryFrequency() string { return r.str("queryFrequency") }

// QueryPeriod returns the queryPeriod: value as written.
func (r *Rule) QueryPeriod() string { return r.str("queryPeriod") }

// TriggerOperator returns the triggerOperator: value as written ("gt").
func (r *Rule) TriggerOperator() string { return r.str("triggerOperator") }

// TriggerThreshold returns the triggerThreshold: value and whether it is an
// integer.
func (r *Rule) TriggerThreshold() (int, bool) {
	s, ok := r.Scalar("triggerThreshold")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// Tactics returns the tactics: list.
func (r *Rule) Tactics() []string { return r.strings("tactics") }

// Techniques returns the relevantTechniques: list (or, when a file has
// none, its techniques: list, which some repositories use), sub-techniques
// such as "T1078.004" included.
func (r *Rule) Techniques() []string {
	if r.Node("relevantTechniques") != nil {
		return r.strings("relevantTechniques")
	}
	return r.strings("techniques")
}

// techniquesPath names the field Techniques reads.
func (r *Rule) techniquesPath() string {
	if r.Node("relevantTechniques") == nil && r.Node("techniques") != nil {
		return "techniques"
	}
	return "relevantTechniques"
}

// strings returns the scalar items of a sequence.
func (r *Rule) strings(path string) []string {
	n := deref(r.Node(path))
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if c = deref(c); c.Kind == yaml.ScalarNode && c.Tag != "!!null" {
			out = append(out, c.Value)
		}
	}
	return out
}

// Keys returns the top-level keys in file order, unknown keys included.
func (r *Rule) Keys() []string {
	var keys []string
	for i := 0; i+1 < len(r.f.root.Content); i += 2 {
		keys = append(keys, r.f.root.Content[i].Value)
	}
	return keys
}

// Node returns the YAML node at a field path (an alias node is returned as
// is), or nil. The node is for reading: changing it does not change the
// file; use Set and Delete.
func (r *Rule) Node(path string) *yaml.Node {
	segs, err := parsePath(path)
	if err != nil {
		return nil
	}
	n, _, _ := r.f.walk(segs)
	return n
}

// Pos returns the position of the value at a field path; for a missing
// field, the position of the nearest enclosing value that exists.
func (r *Rule) Pos(path string) Position {
	segs, err := parsePath(path)
	if err != nil {
		return r.f.position(r.f.body)
	}
	for len(segs) > 0 {
		if n, _, _ := r.f.walk(segs); n != nil {
			return r.f.nodePos(n)
		}
		segs = segs[:len(segs)-1]
	}
	return r.f.nodePos(r.f.root)
}

// keyPos returns the position of the key of a top-level or nested field,
// falling back to Pos.
func (r *Rule) keyPos(path string) Position {
	if segs, err := parsePath(path); err == nil {
		if _, k, _ := r.f.walk(segs); k != nil {
			return r.f.nodePos(k)
		}
	}
	return r.Pos(path)
}

// QueryPosition maps a byte offset in Query() to its line and column in
// the file. The mapping is exact for every scalar style whenever this
// package's scanner decodes the query to the same text as yaml.v3 (checked
// for every rule of the test corpus): for "query: |" blocks a query line is
// a file line shifted by the block's indentation; escapes in quoted
// scalars map to their backslash, and folded line breaks to the break they
// replace. Otherwise it returns the position where the query starts.
func (r *Rule) QueryPosition(offset int) Position {
	return r.valuePosition("query", offset)
}

func (r *Rule) valuePosition(path string, offset int) Position {
	n := deref(r.Node(path))
	if n == nil {
		return r.Pos(path)
	}
	if n.Kind != yaml.ScalarNode {
		return r.f.nodePos(n)
	}
	sp := r.f.spanOf(n)
	switch {
	case !sp.exact || offset < 0 || offset > len(sp.offs):
		return r.f.nodePos(n)
	case offset == len(sp.offs):
		if len(sp.offs) == 0 {
			return r.f.position(sp.start)
		}
		return r.f.position(sp.offs[len(sp.offs)-1] + 1)
	}
	return r.f.position(sp.offs[offset])
}

// DataConnector is one entry of requiredDataConnectors.
type DataConnector struct {
	ConnectorID string
	DataTypes   []string
}

// RequiredDataConnectors returns the requiredDataConnectors: entries.
func (r *Rule) RequiredDataConnectors() []DataConnector {
	n := deref(r.Node("requiredDataConnectors"))
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []DataConnector
	for i := range n.Content {
		p := "requiredDataConnectors[" + strconv.Itoa(i) + "]"
		out = append(out, DataConnector{ConnectorID: r.str(p + ".connectorId"), DataTypes: r.strings(p + ".dataTypes")})
	}
	return out
}

// EntityMapping is one entry of entityMappings. Path names it for Delete.
type EntityMapping struct {
	EntityType    string
	FieldMappings []FieldMapping
	Path          string // "entityMappings[1]"
	Pos           Position
}

// FieldMapping is one entry of an entity mapping's fieldMappings.
type FieldMapping struct {
	Identifier string
	ColumnName string
	Path       string // "entityMappings[1].fieldMappings[0]"
	Pos        Position
}

// EntityMappings returns the entityMappings: entries.
func (r *Rule) EntityMappings() []EntityMapping {
	n := deref(r.Node("entityMappings"))
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []EntityMapping
	for i, item := range n.Content {
		p := "entityMappings[" + strconv.Itoa(i) + "]"
		em := EntityMapping{EntityType: r.str(p + ".entityType"), Path: p, Pos: r.f.nodePos(item)}
		if fm := deref(r.Node(p + ".fieldMappings")); fm != nil && fm.Kind == yaml.SequenceNode {
			for j, fi := range fm.Content {
				q := p + ".fieldMappings[" + strconv.Itoa(j) + "]"
				em.FieldMappings = append(em.FieldMappings, FieldMapping{
					Identifier: r.str(q + ".identifier"), ColumnName: r.str(q + ".columnName"),
					Path: q, Pos: r.f.nodePos(fi),
				})
			}
		}
		out = append(out, em)
	}
	return out
}

// CustomDetail is one entry of customDetails: an alert field name and the
// query column it takes its value from.
type CustomDetail struct {
	Key    string
	Column string
	Path   string // "customDetails.Key"
	Pos    Position
}

// CustomDetails returns the customDetails: entries in file order.
func (r *Rule) CustomDetails() []CustomDetail {
	n := deref(r.Node("customDetails"))
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []CustomDetail
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		out = append(out, CustomDetail{Key: k.Value, Column: r.f.scalarValue(n.Content[i+1]),
			Path: "customDetails." + k.Value, Pos: r.f.nodePos(k)})
	}
	return out
}

// Setters. Each edits the file in place; see Set.

// SetID sets id:.
func (r *Rule) SetID(id string) error { return r.Set("id", id) }

// SetName sets name:.
func (r *Rule) SetName(name string) error { return r.Set("name", name) }

// SetDescription sets description:.
func (r *Rule) SetDescription(d string) error { return r.Set("description", d) }

// SetQuery sets query:. A "query: |" block stays a literal block with the
// same indentation; the chomping indicator follows the new text's final
// line breaks.
func (r *Rule) SetQuery(q string) error { return r.Set("query", q) }

// SetVersion sets version:.
func (r *Rule) SetVersion(v string) error { return r.Set("version", v) }

// DeleteEntityMapping removes entityMappings[i].
func (r *Rule) DeleteEntityMapping(i int) error {
	return r.Delete("entityMappings[" + strconv.Itoa(i) + "]")
}

// DeleteFieldMapping removes entityMappings[i].fieldMappings[j].
func (r *Rule) DeleteFieldMapping(i, j int) error {
	return r.Delete("entityMappings[" + strconv.Itoa(i) + "].fieldMappings[" + strconv.Itoa(j) + "]")
}

// DeleteCustomDetail removes the customDetails entry named key.
func (r *Rule) DeleteCustomDetail(key string) error { return r.Delete("customDetails." + key) }

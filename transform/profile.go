package transform

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/input"
	"github.com/kqlt/kqlt/rules"
)

// A Profile says declaratively what a conversion does: which rules it
// applies to, which literal values it retargets, which operations the
// target lacks, how columns and tables map, and how the rule's metadata
// changes. Profiles are YAML files; the built-in ones are embedded (see
// Builtin), and users write their own in the same format.
type Profile struct {
	Name        string         `yaml:"name"`
	Description string         `yaml:"description,omitempty"`
	Scope       Scope          `yaml:"scope"`
	Values      []ValueMap     `yaml:"values,omitempty"`
	Predicates  []PredicateMap `yaml:"predicates,omitempty"`
	Operations  *Operations    `yaml:"operations,omitempty"`
	Columns     ColumnMaps     `yaml:"columns,omitempty"`
	Tables      TableMaps      `yaml:"tables,omitempty"`
	Metadata    Metadata       `yaml:"metadata,omitempty"`
	Events      *EventMapping  `yaml:"events,omitempty"` // how source events look on the target, for verification (see EventMapping)

	source  []byte                 // the YAML text, for printing
	exprs   map[string]kql.Expr    // parsed column expressions
	preds   []kql.Expr             // parsed predicate replacements
	drop    []glob                 // compiled operation drop patterns
	known   map[string]bool        // lower-cased known operations
	renames map[string]string      // lower-cased operation renames
	adds    map[string][]string    // lower-cased "when" → operations to add
	valueBy map[string][]*ValueMap // lower-cased column → value maps
}

// Scope selects the rules a profile applies to: queries that read one of
// Tables and compare Column with one of Values (case-insensitively,
// directly or through a let binding), or that select rows by one of the
// resource-id Paths.
type Scope struct {
	Tables []string    `yaml:"tables"`
	Column string      `yaml:"column,omitempty"`
	Values []string    `yaml:"values,omitempty"`
	Paths  *ScopePaths `yaml:"paths,omitempty"`
}

// ScopePaths takes queries that select rows by a path in a resource id:
// a comparison of one of Columns, with any string operator that selects
// (has, contains, startswith, ==, =~, in~, matches regex, ...; not the
// negated ones), with a value that contains one of Values, ignoring case
// and the backslashes of regular expressions. A path matches whole
// segments: /providers/microsoft.keyvault/vaults/ is found in
// "/subscriptions/…/providers/Microsoft.KeyVault/vaults/kv1" and in
// "microsoft.keyvault/vaults", not in ".../vaultsX".
type ScopePaths struct {
	Columns []string `yaml:"columns"`
	Values  []string `yaml:"values"`
}

// ValueMap retargets literal values compared with its columns: Map replaces
// whole values, Substrings parts of values. Matching ignores case; the new
// literal is lower-case when the old one was, upper-case otherwise.
type ValueMap struct {
	Columns    []string          `yaml:"columns"`
	Map        map[string]string `yaml:"map,omitempty"`
	Substrings map[string]string `yaml:"substrings,omitempty"`

	index int // position in Profile.Values, for change reasons
}

// PredicateMap replaces every comparison of Column with one of Values
// (==, =~, in, in~, has) by the KQL expression Replace; negated
// comparisons (!=, !~, !in, !in~, !has) become not(Replace).
type PredicateMap struct {
	Column  string   `yaml:"column"`
	Values  []string `yaml:"values"`
	Replace string   `yaml:"replace"`
}

// Operations describes the operations of the target, as values of Column.
type Operations struct {
	Column string            `yaml:"column"`
	Drop   []string          `yaml:"drop"`             // patterns of operations the target lacks; '*' matches any text
	Known  []string          `yaml:"known,omitempty"`  // operations the target is known to have
	Rename map[string]string `yaml:"rename,omitempty"` // operations that have another name on the target
	Add    []OperationAdd    `yaml:"add,omitempty"`    // operations to add to lists
}

// OperationAdd adds operations to every operation list that holds When.
type OperationAdd struct {
	When string   `yaml:"when"`
	Add  []string `yaml:"add"`
}

// ColumnMaps retarget columns: Rename gives a column a new name (also in
// column_ifexists("name", ...)); Expressions replace references to a column
// with a KQL expression, for a target table that has the value elsewhere.
type ColumnMaps struct {
	Rename      map[string]string `yaml:"rename,omitempty"`
	Expressions map[string]string `yaml:"expressions,omitempty"`
}

// TableMaps renames tables.
type TableMaps struct {
	Rename map[string]string `yaml:"rename,omitempty"`
}

// Metadata says how the rule's name and description change, how its new id
// is derived, and the provenance line appended to the description.
type Metadata struct {
	Name        []TextReplace `yaml:"name,omitempty"`
	Description []TextReplace `yaml:"description,omitempty"`
	IDNamespace string        `yaml:"idNamespace,omitempty"`
	Provenance  string        `yaml:"provenance,omitempty"`
	// NameSuffix is appended to a converted name that does not already
	// name the target (the suffix's words, such as "Managed HSM", ignoring
	// case), so that a rule and its converted copy never look the same in
	// one workspace. The name is shortened before it to stay within
	// Sentinel's 256 characters.
	NameSuffix string `yaml:"nameSuffix,omitempty"`
}

// TextReplace replaces a phrase with another, as whole words and keeping
// capitalisation.
type TextReplace struct {
	Replace string `yaml:"replace"`
	With    string `yaml:"with"`
}

//go:embed profiles/*.yaml
var builtinFS embed.FS

// BuiltinNames returns the names of the built-in profiles.
func BuiltinNames() []string {
	entries, _ := builtinFS.ReadDir("profiles")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// DefaultProfile is the name of the profile used when none is given.
const DefaultProfile = "keyvault-to-managedhsm"

// Builtin returns the built-in profile called name.
func Builtin(name string) (*Profile, error) {
	data, err := builtinFS.ReadFile(path.Join("profiles", name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("no built-in profile %q (built-in profiles: %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	return ParseProfile(name+".yaml", data)
}

// LoadProfile returns the built-in profile called nameOrPath, or else the
// profile in the file at that path, of at most 16 MiB; see
// LoadProfileLimit.
func LoadProfile(nameOrPath string) (*Profile, error) { return LoadProfileLimit(nameOrPath, 0) }

// LoadProfileLimit is LoadProfile with a profile file of at most maxBytes
// bytes (0 means 16 MiB). The file must be a regular file (or a
// standard-input pipe, /dev/fd/N): named pipes and devices are refused
// before they are opened.
func LoadProfileLimit(nameOrPath string, maxBytes int64) (*Profile, error) {
	if !strings.ContainsAny(nameOrPath, `/\.`) {
		return Builtin(nameOrPath)
	}
	if maxBytes <= 0 {
		maxBytes = input.MaxMetaSize
	}
	data, err := input.ReadFile(nameOrPath, maxBytes)
	if err != nil {
		return nil, err
	}
	return ParseProfile(nameOrPath, data)
}

// Source returns the profile's YAML text as it was read.
func (p *Profile) Source() []byte { return bytes.Clone(p.source) }

// ParseProfile parses and checks a profile. filename is used in error
// messages.
//
// Errors carry the file, line and column, as rule YAML errors do
// (*rules.Error, several joined with errors.Join): YAML syntax errors, keys
// the format lacks, values of the wrong kind, and the checks of the
// profile's content (at the key they are about).
func ParseProfile(filename string, data []byte) (*Profile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, rules.YAMLError(filename, data, err)
	}
	if len(doc.Content) == 0 {
		return nil, &rules.Error{File: filename, Pos: rules.Position{Line: 1, Column: 1}, Msg: "the profile is empty"}
	}
	root := doc.Content[0]
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, rules.YAMLError(filename, data, err)
		}
		var errs []error
		for _, msg := range te.Errors {
			errs = append(errs, decodeError(filename, root, msg))
		}
		return nil, errors.Join(errs...)
	}
	p.source = bytes.Clone(data)
	if errs := p.compile(); len(errs) > 0 {
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = checkError(filename, data, root, e.Error())
		}
		return nil, errors.Join(out...)
	}
	return &p, nil
}

var (
	typeErrorRE    = regexp.MustCompile(`(?s)^line (\d+): (.*)$`)
	unknownFieldRE = regexp.MustCompile(`(?s)^field (.*) not found in type \S+$`)
)

// decodeError turns one message of a *yaml.TypeError ("line 3: field x not
// found in type transform.Scope") into an error at the key or value it is
// about.
func decodeError(filename string, root *yaml.Node, msg string) error {
	e := &rules.Error{File: filename, Msg: msg}
	m := typeErrorRE.FindStringSubmatch(msg)
	if m == nil {
		return e
	}
	line, _ := strconv.Atoi(m[1])
	e.Msg = m[2]
	e.Pos = rules.Position{Line: line, Column: 1}
	var at *yaml.Node
	if f := unknownFieldRE.FindStringSubmatch(m[2]); f != nil {
		e.Msg = fmt.Sprintf("unknown key %q", f[1])
		at = findNode(root, func(key, value *yaml.Node) *yaml.Node {
			if key != nil && key.Line == line && key.Value == f[1] {
				return key
			}
			return nil
		})
	} else {
		// The value of the wrong kind: the innermost one on the line of
		// that kind (and text, for a scalar).
		c := cannotUnmarshalRE.FindStringSubmatch(m[2])
		var atKey *yaml.Node
		findNode(root, func(key, value *yaml.Node) *yaml.Node {
			if value.Line == line && (c == nil || yamlKind(value.Tag) == yamlKind(c[1]) && (c[2] == "" || value.Value == c[2])) {
				at, atKey = value, key
			}
			return nil
		})
		if c != nil {
			e.Msg = fmt.Sprintf("want %s, not %s", goKind(c[3]), yamlKind(c[1]))
			if atKey != nil {
				e.Msg = atKey.Value + ": " + e.Msg
			}
		}
	}
	if at != nil {
		e.Pos.Column = at.Column
	}
	// A value quoted in the message may span lines: one error, one line.
	e.Msg = strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(e.Msg)
	return e
}

// cannotUnmarshalRE reads yaml.v3's "cannot unmarshal !!map into
// []transform.ValueMap" (a scalar's text may come between).
var cannotUnmarshalRE = regexp.MustCompile("(?s)^cannot unmarshal (\\S+)(?: `(.*)`)? into (\\S+)$")

// yamlKind names a YAML tag for messages.
func yamlKind(tag string) string {
	switch tag {
	case "!!map":
		return "a mapping"
	case "!!seq":
		return "a sequence"
	case "!!str":
		return "a string"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	}
	return tag
}

// goKind names what a profile field of Go type t takes, for messages.
func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a sequence"
	case strings.HasPrefix(t, "map["), strings.HasPrefix(t, "transform."), strings.HasPrefix(t, "*transform."):
		return "a mapping"
	case t == "string":
		return "a string"
	case t == "bool":
		return "a boolean"
	}
	return "a value of another kind"
}

// findNode returns the first node, in document order, that match returns
// for a value and its key (nil for the root and the items of a sequence);
// match may also just look at every value.
func findNode(n *yaml.Node, match func(key, value *yaml.Node) *yaml.Node) *yaml.Node {
	var walk func(key, value *yaml.Node, depth int) *yaml.Node
	walk = func(key, value *yaml.Node, depth int) *yaml.Node {
		if depth > 100 { // aliases can nest; a profile is shallow
			return nil
		}
		if at := match(key, value); at != nil {
			return at
		}
		switch value.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(value.Content); i += 2 {
				if at := walk(value.Content[i], value.Content[i+1], depth+1); at != nil {
					return at
				}
			}
		case yaml.SequenceNode:
			for _, item := range value.Content {
				if at := walk(nil, item, depth+1); at != nil {
					return at
				}
			}
		}
		return nil
	}
	return walk(nil, n, 0)
}

// checkPathRE reads the path a check's message starts with:
// "predicates[0].replace: ...", "columns.rename.X: ...".
var checkPathRE = regexp.MustCompile(`^([A-Za-z_][\w.\[\]]*): `)

// checkError places a message of compile at the value its path names, or
// at the deepest part of the path the profile has ("name: missing" is at
// the start of the document).
func checkError(filename string, data []byte, root *yaml.Node, msg string) error {
	e := &rules.Error{File: filename, Pos: rules.Position{Line: root.Line, Column: root.Column}, Msg: msg}
	m := checkPathRE.FindStringSubmatch(msg)
	if m == nil {
		return e
	}
	n, at, resolved := root, root, true
	for _, part := range strings.Split(strings.ReplaceAll(m[1], "[", ".["), ".") {
		var next *yaml.Node
		if strings.HasPrefix(part, "[") && strings.HasSuffix(part, "]") {
			i, err := strconv.Atoi(part[1 : len(part)-1])
			if err == nil && n.Kind == yaml.SequenceNode && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				at = next
			}
		} else if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == part {
					next = n.Content[i+1]
					// A block mapping or sequence starts on the line
					// after its key: point at the key.
					at = next
					if next.Kind != yaml.ScalarNode && next.Style&yaml.FlowStyle == 0 {
						at = n.Content[i]
					}
					break
				}
			}
		}
		if next == nil {
			resolved = false
			break
		}
		n = next
	}
	e.Pos = rules.Position{Line: at.Line, Column: at.Column}
	// A KQL error in an expression ("predicates[0].replace: 1:5: expected
	// an expression") is placed in the file when the expression is written
	// on one line as it reads.
	if k := kqlPosRE.FindStringSubmatch(msg[len(m[0]):]); resolved && at.Kind == yaml.ScalarNode && k != nil {
		if start, ok := scalarStart(data, at); ok {
			col, _ := strconv.Atoi(k[1])
			e.Pos.Column = at.Column + start + col - 1
			e.Msg = m[1] + ": " + msg[len(m[0])+len(k[0]):]
		}
	}
	return e
}

// kqlPosRE reads the position of a KQL error on the first line of an
// expression.
var kqlPosRE = regexp.MustCompile(`^1:(\d+): `)

// scalarStart returns how many bytes after its column the text of the
// scalar n starts (1 after a quote), when the file has that text there as
// it is, on one line: plain, or quoted with no escapes.
func scalarStart(data []byte, n *yaml.Node) (int, bool) {
	if strings.ContainsAny(n.Value, "\r\n") || n.Line < 1 || n.Column < 1 {
		return 0, false
	}
	lines := bytes.SplitN(data, []byte("\n"), n.Line+1)
	if len(lines) < n.Line || len(lines[n.Line-1]) < n.Column-1 {
		return 0, false
	}
	raw := string(lines[n.Line-1][n.Column-1:])
	switch n.Style {
	case 0:
		return 0, strings.HasPrefix(raw, n.Value)
	case yaml.SingleQuotedStyle:
		return 1, !strings.Contains(n.Value, "'") && strings.HasPrefix(raw, "'"+n.Value+"'")
	case yaml.DoubleQuotedStyle:
		return 1, !strings.ContainsAny(n.Value, `"\`) && strings.HasPrefix(raw, `"`+n.Value+`"`)
	}
	return 0, false
}

// compile checks the profile and prepares its lookups. Each error's
// message starts with the path of the key it is about.
func (p *Profile) compile() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if p.Name == "" {
		bad("name: missing")
	}
	switch sc := p.Scope; {
	case sc.Column == "" && len(sc.Values) == 0 && sc.Paths != nil:
	case sc.Column == "" || len(sc.Values) == 0:
		bad("scope: column and values are required (or paths)")
	}
	if ps := p.Scope.Paths; ps != nil && (len(ps.Columns) == 0 || len(ps.Values) == 0) {
		bad("scope.paths: columns and values are required")
	}
	p.valueBy = map[string][]*ValueMap{}
	for i := range p.Values {
		v := &p.Values[i]
		v.index = i
		if len(v.Columns) == 0 {
			bad("values[%d]: columns missing", i)
		}
		if len(v.Map) == 0 && len(v.Substrings) == 0 {
			bad("values[%d]: needs map or substrings", i)
		}
		for _, c := range v.Columns {
			p.valueBy[strings.ToLower(c)] = append(p.valueBy[strings.ToLower(c)], v)
		}
	}
	for i, pm := range p.Predicates {
		x, err := kql.ParseExpr(pm.Replace)
		if err != nil {
			bad("predicates[%d].replace: %v", i, err)
		}
		if pm.Column == "" || len(pm.Values) == 0 {
			bad("predicates[%d]: column and values are required", i)
		}
		p.preds = append(p.preds, x)
	}
	if o := p.Operations; o != nil {
		if o.Column == "" {
			bad("operations.column: missing")
		}
		for i, d := range o.Drop {
			if d == "" {
				bad("operations.drop[%d]: empty pattern", i)
			}
			p.drop = append(p.drop, compileGlob(d))
		}
		p.known = map[string]bool{}
		for _, k := range o.Known {
			p.known[strings.ToLower(k)] = true
		}
		p.renames = map[string]string{}
		for from, to := range o.Rename {
			p.renames[strings.ToLower(from)] = to
		}
		p.adds = map[string][]string{}
		for i, a := range o.Add {
			if a.When == "" || len(a.Add) == 0 {
				bad("operations.add[%d]: when and add are required", i)
			}
			p.adds[strings.ToLower(a.When)] = append(p.adds[strings.ToLower(a.When)], a.Add...)
		}
	}
	p.exprs = map[string]kql.Expr{}
	for col, src := range p.Columns.Expressions {
		x, err := kql.ParseExpr(src)
		if err != nil {
			bad("columns.expressions.%s: %v", col, err)
			continue
		}
		p.exprs[col] = x
	}
	for col, to := range p.Columns.Rename {
		if !kql.IsIdent(to) {
			bad("columns.rename.%s: %q is not a plain column name", col, to)
		}
	}
	p.compileEvents(bad)
	for i, r := range p.Metadata.Name {
		if r.Replace == "" {
			bad("metadata.name[%d]: replace is empty", i)
		}
	}
	for i, r := range p.Metadata.Description {
		if r.Replace == "" {
			bad("metadata.description[%d]: replace is empty", i)
		}
	}
	return errs
}

// dropped reports whether the target lacks the operation op, and the drop
// pattern that says so.
func (p *Profile) dropped(op string) (bool, string) {
	for _, g := range p.drop {
		if g.match(op) {
			return true, g.src
		}
	}
	return false, ""
}

// droppedPrefix reports whether every operation that starts with prefix is
// dropped: some drop pattern's fixed start is a prefix of it and the pattern
// continues with '*'.
func (p *Profile) droppedPrefix(prefix string) (bool, string) {
	for _, g := range p.drop {
		if g.coversPrefix(prefix) {
			return true, g.src
		}
	}
	return false, ""
}

// glob is a case-insensitive pattern where '*' matches any text.
type glob struct {
	src   string
	parts []string // lower-cased text between stars
}

func compileGlob(s string) glob {
	return glob{src: s, parts: strings.Split(strings.ToLower(s), "*")}
}

func (g glob) match(s string) bool {
	s = strings.ToLower(s)
	if len(g.parts) == 1 {
		return s == g.parts[0]
	}
	if !strings.HasPrefix(s, g.parts[0]) {
		return false
	}
	s = s[len(g.parts[0]):]
	last := g.parts[len(g.parts)-1]
	for _, part := range g.parts[1 : len(g.parts)-1] {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return strings.HasSuffix(s, last)
}

// coversPrefix reports whether every string starting with prefix matches:
// the pattern is "<fixed>*" and prefix starts with <fixed>.
func (g glob) coversPrefix(prefix string) bool {
	return len(g.parts) == 2 && g.parts[1] == "" && strings.HasPrefix(strings.ToLower(prefix), g.parts[0])
}

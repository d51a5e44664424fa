package rules

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/kql"
)

// Severity grades a Finding.
type Severity int

const (
	SeverityError   Severity = iota + 1 // Microsoft's CI rejects the rule, or it does not deploy
	SeverityWarning                     // accepted, but probably not what was meant
	SeverityInfo                        // for information (SARIF level "note")
)

func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "info"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Finding is one problem Validate found.
type Finding struct {
	Code     string // stable check code, such as "SR013"; see Checks
	Severity Severity
	File     string
	Pos      Position // where in the file; the top of the file for a missing field
	Field    string   // field path, such as "entityMappings[0].fieldMappings[1].identifier"
	Message  string   // names the field
}

// String formats the finding as "file:line:col: code: message".
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", f.File, f.Pos.Line, f.Pos.Column, f.Code, f.Message)
}

// Check describes one validation check.
type Check struct {
	Code     string
	Name     string   // short kebab-case name, such as "query-frequency"
	Severity Severity // the severity of its findings (some also warn: SR002, SR006, a value in another case)
	Applies  string   // "analytic", "scheduled" or "all" (analytic rules and hunting queries)
	Summary  string
}

var checks = []Check{
	{"SR001", "id-guid", SeverityError, "all", "id is present and a GUID"},
	{"SR002", "id-unique", SeverityError, "all", "no two files validated together share an id (a warning when both have the same name: two versions of one rule)"},
	{"SR003", "name", SeverityError, "all", "name is present, not empty, at most 256 characters"},
	{"SR004", "description", SeverityError, "all", "description is present, at most 5000 characters"},
	{"SR005", "severity", SeverityError, "analytic", "severity is Informational, Low, Medium or High (in another case, a warning)"},
	{"SR006", "kind", SeverityError, "analytic", "kind is Scheduled or NRT (a missing kind is a warning: read as Scheduled; so is another case)"},
	{"SR007", "tactics", SeverityError, "all", "tactics is a list of MITRE ATT&CK tactics Sentinel knows"},
	{"SR008", "techniques", SeverityError, "all", "relevantTechniques is a list of technique ids (T1234 or T1234.001)"},
	{"SR009", "query", SeverityError, "all", "query is a string of 1 to 10000 characters, written out (not a YAML alias)"},
	{"SR010", "query-syntax", SeverityError, "all", "the query parses as KQL"},
	{"SR011", "version", SeverityError, "all", "version, when present, is X.Y.Z"},
	{"SR012", "data-connectors", SeverityError, "all", "scheduled rules list requiredDataConnectors; each entry has a connectorId and a dataTypes list"},
	{"SR013", "query-frequency", SeverityError, "scheduled", "queryFrequency is <n>m, <n>h or <n>d, from 5m to 14d"},
	{"SR014", "query-period", SeverityError, "scheduled", "queryPeriod is <n>m, <n>h or <n>d, from 5m to 14d"},
	{"SR015", "period-covers-frequency", SeverityError, "scheduled", "queryPeriod is at least queryFrequency"},
	{"SR016", "long-period-frequency", SeverityError, "scheduled", "a queryPeriod of 2 days or more needs a queryFrequency of at least 1 hour"},
	{"SR017", "trigger-operator", SeverityError, "scheduled", "triggerOperator is gt, lt, eq or ne (in another case, a warning)"},
	{"SR018", "trigger-threshold", SeverityError, "scheduled", "triggerThreshold is an integer from 0 to 10000"},
	{"SR019", "entity-mappings", SeverityError, "all", "entityMappings, when present, has 1 to 5 entries"},
	{"SR020", "field-mappings", SeverityError, "all", "each entity mapping has 1 to 3 fieldMappings"},
	{"SR021", "entity-type", SeverityError, "all", "entityType is an entity type Sentinel knows"},
	{"SR022", "entity-identifier", SeverityError, "all", "identifiers are valid for the entity type, not repeated, and include a required one"},
	{"SR023", "column-name", SeverityError, "all", "columnName starts with a letter or underscore, has only word characters, at most 500"},
	{"SR024", "custom-details", SeverityError, "all", "at most 20 customDetails; keys are letters then word characters (≤ 20), values column names (≤ 500)"},
	{"SR025", "alert-details-override", SeverityError, "analytic", "alert name and description formats are 1–256 and 1–5000 characters with at most 3 {{column}} placeholders"},
	{"SR026", "event-grouping", SeverityError, "analytic", "eventGroupingSettings.aggregationKind is SingleAlert or AlertPerResult (in another case, a warning)"},
	{"SR027", "query-not-command", SeverityError, "all", "the query is a KQL query, not a control command (.create table, .show ...), which Sentinel cannot run"},
	{"SR040", "arm-expression", SeverityWarning, "all", "no deployed string starts with [ and ends with ]: ARM would evaluate it as an expression (kqlt's templates escape it as [[...], other tools may not)"},
	{"SR041", "arm-expression-key", SeverityWarning, "all", "no key of a deployed mapping starts with [ and ends with ] (kqlt refuses to write such a key into a template)"},
	{"SR100", "not-a-rule", SeverityInfo, "all", "the file is not a rule and was not validated (parser, no query:, several documents, ...)"},
}

// Checks returns the validation checks, in code order: those of Validate,
// then those of Semantics.
func Checks() []Check { return append(append([]Check(nil), checks...), semanticChecks()...) }

func checkSeverity(code string) Severity {
	for _, c := range checks {
		if c.Code == code {
			return c.Severity
		}
	}
	return SeverityError
}

// parseQuery checks a query's KQL syntax. It is a variable so that tests can
// stand in for the parser.
var parseQuery = func(q string) error {
	_, err := kql.Parse(q)
	return err
}

// Validate checks rule files against the rules the Azure-Sentinel
// repository's CI enforces (see Checks; "Deployment facts" in the Key Vault
// notes), and that each query parses as KQL. Analytic rules get the
// analytic checks (scheduled rules also the schedule checks); hunting
// queries get the checks that apply to them. Ids are compared across all
// the files given. Files that are not rules get one SR100 note.
//
// Not checked: that requiredDataConnectors name connectors in Microsoft's
// list, and that each technique belongs to one of the rule's tactics.
// Semantics binds the queries (tables, columns, functions).
//
// Findings come sorted by file, position and code.
func Validate(files ...*File) []Finding { return ValidateWith(nil, files...) }

// Options adjust validation to a repository's conventions.
type Options struct {
	// Durations is the form the repository writes queryFrequency and
	// queryPeriod in.
	Durations DurationStyle
}

// DurationStyle is a form of schedule durations.
type DurationStyle int

// The duration styles.
const (
	// DurationsCI: 5m, 1h, 1d or a .NET TimeSpan, as the Azure-Sentinel
	// CI reads them (ISO 8601 is an error there).
	DurationsCI DurationStyle = iota
	// DurationsISO8601: PT5M, PT1H, P1D, as ARM templates and
	// Sentinel-as-code repositories write them.
	DurationsISO8601
	// DurationsAny: either form.
	DurationsAny
)

// ValidateWith is Validate with options for each file (nil: the defaults
// for every file).
func ValidateWith(options func(*File) Options, files ...*File) []Finding {
	var out []Finding
	ids := map[string]Finding{}
	for _, f := range files {
		if f == nil {
			continue
		}
		v := &validator{f: f}
		if options != nil {
			v.opts = options(f)
		}
		if f.class == NotARule {
			v.add("SR100", "", f.position(f.body), "not a rule: %s", f.reason)
			out = append(out, v.out...)
			continue
		}
		v.r = &Rule{f: f}
		v.run()
		if id := canonicalGUID(v.r.ID()); id != "" {
			at := Finding{File: f.name, Pos: v.r.Pos("id"), Message: v.r.Name()}
			first, dup := ids[id]
			switch {
			case !dup:
				ids[id] = at
			case first.Message == v.r.Name():
				// Two versions (or copies) of one rule: Microsoft's CI would
				// refuse both in one folder, but keeping versions side by
				// side is legitimate here.
				v.addSev(SeverityWarning, "SR002", "id", at.Pos, "id %s and name are those of %s:%d: two versions of one rule; deploy only one", v.r.ID(), first.File, first.Pos.Line)
			default:
				v.add("SR002", "id", at.Pos, "id %s is also the id of %s:%d, a different rule (%q)", v.r.ID(), first.File, first.Pos.Line, first.Message)
			}
		}
		out = append(out, v.out...)
	}
	sortFindings(out)
	return out
}

// sortFindings sorts findings by file, position, code and message.
func sortFindings(out []Finding) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Offset != b.Pos.Offset {
			return a.Pos.Offset < b.Pos.Offset
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}

type validator struct {
	f    *File
	r    *Rule
	opts Options
	out  []Finding
}

func (v *validator) add(code, field string, pos Position, format string, args ...any) {
	v.addSev(checkSeverity(code), code, field, pos, format, args...)
}

func (v *validator) addSev(sev Severity, code, field string, pos Position, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if field != "" && !strings.HasPrefix(msg, field+":") {
		msg = field + ": " + msg
	}
	v.out = append(v.out, Finding{Code: code, Severity: sev, File: v.f.name, Pos: pos, Field: field, Message: msg})
}

// scalar returns the scalar at path. A missing field reports "is missing"
// when required; a non-scalar reports its type.
func (v *validator) scalar(code, path string, required bool) (string, *yaml.Node, bool) {
	n := v.r.Node(path)
	d := deref(n)
	switch {
	case d == nil || d.Kind == yaml.ScalarNode && d.Tag == "!!null":
		if required {
			if d == nil {
				v.add(code, path, v.r.Pos(path), "is missing")
			} else {
				v.add(code, path, v.r.Pos(path), "is empty")
			}
		}
		return "", nil, false
	case d.Kind != yaml.ScalarNode:
		v.add(code, path, v.f.nodePos(n), "must be a string, not a %s", kindName(d))
		return "", nil, false
	}
	return d.Value, n, true
}

// seq returns the items of the sequence at path; a non-sequence is reported.
func (v *validator) seq(code, path string, required bool) ([]*yaml.Node, bool) {
	n := v.r.Node(path)
	d := deref(n)
	switch {
	case d == nil || d.Kind == yaml.ScalarNode && d.Tag == "!!null":
		if required {
			v.add(code, path, v.r.Pos(path), "is missing")
		}
		return nil, false
	case d.Kind != yaml.SequenceNode:
		v.add(code, path, v.f.nodePos(n), "must be a list, not a %s", kindName(d))
		return nil, false
	}
	return d.Content, true
}

func (v *validator) run() {
	r := v.r
	analytic := r.Class() == AnalyticRule
	kind := r.Kind()
	scheduled := analytic && kind == "Scheduled"

	if id, n, ok := v.scalar("SR001", "id", true); ok && canonicalGUID(id) == "" {
		v.add("SR001", "id", v.f.nodePos(n), "%q is not a GUID", id)
	}
	if name, n, ok := v.scalar("SR003", "name", true); ok {
		if strings.TrimSpace(name) == "" {
			v.add("SR003", "name", v.f.nodePos(n), "is empty")
		} else if l := utf16Len(name); l > 256 {
			v.add("SR003", "name", v.f.nodePos(n), "is %d characters long; at most 256", l)
		}
	}
	if d, n, ok := v.scalar("SR004", "description", true); ok {
		if l := utf16Len(d); l > 5000 {
			v.add("SR004", "description", v.f.nodePos(n), "is %d characters long; at most 5000", l)
		}
	}
	if analytic {
		if s, n, ok := v.scalar("SR005", "severity", true); ok && !v.spelled("SR005", "severity", s, n) {
			v.add("SR005", "severity", v.f.nodePos(n), "%q is not one of %s", s, strings.Join(severities, ", "))
		}
		if r.Node("kind") == nil {
			v.addSev(SeverityWarning, "SR006", "kind", v.r.Pos("kind"), "is missing; read as Scheduled (the Azure-Sentinel CI requires it)")
		} else if k, n, ok := v.scalar("SR006", "kind", true); ok && !v.spelled("SR006", "kind", k, n) {
			v.add("SR006", "kind", v.f.nodePos(n), "%q is not Scheduled or NRT (the kinds this tool reads and deploys)", k)
		}
	}
	if items, ok := v.seq("SR007", "tactics", false); ok {
		for i, it := range items {
			p := "tactics[" + strconv.Itoa(i) + "]"
			if t := v.f.scalarValue(it); !oneOf(t, tactics) {
				v.add("SR007", p, v.f.nodePos(it), "%q is not a tactic Sentinel knows (%s)", t, strings.Join(tactics, ", "))
			}
		}
	}
	tp := r.techniquesPath()
	if items, ok := v.seq("SR008", tp, false); ok {
		for i, it := range items {
			p := tp + "[" + strconv.Itoa(i) + "]"
			if t := v.f.scalarValue(it); !techniqueRE.MatchString(t) {
				v.add("SR008", p, v.f.nodePos(it), "%q is not a technique id such as T1078 or T1078.004", t)
			}
		}
	}
	if qn := r.Node("query"); qn != nil && queryProblem(qn) != "" {
		v.add("SR009", "query", v.f.nodePos(qn), "%s", queryProblem(qn))
	} else if q, n, ok := v.scalar("SR009", "query", true); ok {
		switch l := utf16Len(q); {
		case strings.TrimSpace(q) == "":
			v.add("SR009", "query", v.f.nodePos(n), "is empty")
		case l > 10000:
			v.add("SR009", "query", v.f.nodePos(n), "is %d characters long; at most 10000", l)
		default:
			v.querySyntax(q)
		}
	}
	if ver, n, ok := v.scalar("SR011", "version", false); ok && (!versionRE.MatchString(ver) || len(ver) > 20) {
		v.add("SR011", "version", v.f.nodePos(n), "%q is not X.Y.Z (all numbers)", ver)
	}
	v.dataConnectors(scheduled)
	if scheduled {
		v.schedule()
	}
	v.entityMappings()
	v.customDetails()
	v.armExpressions(analytic)
	if analytic {
		v.alertDetailsOverride()
		if n := r.Node("eventGroupingSettings"); n != nil {
			if k, kn, ok := v.scalar("SR026", "eventGroupingSettings.aggregationKind", true); ok && !v.spelled("SR026", "eventGroupingSettings.aggregationKind", k, kn) {
				v.add("SR026", "eventGroupingSettings.aggregationKind", v.f.nodePos(kn), "%q is not SingleAlert or AlertPerResult", k)
			}
		}
	}
}

// spelled reports whether value is a value of field, in some case. A value
// that differs from the schema's spelling only in case is a warning:
// Sentinel reads it ignoring case, the Azure-Sentinel CI does not.
func (v *validator) spelled(code, field, value string, n *yaml.Node) bool {
	canon, ok := CanonicalSpelling(field, value)
	if ok && canon != value {
		v.addSev(SeverityWarning, code, field, v.f.nodePos(n), "%q is read as %q (Sentinel ignores the case; the Azure-Sentinel CI wants %q)", value, canon, canon)
	}
	return ok
}

// querySyntax runs the KQL parser and maps a syntax error into the file.
func (v *validator) querySyntax(q string) {
	if kql.IsCommand(q) {
		// Whether it parses or not, Sentinel runs queries only.
		v.add("SR027", "query", v.r.Pos("query"), "is a control command (%s), not a query: Sentinel runs KQL queries only", commandName(q))
		return
	}
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("the KQL parser failed: %v", p)
			}
		}()
		err = parseQuery(q)
	}()
	if err == nil {
		return
	}
	if ke, ok := errors.AsType[*kql.Error](err); ok && ke.Pos.IsValid() {
		v.add("SR010", "query", v.r.QueryPosition(ke.Pos.Offset), "KQL syntax error at query line %d, column %d: %s", ke.Pos.Line, ke.Pos.Column, ke.Msg)
		return
	}
	v.add("SR010", "query", v.r.Pos("query"), "%v", err)
}

// commandName names the control command of q, which kql.IsCommand
// reports is one: ".create table", or its first words when kqlt does not
// read it.
func commandName(q string) string {
	if pq, err := kql.Parse(q); err == nil {
		if c := pq.Command(); c != nil {
			return c.Kind.String()
		}
	}
	f := strings.Fields(strings.TrimLeft(q[strings.Index(q, "."):], "."))
	if len(f) > 2 {
		f = f[:2]
	}
	return "." + strings.Join(f, " ")
}

func (v *validator) dataConnectors(required bool) {
	items, ok := v.seq("SR012", "requiredDataConnectors", required)
	if !ok {
		return
	}
	for i, it := range items {
		p := "requiredDataConnectors[" + strconv.Itoa(i) + "]"
		if deref(it).Kind != yaml.MappingNode {
			v.add("SR012", p, v.f.nodePos(it), "must be a mapping with connectorId and dataTypes")
			continue
		}
		v.scalar("SR012", p+".connectorId", true)
		v.seq("SR012", p+".dataTypes", true)
	}
}

func (v *validator) schedule() {
	freq, fok := v.duration("SR013", "queryFrequency")
	period, pok := v.duration("SR014", "queryPeriod")
	if fok && pok {
		if period < freq {
			v.add("SR015", "queryPeriod", v.r.Pos("queryPeriod"), "%s is shorter than queryFrequency %s", v.r.QueryPeriod(), v.r.QueryFrequency())
		}
		if period >= 2*day && freq < time.Hour {
			v.add("SR016", "queryFrequency", v.r.Pos("queryFrequency"), "%s is below 1h while queryPeriod %s is 2 days or more", v.r.QueryFrequency(), v.r.QueryPeriod())
		}
	}
	if op, n, ok := v.scalar("SR017", "triggerOperator", true); ok && !v.spelled("SR017", "triggerOperator", op, n) {
		v.add("SR017", "triggerOperator", v.f.nodePos(n), "%q is not gt, lt, eq or ne", op)
	}
	if th, n, ok := v.scalar("SR018", "triggerThreshold", true); ok {
		if x, err := strconv.Atoi(th); err != nil || x < 0 || x > 10000 {
			v.add("SR018", "triggerThreshold", v.f.nodePos(n), "%q is not an integer from 0 to 10000", th)
		}
	}
}

func (v *validator) duration(code, path string) (time.Duration, bool) {
	s, n, ok := v.scalar(code, path, true)
	if !ok {
		return 0, false
	}
	d, ok := ciDuration(s)
	iso, isISO := isoDuration(s)
	switch style := v.opts.Durations; {
	case style == DurationsISO8601 && !isISO:
		v.add(code, path, v.f.nodePos(n), "%q is not an ISO 8601 duration such as PT1H or P1D (the durations style of this repository)", s)
		return 0, false
	case style != DurationsCI && isISO:
		d = iso
	case !ok:
		hint := ""
		if isISO {
			hint = " (ISO 8601 is what ARM takes; rule YAML uses 5m, 1h, 1d)"
		}
		v.add(code, path, v.f.nodePos(n), "%q is not <n>m, <n>h or <n>d%s", s, hint)
		return 0, false
	}
	if d < 5*time.Minute || d > 14*day {
		v.add(code, path, v.f.nodePos(n), "%s is outside 5m to 14d", s)
		return d, false
	}
	return d, true
}

func (v *validator) entityMappings() {
	items, ok := v.seq("SR019", "entityMappings", false)
	if !ok {
		return
	}
	if len(items) < 1 || len(items) > 5 {
		v.add("SR019", "entityMappings", v.r.Pos("entityMappings"), "has %d entries; 1 to 5 are allowed", len(items))
	}
	for i, it := range items {
		p := "entityMappings[" + strconv.Itoa(i) + "]"
		if deref(it).Kind != yaml.MappingNode {
			v.add("SR019", p, v.f.nodePos(it), "must be a mapping with entityType and fieldMappings")
			continue
		}
		et, etn, etok := v.scalar("SR021", p+".entityType", true)
		ids, known := entityIdentifiers[et]
		if etok && !known {
			v.add("SR021", p+".entityType", v.f.nodePos(etn), "%q is not an entity type Sentinel knows", et)
		}
		fms, ok := v.seq("SR020", p+".fieldMappings", true)
		if !ok {
			continue
		}
		if len(fms) < 1 || len(fms) > 3 {
			v.add("SR020", p+".fieldMappings", v.r.Pos(p+".fieldMappings"), "has %d entries; 1 to 3 are allowed", len(fms))
		}
		used := map[string]bool{}
		for j, fm := range fms {
			q := p + ".fieldMappings[" + strconv.Itoa(j) + "]"
			if deref(fm).Kind != yaml.MappingNode {
				v.add("SR020", q, v.f.nodePos(fm), "must be a mapping with identifier and columnName")
				continue
			}
			if id, idn, ok := v.scalar("SR022", q+".identifier", true); ok {
				switch {
				case known && !oneOf(id, ids.valid):
					v.add("SR022", q+".identifier", v.f.nodePos(idn), "%q is not an identifier of entity type %s (%s)", id, et, strings.Join(ids.valid, ", "))
				case used[id]:
					v.add("SR022", q+".identifier", v.f.nodePos(idn), "%q is used twice in this entity mapping", id)
				}
				used[id] = true
			}
			if col, cn, ok := v.scalar("SR023", q+".columnName", true); ok && !columnName(col) {
				v.add("SR023", q+".columnName", v.f.nodePos(cn), "%q must start with a letter or underscore and hold only word characters (at most 500)", col)
			}
		}
		if known && len(used) > 0 && !hasRequired(ids.required, used) {
			var alts []string
			for _, set := range ids.required {
				alts = append(alts, strings.Join(set, "+"))
			}
			v.add("SR022", p+".fieldMappings", v.r.Pos(p+".fieldMappings"), "entity type %s needs one of the identifiers %s", et, strings.Join(alts, ", "))
		}
	}
}

// deployedScalars are the top-level fields ARMTemplate writes as strings
// (the description after armDescription), and deployedTrees the fields it
// writes with everything under them.
var (
	deployedScalars = []string{"name", "description", "severity", "kind", "query", "queryFrequency", "queryPeriod",
		"triggerOperator", "triggerThreshold", "suppressionDuration", "suppressionEnabled", "enabled", "version"}
	deployedTrees = []string{"tactics", "relevantTechniques", "techniques", "alertDetailsOverride", "customDetails",
		"entityMappings", "sentinelEntitiesMappings", "incidentConfiguration", "eventGroupingSettings"}
	huntingDeployed = []string{"name", "description", "query", "tactics", "relevantTechniques", "techniques"}
)

// armExpressions reports deployed strings that ARM would evaluate as
// expressions (SR040) and keys that would read as expressions (SR041).
func (v *validator) armExpressions(analytic bool) {
	fields := append(append([]string(nil), deployedScalars...), deployedTrees...)
	if !analytic {
		fields = huntingDeployed
	}
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, path string, depth int)
	walk = func(n *yaml.Node, path string, depth int) {
		d := deref(n)
		if d == nil || seen[d] || depth > maxDepth {
			return
		}
		seen[d] = true // an anchored value is reported once, where it is written
		switch d.Kind {
		case yaml.ScalarNode:
			s := d.Value
			if path == "description" {
				s = armDescription(s)
			}
			if d.Tag != "!!null" && isARMExpression(s) {
				v.add("SR040", path, v.f.nodePos(n), "%s starts with [ and ends with ]: ARM would evaluate it as an expression once deployed (kqlt's templates escape it as [[...]; other deployment tools may not)", quoteShort(s))
			}
		case yaml.SequenceNode:
			for i, c := range d.Content {
				walk(c, path+"["+strconv.Itoa(i)+"]", depth+1)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(d.Content); i += 2 {
				k := deref(d.Content[i])
				p := path + "." + k.Value
				if isARMExpression(k.Value) {
					v.add("SR041", p, v.f.nodePos(d.Content[i]), "key %s starts with [ and ends with ]: it would read as an ARM expression; kqlt refuses to write it into a template", quoteShort(k.Value))
				}
				walk(d.Content[i+1], p, depth+1)
			}
		}
	}
	for _, field := range fields {
		if n := v.r.Node(field); n != nil {
			walk(n, field, 0)
		}
	}
}

// quoteShort quotes s for a message, cut to about 60 characters.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 60 {
		return strconv.Quote(string(r[:30])+"…"+string(r[len(r)-20:])) + fmt.Sprintf(" (%d characters)", len(r))
	}
	return strconv.Quote(s)
}

func hasRequired(required [][]string, used map[string]bool) bool {
	for _, set := range required {
		all := true
		for _, id := range set {
			all = all && used[id]
		}
		if all {
			return true
		}
	}
	return false
}

func (v *validator) customDetails() {
	n := v.r.Node("customDetails")
	d := deref(n)
	if d == nil || d.Kind == yaml.ScalarNode && d.Tag == "!!null" {
		return
	}
	if d.Kind != yaml.MappingNode {
		v.add("SR024", "customDetails", v.f.nodePos(n), "must be a mapping of names to columns, not a %s", kindName(d))
		return
	}
	if count := len(d.Content) / 2; count > 20 {
		v.add("SR024", "customDetails", v.f.nodePos(n), "has %d entries; at most 20", count)
	}
	for i := 0; i+1 < len(d.Content); i += 2 {
		k, val := d.Content[i], deref(d.Content[i+1])
		p := "customDetails." + k.Value
		if !detailKeyRE.MatchString(k.Value) || utf16Len(k.Value) > 20 {
			v.add("SR024", p, v.f.nodePos(k), "key %q must start with a letter, hold only letters, digits and _, and be at most 20 characters", k.Value)
		}
		if val.Kind != yaml.ScalarNode || !columnName(val.Value) {
			v.add("SR024", p, v.f.nodePos(d.Content[i+1]), "value %q must be a column name (a letter or underscore, then word characters)", v.f.scalarValue(val))
		}
	}
}

func (v *validator) alertDetailsOverride() {
	d := deref(v.r.Node("alertDetailsOverride"))
	if d == nil || d.Kind != yaml.MappingNode {
		return
	}
	for _, f := range []struct {
		key string
		max int
	}{{"alertDisplayNameFormat", 256}, {"alertDescriptionFormat", 5000}} {
		p := "alertDetailsOverride." + f.key
		s, n, ok := v.scalar("SR025", p, false)
		if !ok {
			continue
		}
		switch l := utf16Len(s); {
		case strings.TrimSpace(s) == "":
			v.add("SR025", p, v.f.nodePos(n), "is empty")
		case l > f.max:
			v.add("SR025", p, v.f.nodePos(n), "is %d characters long; at most %d", l, f.max)
		}
		if c := len(placeholderRE.FindAllString(s, -1)); c > 3 {
			v.add("SR025", p, v.f.nodePos(n), "has %d {{column}} placeholders; at most 3", c)
		}
	}
}

var (
	severities    = []string{"Informational", "Low", "Medium", "High"}
	triggerOps    = []string{"gt", "lt", "eq", "ne", "GreaterThan", "LessThan", "Equal", "NotEqual"}
	techniqueRE   = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
	versionRE     = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	detailKeyRE   = regexp.MustCompile(`^[a-zA-Z]+\w*$`)
	columnRE      = regexp.MustCompile(`^[a-zA-Z_]+[\p{L}\p{Mn}\p{Nd}\p{Pc}]*$`)
	placeholderRE = regexp.MustCompile(`\{\{[^{}]*\}\}`)
	guidRE        = regexp.MustCompile(`^\{?([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\}?$|^([0-9a-fA-F]{32})$`)
)

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func columnName(s string) bool { return utf16Len(s) <= 500 && columnRE.MatchString(s) }

// utf16Len counts characters as .NET does (UTF-16 code units), which is how
// Microsoft's CI measures lengths.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// canonicalGUID returns a GUID in lower-case 8-4-4-4-12 form, or "" when s
// is not one (with or without braces or dashes, as .NET's Guid.Parse
// accepts).
func canonicalGUID(s string) string {
	m := guidRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	h := m[6]
	if h == "" {
		h = m[1] + m[2] + m[3] + m[4] + m[5]
	}
	h = strings.ToLower(h)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// API versions used by ARMTemplate.
const (
	// DefaultScheduledAPIVersion is the newest stable
	// Microsoft.SecurityInsights API version; stable versions define the
	// Scheduled kind.
	DefaultScheduledAPIVersion = "2025-06-01"
	// DefaultNRTAPIVersion is used for NRT rules: no stable API version
	// defines the NRT kind.
	DefaultNRTAPIVersion = "2024-01-01-preview"
	// MinSubTechniquesAPIVersion is the first API version with
	// subTechniques.
	MinSubTechniquesAPIVersion = "2023-12-01"
	// DefaultSavedSearchAPIVersion is the Microsoft.OperationalInsights
	// API version Microsoft's Sentinel solutions deploy hunting queries
	// with.
	DefaultSavedSearchAPIVersion = "2022-10-01"

	armSchema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
)

// ARMOptions tunes ARMTemplate. The zero value gives what the Sentinel
// portal would export for custom rules.
type ARMOptions struct {
	// APIVersion overrides the alertRules apiVersion of every analytic rule.
	// Empty: DefaultScheduledAPIVersion for Scheduled rules,
	// DefaultNRTAPIVersion for NRT rules. Versions that cannot hold a rule
	// are refused: NRT needs a preview version, sub-techniques need
	// MinSubTechniquesAPIVersion or later.
	APIVersion string
	// SavedSearchAPIVersion overrides DefaultSavedSearchAPIVersion for
	// hunting queries.
	SavedSearchAPIVersion string
	// Enabled sets every analytic rule's enabled property. Nil: the rule's
	// own enabled: value when it has one, else true.
	Enabled *bool
	// UpstreamTemplates marks rules as instances of Microsoft's gallery
	// templates: alertRuleTemplateName (the rule's id) and templateVersion
	// (its version) are emitted, but only for files that were not edited and
	// have a version. Leave it false for converted or custom rules: no
	// gallery template has their id.
	UpstreamTemplates bool
}

// ARMTemplate returns one deployable ARM template holding every rule in
// files, in order: analytic rules as
// Microsoft.OperationalInsights/workspaces/providers/alertRules resources
// named as the Sentinel portal exports them, hunting queries as
// Microsoft.OperationalInsights/workspaces/savedSearches in the "Hunting
// Queries" category. The template takes one parameter, workspace; deploy it
// with
//
//	az deployment group create -g <rg> --template-file rule.json --parameters workspace=<ws>
//
// The output is JSON with a stable key order and 2-space indentation; the
// same files and options give the same bytes. It fails, naming the file and
// line, on files that are not rules, on two rules with the same id, and on
// values ARM would refuse (see the package documentation for the mapping).
func ARMTemplate(files []*File, opts ARMOptions) ([]byte, error) {
	for _, v := range []string{opts.APIVersion, opts.SavedSearchAPIVersion} {
		if v != "" && !apiVersionRE.MatchString(v) {
			return nil, fmt.Errorf("API version %q is not YYYY-MM-DD or YYYY-MM-DD-preview", v)
		}
	}
	resources := make([]any, 0, len(files))
	seen := map[string]*Rule{}
	for _, f := range files {
		r, err := f.Rule()
		if err != nil {
			return nil, err
		}
		id, err := r.resourceID()
		if err != nil {
			return nil, err
		}
		if first, dup := seen[id]; dup {
			return nil, f.errorf(r.Pos("id"), "id", "rule id %s is also the id of %s:%d; one template cannot hold two rules with one id (give converted rules new ids with DeriveID)",
				id, first.f.name, first.Pos("id").Line)
		}
		seen[id] = r
		var res object
		if r.Class() == HuntingQuery {
			res, err = r.savedSearch(id, opts)
		} else {
			res, err = r.alertRule(id, opts)
		}
		if err != nil {
			return nil, err
		}
		resources = append(resources, res)
	}
	tmpl := object{
		{"$schema", armSchema},
		{"contentVersion", "1.0.0.0"},
		{"parameters", object{{"workspace", object{{"type", "String"}}}}},
		{"resources", resources},
	}
	var b bytes.Buffer
	if err := writeJSON(&b, tmpl, 0); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

var apiVersionRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(-[a-z]+)?$`)

// resourceID returns the rule's id as a lower-case GUID.
func (r *Rule) resourceID() (string, error) {
	s, ok := r.Scalar("id")
	if !ok {
		return "", r.f.errorf(r.Pos("id"), "id", "missing; a rule needs a GUID id to be deployed")
	}
	id := canonicalGUID(s)
	if id == "" {
		return "", r.f.errorf(r.Pos("id"), "id", "%q is not a GUID", s)
	}
	return id, nil
}

// requiredString returns a string field ARM needs.
func (r *Rule) requiredString(path string) (string, error) {
	n := deref(r.Node(path))
	switch {
	case n == nil:
		return "", r.f.errorf(r.Pos(path), path, "missing")
	case n.Kind != yaml.ScalarNode || n.Tag == "!!null":
		return "", r.f.errorf(r.Pos(path), path, "must be a string, not a %s", kindName(n))
	}
	return n.Value, nil
}

// armDescription is the description as Microsoft's packaging writes it:
// without the final line breaks of a block scalar and without the single
// quotes Azure-Sentinel rules wrap descriptions in.
func armDescription(s string) string {
	s = strings.TrimRight(s, "\r\n")
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		s = s[1 : len(s)-1]
	}
	return s
}

var triggerOperators = map[string]string{
	"gt": "GreaterThan", "lt": "LessThan", "eq": "Equal", "ne": "NotEqual",
	"GreaterThan": "GreaterThan", "LessThan": "LessThan", "Equal": "Equal", "NotEqual": "NotEqual",
}

// apiDate returns the date part of an API version.
func apiDate(v string) string {
	if len(v) >= 10 {
		return v[:10]
	}
	return v
}

func (r *Rule) alertRule(id string, opts ARMOptions) (object, error) {
	f := r.f
	kind := r.Kind()
	api := opts.APIVersion
	switch kind {
	case "Scheduled":
		if api == "" {
			api = DefaultScheduledAPIVersion
		}
	case "NRT":
		if api == "" {
			api = DefaultNRTAPIVersion
		}
		if !strings.HasSuffix(api, "-preview") {
			return nil, f.errorf(r.Pos("kind"), "kind", "NRT rules need a preview API version (stable %s does not define NRT); use %s", api, DefaultNRTAPIVersion)
		}
	default:
		return nil, f.errorf(r.Pos("kind"), "kind", "%q is not a kind this tool deploys (Scheduled, NRT)", kind)
	}
	name, err := r.requiredString("name")
	if err != nil {
		return nil, err
	}
	query, err := r.requiredString("query")
	if err != nil {
		return nil, err
	}
	sev, err := r.requiredString("severity")
	if err != nil {
		return nil, err
	}
	sev, ok := CanonicalSpelling("severity", sev)
	if !ok {
		return nil, f.errorf(r.Pos("severity"), "severity", "%q is not one of %s", sev, strings.Join(severities, ", "))
	}
	enabled := true
	if opts.Enabled != nil {
		enabled = *opts.Enabled
	} else if v, ok := r.Scalar("enabled"); ok {
		enabled = v == "true"
	}

	p := object{
		{"displayName", name},
		{"description", armDescription(r.Description())},
		{"severity", sev},
		{"enabled", enabled},
		{"query", query},
	}
	if kind == "Scheduled" {
		for _, key := range []string{"queryFrequency", "queryPeriod"} {
			s, err := r.requiredString(key)
			if err != nil {
				return nil, err
			}
			iso, err := armDuration(s)
			if err != nil {
				return nil, f.errorf(r.Pos(key), key, "%v", err)
			}
			p.set(key, iso)
		}
		op, err := r.requiredString("triggerOperator")
		if err != nil {
			return nil, err
		}
		canon, _ := CanonicalSpelling("triggerOperator", op)
		armOp, ok := triggerOperators[canon]
		if !ok {
			return nil, f.errorf(r.Pos("triggerOperator"), "triggerOperator", "%q is not gt, lt, eq or ne", op)
		}
		p.set("triggerOperator", armOp)
		th, err := r.requiredString("triggerThreshold")
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(th)
		if err != nil {
			return nil, f.errorf(r.Pos("triggerThreshold"), "triggerThreshold", "%q is not an integer", th)
		}
		p.set("triggerThreshold", n)
	}
	supp := "PT1H"
	if s, ok := r.Scalar("suppressionDuration"); ok {
		if supp, err = armDuration(s); err != nil {
			return nil, f.errorf(r.Pos("suppressionDuration"), "suppressionDuration", "%v", err)
		}
	}
	p.set("suppressionDuration", supp)
	suppEnabled := false
	if s, ok := r.Scalar("suppressionEnabled"); ok {
		suppEnabled = s == "true"
	}
	p.set("suppressionEnabled", suppEnabled)

	if n := r.Node("tactics"); n != nil {
		t, err := r.stringList("tactics")
		if err != nil {
			return nil, err
		}
		p.set("tactics", t)
	}
	techs, subs, err := r.splitTechniques()
	if err != nil {
		return nil, err
	}
	if techs != nil {
		p.set("techniques", techs)
	}
	if len(subs) > 0 {
		if apiDate(api) < MinSubTechniquesAPIVersion {
			return nil, f.errorf(r.Pos(r.techniquesPath()), r.techniquesPath(), "sub-technique %v needs API version %s or later; %s has no subTechniques", subs[0], MinSubTechniquesAPIVersion, api)
		}
		p.set("subTechniques", subs)
	}
	if opts.UpstreamTemplates && !f.Edited() {
		if v, ok := r.Scalar("version"); ok {
			p.set("alertRuleTemplateName", id)
			p.set("templateVersion", v)
		}
	}
	ic, err := r.incidentConfiguration()
	if err != nil {
		return nil, err
	}
	p.set("incidentConfiguration", ic)
	egs := any(object{{"aggregationKind", "SingleAlert"}})
	if r.Node("eventGroupingSettings") != nil {
		if egs, err = r.jsonOf("eventGroupingSettings", yaml.MappingNode); err != nil {
			return nil, err
		}
	}
	p.set("eventGroupingSettings", egs)
	for _, pass := range []struct {
		key  string
		kind yaml.Kind
	}{
		{"alertDetailsOverride", yaml.MappingNode},
		{"customDetails", yaml.MappingNode},
		{"entityMappings", yaml.SequenceNode},
		{"sentinelEntitiesMappings", yaml.SequenceNode},
	} {
		if r.Node(pass.key) == nil {
			continue
		}
		v, err := r.jsonOf(pass.key, pass.kind)
		if err != nil {
			return nil, err
		}
		p.set(pass.key, v)
	}
	return object{
		{"id", armExpr("[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/" + id + "')]")},
		{"name", armExpr("[concat(parameters('workspace'),'/Microsoft.SecurityInsights/" + id + "')]")},
		{"type", "Microsoft.OperationalInsights/workspaces/providers/alertRules"},
		{"kind", kind},
		{"apiVersion", api},
		{"properties", p},
	}, nil
}

// stringList returns a list of strings for ARM.
func (r *Rule) stringList(path string) ([]any, error) {
	n := deref(r.Node(path))
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil, r.f.errorf(r.Pos(path), path, "must be a list")
	}
	out := make([]any, 0, len(n.Content))
	for i, c := range n.Content {
		c = deref(c)
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
			p := path + "[" + strconv.Itoa(i) + "]"
			return nil, r.f.errorf(r.Pos(p), p, "must be a string")
		}
		out = append(out, c.Value)
	}
	return out, nil
}

// splitTechniques splits the rule's techniques into ARM's techniques (the
// parents, in order, once each) and subTechniques ("T1078.004"). techs is
// nil when the rule lists no techniques.
func (r *Rule) splitTechniques() (techs, subs []any, err error) {
	path := r.techniquesPath()
	if r.Node(path) == nil {
		return nil, nil, nil
	}
	list, err := r.stringList(path)
	if err != nil {
		return nil, nil, err
	}
	techs = []any{}
	seen := map[string]bool{}
	for i, x := range list {
		t := x.(string)
		if !techniqueRE.MatchString(t) {
			p := path + "[" + strconv.Itoa(i) + "]"
			return nil, nil, r.f.errorf(r.Pos(p), p, "%q is not a technique id such as T1078 or T1078.004", t)
		}
		parent, _, isSub := strings.Cut(t, ".")
		if !seen[parent] {
			seen[parent] = true
			techs = append(techs, parent)
		}
		if isSub && !seen[t] {
			seen[t] = true
			subs = append(subs, t)
		}
	}
	return techs, subs, nil
}

// incidentConfiguration returns the rule's incident settings completed with
// the defaults the Sentinel portal writes.
func (r *Rule) incidentConfiguration() (object, error) {
	grouping := object{
		{"enabled", false},
		{"reopenClosedIncident", false},
		{"lookbackDuration", "PT5H"},
		{"matchingMethod", "AllEntities"},
		{"groupByEntities", []any{}},
		{"groupByAlertDetails", []any{}},
		{"groupByCustomDetails", []any{}},
	}
	ic := object{{"createIncident", true}, {"groupingConfiguration", grouping}}
	if r.Node("incidentConfiguration") == nil {
		return ic, nil
	}
	v, err := r.jsonOf("incidentConfiguration", yaml.MappingNode)
	if err != nil {
		return nil, err
	}
	for _, m := range v.(object) {
		if m.key != "groupingConfiguration" {
			ic.set(m.key, m.val)
			continue
		}
		g, ok := m.val.(object)
		if !ok {
			return nil, r.f.errorf(r.Pos("incidentConfiguration.groupingConfiguration"), "incidentConfiguration.groupingConfiguration", "must be a mapping")
		}
		for _, gm := range g {
			if s, isStr := gm.val.(string); isStr && gm.key == "lookbackDuration" {
				iso, err := armDuration(s)
				if err != nil {
					p := "incidentConfiguration.groupingConfiguration.lookbackDuration"
					return nil, r.f.errorf(r.Pos(p), p, "%v", err)
				}
				gm.val = iso
			}
			grouping.set(gm.key, gm.val)
		}
		ic.set("groupingConfiguration", grouping)
	}
	return ic, nil
}

// maxJSONNodes bounds the nodes jsonOf writes, aliases expanded: a YAML
// alias bomb stops here instead of exhausting memory.
const maxJSONNodes = 100_000

// jsonOf converts the YAML value at path to JSON, checking its kind.
func (r *Rule) jsonOf(path string, kind yaml.Kind) (any, error) {
	n := r.Node(path)
	if d := deref(n); d == nil || d.Kind != kind {
		want := "a mapping"
		if kind == yaml.SequenceNode {
			want = "a list"
		}
		got := "missing"
		if d != nil {
			got = "a " + kindName(d)
		}
		return nil, r.f.errorf(r.Pos(path), path, "must be %s, not %s", want, got)
	}
	budget := maxJSONNodes
	v, err := r.f.toJSON(n, &budget, 0)
	if err != nil {
		return nil, r.f.errorf(r.Pos(path), path, "%v", err)
	}
	return v, nil
}

func (f *File) toJSON(n *yaml.Node, budget *int, depth int) (any, error) {
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("expands to more than %d values (YAML aliases)", maxJSONNodes)
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("nests deeper than %d levels", maxDepth)
	}
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		o := make(object, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := deref(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a mapping key must be a string", k.Line)
			}
			if isARMExpression(k.Value) {
				// ARM does not evaluate keys, nor unescape them: such a
				// key cannot be written so that it means what it says.
				return nil, fmt.Errorf("line %d: key %q would read as an ARM expression (it starts with [ and ends with ])", k.Line, k.Value)
			}
			v, err := f.toJSON(n.Content[i+1], budget, depth+1)
			if err != nil {
				return nil, err
			}
			o = append(o, member{k.Value, v})
		}
		return o, nil
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := f.toJSON(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool", "!!int", "!!float":
			var v any
			if err := n.Decode(&v); err == nil {
				switch v := v.(type) {
				case int:
					return v, nil
				case int64:
					return v, nil
				case uint64:
					return v, nil
				case float64:
					if v == float64(int64(v)) && !strings.ContainsAny(n.Value, ".eE") {
						return int64(v), nil
					}
					return v, nil
				case bool:
					return v, nil
				}
			}
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// savedSearch returns a hunting query as a saved search, as Microsoft's
// Sentinel solutions deploy hunting queries.
func (r *Rule) savedSearch(id string, opts ARMOptions) (object, error) {
	name, err := r.requiredString("name")
	if err != nil {
		return nil, err
	}
	query, err := r.requiredString("query")
	if err != nil {
		return nil, err
	}
	api := opts.SavedSearchAPIVersion
	if api == "" {
		api = DefaultSavedSearchAPIVersion
	}
	tags := []any{object{{"name", "description"}, {"value", armDescription(r.Description())}}}
	if r.Node("tactics") != nil {
		t, err := r.stringList("tactics")
		if err != nil {
			return nil, err
		}
		tags = append(tags, object{{"name", "tactics"}, {"value", joinAny(t)}})
	}
	if r.Node(r.techniquesPath()) != nil {
		t, err := r.stringList(r.techniquesPath())
		if err != nil {
			return nil, err
		}
		tags = append(tags, object{{"name", "techniques"}, {"value", joinAny(t)}})
	}
	return object{
		{"type", "Microsoft.OperationalInsights/workspaces/savedSearches"},
		{"apiVersion", api},
		{"name", armExpr("[concat(parameters('workspace'),'/" + id + "')]")},
		{"properties", object{
			{"eTag", "*"},
			{"displayName", name},
			{"category", "Hunting Queries"},
			{"query", query},
			{"version", 2},
			{"tags", tags},
		}},
	}, nil
}

func joinAny(list []any) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = x.(string)
	}
	return strings.Join(s, ",")
}

package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
)

// codeOutputColumn is the check that the columns a rule's entity
// mappings, custom details and alert details name are columns its query
// outputs.
const codeOutputColumn = "SR220"

// semanticChecks are the checks of Semantics: the binder's codes, and
// the output columns.
func semanticChecks() []Check {
	var out []Check
	for _, c := range types.Codes() {
		out = append(out, Check{Code: c.Code, Name: c.Name, Severity: severityOf(c.Severity), Applies: "all", Summary: c.Summary})
	}
	return append(out, Check{codeOutputColumn, "output-column", SeverityError, "all",
		"the columns entityMappings, customDetails and alertDetailsOverride name are columns the query outputs"})
}

func severityOf(s types.Severity) Severity {
	switch s {
	case types.SeverityError:
		return SeverityError
	case types.SeverityWarning:
		return SeverityWarning
	}
	return SeverityInfo
}

// Semantics binds the query of each rule against db (see package
// kql/types; a nil db knows no table) and reports what the official
// analysis, which Microsoft Sentinel runs on every rule, would reject:
// unknown columns, tables and functions, calls with the wrong arguments,
// operators on the wrong types. A table or workspace function db lacks is
// a warning, since the workspace may have it. It also reports the columns
// that entityMappings, customDetails and alertDetailsOverride name but the
// query does not output. Findings carry the file position of what they
// are about and the field "query", or the field that names the column.
//
// Files that are not rules, and queries that do not parse (Validate
// reports them), are left out. Findings come sorted as Validate sorts
// them.
func Semantics(db types.Database, files ...*File) []Finding {
	conf := &types.Config{Database: db}
	var out []Finding
	for _, f := range files {
		if f == nil || f.class == NotARule {
			continue
		}
		v := &validator{f: f, r: &Rule{f: f}}
		v.semantics(conf)
		out = append(out, v.out...)
	}
	sortFindings(out)
	return out
}

func (v *validator) semantics(conf *types.Config) {
	src := v.r.Query()
	if strings.TrimSpace(src) == "" {
		return
	}
	if kql.IsCommand(src) {
		return // SR027
	}
	q, err := kql.Parse(src)
	if err != nil {
		return // SR010
	}
	info := &types.Info{}
	for _, d := range conf.Check(q, info) {
		v.addSev(severityOf(d.Severity), d.Code, "query", v.r.QueryPosition(d.Pos.Offset()), "%s", d.Message)
	}
	if info.Output == nil {
		return
	}
	check := func(path, column string, n *yaml.Node) {
		if column == "" || info.Output.HasColumn(column) {
			return
		}
		v.add(codeOutputColumn, path, v.f.nodePos(n), "%q is not a column of the query's output %s%s", column, shortSchema(info.Output), didYouMean(column, info.Output))
	}
	for _, m := range v.r.EntityMappings() {
		for j, fm := range m.FieldMappings {
			path := m.Path + ".fieldMappings[" + strconv.Itoa(j) + "].columnName"
			check(path, fm.ColumnName, v.r.Node(path))
		}
	}
	for _, d := range v.r.CustomDetails() {
		check(d.Path, d.Column, v.r.Node(d.Path))
	}
	for _, key := range []string{"alertDisplayNameFormat", "alertDescriptionFormat"} {
		path := "alertDetailsOverride." + key
		s := v.f.scalarValue(v.r.Node(path))
		for _, m := range columnPlaceholderRE.FindAllStringSubmatch(s, -1) {
			check(path, strings.TrimSpace(m[1]), v.r.Node(path))
		}
	}
	for _, key := range []string{"alertSeverityColumnName", "alertTacticsColumnName"} {
		path := "alertDetailsOverride." + key
		check(path, strings.TrimSpace(v.f.scalarValue(v.r.Node(path))), v.r.Node(path))
	}
	if items := deref(v.r.Node("alertDetailsOverride.alertDynamicProperties")); items != nil && items.Kind == yaml.SequenceNode {
		for i := range items.Content {
			path := "alertDetailsOverride.alertDynamicProperties[" + strconv.Itoa(i) + "].value"
			check(path, strings.TrimSpace(v.f.scalarValue(v.r.Node(path))), v.r.Node(path))
		}
	}
}

// columnPlaceholderRE matches a {{column}} placeholder of an alert
// details format.
var columnPlaceholderRE = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// shortSchema lists a schema's column names for a message, cut after a
// dozen.
func shortSchema(s *types.Schema) string {
	var names []string
	for i, c := range s.Columns {
		if i == 12 {
			names = append(names, fmt.Sprintf("... (%d columns)", len(s.Columns)))
			break
		}
		names = append(names, c.Name)
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// didYouMean suggests a column of s that differs from name only in case,
// the usual mistake in a mapping.
func didYouMean(name string, s *types.Schema) string {
	for _, c := range s.Columns {
		if strings.EqualFold(c.Name, name) {
			return fmt.Sprintf("; did you mean %q?", c.Name)
		}
	}
	return ""
}

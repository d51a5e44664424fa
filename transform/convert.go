package transform

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

// Status is the outcome of converting a rule file.
type Status string

// Conversion outcomes.
const (
	Converted    Status = "converted"    // the rule was converted; Result.Output holds it
	OutOfScope   Status = "out-of-scope" // the profile does not apply to the rule
	Inapplicable Status = "inapplicable" // the converted rule could never fire, so it is not emitted
	NotARule     Status = "not-a-rule"   // the file holds no analytic rule or hunting query
)

// Result is the outcome of converting one rule file.
type Result struct {
	File   string `json:"file"`
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"` // why the rule was skipped

	SourceID      string `json:"sourceId,omitempty"`
	SourceName    string `json:"sourceName,omitempty"`
	SourceVersion string `json:"sourceVersion,omitempty"`
	ID            string `json:"id,omitempty"`   // the converted rule's id
	Name          string `json:"name,omitempty"` // the converted rule's name

	Changes []Change `json:"changes,omitempty"`
	Notes   []Note   `json:"notes,omitempty"`

	// Output is the converted rule file: the source bytes with the changed
	// fields spliced in. It is nil unless Status is Converted.
	Output *rules.File `json:"-"`
}

// Convert converts the rule in f with profile p. f is not modified: the
// converted rule is a new file, Result.Output. The error is a problem with
// the input (a query that does not parse) or a failure of the conversion.
func Convert(f *rules.File, p *Profile) (*Result, error) {
	res := &Result{File: f.Name()}
	if f.Class() == rules.NotARule {
		res.Status, res.Reason = NotARule, f.Reason()
		return res, nil
	}
	src, err := f.Rule()
	if err != nil {
		return nil, err
	}
	res.SourceID, res.SourceName, res.SourceVersion = src.ID(), src.Name(), src.Version()

	var keep []string
	for _, em := range src.EntityMappings() {
		for _, fm := range em.FieldMappings {
			keep = append(keep, fm.ColumnName)
		}
	}
	for _, cd := range src.CustomDetails() {
		keep = append(keep, cd.Column)
	}
	text, err := src.QueryText()
	if err != nil {
		return nil, err
	}
	qr, err := ConvertQuery(text, p, keep...)
	if err != nil {
		var kerr *kql.Error
		if errors.As(err, &kerr) {
			pos := src.QueryPosition(kerr.Pos.Offset)
			return nil, &rules.Error{File: f.Name(), Pos: pos, Field: "query", Msg: "KQL syntax error: " + kerr.Msg, Err: kerr}
		}
		var refused *RefusedError
		if errors.As(err, &refused) {
			var pos rules.Position
			if refused.Offset >= 0 {
				pos = src.QueryPosition(refused.Offset)
			}
			return nil, &rules.Error{File: f.Name(), Pos: pos, Field: "query", Msg: refused.Msg, Err: refused}
		}
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	switch {
	case !qr.InScope:
		res.Status, res.Reason = OutOfScope, "the query "+qr.Reason
		return res, nil
	case !qr.Applicable:
		res.Status, res.Reason = Inapplicable, qr.Reason
		return res, nil
	}

	// Edit a copy of the file.
	out, err := rules.Parse(f.Name(), f.Bytes())
	if err != nil {
		return nil, err
	}
	r, err := out.Rule()
	if err != nil {
		return nil, err
	}
	for _, c := range qr.Changes {
		if c.Offset >= 0 {
			pos := src.QueryPosition(c.Offset)
			c.Line, c.Column = pos.Line, pos.Column
		}
		res.Changes = append(res.Changes, c)
	}
	for _, n := range qr.Notes {
		if n.Offset >= 0 {
			pos := src.QueryPosition(n.Offset)
			n.Line, n.Column = pos.Line, pos.Column
		}
		res.Notes = append(res.Notes, n)
	}
	if err := r.SetQuery(qr.Text); err != nil {
		return nil, err
	}
	if err := convertMetadata(src, r, p, res); err != nil {
		return nil, err
	}
	if err := fixSpellings(src, r, res); err != nil {
		return nil, err
	}
	if err := fixMappings(src, r, qr, res); err != nil {
		return nil, err
	}
	res.Status, res.Output, res.ID, res.Name = Converted, out, r.ID(), r.Name()
	return res, nil
}

// convertMetadata gives the converted rule its name, description and id.
func convertMetadata(src, r *rules.Rule, p *Profile, res *Result) error {
	m := p.Metadata
	setText := func(field, old string, reps []TextReplace, set func(string) error, extra func(string) (string, []string)) error {
		text := old
		var why []string
		for i, rep := range reps {
			var n int
			if text, n = replacePhrase(text, rep.Replace, rep.With); n > 0 {
				why = append(why, fmt.Sprintf("metadata.%s[%d]: %s → %s", field, i, rep.Replace, rep.With))
				text = collapsePair(text, rep.With)
			}
		}
		if extra != nil {
			var more []string
			text, more = extra(text)
			why = append(why, more...)
		}
		if text == old {
			return nil
		}
		if err := set(text); err != nil {
			return err
		}
		kind := SetName
		if field == "description" {
			kind = SetDescription
		}
		pos := src.Pos(field)
		res.Changes = append(res.Changes, Change{Kind: kind, Field: field, Offset: -1, Line: pos.Line, Column: pos.Column,
			Before: old, After: text, Reason: strings.Join(why, "; ")})
		return nil
	}
	nameSuffix := func(text string) (string, []string) {
		named, why := showTarget(text, m.NameSuffix, maxNameLength)
		if why == "" {
			return text, nil
		}
		return named, []string{why}
	}
	if err := setText("name", src.Name(), m.Name, r.SetName, nameSuffix); err != nil {
		return err
	}
	desc := func(text string) (string, []string) {
		var why []string
		pruned, removed, left := pruneEnumerations(text, p)
		if len(removed) > 0 {
			why = append(why, "operations.drop: the description no longer lists "+strings.Join(removed, ", "))
		}
		for _, op := range left {
			res.Notes = append(res.Notes, Note{Field: "description", Offset: -1, Message: "the description names " + op + ", which the target lacks"})
		}
		if m.Provenance != "" {
			pruned = appendProvenance(pruned, expandProvenance(m.Provenance, src, p))
			why = append(why, "metadata.provenance")
		}
		return pruned, why
	}
	if err := setText("description", src.Description(), m.Description, r.SetDescription, desc); err != nil {
		return err
	}
	if src.ID() != "" && m.IDNamespace != "" {
		id := rules.DeriveID(src.ID(), m.IDNamespace)
		if err := r.SetID(id); err != nil {
			return err
		}
		pos := src.Pos("id")
		res.Changes = append(res.Changes, Change{Kind: SetID, Field: "id", Offset: -1, Line: pos.Line, Column: pos.Column,
			Before: src.ID(), After: id, Reason: "metadata.idNamespace: UUIDv5 of the source id in " + m.IDNamespace})
	}
	return nil
}

func expandProvenance(tmpl string, src *rules.Rule, p *Profile) string {
	return expandTemplate(tmpl, map[string]string{"id": src.ID(), "name": src.Name(), "version": src.Version(), "profile": p.Name})
}

// fixSpellings gives the values Sentinel reads ignoring case the spelling
// of its schema (kind: scheduled becomes kind: Scheduled), so that the
// converted rule passes the Azure-Sentinel CI and deploys as it reads.
func fixSpellings(src, r *rules.Rule, res *Result) error {
	for _, field := range rules.SpelledFields() {
		v, ok := src.Scalar(field)
		if !ok {
			continue
		}
		canon, ok := rules.CanonicalSpelling(field, v)
		if !ok || canon == v {
			continue
		}
		if err := r.Set(field, canon); err != nil {
			return err
		}
		pos := src.Pos(field)
		res.Changes = append(res.Changes, Change{Kind: SetSpelling, Field: field, Offset: -1, Line: pos.Line, Column: pos.Column,
			Before: v, After: canon, Reason: "Sentinel reads " + field + " ignoring case; its schema spells it " + canon})
	}
	return nil
}

// fixMappings updates the entity mappings and custom details that name
// columns the conversion renamed or removed.
func fixMappings(src, r *rules.Rule, qr *QueryResult, res *Result) error {
	removed := map[string]bool{}
	for _, c := range qr.RemovedColumns {
		removed[c] = true
	}
	// Renames first: they keep the structure.
	for _, em := range src.EntityMappings() {
		for _, fm := range em.FieldMappings {
			if to, ok := qr.RenamedColumns[fm.ColumnName]; ok {
				if err := r.Set(fm.Path+".columnName", to); err != nil {
					return err
				}
				res.Changes = append(res.Changes, Change{Kind: RenameColumn, Field: fm.Path + ".columnName", Offset: -1,
					Line: fm.Pos.Line, Column: fm.Pos.Column, Before: fm.ColumnName, After: to, Reason: "columns.rename"})
			}
		}
	}
	for _, cd := range src.CustomDetails() {
		if to, ok := qr.RenamedColumns[cd.Column]; ok {
			if err := r.Set(cd.Path, to); err != nil {
				return err
			}
			res.Changes = append(res.Changes, Change{Kind: RenameColumn, Field: cd.Path, Offset: -1,
				Line: cd.Pos.Line, Column: cd.Pos.Column, Before: cd.Column, After: to, Reason: "columns.rename"})
		}
	}
	// Then removals, from the last entry to the first so that indexes hold.
	ems := src.EntityMappings()
	for i := len(ems) - 1; i >= 0; i-- {
		em := ems[i]
		var gone []int
		for j, fm := range em.FieldMappings {
			if removed[fm.ColumnName] {
				gone = append(gone, j)
			}
		}
		if len(gone) == 0 {
			continue
		}
		if len(gone) == len(em.FieldMappings) {
			if err := r.DeleteEntityMapping(i); err != nil {
				return err
			}
			res.Changes = append(res.Changes, Change{Kind: FixMapping, Field: em.Path, Offset: -1, Line: em.Pos.Line, Column: em.Pos.Column,
				Before: em.EntityType, Reason: "every column it maps was removed by the conversion"})
			continue
		}
		sort.Sort(sort.Reverse(sort.IntSlice(gone)))
		for _, j := range gone {
			fm := em.FieldMappings[j]
			if err := r.DeleteFieldMapping(i, j); err != nil {
				return err
			}
			res.Changes = append(res.Changes, Change{Kind: FixMapping, Field: fm.Path, Offset: -1, Line: fm.Pos.Line, Column: fm.Pos.Column,
				Before: fm.Identifier + ": " + fm.ColumnName, Reason: "column " + fm.ColumnName + " was removed by the conversion"})
		}
	}
	cds := src.CustomDetails()
	for i := len(cds) - 1; i >= 0; i-- {
		cd := cds[i]
		if !removed[cd.Column] {
			continue
		}
		if err := r.DeleteCustomDetail(cd.Key); err != nil {
			return err
		}
		res.Changes = append(res.Changes, Change{Kind: FixMapping, Field: cd.Path, Offset: -1, Line: cd.Pos.Line, Column: cd.Pos.Column,
			Before: cd.Key + ": " + cd.Column, Reason: "column " + cd.Column + " was removed by the conversion"})
	}
	if len(r.EntityMappings()) == 0 && len(src.EntityMappings()) > 0 {
		// An empty list is not a valid value: drop the field.
		if err := r.Delete("entityMappings"); err != nil {
			return err
		}
		res.Notes = append(res.Notes, Note{Field: "entityMappings", Offset: -1, Message: "no entity mapping is left; Microsoft's CI requires at least one"})
	}
	return nil
}

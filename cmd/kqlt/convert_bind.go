package main

import (
	"fmt"
	"strings"

	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
)

// addedFindings binds the source rule and its conversion against db and
// returns the findings of the conversion that the source does not have
// (issue 9): a conversion that reads a column the target table lacks, or
// whose entity mappings name a column its query no longer outputs, is
// refused. Findings are matched by code and message, without the
// suggestions, which depend on the tables each query reads; each is
// described with its place in the converted rule.
func addedFindings(db types.Database, source, converted *rules.File) []string {
	had := map[string]int{}
	for _, f := range rules.Semantics(db, source) {
		if f.Severity != rules.SeverityInfo {
			had[findingKey(f)]++
		}
	}
	var added []string
	for _, f := range rules.Semantics(db, converted) {
		if f.Severity == rules.SeverityInfo {
			continue
		}
		if k := findingKey(f); had[k] > 0 {
			had[k]--
			continue
		}
		added = append(added, fmt.Sprintf("%s at %s: %s", f.Code, f.Pos, f.Message))
	}
	return added
}

func findingKey(f rules.Finding) string {
	msg, _, _ := strings.Cut(f.Message, "; did you mean")
	return f.Code + " " + msg
}

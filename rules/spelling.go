package rules

import "strings"

// spellings lists, for the fields whose values are names Sentinel reads
// ignoring case, the spelling its schema uses: `kind: scheduled` deploys as
// a Scheduled rule, though the Azure-Sentinel CI wants "Scheduled".
var spellings = map[string][]string{
	"kind":                                  {"Scheduled", "NRT"},
	"severity":                              severities,
	"triggerOperator":                       triggerOps,
	"eventGroupingSettings.aggregationKind": {"SingleAlert", "AlertPerResult"},
}

// CanonicalSpelling returns the spelling of value that the schema of field
// uses, for the fields whose values Sentinel reads ignoring case (kind,
// severity, triggerOperator, eventGroupingSettings.aggregationKind), and
// whether value is one of them in some case. For other fields it returns
// value and false.
func CanonicalSpelling(field, value string) (string, bool) {
	for _, s := range spellings[field] {
		if strings.EqualFold(s, value) {
			return s, true
		}
	}
	return value, false
}

// SpelledFields returns the fields CanonicalSpelling knows, in a stable
// order.
func SpelledFields() []string {
	return []string{"kind", "severity", "triggerOperator", "eventGroupingSettings.aggregationKind"}
}

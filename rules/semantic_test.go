package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/schema"
)

const semanticRule = `id: 0d7bd1b9-2b5f-4e4e-9a0b-3b5c4c1f0a01
name: Sign-ins
description: x
severity: Low
kind: Scheduled
query: |
  SigninLogs
  | where ResultTyp != "0"
  | extend City = tostring(LocationDetails.city)
  | summarize n = count() by UserPrincipalName, City
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
customDetails:
  Town: City
  Count: N
alertDetailsOverride:
  alertDisplayNameFormat: Sign-ins of {{UserPrincipalName}} from {{ City }}
  alertDescriptionFormat: "{{count_}} sign-ins"
  alertSeverityColumnName: Severity
`

func TestSemantics(t *testing.T) {
	f, err := Parse("r.yaml", []byte(semanticRule))
	require.NoError(t, err)
	fs := Semantics(schema.Default(), f)
	type got struct {
		code, field string
		line, col   int
	}
	var list []got
	for _, x := range fs {
		list = append(list, got{x.Code, x.Field, x.Pos.Line, x.Pos.Column})
		assert.Equal(t, SeverityError, x.Severity, x.String())
	}
	assert.Equal(t, []got{
		{"SR200", "query", 8, 11},
		{"SR220", "entityMappings[1].fieldMappings[0].columnName", 19, 21},
		{"SR220", "customDetails.Count", 22, 10},
		{"SR220", "alertDetailsOverride.alertDescriptionFormat", 25, 27},
		{"SR220", "alertDetailsOverride.alertSeverityColumnName", 26, 28},
	}, list)
	assert.Contains(t, fs[0].Message, `"ResultTyp"`)
	assert.Contains(t, fs[2].Message, `"N"`)
	assert.Contains(t, fs[3].Message, `"count_"`)
}

func TestSemanticsSkips(t *testing.T) {
	// Not rules, and queries that do not parse, are Validate's business;
	// an open output is not checked.
	rule := mutate(t, semanticRule, "| where ResultTyp != \"0\"\n", "| evaluate bag_unpack(LocationDetails)\n")
	rule = mutate(t, rule, "  | summarize n = count() by UserPrincipalName, City\n", "")
	bad := mutate(t, semanticRule, `ResultTyp != "0"`, `ResultType == = "0"`)
	var files []*File
	for i, text := range []string{rule, bad, "foo: bar\n"} {
		f, err := Parse("r"+string(rune('0'+i))+".yaml", []byte(text))
		require.NoError(t, err)
		files = append(files, f)
	}
	assert.Empty(t, Semantics(schema.Default(), files...))
}

func TestChecksListSemantics(t *testing.T) {
	var codes []string
	for _, c := range Checks() {
		codes = append(codes, c.Code)
	}
	assert.Contains(t, codes, "SR200")
	assert.Contains(t, codes, "SR204")
	assert.Contains(t, codes, "SR220")
}

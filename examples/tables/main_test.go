package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
)

func TestUses(t *testing.T) {
	for _, tc := range []struct {
		query           string
		tables, columns []string
	}{
		{
			query:   `SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName`,
			tables:  []string{"SigninLogs"},
			columns: []string{"ResultType", "UserPrincipalName"},
		},
		{
			// let-bound names are neither tables nor columns; columns the
			// query defines are not columns it reads.
			query: `let threshold = 5;
let failures = SecurityEvent | where EventID == 4625;
failures
| summarize n = count() by Account
| where n > threshold
| join kind=inner (IdentityInfo | project Account = AccountName, Department) on Account`,
			tables:  []string{"IdentityInfo", "SecurityEvent"},
			columns: []string{"AccountName", "Department", "EventID"},
		},
		{
			query:   `union AuditLogs, (SigninLogs | where isnotempty(UserId)) | extend Who = tostring(InitiatedBy.user.userPrincipalName) | render timechart`,
			tables:  []string{"AuditLogs", "SigninLogs"},
			columns: []string{"InitiatedBy", "UserId"},
		},
		{
			query:  `AzureDiagnostics`,
			tables: []string{"AzureDiagnostics"},
		},
	} {
		q, err := kql.Parse(tc.query)
		require.NoError(t, err)
		tables, columns := Uses(q)
		assert.Equal(t, tc.tables, tables, tc.query)
		assert.Equal(t, tc.columns, columns, tc.query)
	}
}

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(`SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName`), &out))
	assert.Equal(t, "tables:  SigninLogs\ncolumns: ResultType, UserPrincipalName\n", out.String())

	err := run(strings.NewReader("T | where x == = 1"), &out)
	assert.ErrorContains(t, err, "1:16: expected an expression")
	assert.ErrorContains(t, err, "\nT | where x == = 1\n               ^") // the caret under the column
}

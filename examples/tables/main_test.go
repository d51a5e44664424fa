package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/schema"
)

func TestUses(t *testing.T) {
	for _, tc := range []struct {
		query                    string
		tables, columns, unknown []string
	}{
		{
			query:   `SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName`,
			tables:  []string{"SigninLogs"},
			columns: []string{"SigninLogs.ResultType", "SigninLogs.UserPrincipalName"},
		},
		{
			// let-bound names are neither tables nor columns; columns the
			// query computes are not columns it reads; join kind=inner is
			// a parameter.
			query: `let threshold = 5;
let failures = SecurityEvent | where EventID == 4625;
failures
| summarize n = count() by Account
| where n > threshold
| join kind=inner (IdentityInfo | project Account = AccountName, Department) on Account`,
			tables:  []string{"IdentityInfo", "SecurityEvent"},
			columns: []string{"IdentityInfo.AccountName", "IdentityInfo.Department", "SecurityEvent.Account", "SecurityEvent.EventID"},
		},
		{
			// A member of a dynamic value is no column.
			query:   `union AuditLogs, (SigninLogs | where isnotempty(UserId)) | extend Who = tostring(InitiatedBy.user.userPrincipalName) | render timechart`,
			tables:  []string{"AuditLogs", "SigninLogs"},
			columns: []string{"AuditLogs.InitiatedBy", "SigninLogs.UserId"},
		},
		{
			query:   `AzureDiagnostics`,
			tables:  []string{"AzureDiagnostics"},
			columns: nil,
		},
		{
			// A custom table and a misspelled column.
			query:   `MyApp_CL | where Level == "Error" | union (SigninLogs | project UserPrincipalNam)`,
			tables:  []string{"SigninLogs"},
			unknown: []string{"MyApp_CL", "UserPrincipalNam"},
		},
	} {
		q, err := kql.Parse(tc.query)
		require.NoError(t, err)
		u := Uses(q, schema.Default())
		assert.Equal(t, tc.tables, u.Tables, tc.query)
		assert.Equal(t, tc.columns, u.Columns, tc.query)
		assert.Equal(t, tc.unknown, u.Unknown, tc.query)
	}
}

func TestRun(t *testing.T) {
	var out, diag bytes.Buffer
	require.NoError(t, run(strings.NewReader(`SigninLogs | where ResultType != 0 | summarize count() by UserPrincipalName`), &out, &diag))
	assert.Equal(t, "tables:  SigninLogs\ncolumns: SigninLogs.ResultType, SigninLogs.UserPrincipalName\n", out.String())
	assert.Empty(t, diag.String())

	out.Reset()
	require.NoError(t, run(strings.NewReader(`SigninLogs | where ResultTyp != 0`), &out, &diag))
	assert.Equal(t, "tables:  SigninLogs\ncolumns: \nunknown: ResultTyp\n", out.String())
	assert.Equal(t, "1:20: SR200: unknown name \"ResultTyp\": no column, variable or function has it; did you mean \"ResultType\"?\n", diag.String())

	err := run(strings.NewReader("T | where x == = 1"), &out, &diag)
	assert.ErrorContains(t, err, "1:16: expected an expression")
	assert.ErrorContains(t, err, "\nT | where x == = 1\n               ^") // the caret under the column
}

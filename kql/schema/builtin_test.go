package schema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
)

// orderedTables decodes a table map with encoding/json, keeping the order
// of columns: the reference the lazy decoder is checked against.
func orderedTables(t *testing.T, data []byte) map[string][]string {
	dec := json.NewDecoder(bytes.NewReader(data))
	out := map[string][]string{}
	tok := func() json.Token {
		tk, err := dec.Token()
		require.NoError(t, err)
		return tk
	}
	require.Equal(t, json.Delim('{'), tok())
	for dec.More() {
		table := tok().(string)
		require.Equal(t, json.Delim('{'), tok())
		cols := []string{}
		for dec.More() {
			col := tok().(string)
			typ := tok().(string)
			cols = append(cols, col+":"+typ)
		}
		require.Equal(t, json.Delim('}'), tok())
		out[table] = cols
	}
	return out
}

func TestDefaultTables(t *testing.T) {
	data, err := os.ReadFile("data/sentinel.json")
	require.NoError(t, err)
	want := orderedTables(t, data)
	db := schema.Default()
	names := db.TableNames()
	assert.Len(t, names, 733)
	assert.Len(t, want, 733)
	total := 0
	for _, name := range names {
		tab := db.Table(name)
		require.NotNil(t, tab, name)
		assert.Equal(t, name, tab.Name)
		assert.Equal(t, want[name], columns(tab), name)
		assert.False(t, tab.Open, "%s: built-in tables are closed", name)
		total += len(tab.Columns)
	}
	assert.Equal(t, 20727, total)

	ad := db.Table("AzureDiagnostics")
	assert.False(t, ad.Open, "AzureDiagnostics is closed, as in Sentinel and its CI")
	assert.NotNil(t, findColumn(ad, "requestUri_s"))
	assert.Nil(t, findColumn(ad, "anything_s"))
	assert.Nil(t, db.Table("NoSuchTable"))
	assert.Nil(t, db.Table(""))
}

// TestDefaultIsTheSharedSchema checks that the embedded copy is the shared
// schema the official verdicts were made with.
func TestDefaultIsTheSharedSchema(t *testing.T) {
	shared := kqltest.RequireShared(t)
	want, err := os.ReadFile(filepath.Join(shared, "schemas", "sentinel.json"))
	require.NoError(t, err)
	got, err := os.ReadFile("data/sentinel.json")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "data/sentinel.json differs from shared/schemas/sentinel.json: copy it again")
}

func TestDefaultFunctions(t *testing.T) {
	db := schema.Default()
	wl := db.Function("_GetWatchlist")
	require.NotNil(t, wl)
	require.Len(t, wl.Params, 1)
	assert.Equal(t, types.String, wl.Params[0].Type)
	assert.False(t, wl.Params[0].Optional)
	assert.True(t, wl.Result.Open, "a watchlist's own columns vary")
	for _, c := range []string{"SearchKey", "_DTItemId", "LastUpdatedTimeUTC", "WatchlistItem"} {
		assert.NotNil(t, wl.Result.Lookup(c), c)
	}
	assert.NotNil(t, db.Function("_GetWatchlistAlias"))

	dns := db.Function("_Im_Dns")
	require.NotNil(t, dns)
	assert.True(t, dns.Result.Open)
	assert.Equal(t, types.DateTime, dns.Result.Lookup("TimeGenerated").Type)
	var params []string
	for _, p := range dns.Params {
		assert.True(t, p.Optional, p.Name)
		params = append(params, p.Name+":"+p.Type.String())
	}
	assert.Equal(t, []string{"starttime:datetime", "endtime:datetime", "srcipaddr:string", "domain_has_any:dynamic",
		"responsecodename:string", "response_has_ipv4:string", "response_has_any_prefix:dynamic", "eventtype:string",
		"pack:bool", "disabled:bool"}, params)
	for _, schemaName := range []string{"AlertEvent", "AuditEvent", "Authentication", "DhcpEvent", "Dns", "FileEvent",
		"NetworkSession", "ProcessEvent", "ProcessCreate", "ProcessTerminate", "RegistryEvent", "UserManagement", "WebSession"} {
		for _, prefix := range []string{"_Im_", "_ASim_"} {
			f := db.Function(prefix + schemaName)
			if assert.NotNil(t, f, prefix+schemaName) {
				assert.True(t, f.Result.Open)
				for _, p := range f.Params {
					assert.NotEqual(t, types.Unknown, p.Type, "%s(%s)", f.Name, p.Name)
				}
			}
		}
	}
	assert.Len(t, db.FunctionNames(), 2+2*13)
	assert.Nil(t, db.Function("_Im_Nothing"))
}

// TestConcurrentLookups checks that concurrent first lookups agree on one
// table (run with -race).
func TestConcurrentLookups(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "x.json", `{"AzureDiagnostics": {"x_s": "string"}}`)
	s, _, err := schema.Load(p)
	require.NoError(t, err)
	names := []string{"AzureDiagnostics", "SigninLogs", "AuditLogs", "SecurityEvent", "Syslog"}
	var wg sync.WaitGroup
	got := make([][]*types.Table, 8)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range names {
				got[g] = append(got[g], s.Table(n))
			}
			_ = s.TableNames()
		}()
	}
	wg.Wait()
	for g := range got {
		for i := range names {
			assert.Same(t, got[0][i], got[g][i])
		}
	}
}

// TestSentinelJSONAsFile checks that the built-in schema and the same file
// loaded with --builtin-schema=false --schema sentinel.json (the acceptance
// run of the binder) are the same tables, minus the workspace functions.
func TestSentinelJSONAsFile(t *testing.T) {
	s, warns, err := (&schema.Loader{}).Load("data/sentinel.json")
	require.NoError(t, err)
	assert.Empty(t, warns)
	db := schema.Default()
	require.Equal(t, db.TableNames(), s.TableNames())
	for _, n := range s.TableNames() {
		assert.Equal(t, columns(db.Table(n)), columns(s.Table(n)), n)
		assert.Equal(t, db.Table(n).Open, s.Table(n).Open, n)
	}
	assert.Empty(t, s.FunctionNames())
	assert.Nil(t, s.Function("_GetWatchlist"))
}

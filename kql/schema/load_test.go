package schema_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// columns returns "name:type" of each column of t.
func columns(t *types.Table) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Name+":"+c.Type.String())
	}
	return out
}

func warningTexts(ws []schema.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.String())
	}
	return out
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestLoadLayers(t *testing.T) {
	l := &schema.Loader{}
	s, warns, err := l.Load("testdata/good/base.json", "testdata/good/layer.json", "testdata/good/MyCustom_CL.json", "testdata/good/MyParser.json")
	require.NoError(t, err)
	assert.Equal(t, []string{
		`testdata/good/layer.json:3:32: $.Other_CL.x: column x of table Other_CL is listed twice; the later type (string) wins`,
	}, warningTexts(warns))

	// A later file adds columns, and its type wins; "$open" opens.
	mt := s.Table("MyTable_CL")
	require.NotNil(t, mt)
	assert.Equal(t, []string{"TimeGenerated:datetime", "Count_d:long", "Extra_s:string"}, columns(mt))
	assert.True(t, mt.Open)
	for _, c := range mt.Columns {
		assert.Same(t, mt, c.Table)
	}
	// Tables from files are closed unless they say otherwise.
	assert.False(t, s.Table("SigninLogs").Open)
	assert.Equal(t, []string{"x:string"}, columns(s.Table("Other_CL")))

	// CustomTables: .NET names, lower-case keys.
	assert.Equal(t, []string{"TimeGenerated:datetime", "Bytes:long", "Ok:bool"}, columns(s.Table("MyCustom_CL")))

	// CustomFunctions.
	f := s.Function("MyParser")
	require.NotNil(t, f)
	assert.Equal(t, "(TimeGenerated:datetime, User:string)", f.Result.String())
	require.Len(t, f.Params, 3)
	assert.Equal(t, types.DateTime, f.Params[0].Type)
	assert.False(t, f.Params[0].Optional, "IsRequired: true")
	assert.True(t, f.Params[1].Optional, "no IsRequired: optional, as in the CI's loader")
	require.NotNil(t, f.Params[2].Tabular)
	assert.True(t, f.Params[2].Tabular.Open)

	assert.Equal(t, []string{"MyCustom_CL", "MyTable_CL", "Other_CL", "SigninLogs"}, s.TableNames())
	assert.Equal(t, []string{"MyParser"}, s.FunctionNames())
	assert.Nil(t, s.Table("signinlogs"), "names are case-sensitive")
	assert.Nil(t, s.Function("_GetWatchlist"), "no base: no built-in functions")
}

func TestLoadOnDefault(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "ad.json", `{"AzureDiagnostics": {"myService_s": "string", "Level": "int"}, "New_CL": {"a": "string"}}`)
	s, warns, err := schema.Load(p)
	require.NoError(t, err)
	assert.Empty(t, warns)

	base := schema.Default().Table("AzureDiagnostics")
	ad := s.Table("AzureDiagnostics")
	require.NotNil(t, ad)
	assert.Len(t, ad.Columns, len(base.Columns)+1, "adds myService_s")
	assert.Equal(t, "myService_s", ad.Columns[len(ad.Columns)-1].Name)
	assert.Equal(t, types.Int, findColumn(ad, "Level").Type, "the later type wins")
	assert.Equal(t, types.String, findColumn(base, "Level").Type, "Default is not changed")
	assert.False(t, ad.Open)

	// A table no file touches is the base's own, columns and all.
	assert.Same(t, schema.Default().Table("SigninLogs"), s.Table("SigninLogs"))
	assert.Same(t, ad, s.Table("AzureDiagnostics"), "the same table every time")

	assert.NotNil(t, s.Function("_GetWatchlist"))
	names := s.TableNames()
	assert.True(t, sort.StringsAreSorted(names))
	assert.Contains(t, names, "New_CL")
	assert.Len(t, names, len(schema.Default().TableNames())+1)
}

func findColumn(t *types.Table, name string) *types.Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestAzureSentinelCI loads the real CI schema files, quirks included.
func TestAzureSentinelCI(t *testing.T) {
	s, warns, err := (&schema.Loader{}).Load("testdata/azure-sentinel-ci")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"testdata/azure-sentinel-ci/CustomTables/AzureNetworkAnalytics_CL.json:116:5: $.Properties[28]: column DestPort_d is listed twice; the later type (real) wins",
		"testdata/azure-sentinel-ci/CustomTables/GitHubRepo.json:100:5: $.Properties[24]: column ForkCount is listed twice; the later type (string) wins",
		"testdata/azure-sentinel-ci/CustomTables/GitHubRepo.json:104:5: $.Properties[25]: column Count is listed twice; the later type (string) wins",
		"testdata/azure-sentinel-ci/CustomTables/IdentityInfo.json:149:9: $.Properties[36]: column UACFlags is listed twice; the later type (string) wins",
		"testdata/azure-sentinel-ci/CustomTables/SymantecProxySG.json:24:3: $.Properties[5]: column sc_filter_result is listed twice; the later type (string) wins",
		"testdata/azure-sentinel-ci/CustomTables/ThreatIntelligenceIndicator.json:2:13: $.Name: the table is named Malware_data_CL, not ThreatIntelligenceIndicator as the file name says",
		"testdata/azure-sentinel-ci/CustomTables/ZoomLogs.json:40:5: $.Properties[9]: column payload_object_participant_user_name_s is listed twice; the later type (string) wins",
		"testdata/azure-sentinel-ci/CustomTables/Zoom_CL.json:2:11: $.Name: the table is named Zoom, not Zoom_CL as the file name says",
	}, warningTexts(warns))
	names := s.TableNames()
	assert.Len(t, names, 57)
	assert.Contains(t, names, "Malware_data_CL")
	assert.NotContains(t, names, "ThreatIntelligenceIndicator")

	ad := s.Table("AzureDiagnostics")
	require.NotNil(t, ad)
	assert.Len(t, ad.Columns, 191)
	assert.False(t, ad.Open)
	assert.Equal(t, types.Long, findColumn(ad, "DurationMs").Type, "bigint")
	an := s.Table("AzureNetworkAnalytics_CL")
	assert.Equal(t, types.Bool, findColumn(an, "IsFlowEnabled_b").Type, "SByte")
	csl := s.Table("CommonSecurityLog")
	assert.Equal(t, types.Real, findColumn(csl, "DeviceCustomFloatingPoint1").Type, "Float")
	assert.Equal(t, types.Long, findColumn(csl, "SentBytes").Type, "BigInt")
	assert.Equal(t, types.DateTime, findColumn(s.Table("AlertEvidence"), "TimeGenerated").Type, "lower-case keys, Datetime")

	f := s.Function("PulseConnectSecure")
	require.NotNil(t, f)
	assert.Empty(t, f.Params)
	assert.False(t, f.Result.Open)
	assert.Len(t, f.Result.Columns, 9)
}

func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var got strings.Builder
	for _, f := range files {
		_, _, err := (&schema.Loader{}).Load(f)
		require.Error(t, err, f)
		var se *schema.Error
		require.True(t, errors.As(err, &se), "%s: %T", f, err)
		assert.Equal(t, f, se.Pos.File)
		assert.True(t, se.Pos.IsValid(), "%s: %v has a line", f, err)
		got.WriteString(err.Error() + "\n")
	}
	golden := "testdata/bad/errors.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), got.String())
}

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/T.json", `{"Name": "T", "Properties": [{"Name": "a", "Type": "string"}]}`)
	write(t, dir, "b/T.JSON", `{"T": {"a": "long", "b": "guid"}}`) // after a/: its type wins
	write(t, dir, "b/notes.txt", `not a schema`)
	write(t, dir, "LICENSE", `MIT`)
	require.NoError(t, os.Mkdir(filepath.Join(dir, "c.json"), 0o755)) // a folder named .json
	s, warns, err := (&schema.Loader{}).Load(dir)
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Equal(t, []string{"a:long", "b:guid"}, columns(s.Table("T")))

	// Relative paths resolve against Dir.
	s, _, err = (&schema.Loader{Dir: dir}).Load("a")
	require.NoError(t, err)
	assert.Equal(t, []string{"a:string"}, columns(s.Table("T")))
}

func TestFolderWithBadFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.json", `{"T": {"a": "string"}}`)
	write(t, dir, "bad.json", `{"T": {"a": "strin"}}`)
	require.NoError(t, os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "dangling.json")))
	s, _, err := (&schema.Loader{}).Load(dir)
	require.Error(t, err)
	assert.Nil(t, s)
	msg := err.Error()
	assert.Contains(t, msg, filepath.Join(dir, "bad.json")+`:1:13: $.T.a: unknown type "strin"`)
	assert.Contains(t, msg, filepath.Join(dir, "dangling.json")+": no such file or directory")
	assert.Equal(t, 2, strings.Count(msg, "\n")+1, "both errors, one line each:\n%s", msg)
}

func TestRefusedFiles(t *testing.T) {
	dir := t.TempDir()
	_, _, err := (&schema.Loader{}).Load(filepath.Join(dir, "nope.json"))
	assert.EqualError(t, err, filepath.Join(dir, "nope.json")+": no such file or directory")

	big := write(t, dir, "big.json", `{"T": {"a": "string", "b": "string"}}`)
	_, _, err = (&schema.Loader{MaxFileSize: 16}).Load(big)
	assert.EqualError(t, err, big+": is 37 bytes, more than the limit of 16 bytes")

	if runtime.GOOS == "windows" {
		return
	}
	_, _, err = (&schema.Loader{}).Load("/dev/zero")
	assert.EqualError(t, err, "/dev/zero: is a character device (such as /dev/zero or a terminal); only regular files and pipes are read")

	// A named pipe with no writer would block a plain open forever.
	fifo := filepath.Join(dir, "fifo.json")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	done := make(chan error, 1)
	go func() {
		_, _, err := (&schema.Loader{}).Load(fifo)
		done <- err
	}()
	select {
	case err := <-done:
		assert.EqualError(t, err, fifo+": is a named pipe (FIFO), which could block forever; only regular files and the pipes of /dev/stdin and /dev/fd/N are read")
	case <-time.After(5 * time.Second):
		t.Fatal("loading a named pipe blocked")
	}
	// In a folder too.
	_, _, err = (&schema.Loader{}).Load(dir)
	assert.ErrorContains(t, err, fifo+": is a named pipe (FIFO), which could block forever; only regular files and the pipes of /dev/stdin and /dev/fd/N are read")
}

func TestFunctionsRedefined(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.json", `{"FunctionName": "F", "FunctionResultColumns": [{"Name": "a", "Type": "string"}]}`)
	b := write(t, dir, "b.json", `{"FunctionName": "F", "FunctionResultColumns": []}`)
	s, warns, err := (&schema.Loader{}).Load(a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{
		b + ":1:18: $.FunctionName: function F has an empty FunctionResultColumns; its result columns are taken as unknown",
		b + ":1:18: $.FunctionName: function F is also defined at " + a + ":1:18; this definition replaces it",
	}, warningTexts(warns))
	f := s.Function("F")
	assert.True(t, f.Result.Open)
	assert.Empty(t, f.Result.Columns)

	// A function with a body and no columns: open, no warning.
	s, warns, err = schema.Parse("q.json", []byte(`{"FunctionName": "G", "Query": "T | take 1"}`))
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.True(t, s.Function("G").Result.Open)
}

func TestParseType(t *testing.T) {
	for name, want := range map[string]types.Kind{
		"string": types.String, "String": types.String, "System.String": types.String,
		"DateTime": types.DateTime, "Datetime": types.DateTime, "date": types.DateTime,
		"Double": types.Real, "real": types.Real, "Float": types.Real, "System.Single": types.Real,
		"Int32": types.Int, "int": types.Int, "Int": types.Int, "uint16": types.Int,
		"Int64": types.Long, "long": types.Long, "bigint": types.Long, "BigInt": types.Long, "ulong": types.Long,
		"Boolean": types.Bool, "bool": types.Bool, "SByte": types.Bool, "System.SByte": types.Bool,
		"Guid": types.GUID, "uniqueid": types.GUID, "uuid": types.GUID,
		"Dynamic": types.Dynamic, "System.Object": types.Dynamic,
		"timespan": types.Timespan, "System.TimeSpan": types.Timespan, "time": types.Timespan,
		"decimal": types.Decimal, "System.Data.SqlTypes.SqlDecimal": types.Decimal,
	} {
		got, ok := schema.ParseType(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	for _, name := range []string{"", "strin", "text", "table", "uri", "varchar"} {
		_, ok := schema.ParseType(name)
		assert.False(t, ok, name)
	}
}

package rules

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		class      Class
		reason     string
		kind       string
	}{
		{"scheduled", "kind: Scheduled\nquery: T\n", AnalyticRule, "analytic rule of kind Scheduled", "Scheduled"},
		{"nrt", "kind: NRT\nquery: T\n", AnalyticRule, "analytic rule of kind NRT", "NRT"},
		{"2020-era detection without kind", "queryFrequency: 1h\nquery: T\n", AnalyticRule,
			"analytic rule without kind (Scheduled, as in the 2020-era layout): it has queryFrequency", "Scheduled"},
		{"other kind", "kind: Fusion\nquery: T\n", AnalyticRule, `analytic rule of unsupported kind "Fusion"`, "Fusion"},
		{"hunting query", "name: H\nquery: T\n", HuntingQuery, "hunting query: no kind and no schedule", ""},
		{"parser", "functionAlias: F\nquery: T\n", NotARule, "a parser (function) definition: it has functionAlias", ""},
		{"no query", "id: x\nname: y\n", NotARule, "no query: key", ""},
		{"empty", "", NotARule, "empty file (no YAML document)", ""},
		{"comments only", "# nothing\n", NotARule, "empty file (no YAML document)", ""},
		{"several documents", "query: A\n---\nquery: B\n", NotARule, "several YAML documents; a rule file holds one", ""},
		{"leading empty document", "---\n---\nquery: A\n", HuntingQuery, "hunting query: no kind and no schedule", ""},
		{"list", "- query: A\n", NotARule, "the document is a sequence, not a mapping", ""},
		{"scalar", "just text\n", NotARule, "the document is a string, not a mapping", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("x.yaml", []byte(tc.text))
			require.NoError(t, err)
			assert.Equal(t, tc.class, f.Class())
			assert.Equal(t, tc.reason, f.Reason())
			r, err := f.Rule()
			if tc.class == NotARule {
				require.Error(t, err)
				assert.Equal(t, "x.yaml:1:1: not a rule: "+tc.reason, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.kind, r.Kind())
		})
	}
}

// TestBadInput: bad input gives an error naming the file and the line, and
// never a panic.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"broken YAML", []byte("id: x\nname: y\nquery: [unclosed\nkind: NRT\n"), "bad.yaml:3:1: invalid YAML: did not find expected ',' or ']'"},
		{"bad indentation", []byte("id: x\n  name: y\nquery: T\n"), "bad.yaml:2:1: invalid YAML: mapping values are not allowed in this context"},
		{"tab indentation", []byte("query: |\n\tT\n"), "bad.yaml:2:1: invalid YAML: found a tab character where an indentation space is expected"},
		{"duplicate key", []byte("id: x\nquery: A\nquery: B\n"), `bad.yaml:3:1: key "query" appears twice in one mapping (first at line 2)`},
		{"Windows-1252", []byte("id: x\ndescription: caf\xe9 \x96 bar\nquery: T\n"), "bad.yaml:2:17: file is not valid UTF-8 (byte 0xE9); the file looks Latin-1 or Windows-1252 encoded, convert it to UTF-8"},
		{"Windows-1252 dash", []byte("query: |\n  // a \x96 b\n"), `bad.yaml:2:8: file is not valid UTF-8 (byte 0x96); it reads as Windows-1252 "–": the file looks Windows-1252 encoded, convert it to UTF-8`},
		{"UTF-16", append([]byte{0xFF, 0xFE}, []byte("i\x00d\x00")...), "bad.yaml:1:1: file is UTF-16 (or UTF-32) encoded; save it as UTF-8"},
		{"NUL", []byte("id: x\x00\n"), "bad.yaml:1:6: control character U+0000 is not allowed in YAML; a NUL byte usually means UTF-16 text"},
		{"control character", []byte("query: |\n  a\x1bb\n"), "bad.yaml:2:4: control character U+001B is not allowed in YAML"},
		{"unknown alias", []byte("query: *nope\n"), "bad.yaml:1:8: invalid YAML: unknown anchor 'nope' referenced"},
		{"deep nesting", []byte("query: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"), "bad.yaml:1:1: invalid YAML: exceeded max depth of 10000"},
		{"50 MB", bytes.Repeat([]byte("#"), 50<<20), "bad.yaml:1:1: file is 52428800 bytes; rule files larger than 1048576 bytes (1 MiB) are refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("bad.yaml", tc.data)
			require.Error(t, err)
			assert.Nil(t, f)
			assert.Equal(t, tc.want, err.Error())
			var re *Error
			require.ErrorAs(t, err, &re)
			assert.Equal(t, "bad.yaml", re.File)
			assert.Positive(t, re.Pos.Line)
		})
	}

	// A query that is a list, a missing id: the file loads; Validate and
	// ARMTemplate report them (see TestValidateChecks and TestARMErrors).
	f, err := Parse("list.yaml", []byte("name: A\nquery:\n  - AzureDiagnostics\n"))
	require.NoError(t, err)
	var msgs []string
	for _, fd := range Validate(f) {
		msgs = append(msgs, fd.String())
	}
	assert.Equal(t, []string{"list.yaml:1:1: SR001: id: is missing", "list.yaml:1:1: SR004: description: is missing", "list.yaml:3:3: SR009: query: must be a string, not a sequence"}, msgs)
	r, err := f.Rule()
	require.NoError(t, err)
	assert.Equal(t, "", r.Query())
	assert.Error(t, r.SetQuery("T"))
}

func TestLoadLargeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	fh, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, fh.Truncate(50<<20)) // sparse: Load must refuse it before reading
	require.NoError(t, fh.Close())
	_, err = Load(path)
	require.Error(t, err)
	assert.Equal(t, path+":1:1: file is 52428800 bytes; rule files larger than 1048576 bytes (1 MiB) are refused", err.Error())

	_, err = Load(filepath.Join(t.TempDir(), "missing.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestAliasBombParse: yaml.v3 expands aliases only when decoding into Go
// values (and limits that); Parse keeps the node tree, so an alias bomb
// parses at once, and nothing in this package expands it unbounded.
func TestAliasBombParse(t *testing.T) {
	text := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range "bcdefghi" {
		text += string(n) + ": &" + string(n) + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ",") + "]\n"
		prev = string(n)
	}
	text += "tactics: *i\nquery: T\nid: d6491be0-ab2d-439d-95d6-ad8ea39277c5\nname: bomb\ndescription: x\n"
	f, err := Parse("bomb.yaml", []byte(text))
	require.NoError(t, err)
	r, err := f.Rule()
	require.NoError(t, err)
	assert.Len(t, r.Tactics(), 0, "tactics is a list of lists, not of strings")
	fs := Validate(f)
	require.NotEmpty(t, fs)
	assert.Equal(t, "SR007", fs[len(fs)-1].Code)
	_, err = ARMTemplate([]*File{f}, ARMOptions{})
	assert.EqualError(t, err, "bomb.yaml:9:8: tactics[0]: must be a string", "the item lives where the alias points")
}

func TestPositions(t *testing.T) {
	// Columns are bytes; yaml.v3's character columns are converted.
	f, err := Parse("p.yaml", []byte("\uFEFFnamé: é\r\nquery: |\r\n  ü | x\r\n"))
	require.NoError(t, err)
	r, err := f.Rule()
	require.NoError(t, err)
	assert.Equal(t, Position{Offset: 10, Line: 1, Column: 8}, r.Pos("namé"))
	assert.Equal(t, Position{Offset: 21, Line: 2, Column: 8}, r.Pos("query"))
	assert.Equal(t, Position{Offset: 26, Line: 3, Column: 3}, r.QueryPosition(0))
	assert.Equal(t, Position{Offset: 29, Line: 3, Column: 6}, r.QueryPosition(3), "after the two bytes of ü and a space")
	assert.Equal(t, Position{}, f.Position(-1))
	assert.Equal(t, "3:6", r.QueryPosition(3).String())
	assert.Equal(t, "-", Position{}.String())
}

func TestPaths(t *testing.T) {
	for _, p := range []string{"a", "a.b", "a[0]", "a[0][1].b", "entityMappings[1].fieldMappings[0].columnName"} {
		segs, err := parsePath(p)
		require.NoError(t, err, p)
		assert.Equal(t, p, formatPath(segs))
	}
	for _, p := range []string{"", ".a", "a.", "a[", "a[x]", "a[-1]", "[0]", "a..b"} {
		_, err := parsePath(p)
		assert.Error(t, err, p)
	}
}

func TestGetters(t *testing.T) {
	f := loadKeyVault(t, "KeyVaultSensitiveOperations.yaml")
	r, err := f.Rule()
	require.NoError(t, err)
	assert.Equal(t, "d6491be0-ab2d-439d-95d6-ad8ea39277c5", r.ID())
	assert.Equal(t, "Sensitive Azure Key Vault operations", r.Name())
	assert.Equal(t, "Low", r.Severity())
	assert.Equal(t, "Available", r.Status())
	assert.Equal(t, "1.0.4", r.Version())
	assert.Equal(t, "Scheduled", r.Kind())
	assert.Equal(t, "1d", r.QueryFrequency())
	assert.Equal(t, "1d", r.QueryPeriod())
	assert.Equal(t, "gt", r.TriggerOperator())
	th, ok := r.TriggerThreshold()
	assert.True(t, ok)
	assert.Equal(t, 0, th)
	assert.Equal(t, []string{"Impact"}, r.Tactics())
	assert.Equal(t, []string{"T1485"}, r.Techniques())
	assert.Equal(t, []DataConnector{{ConnectorID: "AzureKeyVault", DataTypes: []string{"KeyVaultData"}}}, r.RequiredDataConnectors())
	assert.Equal(t, []string{"id", "name", "description", "severity", "status", "requiredDataConnectors", "queryFrequency",
		"queryPeriod", "triggerOperator", "triggerThreshold", "tactics", "relevantTechniques", "query", "entityMappings", "version", "kind"}, r.Keys())
	assert.True(t, strings.HasPrefix(r.Query(), "let SensitiveOperationList = dynamic(\n"))
	assert.True(t, strings.HasPrefix(r.Description(), "'Identifies"))
	s, ok := r.Scalar("entityMappings[1].fieldMappings[0].columnName")
	assert.True(t, ok)
	assert.Equal(t, "CallerIPMax", s)
	_, ok = r.Scalar("entityMappings[9]")
	assert.False(t, ok)
	assert.Nil(t, r.CustomDetails())
}

func formatPath(segs []pathSeg) string {
	var b strings.Builder
	for i, s := range segs {
		if s.index >= 0 {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

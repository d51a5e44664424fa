package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/rules"
)

// runApp runs kqlt in process with the given environment and terminal
// answer, and returns the exit code, stdout and stderr.
func runApp(t *testing.T, env map[string]string, tty bool, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := newApp(strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
	a.isTerminal = func(io.Writer) bool { return tty }
	code := a.run(args)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func TestColourOnlyOnATerminalWithoutNoColor(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "id: x\nname: n\nquery: T | take 1\n")

	code, out, errOut := runApp(t, nil, true, "validate", bad)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, out, "\x1b[31mSR001\x1b[0m", "findings are coloured on a terminal")
	assert.Contains(t, errOut, "\x1b[")

	for name, env := range map[string]map[string]string{
		"NO_COLOR":  {"NO_COLOR": "1"},
		"TERM=dumb": {"TERM": "dumb"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runApp(t, env, true, "validate", bad)
			assert.Equal(t, exitFail, code)
			assert.NotContains(t, out+errOut, "\x1b[")
		})
	}
	_, out, errOut = runApp(t, nil, false, "validate", bad)
	assert.NotContains(t, out+errOut, "\x1b[", "no colour when not on a terminal")
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"nonesuch"},
		{"convert"},
		{"convert", "x", "--format", "yaml", "--out", "o"},
		{"convert", "x", "--json", "--format", "text", "--out", "o"},
		{"fmt", "-w", "--check", "x"},
		{"fmt", "-w", "-"},
		{"parse"},
		{"profile", "show", "a", "b"},
	} {
		code, out, errOut := runApp(t, nil, false, args...)
		assert.Equal(t, exitUsage, code, "%q", args)
		assert.Empty(t, out, "%q", args)
		assert.Contains(t, errOut, "Run 'kqlt", "%q", args)
	}
}

func TestCheckRel(t *testing.T) {
	for rel, ok := range map[string]bool{
		"a.yaml":           true,
		"a/b/c.json":       true,
		"a..b.yaml":        true,
		"../a.yaml":        false,
		"a/../../b.yaml":   false,
		`..\a.yaml`:        false,
		`a\..\..\b.yaml`:   false,
		"/etc/passwd":      false,
		"":                 false,
		`\server\x.yaml`:   false,
		"./a/./../a.yaml":  false, // climbs, even if it comes back
		"...":              true,
		"a/.../b.yaml":     true,
		"a/..yaml":         true,
		"a/b/../../c.yaml": false,
	} {
		assert.Equal(t, ok, checkRel(rel) == nil, "%q", rel)
	}
}

func TestOutDirRefusesSymlinkOut(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	outside := filepath.Join(dir, "outside")
	require.NoError(t, os.MkdirAll(out, 0o755))
	require.NoError(t, os.MkdirAll(outside, 0o755))
	require.NoError(t, os.Symlink(outside, filepath.Join(out, "link")))
	require.NoError(t, os.Symlink(filepath.Join(out, "inside"), filepath.Join(out, "inlink")))
	require.NoError(t, os.MkdirAll(filepath.Join(out, "inside"), 0o755))

	d, err := openOutDir(out)
	require.NoError(t, err)
	_, err = d.writeFiles([]output{{rel: filepath.Join("link", "x.yaml"), data: []byte("x")}})
	assert.ErrorContains(t, err, "outside the output directory")
	entries, _ := os.ReadDir(outside)
	assert.Empty(t, entries)

	// A link that stays inside is fine.
	done, err := d.writeFiles([]output{{rel: filepath.Join("inlink", "x.yaml"), data: []byte("x")}})
	require.NoError(t, err)
	assert.Equal(t, []writtenFile{{rel: filepath.Join("inlink", "x.yaml"), created: true}}, done)
	data, err := os.ReadFile(filepath.Join(out, "inside", "x.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(data))

	// Unchanged content is not rewritten.
	done, err = d.writeFiles([]output{{rel: filepath.Join("inlink", "x.yaml"), data: []byte("x")}})
	require.NoError(t, err)
	assert.Empty(t, done)

	_, err = openOutDir(filepath.Join(out, "inside", "x.yaml"))
	assert.ErrorContains(t, err, "not a directory")
}

func TestWriteFilesAllOrNothing(t *testing.T) {
	out := t.TempDir()
	writeFile(t, filepath.Join(out, "blocked"), "a file where a directory should be")
	d, err := openOutDir(out)
	require.NoError(t, err)
	_, err = d.writeFiles([]output{
		{rel: "ok.yaml", data: []byte("ok")},
		{rel: filepath.Join("blocked", "x.json"), data: []byte("x")},
	})
	assert.ErrorContains(t, err, "exists and is not a directory")
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"blocked"}, names, "no output and no temporary file is left")
}

func TestUTF16Column(t *testing.T) {
	data := []byte("a: é𝄞x\n")
	// x is at byte offset 9 (a, :, space, é = 2 bytes, 𝄞 = 4 bytes).
	pos := rules.Position{Offset: 9, Line: 1, Column: 10}
	assert.Equal(t, 7, utf16Column(data, pos)) // a : space é 𝄞(2) → x is the 7th unit
	assert.Equal(t, 3, utf16Column(nil, rules.Position{Offset: 2, Line: 1, Column: 3}))
}

func TestArtifactURI(t *testing.T) {
	uri, base := artifactURI(filepath.Join("Hunting Queries", "a#b.yaml"))
	assert.Equal(t, "Hunting%20Queries/a%23b.yaml", uri)
	assert.Equal(t, "%SRCROOT%", base)
	uri, base = artifactURI("./x.yaml")
	assert.Equal(t, "x.yaml", uri)
	assert.Equal(t, "%SRCROOT%", base)
	if filepath.Separator == '/' {
		uri, base = artifactURI("/tmp/a b.yaml")
		assert.Equal(t, "file:///tmp/a%20b.yaml", uri)
		assert.Empty(t, base)
	}
}

func TestProgressDrawsAndClears(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, label: "converting", total: 4}
	p.add()
	p.draw()
	assert.Equal(t, "\r\x1b[Kconverting [=======                       ] 1/4", buf.String())
	assert.Nil(t, newProgress(&buf, "x", 10, false), "no bar off a terminal")
	var nilBar *progress
	nilBar.add() // a nil bar is a no-op
	nilBar.finish()
}

func TestFormatKQLFileKeepsLineEnds(t *testing.T) {
	out, errs := formatKQLFile([]byte("T|take 1\r\n\r\nU|count"))
	require.Empty(t, errs)
	assert.Equal(t, "T\r\n| take 1\r\n\r\nU\r\n| count", string(out))
}

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file name holding a line break or an escape cannot break the text
// output: each finding, error and listed file stays on one line, with the
// name quoted.
func TestControlCharactersInFileNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no control characters in Windows file names")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "evil\nrule\x1b[31m.yaml")
	writeFile(t, bad, "id: x\nname: n\nquery: T | where a = = 1\n")
	quoted := `"` + strings.ReplaceAll(strings.ReplaceAll(bad, "\n", `\n`), "\x1b", `\x1b`) + `"`

	code, out, errOut := runApp(t, map[string]string{"NO_COLOR": "1"}, false, "validate", dir)
	assert.Equal(t, exitFail, code)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		assert.True(t, strings.HasPrefix(line, quoted+":"), "%q", line)
	}
	assert.NotContains(t, out+errOut, "\x1b")

	code, _, errOut = runApp(t, nil, false, "parse", bad)
	assert.Equal(t, exitFail, code)
	assert.True(t, strings.HasPrefix(errOut, "kqlt: "+quoted+":"), "%q", errOut)
	assert.NotContains(t, errOut, "\x1b")

	cases := filepath.Join(dir, "cases\n.yaml")
	writeFile(t, filepath.Join(dir, "r.yaml"), "id: 3f1c9c3e-0000-4000-8000-000000000009\nname: n\nkind: NRT\nquery: T\n")
	writeFile(t, cases, "rule: r.yaml\ncases:\n  - name: c\n    tables: {T: {rows: [{a: 1}]}}\n    expect: {fires: true}\n")
	code, out, _ = runApp(t, nil, false, "test", "--cases", cases)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "ok   "+strings.ReplaceAll(`"`+cases+`"`, "\n", `\n`)+":3: c\n")
	require.NoError(t, os.Remove(cases))
}

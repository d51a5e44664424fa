package rules

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// cp1252File is the one corpus file that is not UTF-8.
const cp1252File = "cscript_summary.yaml"

func corpusFiles(t *testing.T) []string {
	shared := sharedDir(t)
	files := yamlFiles(t, filepath.Join(shared, "corpus", "rules"))
	require.Len(t, files, 642, "the corpus holds 642 rule YAMLs")
	return append(files, yamlFiles(t, filepath.Join(shared, "keyvault"))...)
}

// TestCorpusRoundTrip loads every YAML of the shared corpus and the Key
// Vault rules and writes it back: byte-identical for every UTF-8 file; the
// Windows-1252 file is refused with an encoding error naming file and line.
// It also checks that every scalar of every file is located exactly (the
// scanner decodes it to yaml.v3's value), which edits and position mapping
// rely on.
func TestCorpusRoundTrip(t *testing.T) {
	files := corpusFiles(t)
	var identical, rejected, scalars int
	classes := map[Class]int{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := Parse(path, data)
		if filepath.Base(path) == cp1252File {
			require.Error(t, err)
			assert.Contains(t, err.Error(), path+":")
			assert.Contains(t, err.Error(), "not valid UTF-8")
			assert.Contains(t, err.Error(), "Windows-1252")
			rejected++
			continue
		}
		require.NoError(t, err, path)
		if assert.Equal(t, data, f.Bytes(), path) {
			identical++
		}
		classes[f.Class()]++
		forEachScalar(f.root, func(n *yaml.Node) {
			scalars++
			sp := f.spanOf(n)
			assert.True(t, sp.exact, "%s:%d:%d: scalar not located exactly: got %q want %q", path, n.Line, n.Column, short(sp.value), short(n.Value))
		})
	}
	t.Logf("%d files: %d byte-identical, %d rejected (encoding); %d scalars located exactly; classes %v",
		len(files), identical, rejected, scalars, classes)
	assert.Equal(t, len(files)-1, identical)
	assert.Equal(t, 1, rejected)
}

func forEachScalar(n *yaml.Node, fn func(*yaml.Node)) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode {
		fn(n)
	}
	for _, c := range n.Content {
		forEachScalar(c, fn)
	}
}

// TestCorpusEdits changes the query, name, description and id of every
// corpus rule and checks that only their bytes changed, that the values
// read back, and that a block query stays a block with its indentation.
func TestCorpusEdits(t *testing.T) {
	files := corpusFiles(t)
	edited := 0
	for _, path := range files {
		if filepath.Base(path) == cp1252File {
			continue
		}
		f, err := Load(path)
		require.NoError(t, err)
		r, err := f.Rule()
		if err != nil {
			continue
		}
		for _, field := range []string{"query", "name", "description", "id"} {
			n := deref(r.Node(field))
			if n == nil || n.Kind != yaml.ScalarNode {
				continue
			}
			before := f.Bytes()
			sp := *f.spanOf(n)
			old := n.Value
			var nv string
			switch field {
			case "query":
				nv = strings.TrimRight(old, "\n") + "\n| where Extra == \"x: y\"  \n| take 10\n"
			case "description":
				nv = old + "Converted by kqlt.\n"
			case "id":
				nv = "00000000-0000-5000-8000-000000000001"
			default:
				nv = old + " (Managed HSM)"
			}
			require.NoError(t, r.Set(field, nv), "%s: %s", path, field)
			got, _ := r.Scalar(field)
			require.Equal(t, nv, got, "%s: %s", path, field)
			after := f.Bytes()
			// Only the value's bytes changed.
			require.True(t, bytes.HasPrefix(after, before[:sp.start]), "%s: %s: bytes before the value changed", path, field)
			tail := before[sp.end:]
			if sp.style == 0 && strings.Contains(nv, "\n") {
				brk, _ := lineEnd(before, sp.end)
				tail = before[brk:]
			}
			require.True(t, bytes.HasSuffix(after, tail), "%s: %s: bytes after the value changed", path, field)
			if sp.style&yaml.LiteralStyle != 0 {
				nn := deref(r.Node(field))
				assert.Equal(t, yaml.LiteralStyle, nn.Style&^yaml.TaggedStyle, "%s: %s stays a literal block", path, field)
				assert.Equal(t, sp.indent, f.spanOf(nn).indent, "%s: %s keeps its indentation", path, field)
			}
			edited++
		}
	}
	t.Logf("%d fields edited in place", edited)
}

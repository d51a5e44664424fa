package kql

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The parser records compactly what it read of a name (see bare.go): the
// tree prints each name as written until its Name is edited, and a name
// edited back prints as written again.
func TestIdentEditedName(t *testing.T) {
	tests := []struct {
		src, name string // the query and the Name of the identifier edited
		edits     []struct{ name, want string }
	}{
		{src: "T | project  count , B", name: "count", edits: []struct{ name, want string }{
			{"where", "T | project  ['where'] , B"},
			{"range", "T | project  ['range'] , B"},
			{"Col", "T | project  Col , B"},
			{"count", "T | project  count , B"},
		}},
		{src: "T | summarize hint.strategy=shuffle count() by A", name: "hint.strategy", edits: []struct{ name, want string }{
			{"hint.remote", "T | summarize ['hint.remote']=shuffle count() by A"},
			{"hint.strategy", "T | summarize hint.strategy=shuffle count() by A"},
		}},
		{src: "T | project [ 'my' \"col\" ], B", name: "mycol", edits: []struct{ name, want string }{
			{"my col", "T | project ['my col'], B"},
			{"mycol", "T | project [ 'my' \"col\" ], B"},
			{"myco", "T | project myco, B"},
		}},
		{src: "T | project [@'a''b']", name: "a'b", edits: []struct{ name, want string }{
			{"ab", "T | project ab"},
			{"a'b", "T | project [@'a''b']"},
		}},
		{src: "T | where A > {Threshold}", name: "Threshold", edits: []struct{ name, want string }{
			{"Other", "T | where A > {Other}"},
			{"Threshold", "T | where A > {Threshold}"},
		}},
		{src: "T | extend $1 = 2", name: "$1", edits: []struct{ name, want string }{
			{"a b", "T | extend ['a b'] = 2"},
			{"$1", "T | extend $1 = 2"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			q, err := Parse(tt.src)
			require.NoError(t, err)
			require.Equal(t, tt.src, q.String())
			var id *Ident
			Inspect(q, func(n Node) bool {
				if x, ok := n.(*Ident); ok && x.Name == tt.name && id == nil {
					id = x
				}
				return true
			})
			require.NotNil(t, id, "no identifier %q", tt.name)
			for _, e := range tt.edits {
				id.Name = e.name
				assert.Equal(t, e.want, q.String(), "Name %q", e.name)
			}
		})
	}
}

func TestSpellingOf(t *testing.T) {
	assert.Nil(t, spellingOf("Col", "Col"), "a plain word needs no spelling")
	assert.Equal(t, &spelling{rawLen: 4, parsed: true}, spellingOf("Col*", "Col*"))
	assert.Equal(t, &spelling{rawLen: 3, bare: bareDollar, parsed: true}, spellingOf("$12", "$12"))
	assert.Equal(t, &spelling{raw: "['a b']", rawLen: 7, parsed: true}, spellingOf("a b", "['a b']"))
	where := spellingOf("where", "where")
	assert.GreaterOrEqual(t, where.bare, uint16(bareFirst))
	assert.Same(t, where, spellingOf("where", "where"), "a bare word's spelling is shared")
	assert.True(t, isBareWord(where.bare, "where"))
	assert.False(t, isBareWord(where.bare, "range"))
	assert.False(t, isBareWord(bareDollar, "$a"))
}

// A name built with a spelling, or a braced name, prints so.
func TestIdentSpelling(t *testing.T) {
	id := &Ident{Name: "a b"}
	assert.Equal(t, "['a b']", id.text())
	id.SetRaw(`["a b"]`)
	assert.Equal(t, `["a b"]`, id.text())
	assert.Equal(t, `["a b"]`, id.Raw())
	assert.False(t, id.Braced())
	p := NewBracedIdent("P")
	assert.True(t, p.Braced())
	assert.Equal(t, "{P}", p.text())
	assert.Equal(t, "", p.Raw())
}

// An Ident stays within 32 bytes: a query has a name for every four tokens.
func TestIdentSize(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(Ident{}), uintptr(32))
}

func TestBracketSpells(t *testing.T) {
	tests := []struct {
		raw, name string
		want      bool
	}{
		{"['a b']", "a b", true},
		{`["a b"]`, "a b", true},
		{"['a b']", "a c", false},
		{"['a\\'b']", "a'b", true},
		{"['a\\'b']", "a\\'b", false},
		{"[ 'a' \"b\" ]", "ab", true},
		{"['a' 'b']", "a' 'b", false},
		{"[@'a''b']", "a'b", true},
		{"['ab']", "ab ", false},
		{"{ab}", "ab", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, bracketSpells(tt.raw, tt.name), "%s spells %q", tt.raw, tt.name)
	}
}

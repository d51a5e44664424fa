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

func TestBareCode(t *testing.T) {
	assert.Equal(t, uint16(bareNone), bareCode("Col"))
	assert.Equal(t, uint16(bareNone), bareCode("Col*"))
	assert.Equal(t, uint16(bareDollar), bareCode("$12"))
	where := bareCode("where")
	assert.GreaterOrEqual(t, where, uint16(bareFirst))
	assert.Equal(t, where, bareCode("where"), "a word keeps its code")
	assert.True(t, isBareWord(where, "where"))
	assert.False(t, isBareWord(where, "range"))
	assert.False(t, isBareWord(bareDollar, "$a"))
}

// An Ident stays within 48 bytes: a query has a name for every four tokens.
func TestIdentSize(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(Ident{}), uintptr(48))
}

package rules

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteJSON(t *testing.T) {
	var all []byte
	for c := 0; c < 0x80; c++ {
		all = append(all, byte(c))
	}
	for _, s := range []string{"", "plain", string(all), "a < b && c > d", "é ü 漢字 \U0001F600", "line\u2028para\u2029", `"quoted" \ back`} {
		var b bytes.Buffer
		writeString(&b, s)
		var got string
		require.NoError(t, json.Unmarshal(b.Bytes(), &got), b.String())
		assert.Equal(t, s, got)
	}
	var b bytes.Buffer
	writeString(&b, "a < b\n")
	assert.Equal(t, `"a < b\n"`, b.String(), "no HTML escaping")

	b.Reset()
	require.NoError(t, writeJSON(&b, object{{"z", 1}, {"a", []any{}}, {"m", object{}}, {"l", []any{true, nil, 2.5, "x"}}}, 0))
	assert.Equal(t, "{\n  \"z\": 1,\n  \"a\": [],\n  \"m\": {},\n  \"l\": [\n    true,\n    null,\n    2.5,\n    \"x\"\n  ]\n}", b.String())
}

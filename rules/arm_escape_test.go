package rules

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// hostileStrings are strings ARM could read as expressions, or that sit on
// the edge of its escape.
var hostileStrings = []string{
	"[listKeys(resourceId('Microsoft.Storage/storageAccounts','victim'),'2019-06-01').keys[0].value]",
	"[{{Severity}}] key deleted [{{IP}}]",
	"[parameters('workspace')]",
	"[[already escaped]",
	"[[[",
	"[]",
	"[ ]",
	"[x",
	"x]",
	"[Preview] My rule",
	"My rule [Preview]",
	" [leading space]",
	"[trailing space] ",
	"[multi\nline]",
	"[\"quoted\"]",
	"[concat('a', 'b')]\n",
}

// randomHostile returns a random string over an alphabet rich in ARM's and
// JSON's special characters, often bracketed.
func randomHostile(rng *rand.Rand) string {
	const alphabet = "[[]]{}()'\"\\,.x y\n\t$é€😀"
	runes := []rune(alphabet)
	var b strings.Builder
	if rng.Intn(2) == 0 {
		b.WriteString(strings.Repeat("[", 1+rng.Intn(3)))
	}
	for n := rng.Intn(12); n > 0; n-- {
		b.WriteRune(runes[rng.Intn(len(runes))])
	}
	if rng.Intn(2) == 0 {
		b.WriteString("]")
	}
	return b.String()
}

// hostileRule returns a rule file whose strings are the given ones, and the
// fields of the template that must read back as each.
func hostileRule(t *testing.T, s []string) (*File, map[string]string) {
	t.Helper()
	str := func(v string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle}
	}
	mapping := func(kv ...any) *yaml.Node {
		m := &yaml.Node{Kind: yaml.MappingNode}
		for i := 0; i < len(kv); i += 2 {
			v, ok := kv[i+1].(*yaml.Node)
			if !ok {
				v = str(kv[i+1].(string))
			}
			m.Content = append(m.Content, str(kv[i].(string)), v)
		}
		return m
	}
	seq := func(items ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Content: items} }
	doc := mapping(
		"id", "6a3c2f5e-1b7d-4c8e-9f00-1234567890ab",
		"name", s[0],
		"description", s[1],
		"severity", "High",
		"kind", "Scheduled",
		"query", s[2],
		"queryFrequency", "1h",
		"queryPeriod", "1h",
		"triggerOperator", "gt",
		"triggerThreshold", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "0"},
		"tactics", seq(str(s[3])),
		"alertDetailsOverride", mapping("alertDisplayNameFormat", s[4], "alertDescriptionFormat", s[5],
			"alertDynamicProperties", seq(mapping("alertProperty", "ProductName", "value", s[6]))),
		"customDetails", mapping("Detail", s[7]),
		"entityMappings", seq(mapping("entityType", "Account", "fieldMappings", seq(mapping("identifier", "Name", "columnName", s[8])))),
		"incidentConfiguration", mapping("groupingConfiguration", mapping("groupByCustomDetails", seq(str(s[9])))),
	)
	data, err := yaml.Marshal(doc)
	require.NoError(t, err)
	f, err := Parse("hostile.yaml", data)
	require.NoError(t, err, "%s", data)
	want := map[string]string{
		"displayName": s[0],
		"description": armDescription(s[1]),
		"query":       s[2],
		"tactics[0]":  s[3],
		"alertDetailsOverride.alertDisplayNameFormat":                         s[4],
		"alertDetailsOverride.alertDescriptionFormat":                         s[5],
		"alertDetailsOverride.alertDynamicProperties[0].value":                s[6],
		"customDetails.Detail":                                                s[7],
		"entityMappings[0].fieldMappings[0].columnName":                       s[8],
		"incidentConfiguration.groupingConfiguration.groupByCustomDetails[0]": s[9],
	}
	return f, want
}

// armStrings collects the string values of a decoded template by path.
func armStrings(v any, path string, out map[string]string) {
	switch v := v.(type) {
	case string:
		out[path] = v
	case []any:
		for i, e := range v {
			armStrings(e, path+"["+strconv.Itoa(i)+"]", out)
		}
	case map[string]any:
		for k, e := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			armStrings(e, p, out)
		}
	}
}

// TestARMStringsAreData is the property ARMTemplate promises: every string
// of the rule reads back, by ARM's reading ("[[" → "["), as the rule's
// text, and no string of the template is an expression except the
// template's own resource id and name.
func TestARMStringsAreData(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	var sets [][]string
	for i := range hostileStrings {
		s := make([]string, 10)
		for k := range s {
			s[k] = hostileStrings[(i+k)%len(hostileStrings)]
		}
		sets = append(sets, s)
	}
	for i := 0; i < 500; i++ {
		s := make([]string, 10)
		for k := range s {
			s[k] = randomHostile(rng)
		}
		sets = append(sets, s)
	}
	for i, s := range sets {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			f, want := hostileRule(t, s)
			out, err := ARMTemplate([]*File{f}, ARMOptions{})
			require.NoError(t, err)
			var tmpl map[string]any
			require.NoError(t, json.Unmarshal(out, &tmpl))
			got := map[string]string{}
			armStrings(tmpl, "", got)
			for path, v := range got {
				lit, expr := armRead(v)
				if expr {
					assert.Contains(t, []string{"resources[0].id", "resources[0].name"}, path, "%s is an expression: %q", path, v)
					assert.True(t, strings.HasPrefix(v, "[concat("), "%s: %q", path, v)
					continue
				}
				got[path] = lit
			}
			for field, w := range want {
				assert.Equal(t, w, got["resources[0].properties."+field], "%s", field)
			}
		})
	}
}

// TestARMHuntingQueryStringsAreData checks the same for saved searches.
func TestARMHuntingQueryStringsAreData(t *testing.T) {
	for _, s := range hostileStrings {
		doc := map[string]any{"id": "6a3c2f5e-1b7d-4c8e-9f00-1234567890ab", "name": s, "description": s, "query": s, "tactics": []string{s}}
		data, err := yaml.Marshal(doc)
		require.NoError(t, err)
		f, err := Parse("hunting.yaml", data)
		require.NoError(t, err)
		out, err := ARMTemplate([]*File{f}, ARMOptions{})
		require.NoError(t, err)
		var tmpl struct {
			Resources []struct {
				Properties struct {
					DisplayName string `json:"displayName"`
					Query       string `json:"query"`
					Tags        []struct{ Name, Value string }
				} `json:"properties"`
			} `json:"resources"`
		}
		require.NoError(t, json.Unmarshal(out, &tmpl))
		p := tmpl.Resources[0].Properties
		read := func(v string) string {
			lit, expr := armRead(v)
			assert.False(t, expr, "%q is an expression", v)
			return lit
		}
		assert.Equal(t, s, read(p.DisplayName))
		assert.Equal(t, s, read(p.Query))
		assert.Equal(t, armDescription(s), read(p.Tags[0].Value))
		assert.Equal(t, s, read(p.Tags[1].Value))
	}
}

func TestARMRefusesExpressionKeys(t *testing.T) {
	f, err := Parse("key.yaml", []byte(`id: 6a3c2f5e-1b7d-4c8e-9f00-1234567890ab
name: n
description: d
severity: High
kind: Scheduled
query: T
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
eventGroupingSettings:
  "[parameters('x')]": AlertPerResult
`))
	require.NoError(t, err)
	_, err = ARMTemplate([]*File{f}, ARMOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "key.yaml:12:")
	assert.Contains(t, err.Error(), `key "[parameters('x')]" would read as an ARM expression`)
}

func TestARMLiteral(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"plain", "plain"},
		{"[Preview] My rule", "[Preview] My rule"},
		{"[x]", "[[x]"},
		{"[[x]", "[[[x]"},
		{"[]", "[[]"},
		{"[", "["},
		{"]", "]"},
	} {
		assert.Equal(t, tc.out, armLiteral(tc.in), tc.in)
		back, expr := armRead(armLiteral(tc.in))
		assert.False(t, expr)
		assert.Equal(t, tc.in, back)
	}
}

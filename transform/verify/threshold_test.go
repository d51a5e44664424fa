package verify

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql/eval/ruletest"
	"github.com/kqlt/kqlt/transform"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/thresholds")

// TestThresholds verifies the small rules of testdata/thresholds/*.txtar
// and compares what the verification says about their thresholds with the
// file's "want" section. A file holds
//
//   - query: the rule's query, converted with the built-in profile;
//   - mutate (optional): pairs of lines, a text of the converted query and
//     what replaces it, to break the conversion the way a transform could;
//   - want: the outcome, the thresholds as the report writes them, the
//     threshold cases with what each rule did, and for a disagreement the
//     counterexample.
//
// go test -run TestThresholds -update rewrites the want sections.
func TestThresholds(t *testing.T) {
	files, err := filepath.Glob("testdata/thresholds/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	p := builtin(t)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			require.NoError(t, err)
			sections := map[string]string{}
			for _, f := range ar.Files {
				sections[f.Name] = string(f.Data)
			}
			query, ok := sections["query"]
			require.True(t, ok, "a query section")
			c, res := convertQuery(t, strings.TrimSpace(query), p)
			require.Equal(t, transform.Converted, res.Status, res.Reason)
			if m := sections["mutate"]; m != "" {
				lines := strings.Split(strings.TrimRight(m, "\n"), "\n")
				require.Zero(t, len(lines)%2, "mutate: pairs of lines")
				q := c.conv.Query()
				for i := 0; i < len(lines); i += 2 {
					require.Contains(t, q, lines[i])
					q = strings.Replace(q, lines[i], lines[i+1], 1)
				}
				c.conv = withQuery(t, c.conv, q)
			}
			vr := verifyRule(t, c, p, Options{})
			for _, th := range vr.Thresholds {
				if !th.Covered {
					assert.NotEmpty(t, th.Note, "a threshold not covered says why: %s", th.What)
				}
			}
			got := thresholdReport(vr)
			if *update {
				for i, f := range ar.Files {
					if f.Name == "want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				require.NoError(t, os.WriteFile(file, txtar.Format(ar), 0o644))
				return
			}
			assert.Equal(t, sections["want"], got)
			if vr.Counterexample != nil {
				assertOneMinimal(t, vr)
			}
			if vr.Outcome == Verified && sections["mutate"] == "" {
				assertCaseFilePasses(t, c, vr)
			}
		})
	}
}

// thresholdReport writes what a verification says about thresholds.
func thresholdReport(vr *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "outcome: %s\n", vr.Outcome)
	if vr.Outcome == Unverifiable {
		fmt.Fprintf(&b, "reason: %s\n", vr.Reason)
	}
	b.WriteString("thresholds:\n")
	for _, th := range vr.Thresholds {
		fmt.Fprintf(&b, "  %s\n", th)
	}
	b.WriteString("threshold cases:\n")
	for _, c := range vr.Cases {
		if c.Kind != "threshold" {
			continue
		}
		fmt.Fprintf(&b, "  %s: %d events: original %s, converted %s\n", c.Name, c.Events, c.Original, c.Converted)
	}
	for _, n := range vr.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if ce := vr.Counterexample; ce != nil {
		fmt.Fprintf(&b, "counterexample: case %q, %d events\n", ce.Case, len(ce.Events))
		for _, d := range ce.Differences {
			fmt.Fprintf(&b, "  - %s\n", d)
		}
	}
	return b.String()
}

// assertCaseFilePasses writes the cases of a verified conversion as a case
// file, and runs it: kqlt test sees what the verification saw.
func assertCaseFilePasses(t *testing.T, c converted, vr *Result) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "original.yaml"), c.src.File().Bytes(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "converted.yaml"), c.res.Output.Bytes(), 0o644))
	cases, schema, err := vr.CaseFile(CaseFileOptions{Original: "original.yaml", Converted: "converted.yaml", Schema: "schema.json"})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "schema.json"), schema, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cases.yaml"), cases, 0o644))
	rep, err := ruletest.RunCases(filepath.Join(dir, "cases.yaml"))
	require.NoError(t, err)
	assert.Equal(t, 3*len(vr.Cases), len(rep.Cases))
	for _, cr := range rep.Cases {
		assert.True(t, cr.Pass, "%s: %v", cr.Name, cr.Failures)
	}
}

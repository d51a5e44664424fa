package types_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/kqltest"
	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
)

// The acceptance of the binder (issue 9), measured on the shared corpus
// against the official analysis's verdicts in shared/corpus/semantic,
// which were made with shared/schemas/sentinel.json and no workspace
// functions.
const (
	minVerdictAgreement = 0.99  // same verdict (findings or none) on the syntax-valid queries
	maxFalseFindings    = 0.005 // findings on queries the official analysis passes
	minNameRecall       = 0.99  // (query, name) pairs the official analysis reports as unknown
	minMutantRecall     = 0.98  // misspelled names reported by name
)

// sentinelDB loads shared/schemas/sentinel.json alone, as kqlt validate
// --builtin-schema=false --schema sentinel.json does: the schema the
// official verdicts were made with, every table closed, no workspace
// functions.
var sentinelDB = sync.OnceValues(func() (types.Database, error) {
	dir, err := kqltest.SharedDir()
	if err != nil {
		return nil, err
	}
	set, _, err := (&schema.Loader{}).Load(filepath.Join(dir, "schemas", "sentinel.json"))
	if err != nil {
		return nil, err
	}
	return set, nil
})

// semanticVerdict is a line of shared/corpus/semantic/*.jsonl.
type semanticVerdict struct {
	ID       string               `json:"id"`
	OK       bool                 `json:"ok"`
	Semantic []kqltest.Diagnostic `json:"semantic"`
}

func loadSemantic(t *testing.T) map[string]semanticVerdict {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(kqltest.RequireShared(t), "corpus", "semantic", "*.jsonl"))
	require.NoError(t, err)
	if len(files) == 0 {
		missingData(t, "shared/corpus/semantic")
	}
	out := map[string]semanticVerdict{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, len(data)+1)
		for sc.Scan() {
			var v semanticVerdict
			require.NoError(t, json.Unmarshal(sc.Bytes(), &v), f)
			out[v.ID] = v
		}
	}
	return out
}

func missingData(t *testing.T, what string) {
	t.Helper()
	if kqltest.InCI() {
		t.Fatalf("%s missing under CI=true", what)
	}
	t.Skipf("%s missing, skipping", what)
}

// corpusQuery is a syntax-valid query of the corpus with its official
// semantic verdict.
type corpusQuery struct {
	id       string
	query    *kql.Query
	official []kqltest.Diagnostic // errors and warnings
}

func syntaxValidCorpus(t *testing.T) []corpusQuery {
	t.Helper()
	verdicts := loadSemantic(t)
	var out []corpusQuery
	for _, e := range corpusEntries(t) {
		if !e.Oracle.OK {
			continue
		}
		v, ok := verdicts[e.ID]
		require.True(t, ok, "no semantic verdict for %s", e.ID)
		q, err := kql.Parse(e.Query)
		require.NoError(t, err, e.ID)
		cq := corpusQuery{id: e.ID, query: q}
		for _, d := range v.Semantic {
			if d.Severity == "Error" || d.Severity == "Warning" {
				cq.official = append(cq.official, d)
			}
		}
		out = append(out, cq)
	}
	return out
}

// corpusEntries returns the queries of the shared corpus.
func corpusEntries(tb testing.TB) []kqltest.Entry { return kqltest.Corpus(tb) }

func findings(diags []types.Diagnostic) []types.Diagnostic {
	var out []types.Diagnostic
	for _, d := range diags {
		if d.Severity == types.SeverityError || d.Severity == types.SeverityWarning {
			out = append(out, d)
		}
	}
	return out
}

// TestCorpusAgainstOfficialVerdicts measures the acceptance:
// the same verdict on ≥ 99% of the syntax-valid queries, false findings
// on ≤ 0.5% of the queries the official analysis passes, and ≥ 99% of the
// names it reports as unknown reported by name.
func TestCorpusAgainstOfficialVerdicts(t *testing.T) {
	db, err := sentinelDB()
	if err != nil {
		missingData(t, "shared/schemas/sentinel.json: "+err.Error())
	}
	corpus := syntaxValidCorpus(t)
	conf := &types.Config{Database: db}
	quoted := regexp.MustCompile(`'([^']*)'`)
	var agree, passes, falseFindings, names, namesFound int
	var disagreements []string
	for _, cq := range corpus {
		ours := findings(conf.Check(cq.query, nil))
		if (len(ours) > 0) == (len(cq.official) > 0) {
			agree++
		} else {
			disagreements = append(disagreements, fmt.Sprintf("%s: official %d, kqlt %v", cq.id, len(cq.official), ours))
		}
		if len(cq.official) == 0 {
			passes++
			if len(ours) > 0 {
				falseFindings++
			}
		}
		for _, d := range cq.official {
			switch d.Code {
			case "KS142", "KS204", "KS211", "KS205":
			default:
				continue
			}
			m := quoted.FindStringSubmatch(d.Message)
			if m == nil {
				continue
			}
			names++
			for _, o := range ours {
				if o.Name == m[1] {
					namesFound++
					break
				}
			}
		}
	}
	n := len(corpus)
	t.Logf("verdicts: %d/%d agree (%.2f%%); false findings: %d/%d (%.2f%%); names: %d/%d (%.2f%%)",
		agree, n, pct(agree, n), falseFindings, passes, pct(falseFindings, passes), namesFound, names, pct(namesFound, names))
	for _, d := range disagreements {
		t.Log(d)
	}
	assert.GreaterOrEqual(t, float64(agree)/float64(n), minVerdictAgreement, "verdict agreement")
	assert.LessOrEqual(t, float64(falseFindings)/float64(passes), maxFalseFindings, "false findings")
	assert.GreaterOrEqual(t, float64(namesFound)/float64(names), minNameRecall, "name recall")
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// TestMutants misspells the names of columns and functions in each
// corpus query that binds cleanly, a few per query, and requires that the
// binder reports ≥ 98% of the misspelled names by name.
func TestMutants(t *testing.T) {
	db, err := sentinelDB()
	if err != nil {
		missingData(t, "shared/schemas/sentinel.json: "+err.Error())
	}
	corpus := syntaxValidCorpus(t)
	known := knownNames(db)
	conf := &types.Config{Database: db}
	var total, found int
	var misses []string
	for _, cq := range corpus {
		info := &types.Info{Uses: map[*kql.Ident]types.Symbol{}}
		if len(findings(conf.Check(cq.query, info))) > 0 {
			continue
		}
		for i, m := range mutants(cq.query, info, known) {
			q, err := kql.Parse(m.query)
			if err != nil {
				continue // the misspelling made a keyword or broke a token
			}
			total++
			reported := false
			for _, d := range findings(conf.Check(q, nil)) {
				if d.Name == m.name {
					reported = true
					break
				}
			}
			if reported {
				found++
			} else if len(misses) < 50 {
				misses = append(misses, fmt.Sprintf("%s #%d: %s -> %s (%s)", cq.id, i, m.orig, m.name, m.what))
			}
		}
	}
	t.Logf("mutants: %d/%d reported by name (%.2f%%)", found, total, pct(found, total))
	for _, m := range misses {
		t.Log("missed:", m)
	}
	require.Greater(t, total, 1000)
	assert.GreaterOrEqual(t, float64(found)/float64(total), minMutantRecall)
}

// knownNames returns every name a misspelling must not produce: the
// tables and their columns. (Built-ins are checked apart.)
func knownNames(db types.Database) map[string]bool {
	known := map[string]bool{}
	for _, name := range db.TableNames() {
		known[name] = true
		for _, c := range db.Table(name).Columns {
			known[c.Name] = true
		}
	}
	return known
}

type mutant struct {
	query      string
	orig, name string
	what       string // a column of a table, a computed column, a function
}

// maxMutantsPerQuery bounds the misspellings tried on one query.
const maxMutantsPerQuery = 8

// mutants returns misspelled versions of q: each replaces one reference
// to a column or a built-in function with a misspelling of it, chosen
// deterministically, that no table, column or name of the query has.
func mutants(q *kql.Query, info *types.Info, known map[string]bool) []mutant {
	src := q.Source()
	inQuery := map[string]bool{}
	var refs []*kql.Ident
	kql.Inspect(q, func(n kql.Node) bool {
		id, ok := n.(*kql.Ident)
		if !ok {
			return true
		}
		inQuery[id.Name] = true
		switch s := info.Uses[id]; s.(type) {
		case *types.Column:
			if s.(*types.Column).Type == types.Unknown {
				return true // inferred in an open schema: any name is fine
			}
		case *types.Builtin:
		default:
			return true
		}
		if id.Raw() != "" || !id.Pos().IsValid() || len(id.Name) < 3 {
			return true
		}
		refs = append(refs, id)
		return true
	})
	var out []mutant
	step := 1
	if len(refs) > maxMutantsPerQuery {
		step = len(refs) / maxMutantsPerQuery
	}
	for i := 0; i < len(refs) && len(out) < maxMutantsPerQuery; i += step {
		id := refs[i]
		name := misspell(id.Name, len(out))
		if name == id.Name || known[name] || inQuery[name] || types.IsBuiltinName(name) {
			continue
		}
		what := "column"
		if _, ok := info.Uses[id].(*types.Builtin); ok {
			what = "function"
		}
		start, end := id.Pos().Offset(), id.End().Offset()
		out = append(out, mutant{query: src[:start] + name + src[end:], orig: id.Name, name: name, what: what})
	}
	return out
}

// misspell makes one of the usual typos in name, picked by n: a dropped
// letter, two letters swapped, a doubled letter, a wrong letter.
func misspell(name string, n int) string {
	mid := len(name) / 2
	switch n % 4 {
	case 0:
		return name[:mid] + name[mid+1:]
	case 1:
		if name[mid-1] == name[mid] {
			return name[:mid] + "x" + name[mid+1:]
		}
		return name[:mid-1] + string(name[mid]) + string(name[mid-1]) + name[mid+1:]
	case 2:
		return name[:mid] + string(name[mid]) + name[mid:]
	}
	c := byte('q')
	if name[mid] == 'q' {
		c = 'z'
	}
	return name[:mid] + string(c) + name[mid+1:]
}

package verify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kqlt/kqlt/transform"
)

// passCase is a query case of the transform's pass tests, with the profile
// it is converted with.
type passCase struct {
	test, name, query string
	profile           *transform.Profile
}

// passCases reads the query cases of the transform's pass tests
// (../passes_test.go): the queryCase literals given to runQueryCases, with
// their string constants resolved, and the profile of the call (the
// built-in one, or the YAML the test parses). Reading them from the source
// keeps this test in step with the pass tests as they grow.
func passCases(t *testing.T) []passCase {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "../passes_test.go", nil, 0)
	require.NoError(t, err)
	var out []passCase
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		consts := map[string]string{} // local string constants and variables
		profiles := map[string]*transform.Profile{}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i < len(n.Values) {
						if s, ok := stringOf(n.Values[i], consts); ok {
							consts[name.Name] = s
						}
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					id, ok := lhs.(*ast.Ident)
					if !ok || i >= len(n.Rhs) && len(n.Rhs) != 1 {
						continue
					}
					rhs := n.Rhs[min(i, len(n.Rhs)-1)]
					if s, ok := stringOf(rhs, consts); ok && len(n.Rhs) == len(n.Lhs) {
						consts[id.Name] = s
					}
					// p, err := ParseProfile("test.yaml", []byte(`...`))
					if call, ok := rhs.(*ast.CallExpr); ok && i == 0 {
						if sel, ok := call.Fun.(*ast.Ident); ok && sel.Name == "ParseProfile" && len(call.Args) == 2 {
							if conv, ok := call.Args[1].(*ast.CallExpr); ok && len(conv.Args) == 1 {
								if y, ok := stringOf(conv.Args[0], consts); ok {
									p, err := transform.ParseProfile(fn.Name.Name+".yaml", []byte(y))
									require.NoError(t, err)
									profiles[id.Name] = p
								}
							}
						}
					}
				}
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); !ok || id.Name != "runQueryCases" || len(n.Args) != 3 {
					return true
				}
				var p *transform.Profile
				switch arg := n.Args[1].(type) {
				case *ast.CallExpr:
					p, err = transform.Builtin(transform.DefaultProfile)
					require.NoError(t, err)
				case *ast.Ident:
					p = profiles[arg.Name]
				}
				require.NotNil(t, p, "%s: the profile of runQueryCases", fn.Name.Name)
				lit, ok := n.Args[2].(*ast.CompositeLit)
				require.True(t, ok)
				for _, e := range lit.Elts {
					qc, ok := e.(*ast.CompositeLit)
					require.True(t, ok)
					require.GreaterOrEqual(t, len(qc.Elts), 2)
					name, ok1 := stringOf(qc.Elts[0], consts)
					query, ok2 := stringOf(qc.Elts[1], consts)
					require.True(t, ok1 && ok2, "%s: a case whose strings cannot be read", fset.Position(qc.Pos()))
					out = append(out, passCase{fn.Name.Name, name, query, p})
				}
			}
			return true
		})
	}
	return out
}

// stringOf evaluates a string constant expression: literals, names of
// constants, and their concatenation.
func stringOf(x ast.Expr, consts map[string]string) (string, bool) {
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.Ident:
		s, ok := consts[x.Name]
		return s, ok
	case *ast.ParenExpr:
		return stringOf(x.X, consts)
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok1 := stringOf(x.X, consts)
		b, ok2 := stringOf(x.Y, consts)
		return a + b, ok1 && ok2
	}
	return "", false
}

// TestPassCasesVerify: every query case of the transform's pass tests that
// converts is verified on data.
func TestPassCasesVerify(t *testing.T) {
	cases := passCases(t)
	require.GreaterOrEqual(t, len(cases), 40, "the pass tests' query cases")
	verified := 0
	for _, pc := range cases {
		t.Run(pc.test+"/"+pc.name, func(t *testing.T) {
			c, res := convertQuery(t, pc.query, pc.profile)
			if res.Status != transform.Converted {
				t.Skipf("%s: %s", res.Status, res.Reason)
			}
			vr := verifyRule(t, c, pc.profile, Options{})
			if vr.Outcome == Unverifiable && len(pc.profile.Predicates)+len(pc.profile.Columns.Expressions) > 0 {
				// The profile of TestColumnAndTableMaps has predicates and
				// column expressions, and no event mapping.
				assert.Contains(t, vr.Reason, "declare how events map")
				return
			}
			if !assert.Equal(t, Verified, vr.Outcome) {
				var b strings.Builder
				_ = vr.WriteText(&b)
				t.Logf("%s\n%s", pc.query, b.String())
				return
			}
			verified++
		})
	}
	assert.GreaterOrEqual(t, verified, 35)
}

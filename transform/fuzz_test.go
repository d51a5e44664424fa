package transform

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/rules"
)

// FuzzConvertQuery converts arbitrary queries with the built-in profile and
// with the AZKVAuditLogs example profile: a conversion never panics, and
// whenever the input parses, the output parses too.
func FuzzConvertQuery(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(keyVaultDir, "*.yaml"))
	for _, path := range paths {
		if rf, err := rules.Load(path); err == nil {
			if r, err := rf.Rule(); err == nil {
				f.Add(r.Query())
			}
		}
	}
	f.Add(`AzureDiagnostics | where ResourceType == "VAULTS" | where OperationName in~ ("SecretGet") or x | extend y = iff(OperationName startswith "Vault", 1, 2)`)
	f.Add("let a = dynamic([\"VaultGet\"]);\nunion (AzureDiagnostics | where ResourceType =~ 'vaults' and OperationName in (a)), T")
	builtinProfile, err := Builtin(DefaultProfile)
	if err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile("../examples/azkvauditlogs/profile.yaml")
	if err != nil {
		f.Fatal(err)
	}
	example, err := ParseProfile("profile.yaml", data)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := kql.Parse(src); err != nil {
			return
		}
		for _, p := range []*Profile{builtinProfile, example} {
			res, err := ConvertQuery(src, p)
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			if _, err := kql.Parse(res.Text); err != nil {
				t.Fatalf("%s: the output does not parse: %v\n%s", p.Name, err, res.Text)
			}
		}
	})
}

// FuzzParseProfile parses arbitrary profile YAML: it never panics, and
// every error names the file with a line and column.
func FuzzParseProfile(f *testing.F) {
	for _, name := range BuiltinNames() {
		p, err := Builtin(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(p.Source()))
	}
	if data, err := os.ReadFile("../examples/azkvauditlogs/profile.yaml"); err == nil {
		f.Add(string(data))
	}
	f.Add("name: x\nscope: {column: [c], values: v}\nvalues: {a: b}\nunknown: 1")
	f.Add("name: x\nscope: {column: c, values: [v]}\npredicates: [{column: c, values: [v], replace: 'a =='}]\nmetadata: {name: [{replace: ''}]}")
	f.Add("a: &a [*a]\nname: *a")
	f.Fuzz(func(t *testing.T, src string) {
		_, err := ParseProfile("p.yaml", []byte(src))
		if err == nil {
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !profileErrorRE.MatchString(line) {
				t.Fatalf("an error without line:col: %q", line)
			}
		}
	})
}

var profileErrorRE = regexp.MustCompile(`^p\.yaml:\d+:\d+: `)

// Command azkvauditlogs converts Azure Key Vault rules with a profile of
// its own, profile.yaml beside this file: it retargets the rules to Managed
// HSM audit events in the resource-specific table AZKVAuditLogs, which has
// other column names than AzureDiagnostics and no ResourceType column. It
// shows that a profile is plain YAML that a program can embed (or read from
// anywhere) and hand to transform.Convert, and that kqlt convert --profile
// takes the same file.
//
//	go run ./examples/azkvauditlogs testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml
//
// prints each rule's converted query; -yaml prints the whole converted rule.
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

//go:embed profile.yaml
var profileYAML []byte

func main() {
	showYAML := flag.Bool("yaml", false, "print the whole converted rule, not only its query")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: azkvauditlogs [-yaml] RULE.yaml...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Args(), *showYAML, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "azkvauditlogs:", err)
		os.Exit(1)
	}
}

// Profile returns the example's profile.
func Profile() (*transform.Profile, error) {
	return transform.ParseProfile("profile.yaml", profileYAML)
}

// Convert converts the rule file at path with the example's profile.
func Convert(path string) (*transform.Result, error) {
	p, err := Profile()
	if err != nil {
		return nil, err
	}
	f, err := rules.Load(path)
	if err != nil {
		return nil, err
	}
	return transform.Convert(f, p)
}

func run(paths []string, showYAML bool, out io.Writer) error {
	for _, path := range paths {
		res, err := Convert(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "# %s: %s\n", path, res.Status)
		switch {
		case res.Status != transform.Converted:
			fmt.Fprintf(out, "# %s\n", res.Reason)
		case showYAML:
			out.Write(res.Output.Bytes())
		default:
			r, err := res.Output.Rule()
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "# %s\n%s", r.Name(), r.Query())
		}
	}
	return nil
}

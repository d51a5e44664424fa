// Command convertrule converts one Sentinel rule with the built-in profile
// (Azure Key Vault to Azure Key Vault Managed HSM) and prints the change
// report: each edit with its place in the source file and the profile entry
// that caused it. With -yaml it also prints the converted rule.
//
//	go run ./examples/convertrule testdata/rules/keyvault/KeyVaultSensitiveOperations.yaml
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kqlt/kqlt/rules"
	"github.com/kqlt/kqlt/transform"
)

func main() {
	showYAML := flag.Bool("yaml", false, "also print the converted rule")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: convertrule [-yaml] RULE.yaml")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *showYAML, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "convertrule:", err)
		os.Exit(1)
	}
}

func run(path string, showYAML bool, out io.Writer) error {
	profile, err := transform.Builtin(transform.DefaultProfile)
	if err != nil {
		return err
	}
	f, err := rules.Load(path)
	if err != nil {
		return err
	}
	res, err := transform.Convert(f, profile)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %s\n", res.File, res.Status)
	if res.Status != transform.Converted {
		fmt.Fprintf(out, "  %s\n", res.Reason)
		return nil
	}
	fmt.Fprintf(out, "  %s (%s)\n  -> %s (%s)\n", res.SourceName, res.SourceID, res.Name, res.ID)
	fmt.Fprintf(out, "changes:\n")
	for _, c := range res.Changes {
		fmt.Fprintf(out, "  %s\n", c)
	}
	if len(res.Notes) > 0 {
		fmt.Fprintf(out, "notes:\n")
		for _, n := range res.Notes {
			fmt.Fprintf(out, "  %s\n", n)
		}
	}
	if showYAML {
		fmt.Fprintf(out, "---\n%s", res.Output.Bytes())
	}
	return nil
}

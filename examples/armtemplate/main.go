// Command armtemplate writes one deployable ARM template holding every rule
// in a folder (analytic rules and hunting queries; other YAML files are
// skipped), as the Sentinel portal would export them.
//
//	go run ./examples/armtemplate testdata/rules/keyvault > keyvault.json
//	az deployment group create -g RG --template-file keyvault.json --parameters workspace=WS
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kqlt/kqlt/rules"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: armtemplate FOLDER")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "armtemplate:", err)
		os.Exit(1)
	}
}

// run writes the template of the rules in dir (not its subfolders) to out,
// and says on log which files it skipped.
func run(dir string, out, log io.Writer) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var files []*rules.File
	for _, name := range names {
		f, err := rules.Load(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if f.Class() == rules.NotARule {
			fmt.Fprintf(log, "skipped %s: %s\n", f.Name(), f.Reason())
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return fmt.Errorf("no rules in %s", dir)
	}
	tmpl, err := rules.ARMTemplate(files, rules.ARMOptions{})
	if err != nil {
		return err
	}
	_, err = out.Write(tmpl)
	return err
}

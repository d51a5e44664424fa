// Command kqlt parses, formats, validates and converts KQL detection rules:
// Microsoft Sentinel rule YAML and .kql files. Its main job is converting
// Azure Key Vault rules to Azure Key Vault Managed HSM rules, a whole rule
// repository at a time.
//
// Run kqlt --help for the commands, and kqlt COMMAND --help for examples.
//
// Exit codes: 0 success; 1 findings, failed checks, or some files could not
// be handled; 2 usage error, or nothing could be read.
package main

import "os"

func main() {
	os.Exit(newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv).run(os.Args[1:]))
}

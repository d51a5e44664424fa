package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/transform"
)

func (a *app) profileCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "Show conversion profiles",
		Long: `A conversion profile says declaratively what kqlt convert does: which rules it
applies to, which values it retargets, which operations the target lacks, how
columns and tables map, and how the rule's name, description and id change.
kqlt has built-in profiles; write your own in the same YAML format and pass the
file to convert --profile. The README describes the format.`,
		Example: `  # The built-in profiles
  kqlt profile list

  # The default profile, as YAML: a starting point for your own
  kqlt profile show > my-profile.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(a.profileListCommand(), a.profileShowCommand())
	return cmd
}

func (a *app) profileListCommand() *cobra.Command {
	var format *formatFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the built-in profiles",
		Example: `  kqlt profile list
  kqlt profile list --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := format.get(cmd)
			if err != nil {
				return err
			}
			type entry struct {
				Name        string `json:"name"`
				Default     bool   `json:"default"`
				Description string `json:"description"`
			}
			var list []entry
			for _, name := range transform.BuiltinNames() {
				p, err := transform.Builtin(name)
				if err != nil {
					return &exitError{code: exitFail, err: err}
				}
				list = append(list, entry{name, name == transform.DefaultProfile, strings.Join(strings.Fields(p.Description), " ")})
			}
			if f == "json" {
				return writeJSON(a.stdout, list)
			}
			for _, e := range list {
				def := ""
				if e.Default {
					def = " (default)"
				}
				fmt.Fprintf(a.stdout, "%s%s\n    %s\n", e.Name, def, e.Description)
			}
			return nil
		},
	}
	format = addFormatFlags(cmd, "text", "json")
	return cmd
}

func (a *app) profileShowCommand() *cobra.Command {
	var format *formatFlags
	cmd := &cobra.Command{
		Use:   "show [NAME|FILE]",
		Short: "Print a profile (the default one without NAME)",
		Long: `Show prints a profile as YAML: a built-in profile by name (the default profile,
` + transform.DefaultProfile + `, without NAME), or a profile file, after checking
it. With --json it prints the profile as JSON.`,
		Example: `  kqlt profile show
  kqlt profile show ` + transform.DefaultProfile + ` --json
  kqlt profile show my-profile.yaml   # check a profile of your own`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return transform.BuiltinNames(), cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := format.get(cmd)
			if err != nil {
				return err
			}
			name := transform.DefaultProfile
			if len(args) > 0 {
				name = args[0]
			}
			p, err := transform.LoadProfileLimit(name, a.metaLimit())
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			src := p.Source()
			if f == "json" {
				var doc yaml.Node
				if err := yaml.Unmarshal(src, &doc); err != nil {
					return &exitError{code: exitFail, err: err}
				}
				return writeJSON(a.stdout, yamlToJSON(&doc))
			}
			_, err = a.stdout.Write(src)
			return err
		},
	}
	format = addFormatFlags(cmd, "text", "json")
	a.addMaxInputFlag(cmd)
	return cmd
}

// yamlToJSON returns the YAML document n as JSON values, keeping the order
// of mapping keys.
func yamlToJSON(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return yamlToJSON(n.Content[0])
	case yaml.MappingNode:
		obj := jsonObject{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			obj = append(obj, jsonField{n.Content[i].Value, yamlToJSON(n.Content[i+1])})
		}
		return obj
	case yaml.SequenceNode:
		arr := make([]any, len(n.Content))
		for i, c := range n.Content {
			arr[i] = yamlToJSON(c)
		}
		return arr
	case yaml.AliasNode:
		return yamlToJSON(n.Alias)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	return v
}

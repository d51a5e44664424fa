package main

import (
	"github.com/spf13/cobra"

	"github.com/kqlt/kqlt/kql/eval"
	"github.com/kqlt/kqlt/kql/schema"
	"github.com/kqlt/kqlt/kql/types"
)

// schemaFlags are the flags that say which tables and workspace functions
// queries are checked (and sample data typed) against.
type schemaFlags struct {
	paths   []string
	builtin bool
}

// schemaHelp is the paragraph of the help texts about schemas.
const schemaHelp = `Schemas: the built-in schema holds the tables of Microsoft Sentinel (733, as
Microsoft's table reference and the Azure-Sentinel CI know them) and the workspace
functions every workspace has (_GetWatchlist, the ASIM parsers). --schema adds
your own, in the order given: a {"Table": {"Column": "type"}} JSON file, an
Azure-Sentinel CustomTables or CustomFunctions file, or a folder of them. A later
schema adds columns to a table an earlier one defines, and its types win.
--builtin-schema=false leaves the built-in schema out. A schema file that cannot
be loaded is exit 2.`

func addSchemaFlags(cmd *cobra.Command) *schemaFlags {
	s := &schemaFlags{}
	cmd.Flags().StringArrayVar(&s.paths, "schema", nil, "a schema: a {Table: {Column: type}} JSON file, an Azure-Sentinel CustomTables or CustomFunctions file, or a folder of them; repeat for more")
	cmd.Flags().BoolVar(&s.builtin, "builtin-schema", true, "use the built-in Microsoft Sentinel schema under the --schema files")
	return s
}

// load loads the schema of the flags; see loadSchemas.
func (s *schemaFlags) load(a *app) (*schema.Set, error) {
	return a.loadSchemas(s.builtin, "", nil, s.paths)
}

// loadWithConfig loads the schema of the flags under a .kqlt.yaml (cfg,
// nil when there is none): the configuration's schema files come before
// the flags' own, and its builtinSchema holds unless --builtin-schema is
// given.
func (s *schemaFlags) loadWithConfig(a *app, cmd *cobra.Command, cfg *config) (*schema.Set, error) {
	if cfg == nil {
		return s.load(a)
	}
	builtin := s.builtin
	if cfg.builtinSchema != nil && !cmd.Flags().Changed("builtin-schema") {
		builtin = *cfg.builtinSchema
	}
	return a.loadSchemas(builtin, cfg.dir, cfg.schema, s.paths)
}

// loadSchemas loads the schema a command checks against: the built-in one
// (unless builtin is false), then configPaths, relative to configDir (the
// folder of the configuration file that lists them), then flagPaths,
// relative to the working directory. It prints the warnings on stderr. A
// schema that cannot be loaded is a usage error (exit 2) after its errors
// are printed, one per line.
func (a *app) loadSchemas(builtin bool, configDir string, configPaths, flagPaths []string) (*schema.Set, error) {
	var db *schema.Set // the top layer so far
	var base types.Database
	if builtin {
		db = schema.Default()
		base = db
	}
	for _, layer := range []struct {
		dir   string
		paths []string
	}{{configDir, configPaths}, {"", flagPaths}} {
		if len(layer.paths) == 0 {
			continue
		}
		set, warns, err := (&schema.Loader{Base: base, Dir: layer.dir, MaxFileSize: a.maxInput}).Load(layer.paths...)
		for _, w := range warns {
			a.errorf("warning: %s", w)
		}
		if err != nil {
			for _, e := range splitJoined(err) {
				a.errorf("schema: %v", e)
			}
			return nil, failed(exitUsage)
		}
		base, db = set, set
	}
	if db == nil {
		// No schema at all: an empty database, so that names resolve to
		// nothing rather than a nil interface.
		db, _, _ = (&schema.Loader{}).Load()
	}
	return db, nil
}

// splitJoined returns the errors errors.Join joined, or err alone.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// evalSchema returns the columns db declares for the sample tables named
// in files, as the evaluator takes them. Columns of a type the evaluator
// does not support (decimal) are left for it to infer.
func evalSchema(db types.Database, files map[string]string) eval.Schema {
	if db == nil {
		return nil
	}
	out := eval.Schema{}
	for name := range files {
		t := db.Table(name)
		if t == nil {
			continue
		}
		var cols []eval.Column
		for _, c := range t.Columns {
			typ, err := eval.ParseType(c.Type.String())
			if err != nil {
				continue
			}
			cols = append(cols, eval.Column{Name: c.Name, Type: typ})
		}
		out[name] = cols
	}
	return out
}

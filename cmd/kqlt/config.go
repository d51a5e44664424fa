package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/kqlt/kqlt/rules"
)

// configName is the name of kqlt's configuration file. The nearest one
// upward from an input file holds the settings for it; paths in it are
// relative to its folder. See the README ("Configuration").
const configName = ".kqlt.yaml"

// configHelp is the paragraph of the help texts about .kqlt.yaml.
const configHelp = `Configuration: the nearest .kqlt.yaml upward from each input file holds its
settings (checks to disable or enable, severities, schema files, the profile,
the durations style); paths in it are relative to its folder, and flags win
over it. A .kqlt.yaml that cannot be read is exit 2, with its position.`

// config is one .kqlt.yaml.
//
//	checks:
//	  disable: [SR012, SR016]     # checks that do not apply here
//	  enable: []                  # checks to turn back on
//	severity:                     # a check's findings at another severity
//	  SR002: warning              #   error, warning or note
//	durations: iso8601            # ci (5m, 1h, 1d: the default), iso8601 (PT1H), any
//	schema: [schemas/CustomTables, custom.json]   # relative to this file's folder
//	builtinSchema: true           # the built-in Sentinel schema under them
//	profile: profiles/mine.yaml   # convert's profile: a built-in name or a file
type config struct {
	path string // the file
	dir  string // its folder

	disable, enable []string
	severity        map[string]rules.Severity
	durations       rules.DurationStyle
	schema          []string // as written, relative to dir
	builtinSchema   *bool
	profile         string // a built-in name, or a path resolved against dir
}

// configError is a problem in a .kqlt.yaml, at a position.
type configError struct {
	path      string
	line, col int
	msg       string
}

func (e *configError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.path, e.line, e.col, e.msg)
	}
	return e.path + ": " + e.msg
}

// parseConfig reads a .kqlt.yaml. Unknown keys, unknown check codes and
// values of the wrong kind are errors with their position.
func parseConfig(path string, data []byte) (*config, error) {
	c := &config{path: path, dir: filepath.Dir(path), severity: map[string]rules.Severity{}}
	bad := func(n *yaml.Node, format string, args ...any) error {
		e := &configError{path: path, msg: fmt.Sprintf(format, args...)}
		if n != nil {
			e.line, e.col = n.Line, n.Column
		}
		return e
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file: the defaults
		}
		return nil, yamlConfigError(path, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		return nil, bad(&more, "a .kqlt.yaml holds one YAML document")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, bad(root, "want a mapping of settings (checks, severity, durations, schema, builtinSchema, profile)")
	}
	known := knownCodes()
	code := func(n *yaml.Node) (string, error) {
		if n.Kind != yaml.ScalarNode {
			return "", bad(n, "want a check code such as SR012")
		}
		v := strings.ToUpper(strings.TrimSpace(n.Value))
		if v == "" {
			return "", nil
		}
		if !known[v] {
			return "", bad(n, "unknown check %q (kqlt validate --list-checks lists them)", n.Value)
		}
		return v, nil
	}
	codeList := func(n *yaml.Node) ([]string, error) {
		var items []*yaml.Node
		switch n.Kind {
		case yaml.SequenceNode:
			items = n.Content
		case yaml.ScalarNode:
			if n.Tag == "!!null" {
				return nil, nil
			}
			items = []*yaml.Node{n}
		default:
			return nil, bad(n, "want a list of check codes")
		}
		var out []string
		for _, it := range items {
			if it.Kind != yaml.ScalarNode {
				return nil, bad(it, "want a check code such as SR012")
			}
			// "SR012, SR016": codes separated by commas, each at its
			// column (exact for a plain scalar on one line).
			off := 0
			for _, part := range strings.Split(it.Value, ",") {
				lead := len(part) - len(strings.TrimLeft(part, " \t"))
				c, err := code(&yaml.Node{Kind: yaml.ScalarNode, Value: strings.TrimSpace(part), Line: it.Line, Column: it.Column + off + lead})
				if err != nil {
					return nil, err
				}
				if c != "" {
					out = append(out, c)
				}
				off += len(part) + 1
			}
		}
		return out, nil
	}
	scalar := func(n *yaml.Node, what string) (string, error) {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			return "", bad(n, "want %s", what)
		}
		return n.Value, nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, bad(k, "%s is given twice", k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "checks":
			if v.Kind != yaml.MappingNode {
				return nil, bad(v, "want a mapping with disable and enable")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				list, err := codeList(cv)
				if err != nil {
					return nil, err
				}
				switch ck.Value {
				case "disable":
					c.disable = list
				case "enable":
					c.enable = list
				default:
					return nil, bad(ck, "unknown key checks.%s (want disable or enable)", ck.Value)
				}
			}
		case "severity":
			if v.Kind != yaml.MappingNode {
				return nil, bad(v, "want a mapping of check codes to error, warning or note")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				code, err := code(v.Content[j])
				if err != nil {
					return nil, err
				}
				s, err := scalar(v.Content[j+1], "error, warning or note")
				if err != nil {
					return nil, err
				}
				sev, ok := parseSeverity(s)
				if !ok {
					return nil, bad(v.Content[j+1], "severity %q: want error, warning or note", s)
				}
				c.severity[code] = sev
			}
		case "durations":
			s, err := scalar(v, "ci, iso8601 or any")
			if err != nil {
				return nil, err
			}
			d, ok := parseDurationStyle(s)
			if !ok {
				return nil, bad(v, "durations %q: want ci (5m, 1h, 1d), iso8601 (PT1H, P1D) or any", s)
			}
			c.durations = d
		case "schema":
			var items []*yaml.Node
			switch {
			case v.Kind == yaml.SequenceNode:
				items = v.Content
			case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
				items = []*yaml.Node{v}
			default:
				return nil, bad(v, "want a list of schema files or folders")
			}
			for _, it := range items {
				s, err := scalar(it, "a schema file or folder")
				if err != nil {
					return nil, err
				}
				c.schema = append(c.schema, s)
			}
		case "builtinSchema":
			var b bool
			if err := v.Decode(&b); err != nil || v.Kind != yaml.ScalarNode {
				return nil, bad(v, "want true or false")
			}
			c.builtinSchema = &b
		case "profile":
			s, err := scalar(v, "a built-in profile name or a profile file")
			if err != nil {
				return nil, err
			}
			if strings.ContainsAny(s, `/\.`) && !filepath.IsAbs(s) {
				s = filepath.Join(c.dir, s)
			}
			c.profile = s
		default:
			return nil, bad(k, "unknown key %q (want checks, severity, durations, schema, builtinSchema or profile)", k.Value)
		}
	}
	return c, nil
}

// yamlConfigError turns a YAML syntax error ("yaml: line 3: ...") into a
// configError with its line.
func yamlConfigError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		if i := strings.Index(msg, ":"); i >= 0 {
			msg = strings.TrimSpace(msg[i+1:])
		}
		return &configError{path: path, line: line, col: 1, msg: msg}
	}
	return &configError{path: path, msg: msg}
}

func parseSeverity(s string) (rules.Severity, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return rules.SeverityError, true
	case "warning":
		return rules.SeverityWarning, true
	case "note", "info":
		return rules.SeverityInfo, true
	}
	return 0, false
}

func parseDurationStyle(s string) (rules.DurationStyle, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ci", "sentinel":
		return rules.DurationsCI, true
	case "iso8601", "iso":
		return rules.DurationsISO8601, true
	case "any":
		return rules.DurationsAny, true
	}
	return 0, false
}

// knownCodes returns the codes of validate's checks.
func knownCodes() map[string]bool {
	m := map[string]bool{}
	for _, c := range allChecks() {
		m[c.Code] = true
	}
	return m
}

// configs finds and caches the .kqlt.yaml of each folder.
type configs struct {
	mu    sync.Mutex
	byDir map[string]*config // nil: no configuration up from there
	errs  map[string]error
}

func newConfigs() *configs {
	return &configs{byDir: map[string]*config{}, errs: map[string]error{}}
}

// forFile returns the configuration of the input file path: the nearest
// .kqlt.yaml in its folder or a folder above; nil when there is none.
func (cs *configs) forFile(path string) (*config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil
	}
	return cs.forDir(filepath.Dir(abs))
}

func (cs *configs) forDir(dir string) (*config, error) {
	cs.mu.Lock()
	if c, ok := cs.byDir[dir]; ok {
		err := cs.errs[dir]
		cs.mu.Unlock()
		return c, err
	}
	cs.mu.Unlock()
	var c *config
	var err error
	p := filepath.Join(dir, configName)
	fi, statErr := os.Stat(p)
	switch {
	case statErr == nil && fi.Mode().IsRegular():
		var data []byte
		if data, err = os.ReadFile(p); err == nil {
			c, err = parseConfig(relToCwd(p), data)
		} else {
			err = &configError{path: relToCwd(p), msg: describeFSError(p, err).Error()}
		}
	case statErr == nil:
		err = &configError{path: relToCwd(p), msg: "not a regular file"}
	case !errors.Is(statErr, fs.ErrNotExist):
		err = &configError{path: relToCwd(p), msg: describeFSError(p, statErr).Error()}
	default:
		if parent := filepath.Dir(dir); parent != dir {
			c, err = cs.forDir(parent)
		}
	}
	cs.mu.Lock()
	cs.byDir[dir], cs.errs[dir] = c, err
	cs.mu.Unlock()
	return c, err
}

// forPaths returns the configuration of PATH arguments (a folder's own, a
// file's folder's): they must agree on what convert uses.
func (cs *configs) forPaths(paths []string) (*config, error) {
	var first *config
	for i, p := range paths {
		var c *config
		var err error
		if fi, statErr := os.Stat(p); statErr == nil && fi.IsDir() {
			abs, _ := filepath.Abs(p)
			c, err = cs.forDir(abs)
		} else {
			c, err = cs.forFile(p)
		}
		if err != nil {
			return nil, err
		}
		if i == 0 {
			first = c
		} else if c.convertSettings() != first.convertSettings() {
			return nil, usageError("%s and %s are under .kqlt.yaml files that ask for another profile or schema: convert them separately", displayPath(paths[0]), displayPath(p))
		}
	}
	return first, nil
}

// convertSettings sums up what convert takes from c, to compare.
func (c *config) convertSettings() string {
	if c == nil {
		return ""
	}
	builtin := ""
	if c.builtinSchema != nil {
		builtin = fmt.Sprint(*c.builtinSchema)
	}
	schemas := make([]string, len(c.schema))
	for i, s := range c.schema {
		if !filepath.IsAbs(s) {
			s = filepath.Join(c.dir, s)
		}
		schemas[i] = s
	}
	return strings.Join([]string{c.profile, builtin, strings.Join(schemas, "\x00")}, "\x01")
}

// relToCwd returns p relative to the working directory when it is below
// it, for messages.
func relToCwd(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(r) {
		return r
	}
	return p
}

// checkSettings are the checks and severities in force for a file: those
// of its .kqlt.yaml, then the flags.
type checkSettings struct {
	disabled  map[string]bool
	severity  map[string]rules.Severity
	durations rules.DurationStyle
}

// settings returns the check settings of c (nil: no .kqlt.yaml) under the
// --disable and --enable flags.
func settings(c *config, disable, enable []string) *checkSettings {
	s := &checkSettings{disabled: map[string]bool{}, severity: map[string]rules.Severity{}}
	if c != nil {
		for _, code := range c.disable {
			s.disabled[code] = true
		}
		for _, code := range c.enable {
			delete(s.disabled, code)
		}
		for code, sev := range c.severity {
			s.severity[code] = sev
		}
		s.durations = c.durations
	}
	for _, code := range disable {
		s.disabled[code] = true
	}
	for _, code := range enable {
		delete(s.disabled, code)
	}
	return s
}

// apply filters and adjusts a file's findings by the settings: findings of
// disabled checks go, and severities are overridden.
func (s *checkSettings) apply(fs []rules.Finding) []rules.Finding {
	out := fs[:0]
	for _, f := range fs {
		if s.disabled[f.Code] {
			continue
		}
		if sev, ok := s.severity[f.Code]; ok {
			f.Severity = sev
		}
		out = append(out, f)
	}
	return out
}

// parseCodeFlag reads a --disable or --enable value: codes separated by
// commas (the flag may repeat). An unknown code is a usage error.
func parseCodeFlag(flag string, values []string) ([]string, error) {
	known := knownCodes()
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			code := strings.ToUpper(strings.TrimSpace(part))
			if code == "" {
				continue
			}
			if !known[code] {
				return nil, usageError("%s %s: unknown check (kqlt validate --list-checks lists them)", flag, part)
			}
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	return out, nil
}

package main

import (
	"errors"

	"github.com/kqlt/kqlt/kql"
	"github.com/kqlt/kqlt/kql/types"
	"github.com/kqlt/kqlt/rules"
)

// validateKQL checks a .kql or .csl file: each of its queries must parse
// (SR010) and bind against db (the binder's SR2xx codes). Findings carry
// the file position and the field "query".
func validateKQL(path string, data []byte, db types.Database) []rules.Finding {
	var out []rules.Finding
	fqs, err := kql.ParseFile(string(data))
	var list kql.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			out = append(out, rules.Finding{Code: "SR010", Severity: rules.SeverityError, File: path,
				Pos: filePos(e.Pos), Field: "query", Message: "query: KQL syntax error: " + e.Msg})
		}
	} else if err != nil {
		out = append(out, rules.Finding{Code: "SR010", Severity: rules.SeverityError, File: path,
			Pos: rules.Position{Line: 1, Column: 1}, Field: "query", Message: "query: " + err.Error()})
	}
	conf := &types.Config{Database: db}
	for _, fq := range fqs {
		for _, d := range conf.Check(fq.Query, nil) {
			out = append(out, rules.Finding{Code: d.Code, Severity: findingSeverity(d.Severity), File: path,
				Pos: filePos(fq.Position(d.Pos)), Field: "query", Message: "query: " + d.Message})
		}
	}
	return out
}

func filePos(p kql.Position) rules.Position {
	return rules.Position{Offset: p.Offset, Line: p.Line, Column: p.Column}
}

func findingSeverity(s types.Severity) rules.Severity {
	switch s {
	case types.SeverityError:
		return rules.SeverityError
	case types.SeverityWarning:
		return rules.SeverityWarning
	}
	return rules.SeverityInfo
}

package main

import (
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kqlt/kqlt/rules"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the subset
// code-scanning services read.
type sarifDoc struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId,omitempty"`
		} `json:"artifactLocation"`
		Region *sarifRegion `json:"region,omitempty"`
	} `json:"physicalLocation"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "note"
}

// sarifLog returns the findings as a SARIF log. Columns are counted in
// UTF-16 code units, SARIF's default, from the files' text.
func sarifLog(files []validated, findings []rules.Finding) *sarifDoc {
	driver := sarifDriver{Name: "kqlt", InformationURI: "https://github.com/kqlt/kqlt", Version: version(), Rules: []sarifRule{}}
	index := map[string]int{}
	for _, c := range allChecks() {
		r := sarifRule{ID: c.Code, Name: c.Name, ShortDescription: sarifMessage{Text: c.Summary}}
		r.DefaultConfiguration.Level = sarifLevel(c.Severity)
		index[c.Code] = len(driver.Rules)
		driver.Rules = append(driver.Rules, r)
	}
	data := map[string][]byte{}
	for _, f := range files {
		data[f.path] = f.data
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	for _, f := range findings {
		i, ok := index[f.Code]
		if !ok { // a check this build does not list
			i = len(run.Tool.Driver.Rules)
			r := sarifRule{ID: f.Code, Name: f.Code, ShortDescription: sarifMessage{Text: f.Code}}
			r.DefaultConfiguration.Level = sarifLevel(f.Severity)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
			index[f.Code] = i
		}
		res := sarifResult{RuleID: f.Code, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifMessage{Text: f.Message}}
		var loc sarifLocation
		loc.PhysicalLocation.ArtifactLocation.URI, loc.PhysicalLocation.ArtifactLocation.URIBaseID = artifactURI(f.File)
		if f.Pos.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: utf16Column(data[f.File], f.Pos)}
		}
		res.Locations = []sarifLocation{loc}
		run.Results = append(run.Results, res)
	}
	return &sarifDoc{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
}

// artifactURI returns the URI of a file: relative paths are relative to the
// source root (%SRCROOT%), as code-scanning uploads expect.
func artifactURI(path string) (uri, base string) {
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x → /C:/x
		}
		return (&url.URL{Scheme: "file", Path: p}).String(), ""
	}
	p = strings.TrimPrefix(p, "./")
	return (&url.URL{Path: p}).EscapedPath(), "%SRCROOT%"
}

// utf16Column converts the byte column of pos to UTF-16 code units.
func utf16Column(data []byte, pos rules.Position) int {
	start := pos.Offset - (pos.Column - 1)
	if data == nil || start < 0 || pos.Offset > len(data) || pos.Column < 1 {
		return pos.Column
	}
	col := 1
	for b := data[start:pos.Offset]; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
		b = b[n:]
	}
	return col
}

// sortFindings sorts findings by file, position and code.
func sortFindings(fs []rules.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		return a.Code < b.Code
	})
}

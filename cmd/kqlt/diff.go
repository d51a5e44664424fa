package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// writeDiff writes a unified diff from a to b, with 3 lines of context, and
// colours it with pal. Nothing is written when a and b are equal.
func writeDiff(w io.Writer, a, b []byte, from, to string, pal palette) error {
	if bytes.Equal(a, b) {
		return nil
	}
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: splitLines(a), B: splitLines(b),
		FromFile: displayPath(from), ToFile: displayPath(to), // as git quotes them
		Context: 3,
	})
	if err != nil {
		return err
	}
	if !pal.on {
		_, err = io.WriteString(w, text)
		return err
	}
	var sb strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimRight(line, "\n")
		nl := line[len(body):]
		switch {
		case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"):
			sb.WriteString(pal.bold(body))
		case strings.HasPrefix(line, "@@"):
			sb.WriteString(pal.cyan(body))
		case strings.HasPrefix(line, "-"):
			sb.WriteString(pal.red(body))
		case strings.HasPrefix(line, "+"):
			sb.WriteString(pal.green(body))
		default:
			sb.WriteString(body)
		}
		sb.WriteString(nl)
	}
	_, err = io.WriteString(w, sb.String())
	return err
}

// splitLines splits text into lines that keep their line breaks; a last
// line without one gets one, as diff needs.
func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(b), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] += "\n"
	}
	return lines
}

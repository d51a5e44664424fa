package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Summary is one line about the result: the outcome, the cases and the
// thresholds covered, or the reason.
func (r *Result) Summary() string {
	switch r.Outcome {
	case Unverifiable:
		return "unverifiable: " + r.Reason
	case Disagrees:
		return "disagrees: " + r.Reason
	}
	s := fmt.Sprintf("verified: %d %s", len(r.Cases), plural(len(r.Cases), "case", "cases"))
	if len(r.Thresholds) > 0 {
		var parts []string
		for _, t := range r.Thresholds {
			parts = append(parts, t.String())
		}
		s += "; thresholds: " + strings.Join(parts, ", ")
	}
	return s
}

// WriteText writes the result for a terminal: the summary, the notes and,
// for a disagreement, the counterexample.
func (r *Result) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(r.Summary())
	b.WriteString("\n")
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	if ce := r.Counterexample; ce != nil {
		ce.write(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (ce *Counterexample) write(b *strings.Builder) {
	n := len(ce.Events)
	if n == 0 {
		fmt.Fprintf(b, "  counterexample: no events are needed (case %q):\n", ce.Case)
	} else {
		fmt.Fprintf(b, "  counterexample: %d %s (shrunk from %d in case %q; removing any one makes the difference vanish):\n",
			n, plural(n, "event", "events"), ce.Shrunk, ce.Case)
	}
	for _, line := range eventLines(ce.Events) {
		fmt.Fprintf(b, "    %s\n", line)
	}
	if ce.Check == "mapped" {
		if len(ce.Mapped) > 0 {
			fmt.Fprintf(b, "  mapped to the target: %s\n", strings.Join(ce.Mapped, ", "))
		}
		fmt.Fprintf(b, "  original rule on these events: %s\n", ce.Original)
		fmt.Fprintf(b, "  converted rule on them mapped:  %s\n", ce.Converted)
	} else {
		fmt.Fprintf(b, "  converted rule without these source events: %s\n", ce.Original)
		fmt.Fprintf(b, "  converted rule on them, unmapped:           %s\n", ce.Converted)
	}
	for _, d := range ce.Differences {
		fmt.Fprintf(b, "  - %s\n", d)
	}
}

// eventLines writes events one per line as YAML flow mappings, runs of equal
// events once with their count.
func eventLines(events []Event) []string {
	var lines []string
	var last string
	count := 0
	flush := func() {
		if count == 0 {
			return
		}
		if count > 1 {
			lines = append(lines, fmt.Sprintf("%d× %s", count, last))
		} else {
			lines = append(lines, last)
		}
	}
	for _, e := range events {
		s := e.String()
		if s == last {
			count++
			continue
		}
		flush()
		last, count = s, 1
	}
	flush()
	return lines
}

// String writes the event as "Table: {Col: value, ...}".
func (e Event) String() string {
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, f.Name+": "+flowValue(f.Value))
	}
	return e.Table + ": {" + strings.Join(parts, ", ") + "}"
}

func flowValue(x any) string {
	switch x := x.(type) {
	case string:
		if x == "" || strings.ContainsAny(x, ":{}[],#&*!|>'\"%@`") || strings.TrimSpace(x) != x {
			b, _ := json.Marshal(x)
			return string(b)
		}
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case time.Duration:
		return x.String()
	case []any, map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	case nil:
		return "null"
	}
	return fmt.Sprint(x)
}

// CaseCounts returns how many cases of each kind the result has, for
// summaries: "base 1, value 12, threshold 4, ...".
func (r *Result) CaseCounts() string {
	counts := map[string]int{}
	for _, c := range r.Cases {
		counts[c.Kind]++
	}
	var kinds []string
	for k := range counts {
		kinds = append(kinds, k)
	}
	order := map[string]int{"base": 0, "empty": 1, "value": 2, "threshold": 3, "trigger": 4, "join": 5, "mixed": 6}
	sort.Slice(kinds, func(i, j int) bool { return order[kinds[i]] < order[kinds[j]] })
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}

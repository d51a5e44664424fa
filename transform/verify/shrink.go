package verify

import (
	"sort"

	"github.com/kqlt/kqlt/kql/eval"
)

// Shrinking a counterexample is bounded by rule runs, and by the events
// those runs read in all.
const (
	maxShrinkRuns   = 3000
	maxShrinkEvents = 2_000_000
)

// element is one source event of a case.
type element struct {
	table string
	rec   eval.Record
}

// shrink reduces a failing case to a 1-minimal counterexample: a subset of
// its events on which the rules still differ, such that removing any one
// event makes the difference vanish (delta debugging, Zeller and
// Hildebrandt's ddmin, then a last pass that removes single events).
func (v *verifier) shrink(c *Case) *Counterexample {
	var elems []element
	for _, t := range v.pl.tables {
		for _, r := range c.src[t] {
			elems = append(elems, element{t, r})
		}
	}
	mappedCheck := len(differences(c.Original, c.Converted)) > 0
	checkName := "mapped"
	if !mappedCheck {
		checkName = "unmapped"
	}
	build := func(idx []int) map[string][]eval.Record {
		src := map[string][]eval.Record{}
		for _, t := range v.pl.tables {
			src[t] = []eval.Record{}
		}
		for _, i := range idx {
			src[elems[i].table] = append(src[elems[i].table], elems[i].rec)
		}
		return src
	}
	runs, read := 0, 0
	fails := func(idx []int) bool {
		runs++
		read += len(idx)
		ch := v.evaluate(build(idx), !mappedCheck)
		if ch.fatal != "" {
			return false
		}
		if mappedCheck {
			return len(differences(ch.o, ch.c)) > 0
		}
		return len(differences(ch.b, ch.u)) > 0
	}
	all := make([]int, len(elems))
	for i := range all {
		all[i] = i
	}
	budget := func() bool { return runs < maxShrinkRuns && read < maxShrinkEvents }
	cur := ddmin(all, fails, budget)
	// 1-minimality: no single event can go.
	for changed := true; changed && budget(); {
		changed = false
		for i := 0; i < len(cur) && budget(); i++ {
			rest := append(append([]int{}, cur[:i]...), cur[i+1:]...)
			if fails(rest) {
				cur, changed = rest, true
				break
			}
		}
	}
	ch := v.evaluate(build(cur), true)
	ce := &Counterexample{Case: c.Name, Check: checkName, Shrunk: len(elems)}
	for _, i := range cur {
		e := Event{Table: elems[i].table}
		for _, f := range elems[i].rec {
			e.Fields = append(e.Fields, Field{Name: f.Name, Value: f.Value.(eval.Value).Interface()})
		}
		ce.Events = append(ce.Events, e)
		ce.elems = append(ce.elems, elems[i])
	}
	if mappedCheck {
		ce.Original, ce.Converted = ch.o, ch.c
		ce.Differences = differences(ch.o, ch.c)
	} else {
		ce.Original, ce.Converted = ch.b, ch.u
		ce.Differences = differences(ch.b, ch.u)
	}
	for from, to := range ch.dict {
		ce.Mapped = append(ce.Mapped, from+" → "+to)
	}
	sort.Strings(ce.Mapped)
	if !budget() {
		v.res.Notes = append(v.res.Notes, "shrinking stopped after its bound of rule runs: the counterexample may not be minimal")
	}
	return ce
}

// ddmin returns a subset of set on which fails holds and that is
// 1-minimal when ddmin reaches the granularity of single elements (Zeller
// and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input",
// 2002): it tries each of n chunks, then each complement, and doubles n
// when neither fails. more tells whether the budget allows another test.
func ddmin(set []int, fails func([]int) bool, more func() bool) []int {
	cur := set
	n := 2
	for len(cur) >= 2 && more() {
		chunks := split(cur, n)
		reduced := false
		for _, ch := range chunks {
			if !more() {
				return cur
			}
			if fails(ch) {
				cur, n, reduced = ch, 2, true
				break
			}
		}
		// With two chunks the complements are the chunks themselves.
		for i := 0; !reduced && n > 2 && i < len(chunks); i++ {
			if !more() {
				return cur
			}
			if comp := complement(chunks, i); fails(comp) {
				cur, n, reduced = comp, max(n-1, 2), true
			}
		}
		if !reduced {
			if n >= len(cur) {
				break
			}
			n = min(2*n, len(cur))
		}
	}
	return cur
}

func split(xs []int, n int) [][]int {
	var out [][]int
	size := len(xs) / n
	rem := len(xs) % n
	start := 0
	for i := 0; i < n; i++ {
		end := start + size
		if i < rem {
			end++
		}
		if end > start {
			out = append(out, xs[start:end])
		}
		start = end
	}
	return out
}

func complement(chunks [][]int, skip int) []int {
	var out []int
	for i, ch := range chunks {
		if i != skip {
			out = append(out, ch...)
		}
	}
	return out
}

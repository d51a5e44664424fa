// Package verify proves conversions on data: it runs a rule and its
// conversion side by side on events generated from the query, and checks
// that converting the code and converting the data commute.
//
// The cases fall on both sides of every threshold the query compares an
// aggregate with: a count or a distinct count (the size of a group, its
// distinct values), the length of a make_set or make_list, and a sum,
// average, minimum or maximum of a numeric column (the values of the
// group's rows are set so that the aggregate is just below, at and just
// above the threshold); a threshold on a number computed from one such
// aggregate and constants is solved on the aggregate, with the evaluator.
// Result.Thresholds lists them, each covered or not, with the reason: the
// generator does not solve thresholds on values computed from several
// aggregates (a ratio) or compared with values computed at run time.
package verify

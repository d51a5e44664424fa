// Package verify proves conversions on data: it runs a rule and its
// conversion side by side on events generated from the query, and checks
// that converting the code and converting the data commute.
package verify

package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const day = 24 * time.Hour

// ciDuration parses a schedule duration the way the Azure-Sentinel CI does
// (ScheduledTemplateTimeSpanConverter): a .NET TimeSpan ("1.00:00:00",
// "01:00:00", or a bare number of days), else a whole number followed by
// m, h or d.
func ciDuration(s string) (time.Duration, bool) {
	if d, ok := timeSpan(s); ok {
		return d, true
	}
	if len(s) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s[:len(s)-1]))
	if err != nil || n < 0 || n > 1_000_000 {
		return 0, false
	}
	switch s[len(s)-1] {
	case 'm':
		return time.Duration(n) * time.Minute, true
	case 'h':
		return time.Duration(n) * time.Hour, true
	case 'd':
		return time.Duration(n) * day, true
	}
	return 0, false
}

var timeSpanRE = regexp.MustCompile(`^\s*(?:(\d{1,7})|(?:(\d{1,7})\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,7})?)?)\s*$`)

// timeSpan parses the .NET TimeSpan forms "d", "[d.]hh:mm[:ss[.fffffff]]".
func timeSpan(s string) (time.Duration, bool) {
	m := timeSpanRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	num := func(i int) int { n, _ := strconv.Atoi(m[i]); return n }
	if m[1] != "" {
		return time.Duration(num(1)) * day, true
	}
	h, mi, sec := num(3), num(4), num(5)
	if h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	return time.Duration(num(2))*day + time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second, true
}

var isoRE = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// isoDuration parses an ISO 8601 duration of days, hours, minutes and
// seconds ("P1D", "PT5H", "P1DT12H").
func isoDuration(s string) (time.Duration, bool) {
	m := isoRE.FindStringSubmatch(strings.ToUpper(s))
	if m == nil || s == "P" || strings.HasSuffix(strings.ToUpper(s), "T") {
		return 0, false
	}
	var d time.Duration
	for i, unit := range []time.Duration{day, time.Hour, time.Minute, time.Second} {
		if m[i+1] != "" {
			n, err := strconv.Atoi(m[i+1])
			if err != nil || n > 1_000_000 {
				return 0, false
			}
			d += time.Duration(n) * unit
		}
	}
	return d, true
}

// ParseDuration parses a duration in any form rule files use for
// queryFrequency, queryPeriod and suppressionDuration: "5m", "1h", "1d",
// ISO 8601 ("PT5H", "P1D"), or a .NET TimeSpan ("1.00:00:00").
func ParseDuration(s string) (time.Duration, bool) {
	if d, ok := ciDuration(s); ok {
		return d, true
	}
	return isoDuration(s)
}

// armDuration writes a rule duration as ISO 8601 for ARM, as Microsoft's
// tooling does: "1d" → "P1D", "5h" → "PT5H", "30m" → "PT30M" (the unit is
// kept: "24h" → "PT24H"); ISO 8601 passes through upper-cased; a TimeSpan
// is written in days, hours, minutes and seconds.
func armDuration(s string) (string, error) {
	t := strings.TrimSpace(s)
	if _, ok := isoDuration(t); ok {
		return strings.ToUpper(t), nil
	}
	if _, ok := timeSpan(t); !ok && len(t) >= 2 {
		if n, err := strconv.Atoi(t[:len(t)-1]); err == nil && n >= 0 {
			switch t[len(t)-1] {
			case 'd':
				return fmt.Sprintf("P%dD", n), nil
			case 'h':
				return fmt.Sprintf("PT%dH", n), nil
			case 'm':
				return fmt.Sprintf("PT%dM", n), nil
			}
		}
	}
	d, ok := ciDuration(t)
	if !ok {
		return "", fmt.Errorf("%q is not a duration (expected 5m, 1h, 1d or ISO 8601 such as PT5H)", s)
	}
	return isoFrom(d), nil
}

// isoFrom formats d as an ISO 8601 duration.
func isoFrom(d time.Duration) string {
	days, d := d/day, d%day
	h, d := d/time.Hour, d%time.Hour
	m, d := d/time.Minute, d%time.Minute
	sec := d / time.Second
	var b strings.Builder
	b.WriteString("P")
	if days > 0 {
		fmt.Fprintf(&b, "%dD", days)
	}
	if h > 0 || m > 0 || sec > 0 {
		b.WriteString("T")
		if h > 0 {
			fmt.Fprintf(&b, "%dH", h)
		}
		if m > 0 {
			fmt.Fprintf(&b, "%dM", m)
		}
		if sec > 0 {
			fmt.Fprintf(&b, "%dS", sec)
		}
	}
	if b.Len() == 1 {
		return "PT0S"
	}
	return b.String()
}

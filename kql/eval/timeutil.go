package eval

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Datetimes and timespans are counted in ticks of 100 ns, as in Kusto: a
// datetime is the number of ticks since 0001-01-01T00:00:00Z.
const (
	tick        = 100 * time.Nanosecond
	ticksPerSec = int64(time.Second / tick)
	ticksPerMin = 60 * ticksPerSec
	ticksPerHr  = 60 * ticksPerMin
	ticksPerDay = 24 * ticksPerHr
	unixEpoch   = int64(621355968000000000) // ticks at 1970-01-01T00:00:00Z
	minDateTime = int64(0)                  // 0001-01-01
	maxDateTime = int64(3155378975999999999)
)

// ticksOf converts a time to datetime ticks.
func ticksOf(t time.Time) int64 {
	return t.Unix()*ticksPerSec + int64(t.Nanosecond())/100 + unixEpoch
}

// timeOf converts datetime ticks to a UTC time.
func timeOf(ticks int64) time.Time {
	d := ticks - unixEpoch
	sec := floorDiv(d, ticksPerSec)
	rem := d - sec*ticksPerSec
	return time.Unix(sec, rem*100).UTC()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// formatDateTime formats datetime ticks as ISO 8601 in UTC:
// 2024-01-31T10:00:00Z, or 2024-01-31T10:00:00.1234567Z with a fraction.
func formatDateTime(ticks int64) string {
	t := timeOf(ticks)
	s := t.Format("2006-01-02T15:04:05")
	if frac := floorMod(ticks, ticksPerSec); frac != 0 {
		s += fmt.Sprintf(".%07d", frac)
	}
	return s + "Z"
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// formatTimespan formats ticks as .NET's constant TimeSpan format:
// [-][d.]hh:mm:ss[.fffffff].
func formatTimespan(ticks int64) string {
	var b strings.Builder
	u := uint64(ticks)
	if ticks < 0 {
		b.WriteByte('-')
		u = uint64(-ticks)
		if ticks == math.MinInt64 {
			u = uint64(math.MaxInt64) + 1
		}
	}
	days := u / uint64(ticksPerDay)
	u %= uint64(ticksPerDay)
	if days > 0 {
		fmt.Fprintf(&b, "%d.", days)
	}
	h := u / uint64(ticksPerHr)
	u %= uint64(ticksPerHr)
	m := u / uint64(ticksPerMin)
	u %= uint64(ticksPerMin)
	s := u / uint64(ticksPerSec)
	frac := u % uint64(ticksPerSec)
	fmt.Fprintf(&b, "%02d:%02d:%02d", h, m, s)
	if frac != 0 {
		fmt.Fprintf(&b, ".%07d", frac)
	}
	return b.String()
}

var isoDateRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2}|UTC|GMT)?$`)

// isISODateTime reports whether s is an ISO 8601 date or date and time, the
// form that type inference turns into datetime.
func isISODateTime(s string) bool {
	if len(s) < 8 || s[0] < '0' || s[0] > '9' {
		return false
	}
	_, ok := parseISO(s)
	return ok
}

func parseISO(s string) (int64, bool) {
	m := isoDateRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	num := func(i int) int {
		n, _ := strconv.Atoi(m[i])
		return n
	}
	y, mo, d := num(1), num(2), num(3)
	h, mi, sec := num(4), num(5), num(6)
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59 || y < 1 {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	ticks := ticksOf(t)
	if f := m[7]; f != "" {
		if len(f) > 7 {
			f = f[:7]
		}
		f += strings.Repeat("0", 7-len(f))
		n, _ := strconv.ParseInt(f, 10, 64)
		ticks += n
	}
	if z := m[8]; z != "" && z != "Z" && z != "z" && z != "UTC" && z != "GMT" {
		sign := int64(1)
		if z[0] == '-' {
			sign = -1
		}
		z = strings.ReplaceAll(z[1:], ":", "")
		hh, _ := strconv.Atoi(z[:2])
		mm, _ := strconv.Atoi(z[2:])
		ticks -= sign * (int64(hh)*ticksPerHr + int64(mm)*ticksPerMin)
	}
	return ticks, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// otherDateLayouts are the RFC 822 and RFC 850 forms todatetime() accepts.
var otherDateLayouts = []string{
	"Mon, 2 Jan 06 15:04:05 MST", "Mon, 2 Jan 06 15:04:05", "Mon, 2 Jan 06 15:04", "Mon, 2 Jan 06 15:04 MST",
	"2 Jan 06 15:04:05 MST", "2 Jan 06 15:04:05", "2 Jan 06 15:04", "2 Jan 06 15:04 MST",
	"Monday, 02-Jan-06 15:04:05 MST", "Monday, 02-Jan-06 15:04:05", "Monday, 02-Jan-06 15:04 MST", "Monday, 02-Jan-06 15:04",
	"02-Jan-06 15:04:05 MST", "02-Jan-06 15:04:05", "02-Jan-06 15:04 MST", "02-Jan-06 15:04",
	time.RFC1123, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 MST",
	"2006-1-2 15:04:05", "2006-1-2 15:04:05 MST", "2006-1-2 15:04", "2006-1-2T15:04:05", "2006-1-2T15:04",
	"01-02-2006", // todatetime's documentation compares '12-02-2022' forms
}

// parseDateTime parses the datetime forms KQL accepts: ISO 8601 (strongly
// preferred), RFC 822 and RFC 850. Times without a zone are UTC.
func parseDateTime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if t, ok := parseISO(s); ok {
		return t, true
	}
	for _, layout := range otherDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return ticksOf(t), true
		}
	}
	return 0, false
}

// timespanUnit returns the ticks in one unit named by a timespan suffix.
func timespanUnit(u string) (float64, bool) {
	switch u {
	case "d", "day", "days":
		return float64(ticksPerDay), true
	case "h", "hr", "hrs", "hour", "hours":
		return float64(ticksPerHr), true
	case "m", "min", "minute", "minutes":
		return float64(ticksPerMin), true
	case "s", "sec", "second", "seconds":
		return float64(ticksPerSec), true
	case "ms", "milli", "millis", "millisec", "millisecond", "milliseconds":
		return float64(ticksPerSec / 1000), true
	case "micro", "micros", "microsec", "microsecond", "microseconds":
		return 10, true
	case "nano", "nanos", "nanosec", "nanosecond", "nanoseconds":
		return 0.01, true
	case "tick", "ticks":
		return 1, true
	}
	return 0, false
}

var (
	numUnitRE  = regexp.MustCompile(`^([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*([a-zA-Z]+)$`)
	clockRE    = regexp.MustCompile(`^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$`)
	bareNumber = regexp.MustCompile(`^[+-]?\d+(?:\.\d+)?$`)
)

// parseTimespan parses a timespan: 1d, 1.5h, 10ms, [-][d.]hh:mm[:ss[.f]],
// "15 seconds", or a bare number of days.
func parseTimespan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if m := numUnitRE.FindStringSubmatch(s); m != nil {
		unit, ok := timespanUnit(m[2])
		if !ok {
			return 0, false
		}
		f, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return 0, false
		}
		return int64(math.Round(f * unit)), true
	}
	if m := clockRE.FindStringSubmatch(s); m != nil {
		num := func(i int) int64 {
			n, _ := strconv.ParseInt(m[i], 10, 64)
			return n
		}
		h, mi, sec := num(3), num(4), num(5)
		if h > 23 || mi > 59 || sec > 59 {
			return 0, false
		}
		t := num(2)*ticksPerDay + h*ticksPerHr + mi*ticksPerMin + sec*ticksPerSec
		if f := m[6]; f != "" {
			f += strings.Repeat("0", 7-len(f))
			n, _ := strconv.ParseInt(f, 10, 64)
			t += n
		}
		if m[1] == "-" {
			t = -t
		}
		return t, true
	}
	if bareNumber.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, false
		}
		return int64(math.Round(f * float64(ticksPerDay))), true
	}
	return 0, false
}

// parseGUID returns the canonical lower-case form of a GUID written with or
// without dashes and braces.
func parseGUID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(s, "}"), "{")
	hex := strings.ReplaceAll(s, "-", "")
	if len(hex) != 32 {
		return "", false
	}
	if len(s) == 36 && (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') {
		return "", false
	}
	if len(s) != 36 && len(s) != 32 {
		return "", false
	}
	for i := 0; i < 32; i++ {
		c := hex[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return "", false
		}
	}
	h := strings.ToLower(hex)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], true
}

package transform

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// replacePhrase replaces the phrase from with to in text, as whole words and
// ignoring case. The replacement takes the capitalisation of what it
// replaces: all lower-case, all upper-case, or a capital first letter. Text
// that already reads as to (because to extends from, as "Azure Key Vault
// Managed HSM" extends "Azure Key Vault") is left alone.
func replacePhrase(text, from, to string) (string, int) {
	if from == "" {
		return text, 0
	}
	lowerText, lowerFrom, lowerTo := strings.ToLower(text), strings.ToLower(from), strings.ToLower(to)
	extension := strings.Index(lowerTo, lowerFrom) // where from sits inside to, or -1
	var b strings.Builder
	n, last := 0, 0
	for i := 0; i+len(from) <= len(text); {
		k := strings.Index(lowerText[i:], lowerFrom)
		if k < 0 {
			break
		}
		start, end := i+k, i+k+len(from)
		i = start + 1
		if !wordBoundary(text, start) || !wordBoundary(text, end) {
			continue
		}
		if extension >= 0 && start-extension >= 0 && start-extension+len(to) <= len(text) &&
			lowerText[start-extension:start-extension+len(to)] == lowerTo {
			continue // already converted
		}
		b.WriteString(text[last:start])
		b.WriteString(matchCase(text[start:end], to))
		last, i = end, end
		n++
	}
	b.WriteString(text[last:])
	return b.String(), n
}

// wordBoundary reports whether offset i of s is not inside a word.
func wordBoundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	return !isWordByte(s[i-1]) || !isWordByte(s[i])
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// matchCase writes to in the capitalisation of matched.
func matchCase(matched, to string) string {
	switch {
	case matched == strings.ToLower(matched):
		return strings.ToLower(to)
	case matched == strings.ToUpper(matched) && len(matched) > 1:
		return strings.ToUpper(to)
	case unicode.IsUpper(rune(matched[0])) && to != "":
		return strings.ToUpper(to[:1]) + to[1:]
	}
	return to
}

// isOperationWord reports whether w looks like an operation name, such as
// VaultDelete: a capitalised word with a capital inside. Plain words such
// as "Vault" or "Secret" are prose, even where a drop pattern matches them.
func isOperationWord(w string) bool {
	if len(w) < 3 || !unicode.IsUpper(rune(w[0])) {
		return false
	}
	for i := 1; i < len(w); i++ {
		if unicode.IsUpper(rune(w[i])) {
			return true
		}
	}
	return false
}

// pruneEnumerations removes the operations the target lacks from lists of
// operation names in prose ("This includes: VaultDelete, KeyDelete,
// SecretDelete."), keeping the list's separators and final conjunction.
// It returns the new text and the names removed; a list of which nothing
// would be left is left alone and reported in left.
func pruneEnumerations(text string, p *Profile) (out string, removed, left []string) {
	var b strings.Builder
	i := 0
	for i < len(text) {
		items, seps, end := scanList(text, i)
		if len(items) < 2 {
			b.WriteByte(text[i])
			i++
			continue
		}
		var keep []string
		var dropped []string
		for _, it := range items {
			if ok, _ := p.dropped(it); ok && isOperationWord(it) {
				dropped = append(dropped, it)
			} else {
				keep = append(keep, it)
			}
		}
		switch {
		case len(dropped) == 0:
			b.WriteString(text[i:end])
		case len(keep) == 0:
			left = append(left, dropped...)
			b.WriteString(text[i:end])
		default:
			removed = append(removed, dropped...)
			b.WriteString(joinList(keep, seps))
		}
		i = end
	}
	return b.String(), removed, left
}

// scanList reads a list of words separated by commas or and/or, starting at
// i, where a word starts. It returns the words, the separators and where
// the list ends.
func scanList(text string, i int) (items, seps []string, end int) {
	if i > 0 && isWordByte(text[i-1]) {
		return nil, nil, i
	}
	for {
		j := i
		for j < len(text) && (isWordByte(text[j]) && text[j] != '_') {
			j++
		}
		if j == i {
			break
		}
		items = append(items, text[i:j])
		end = j
		sep := ""
		for _, s := range []string{", and ", ", or ", ", ", ",", " and ", " or "} {
			if strings.HasPrefix(text[j:], s) && j+len(s) < len(text) && isWordByte(text[j+len(s)]) {
				sep = s
				break
			}
		}
		if sep == "" {
			break
		}
		seps = append(seps, sep)
		i = j + len(sep)
	}
	if len(items) == 0 {
		return nil, nil, i
	}
	if len(seps) >= len(items) {
		seps = seps[:len(items)-1]
	}
	return items, seps, end
}

// joinList writes items with the separators of the original list: the
// first separator between the first items, and the original final
// separator before the last one.
func joinList(items, seps []string) string {
	if len(items) == 1 {
		return items[0]
	}
	mid, last := ", ", ", "
	if len(seps) > 0 {
		mid, last = seps[0], seps[len(seps)-1]
		if strings.Contains(mid, "and") || strings.Contains(mid, "or") {
			mid = ", "
		}
	}
	var b strings.Builder
	for k, it := range items {
		if k > 0 {
			if k == len(items)-1 {
				b.WriteString(last)
			} else {
				b.WriteString(mid)
			}
		}
		b.WriteString(it)
	}
	return b.String()
}

// appendProvenance adds line to a description. Azure-Sentinel descriptions
// are often written inside single quotes; the line then goes inside them.
func appendProvenance(desc, line string) string {
	body := strings.TrimRight(desc, "\n")
	trailer := desc[len(body):]
	if strings.HasPrefix(strings.TrimSpace(body), "'") && strings.HasSuffix(body, "'") && len(strings.TrimSpace(body)) > 1 {
		return body[:len(body)-1] + "\n" + line + "'" + trailer
	}
	if body == "" {
		return line + trailer
	}
	return body + "\n" + line + trailer
}

// maxNameLength is the longest rule name Sentinel takes, in UTF-16 code
// units.
const maxNameLength = 256

// showTarget appends suffix to name unless name already holds the
// suffix's words (" (Managed HSM)" holds "Managed HSM"), shortening name
// so that the result has at most max UTF-16 code units. It returns the
// new name and why it changed, or "" when it did not.
func showTarget(name, suffix string, max int) (string, string) {
	words := strings.Trim(suffix, " \t()[]-–—,:;")
	if words == "" || strings.Contains(strings.ToLower(name), strings.ToLower(words)) {
		return name, ""
	}
	room := max - utf16Len(suffix)
	base := strings.TrimRight(name, " \t")
	why := fmt.Sprintf("metadata.nameSuffix: the name did not name the target (%s)", words)
	if utf16Len(base) > room {
		base = strings.TrimRight(cutUTF16(base, room), " \t,;:-")
		why += fmt.Sprintf("; shortened to stay within %d characters", max)
	}
	return base + suffix, why
}

// utf16Len is the length of s in UTF-16 code units, as Sentinel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// cutUTF16 returns the longest prefix of s of at most n UTF-16 code units,
// cut between runes.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// expandTemplate replaces the {placeholders} of tmpl with vals. A
// placeholder whose value is empty leaves no trace: it goes with the words
// that lead to it since the last punctuation (", version {version}" goes
// whole; "(…)" left empty goes too), so that a rule without a version
// never reads "version .".
func expandTemplate(tmpl string, vals map[string]string) string {
	var b strings.Builder
	rest := tmpl
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			break
		}
		name := rest[open+1 : open+end]
		val, known := vals[name]
		if !known {
			b.WriteString(rest[:open+end+1])
			rest = rest[open+end+1:]
			continue
		}
		if val != "" {
			b.WriteString(rest[:open])
			b.WriteString(val)
			rest = rest[open+end+1:]
			continue
		}
		// Drop the placeholder and its lead-in: back to the last
		// punctuation written (a comma, semicolon or colon goes too, an
		// opening bracket stays and is removed below if nothing is left
		// inside).
		b.WriteString(rest[:open])
		out := b.String()
		cut := strings.LastIndexAny(out, ",;:.()")
		switch {
		case cut < 0:
			out = ""
		case out[cut] == ',' || out[cut] == ';' || out[cut] == ':':
			out = out[:cut]
		default:
			out = out[:cut+1]
		}
		b.Reset()
		b.WriteString(out)
		rest = rest[open+end+1:]
		if strings.HasSuffix(out, "(") && strings.HasPrefix(strings.TrimLeft(rest, " "), ")") {
			// "kqlt ()" → "kqlt"
			out = strings.TrimRight(strings.TrimSuffix(out, "("), " ")
			b.Reset()
			b.WriteString(out)
			rest = strings.TrimPrefix(strings.TrimLeft(rest, " "), ")")
		}
		if out == "" || strings.HasSuffix(out, ")") || strings.HasSuffix(out, ".") {
			// The words after a dropped clause start a new one: no
			// double space.
			if strings.HasSuffix(out, " ") || out == "" {
				rest = strings.TrimLeft(rest, " ")
			}
		}
	}
	b.WriteString(rest)
	return strings.TrimSpace(b.String())
}

// collapsePair writes "X or X" and "X and X" once, where a replacement
// made both words the same ("Secret or key reads" → "Key or key reads"
// → "Key reads").
func collapsePair(text, word string) string {
	if word == "" {
		return text
	}
	re, err := regexp.Compile(`(?i)\b(` + regexp.QuoteMeta(word) + `)\s+(?:or|and|and/or|&)\s+` + regexp.QuoteMeta(word) + `\b`)
	if err != nil {
		return text
	}
	return re.ReplaceAllString(text, "$1")
}

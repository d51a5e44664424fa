package transform

import (
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

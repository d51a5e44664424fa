package kql

// More forms checked against the official parser, found where kqlt and
// the official parser disagreed on real queries kept out of the shared
// corpus: backslash escapes in strings, client directives before the
// query, and named aggregates in top-nested.

// stringEscapeVariants are strings with each escape KQL has and many it
// has not (\W, \d, \x4, \8...), in both quotes, obfuscated and verbatim.
func stringEscapeVariants() []string {
	var v []string
	for _, e := range []string{
		`\\`, `\'`, `\"`, `\a`, `\b`, `\f`, `\n`, `\r`, `\t`, `\v`,
		`\x41`, `\xfF`, `\u00e9`, `\uD83D\uDE00`, `\U0001F600`, `\0`, `\7`, `\17`, `\101`, `\377`, `\400`, `\1234`,
		// Not escapes in KQL:
		`\W`, `\d`, `\s`, `\.`, `\ `, `\/`, `\-`, `\8`, `\9`, `\x4`, `\xg0`, `\u004`, `\u00g0`, `\U0001F60`, `\e`, `\?`, `\$`, `\é`,
	} {
		v = append(v, `print "a`+e+`b"`, `print 'a`+e+`b'`)
	}
	return append(v,
		`print h"C:\Windows"`, `print h"C:\\Windows"`, `print @"C:\Windows\System32"`, `print @'C:\d+'`,
		`print h@"C:\Windows"`, "print ```C:\\Windows```", "print ~~~\\d+~~~", `print "\\"`, `print "a\"`,
		`T | where Path contains "\Windows\System32"`, `T | where Path contains "\\Windows\\System32"`,
		`T | where x matches regex "\d+"`, `T | where x matches regex @"\d+"`, `T | extend y = extract("(\\d+)", 1, x)`,
		`T | extend y = extract("(\d+)", 1, x)`, `print "tab\tthen\u0041"`, `print dynamic({"p": "C:\\x"})`,
		`print dynamic({"p": "C:\x"})`, `print "a\`, `print "a\`+"\n"+`b"`,
	)
}

// directiveVariants are client directives (#connect ...) before, within
// and after a query; KQL takes them before the first statement only.
func directiveVariants() []string {
	return []string{
		"#connect cluster('c').database('d')\nT | take 1",
		"#connect cluster('c').database('d')\r\nT | take 1",
		"#x\nT",
		"## a heading\nT | take 1",
		"#\nT",
		"  #x\nT",
		"// comment\n#x\nT",
		"#x\n// comment\nT",
		"#x\n#y\n\nT",
		"#x // y\nT",
		"#x",
		"#x\n",
		"#x\nlet a = 1;\nprint a",
		"#x\u2028T | take 1",
		"#x\rT | take 1",
		// Rejected: a directive after the first token.
		"T\n#x",
		"T # x",
		"let a = 1;\n#x\nprint a",
		"T\n| where a == 1\n#x\n| take 1",
		"print #x",
		"T | where a == #1",
		"print 1;\n#x\nprint 2",
	}
}

// topNestedVariants are top-nested clauses with named and ordered
// aggregates.
func topNestedVariants() []string {
	v := product([]string{"T | top-nested 3 of A by {}"},
		"count()", "n = count()", "n = count() desc", "n = count() asc nulls first", "count() desc nulls last",
		"['n x'] = count()", "(n) = count()", "n = 1 + count()", "n == count()", "n = count() nulls first",
		// Rejected:
		"n =", "= count()", "n = count() desc desc", "n:long = count()", "n = count() by x",
		"n = count(), m = sum(x)", "(n = count())", "(n, m) = count() desc desc", "n = count() nulls")
	return append(v,
		"T | top-nested of A by n = count()",
		"T | top-nested 3 of a = A by n = count()",
		"T | top-nested 3 of A with others = 0 by n = count()",
		"T | top-nested 3 of A by n = count(), top-nested 2 of B by m = sum(x) desc",
		"T | top-nested 3 of A by n = count(), top-nested of B by m = sum(x) desc nulls last, top-nested 1 of C by max(y)",
		"T | top-nested 3 of A by n = count(), m = sum(x) by A",
	)
}

// whitespaceVariants put each character that is whitespace in KQL, and
// some that Unicode calls whitespace but KQL does not, between tokens and
// after a comment.
func whitespaceVariants() []string {
	var v []string
	for _, c := range []rune{'\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x180e, 0x2000, 0x2005, 0x200a, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0xfeff} {
		v = append(v, "T"+string(c)+"| take 1", "// c"+string(c)+"T | take 1")
	}
	return v
}

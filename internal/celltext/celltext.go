// Package celltext makes text safe to store in a spreadsheet cell. Both the
// report workbook and the tracker store respondents' and rubric authors'
// text, so both use this one function.
package celltext

import (
	"strings"
	"unicode/utf8"
)

// Clean makes text safe to store in a cell: invalid UTF-8 becomes U+FFFD,
// line breaks become \n, and control characters that XML cannot carry are
// dropped. It is cut to Excel's limit of 32,767 characters.
func Clean(s string) string {
	ascii := len(s) <= MaxChars
	for i := 0; ascii && i < len(s); i++ {
		b := s[i]
		ascii = b >= 0x20 && b < 0x80 || b == '\t' || b == '\n'
	}
	if ascii || (len(s) <= MaxChars && utf8.ValidString(s) && !strings.ContainsAny(s, "\r\uFFFE\uFFFF") && !hasControl(s)) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case r == '\r':
			r = '\n'
		case r < 0x20 && r != '\t' && r != '\n', r == 0xFFFE, r == 0xFFFF:
			continue
		}
		// Excel counts UTF-16 code units.
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > MaxChars {
			break
		}
		n += w
		b.WriteRune(r)
	}
	return b.String()
}

// MaxChars is Excel's limit on the characters (UTF-16 code units) of a cell.
const MaxChars = 32767

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 && b != '\t' && b != '\n' {
			return true
		}
	}
	return false
}

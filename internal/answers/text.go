package answers

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CleanText removes what must not reach a terminal, a PDF or a spreadsheet
// from a respondent's text: control characters (C0 but tab and line feed,
// DEL and C1, which start terminal escape sequences) and the
// noncharacters U+FFFE and U+FFFF. A carriage return, alone or before a
// line feed, becomes a line feed. Everything else is kept, so text is
// cleaned once, where it enters, and reads the same everywhere after.
func CleanText(s string) string {
	if strings.ContainsFunc(s, unclean) {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\r':
				return '\n'
			case unclean(r):
				return -1
			}
			return r
		}, s)
	}
	return norm.NFC.String(s)
}

// CleanLine is CleanText for one-line text (a team or a name): tabs and
// line breaks go too.
func CleanLine(s string) string {
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if unclean(r) || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s))
}

// NameKey is what two team or respondent names must share to name the same
// team or person: names are compared ignoring case and surrounding space,
// in composed form. Files, the scoring of a team and the tracker all
// compare names this way (file names ignore case on Windows and macOS).
func NameKey(s string) string {
	return strings.ToLower(norm.NFC.String(strings.TrimSpace(s)))
}

func unclean(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF
}

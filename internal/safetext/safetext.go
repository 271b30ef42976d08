// Package safetext cleans text that comes from users' files and names once,
// where it enters (no control characters, composed Unicode), and escapes
// what audit prints, so that no name or file can steer a terminal.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text removes what must not reach a terminal, a PDF or a spreadsheet
// from a respondent's text: control characters (C0 but tab and line feed,
// DEL and C1, which start terminal escape sequences) and the
// noncharacters U+FFFE and U+FFFF. A carriage return, alone or before a
// line feed, becomes a line feed. Everything else is kept, so text is
// cleaned once, where it enters, and reads the same everywhere after.
func Text(s string) string {
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

// Line is Text for one-line text (a team or a name): tabs and
// line breaks go too.
func Line(s string) string {
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if unclean(r) || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s))
}

func unclean(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF
}

// Escape shows the control characters in s, but line feeds and tabs, as Go
// escapes (\x1b, \u009b; a byte that is not UTF-8 as \x9b), for a message printed to a terminal: the text in
// it (a file name, a value from a file) cannot start an escape sequence.
func Escape(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, escaped) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && strings.HasPrefix(s[i:], "\xef\xbf\xbd"):
			b.WriteRune(r)
		case r == utf8.RuneError:
			fmt.Fprintf(&b, "\\x%02x", s[i]) // a byte that is not UTF-8 (0x9b starts an escape on some terminals)
		case !escaped(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func escaped(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }

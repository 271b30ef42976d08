// Package celltext makes text safe to store in a spreadsheet cell. Both the
// report workbook and the tracker store respondents' and rubric authors'
// text, so both use this one function.
package celltext

import (
	"math"
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

// Wrapped is text in a cell that wraps, of a width in characters (as a
// spreadsheet counts a column's width).
type Wrapped struct {
	Text  string
	Width float64
}

// RowHeight estimates the height in points of a row whose cells wrap the
// given texts; applications do not fit rows to wrapped text when they open
// a workbook, so the workbook says how high each row is. It is 0 for a row
// of single lines, which keeps the default height.
func RowHeight(cells ...Wrapped) float64 {
	lines := 1
	for _, c := range cells {
		perLine := max(1, int(c.Width*1.2)) // text is narrower than the digits a width counts
		n := 0
		for _, para := range strings.Split(c.Text, "\n") {
			n += max(1, (utf8.RuneCountInString(para)+perLine-1)/perLine)
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return 0
	}
	return math.Min(409, float64(lines)*14.5+3)
}

package xlsx

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of an Excel worksheet.
const (
	MaxRows      = 1048576 // rows of a worksheet
	MaxCols      = 16384   // columns of a worksheet (XFD)
	MaxCellChars = 32767   // characters (UTF-16 code units) of a cell
)

// Clean makes text safe to store in a cell: invalid UTF-8 becomes U+FFFD,
// line breaks become \n, and control characters that XML cannot carry are
// dropped. It is cut to Excel's limit of MaxCellChars characters. Both
// writers store respondents' and rubric authors' text through it.
func Clean(s string) string {
	ascii := len(s) <= MaxCellChars
	for i := 0; ascii && i < len(s); i++ {
		b := s[i]
		ascii = b >= 0x20 && b < 0x80 || b == '\t' || b == '\n'
	}
	if ascii || (len(s) <= MaxCellChars && utf8.ValidString(s) && !strings.ContainsAny(s, "\r\uFFFE\uFFFF") && !hasControl(s)) {
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
		if n+w > MaxCellChars {
			break
		}
		n += w
		b.WriteRune(r)
	}
	return b.String()
}

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

// appendEscaped appends s as XML text, with a literal _xHHHH_ protected
// from being read as an escape (see decodeEscapes): it is written
// _x005F_xHHHH_.
func appendEscaped(b []byte, s string) []byte {
	plain := true
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c != '&' && c != '<' && c != '>' && c != '_'
	}
	if plain {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '_':
			if _, ok := escapeAt(s, i); ok {
				b = append(b, "_x005F"...)
			}
			b = append(b, '_')
		default:
			b = append(b, c)
		}
	}
	return b
}

// ProtectEscapes returns s with each literal _xHHHH_ written _x005F_xHHHH_,
// as appendEscaped writes it: for text given to excelize to write as it
// is (SetCellDefault), which would read back as the escaped character.
func ProtectEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if _, ok := escapeAt(s, i); ok {
			b.WriteString("_x005F")
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// appendText appends a <t> element (with a namespace prefix such as "x:",
// or "") with the text s.
func appendText(b []byte, prefix, s string) []byte {
	b = append(b, '<')
	b = append(b, prefix...)
	b = append(b, 't')
	if s != strings.TrimSpace(s) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = appendEscaped(b, s)
	b = append(b, "</"...)
	b = append(b, prefix...)
	return append(b, "t>"...)
}

// decodeEscapes resolves the _xHHHH_ escapes Excel writes in strings for
// characters XML cannot carry ("_x000D_" is a carriage return).
func decodeEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if r, ok := escapeAt(s, i); ok {
			b.WriteRune(r)
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// escapeAt reports whether s[i:] starts with _xHHHH_ and which character it
// stands for.
func escapeAt(s string, i int) (rune, bool) {
	if i+7 > len(s) || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

// IsNumber reports whether s is a number as a worksheet stores it: decimal
// digits with an optional sign, fraction and exponent (no NaN, Inf or hex),
// within the range of a float64.
func IsNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	hasExp := i < len(s) && (s[i] == 'e' || s[i] == 'E')
	if hasExp {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	if i != len(s) {
		return false
	}
	if !hasExp && len(s) < 300 {
		return true // too short to overflow
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
}

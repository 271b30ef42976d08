package safetext

import (
	"strings"
	"testing"
	"unicode"
)

func TestTextLineEscape(t *testing.T) {
	tests := []struct {
		in, text, line, escape string
	}{
		{"plain", "plain", "plain", "plain"},
		{"X\x1b]0;PWNED\x07", "X]0;PWNED", "X]0;PWNED", `X\x1b]0;PWNED\x07`},
		{"a\tb\nc", "a\tb\nc", "abc", "a\tb\nc"},
		{"a\r\nb\rc", "a\nb\nc", "abc", `a\x0d` + "\n" + `b\x0dc`},
		{"del\x7f c1\u0085\u009b", "del c1", "del c1", `del\x7f c1\x85\x9b`},
		{"\ufffe\uffff", "", "", "\ufffe\uffff"},
		{"Cafe\u0301", "Caf\u00e9", "Caf\u00e9", "Cafe\u0301"},
		{"zero\u200bwidth", "zero\u200bwidth", "zero\u200bwidth", "zero\u200bwidth"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Escape(tt.in); got != tt.escape {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.escape)
		}
	}
}

// FuzzSafe: whatever the input, Text keeps no control character but tab
// and line feed, Line none, and Escape prints none but those two.
func FuzzSafe(f *testing.F) {
	f.Add("X\x1b]0;PWNED\x07")
	f.Add("a\r\nb\u0085\u009b\ufffe")
	f.Fuzz(func(t *testing.T, s string) {
		control := func(keep string) func(rune) bool {
			return func(r rune) bool { return unicode.IsControl(r) && !strings.ContainsRune(keep, r) }
		}
		if got := Text(s); strings.ContainsFunc(got, control("\t\n")) {
			t.Errorf("Text(%q) = %q", s, got)
		}
		if got := Line(s); strings.ContainsFunc(got, control("")) {
			t.Errorf("Line(%q) = %q", s, got)
		}
		if got := Escape(s); strings.ContainsFunc(got, control("\t\n")) {
			t.Errorf("Escape(%q) = %q", s, got)
		}
	})
}

func TestEscapeInvalidUTF8(t *testing.T) {
	if got, want := Escape("a\x9b2Jb\xef\xbf\xbd"), `a\x9b2Jb`+"\ufffd"; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

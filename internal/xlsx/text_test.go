package xlsx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"tab\tand\nline", "tab\tand\nline"},
		{"cr\r\nlf and cr\r alone", "cr\nlf and cr\n alone"},
		{"bell\a nul\x00 esc\x1b del\x7f", "bell nul esc del\x7f"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"non-characters \uFFFE\uFFFF gone", "non-characters  gone"},
		{"émoji 🚀 and 中文", "émoji 🚀 and 中文"},
		{"=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"},
		{"_x0041_ stays", "_x0041_ stays"},
		{"", ""},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Clean(tc.want); got != tc.want {
			t.Errorf("Clean is not idempotent on %q: %q", tc.want, got)
		}
	}
}

func TestCleanLimit(t *testing.T) {
	long := strings.Repeat("ab", 20000)
	if got := Clean(long); len(got) != MaxCellChars {
		t.Errorf("clean cut %d characters to %d, want %d", len(long), len(got), MaxCellChars)
	}
	// An emoji counts as two UTF-16 units and is not cut in half.
	emoji := strings.Repeat("🚀", 20000)
	if got := []rune(Clean(emoji)); len(got) != MaxCellChars/2 {
		t.Errorf("clean kept %d emoji, want %d", len(got), MaxCellChars/2)
	}
}

func TestEscapes(t *testing.T) {
	for _, s := range []string{"a & b <c> d", "_x0041_", "_x005F_x0041_", "__x12_", "_xZZZZ_", "tail _x", "x_x000D_y"} {
		escaped := string(appendEscaped(nil, s))
		if strings.ContainsAny(escaped, "<>") {
			t.Errorf("appendEscaped(%q) = %q", s, escaped)
		}
		// What a reader gets back: XML entities resolved, then _xHHHH_.
		back := decodeEscapes(string(appendUnescaped(nil, []byte(escaped))))
		if back != s {
			t.Errorf("%q escaped as %q reads back as %q", s, escaped, back)
		}
	}
	if got := decodeEscapes("line_x000D_break _x0041_ _x00zz_"); got != "line\rbreak A _x00zz_" {
		t.Errorf("decodeEscapes: %q", got)
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-1.5": true, "+2": true, ".5": true, "5.": true, "1e3": true, "1.5E-07": true,
		"": false, "-": false, ".": false, "1e": false, "NaN": false, "Inf": false, "0x10": false,
		"1_000": false, " 1": false, "1e999": false, "12a": false,
	} {
		if got := IsNumber(s); got != want {
			t.Errorf("IsNumber(%q) = %v, want %v", s, got, want)
		}
	}
	if !utf8.ValidString(Clean("\xed\xa0\x80")) {
		t.Error("Clean leaves a surrogate encoded in UTF-8")
	}
}

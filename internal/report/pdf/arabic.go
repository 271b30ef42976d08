package pdf

import "unicode"

// arabicForms gives an Arabic letter's isolated presentation form; the
// final, initial and medial forms follow it in that order. Letters that
// join only to the letter before them (alef, dal, reh, waw, ...) have
// isolated and final forms only. Hamza joins to nothing and is left as it
// is.
var arabicForms = map[rune]struct {
	isolated rune
	dual     bool // joins on both sides
}{'\u0622': {0xfe81, false}, '\u0623': {0xfe83, false}, '\u0624': {0xfe85, false},
	'\u0625': {0xfe87, false}, '\u0626': {0xfe89, true}, '\u0627': {0xfe8d, false}, '\u0628': {0xfe8f, true},
	'\u0629': {0xfe93, false}, '\u062a': {0xfe95, true}, '\u062b': {0xfe99, true}, '\u062c': {0xfe9d, true},
	'\u062d': {0xfea1, true}, '\u062e': {0xfea5, true}, '\u062f': {0xfea9, false}, '\u0630': {0xfeab, false},
	'\u0631': {0xfead, false}, '\u0632': {0xfeaf, false}, '\u0633': {0xfeb1, true}, '\u0634': {0xfeb5, true},
	'\u0635': {0xfeb9, true}, '\u0636': {0xfebd, true}, '\u0637': {0xfec1, true}, '\u0638': {0xfec5, true},
	'\u0639': {0xfec9, true}, '\u063a': {0xfecd, true}, '\u0641': {0xfed1, true}, '\u0642': {0xfed5, true},
	'\u0643': {0xfed9, true}, '\u0644': {0xfedd, true}, '\u0645': {0xfee1, true}, '\u0646': {0xfee5, true},
	'\u0647': {0xfee9, true}, '\u0648': {0xfeed, false}, '\u0649': {0xfeef, false}, '\u064a': {0xfef1, true},
	// Persian and Urdu letters.
	'\u067e': {0xfb56, true}, '\u0686': {0xfb7a, true}, '\u0698': {0xfb8a, false}, '\u06a9': {0xfb8e, true},
	'\u06af': {0xfb92, true}, '\u06cc': {0xfbfc, true},
}

// lamAlef gives the isolated ligature of lam with an alef; the final form
// follows it.
var lamAlef = map[rune]rune{'\u0622': 0xfef5, '\u0623': 0xfef7, '\u0625': 0xfef9, '\u0627': 0xfefb}

const (
	lam     = '\u0644'
	tatweel = '\u0640'
)

// shapeArabic gives Arabic letters the forms they take when joined to
// their neighbours (initial, medial, final or isolated) and joins lam and
// alef, as a font without shaping tables needs: the PDF draws each
// character's own glyph. Text without Arabic letters is returned as it
// is.
func shapeArabic(s string) string {
	if !hasArabic(s) {
		return s
	}
	in := []rune(s)
	out := make([]rune, 0, len(in))
	// joinsAfter reports whether the letter at i joins the letter after it.
	joinsAfter := func(i int) bool {
		if in[i] == tatweel {
			return true
		}
		f, ok := arabicForms[in[i]]
		return ok && f.dual
	}
	// neighbour finds the nearest letter before (step -1) or after (+1)
	// i, skipping vowel marks, or -1.
	neighbour := func(i, step int) int {
		for j := i + step; j >= 0 && j < len(in); j += step {
			if !unicode.Is(unicode.Mn, in[j]) {
				return j
			}
		}
		return -1
	}
	joinsBefore := func(j int) bool { // the letter at j joins the one before it
		_, ok := arabicForms[in[j]]
		return ok || in[j] == tatweel
	}
	for i := 0; i < len(in); i++ {
		r := in[i]
		f, ok := arabicForms[r]
		if !ok {
			out = append(out, r) // hamza, marks, digits, other scripts
			continue
		}
		prev := neighbour(i, -1)
		joinPrev := prev >= 0 && joinsAfter(prev)
		if r == lam {
			if next := neighbour(i, 1); next >= 0 {
				if lig, ok := lamAlef[in[next]]; ok {
					if joinPrev {
						lig++
					}
					out = append(out, lig)
					out = append(out, in[i+1:next]...) // vowel marks between them
					i = next
					continue
				}
			}
		}
		next := neighbour(i, 1)
		joinNext := f.dual && next >= 0 && joinsBefore(next)
		form := f.isolated
		switch {
		case joinPrev && joinNext:
			form += 3
		case joinPrev:
			form++
		case joinNext:
			form += 2
		}
		out = append(out, form)
	}
	return string(out)
}

func hasArabic(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06ff {
			return true
		}
	}
	return false
}

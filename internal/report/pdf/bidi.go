package pdf

import (
	"slices"

	"golang.org/x/text/unicode/bidi"
)

// visual reorders one line of text from the order it is written in (and
// stored) to the order it is drawn in, left to right, so that Hebrew and
// Arabic read right to left, with numbers and Latin words inside them left
// to right. It follows the Unicode Bidirectional Algorithm for one line of
// a paragraph without embeddings or isolates, rtl being the paragraph's
// direction: neutrals between characters of one direction take it, and
// brackets are mirrored in right-to-left runs.
func visual(s string, rtl bool) string {
	if !hasRTL(s) {
		return s
	}
	runes := []rune(s)
	n := len(runes)
	classes := make([]bidi.Class, n)
	for i, r := range runes {
		p, _ := bidi.LookupRune(r)
		classes[i] = p.Class()
	}
	base := 0
	if rtl {
		base = 1
	}

	// Weak types: marks take the class of what they follow; digits take
	// the direction of left-to-right text and are Arabic numbers after
	// Arabic letters; separators between digits join them; Arabic letters
	// are right-to-left letters.
	lastStrong := bidi.L
	if base == 1 {
		lastStrong = bidi.R
	}
	for i, c := range classes {
		switch c {
		case bidi.NSM:
			if i > 0 {
				classes[i] = classes[i-1]
			} else {
				classes[i] = bidi.ON
			}
		case bidi.EN:
			switch lastStrong {
			case bidi.AL:
				classes[i] = bidi.AN
			case bidi.L:
				classes[i] = bidi.L // digits in left-to-right text
			}
		}
		switch classes[i] {
		case bidi.L, bidi.R, bidi.AL:
			lastStrong = classes[i]
		}
	}
	for i, c := range classes {
		if c == bidi.AL {
			classes[i] = bidi.R
		}
		if (c == bidi.ES || c == bidi.CS || c == bidi.ET) && i > 0 && i+1 < n &&
			isNumber(classes[i-1]) && classes[i+1] == classes[i-1] {
			classes[i] = classes[i-1]
		}
	}

	// Direction of each character: strong ones their own, numbers
	// left-to-right inside right-to-left text, neutrals that of the
	// strong characters around them when both agree, else the line's.
	dir := func(c bidi.Class) int { // 0 left to right, 1 right to left, -1 neutral
		switch c {
		case bidi.L:
			return 0
		case bidi.R, bidi.EN, bidi.AN:
			return 1 // for neutrals, numbers count as right to left
		}
		return -1
	}
	levels := make([]int, n)
	for i := 0; i < n; {
		if dir(classes[i]) >= 0 {
			i++
			continue
		}
		j := i
		for j < n && dir(classes[j]) < 0 {
			j++
		}
		before, after := base, base
		if i > 0 {
			before = dir(classes[i-1])
		}
		if j < n {
			after = dir(classes[j])
		}
		d := base
		if before == after {
			d = before
		}
		for k := i; k < j; k++ {
			classes[k] = bidi.L
			if d == 1 {
				classes[k] = bidi.R
			}
		}
		i = j
	}
	for i, c := range classes {
		switch {
		case base == 0 && c == bidi.R:
			levels[i] = 1
		case base == 0 && isNumber(c):
			levels[i] = 2
		case base == 0:
			levels[i] = 0
		case c == bidi.L || isNumber(c):
			levels[i] = 2
		default:
			levels[i] = 1
		}
	}

	// Reverse every run at or above each level, from the highest down to
	// the lowest odd one.
	highest := slices.Max(levels)
	for level := highest; level >= 1; level-- {
		for i := 0; i < n; {
			if levels[i] < level {
				i++
				continue
			}
			j := i
			for j < n && levels[j] >= level {
				j++
			}
			slices.Reverse(runes[i:j])
			slices.Reverse(levels[i:j])
			i = j
		}
	}
	for i, r := range runes {
		if levels[i]%2 == 1 {
			if m, ok := mirrored[r]; ok {
				runes[i] = m
			}
		}
	}
	return string(runes)
}

// rightToLeft reports whether the first letter of s is written right to
// left: then s is a right-to-left paragraph.
func rightToLeft(s string) bool {
	if !hasRTL(s) {
		return false
	}
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

func isNumber(c bidi.Class) bool { return c == bidi.EN || c == bidi.AN }

// hasRTL reports whether s has a right-to-left character.
func hasRTL(s string) bool {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		if c := p.Class(); c == bidi.R || c == bidi.AL {
			return true
		}
	}
	return false
}

// mirrored are the characters drawn mirrored in right-to-left text.
var mirrored = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹',
}

package pdf

import (
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/alignaudit/audit/internal/scoring"
)

// texts yields every text of a result that the report may draw: the
// team, the people, the rubric's words and the comments.
func texts(res *scoring.Result) iter.Seq[string] {
	return func(yield func(string) bool) {
		r := res.Rubric
		all := []string{res.Team, res.Period, r.ID, r.Title, r.Version}
		for _, b := range r.Bands {
			all = append(all, b.Label, b.Summary)
		}
		for _, p := range namedRespondents(res) {
			all = append(all, p.Name, p.Role)
		}
		all = append(all, res.Warnings...)
		for _, a := range res.Areas {
			all = append(all, a.Area.Title, a.Area.Why)
			for _, rec := range a.Area.Recommendations {
				all = append(all, rec.Text)
			}
			for _, q := range a.Questions {
				all = append(all, q.Question.Text, q.Question.Advice)
				for _, o := range q.Question.Options {
					all = append(all, o.Label)
				}
				shown, _ := shownComments(q)
				for _, resp := range shown {
					all = append(all, resp.Comment)
				}
			}
		}
		for _, s := range all {
			if !yield(s) {
				return
			}
		}
	}
}

// MissingRunes returns the characters of the report's text that the
// built-in Go fonts lack (Chinese, Japanese, Arabic, ...), sorted, for the
// caller to find fonts that have them (Options.Fonts). Emoji and other
// characters beyond the Basic Multilingual Plane are not among them: they
// always print as "�".
//
// more are other texts the report shows, such as FollowUpTexts.
func MissingRunes(res *scoring.Result, more ...string) []rune {
	seen := map[rune]bool{}
	has := goFontHas()
	for s := range withMore(texts(res), more) {
		for _, r := range shapeArabic(s) {
			if !seen[r] && drawable(r) && !has(r) {
				seen[r] = true
			}
		}
	}
	out := make([]rune, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// withMore yields the texts of seq, then more.
func withMore(seq iter.Seq[string], more []string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for s := range seq {
			if !yield(s) {
				return
			}
		}
		for _, s := range more {
			if !yield(s) {
				return
			}
		}
	}
}

// drawable reports whether a rune could be drawn by some font: not a
// control character, joiner or variation selector, and in the Basic
// Multilingual Plane (fpdf cannot write others).
func drawable(r rune) bool {
	return r > 0 && r < 0xfffe && r != utf8.RuneError && !unicode.IsControl(r) &&
		!unicode.Is(unicode.Cs, r) && !unicode.Is(unicode.Co, r) && r != '\u200d' && !(r >= '\ufe00' && r <= '\ufe0f') &&
		!(r >= '\ufdd0' && r <= '\ufdef') // noncharacters: the marks of page references
}

// goFontHas reports whether the Go fonts have a glyph for a rune; the
// regular, bold and italic fonts cover the same characters.
var goFontHas = sync.OnceValue(func() func(rune) bool {
	var covered [0x10000]bool
	f, err := sfnt.Parse(goregular.TTF)
	if err == nil {
		var buf sfnt.Buffer
		for r := range rune(len(covered)) {
			if g, err := f.GlyphIndex(&buf, r); err == nil && g != 0 {
				covered[r] = true
			}
		}
	}
	return func(r rune) bool { return r >= 0 && r < 0x10000 && covered[r] }
})

// clean makes text safe to draw. Characters outside the Basic Multilingual
// Plane (emoji) make fpdf fail, and characters the fonts lack print as
// nothing, silently: both become one "�" per run, so a reader sees that
// something was there. Emoji joiners and variation selectors disappear,
// tabs become spaces, line ends become "\n", other control characters go;
// Arabic letters take their joined forms. The marks of page references
// stay (see ref).
func (d *doc) clean(s string) string {
	if d.cleanASCII(s) {
		return s
	}
	s = shapeArabic(s)
	var b strings.Builder
	b.Grow(len(s))
	replaced := false
	for _, r := range strings.ReplaceAll(s, "\r\n", "\n") {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == d.refMark:
			b.WriteRune(r)
		case r == '\u200d' || (r >= '\ufe00' && r <= '\ufe0f') || unicode.IsControl(r):
			continue
		case !d.has(r):
			if !replaced {
				b.WriteRune('\ufffd')
			}
			replaced = true
			continue
		default:
			b.WriteRune(r)
		}
		replaced = false
	}
	return b.String()
}

// cleanASCII reports whether s is printable ASCII, which clean leaves as
// it is: most text is.
func (d *doc) cleanASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// metaText makes text safe for the document properties and bookmarks,
// which need no font: control characters go, and characters beyond the
// Basic Multilingual Plane become "�".
func metaText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r) || r == '\u200d' || (r >= '\ufe00' && r <= '\ufe0f'):
			return -1
		case r > 0xffff || (r >= '\ufdd0' && r <= '\ufdef'):
			return '\ufffd'
		}
		return r
	}, s)
}

// widthUnits is the advance of a rune in the current font in thousandths
// of the font size, as fpdf measures it. Widths are looked up once per
// rune and style.
func (d *doc) widthUnits(r rune) int {
	table := d.widths[d.style]
	if table == nil {
		table = map[rune]int{}
		d.widths[d.style] = table
	}
	w, ok := table[r]
	if !ok {
		w = d.pdf.GetStringSymbolWidth(string(r))
		table[r] = w
	}
	return w
}

// measure returns the width of s in the current font in millimetres.
func (d *doc) measure(s string) float64 {
	_, size := d.pdf.GetFontSize()
	units := 0
	for _, r := range s {
		units += d.widthUnits(r)
	}
	return float64(units) * size / 1000
}

// lines wraps text to a width with the current font: at spaces, between
// Chinese, Japanese and Korean characters, after a hyphen in a word, and
// within a word only when it does not fit on a line by itself. Empty text
// has no lines. The time it takes is linear in the length of the text.
func (d *doc) lines(s string, w float64) []string {
	s = d.clean(s)
	s = strings.TrimRight(s, " \n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	_, size := d.pdf.GetFontSize()
	limit := int(w * 1000 / size)
	var out []string
	start := 0          // where the line starts, in bytes
	width := 0          // of s[start:i]
	brk, next := -1, -1 // the last break: the line may end at brk, the next start at next
	nextWidth := 0      // the width of s[start:next]
	prev := rune(0)
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == '\n' {
			out = append(out, strings.TrimRight(s[start:i], " "))
			start, width, brk, prev = i+size, 0, -1, 0
			continue
		}
		rw := d.widthUnits(r)
		if r == ' ' {
			if prev != ' ' {
				brk = i
			}
			next, nextWidth = i+size, width+rw
			width += rw
			prev = r
			continue
		}
		if i > start && prev != ' ' && (wide(prev) || wide(r)) && !noLineEnd(prev) && !noLineStart(r) {
			brk, next, nextWidth = i, i, width
		}
		if width+rw > limit && i > start {
			if brk > start {
				out = append(out, strings.TrimRight(s[start:brk], " "))
				start, width = next, width-nextWidth
			} else {
				out = append(out, s[start:i])
				start, width = i, 0
			}
			brk = -1
		}
		width += rw
		if r == '-' && unicode.IsLetter(prev) {
			brk, next, nextWidth = i+size, i+size, width
		}
		prev = r
	}
	if rest := strings.TrimRight(s[start:], " "); rest != "" || start < len(s) {
		out = append(out, rest)
	}
	return out
}

// wide reports whether a line may break before or after r without a
// space: Chinese, Japanese and Korean characters.
func wide(r rune) bool {
	return (r >= 0x2e80 && r <= 0x9fff) || // radicals, punctuation, kana, ideographs
		(r >= 0x1100 && r <= 0x11ff) || (r >= 0xa960 && r <= 0xa97f) || (r >= 0xac00 && r <= 0xd7af) || // Hangul
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xffef)
}

// noLineStart and noLineEnd are the punctuation that may not start or end
// a line of East Asian text.
func noLineStart(r rune) bool {
	return strings.ContainsRune("、。，．・：；？！」』）〕］｝〉》ーゝゞぁぃぅぇぉっゃゅょァィゥェォッャュョ", r)
}
func noLineEnd(r rune) bool { return strings.ContainsRune("「『（〔［｛〈《", r) }

// fit shortens text with "…" until it fits the width in the current font.
func (d *doc) fit(s string, w float64) string {
	s = d.clean(s)
	_, size := d.pdf.GetFontSize()
	limit := int(w * 1000 / size)
	total := 0
	for _, r := range s {
		total += d.widthUnits(r)
	}
	if total <= limit {
		return s
	}
	limit -= d.widthUnits('…')
	width, end := 0, 0
	for i, r := range s {
		rw := d.widthUnits(r)
		if width+rw > limit {
			break
		}
		width += rw
		end = i + utf8.RuneLen(r)
	}
	return strings.TrimSpace(s[:end]) + "…"
}

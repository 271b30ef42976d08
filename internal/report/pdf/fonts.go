package pdf

import (
	"fmt"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/alignaudit/audit/internal/fontmerge"
)

// Font is a font with glyphs the built-in Go fonts lack: Chinese,
// Japanese, Korean, Arabic, Hebrew, Thai, Devanagari, ... The report's text
// is drawn in the Go fonts, and each character they lack in the first of
// Options.Fonts that has it. Only the glyphs the report uses are embedded.
type Font struct {
	Name    string     // for messages: the file or the family
	Regular *sfnt.Font // required
	Bold    *sfnt.Font // nil: bold text takes the regular glyphs
}

// italicSlant is the shear of the synthetic italic made of a fallback
// font's regular glyphs: about 11°, as the Go italic.
const italicSlant = 0.2

// hyphenAlias gives the hyphen-minus the Go fonts' soft hyphen glyph: their
// own hyphen-minus is a minus sign, as wide as an en dash, and "2026-Q4"
// would read as a range.
var hyphenAlias = map[rune]rune{'-': '\u00ad'}

// goFonts are the Go fonts of the three styles the report uses.
var goFonts = []struct {
	style string
	ttf   []byte
}{{regular, goregular.TTF}, {bold, gobold.TTF}, {italic, goitalic.TTF}}

// plainFonts are the Go fonts with the narrower hyphen and nothing added:
// what most reports use, built once.
var plainFonts = sync.OnceValues(func() ([][]byte, error) {
	out := make([][]byte, len(goFonts))
	for i, f := range goFonts {
		m, err := fontmerge.Merge(f.ttf, nil, nil, hyphenAlias)
		if err != nil {
			return nil, err
		}
		out[i] = m.TTF
	}
	return out, nil
})

// reportFonts returns the TrueType fonts for the report's styles, in the
// order of goFonts, and the runes added to them from the fallback fonts.
func reportFonts(need []rune, fallbacks []Font) ([][]byte, map[rune]bool, error) {
	if len(need) == 0 || len(fallbacks) == 0 {
		fonts, err := plainFonts()
		return fonts, nil, err
	}
	for _, f := range fallbacks {
		if f.Regular == nil {
			return nil, nil, fmt.Errorf("font %s: no regular face", f.Name)
		}
	}
	out := make([][]byte, len(goFonts))
	var added map[rune]bool
	for i, gf := range goFonts {
		// Every style falls back to the regular faces last, so that the
		// styles cover the same characters.
		var chain []fontmerge.Fallback
		for _, f := range fallbacks {
			switch {
			case gf.style == bold && f.Bold != nil:
				chain = append(chain, fontmerge.Fallback{Font: f.Bold}, fontmerge.Fallback{Font: f.Regular})
			case gf.style == italic:
				chain = append(chain, fontmerge.Fallback{Font: f.Regular, Slant: italicSlant})
			default:
				chain = append(chain, fontmerge.Fallback{Font: f.Regular})
			}
		}
		m, err := fontmerge.Merge(gf.ttf, chain, need, hyphenAlias)
		if err != nil {
			return nil, nil, fmt.Errorf("merge fonts: %w", err)
		}
		out[i] = m.TTF
		if gf.style == regular {
			added = m.Added
		}
	}
	return out, added, nil
}

package pdf

import (
	"fmt"
	"strconv"

	"github.com/alignaudit/audit/internal/scoring"
)

// Page references: "see Perception gap, page 7" is written on page 1
// before page 7 exists. The text gets a placeholder (ref), the page that
// is referred to records its number when it is drawn (anchor), and fpdf
// puts the numbers in when the PDF is written (resolveRefs).

// pageCountRef is the reference to the number of pages, which fpdf fills
// in itself.
const pageCountRef = "page count"

// gapSection is the anchor of the perception gap section.
const gapSection = "perception gap"

// questionAnchor is the anchor of a question in the area sections.
func questionAnchor(id string) string { return "question " + id }

// refMark returns the character that marks placeholders: a Unicode
// noncharacter that no text of the result contains, so that nothing a user
// wrote can be taken for a placeholder.
func refMark(res *scoring.Result) rune {
	used := map[rune]bool{}
	for s := range texts(res) {
		for _, r := range s {
			if r >= firstMark && r <= lastMark {
				used[r] = true
			}
		}
	}
	for r := rune(firstMark); r < lastMark; r++ {
		if !used[r] {
			return r
		}
	}
	return lastMark
}

// The noncharacters U+FDD0 to U+FDEF, "for internal use".
const (
	firstMark = '\ufdd0'
	lastMark  = '\ufdef'
)

// ref returns the placeholder of the page number of key.
func (d *doc) ref(key string) string {
	if p, ok := d.refs[key]; ok {
		return p
	}
	mark := string(d.refMark)
	p := mark + strconv.Itoa(len(d.refs)) + mark
	d.refs[key] = p
	return p
}

// anchor records the current page as the page of key, unless it has one.
func (d *doc) anchor(key string) {
	if _, ok := d.pages[key]; !ok {
		d.pages[key] = d.pdf.PageNo()
	}
}

// resolveRefs tells fpdf the page number of each placeholder.
func (d *doc) resolveRefs() error {
	// fpdf embeds the glyphs of the characters drawn, and the numbers are
	// put in after drawing: draw the digits in every style, as a
	// placeholder that is then replaced by nothing.
	digits := string(d.refMark) + "digits 0123456789" + string(d.refMark)
	for _, f := range goFonts {
		d.font(f.style, 8, colInk)
		d.cell(marginLeft, marginTop, 1, 1, digits, "L")
	}
	d.pdf.RegisterAlias(digits, "")
	for key, p := range d.refs {
		if key == pageCountRef {
			continue
		}
		page, ok := d.pages[key]
		if !ok {
			return fmt.Errorf("pdf report: a page refers to %q, which is not in the report", key)
		}
		d.pdf.RegisterAlias(p, strconv.Itoa(page))
	}
	return nil
}

package pdf

import (
	"fmt"
	"strings"

	"github.com/alignaudit/audit/internal/scoring"
)

// Page references: "see Perception gap, page 7" is written on page 1
// before page 7 exists. The text keeps room for the number (refAt,
// paraRef), the page referred to records its number when it is drawn
// (anchor), and drawRefs goes back and writes the numbers in. The room is
// that of the widest number a report can have, so that nothing moves; a
// reference ends its line, so that a narrower number leaves no gap.
//
// (fpdf's aliases would do it without going back, but fpdf copies every
// page's content twice for each alias: one alias per reference would make
// the report's time grow with the number of references times its length.)

// refRoom is the text whose width a page number may take.
const refRoom = "0000"

// gapSection is the anchor of the perception gap section.
const gapSection = "perception gap"

// followUpSection is the anchor of the follow-up on earlier actions.
const followUpSection = "follow-up"

// questionAnchor is the anchor of a question in the area sections.
func questionAnchor(id string) string { return "question " + id }

// pageRef is room kept for a page number.
type pageRef struct {
	key        string
	page       int
	x, y, w, h float64
	align      string
	format     string // of the text drawn, with %d for the number
	style      string
	size       float64
	color      rgb
}

// anchor records the current page as the page of key, unless it has one.
func (d *doc) anchor(key string) {
	if _, ok := d.pages[key]; !ok {
		d.pages[key] = d.pdf.PageNo()
	}
}

// refAt keeps a box at (x, y), w wide and h high, for the text format
// with the page number of key in it, in the current font.
func (d *doc) refAt(key string, x, y, w, h float64, format, align string) {
	size, _ := d.pdf.GetFontSize()
	d.refs = append(d.refs, pageRef{key: key, page: d.pdf.PageNo(), x: x, y: y, w: w, h: h,
		align: align, format: format, style: d.style, size: size, color: d.color})
}

// paraRef draws a paragraph like para, ending with the page number of key
// after a non-breaking space, so that the last word stays with it.
func (d *doc) paraRef(x, w float64, s, key, style string, size float64, c rgb) {
	d.font(style, size, c)
	ls := d.lines(s+"\u00a0"+refRoom, w)
	if len(ls) == 0 {
		return
	}
	last := strings.TrimSuffix(ls[len(ls)-1], refRoom)
	body := strings.Join(append(ls[:len(ls)-1:len(ls)-1], last), "\n")
	d.para(x, w, body, style, size, c, nil)
	d.font(style, size, c)
	lh := lineHeight(size)
	d.refAt(key, x+d.measure(last), d.pdf.GetY()-lh, d.measure(refRoom), d.boxHeight(), "%d", "L")
}

// refHeight is the height of a paragraph drawn by paraRef.
func (d *doc) refHeight(s, style string, size, w float64) float64 {
	return d.textHeight(s+"\u00a0"+refRoom, style, size, w)
}

// drawRefs writes the page numbers into the room kept for them.
func (d *doc) drawRefs() error {
	last := d.pdf.PageNo()
	for _, r := range d.refs {
		page, ok := d.pages[r.key]
		if !ok {
			return fmt.Errorf("pdf report: a page refers to %q, which is not in the report", r.key)
		}
		d.pdf.SetPage(r.page)
		d.font(r.style, r.size, r.color)
		d.cell(r.x, r.y, r.w, r.h, fmt.Sprintf(r.format, page), r.align)
	}
	// fpdf draws the last page's footer when it closes the document.
	d.pdf.SetPage(last)
	return nil
}

// refMark returns the character that marks the placeholder of the page
// count: a Unicode noncharacter that no text of the result contains, so
// that nothing a user wrote can be taken for it.
func refMark(res *scoring.Result, more []string) rune {
	used := map[rune]bool{}
	for s := range withMore(texts(res), more) {
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

// pageCount is the placeholder of the number of pages, which fpdf fills
// in when it writes the PDF.
func (d *doc) pageCount() string {
	return string(d.refMark) + "n" + string(d.refMark)
}

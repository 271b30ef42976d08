package pdf

import (
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// The page: A4 portrait in millimetres. Content runs from marginTop down
// to bodyBottom; the footer sits below bodyBottom.
const (
	pageWidth    = 210.0
	marginLeft   = 18.0
	marginRight  = 18.0
	marginTop    = 16.0
	bodyBottom   = 279.0
	footerY      = 285.0
	contentWidth = pageWidth - marginLeft - marginRight
	contentRight = pageWidth - marginRight
)

// fpdfPointsPerMM converts font sizes in points to millimetres.
const fpdfPointsPerMM = 72 / 25.4

// Font styles, as fpdf names them. newDoc registers a font for each: one
// more (bold italic) would cost every report the time to load it.
const (
	regular = ""
	bold    = "B"
	italic  = "I"
)

type rgb struct{ r, g, b int }

// The palette: dark slate text, a navy accent, greys for structure.
var (
	colInk    = rgb{31, 41, 51}
	colBody   = rgb{62, 76, 89}
	colMuted  = rgb{110, 120, 132}
	colAccent = rgb{31, 58, 95}
	colRule   = rgb{214, 219, 225}
	colTrack  = rgb{232, 235, 239}
	colPanel  = rgb{244, 246, 249}
	colWhite  = rgb{255, 255, 255}
	colFlag   = rgb{176, 58, 46}
	colFlagBg = rgb{250, 233, 230}
)

// bandStops are the band colours from worst to best: muted red, amber,
// green and teal. A rubric with four bands gets exactly these; other
// counts are spread over the same scale.
var bandStops = []rgb{{192, 80, 64}, {214, 150, 48}, {94, 150, 90}, {42, 122, 134}}

// Role colours mark who gave an answer: sales blue, marketing plum, any
// other role grey.
var (
	colSales     = rgb{61, 106, 153}
	colMarketing = rgb{154, 91, 140}
	colOtherRole = rgb{140, 150, 160}
)

// seriesColors tell the areas apart in the trend chart.
var seriesColors = []rgb{
	{78, 121, 167}, {226, 135, 51}, {89, 161, 79}, {176, 122, 161},
	{118, 183, 178}, {190, 160, 40}, {156, 117, 95}, {230, 130, 150},
}

// doc is the report being drawn: the PDF, the result it shows, and helpers
// that place text and keep blocks together across pages.
type doc struct {
	pdf  *fpdf.Fpdf
	res  *scoring.Result
	opts Options

	has        func(rune) bool         // the fonts have a glyph for the rune
	style      string                  // of the current font
	widths     map[string]map[rune]int // per style, see widthUnits
	footerText string                  // the footer's left part, fitted once

	color rgb // of the current font

	refMark rune           // marks the page count's placeholder
	refs    []pageRef      // room kept for page numbers, see refs.go
	pages   map[string]int // the page of each anchor
}

func (d *doc) setFill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) setDraw(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// font sets the style, size in points and colour of the text that follows.
func (d *doc) font(style string, size float64, c rgb) {
	d.style, d.color = style, c
	d.pdf.SetFont(fontFamily, style, size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

// lineHeight is the distance between lines of text of a size in points.
func lineHeight(size float64) float64 { return size * 0.46 }

// textHeight is the height text takes wrapped to w in a style and size.
func (d *doc) textHeight(s, style string, size, w float64) float64 {
	d.font(style, size, colInk)
	return float64(len(d.lines(s, w))) * lineHeight(size)
}

// width is the width of text in the current font.
func (d *doc) width(s string) float64 { return d.measure(d.clean(s)) }

// text draws one line of text in a box of width w at (x, y), the top of
// the line; align is "L", "C" or "R". The cursor stays where it was.
func (d *doc) text(x, y, w float64, s, align string) {
	d.textIn(x, y, w, d.boxHeight(), s, align)
}

// boxHeight is the height of the box text draws a line in.
func (d *doc) boxHeight() float64 {
	_, size := d.pdf.GetFontSize()
	return size * 1.3
}

// textIn draws one line of text centred vertically in a box of height h.
// The cursor stays where it was.
// Text in a right-to-left script is drawn in visual order.
func (d *doc) textIn(x, y, w, h float64, s, align string) {
	s = d.clean(s)
	d.cell(x, y, w, h, visual(s, rightToLeft(s)), align)
}

// cell draws text as it is, centred vertically in a box. The cursor stays
// where it was.
func (d *doc) cell(x, y, w, h float64, s, align string) {
	cursor := d.pdf.GetY()
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, s, "", 0, align+"M", false, 0, "")
	d.pdf.SetY(cursor)
}

// para draws wrapped text from the cursor down at x, width w, breaking
// pages between lines, and leaves the cursor below it. mark, if not nil,
// draws something beside each line (a quote bar), given the line's top
// and height.
func (d *doc) para(x, w float64, s, style string, size float64, c rgb, mark func(y, h float64)) {
	d.paraKeep(x, w, s, style, size, c, mark, 0)
}

// paraKeep is para that keeps its last line with the next tail
// millimetres, such as a comment's attribution, so that they never stand
// alone at the top of a page.
func (d *doc) paraKeep(x, w float64, s, style string, size float64, c rgb, mark func(y, h float64), tail float64) {
	d.font(style, size, c)
	lh := lineHeight(size)
	ls := d.lines(s, w)
	// A paragraph that starts in a right-to-left script reads right to
	// left, flush right.
	rtl, align := false, "L"
	if len(ls) > 0 && rightToLeft(ls[0]) {
		rtl, align = true, "R"
	}
	for i, line := range ls {
		need := lh
		if i == len(ls)-1 {
			need += tail
		}
		if d.ensure(need) {
			d.font(style, size, c) // the footer changed it
		}
		y := d.pdf.GetY()
		if mark != nil {
			mark(y, lh)
		}
		d.cell(x, y, w, size/fpdfPointsPerMM*1.3, visual(line, rtl), align)
		d.pdf.SetY(y + lh)
	}
}

// ensure starts a new page unless h millimetres still fit on this one, and
// reports whether it did.
func (d *doc) ensure(h float64) bool {
	// At the top of a page a new page would not give more room, only an
	// empty page.
	if y := d.pdf.GetY(); y+h <= bodyBottom || y <= marginTop {
		return false
	}
	d.newPage()
	return true
}

// newPage starts a page with the cursor at the top of the body.
func (d *doc) newPage() {
	d.pdf.AddPage()
	d.pdf.SetY(marginTop)
}

// space moves the cursor down, but not past the body: the next ensure
// starts a new page instead.
func (d *doc) space(h float64) {
	d.pdf.SetY(min(d.pdf.GetY()+h, bodyBottom))
}

// rule draws a thin horizontal line across the content at the cursor.
func (d *doc) rule(c rgb, width float64) {
	y := d.pdf.GetY()
	d.setDraw(c)
	d.pdf.SetLineWidth(width)
	d.pdf.Line(marginLeft, y, contentRight, y)
}

// sectionTitle starts a section on a new page: a bookmark, a large title
// and an introduction.
func (d *doc) sectionTitle(title, intro string) {
	d.newPage()
	d.font(bold, 18, colAccent)
	d.pdf.Bookmark(metaText(title), 0, -1)
	d.para(marginLeft, contentWidth, title, bold, 18, colAccent, nil)
	d.space(1.5)
	if intro != "" {
		d.para(marginLeft, contentWidth, intro, regular, 9.5, colBody, nil)
	}
	d.space(5)
}

// heading draws a small heading that is kept with the next keep
// millimetres of what follows it.
func (d *doc) heading(title string, keep float64) {
	d.ensure(headingHeight() + keep)
	d.para(marginLeft, contentWidth, title, bold, 11.5, colAccent, nil)
	d.space(1.5)
}

// headingHeight is the height heading takes.
func headingHeight() float64 { return lineHeight(11.5) + 1.5 }

// tableRow is a row of a table: its height, and how to draw it at the
// cursor.
type tableRow struct {
	height float64
	draw   func()
}

// maxRowKeep is the most of a row that table keeps on one page: a taller
// row starts where this much fits and continues on the next page.
const maxRowKeep = 60.0

// table draws a table: what comes before it (head, of height headH, such
// as a heading), its column header (of height headerH) and its rows. A
// table that fits on one page is kept whole: it starts on a new page when
// it does not fit on this one. A longer table starts here, when its head,
// header and first row fit, and repeats its header on every new page.
func (d *doc) table(headH float64, head func(), headerH float64, header func(), rows []tableRow) {
	d.drawTable(true, headH, head, headerH, header, rows)
}

// flowTable is table that starts where its head, header and first row
// fit even when the whole table would fit on the next page: a list that
// follows on from what is above it.
func (d *doc) flowTable(headH float64, head func(), headerH float64, header func(), rows []tableRow) {
	d.drawTable(false, headH, head, headerH, header, rows)
}

func (d *doc) drawTable(keepWhole bool, headH float64, head func(), headerH float64, header func(), rows []tableRow) {
	total := headH + headerH
	for _, r := range rows {
		total += r.height
	}
	first := headH + headerH
	if len(rows) > 0 {
		first += min(rows[0].height, maxRowKeep)
	}
	if keepWhole && total <= bodyBottom-marginTop {
		d.ensure(total)
	} else {
		d.ensure(first)
	}
	head()
	header()
	for _, r := range rows {
		if d.ensure(min(r.height, maxRowKeep)) {
			header()
		}
		r.draw()
	}
}

// pillWidth is the width of a pill with a label in a size in points.
func (d *doc) pillWidth(label string, size float64) float64 {
	d.font(bold, size, colWhite)
	return d.width(label) + size*0.55
}

// pill draws a label in white on a rounded coloured box with its left
// edge at x and its top at y.
func (d *doc) pill(x, y float64, label string, fill rgb, size float64) {
	h, w := size*0.55, d.pillWidth(label, size)
	d.setFill(fill)
	d.pdf.RoundedRect(x, y, w, h, h/2, "1234", "F")
	d.textIn(x, y, w, h, label, "C")
}

// tag draws the small red-flag label.
func (d *doc) tag(x, y float64) {
	d.font(bold, 6.5, colFlag)
	w := d.width(flagLabel) + 3
	d.setFill(colFlagBg)
	d.pdf.RoundedRect(x, y, w, tagHeight, 1, "1234", "F")
	d.textIn(x, y, w, tagHeight, flagLabel, "C")
}

// tagHeight is the height of the red-flag label.
const tagHeight = 3.6

// flagLabel is the tag after an answer the rubric marks as a red flag.
const flagLabel = "RED FLAG"

// labelWithFlag draws wrapped text like para, and when flagged puts the
// red-flag tag after the last line, or below it if it does not fit.
func (d *doc) labelWithFlag(x, w float64, s, style string, size float64, c rgb, flagged bool) {
	d.para(x, w, s, style, size, c, nil)
	if !flagged {
		return
	}
	lh := lineHeight(size)
	d.font(style, size, c)
	last := ""
	if ls := d.lines(s, w); len(ls) > 0 {
		last = ls[len(ls)-1]
	}
	tagX, tagY := x+d.width(last)+2, d.pdf.GetY()-lh+(lh-tagHeight)/2
	d.font(bold, 6.5, colFlag)
	if last == "" || tagX+d.width(flagLabel)+3 > x+w {
		d.ensure(lh)
		tagX, tagY = x, d.pdf.GetY()+(lh-tagHeight)/2
		d.space(lh)
	}
	d.tag(tagX, tagY)
}

// footer puts team, period and "page X of Y" at the foot of every page.
func (d *doc) footer() {
	d.setDraw(colRule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginLeft, footerY-2.5, contentRight, footerY-2.5)
	d.font(regular, 7.5, colMuted)
	// The page count's placeholder is wider than the count it stands for;
	// measure a two-digit count so the text ends near the right margin.
	count := d.pageCount()
	page := fmt.Sprintf("Page %d of %s", d.pdf.PageNo(), count)
	extra := d.width(count) - d.width("00")
	d.text(contentRight-60, footerY, 60+extra, page, "R")
	if d.footerText == "" {
		left := fmt.Sprintf("%s · %s · %s", d.res.Team, d.res.Period, d.res.Rubric.Title)
		d.footerText = d.fit(left, contentWidth-40)
	}
	d.text(marginLeft, footerY, contentWidth-40, d.footerText, "L")
}

// bandIndex is the position of a band in the rubric, worst first.
func (d *doc) bandIndex(b rubric.Band) int {
	for i, band := range d.res.Rubric.Bands {
		if band.Min == b.Min && band.Label == b.Label {
			return i
		}
	}
	return 0
}

// bandColor is the colour of the rubric's i-th band.
func (d *doc) bandColor(i int) rgb {
	n := len(d.res.Rubric.Bands)
	if n <= 1 {
		return bandStops[len(bandStops)-1]
	}
	pos := float64(i) / float64(n-1) * float64(len(bandStops)-1)
	lo := int(pos)
	if lo >= len(bandStops)-1 {
		return bandStops[len(bandStops)-1]
	}
	return mix(bandStops[lo], bandStops[lo+1], pos-float64(lo))
}

// scoreColor is the band colour of a 0..100 score, grey for no score.
func (d *doc) scoreColor(score *float64) rgb {
	if score == nil {
		return colMuted
	}
	return d.bandColor(d.bandIndex(d.res.Rubric.Band(*score)))
}

// mix blends a towards b by t (0..1).
func mix(a, b rgb, t float64) rgb {
	f := func(x, y int) int { return x + int(float64(y-x)*t+0.5) }
	return rgb{f(a.r, b.r), f(a.g, b.g), f(a.b, b.b)}
}

// tint is a colour lightened towards white, for backgrounds.
func tint(c rgb, t float64) rgb { return mix(c, colWhite, t) }

// roleColor is the colour of a respondent's role.
func roleColor(role string) rgb {
	switch role {
	case "sales":
		return colSales
	case "marketing":
		return colMarketing
	}
	return colOtherRole
}

package pdf

import (
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// numberQuestions returns the results of the rubric's number questions.
func numberQuestions(res *scoring.Result) []scoring.QuestionResult {
	var out []scoring.QuestionResult
	for _, q := range res.Questions {
		if q.Numbers != nil {
			out = append(out, q)
		}
	}
	return out
}

// The layout of a measured fact: the band strip on the left, the figures
// in a column on the right.
const (
	factStatsWidth = 52.0
	factStripWidth = contentWidth - factStatsWidth - 8
	factStripH     = 5.0
	factStripTop   = 6.5                              // the median's label and mark above the strip
	factMarksH     = 3.2                              // the row of the role medians under the strip
	factBlockH     = factStripTop + factStripH + 18.5 // down to the band labels' third line
)

// measuredFacts draws a page of the number questions: for each, the band
// its numbers fall into, the team's median and range, and the medians of
// sales and marketing where both gave a number.
func (d *doc) measuredFacts(qs []scoring.QuestionResult) {
	intro := "The facts respondents gave as numbers, each on the scale of bands the rubric scores it by " +
		"(greener is better). The bar spans the lowest to the highest number given and the triangle marks " +
		"the median, the middle value; dots are the medians of sales and marketing. " +
		"\u201cWe don't measure this\u201d scores as the lowest band: not measuring is the gap. " +
		"\u201cDon't know\u201d answers are left out of the score and counted."
	d.sectionTitle("Measured facts", intro)
	d.numberLegend()
	d.space(5)
	for i, q := range qs {
		if i > 0 {
			d.space(3)
			if !d.ensure(d.factHeight(q)) {
				d.rule(colRule, 0.2)
				d.space(4)
			}
		}
		d.fact(q)
	}
}

// numberLegend explains the marks of the band strips.
func (d *doc) numberLegend() {
	x, y := marginLeft, d.pdf.GetY()
	item := func(draw func(x, y float64), label string) {
		draw(x, y+2)
		d.font(regular, 8, colBody)
		d.text(x+5, y, 60, label, "L")
		x += 5 + d.width(label) + 7
	}
	item(func(x, y float64) {
		d.setFill(colInk)
		d.pdf.Rect(x, y-0.6, 3.5, 1.2, "F")
	}, "lowest to highest")
	item(func(x, y float64) { d.medianMark(x+1.75, y+1.6, colInk) }, "team median")
	for _, role := range []string{"sales", "marketing"} {
		item(func(x, y float64) {
			d.setFill(roleColor(role))
			d.pdf.Circle(x+1.75, y, 1.1, "F")
		}, role+" median")
	}
	d.pdf.SetY(y + 4)
}

// factHeight is the height of a measured fact, to keep it on one page.
func (d *doc) factHeight(q scoring.QuestionResult) float64 {
	text := d.textHeight(q.Question.Text, bold, 9.5, contentWidth) + lineHeight(7) + 2
	return text + max(factBlockH, float64(len(d.factRows(q)))*(lineHeight(8.5)+0.6)+1)
}

// fact draws one number question: its area and text, the band strip with
// the numbers, and the figures.
func (d *doc) fact(q scoring.QuestionResult) {
	d.ensure(d.factHeight(q))
	d.font(bold, 7, colMuted)
	d.text(marginLeft, d.pdf.GetY(), contentWidth, d.fit(strings.ToUpper(q.Area.Title), contentWidth), "L")
	d.space(lineHeight(7) + 0.5)
	d.para(marginLeft, contentWidth, q.Question.Text, bold, 9.5, colInk, nil)
	d.space(1.5)
	y := d.pdf.GetY()
	d.bandStrip(marginLeft, y+factStripTop, factStripWidth, q)
	bottom := y + factBlockH
	d.pdf.SetY(y + 1)
	d.factFigures(contentRight-factStatsWidth, factStatsWidth, q)
	d.pdf.SetY(max(d.pdf.GetY(), bottom))
}

// factRow is a line of a fact's figures: a label and a value.
type factRow struct {
	label, value string
	c            rgb
	strong       bool
}

// factRows are the figures of a number question.
func (d *doc) factRows(q scoring.QuestionResult) []factRow {
	n, unit := q.Numbers, q.Question.Unit
	var rows []factRow
	if n.Team == nil {
		rows = append(rows, factRow{label: "Median", value: "no numbers", c: colMuted})
	} else {
		rows = append(rows, factRow{label: "Median", value: report.FormatNumber(n.Team.Median, unit), c: colInk, strong: true})
		if n.Team.N > 1 {
			rows = append(rows, factRow{label: "Range", value: report.FormatNumber(n.Team.Min, "") + " to " + report.FormatNumber(n.Team.Max, ""), c: colBody})
		}
		rows = append(rows, factRow{label: "Numbers given", value: fmt.Sprint(n.Team.N), c: colBody})
	}
	sales, hasSales := n.Roles["sales"]
	marketing, hasMarketing := n.Roles["marketing"]
	if hasSales && hasMarketing {
		rows = append(rows,
			factRow{label: "Sales median", value: report.FormatNumber(sales.Median, unit), c: colSales},
			factRow{label: "Marketing median", value: report.FormatNumber(marketing.Median, unit), c: colMarketing})
	}
	if n.Unmeasured > 0 {
		rows = append(rows, factRow{label: "Not measured", value: fmt.Sprint(n.Unmeasured), c: colBody})
	}
	if q.DontKnow > 0 {
		rows = append(rows, factRow{label: "Don't know", value: fmt.Sprint(q.DontKnow), c: colBody})
	}
	if q.NA > 0 {
		rows = append(rows, factRow{label: "Not applicable", value: fmt.Sprint(q.NA), c: colBody})
	}
	return rows
}

// factFigures draws the figures of a number question as a small table.
func (d *doc) factFigures(x, w float64, q scoring.QuestionResult) {
	for _, r := range d.factRows(q) {
		y := d.pdf.GetY()
		d.font(regular, 8, colMuted)
		d.text(x, y, w*0.48, r.label, "L")
		style := regular
		if r.strong {
			style = bold
		}
		d.font(style, 8.5, r.c)
		d.text(x+w*0.48, y, w*0.52, d.fit(r.value, w*0.52), "R")
		d.pdf.SetY(y + lineHeight(8.5) + 0.6)
	}
}

// stripScale maps the numbers of a question onto a band strip where every
// band is equally wide: a band of 0 to 1 hours is as visible as one of 4
// to 24. Within a band the scale is linear; the last, open band ends at
// twice the width of the band before it (within the question's range), and
// numbers beyond it sit at its end.
type stripScale struct {
	x, w   float64
	bounds []float64 // band i runs from bounds[i] to bounds[i+1]
}

func newStripScale(x, w float64, q *rubric.Question) stripScale {
	b := append([]float64{q.Min}, q.Below...)
	last := q.Below[len(q.Below)-1]
	step := last - q.Min
	if len(q.Below) > 1 {
		step = max(last-q.Below[len(q.Below)-2], last)
	}
	b = append(b, min(q.Max, last+step))
	if b[len(b)-1] <= last { // the range ends at the last bound
		b[len(b)-1] = last + 1
	}
	return stripScale{x: x, w: w, bounds: b}
}

// bandWidth is the width of one band.
func (s stripScale) bandWidth() float64 { return s.w / float64(len(s.bounds)-1) }

// at returns the position of the number v, and whether it lies beyond the
// end of the strip.
func (s stripScale) at(v float64) (float64, bool) {
	n := len(s.bounds) - 1
	for i := range n {
		lo, hi := s.bounds[i], s.bounds[i+1]
		if v < hi || i == n-1 {
			frac := (v - lo) / (hi - lo)
			beyond := frac > 1
			frac = max(0, min(1, frac))
			return s.x + (float64(i)+frac)*s.bandWidth(), beyond
		}
	}
	return s.x + s.w, true
}

// bandStrip draws the bands of a number question as coloured segments with
// their bounds below, and the team's numbers on them.
func (d *doc) bandStrip(x, y, w float64, q scoring.QuestionResult) {
	qu := q.Question
	sc := newStripScale(x, w, qu)
	bands := qu.Bands()
	lo, hi := qu.PointRange()
	bw := sc.bandWidth()
	for i, o := range bands {
		s := 100 * (o.Points - lo) / (hi - lo)
		c := d.scoreColor(&s)
		bx := x + float64(i)*bw
		d.setFill(tint(c, 0.55))
		d.pdf.Rect(bx+0.25, y, bw-0.5, factStripH, "F")
		if o.RedFlag {
			d.setFill(colFlag)
			d.pdf.Rect(bx+0.25, y+factStripH-0.7, bw-0.5, 0.7, "F")
		}
		// The band's label under it, when it fits on three lines.
		d.font(regular, 6.5, colBody)
		if ls := d.lines(o.Label, bw-1.5); len(ls) <= 3 {
			for li, l := range ls {
				d.text(bx+0.75, y+factStripH+factMarksH+3.6+float64(li)*lineHeight(6.5), bw-1.5, l, "C")
			}
		}
	}
	// The bounds between the bands, and the ends.
	d.font(regular, 6.5, colMuted)
	for i, b := range sc.bounds {
		label := report.FormatNumber(b, "")
		bx := x + float64(i)*bw
		switch i {
		case 0:
			d.text(bx, y+factStripH+factMarksH, 12, label, "L")
		case len(sc.bounds) - 1:
			if b < qu.Max {
				label += "+"
			}
			d.text(bx-12, y+factStripH+factMarksH, 12, label, "R")
		default:
			d.text(bx-6, y+factStripH+factMarksH, 12, label, "C")
		}
	}
	if qu.Unit != "" {
		d.font(italic, 6.5, colMuted)
		d.text(x, y-5.8, w, qu.Unit, "R")
	}

	n := q.Numbers
	if n.Team == nil {
		d.font(italic, 7.5, colMuted)
		d.text(x, y-5.8, w-20, "No numbers given", "L")
		return
	}
	// The range as a bar over the strip, the median as a triangle above it.
	x0, _ := sc.at(n.Team.Min)
	x1, beyond := sc.at(n.Team.Max)
	d.setFill(colInk)
	d.pdf.Rect(x0, y+factStripH/2-0.6, max(x1-x0, 0.4), 1.2, "F")
	d.pdf.Rect(x0-0.2, y+0.8, 0.4, factStripH-1.6, "F")
	d.pdf.Rect(x1-0.2, y+0.8, 0.4, factStripH-1.6, "F")
	if beyond {
		d.font(bold, 7, colInk)
		d.text(x1+0.5, y, 5, "›", "L")
	}
	mx, _ := sc.at(n.Team.Median)
	d.medianMark(mx, y-0.3, colInk)
	label := "median " + report.FormatNumber(n.Team.Median, "")
	d.font(bold, 7, colInk)
	lw := d.width(label) + 1
	lx := min(max(mx-lw/2, x), x+w-lw)
	d.text(lx, y-6.2, lw, label, "C")
	// Sales and marketing medians, when both gave a number, below the
	// strip's top edge.
	sales, hasSales := n.Roles["sales"]
	marketing, hasMarketing := n.Roles["marketing"]
	if hasSales && hasMarketing {
		for _, m := range []struct {
			v    float64
			role string
		}{{sales.Median, "sales"}, {marketing.Median, "marketing"}} {
			px, _ := sc.at(m.v)
			d.setFill(colWhite)
			d.pdf.Circle(px, y+factStripH+1.6, 1.45, "F")
			d.setFill(roleColor(m.role))
			d.pdf.Circle(px, y+factStripH+1.6, 1.1, "F")
		}
	}
}

// medianMark draws the median's triangle, pointing down at (x, y).
func (d *doc) medianMark(x, y float64, c rgb) {
	d.setFill(c)
	d.pdf.Polygon([]fpdf.PointType{{X: x - 1.6, Y: y - 2.4}, {X: x + 1.6, Y: y - 2.4}, {X: x, Y: y}}, "F")
}

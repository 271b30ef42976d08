package pdf

import (
	"fmt"
	"math"
	"slices"

	"codeberg.org/go-pdf/fpdf"

	"github.com/alignaudit/audit/internal/report"
)

// Charts are drawn row by row, each row checking that it fits, so a chart
// with many rows continues on the next page instead of running off this
// one.

// barRow is one bar of a chart: a label and a 0..100 score, if any.
type barRow struct {
	label string
	score *float64
}

// Chart columns: labels on the left, the 0..100 plot, values on the right.
const (
	chartLabelWidth = 60.0
	chartPlotX      = marginLeft + chartLabelWidth + 3
)

// xOf maps a 0..100 score to a position on a plot starting at x, width w.
func xOf(x, w, score float64) float64 {
	return x + w*math.Max(0, math.Min(100, score))/100
}

// bandScale draws the bands as a strip of tinted segments labelled with
// their names, the key to every chart's colours.
func (d *doc) bandScale(x, y, w, h float64) {
	bands := d.res.Rubric.Bands
	for i, b := range bands {
		to := 100.0
		if i+1 < len(bands) {
			to = bands[i+1].Min
		}
		x0, x1 := xOf(x, w, b.Min), xOf(x, w, to)
		c := d.bandColor(i)
		d.setFill(tint(c, 0.78))
		d.pdf.Rect(x0, y, x1-x0, h, "F")
		d.font(bold, 6.5, mix(c, colInk, 0.35))
		if d.width(b.Label)+1 <= x1-x0 {
			d.text(x0, y, x1-x0, b.Label, "C")
		}
	}
}

// thresholds draws the band boundaries as dashed vertical lines from y0
// to y1.
func (d *doc) thresholds(x, w, y0, y1 float64) {
	d.setDraw(rgb{170, 178, 188})
	d.pdf.SetLineWidth(0.2)
	d.pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
	for _, b := range d.res.Rubric.Bands[1:] {
		bx := xOf(x, w, b.Min)
		d.pdf.Line(bx, y0, bx, y1)
	}
	d.pdf.SetDashPattern(nil, 0)
}

// axis draws 0..100 tick labels under a plot.
func (d *doc) axis(x, w, y float64) {
	d.font(regular, 6.5, colMuted)
	for v := 0.0; v <= 100; v += 20 {
		d.text(xOf(x, w, v)-5, y, 10, fmt.Sprint(v), "C")
	}
}

// scoreBar draws a 0..100 bar: a grey track, filled to the score in its
// band colour.
func (d *doc) scoreBar(x, y, w, h float64, score *float64) {
	d.setFill(colTrack)
	d.pdf.Rect(x, y, w, h, "F")
	if score == nil {
		return
	}
	d.setFill(d.scoreColor(score))
	d.pdf.Rect(x, y, xOf(x, w, *score)-x, h, "F")
}

// areaChart draws horizontal bars of area scores coloured by band, on a
// 0..100 axis with the band boundaries marked.
func (d *doc) areaChart(rows []barRow) {
	valueW := 13.0
	plotW := contentRight - valueW - chartPlotX
	rowH, labelLines := 8.0, 2
	if len(rows) > 8 {
		rowH, labelLines = math.Max(5, 68/float64(len(rows))), 1
	}
	d.ensure(6 + rowH*float64(min(len(rows), 3)))
	y := d.pdf.GetY()
	d.bandScale(chartPlotX, y, plotW, 4)
	d.pdf.SetY(y + 5)
	for _, row := range rows {
		if d.ensure(rowH + 5) {
			d.bandScale(chartPlotX, d.pdf.GetY(), plotW, 4)
			d.space(5)
		}
		y := d.pdf.GetY()
		d.rowLabel(marginLeft, y, chartLabelWidth, rowH, row.label, regular, labelLines, 8.5)
		barH := math.Min(4.6, rowH*0.55)
		d.scoreBar(chartPlotX, y+(rowH-barH)/2, plotW, barH, row.score)
		d.thresholds(chartPlotX, plotW, y, y+rowH)
		if row.score == nil {
			d.font(italic, 7.5, colMuted)
			d.textIn(chartPlotX+2, y, plotW, rowH, "not answered", "L")
		}
		d.font(bold, 9.5, mix(d.scoreColor(row.score), colInk, 0.3))
		d.textIn(contentRight-valueW, y, valueW, rowH, report.FormatScore(row.score), "R")
		d.pdf.SetY(y + rowH)
	}
	d.axis(chartPlotX, plotW, d.pdf.GetY()+0.5)
	d.space(5)
}

// rowLabel draws a label of at most maxLines lines, vertically centred in
// a row and cut short with "…" if it is longer.
func (d *doc) rowLabel(x, y, w, h float64, label, style string, maxLines int, size float64) {
	d.font(style, size, colInk)
	ls := d.lines(label, w)
	if len(ls) > maxLines {
		ls = ls[:maxLines]
		ls[maxLines-1] = d.fit(ls[maxLines-1]+" …", w)
	}
	lh := lineHeight(size)
	top := y + (h-float64(len(ls))*lh)/2
	for i, l := range ls {
		d.text(x, top+float64(i)*lh, w, l, "L")
	}
}

// dot is one respondent's answer as a 0..100 score, coloured by role.
type dot struct {
	score float64
	color rgb
}

// dotStripHeight is the height dotStrip draws in.
const dotStripHeight = 9.0

// dotStrip draws each answer as a dot on a 0..100 line, equal answers
// stacked, with the band segments under the line and a tick at the mean:
// the spread of a team's answers at a glance.
func (d *doc) dotStrip(x, y, w float64, dots []dot, mean *float64) {
	lineY := y + dotStripHeight - 2.2
	bands := d.res.Rubric.Bands
	for i, b := range bands {
		to := 100.0
		if i+1 < len(bands) {
			to = bands[i+1].Min
		}
		d.setFill(tint(d.bandColor(i), 0.55))
		d.pdf.Rect(xOf(x, w, b.Min), lineY, xOf(x, w, to)-xOf(x, w, b.Min), 0.9, "F")
	}
	// Equal answers stack upwards; beyond maxStack a number says how many.
	const r, maxStack = 1.05, 3
	type stack struct {
		score float64
		n     int
	}
	var stacks []stack // in the order answers come, so output is stable
	d.pdf.SetLineWidth(0.25)
	d.setDraw(colWhite)
	for _, dt := range dots {
		k := slices.IndexFunc(stacks, func(s stack) bool { return math.Abs(s.score-dt.score) < 0.05 })
		if k < 0 {
			stacks = append(stacks, stack{score: dt.score})
			k = len(stacks) - 1
		}
		n := stacks[k].n
		stacks[k].n++
		if n < maxStack {
			d.setFill(dt.color)
			d.pdf.Circle(xOf(x, w, dt.score), lineY-r-0.4-float64(n)*2*r, r, "FD")
		}
	}
	// The count goes above its stack, kept inside the strip; near the
	// strip's right end, where the question's score is printed above it,
	// it goes beside the stack's top dot instead.
	const labelW = 8.0
	for _, s := range stacks {
		if s.n <= maxStack {
			continue
		}
		d.font(bold, 5.5, colMuted)
		sx := xOf(x, w, s.score)
		switch {
		case sx+labelW/2 > x+w-scoreNumberWidth:
			top := lineY - r - 0.4 - float64(maxStack-1)*2*r
			d.textIn(sx-r-0.6-labelW, top-1.2, labelW, 2.4, fmt.Sprint(s.n), "R")
		case sx-labelW/2 < x:
			d.text(x, y-1.8, labelW, fmt.Sprint(s.n), "L")
		default:
			d.text(sx-labelW/2, y-1.8, labelW, fmt.Sprint(s.n), "C")
		}
	}
	if mean != nil {
		mx := xOf(x, w, *mean)
		d.setFill(colInk)
		d.pdf.Polygon([]fpdf.PointType{{X: mx, Y: lineY + 1.1}, {X: mx - 1.1, Y: lineY + 2.5}, {X: mx + 1.1, Y: lineY + 2.5}}, "F")
	}
}

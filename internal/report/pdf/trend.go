package pdf

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
)

// maxTrendPeriods is how many quarters the trend shows, the current one
// included: three years.
const maxTrendPeriods = 12

// trend is the team's scores by quarter, oldest first, ending with the
// current period.
type trend struct {
	periods  []string
	versions []string // the rubric version of each period ("" when unknown)
	overall  []*float64
	areas    [][]*float64 // [area index in the rubric][period]
	// sales, marketing and gap (sales − marketing) by period; nil where
	// a quarter has none.
	sales, marketing, gap []*float64
	dropped               int // earlier quarters left out to keep the chart readable
}

// newTrend combines the earlier snapshots with the current result, or
// returns nil when there are no earlier periods. Snapshots of the current
// period or later are ignored: the result itself is the current period.
func newTrend(res *scoring.Result, history []scoring.Snapshot) *trend {
	var earlier []scoring.Snapshot
	for _, s := range history {
		if s.Period < res.Period {
			earlier = append(earlier, s)
		}
	}
	if len(earlier) == 0 {
		return nil
	}
	sort.SliceStable(earlier, func(i, j int) bool { return earlier[i].Period < earlier[j].Period })
	// The same period twice: the later snapshot wins, as in the tracker.
	for i := len(earlier) - 1; i > 0; i-- {
		if earlier[i-1].Period == earlier[i].Period {
			earlier = append(earlier[:i-1], earlier[i:]...)
		}
	}
	t := &trend{areas: make([][]*float64, len(res.Areas))}
	if n := len(earlier) + 1; n > maxTrendPeriods {
		t.dropped = n - maxTrendPeriods
		earlier = earlier[t.dropped:]
	}
	for _, s := range earlier {
		t.periods = append(t.periods, s.Period)
		t.versions = append(t.versions, s.Version)
		t.overall = append(t.overall, s.Overall)
		t.sales = append(t.sales, s.Sales)
		t.marketing = append(t.marketing, s.Marketing)
		t.gap = append(t.gap, s.Gap)
		for i, a := range res.Areas {
			t.areas[i] = append(t.areas[i], s.Areas[a.Area.Title])
		}
	}
	t.periods = append(t.periods, res.Period)
	t.versions = append(t.versions, res.Rubric.Version)
	t.overall = append(t.overall, res.Overall)
	t.sales = append(t.sales, res.Sales)
	t.marketing = append(t.marketing, res.Marketing)
	t.gap = append(t.gap, res.Gap)
	for i, a := range res.Areas {
		t.areas[i] = append(t.areas[i], a.Score)
	}
	return t
}

// hasSides says some quarter has both a sales and a marketing score.
func (t *trend) hasSides() bool {
	for i := range t.periods {
		if t.sales[i] != nil && t.marketing[i] != nil {
			return true
		}
	}
	return false
}

// changed reports whether the rubric's version changed between periods i-1
// and i: their scores are on different scales. A period whose version is
// unknown (a tracker row without one) is taken to be comparable.
func (t *trend) changed(i int) bool {
	return i > 0 && t.versions[i-1] != "" && t.versions[i] != "" && t.versions[i-1] != t.versions[i]
}

// overallChange says how the overall score moved since the period before
// the current one: "up 3.2 points since 2026-Q2 (40.6)", or that it cannot
// be compared because the rubric changed.
func (t *trend) overallChange() (string, bool) {
	n := len(t.periods)
	if t.changed(n - 1) {
		return fmt.Sprintf("not comparable with %s, which was scored with version %s of the rubric (now %s)",
			t.periods[n-2], t.versions[n-2], t.versions[n-1]), true
	}
	prev, cur := t.overall[n-2], t.overall[n-1]
	if prev == nil || cur == nil {
		return "", false
	}
	return fmt.Sprintf("%s since %s (%s)", changeWords(*cur-*prev), t.periods[n-2], report.FormatScore(prev)), true
}

// changeWords says a change in points in words: "up 3.2 points".
func changeWords(delta float64) string {
	switch r := math.Round(delta*10) / 10; {
	case r > 0:
		return fmt.Sprintf("up %.1f points", r)
	case r < 0:
		return fmt.Sprintf("down %.1f points", -r)
	}
	return "unchanged"
}

// signed formats a change with its sign: "+3.2", "−1.0", "0.0".
func signed(delta float64) string {
	r := math.Round(delta*10) / 10
	switch {
	case r > 0:
		return fmt.Sprintf("+%.1f", r)
	case r < 0:
		return fmt.Sprintf("−%.1f", -r)
	}
	return "0.0"
}

// quarterIndex numbers quarters so that consecutive ones differ by one;
// ok is false for a period not of the form YYYY-Qn.
func quarterIndex(period string) (int, bool) {
	if len(period) != 7 || period[4:6] != "-Q" {
		return 0, false
	}
	year, err1 := strconv.Atoi(period[:4])
	q, err2 := strconv.Atoi(period[6:])
	if err1 != nil || err2 != nil || q < 1 || q > 4 {
		return 0, false
	}
	return year*4 + q - 1, true
}

// trend draws the trend chart of the overall and area scores by quarter
// and a table of the recent quarters with the change since the last one.
func (d *doc) trend(t *trend) {
	intro := fmt.Sprintf("The overall and area scores of each quarter this team was audited, up to %s. "+
		"Earlier quarters come from the tracker workbook.", d.res.Period)
	for i := range t.periods {
		if t.changed(i) {
			intro += fmt.Sprintf(" The rubric changed from version %s to %s in %s (dashed line): scores before and after are on different scales, so the lines are not joined there and no change is computed across it.",
				t.versions[i-1], t.versions[i], t.periods[i])
		}
	}
	if t.dropped > 0 {
		intro += fmt.Sprintf(" The %d oldest quarters are left out.", t.dropped)
	}
	d.sectionTitle("Trend by quarter", intro)
	if change, ok := t.overallChange(); ok {
		d.para(marginLeft, contentWidth, "Overall "+report.FormatScore(d.res.Overall)+" in "+d.res.Period+": "+change+".",
			bold, 11, colInk, nil)
		d.space(4)
	}
	d.lineChart(t)
	d.space(6)
	if t.hasSides() {
		d.sidesChart(t)
		d.space(6)
	}
	d.trendTable(t)
}

// lineChart plots the overall score as a bold line and each area as a
// thin coloured one on 0..100, over the bands, with the overall target as
// a dashed line when the tracker has one.
func (d *doc) lineChart(t *trend) {
	const chartH = 78.0
	d.ensure(chartH + 12)
	c := d.chartFrame(t, chartH)
	for i := range t.areas {
		d.series(t, c, t.areas[i], seriesColors[i%len(seriesColors)], 0.35, 0.7)
	}
	if target, ok := d.overallTarget(); ok {
		d.targetLine(c, target)
	}
	d.series(t, c, t.overall, colInk, 0.9, 1.3)
	// Overall values above their points, on white so lines do not cross
	// them.
	d.font(bold, 7.5, colInk)
	for i, v := range t.overall {
		if v != nil {
			label := report.FormatScore(v)
			w := d.width(label) + 2
			d.setFill(colWhite)
			d.pdf.RoundedRect(c.xs[i]-w/2, c.yOf(*v)-6.2, w, 3.8, 0.8, "1234", "F")
			d.textIn(c.xs[i]-w/2, c.yOf(*v)-6.2, w, 3.8, label, "C")
		}
	}
	d.pdf.SetY(c.bottom + 7)
	d.trendLegend()
}

// chart is the frame of a trend chart: where each quarter is, and how a
// score maps to a height.
type chart struct {
	xs           []float64 // by period
	plotX, plotW float64
	top, bottom  float64
}

// yOf is the height of a 0..100 score on the chart.
func (c chart) yOf(v float64) float64 {
	return c.bottom - (c.bottom-c.top)*math.Max(0, math.Min(100, v))/100
}

// chartFrame draws the frame of a trend chart chartH high at the cursor:
// the bands as faint zones labelled at the right, the grid, the quarters
// under it (spaced by the calendar, so a skipped quarter leaves a gap) and
// a dashed line where the rubric's version changes.
func (d *doc) chartFrame(t *trend, chartH float64) chart {
	const bandLabelW = 20.0
	c := chart{plotX: marginLeft + 9, plotW: contentWidth - 9 - bandLabelW, top: d.pdf.GetY()}
	c.bottom = c.top + chartH
	plotX, plotW, top, bottom := c.plotX, c.plotW, c.top, c.bottom

	bands := d.res.Rubric.Bands
	for i, b := range bands {
		to := 100.0
		if i+1 < len(bands) {
			to = bands[i+1].Min
		}
		d.setFill(tint(d.bandColor(i), 0.9))
		d.pdf.Rect(plotX, c.yOf(to), plotW, c.yOf(b.Min)-c.yOf(to), "F")
		d.font(bold, 6.5, mix(d.bandColor(i), colInk, 0.2))
		if c.yOf(b.Min)-c.yOf(to) > 3 {
			d.textIn(plotX+plotW+2, c.yOf(to), bandLabelW-2, c.yOf(b.Min)-c.yOf(to), d.fit(b.Label, bandLabelW-2), "L")
		}
	}
	d.setDraw(colWhite)
	d.pdf.SetLineWidth(0.3)
	d.font(regular, 6.5, colMuted)
	for v := 0.0; v <= 100; v += 20 {
		d.pdf.Line(plotX, c.yOf(v), plotX+plotW, c.yOf(v))
		d.text(marginLeft, c.yOf(v)-1.6, 7, fmt.Sprint(v), "R")
	}

	c.xs = make([]float64, len(t.periods))
	first, okFirst := quarterIndex(t.periods[0])
	last, okLast := quarterIndex(t.periods[len(t.periods)-1])
	pad := 8.0
	for i, p := range t.periods {
		frac := float64(i) / float64(len(t.periods)-1)
		if q, ok := quarterIndex(p); ok && okFirst && okLast && last > first {
			frac = float64(q-first) / float64(last-first)
		}
		c.xs[i] = plotX + pad + frac*(plotW-2*pad)
		d.font(regular, 7, colBody)
		d.text(c.xs[i]-10, bottom+1.5, 20, p, "C")
	}

	// A change of rubric version: a dashed line between the two quarters,
	// labelled with the new version.
	for i := range t.periods {
		if !t.changed(i) {
			continue
		}
		mx := (c.xs[i-1] + c.xs[i]) / 2
		d.setDraw(colAccent)
		d.pdf.SetLineWidth(0.35)
		d.pdf.SetDashPattern([]float64{1.2, 1}, 0)
		d.pdf.Line(mx, top-1, mx, bottom)
		d.pdf.SetDashPattern(nil, 0)
		label := "Rubric " + t.versions[i]
		d.font(bold, 6.5, colAccent)
		w := d.width(label) + 2
		d.setFill(colWhite)
		d.pdf.Rect(mx+0.8, top-0.5, w, 3.6, "F")
		d.text(mx+1.8, top-0.7, w, label, "L")
	}
	return c
}

// series draws one line of a trend chart: points joined where both
// quarters have a score on the same rubric version.
func (d *doc) series(t *trend, c chart, vals []*float64, col rgb, lw, r float64) {
	d.setDraw(col)
	d.setFill(col)
	d.pdf.SetLineWidth(lw)
	for i := 1; i < len(vals); i++ {
		if vals[i-1] != nil && vals[i] != nil && !t.changed(i) {
			d.pdf.Line(c.xs[i-1], c.yOf(*vals[i-1]), c.xs[i], c.yOf(*vals[i]))
		}
	}
	for i, v := range vals {
		if v != nil {
			d.pdf.Circle(c.xs[i], c.yOf(*v), r, "F")
		}
	}
}

// targetLine draws a target across the chart as a dashed line, labelled
// at its right end.
func (d *doc) targetLine(c chart, target followup.Target) {
	y := c.yOf(target.Score)
	d.setDraw(colAccent)
	d.pdf.SetLineWidth(0.45)
	d.pdf.SetDashPattern([]float64{2, 1.2}, 0)
	d.pdf.Line(c.plotX, y, c.plotX+c.plotW, y)
	d.pdf.SetDashPattern(nil, 0)
	label := targetWords(target)
	d.font(bold, 6.5, colAccent)
	w := d.width(label) + 2
	x := c.plotX + c.plotW - w - 1
	d.setFill(colWhite)
	d.pdf.RoundedRect(x, y-4.2, w, 3.4, 0.6, "1234", "F")
	d.textIn(x, y-4.2, w, 3.4, label, "C")
}

// sidesChart plots the sales and marketing scores by quarter, with the gap
// between them (sales − marketing) written at each quarter, in red where
// it reaches the rubric's threshold.
func (d *doc) sidesChart(t *trend) {
	const chartH = 52.0
	d.heading("Sales and marketing by quarter", chartH+20)
	d.para(marginLeft, contentWidth, "The overall scores of the sales and the marketing respondents, and the gap between them "+
		"(sales − marketing) under each quarter: the audit is about closing it.", regular, 8.5, colMuted, nil)
	d.space(5)
	c := d.chartFrame(t, chartH)
	for i := range t.periods {
		s, m := t.sales[i], t.marketing[i]
		if s == nil || m == nil {
			continue
		}
		// Light and behind the lines, so the bar reads as the distance
		// between them and the marketing line keeps its colour.
		col := tint(colMuted, 0.65)
		if d.res.Highlighted(t.gap[i]) {
			col = tint(colFlag, 0.55)
		}
		d.setDraw(col)
		d.pdf.SetLineWidth(2.4)
		d.pdf.Line(c.xs[i], c.yOf(*s), c.xs[i], c.yOf(*m))
	}
	d.series(t, c, t.sales, colSales, 0.9, 1.2)
	d.series(t, c, t.marketing, colMarketing, 0.9, 1.2)
	for i := range t.periods {
		if t.gap[i] == nil {
			continue
		}
		col := colBody
		if d.res.Highlighted(t.gap[i]) {
			col = colFlag
		}
		d.font(bold, 7, col)
		d.text(c.xs[i]-10, c.bottom+4.6, 20, "gap "+report.FormatGap(t.gap[i]), "C")
	}
	d.pdf.SetY(c.bottom + 10)
	y := d.pdf.GetY()
	x := marginLeft
	for _, e := range []struct {
		label string
		c     rgb
	}{{"Sales", colSales}, {"Marketing", colMarketing}} {
		d.setDraw(e.c)
		d.pdf.SetLineWidth(0.7)
		d.pdf.Line(x, y+2, x+7, y+2)
		d.font(regular, 8, colBody)
		d.text(x+9, y, 30, e.label, "L")
		x += 9 + d.width(e.label) + 8
	}
	d.font(regular, 8, colMuted)
	d.text(x, y, contentRight-x, fmt.Sprintf("Gaps of %g points or more either way in red.", d.res.GapThreshold), "L")
	d.pdf.SetY(y + 4.5)
}

// trendLegend names the lines of the trend chart, in two columns.
func (d *doc) trendLegend() {
	colW := contentWidth / 2
	entries := []struct {
		label string
		c     rgb
		lw    float64
	}{{"Overall", colInk, 0.9}}
	for i, a := range d.res.Areas {
		entries = append(entries, struct {
			label string
			c     rgb
			lw    float64
		}{a.Area.Title, seriesColors[i%len(seriesColors)], 0.5})
	}
	rows := (len(entries) + 1) / 2
	d.ensure(float64(rows) * 4.5)
	y := d.pdf.GetY()
	for i, e := range entries {
		x := marginLeft + float64(i/rows)*colW
		ly := y + float64(i%rows)*4.5
		d.setDraw(e.c)
		d.pdf.SetLineWidth(e.lw)
		d.pdf.Line(x, ly+2, x+7, ly+2)
		style := regular
		if i == 0 {
			style = bold
		}
		d.font(style, 8, colBody)
		d.text(x+9, ly, colW-12, d.fit(e.label, colW-12), "L")
	}
	d.pdf.SetY(y + float64(rows)*4.5)
}

// trendTable shows the scores of the last few quarters and the change
// since the one before the current period.
func (d *doc) trendTable(t *trend) {
	const maxCols = 5
	from := max(0, len(t.periods)-maxCols)
	periods := t.periods[from:]
	colW, changeW, targetW := 16.0, 18.0, 0.0
	if len(d.opts.FollowUp.Targets) > 0 {
		targetW = 30
	}
	labelW := contentWidth - float64(len(periods))*colW - changeW - targetW
	versioned := false
	for i := range periods {
		versioned = versioned || t.changed(from+i)
	}
	headerH := 5.5
	if versioned {
		headerH += 3.2
	}
	header := func() {
		y := d.pdf.GetY()
		d.font(bold, 7, colMuted)
		d.text(marginLeft, y, labelW, "AREA", "L")
		for i, p := range periods {
			d.text(marginLeft+labelW+float64(i)*colW, y, colW, p, "R")
		}
		d.text(contentRight-changeW-targetW, y, changeW, "CHANGE", "R")
		if targetW > 0 {
			d.text(contentRight-targetW, y, targetW, "TARGET", "R")
		}
		if versioned {
			// The rubric version of each quarter under its period.
			d.font(regular, 6.5, colMuted)
			for i := range periods {
				d.text(marginLeft+labelW+float64(i)*colW, y+3.2, colW, "v"+t.versions[from+i], "R")
			}
			y += 3.2
		}
		d.pdf.SetY(y + 4.5)
		d.rule(colRule, 0.3)
		d.space(1)
	}
	rowH := lineHeight(9) + 1.5
	// row is a line of the table; a gap row counts a change towards 0 as
	// better, and an area's (or the overall) target follows its change.
	row := func(label string, vals []*float64, strong, gap bool, target string) tableRow {
		return tableRow{height: rowH, draw: func() {
			style := regular
			if strong {
				style = bold
			}
			y := d.pdf.GetY()
			d.font(style, 9, colInk)
			d.text(marginLeft, y, labelW-2, d.fit(label, labelW-2), "L")
			for i, v := range vals[from:] {
				d.font(style, 9, colBody)
				value := report.FormatScore(v)
				if gap {
					value = report.FormatGap(v)
				}
				d.text(marginLeft+labelW+float64(i)*colW, y, colW, value, "R")
			}
			n := len(vals)
			change, c := "–", colMuted
			if vals[n-2] != nil && vals[n-1] != nil && !t.changed(n-1) {
				delta := *vals[n-1] - *vals[n-2]
				change = signed(delta)
				better := delta
				if gap {
					better = math.Abs(*vals[n-2]) - math.Abs(*vals[n-1])
				}
				c = changeColor(better)
			}
			d.font(bold, 9, c)
			d.text(contentRight-changeW-targetW, y, changeW, change, "R")
			if target != "" {
				d.font(regular, 8, colBody)
				d.text(contentRight-targetW, y, targetW, target, "R")
			}
			d.pdf.SetY(y + rowH)
		}}
	}
	target := func(area string) string {
		if tg, ok := d.opts.FollowUp.Target(area); ok {
			return followup.FormatTarget(tg.Score) + " by " + tg.By
		}
		return ""
	}
	rows := []tableRow{row("Overall", t.overall, true, false, target(followup.OverallArea))}
	for i, a := range d.res.Areas {
		rows = append(rows, row(a.Area.Title, t.areas[i], false, false, target(a.Area.Title)))
	}
	if t.hasSides() {
		rows = append(rows, row("Sales", t.sales, false, false, ""), row("Marketing", t.marketing, false, false, ""),
			row("Gap (sales − marketing)", t.gap, true, true, ""))
	}
	const title = "Scores by quarter"
	d.table(headingHeight(), func() { d.heading(title, 0) }, headerH, header, rows)
	d.font(regular, 7.5, colMuted)
	d.space(1)
	note := fmt.Sprintf("Change: %s against %s, in points.", d.res.Period, t.periods[len(t.periods)-2])
	if n := len(t.periods); t.changed(n - 1) {
		note = fmt.Sprintf("Change: none shown, because %s was scored with rubric version %s and %s with %s, which are different scales.",
			t.periods[n-2], t.versions[n-2], d.res.Period, t.versions[n-1])
	}
	d.para(marginLeft, contentWidth, note, regular, 7.5, colMuted, nil)
}

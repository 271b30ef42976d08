package pdf

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
)

// salesAndMarketing returns the results of the two roles when both
// answered.
func salesAndMarketing(res *scoring.Result) (sales, marketing *scoring.RoleResult, ok bool) {
	sales, okS := res.Role("sales")
	marketing, okM := res.Role("marketing")
	return sales, marketing, okS && okM
}

// perceptionGap draws sales against marketing per area, calls out the
// large gaps and lists the questions where the two sides differ most.
func (d *doc) perceptionGap(sales, marketing *scoring.RoleResult) {
	intro := fmt.Sprintf("The same answers scored separately for the %s and the %s. "+
		"A large gap means the two teams experience the same area differently; agree on the facts "+
		"before fixing it, or each side will see the other's plan as solving the wrong problem. "+
		"The gap is sales minus marketing: positive where sales sees it higher, negative where marketing does. "+
		"Gaps of %g points or more either way are highlighted.",
		respondentsOf(sales), respondentsOf(marketing), d.res.GapThreshold)
	d.sectionTitle("Perception gap: sales and marketing", intro)
	d.anchor(gapSection)

	res := d.res
	rows := []gapRow{{label: "Overall", a: res.Sales, b: res.Marketing, gap: res.Gap, big: res.Highlighted(res.Gap), strong: true}}
	for _, a := range res.Areas {
		rows = append(rows, gapRow{label: a.Area.Title, a: a.Sales, b: a.Marketing, gap: a.Gap, big: res.Highlighted(a.Gap)})
	}
	d.pairedChart(rows, "Sales", "Marketing")
	d.space(4)

	d.heading(fmt.Sprintf("Gaps of %g points or more", res.GapThreshold), 10)
	called := 0
	for _, r := range rows[1:] {
		if !r.big {
			continue
		}
		higher, lower := "marketing", "sales"
		if *r.gap > 0 {
			higher, lower = "sales", "marketing"
		}
		text := fmt.Sprintf("Gap %s: %s sees it %.1f points higher than %s (sales %s, marketing %s).",
			report.FormatGap(r.gap), higher, math.Abs(*r.gap), lower, report.FormatScore(r.a), report.FormatScore(r.b))
		d.bullet(r.label, text, colFlag)
		called++
	}
	if called == 0 {
		d.para(marginLeft, contentWidth, fmt.Sprintf("None: in every area the two teams are less than %g points apart.", res.GapThreshold),
			regular, 9, colBody, nil)
	}
	d.space(5)
	d.questionGaps(sales, marketing, 5)
}

func respondentsOf(r *scoring.RoleResult) string {
	return fmt.Sprintf("%d %s respondent%s", r.Respondents, r.Role, report.Plural(r.Respondents))
}

// bullet draws a bold lead-in on its own line and a sentence under it,
// with a coloured square in front.
func (d *doc) bullet(lead, text string, c rgb) {
	x := marginLeft + 5
	w := contentRight - x
	d.ensure(d.textHeight(lead, bold, 9, w) + lineHeight(9))
	y := d.pdf.GetY()
	d.setFill(c)
	d.pdf.Rect(marginLeft+0.5, y+1.2, 2, 2, "F")
	d.para(x, w, lead, bold, 9, colInk, nil)
	d.para(x, w, text, regular, 9, colBody, nil)
	d.space(2)
}

// gapRow is one row of the paired chart: the two roles' scores and their
// gap as scoring defines it (a − b), and whether it is highlighted.
type gapRow struct {
	label  string
	a, b   *float64
	gap    *float64
	big    bool
	strong bool // the overall row, set apart from the areas
}

// pairedChart draws two bars per row, sales over marketing, with the gap
// on the right; rows with a highlighted gap are marked.
func (d *doc) pairedChart(rows []gapRow, nameA, nameB string) {
	gapW := 20.0
	plotW := contentRight - gapW - 4 - chartPlotX
	rowH, barH := 11.0, 3.4

	// Legend and column head.
	y := d.pdf.GetY()
	x := chartPlotX
	for _, l := range []struct {
		name string
		c    rgb
	}{{nameA, colSales}, {nameB, colMarketing}} {
		d.setFill(l.c)
		d.pdf.Rect(x, y+1, 3, 3, "F")
		d.font(regular, 8.5, colBody)
		d.text(x+4.5, y, 40, l.name, "L")
		x += 4.5 + d.width(l.name) + 8
	}
	d.font(bold, 7, colMuted)
	d.text(contentRight-gapW, y, gapW, "GAP", "R")
	d.pdf.SetY(y + 7)

	for _, r := range rows {
		d.ensure(rowH + 5)
		y := d.pdf.GetY()
		gap, big := r.gap, r.big
		style := regular
		if r.strong {
			style = bold
		}
		d.rowLabel(marginLeft, y, chartLabelWidth, rowH, r.label, style, 2, 8.5)
		d.setFill(colTrack)
		d.pdf.Rect(chartPlotX, y+(rowH/2)-barH-0.4, plotW, 2*barH+0.8, "F")
		d.thresholds(chartPlotX, plotW, y+0.5, y+rowH-0.5)
		for i, v := range []*float64{r.a, r.b} {
			by := y + rowH/2 - barH - 0.4 + float64(i)*(barH+0.8)
			c := colSales
			if i == 1 {
				c = colMarketing
			}
			if v == nil {
				d.font(italic, 6.5, colMuted)
				d.text(chartPlotX+1, by, 30, "no answers", "L")
				continue
			}
			end := xOf(chartPlotX, plotW, *v)
			d.setFill(c)
			d.pdf.Rect(chartPlotX, by, end-chartPlotX, barH, "F")
			d.font(regular, 6.5, colBody)
			label := report.FormatScore(v)
			if end+1+d.width(label) > chartPlotX+plotW {
				d.font(bold, 6.5, colWhite)
				d.text(end-1-d.width(label), by, d.width(label), label, "R")
			} else {
				d.text(end+1, by, 12, label, "L")
			}
		}
		gapColor := colBody
		if big {
			gapColor = colFlag
			d.setFill(colFlagBg)
			d.pdf.RoundedRect(contentRight-13, y+rowH/2-3, 14, 6, 1.2, "1234", "F")
		}
		d.font(bold, 10, gapColor)
		d.textIn(contentRight-gapW, y, gapW-1.5, rowH, report.FormatGap(gap), "R")
		d.pdf.SetY(y + rowH)
		if r.strong {
			d.setDraw(colRule)
			d.pdf.SetLineWidth(0.3)
			d.pdf.Line(marginLeft, y+rowH+1, contentRight, y+rowH+1)
			d.space(2)
		}
	}
	d.axis(chartPlotX, plotW, d.pdf.GetY()+0.5)
	d.space(5)
}

// questionGap is a question both roles answered, with their scores.
type questionGap struct {
	q                scoring.QuestionResult
	sales, marketing float64 // 0..100
}

// questionGaps lists the n questions where sales and marketing scores
// differ most, with what each side answered.
func (d *doc) questionGaps(sales, marketing *scoring.RoleResult, n int) {
	var gaps []questionGap
	for _, q := range d.res.Questions {
		s, m := sales.Questions[q.Question.ID], marketing.Questions[q.Question.ID]
		if s == nil || m == nil || math.Abs(*s-*m) < 0.005 {
			continue
		}
		gaps = append(gaps, questionGap{q: q, sales: 100 * *s, marketing: 100 * *m})
	}
	sort.SliceStable(gaps, func(i, j int) bool {
		return math.Abs(gaps[i].sales-gaps[i].marketing) > math.Abs(gaps[j].sales-gaps[j].marketing)+1e-9
	})
	if len(gaps) > n {
		gaps = gaps[:n]
	}
	const title = "Where the two sides differ most"
	if len(gaps) == 0 {
		d.heading(title, 10)
		d.para(marginLeft, contentWidth, "Nowhere: sales and marketing gave answers worth the same on every question both answered.",
			regular, 9, colBody, nil)
		return
	}
	const intro = "Scores 0–100 per question, with the answers each side chose."
	numW := 18.0
	textW := contentWidth - 3*numW - 4
	head := func() {
		d.heading(title, 0)
		d.para(marginLeft, contentWidth, intro, regular, 8.5, colMuted, nil)
		d.space(2)
	}
	headH := headingHeight() + d.textHeight(intro, regular, 8.5, contentWidth) + 2
	header := func() {
		y := d.pdf.GetY()
		d.font(bold, 7, colMuted)
		d.text(marginLeft, y, textW, "QUESTION", "L")
		for i, h := range []string{"SALES", "MARKETING", "GAP"} {
			d.text(contentRight-float64(3-i)*numW, y, numW, h, "R")
		}
		d.pdf.SetY(y + 4.5)
		d.rule(colRule, 0.3)
		d.space(1.5)
	}
	rows := make([]tableRow, len(gaps))
	for k, g := range gaps {
		salesSaid := "Sales: " + d.chosenBy(g.q, "sales")
		marketingSaid := "Marketing: " + d.chosenBy(g.q, "marketing")
		h := d.textHeight(g.q.Question.Text, bold, 9, textW) + 0.5 + d.textHeight(salesSaid, regular, 8, textW) +
			d.textHeight(marketingSaid, regular, 8, textW) + 4
		rows[k] = tableRow{height: h, draw: func() {
			y := d.pdf.GetY()
			gap := scoring.Gap(&g.sales, &g.marketing)
			for i, v := range []string{fmt.Sprintf("%.0f", g.sales), fmt.Sprintf("%.0f", g.marketing), fmt.Sprintf("%+.0f", *gap)} {
				c := colBody
				if i == 2 {
					c = colInk
					if d.res.Highlighted(gap) {
						c = colFlag
					}
					if v == "+0" || v == "-0" {
						v = "0"
					}
				}
				d.font(bold, 9.5, c)
				d.text(contentRight-float64(3-i)*numW, y, numW, v, "R")
			}
			d.para(marginLeft, textW, g.q.Question.Text, bold, 9, colInk, nil)
			d.space(0.5)
			d.para(marginLeft, textW, salesSaid, regular, 8, colSales, nil)
			d.para(marginLeft, textW, marketingSaid, regular, 8, colMarketing, nil)
			d.space(2)
			d.rule(colRule, 0.2)
			d.space(2)
		}}
	}
	d.table(headH, head, 6, header, rows)
}

// chosenBy lists the options a role chose for a question, with counts
// when several chose the same; for a number question, the role's median
// first.
func (d *doc) chosenBy(q scoring.QuestionResult, role string) string {
	var parts []string
	if q.Numbers != nil {
		if sp, ok := q.Numbers.Roles[role]; ok {
			parts = append(parts, "median "+report.FormatNumber(sp.Median, q.Question.Unit))
		}
	}
	for i := range q.Question.Options {
		o := &q.Question.Options[i]
		n := 0
		for _, r := range q.Responses {
			if r.Option == o && d.res.Respondents[r.Respondent].Role == role {
				n++
			}
		}
		switch {
		case n == 1:
			parts = append(parts, "“"+o.Label+"”")
		case n > 1:
			parts = append(parts, fmt.Sprintf("“%s” (%d)", o.Label, n))
		}
	}
	return strings.Join(parts, "; ")
}

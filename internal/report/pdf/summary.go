package pdf

import (
	"fmt"
	"strings"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
)

// summary draws page 1: who and when, the overall score and band, the
// area chart, the top three actions and the red flags.
func (d *doc) summary() {
	res, r := d.res, d.res.Rubric
	d.newPage()
	d.font(bold, 8.5, colAccent) // a UTF-8 font first: the bookmark's encoding follows it
	d.pdf.Bookmark("Summary", 0, -1)

	// Title block.
	d.text(marginLeft, d.pdf.GetY(), contentWidth-40, d.fit(strings.ToUpper(r.Title), contentWidth-40), "L")
	d.font(regular, 8.5, colMuted)
	d.text(contentRight-40, d.pdf.GetY(), 40, "Rubric version "+r.Version, "R")
	d.space(6)
	d.para(marginLeft, contentWidth, res.Team, bold, 24, colInk, nil)
	d.space(0.5)
	sub := "Alignment report for " + res.Period
	if date := d.reportDate(); date != "" {
		sub += " · " + date
	}
	d.para(marginLeft, contentWidth, sub, regular, 12, colBody, nil)
	d.space(1)
	d.para(marginLeft, contentWidth, "Respondents: "+report.RespondentSummary(res), regular, 9.5, colMuted, nil)
	d.space(5)

	d.scorePanel()
	d.space(7)

	d.heading("Scores by area", 40)
	rows := make([]barRow, len(res.Areas))
	for i, a := range res.Areas {
		rows[i] = barRow{label: a.Area.Title, score: a.Score}
	}
	d.areaChart(rows)
	d.space(6)

	d.topActions(3)
	d.space(5)
	d.redFlagList()
}

// scorePanel draws the overall score, its band and what the band means,
// with the change since last quarter and the sales/marketing split when
// there are any.
func (d *doc) scorePanel() {
	res := d.res
	x, y := marginLeft, d.pdf.GetY()
	numW := 52.0
	textX := x + numW + 4
	textW := contentRight - 6 - textX

	summary := "No question was answered, so there is no score."
	if res.Band != nil {
		summary = res.Band.Summary
	}
	var notes []string
	if t := newTrend(res, d.opts.History); t != nil {
		if change, ok := t.overallChange(); ok {
			notes = append(notes, "Overall score "+change+".")
		}
	}
	if res.Gap != nil {
		notes = append(notes, fmt.Sprintf("Sales score %s, marketing %s: a gap of %s points, %s (see Perception gap).",
			report.FormatScore(res.Sales), report.FormatScore(res.Marketing), report.FormatGap(res.Gap), report.GapSide(*res.Gap)))
	}
	h := 7 + d.textHeight(summary, regular, 10.5, textW) + 5
	for _, n := range notes {
		h += d.textHeight(n, regular, 8.5, textW) + 1
	}
	h = max(h+4, 36)

	col := d.scoreColor(res.Overall)
	d.setFill(colPanel)
	d.pdf.Rect(x, y, contentWidth, h, "F")
	d.setFill(col)
	d.pdf.Rect(x, y, 1.8, h, "F")

	d.font(bold, 7.5, colMuted)
	d.text(x+6, y+4, numW, "OVERALL SCORE", "L")
	d.font(bold, 38, mix(col, colInk, 0.25))
	score := report.FormatScore(res.Overall)
	d.text(x+6, y+10, numW, score, "L")
	if res.Overall != nil {
		d.font(regular, 9, colMuted)
		d.text(x+6, y+h-9, numW, "out of 100", "L")
	}

	d.pdf.SetY(y + 5)
	if res.Band != nil {
		d.pill(textX, y+5, res.Band.Label, col, 10)
		d.pdf.SetY(y + 12)
	}
	d.para(textX, textW, summary, regular, 10.5, colInk, nil)
	d.space(3)
	for _, n := range notes {
		d.para(textX, textW, n, regular, 8.5, colBody, nil)
		d.space(1)
	}
	d.pdf.SetY(y + h)
}

// topActions lists the n actions that gain the most, with their advice.
func (d *doc) topActions(n int) {
	acts := d.res.Actions
	title := "Top three actions"
	if len(acts) < n {
		n = len(acts)
		title = "Top actions"
	}
	d.heading(title, 16)
	if n == 0 {
		d.para(marginLeft, contentWidth, noActions(d.res), regular, 9.5, colBody, nil)
		return
	}
	d.para(marginLeft, contentWidth, "The changes that would raise the overall score most, with the points each would add.", regular, 8.5, colMuted, nil)
	d.space(2.5)
	for i, a := range acts[:n] {
		d.actionItem(i+1, a)
		d.space(3)
	}
}

// actionItem draws one action: a gain badge, the question, its advice and
// its area.
func (d *doc) actionItem(num int, a scoring.Action) {
	badgeW := 17.0
	x := marginLeft + badgeW + 4
	w := contentRight - x
	h := d.textHeight(a.Question.Text, bold, 9.5, w) + d.textHeight(a.Question.Advice, regular, 9, w) + lineHeight(7.5) + 1
	d.ensure(min(h, 40))
	y := d.pdf.GetY()
	d.setFill(tint(colAccent, 0.88))
	d.pdf.RoundedRect(marginLeft, y, badgeW, 10, 1.5, "1234", "F")
	d.font(bold, 11, colAccent)
	d.text(marginLeft, y+1, badgeW, fmt.Sprintf("+%.1f", a.Gain), "C")
	d.font(regular, 6.5, colAccent)
	d.text(marginLeft, y+5.6, badgeW, "points", "C")

	d.font(bold, 7, colMuted)
	d.text(x, y, w, d.fit(fmt.Sprintf("%d · %s", num, strings.ToUpper(a.Area.Title)), w), "L")
	d.pdf.SetY(y + lineHeight(7.5) + 0.5)
	d.para(x, w, a.Question.Text, bold, 9.5, colInk, nil)
	d.para(x, w, a.Question.Advice, regular, 9, colBody, nil)
	if d.pdf.GetY() < y+10 {
		d.pdf.SetY(y + 10)
	}
}

// redFlagList lists the answers the rubric marks as warning signs, as many
// as fit on the page; the area pages mark all of them.
func (d *doc) redFlagList() {
	flags := d.res.RedFlags
	d.heading("Red flags", 10)
	if len(flags) == 0 {
		d.para(marginLeft, contentWidth, "None: nobody chose an answer the rubric marks as a warning sign.", regular, 9.5, colBody, nil)
		return
	}
	d.para(marginLeft, contentWidth, "Answers the rubric marks as warning signs, whatever the score.", regular, 8.5, colMuted, nil)
	d.space(2)
	x := marginLeft + 5
	w := contentRight - x
	total := len(d.res.Respondents)
	for i, f := range flags {
		text := f.Question.Text
		detail := "“" + f.Option.Label + "”"
		if total > 1 {
			detail += fmt.Sprintf(", chosen by %d of %d respondents", f.Count, total)
		}
		h := d.textHeight(text, bold, 9, w) + d.textHeight(detail, regular, 8.5, w) + 2
		// Keep the summary to one page: when the flags left do not fit,
		// point to the area sections instead of running on.
		need := h
		if i < len(flags)-1 {
			need += 2 + lineHeight(9) // the space after this flag, and room for the pointer
		}
		if d.pdf.PageNo() == 1 && d.pdf.GetY()+need > bodyBottom {
			more := fmt.Sprintf("… and %d more, marked in the area sections.", len(flags)-i)
			if i == 0 {
				more = fmt.Sprintf("%d red flags, marked in the area sections.", len(flags))
			}
			d.para(marginLeft, contentWidth, more, italic, 9, colBody, nil)
			return
		}
		d.ensure(h)
		y := d.pdf.GetY()
		d.setFill(colFlag)
		d.pdf.Rect(marginLeft+0.5, y+1.2, 2, 2, "F")
		d.para(x, w, text, bold, 9, colInk, nil)
		d.para(x, w, detail, regular, 8.5, colBody, nil)
		d.space(2)
	}
}

// noActions says why there is no action.
func noActions(res *scoring.Result) string {
	if res.Overall == nil {
		return "None: no question was answered."
	}
	return "None: every answered question already has the best answer."
}

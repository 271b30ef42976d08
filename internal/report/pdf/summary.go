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
	type note struct{ text, ref string } // ref: the anchor whose page ends the note
	var notes []note
	if t := newTrend(res, d.opts.History); t != nil {
		if change, ok := t.overallChange(); ok {
			notes = append(notes, note{text: "Overall score " + change + "."})
		}
	}
	if res.Gap != nil {
		notes = append(notes, note{text: fmt.Sprintf("Sales score %s, marketing %s: a gap of %s points, %s; see Perception gap, page",
			report.FormatScore(res.Sales), report.FormatScore(res.Marketing), report.FormatGap(res.Gap), report.GapSide(*res.Gap)),
			ref: gapSection})
	}
	targets, actions := d.followUpNotes()
	if targets != "" {
		notes = append(notes, note{text: targets})
	}
	if actions != "" {
		notes = append(notes, note{text: actions, ref: followUpSection})
	}
	h := 7 + d.textHeight(summary, regular, 10.5, textW) + 5
	for _, n := range notes {
		if n.ref != "" {
			h += d.refHeight(n.text, regular, 8.5, textW) + 1
		} else {
			h += d.textHeight(n.text, regular, 8.5, textW) + 1
		}
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
		if n.ref != "" {
			d.paraRef(textX, textW, n.text, n.ref, regular, 8.5, colBody)
		} else {
			d.para(textX, textW, n.text, regular, 8.5, colBody, nil)
		}
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

// redFlagList lists the answers the rubric marks as warning signs. On
// page 1 it lists as many in full as fit, and the rest one line each with
// the page of the area section that marks them; when not even those lines
// fit, the last one says from which page on the rest are marked.
func (d *doc) redFlagList() {
	flags := d.res.RedFlags
	if room := bodyBottom - d.pdf.GetY(); d.pdf.PageNo() == 1 && len(flags) > 0 &&
		room < headingHeight()+10 && room >= lineHeight(9.5)+1 {
		// Page 1 is full (a long team name, the tracker's follow-up): one
		// line says where the red flags are, rather than a page of their
		// own.
		d.space(1)
		d.paraRef(marginLeft, contentWidth, fmt.Sprintf("Red flags: %d answer%s the rubric marks as warning signs, marked in the area sections from page",
			len(flags), report.Plural(len(flags))), questionAnchor(flags[0].Question.ID), bold, 9.5, colFlag)
		return
	}
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
	detail := func(f scoring.RedFlag) string {
		s := "“" + f.Option.Label + "”"
		if total > 1 {
			s += fmt.Sprintf(", chosen by %d of %d respondents", f.Count, total)
		}
		return s
	}
	heights := make([]float64, len(flags))
	for i, f := range flags {
		heights[i] = d.textHeight(f.Question.Text, bold, 9, w) + d.textHeight(detail(f), regular, 8.5, w) + 2
	}
	// full is how many flags are listed in full: all of them after page 1,
	// else as many as fit with a line for each of the rest.
	full := len(flags)
	compactH := lineHeight(8.5) + 0.6
	if d.pdf.PageNo() == 1 {
		room := bodyBottom - d.pdf.GetY()
		used := 0.0
		full = 0
		for full < len(flags) {
			rest := 0.0
			if left := len(flags) - full - 1; left > 0 {
				rest = lineHeight(8.5) + 1 + float64(left)*compactH
			}
			if used+heights[full]+rest > room {
				break
			}
			used += heights[full]
			full++
		}
	}
	square := func(y float64) {
		d.setFill(colFlag)
		d.pdf.Rect(marginLeft+0.5, y+1.2, 2, 2, "F")
	}
	for i, f := range flags[:full] {
		d.ensure(heights[i])
		square(d.pdf.GetY())
		d.para(x, w, f.Question.Text, bold, 9, colInk, nil)
		d.para(x, w, detail(f), regular, 8.5, colBody, nil)
		d.space(2)
	}
	rest := flags[full:]
	if len(rest) == 0 {
		return
	}
	lead := fmt.Sprintf("%d more, marked in the area sections", len(rest))
	if full == 0 {
		lead = fmt.Sprintf("%d red flags, marked in the area sections", len(rest))
	}
	headH := d.textHeight(lead+":", italic, 8.5, contentWidth) + 1
	if room := bodyBottom - d.pdf.GetY(); room < headH+float64(min(len(rest), 2))*compactH {
		// No room for a line each, not even for the first and a pointer:
		// one line says where they are, and the summary stays on page 1.
		d.paraRef(marginLeft, contentWidth, lead+" from page", questionAnchor(rest[0].Question.ID), italic, 8.5, colBody)
		return
	}
	d.para(marginLeft, contentWidth, lead+":", italic, 8.5, colBody, nil)
	d.space(1)
	pageW := 16.0
	for i, f := range rest {
		y := d.pdf.GetY()
		if i < len(rest)-1 && y+2*compactH > bodyBottom {
			// No room for a line each: say where the rest begin.
			d.paraRef(x, w, fmt.Sprintf("… and %d more, marked in the area sections from page", len(rest)-i),
				questionAnchor(f.Question.ID), italic, 8.5, colBody)
			return
		}
		square(y - 0.6)
		d.font(regular, 8.5, colBody)
		d.refAt(questionAnchor(f.Question.ID), contentRight-pageW, y, pageW, d.boxHeight(), "page\u00a0%d", "R")
		d.text(x, y, w-pageW-2, d.fit(f.Question.Text+" — "+detail(f), w-pageW-2), "L")
		d.pdf.SetY(y + compactH)
	}
}

// noActions says why there is no action.
func noActions(res *scoring.Result) string {
	if res.Overall == nil {
		return "None: no question was answered."
	}
	return "None: every answered question already has the best answer."
}

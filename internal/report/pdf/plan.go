package pdf

import (
	"fmt"
	"math"
	"strings"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/scoring"
)

// The action plan's columns.
const (
	planNumWidth  = 8.0
	planAreaWidth = 34.0
	planGainWidth = 16.0
	planTextWidth = contentWidth - planNumWidth - planAreaWidth - planGainWidth - 8
	planTextX     = marginLeft + planNumWidth
	planAreaX     = planTextX + planTextWidth + 4
)

// actionPlan lists every action with its gain: the first few in full,
// with where the team stands, the best answer and the advice, the rest in
// a compact table. A question that already has an open action from an
// earlier quarter says so, with its owner.
func (d *doc) actionPlan() {
	acts := d.res.Actions
	full := d.fullActions()
	intro := "Every question where the team's answers fall short of the best answer, ranked by how many points " +
		"the overall score would gain if everyone gave the best answer."
	if d.res.Overall != nil && len(acts) > 0 {
		total := 0.0
		for _, a := range acts {
			total += a.Gain
		}
		// The gains are linear in the question scores, so they add up to
		// the distance from today's score to 100.
		if math.Abs(total-(100-*d.res.Overall)) <= 0.05 {
			intro += fmt.Sprintf(" The gains add up: together they are the %.1f points between today's score and 100.", total)
		} else {
			intro += fmt.Sprintf(" Together they are worth %.1f points.", total)
		}
	}
	if len(acts) > full {
		intro += fmt.Sprintf(" The first %d are set out in full; the other %d follow in a table, with the team's score on each now.",
			full, len(acts)-full)
	}
	d.sectionTitle("Action plan", intro)
	if len(acts) == 0 {
		d.para(marginLeft, contentWidth, noActions(d.res), regular, 9.5, colBody, nil)
		return
	}
	d.planHeader()
	for i, a := range acts[:full] {
		d.planRow(i+1, a)
	}
	if len(acts) > full {
		d.compactPlan(full, acts[full:])
	}
}

// fullActions is how many actions the action plan sets out in full.
func (d *doc) fullActions() int {
	n := d.opts.Actions
	if n <= 0 {
		n = DefaultActions
	}
	return min(n, len(d.res.Actions))
}

// columnHead is the head of one column of a table: where it is, its
// text and its alignment ("L" or "R").
type columnHead struct {
	x, w        float64
	text, align string
}

// columnHeads draws a table's column heads in small capitals over a rule,
// and leaves space after it before the first row.
func (d *doc) columnHeads(space float64, heads ...columnHead) {
	y := d.pdf.GetY()
	d.font(bold, 7, colMuted)
	for _, h := range heads {
		d.text(h.x, y, h.w, h.text, h.align)
	}
	d.pdf.SetY(y + 4.5)
	d.rule(colRule, 0.3)
	d.space(space)
}

// planHeader draws the column heads of the action plan.
func (d *doc) planHeader() {
	d.columnHeads(2,
		columnHead{marginLeft, planNumWidth, "#", "L"},
		columnHead{planTextX, planTextWidth, "ACTION", "L"},
		columnHead{planAreaX, planAreaWidth, "AREA", "L"},
		columnHead{contentRight - planGainWidth, planGainWidth, "GAIN", "R"})
}

// planRow draws one action: the question, where the team stands and the
// best answer, the advice, its area and its gain, and its open action
// from an earlier quarter, if any.
func (d *doc) planRow(num int, a scoring.Action) {
	now := fmt.Sprintf("Team score now %.0f of 100. Best answer: “%s”", 100*a.Score, a.Question.Best().Label)
	open, hasOpen := d.opts.FollowUp.OpenAction(a.Question.ID)
	h := d.textHeight(a.Question.Text, bold, 9, planTextWidth) + d.textHeight(now, regular, 7.5, planTextWidth) +
		d.textHeight(a.Question.Advice, regular, 8.5, planTextWidth) + 2
	if hasOpen {
		h += d.textHeight(openActionWords(open), bold, 7.5, planTextWidth) + 0.8
	}
	h = max(h, d.textHeight(a.Area.Title, regular, 7.5, planAreaWidth))
	if d.ensure(min(h, 50) + 4) {
		d.planHeader()
	}
	y := d.pdf.GetY()
	d.font(bold, 9, colMuted)
	d.text(marginLeft, y, planNumWidth, fmt.Sprint(num), "L")
	d.font(bold, 10, colAccent)
	d.text(contentRight-planGainWidth, y, planGainWidth, fmt.Sprintf("+%.1f", a.Gain), "R")
	d.pdf.SetY(y)
	d.para(planAreaX, planAreaWidth, a.Area.Title, regular, 7.5, colMuted, nil)
	areaEnd := d.pdf.GetY()

	d.pdf.SetY(y)
	d.para(planTextX, planTextWidth, a.Question.Text, bold, 9, colInk, nil)
	d.para(planTextX, planTextWidth, now, regular, 7.5, colMuted, nil)
	if hasOpen {
		d.space(0.8)
		d.para(planTextX, planTextWidth, openActionWords(open), bold, 7.5, statusColor(open.State()), nil)
	}
	d.space(0.8)
	d.para(planTextX, planTextWidth, a.Question.Advice, regular, 8.5, colBody, nil)
	d.pdf.SetY(max(d.pdf.GetY(), areaEnd) + 2)
	if d.pdf.GetY() < bodyBottom-2 {
		d.rule(colRule, 0.2)
		d.space(2)
	}
}

// The compact plan's columns, after the number: the question, its area,
// the team's score on it now and the gain.
const (
	compactNowWidth  = 12.0
	compactTextWidth = contentWidth - planNumWidth - planAreaWidth - compactNowWidth - planGainWidth - 8
	compactAreaX     = planTextX + compactTextWidth + 4
	compactNowX      = compactAreaX + planAreaWidth + 2
)

// compactPlan lists the actions after the first skip, one row each: the
// question, its open action if any, its area, the score now and the gain.
func (d *doc) compactPlan(skip int, acts []scoring.Action) {
	header := func() {
		d.columnHeads(1.2,
			columnHead{marginLeft, planNumWidth, "#", "L"},
			columnHead{planTextX, compactTextWidth, "QUESTION", "L"},
			columnHead{compactAreaX, planAreaWidth, "AREA", "L"},
			columnHead{compactNowX, compactNowWidth, "NOW", "R"},
			columnHead{contentRight - planGainWidth, planGainWidth, "GAIN", "R"})
	}
	rows := make([]tableRow, len(acts))
	for i, a := range acts {
		num := skip + i + 1
		open, hasOpen := d.opts.FollowUp.OpenAction(a.Question.ID)
		h := d.textHeight(a.Question.Text, regular, 8.5, compactTextWidth)
		if hasOpen {
			h += d.textHeight(openActionWords(open), bold, 7, compactTextWidth)
		}
		h = max(h, d.textHeight(a.Area.Title, regular, 7, planAreaWidth)) + 2.4
		rows[i] = tableRow{height: h, draw: func() {
			y := d.pdf.GetY()
			d.font(regular, 8.5, colMuted)
			d.text(marginLeft, y, planNumWidth, fmt.Sprint(num), "L")
			d.font(regular, 8.5, colBody)
			d.text(compactNowX, y, compactNowWidth, fmt.Sprintf("%.0f", 100*a.Score), "R")
			d.font(bold, 8.5, colAccent)
			d.text(contentRight-planGainWidth, y, planGainWidth, fmt.Sprintf("+%.1f", a.Gain), "R")
			d.para(compactAreaX, planAreaWidth, a.Area.Title, regular, 7, colMuted, nil)
			areaEnd := d.pdf.GetY()
			d.pdf.SetY(y)
			d.para(planTextX, compactTextWidth, a.Question.Text, regular, 8.5, colInk, nil)
			if hasOpen {
				d.para(planTextX, compactTextWidth, openActionWords(open), bold, 7, statusColor(open.State()), nil)
			}
			d.pdf.SetY(max(d.pdf.GetY(), areaEnd) + 1.2)
			if d.pdf.GetY() < bodyBottom-1 {
				d.rule(colRule, 0.15)
				d.space(1.2)
			}
		}}
	}
	d.space(3)
	title := fmt.Sprintf("The other %d actions", len(acts))
	d.flowTable(headingHeight(), func() { d.heading(title, 0) }, 6, header, rows)
}

// methodology explains how the numbers are made, names the rubric and
// lists the respondents.
func (d *doc) methodology() {
	res, r := d.res, d.res.Rubric
	d.space(8)
	d.ensure(60)
	d.pdf.Bookmark("How the scores are computed", 0, -1)
	d.heading("How the scores are computed", 30)
	steps := []string{
		"Each answer becomes a score s = (p − min) / (max − min), where p is the points of the chosen option and min and max " +
			"are the fewest and most points the question offers: 0 is the worst answer, 1 the best. “Not applicable” and " +
			"missing answers are left out, not counted as zero.",
		"A question's team score is the mean s of everyone who answered it.",
		"An area's score is 100 × Σ(w·s) / Σw over its answered questions, where w is the question's weight.",
		"The overall score is Σ(W·A) / ΣW over the areas that have a score, where A is the area's score and W its weight.",
		"An action's gain is how many points the overall score would rise if that question's team score became 1, all else equal.",
		"The perception gap applies the same computation to the sales respondents and the marketing respondents separately.",
	}
	// Only rubrics with number or don't-know questions need the two rules
	// below; other reports stay as they were.
	if len(numberQuestions(res)) > 0 {
		steps = append(steps[:1], append([]string{
			"A number answer falls into one of the question's bands, and the band counts as the chosen option. " +
				"“We don't measure this” counts as its own answer, usually as the worst: not measuring is the gap.",
		}, steps[1:]...)...)
	}
	if report.HasDontKnow(r) {
		steps = append(steps[:1], append([]string{
			"“Don't know” is left out like “Not applicable”, and counted apart: many don't-knows on a question are a finding in themselves.",
		}, steps[1:]...)...)
	}
	for _, s := range steps {
		d.ensure(2 * lineHeight(9))
		y := d.pdf.GetY()
		d.setFill(colAccent)
		d.pdf.Rect(marginLeft+0.8, y+1.6, 1.2, 1.2, "F")
		d.para(marginLeft+5, contentWidth-5, s, regular, 9, colBody, nil)
		d.space(1.2)
	}

	d.space(3)
	d.heading("Bands", 8)
	for i, b := range r.Bands {
		to := "100"
		if i+1 < len(r.Bands) {
			to = fmt.Sprintf("%g", r.Bands[i+1].Min)
		}
		x := marginLeft + 48
		d.ensure(d.textHeight(b.Summary, regular, 8.5, contentRight-x) + 1.5)
		y := d.pdf.GetY()
		d.setFill(d.bandColor(i))
		d.pdf.RoundedRect(marginLeft, y+0.6, 3, 3, 0.6, "1234", "F")
		d.font(bold, 8.5, colInk)
		d.text(marginLeft+5, y, 25, b.Label, "L")
		d.font(regular, 8.5, colMuted)
		d.text(marginLeft+30, y, 16, fmt.Sprintf("%g–%s", b.Min, to), "L")
		d.para(x, contentRight-x, b.Summary, regular, 8.5, colBody, nil)
		d.space(1.5)
	}

	d.space(3)
	d.heading("Rubric and respondents", 12)
	rubricText := fmt.Sprintf("%s, id “%s”, version %s: %d questions in %d areas. Area weights: %s.",
		r.Title, r.ID, r.Version, r.NumQuestions(), len(r.Areas), areaWeights(res))
	d.para(marginLeft, contentWidth, rubricText, regular, 9, colBody, nil)
	d.space(2)
	named := namedRespondents(res)
	people := make([]string, len(named))
	for i, p := range named {
		people[i] = fmt.Sprintf("%s (%s)", p.Name, p.Role)
	}
	list := strings.Join(people, ", ")
	if more := len(res.Respondents) - len(named); more > 0 {
		list += fmt.Sprintf(" and %d more: see the Answers sheet of the report workbook", more)
	}
	d.para(marginLeft, contentWidth, fmt.Sprintf("Respondents, %d: %s.", len(res.Respondents), list), regular, 9, colBody, nil)
	if len(res.Warnings) > 0 {
		d.space(3)
		d.heading("Notes from scoring", 8)
		for _, w := range res.Warnings {
			d.para(marginLeft, contentWidth, w, regular, 8.5, colBody, nil)
			d.space(1)
		}
	}
}

// areaWeights lists each area's weight: "Shared goals 1.5, Messaging 1".
func areaWeights(res *scoring.Result) string {
	parts := make([]string, len(res.Areas))
	for i, a := range res.Areas {
		parts[i] = fmt.Sprintf("%s %g", a.Area.Title, a.Area.Weight)
	}
	return strings.Join(parts, ", ")
}

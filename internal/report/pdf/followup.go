package pdf

import (
	"fmt"
	"math"

	"github.com/alignaudit/audit/internal/followup"
)

// DefaultActions is how many actions the action plan shows in full when
// Options.Actions is 0.
const DefaultActions = 5

// FollowUpTexts are the texts of a follow-up that the report may show,
// for MissingRunes: what the manager typed (owners, statuses, notes) and
// the actions' questions and areas.
func FollowUpTexts(f followup.FollowUp) []string {
	var out []string
	for _, a := range f.Actions {
		out = append(out, a.Question, a.Area, a.Owner, a.Status, a.Notes, a.Raised)
	}
	for _, t := range f.Targets {
		out = append(out, t.Area, t.By)
	}
	return out
}

// The follow-up table's columns: the action (question, area, notes), its
// owner, due date, status and the change in its question's score.
const (
	fuOwnerWidth  = 30.0
	fuDueWidth    = 19.0
	fuStatusWidth = 21.0
	fuScoreWidth  = 27.0
	fuGutter      = 3.0
	fuTextWidth   = contentWidth - fuOwnerWidth - fuDueWidth - fuStatusWidth - fuScoreWidth - 4*fuGutter
	fuOwnerX      = marginLeft + fuTextWidth + fuGutter
	fuDueX        = fuOwnerX + fuOwnerWidth + fuGutter
	fuStatusX     = fuDueX + fuDueWidth + fuGutter
	fuScoreX      = contentRight - fuScoreWidth
)

// statusColor is the colour of an action's state.
func statusColor(state string) rgb {
	switch state {
	case followup.StatusDone:
		return bandStops[2]
	case followup.StatusInProgress:
		return bandStops[1]
	case followup.StatusDropped:
		return colOtherRole
	}
	return colAccent
}

// changeColor is green for a rise, red for a fall, grey for none, as the
// trend table colours changes.
func changeColor(delta float64) rgb {
	switch r := math.Round(delta * 10); {
	case r > 0:
		return bandStops[2]
	case r < 0:
		return bandStops[0]
	}
	return colMuted
}

// followUp draws the section that follows up the actions raised in earlier
// quarters: one row each with owner, due date, status and how the
// question's score moved since.
func (d *doc) followUp() {
	acts := d.opts.FollowUp.Actions
	intro := "The actions raised in earlier quarters that were still open when this quarter began, and all of last " +
		"quarter's, as the tracker's Actions sheet has them: the owner, the due date (red when it has passed and the " +
		"action is not done), the status, and how the question's team score moved since the action was raised."
	for _, a := range acts {
		if a.Rescaled {
			intro += " Where the rubric's version changed since, the scores are on different scales and no change is given."
			break
		}
	}
	d.sectionTitle("Follow-up on last quarter's actions", intro)
	d.anchor(followUpSection)
	c := followup.Count(acts, d.opts.Date)
	d.para(marginLeft, contentWidth, c.Words()+".", bold, 11, colInk, nil)
	d.space(4)

	header := func() {
		d.columnHeads(1.5,
			columnHead{marginLeft, fuTextWidth, "ACTION", "L"},
			columnHead{fuOwnerX, fuOwnerWidth, "OWNER", "L"},
			columnHead{fuDueX, fuDueWidth, "DUE", "L"},
			columnHead{fuStatusX, fuStatusWidth, "STATUS", "L"},
			columnHead{fuScoreX, fuScoreWidth, "SCORE THEN → NOW", "R"})
	}
	rows := make([]tableRow, len(acts))
	for i, a := range acts {
		rows[i] = d.followUpRow(a)
	}
	// The table follows on from the section's introduction: kept whole,
	// a table that fits a page of its own would leave the introduction
	// alone on this one.
	d.flowTable(0, func() {}, 7.5, header, rows)
}

// followUpRow is one carried action of the follow-up table.
func (d *doc) followUpRow(a followup.Action) tableRow {
	sub := fmt.Sprintf("%s · raised %s", a.Area, a.Raised)
	notes := ""
	if a.Notes != "" {
		notes = "Notes: " + a.Notes
	}
	owner := a.Owner
	h := d.textHeight(a.Question, bold, 8.5, fuTextWidth) + d.textHeight(sub, regular, 7, fuTextWidth)
	if notes != "" {
		h += 0.5 + d.textHeight(notes, italic, 7.5, fuTextWidth)
	}
	if owner != "" {
		h = max(h, d.textHeight(owner, regular, 8.5, fuOwnerWidth))
	}
	h = max(h, 8) + 3.5
	return tableRow{height: h, draw: func() {
		y := d.pdf.GetY()
		// Owner, due date, status and score first, at the row's top: the
		// question below may run on to the next page.
		if owner == "" {
			d.font(italic, 8, colMuted)
			d.text(fuOwnerX, y, fuOwnerWidth, "no owner", "L")
		} else {
			d.para(fuOwnerX, fuOwnerWidth, owner, regular, 8.5, colInk, nil)
		}
		ownerEnd := d.pdf.GetY()
		d.pdf.SetY(y)
		switch {
		case a.Due.IsZero():
			d.font(italic, 8, colMuted)
			d.text(fuDueX, y, fuDueWidth, "no date", "L")
		case a.Overdue(d.opts.Date):
			d.font(bold, 8.5, colFlag)
			d.text(fuDueX, y, fuDueWidth, a.Due.Format("2006-01-02"), "L")
			d.font(bold, 6.5, colFlag)
			d.text(fuDueX, y+lineHeight(8.5), fuDueWidth, "OVERDUE", "L")
		default:
			d.font(regular, 8.5, colInk)
			d.text(fuDueX, y, fuDueWidth, a.Due.Format("2006-01-02"), "L")
		}
		state := a.State()
		d.pill(fuStatusX, y+0.4, state, statusColor(state), 7)
		scores, change := scoreMove(a)
		d.font(regular, 8.5, colBody)
		d.text(fuScoreX, y, fuScoreWidth, scores, "R")
		if c, ok := a.Change(); ok {
			d.font(bold, 8.5, changeColor(c))
		} else {
			d.font(italic, 7, colMuted)
		}
		d.text(fuScoreX, y+lineHeight(8.5), fuScoreWidth, change, "R")

		d.para(marginLeft, fuTextWidth, a.Question, bold, 8.5, colInk, nil)
		d.para(marginLeft, fuTextWidth, sub, regular, 7, colMuted, nil)
		if notes != "" {
			d.space(0.5)
			d.para(marginLeft, fuTextWidth, notes, italic, 7.5, colBody, nil)
		}
		end := max(d.pdf.GetY(), ownerEnd, y+8) + 1.5
		d.pdf.SetY(min(end, bodyBottom))
		if end < bodyBottom-2 {
			d.rule(colRule, 0.2)
			d.space(2)
		}
	}}
}

// scoreMove says how an action's question score moved: "41.7 → 75.0"
// over "+33.3". The scores have the change's one decimal, so that the
// change is their difference as printed.
func scoreMove(a followup.Action) (scores, change string) {
	now := "–"
	if a.ScoreNow != nil {
		now = fmt.Sprintf("%.1f", *a.ScoreNow)
	}
	scores = fmt.Sprintf("%.1f → %s", a.ScoreThen, now)
	c, ok := a.Change()
	switch {
	case ok:
		return scores, signed(c)
	case a.Rescaled:
		return scores, "new rubric version"
	}
	return scores, "not answered now"
}

// targetWords says an area's target: "Target 65 by 2027-Q2".
func targetWords(t followup.Target) string {
	return fmt.Sprintf("Target %s by %s", followup.FormatTarget(t.Score), t.By)
}

// followUpNotes are page 1's lines on the follow-up: progress against the
// targets, and how last quarter's actions stand.
func (d *doc) followUpNotes() (targets, actions string) {
	f := d.opts.FollowUp
	if p := followup.Measure(d.res, f).Words(d.res.Overall); p != "" {
		targets = "Targets: " + p + "."
	}
	if c := followup.Count(f.Actions, d.opts.Date).Words(); c != "" {
		actions = "Followed up: " + c + "; see Follow-up, page"
	}
	return targets, actions
}

// overallTarget is the follow-up's overall target, if any.
func (d *doc) overallTarget() (followup.Target, bool) {
	return d.opts.FollowUp.Target(followup.OverallArea)
}

// openActionWords says who has a question's open action: "Open action
// since 2027-Q1, owner Dana Reyes, due 2027-03-31, In progress".
func openActionWords(a followup.Action) string {
	s := "Open action since " + a.Raised
	if a.Owner != "" {
		s += ", owner " + a.Owner
	} else {
		s += ", no owner yet"
	}
	if !a.Due.IsZero() {
		s += ", due " + a.Due.Format("2006-01-02")
	}
	return s + ", " + a.State()
}

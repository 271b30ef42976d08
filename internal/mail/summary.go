// Package mail turns a scored audit into an email with the PDF report
// attached, and sends such an email through an SMTP server. Building writes
// to an io.Writer and sending goes through the Sender interface; opening
// files, reading settings and asking for a password are the caller's job.
package mail

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/scoring"
)

// topActions is how many actions the email lists: the rest are in the PDF.
const topActions = 3

// Summary is what the email says about one team's audit.
type Summary struct {
	Title        string // the rubric's title
	Team, Period string
	Overall      *float64 // 0..100; nil when nothing was answered
	Band         string   // the overall score's band, "" without a score
	BandSummary  string   // what the band means
	Change       *Change  // since the team's previous quarter; nil without one
	// Sales and Marketing are the overall scores of those roles' respondents;
	// nil when that side did not answer.
	Sales, Marketing *float64
	Actions          []Action // the top three, highest gain first
	FollowUp         FollowUp
	Attachment       string // the PDF's file name
}

// Change is the overall score of the team's previous quarter.
type Change struct {
	Since    string  // its period, YYYY-Qn
	Previous float64 // its overall score
	// Was and Now are the rubric versions of that quarter and of this
	// one ("" when unknown). Scores of two versions are different scales:
	// then no change is given, as the PDF gives none.
	Was, Now string
}

// Comparable says the two quarters were scored on one scale.
func (c Change) Comparable() bool { return c.Was == "" || c.Now == "" || c.Was == c.Now }

// Action is one of the changes that would raise the overall score most.
type Action struct {
	Question string
	Advice   string
	Area     string
	Gain     float64 // points of the overall score
}

// FollowUp is what the tracker keeps between quarters: the targets the
// manager set and the actions raised in earlier quarters with their
// status, worded as the PDF words them. An empty FollowUp shows nothing.
type FollowUp struct {
	Progress string // "2 of 6 areas at target; overall 53.1 of 65 by 2027-Q2"; "" without targets
	Counts   string // "5 actions: 2 done, 1 in progress, 2 open, 1 overdue"; "" without actions
	Targets  []Target
	Actions  []TrackedAction
}

// Target is a score the team aims for in an area (or "Overall") by a period.
type Target struct {
	Area    string
	Current *float64 // the score now; nil when the area has none
	Target  float64
	By      string // YYYY-Qn
}

// TrackedAction is an action raised in an earlier quarter.
type TrackedAction struct {
	Question string
	Owner    string
	Status   string // Open, In progress, Done or Dropped (a blank or unknown status is Open)
	Due      string // YYYY-MM-DD; "" without a due date
	Overdue  bool
	// Change is how the question's team score moved since the action was
	// raised; nil when it was not answered this quarter, or when the
	// rubric's version changed since (Rescaled).
	Change   *float64
	Rescaled bool
}

// newFollowUp words a tracker's follow-up for the email; day is the
// report's date, which says what is overdue.
func newFollowUp(res *scoring.Result, f followup.FollowUp, day time.Time) FollowUp {
	out := FollowUp{
		Progress: followup.Measure(res, f).Words(res.Overall),
		Counts:   followup.Count(f.Actions, day).Words(),
	}
	for _, t := range f.Targets {
		tg := Target{Area: oneLine(t.Area), Target: t.Score, By: t.By}
		if strings.EqualFold(strings.TrimSpace(t.Area), followup.OverallArea) {
			tg.Area, tg.Current = followup.OverallArea, res.Overall
		} else if a, ok := area(res, t.Area); ok {
			tg.Area, tg.Current = a.Area.Title, a.Score
		} else {
			continue // an area this rubric does not have, as the PDF leaves it out
		}
		out.Targets = append(out.Targets, tg)
	}
	for _, a := range f.Actions {
		ta := TrackedAction{Question: oneLine(a.Question), Owner: oneLine(a.Owner), Status: a.State(), Overdue: a.Overdue(day), Rescaled: a.Rescaled}
		if !a.Due.IsZero() {
			ta.Due = a.Due.Format("2006-01-02")
		}
		if c, ok := a.Change(); ok {
			ta.Change = &c
		}
		out.Actions = append(out.Actions, ta)
	}
	return out
}

// area finds an area of res by its title, ignoring case.
func area(res *scoring.Result, title string) (scoring.AreaResult, bool) {
	for _, a := range res.Areas {
		if strings.EqualFold(a.Area.Title, strings.TrimSpace(title)) {
			return a, true
		}
	}
	return scoring.AreaResult{}, false
}

// NewSummary takes the summary from a scoring result, the team's earlier
// quarters (oldest first or in any order) and the tracker's follow-up (zero
// without a tracker); day is the report's date, which says which actions
// are overdue, and attachment is the PDF's name.
func NewSummary(res *scoring.Result, history []scoring.Snapshot, fu followup.FollowUp, day time.Time, attachment string) Summary {
	s := Summary{
		Title:      oneLine(res.Rubric.Title),
		Team:       oneLine(res.Team),
		Period:     res.Period,
		Overall:    res.Overall,
		Attachment: attachment,
		FollowUp:   newFollowUp(res, fu, day),
	}
	if res.Band != nil {
		s.Band, s.BandSummary = res.Band.Label, res.Band.Summary
	}
	if res.Overall != nil {
		s.Change = previous(res.Period, history)
		if s.Change != nil {
			s.Change.Now = res.Rubric.Version
		}
	}
	if r, ok := res.Role("sales"); ok {
		s.Sales = r.Overall
	}
	if r, ok := res.Role("marketing"); ok {
		s.Marketing = r.Overall
	}
	for _, a := range res.Actions[:min(topActions, len(res.Actions))] {
		s.Actions = append(s.Actions, Action{
			Question: oneLine(a.Question.Text), Advice: oneLine(a.Question.Advice),
			Area: oneLine(a.Area.Title), Gain: a.Gain,
		})
	}
	return s
}

// previous returns the latest quarter before period that has an overall
// score, or nil.
func previous(period string, history []scoring.Snapshot) *Change {
	var c *Change
	for _, h := range history {
		if h.Period < period && h.Overall != nil && (c == nil || h.Period > c.Since) {
			c = &Change{Since: h.Period, Previous: *h.Overall, Was: h.Version}
		}
	}
	return c
}

// oneLine joins the lines of a name or text with spaces: a subject or a
// list item is one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens a name for the subject line, which must stay one line of
// at most 998 characters (RFC 5322) and should be readable in a list.
func clip(s string) string {
	const most = 80
	if r := []rune(s); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return s
}

// Subject is the email's subject: "Sales and Marketing Alignment Audit,
// Beta 2027-Q1: 53.1 Developing (+12.6)".
func (s Summary) Subject() string {
	score := "no score"
	if s.Overall != nil {
		score = fmt.Sprintf("%.1f %s", *s.Overall, s.Band)
	}
	subject := fmt.Sprintf("%s, %s %s: %s", clip(s.Title), clip(s.Team), s.Period, score)
	if d, ok := s.delta(); ok {
		subject += " (" + signed(d) + ")"
	}
	return subject
}

// delta is the change of the overall score since the previous quarter;
// false without one, or when the rubric's version changed in between.
func (s Summary) delta() (float64, bool) {
	if s.Change == nil || s.Overall == nil || !s.Change.Comparable() {
		return 0, false
	}
	return math.Round((*s.Overall-s.Change.Previous)*10) / 10, true
}

// gap is the perception gap as every report gives it: sales − marketing.
func (s Summary) gap() (float64, bool) {
	if s.Sales == nil || s.Marketing == nil {
		return 0, false
	}
	return *s.Sales - *s.Marketing, true
}

func signed(d float64) string {
	switch {
	case d > 0:
		return fmt.Sprintf("+%.1f", d)
	case d < 0:
		return fmt.Sprintf("-%.1f", -d)
	}
	return "±0.0"
}

// The sentences both bodies share, so that the plain text and the HTML say
// the same.

func (s Summary) headline() string {
	return fmt.Sprintf("%s — %s, %s", s.Title, s.Team, s.Period)
}

func (s Summary) overallLine() string {
	if s.Overall == nil {
		return "No question was answered, so there is no overall score."
	}
	line := fmt.Sprintf("Overall score: %.1f of 100, %s.", *s.Overall, s.Band)
	if c := s.Change; c != nil && !c.Comparable() {
		return line + fmt.Sprintf(" Not comparable with %s, which was scored with version %s of the rubric (now %s).", c.Since, c.Was, c.Now)
	}
	if d, ok := s.delta(); ok {
		switch {
		case d > 0:
			line += fmt.Sprintf(" Up %.1f points since %s (%.1f).", d, s.Change.Since, s.Change.Previous)
		case d < 0:
			line += fmt.Sprintf(" Down %.1f points since %s (%.1f).", -d, s.Change.Since, s.Change.Previous)
		default:
			line += fmt.Sprintf(" Unchanged since %s.", s.Change.Since)
		}
	}
	return line
}

func (s Summary) gapLine() string {
	g, ok := s.gap()
	if !ok {
		return ""
	}
	side := "the two teams see it the same"
	switch g = math.Round(g*10) / 10; {
	case g > 0:
		side = "sales sees it higher"
	case g < 0:
		side = "marketing sees it higher"
	}
	return fmt.Sprintf("Sales score %.1f, marketing %.1f: a gap of %.1f points (sales − marketing; %s).",
		*s.Sales, *s.Marketing, g+0, side)
}

func (t Target) line() string {
	now := "no score yet"
	if t.Current != nil {
		now = fmt.Sprintf("%.1f now", *t.Current)
	}
	return fmt.Sprintf("%s: %s, target %s by %s", t.Area, now, followup.FormatTarget(t.Target), t.By)
}

// targetsTitle heads the targets: "Targets: 2 of 6 areas at target;
// overall 53.1 of 65 by 2027-Q2", as page 1 of the PDF says it.
func (f FollowUp) targetsTitle() string {
	if f.Progress == "" {
		return "Targets:"
	}
	return "Targets: " + f.Progress + "."
}

// actionsTitle heads the carried actions: "Followed up: 5 actions raised
// in 2027-Q1: 2 done, 1 in progress, 2 open, 1 overdue", as page 1 of the
// PDF says it.
func (f FollowUp) actionsTitle() string {
	return "Followed up: " + f.Counts + "."
}

// line says an action and how it stands: "Is the handoff written down?
// Dana Reyes, due 2027-03-31 (overdue): In progress; score +12.5".
func (a TrackedAction) line() string {
	who := a.Owner
	if who == "" {
		who = "no owner"
	}
	if a.Due != "" {
		who += ", due " + a.Due
		if a.Overdue {
			who += " (overdue)"
		}
	}
	line := fmt.Sprintf("%s — %s: %s", a.Question, who, a.Status)
	switch {
	case a.Change != nil:
		line += "; score " + signed(*a.Change) + " since raised"
	case a.Rescaled:
		line += "; rubric version changed since raised, so no score change"
	}
	return line
}

// text is what an action asks for: the rubric's advice, else the question.
func (a Action) text() string {
	if a.Advice != "" {
		return a.Advice
	}
	return a.Question
}

func (a Action) gainLine() string {
	return fmt.Sprintf("+%.1f points, %s", a.Gain, a.Area)
}

func (s Summary) actionsTitle() string {
	if len(s.Actions) == topActions {
		return "Top three actions"
	}
	return "Top actions"
}

func (s Summary) attachedLine() string {
	return fmt.Sprintf("The full report is attached (%s).", s.Attachment)
}

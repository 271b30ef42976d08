// Package mail turns a scored audit into an email with the PDF report
// attached, and sends such an email through an SMTP server. Building writes
// to an io.Writer and sending goes through the Sender interface; opening
// files, reading settings and asking for a password are the caller's job.
package mail

import (
	"fmt"
	"math"
	"strings"

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
}

// Action is one of the changes that would raise the overall score most.
type Action struct {
	Question string
	Advice   string
	Area     string
	Gain     float64 // points of the overall score
}

// FollowUp is what the tracker keeps between quarters: the targets the
// manager set and the actions raised last quarter with their status. The
// email shows whatever is filled in; an empty FollowUp shows nothing.
type FollowUp struct {
	Targets []Target
	Actions []TrackedAction
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
	Status   string // as the manager set it: Open, In progress, Done, Dropped
}

// NewSummary takes the summary from a scoring result and the team's earlier
// quarters (oldest first or in any order); attachment is the PDF's name.
func NewSummary(res *scoring.Result, history []scoring.Snapshot, attachment string) Summary {
	s := Summary{
		Title:      oneLine(res.Rubric.Title),
		Team:       oneLine(res.Team),
		Period:     res.Period,
		Overall:    res.Overall,
		Attachment: attachment,
	}
	if res.Band != nil {
		s.Band, s.BandSummary = res.Band.Label, res.Band.Summary
	}
	if res.Overall != nil {
		s.Change = previous(res.Period, history)
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
			c = &Change{Since: h.Period, Previous: *h.Overall}
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

// delta is the change of the overall score since the previous quarter.
func (s Summary) delta() (float64, bool) {
	if s.Change == nil || s.Overall == nil {
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
	return fmt.Sprintf("%s: %s, target %.1f by %s", t.Area, now, t.Target, t.By)
}

// actionCounts says how last quarter's actions stand: "5: 2 Done,
// 1 In progress, 2 Open", statuses in the order they first appear.
func (f FollowUp) actionCounts() string {
	var order []string
	count := map[string]int{}
	for _, a := range f.Actions {
		st := a.Status
		if st == "" {
			st = "no status"
		}
		if count[st] == 0 {
			order = append(order, st)
		}
		count[st]++
	}
	parts := make([]string, len(order))
	for i, st := range order {
		parts[i] = fmt.Sprintf("%d %s", count[st], st)
	}
	return fmt.Sprintf("%d: %s", len(f.Actions), strings.Join(parts, ", "))
}

func (a TrackedAction) line() string {
	owner := a.Owner
	if owner == "" {
		owner = "no owner"
	}
	status := a.Status
	if status == "" {
		status = "no status"
	}
	return fmt.Sprintf("%s (%s): %s", a.Question, owner, status)
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

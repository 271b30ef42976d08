// Package followup is what the tracker carries from one quarter to the
// next: the actions the manager agreed (with owner, due date and status)
// and the targets the manager set. It is pure, like scoring: the tracker
// reads and writes the sheets, the reports show what this package works
// out.
package followup

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/scoring"
)

// OverallArea is the area name of a target for the overall score.
const OverallArea = "Overall"

// The statuses of the Actions sheet's drop-down, in the order it lists
// them. A blank status is Open.
const (
	StatusOpen       = "Open"
	StatusInProgress = "In progress"
	StatusDone       = "Done"
	StatusDropped    = "Dropped"
)

// Statuses are the drop-down's choices.
var Statuses = []string{StatusOpen, StatusInProgress, StatusDone, StatusDropped}

// Action is one row of the tracker's Actions sheet: a question raised as an
// action for a team in a period, with what the manager made of it.
type Action struct {
	Team       string
	Raised     string // the period it was raised in, YYYY-Qn
	QuestionID string
	Question   string
	Area       string  // the area's title
	ScoreThen  float64 // the question's team score when raised, 0..100
	// ScoreNow is the question's team score in the report's period
	// (0..100); nil when it was not answered then, or not yet known.
	ScoreNow *float64
	Gain     float64 // points of the overall score, when raised
	Advice   string
	// Version is the version of the rubric the team's answers were scored
	// with in the period raised, as the tracker's History has it; "" when
	// unknown. Scores of two versions are different scales: For marks an
	// action raised with another version than the report's Rescaled, and
	// it has no Change.
	Version  string
	Rescaled bool

	// What the manager typed. Status is as typed ("" is Open); Due is
	// zero when the cell is blank or not a date.
	Owner  string
	Due    time.Time
	Status string
	Notes  string
}

// State is the action's status as one of Statuses; a blank or unknown
// status is Open, since nobody closed the action.
func (a Action) State() string {
	s := strings.TrimSpace(a.Status)
	for _, known := range Statuses {
		if strings.EqualFold(s, known) {
			return known
		}
	}
	return StatusOpen
}

// IsOpen says the action still waits to be done: not Done, not Dropped.
func (a Action) IsOpen() bool {
	st := a.State()
	return st != StatusDone && st != StatusDropped
}

// Overdue says the action is open and its due date is before day.
func (a Action) Overdue(day time.Time) bool {
	if a.Due.IsZero() || !a.IsOpen() {
		return false
	}
	y1, m1, d1 := a.Due.Date()
	y2, m2, d2 := day.Date()
	return time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC).Before(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC))
}

// Change is ScoreNow − ScoreThen to one decimal, as every report shows
// it; false when ScoreNow is unknown or on another rubric version's scale
// (Rescaled). Rounding also keeps a score that a spreadsheet application
// saved to 15 digits from showing an unchanged score as −0.0.
func (a Action) Change() (float64, bool) {
	if a.ScoreNow == nil || a.Rescaled {
		return 0, false
	}
	d := math.Round((*a.ScoreNow-a.ScoreThen)*10) / 10
	if d == 0 {
		d = 0 // not −0
	}
	return d, true
}

// Target is one row of the tracker's Targets sheet: the score a team aims
// for in an area (or OverallArea) by a period.
type Target struct {
	Team  string
	Area  string  // an area's title, or OverallArea
	Score float64 // 0..100
	By    string  // YYYY-Qn
}

// FollowUp is what a report shows of the team's earlier quarters beyond
// their scores: the targets that apply to the report's period, and the
// actions raised in earlier periods.
type FollowUp struct {
	// Targets has at most one target per area (and one for OverallArea):
	// the one For chose.
	Targets []Target
	// Actions are the team's actions raised before the report's period
	// that were open when it began or were raised in the latest of those
	// periods, with ScoreNow filled in by Carry; oldest first.
	Actions []Action
}

// IsZero says there is nothing to follow up.
func (f FollowUp) IsZero() bool { return len(f.Targets) == 0 && len(f.Actions) == 0 }

// Target returns the target for area (a title, or OverallArea).
func (f FollowUp) Target(area string) (Target, bool) {
	for _, t := range f.Targets {
		if strings.EqualFold(t.Area, area) {
			return t, true
		}
	}
	return Target{}, false
}

// OpenAction returns the open action for the question, if any.
func (f FollowUp) OpenAction(questionID string) (Action, bool) {
	for _, a := range f.Actions {
		if a.QuestionID == questionID && a.IsOpen() {
			return a, true
		}
	}
	return Action{}, false
}

// For picks what applies to the report of res from all of the tracker's
// actions and targets (of every team): the team's targets, one per area,
// the nearest whose By is res.Period or later, else the latest one passed;
// and the team's actions raised before res.Period that are still open or
// were raised in the latest earlier period with actions, with ScoreNow
// set from res (and Rescaled when res's rubric has another version than
// the one the action was raised with). Teams match as the tracker matches them, ignoring case and
// surrounding spaces.
func For(res *scoring.Result, actions []Action, targets []Target) FollowUp {
	var f FollowUp
	chosen := map[string]int{} // area (lower case) -> index in f.Targets
	for _, t := range targets {
		if !SameTeam(t.Team, res.Team) {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(t.Area))
		i, ok := chosen[key]
		if !ok {
			chosen[key] = len(f.Targets)
			f.Targets = append(f.Targets, t)
			continue
		}
		if closer(t.By, f.Targets[i].By, res.Period) {
			f.Targets[i] = t
		}
	}
	latest := ""
	for _, a := range actions {
		if SameTeam(a.Team, res.Team) && a.Raised < res.Period && a.Raised > latest {
			latest = a.Raised
		}
	}
	for _, a := range actions {
		if !SameTeam(a.Team, res.Team) || a.Raised >= res.Period {
			continue
		}
		if a.IsOpen() || a.Raised == latest {
			a.ScoreNow = questionScore(res, a.QuestionID)
			a.Rescaled = res.Rubric != nil && a.Version != "" && a.Version != res.Rubric.Version
			f.Actions = append(f.Actions, a)
		}
	}
	slices.SortStableFunc(f.Actions, func(a, b Action) int { return strings.Compare(a.Raised, b.Raised) })
	return f
}

// closer says target period by serves period better than the one chosen:
// a target not yet passed beats a passed one; among those not passed the
// nearest wins, among passed ones the latest.
func closer(by, chosen, period string) bool {
	byAhead, chosenAhead := by >= period, chosen >= period
	switch {
	case byAhead != chosenAhead:
		return byAhead
	case byAhead:
		return by < chosen
	default:
		return by > chosen
	}
}

// SameTeam says two team names name one team, as the tracker and the
// answers files match them (answers.NameKey).
func SameTeam(a, b string) bool {
	return answers.NameKey(a) == answers.NameKey(b)
}

// questionScore is the question's team score in res, 0..100.
func questionScore(res *scoring.Result, id string) *float64 {
	for _, q := range res.Questions {
		if q.Question.ID == id && q.Score != nil {
			s := 100 * *q.Score
			return &s
		}
	}
	return nil
}

// New returns the actions to raise for res: its top n actions by gain,
// leaving out questions that already have an open action for the team,
// raised in an earlier period (the tracker updates that row's score
// instead). An action raised in a later period does not count: a quarter
// recorded again after the next one keeps to what it raised itself. n <= 0
// raises none.
func New(res *scoring.Result, n int, existing []Action) []Action {
	var out []Action
	for _, a := range res.Actions {
		if len(out) >= n {
			break
		}
		if hasOpen(existing, res.Team, res.Period, a.Question.ID) {
			continue
		}
		out = append(out, Action{
			Team:       res.Team,
			Raised:     res.Period,
			QuestionID: a.Question.ID,
			Question:   a.Question.Text,
			Area:       a.Area.Title,
			ScoreThen:  100 * a.Score,
			Gain:       a.Gain,
			Advice:     a.Question.Advice,
		})
	}
	return out
}

// hasOpen says existing has an open action of team for the question,
// raised before period.
func hasOpen(existing []Action, team, period, questionID string) bool {
	return slices.ContainsFunc(existing, func(e Action) bool {
		return e.IsOpen() && e.QuestionID == questionID && SameTeam(e.Team, team) && e.Raised < period
	})
}

// Counts is how a list of actions stands.
type Counts struct {
	Total, Done, InProgress, Open, Dropped int
	Overdue                                int // open or in progress, due before the day counted on
	// Latest is the latest period the actions were raised in, and
	// FromLatest how many were raised then; the others are older actions
	// still open.
	Latest     string
	FromLatest int
}

// Count counts actions by state, and those overdue on day.
func Count(actions []Action, day time.Time) Counts {
	c := Counts{Total: len(actions)}
	for _, a := range actions {
		switch {
		case a.Raised > c.Latest:
			c.Latest, c.FromLatest = a.Raised, 1
		case a.Raised == c.Latest:
			c.FromLatest++
		}
		switch a.State() {
		case StatusDone:
			c.Done++
		case StatusInProgress:
			c.InProgress++
		case StatusDropped:
			c.Dropped++
		default:
			c.Open++
		}
		if a.Overdue(day) {
			c.Overdue++
		}
	}
	return c
}

// Progress is how the team stands against its targets.
type Progress struct {
	Areas, AtTarget int // area targets, and those met (score >= target)
	// Overall is the overall target; nil when there is none.
	Overall *Target
}

// Measure compares res with f's targets. Targets of areas res does not
// have are left out.
func Measure(res *scoring.Result, f FollowUp) Progress {
	var p Progress
	for _, t := range f.Targets {
		if strings.EqualFold(strings.TrimSpace(t.Area), OverallArea) {
			t := t
			p.Overall = &t
			continue
		}
		for _, a := range res.Areas {
			if strings.EqualFold(a.Area.Title, strings.TrimSpace(t.Area)) {
				p.Areas++
				if t.Met(a.Score) {
					p.AtTarget++
				}
			}
		}
	}
	return p
}

// Words says how the actions stand, as every report words it: "5 actions
// raised in 2027-Q1: 2 done, 1 in progress, 2 open, 1 overdue", or "7
// actions (5 raised in 2027-Q1, 2 still open from before): …". States nobody is in are left
// out; overdue ones are also counted as open or in progress. "" when
// there are no actions.
func (c Counts) Words() string {
	if c.Total == 0 {
		return ""
	}
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{c.Done, "done"}, {c.InProgress, "in progress"}, {c.Open, "open"}, {c.Dropped, "dropped"}, {c.Overdue, "overdue"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	which := fmt.Sprintf("%d action%s", c.Total, plural(c.Total))
	if c.Latest != "" {
		which += " raised in " + c.Latest
	}
	if older := c.Total - c.FromLatest; older > 0 && c.Latest != "" {
		// Last quarter's, and older ones still open: a count of "last
		// quarter's actions" alone would be more than were raised then.
		which = fmt.Sprintf("%d action%s (%d raised in %s, %d still open from before)",
			c.Total, plural(c.Total), c.FromLatest, c.Latest, older)
	}
	return which + ": " + strings.Join(parts, ", ")
}

// Words says how the team stands against its targets, as every report
// words it: "2 of 6 areas at target; overall 53.1 of 65 by 2027-Q2".
// overall is the team's overall score now (nil: none). "" when there are
// no targets.
func (p Progress) Words(overall *float64) string {
	var parts []string
	if p.Areas > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d area%s at target", p.AtTarget, p.Areas, plural(p.Areas)))
	}
	if t := p.Overall; t != nil {
		if overall != nil {
			parts = append(parts, fmt.Sprintf("overall %.1f of %s by %s", *overall, FormatTarget(t.Score), t.By))
		} else {
			parts = append(parts, fmt.Sprintf("overall target %s by %s, no score yet", FormatTarget(t.Score), t.By))
		}
	}
	return strings.Join(parts, "; ")
}

// FormatTarget formats a target score as the manager is likely to have
// typed it: "65", "62.5".
func FormatTarget(score float64) string {
	return strconv.FormatFloat(math.Round(score*10)/10, 'f', -1, 64)
}

// Met says the score reaches the target; false without a score.
func (t Target) Met(score *float64) bool { return score != nil && *score >= t.Score }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

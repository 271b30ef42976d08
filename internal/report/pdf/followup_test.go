package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/scoring"
)

// followUpCase is the example team a quarter after its first audit, with a
// tracker: ten carried actions (done, in progress, open, dropped; overdue;
// without owner or due date; one whose question the rubric no longer
// has), targets for the overall score and three areas, and three earlier
// quarters with sales and marketing scores.
func followUpCase(t *testing.T) pdfCase {
	res := scoreSheets(t, builtinRubric(t), teamSheets(t, "Northwind Traders — Enterprise Accounts, Northern Europe and the Baltics"), false)
	return pdfCase{
		name:     "followup",
		res:      res,
		opts:     Options{Date: reportDay, History: sidesHistory(res), FollowUp: followup.For(res, trackerActions(res), trackerTargets(res))},
		minPages: 8, maxPages: 20,
		want: []string{
			"Targets: 1 of 3 areas at target; overall 43.8 of 65 by 2027-Q2.",
			"Followed up: 10 actions (9 raised in 2026-Q2, 1 still open from before): 2 done, 2 in",
			"progress, 5 open, 1 dropped, 3 overdue; see Follow-up, page 2",
			"Follow-up on last quarter's actions", "10 actions (9 raised in 2026-Q2, 1 still open from before): 2 done, 2 in progress, 5 open, 1",
			"Red flags: 2 answers the rubric marks as warning signs, marked in the area sections from page",
			"OVERDUE", "no owner", "no date", "not answered now", "Notes: Waiting for the CRM project",
			"Target 65 by 2027-Q2", "Target 40 by 2026-Q4 · met",
			"Open action since 2026-Q2, owner Anna-Katharina Villanueva-Østergaard",
			"The other", "Sales and marketing by quarter", "Gap (sales − marketing)", "TARGET",
		},
	}
}

// trackerActions are the actions a tracker holds for the team: raised in
// 2026-Q1 and 2026-Q2, on the result's top questions.
func trackerActions(res *scoring.Result) []followup.Action {
	due := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	type row struct {
		raised, owner, status, notes string
		due                          time.Time
	}
	rows := []row{
		{"2026-Q1", "Dana Reyes", "In progress", "Waiting for the CRM project to land the shared dashboard; the heads agreed the funnel in August.", due(2026, 6, 30)},
		{"2026-Q2", "Anna-Katharina Villanueva-Østergaard", "", "", due(2026, 9, 15)},
		{"2026-Q2", "Sam Okafor", "Done", "", due(2026, 9, 30)},
		{"2026-Q2", "", "Open", "", time.Time{}},
		{"2026-Q2", "Zoë Ørsted", "Dropped", "Superseded by the new handoff process.", due(2026, 8, 1)},
		{"2026-Q2", "Sam Okafor", "in progress", "", due(2026, 12, 31)},
		{"2026-Q2", "Head of Sales Operations", "Done", "", due(2026, 9, 1)},
		{"2026-Q2", "Dana Reyes", "waiting for budget", "", due(2026, 9, 1)},
		{"2026-Q2", "", "", "", due(2027, 3, 31)},
	}
	var out []followup.Action
	for i, r := range rows {
		a := res.Actions[i]
		out = append(out, followup.Action{
			Team: res.Team, Raised: r.raised, QuestionID: a.Question.ID, Question: a.Question.Text, Area: a.Area.Title,
			ScoreThen: max(0, 100*a.Score-float64(10*(i%4))), Gain: a.Gain, Advice: a.Question.Advice,
			Owner: r.owner, Due: r.due, Status: r.status, Notes: r.notes,
		})
	}
	return append(out, followup.Action{
		Team: res.Team, Raised: "2026-Q2", QuestionID: "retired-question",
		Question: "A question from an earlier version of the rubric, which this quarter's rubric no longer asks, with a long text: " + words(30),
		Area:     "Leadership, structure and roles", ScoreThen: 20, Owner: "Ingrid Ångström", Status: "Open",
	})
}

// trackerTargets are the team's targets: overall and three areas.
func trackerTargets(res *scoring.Result) []followup.Target {
	return []followup.Target{
		{Team: res.Team, Area: followup.OverallArea, Score: 65, By: "2027-Q2"},
		{Team: res.Team, Area: res.Areas[0].Area.Title, Score: 60, By: "2027-Q2"},
		{Team: res.Team, Area: res.Areas[1].Area.Title, Score: 40, By: "2026-Q4"},
		{Team: res.Team, Area: res.Areas[2].Area.Title, Score: 55, By: "2027-Q4"},
	}
}

// sidesHistory is history with the sales and marketing scores a tracker
// records, their gap closing quarter by quarter.
func sidesHistory(res *scoring.Result) []scoring.Snapshot {
	out := history(res)
	for i := range out {
		s, m := 22.0+float64(2*i), 75.0-float64(i)
		g := s - m
		out[i].Sales, out[i].Marketing, out[i].Gap = &s, &m, &g
	}
	return out
}

// TestFollowUpWords checks page 1's lines on the follow-up, which the
// email words the same way.
func TestFollowUpWords(t *testing.T) {
	c := followUpCase(t)
	d, err := newDoc(c.res, c.opts)
	if err != nil {
		t.Fatal(err)
	}
	targets, actions := d.followUpNotes()
	if want := "Targets: 1 of 3 areas at target; overall 43.8 of 65 by 2027-Q2."; targets != want {
		t.Errorf("page 1 says %q, want %q", targets, want)
	}
	if want := "Followed up: 10 actions (9 raised in 2026-Q2, 1 still open from before): 2 done, 2 in progress, 5 open, 1 dropped, 3 overdue; see Follow-up, page"; actions != want {
		t.Errorf("page 1 says %q, want %q", actions, want)
	}
	d.opts.FollowUp = followup.FollowUp{}
	if targets, actions := d.followUpNotes(); targets != "" || actions != "" {
		t.Errorf("without a tracker page 1 says %q and %q", targets, actions)
	}
}

// TestCompactPlan checks that the action plan sets out Options.Actions
// actions in full (DefaultActions when 0) and lists the rest in a table.
func TestCompactPlan(t *testing.T) {
	res := scoreSheets(t, builtinRubric(t), exampleSheets(t, "northwind-2026-Q3-dana-reyes.yaml"), false)
	for _, tc := range []struct{ actions, full int }{{0, DefaultActions}, {2, 2}, {1000, len(res.Actions)}} {
		d, err := newDoc(res, Options{Date: reportDay, Actions: tc.actions})
		if err != nil {
			t.Fatal(err)
		}
		if got := d.fullActions(); got != tc.full {
			t.Errorf("Actions %d: %d in full, want %d", tc.actions, got, tc.full)
		}
	}
}

// TestScoreMove checks the follow-up's score column: the scores with the
// change's one decimal, so that the change is their difference as
// printed, and why there is no change when there is none.
func TestScoreMove(t *testing.T) {
	now := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		a              followup.Action
		scores, change string
	}{
		{followup.Action{ScoreThen: 33.333333333333336, ScoreNow: now(37.5)}, "33.3 → 37.5", "+4.2"},
		{followup.Action{ScoreThen: 41.666666666666664, ScoreNow: now(100)}, "41.7 → 100.0", "+58.3"},
		{followup.Action{ScoreThen: 25}, "25.0 → –", "not answered now"},
		{followup.Action{ScoreThen: 25, ScoreNow: now(30), Version: "1.0", Rescaled: true}, "25.0 → 30.0", "new rubric version"},
	} {
		scores, change := scoreMove(tc.a)
		if scores != tc.scores || change != tc.change {
			t.Errorf("scoreMove = %q, %q; want %q, %q", scores, change, tc.scores, tc.change)
		}
	}
}

// TestFollowUpFlows checks that the follow-up table starts under its
// section's introduction: a table that would fit a page of its own must
// not move there and leave the page with the introduction alone.
func TestFollowUpFlows(t *testing.T) {
	c := followUpCase(t)
	acts := c.opts.FollowUp.Actions
	for len(c.opts.FollowUp.Actions) < 13 {
		c.opts.FollowUp.Actions = append(c.opts.FollowUp.Actions, acts[len(c.opts.FollowUp.Actions)%len(acts)])
	}
	var buf bytes.Buffer
	if err := Write(&buf, c.res, c.opts); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "followup.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	page := runTool(t, "pdftotext", "-f", "2", "-l", "2", "-layout", file, "-")
	if !strings.Contains(page, "Follow-up on last quarter's actions") || !strings.Contains(page, "OWNER") {
		t.Errorf("page 2 has the follow-up's title without its table:\n%s", page)
	}
}

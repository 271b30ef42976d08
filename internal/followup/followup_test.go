package followup

import (
	"strconv"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

func ptr(f float64) *float64 { return &f }

// result is a team's result in period with two questions, q1 scored 0.5
// (gain 10) and q2 scored 0.25 (gain 20), and two areas.
func result(team, period string) *scoring.Result {
	a1 := &rubric.Area{ID: "goals", Title: "Shared goals"}
	a2 := &rubric.Area{ID: "handoff", Title: "Handoff"}
	q1 := &rubric.Question{ID: "q1", Text: "Do you share a funnel?", Advice: "Agree one funnel."}
	q2 := &rubric.Question{ID: "q2", Text: "Is the handoff written down?", Advice: "Write it down."}
	return &scoring.Result{
		Team: team, Period: period,
		Areas: []scoring.AreaResult{{Area: a1, Score: ptr(50)}, {Area: a2, Score: ptr(70)}},
		Questions: []scoring.QuestionResult{
			{Question: q1, Area: a1, Score: ptr(0.5)},
			{Question: q2, Area: a2, Score: ptr(0.25)},
		},
		Actions: []scoring.Action{
			{Question: q2, Area: a2, Score: 0.25, Gain: 20},
			{Question: q1, Area: a1, Score: 0.5, Gain: 10},
		},
	}
}

func TestState(t *testing.T) {
	for _, tc := range []struct {
		status, state string
		open          bool
	}{
		{"", StatusOpen, true},
		{"open", StatusOpen, true},
		{" In progress ", StatusInProgress, true},
		{"DONE", StatusDone, false},
		{"Dropped", StatusDropped, false},
		{"waiting for Anna", StatusOpen, true},
	} {
		a := Action{Status: tc.status}
		if got := a.State(); got != tc.state {
			t.Errorf("State(%q) = %q, want %q", tc.status, got, tc.state)
		}
		if got := a.IsOpen(); got != tc.open {
			t.Errorf("IsOpen(%q) = %v, want %v", tc.status, got, tc.open)
		}
	}
}

func TestOverdue(t *testing.T) {
	day := time.Date(2027, 4, 1, 15, 0, 0, 0, time.UTC)
	due := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		a    Action
		want bool
	}{
		{"no due date", Action{}, false},
		{"due before, open", Action{Due: due}, true},
		{"due before, in progress", Action{Due: due, Status: "In progress"}, true},
		{"due before, done", Action{Due: due, Status: "Done"}, false},
		{"due that day", Action{Due: time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)}, false},
		{"due later", Action{Due: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}, false},
	} {
		if got := tc.a.Overdue(day); got != tc.want {
			t.Errorf("%s: Overdue = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNewLeavesOutOpenActions(t *testing.T) {
	res := result("Beta", "2027-Q2")
	for _, tc := range []struct {
		name     string
		n        int
		existing []Action
		want     []string
	}{
		{"none asked", 0, nil, nil},
		{"top one", 1, nil, []string{"q2"}},
		{"more than there are", 5, nil, []string{"q2", "q1"}},
		{"open action skipped", 1, []Action{{Team: " beta", QuestionID: "q2", Raised: "2027-Q1"}}, []string{"q1"}},
		{"done action raised again", 1, []Action{{Team: "Beta", QuestionID: "q2", Status: "Done"}}, []string{"q2"}},
		{"other team's open action", 1, []Action{{Team: "Alpha", QuestionID: "q2"}}, []string{"q2"}},
		// The team as another file spells it.
		{"team in another form", 1, []Action{{Team: "BETA", QuestionID: "q2"}}, []string{"q1"}},
		// The quarter recorded again after the next one raised q2.
		{"open action raised later", 1, []Action{{Team: "Beta", QuestionID: "q2", Raised: "2027-Q3"}}, []string{"q2"}},
	} {
		got := New(res, tc.n, tc.existing)
		var ids []string
		for _, a := range got {
			ids = append(ids, a.QuestionID)
			if a.Team != "Beta" || a.Raised != "2027-Q2" || a.Question == "" || a.Area == "" || a.Advice == "" {
				t.Errorf("%s: action %+v lacks its team, period, question, area or advice", tc.name, a)
			}
		}
		if len(ids) != len(tc.want) {
			t.Errorf("%s: raised %v, want %v", tc.name, ids, tc.want)
			continue
		}
		for i := range ids {
			if ids[i] != tc.want[i] {
				t.Errorf("%s: raised %v, want %v", tc.name, ids, tc.want)
			}
		}
	}
	if got := New(res, 1, nil)[0]; got.ScoreThen != 25 || got.Gain != 20 {
		t.Errorf("score then %v, gain %v; want 25 and 20", got.ScoreThen, got.Gain)
	}
}

func TestForCarriesActions(t *testing.T) {
	res := result("Beta", "2027-Q3")
	actions := []Action{
		{Team: "Beta", Raised: "2027-Q1", QuestionID: "q1", ScoreThen: 30},                   // still open: carried
		{Team: "Beta", Raised: "2027-Q1", QuestionID: "q2", ScoreThen: 10, Status: "Done"},   // closed before last quarter
		{Team: "Beta", Raised: "2027-Q2", QuestionID: "q2", ScoreThen: 20, Status: "Done"},   // last quarter's: carried
		{Team: "Beta", Raised: "2027-Q2", QuestionID: "gone", ScoreThen: 20, Status: "Drop"}, // unknown status is open
		{Team: "Beta", Raised: "2027-Q3", QuestionID: "q1"},                                  // this quarter's own
		{Team: "Alpha", Raised: "2027-Q2", QuestionID: "q1"},                                 // another team
	}
	f := For(res, actions, nil)
	if len(f.Actions) != 3 {
		t.Fatalf("carried %d actions, want 3: %+v", len(f.Actions), f.Actions)
	}
	want := []struct {
		raised, id string
		change     float64
		known      bool
	}{{"2027-Q1", "q1", 20, true}, {"2027-Q2", "q2", 5, true}, {"2027-Q2", "gone", 0, false}}
	for i, w := range want {
		a := f.Actions[i]
		change, known := a.Change()
		if a.Raised != w.raised || a.QuestionID != w.id || change != w.change || known != w.known {
			t.Errorf("action %d = %s %s change %v (%v), want %s %s %v (%v)", i, a.Raised, a.QuestionID, change, known, w.raised, w.id, w.change, w.known)
		}
	}
	if a, ok := f.OpenAction("q1"); !ok || a.Raised != "2027-Q1" {
		t.Errorf("OpenAction(q1) = %+v, %v", a, ok)
	}
	if _, ok := f.OpenAction("q2"); ok {
		t.Error("OpenAction(q2) found a done action")
	}
}

func TestForChoosesTargets(t *testing.T) {
	res := result("Beta", "2027-Q2")
	targets := []Target{
		{Team: "Beta", Area: "Overall", Score: 60, By: "2027-Q4"},
		{Team: "Beta", Area: "overall", Score: 55, By: "2027-Q2"}, // nearer: chosen
		{Team: "Beta", Area: "Shared goals", Score: 40, By: "2026-Q4"},
		{Team: "Beta", Area: "Shared goals", Score: 45, By: "2027-Q1"}, // both passed: the latest
		{Team: "Beta", Area: "Handoff", Score: 80, By: "2028-Q1"},
		{Team: "Alpha", Area: "Handoff", Score: 10, By: "2027-Q2"},
	}
	f := For(res, nil, targets)
	for _, w := range []struct {
		area  string
		score float64
	}{{"Overall", 55}, {"Shared goals", 45}, {"Handoff", 80}} {
		got, ok := f.Target(w.area)
		if !ok || got.Score != w.score {
			t.Errorf("target of %s = %+v (%v), want %v", w.area, got, ok, w.score)
		}
	}
	p := Measure(res, f)
	if p.Areas != 2 || p.AtTarget != 1 || p.Overall == nil || p.Overall.Score != 55 {
		t.Errorf("Measure = %+v (overall %+v), want 1 of 2 areas at target and overall 55", p, p.Overall)
	}
}

func TestCount(t *testing.T) {
	day := time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)
	past := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	c := Count([]Action{
		{Raised: "2027-Q1", Status: "Done", Due: past}, {Raised: "2027-Q2", Status: "Done"}, {Raised: "2027-Q2", Status: "In progress", Due: past},
		{Raised: "2026-Q4"}, {Raised: "2027-Q2", Due: past}, {Raised: "2027-Q1", Status: "Dropped", Due: past},
	}, day)
	want := Counts{Total: 6, Done: 2, InProgress: 1, Open: 2, Dropped: 1, Overdue: 2, Latest: "2027-Q2", FromLatest: 3}
	if c != want {
		t.Errorf("Count = %+v, want %+v", c, want)
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		c    Counts
		want string
	}{
		{Counts{}, ""},
		{Counts{Total: 5, Done: 2, InProgress: 1, Open: 2, Overdue: 1}, "5 actions: 2 done, 1 in progress, 2 open, 1 overdue"},
		{Counts{Total: 1, Open: 1}, "1 action: 1 open"},
		{Counts{Total: 3, Done: 1, Dropped: 2}, "3 actions: 1 done, 2 dropped"},
		{Counts{Total: 5, Done: 2, Open: 3, Latest: "2027-Q1", FromLatest: 5}, "5 actions raised in 2027-Q1: 2 done, 3 open"},
		// Older open ones are said apart: not "last quarter's 7 actions"
		// when 5 were raised then.
		{Counts{Total: 7, Done: 2, Open: 5, Latest: "2027-Q1", FromLatest: 5}, "7 actions (5 raised in 2027-Q1, 2 still open from before): 2 done, 5 open"},
	} {
		if got := tc.c.Words(); got != tc.want {
			t.Errorf("%+v.Words() = %q, want %q", tc.c, got, tc.want)
		}
	}
	overall := &Target{Area: "Overall", Score: 65, By: "2027-Q2"}
	for _, tc := range []struct {
		p     Progress
		score *float64
		want  string
	}{
		{Progress{}, ptr(50), ""},
		{Progress{Areas: 6, AtTarget: 2, Overall: overall}, ptr(53.14), "2 of 6 areas at target; overall 53.1 of 65 by 2027-Q2"},
		{Progress{Areas: 1, AtTarget: 0}, ptr(50), "0 of 1 area at target"},
		{Progress{Overall: &Target{Score: 62.5, By: "2027-Q4"}}, nil, "overall target 62.5 by 2027-Q4, no score yet"},
	} {
		if got := tc.p.Words(tc.score); got != tc.want {
			t.Errorf("%+v.Words() = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestSameTeam(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"Beta", " beta ", true},
		{"Café", "Cafe\u0301", true}, // composed and decomposed é
		{"ÉQUIPE", "équipe", true},
		{"Beta", "Beta 2", false},
	} {
		if got := SameTeam(tc.a, tc.b); got != tc.want {
			t.Errorf("SameTeam(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestChangeRounds checks that the change is the one decimal every report
// prints, never −0.0: a score saved by LibreOffice keeps 15 digits, so
// an unchanged score comes back a hair below the one written.
func TestChangeRounds(t *testing.T) {
	for _, tc := range []struct {
		then, now float64
		want      string
	}{
		{41.6666666666667, 41.66666666666667, "0.0"},
		{41.66666666666667, 75, "33.3"},
		{8.333333333333332, 12.5, "4.2"},
		{50, 37.5, "-12.5"},
	} {
		c, ok := Action{ScoreThen: tc.then, ScoreNow: ptr(tc.now)}.Change()
		if got := strconv.FormatFloat(c, 'f', 1, 64); !ok || got != tc.want {
			t.Errorf("%v → %v: change %s (%v), want %s", tc.then, tc.now, got, ok, tc.want)
		}
	}
}

// TestForRescaled checks that an action raised with another version of
// the rubric than the report's gets its score now but no change: the two
// are different scales.
func TestForRescaled(t *testing.T) {
	res := result("Beta", "2027-Q3")
	res.Rubric = &rubric.Rubric{ID: "alignment", Version: "2.0"}
	f := For(res, []Action{
		{Team: "Beta", Raised: "2027-Q1", QuestionID: "q1", ScoreThen: 30, Version: "1.0"},
		{Team: "Beta", Raised: "2027-Q2", QuestionID: "q1", ScoreThen: 30, Version: "2.0"},
		{Team: "Beta", Raised: "2027-Q2", QuestionID: "q2", ScoreThen: 10}, // version unknown
	}, nil)
	for i, want := range []bool{false, true, true} {
		a := f.Actions[i]
		if _, ok := a.Change(); ok != want || a.Rescaled == want || a.ScoreNow == nil {
			t.Errorf("action raised %s with version %q: change %v, rescaled %v, score now %v; want change %v",
				a.Raised, a.Version, ok, a.Rescaled, a.ScoreNow, want)
		}
	}
}

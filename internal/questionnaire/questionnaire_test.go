package questionnaire

import (
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
)

// miniRubric is the example of docs/rubric-format.md: two areas, three
// questions; goals-targets has an option with a description, and
// handoff-follow-up allows "not applicable".
const miniRubric = `
id: mini-alignment
version: "1.2"
title: Mini alignment check
bands:
  - {min: 0, label: Misaligned, summary: The teams work apart and leads are lost between them.}
  - {min: 50, label: Developing, summary: Cooperation exists but depends on individuals.}
  - {min: 80, label: Integrated, summary: Both teams plan and measure as one.}
scales:
  cadence:
    - {id: never, label: Never, points: 0, red_flag: true}
    - {id: quarterly, label: Every quarter, points: 2}
    - {id: monthly, label: Every month or more often, points: 4}
areas:
  - id: goals
    title: Shared goals and metrics
    weight: 2
    why: Teams that chase different numbers pull the business apart.
    questions:
      - id: goals-targets
        text: How are the sales and marketing targets set?
        help: Think of the targets for this year.
        weight: 2
        options:
          - {id: separate, label: Each team sets its own and nobody compares them, points: 0, red_flag: true}
          - {id: linked, label: Both come from one revenue goal, description: "Tracked apart, but traceable to one number.", points: 3}
          - {id: joint, label: "One shared target, reviewed together monthly", points: 4}
        advice: Derive marketing's pipeline target from the sales number and review both together.
      - id: goals-review
        text: How often do both teams review results together?
        scale: cadence
        advice: Put a monthly joint review in both heads' calendars.
  - id: handoff
    title: Lead handoff
    why: Leads that wait between teams go cold.
    questions:
      - id: handoff-follow-up
        text: How fast does sales follow up a lead that marketing passes on?
        na: true
        options:
          - {id: whenever, label: Whenever someone gets to it, points: 0}
          - {id: agreed, label: Within an agreed time that is measured, points: 4}
        advice: Agree a follow-up time and report on it every month.
`

func mini(t *testing.T) *rubric.Rubric {
	t.Helper()
	r, err := rubric.Parse("mini.yaml", []byte(miniRubric))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func newSheet(r *rubric.Rubric) *answers.Sheet {
	return &answers.Sheet{Rubric: r.ID, Team: "Northwind", Period: "2026-Q3", Respondent: "Dana", Role: "sales",
		Answers: map[string]answers.Answer{}}
}

// pages records the answers passed to the page callback, one map per call.
type pages []map[string]answers.Answer

func (p *pages) record(s *answers.Sheet) error {
	m := make(map[string]answers.Answer, len(s.Answers))
	for k, v := range s.Answers {
		m[k] = v
	}
	*p = append(*p, m)
	return nil
}

func TestNewQuizKeepsValidAnswers(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	s.Answers = map[string]answers.Answer{
		"goals-targets":     {Option: "linked", Comment: "ok"},
		"goals-review":      {Option: "monthly"},
		"handoff-follow-up": {Option: "nonsense"}, // not an option: asked again
		"removed-question":  {Option: "x"},
	}
	q := newQuiz(r, s)
	if got := q.firstOpen(); got != 2 {
		t.Errorf("firstOpen = %d, want 2 (the third question)", got)
	}
	q.sync()
	want := map[string]answers.Answer{"goals-targets": {Option: "linked", Comment: "ok"}, "goals-review": {Option: "monthly"}}
	if len(s.Answers) != len(want) || s.Answers["goals-targets"] != want["goals-targets"] || s.Answers["goals-review"] != want["goals-review"] {
		t.Errorf("answers after sync = %v, want %v", s.Answers, want)
	}
}

//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// numberRubric has a number question that allows "we don't measure this",
// a number question that takes only a number, and a choice with "don't
// know".
const numberRubric = `id: measured
version: "1"
title: Measured facts
bands: [{min: 0, label: Low, summary: Low.}, {min: 50, label: High, summary: High.}]
areas:
  - id: speed
    title: Follow-up speed
    why: Leads go cold.
    questions:
      - id: hours
        type: number
        text: What is the median time to the first call?
        unit: hours
        min: 0
        max: 1000
        bands:
          - {below: 1, points: 4, label: Within the hour}
          - {below: 24, points: 2, label: The same day}
          - {points: 0, label: Later}
        unmeasured: {label: We don't measure this, points: 0}
        dont_know: true
        advice: Call within the hour.
      - id: share
        type: number
        text: What share of leads does sales accept?
        unit: "%"
        min: 0
        max: 100
        bands:
          - {below: 50, points: 0, label: Under half}
          - {points: 4, label: Half or more}
        unmeasured: {label: We don't measure this, points: 0}
        advice: Agree what a good lead is.
      - id: budget
        text: How is marketing's budget set?
        dont_know: true
        options:
          - {id: guess, label: By guesswork, points: 0}
          - {id: plan, label: From a plan, points: 4}
        advice: Plan it.
`

// TestPtyNumbers answers number questions in a real terminal: a number
// that is out of range is refused with a message and corrected, "we don't
// measure this" is chosen for the second, "don't know" for the third.
func TestPtyNumbers(t *testing.T) {
	bin := buildAudit(t)
	h := newPtyHome(t)
	if err := os.WriteFile(filepath.Join(h.dir, "measured.yaml"), []byte(numberRubric), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startPty(t, bin, h, "take", "--rubric", "measured.yaml", "--team", "Northwind", "--period", "2026-Q3",
		"--respondent", "Dana Reyes", "--role", "sales", "--out", "out", "--no-report")
	focusedOn := func(what string, first string) {
		t.Helper()
		s.waitFor(what, func(scr string) bool {
			f := focused(scr)
			return len(f) > 0 && strings.HasPrefix(f[0], first)
		})
	}

	focusedOn("the first question", "1/3  What is the median time")
	s.waitText("A number from 0 to 1000 hours", "I'll type the number", "We don't measure this", "Don't know")
	s.press(keyEnter) // type the number
	focusedOn("the number field", "Your number, in hours")
	s.press("1500" + keyEnter)
	s.waitText("1500 is out of range: type a number from 0 to 1000 hours")
	focusedOn("the number field, still", "Your number, in hours")
	s.press("\x7f\x7f\x7f\x7f" + "2.5" + keyEnter)
	s.waitFor("the comment on hours", func(scr string) bool {
		f := focused(scr)
		return len(f) > 2 && f[0] == "Comment on your answer (optional)" && strings.Contains(strings.Join(f, " "), "→ 2.5 hours")
	})
	s.press(keyEnter)

	focusedOn("the second question", "2/3  What share of leads")
	s.press(keyDown + keyEnter) // we don't measure this
	s.waitFor("the comment on share", func(scr string) bool {
		f := focused(scr)
		return len(f) > 2 && f[0] == "Comment on your answer (optional)" && strings.Contains(strings.Join(f, " "), "→ We don't measure this")
	})
	s.press("No report for it yet" + keyEnter)

	focusedOn("the third question", "3/3  How is marketing's budget set?")
	s.press(keyDown + keyDown + keyEnter + keyEnter) // don't know, no comment
	s.waitText("Your score:", "Save your answers?")
	s.press(keyEnter)
	if code, scr := s.wait(); code != 0 {
		t.Fatalf("exit status %d; the screen:\n%s", code, scr)
	}
	sheet := readSheet(t, filepath.Join(h.out, "northwind-2026-Q3-dana-reyes.yaml"))
	v := 2.5
	want := map[string]answers.Answer{
		"hours":  {Option: "2.5", Number: &v},
		"share":  {Option: answers.Unmeasured, Comment: "No report for it yet"},
		"budget": {Option: answers.DontKnow},
	}
	if diff := cmp.Diff(want, sheet.Answers, cmpopts.IgnoreFields(answers.Answer{}, "Line")); diff != "" {
		t.Errorf("answers file (-want +got):\n%s", diff)
	}
	if u := s.screen.unknownSequences(); len(u) > 0 {
		t.Errorf("the terminal model did not know %q", u)
	}
}

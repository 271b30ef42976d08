//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestPtyNumbers answers number questions in a real terminal, with the
// rubric internal/questionnaire/testdata/measured.yaml: "we don't measure
// this" for the first; for the second, a number out of range that is
// refused with a message and then a good one; "don't know" for the third.
func TestPtyNumbers(t *testing.T) {
	bin := buildAudit(t)
	h := newPtyHome(t)
	rubricFile, err := filepath.Abs("../../internal/questionnaire/testdata/measured.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := startPty(t, bin, h, "take", "--rubric", rubricFile, "--team", "Northwind", "--period", "2026-Q3",
		"--respondent", "Dana Reyes", "--role", "sales", "--out", "out", "--no-report")
	focusedOn := func(what string, first string) {
		t.Helper()
		s.waitFor(what, func(scr string) bool {
			f := focused(scr)
			return len(f) > 0 && strings.HasPrefix(f[0], first)
		})
	}
	commentShows := func(what, answer string) {
		t.Helper()
		s.waitFor(what, func(scr string) bool {
			f := focused(scr)
			return len(f) > 2 && f[0] == "Comment on your answer (optional)" && strings.Contains(strings.Join(f, " "), "→ "+answer)
		})
	}

	focusedOn("the first question", "1/3  What is the median time")
	s.waitText("A number from 0 to 1000 hours", "I'll type the number", "We don't measure this", "Don't know")
	s.press(keyDown + keyEnter) // we don't measure this: the number field is skipped
	commentShows("the comment on hours", "We don't measure this")
	s.press("No report for it yet" + keyEnter)

	focusedOn("the second question's number", "2/3  What share of leads")
	s.press("150" + keyEnter)
	s.waitText("150 is out of range: type a number from 0 to 100%")
	focusedOn("the number field, still", "2/3  What share of leads")
	s.press("\x7f\x7f\x7f" + "42.5" + keyEnter)
	commentShows("the comment on share", "42.5%")
	s.press(keyEnter)

	focusedOn("the third question", "3/3  How is the other team's budget set?")
	s.press(keyDown + keyDown + keyEnter + keyEnter) // don't know, no comment
	s.waitText("Your score:", "Save your answers?")
	s.press(keyEnter)
	if code, scr := s.wait(); code != 0 {
		t.Fatalf("exit status %d; the screen:\n%s", code, scr)
	}
	sheet := readSheet(t, filepath.Join(h.out, "northwind-2026-Q3-dana-reyes.yaml"))
	v := 42.5
	want := map[string]answers.Answer{
		"hours":  {Option: answers.Unmeasured, Comment: "No report for it yet"},
		"share":  {Option: "42.5", Number: &v},
		"budget": {Option: answers.DontKnow},
	}
	if diff := cmp.Diff(want, sheet.Answers, cmpopts.IgnoreFields(answers.Answer{}, "Line")); diff != "" {
		t.Errorf("answers file (-want +got):\n%s", diff)
	}
	if u := s.screen.unknownSequences(); len(u) > 0 {
		t.Errorf("the terminal model did not know %q", u)
	}
}

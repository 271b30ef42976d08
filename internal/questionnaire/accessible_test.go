package questionnaire

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/alignaudit/audit/internal/answers"
)

// accessible returns a Terminal in accessible mode that reads script one
// byte at a time, as a terminal or a pipe may deliver it.
func accessible(script string) (*Terminal, *bytes.Buffer) {
	var out bytes.Buffer
	return NewTerminal(iotest.OneByteReader(strings.NewReader(script)), &out, true), &out
}

func TestAccessibleAsk(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	term, out := accessible(strings.Join([]string{
		"2", "", // goals-targets: linked; no comment
		"", "9", "3", "We meet monthly", // goals-review: an empty line and 9 are asked again; monthly
		"3", "  ", // handoff-follow-up: not applicable; a blank comment
		"y", // save
	}, "\n") + "\n")
	var got pages
	if err := term.Ask(context.Background(), r, s, got.record); err != nil {
		t.Fatalf("Ask: %v\noutput:\n%s", err, out)
	}
	want := map[string]answers.Answer{
		"goals-targets":     {Option: "linked"},
		"goals-review":      {Option: "monthly", Comment: "We meet monthly"},
		"handoff-follow-up": {Option: answers.NA},
	}
	if !maps.Equal(s.Answers, want) {
		t.Errorf("answers = %v, want %v", s.Answers, want)
	}
	if len(got) != 3 {
		t.Fatalf("the progress callback ran %d times, want 3 (once per question)", len(got))
	}
	if len(got[1]) != 2 || got[1]["goals-review"] != want["goals-review"] {
		t.Errorf("after the second question the draft has %v, want its two answers", got[1])
	}
	text := out.String()
	for _, s := range []string{
		"Area 1 of 2: Shared goals and metrics",
		"Teams that chase different numbers",
		"Think of the targets for this year.",
		"2. Both come from one revenue goal — Tracked apart, but traceable to one number.",
		"Type the number of your answer.",
		"3. Not applicable",
		"Your score: 83.3 out of 100 — Integrated", // (2·0.75 + 1·1) / 3
		"1. +16.7  How are the sales and marketing targets set?\n            Derive marketing's pipeline target",
		"Save your answers?",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("output lacks %q:\n%s", s, text)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Errorf("accessible output has escape sequences:\n%q", text)
	}
}

func TestAccessibleDecline(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	term, _ := accessible("1\n\n1\n\n1\n\nn\n")
	var got pages
	err := term.Ask(context.Background(), r, s, got.record)
	if !errors.Is(err, ErrDeclined) {
		t.Fatalf("Ask = %v, want ErrDeclined", err)
	}
	if len(got) != 3 || len(got[2]) != 3 {
		t.Errorf("drafts = %v, want three, the last with all three answers", got)
	}
}

func TestAccessibleInputEnds(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	term, _ := accessible("2\nIt is\n3") // the first question, then an answer without its comment
	var got pages
	err := term.Ask(context.Background(), r, s, got.record)
	if !errors.Is(err, ErrInputEnded) {
		t.Fatalf("Ask = %v, want ErrInputEnded", err)
	}
	want := map[string]answers.Answer{"goals-targets": {Option: "linked", Comment: "It is"}, "goals-review": {Option: "monthly"}}
	if len(got) == 0 || !maps.Equal(got[len(got)-1], want) {
		t.Errorf("drafts = %v, want the last %v: every answer given", got, want)
	}
}

func TestAccessibleInputEndsAtTheConfirmation(t *testing.T) {
	r := mini(t)
	term, _ := accessible("1\n\n1\n\n1\n\n") // no answer to "Save?"
	err := term.Ask(context.Background(), r, newSheet(r), nil)
	if !errors.Is(err, ErrInputEnded) {
		t.Fatalf("Ask = %v, want ErrInputEnded, not a save by default", err)
	}
}

func TestAccessibleLastLineWithoutNewline(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	term, _ := accessible("1\n\n1\n\n1\n\ny")
	if err := term.Ask(context.Background(), r, s, nil); err != nil {
		t.Fatalf("Ask: %v", err)
	}
}

func TestAccessibleResume(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	s.Answers["goals-targets"] = answers.Answer{Option: "joint", Comment: "kept"}
	s.Answers["goals-review"] = answers.Answer{Option: "quarterly"}
	term, out := accessible("2\n\ny\n") // area 2 only
	if err := term.Ask(context.Background(), r, s, nil); err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if strings.Contains(out.String(), "Area 1 of 2") {
		t.Errorf("the completed area was asked again:\n%s", out)
	}

	// A draft that stopped inside an area goes on at its first question
	// not answered.
	partial := newSheet(r)
	partial.Answers["goals-targets"] = answers.Answer{Option: "joint"}
	term, out = accessible("1\n\n1\n\ny\n")
	if err := term.Ask(context.Background(), r, partial, nil); err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if text := out.String(); strings.Contains(text, "Question 1 of 3") || !strings.Contains(text, "Question 2 of 3") {
		t.Errorf("resumed at the wrong question:\n%s", text)
	}
	want := map[string]answers.Answer{
		"goals-targets":     {Option: "joint", Comment: "kept"},
		"goals-review":      {Option: "quarterly"},
		"handoff-follow-up": {Option: "agreed"},
	}
	if !maps.Equal(s.Answers, want) {
		t.Errorf("answers = %v, want %v", s.Answers, want)
	}
}

func TestAccessibleCancel(t *testing.T) {
	r := mini(t)
	pr, pw := io.Pipe() // a terminal where nobody types
	defer pw.Close()
	var out bytes.Buffer
	term := NewTerminal(pr, &out, true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- term.Ask(ctx, r, newSheet(r), nil) }()
	cancel() // what SIGINT does through signal.NotifyContext
	select {
	case err := <-done:
		if !errors.Is(err, ErrAborted) {
			t.Errorf("Ask = %v, want ErrAborted", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Ask did not stop when the context was cancelled")
	}
}

func TestAccessibleIdentify(t *testing.T) {
	r := mini(t)
	id := Identity{Team: "Northwind", Period: "2026-Q3"}
	term, out := accessible(strings.Join([]string{
		"",        // team: keep Northwind
		"2026-Q5", // not a quarter: asked again
		"2026-Q4",
		"", "Dana Reyes", // a name is required
		"2", // marketing
	}, "\n") + "\n")
	if err := term.Identify(context.Background(), r, &id, AskTeam|AskPeriod|AskRespondent|AskRole); err != nil {
		t.Fatalf("Identify: %v\n%s", err, out)
	}
	want := Identity{Team: "Northwind", Period: "2026-Q4", Respondent: "Dana Reyes", Role: "marketing"}
	if id != want {
		t.Errorf("identity = %+v, want %+v\noutput:\n%s", id, want, out)
	}
	for _, s := range []string{"Team (press Enter for Northwind):", "YYYY-Qn", "enter your name"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestAccessibleConfirm(t *testing.T) {
	for _, tc := range []struct {
		input string
		want  bool
	}{{"\n", true}, {"y\n", true}, {"n\n", false}, {"maybe\nno\n", false}} {
		term, out := accessible(tc.input)
		got, err := term.Confirm(context.Background(), "Resume your draft?", "You answered 2 of 3 questions.", "Resume", "Start over")
		if err != nil || got != tc.want {
			t.Errorf("Confirm with %q = %v, %v; want %v\n%s", tc.input, got, err, tc.want, out)
		}
	}
	term, _ := accessible("")
	if _, err := term.Confirm(context.Background(), "Resume?", "", "Resume", "Start over"); !errors.Is(err, ErrInputEnded) {
		t.Errorf("Confirm at the end of the input = %v, want ErrInputEnded", err)
	}
}

// TestAccessibleCommentTooLong (issue 16, item 16): a piped comment over
// the limit stops the questionnaire at that prompt. It used to be asked
// again, so that every later line answered the question before it.
func TestAccessibleCommentTooLong(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	long := strings.Repeat("é", answers.MaxCommentLength+1)
	ok := strings.Repeat("é", answers.MaxCommentLength) // 40,000 bytes: characters count
	term, _ := accessible("2\n" + ok + "\n3\n" + long + "\n3\n\ny\n")
	var got pages
	err := term.Ask(context.Background(), r, s, got.record)
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), `question 2, "goals-review": the comment is 20001 characters long, more than the 20000 allowed`) {
		t.Fatalf("Ask = %v, want the comment of question 2 refused", err)
	}
	// The draft keeps question 1 with its comment, and leaves question 2
	// out, to be asked again.
	if len(got) == 0 {
		t.Fatal("no draft was passed on")
	}
	last := got[len(got)-1]
	if _, asked := last["goals-review"]; asked || len(last) != 1 || last["goals-targets"].Comment != ok {
		t.Errorf("last draft: %d answers, goals-review %v, comment of question 1 %d characters",
			len(last), last["goals-review"].Option, len(last["goals-targets"].Comment))
	}
}

// TestAccessibleLineTooLong: a line longer than huh's 64 KB scanner stops
// the questionnaire too, instead of its rest answering the next prompts.
func TestAccessibleLineTooLong(t *testing.T) {
	r := mini(t)
	term, _ := accessible("2\n" + strings.Repeat("x", 70000) + "\n3\n\n3\n\ny\n")
	if err := term.Ask(context.Background(), r, newSheet(r), nil); !errors.Is(err, ErrTooLong) {
		t.Fatalf("Ask = %v, want ErrTooLong", err)
	}
}

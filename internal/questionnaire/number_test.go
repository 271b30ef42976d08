package questionnaire

import (
	"context"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// measured is testdata/measured.yaml: a number question that allows "we
// don't measure this" and "don't know", one that takes only a number, and a
// choice question with "don't know".
func measured(t *testing.T) *rubric.Rubric {
	t.Helper()
	data, err := os.ReadFile("testdata/measured.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := rubric.Parse("testdata/measured.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func ptr(v float64) *float64 { return &v }

var ignoreLine = cmpopts.IgnoreFields(answers.Answer{}, "Line")

func TestParseNumber(t *testing.T) {
	r := measured(t)
	hours, share := &r.Areas[0].Questions[0], &r.Areas[0].Questions[1]
	for _, tt := range []struct {
		q       *rubric.Question
		text    string
		want    float64
		wantErr string
	}{
		{hours, "4", 4, ""},
		{hours, " 2.5 ", 2.5, ""},
		{hours, "0", 0, ""},
		{hours, "1000", 1000, ""},
		{hours, "1e2", 100, ""},
		{share, "45%", 45, ""},
		{share, "45 %", 45, ""},
		{hours, "", 0, "type a number from 0 to 1000 hours"},
		{hours, "1001", 0, "1001 is out of range: type a number from 0 to 1000 hours"},
		{hours, "-1", 0, "-1 is out of range: type a number from 0 to 1000 hours"},
		{hours, "four", 0, `"four" is not a number: type a number from 0 to 1000 hours`},
		{hours, "NaN", 0, `"NaN" is not a number`},
		{hours, "Inf", 0, `"Inf" is not a number`},
		{hours, "0x10", 0, `"0x10" is not a number`},
		{hours, "1,5", 0, `"1,5": write the number without commas`},
		{hours, "45%", 0, `"45%" is not a number`},
	} {
		got, err := ParseNumber(tt.q, tt.text)
		switch {
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("ParseNumber(%s, %q) = %v, %v; want %v", tt.q.ID, tt.text, got, err, tt.want)
		case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
			t.Errorf("ParseNumber(%s, %q) = %v, %v; want an error %q", tt.q.ID, tt.text, got, err, tt.wantErr)
		}
	}
}

// TestPagerNumbers answers the number questions in the full-screen form:
// a number refused with a message, then a good one; "we don't measure
// this", which skips the number field both ways; "don't know".
func TestPagerNumbers(t *testing.T) {
	r := measured(t)
	s := newSheet(r)
	var drafts pages
	d := newDriver(t, newPager(newQuiz(r, s), drafts.record))

	d.focused("hours")
	d.sees("1/3  What is the median time to the first call?", "A number from 0 to 1000 hours",
		NumberLabel, "We don't measure this", DontKnowLabel)
	d.keys(enter) // type the number
	d.focused("number:hours")
	d.sees("Your number, in hours")
	d.typeText("2000")
	d.keys(enter)
	d.focused("number:hours") // refused
	d.sees("2000 is out of range: type a number from 0 to 1000 hours")
	for range 4 {
		d.keys(tea.Key{Code: tea.KeyBackspace})
	}
	if len(drafts) != 0 {
		t.Errorf("drafts before a valid number: %v", drafts)
	}
	d.typeText("3.5")
	d.keys(enter)
	d.focused("comment:hours")
	d.sees("→ 3.5 hours")
	// The number counts as the answer once Enter takes it.
	if len(drafts) == 0 || drafts[len(drafts)-1]["hours"].Number == nil || *drafts[len(drafts)-1]["hours"].Number != 3.5 {
		t.Errorf("drafts after the number: %v, want the last with hours 3.5", drafts)
	}

	// Back to the select: choose "we don't measure this"; the number field
	// is stepped over, forward and back.
	d.keys(shiftTab)
	d.focused("number:hours")
	d.keys(shiftTab)
	d.focused("hours")
	d.keys(down, enter)
	d.focused("comment:hours")
	d.sees("→ We don't measure this")
	d.keys(shiftTab)
	d.focused("hours")
	d.keys(enter) // still "we don't measure this"
	d.focused("comment:hours")
	d.keys(enter)

	// A number question without other answers starts at its number.
	d.focused("number:share")
	d.sees("2/3  What share of leads does sales accept?")
	d.keys(enter)
	d.focused("number:share") // an empty number is refused
	d.sees("type a number from 0 to 100%")
	d.typeText("45%")
	d.keys(enter, enter)

	d.focused("budget")
	d.sees(DontKnowLabel)
	d.keys(down, down, enter, enter) // don't know
	d.sees("Save your answers?")
	d.keys(enter)
	if !d.m.ended || d.m.outcome != nil {
		t.Fatalf("after Save: ended %v, outcome %v", d.m.ended, d.m.outcome)
	}
	want := map[string]answers.Answer{
		"hours":  {Option: answers.Unmeasured},
		"share":  {Option: "45", Number: ptr(45)},
		"budget": {Option: answers.DontKnow},
	}
	if diff := cmp.Diff(want, s.Answers, ignoreLine); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

// TestPagerNumberResume: a draft's number is shown again and kept.
func TestPagerNumberResume(t *testing.T) {
	r := measured(t)
	s := newSheet(r)
	s.Answers["hours"] = answers.NumberAnswer(12)
	s.Answers["share"] = answers.NumberAnswer(2000) // out of range: asked again
	q := newQuiz(r, s)
	if q.values[0] != numberChoice || q.numbers[0] != "12" || q.values[1] != numberChoice || q.numbers[1] != "" {
		t.Fatalf("quiz from the draft: values %q, numbers %q", q.values, q.numbers)
	}
	d := newDriver(t, newPager(q, nil))
	// The questionnaire goes on at the first question not answered, with
	// the draft's number above it.
	d.focused("number:share")
	d.keys(shiftTab)
	d.focused("comment:hours")
	d.sees("→ 12 hours")
	d.keys(enter)
	d.focused("number:share")
	d.typeText("60")
	d.keys(enter, enter, enter, enter) // share; budget: by guesswork
	d.sees("Save your answers?")
	d.keys(enter)
	want := map[string]answers.Answer{
		"hours":  {Option: "12", Number: ptr(12)},
		"share":  {Option: "60", Number: ptr(60)},
		"budget": {Option: "guess"},
	}
	if diff := cmp.Diff(want, s.Answers, ignoreLine); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

// TestAccessibleNumbers answers in accessible mode: a choice, an invalid
// number asked again with the reason, a good one, "don't know".
func TestAccessibleNumbers(t *testing.T) {
	r := measured(t)
	s := newSheet(r)
	term, out := accessible(strings.Join([]string{
		"1", "lots", "2000", "7.5", "", // hours: type the number; "lots" and 2000 refused; 7.5; no comment
		"", "45%", "Approx.", // share: an empty number refused; 45%; a comment
		"3", "", // budget: don't know
		"y",
	}, "\n") + "\n")
	var got pages
	if err := term.Ask(context.Background(), r, s, got.record); err != nil {
		t.Fatalf("Ask: %v\noutput:\n%s", err, out)
	}
	want := map[string]answers.Answer{
		"hours":  {Option: "7.5", Number: ptr(7.5)},
		"share":  {Option: "45", Number: ptr(45), Comment: "Approx."},
		"budget": {Option: answers.DontKnow},
	}
	if diff := cmp.Diff(want, s.Answers, ignoreLine); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	text := out.String()
	for _, want := range []string{
		"What is the median time to the first call? (A number from 0 to 1000 hours)",
		"1. " + NumberLabel, "2. We don't measure this", "3. " + DontKnowLabel,
		"Your number, in hours (0 to 1000):",
		`"lots" is not a number: type a number from 0 to 1000 hours`,
		"2000 is out of range: type a number from 0 to 1000 hours",
		"What share of leads does sales accept? Your number, in % (0 to 100):",
		"3. " + DontKnowLabel,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}

	// Resuming: the question answered with a number is not asked again;
	// the draft's number is kept.
	s2 := newSheet(r)
	s2.Answers = map[string]answers.Answer{"hours": answers.NumberAnswer(7.5)}
	term, out = accessible("60\n\n2\n\ny\n")
	if err := term.Ask(context.Background(), r, s2, nil); err != nil {
		t.Fatalf("Ask: %v\noutput:\n%s", err, out)
	}
	if text := out.String(); strings.Contains(text, "Question 1 of 3") || !strings.Contains(text, "Question 2 of 3") {
		t.Errorf("resumed at the wrong question:\n%s", text)
	}
	want = map[string]answers.Answer{
		"hours":  {Option: "7.5", Number: ptr(7.5)},
		"share":  {Option: "60", Number: ptr(60)},
		"budget": {Option: "plan"},
	}
	if diff := cmp.Diff(want, s2.Answers, ignoreLine); diff != "" {
		t.Errorf("resumed answers (-want +got):\n%s", diff)
	}
}

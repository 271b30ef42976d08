package scoring

import (
	"os"

	"github.com/alignaudit/audit/internal/answers"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// measuredDoc builds an answers file for testdata/measured.yaml with the
// given answer lines, from line 8 on.
func measuredDoc(answerLines ...string) string {
	return "rubric: measured\nrubric_version: \"1\"\nteam: Acme\nperiod: 2026-Q3\nrespondent: Ann\nrole: sales\nanswers:\n  " +
		strings.Join(answerLines, "\n  ") + "\n"
}

// TestCheckMeasured: a number question takes a number in its range, or the
// reserved answers it allows; anything else is a problem naming the file,
// the line and the question.
func TestCheckMeasured(t *testing.T) {
	r := loadRubric(t, "testdata/measured.yaml")
	ok := []string{"s1: 2", "s2: written", "q1: 40", "q2: always"}
	tests := []struct {
		name    string
		answers []string
		want    []string
	}{
		{"valid", ok, nil},
		{"bounds included", []string{"s1: 0", "s2: none", "q1: 100", "q2: never"}, nil},
		{"decimals", []string{"s1: 0.25", "s2: none", "q1: 99.5", "q2: never"}, nil},
		{"reserved answers", []string{"s1: unmeasured", "s2: unknown", "q1: unknown", "q2: never"}, nil},
		{"above the range", []string{"s1: 1001", "s2: written", "q1: 40", "q2: always"},
			[]string{"ann.yaml:8: answers.s1: 1001 is out of range: want a number from 0 to 1000 hours"}},
		{"below the range", []string{"s1: 2", "s2: written", "q1: {answer: -5, comment: Oops.}", "q2: always"},
			[]string{"ann.yaml:10: answers.q1: -5 is out of range: want a number from 0 to 100 %"}},
		{"quoted number", []string{"s1: '2'", "s2: written", "q1: 40", "q2: always"},
			[]string{`ann.yaml:8: answers.s1: want a number from 0 to 1000 hours, unmeasured or unknown, got the text "2"`}},
		{"words", []string{"s1: about a day", "s2: written", "q1: 40", "q2: always"},
			[]string{`ann.yaml:8: answers.s1: want a number from 0 to 1000 hours, unmeasured or unknown, got the text "about a day"`}},
		{"an option id of another question", []string{"s1: written", "s2: written", "q1: 40", "q2: always"},
			[]string{`ann.yaml:8: answers.s1: want a number from 0 to 1000 hours, unmeasured or unknown, got the text "written"`}},
		{"a number for a choice question", []string{"s1: 2", "s2: 2", "q1: 40", "q2: always"},
			[]string{`ann.yaml:9: answers.s2: unknown option "2" (options: none, informal, written, reviewed, unknown)`}},
		{"unknown not allowed", []string{"s1: 2", "s2: written", "q1: 40", "q2: unknown"},
			[]string{`ann.yaml:11: answers.q2: "unknown" is not allowed: this question has no "don't know"`}},
		{"na not allowed", []string{"s1: na", "s2: written", "q1: 40", "q2: always"},
			[]string{`ann.yaml:8: answers.s1: "na" is not allowed: this question must be answered`}},
		{"a band id is not an answer", []string{"s1: band-1", "s2: written", "q1: 40", "q2: always"},
			[]string{`ann.yaml:8: answers.s1: want a number from 0 to 1000 hours, unmeasured or unknown, got the text "band-1"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadSheet(t, "ann.yaml", []byte(measuredDoc(tt.answers...)))
			_, err := Score(r, []*answers.Sheet{s}, Options{})
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Score: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Score = nil error, want:\n%s", strings.Join(tt.want, "\n"))
			}
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCheckUnmeasuredNotAllowed: "unmeasured" is only an answer where the
// question has one.
func TestCheckUnmeasuredNotAllowed(t *testing.T) {
	data, err := os.ReadFile("testdata/measured.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "        unmeasured: {label: We don't measure it, points: 0}\n", "", 1)
	r := parseRubric(t, src)
	s := loadSheet(t, "ann.yaml", []byte(measuredDoc("s1: 2", "s2: written", "q1: unmeasured", "q2: always")))
	_, err = Score(r, []*answers.Sheet{s}, Options{})
	want := []string{`ann.yaml:10: answers.q1: "unmeasured" is not allowed: this question has no "we don't measure this"`}
	if diff := cmp.Diff(want, problems(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

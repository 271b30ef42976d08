package answers

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func ptr(v float64) *float64 { return &v }

// numberSeeds are answers to q1 that FuzzParse starts from.
var numberSeeds = []string{"q1: 42", "q1: -0.50", "q1: 1.5e3", "q1: .nan", "q1: 1e400", "q1: 0x1f", "q1: '42'",
	"q1: unmeasured", "q1: unknown", "q1: {answer: 12, comment: x}"}

// TestParseNumbers: a YAML or JSON number is kept as a number next to its
// text; a quoted number is only text (the rubric refuses it where a number
// is wanted); the reserved answers are text.
func TestParseNumbers(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            Answer
	}{
		{"integer", "a.yaml", "q1: 42", Answer{Option: "42", Number: ptr(42)}},
		{"negative decimal", "a.yaml", "q1: -0.5", Answer{Option: "-0.5", Number: ptr(-0.5)}},
		{"trailing zero kept as written", "a.yaml", "q1: 0.50", Answer{Option: "0.50", Number: ptr(0.5)}},
		{"exponent", "a.yaml", "q1: 1.5e3", Answer{Option: "1.5e3", Number: ptr(1500)}},
		{"in the comment form", "a.yaml", "q1: {answer: 12, comment: Last quarter's median.}", Answer{Option: "12", Number: ptr(12), Comment: "Last quarter's median."}},
		{"quoted is text", "a.yaml", "q1: '42'", Answer{Option: "42"}},
		{"unmeasured", "a.yaml", "q1: unmeasured", Answer{Option: Unmeasured}},
		{"don't know", "a.yaml", "q1: unknown", Answer{Option: DontKnow}},
		{"hexadecimal stays text", "a.yaml", "q1: 0x1f", Answer{Option: "0x1f"}},
		{"JSON number", "a.json", `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "Ann", "role": "sales", "answers": {"q1": 4.25}}`, Answer{Option: "4.25", Number: ptr(4.25)}},
		{"JSON string", "a.json", `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "Ann", "role": "sales", "answers": {"q1": "4.25"}}`, Answer{Option: "4.25"}},
		{"JSON comment form", "a.json", `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "Ann", "role": "sales", "answers": {"q1": {"answer": 90, "comment": "From the CRM."}}}`, Answer{Option: "90", Number: ptr(90), Comment: "From the CRM."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			if tt.file == "a.yaml" {
				src = replace("q1: lo", tt.src)
			}
			s, err := Parse(tt.file, []byte(src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, s.Answers["q1"], cmpopts.IgnoreFields(Answer{}, "Line")); diff != "" {
				t.Errorf("answer mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if a := (Answer{Option: DontKnow}); !a.IsDontKnow() || a.IsNA() {
		t.Errorf("IsDontKnow/IsNA of %+v", a)
	}
}

// TestParseNumberProblems: NaN, infinity and numbers beyond float64 are
// refused where they stand, with the question's path.
func TestParseNumberProblems(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"q1: .nan", "a.yaml:7: answers.q1: .nan is not a finite number: write a number such as 12 or 0.5"},
		{"q1: -.inf", "a.yaml:7: answers.q1: -.inf is not a finite number: write a number such as 12 or 0.5"},
		{"q1: {answer: .Inf}", "a.yaml:7: answers.q1.answer: .Inf is not a finite number: write a number such as 12 or 0.5"},
		{"q1: 1e400", "a.yaml:7: answers.q1: 1e400 is not a finite number: write a number such as 12 or 0.5"},
	} {
		t.Run(tt.src, func(t *testing.T) {
			checkProblems(t, "a.yaml", replace("q1: lo", tt.src), []string{tt.want})
		})
	}
	// JSON has no NaN or infinity; a number beyond float64 is refused.
	checkProblems(t, "a.json", `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "Ann", "role": "sales",
"answers": {"q1": 1e400}}`, []string{"a.json:2: answers.q1: 1e400 is not a finite number: write a number such as 12 or 0.5"})
}

func TestEncodeNumbers(t *testing.T) {
	s := &Sheet{Rubric: "r", Team: "T", Period: "2026-Q3", Respondent: "R", Role: "sales",
		Answers: map[string]Answer{
			"a": NumberAnswer(42),
			"b": NumberAnswer(0.25),
			"c": {Option: "0.50", Number: ptr(0.5)}, // kept as written
			"d": {Option: "", Number: ptr(1e6)},     // no text: the number's own
			"e": {Option: "12", Number: ptr(12), Comment: "From the CRM."},
			"f": {Option: "42"}, // text, not a number: quoted
			"g": {Option: Unmeasured},
		}}
	got, err := Encode(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `rubric: r
team: T
period: 2026-Q3
respondent: R
role: sales
answers:
  a: 42
  b: 0.25
  c: 0.50
  d: 1e+06
  e:
    answer: 12
    comment: From the CRM.
  f: "42"
  g: unmeasured
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Encode mismatch (-want +got):\n%s", diff)
	}
	back, err := Parse("round.yaml", got)
	if err != nil {
		t.Fatal(err)
	}
	s.Answers["d"] = Answer{Option: "1e+06", Number: ptr(1e6)}
	if diff := cmp.Diff(s, back, ignoreSource, cmpopts.IgnoreFields(Answer{}, "Line")); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

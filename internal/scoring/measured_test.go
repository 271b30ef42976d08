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
			[]string{"ann.yaml:10: answers.q1: -5 is out of range: want a number from 0 to 100%"}},
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

// TestMeasuredExample is the second worked example of docs/scoring.md: the
// rubric testdata/measured.yaml (two number questions, "don't know")
// answered by Ann and Cy (sales) and Ben (marketing). Every number the
// document gives is checked here to 1e-9; when one changes, change both.
func TestMeasuredExample(t *testing.T) {
	r := loadRubric(t, "testdata/measured.yaml")
	var sheets []*answers.Sheet
	for _, name := range []string{"testdata/measured-ann.yaml", "testdata/measured-ben.yaml", "testdata/measured-cy.json"} {
		sheets = append(sheets, loadSheet(t, name, readFile(t, name)))
	}
	res, err := Score(r, sheets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)

	// Step 1: a number counts as the option of its band.
	//   s1 bands: under 1 → 4, 1 to under 24 → 2, 24 or more → 0; unmeasured 0
	//     Ann 2 → "The same day", 2 points, s = 2/4 = 0.5; Ben don't know;
	//     Cy 30 → "Later", 0 points, s = 0 (a red flag)
	//   q1 bands: under 25 → 0, 25 to under 50 → 2, 50 or more → 4; unmeasured 0
	//     Ann 40 → 2 points, s = 0.5; Ben 60 → 4, s = 1; Cy unmeasured → 0, s = 0
	type resp struct {
		Option   string
		Value    *float64
		Score    float64
		DontKnow bool
	}
	gotResp := map[string][]resp{}
	for _, q := range res.Questions {
		for _, rp := range q.Responses {
			id := ""
			if rp.Option != nil {
				id = rp.Option.ID
			}
			gotResp[q.Question.ID] = append(gotResp[q.Question.ID], resp{id, rp.Value, rp.Score, rp.DontKnow})
		}
	}
	wantResp := map[string][]resp{
		"s1": {{"band-2", f(2), 0.5, false}, {"", nil, 0, true}, {"band-3", f(30), 0, false}},
		"s2": {{"written", nil, 0.5, false}, {"", nil, 0, true}, {"informal", nil, 0.25, false}},
		"q1": {{"band-2", f(40), 0.5, false}, {"band-3", f(60), 1, false}, {"unmeasured", nil, 0, false}},
		"q2": {{"always", nil, 1, false}, {"sometimes", nil, 0.5, false}, {"never", nil, 0, false}},
	}
	if diff := cmp.Diff(wantResp, gotResp, approx); diff != "" {
		t.Errorf("step 1, answers (-want +got):\n%s", diff)
	}

	// Step 2: team scores per question; don't know is left out like N/A
	// but counted, by role too.
	type qsum struct {
		ID             string
		Score          *float64
		Answered       int
		DontKnow       int
		DontKnowByRole map[string]int
	}
	var gotQ []qsum
	for _, q := range res.Questions {
		gotQ = append(gotQ, qsum{q.Question.ID, q.Score, q.Answered, q.DontKnow, q.DontKnowByRole})
	}
	wantQ := []qsum{
		{"s1", f(0.25), 2, 1, map[string]int{"marketing": 1}},
		{"s2", f(0.375), 2, 1, map[string]int{"marketing": 1}},
		{"q1", f(0.5), 3, 0, nil},
		{"q2", f(0.5), 3, 0, nil},
	}
	if diff := cmp.Diff(wantQ, gotQ, approx); diff != "" {
		t.Errorf("step 2, questions (-want +got):\n%s", diff)
	}

	// Step 3: the numbers: median and range, for the team and by role.
	wantNumbers := map[string]*NumberStats{
		"s1": {Team: &Spread{N: 2, Median: 16, Min: 2, Max: 30}, Roles: map[string]Spread{"sales": {N: 2, Median: 16, Min: 2, Max: 30}}},
		"q1": {Team: &Spread{N: 2, Median: 50, Min: 40, Max: 60}, Unmeasured: 1, Roles: map[string]Spread{
			"sales": {N: 1, Median: 40, Min: 40, Max: 40}, "marketing": {N: 1, Median: 60, Min: 60, Max: 60}}},
	}
	gotNumbers := map[string]*NumberStats{}
	for _, q := range res.Questions {
		if q.Numbers != nil {
			gotNumbers[q.Question.ID] = q.Numbers
		}
	}
	if diff := cmp.Diff(wantNumbers, gotNumbers, approx); diff != "" {
		t.Errorf("step 3, numbers (-want +got):\n%s", diff)
	}

	// Steps 4 and 5: areas and overall.
	//   speed   = 100 × (2·0.25 + 1·0.375)/3 = 175/6 = 29.1667 → Weak
	//   quality = 100 × (1·0.5 + 1·0.5)/2 = 50 → Fair
	//   overall = (2·175/6 + 1·50)/3 = 325/9 = 36.1111 → Weak
	want := summary{
		Overall: f(325.0 / 9), Band: "Weak",
		Areas: []areaSummary{
			{ID: "speed", Score: f(175.0 / 6), Band: "Weak", Answered: 4},
			{ID: "quality", Score: f(50), Band: "Fair", Answered: 6},
		},
		// Step 6: roles. Sales: speed as the team (Ben gave no speed
		// answer), quality 100 × (0.25 + 0.5)/2 = 37.5, overall
		// (2·175/6 + 37.5)/3 = 31.9444. Marketing: speed has no score,
		// quality 100 × (1 + 0.5)/2 = 75, overall 75.
		Roles: []roleSummary{
			{Role: "marketing", Respondents: 1, Overall: f(75), Areas: map[string]*float64{"speed": nil, "quality": f(75)}},
			{Role: "sales", Respondents: 2, Overall: f((175.0/3 + 37.5) / 3), Areas: map[string]*float64{"speed": f(175.0 / 6), "quality": f(37.5)}},
		},
		// Step 7: actions, ΣW = 3; Σw = 3 for speed, 2 for quality.
		Actions: []actionSummary{
			{Question: "s1", Gain: 2 * 100 * 2 * 0.75 / 9},  // 33.3333
			{Question: "s2", Gain: 2 * 100 * 1 * 0.625 / 9}, // 13.8889
			{Question: "q1", Gain: 100 * 0.5 / 6},           // 8.3333
			{Question: "q2", Gain: 100 * 0.5 / 6},           // 8.3333
		},
		// Step 8: red flags: Cy's 30 hours is in the band "Later"; Cy's
		// "never" on q2. The unmeasured answer to q1 is not a red flag.
		RedFlags: []flagSummary{{Question: "s1", Option: "band-3", Count: 1}, {Question: "q2", Option: "never", Count: 1}},
	}
	if diff := cmp.Diff(want, summarize(res), approx); diff != "" {
		t.Errorf("result mismatch (-want +got):\n%s", diff)
	}
	wantDontKnow := map[string]int{"speed": 2, "quality": 0, "marketing": 2, "sales": 0}
	gotDontKnow := map[string]int{}
	for _, a := range res.Areas {
		gotDontKnow[a.Area.ID] = a.DontKnow
	}
	for _, rr := range res.Roles {
		gotDontKnow[rr.Role] = rr.DontKnow
	}
	if diff := cmp.Diff(wantDontKnow, gotDontKnow); diff != "" {
		t.Errorf("don't know by area and role (-want +got):\n%s", diff)
	}
}

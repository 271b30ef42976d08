package scoring

import (
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/google/go-cmp/cmp"
)

// TestWorkedExample is the worked example of docs/scoring.md: the rubric
// testdata/worked-example.yaml answered by Ann (sales) and Ben (marketing,
// N/A on g2). Every number the document gives is checked here to 1e-9; when
// one changes, change both.
func TestWorkedExample(t *testing.T) {
	r := loadRubric(t, "testdata/worked-example.yaml")
	var sheets []*answers.Sheet
	for _, name := range []string{"testdata/worked-example-ann.yaml", "testdata/worked-example-ben.yaml"} {
		sheets = append(sheets, loadSheet(t, name, readFile(t, name)))
	}
	res, err := Score(r, sheets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, res)

	// Step 1: s = (p − min)/(max − min) for each respondent.
	//   g1 points 0, 1, 2, 4:  Ann linked 2 → 2/4 = 0.5;   Ben joint 4 → 1
	//   g2 points 0, 1, 2:     Ann sometimes 1 → 0.5;      Ben N/A
	//   h1 points 0, 1, 2:     Ann never 0 → 0;            Ben sometimes 1 → 0.5
	//   h2 points 0, 1, 3:     Ann informal 1 → 1/3;       Ben agreed 3 → 1
	type resp struct {
		Score float64
		NA    bool
	}
	wantResp := map[string][]resp{
		"g1": {{0.5, false}, {1, false}},
		"g2": {{0.5, false}, {0, true}},
		"h1": {{0, false}, {0.5, false}},
		"h2": {{1.0 / 3, false}, {1, false}},
	}
	gotResp := map[string][]resp{}
	for _, q := range res.Questions {
		for _, r := range q.Responses {
			gotResp[q.Question.ID] = append(gotResp[q.Question.ID], resp{r.Score, r.NA})
		}
	}
	if diff := cmp.Diff(wantResp, gotResp, approx); diff != "" {
		t.Errorf("step 1, s per respondent (-want +got):\n%s", diff)
	}
	if c := res.Questions[1].Responses[1].Comment; c != "Marketing is not in that review." {
		t.Errorf("Ben's comment on g2 = %q", c)
	}

	// Step 2: the question's team score, the mean of s over those who
	// answered (Ben's N/A is left out of g2).
	wantQ := []questionSummary{
		{ID: "g1", Score: f(0.75), Min: f(0.5), Max: f(1), Answered: 2},
		{ID: "g2", Score: f(0.5), Min: f(0.5), Max: f(0.5), Answered: 1, NA: 1},
		{ID: "h1", Score: f(0.25), Min: f(0), Max: f(0.5), Answered: 2},
		{ID: "h2", Score: f(2.0 / 3), Min: f(1.0 / 3), Max: f(1), Answered: 2},
	}
	if diff := cmp.Diff(wantQ, summarizeQuestions(res), approx); diff != "" {
		t.Errorf("step 2, team question scores (-want +got):\n%s", diff)
	}

	// Steps 3 to 7.
	want := summary{
		// Step 4: overall = (2·66.6667 + 1·56.25)/(2 + 1) = 2275/36.
		Overall: f(2275.0 / 36), // 63.194444…
		Band:    "Fair",
		Areas: []areaSummary{
			// Step 3: goals = 100·(2·0.75 + 1·0.5)/(2 + 1) = 200/3.
			{ID: "goals", Score: f(200.0 / 3), Band: "Good", Answered: 3, NA: 1},
			// handoff = 100·(1·0.25 + 3·2/3)/(1 + 3) = 56.25.
			{ID: "handoff", Score: f(56.25), Band: "Fair", Answered: 4},
		},
		// Step 5: roles.
		Roles: []roleSummary{
			// Ben: goals = 100·(2·1)/2 = 100 (g2 N/A); handoff = 100·(0.5 + 3)/4 = 87.5;
			// overall = (2·100 + 87.5)/3 = 95.8333.
			{Role: "marketing", Respondents: 1, Overall: f(287.5 / 3), Areas: map[string]*float64{"goals": f(100), "handoff": f(87.5)}},
			// Ann: goals = 100·(2·0.5 + 0.5)/3 = 50; handoff = 100·(0 + 3·1/3)/4 = 25;
			// overall = (2·50 + 25)/3 = 41.6667.
			{Role: "sales", Respondents: 1, Overall: f(125.0 / 3), Areas: map[string]*float64{"goals": f(50), "handoff": f(25)}},
		},
		// Step 6: gain = W·100·w·(1 − s)/(Σw·ΣW).
		Actions: []actionSummary{
			{"g1", 2 * 100 * 2 * 0.25 / (3 * 3.0)},    // 100/9 = 11.1111
			{"g2", 2 * 100 * 1 * 0.5 / (3 * 3.0)},     // 100/9, equal to g1: rubric order
			{"h2", 1 * 100 * 3 * (1 / 3.0) / (4 * 3)}, // 100/12 = 8.3333
			{"h1", 1 * 100 * 1 * 0.75 / (4 * 3.0)},    // 75/12 = 6.25
		},
		// Step 7: red flags.
		RedFlags: []flagSummary{{"h1", "never", 1}},
	}
	if diff := cmp.Diff(want, summarize(res), approx); diff != "" {
		t.Errorf("steps 3 to 7 (-want +got):\n%s", diff)
	}

	// The check in step 6: with g1 at 1, goals would be 250/3 = 83.3333
	// and the overall 74.3056, the gain of g1 above 63.1944.
	_, areas, raised := reference(r, sheets, "g1")
	if !near(*areas[0], 250.0/3) || !near(*raised, 74.30555555555556) || !near(*raised-*res.Overall, 100.0/9) {
		t.Errorf("g1 at 1: goals %v, overall %v; want 83.3333, 74.3056", *areas[0], *raised)
	}

	// The gains add up to what the overall lacks: 1325/36 = 100 − 2275/36.
	sum := 0.0
	for _, a := range res.Actions {
		sum += a.Gain
	}
	if !near(sum, 1325.0/36) {
		t.Errorf("sum of gains = %v, want 1325/36 = %v", sum, 1325.0/36)
	}
}

package scoring

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
	"github.com/google/go-cmp/cmp"
)

// The cases use testdata/small.yaml: area a (weight 3) with a1 (weight 1)
// and a2 (weight 3, N/A allowed), area b (weight 1) with b1 and b2 (weight
// 1, N/A allowed). Scale "three": none 0 (red flag), some 1, full 2, so
// s = 0, 0.5, 1. b2: x 0 (red flag), y 4, z 5, so s = 0, 0.8, 1. Bands: Low
// from 0, Mid from 50, High from 80.
//
// The gain of a question is W·100·w·(1−s) / (Σw·ΣW), with W its area's
// weight, Σw the weights of the area's answered questions and ΣW the
// weights of the areas with a score.
func TestScore(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	tests := []struct {
		name  string
		files []sheetFile
		opt   Options
		want  summary
	}{
		{
			// a = 100·(1·0.5 + 3·1)/4 = 87.5; b = 100·(0 + 0.8)/2 = 40;
			// overall = (3·87.5 + 40)/4 = 75.625.
			name:  "single respondent",
			files: []sheetFile{file("ann.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: y")},
			want: summary{
				Overall: f(75.625), Band: "Mid",
				Areas: []areaSummary{
					{ID: "a", Score: f(87.5), Band: "High", Answered: 2},
					{ID: "b", Score: f(40), Band: "Low", Answered: 2},
				},
				Roles: []roleSummary{{Role: "sales", Respondents: 1, Overall: f(75.625), Areas: map[string]*float64{"a": f(87.5), "b": f(40)}}},
				Actions: []actionSummary{
					{"b1", 100.0 * 1 * 1 / (2 * 4)},       // 12.5
					{"a1", 3 * 100.0 * 1 * 0.5 / (4 * 4)}, // 9.375
					{"b2", 100.0 * 1 * 0.2 / (2 * 4)},     // 2.5
				},
				RedFlags: []flagSummary{{"b1", "none", 1}},
			},
		},
		{
			// Team scores: a1 (0.5+1+0)/3 = 0.5, a2 (1+0.5)/2 = 0.75 (cy N/A),
			// b1 (0+0+0.5)/3 = 1/6, b2 (0.8+1+0)/3 = 0.6.
			// a = 100·(0.5 + 3·0.75)/4 = 68.75; b = 100·(1/6 + 0.6)/2 = 23/60·100;
			// overall = (3·68.75 + 2300/60)/4.
			name: "several respondents and roles",
			files: []sheetFile{
				file("ann.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: y"),
				file("ben.yaml", "marketing", "a1: full", "a2: some", "b1: none", "b2: z"),
				file("cy.yaml", "sales", "a1: none", "a2: na", "b1: some", "b2: x"),
			},
			want: summary{
				Overall: f((3*68.75 + 2300.0/60) / 4), Band: "Mid",
				Areas: []areaSummary{
					{ID: "a", Score: f(68.75), Band: "Mid", Answered: 5, NA: 1},
					{ID: "b", Score: f(2300.0 / 60), Band: "Low", Answered: 6},
				},
				Roles: []roleSummary{
					// ben: a = 100·(1 + 3·0.5)/4 = 62.5, b = 100·(0 + 1)/2 = 50.
					{Role: "marketing", Respondents: 1, Overall: f((3*62.5 + 50) / 4), Areas: map[string]*float64{"a": f(62.5), "b": f(50)}},
					// ann and cy: a1 0.25, a2 1, b1 0.25, b2 0.4.
					{Role: "sales", Respondents: 2, Overall: f((3*81.25 + 32.5) / 4), Areas: map[string]*float64{"a": f(81.25), "b": f(32.5)}},
				},
				Actions: []actionSummary{
					{"a2", 3 * 100.0 * 3 * 0.25 / (4 * 4)},  // 14.0625
					{"b1", 100.0 * 1 * (5.0 / 6) / (2 * 4)}, // 10.4167
					{"a1", 3 * 100.0 * 1 * 0.5 / (4 * 4)},   // 9.375
					{"b2", 100.0 * 1 * 0.4 / (2 * 4)},       // 5
				},
				RedFlags: []flagSummary{{"a1", "none", 1}, {"b1", "none", 2}, {"b2", "x", 1}},
			},
		},
		{
			// a = 100·1/1 (a2 N/A), b = 100·0.8/1 (b1 N/A) = 80, exactly at
			// the High band; overall = (300 + 80)/4 = 95.
			name:  "N/A left out",
			files: []sheetFile{file("ann.yaml", "sales", "a1: full", "a2: na", "b1: na", "b2: y")},
			want: summary{
				Overall: f(95), Band: "High",
				Areas: []areaSummary{
					{ID: "a", Score: f(100), Band: "High", Answered: 1, NA: 1},
					{ID: "b", Score: f(80), Band: "High", Answered: 1, NA: 1},
				},
				Roles:   []roleSummary{{Role: "sales", Respondents: 1, Overall: f(95), Areas: map[string]*float64{"a": f(100), "b": f(80)}}},
				Actions: []actionSummary{{"b2", 100.0 * 0.2 / (1 * 4)}},
			},
		},
		{
			// Only a1 answered: a = 50, b has no score and the overall is a's
			// score alone, exactly at the Mid band.
			name:  "missing with AllowMissing",
			files: []sheetFile{file("ann.yaml", "sales", "a1: some")},
			opt:   Options{AllowMissing: true},
			want: summary{
				Overall: f(50), Band: "Mid",
				Areas: []areaSummary{
					{ID: "a", Score: f(50), Band: "Mid", Answered: 1},
					{ID: "b"},
				},
				Roles:   []roleSummary{{Role: "sales", Respondents: 1, Overall: f(50), Areas: map[string]*float64{"a": f(50), "b": nil}}},
				Actions: []actionSummary{{"a1", 3 * 100.0 * 0.5 / (1 * 3)}},
			},
		},
		{
			// Area b only N/A: no score. a = 0, exactly at the Low band.
			name:  "area with only N/A",
			files: []sheetFile{file("ann.yaml", "sales", "a1: none", "a2: none", "b1: na", "b2: na")},
			want: summary{
				Overall: f(0), Band: "Low",
				Areas: []areaSummary{
					{ID: "a", Score: f(0), Band: "Low", Answered: 2},
					{ID: "b", NA: 2},
				},
				Roles: []roleSummary{{Role: "sales", Respondents: 1, Overall: f(0), Areas: map[string]*float64{"a": f(0), "b": nil}}},
				Actions: []actionSummary{
					{"a2", 3 * 100.0 * 3 / (4 * 3)}, // 75
					{"a1", 3 * 100.0 * 1 / (4 * 3)}, // 25
				},
				RedFlags: []flagSummary{{"a1", "none", 1}, {"a2", "none", 1}},
			},
		},
		{
			name:  "nothing answered",
			files: []sheetFile{file("ann.yaml", "sales", "a2: na", "b1: na")},
			opt:   Options{AllowMissing: true},
			want: summary{
				Areas: []areaSummary{{ID: "a", NA: 1}, {ID: "b", NA: 1}},
				Roles: []roleSummary{{Role: "sales", Respondents: 1, Areas: map[string]*float64{"a": nil, "b": nil}}},
			},
		},
		{
			name:  "band boundary 80",
			files: []sheetFile{file("ann.yaml", "sales", "b1: na", "b2: y")},
			opt:   Options{AllowMissing: true},
			want: summary{
				Overall: f(80), Band: "High",
				Areas:   []areaSummary{{ID: "a"}, {ID: "b", Score: f(80), Band: "High", Answered: 1, NA: 1}},
				Roles:   []roleSummary{{Role: "sales", Respondents: 1, Overall: f(80), Areas: map[string]*float64{"a": nil, "b": f(80)}}},
				Actions: []actionSummary{{"b2", 20}},
			},
		},
		{
			// a = 100·(1·1 + 3·0)/4 = 25, where unweighted it would be 50;
			// overall = (3·25 + 100)/4 = 43.75, where unweighted it would be
			// 62.5.
			name:  "weights",
			files: []sheetFile{file("ann.yaml", "sales", "a1: full", "a2: none", "b1: full", "b2: z")},
			want: summary{
				Overall: f(43.75), Band: "Low",
				Areas: []areaSummary{
					{ID: "a", Score: f(25), Band: "Low", Answered: 2},
					{ID: "b", Score: f(100), Band: "High", Answered: 2},
				},
				Roles:    []roleSummary{{Role: "sales", Respondents: 1, Overall: f(43.75), Areas: map[string]*float64{"a": f(25), "b": f(100)}}},
				Actions:  []actionSummary{{"a2", 3 * 100.0 * 3 / (4 * 4)}},
				RedFlags: []flagSummary{{"a2", "none", 1}},
			},
		},
		{
			// b1 and b2 gain exactly the same (12.5): they keep rubric order.
			name:  "equal gains keep rubric order",
			files: []sheetFile{file("ann.yaml", "sales", "a1: none", "a2: full", "b1: none", "b2: x")},
			want: summary{
				Overall: f(56.25), Band: "Mid",
				Areas: []areaSummary{
					{ID: "a", Score: f(75), Band: "Mid", Answered: 2},
					{ID: "b", Score: f(0), Band: "Low", Answered: 2},
				},
				Roles:    []roleSummary{{Role: "sales", Respondents: 1, Overall: f(56.25), Areas: map[string]*float64{"a": f(75), "b": f(0)}}},
				Actions:  []actionSummary{{"a1", 18.75}, {"b1", 12.5}, {"b2", 12.5}},
				RedFlags: []flagSummary{{"a1", "none", 1}, {"b1", "none", 1}, {"b2", "x", 1}},
			},
		},
		{
			name: "red flags counted per option",
			files: []sheetFile{
				file("ann.yaml", "sales", "a1: none", "a2: full", "b1: none", "b2: x"),
				file("ben.yaml", "sales", "a1: none", "a2: full", "b1: full", "b2: x"),
				file("cy.yaml", "leadership", "a1: none", "a2: full", "b1: na", "b2: z"),
			},
			want: summary{
				// a = 100·(0 + 3)/4 = 75; b1 = 0.5, b2 = 1/3: b = 100·(0.5 + 1/3)/2.
				Overall: f((3*75 + 100*(0.5+1.0/3)/2) / 4), Band: "Mid",
				Areas: []areaSummary{
					{ID: "a", Score: f(75), Band: "Mid", Answered: 6},
					{ID: "b", Score: f(100 * (0.5 + 1.0/3) / 2), Band: "Low", Answered: 5, NA: 1},
				},
				Roles: []roleSummary{
					{Role: "leadership", Respondents: 1, Overall: f((3*75 + 100) / 4.0), Areas: map[string]*float64{"a": f(75), "b": f(100)}},
					{Role: "sales", Respondents: 2, Overall: f((3*75 + 25) / 4.0), Areas: map[string]*float64{"a": f(75), "b": f(25)}},
				},
				Actions: []actionSummary{
					{"a1", 3 * 100.0 / (4 * 4)},         // 18.75
					{"b2", 100.0 * (2.0 / 3) / (2 * 4)}, // 8.33
					{"b1", 100.0 * 0.5 / (2 * 4)},       // 6.25
				},
				RedFlags: []flagSummary{{"a1", "none", 3}, {"b1", "none", 1}, {"b2", "x", 2}},
			},
		},
		{
			name: "warnings: version and repeated respondent",
			files: []sheetFile{
				file("ann.yaml", "sales", "a1: full", "a2: full", "b1: full", "b2: z").edit(`rubric_version: "2"`, `rubric_version: "1"`),
				file("ann2.yaml", "sales", "a1: full", "a2: full", "b1: full", "b2: z").edit("respondent: ann2", "respondent: ANN"),
				file("bob.yaml", "sales", "a1: full", "a2: full", "b1: full", "b2: z").edit("rubric_version: \"2\"\n", ""),
			},
			want: summary{
				Overall: f(100), Band: "High",
				Areas: []areaSummary{
					{ID: "a", Score: f(100), Band: "High", Answered: 6},
					{ID: "b", Score: f(100), Band: "High", Answered: 6},
				},
				Roles: []roleSummary{{Role: "sales", Respondents: 3, Overall: f(100), Areas: map[string]*float64{"a": f(100), "b": f(100)}}},
				Warnings: []string{
					`ann.yaml: answers version 1 of rubric "small", scored with version 2`,
					`ann2.yaml: respondent "ANN" also answered in ann.yaml; both are counted`,
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Score(r, parseAll(t, tt.files), tt.opt)
			if err != nil {
				t.Fatalf("Score: %v", err)
			}
			if diff := cmp.Diff(tt.want, summarize(res), approx); diff != "" {
				t.Errorf("Score mismatch (-want +got):\n%s", diff)
			}
			checkInvariants(t, res)
		})
	}
}

// TestScoreQuestions checks the per-question results of the "several
// respondents" case.
func TestScoreQuestions(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	sheets := parseAll(t, []sheetFile{
		file("ann.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: {answer: y, comment: Mostly.}"),
		file("ben.yaml", "marketing", "a1: full", "a2: some", "b1: none", "b2: z"),
		file("cy.yaml", "sales", "a1: none", "a2: {answer: na, comment: Not my job.}", "b1: some", "b2: x"),
	})
	res, err := Score(r, sheets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []questionSummary{
		{ID: "a1", Score: f(0.5), Min: f(0), Max: f(1), Answered: 3},
		{ID: "a2", Score: f(0.75), Min: f(0.5), Max: f(1), Answered: 2, NA: 1},
		{ID: "b1", Score: f(1.0 / 6), Min: f(0), Max: f(0.5), Answered: 3},
		{ID: "b2", Score: f(0.6), Min: f(0), Max: f(1), Answered: 3},
	}
	if diff := cmp.Diff(want, summarizeQuestions(res), approx); diff != "" {
		t.Errorf("questions mismatch (-want +got):\n%s", diff)
	}

	// Responses: one per respondent, in order, with option, N/A and comment.
	type resp struct {
		Option  string
		NA      bool
		Score   float64
		Comment string
	}
	var got [][]resp
	for _, q := range res.Questions {
		var rs []resp
		for i, r := range q.Responses {
			if r.Respondent != i {
				t.Errorf("%s: Responses[%d].Respondent = %d", q.Question.ID, i, r.Respondent)
			}
			var id string
			if r.Option != nil {
				id = r.Option.ID
			}
			rs = append(rs, resp{id, r.NA, r.Score, r.Comment})
		}
		got = append(got, rs)
	}
	wantResp := [][]resp{
		{{"some", false, 0.5, ""}, {"full", false, 1, ""}, {"none", false, 0, ""}},
		{{"full", false, 1, ""}, {"some", false, 0.5, ""}, {"", true, 0, "Not my job."}},
		{{"none", false, 0, ""}, {"none", false, 0, ""}, {"some", false, 0.5, ""}},
		{{"y", false, 0.8, "Mostly."}, {"z", false, 1, ""}, {"x", false, 0, ""}},
	}
	if diff := cmp.Diff(wantResp, got, approx); diff != "" {
		t.Errorf("responses mismatch (-want +got):\n%s", diff)
	}

	wantRespondents := []Respondent{{"ann", "sales", "ann.yaml"}, {"ben", "marketing", "ben.yaml"}, {"cy", "sales", "cy.yaml"}}
	if diff := cmp.Diff(wantRespondents, res.Respondents); diff != "" {
		t.Errorf("respondents mismatch (-want +got):\n%s", diff)
	}
	if res.Team != "Acme" || res.Period != "2026-Q3" || res.Rubric != r {
		t.Errorf("Team, Period, Rubric = %q, %q, %p; want Acme, 2026-Q3, %p", res.Team, res.Period, res.Rubric, r)
	}
	// Area results share the question results, in rubric order.
	if got := len(res.Areas[0].Questions) + len(res.Areas[1].Questions); got != 4 || res.Areas[1].Questions[0].Question.ID != "b1" {
		t.Errorf("area questions wrong: %d questions", got)
	}

	sales, ok := res.Role("sales")
	if !ok {
		t.Fatal(`Role("sales") not found`)
	}
	wantSales := map[string]*float64{"a1": f(0.25), "a2": f(1), "b1": f(0.25), "b2": f(0.4)}
	if diff := cmp.Diff(wantSales, sales.Questions, approx); diff != "" {
		t.Errorf("sales questions mismatch (-want +got):\n%s", diff)
	}
	if _, ok := res.Role("leadership"); ok {
		t.Error(`Role("leadership") found, want none`)
	}
}

// TestActionsNearlyEqualGains: gains within 1e-9 count as equal and keep
// rubric order, even when the later one is a hair larger; gains further
// apart are sorted.
func TestActionsNearlyEqualGains(t *testing.T) {
	for _, tt := range []struct {
		name   string
		weight string
		want   []string
	}{
		{"within 1e-9", "1.000000000001", []string{"q1", "q2", "q3"}},
		{"apart", "1.0001", []string{"q2", "q1", "q3"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := `id: near
version: "1"
title: Near
bands: [{min: 0, label: Any, summary: S}]
scales:
  two: [{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]
areas:
  - id: a
    title: A
    why: W
    questions:
      - {id: q1, text: T, advice: A, scale: two}
      - {id: q2, text: T, advice: A, scale: two, weight: ` + tt.weight + `}
      - {id: q3, text: T, advice: A, scale: two, weight: 0.5}
`
			r, err := rubric.Parse("near.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			s := &answers.Sheet{Source: "s.yaml", Rubric: "near", Team: "T", Period: "2026-Q1", Respondent: "R", Role: "sales",
				Answers: map[string]answers.Answer{"q1": {Option: "lo"}, "q2": {Option: "lo"}, "q3": {Option: "lo"}}}
			res, err := Score(r, []*answers.Sheet{s}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range res.Actions {
				got = append(got, a.Question.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("action order mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestActionsCarryAdviceAndArea(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	res, err := Score(r, parseAll(t, []sheetFile{file("ann.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: y")}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Actions {
		if a.Question.Advice != "Advice "+a.Question.ID+"." {
			t.Errorf("action %s: advice %q", a.Question.ID, a.Question.Advice)
		}
		if !strings.HasPrefix(a.Question.ID, a.Area.ID) {
			t.Errorf("action %s: area %s", a.Question.ID, a.Area.ID)
		}
		if want := map[string]float64{"a1": 0.5, "b1": 0, "b2": 0.8}[a.Question.ID]; a.Score != want {
			t.Errorf("action %s: score %v, want %v", a.Question.ID, a.Score, want)
		}
	}
}

func TestScoreProblems(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	all := []string{"a1: some", "a2: full", "b1: none", "b2: y"}
	tests := []struct {
		name  string
		files []sheetFile
		opt   Options
		want  []string
	}{
		{
			name:  "unknown question",
			files: []sheetFile{file("ann.yaml", "sales", append(all, "zz: some")...)},
			want:  []string{`ann.yaml:12: answers.zz: unknown question "zz" in rubric "small"`},
		},
		{
			name:  "unknown option",
			files: []sheetFile{file("ann.yaml", "sales", "a1: lots", "a2: full", "b1: none", "b2: y")},
			want:  []string{`ann.yaml:8: answers.a1: unknown option "lots" (options: none, some, full)`},
		},
		{
			name:  "unknown option where N/A is allowed",
			files: []sheetFile{file("ann.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: {answer: w, comment: hm}")},
			want:  []string{`ann.yaml:11: answers.b2: unknown option "w" (options: x, y, z, na)`},
		},
		{
			name:  "option ids are case-sensitive",
			files: []sheetFile{file("ann.yaml", "sales", "a1: Some", "a2: NA", "b1: none", "b2: y")},
			want: []string{
				`ann.yaml:8: answers.a1: unknown option "Some" (options: none, some, full)`,
				`ann.yaml:9: answers.a2: unknown option "NA" (options: none, some, full, na)`,
			},
		},
		{
			name:  "N/A not allowed",
			files: []sheetFile{file("ann.yaml", "sales", "a1: na", "a2: full", "b1: none", "b2: y")},
			want:  []string{`ann.yaml:8: answers.a1: "na" is not allowed: this question must be answered`},
		},
		{
			name:  "N/A not allowed, even with AllowMissing",
			files: []sheetFile{file("ann.yaml", "sales", "a1: {answer: na}")},
			opt:   Options{AllowMissing: true},
			want:  []string{`ann.yaml:8: answers.a1: "na" is not allowed: this question must be answered`},
		},
		{
			name:  "rubric id mismatch",
			files: []sheetFile{file("ann.yaml", "sales", append(all, "zz: some")...).edit("rubric: small", "rubric: alignment")},
			// The rest of the file is not checked against a rubric it was not
			// written for.
			want: []string{`ann.yaml: rubric: answers rubric "alignment", but the rubric is "small"`},
		},
		{
			name: "team disagrees",
			files: []sheetFile{
				file("ann.yaml", "sales", all...),
				file("ben.yaml", "sales", all...).edit("team: Acme", "team: Acme Ltd"),
			},
			want: []string{`ben.yaml: team: is "Acme Ltd", but ann.yaml has "Acme": score one team at a time`},
		},
		{
			name: "period disagrees",
			files: []sheetFile{
				file("ann.yaml", "sales", all...),
				file("ben.yaml", "sales", all...),
				file("cy.yaml", "sales", all...).edit("period: 2026-Q3", "period: 2026-Q4"),
			},
			want: []string{`cy.yaml: period: is "2026-Q4", but ann.yaml has "2026-Q3": score one period at a time`},
		},
		{
			name:  "missing question",
			files: []sheetFile{file("ann.yaml", "sales", "a1: some", "b2: y")},
			want: []string{
				`ann.yaml: answers: question "a2" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
				`ann.yaml: answers: question "b1" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
			},
		},
		{
			name:  "nothing answered",
			files: []sheetFile{file("ann.yaml", "sales")},
			want: []string{
				`ann.yaml: answers: question "a1" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
				`ann.yaml: answers: question "a2" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
				`ann.yaml: answers: question "b1" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
				`ann.yaml: answers: question "b2" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
			},
		},
		{
			name: "every problem of every file at once",
			files: []sheetFile{
				file("cy.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: y").edit("period: 2026-Q3", "period: 2025-Q3"),
				file("ann.yaml", "sales", "a1: na", "a2: many", "b2: y", "qq: none"),
				file("ben.yaml", "marketing", all...).edit("rubric: small", "rubric: other").edit("team: Acme", "team: Other"),
				file("dee.yaml", "sales", "a1: some", "a2: full", "b1: none", "b2: y").edit("team: Acme", "team: Dee Co"),
			},
			want: []string{
				`ann.yaml: period: is "2026-Q3", but cy.yaml has "2025-Q3": score one period at a time`,
				`ann.yaml: answers: question "b1" is not answered (answer it, mark it na where allowed, or pass --allow-missing)`,
				`ann.yaml:8: answers.a1: "na" is not allowed: this question must be answered`,
				`ann.yaml:9: answers.a2: unknown option "many" (options: none, some, full, na)`,
				`ann.yaml:11: answers.qq: unknown question "qq" in rubric "small"`,
				`ben.yaml: rubric: answers rubric "other", but the rubric is "small"`,
				`dee.yaml: team: is "Dee Co", but cy.yaml has "Acme": score one team at a time`,
				`dee.yaml: period: is "2026-Q3", but cy.yaml has "2025-Q3": score one period at a time`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Score(r, parseAll(t, tt.files), tt.opt)
			if err == nil {
				t.Fatalf("Score = %+v, nil; want problems:\n%s", summarize(res), strings.Join(tt.want, "\n"))
			}
			if res != nil {
				t.Errorf("Score returned a result with the error")
			}
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScoreTeamInAnotherCase: a team's name in another case is the same
// team (answers.NameKey), as in file names and the tracker; the result
// takes the first file's spelling.
func TestScoreTeamInAnotherCase(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	all := []string{"a1: some", "a2: full", "b1: none", "b2: y"}
	res, err := Score(r, parseAll(t, []sheetFile{
		file("ann.yaml", "sales", all...),
		file("ben.yaml", "sales", all...).edit("team: Acme", "team: ACME"),
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Team != "Acme" {
		t.Errorf("team %q, want Acme", res.Team)
	}
}

func TestScoreNoSheets(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	_, err := Score(r, nil, Options{AllowMissing: true})
	if err == nil {
		t.Fatal("Score(no sheets) = nil error")
	}
	if diff := cmp.Diff([]string{"answers: no answers files given"}, problems(t, err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// TestScoreProblemOrderIsStable: problems on the same line of a file must
// come out in the same order every time. In a one-line JSON file (or a flow
// mapping) every answer is on line 1, and check() walks s.Answers, a map, so
// the order changes from run to run. Fix: in check.go, walk the answer ids
// sorted (slices.Sorted(maps.Keys(s.Answers))) instead of ranging over the
// map.
func TestScoreProblemOrderIsStable(t *testing.T) {
	r := loadRubric(t, "testdata/small.yaml")
	src := `{"rubric": "small", "team": "Acme", "period": "2026-Q3", "respondent": "Ann", "role": "sales",` +
		` "answers": {"a1": "x1", "a2": "x2", "b1": "x3", "b2": "x4", "c1": "x5"}}`
	var first string
	for i := range 50 {
		_, err := Score(r, []*answers.Sheet{loadSheet(t, "ann.json", []byte(src))}, Options{})
		if err == nil {
			t.Fatal("Score = nil error, want problems")
		}
		if i == 0 {
			first = err.Error()
			continue
		}
		if got := err.Error(); got != first {
			t.Fatalf("run %d gave the problems in another order:\n%s\nfirst run:\n%s", i, got, first)
		}
	}
}

// TestExamples scores the answers in examples/ against the built-in rubric
// and compares a dump of the result with testdata/examples.golden.
func TestExamples(t *testing.T) {
	r, err := rubrics.Parse("alignment@1.0")
	if err != nil {
		t.Fatal(err)
	}
	var sheets []*answers.Sheet
	for _, name := range []string{"northwind-2026-Q3-dana-reyes.yaml", "northwind-2026-Q3-sam-okafor.json", "northwind-2026-Q3-zoe-orsted.yaml"} {
		data := readFile(t, "../../examples/"+name)
		sheets = append(sheets, loadSheet(t, "examples/"+name, data))
	}
	res, err := Score(r, sheets, Options{})
	if err != nil {
		t.Fatalf("Score(examples): %v", err)
	}
	checkInvariants(t, res)
	golden(t, "testdata/examples.golden", []byte(dump(res)))
}

// dump writes a result as text, numbers to 6 decimals.
func dump(res *Result) string {
	var b strings.Builder
	num := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprintf("%.6f", *p)
	}
	band := func(p *rubric.Band) string {
		if p == nil {
			return "-"
		}
		return p.Label
	}
	fmt.Fprintf(&b, "rubric %s %s, team %s, period %s, %d respondents\n", res.Rubric.ID, res.Rubric.Version, res.Team, res.Period, len(res.Respondents))
	fmt.Fprintf(&b, "overall %s %s\n", num(res.Overall), band(res.Band))
	for _, a := range res.Areas {
		fmt.Fprintf(&b, "area %s %s %s answered %d na %d\n", a.Area.ID, num(a.Score), band(a.Band), a.Answered, a.NA)
		for _, q := range a.Questions {
			fmt.Fprintf(&b, "  question %s %s min %s max %s answered %d na %d\n", q.Question.ID, num(q.Score), num(q.Min), num(q.Max), q.Answered, q.NA)
		}
	}
	for _, r := range res.Roles {
		fmt.Fprintf(&b, "role %s respondents %d overall %s\n", r.Role, r.Respondents, num(r.Overall))
		for _, a := range res.Rubric.Areas {
			fmt.Fprintf(&b, "  area %s %s\n", a.ID, num(r.Areas[a.ID]))
		}
	}
	for _, a := range res.Actions {
		fmt.Fprintf(&b, "action %s (%s) gain %.6f\n", a.Question.ID, a.Area.ID, a.Gain)
	}
	for _, rf := range res.RedFlags {
		fmt.Fprintf(&b, "red flag %s %s x%d\n", rf.Question.ID, rf.Option.ID, rf.Count)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	return b.String()
}

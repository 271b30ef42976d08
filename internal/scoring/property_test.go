package scoring

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

const eps = 1e-9

// near reports whether a and b are equal to within eps, relative to their
// size when they are above 1. NaN and infinities are near nothing.
func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	return math.Abs(a-b) <= eps*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkInvariants checks what must hold for every result:
//   - every score is within range: areas, overall and roles in [0, 100],
//     questions in [0, 1] and between their Min and Max;
//   - bands are the rubric's bands of the scores;
//   - the overall is null exactly when no area has a score;
//   - actions are the questions with a team score below 1, with a positive
//     gain, highest first;
//   - the gains add up to 100 − overall. The gain of a question is
//     W·100·w·(1−s)/(Σw·ΣW), so summed over an area's answered questions
//     it is W·(100 − A)/ΣW, and summed over the areas with a score it is
//     (100·ΣW − Σ W·A)/ΣW = 100 − overall. This holds for any answers, not
//     only when one respondent answers everything.
func checkInvariants(t *testing.T, res *Result) {
	t.Helper()
	inRange := func(what string, p *float64, lo, hi float64) {
		if p != nil && !(*p >= lo-eps && *p <= hi+eps) {
			t.Errorf("%s = %v, want within [%v, %v]", what, *p, lo, hi)
		}
	}
	inRange("overall", res.Overall, 0, 100)
	if (res.Overall == nil) != (res.Band == nil) {
		t.Errorf("overall %v with band %v", res.Overall, res.Band)
	}
	if res.Overall != nil && res.Band.Label != res.Rubric.Band(*res.Overall).Label {
		t.Errorf("band %q, want %q", res.Band.Label, res.Rubric.Band(*res.Overall).Label)
	}
	anyArea := false
	for _, a := range res.Areas {
		inRange("area "+a.Area.ID, a.Score, 0, 100)
		if a.Score != nil {
			anyArea = true
			if a.Band == nil || a.Band.Label != res.Rubric.Band(*a.Score).Label {
				t.Errorf("area %s: band %v for score %v", a.Area.ID, a.Band, *a.Score)
			}
		}
	}
	if anyArea != (res.Overall != nil) {
		t.Errorf("some area scored: %v, but overall %v", anyArea, res.Overall)
	}
	below := map[string]bool{}
	for _, q := range res.Questions {
		inRange("question "+q.Question.ID, q.Score, 0, 1)
		if (q.Score == nil) != (q.Answered == 0) || (q.Min == nil) != (q.Score == nil) || (q.Max == nil) != (q.Score == nil) {
			t.Errorf("question %s: score %v, min %v, max %v with %d answered", q.Question.ID, q.Score, q.Min, q.Max, q.Answered)
			continue
		}
		if q.Score != nil {
			if *q.Min > *q.Score+eps || *q.Score > *q.Max+eps {
				t.Errorf("question %s: score %v not within min %v, max %v", q.Question.ID, *q.Score, *q.Min, *q.Max)
			}
			if *q.Score < 1 {
				below[q.Question.ID] = true
			}
		}
	}
	for _, q := range res.Questions {
		var responses, dontKnow, values int
		for _, resp := range q.Responses {
			if resp.Option != nil || resp.NA || resp.DontKnow {
				responses++
			}
			if resp.DontKnow {
				dontKnow++
			}
			if resp.Value != nil {
				values++
			}
		}
		byRole := 0
		for _, n := range q.DontKnowByRole {
			byRole += n
		}
		if q.Answered+q.NA+q.DontKnow != responses || dontKnow != q.DontKnow || byRole != q.DontKnow {
			t.Errorf("question %s: answered %d + na %d + don't know %d (by role %d) != %d responses", q.Question.ID, q.Answered, q.NA, q.DontKnow, byRole, responses)
		}
		if (q.Numbers != nil) != q.Question.IsNumber() {
			t.Errorf("question %s: numbers %v for a %s question", q.Question.ID, q.Numbers, q.Question.Type)
			continue
		}
		if q.Numbers == nil {
			continue
		}
		if n := q.Numbers; (n.Team == nil) != (values == 0) || n.Team != nil && (n.Team.N != values || n.Team.N+n.Unmeasured != q.Answered ||
			n.Team.Min > n.Team.Median || n.Team.Median > n.Team.Max) {
			t.Errorf("question %s: numbers %+v (team %+v) with %d values, %d answered", q.Question.ID, n, n.Team, values, q.Answered)
		}
	}
	for _, r := range res.Roles {
		inRange("role "+r.Role, r.Overall, 0, 100)
		for id, s := range r.Areas {
			inRange("role "+r.Role+" area "+id, s, 0, 100)
		}
	}
	sum := 0.0
	for i, a := range res.Actions {
		if !below[a.Question.ID] {
			t.Errorf("action for %s, whose score is not below 1", a.Question.ID)
		}
		delete(below, a.Question.ID)
		if !(a.Gain > 0) {
			t.Errorf("action %s: gain %v, want > 0", a.Question.ID, a.Gain)
		}
		if i > 0 && a.Gain > res.Actions[i-1].Gain+eps {
			t.Errorf("action %s (gain %v) after %s (gain %v): not sorted", a.Question.ID, a.Gain, res.Actions[i-1].Question.ID, res.Actions[i-1].Gain)
		}
		sum += a.Gain
	}
	for id := range below {
		t.Errorf("question %s scores below 1 but has no action", id)
	}
	if res.Overall != nil && !near(sum, 100-*res.Overall) {
		t.Errorf("gains add up to %v, want 100 - overall = %v", sum, 100-*res.Overall)
	}
}

// randomRubric makes a valid rubric: 1–4 areas of 1–5 questions, each with
// 2–5 options of integer points, random weights and N/A.
func randomRubric(rng *rand.Rand) *rubric.Rubric {
	r := &rubric.Rubric{ID: "random", Version: "1", Title: "Random", Bands: []rubric.Band{
		{Min: 0, Label: "low"}, {Min: 33.3, Label: "mid"}, {Min: 66.6, Label: "high"},
	}}
	weight := func() float64 {
		if rng.IntN(3) == 0 {
			return 1
		}
		return 0.1 + 5*rng.Float64()
	}
	n := 0
	for ai := range 1 + rng.IntN(4) {
		a := rubric.Area{ID: fmt.Sprintf("a%d", ai), Weight: weight()}
		for range 1 + rng.IntN(5) {
			q := rubric.Question{ID: fmt.Sprintf("q%d", n), Type: rubric.Choice, Weight: weight(), NA: rng.IntN(2) == 0,
				DontKnow: rng.IntN(2) == 0, Advice: "advice"}
			n++
			number := rng.IntN(3) == 0
			for {
				q.Options = nil
				for oi := range 2 + rng.IntN(4) {
					q.Options = append(q.Options, rubric.Option{ID: fmt.Sprintf("o%d", oi), Points: float64(rng.IntN(11) - 3), RedFlag: rng.IntN(4) == 0})
				}
				if lo, hi := q.PointRange(); lo < hi {
					break
				}
			}
			if number {
				// Bands between 0 and 100 at ascending bounds; the last
				// option becomes the unmeasured answer, or another band.
				q.Type, q.Min, q.Max, q.Below = rubric.Number, 0, 100, nil
				unmeasured := len(q.Options) > 2 && rng.IntN(2) == 0
				bands := len(q.Options)
				if unmeasured {
					bands--
				}
				bound := 0.0
				for bi := range bands {
					q.Options[bi].ID = fmt.Sprintf("band-%d", bi+1)
					if bi < bands-1 {
						bound += (100 - bound) * (0.1 + 0.8*rng.Float64())
						q.Below = append(q.Below, bound)
					}
				}
				if unmeasured {
					q.Options[bands].ID = rubric.Unmeasured
				}
			}
			a.Questions = append(a.Questions, q)
		}
		r.Areas = append(r.Areas, a)
	}
	return r
}

// randomSheets answers a rubric for 1–5 respondents of two roles; with
// complete, every question gets an option; otherwise some are N/A where
// allowed or left out.
func randomSheets(rng *rand.Rand, r *rubric.Rubric, complete bool) []*answers.Sheet {
	var sheets []*answers.Sheet
	for i := range 1 + rng.IntN(5) {
		s := &answers.Sheet{Source: fmt.Sprintf("s%d.yaml", i), Rubric: r.ID, Team: "T", Period: "2026-Q1",
			Respondent: fmt.Sprintf("r%d", i), Role: []string{"sales", "marketing"}[rng.IntN(2)], Answers: map[string]answers.Answer{}}
		for _, a := range r.Areas {
			for _, q := range a.Questions {
				_, unmeasured := q.UnmeasuredOption()
				switch k := rng.IntN(6); {
				case !complete && k == 0:
					// left out
				case !complete && k == 1 && q.NA:
					s.Answers[q.ID] = answers.Answer{Option: answers.NA}
				case !complete && k == 2 && q.DontKnow:
					s.Answers[q.ID] = answers.Answer{Option: answers.DontKnow}
				case q.IsNumber() && k == 3 && unmeasured:
					s.Answers[q.ID] = answers.Answer{Option: answers.Unmeasured}
				case q.IsNumber() && k == 4 && len(q.Below) > 0:
					// exactly on a bound: the band above
					s.Answers[q.ID] = answers.NumberAnswer(q.Below[rng.IntN(len(q.Below))])
				case q.IsNumber():
					s.Answers[q.ID] = answers.NumberAnswer(100 * rng.Float64())
				default:
					s.Answers[q.ID] = answers.Answer{Option: q.Options[rng.IntN(len(q.Options))].ID}
				}
			}
		}
		sheets = append(sheets, s)
	}
	return sheets
}

// reference computes team question scores, area scores and the overall the
// slow way, straight from the formulas of docs/scoring.md, with the team
// score of question force (if not "") set to 1.
func reference(r *rubric.Rubric, sheets []*answers.Sheet, force string) (map[string]*float64, []*float64, *float64) {
	qs := map[string]*float64{}
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			lo, hi := q.PointRange()
			sum, n := 0.0, 0
			for _, s := range sheets {
				ans, ok := s.Answers[q.ID]
				if !ok || ans.Option == answers.NA || ans.Option == answers.DontKnow {
					continue
				}
				o, _ := q.Option(ans.Option)
				if ans.Number != nil {
					// The band: count the bounds at or below the number.
					band := 0
					for _, b := range q.Below {
						if *ans.Number >= b {
							band++
						}
					}
					o = &q.Options[band]
				}
				sum += (o.Points - lo) / (hi - lo)
				n++
			}
			if n > 0 {
				m := sum / float64(n)
				if q.ID == force {
					m = 1
				}
				qs[q.ID] = &m
			}
		}
	}
	var areas []*float64
	var num, den float64
	for _, a := range r.Areas {
		var ws, w float64
		for _, q := range a.Questions {
			if s := qs[q.ID]; s != nil {
				ws += q.Weight * *s
				w += q.Weight
			}
		}
		if w == 0 {
			areas = append(areas, nil)
			continue
		}
		score := 100 * ws / w
		areas = append(areas, &score)
		num += a.Weight * score
		den += a.Weight
	}
	if den == 0 {
		return qs, areas, nil
	}
	overall := num / den
	return qs, areas, &overall
}

func samePtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return near(*a, *b)
}

func TestScoreProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 3))
	for i := range 2000 {
		r := randomRubric(rng)
		complete := i%2 == 0
		sheets := randomSheets(rng, r, complete)
		res, err := Score(r, sheets, Options{AllowMissing: true})
		if err != nil {
			t.Fatalf("case %d: Score: %v", i, err)
		}
		t.Run(fmt.Sprintf("case %d", i), func(t *testing.T) {
			checkInvariants(t, res)

			qs, areas, overall := reference(r, sheets, "")
			if !samePtr(overall, res.Overall) {
				t.Errorf("overall = %v, reference %v", res.Overall, overall)
			}
			for ai, a := range res.Areas {
				if !samePtr(areas[ai], a.Score) {
					t.Errorf("area %s = %v, reference %v", a.Area.ID, a.Score, areas[ai])
				}
			}
			for _, q := range res.Questions {
				if !samePtr(qs[q.Question.ID], q.Score) {
					t.Errorf("question %s = %v, reference %v", q.Question.ID, q.Score, qs[q.Question.ID])
				}
			}
			// The gain is how much the overall rises when the question's team
			// score becomes 1, all else unchanged.
			for _, a := range res.Actions {
				_, _, raised := reference(r, sheets, a.Question.ID)
				if want := *raised - *overall; !near(a.Gain, want) {
					t.Errorf("action %s: gain %v, reference %v", a.Question.ID, a.Gain, want)
				}
			}
			// With one role only, the role's scores are the team's.
			if len(res.Roles) == 1 && !samePtr(res.Roles[0].Overall, res.Overall) {
				t.Errorf("only role %s: overall %v, team %v", res.Roles[0].Role, res.Roles[0].Overall, res.Overall)
			}
		})
	}
}

// TestGainsSumOneRespondent: the invariant named in the issue, in its plain
// form: one respondent answers every question, and the gains of the action
// plan add up to exactly what is missing from 100.
func TestGainsSumOneRespondent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 500 {
		r := randomRubric(rng)
		s := randomSheets(rng, r, true)[0]
		res, err := Score(r, []*answers.Sheet{s}, Options{})
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		sum := 0.0
		for _, a := range res.Actions {
			sum += a.Gain
		}
		if !near(sum, 100-*res.Overall) {
			t.Errorf("case %d: gains add up to %v, want 100 - %v = %v", i, sum, *res.Overall, 100-*res.Overall)
		}
	}
}

// TestScoresStayInRange: the parser accepts any finite points and weights,
// and the arithmetic must not turn them into NaN or infinity. Today
// (p − min)/(max − min) overflows when max − min exceeds the largest
// float64 (points ±1e308 give Inf/Inf = NaN), and W·A overflows for area
// weights above about 1.8e306, so the overall becomes +Inf or NaN. Either
// the parser should bound points and weights (say |points| ≤ 1e6 and
// weight ≤ 1e6, in parse.go's options and weight), or scoring should
// compute s as (p/2 − min/2)/(max/2 − min/2) and normalise weights.
func TestScoresStayInRange(t *testing.T) {
	tests := []struct {
		name, points, areaWeight string
	}{
		{"huge points", "[{id: lo, label: Lo, points: -1e308}, {id: hi, label: Hi, points: 1e308}]", "1"},
		{"huge area weights", "[{id: lo, label: Lo, points: 0}, {id: hi, label: Hi, points: 1}]", "1e307"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `id: big
version: "1"
title: Big
bands: [{min: 0, label: Any, summary: S}]
areas:
  - {id: a, title: A, why: W, weight: ` + tt.areaWeight + `, questions: [{id: q1, text: T, advice: A, options: ` + tt.points + `}]}
  - {id: b, title: B, why: W, weight: ` + tt.areaWeight + `, questions: [{id: q2, text: T, advice: A, options: ` + tt.points + `}]}
`
			r, err := rubric.Parse("big.yaml", []byte(src))
			if err != nil {
				// Refusing such values is a fine fix, as long as the problem
				// names the value.
				if !strings.Contains(err.Error(), ".points: ") && !strings.Contains(err.Error(), ".weight: ") {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			s := &answers.Sheet{Source: "s.yaml", Rubric: "big", Team: "T", Period: "2026-Q1", Respondent: "R", Role: "sales",
				Answers: map[string]answers.Answer{"q1": {Option: "hi"}, "q2": {Option: "lo"}}}
			res, err := Score(r, []*answers.Sheet{s}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Overall == nil || !near(*res.Overall, 50) {
				t.Errorf("overall = %v, want 50 (q1 scores 1, q2 scores 0)", ptrString(res.Overall))
			}
			for _, q := range res.Questions {
				if q.Score == nil || math.IsNaN(*q.Score) {
					t.Errorf("question %s: score %v, want 0 or 1", q.Question.ID, ptrString(q.Score))
				}
			}
		})
	}
}

func ptrString(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// Package sample makes test data for benchmarks and load tests:
// deterministic answer sheets for a rubric (the same seed gives the same
// sheets), and large trackers.
package sample

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
)

// Sheets makes n respondents' answers for one team and period. Roles
// alternate between sales and marketing; about one answer in ten carries a
// comment; questions that allow it are sometimes answered N/A or "don't
// know"; number questions get a number in their range, or sometimes
// "unmeasured" where they allow it.
func Sheets(r *rubric.Rubric, team, period string, n int, seed uint64) []*answers.Sheet {
	rng := rand.New(rand.NewPCG(seed, 0x5ca1ab1e))
	roles := []string{"sales", "marketing"}
	sheets := make([]*answers.Sheet, n)
	for i := range sheets {
		s := &answers.Sheet{
			Source:        fmt.Sprintf("respondent-%05d.yaml", i+1),
			Rubric:        r.ID,
			RubricVersion: r.Version,
			Team:          team,
			Period:        period,
			Respondent:    fmt.Sprintf("Respondent %05d", i+1),
			Role:          roles[i%len(roles)],
			Answers:       make(map[string]answers.Answer, r.NumQuestions()),
		}
		for _, a := range r.Areas {
			for _, q := range a.Questions {
				ans := answers.Answer{Option: q.Options[rng.IntN(len(q.Options))].ID}
				if q.IsNumber() {
					// Whole numbers, or tenths, as people give them.
					v := q.Min + (q.Max-q.Min)*rng.Float64()*rng.Float64()
					ans = answers.NumberAnswer(math.Round(v*10) / 10)
					if _, ok := q.UnmeasuredOption(); ok && rng.IntN(6) == 0 {
						ans = answers.Answer{Option: answers.Unmeasured}
					}
				}
				switch {
				case q.NA && rng.IntN(8) == 0:
					ans = answers.Answer{Option: answers.NA}
				case q.DontKnow && rng.IntN(8) == 0:
					ans = answers.Answer{Option: answers.DontKnow}
				}
				if rng.IntN(10) == 0 {
					ans.Comment = fmt.Sprintf("Comment %d from respondent %d: the two teams see this differently.", rng.IntN(1000), i+1)
				}
				s.Answers[q.ID] = ans
			}
		}
		sheets[i] = s
	}
	return sheets
}

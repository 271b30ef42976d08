package sample

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/tracker"
)

// Tracker writes a large tracker for benchmarks and load tests, through
// the tracker's own API: history History rows, teams of 20 quarters from
// 2021-Q1 on, each a copy of res's scores with its own overall score, and
// about answerRows Answers rows, res's answers copied for the first teams
// and quarters (the later ones record res's respondents without answers).
// Respondent names and comments are made unique per team and quarter, as
// in a real tracker.
func Tracker(w io.Writer, res *scoring.Result, history, answerRows int, recorded time.Time) error {
	tr, err := tracker.New()
	if err != nil {
		return err
	}
	defer tr.Close()
	left := answerRows
	for i := range history {
		r := *res
		r.Team = fmt.Sprintf("Team %04d", i/20)
		r.Period = fmt.Sprintf("%d-Q%d", 2021+(i%20)/4, i%4+1)
		overall := float64(i%1000) / 10
		band := res.Rubric.Band(overall)
		r.Overall, r.Band = &overall, &band
		suffix := fmt.Sprintf(" (%s %s)", r.Team, r.Period)
		r.Respondents = slices.Clone(res.Respondents)
		for j := range r.Respondents {
			r.Respondents[j].Name += suffix
		}
		// The rows of a result are its respondents times its questions.
		perQuestion := max(1, len(res.Respondents))
		n := min(len(res.Questions), (left+perQuestion-1)/perQuestion)
		left -= n * perQuestion
		r.Questions = make([]scoring.QuestionResult, n)
		for q := range n {
			r.Questions[q] = res.Questions[q]
			r.Questions[q].Responses = slices.Clone(res.Questions[q].Responses)
			for k := range r.Questions[q].Responses {
				if c := &r.Questions[q].Responses[k].Comment; *c != "" {
					*c += suffix
				}
			}
		}
		if err := tr.Record(&r, recorded); err != nil {
			return err
		}
	}
	return tr.Write(w)
}

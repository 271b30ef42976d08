package bench

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/alignaudit/audit/bench/sample"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/report/pdf"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// textField is a text of an answers file or a rubric that the PDF draws,
// with the most characters it may have.
type textField struct {
	name string
	max  int
	set  func(r *rubric.Rubric, sheets []*answers.Sheet, text string)
}

var textFields = []textField{
	{"team", answers.MaxNameLength, func(_ *rubric.Rubric, sheets []*answers.Sheet, s string) {
		for _, sh := range sheets {
			sh.Team = s
		}
	}},
	{"respondent", answers.MaxNameLength, func(_ *rubric.Rubric, sheets []*answers.Sheet, s string) { sheets[0].Respondent = s }},
	{"role", answers.MaxRoleLength, func(_ *rubric.Rubric, sheets []*answers.Sheet, s string) {
		sheets[0].Role = strings.Repeat("r", len([]rune(s)))
	}},
	{"comment", answers.MaxCommentLength, func(r *rubric.Rubric, sheets []*answers.Sheet, s string) {
		id := r.Areas[0].Questions[0].ID
		a := sheets[0].Answers[id]
		a.Comment = s
		sheets[0].Answers[id] = a
	}},
	{"rubric-title", rubric.MaxTitleLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) { r.Title = s }},
	{"area-title", rubric.MaxTitleLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) { r.Areas[0].Title = s }},
	{"band-label", rubric.MaxTitleLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) {
		for i := range r.Bands {
			r.Bands[i].Label = s
		}
	}},
	{"option-label", rubric.MaxTitleLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) {
		for i := range r.Areas[0].Questions[0].Options {
			r.Areas[0].Questions[0].Options[i].Label = s
		}
	}},
	{"area-why", rubric.MaxTextLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) { r.Areas[0].Why = s }},
	{"question-text", rubric.MaxTextLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) { r.Areas[0].Questions[0].Text = s }},
	{"advice", rubric.MaxTextLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) { r.Areas[0].Questions[0].Advice = s }},
	{"recommendation", rubric.MaxTextLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) {
		r.Areas[0].Recommendations = append(r.Areas[0].Recommendations, rubric.Recommendation{Below: 101, Text: s})
	}},
	{"band-summary", rubric.MaxTextLength, func(r *rubric.Rubric, _ []*answers.Sheet, s string) {
		for i := range r.Bands {
			r.Bands[i].Summary = s
		}
	}},
}

// prose is n characters of words, as a long text would be.
func prose(n int) string {
	vocab := strings.Fields("the pipeline review shows that marketing qualified leads rarely reach a first call within two days " +
		"because nobody owns the handoff and the definition of a ready lead was never written down")
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocab[(i*7+i/5)%len(vocab)])
	}
	return b.String()[:n]
}

// BenchmarkPDFText writes the PDF of a team of 10 with one text of an
// answers file or the rubric at a quarter of its longest accepted length
// and at the longest. The layout must be linear in the length of the text:
// four times the text may add at most about four times the time the text
// adds. The team's name is also drawn at 25,000 characters, far beyond
// what answers files may hold, which once took minutes.
func BenchmarkPDFText(b *testing.B) {
	for _, f := range textFields {
		lengths := []int{f.max / 4, f.max}
		if f.name == "team" {
			lengths = append(lengths, 6250, 25000)
		}
		for _, n := range lengths {
			r, _ := builtin(b)
			sheets := sample.Sheets(r, "Bench", "2026-Q3", 10, 1)
			f.set(r, sheets, prose(n))
			res, err := scoring.Score(r, sheets, scoring.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("field=%s/chars=%d", f.name, n), func(b *testing.B) {
				for b.Loop() {
					if err := pdf.Write(io.Discard, res, pdf.Options{Date: day}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

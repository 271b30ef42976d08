package rubric_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/rubrics"
)

// FuzzParse checks that no input makes Parse panic, that it returns either
// a rubric or a non-empty problem list, and that a rubric it accepts can be
// scored: with no answers at all, and with the first option of every
// question.
//
// Run it with: go test -run=^$ -fuzz=FuzzParse -fuzztime=3m ./internal/rubric/
func FuzzParse(f *testing.F) {
	if data, err := rubrics.FS.ReadFile("alignment.yaml"); err == nil {
		f.Add(data)
	}
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, src := range rubric.SeedSources() {
		f.Add([]byte(src))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := rubric.Parse("fuzz.yaml", data)
		if err != nil {
			var list problem.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse error %T %q, want a non-empty problem.List", err, err)
			}
			if r != nil {
				t.Fatalf("Parse returned a rubric and an error")
			}
			return
		}
		if r == nil {
			t.Fatal("Parse returned neither a rubric nor an error")
		}

		// No answers: every question is missing.
		empty := &answers.Sheet{Source: "empty.yaml", Rubric: r.ID, Team: "t", Period: "2026-Q1", Respondent: "r", Role: "sales"}
		res, err := scoring.Score(r, []*answers.Sheet{empty}, scoring.Options{AllowMissing: true})
		if err != nil {
			t.Fatalf("Score(no answers, AllowMissing): %v", err)
		}
		if res.Overall != nil {
			t.Errorf("Score(no answers).Overall = %v, want nil", *res.Overall)
		}

		// The first option of every choice question, and the lowest and
		// highest numbers of every number question; then every reserved
		// answer a question allows.
		first := &answers.Sheet{Source: "first.yaml", Rubric: r.ID, Team: "t", Period: "2026-Q1", Respondent: "s", Role: "marketing",
			Answers: map[string]answers.Answer{}}
		last := &answers.Sheet{Source: "last.yaml", Rubric: r.ID, Team: "t", Period: "2026-Q1", Respondent: "u", Role: "sales",
			Answers: map[string]answers.Answer{}}
		reserved := &answers.Sheet{Source: "reserved.yaml", Rubric: r.ID, Team: "t", Period: "2026-Q1", Respondent: "v", Role: "sales",
			Answers: map[string]answers.Answer{}}
		for _, a := range r.Areas {
			for _, q := range a.Questions {
				switch {
				case q.IsNumber():
					first.Answers[q.ID] = answers.NumberAnswer(q.Min)
					last.Answers[q.ID] = answers.NumberAnswer(q.Max)
				case len(q.Options) > 0:
					first.Answers[q.ID] = answers.Answer{Option: q.Options[0].ID}
					last.Answers[q.ID] = answers.Answer{Option: q.Options[len(q.Options)-1].ID}
				}
				if _, ok := q.UnmeasuredOption(); ok {
					reserved.Answers[q.ID] = answers.Answer{Option: rubric.Unmeasured}
				}
				if q.DontKnow {
					reserved.Answers[q.ID] = answers.Answer{Option: rubric.DontKnow}
				}
				if q.NA {
					reserved.Answers[q.ID] = answers.Answer{Option: rubric.NA}
				}
			}
		}
		if _, err := scoring.Score(r, []*answers.Sheet{empty, first, last, reserved}, scoring.Options{AllowMissing: true}); err != nil {
			t.Fatalf("Score(first and last answers, AllowMissing): %v", err)
		}
	})
}

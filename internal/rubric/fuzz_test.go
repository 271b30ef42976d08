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

		// The first option of every question that has one.
		first := &answers.Sheet{Source: "first.yaml", Rubric: r.ID, Team: "t", Period: "2026-Q1", Respondent: "s", Role: "marketing",
			Answers: map[string]answers.Answer{}}
		for _, a := range r.Areas {
			for _, q := range a.Questions {
				if len(q.Options) > 0 {
					first.Answers[q.ID] = answers.Answer{Option: q.Options[0].ID}
				}
			}
		}
		if _, err := scoring.Score(r, []*answers.Sheet{empty, first}, scoring.Options{AllowMissing: true}); err != nil {
			t.Fatalf("Score(first options, AllowMissing): %v", err)
		}
	})
}

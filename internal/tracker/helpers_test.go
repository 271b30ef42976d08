package tracker

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/rubrics"
	"github.com/xuri/excelize/v2"
)

var day = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

func builtin(t testing.TB) *rubric.Rubric {
	t.Helper()
	r, err := rubrics.Parse("alignment@1.0")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// examples returns the example answer sheets, for team and period.
func examples(t testing.TB, team, period string) []*answers.Sheet {
	t.Helper()
	files, err := filepath.Glob("../../examples/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var sheets []*answers.Sheet
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := answers.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		s.Source = filepath.Base(name)
		s.Team, s.Period = team, period
		sheets = append(sheets, s)
	}
	return sheets
}

func score(t testing.TB, r *rubric.Rubric, sheets []*answers.Sheet) *scoring.Result {
	t.Helper()
	res, err := scoring.Score(r, sheets, scoring.Options{AllowMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// result scores the examples as team's answers in period; drop leaves out
// the first n respondents, so that quarters differ.
func result(t testing.TB, team, period string, drop int) *scoring.Result {
	t.Helper()
	sheets := examples(t, team, period)
	return score(t, builtin(t), sheets[drop:])
}

// update records results into the tracker in data (a new one when data is
// nil), raising no actions, and returns the written workbook.
func update(t testing.TB, data []byte, results ...*scoring.Result) []byte {
	t.Helper()
	return record(t, data, 0, results...)
}

func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

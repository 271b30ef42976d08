package tracker

import (
	"bytes"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/testkit"
	"github.com/xuri/excelize/v2"
)

var day = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

func builtin(t testing.TB) *rubric.Rubric { return testkit.Rubric(t, "alignment@1.0") }

// examples returns the example answer sheets, for team and period.
func examples(t testing.TB, team, period string) []*answers.Sheet {
	t.Helper()
	sheets := testkit.Examples(t)
	for _, s := range sheets {
		s.Team, s.Period = team, period
	}
	return sheets
}

func score(t testing.TB, r *rubric.Rubric, sheets []*answers.Sheet) *scoring.Result {
	return testkit.Score(t, r, sheets, scoring.Options{AllowMissing: true})
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

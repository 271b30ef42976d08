package workbook

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/rubrics"
	"github.com/google/go-cmp/cmp"
)

// TestWorkbookValue: the Answers sheet gives the number of a number
// question in Value (a number cell) next to its band; "don't know" and
// "we don't measure this" have no value.
func TestWorkbookValue(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "cmd", "audit", "testdata", "v2", "*.yaml"))
	sheets, err := store.LoadSheets(files, store.MaxAnswerFiles)
	if err != nil || len(sheets) == 0 {
		t.Fatalf("rubric 2.0 answers: %d, %v", len(sheets), err)
	}
	r, err := rubrics.Parse("alignment@2.0")
	if err != nil {
		t.Fatal(err)
	}
	res, err := scoring.Score(r, sheets, scoring.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, writeWorkbook(t, res))
	rows := sheetRows(t, f, "Answers")
	found := map[string][]string{}
	for i, row := range rows[1:] {
		for len(row) < len(answersHeader) {
			row = append(row, "")
		}
		q := res.Questions[i%len(res.Questions)]
		found[row[0]+" "+q.Question.ID] = []string{row[4], row[5], row[6], row[7]}
		if row[5] != "" {
			if v := cellNumber(t, f, "Answers", "F"+strconv.Itoa(i+2)); v == 0 && row[5] != "0" {
				t.Errorf("Answers!F%d = %q is not a number", i+2, row[5])
			}
		}
	}
	for key, want := range map[string][]string{
		"Dana Reyes handoff-speed":             {"Within a working day or so", "6", "2", "50"},
		"Zoë Ørsted handoff-speed":             {"Don't know", "", "", ""},
		"Sam Okafor lead-quality-reason-codes": {"We don't track rejected leads", "", "0", "0"},
		"Zoë Ørsted lead-quality-acceptance":   {"Sales accepts a typical share", "55", "3", "75"},
	} {
		if diff := cmp.Diff(want, found[key]); diff != "" {
			t.Errorf("%s: answer, value, points, score (-want +got):\n%s", key, diff)
		}
	}
}

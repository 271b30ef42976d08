package tracker

import (
	"os"
	"regexp"
	"testing"

	"github.com/alignaudit/audit/internal/xlsx"
)

// TestUpgradeRelease updates a tracker written by the release before the
// Actions, Targets and Scores sheets (testdata/before-actions.xlsx, made
// by that binary: Northwind Traders in 2026-Q3 with rubric 1.0 and in
// 2026-Q4 with 2.0, Contoso in 2026-Q3) with a later quarter, and checks
// that every cell of its History and Answers keeps its value where it was,
// and that it gains the new sheets.
func TestUpgradeRelease(t *testing.T) {
	old, err := os.ReadFile("testdata/before-actions.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	before := open(t, old)
	for _, s := range []string{ActionsSheet, TargetsSheet, ScoresSheet} {
		if idx, _ := before.GetSheetIndex(s); idx >= 0 {
			t.Fatalf("testdata/before-actions.xlsx already has a sheet %s", s)
		}
	}
	res := quarter(t, "2027-Q1", 1) // sorts after every old row
	data := record(t, old, 5, res)
	for _, sheet := range []string{HistorySheet, AnswersSheet} {
		was, now := cells(t, old, sheet), cells(t, data, sheet)
		if len(was) < 20 {
			t.Fatalf("the old %s has %d cells", sheet, len(was))
		}
		for name, v := range was {
			if now[name] != v {
				t.Errorf("%s!%s = %q, was %q", sheet, name, now[name], v)
			}
		}
	}
	f := open(t, data)
	if got := f.GetSheetList(); len(got) != 6 || got[3] != ActionsSheet || got[4] != TargetsSheet || got[5] != ScoresSheet {
		t.Errorf("sheets %q: want the old three, then Actions, Targets and Scores", got)
	}
	if n := len(rows(t, f, ActionsSheet)); n != 6 {
		t.Errorf("Actions has %d rows, want the header and 5", n)
	}
	if got := rows(t, f, ScoresSheet); len(got) != 1+(1+len(res.Roles))*(len(res.Areas)+1) {
		t.Errorf("Scores has %d rows: only the new quarter's are known", len(got))
	}
}

// TestUpgradeWidensFilter checks that History's filter on a tracker made
// before the Sales, Marketing and Gap columns covers them after an update.
func TestUpgradeWidensFilter(t *testing.T) {
	old, err := os.ReadFile("testdata/before-gap.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	filter := regexp.MustCompile(`<autoFilter ref="A1:([A-Z]+)\d+"`)
	m := filter.FindStringSubmatch(sheetXML(t, HistorySheet, old))
	if m == nil {
		t.Fatal("testdata/before-gap.xlsx has no filter on History")
	}
	header := rows(t, open(t, old), HistorySheet)[0]
	if m[1] != xlsx.ColumnName(len(header)) {
		t.Fatalf("the old filter ends at %s, not at Recorded (%s)", m[1], xlsx.ColumnName(len(header)))
	}
	data := update(t, old, result(t, "North", "2026-Q4", 0))
	m = filter.FindStringSubmatch(sheetXML(t, HistorySheet, data))
	if want := xlsx.ColumnName(len(header) + len(gapTitles)); m == nil || m[1] != want {
		t.Errorf("History's filter %q, want it to end at %s (Gap)", m, want)
	}
}

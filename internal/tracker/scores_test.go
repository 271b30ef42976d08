package tracker

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestScoresCopied checks that an update gives the same Scores sheet
// whether the old rows are copied as the tracker wrote them, or read and
// written again after another application saved them: a team and period
// recorded between two others, one recorded again, and teams whose names
// are escaped in the XML or are not ASCII.
func TestScoresCopied(t *testing.T) {
	a := result(t, "Alpha", "2026-Q1", 0)
	b := result(t, "Zoë & <Co>", "2026-Q3", 1)
	c := result(t, "Mid", "2026-Q2", 2)
	b2 := result(t, "zoë & <co>", "2026-Q3", 0)
	old := update(t, nil, a, b)
	if xml := sheetXML(t, ScoresSheet, old); strings.Contains(xml, "<row r=\"2\"") {
		t.Fatalf("Scores rows have references: %.500s", xml)
	}
	f := open(t, old)
	if err := f.SetColWidth(ScoresSheet, "H", "H", 5); err != nil {
		t.Fatal(err)
	}
	resaved := save(t, f)
	if xml := sheetXML(t, ScoresSheet, resaved); !strings.Contains(xml, `<row r="2"`) {
		t.Fatalf("excelize wrote rows without references: %.500s", xml)
	}
	want := rows(t, open(t, update(t, nil, a, c, b2)), ScoresSheet)
	for name, data := range map[string][]byte{
		"copied": update(t, old, c, b2),
		"read":   update(t, resaved, c, b2),
	} {
		if diff := cmp.Diff(want, rows(t, open(t, data), ScoresSheet)); diff != "" {
			t.Errorf("%s: Scores (-want +got):\n%s", name, diff)
		}
	}
}

// TestScoresKeepEdits checks that what the manager adds to Scores stays
// through two updates (the first reads the rows Excelize saved, the second
// copies them as the first wrote them): a column of their own, a row's
// formatting, a row of their own, and conditional formatting.
func TestScoresKeepEdits(t *testing.T) {
	alpha1, alpha2 := result(t, "Alpha", "2026-Q1", 0), result(t, "Alpha", "2026-Q2", 1)
	data := update(t, nil, alpha1, alpha2)
	per := (1 + len(alpha1.Roles)) * (len(alpha1.Areas) + 1)
	f := open(t, data)
	sh := ScoresSheet
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	fill, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
	must(err)
	first2 := strconv.Itoa(2 + per) // Alpha 2026-Q2's first row
	must(f.SetCellStr(sh, "H1", "Comment"))
	must(f.SetCellStr(sh, "H"+first2, "check this"))
	must(f.SetCellStyle(sh, "A"+first2, "G"+first2, fill))
	own := strconv.Itoa(2 + 2*per)
	must(f.SetCellStr(sh, "A"+own, "Our note"))
	must(f.SetCellStr(sh, "H"+own, "the Q2 survey ran late"))
	must(f.SetConditionalFormat(sh, "G2:G1000", []excelize.ConditionalFormatOptions{
		{Type: "cell", Criteria: "<", Format: &fill, Value: "40"}}))
	edited := save(t, f)

	check := func(name string, data []byte, wantRows int) {
		t.Helper()
		f := open(t, data)
		got := rows(t, f, sh)
		if len(got) != wantRows {
			t.Errorf("%s: %d rows, want %d", name, len(got), wantRows)
		}
		if len(got[0]) < 8 || got[0][7] != "Comment" {
			t.Errorf("%s: header %q lost the manager's column", name, got[0])
		}
		q2, ownRow := 0, 0
		for i, r := range got {
			switch {
			case len(r) > 7 && r[7] == "check this":
				q2 = i + 1
			case r[0] == "Our note":
				ownRow = i + 1
			}
		}
		if q2 == 0 || got[q2-1][0] != "Alpha" || got[q2-1][1] != "2026-Q2" || got[q2-1][4] != TeamRole {
			t.Errorf("%s: the manager's comment is not on Alpha's 2026-Q2 row: row %d", name, q2)
		} else if style, err := f.GetCellStyle(sh, "C"+strconv.Itoa(q2)); err != nil || style != fill {
			t.Errorf("%s: C%d has style %d, want the manager's fill %d (%v)", name, q2, style, fill, err)
		}
		if ownRow == 0 || got[ownRow-1][7] != "the Q2 survey ran late" {
			t.Errorf("%s: the manager's own row is lost", name)
		}
		if cf, err := f.GetConditionalFormats(sh); err != nil || len(cf["G2:G1000"]) != 1 {
			t.Errorf("%s: conditional formats %v (%v)", name, cf, err)
		}
	}
	check("edited", edited, 1+2*per+1)
	// Alpha 2026-Q1 again, with more respondents: replaced, not added.
	again := result(t, "Alpha", "2026-Q1", 2)
	once := update(t, edited, again)
	perAgain := (1 + len(again.Roles)) * (len(again.Areas) + 1)
	check("updated", once, 1+perAgain+per+1)
	twice := update(t, once, result(t, "Beta", "2026-Q1", 0))
	check("updated twice", twice, 1+perAgain+per+1+per)
	// In team order: the manager's row, whose team is "Our note", after
	// Beta's.
	got := rows(t, open(t, twice), sh)
	if n := len(got); got[1][0] != "Alpha" || got[1][1] != "2026-Q1" || got[n-2][0] != "Beta" || got[n-1][0] != "Our note" {
		t.Errorf("rows out of order: first %q, last two %q", got[1], got[n-2:])
	}
}

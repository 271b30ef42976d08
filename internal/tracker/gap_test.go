package tracker

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUpgradeBeforeGap updates a tracker written before History had the
// Sales, Marketing and Gap columns (testdata/before-gap.xlsx, made by that
// code: North in 2026-Q2 and Q3, South in Q3) and checks that every old
// cell keeps its value, the old rows are blank in the new columns, and the
// recorded row has the scores and the gap.
func TestUpgradeBeforeGap(t *testing.T) {
	old, err := os.ReadFile("testdata/before-gap.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	before := open(t, old)
	oldHistory := rows(t, before, HistorySheet)
	oldAnswers := rows(t, before, AnswersSheet)
	if got := oldHistory[0][len(oldHistory[0])-1]; got != recordedTitle {
		t.Fatalf("testdata/before-gap.xlsx: History ends with %q, not Recorded: not a tracker from before the gap columns", got)
	}

	res := result(t, "North", "2026-Q4", 0)
	data := update(t, old, res)
	after := open(t, data)
	h := rows(t, after, HistorySheet)
	width := len(oldHistory[0])
	if diff := cmp.Diff(append(slices.Clone(oldHistory[0]), gapTitles...), h[0]); diff != "" {
		t.Errorf("History header (-want +got):\n%s", diff)
	}
	byKey := map[string][]string{}
	for _, r := range h[1:] {
		byKey[r[colPeriod-1]+"|"+r[colTeam-1]] = r
	}
	if len(h) != len(oldHistory)+1 {
		t.Errorf("History has %d rows, want the %d old ones, the header and the new one", len(h), len(oldHistory)-1)
	}
	for _, o := range oldHistory[1:] {
		key := o[colPeriod-1] + "|" + o[colTeam-1]
		n, ok := byKey[key]
		if !ok {
			t.Errorf("the row of %s is gone", key)
			continue
		}
		if diff := cmp.Diff(o, n[:min(len(n), len(o))]); diff != "" {
			t.Errorf("the row of %s changed (-old +new):\n%s", key, diff)
		}
		for col := width; col < len(n); col++ {
			if n[col] != "" {
				t.Errorf("the old row of %s has %q in the new column %s", key, n[col], h[0][col])
			}
		}
	}
	n := byKey["2026-Q4|North"]
	if len(n) != width+len(gapTitles) {
		t.Fatalf("the new row has %d cells, want %d: %q", len(n), width+len(gapTitles), n)
	}
	for i, want := range []*float64{res.Sales, res.Marketing, res.Gap} {
		got, err := strconv.ParseFloat(n[width+i], 64)
		if err != nil || want == nil || !near(got, *want) {
			t.Errorf("%s %q, want %v", gapTitles[i], n[width+i], *want)
		}
	}
	if !near(*res.Gap, *res.Sales-*res.Marketing) || *res.Gap >= 0 {
		t.Errorf("the examples' gap %v is not sales %v − marketing %v (marketing sees it higher)", *res.Gap, *res.Sales, *res.Marketing)
	}

	// Every old Answers row is still there, as it was.
	a := rows(t, after, AnswersSheet)
	if diff := cmp.Diff(oldAnswers[0], a[0]); diff != "" {
		t.Errorf("Answers header (-old +new):\n%s", diff)
	}
	kept := map[string]int{}
	for _, r := range a[1:] {
		kept[strings.Join(r, "\x00")]++
	}
	for _, r := range oldAnswers[1:] {
		k := strings.Join(r, "\x00")
		if kept[k] == 0 {
			t.Errorf("the Answers row %q is gone or changed", r)
		}
		kept[k]--
	}

	// A second update finds the new header and keeps it.
	again := rows(t, open(t, update(t, data, result(t, "South", "2026-Q4", 1))), HistorySheet)
	if diff := cmp.Diff(h[0], again[0]); diff != "" {
		t.Errorf("History header after a second update (-first +second):\n%s", diff)
	}
}

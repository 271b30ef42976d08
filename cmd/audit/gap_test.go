//go:build linux

package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestTrackerGapMatchesScoreJSON checks that History's Sales, Marketing
// and Gap for the examples are score --json's gap.
func TestTrackerGapMatchesScoreJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("runs audit twice")
	}
	examples, err := filepath.Glob(filepath.Join("..", "..", "examples", "*"))
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for i, e := range examples {
		if examples[i], err = filepath.Abs(e); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	r := runBinary(t, dir, "", append([]string{"score", "--json"}, examples...)...)
	if r.code != 0 {
		t.Fatalf("score --json: exit %d: %s", r.code, r.stderr)
	}
	var scored struct {
		Gap struct{ Sales, Marketing, Gap *float64 }
	}
	if err := json.Unmarshal([]byte(r.stdout), &scored); err != nil {
		t.Fatal(err)
	}
	if scored.Gap.Gap == nil || scored.Gap.Sales == nil || scored.Gap.Marketing == nil {
		t.Fatalf("score --json has no gap for the examples: %s", r.stdout)
	}
	if math.Abs(*scored.Gap.Gap-(*scored.Gap.Sales-*scored.Gap.Marketing)) > 1e-9 {
		t.Errorf("score --json: gap %v is not sales %v − marketing %v", *scored.Gap.Gap, *scored.Gap.Sales, *scored.Gap.Marketing)
	}

	r = runBinary(t, dir, "", append([]string{"report", "--format", "xlsx", "--out", "out", "--tracker", "scores.xlsx", "--allow-missing"}, examples...)...)
	if r.code != 0 {
		t.Fatalf("report --tracker: exit %d: %s", r.code, r.stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "scores.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("History", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("History has %d rows, want the header and one", len(rows))
	}
	for _, c := range []struct {
		column string
		want   float64
	}{{"Sales", *scored.Gap.Sales}, {"Marketing", *scored.Gap.Marketing}, {"Gap", *scored.Gap.Gap}} {
		col := slices.Index(rows[0], c.column)
		if col < 0 || col >= len(rows[1]) {
			t.Errorf("History has no %s value: header %q, row %q", c.column, rows[0], rows[1])
			continue
		}
		got, err := strconv.ParseFloat(rows[1][col], 64)
		if err != nil || math.Abs(got-c.want) > 1e-9 {
			t.Errorf("History's %s is %q, score --json's %v", c.column, rows[1][col], c.want)
		}
	}
}

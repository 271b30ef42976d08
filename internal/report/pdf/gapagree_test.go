package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/report/workbook"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/xuri/excelize/v2"
)

// TestGapHighlightsAgree checks that the PDF and the report workbook
// highlight the same perception gaps, the ones scoring calls Highlighted,
// for the examples at several thresholds of the rubric.
func TestGapHighlightsAgree(t *testing.T) {
	needTool(t, "pdftotext")
	sheets := exampleSheets(t, "northwind-2026-Q3-dana-reyes.yaml", "northwind-2026-Q3-sam-okafor.json", "northwind-2026-Q3-zoe-orsted.yaml")
	seen := map[string]bool{}
	for _, threshold := range []float64{0, 10, 15, 20, 30, 100} {
		t.Run(fmt.Sprint(threshold), func(t *testing.T) {
			r := *builtinRubric(t)
			r.GapThreshold = threshold
			res := scoreSheets(t, &r, sheets, true)
			if res.Gap == nil {
				t.Fatal("the examples have no sales–marketing gap")
			}
			var want []string
			for _, a := range res.Areas {
				if res.Highlighted(a.Gap) {
					want = append(want, a.Area.Title)
				}
			}
			seen[strings.Join(want, "|")] = true

			fromPDF := pdfHighlights(t, res)
			if !slices.Equal(fromPDF, want) {
				t.Errorf("PDF highlights %q, scoring %q", fromPDF, want)
			}
			fromWorkbook, overall := workbookHighlights(t, res)
			if !slices.Equal(fromWorkbook, want) {
				t.Errorf("workbook highlights %q, scoring %q", fromWorkbook, want)
			}
			if overall != res.Highlighted(res.Gap) {
				t.Errorf("workbook highlights the overall gap %s: %v, want %v", report.FormatGap(res.Gap), overall, !overall)
			}
		})
	}
	if len(seen) < 3 {
		t.Errorf("the thresholds highlight only %d different sets of areas; the test needs thresholds that tell them apart", len(seen))
	}
}

// pdfHighlights returns the area titles listed under "Gaps of N points or
// more" in the PDF's text.
func pdfHighlights(t *testing.T, res *scoring.Result) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, res, Options{Date: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", file, "-")), " ")
	head := fmt.Sprintf("Gaps of %g points or more", res.GapThreshold)
	_, section, ok := strings.Cut(text, head)
	if !ok {
		t.Fatalf("no %q in the PDF", head)
	}
	section, _, ok = strings.Cut(section, "Where the two sides differ most")
	if !ok {
		t.Fatal("no question gaps after the area gaps in the PDF")
	}
	var got []string
	for _, a := range res.Areas {
		if strings.Contains(section, a.Area.Title+" Gap "+report.FormatGap(a.Gap)+":") {
			got = append(got, a.Area.Title)
		}
	}
	return got
}

// workbookHighlights returns the area titles whose gap the report
// workbook's Roles sheet highlights, and whether it highlights the overall
// gap.
func workbookHighlights(t *testing.T, res *scoring.Result) (areas []string, overall bool) {
	t.Helper()
	var buf bytes.Buffer
	if err := workbook.Write(&buf, res, workbook.Options{Date: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Roles")
	if err != nil {
		t.Fatal(err)
	}
	gapCol := slices.Index(rows[0], "Gap (sales − marketing)")
	if gapCol < 0 {
		t.Fatalf("Roles has no gap column: %q", rows[0])
	}
	for i, row := range rows[1:] {
		if len(row) <= gapCol || row[gapCol] == "" {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(gapCol+1, i+2)
		id, err := f.GetCellStyle("Roles", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !strings.EqualFold(st.Font.Color, "9C2A1B") {
			continue
		}
		if row[0] == "Overall" {
			overall = true
		} else {
			areas = append(areas, row[0])
		}
	}
	return areas, overall
}

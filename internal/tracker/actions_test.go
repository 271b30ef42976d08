package tracker

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"

	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// record records results into the tracker in data (a new one when nil),
// raising n actions for each, and returns the written workbook.
func record(t testing.TB, data []byte, n int, results ...*scoring.Result) []byte {
	t.Helper()
	tr := readOrNew(t, data)
	defer tr.Close()
	for _, res := range results {
		if err := tr.Record(res, day); err != nil {
			t.Fatal(err)
		}
		if err := tr.RecordActions(res, n); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := tr.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func readOrNew(t testing.TB, data []byte) *Tracker {
	t.Helper()
	var tr *Tracker
	var err error
	if data == nil {
		tr, err = New()
	} else {
		tr, err = Read(bytes.NewReader(data))
	}
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// actionsOf reads the actions of a written tracker.
func actionsOf(t testing.TB, data []byte) []followup.Action {
	t.Helper()
	tr := readOrNew(t, data)
	defer tr.Close()
	return tr.Actions()
}

// quarter is the team's result in period, with the examples' answers less
// the first drop respondents.
func quarter(t testing.TB, period string, drop int) *scoring.Result {
	return result(t, "Northwind Traders", period, drop)
}

func TestActionsRaised(t *testing.T) {
	q2 := quarter(t, "2027-Q2", 0)
	data := record(t, nil, 3, q2)
	f := open(t, data)
	got := rows(t, f, ActionsSheet)
	if diff := cmp.Diff(ActionsHeader, got[0]); diff != "" {
		t.Errorf("Actions header (-want +got):\n%s", diff)
	}
	if len(got) != 4 {
		t.Fatalf("Actions has %d rows, want the header and 3 actions: %q", len(got), got)
	}
	for i, a := range q2.Actions[:3] {
		r := got[i+1]
		if r[0] != "Northwind Traders" || r[1] != "2027-Q2" || r[2] != a.Question.ID || r[3] != a.Question.Text ||
			r[4] != a.Area.Title || r[7] != a.Question.Advice || len(r) != 8 {
			t.Errorf("action %d: %q", i+1, r)
		}
		if !near(num(t, r[5]), 100*a.Score) || !near(num(t, r[6]), a.Gain) {
			t.Errorf("action %d: score then %s, gain %s; want %.1f and %.1f", i+1, r[5], r[6], 100*a.Score, a.Gain)
		}
	}
	dvs, err := f.GetDataValidations(ActionsSheet)
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != "L2:L1048576" || dvs[0].Formula1 != `"Open,In progress,Done,Dropped"` {
		t.Errorf("Status drop-down: %+v, %v", dvs, err)
	}
	if got := actionsOf(t, data); len(got) != 3 || got[0].QuestionID != q2.Actions[0].Question.ID {
		t.Errorf("Actions() = %+v", got)
	}
	// Recording the quarter again adds nothing; --actions 0 adds none.
	again := record(t, data, 3, q2)
	if n := len(rows(t, open(t, again), ActionsSheet)); n != 4 {
		t.Errorf("recorded again: %d rows, want 4", n)
	}
	if n := len(rows(t, open(t, record(t, nil, 0, q2)), ActionsSheet)); n != 1 {
		t.Errorf("no actions asked: %d rows, want the header alone", n)
	}
}

// TestLateRespondentScores records a quarter raising its top action, then
// the quarter again with other answers: the action's Score then and Gain
// are the new result's, though another question now ranks first.
func TestLateRespondentScores(t *testing.T) {
	first, later := quarter(t, "2027-Q2", 0), quarter(t, "2027-Q2", 2)
	if first.Actions[0].Question.ID == later.Actions[0].Question.ID {
		t.Fatal("the two results rank the same question first: the test needs others")
	}
	data := record(t, record(t, nil, 1, first), 1, later)
	got := actionsOf(t, data)
	if len(got) != 2 {
		t.Fatalf("%d actions, want the first result's top one and the later one's: %+v", len(got), got)
	}
	i := slices.IndexFunc(later.Actions, func(a scoring.Action) bool { return a.Question.ID == got[0].QuestionID })
	if i < 0 {
		t.Fatalf("%s is not among the later result's actions", got[0].QuestionID)
	}
	if a := later.Actions[i]; !near(got[0].ScoreThen, 100*a.Score) || !near(got[0].Gain, a.Gain) {
		t.Errorf("%s: score then %.1f, gain %.1f; want the later result's %.1f and %.1f", a.Question.ID, got[0].ScoreThen, got[0].Gain, 100*a.Score, a.Gain)
	}
}

// TestEarlierQuarterAgain records a quarter, marks its first action done,
// records the next quarter (which raises that question again), then the
// first again (a folder holding both quarters is reported as a whole): the
// first keeps the actions it raised, and gains none for the questions the
// next quarter raised.
func TestEarlierQuarterAgain(t *testing.T) {
	q2, q3 := quarter(t, "2027-Q2", 0), quarter(t, "2027-Q3", 1)
	f := open(t, record(t, nil, 3, q2))
	if err := f.SetCellStr(ActionsSheet, "L2", "Done"); err != nil {
		t.Fatal(err)
	}
	var edited bytes.Buffer
	if err := f.Write(&edited); err != nil {
		t.Fatal(err)
	}
	once := record(t, edited.Bytes(), 3, q3)
	if a := actionsOf(t, once); len(a) != 6 || a[3].QuestionID != a[0].QuestionID {
		t.Fatalf("2027-Q3 does not raise the question done in 2027-Q2 again: %+v", a)
	}
	again := record(t, once, 3, q2)
	if diff := cmp.Diff(actionsOf(t, once), actionsOf(t, again)); diff != "" {
		t.Errorf("Actions after 2027-Q2 was recorded again (-before +after):\n%s", diff)
	}
}

// TestActionTexts records actions whose texts are written in the cell and
// those that go into the shared strings (a number, an escape-like "_x"):
// each reads back as it was, with excelize, with the tracker, and after an
// update that copies the Answers' shared strings.
func TestActionTexts(t *testing.T) {
	q2 := quarter(t, "2027-Q2", 0)
	texts := []string{"42", "Inf", "see _x0041_ here", "  spaced  ", "ünïcode & <markup>", "1e3 leads"}
	want := make([]string, len(texts))
	for i, text := range texts {
		a := &q2.Actions[i]
		q := *a.Question
		q.Text, q.Advice = text, "Advice "+text
		a.Question = &q
		want[i] = strings.TrimSpace(text)
	}
	data := record(t, nil, len(texts), q2)
	data = update(t, data, quarter(t, "2027-Q3", 1))
	got := rows(t, open(t, data), ActionsSheet)
	for i, w := range want {
		if r := got[i+1]; r[3] != w || r[7] != "Advice "+strings.TrimRight(texts[i], " ") {
			t.Errorf("action %d: question %q, advice %q; want %q", i+1, r[3], r[7], w)
		}
	}
	for i, a := range actionsOf(t, data)[:len(want)] {
		if a.Question != want[i] {
			t.Errorf("Actions()[%d].Question = %q, want %q", i, a.Question, want[i])
		}
	}
}

// managerEdit is what the manager does to the Actions sheet between two
// quarters, with excelize: fills Owner, Due, Status and Notes, inserts a
// column before Owner and types in it, and adds a row of their own.
func managerEdit(t *testing.T, data []byte) []byte {
	t.Helper()
	f := open(t, data)
	sh := ActionsSheet
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.InsertCols(sh, "J", 1)) // before Owner
	must(f.SetCellStr(sh, "J1", "Priority"))
	// Owner K, Due L, Status M, Notes N now.
	must(f.SetCellStr(sh, "J2", "high"))
	must(f.SetCellStr(sh, "K2", "Dana Reyes"))
	must(f.SetCellValue(sh, "L2", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellStr(sh, "M2", followup.StatusInProgress))
	must(f.SetCellStr(sh, "N2", "Draft the SLA with Sam; =not a formula"))
	must(f.SetCellStr(sh, "K3", "Sam Okafor"))
	must(f.SetCellStr(sh, "M3", followup.StatusDone))
	must(f.SetCellStr(sh, "L4", "2027-05-15"))
	must(f.SetCellStr(sh, "M4", followup.StatusDropped))
	must(f.SetCellStr(sh, "N4", "Not now.\nMaybe next year."))
	must(f.SetCellInt(sh, "O5", 42)) // a column of the manager's, with no header
	n := len(rows(t, f, sh)) + 1
	must(f.SetCellStr(sh, "A"+strconv.Itoa(n), "Northwind Traders"))
	must(f.SetCellStr(sh, "D"+strconv.Itoa(n), "Our own action: a joint offsite"))
	must(f.SetCellStr(sh, "K"+strconv.Itoa(n), "Zoe Orsted"))
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cells returns every cell of a sheet with a value, by its name, as stored
// (dates as serial numbers).
func cells(t testing.TB, data []byte, sheet string) map[string]string {
	t.Helper()
	f := open(t, data)
	rs, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, r := range rs {
		for j, v := range r {
			if v != "" {
				out[xlsx.ColumnName(j+1)+strconv.Itoa(i+1)] = v
			}
		}
	}
	return out
}

// checkEditsSurvive records Q3 and Q4 (two updates) into edited, a tracker
// with Q2's actions edited by the manager, and checks that every cell of
// Actions but Score now keeps its value, that open actions are not raised
// again and that their Score now is the latest score.
func checkEditsSurvive(t *testing.T, edited []byte) {
	before := cells(t, edited, ActionsSheet)
	q3, q4 := quarter(t, "2027-Q3", 1), quarter(t, "2027-Q4", 2)
	data := record(t, record(t, edited, 5, q3), 5, q4)
	after := cells(t, data, ActionsSheet)
	scoreNow := ""
	for name, v := range before {
		if v == "Score now" {
			scoreNow = strings.TrimRight(name, "0123456789")
		}
	}
	if scoreNow != "I" {
		t.Fatalf("Score now is in column %q, want I", scoreNow)
	}
	for name, v := range before {
		if strings.TrimRight(name, "0123456789") == scoreNow && name != "I1" {
			continue
		}
		if after[name] != v {
			t.Errorf("Actions!%s = %q, was %q", name, after[name], v)
		}
	}
	for _, name := range []string{"K2", "L2", "M2", "N2", "J1", "O5"} {
		if before[name] == "" {
			t.Errorf("the manager's edit of %s is not in the tracker edited", name)
		}
	}
	// No open action of Q2 is raised again in Q3 or Q4, and theirs have
	// the Q4 score now; closed ones keep what they had.
	acts := actionsOf(t, data)
	open := map[string]string{}
	for _, a := range acts {
		if a.QuestionID == "" {
			continue
		}
		if a.IsOpen() {
			if first, dup := open[a.QuestionID]; dup {
				t.Errorf("question %s has open actions raised in %s and %s", a.QuestionID, first, a.Raised)
			}
			open[a.QuestionID] = a.Raised
		}
		if a.Raised < "2027-Q4" && a.IsOpen() {
			want := 0.0
			for _, q := range q4.Questions {
				if q.Question.ID == a.QuestionID && q.Score != nil {
					want = 100 * *q.Score
				}
			}
			if a.ScoreNow == nil || !near(*a.ScoreNow, want) {
				t.Errorf("open action %s of %s: Score now %v, want %.1f", a.QuestionID, a.Raised, a.ScoreNow, want)
			}
		}
	}
	raised := map[string]int{}
	for _, a := range acts {
		raised[a.Raised]++
	}
	if raised["2027-Q3"] != 5 || raised["2027-Q4"] != 5 {
		t.Errorf("actions raised by quarter %v, want 5 in Q3 and Q4", raised)
	}
	// The manager's own row is read as an action without a question.
	if !slices.ContainsFunc(acts, func(a followup.Action) bool { return a.Owner == "Zoe Orsted" && a.QuestionID == "" }) {
		t.Error("the manager's own action is not read")
	}
	var due followup.Action
	for _, a := range acts {
		if a.Owner == "Dana Reyes" {
			due = a
		}
	}
	if !due.Due.Equal(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)) || due.State() != followup.StatusInProgress {
		t.Errorf("Dana's action: due %v, status %q", due.Due, due.Status)
	}
}

func TestActionsSurviveEdits(t *testing.T) {
	data := record(t, nil, 5, quarter(t, "2027-Q2", 0))
	checkEditsSurvive(t, managerEdit(t, data))
}

// TestActionsSurviveLibreOffice makes the manager's edits, then saves the
// tracker in LibreOffice, before the next two updates.
func TestActionsSurviveLibreOffice(t *testing.T) {
	soffice := sofficeOrSkip(t)
	data := record(t, nil, 5, quarter(t, "2027-Q2", 0))
	saved := libreOfficeSave(t, soffice, managerEdit(t, data))
	if dvs, err := open(t, saved).GetDataValidations(ActionsSheet); err != nil || len(dvs) != 1 {
		t.Errorf("LibreOffice kept %d drop-downs (%v), want 1", len(dvs), err)
	}
	checkEditsSurvive(t, saved)
}

// LibreOffice saves trackers as a manager would.
var sofficeOrSkip, libreOfficeSave = xlsxtest.SofficeOrSkip, xlsxtest.Resave

func TestActionsHeaderRefused(t *testing.T) {
	data := record(t, nil, 2, quarter(t, "2027-Q2", 0))
	f := open(t, data)
	if err := f.SetCellStr(ActionsSheet, "L1", "State"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	_, err := Read(bytes.NewReader(buf.Bytes()))
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `sheet "Actions": row 1 has no column "Status"`) {
		t.Errorf("Read = %v, want a FormatError naming the missing Status column", err)
	}
}

func TestDueDates(t *testing.T) {
	for _, tc := range []struct {
		cell     string
		date1904 bool
		want     string
	}{
		{"46568", false, "2027-06-30"},
		{"45106", true, "2027-06-30"},
		{"46568.75", false, "2027-06-30"},
		{"2027-06-30", false, "2027-06-30"},
		{"30/06/2027", false, ""},
		{"", false, ""},
		{"-3", false, ""},
	} {
		tr := &Tracker{date1904: tc.date1904}
		got := ""
		if d := tr.date(tc.cell); !d.IsZero() {
			got = d.Format(time.DateOnly)
		}
		if got != tc.want {
			t.Errorf("date(%q, 1904: %v) = %q, want %q", tc.cell, tc.date1904, got, tc.want)
		}
	}
}

func TestTargets(t *testing.T) {
	q2 := quarter(t, "2027-Q2", 0)
	data := record(t, nil, 0, q2)
	example := rows(t, open(t, data), TargetsSheet)
	if len(example) != 2 || !cmp.Equal(example[0], TargetsHeader) || example[1][0] != ExampleTeam {
		t.Fatalf("a new Targets sheet: %q", example)
	}
	f := open(t, data)
	area := q2.Areas[1].Area.Title
	for i, r := range [][]any{
		{"Northwind Traders", "Overall", 65, "2027-Q4"},
		{"northwind traders ", strings.ToUpper(area), 80, "2028-Q1"},
		{"Northwind Traders", "Overall", 120, "2027-Q4"},
		{"Northwind Traders", "Overall", "high", "2027-Q4"},
		{"Northwind Traders", "Overall", 60, "Q4 2027"},
		{"Northwind Traders", "Handof", 60, "2027-Q4"},
		{"", "Overall", 60, "2027-Q4"},
		{"Contoso", "Nonsense", 500, "never"},
		{},
		{"Northwind Traders", "Overall", nil, "2027-Q4"},
		{"Northwind Traders", "Overall", 65, time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)},
		{"Northwind Traders", "Overall", 0.65, "2027-Q4"},
		{"Northwind Traders", "Overall", 65, 2027},
	} {
		for j, v := range r {
			if err := f.SetCellValue(TargetsSheet, xlsx.ColumnName(j+1)+strconv.Itoa(i+3), v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	tr := readOrNew(t, buf.Bytes())
	defer tr.Close()
	got, warnings := tr.Targets(q2)
	want := []followup.Target{
		{Team: "Northwind Traders", Area: "Overall", Score: 65, By: "2027-Q4"},
		{Team: "northwind traders", Area: area, Score: 80, By: "2028-Q1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"Targets!C5: 120 is not a score from 0 to 100; row ignored",
		`Targets!C6: "high" is not a score from 0 to 100; row ignored`,
		`Targets!D7: "Q4 2027" is not a period such as 2027-Q4; row ignored`,
		`Targets!B8: "Handof" is neither Overall nor an area of rubric alignment 1.0`,
		"Targets!A9: no team; row ignored",
		"Targets!C12: no target score; row ignored",
		"Targets!D13: 2027-06-30 is a date, not a period; type its quarter, 2027-Q2; row ignored",
		"Targets!C14: 0.65 is a fraction (a percentage?); type the score from 0 to 100, such as 65; row ignored",
		`Targets!D15: "2027" is not a period such as 2027-Q4; row ignored`,
	}
	if len(warnings) != len(wantWarnings) {
		t.Fatalf("warnings:\n%s\nwant %d", strings.Join(warnings, "\n"), len(wantWarnings))
	}
	for i, w := range wantWarnings {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("warning %d = %q, want %q…", i, warnings[i], w)
		}
	}
}

func TestScoresSheet(t *testing.T) {
	q2, q3 := quarter(t, "2027-Q2", 0), quarter(t, "2027-Q3", 1)
	data := record(t, nil, 0, q3, q2)
	got := rows(t, open(t, data), ScoresSheet)
	if !cmp.Equal(got[0], ScoresHeader) {
		t.Errorf("Scores header %q", got[0])
	}
	per := (1 + len(q2.Roles)) * (len(q2.Areas) + 1)
	if len(got) != 1+2*per {
		t.Fatalf("Scores has %d rows, want 1 + 2 × %d", len(got), per)
	}
	// In period order; the team's overall first, then each role's.
	first := got[1]
	if first[1] != "2027-Q2" || first[4] != TeamRole || first[5] != q2.Areas[0].Area.Title || !near(num(t, first[6]), *q2.Areas[0].Score) {
		t.Errorf("first Scores row %q", first)
	}
	for _, r := range got[1:] {
		if r[4] == "sales" && r[5] == "Overall" && r[1] == "2027-Q2" && !near(num(t, r[6]), *q2.Sales) {
			t.Errorf("sales overall %q, want %v", r, *q2.Sales)
		}
	}
	// Recorded again: replaced, not added.
	again := record(t, data, 0, quarter(t, "2027-Q2", 1))
	if n := len(rows(t, open(t, again), ScoresSheet)); n != len(got)-per+(1+len(quarter(t, "2027-Q2", 1).Roles))*(len(q2.Areas)+1) {
		t.Errorf("recorded again: %d rows", n)
	}
}

// TestHistoryRowKeepsEdits records a quarter again after the manager typed
// a note beside its History row and gave the row a fill: the row has the new
// scores, and the note and the fill stay.
func TestHistoryRowKeepsEdits(t *testing.T) {
	f := open(t, record(t, nil, 0, quarter(t, "2027-Q2", 0), quarter(t, "2027-Q3", 0)))
	fill, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
	if err != nil {
		t.Fatal(err)
	}
	// (A header there would make History's header one audit refuses.)
	for _, err := range []error{f.SetCellStr(HistorySheet, "Z2", "board asked about this one"),
		f.SetCellStr(HistorySheet, "Z3", "a later note"), f.SetRowStyle(HistorySheet, 2, 2, fill)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	var edited bytes.Buffer
	if err := f.Write(&edited); err != nil {
		t.Fatal(err)
	}
	g := open(t, record(t, edited.Bytes(), 0, quarter(t, "2027-Q2", 1)))
	got := rows(t, g, HistorySheet)
	if got[1][0] != "2027-Q2" || got[1][colRespondents-1] != strconv.Itoa(len(quarter(t, "2027-Q2", 1).Respondents)) {
		t.Errorf("2027-Q2 not recorded again: %q", got[1])
	}
	for cell, want := range map[string]string{"Z2": "board asked about this one", "Z3": "a later note"} {
		if v, err := g.GetCellValue(HistorySheet, cell); err != nil || v != want {
			t.Errorf("%s = %q (%v), want %q", cell, v, err, want)
		}
	}
	if style, err := g.GetCellStyle(HistorySheet, "Z2"); err != nil || style != fill {
		t.Errorf("Z2 has style %d (%v), want the row's fill %d", style, err, fill)
	}
}

func TestHistoryGap(t *testing.T) {
	q2 := quarter(t, "2027-Q2", 0)
	tr := readOrNew(t, record(t, nil, 0, q2))
	defer tr.Close()
	h := tr.History("Northwind Traders", "alignment", "2027-Q3")
	if len(h) != 1 || h[0].Sales == nil || h[0].Marketing == nil || h[0].Gap == nil ||
		!near(*h[0].Sales, *q2.Sales) || !near(*h[0].Marketing, *q2.Marketing) || !near(*h[0].Gap, *q2.Gap) {
		t.Errorf("History = %+v, want sales %v, marketing %v, gap %v", h, *q2.Sales, *q2.Marketing, *q2.Gap)
	}
}

// TestTrendTargets checks that the Trend table, which the chart draws,
// has the team's overall target in each period, and its gap.
func TestTrendTargets(t *testing.T) {
	q2, q3 := quarter(t, "2027-Q2", 0), quarter(t, "2027-Q3", 1)
	f := open(t, record(t, nil, 0, q2))
	for cell, v := range map[string]any{"A3": "Northwind Traders", "B3": "Overall", "C3": 55, "D3": "2027-Q2",
		"A4": "Northwind Traders", "B4": "overall", "C4": 65, "D4": "2027-Q4"} {
		if err := f.SetCellValue(TargetsSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	trend := rows(t, open(t, record(t, buf.Bytes(), 0, q3)), TrendSheet)
	want := [][]string{
		{"Period", "Northwind Traders", "Northwind Traders target", "Northwind Traders gap"},
		{"2027-Q2", strconv.FormatFloat(*q2.Overall, 'f', -1, 64), "55", strconv.FormatFloat(*q2.Gap, 'f', -1, 64)},
		{"2027-Q3", strconv.FormatFloat(*q3.Overall, 'f', -1, 64), "65", strconv.FormatFloat(*q3.Gap, 'f', -1, 64)},
	}
	if diff := cmp.Diff(want, trend[trendTableRow-1:]); diff != "" {
		t.Errorf("Trend table (-want +got):\n%s", diff)
	}

	// A new version of the rubric starts a line of its own, but the team
	// keeps one target.
	v2 := *q3.Rubric
	v2.Version = "2.0"
	q4 := quarter(t, "2027-Q4", 0)
	q4.Rubric = &v2
	trend = rows(t, open(t, record(t, buf.Bytes(), 0, q3, q4)), TrendSheet)
	if got, want := trend[trendTableRow-1], []string{"Period", "Northwind Traders (alignment 1.0)", "Northwind Traders (alignment 2.0)",
		"Northwind Traders target", "Northwind Traders (alignment 1.0) gap", "Northwind Traders (alignment 2.0) gap"}; !cmp.Equal(got, want) {
		t.Errorf("Trend header with two versions:\n%q\nwant\n%q", got, want)
	}
}

// TestActionsVersion checks that each action carries the rubric version
// History has for its team and period raised, so that a report with
// another version gives no change in its question's score.
func TestActionsVersion(t *testing.T) {
	q1 := quarter(t, "2027-Q1", 0)
	q2 := quarter(t, "2027-Q2", 0)
	v2 := *q2.Rubric
	v2.Version = "2.0"
	q2.Rubric = &v2
	data := record(t, nil, 2, q1, q2)
	got := map[string]string{}
	for _, a := range actionsOf(t, data) {
		got[a.Raised] = a.Version
	}
	if want := map[string]string{"2027-Q1": "1.0", "2027-Q2": "2.0"}; !maps.Equal(got, want) {
		t.Errorf("versions by period raised: %v, want %v", got, want)
	}
}

// TestTrendPrintsChartsWhole checks the Trend sheet breaks its printed
// pages before the gap's chart and before the table, so that LibreOffice
// and Excel do not cut a chart across two pages.
func TestTrendPrintsChartsWhole(t *testing.T) {
	data := record(t, nil, 0, quarter(t, "2027-Q2", 0), quarter(t, "2027-Q3", 1))
	p, err := xlsx.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := p.Sheet(TrendSheet)
	if !ok {
		t.Fatal("no Trend sheet")
	}
	xml, err := p.Part(s.Part).Read()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []int{trendGapRow - 1, trendTableRow - 1} {
		if brk := fmt.Sprintf(`<brk id="%d"`, row); !bytes.Contains(xml, []byte(brk)) {
			t.Errorf("Trend has no page break after row %d (%s): %s", row, brk, xml[bytes.Index(xml, []byte("</sheetData>")):])
		}
	}
}

// TestSheetRowsAsExcelize checks that the Actions and Targets sheets of a
// tracker file, which the tracker reads itself, read as excelize's GetRows
// reads them: text, numbers as stored, dates, booleans, errors, formulas'
// values, empty rows and cells, and a column of the manager's.
func TestSheetRowsAsExcelize(t *testing.T) {
	data := managerEdit(t, record(t, nil, 5, quarter(t, "2027-Q2", 0)))
	f := open(t, data)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sh := TargetsSheet
	must(f.SetCellValue(sh, "A4", "Northwind Traders"))
	must(f.SetCellValue(sh, "B4", "Overall"))
	must(f.SetCellValue(sh, "C4", 65.5))
	must(f.SetCellValue(sh, "D4", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellValue(sh, "F4", true))
	must(f.SetCellFormula(sh, "C6", "60+5"))
	must(f.SetCellValue(sh, "C6", 65))
	must(f.SetCellFormula(sh, "D6", `"2027"&"-Q4"`))
	must(f.SetCellStr(sh, "D6", "2027-Q4"))
	must(f.SetCellStr(sh, "A7", " spaced "))
	must(f.SetCellInt(sh, "H9", 7))
	data = save(t, f)
	tr := readOrNew(t, data)
	defer tr.Close()
	g := open(t, data)
	for _, sheet := range []string{ActionsSheet, TargetsSheet} {
		got, err := tr.sheetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rows(t, g, sheet), got); diff != "" {
			t.Errorf("%s (-excelize +tracker):\n%s", sheet, diff)
		}
	}
}

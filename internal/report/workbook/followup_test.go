package workbook

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/followup"
)

// TestWorkbookFollowUp writes the examples with a tracker's follow-up and
// reads back the Actions sheet's owner, due date and status of questions
// with an open action, the Follow-up sheet and the targets on the Summary.
func TestWorkbookFollowUp(t *testing.T) {
	res := scoreSheets(t, exampleSheets(t))
	first, second := res.Actions[0], res.Actions[1]
	now := 100 * first.Score
	fu := followup.FollowUp{
		Targets: []followup.Target{
			{Team: res.Team, Area: followup.OverallArea, Score: 65, By: "2027-Q2"},
			{Team: res.Team, Area: res.Areas[1].Area.Title, Score: 40, By: "2026-Q4"},
		},
		Actions: []followup.Action{
			{Team: res.Team, Raised: "2026-Q2", QuestionID: first.Question.ID, Question: first.Question.Text, Area: first.Area.Title,
				ScoreThen: 10, ScoreNow: &now, Owner: "Dana Reyes", Due: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
				Status: "In progress", Notes: "=HYPERLINK(\"http://x\") stays text"},
			{Team: res.Team, Raised: "2026-Q2", QuestionID: second.Question.ID, Question: second.Question.Text, Area: second.Area.Title,
				ScoreThen: 20, Status: "Done", Due: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)},
		},
	}
	var buf bytes.Buffer
	if err := Write(&buf, res, Options{Date: testDay, FollowUp: fu}); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("WORKBOOK_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "followup.xlsx"), buf.Bytes(), 0o644)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(sheet, cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := f.GetSheetList(); strings.Join(got, ",") != "Summary,Answers,Actions,Follow-up,Roles" {
		t.Errorf("sheets %v", got)
	}
	for _, c := range []struct{ sheet, cell, want string }{
		// The first action is open and overdue, the second done: no
		// open action to show.
		{"Actions", "G1", "Open action raised"}, {"Actions", "K1", "Overdue"},
		{"Actions", "G2", "2026-Q2"}, {"Actions", "H2", "Dana Reyes"}, {"Actions", "I2", "2026-09-01"},
		{"Actions", "J2", "In progress"}, {"Actions", "K2", "Overdue"},
		{"Actions", "G3", ""}, {"Actions", "H3", ""}, {"Actions", "J3", ""},
		{"Follow-up", "A2", "2026-Q2"}, {"Follow-up", "D2", "Dana Reyes"}, {"Follow-up", "F2", "In progress"},
		{"Follow-up", "G2", "Overdue"}, {"Follow-up", "H2", "10.0"}, {"Follow-up", "J2", fmt.Sprintf("%+.1f", now-10)},
		{"Follow-up", "K2", "=HYPERLINK(\"http://x\") stays text"},
		{"Follow-up", "F3", "Done"}, {"Follow-up", "G3", ""}, {"Follow-up", "I3", ""}, {"Follow-up", "J3", ""},
		{"Follow-up", "A5", "2 actions raised in 2026-Q2: 1 done, 1 in progress, 1 overdue. Owner, due date, status and notes are as the tracker's Actions sheet has them; Score now is the question's team score this quarter, and Change is Score now − Score then."},
	} {
		if got := get(c.sheet, c.cell); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
		}
	}
	if formula, _ := f.GetCellFormula("Follow-up", "K2"); formula != "" {
		t.Errorf("the notes became a formula: %q", formula)
	}
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	for _, r := range rows {
		if len(r) > 0 {
			found[r[0]] = r
		}
	}
	if r := found["Targets"]; len(r) < 2 || r[1] != "1 of 1 area at target; overall 43.8 of 65 by 2027-Q2" {
		t.Errorf("Summary's Targets row %q", r)
	}
	if r := found["Actions followed up"]; len(r) < 2 || !strings.HasPrefix(r[1], "2 actions raised in 2026-Q2: 1 done") {
		t.Errorf("Summary's actions row %q", r)
	}
	if r := found["Area"]; len(r) < 8 || r[6] != "Target" || r[7] != "By" {
		t.Errorf("Summary's area header %q", r)
	}
	if r := found[res.Areas[1].Area.Title]; len(r) < 8 || r[6] != "40.0" || r[7] != "2026-Q4" {
		t.Errorf("Summary's row of %s: %q", res.Areas[1].Area.Title, r)
	}
	if r := found["Overall"]; len(r) < 8 || r[6] != "65.0" || r[7] != "2027-Q2" {
		t.Errorf("Summary's Overall row %q", r)
	}
}

// TestWorkbookWithoutFollowUp checks that a report without a tracker has
// no follow-up columns or sheet.
func TestWorkbookWithoutFollowUp(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeWorkbook(t, scoreSheets(t, exampleSheets(t)))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Summary,Answers,Actions,Roles" {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetCellValue("Actions", "G1"); v != "" {
		t.Errorf("Actions!G1 = %q without a tracker", v)
	}
}

package tracker

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzRead reads arbitrary files as trackers. Read must not panic; it fails
// with a FormatError or gives a tracker that can record a result and be
// written, and what it writes reads again with the row recorded.
//
//	go test -run=^$ -fuzz=FuzzRead -fuzztime=1m ./internal/tracker/
func FuzzRead(f *testing.F) {
	res := result(f, "Northwind Traders", "2026-Q3", 0)
	tracker := update(f, nil, res)
	f.Add(tracker)
	f.Add(update(f, tracker, result(f, "Contoso", "2026-Q4", 1)))
	f.Add(userWorkbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Read(bytes.NewReader(data))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		defer tr.Close()
		if err := tr.Record(res, day); err != nil {
			return // excelize may refuse to edit a strange History
		}
		var out bytes.Buffer
		if err := tr.Write(&out); err != nil {
			return
		}
		again, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("the written tracker does not read again: %v", err)
		}
		defer again.Close()
		if h := again.History(res.Team, res.Rubric.ID, "2026-Q4"); len(h) != 1 {
			t.Fatalf("the recorded row is missing: %+v", h)
		}
	})
}

// FuzzManagerCells types arbitrary text into the cells a manager edits
// (an action's Team, Score then, Owner, Due, Status and Notes; a target's
// Team, Area, score and period) and updates the tracker with the next
// quarter. Reading the sheets must not panic, a bad target is at most a
// warning, and every cell the manager typed reads back the same after the
// update.
//
//	go test -run=^$ -fuzz=FuzzManagerCells -fuzztime=1m ./internal/tracker/
func FuzzManagerCells(f *testing.F) {
	q2 := quarter(f, "2027-Q2", 0)
	q3 := quarter(f, "2027-Q3", 1)
	base := record(f, nil, 3, q2)
	f.Add("Northwind Traders", "41.7", "Dana", "2027-09-30", "In progress", "call Sam", "Northwind Traders", "Overall", "65", "2027-Q4")
	f.Add("northwind traders ", "x", "", "46000", "done", "=SUM(A1)", "Northwind Traders", "Shared goals and metrics", "120", "2027-Q9")
	f.Add("", "-1e308", "Zoë", "2958466", "Dropped", "\x00\x1b[31m", "", "", "NaN", "")
	f.Add("Contoso", "1e400", "a\nb", "0", "", "_x0041_", "Example team", "overall", "-5", "2027-q1")
	f.Fuzz(func(t *testing.T, team, scoreThen, owner, due, status, notes, tTeam, tArea, tScore, tBy string) {
		for _, s := range []string{team, scoreThen, owner, due, status, notes, tTeam, tArea, tScore, tBy} {
			if !typeable(s) {
				t.Skip("no spreadsheet application stores this text as typed")
			}
		}
		f := open(t, base)
		typed := map[string]string{"A2": team, "F2": scoreThen, "J2": owner, "K2": due, "L2": status, "M2": notes}
		for cell, v := range typed {
			if err := f.SetCellStr(ActionsSheet, cell, v); err != nil {
				return // excelize refuses some text (too long)
			}
		}
		for cell, v := range map[string]string{"A3": tTeam, "B3": tArea, "C3": tScore, "D3": tBy} {
			if err := f.SetCellStr(TargetsSheet, cell, v); err != nil {
				return
			}
		}
		// What the manager's application stores, read back as audit will.
		want := map[string]string{}
		for cell := range typed {
			v, err := f.GetCellValue(ActionsSheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			want[cell] = v
		}
		var edited bytes.Buffer
		if err := f.Write(&edited); err != nil {
			t.Fatal(err)
		}
		f.Close()
		tr := readOrNew(t, edited.Bytes())
		tr.Actions()
		tr.Targets(q3)
		tr.Close()
		updated := record(t, edited.Bytes(), 3, q3)
		g := open(t, updated)
		defer g.Close()
		for cell, v := range want {
			if cell == "F2" {
				continue // Score then is audit's column, rewritten when the same quarter is recorded again
			}
			got, err := g.GetCellValue(ActionsSheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			if got != v {
				t.Errorf("Actions!%s = %q after the update, the manager typed %q", cell, got, v)
			}
		}
	})
}

// typeable says s is text a spreadsheet can hold as typed: valid UTF-8
// without the control characters XML 1.0 cannot carry (Excel writes those
// as _xHHHH_ escapes, which the "_x0041_" seed covers).
func typeable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}

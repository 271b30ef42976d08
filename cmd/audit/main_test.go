package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/form"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

// update rewrites golden files instead of comparing with them:
// go test ./cmd/audit -update
var update = flag.Bool("update", false, "rewrite golden files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"audit":      func() { os.Exit(run(context.Background(), os.Args[1:], systemEnv())) },
		"crashwrite": crashWrite,
		"emlcheck":   emlCheck,
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each runs the
// audit binary as a user would and checks its output, files and exit status.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sheet":    sheetCmd,
			"fillform": fillFormCmd,
			"setcells": setCellsCmd,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "short" {
				return testing.Short(), nil
			}
			if cond == "cjkfont" {
				// A font for Chinese and Japanese that audit finds.
				_, _, ok := systemFontFinder(os.Getenv).find('日', "JP")
				return ok, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			// Scripts reach the repository's examples and rubrics as $ROOT.
			env.Setenv("ROOT", root)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

// sheetCmd is the script command "sheet FILE.xlsx SHEET": it prints the
// sheet's rows, one per line, cells separated by " | ", as excelize reads
// them.
func sheetCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sheet FILE.xlsx SHEET")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	rows, err := f.GetRows(args[1])
	ts.Check(err)
	for _, r := range rows {
		fmt.Fprintln(ts.Stdout(), strings.Join(r, " | "))
	}
}

// setCellsCmd is the script command "setcells FILE.xlsx SHEET CELL=VALUE...":
// it types values into cells with excelize, as a manager would in Excel: a
// date as YYYY-MM-DD becomes a date, a number a number, anything else
// text.
func setCellsCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: setcells FILE.xlsx SHEET CELL=VALUE...")
	}
	f, err := excelize.OpenFile(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	for _, a := range args[2:] {
		cell, value, _ := strings.Cut(a, "=")
		if d, err := time.Parse(time.DateOnly, value); err == nil {
			// The date keeps the cell's format (audit's is yyyy-mm-dd).
			style, err := f.GetCellStyle(args[1], cell)
			ts.Check(err)
			ts.Check(f.SetCellValue(args[1], cell, d))
			ts.Check(f.SetCellStyle(args[1], cell, cell, style))
		} else if v, err := strconv.ParseFloat(value, 64); err == nil {
			ts.Check(f.SetCellFloat(args[1], cell, v, -1, 64))
		} else {
			ts.Check(f.SetCellStr(args[1], cell, value))
		}
	}
	ts.Check(f.Save())
}

// fillFormCmd is the script command
// "fillform FORM OUT NAME ROLE N [QUESTION=LABEL...]": see fillForm.
func fillFormCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 5 {
		ts.Fatalf("usage: fillform FORM OUT NAME ROLE N [QUESTION=LABEL...]")
	}
	n, err := strconv.Atoi(args[4])
	ts.Check(err)
	given := map[string]string{}
	for _, a := range args[5:] {
		id, label, _ := strings.Cut(a, "=")
		given[id] = label
	}
	ts.Check(fillForm(ts.MkAbs(args[0]), ts.MkAbs(args[1]), args[2], args[3], n, given, nil))
}

// fillForm fills the spreadsheet form at path as a respondent would,
// typing the name and the role and choosing, for each question, its n-th
// answer (the last one when there are fewer) from the drop-down list, or
// the label given for it (for a number question: the number n, or the
// number or other answer given), then does edit, if any, and saves it as
// out.
func fillForm(path, out, name, role string, n int, given map[string]string, edit func(f *excelize.File) error) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.SetCellStr(form.QuestionnaireSheet, "D3", name); err != nil {
		return err
	}
	if err := f.SetCellStr(form.QuestionnaireSheet, "D4", role); err != nil {
		return err
	}
	// The answer key lists each question's answer cell, then its labels
	// from column F, as the drop-down lists show them.
	rows, err := f.GetRows(form.KeySheet)
	if err != nil {
		return err
	}
	// A number question ("number" instead of "labels") takes its number
	// in its answer cell (n, unless given), or a label of its other
	// answers in the cell that its ids row names.
	for i, row := range rows {
		if len(row) > 4 && row[4] == "number" {
			text, ok := given[row[0]]
			if !ok {
				text = strconv.Itoa(n)
			}
			if v, err := strconv.ParseFloat(text, 64); err == nil {
				if err := f.SetCellFloat(form.QuestionnaireSheet, row[1], v, -1, 64); err != nil {
					return err
				}
			} else if err := f.SetCellStr(form.QuestionnaireSheet, rows[i+1][1], text); err != nil {
				return err
			}
			continue
		}
		if len(row) < 6 || row[4] != "labels" {
			continue
		}
		label, ok := given[row[0]]
		if !ok {
			label = row[5+min(n-1, len(row)-6)]
		}
		if err := f.SetCellStr(form.QuestionnaireSheet, row[1], label); err != nil {
			return err
		}
	}
	if edit != nil {
		if err := edit(f); err != nil {
			return err
		}
	}
	return f.SaveAs(out)
}

// slow skips an acceptance test in the fast tier, go test -short: one that
// takes more than a second or needs tools beyond Go (LibreOffice, a
// terminal, many files, a build). .ci/run runs them all.
func slow(t *testing.T, why string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s: not in -short mode (.ci/run runs it)", why)
	}
}

// checkNoTempFiles fails the test when a temporary file of store.WriteFileAtomic
// is left under dir.
func checkNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", path)
		}
		return nil
	})
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

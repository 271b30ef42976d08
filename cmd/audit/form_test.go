package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/form"
)

// TestBadForms: each broken form exits 2 with the form, the sheet and the
// cell named, or the reason, and stays as it was.
func TestBadForms(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "beta-2027-Q1-form.xlsx")
	smallRubric := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(smallRubric, []byte(smallRubricYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"form", "--rubric", "alignment@1.0", "--team", "Beta", "--period", "2027-Q1", "--out", dir},
		{"form", "--rubric", smallRubric, "--team", "Beta", "--period", "2027-Q1", "--out", filepath.Join(dir, "small")},
	} {
		if code, out := runAudit(t, args...); code != 0 {
			t.Fatalf("audit %s: exit %d\n%s", args, code, out)
		}
	}
	unprotected := func(edit func(f *excelize.File) error) func(f *excelize.File) error {
		return func(f *excelize.File) error {
			if err := f.UnprotectSheet(form.QuestionnaireSheet); err != nil {
				return err
			}
			return edit(f)
		}
	}
	tests := []struct {
		name  string
		from  string // the blank form it is filled from
		given map[string]string
		edit  func(f *excelize.File) error
		data  string // the file's bytes, when it is not a form filled in
		args  []string
		want  string
	}{
		{name: "typed-over.xlsx", given: map[string]string{"lead-quality-definition": "Maybe"},
			want: `typed-over.xlsx: Questionnaire!D19: "Maybe" is not one of the options of lead-quality-definition`},
		{name: "deleted-row.xlsx", edit: unprotected(func(f *excelize.File) error { return f.RemoveRow(form.QuestionnaireSheet, 20) }),
			want: `deleted-row.xlsx: Questionnaire!B20: should hold question lead-quality-review, "How often do sales and marketing sit down together to review the quality of recent leads?", but holds "What happens after sales reports that a batch of leads was poor?": the questions were edited, or rows deleted or moved`},
		{name: "renamed-sheet.xlsx", edit: func(f *excelize.File) error { return f.SetSheetName(form.QuestionnaireSheet, "Answers") },
			want: `renamed-sheet.xlsx: the sheet "Questionnaire" is missing (renamed or deleted? the sheets are Answers, Answer key): give it its name back, or fill in a new form`},
		{name: "unanswered.xlsx", given: map[string]string{"handoff-nurture": ""},
			want: `unanswered.xlsx: Questionnaire!D29: question handoff-nurture is not answered (choose an answer, or pass --allow-missing)`},
		{name: "other-rubric.xlsx", from: filepath.Join(dir, "small", "beta-2027-Q1-form.xlsx"),
			want: `other-rubric.xlsx: rubric "small" is not built in (built in: alignment, alignment@1.0): give its file with --rubric`},
		{name: "other-rubric.xlsx", args: []string{"--rubric", smallRubric},
			want: `other-rubric.xlsx: Answer key!B3: this form was made from rubric "alignment", not "small": score it with --rubric and the rubric it was made from`},
		{name: "empty.xlsx", data: "\x00",
			want: `empty.xlsx: not an Excel workbook (.xlsx)`},
		{name: "notes.xlsx", data: "Ask Bob on Monday.\n",
			want: `notes.xlsx: not an Excel workbook (.xlsx)`},
		{name: "blank.xlsx", edit: func(f *excelize.File) error {
			for _, c := range []string{"D3", "D4"} {
				if err := f.SetCellStr(form.QuestionnaireSheet, c, ""); err != nil {
					return err
				}
			}
			rows, _ := f.GetRows(form.KeySheet)
			for _, row := range rows {
				if len(row) > 4 && row[4] == "labels" {
					if err := f.SetCellStr(form.QuestionnaireSheet, row[1], ""); err != nil {
						return err
					}
				}
			}
			return nil
		},
			want: `blank.xlsx: a blank form: nothing is filled in`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if tt.data != "" {
				if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				from := cmpOr(tt.from, blank)
				if err := fillForm(from, path, "Ann", "sales", 2, tt.given, tt.edit); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := os.ReadFile(path)
			for _, cmd := range []string{"score", "report"} {
				args := append([]string{cmd, "--out", filepath.Join(dir, "out")}, tt.args...)
				if cmd == "score" {
					args = append([]string{cmd}, tt.args...)
				}
				code, out := runAudit(t, append(args, path)...)
				if code != exitInvalid || !strings.Contains(out, tt.want) {
					t.Errorf("audit %s: exit %d\n%s\nwant exit 2 and %s", cmd, code, out, tt.want)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the form changed")
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				t.Error("a report was written")
			}
		})
	}
}

// TestFormAllowMissing: a form with unanswered questions is scored with
// --allow-missing, as an answers file is.
func TestFormAllowMissing(t *testing.T) {
	dir := t.TempDir()
	if code, out := runAudit(t, "form", "--rubric", "alignment@1.0", "--team", "Beta", "--period", "2027-Q1", "--out", dir); code != 0 {
		t.Fatalf("audit form: exit %d\n%s", code, out)
	}
	path := filepath.Join(dir, "ann.xlsx")
	if err := fillForm(filepath.Join(dir, "beta-2027-Q1-form.xlsx"), path, "Ann", "sales", 2, map[string]string{"handoff-nurture": ""}, nil); err != nil {
		t.Fatal(err)
	}
	code, out := runAudit(t, "score", "--allow-missing", path)
	if code != 0 || !strings.Contains(out, "Lead handoff and the customer journey") || !strings.Contains(out, "Respondents: 1 (1 sales)") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

const smallRubricYAML = `id: small
version: "1.0"
title: Small rubric
bands:
  - {min: 0, label: Low, summary: Not yet.}
  - {min: 50, label: High, summary: Good.}
scales:
  yesno:
    - {id: never, label: Never, points: 0}
    - {id: always, label: Always, points: 1}
areas:
  - id: goals
    title: Goals
    why: Shared goals keep both teams pulling the same way.
    questions:
      - id: q-goals
        text: Do the teams share targets?
        scale: yesno
        advice: Set one target.
`

package form

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
)

// newest is the newest built-in rubric (2.0), with number questions and
// "don't know".
func newest(t testing.TB) *rubric.Rubric {
	t.Helper()
	r, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	if !hasNumbers(r) {
		t.Fatalf("rubric %s@%s has no number question", r.ID, r.Version)
	}
	return r
}

func hasNumbers(r *rubric.Rubric) bool {
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			if q.IsNumber() {
				return true
			}
		}
	}
	return false
}

// numberCells finds each number question's cells in the answer key: the
// answer cell and the cell of its other answers ("" when it has none).
func numberCells(t testing.TB, f *excelize.File) (answer, other map[string]string) {
	rows, err := f.GetRows(KeySheet)
	if err != nil {
		t.Fatal(err)
	}
	answer, other = map[string]string{}, map[string]string{}
	for i, row := range rows[keyFirstRow-1:] {
		if len(row) > 4 && row[4] == numberMark {
			answer[row[0]] = row[1]
			if ids := rows[keyFirstRow-1+i+1]; len(ids) > 1 {
				other[row[0]] = ids[1]
			}
		}
	}
	return answer, other
}

// blankNumberCells is numberCells of the form data.
func blankNumberCells(t testing.TB, data []byte) (answer, other map[string]string) {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	return numberCells(t, x)
}

// numberFilling answers a 2.0 form: every choice question with its first
// option (a question that allows it with "Don't know"), and the number
// questions in turn with a number in range, "we don't measure this", "don't
// know" and "not applicable", as far as each allows. It returns the
// answers they should read as.
func numberFilling(t testing.TB, r *rubric.Rubric) (filling, map[string]answers.Answer) {
	want := map[string]answers.Answer{}
	labels := map[string]string{}
	numbers := map[string]float64{}
	others := map[string]string{}
	n := 0
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			if !q.IsNumber() {
				if q.DontKnow && len(want)%3 == 0 {
					labels[q.ID], want[q.ID] = DontKnow, answers.Answer{Option: answers.DontKnow}
				} else {
					labels[q.ID], want[q.ID] = q.Options[0].Label, answers.Answer{Option: q.Options[0].ID}
				}
				continue
			}
			n++
			um, hasUM := q.UnmeasuredOption()
			switch {
			case n%4 == 1 && hasUM:
				others[q.ID], want[q.ID] = um.Label, answers.Answer{Option: answers.Unmeasured}
			case n%4 == 2 && q.DontKnow:
				others[q.ID], want[q.ID] = DontKnow, answers.Answer{Option: answers.DontKnow}
			case n%4 == 3 && q.NA:
				others[q.ID], want[q.ID] = NotApplicable, answers.Answer{Option: answers.NA}
			default:
				v := q.Min + float64(int((q.Max-q.Min)/7)) + 0.5
				numbers[q.ID], want[q.ID] = v, answers.NumberAnswer(v)
			}
		}
	}
	in := filling{name: "Ann", role: "sales", answers: labels, edit: func(f *excelize.File) {
		answer, other := numberCells(t, f)
		for id, v := range numbers {
			if err := f.SetCellFloat(QuestionnaireSheet, answer[id], v, -1, 64); err != nil {
				t.Fatal(err)
			}
		}
		for id, label := range others {
			if err := f.SetCellStr(QuestionnaireSheet, other[id], label); err != nil {
				t.Fatal(err)
			}
		}
	}}
	return in, want
}

// TestNumberForm: a form of a rubric with number questions has, for each,
// a number cell that shows the unit and takes only numbers in range, and a
// drop-down list of the other answers the question allows beside it; filled
// in, it reads back as the numbers and answers given.
func TestNumberForm(t *testing.T) {
	r := newest(t)
	data := blank(t, r)
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	answer, other := numberCells(t, x)
	speed := answer["handoff-speed"]
	if speed == "" || other["handoff-speed"] != "E"+strings.TrimPrefix(speed, "D") {
		t.Fatalf("handoff-speed: answer cell %q, other answers in %q", speed, other["handoff-speed"])
	}
	dvs, err := x.GetDataValidations(QuestionnaireSheet)
	if err != nil {
		t.Fatal(err)
	}
	var decimal, list *excelize.DataValidation
	for _, dv := range dvs {
		switch dv.Sqref {
		case speed:
			decimal = dv
		case other["handoff-speed"]:
			list = dv
		}
	}
	if decimal == nil || decimal.Type != "decimal" || decimal.Operator != "between" || decimal.Formula1 != "0" || decimal.Formula2 != "2000" {
		t.Errorf("handoff-speed's number cell: validation %+v, want decimal between 0 and 2000", decimal)
	}
	if list == nil || list.Type != "list" {
		t.Errorf("handoff-speed's other answers: validation %+v, want a drop-down list", list)
	}
	style, err := x.GetCellStyle(QuestionnaireSheet, speed)
	if err != nil {
		t.Fatal(err)
	}
	st, err := x.GetStyle(style)
	if err != nil || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "business hours") {
		t.Errorf("handoff-speed's number cell: style %+v (%v), want the unit in its number format", st, err)
	}

	in, want := numberFilling(t, r)
	f, err := Read("f.xlsx", fill(t, data, in))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, f.Sheet.Answers); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	if pl := f.Check(r, false); pl != nil {
		t.Errorf("Check: %v", pl)
	}
	if f.Sheet.RubricVersion != r.Version {
		t.Errorf("rubric version %q, want %q", f.Sheet.RubricVersion, r.Version)
	}
}

// TestNumberFilled: a form written with numbers and other answers filled
// in reads them back.
func TestNumberFilled(t *testing.T) {
	r := newest(t)
	_, want := numberFilling(t, r)
	for id, a := range want {
		a.Comment = "On " + id
		want[id] = a
	}
	var b bytes.Buffer
	err := Write(&b, r, Options{Team: "Beta", Period: "2027-Q1", Created: created,
		Filled: &answers.Sheet{Respondent: "Ann", Role: "sales", Answers: want}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read("f.xlsx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, f.Sheet.Answers); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

// TestNumberProblems: what is wrong in a number question's cells is named
// by cell, and Check names numbers out of range and unanswered questions.
func TestNumberProblems(t *testing.T) {
	r := newest(t)
	data := blank(t, r)
	answer, other := blankNumberCells(t, data)
	speed, speedOther := answer["handoff-speed"], other["handoff-speed"]
	set := func(cells map[string]string) func(f *excelize.File) {
		return func(f *excelize.File) {
			for c, v := range cells {
				if n, err := strconv.ParseFloat(v, 64); err == nil {
					_ = f.SetCellFloat(QuestionnaireSheet, c, n, -1, 64)
				} else {
					_ = f.SetCellStr(QuestionnaireSheet, c, v)
				}
			}
		}
	}
	in, _ := numberFilling(t, r)
	base := in.edit
	with := func(cells map[string]string) filling {
		c := in
		c.edit = func(f *excelize.File) { base(f); _ = f.SetCellStr(QuestionnaireSheet, speedOther, ""); set(cells)(f) }
		return c
	}
	tests := []struct {
		name  string
		in    filling
		read  string // the problem reading it, or ""
		check string // the problem Check finds, or ""
		value *float64
	}{
		{name: "words", in: with(map[string]string{speed: "about a day"}),
			read: `f.xlsx: Questionnaire!` + speed + `: "about a day" is not a number: want a number from 0 to 2000 business hours, or an answer under Or instead`},
		{name: "both", in: with(map[string]string{speed: "6", speedOther: DontKnow}),
			read: `f.xlsx: Questionnaire!` + speed + `: handoff-speed has both a number and "Don't know" under Or instead: keep one`},
		{name: "other typed over", in: with(map[string]string{speed: "", speedOther: "Never"}),
			read: `f.xlsx: Questionnaire!` + speedOther + `: "Never" is not one of the answers of handoff-speed`},
		{name: "out of range", in: with(map[string]string{speed: "2500"}),
			check: `f.xlsx: Questionnaire!` + speed + `: 2500 is out of range for handoff-speed: want a number from 0 to 2000 business hours`},
		{name: "unanswered", in: with(map[string]string{speed: ""}),
			check: `f.xlsx: Questionnaire!` + speed + `: question handoff-speed is not answered (type a number or choose an answer under Or instead, or pass --allow-missing)`},
		{name: "number kept as text", in: with(map[string]string{speed: " 6 business hours"}), value: ptr(6.0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read("f.xlsx", fill(t, data, tt.in))
			var pl problem.List
			if tt.read != "" {
				if !errors.As(err, &pl) || len(pl) != 1 || !strings.HasPrefix(pl[0].String(), tt.read) {
					t.Fatalf("got %v\nwant %s", err, tt.read)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pl = f.Check(r, false)
			if tt.check != "" {
				if len(pl) != 1 || !strings.HasPrefix(pl[0].String(), tt.check) {
					t.Fatalf("Check: got %v\nwant %s", pl, tt.check)
				}
				return
			}
			if pl != nil {
				t.Fatalf("Check: %v", pl)
			}
			if got := f.Sheet.Answers["handoff-speed"].Number; tt.value != nil && (got == nil || *got != *tt.value) {
				t.Errorf("handoff-speed reads %v, want %v", got, *tt.value)
			}
		})
	}
}

// TestNumberLibreOffice: a form with numbers that LibreOffice opened and
// saved again reads the same, and keeps its number validation.
func TestNumberLibreOffice(t *testing.T) {
	soffice := sofficeOrSkip(t)
	r := newest(t)
	in, want := numberFilling(t, r)
	saved := resave(t, soffice, fill(t, blank(t, r), in))
	f, err := Read("f.xlsx", saved)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, f.Sheet.Answers); diff != "" {
		t.Errorf("answers after LibreOffice (-want +got):\n%s", diff)
	}
	if pl := f.Check(r, false); pl != nil {
		t.Error(pl)
	}
	x, err := excelize.OpenReader(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	dvs, err := x.GetDataValidations(QuestionnaireSheet)
	if err != nil {
		t.Fatal(err)
	}
	decimals := 0
	for _, dv := range dvs {
		if dv.Type == "decimal" {
			decimals += len(strings.Fields(dv.Sqref))
		}
	}
	numbers := 0
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			if q.IsNumber() {
				numbers++
			}
		}
	}
	if decimals != numbers {
		t.Errorf("after LibreOffice: %d cells take numbers only, want %d", decimals, numbers)
	}
}

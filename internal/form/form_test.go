package form

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/testkit"
)

var created = time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)

func builtin(t testing.TB) *rubric.Rubric { return testkit.Rubric(t, "alignment@1.0") }

func blank(t testing.TB, r *rubric.Rubric) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, Options{Team: "Beta", Period: "2027-Q1", Created: created}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// filling is what a respondent types into a form.
type filling struct {
	name, role string
	answers    map[string]string // question id -> the label chosen
	comments   map[string]string
	edit       func(f *excelize.File) // anything else done to the workbook
}

// fill fills a form as a respondent would in a spreadsheet program: it
// types into the cells, whatever their protection and validation.
func fill(t testing.TB, form []byte, in filling) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set := func(cell, v string) {
		if err := f.SetCellStr(QuestionnaireSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set(nameCell, in.name)
	set(roleCell, in.role)
	cells := answerCells(t, f)
	for id, label := range in.answers {
		set(cells[id], label)
	}
	for id, c := range in.comments {
		set(commentCol+strings.TrimPrefix(cells[id], answerCol), c)
	}
	if in.edit != nil {
		in.edit(f)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// answerCells finds each question's answer cell in the answer key.
func answerCells(t testing.TB, f *excelize.File) map[string]string {
	rows, err := f.GetRows(KeySheet)
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, row := range rows[keyFirstRow-1:] {
		if len(row) > 4 && row[4] == labelsMark {
			cells[row[0]] = row[1]
		}
	}
	return cells
}

// choices answers every question with its option at index i (or the last
// one), as labels, and the options' ids the answers should read as.
func choices(r *rubric.Rubric, i int) (labels, ids map[string]string) {
	labels, ids = map[string]string{}, map[string]string{}
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			o := q.Options[min(i, len(q.Options)-1)]
			labels[q.ID], ids[q.ID] = o.Label, o.ID
			if q.NA && i == 9 {
				labels[q.ID], ids[q.ID] = NotApplicable, answers.NA
			}
		}
	}
	return labels, ids
}

func optionIDs(s *answers.Sheet) map[string]string {
	m := map[string]string{}
	for id, a := range s.Answers {
		m[id] = a.Option
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	r := builtin(t)
	for _, i := range []int{0, 2, 9} {
		labels, ids := choices(r, i)
		data := fill(t, blank(t, r), filling{
			name: "  Ann Lee ", role: "Sales", answers: labels,
			comments: map[string]string{"goals-shared-targets": "We meet\r\nonce a year."},
		})
		f, err := Read("beta-form-ann.xlsx", data)
		if err != nil {
			t.Fatal(err)
		}
		s := f.Sheet
		if s.Rubric != "alignment" || s.RubricVersion != r.Version || s.Team != "Beta" || s.Period != "2027-Q1" ||
			s.Respondent != "Ann Lee" || s.Role != "sales" || s.Source != "beta-form-ann.xlsx" || !s.Completed.Equal(created) {
			t.Errorf("sheet %+v", s)
		}
		if diff := cmp.Diff(ids, optionIDs(s)); diff != "" {
			t.Errorf("answers (-want +got):\n%s", diff)
		}
		if got := s.Answers["goals-shared-targets"].Comment; got != "We meet\nonce a year." {
			t.Errorf("comment %q", got)
		}
		if pl := f.Check(r, false); pl != nil {
			t.Errorf("Check: %v", pl)
		}
		if f.Blank() || f.Unanswered() != 0 {
			t.Errorf("Blank %v, Unanswered %d", f.Blank(), f.Unanswered())
		}
	}
}

// TestFilled: a form written with answers filled in reads them back.
func TestFilled(t *testing.T) {
	r := builtin(t)
	_, ids := choices(r, 9)
	want := &answers.Sheet{Respondent: "Ann", Role: "sales", Answers: map[string]answers.Answer{}}
	for id, o := range ids {
		want.Answers[id] = answers.Answer{Option: o, Comment: "On " + id}
	}
	var b bytes.Buffer
	if err := Write(&b, r, Options{Team: "Beta", Period: "2027-Q1", Created: created, Filled: want}); err != nil {
		t.Fatal(err)
	}
	f, err := Read("f.xlsx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Answers, f.Sheet.Answers); diff != "" || f.Sheet.Respondent != "Ann" || f.Sheet.Role != "sales" {
		t.Errorf("%s %s, answers (-want +got):\n%s", f.Sheet.Respondent, f.Sheet.Role, diff)
	}
}

func TestBlank(t *testing.T) {
	r := builtin(t)
	f, err := Read("form.xlsx", blank(t, r))
	if err != nil {
		t.Fatal(err)
	}
	if !f.Blank() || f.Unanswered() != r.NumQuestions() {
		t.Errorf("Blank %v, Unanswered %d", f.Blank(), f.Unanswered())
	}
	if pl := f.Check(r, false); len(pl) != r.NumQuestions() {
		t.Errorf("Check found %d problems, want one per question", len(pl))
	}
}

// TestProblems: each problem names the form, the sheet and the cell, or
// says why the file is not a form.
func TestProblems(t *testing.T) {
	r := builtin(t)
	labels, _ := choices(r, 1)
	without := func(id string) map[string]string {
		m := map[string]string{}
		for k, v := range labels {
			if k != id {
				m[k] = v
			}
		}
		return m
	}
	with := func(id, label string) map[string]string {
		m := without(id)
		m[id] = label
		return m
	}
	unprotected := func(edit func(f *excelize.File) error) func(f *excelize.File) {
		return func(f *excelize.File) {
			if err := f.UnprotectSheet(QuestionnaireSheet); err != nil {
				panic(err)
			}
			if err := edit(f); err != nil {
				panic(err)
			}
		}
	}
	tests := []struct {
		name string
		in   filling
		want []string
	}{
		{"typed over", filling{name: "Ann", role: "sales", answers: with("lead-quality-definition", "Maybe")},
			[]string{`f.xlsx: Questionnaire!D19: "Maybe" is not one of the options of lead-quality-definition`}},
		{"no name", filling{role: "sales", answers: labels},
			[]string{`f.xlsx: Questionnaire!D3: no name given: type your name`}},
		{"no role", filling{name: "Ann", answers: labels},
			[]string{`f.xlsx: Questionnaire!D4: no role chosen: choose sales, marketing, leadership or other`}},
		{"long name", filling{name: strings.Repeat("n", 101), role: "sales", answers: labels},
			[]string{`f.xlsx: Questionnaire!D3: the name is 101 characters long, more than the 100 allowed`}},
		{"bad role", filling{name: "Ann", role: "sales team", answers: labels},
			[]string{`f.xlsx: Questionnaire!D4: "sales team" is not a role: choose sales, marketing, leadership or other`}},
		{"comment without answer", filling{name: "Ann", role: "sales", answers: without("goals-marketing-metrics"),
			comments: map[string]string{"goals-marketing-metrics": "Unsure."}},
			[]string{`f.xlsx: Questionnaire!D8: no answer chosen for goals-marketing-metrics, which has a comment: choose an answer`}},
		{"deleted row", filling{name: "Ann", role: "sales", answers: labels,
			edit: unprotected(func(f *excelize.File) error { return f.RemoveRow(QuestionnaireSheet, 8) })},
			[]string{`f.xlsx: Questionnaire!B8: should hold question goals-marketing-metrics, "What does marketing report on to show its results?", but holds "How are the sales and marketing plans for the next quarter or year put together?": the questions were edited, or rows deleted or moved; copy the answers into a new form from audit form`}},
		{"edited question", filling{name: "Ann", role: "sales", answers: labels,
			edit: unprotected(func(f *excelize.File) error { return f.SetCellStr(QuestionnaireSheet, "B7", "Do we like each other?") })},
			[]string{`f.xlsx: Questionnaire!B7: should hold question goals-shared-targets, "How are the sales and marketing targets for the year set?", but holds "Do we like each other?"`}},
		{"renamed sheet", filling{name: "Ann", role: "sales", answers: labels,
			edit: func(f *excelize.File) { _ = f.SetSheetName(QuestionnaireSheet, "Fragebogen") }},
			[]string{`f.xlsx: the sheet "Questionnaire" is missing (renamed or deleted? the sheets are Fragebogen, Answer key): give it its name back, or fill in a new form`}},
		{"deleted key", filling{name: "Ann", role: "sales", answers: labels,
			edit: func(f *excelize.File) { _ = f.DeleteSheet(KeySheet) }},
			[]string{`f.xlsx: the hidden sheet "Answer key" is missing, so the answers cannot be read back: fill in a new form from audit form`}},
		{"edited key", filling{name: "Ann", role: "sales", answers: labels,
			edit: func(f *excelize.File) { _ = f.SetCellStr(KeySheet, "G12", "Sometimes") }},
			[]string{`f.xlsx: Answer key!B5: the answer key was changed (its questions do not match its hash): fill in a new form from audit form`}},
		{"not a form", filling{edit: func(f *excelize.File) {
			_, _ = f.NewSheet("Notes")
			_ = f.DeleteSheet(KeySheet)
			_ = f.DeleteSheet(QuestionnaireSheet)
		}},
			[]string{`f.xlsx: not an audit form: it has no sheet "Questionnaire" (make forms with audit form)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("f.xlsx", fill(t, blank(t, r), tt.in))
			var pl problem.List
			if !errors.As(err, &pl) {
				t.Fatalf("got %v, want problems", err)
			}
			if len(pl) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(pl), len(tt.want), pl)
			}
			for i, p := range pl {
				if !strings.HasPrefix(p.String(), tt.want[i]) {
					t.Errorf("got  %s\nwant %s", p, tt.want[i])
				}
			}
		})
	}
}

func TestNotAWorkbook(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("rubric: alignment\n"), []byte("PK\x03\x04 truncated")} {
		if _, err := Read("f.xlsx", data); !errors.Is(err, ErrNotWorkbook) {
			t.Errorf("Read(%q) = %v, want ErrNotWorkbook", data, err)
		}
		if _, err := Recognize(bytes.NewReader(data), int64(len(data))); !errors.Is(err, ErrNotWorkbook) {
			t.Errorf("Recognize(%q) = %v, want ErrNotWorkbook", data, err)
		}
	}
}

func TestRecognize(t *testing.T) {
	r := builtin(t)
	form := blank(t, r)
	other := excelize.NewFile()
	var b bytes.Buffer
	if _, err := other.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		data []byte
		want bool
	}{{form, true}, {b.Bytes(), false}} {
		got, err := Recognize(bytes.NewReader(tt.data), int64(len(tt.data)))
		if err != nil || got != tt.want {
			t.Errorf("Recognize = %v, %v; want %v", got, err, tt.want)
		}
	}
}

// TestCheck: a form is scored only with the rubric it was made from.
func TestCheck(t *testing.T) {
	r := builtin(t)
	labels, _ := choices(r, 1)
	delete(labels, "goals-time-horizon")
	f, err := Read("f.xlsx", fill(t, blank(t, r), filling{name: "Ann", role: "sales", answers: labels}))
	if err != nil {
		t.Fatal(err)
	}
	if pl := f.Check(r, true); pl != nil {
		t.Errorf("with allowMissing: %v", pl)
	}
	want := "f.xlsx: Questionnaire!D10: question goals-time-horizon is not answered (choose an answer, or pass --allow-missing)"
	if pl := f.Check(r, false); len(pl) != 1 || pl[0].String() != want {
		t.Errorf("got %v, want %s", pl, want)
	}

	edited := *r
	edited.Version = "1.1"
	edited.Areas = append([]rubric.Area(nil), r.Areas...)
	edited.Areas[0].Questions = append([]rubric.Question(nil), r.Areas[0].Questions...)
	edited.Areas[0].Questions[0].Text = "How are the targets set?"
	want = "f.xlsx: Answer key!B5: the questions of this form (rubric alignment version 1.0) differ from those of rubric alignment version 1.1 used now"
	if pl := f.Check(&edited, true); len(pl) != 1 || !strings.HasPrefix(pl[0].String(), want) {
		t.Errorf("got %v, want %s", pl, want)
	}
	other := edited
	other.ID = "sales"
	want = `f.xlsx: Answer key!B3: this form was made from rubric "alignment", not "sales": score it with --rubric and the rubric it was made from`
	if pl := f.Check(&other, true); len(pl) != 1 || pl[0].String() != want {
		t.Errorf("got %v, want %s", pl, want)
	}
}

// TestSameBytes: the same rubric and options give the same file.
func TestSameBytes(t *testing.T) {
	r := builtin(t)
	if !bytes.Equal(blank(t, r), blank(t, r)) {
		t.Error("two forms of the same rubric differ")
	}
}

// TestLibreOffice: a form that LibreOffice opened and saved again reads the
// same as before.
func TestLibreOffice(t *testing.T) {
	soffice := sofficeOrSkip(t)
	r := builtin(t)
	labels, _ := choices(r, 9)
	filled := fill(t, blank(t, r), filling{name: "Zoë Ørsted", role: "marketing", answers: labels,
		comments: map[string]string{"goals-shared-targets": "Line one\nline two", "insight-shared-data": `=HYPERLINK("x")`}})
	before, err := Read("f.xlsx", filled)
	if err != nil {
		t.Fatal(err)
	}
	saved := resave(t, soffice, filled)
	after, err := Read("f.xlsx", saved)
	if err != nil {
		t.Fatal(err)
	}
	// The drop-down lists, the protection and the hidden key survive.
	x, err := excelize.OpenReader(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	dvs, err := x.GetDataValidations(QuestionnaireSheet)
	if err != nil || len(dvs) < 2 {
		t.Errorf("after LibreOffice: %d data validations (%v), want the drop-down lists", len(dvs), err)
	}
	lists := 0
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists += len(strings.Fields(dv.Sqref))
		}
	}
	if lists != r.NumQuestions()+1 {
		t.Errorf("after LibreOffice: %d cells with a drop-down list, want %d", lists, r.NumQuestions()+1)
	}
	if visible, err := x.GetSheetVisible(KeySheet); err != nil || visible {
		t.Errorf("after LibreOffice: the answer key is visible (%v)", err)
	}
	if diff := cmp.Diff(before.Sheet.Answers, after.Sheet.Answers); diff != "" {
		t.Errorf("answers after LibreOffice (-before +after):\n%s", diff)
	}
	if after.Sheet.Respondent != "Zoë Ørsted" || after.Sheet.Role != "marketing" || after.Hash != before.Hash {
		t.Errorf("after LibreOffice: %+v", after.Sheet)
	}
	if pl := after.Check(r, false); pl != nil {
		t.Error(pl)
	}
}

// LibreOffice opens and saves forms as a respondent would.
var sofficeOrSkip, resave = xlsxtest.SofficeOrSkip, xlsxtest.Resave

// TestQuestionsHashStable: the hashes of the built-in rubrics' questions
// stay what forms made by earlier versions of audit record, or those
// forms would be refused.
func TestQuestionsHashStable(t *testing.T) {
	for id, want := range map[string]string{"alignment@2.0": "38304f0d15e9ca94", "alignment@1.0": "cda7ed3b151b40c2"} {
		if got := QuestionsHash(testkit.Rubric(t, id)); got != want {
			t.Errorf("%s: hash %s, want %s", id, got, want)
		}
	}
}

// TestSameText: texts with the same words in the same order are the same,
// as strings.Fields splits them.
func TestSameText(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Never", "Never", true},
		{" Never, or  only\r\nafter ", "Never, or only\nafter", true},
		{"a\u00a0b", "a b", true},
		{"a\u0085b\tc", "a b c", true},
		{"", " \n ", true},
		{"ab", "a b", false},
		{"a b", "a bc", false},
		{"a b c", "a b", false},
		{"", "a", false},
		{"Maybe", "Never", false},
		{"a\xffb", "a\xffb ", true},
		{"a\xff", "a\xfe", false},
	} {
		want := strings.Join(strings.Fields(tc.a), " ") == strings.Join(strings.Fields(tc.b), " ")
		if want != tc.same {
			t.Fatalf("case %q, %q: strings.Fields says %v", tc.a, tc.b, want)
		}
		if got := sameText(tc.a, tc.b); got != tc.same {
			t.Errorf("sameText(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
		if got := sameText(tc.b, tc.a); got != tc.same {
			t.Errorf("sameText(%q, %q) = %v, want %v", tc.b, tc.a, got, tc.same)
		}
	}
}

// FuzzSameText checks sameText against the words strings.Fields finds.
func FuzzSameText(f *testing.F) {
	f.Add(" Never, or  only\r\nafter ", "Never, or only\nafter")
	f.Add("a\u00a0b", "a b")
	f.Fuzz(func(t *testing.T, a, b string) {
		want := strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
		if got := sameText(a, b); got != want {
			t.Fatalf("sameText(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}

package form

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/problem"
)

// FuzzRead checks that no file makes Read panic or return anything but a
// form, ErrNotWorkbook or a non-empty problem list, and that a form it
// accepts holds only answers that its answer key offers. The seeds are a
// blank and a filled form.
//
// Run it with: go test -run=^$ -fuzz=FuzzRead -fuzztime=3m ./internal/form/
func FuzzRead(f *testing.F) {
	r := builtin(f)
	form := blank(f, r)
	labels, _ := choices(r, 1)
	f.Add(form)
	f.Add(fill(f, form, filling{name: "Ann", role: "sales", answers: labels}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data)
	})
}

// FuzzCells fills a form's cells with any text, as a respondent may type
// or paste it, and checks Read as FuzzRead does.
//
// Run it with: go test -run=^$ -fuzz=FuzzCells -fuzztime=3m ./internal/form/
func FuzzCells(f *testing.F) {
	r := builtin(f)
	form := blank(f, r)
	f.Add("Ann", "sales", "Never, or only after something has gone wrong", "fine", "B7", "x")
	f.Add("", "", "Maybe", "", "D3", "")
	f.Add(" Zoë ", "Marketing", NotApplicable, "=1+1\r\n", "E8", "\x00")
	f.Fuzz(func(t *testing.T, name, role, answer, comment, cellRef, cellText string) {
		data := fill(t, form, filling{
			name: name, role: role,
			answers:  map[string]string{"goals-shared-targets": answer, "handoff-journey-map": answer},
			comments: map[string]string{"goals-shared-targets": comment},
			edit: func(x *excelize.File) {
				// A cell far down makes the test's excelize write a million
				// empty rows; reading such a file is FuzzRead's part.
				if _, row, ok := splitCell(cellRef); ok && row <= 100 {
					_ = x.SetCellStr(QuestionnaireSheet, cellRef, cellText)
				}
			},
		})
		if fm := checkRead(t, data); fm != nil {
			_ = fm.Check(r, false)
			_ = fm.Check(r, true)
		}
	})
}

func checkRead(t *testing.T, data []byte) *Form {
	t.Helper()
	fm, err := Read("f.xlsx", data)
	if err != nil {
		var pl problem.List
		if !errors.Is(err, ErrNotWorkbook) && (!errors.As(err, &pl) || len(pl) == 0) {
			t.Fatalf("Read error %T %q, want ErrNotWorkbook or problems", err, err)
		}
		if fm != nil {
			t.Fatal("Read returned a form and an error")
		}
		return nil
	}
	if fm == nil || fm.Sheet == nil {
		t.Fatal("Read returned neither a form nor an error")
	}
	for id, a := range fm.Sheet.Answers {
		i := slices.IndexFunc(fm.questions, func(q formQuestion) bool { return q.id == id })
		if i < 0 || !slices.Contains(fm.questions[i].ids, a.Option) {
			t.Fatalf("answer %s = %q, which the answer key does not offer", id, a.Option)
		}
	}
	_, _ = Recognize(bytes.NewReader(data), int64(len(data)))
	return fm
}

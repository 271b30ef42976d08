package form

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/safetext"
)

// Limits on what a form may unpack to: a form of the largest rubric is a
// few megabytes of XML; anything beyond is not a form (a zip bomb, say).
const (
	MaxUnzipped    = 64 << 20
	MaxUnzippedXML = 32 << 20
	maxWorkbookXML = 1 << 20 // xl/workbook.xml, read to recognise a form
)

// ErrNotWorkbook is the error of a file that is not an Excel workbook.
var ErrNotWorkbook = errors.New("not an Excel workbook (.xlsx)")

// Recognize reports whether the workbook in r is a form, from the names of
// its sheets, without reading more of it: a folder may hold large
// workbooks (trackers, reports) beside the forms. The error is
// ErrNotWorkbook for a file that is not a workbook.
func Recognize(r io.ReaderAt, size int64) (bool, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return false, ErrNotWorkbook
	}
	b := &book{z: z}
	data, err := b.part("xl/workbook.xml")
	if err != nil {
		return false, ErrNotWorkbook
	}
	return bytes.Contains(data, []byte(`"`+KeySheet+`"`)) || bytes.Contains(data, []byte(`"`+QuestionnaireSheet+`"`)), nil
}

// Form is a filled form, read.
type Form struct {
	// Sheet holds the answers as an answers file would: option ids, and
	// "na" for "not applicable". Its Completed is when the form was last
	// saved.
	Sheet *answers.Sheet
	// Hash is the questions hash the form records (QuestionsHash).
	Hash string

	file      string
	questions []formQuestion
}

// formQuestion is what Check needs of a question: a form keeps no more, so
// that thousands of forms read take little memory.
type formQuestion struct {
	id, answerCell string
	ids            []string // the answers' ids, in the key's order
}

// Blank reports whether nothing has been filled in: no name, no role, no
// answers.
func (f *Form) Blank() bool {
	s := f.Sheet
	return s.Respondent == "" && s.Role == "" && len(s.Answers) == 0
}

// Read reads a filled form from data. name is the file as the user named
// it, for messages. The error is a problem.List naming the sheet and cell
// of each problem, or ErrNotWorkbook.
func Read(name string, data []byte) (*Form, error) {
	b, err := openBook(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, ErrNotWorkbook) {
		return nil, err
	}
	if err != nil {
		return nil, problem.List{{File: name, Msg: err.Error()}}
	}
	r := &reader{file: name, b: b}
	f := r.read()
	if err := r.problems.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

type reader struct {
	file     string
	b        *book
	sheets   map[string]map[string]string // the cells read, by sheet
	problems problem.List
}

func (r *reader) fail(sheet, cell, format string, args ...any) {
	path := ""
	if sheet != "" {
		path = sheet + "!" + cell
	}
	r.problems.Add(r.file, 0, path, format, args...)
}

// value returns a cell's text, trimmed.
func (r *reader) value(sheet, cell string) string {
	return strings.TrimSpace(r.sheets[sheet][cell])
}

func (r *reader) read() *Form {
	sheets := map[string]bool{}
	for _, s := range r.b.sheetNames() {
		sheets[s] = true
	}
	switch {
	case !sheets[KeySheet] && !sheets[QuestionnaireSheet]:
		r.fail("", "", "not an audit form: it has no sheet %q (make forms with audit form)", QuestionnaireSheet)
		return nil
	case !sheets[KeySheet]:
		r.fail("", "", "the hidden sheet %q is missing, so the answers cannot be read back: fill in a new form from audit form", KeySheet)
		return nil
	case !sheets[QuestionnaireSheet]:
		r.fail("", "", "the sheet %q is missing (renamed or deleted? the sheets are %s): give it its name back, or fill in a new form",
			QuestionnaireSheet, strings.Join(r.b.sheetNames(), ", "))
		return nil
	}
	r.sheets = map[string]map[string]string{}
	for _, sheet := range []string{KeySheet, QuestionnaireSheet} {
		cells, err := r.b.cells(sheet)
		if err != nil {
			r.fail("", "", "%v", err)
			return nil
		}
		r.sheets[sheet] = cells
	}
	k := r.readKey()
	if k == nil {
		return nil
	}
	const sh = QuestionnaireSheet
	s := &answers.Sheet{
		Source:        r.file,
		Rubric:        k.rubric,
		RubricVersion: k.version,
		Team:          k.team,
		Period:        k.period,
		Respondent:    strings.TrimSpace(safetext.Line(r.value(sh, k.nameCell))),
		Role:          strings.ToLower(strings.TrimSpace(safetext.Line(r.value(sh, k.roleCell)))),
		Answers:       map[string]answers.Answer{},
		Completed:     r.saved(),
	}
	f := &Form{Sheet: s, Hash: k.hash, file: r.file, questions: make([]formQuestion, len(k.questions))}
	for i, q := range k.questions {
		f.questions[i] = formQuestion{id: strings.Clone(q.id), answerCell: strings.Clone(q.answerCell), ids: q.ids}
		if !r.readAnswer(s, q) {
			break // the rows below are all off: one message is enough
		}
	}
	if f.Blank() {
		return f
	}
	if s.Respondent == "" {
		r.fail(sh, k.nameCell, "no name given: type your name")
	}
	if s.Role == "" {
		r.fail(sh, k.roleCell, "no role chosen: choose sales, marketing, leadership or other")
	} else if !answers.ValidRole(s.Role) {
		r.fail(sh, k.roleCell, "%q is not a role: choose sales, marketing, leadership or other", s.Role)
	}
	return f
}

// readAnswer reads one question's answer and comment. It returns false
// when the question is not where the answer key says.
func (r *reader) readAnswer(s *answers.Sheet, q keyQuestion) bool {
	const sh = QuestionnaireSheet
	_, row, _ := splitCell(q.answerCell)
	textCell := cell(textCol, row)
	if got := r.value(sh, textCell); !sameText(got, q.text) {
		r.fail(sh, textCell, "should hold question %s, %q, but holds %q: the questions were edited, or rows deleted or moved; "+
			"copy the answers into a new form from audit form", q.id, q.text, clip(got))
		return false
	}
	label := r.value(sh, q.answerCell)
	comment := safetext.Text(r.value(sh, q.commentCell))
	if n := len([]rune(comment)); n > answers.MaxCommentLength {
		r.fail(sh, q.commentCell, "the comment is %d characters long, more than the %d allowed", n, answers.MaxCommentLength)
		return true
	}
	if label == "" {
		if comment != "" {
			r.fail(sh, q.answerCell, "no answer chosen for %s, which has a comment: choose an answer", q.id)
		}
		return true
	}
	for i, l := range q.labels {
		if sameText(l, label) {
			s.Answers[q.id] = answers.Answer{Option: q.ids[i], Comment: comment}
			return true
		}
	}
	r.fail(sh, q.answerCell, "%q is not one of the options of %s", clip(label), q.id)
	return true
}

// clip shortens text quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "..."
	}
	return s
}

// saved returns when the workbook was last saved, as its properties say
// (Excel and LibreOffice set it on every save); zero when they do not.
func (r *reader) saved() time.Time {
	modified, created := r.b.coreDates()
	for _, v := range []string{modified, created} {
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(v)); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// key is what the Answer key sheet records.
type key struct {
	rubric, version, hash, team, period string
	nameCell, roleCell                  string
	questions                           []keyQuestion
}

func (r *reader) readKey() *key {
	const sh = KeySheet
	cols := map[int]string{}
	at := func(row, col int) string {
		name, ok := cols[col]
		if !ok {
			name = colName(col)
			cols[col] = name
		}
		return r.value(sh, name+strconv.Itoa(row))
	}
	if at(keyFormatRow, 2) != formatID {
		r.fail(sh, cell("B", keyFormatRow), "is %q, not %q: the answer key was changed, or the form comes from a newer audit", clip(at(keyFormatRow, 2)), formatID)
		return nil
	}
	k := &key{
		rubric: at(keyRubricRow, 2), version: at(keyVersionRow, 2), hash: at(keyHashRow, 2),
		team: at(keyTeamRow, 2), period: at(keyPeriodRow, 2),
		nameCell: at(keyNameCellRow, 2), roleCell: at(keyRoleCellRow, 2),
	}
	for _, c := range []struct {
		row   int
		value string
	}{{keyRubricRow, k.rubric}, {keyHashRow, k.hash}, {keyTeamRow, k.team}} {
		if c.value == "" {
			r.fail(sh, cell("B", c.row), "is empty: the answer key was changed; fill in a new form from audit form")
		}
	}
	if !answers.ValidPeriod(k.period) {
		r.fail(sh, cell("B", keyPeriodRow), "%q is not a quarter: the answer key was changed; fill in a new form from audit form", clip(k.period))
	}
	for _, c := range []struct {
		row int
		ref string
	}{{keyNameCellRow, k.nameCell}, {keyRoleCellRow, k.roleCell}} {
		if _, _, ok := splitCell(c.ref); !ok {
			r.fail(sh, cell("B", c.row), "%q is not a cell: the answer key was changed; fill in a new form from audit form", clip(c.ref))
		}
	}
	for row := keyFirstRow; at(row, 1) != ""; row += 2 {
		q := keyQuestion{id: at(row, 1), answerCell: at(row, 2), commentCell: at(row, 3), text: at(row, 4)}
		if at(row, 5) != labelsMark || at(row+1, 1) != q.id || at(row+1, 5) != idsMark {
			r.fail(sh, cell("A", row), "the rows of question %s were changed: fill in a new form from audit form", clip(q.id))
			return nil
		}
		for col := keyFirstAnswer; at(row, col) != "" || at(row+1, col) != ""; col++ {
			q.labels = append(q.labels, at(row, col))
			q.ids = append(q.ids, at(row+1, col))
		}
		_, aRow, okA := splitCell(q.answerCell)
		_, cRow, okC := splitCell(q.commentCell)
		if !okA || !okC || aRow != cRow || len(q.ids) == 0 {
			r.fail(sh, cell("A", row), "the rows of question %s were changed: fill in a new form from audit form", clip(q.id))
			return nil
		}
		k.questions = append(k.questions, q)
		if len(k.questions) > rubric.MaxQuestions {
			r.fail(sh, cell("A", row), "more than %d questions: not a form audit made", rubric.MaxQuestions)
			return nil
		}
	}
	if len(r.problems) > 0 {
		return nil
	}
	if hashOf(k.questions) != k.hash {
		r.fail(sh, cell("B", keyHashRow), "the answer key was changed (its questions do not match its hash): fill in a new form from audit form")
		return nil
	}
	return k
}

// Check checks a form against the rubric it is scored with: the same
// rubric, the same questions, and (unless allowMissing) every question
// answered. The problems name the form's cells.
func (f *Form) Check(r *rubric.Rubric, allowMissing bool) problem.List {
	var pl problem.List
	at := func(sheet, cell string) string { return sheet + "!" + cell }
	if f.Sheet.Rubric != r.ID {
		pl.Add(f.file, 0, at(KeySheet, cell("B", keyRubricRow)), "this form was made from rubric %q, not %q: score it with --rubric and the rubric it was made from",
			f.Sheet.Rubric, r.ID)
		return pl
	}
	if want := QuestionsHash(r); f.Hash != want {
		pl.Add(f.file, 0, at(KeySheet, cell("B", keyHashRow)), "the questions of this form (rubric %s version %s) differ from those of rubric %s version %s "+
			"used now: fill in a new form from audit form, or score with the rubric the form was made from",
			r.ID, f.Sheet.RubricVersion, r.ID, r.Version)
		return pl
	}
	if allowMissing {
		return nil
	}
	for _, q := range f.questions {
		if _, ok := f.Sheet.Answers[q.id]; !ok {
			pl.Add(f.file, 0, at(QuestionnaireSheet, q.answerCell), "question %s is not answered (choose an answer, or pass --allow-missing)", q.id)
		}
	}
	return pl
}

// Unanswered counts the questions without an answer.
func (f *Form) Unanswered() int {
	return len(f.questions) - len(f.Sheet.Answers)
}

package form

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/safetext"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/xuri/excelize/v2"
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
	xlsx.ReadDeflate(z)
	b := &book{z: z}
	data, err := b.part("xl/workbook.xml")
	if err != nil {
		return false, ErrNotWorkbook
	}
	defer release(data)
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
	number         bool
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
	defer b.close()
	r := &reader{file: name, b: b}
	f := r.read()
	if err := r.problems.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

type reader struct {
	file               string
	b                  *book
	key, questionnaire *sheet // the cells read
	problems           problem.List
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
	sh := r.questionnaire
	if sheet == KeySheet {
		sh = r.key
	}
	return strings.TrimSpace(r.b.lookup(sh, cell))
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
	keyPart, err := r.b.sheetPart(KeySheet)
	if err != nil {
		r.fail("", "", "%v", err)
		return nil
	}
	defer release(keyPart)
	cached := keys.lookup(keyPart, r.b)
	var keyCells []sheetCell // in the order written
	if cached == nil && keyPart != nil {
		if r.key, keyCells, err = r.b.scan(KeySheet, keyPart); err != nil {
			r.fail("", "", "%v", err)
			return nil
		}
	}
	if r.questionnaire, err = r.b.readSheet(QuestionnaireSheet); err != nil {
		r.fail("", "", "%v", err)
		return nil
	}
	var k *key
	var questions []formQuestion
	if cached != nil {
		k, questions = cached.key, cached.questions
	} else {
		if k = r.readKey(); k == nil {
			return nil
		}
		if e := newCachedKey(keyPart, keyCells, &r.b.strs, k); e != nil {
			keys.add(e, keyPart, r.b)
			questions = e.questions
		} else {
			questions = formQuestions(k)
		}
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
	// The questions are shared by the forms of a key, which do not change
	// them.
	f := &Form{Sheet: s, Hash: k.hash, file: r.file, questions: questions}
	for _, q := range k.questions {
		if !r.readAnswer(s, q) {
			break // the rows below are all off: one message is enough
		}
	}
	if f.Blank() {
		return f
	}
	if s.Respondent == "" {
		r.fail(sh, k.nameCell, "no name given: type your name")
	} else if c := utf8.RuneCountInString(s.Respondent); c > answers.MaxNameLength {
		r.fail(sh, k.nameCell, "the name is %d characters long, more than the %d allowed", c, answers.MaxNameLength)
	}
	if c := utf8.RuneCountInString(s.Team); c > answers.MaxNameLength {
		r.fail(KeySheet, cell("B", keyTeamRow), "the team is %d characters long, more than the %d allowed", c, answers.MaxNameLength)
	}
	if s.Role == "" {
		r.fail(sh, k.roleCell, "no role chosen: choose sales, marketing, leadership or other")
	} else if !answers.ValidRole(s.Role) || utf8.RuneCountInString(s.Role) > answers.MaxRoleLength {
		r.fail(sh, k.roleCell, "%q is not a role: choose sales, marketing, leadership or other", clip(s.Role))
	}
	return f
}

// readAnswer reads one question's answer and comment. It returns false
// when the question is not where the answer key says.
func (r *reader) readAnswer(s *answers.Sheet, q keyQuestion) bool {
	const sh = QuestionnaireSheet
	_, row, _ := splitCell(q.answerCell)
	textCell := cell(textCol, row)
	if r.b.textIs(r.questionnaire, textCell, q.text) {
		// As the key says.
	} else if got := r.value(sh, textCell); !sameText(got, q.text) {
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
	if q.number {
		r.readNumber(s, q, label, comment)
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

// readNumber reads a number question's answer: the number in its answer
// cell (text, its value), or one of the other answers in the cell beside.
func (r *reader) readNumber(s *answers.Sheet, q keyQuestion, text, comment string) {
	const sh = QuestionnaireSheet
	other := ""
	if q.otherCell != "" {
		other = r.value(sh, q.otherCell)
	}
	want := "want a number from " + rubric.WithUnit(q.valueRange, q.unit)
	if len(q.labels) > 0 {
		want += ", or an answer under Or instead (" + strings.Join(q.labels, ", ") + ")"
	}
	switch {
	case text != "" && other != "":
		r.fail(sh, q.answerCell, "%s has both a number and %q under Or instead: keep one", q.id, clip(other))
	case text != "":
		v, ok := parseNumber(text, q.unit)
		if !ok {
			r.fail(sh, q.answerCell, "%q is not a number: %s", clip(text), want)
			return
		}
		a := answers.NumberAnswer(v)
		a.Comment = comment
		s.Answers[q.id] = a
	case other != "":
		for i, l := range q.labels {
			if sameText(l, other) {
				s.Answers[q.id] = answers.Answer{Option: q.ids[i], Comment: comment}
				return
			}
		}
		r.fail(sh, q.otherCell, "%q is not one of the answers of %s: %s", clip(other), q.id, want)
	case comment != "":
		r.fail(sh, q.answerCell, "no answer given for %s, which has a comment: %s", q.id, want)
	}
}

// parseNumber reads a number cell: its value as stored, or text that a
// program kept as text (" 35 ", "35%", "6 business hours", "2,5" is not).
func parseNumber(text, unit string) (float64, bool) {
	s := strings.TrimSpace(text)
	if unit != "" {
		s = strings.TrimSpace(strings.TrimSuffix(s, unit))
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
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
	at := func(row, col int) string {
		if col > excelize.MaxColumns || row > excelize.TotalRows || r.key == nil {
			return "" // no cell has such a reference
		}
		return strings.TrimSpace(r.b.find(r.key, col, row))
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
		if at(row, 5) == numberMark {
			q.number, q.otherCell, q.unit, q.valueRange = true, at(row+1, 2), at(row+1, 3), at(row+1, 4)
		}
		if (at(row, 5) != labelsMark && !q.number) || at(row+1, 1) != q.id || at(row+1, 5) != idsMark {
			r.fail(sh, cell("A", row), "the rows of question %s were changed: fill in a new form from audit form", clip(q.id))
			return nil
		}
		for col := keyFirstAnswer; at(row, col) != "" || at(row+1, col) != ""; col++ {
			q.labels = append(q.labels, at(row, col))
			q.ids = append(q.ids, at(row+1, col))
		}
		_, aRow, okA := splitCell(q.answerCell)
		_, cRow, okC := splitCell(q.commentCell)
		okO := true
		if q.number && q.otherCell != "" {
			_, oRow, ok := splitCell(q.otherCell)
			okO = ok && oRow == aRow
		}
		if q.number && (q.otherCell == "") != (len(q.ids) == 0) {
			okO = false
		}
		if !okA || !okC || !okO || aRow != cRow || (len(q.ids) == 0 && !q.number) {
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
	return NewChecker(r).Check(f, allowMissing)
}

// Checker checks forms against one rubric, as Form.Check does, knowing
// the rubric's questions and their hash once for all the forms of a team.
type Checker struct {
	r    *rubric.Rubric
	hash string
	byID map[string]*rubric.Question
}

// NewChecker returns a Checker of forms against the rubric r, which must
// not change while it is used.
func NewChecker(r *rubric.Rubric) *Checker {
	c := &Checker{r: r, hash: QuestionsHash(r), byID: map[string]*rubric.Question{}}
	for _, a := range r.Areas {
		for i := range a.Questions {
			c.byID[a.Questions[i].ID] = &a.Questions[i]
		}
	}
	return c
}

// Check checks a form (see Form.Check).
func (c *Checker) Check(f *Form, allowMissing bool) problem.List {
	r, byID := c.r, c.byID
	var pl problem.List
	at := func(sheet, cell string) string { return sheet + "!" + cell }
	if f.Sheet.Rubric != r.ID {
		pl.Add(f.file, 0, at(KeySheet, cell("B", keyRubricRow)), "this form was made from rubric %q, not %q: score it with --rubric and the rubric it was made from",
			f.Sheet.Rubric, r.ID)
		return pl
	}
	if f.Hash != c.hash {
		pl.Add(f.file, 0, at(KeySheet, cell("B", keyHashRow)), "the questions of this form (rubric %s version %s) differ from those of rubric %s version %s "+
			"used now: fill in a new form from audit form, or score with the rubric the form was made from",
			r.ID, f.Sheet.RubricVersion, r.ID, r.Version)
		return pl
	}
	// The spreadsheet refuses numbers out of range as they are typed, but
	// not those pasted in, or typed where validation is not enforced.
	for _, q := range f.questions {
		a, ok := f.Sheet.Answers[q.id]
		if rq := byID[q.id]; q.number && ok && a.Number != nil && rq != nil && (*a.Number < rq.Min || *a.Number > rq.Max) {
			pl.Add(f.file, 0, at(QuestionnaireSheet, q.answerCell), "%s is out of range for %s: want a number from %s",
				rubric.FormatNumber(*a.Number), q.id, rubric.WithUnit(rq.Range(), rq.Unit))
		}
	}
	if allowMissing {
		return pl
	}
	for _, q := range f.questions {
		if _, ok := f.Sheet.Answers[q.id]; !ok {
			what := "choose an answer"
			if q.number {
				what = "type a number"
				if len(q.ids) > 0 {
					what += " or choose an answer under Or instead"
				}
			}
			pl.Add(f.file, 0, at(QuestionnaireSheet, q.answerCell), "question %s is not answered (%s, or pass --allow-missing)", q.id, what)
		}
	}
	return pl
}

// Unanswered counts the questions without an answer.
func (f *Form) Unanswered() int {
	return len(f.questions) - len(f.Sheet.Answers)
}

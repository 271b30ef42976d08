// Package form writes and reads the spreadsheet form: the questionnaire as
// an Excel workbook for respondents who will not use a terminal. It opens
// in Excel, LibreOffice and Google Sheets; the respondent types a name,
// chooses a role and one answer per question from drop-down lists (or
// types a number, for a number question), and sends the file back. Read back, a filled form is an answers sheet like a
// YAML or JSON answers file.
//
// The workbook has two sheets. Questionnaire is what the respondent sees:
// only the name, the role, the answers and the comments can be changed
// (sheet protection without a password, so nothing is locked away from
// the user). The hidden sheet "Answer key" records the rubric's id and
// version, a hash of its questions, the team and period, and for each
// question its cells and its answers' labels and ids, so that reading back
// is exact and a form of another rubric, or one whose questions were
// edited, is refused with the reason.
//
// A company-wide folder holds thousands of filled forms, so reading one is
// kept quick: the sheets are scanned without encoding/xml (fastxml.go), a
// shared string is decoded only when a cell read needs it, cells are kept
// by coordinates, and an answer key and a workbook's list of sheets are
// read once for all the forms that share them (keycache.go). On the bench
// machine (2 shared cores, old and new run in turn, best of 3),
// BenchmarkFormRead went from 1.68 ms, 278 kB and 3,288 allocations to
// 0.86 ms, 95 kB and 371; unpacking the parts is about half of what is
// left. audit report over 2,000 forms: 4.6 to 2.6 s of CPU, 99 to 59 MB.
package form

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/xlsx"
)

// The sheets of a form.
const (
	QuestionnaireSheet = "Questionnaire"
	KeySheet           = "Answer key"
)

// formatID marks a form and the version of its layout.
const formatID = "audit form 1"

// Labels of the answers "not applicable" and "don't know".
const (
	NotApplicable = "Not applicable"
	DontKnow      = "Don't know"
)

// Roles are the roles the form offers.
var Roles = []string{"sales", "marketing", "leadership", "other"}

// The layout of the Questionnaire sheet.
const (
	nameCell   = "D3"
	roleCell   = "D4"
	headerRow  = 5
	firstRow   = 6 // the first area's title
	answerCol  = "D"
	textCol    = "B"
	otherCol   = "E" // a number question's other answers: don't know, ...
	commentCol = "F"
)

// The layout of the Answer key sheet: values in column B of the rows
// below, then two rows per question from keyFirstRow (labels, then ids),
// answers from column F. A number question is marked numberMark instead of
// labelsMark; its ids row holds the cell of its other answers, its unit
// and its range in columns B to D, and its answers are the other answers
// (unmeasured, don't know, not applicable) it allows.
const (
	keyFormatRow   = 2
	keyRubricRow   = 3
	keyVersionRow  = 4
	keyHashRow     = 5
	keyTeamRow     = 6
	keyPeriodRow   = 7
	keyNameCellRow = 8
	keyRoleCellRow = 9
	keyHeaderRow   = 11
	keyFirstRow    = 12
	keyFirstAnswer = 6 // column F
	labelsMark     = "labels"
	numberMark     = "number"
	idsMark        = "ids"
)

// keyQuestion is one question as the answer key records it.
type keyQuestion struct {
	id          string
	answerCell  string // e.g. D14
	commentCell string
	text        string
	labels, ids []string

	// Number questions only: the answer cell takes the number, otherCell
	// the other answers (labels and ids), if any.
	number     bool
	otherCell  string
	unit       string
	valueRange string // "0 to 100", as rubric.Question.Range writes it
}

// labelCol is the column whose cell offers the question's labels.
func (q *keyQuestion) labelCol() string {
	if q.number {
		return otherCol
	}
	return answerCol
}

// keyOf returns the questions of a rubric as a form records them: texts
// and labels as a cell stores them, "don't know" and "not applicable" last
// where allowed. A number question's answers are the other answers it
// allows ("we don't measure this" first): the number is typed.
func keyOf(r *rubric.Rubric) []keyQuestion {
	var qs []keyQuestion
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			kq := keyQuestion{id: q.ID, text: xlsx.Clean(q.Text)}
			options := q.Options
			if q.IsNumber() {
				kq.number, kq.unit, kq.valueRange = true, xlsx.Clean(q.Unit), q.Range()
				options = nil
				if o, ok := q.UnmeasuredOption(); ok {
					kq.labels = append(kq.labels, xlsx.Clean(o.Label))
					kq.ids = append(kq.ids, answers.Unmeasured)
				}
			}
			for _, o := range options {
				kq.labels = append(kq.labels, xlsx.Clean(o.Label))
				kq.ids = append(kq.ids, o.ID)
			}
			if q.DontKnow {
				kq.labels = append(kq.labels, DontKnow)
				kq.ids = append(kq.ids, answers.DontKnow)
			}
			if q.NA {
				kq.labels = append(kq.labels, NotApplicable)
				kq.ids = append(kq.ids, answers.NA)
			}
			qs = append(qs, kq)
		}
	}
	return qs
}

// QuestionsHash identifies the questions of a rubric as a form asks them:
// their ids, texts, and answers (labels and ids) in order. A form records
// it, and a form is read only with a rubric of the same hash.
func QuestionsHash(r *rubric.Rubric) string {
	return hashOf(keyOf(r))
}

func hashOf(qs []keyQuestion) string {
	h := sha256.New()
	var b []byte
	// text appends the length of s, a colon and s.
	text := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	for _, q := range qs {
		// Lengths first, so that no two different lists hash alike.
		b = b[:0]
		text(q.id)
		text(q.text)
		b = strconv.AppendInt(b, int64(len(q.ids)), 10)
		if q.number { // only then, so that choice questions hash as before
			b = append(b, "#number:"...)
			text(q.unit)
			text(q.valueRange)
		}
		for i := range q.ids {
			b = append(b, ':')
			text(q.ids[i])
			text(q.labels[i])
		}
		b = append(b, '\n')
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// FileName is the name of a team's form for a period, from the file-name
// part of the team (store.FilePart).
func FileName(teamPart, period string) string {
	return teamPart + "-" + period + "-form.xlsx"
}

// sameText reports whether two cell texts say the same, ignoring how
// spreadsheet programs may store line breaks and surrounding space: the
// same words (strings.Fields) in the same order. The words are compared
// where they stand: an answer is compared with each label of its
// question, and splitting every label into words took a tenth of the
// time of reading a form.
func sameText(a, b string) bool {
	if a == b {
		return true
	}
	for {
		a, b = strings.TrimLeftFunc(a, unicode.IsSpace), strings.TrimLeftFunc(b, unicode.IsSpace)
		if a == "" || b == "" {
			return a == b
		}
		i, j := wordEnd(a), wordEnd(b)
		if a[:i] != b[:j] {
			return false
		}
		a, b = a[i:], b[j:]
	}
}

// wordEnd returns where the word at the start of s ends.
func wordEnd(s string) int {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return i
	}
	return len(s)
}

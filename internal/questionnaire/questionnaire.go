// Package questionnaire asks a respondent a rubric's questions in the
// terminal and fills an answers sheet.
//
// Commands depend on the small Asker interface; Terminal implements it with
// huh: a full-screen form with one page per area on a terminal, or huh's
// accessible mode (plain numbered prompts) for screen readers and simple
// terminals. The package never opens files: the caller saves drafts and
// answers through the callback and the sheet it passes in.
package questionnaire

import (
	"context"
	"errors"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
)

// Errors that end a questionnaire without a completed sheet. The answers
// given so far were passed to the progress callback.
var (
	// ErrAborted: the respondent pressed ctrl+c, or the context was
	// cancelled (SIGINT, SIGTERM).
	ErrAborted = errors.New("questionnaire aborted")
	// ErrDeclined: the respondent answered every question but chose not
	// to save.
	ErrDeclined = errors.New("answers not saved")
	// ErrInputEnded: in accessible mode, the input ended before the last
	// question.
	ErrInputEnded = errors.New("input ended before the questionnaire was finished")
)

// Asker asks a respondent for who they are and for their answers. Terminal
// is the real one; tests use a fake.
type Asker interface {
	// Identify asks for the parts of id named by ask; the values in id are
	// the defaults. The caller checks the result.
	Identify(ctx context.Context, r *rubric.Rubric, id *Identity, ask Fields) error
	// Confirm asks a yes-or-no question; yes is the default.
	Confirm(ctx context.Context, question, detail, yes, no string) (bool, error)
	// Ask asks the rubric's questions, one page per area, starting with the
	// first question that s does not answer, and fills s.Answers. Whenever
	// a question is answered (and when the respondent stops), it calls
	// onProgress with s holding every answer so far, so that a draft can
	// keep them. After the last area it shows a summary and asks whether to
	// save: nil means yes. Otherwise the error is ErrAborted, ErrDeclined,
	// ErrInputEnded or the error of onProgress.
	Ask(ctx context.Context, r *rubric.Rubric, s *answers.Sheet, onProgress func(*answers.Sheet) error) error
}

// Identity says who answers, for which team and which period.
type Identity struct {
	Team       string
	Period     string // YYYY-Qn
	Respondent string
	Role       string // sales, marketing, leadership, other, ...
}

// Fields names parts of an Identity.
type Fields uint8

// The parts of an Identity that Identify can ask for.
const (
	AskTeam Fields = 1 << iota
	AskPeriod
	AskRespondent
	AskRole
)

// Roles are the roles a respondent picks from.
var Roles = []string{"sales", "marketing", "leadership", "other"}

// NALabel is the label of the "not applicable" answer.
const NALabel = "Not applicable"

// quiz is the state of one questionnaire: a value and a comment for every
// question, bound to the form fields, and which questions are answered.
type quiz struct {
	r        *rubric.Rubric
	sheet    *answers.Sheet
	refs     []qref   // every question, rubric order
	spans    [][2]int // per area: its questions in refs, [lo, hi)
	values   []string // option id or answers.NA; a select sets its first option before it is answered
	comments []string
	answered []bool // the respondent chose an answer (or a draft had one)
}

type qref struct {
	area, index int // index within the area
	q           *rubric.Question
}

func newQuiz(r *rubric.Rubric, s *answers.Sheet) *quiz {
	q := &quiz{r: r, sheet: s}
	if s.Answers == nil {
		s.Answers = map[string]answers.Answer{}
	}
	for ai := range r.Areas {
		a := &r.Areas[ai]
		lo := len(q.refs)
		for qi := range a.Questions {
			q.refs = append(q.refs, qref{area: ai, index: qi, q: &a.Questions[qi]})
		}
		q.spans = append(q.spans, [2]int{lo, len(q.refs)})
	}
	q.values = make([]string, len(q.refs))
	q.comments = make([]string, len(q.refs))
	q.answered = make([]bool, len(q.refs))
	for i, ref := range q.refs {
		a, ok := s.Answers[ref.q.ID]
		if !ok || !valid(ref.q, a.Option) {
			continue
		}
		q.values[i] = a.Option
		q.comments[i] = a.Comment
		q.answered[i] = true
	}
	return q
}

// valid reports whether id answers question q.
func valid(q *rubric.Question, id string) bool {
	if id == answers.NA {
		return q.NA
	}
	_, ok := q.Option(id)
	return ok
}

// firstOpen returns the first question not answered, or the number of
// questions when all are.
func (q *quiz) firstOpen() int {
	for i, a := range q.answered {
		if !a {
			return i
		}
	}
	return len(q.answered)
}

// areaDone reports whether every question of an area is answered.
func (q *quiz) areaDone(area int) bool {
	for i := q.spans[area][0]; i < q.spans[area][1]; i++ {
		if !q.answered[i] {
			return false
		}
	}
	return true
}

// sync writes the answered questions into the sheet; the sheet holds no
// other answers.
func (q *quiz) sync() {
	q.sheet.Answers = make(map[string]answers.Answer, len(q.refs))
	for i, ref := range q.refs {
		if !q.answered[i] || q.values[i] == "" {
			continue
		}
		q.sheet.Answers[ref.q.ID] = answers.Answer{Option: q.values[i], Comment: strings.TrimSpace(q.comments[i])}
	}
}

// optionLabel returns what a respondent sees for an option: its label, and
// its description after sep.
func optionLabel(o rubric.Option, sep string) string {
	if o.Description == "" {
		return o.Label
	}
	return o.Label + sep + o.Description
}

// answerLabel returns the label of the answer id to question q.
func answerLabel(q *rubric.Question, id string) string {
	if id == answers.NA {
		return NALabel
	}
	if o, ok := q.Option(id); ok {
		return o.Label
	}
	return id
}

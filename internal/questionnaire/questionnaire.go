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
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
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
	// ErrTooLong: in accessible mode, an answer is longer than an answers
	// file may hold. The questionnaire stops there, rather than ask again
	// and read the next line (the next answer, when piped) in its place.
	ErrTooLong = errors.New("answer too long")
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

// Labels of the reserved answers.
const (
	NALabel       = "Not applicable"
	DontKnowLabel = "Don't know"
	// NumberLabel is the choice, on a number question that allows other
	// answers, that says the respondent types the number.
	NumberLabel = "I'll type the number"
)

// numberChoice is the value of the choice NumberLabel: the answer is the
// text in numbers.
const numberChoice = "#number"

// quiz is the state of one questionnaire: a value and a comment for every
// question, bound to the form fields, and which questions are answered.
type quiz struct {
	r     *rubric.Rubric
	sheet *answers.Sheet
	refs  []qref   // every question, rubric order
	spans [][2]int // per area: its questions in refs, [lo, hi)
	// values holds an option id or a reserved answer (answers.NA,
	// answers.DontKnow, answers.Unmeasured), or numberChoice when the
	// answer is the number typed into numbers; "" when not answered (a
	// select sets its first option before it is answered).
	values   []string
	numbers  []string // the text typed for a number question
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
	q.numbers = make([]string, len(q.refs))
	q.comments = make([]string, len(q.refs))
	q.answered = make([]bool, len(q.refs))
	for i, ref := range q.refs {
		if ref.q.IsNumber() && !hasChoices(ref.q) {
			q.values[i] = numberChoice // the only answer is a number
		}
		a, ok := s.Answers[ref.q.ID]
		if !ok || !valid(ref.q, a) {
			continue
		}
		q.values[i] = a.Option
		if ref.q.IsNumber() && a.Number != nil {
			q.values[i] = numberChoice
			q.numbers[i] = strconv.FormatFloat(*a.Number, 'g', -1, 64)
		}
		q.comments[i] = a.Comment
		q.answered[i] = true
	}
	return q
}

// valid reports whether a answers question q.
func valid(q *rubric.Question, a answers.Answer) bool {
	switch {
	case a.IsNA():
		return q.NA
	case a.IsDontKnow():
		return q.DontKnow
	case !q.IsNumber():
		_, ok := q.Option(a.Option)
		return ok
	case a.Number != nil:
		return *a.Number >= q.Min && *a.Number <= q.Max
	}
	_, ok := q.UnmeasuredOption()
	return ok && a.Option == answers.Unmeasured
}

// answer returns the answer to question i as the respondent has given it
// so far; false when there is none (or the number typed is not valid).
func (q *quiz) answer(i int) (answers.Answer, bool) {
	v := q.values[i]
	switch {
	case v == "":
		return answers.Answer{}, false
	case v == numberChoice:
		n, err := ParseNumber(q.refs[i].q, q.numbers[i])
		if err != nil {
			return answers.Answer{}, false
		}
		return answers.NumberAnswer(n), true
	}
	return answers.Answer{Option: v}, true
}

// hasChoices reports whether a number question offers answers besides the
// number: then a select comes before the number field.
func hasChoices(q *rubric.Question) bool {
	_, unmeasured := q.UnmeasuredOption()
	return unmeasured || q.DontKnow || q.NA
}

// numberChoices are the choices of a number question's select: the
// number, then the reserved answers it allows.
func numberChoices(q *rubric.Question) []rubric.Option {
	opts := []rubric.Option{{ID: numberChoice, Label: NumberLabel}}
	if o, ok := q.UnmeasuredOption(); ok {
		opts = append(opts, rubric.Option{ID: o.ID, Label: o.Label})
	}
	return append(opts, reservedChoices(q)...)
}

// reservedChoices are the "don't know" and "not applicable" answers that q
// allows, in that order.
func reservedChoices(q *rubric.Question) []rubric.Option {
	var opts []rubric.Option
	if q.DontKnow {
		opts = append(opts, rubric.Option{ID: answers.DontKnow, Label: DontKnowLabel})
	}
	if q.NA {
		opts = append(opts, rubric.Option{ID: answers.NA, Label: NALabel})
	}
	return opts
}

// choices are the options a respondent picks from: a choice question's
// options, or a number question's choices, then the reserved answers.
func choices(q *rubric.Question) []rubric.Option {
	if q.IsNumber() {
		return numberChoices(q)
	}
	return append(slices.Clone(q.Options), reservedChoices(q)...)
}

// ParseNumber reads a number typed for question q: a decimal number with a
// point for decimals (a "%" after it where the unit is %), within the
// question's range. The error says what to type instead.
func ParseNumber(q *rubric.Question, text string) (float64, error) {
	s := strings.TrimSpace(text)
	if q.Unit == "%" {
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	want := "type a number from " + rubric.WithUnit(q.Range(), q.Unit)
	if s == "" {
		return 0, errors.New(want)
	}
	if strings.Contains(s, ",") {
		return 0, fmt.Errorf("%q: write the number without commas, with a point for decimals, e.g. 1500 or 2.5", text)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !decimal.MatchString(s) || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number: %s", strings.TrimSpace(text), want)
	}
	if v < q.Min || v > q.Max {
		return 0, fmt.Errorf("%s is out of range: %s", s, want)
	}
	return v, nil
}

// decimal is a number as a person types it: digits, a point, an exponent.
var decimal = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

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
		if !q.answered[i] {
			continue
		}
		a, ok := q.answer(i)
		if !ok {
			continue
		}
		a.Comment = strings.TrimSpace(q.comments[i])
		q.sheet.Answers[ref.q.ID] = a
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

// answerLabel says what question i's answer is: an option's label, a
// number with its unit, or a reserved answer's label.
func (q *quiz) answerLabel(i int) string {
	qu := q.refs[i].q
	switch id := q.values[i]; id {
	case numberChoice:
		if v, err := ParseNumber(qu, q.numbers[i]); err == nil {
			return numberText(v, qu.Unit)
		}
		return "no number yet"
	default:
		for _, o := range choices(qu) {
			if o.ID == id {
				return o.Label
			}
		}
		return id
	}
}

// numberText writes a number as typed, with its unit: "4 hours", "45%".
func numberText(v float64, unit string) string {
	return rubric.WithUnit(strconv.FormatFloat(v, 'g', -1, 64), unit)
}

package pdf

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/report"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// The question layout: text and answers on the left, the score and the
// spread of answers in a column on the right.
const (
	scoreColumnWidth = 34.0
	scoreNumberWidth = 10.0 // the question's score, right-aligned above its strip
	questionWidth    = contentWidth - scoreColumnWidth - 8
	scoreColumnX     = contentRight - scoreColumnWidth
	commentWidth     = questionWidth - 3.5 // after the quote bar
)

// areas draws one section per area, the sections flowing one after the
// other.
func (d *doc) areas() {
	intro := "Each area shows its score and band, why it matters, and every question with the team's score " +
		"(0–100), the answers chosen and respondents' comments. Dots on the 0–100 line under each score are " +
		"the individual answers, coloured by role; the triangle marks the team's mean."
	if len(d.res.Respondents) == 1 {
		intro = "Each area shows its score and band, why it matters, and every question with the answer " +
			"chosen, its score (0–100) and the respondent's comment."
	}
	d.sectionTitle("Areas in detail", intro)
	if len(d.res.Respondents) > 1 {
		d.roleLegend()
		d.space(4)
	}
	for i, a := range d.res.Areas {
		if i > 0 {
			d.space(8)
		}
		d.areaSection(i+1, a)
	}
}

// roleLegend explains the dot colours: one dot per role that answered.
func (d *doc) roleLegend() {
	x, y := marginLeft, d.pdf.GetY()
	for _, r := range d.res.Roles {
		label := fmt.Sprintf("%s (%d)", r.Role, r.Respondents)
		d.setFill(roleColor(r.Role))
		d.pdf.Circle(x+1.2, y+2, 1.2, "F")
		d.font(regular, 8.5, colBody)
		d.text(x+3.5, y, 40, label, "L")
		x += 3.5 + d.width(label) + 7
	}
	d.pdf.SetY(y + 4)
}

// areaSection draws an area's header, its questions and the
// recommendations that apply at its score.
func (d *doc) areaSection(num int, a scoring.AreaResult) {
	titleW := contentWidth - 45
	why := a.Area.Why
	head := d.textHeight(a.Area.Title, bold, 14, titleW) + 9 + d.textHeight(why, italic, 9, contentWidth) + 8
	first := 0.0
	if len(a.Questions) > 0 {
		first = d.questionKeep(a.Questions[0])
	}
	// Start an area only where its header, first question and a little
	// more fit, not at the foot of a page.
	d.ensure(head + first + 20)

	y := d.pdf.GetY()
	d.pdf.Bookmark(metaText(a.Area.Title), 1, y)
	d.font(bold, 14, colAccent)
	d.text(marginLeft, y, 10, fmt.Sprint(num), "L")
	d.para(marginLeft+8, titleW-8, a.Area.Title, bold, 14, colInk, nil)
	col := d.scoreColor(a.Score)
	d.font(bold, 16, mix(col, colInk, 0.25))
	d.text(contentRight-40, y-0.5, 40, report.FormatScore(a.Score), "R")
	if a.Band != nil {
		d.pill(contentRight-d.pillWidth(a.Band.Label, 8), y+8, a.Band.Label, col, 8)
	}
	headBottom := y + 13.5
	if t, ok := d.opts.FollowUp.Target(a.Area.Title); ok {
		label, c := targetWords(t), colBody
		if t.Met(a.Score) {
			label, c = label+" · met", bandStops[2]
		}
		d.font(bold, 7.5, c)
		d.text(contentRight-45, y+13, 45, label, "R")
		headBottom = y + 17
	}
	d.pdf.SetY(max(d.pdf.GetY(), headBottom) + 1)
	d.scoreBar(marginLeft, d.pdf.GetY(), contentWidth, 1.6, a.Score)
	d.space(4.5)

	d.para(marginLeft, contentWidth, why, italic, 9, colBody, nil)
	d.space(1)
	d.para(marginLeft, contentWidth, d.areaStats(a), regular, 7.5, colMuted, nil)
	d.space(3)

	for i, q := range a.Questions {
		if i > 0 {
			d.space(2.5)
			if !d.ensure(d.questionKeep(q) + 2.5) {
				d.rule(colRule, 0.2)
				d.space(2.5)
			}
		}
		d.question(q)
	}
	if a.Score != nil {
		d.recommendations(a)
	}
}

// areaStats says how much the area weighs and how many answered it.
func (d *doc) areaStats(a scoring.AreaResult) string {
	parts := []string{
		fmt.Sprintf("Weight %g", a.Area.Weight),
		fmt.Sprintf("%d question%s", len(a.Questions), report.Plural(len(a.Questions))),
		fmt.Sprintf("%d answer%s", a.Answered, report.Plural(a.Answered)),
		fmt.Sprintf("%d not applicable", a.NA),
	}
	for _, q := range a.Area.Questions {
		if q.DontKnow {
			parts = append(parts, fmt.Sprintf("%d don't know", a.DontKnow))
			break
		}
	}
	return strings.Join(parts, " · ")
}

// questionKeep is how much of a question must fit on a page for it to
// start there: all of it when it is short, else its text, the first
// answer line and the score column.
func (d *doc) questionKeep(q scoring.QuestionResult) float64 {
	text := d.textHeight(q.Question.Text, bold, 9.5, questionWidth) + 1
	full := text
	if len(d.res.Respondents) == 1 {
		full += d.textHeight(singleLabel(q.Question, q.Responses[0])+" "+flagLabel, regular, 9, questionWidth)
	} else {
		for _, label := range d.answerLabels(q) {
			full += d.textHeight(label.text+" "+flagLabel, regular, 9, questionWidth-answerCountWidth)
		}
		if s := report.NumberSpread(q); s != "" {
			full += d.textHeight("Numbers given: "+s, regular, 8, questionWidth-answerCountWidth) + 0.5
		}
	}
	shown, more := shownComments(q)
	for _, r := range shown {
		full += 1.5 + d.textHeight(strings.TrimSpace(r.Comment), italic, 8.5, commentWidth) + lineHeight(7.5)
	}
	if more > 0 {
		full += 1.5 + lineHeight(8.5)
	}
	if full <= 60 {
		return max(full, d.scoreColumnHeight())
	}
	return max(text+lineHeight(9), d.scoreColumnHeight())
}

// scoreColumnHeight is the height of a question's score column: the
// number, and the dots of the answers when there are several respondents.
func (d *doc) scoreColumnHeight() float64 {
	if len(d.res.Respondents) == 1 {
		return 9
	}
	return 14
}

// question draws a question: its text, the answers and comments on the
// left, its score and the dots of the answers on the right.
func (d *doc) question(q scoring.QuestionResult) {
	d.ensure(d.questionKeep(q))
	d.anchor(questionAnchor(q.Question.ID))
	y, page := d.pdf.GetY(), d.pdf.PageNo()
	d.questionScore(q, y)

	d.para(marginLeft, questionWidth, q.Question.Text, bold, 9.5, colInk, nil)
	d.space(1)
	if len(d.res.Respondents) == 1 {
		d.singleAnswer(q.Question, q.Responses[0])
	} else {
		d.answerCounts(q)
		if s := report.NumberSpread(q); s != "" {
			d.space(0.5)
			d.para(marginLeft+answerCountWidth, questionWidth-answerCountWidth, "Numbers given: "+s, regular, 8, colMuted, nil)
		}
	}
	d.comments(q)
	if h := d.scoreColumnHeight(); d.pdf.PageNo() == page && d.pdf.GetY() < y+h {
		d.pdf.SetY(y + h)
	}
}

// questionScore draws the right column of a question: its score as
// 0..100 and the answers as dots.
func (d *doc) questionScore(q scoring.QuestionResult, y float64) {
	var score *float64
	if q.Score != nil {
		s := 100 * *q.Score
		score = &s
	}
	if score == nil {
		d.font(italic, 8.5, colMuted)
		label := "not answered"
		switch {
		case q.DontKnow > 0 && q.DontKnow >= q.NA:
			label = "don't know"
		case q.NA > 0:
			label = "not applicable"
		}
		d.text(scoreColumnX, y, scoreColumnWidth, label, "R")
		return
	}
	d.font(regular, 7, colMuted)
	d.text(scoreColumnX, y+1.5, scoreColumnWidth-10, "score", "R")
	d.font(bold, 13, mix(d.scoreColor(score), colInk, 0.25))
	d.text(contentRight-scoreNumberWidth, y, scoreNumberWidth, fmt.Sprintf("%.0f", *score), "R")
	if len(d.res.Respondents) == 1 {
		d.scoreBar(scoreColumnX, y+6, scoreColumnWidth, 1.4, score)
		return
	}
	var dots []dot
	for _, r := range q.Responses {
		if r.Option != nil {
			dots = append(dots, dot{score: 100 * r.Score, color: roleColor(d.res.Respondents[r.Respondent].Role)})
		}
	}
	d.dotStrip(scoreColumnX, y+5, scoreColumnWidth, dots, score)
}

// singleAnswer draws the one respondent's answer.
func (d *doc) singleAnswer(q *rubric.Question, r scoring.Response) {
	if r.Option != nil {
		d.labelWithFlag(marginLeft, questionWidth, singleLabel(q, r), regular, 9, colBody, r.Option.RedFlag)
		return
	}
	d.para(marginLeft, questionWidth, singleLabel(q, r), italic, 9, colMuted, nil)
}

// singleLabel says what one respondent answered: the option, a number with
// its band, or why there is no answer.
func singleLabel(q *rubric.Question, r scoring.Response) string {
	switch {
	case r.Value != nil:
		return report.FormatNumber(*r.Value, q.Unit) + " — " + r.Option.Label
	case r.Option != nil:
		return r.Option.Label
	case r.NA:
		return "Not applicable"
	case r.DontKnow:
		return "Don't know"
	}
	return "No answer"
}

// answerLabel is a line of answerCounts: an answer and how many gave it.
type answerLabel struct {
	count   int
	text    string
	chosen  bool // an option, not N/A or a missing answer
	flagged bool
}

// answerLabels lists the options the team chose with how many chose each,
// in the rubric's order, then the N/A and missing answers.
func (d *doc) answerLabels(q scoring.QuestionResult) []answerLabel {
	var out []answerLabel
	for i := range q.Question.Options {
		o := &q.Question.Options[i]
		n := 0
		for _, r := range q.Responses {
			if r.Option == o {
				n++
			}
		}
		if n > 0 {
			out = append(out, answerLabel{count: n, text: o.Label, chosen: true, flagged: o.RedFlag})
		}
	}
	if q.NA > 0 {
		out = append(out, answerLabel{count: q.NA, text: "Not applicable"})
	}
	if q.DontKnow > 0 {
		out = append(out, answerLabel{count: q.DontKnow, text: "Don't know"})
	}
	if missing := len(q.Responses) - q.Answered - q.NA - q.DontKnow; missing > 0 {
		out = append(out, answerLabel{count: missing, text: "No answer"})
	}
	return out
}

// answerCountWidth is the column of counts before the answers.
const answerCountWidth = 7.0

// answerCounts draws the answers of several respondents as answerLabels.
func (d *doc) answerCounts(q scoring.QuestionResult) {
	for _, l := range d.answerLabels(q) {
		d.ensure(lineHeight(9))
		d.font(bold, 8.5, colMuted)
		d.text(marginLeft, d.pdf.GetY(), answerCountWidth, fmt.Sprintf("%d×", l.count), "L")
		style, c := regular, colBody
		if !l.chosen {
			style, c = italic, colMuted
		}
		d.labelWithFlag(marginLeft+answerCountWidth, questionWidth-answerCountWidth, l.text, style, 9, c, l.flagged)
	}
}

// maxComments is how many comments a question shows at most, and
// maxNamed how many respondents the report names. A company-wide audit
// has hundreds of comments on each question: printed in full they made a
// 2,000-page report of 20,000 respondents, which nobody reads and which
// took three seconds to make; the names of 20,000 respondents took 60
// pages more. The workbook's Answers sheet has them all.
const (
	maxComments = 5
	maxNamed    = 100
)

// namedRespondents returns the respondents the report names: the first
// maxNamed, in the order their answers were given.
func namedRespondents(res *scoring.Result) []scoring.Respondent {
	return res.Respondents[:min(len(res.Respondents), maxNamed)]
}

// shownComments returns the responses to a question whose comments are
// shown: the maxComments with the longest comments (the first given of
// equally long ones), in the order they were given; and how many more
// have one.
func shownComments(q scoring.QuestionResult) (shown []scoring.Response, more int) {
	// The longest so far, in the order given: a comment replaces the
	// shortest of them (the last given of equally short ones) when it is
	// longer.
	var lengths []int
	for _, r := range q.Responses {
		c := strings.TrimSpace(r.Comment)
		if c == "" {
			continue
		}
		n := utf8.RuneCountInString(c)
		if len(shown) < maxComments {
			shown, lengths = append(shown, r), append(lengths, n)
			continue
		}
		more++
		shortest := 0
		for i, l := range lengths {
			if l <= lengths[shortest] {
				shortest = i
			}
		}
		if n > lengths[shortest] {
			shown = append(slices.Delete(shown, shortest, shortest+1), r)
			lengths = append(slices.Delete(lengths, shortest, shortest+1), n)
		}
	}
	return shown, more
}

// comments draws respondents' comments on a question (those
// shownComments chooses), each with a quote bar and who said it, then how
// many more the report workbook has.
func (d *doc) comments(q scoring.QuestionResult) {
	x := marginLeft + questionWidth - commentWidth
	w := commentWidth
	bar := func(y, h float64) {
		d.setFill(tint(colAccent, 0.7))
		d.pdf.Rect(marginLeft+0.5, y, 0.8, h, "F")
	}
	shown, more := shownComments(q)
	for _, r := range shown {
		who := d.res.Respondents[r.Respondent]
		d.space(1.5)
		d.ensure(2 * lineHeight(8.5))
		d.paraKeep(x, w, strings.TrimSpace(r.Comment), italic, 8.5, colBody, bar, lineHeight(7.5))
		d.para(x, w, fmt.Sprintf("— %s, %s", who.Name, who.Role), regular, 7.5, colMuted, bar)
	}
	if more > 0 {
		d.space(1.5)
		d.para(x, w, fmt.Sprintf("and %d more comment%s: see the Answers sheet of the report workbook", more, report.Plural(more)),
			italic, 8.5, colMuted, nil)
	}
}

// recommendations draws the area's recommendations that apply at its
// score in a tinted panel that may continue on the next page.
func (d *doc) recommendations(a scoring.AreaResult) {
	recs := a.Area.RecommendationsFor(*a.Score)
	if len(recs) == 0 {
		return
	}
	panel := func(y, h float64) {
		d.setFill(colPanel)
		d.pdf.Rect(marginLeft, y, contentWidth, h, "F")
	}
	padded := func(h float64) { // panel-coloured space, cut at the page foot
		h = min(h, bodyBottom-d.pdf.GetY())
		if h > 0 {
			panel(d.pdf.GetY(), h)
			d.space(h)
		}
	}
	x := marginLeft + 8
	w := contentWidth - 12
	d.space(4)
	d.ensure(4 + lineHeight(9.5) + 2*lineHeight(9))
	padded(3)
	d.para(marginLeft+4, contentWidth-8, "Recommended next steps", bold, 9.5, colAccent, panel)
	padded(1)
	for _, rec := range recs {
		first := true
		bullet := func(y, h float64) { // the panel, and a bullet on the first line
			panel(y, h)
			if first {
				d.setFill(colAccent)
				d.pdf.Rect(marginLeft+4.5, y+1.5, 1.4, 1.4, "F")
				first = false
			}
		}
		d.para(x, w, rec.Text, regular, 9, colInk, bullet)
		padded(1.5)
	}
	padded(1.5)
}

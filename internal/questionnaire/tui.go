package questionnaire

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// Layout of the full-screen questionnaire.
const (
	maxWidth    = 100 // longer lines are hard to read
	marginLeft  = 1
	marginRight = 1
	marginTop   = 1
)

// theme is huh's Charm theme, built once: without a theme huh builds it
// again for every option it draws, and every key press draws the page. The
// chosen button of a yes-or-no question is also marked with an arrow, so
// that a terminal without colours shows which one Enter takes.
var theme = func() huh.Theme {
	light, dark := huh.ThemeCharm(false), huh.ThemeCharm(true)
	for _, t := range []*huh.Styles{light, dark} {
		t.Focused.FocusedButton = t.Focused.FocusedButton.Transform(func(s string) string { return "> " + s })
		t.Focused.BlurredButton = t.Focused.BlurredButton.Transform(func(s string) string { return "  " + s })
	}
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		if isDark {
			return dark
		}
		return light
	})
}()

// pageComment is a comment field and the index of its question.
type pageComment struct {
	input *huh.Input
	index int
	shown string // the description it has
}

// refreshMsg makes the form draw its fields again.
type refreshMsg struct{}

// explanationStyle sets the explanation of the highlighted answer apart
// from the answers; it reads apart on terminals without faint or italic
// text too, by its place and its lead-in.
var explanationStyle = lipgloss.NewStyle().Faint(true).Italic(true)

// explainedSelect is a select whose options are only the answers; the
// explanation of the highlighted answer, if it has one, is shown below the
// list while the select has the focus. Room for the longest explanation is
// kept, so that the page does not jump as the highlight moves.
type explainedSelect struct {
	*huh.Select[string]
	q       *rubric.Question
	value   *string // the highlighted option's id
	width   int
	focused bool
}

// explanationLead starts the explanation.
const explanationLead = "About this answer: "

// Update implements huh.Field, keeping the wrapper in the group.
func (s *explainedSelect) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	m, cmd := s.Select.Update(msg)
	if sel, ok := m.(*huh.Select[string]); ok {
		s.Select = sel
	}
	return s, cmd
}

// Focus implements huh.Field.
func (s *explainedSelect) Focus() tea.Cmd {
	s.focused = true
	return s.Select.Focus()
}

// Blur implements huh.Field.
func (s *explainedSelect) Blur() tea.Cmd {
	s.focused = false
	return s.Select.Blur()
}

// WithWidth implements huh.Field.
func (s *explainedSelect) WithWidth(width int) huh.Field {
	s.width = width
	s.Select.WithWidth(width)
	return s
}

// View implements huh.Field.
func (s *explainedSelect) View() string {
	v := s.Select.View()
	if !s.focused {
		return v
	}
	width := max(s.width-2, 20)
	wrap := func(text string) string { return lipgloss.Wrap(explanationLead+text, width, " ") }
	room := 0
	for _, o := range s.q.Options {
		if o.Description != "" {
			room = max(room, lipgloss.Height(wrap(o.Description)))
		}
	}
	text := ""
	if o, ok := s.q.Option(*s.value); ok && o.Description != "" {
		text = wrap(o.Description)
	}
	lines := strings.Split(text, "\n")
	for len(lines) < room {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = " " + explanationStyle.Render(l)
	}
	return v + "\n\n" + strings.Join(lines, "\n")
}

// pageDoneMsg says that the form of a page was completed.
type pageDoneMsg struct{ page int }

// abortMsg says that the respondent pressed ctrl+c in a form.
type abortMsg struct{}

// pager is the Bubble Tea model of the full-screen questionnaire. Every
// area is a page with its own huh form (one group), and the last page is
// the summary with a confirmation. Running a form per page lets the pager
// go back a page on shift+tab from a page's first field, start at any
// question, and lay out the summary for the screen it is shown on. It
// passes the answers to the progress callback whenever a question is
// answered. The form fields write into the quiz's values, so a page built
// again shows the answers given.
type pager struct {
	q          *quiz
	onProgress func(*answers.Sheet) error

	page     int // index of the area, or len(areas) for the summary
	form     *huh.Form
	fields   []huh.Field   // of the page: each question's select, number input and comment
	comments []pageComment // the comment fields of the page
	// numberFields maps the key of each number input of the page to its
	// question's index in the quiz.
	numberFields map[string]int
	back         bool // the last key moved the focus back (shift+tab)
	save         bool // the summary's confirmation
	result       *scoring.Result
	width        int // of the terminal; 0 until known
	height       int
	outcome      error // why the program ended; nil when the respondent saved
	ended        bool
}

func newPager(q *quiz, onProgress func(*answers.Sheet) error) *pager {
	return &pager{q: q, onProgress: onProgress, save: true}
}

func (m *pager) areas() int { return len(m.q.r.Areas) }

// Init implements tea.Model: the questionnaire starts at the first
// question not answered.
func (m *pager) Init() tea.Cmd {
	first := m.q.firstOpen()
	if first == len(m.q.refs) {
		return m.open(m.areas(), 0)
	}
	ref := m.q.refs[first]
	focus := 0
	for i := m.q.spans[ref.area][0]; i < first; i++ {
		focus += len(fieldKeys(m.q.refs[i].q))
	}
	return m.open(ref.area, focus)
}

// lastField opens a page at its last field.
const lastField = -1

// open builds the form of a page and shows it with the focus on its field
// number focus (counted as fieldKeys lists them), or on its last field
// (going back).
func (m *pager) open(page int, focus int) tea.Cmd {
	m.page = page
	var cmds []tea.Cmd
	if page == m.areas() {
		m.q.sync()
		res, err := score(m.q.r, m.q.sheet)
		if err != nil {
			return m.end(fmt.Errorf("score answers: %w", err))
		}
		m.result = res
		m.form = m.summaryForm()
	} else {
		m.form = m.areaForm(page)
	}
	page0 := page
	m.form.SubmitCmd = func() tea.Msg { return pageDoneMsg{page: page0} }
	m.form.CancelCmd = func() tea.Msg { return abortMsg{} }
	cmds = append(cmds, m.form.Init())
	if m.width > 0 {
		cmds = append(cmds, m.resize())
	}
	if focus == lastField {
		focus = m.fieldCount(page) - 1
	}
	for range min(focus, m.fieldCount(page)-1) {
		cmds = append(cmds, m.form.NextField())
	}
	return tea.Batch(cmds...)
}

func (m *pager) fieldCount(page int) int {
	if page == m.areas() {
		return 1
	}
	n := 0
	span := m.q.spans[page]
	for i := span[0]; i < span[1]; i++ {
		n += len(fieldKeys(m.q.refs[i].q))
	}
	return n
}

// The keys of a question's fields: the select (the question's id), the
// number input, the comment.
func numberKey(id string) string  { return "number:" + id }
func commentKey(id string) string { return "comment:" + id }

// fieldKeys are the keys of question q's fields, in page order: a select
// (for a number question only when it allows other answers than a number),
// the number input of a number question, and the comment.
func fieldKeys(q *rubric.Question) []string {
	if !q.IsNumber() {
		return []string{q.ID, commentKey(q.ID)}
	}
	if !hasChoices(q) {
		return []string{numberKey(q.ID), commentKey(q.ID)}
	}
	return []string{q.ID, numberKey(q.ID), commentKey(q.ID)}
}

// areaForm builds the page of an area: for each question a select (or a
// number input, or both) and a comment.
func (m *pager) areaForm(page int) *huh.Form {
	r := m.q.r
	a := &r.Areas[page]
	m.fields = m.fields[:0]
	m.comments = m.comments[:0]
	m.numberFields = map[string]int{}
	span := m.q.spans[page]
	for i := span[0]; i < span[1]; i++ {
		ref := m.q.refs[i]
		q := ref.q
		title := fmt.Sprintf("%d/%d  %s", ref.index+1, len(a.Questions), q.Text)
		if !q.IsNumber() || hasChoices(q) {
			cs := choices(q)
			opts := make([]huh.Option[string], 0, len(cs))
			explained := false
			for _, o := range cs {
				opts = append(opts, huh.NewOption(o.Label, o.ID))
				explained = explained || o.Description != ""
			}
			help := q.Help
			if q.IsNumber() {
				help = strings.TrimSpace(help + "\n" + numberHint(q))
			}
			sel := huh.NewSelect[string]().Key(q.ID).Title(title).Description(help).
				Options(opts...).Value(&m.q.values[i])
			var selField huh.Field = sel
			if explained {
				selField = &explainedSelect{Select: sel, q: q, value: &m.q.values[i]}
			}
			m.fields = append(m.fields, selField)
		}
		if q.IsNumber() {
			input := huh.NewInput().Key(numberKey(q.ID)).
				Placeholder(numberHint(q)).
				CharLimit(40).
				Validate(m.numberValidator(i)).
				Value(&m.q.numbers[i])
			if hasChoices(q) {
				input.Title(numberTitle(q)).Description(fmt.Sprintf("%d/%d  %s", ref.index+1, len(a.Questions), q.Text))
			} else {
				input.Title(title).Description(strings.TrimSpace(q.Help + "\n" + numberTitle(q)))
			}
			m.numberFields[numberKey(q.ID)] = i
			m.fields = append(m.fields, input)
		}
		comment := huh.NewInput().Key(commentKey(q.ID)).
			Title("Comment on your answer (optional)").
			Placeholder("press Enter to skip").
			CharLimit(answers.MaxCommentLength).
			Value(&m.q.comments[i])
		m.comments = append(m.comments, pageComment{input: comment, index: i})
		m.fields = append(m.fields, comment)
	}
	m.describeComments()
	title := fmt.Sprintf("Area %d of %d · %s", page+1, len(r.Areas), a.Title)
	group := huh.NewGroup(m.fields...).Title(title).Description(a.Why)
	return huh.NewForm(group).WithShowHelp(true).WithTheme(theme)
}

// numberTitle is the title of a number input: what to type, with the unit.
func numberTitle(q *rubric.Question) string {
	if q.Unit == "" {
		return "Your number"
	}
	return "Your number, in " + q.Unit
}

// numberHint says which numbers a question takes.
func numberHint(q *rubric.Question) string {
	return "A number from " + rubric.WithUnit(q.Range(), q.Unit)
}

// numberValidator checks the number typed for question i, unless the
// respondent chose another answer: then the field is skipped.
func (m *pager) numberValidator(i int) func(string) error {
	return func(text string) error {
		if m.q.values[i] != numberChoice {
			return nil
		}
		_, err := ParseNumber(m.q.refs[i].q, text)
		return err
	}
}

// describeComments says above each comment field which question and answer
// it is about, since the question has scrolled away when the comment has
// the focus, and reports whether a description changed. (A DescriptionFunc
// would cost a message per field, and every message renders the whole page
// again.)
func (m *pager) describeComments() bool {
	changed := false
	for i := range m.comments {
		c := &m.comments[i]
		ref := m.q.refs[c.index]
		n := len(m.q.r.Areas[ref.area].Questions)
		d := fmt.Sprintf("%d/%d  %s\n→ %s", ref.index+1, n, ref.q.Text, m.q.answerLabel(c.index))
		if d != c.shown {
			c.input.Description(d)
			c.shown, changed = d, true
		}
	}
	return changed
}

func (m *pager) summaryForm() *huh.Form {
	confirm := huh.NewConfirm().Key("save").
		Title("Save your answers?").
		Inline(true).
		Affirmative("Save").
		Negative("Not now").
		Value(&m.save)
	return huh.NewForm(huh.NewGroup(confirm)).WithShowHelp(true).WithTheme(theme)
}

// Update implements tea.Model.
func (m *pager) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.ended {
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, m.resize()
	case tea.KeyPressMsg:
		m.back = msg.String() == "shift+tab"
		switch msg.String() {
		case "ctrl+c":
			return m, m.stop(ErrAborted)
		case "ctrl+z":
			// The terminal is in raw mode, so ctrl+z is a key, not SIGTSTP:
			// suspend as any terminal program does (fg resumes, the page
			// redrawn), rather than type it into the comment.
			return m, tea.Suspend
		case "shift+tab":
			if m.page > 0 && m.onFirstField() {
				if err := m.progress(); err != nil {
					return m, m.end(err)
				}
				return m, m.open(m.page-1, lastField)
			}
		}
	case pageDoneMsg:
		if msg.page != m.page {
			return m, nil
		}
		return m, m.next()
	case abortMsg:
		return m, m.stop(ErrAborted)
	}
	chosen := m.choosing(msg)
	f, cmd := m.form.Update(msg)
	if f, ok := f.(*huh.Form); ok {
		m.form = f
	}
	if _, ok := msg.(tea.KeyPressMsg); ok && m.describeComments() {
		// The form drew the page before the answer changed: again.
		f, refresh := m.form.Update(refreshMsg{})
		if f, ok := f.(*huh.Form); ok {
			m.form = f
		}
		cmd = tea.Batch(cmd, refresh)
	}
	if chosen >= 0 && !m.q.answered[chosen] {
		m.q.answered[chosen] = true
		if err := m.progress(); err != nil {
			return m, m.end(err)
		}
	}
	if m.markAnswered() {
		if err := m.progress(); err != nil {
			return m, m.end(err)
		}
	}
	return m, tea.Batch(cmd, m.skipNumber())
}

// skipNumber moves the focus on, or back, past a number input whose
// question has an answer other than a number: huh cannot hide one field of
// a group, so the pager steps over it.
func (m *pager) skipNumber() tea.Cmd {
	if m.page == m.areas() {
		return nil
	}
	f := m.form.GetFocusedField()
	if f == nil {
		return nil
	}
	i, ok := m.numberFields[f.GetKey()]
	if !ok || m.q.values[i] == numberChoice {
		return nil
	}
	if m.back {
		return m.form.PrevField()
	}
	return m.form.NextField()
}

// choosing returns the question whose answer a key press chooses (Enter
// or Tab on its select, or on its number input with a valid number), or
// -1. The focus moves on only with a later message: a ctrl+c right after
// Enter must find the answer counted. Choosing to type a number is not an
// answer yet.
func (m *pager) choosing(msg tea.Msg) int {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || m.page == m.areas() || (k.String() != "enter" && k.String() != "tab") {
		return -1
	}
	focused := m.form.GetFocusedField()
	if focused == nil {
		return -1
	}
	key := focused.GetKey()
	span := m.q.spans[m.page]
	for i := span[0]; i < span[1]; i++ {
		q := m.q.refs[i].q
		switch key {
		case q.ID:
			if m.q.values[i] != numberChoice {
				return i
			}
		case numberKey(q.ID):
			// The input holds what was typed before this key press.
			if _, err := ParseNumber(q, m.q.numbers[i]); err == nil {
				return i
			}
		}
	}
	return -1
}

// markAnswered marks the questions of the page whose answer fields the
// focus has left forwards (with Enter or Tab; it is on their comment or
// further) as answered, and reports whether there were any not marked
// before.
func (m *pager) markAnswered() bool {
	if m.page == m.areas() {
		return false
	}
	focused := m.form.GetFocusedField()
	if focused == nil {
		return false
	}
	at := -1
	for i, f := range m.fields {
		if f.GetKey() == focused.GetKey() {
			at = i
		}
	}
	changed := false
	field := 0 // the index of the question's first field
	span := m.q.spans[m.page]
	for i := span[0]; i < span[1]; i++ {
		comment := field + len(fieldKeys(m.q.refs[i].q)) - 1
		if comment > at {
			break
		}
		if !m.q.answered[i] {
			m.q.answered[i] = true
			changed = true
		}
		field = comment + 1
	}
	return changed
}

// next completes the current page and opens the next one.
func (m *pager) next() tea.Cmd {
	if m.page == m.areas() {
		if m.save {
			return m.end(nil)
		}
		return m.end(ErrDeclined)
	}
	span := m.q.spans[m.page]
	for i := span[0]; i < span[1]; i++ {
		m.q.answered[i] = true
	}
	if err := m.progress(); err != nil {
		return m.end(err)
	}
	return m.open(m.page+1, 0)
}

// progress passes the answers given so far to onProgress.
func (m *pager) progress() error {
	m.q.sync()
	if m.onProgress == nil {
		return nil
	}
	return m.onProgress(m.q.sheet)
}

// stop ends the questionnaire before the end, passing the answers so far,
// with the comment being typed, to onProgress first.
func (m *pager) stop(reason error) tea.Cmd {
	if err := m.progress(); err != nil {
		return m.end(err)
	}
	return m.end(reason)
}

func (m *pager) end(err error) tea.Cmd {
	m.outcome = err
	m.ended = true
	return tea.Quit
}

func (m *pager) onFirstField() bool {
	f := m.form.GetFocusedField()
	if f == nil {
		return false
	}
	if m.page == m.areas() {
		return true
	}
	return f.GetKey() == fieldKeys(m.q.refs[m.q.spans[m.page][0]].q)[0]
}

// formSize is the width and height the form may use.
func (m *pager) formSize() (int, int) {
	w := min(m.width-marginLeft-marginRight, maxWidth)
	h := m.height - marginTop - 1 // huh adds a blank line above the help
	if m.page == m.areas() && m.result != nil {
		h -= lipgloss.Height(m.summaryView(w)) + 1
	}
	return max(w, 20), max(h, 5)
}

func (m *pager) resize() tea.Cmd {
	w, h := m.formSize()
	f, cmd := m.form.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if f, ok := f.(*huh.Form); ok {
		m.form = f
	}
	return cmd
}

// summaryView renders the summary so that it leaves room for the
// confirmation (a line, a blank line and the help).
func (m *pager) summaryView(width int) string {
	return fitSummary(m.result, width, m.height-marginTop-4, newSummaryStyles())
}

// View implements tea.Model.
func (m *pager) View() tea.View {
	var b strings.Builder
	if m.page == m.areas() && m.result != nil {
		w, _ := m.formSize()
		b.WriteString(m.summaryView(w))
		b.WriteString("\n\n")
	}
	b.WriteString(m.form.View())
	content := lipgloss.NewStyle().MarginLeft(marginLeft).MarginTop(marginTop).Render(b.String())
	// Inline, not on the alternate screen, where Bubble Tea's scroll
	// optimization leaves stale lines in some terminals (tmux 3.3). Every
	// frame fills the terminal's height: a shorter frame would leave the
	// top lines of the one before.
	if m.height > 0 {
		lines := strings.Split(content, "\n")
		if len(lines) > m.height {
			lines = lines[:m.height]
		}
		for len(lines) < m.height {
			lines = append(lines, "")
		}
		content = strings.Join(lines, "\n")
	}
	return tea.NewView(content)
}

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
// again for every option it draws, and every key press draws the page.
var theme = func() huh.Theme {
	light, dark := huh.ThemeCharm(false), huh.ThemeCharm(true)
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
}

// descriptionStyle shows an option's description below its label.
var descriptionStyle = lipgloss.NewStyle().Faint(true)

// pageDoneMsg says that the form of a page was completed.
type pageDoneMsg struct{ page int }

// abortMsg says that the respondent pressed ctrl+c in a form.
type abortMsg struct{}

// pager is the Bubble Tea model of the full-screen questionnaire. Every
// area is a page with its own huh form (one group), and the last page is
// the summary with a confirmation. Running a form per page lets the pager
// save a draft after each page, go back a page on shift+tab from a page's
// first field, and lay out the summary for the screen it is shown on. The
// form fields write into the quiz's values, so a page built again shows
// the answers given.
type pager struct {
	q      *quiz
	onPage func(*answers.Sheet) error

	page     int // index of the area, or len(areas) for the summary
	form     *huh.Form
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

func newPager(q *quiz, onPage func(*answers.Sheet) error) *pager {
	return &pager{q: q, onPage: onPage, page: q.firstOpen(), save: true}
}

func (m *pager) areas() int { return len(m.q.r.Areas) }

// Init implements tea.Model.
func (m *pager) Init() tea.Cmd {
	return m.open(m.page, false)
}

// open builds the form of a page and shows it, at its last field when
// atEnd (going back).
func (m *pager) open(page int, atEnd bool) tea.Cmd {
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
	if atEnd {
		n := m.fieldCount(page)
		for range n - 1 {
			cmds = append(cmds, m.form.NextField())
		}
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
	var fields []huh.Field
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
			for _, o := range cs {
				label := o.Label
				if o.Description != "" {
					label += "\n" + descriptionStyle.Render(o.Description)
				}
				opts = append(opts, huh.NewOption(label, o.ID))
			}
			help := q.Help
			if q.IsNumber() {
				help = strings.TrimSpace(help + "\n" + numberHint(q))
			}
			fields = append(fields, huh.NewSelect[string]().Key(q.ID).Title(title).Description(help).
				Options(opts...).Value(&m.q.values[i]))
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
			fields = append(fields, input)
		}
		comment := huh.NewInput().Key(commentKey(q.ID)).
			Title("Comment on your answer (optional)").
			Placeholder("press Enter to skip").
			CharLimit(answers.MaxCommentLength).
			Value(&m.q.comments[i])
		m.comments = append(m.comments, pageComment{input: comment, index: i})
		fields = append(fields, comment)
	}
	m.describeComments()
	title := fmt.Sprintf("Area %d of %d · %s", page+1, len(r.Areas), a.Title)
	group := huh.NewGroup(fields...).Title(title).Description(a.Why)
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
// the focus. (A DescriptionFunc would cost a message per field, and every
// message renders the whole page again.)
func (m *pager) describeComments() {
	for _, c := range m.comments {
		ref := m.q.refs[c.index]
		n := len(m.q.r.Areas[ref.area].Questions)
		c.input.Description(fmt.Sprintf("%d/%d  %s\n→ %s", ref.index+1, n, ref.q.Text, m.q.answerLabel(c.index)))
	}
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
			return m, m.end(ErrAborted)
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
				return m, m.open(m.page-1, true)
			}
		}
	case pageDoneMsg:
		if msg.page != m.page {
			return m, nil
		}
		return m, m.next()
	case abortMsg:
		return m, m.end(ErrAborted)
	}
	f, cmd := m.form.Update(msg)
	if f, ok := f.(*huh.Form); ok {
		m.form = f
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		m.describeComments() // an answer may have changed
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

// next completes the current page and opens the next one.
func (m *pager) next() tea.Cmd {
	if m.page == m.areas() {
		if m.save {
			return m.end(nil)
		}
		return m.end(ErrDeclined)
	}
	m.q.done[m.page] = true
	if err := m.progress(); err != nil {
		return m.end(err)
	}
	return m.open(m.page+1, false)
}

// progress passes the answers of the completed pages to onPage.
func (m *pager) progress() error {
	m.q.sync()
	if m.onPage == nil {
		return nil
	}
	return m.onPage(m.q.sheet)
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

package questionnaire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/charmbracelet/colorprofile"
)

// Terminal asks in a terminal with huh. On a terminal it draws full-screen
// forms on its output; in accessible mode it writes plain numbered prompts
// and reads one line per answer.
type Terminal struct {
	in         io.Reader
	out        io.Writer
	accessible bool
	lines      *lineReader // accessible mode's input
}

var _ Asker = (*Terminal)(nil)

// NewTerminal returns an Asker that reads keys or lines from in and draws
// on out (the program's stderr, so that stdout carries only results). In
// normal mode in must be a terminal; accessible mode reads any input and
// writes plain text.
func NewTerminal(in io.Reader, out io.Writer, accessible bool) *Terminal {
	t := &Terminal{in: in, out: out, accessible: accessible}
	if accessible {
		t.lines = newLineReader(in)
		t.out = &colorprofile.Writer{Forward: out, Profile: colorprofile.NoTTY}
	}
	return t
}

// Identify implements Asker.
func (t *Terminal) Identify(ctx context.Context, r *rubric.Rubric, id *Identity, ask Fields) error {
	if ask == 0 {
		return nil
	}
	roles := Roles
	if id.Role != "" && !slices.Contains(roles, id.Role) {
		roles = append(slices.Clone(roles), id.Role)
	}
	roleOpts := make([]huh.Option[string], len(roles))
	for i, role := range roles {
		roleOpts[i] = huh.NewOption(role, role)
	}
	required := func(what string, v *string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" && strings.TrimSpace(*v) == "" {
				return fmt.Errorf("enter %s", what)
			}
			if strings.ContainsAny(s, "\n\r") {
				return fmt.Errorf("%s must be one line", what)
			}
			if n := utf8.RuneCountInString(strings.TrimSpace(s)); n > answers.MaxNameLength {
				return fmt.Errorf("%s has %d characters: at most %d, please", what, n, answers.MaxNameLength)
			}
			return nil
		}
	}
	period := func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" && answers.ValidPeriod(id.Period) {
			return nil
		}
		if !answers.ValidPeriod(s) {
			return errors.New("write the quarter as YYYY-Qn, e.g. 2026-Q3")
		}
		return nil
	}
	type field struct {
		f        huh.Field
		required bool // accessible mode: an empty line is not an answer
	}
	var fields []field
	input := func(key, title, what string, v *string, validate func(string) error) {
		if t.accessible && *v != "" {
			title = fmt.Sprintf("%s (press Enter for %s):", title, *v)
		} else if t.accessible {
			title += ":"
		}
		f := huh.NewInput().Key(key).Title(title).Value(v).Validate(validate)
		fields = append(fields, field{f: f})
	}
	if ask&AskTeam != 0 {
		input("team", "Team", "the team's name", &id.Team, required("the team's name", &id.Team))
	}
	if ask&AskPeriod != 0 {
		input("period", "Quarter (YYYY-Qn)", "the quarter", &id.Period, period)
	}
	if ask&AskRespondent != 0 {
		input("respondent", "Your name", "your name", &id.Respondent, required("your name", &id.Respondent))
	}
	if ask&AskRole != 0 {
		title := "Your role"
		if t.accessible && id.Role != "" {
			title = fmt.Sprintf("Your role (press Enter for %s)", id.Role)
		}
		f := huh.NewSelect[string]().Key("role").Title(title).Options(roleOpts...).Value(&id.Role)
		fields = append(fields, field{f: f, required: id.Role == ""})
	}

	intro := fmt.Sprintf("%d questions in %d areas, about %s. Your answers are kept as a draft as you go: ctrl+c stops, and the next run offers to resume.",
		r.NumQuestions(), len(r.Areas), duration(r))
	if t.accessible {
		fmt.Fprintf(t.out, "%s\n%s\n\n", r.Title, intro)
		for _, f := range fields {
			if err := t.runAccessible(ctx, f.f, f.required, ""); err != nil {
				return err
			}
		}
		return nil
	}
	hf := make([]huh.Field, len(fields))
	for i, f := range fields {
		hf[i] = f.f
	}
	form := huh.NewForm(huh.NewGroup(hf...).Title(r.Title).Description(intro)).WithTheme(theme)
	return t.runInline(ctx, form)
}

// duration estimates how long the questionnaire takes: about twenty
// seconds a question.
func duration(r *rubric.Rubric) string {
	minutes := (r.NumQuestions() + 1) / 3
	switch {
	case minutes <= 1:
		return "a minute"
	case minutes == 10:
		return "ten minutes"
	}
	return fmt.Sprintf("%d minutes", minutes)
}

// Confirm implements Asker.
func (t *Terminal) Confirm(ctx context.Context, question, detail, yes, no string) (bool, error) {
	v := true
	c := huh.NewConfirm().Title(question).Description(detail).Affirmative(yes).Negative(no).Value(&v)
	if t.accessible {
		if detail != "" {
			fmt.Fprintln(t.out, detail)
		}
		c.Description("").Title(fmt.Sprintf("%s (y: %s, n: %s)", question, yes, no))
		err := t.runAccessible(ctx, c, false, "")
		return v, err
	}
	err := t.runInline(ctx, huh.NewForm(huh.NewGroup(c)).WithTheme(theme))
	return v, err
}

// Ask implements Asker.
func (t *Terminal) Ask(ctx context.Context, r *rubric.Rubric, s *answers.Sheet, onPage func(*answers.Sheet) error) error {
	q := newQuiz(r, s)
	if t.accessible {
		return t.askAccessible(ctx, q, onPage)
	}
	m := newPager(q, onPage)
	p := tea.NewProgram(m, tea.WithInput(t.in), tea.WithOutput(t.out), tea.WithContext(ctx))
	_, err := p.Run()
	if m.ended {
		return m.outcome
	}
	if ctx.Err() != nil || errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
		return ErrAborted
	}
	if err != nil {
		return fmt.Errorf("questionnaire: %w", err)
	}
	return ErrAborted
}

// runInline runs a small form below the cursor (not full-screen).
func (t *Terminal) runInline(ctx context.Context, form *huh.Form) error {
	// WithProgramOptions replaces every program option: it sets them all.
	form.WithProgramOptions(tea.WithInput(t.in), tea.WithOutput(t.out)).WithShowHelp(true)
	err := form.RunWithContext(ctx)
	switch {
	case ctx.Err() != nil, errors.Is(err, huh.ErrUserAborted), errors.Is(err, huh.ErrTimeout):
		return ErrAborted
	case err != nil:
		return fmt.Errorf("questionnaire: %w", err)
	}
	return nil
}

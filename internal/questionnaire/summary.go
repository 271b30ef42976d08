package questionnaire

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// score scores one sheet, counting unanswered questions as not answered.
func score(r *rubric.Rubric, s *answers.Sheet) (*scoring.Result, error) {
	return scoring.Score(r, []*answers.Sheet{s}, scoring.Options{AllowMissing: true})
}

// summaryStyles style the summary screen; the zero value is plain text.
type summaryStyles struct {
	title, question, faint, bar, empty lipgloss.Style
	styled                             bool
}

func newSummaryStyles() summaryStyles {
	return summaryStyles{
		title:    lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#7571F9")),
		question: lipgloss.NewStyle().Bold(true),
		faint:    lipgloss.NewStyle().Foreground(lipgloss.Color("243")),
		bar:      lipgloss.NewStyle().Foreground(lipgloss.Color("#02BF87")),
		empty:    lipgloss.NewStyle().Foreground(lipgloss.Color("238")),
		styled:   true,
	}
}

// A summary level says how much of the summary fits: 0 is everything;
// higher levels leave out the band's summary, then shorten the advice of
// the actions to two lines, then to one, then leave it out, and last show
// only the first action. The question of an action is always one line.
const maxSummaryLevel = 5

// summary renders the result for the summary screen at the given width:
// the overall score and band, a line per area and the top three actions.
func summary(res *scoring.Result, width, level int, st summaryStyles) string {
	var b strings.Builder
	overall := fmt.Sprintf("Your score: %s out of 100", formatScore(res.Overall))
	if res.Band != nil {
		overall += " — " + res.Band.Label
	}
	b.WriteString(st.title.Render(overall))
	b.WriteString("\n")
	if res.Band != nil && level < 1 {
		b.WriteString(lipgloss.Wrap(res.Band.Summary, width, " "))
		b.WriteString("\n")
	}
	b.WriteString("\n")

	titleWidth := 0
	for _, a := range res.Areas {
		titleWidth = max(titleWidth, lipgloss.Width(a.Area.Title))
	}
	barWidth := 10 // bars only when styled: a screen reader would spell them
	if !st.styled || width-barWidth-8 < 20 {
		barWidth = 0
		titleWidth = min(titleWidth, max(10, width-8))
	} else {
		titleWidth = min(titleWidth, width-barWidth-8)
	}
	for _, a := range res.Areas {
		title := truncate(a.Area.Title, titleWidth)
		line := "  " + title + strings.Repeat(" ", titleWidth-lipgloss.Width(title))
		if barWidth > 0 {
			line += "  " + bar(a.Score, barWidth, st)
		}
		line += fmt.Sprintf(" %5s", formatScore(a.Score))
		b.WriteString(line)
		b.WriteString("\n")
	}

	if len(res.Actions) > 0 {
		b.WriteString("\n")
		heading := "Top three actions"
		if level >= 5 || len(res.Actions) == 1 {
			heading = "Top action"
		}
		b.WriteString(st.title.Render(heading))
		b.WriteString(st.faint.Render(" (points your score would gain)"))
		b.WriteString("\n")
		shown := 3
		if level >= 5 {
			shown = 1
		}
		for i, a := range res.Actions {
			if i == shown {
				break
			}
			// The question, on one line, says what the advice is about.
			prefix := fmt.Sprintf("%d. +%.1f  ", i+1, a.Gain)
			indent := strings.Repeat(" ", lipgloss.Width(prefix))
			avail := max(10, width-len(indent)-2)
			b.WriteString("  " + prefix + st.question.Render(truncate(a.Question.Text, avail)) + "\n")
			text := a.Question.Advice
			if text == "" || level >= 4 {
				continue
			}
			switch {
			case level >= 3:
				text = truncate(text, avail)
			case level == 2:
				lines := strings.Split(lipgloss.Wrap(text, avail, " "), "\n")
				if len(lines) > 2 {
					rest := strings.Join(lines[1:], " ")
					lines = []string{lines[0], truncate(rest, avail)}
				}
				text = strings.Join(lines, "\n")
			default:
				text = lipgloss.Wrap(text, avail, " ")
			}
			for _, line := range strings.Split(text, "\n") {
				b.WriteString("  " + indent + line + "\n")
			}
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// fitSummary renders the summary at the most detailed level that fits in
// height lines (the last level when none does).
func fitSummary(res *scoring.Result, width, height int, st summaryStyles) string {
	var s string
	for level := 0; level <= maxSummaryLevel; level++ {
		s = summary(res, width, level, st)
		if lipgloss.Height(s) <= height {
			break
		}
	}
	return s
}

func bar(score *float64, width int, st summaryStyles) string {
	if score == nil {
		return st.empty.Render(strings.Repeat("·", width))
	}
	n := int(*score/100*float64(width) + 0.5)
	n = max(0, min(width, n))
	return st.bar.Render(strings.Repeat("█", n)) + st.empty.Render(strings.Repeat("░", width-n))
}

func formatScore(s *float64) string {
	if s == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *s)
}

// truncate shortens s to width columns, ending it with "…" when cut.
func truncate(s string, width int) string {
	if lipgloss.Width(s) <= width {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := lipgloss.Width(string(r))
		if w+rw > width-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return strings.TrimRight(b.String(), " ,.;:") + "…"
}

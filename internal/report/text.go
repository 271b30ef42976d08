// Package report writes scoring results for people: plain or styled text
// for the terminal, JSON for programs, the PDF report and the workbooks.
// Every writer takes an io.Writer; opening files is the caller's job.
package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// FormatScore prints a 0..100 score with one decimal, or "–" when there is
// none.
func FormatScore(s *float64) string {
	if s == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *s)
}

// FormatGap prints a perception gap (sales − marketing) signed, with one
// decimal: "+16.3", "-21.2", "0.0"; "–" when there is none.
func FormatGap(g *float64) string {
	if g == nil {
		return "–"
	}
	s := fmt.Sprintf("%+.1f", *g)
	if s == "+0.0" || s == "-0.0" {
		return "0.0"
	}
	return s
}

// GapSide says which side sees it higher, from a gap (sales −
// marketing): "sales sees it higher", "marketing sees it higher", or "the
// two teams see it the same" when the gap rounds to 0.0.
func GapSide(g float64) string {
	switch {
	case FormatGap(&g) == "0.0":
		return "the two teams see it the same"
	case g > 0:
		return "sales sees it higher"
	default:
		return "marketing sees it higher"
	}
}

// BandLabel returns a band's label, or "–".
func BandLabel(b *rubric.Band) string {
	if b == nil {
		return "–"
	}
	return b.Label
}

// RespondentSummary says how many answered, by role: "3 (2 sales, 1 marketing)".
func RespondentSummary(res *scoring.Result) string {
	parts := make([]string, 0, len(res.Roles))
	for _, r := range res.Roles {
		parts = append(parts, fmt.Sprintf("%d %s", r.Respondents, r.Role))
	}
	return fmt.Sprintf("%d (%s)", len(res.Respondents), strings.Join(parts, ", "))
}

// Text writes a readable summary: the overall score, a table of areas, the
// top actions and red flags. styled draws the table with borders and
// colour for a terminal; otherwise the output is plain text for pipes.
func Text(w io.Writer, res *scoring.Result, styled bool) error {
	var b strings.Builder
	title := fmt.Sprintf("%s — %s, %s", res.Rubric.Title, res.Team, res.Period)
	if styled {
		title = lipgloss.NewStyle().Bold(true).Render(title)
	}
	fmt.Fprintln(&b, title)
	fmt.Fprintf(&b, "Respondents: %s\n", RespondentSummary(res))
	fmt.Fprintf(&b, "Overall: %s — %s\n", FormatScore(res.Overall), BandLabel(res.Band))
	if res.Band != nil {
		fmt.Fprintf(&b, "  %s\n", res.Band.Summary)
	}
	b.WriteString("\n")

	headers := []string{"Area", "Score", "Band", "Answered", "N/A"}
	dontKnow := HasDontKnow(res.Rubric)
	if dontKnow {
		headers = append(headers, "Don't know")
	}
	rows := make([][]string, 0, len(res.Areas))
	for _, a := range res.Areas {
		row := []string{a.Area.Title, FormatScore(a.Score), BandLabel(a.Band), fmt.Sprint(a.Answered), fmt.Sprint(a.NA)}
		if dontKnow {
			row = append(row, fmt.Sprint(a.DontKnow))
		}
		rows = append(rows, row)
	}
	if styled {
		t := table.New().Border(lipgloss.RoundedBorder()).Headers(headers...).Rows(rows...).
			StyleFunc(func(row, col int) lipgloss.Style {
				s := lipgloss.NewStyle().Padding(0, 1)
				if row == table.HeaderRow {
					return s.Bold(true)
				}
				if col == 1 || col >= 3 {
					return s.Align(lipgloss.Right)
				}
				return s
			})
		b.WriteString(t.String())
		b.WriteString("\n")
	} else {
		plainTable(&b, headers, rows)
	}

	if len(res.Roles) > 1 {
		b.WriteString("\nBy role:\n")
		for _, r := range res.Roles {
			who := fmt.Sprintf("%d respondent%s", r.Respondents, Plural(r.Respondents))
			line := fmt.Sprintf("  %-12s %-15s  overall %s", r.Role, who, FormatScore(r.Overall))
			if r.DontKnow > 0 {
				line += fmt.Sprintf(", %d don't know", r.DontKnow)
			}
			b.WriteString(line + "\n")
		}
	}
	if lines := numberLines(res); len(lines) > 0 {
		b.WriteString("\nMeasured facts (median and range of the numbers given):\n")
		for _, l := range lines {
			b.WriteString("  " + l + "\n")
		}
	}
	if len(res.Actions) > 0 {
		b.WriteString("\nTop actions (points the overall score would gain):\n")
		for i, a := range res.Actions {
			if i == 3 {
				break
			}
			fmt.Fprintf(&b, "  %d. +%.1f  %s\n     %s\n", i+1, a.Gain, a.Question.Text, a.Question.Advice)
		}
	}
	if len(res.RedFlags) > 0 {
		b.WriteString("\nRed flags:\n")
		for _, f := range res.RedFlags {
			fmt.Fprintf(&b, "  ! %s — %q (%d)\n", f.Question.Text, f.Option.Label, f.Count)
		}
	}
	for _, warning := range res.Warnings {
		fmt.Fprintf(&b, "\nwarning: %s\n", warning)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// HasDontKnow reports whether any question of the rubric allows "don't
// know": only then do reports give don't-know counts.
func HasDontKnow(r *rubric.Rubric) bool {
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			if q.DontKnow {
				return true
			}
		}
	}
	return false
}

// FormatNumber writes a number answer, or a median, for people: at most
// two decimals, no trailing zeros, and the unit.
func FormatNumber(v float64, unit string) string {
	return rubric.WithUnit(strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64), unit)
}

// NumberSpread describes the numbers given to a number question: "median
// 16 hours (2 to 30), 2 numbers; sales 16 hours, marketing 60 hours" (the
// two roles only when both gave numbers). It is "" when nobody gave one.
func NumberSpread(q scoring.QuestionResult) string {
	n := q.Numbers
	if n == nil || n.Team == nil {
		return ""
	}
	unit := q.Question.Unit
	s := fmt.Sprintf("median %s", FormatNumber(n.Team.Median, unit))
	if n.Team.N > 1 {
		s += fmt.Sprintf(" (%s to %s)", FormatNumber(n.Team.Min, ""), FormatNumber(n.Team.Max, ""))
	}
	s += fmt.Sprintf(", %d number%s", n.Team.N, Plural(n.Team.N))
	sales, hasSales := n.Roles["sales"]
	marketing, hasMarketing := n.Roles["marketing"]
	if hasSales && hasMarketing {
		s += fmt.Sprintf("; sales %s, marketing %s", FormatNumber(sales.Median, unit), FormatNumber(marketing.Median, unit))
	}
	return s
}

// NumberSummary is NumberSpread with the answers that gave no number:
// "...; 1 not measured; 1 don't know". It is "" when the question is not a
// number question.
func NumberSummary(q scoring.QuestionResult) string {
	n := q.Numbers
	if n == nil {
		return ""
	}
	parts := []string{NumberSpread(q)}
	if parts[0] == "" {
		parts[0] = "no numbers given"
	}
	if n.Unmeasured > 0 {
		parts = append(parts, fmt.Sprintf("%d not measured", n.Unmeasured))
	}
	if q.DontKnow > 0 {
		parts = append(parts, fmt.Sprintf("%d don't know", q.DontKnow))
	}
	return strings.Join(parts, "; ")
}

// numberLines describes every number question of a result.
func numberLines(res *scoring.Result) []string {
	var lines []string
	for _, q := range res.Questions {
		if s := NumberSummary(q); s != "" {
			lines = append(lines, q.Question.Text, "    "+s)
		}
	}
	return lines
}

func plainTable(b *strings.Builder, headers []string, rows [][]string) {
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = len([]rune(h))
	}
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteString("\n")
	}
	line(headers)
	for _, row := range rows {
		line(row)
	}
}

// Plural returns "s" unless n is 1, for "3 answers" and "1 answer".
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Rubric writes a rubric for reading: areas, questions and their options
// with points.
func Rubric(w io.Writer, r *rubric.Rubric) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, version %s)\n", r.Title, r.ID, r.Version)
	if r.Description != "" {
		fmt.Fprintf(&b, "%s\n", r.Description)
	}
	b.WriteString("\nBands:\n")
	for _, band := range r.Bands {
		fmt.Fprintf(&b, "  from %5.1f  %s: %s\n", band.Min, band.Label, band.Summary)
	}
	for i, a := range r.Areas {
		fmt.Fprintf(&b, "\n%d. %s [%s, weight %g]\n   %s\n", i+1, a.Title, a.ID, a.Weight, a.Why)
		for _, q := range a.Questions {
			fmt.Fprintf(&b, "\n   %s [%s, weight %g]\n", q.Text, q.ID, q.Weight)
			flag := func(o rubric.Option) string {
				if o.RedFlag {
					return "  (red flag)"
				}
				return ""
			}
			if q.IsNumber() {
				unit := ""
				if q.Unit != "" {
					unit = ", in " + q.Unit
				}
				fmt.Fprintf(&b, "     A number from %s%s:\n", q.Range(), unit)
				for i, o := range q.Bands() {
					fmt.Fprintf(&b, "     %-3g %s: %s%s\n", o.Points, q.BandRange(i), o.Label, flag(o))
				}
				if o, ok := q.UnmeasuredOption(); ok {
					fmt.Fprintf(&b, "     %-3g %s [%s]%s\n", o.Points, o.Label, o.ID, flag(*o))
				}
			} else {
				for _, o := range q.Options {
					fmt.Fprintf(&b, "     %-3g %s [%s]%s\n", o.Points, o.Label, o.ID, flag(o))
				}
			}
			if q.DontKnow {
				fmt.Fprintf(&b, "     –   Don't know [unknown]\n")
			}
			if q.NA {
				fmt.Fprintf(&b, "     –   Not applicable [na]\n")
			}
		}
		for _, rec := range a.Recommendations {
			fmt.Fprintf(&b, "\n   Below %g: %s\n", rec.Below, rec.Text)
		}
		if len(a.Sources) > 0 {
			fmt.Fprintf(&b, "\n   Sources: %s\n", strings.Join(a.Sources, "; "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

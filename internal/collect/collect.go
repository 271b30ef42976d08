// Package collect sorts respondents' answers sheets into audits: one group
// per team and period, with one sheet per respondent. A folder shared by a
// team holds everyone's answers, and a company-wide folder holds many teams
// and quarters. It is pure: sheets in, groups out.
package collect

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
)

// Group is one team's answers for one period.
type Group struct {
	Team   string // as the first of its sheets spells it
	Period string
	// Sheets has one sheet per respondent, in the order given.
	Sheets []*answers.Sheet
	// Replaced are the sheets of respondents who answered more than once,
	// each with the sheet that counts instead.
	Replaced []Replaced
}

// Replaced is an answers sheet that another sheet of the same respondent
// replaces.
type Replaced struct {
	Sheet, By *answers.Sheet
}

// Warning says which of a respondent's two sheets counts, naming both.
func (r Replaced) Warning() string {
	return fmt.Sprintf("%s answered twice for %s, %s: %s counts (%s), %s does not (%s)",
		r.By.Respondent, r.By.Team, r.By.Period, r.By.Source, completedText(r.By), r.Sheet.Source, completedText(r.Sheet))
}

func completedText(s *answers.Sheet) string {
	if s.Completed.IsZero() {
		return "no completion time"
	}
	return "completed " + s.Completed.UTC().Format("2006-01-02 15:04 UTC")
}

// Key returns what two sheets of one group share: the team's name key
// (answers.NameKey: case and Unicode form do not matter) and the period.
func Key(team, period string) string {
	return answers.NameKey(team) + "\x00" + period
}

// Groups sorts sheets into one group per team and period, ordered by team
// name and then period. A respondent (by answers.NameKey) who answered
// more than once in a group counts once: with the sheet completed last, or,
// when neither is later, the one given last.
func Groups(sheets []*answers.Sheet) []*Group {
	byKey := map[string]*Group{}
	var groups []*Group
	people := map[string]map[string]int{} // group key -> respondent key -> index in Sheets
	for _, s := range sheets {
		k := Key(s.Team, s.Period)
		g := byKey[k]
		if g == nil {
			g = &Group{Team: s.Team, Period: s.Period}
			byKey[k] = g
			groups = append(groups, g)
			people[k] = map[string]int{}
		}
		who := answers.NameKey(s.Respondent)
		i, twice := people[k][who]
		if !twice {
			people[k][who] = len(g.Sheets)
			g.Sheets = append(g.Sheets, s)
			continue
		}
		old := g.Sheets[i]
		if old.Completed.After(s.Completed) {
			g.Replaced = append(g.Replaced, Replaced{Sheet: s, By: old})
			continue
		}
		g.Replaced = append(g.Replaced, Replaced{Sheet: old, By: s})
		g.Sheets[i] = s
	}
	slices.SortStableFunc(groups, func(a, b *Group) int {
		return cmp.Or(cmp.Compare(answers.NameKey(a.Team), answers.NameKey(b.Team)), cmp.Compare(a.Period, b.Period))
	})
	return groups
}

// Select keeps the groups of the team and the period; an empty team or
// period keeps all.
func Select(groups []*Group, team, period string) []*Group {
	var kept []*Group
	for _, g := range groups {
		if (team == "" || answers.NameKey(team) == answers.NameKey(g.Team)) && (period == "" || period == g.Period) {
			kept = append(kept, g)
		}
	}
	return kept
}

// Names lists the groups' teams and periods for a message: "Beta 2027-Q1,
// Gamma 2027-Q2".
func Names(groups []*Group) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Team + " " + g.Period
	}
	return strings.Join(names, ", ")
}

// Respondents says how many sheets there are, by role, sales and marketing
// always first (a manager chases the side that is missing), then the
// other roles by name: "4 respondents (3 sales, 0 marketing, 1 leadership)".
func Respondents(sheets []*answers.Sheet) string {
	count := map[string]int{"sales": 0, "marketing": 0}
	for _, s := range sheets {
		count[s.Role]++
	}
	parts := []string{fmt.Sprintf("%d sales", count["sales"]), fmt.Sprintf("%d marketing", count["marketing"])}
	for _, role := range slices.Sorted(maps.Keys(count)) {
		if role != "sales" && role != "marketing" {
			parts = append(parts, fmt.Sprintf("%d %s", count[role], role))
		}
	}
	noun := "respondents"
	if len(sheets) == 1 {
		noun = "respondent"
	}
	return fmt.Sprintf("%d %s (%s)", len(sheets), noun, strings.Join(parts, ", "))
}

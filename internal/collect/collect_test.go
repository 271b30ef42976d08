package collect

import (
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/google/go-cmp/cmp"
)

func sheet(source, team, period, who, role, completed string) *answers.Sheet {
	s := &answers.Sheet{Source: source, Team: team, Period: period, Respondent: who, Role: role}
	if completed != "" {
		t, err := time.Parse(time.RFC3339, completed)
		if err != nil {
			panic(err)
		}
		s.Completed = t
	}
	return s
}

// summary prints groups as "Team Period: sources [replaced>by]".
func summary(groups []*Group) []string {
	var out []string
	for _, g := range groups {
		var parts []string
		for _, s := range g.Sheets {
			parts = append(parts, s.Source)
		}
		for _, r := range g.Replaced {
			parts = append(parts, r.Sheet.Source+">"+r.By.Source)
		}
		out = append(out, g.Team+" "+g.Period+": "+strings.Join(parts, " "))
	}
	return out
}

func TestGroups(t *testing.T) {
	tests := []struct {
		name   string
		sheets []*answers.Sheet
		want   []string
	}{
		{
			name: "teams and periods, sorted by team name then period",
			sheets: []*answers.Sheet{
				sheet("g1", "Gamma", "2027-Q2", "Ann", "sales", ""),
				sheet("b2", "Beta", "2027-Q2", "Ann", "sales", ""),
				sheet("b1", "Beta", "2027-Q1", "Ann", "sales", ""),
				sheet("b1bob", "beta", "2027-Q1", "Bob", "marketing", ""),
				sheet("a1", "alpha", "2027-Q1", "Cy", "sales", ""),
			},
			want: []string{"alpha 2027-Q1: a1", "Beta 2027-Q1: b1 b1bob", "Beta 2027-Q2: b2", "Gamma 2027-Q2: g1"},
		},
		{
			name: "the sheet completed last counts, wherever it is",
			sheets: []*answers.Sheet{
				sheet("new", "Beta", "2027-Q1", "Ann", "sales", "2027-02-02T10:00:00Z"),
				sheet("bob", "Beta", "2027-Q1", "Bob", "sales", ""),
				sheet("old", "Beta", "2027-Q1", "ANN ", "sales", "2027-02-01T10:00:00Z"),
			},
			want: []string{"Beta 2027-Q1: new bob old>new"},
		},
		{
			name: "a completion time beats none; the later given wins a tie",
			sheets: []*answers.Sheet{
				sheet("timed", "Beta", "2027-Q1", "Ann", "sales", "2027-02-01T10:00:00Z"),
				sheet("untimed", "Beta", "2027-Q1", "Ann", "sales", ""),
				sheet("bob1", "Beta", "2027-Q1", "Bob", "sales", ""),
				sheet("bob2", "Beta", "2027-Q1", "Bob", "sales", ""),
			},
			want: []string{"Beta 2027-Q1: timed bob2 untimed>timed bob1>bob2"},
		},
		{
			name: "the same name in two periods is two respondents",
			sheets: []*answers.Sheet{
				sheet("q1", "Beta", "2027-Q1", "Ann", "sales", ""),
				sheet("q2", "Beta", "2027-Q2", "Ann", "sales", ""),
			},
			want: []string{"Beta 2027-Q1: q1", "Beta 2027-Q2: q2"},
		},
		{name: "none", sheets: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, summary(Groups(tt.sheets))); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReplacedWarning(t *testing.T) {
	g := Groups([]*answers.Sheet{
		sheet("shared/ann.yaml", "Beta", "2027-Q1", "Ann Lee", "sales", "2027-02-01T10:00:00Z"),
		sheet("shared/beta-form-ann.xlsx", "Beta", "2027-Q1", "ann lee", "sales", "2027-02-03T09:30:00Z"),
	})
	got := g[0].Replaced[0].Warning()
	want := "ann lee answered twice for Beta, 2027-Q1: shared/beta-form-ann.xlsx counts (completed 2027-02-03 09:30 UTC), " +
		"shared/ann.yaml does not (completed 2027-02-01 10:00 UTC)"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestSelect(t *testing.T) {
	groups := Groups([]*answers.Sheet{
		sheet("b1", "Beta", "2027-Q1", "Ann", "sales", ""),
		sheet("b2", "Beta", "2027-Q2", "Ann", "sales", ""),
		sheet("g1", "Gamma", "2027-Q1", "Ann", "sales", ""),
	})
	tests := []struct {
		team, period string
		want         string
	}{
		{"", "", "Beta 2027-Q1, Beta 2027-Q2, Gamma 2027-Q1"},
		{"BETA", "", "Beta 2027-Q1, Beta 2027-Q2"},
		{"", "2027-Q1", "Beta 2027-Q1, Gamma 2027-Q1"},
		{"gamma", "2027-Q1", "Gamma 2027-Q1"},
		{"Delta", "", ""},
	}
	for _, tt := range tests {
		if got := Names(Select(groups, tt.team, tt.period)); got != tt.want {
			t.Errorf("Select(%q, %q) = %q, want %q", tt.team, tt.period, got, tt.want)
		}
	}
}

func TestRespondents(t *testing.T) {
	tests := []struct {
		roles []string
		want  string
	}{
		{[]string{"sales", "sales", "marketing", "sales"}, "4 respondents (3 sales, 1 marketing)"},
		{[]string{"sales"}, "1 respondent (1 sales, 0 marketing)"},
		{[]string{"other", "leadership", "marketing"}, "3 respondents (0 sales, 1 marketing, 1 leadership, 1 other)"},
		{nil, "0 respondents (0 sales, 0 marketing)"},
	}
	for _, tt := range tests {
		var sheets []*answers.Sheet
		for _, r := range tt.roles {
			sheets = append(sheets, &answers.Sheet{Role: r})
		}
		if got := Respondents(sheets); got != tt.want {
			t.Errorf("Respondents(%v) = %q, want %q", tt.roles, got, tt.want)
		}
	}
}

package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/collect"
	"github.com/alignaudit/audit/internal/form"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
)

// selection is what --team and --period choose among the teams and
// periods of the answers given.
type selection struct {
	team, period string
}

func (s selection) check() error {
	if s.period != "" && !answers.ValidPeriod(s.period) {
		return invalidf("--period %q: write the quarter as YYYY-Qn, e.g. 2026-Q3", s.period)
	}
	return nil
}

func (s selection) String() string {
	var parts []string
	if s.team != "" {
		parts = append(parts, "team "+s.team)
	}
	if s.period != "" {
		parts = append(parts, "period "+s.period)
	}
	return strings.Join(parts, ", ")
}

// gathered is what the arguments of report, score and status hold: the
// files read, sorted into teams and periods.
type gathered struct {
	args    []string
	loaded  []store.Loaded
	ignored []string // files that hold no answers, by name
	groups  []*collect.Group
	forms   map[*answers.Sheet]*form.Form // the sheets read from forms
	// checkers check forms, one for each rubric
	checkers map[*rubric.Rubric]*form.Checker
}

// gather reads the answers files and folders named by args. A file that
// cannot be read is in loaded with its reason; only a folder that cannot
// be listed is an error. The rubric named by --rubric is left out when it
// sits in an answers folder.
func gather(args []string, rubricFlag string) (*gathered, error) {
	listing, err := store.ListAnswers(args, answerFilesLimit)
	if err != nil {
		return nil, err
	}
	if rubricFlag != "" {
		listing.Without(rubricFlag)
	}
	g := &gathered{args: args, loaded: store.Load(listing.Files), ignored: listing.Ignored, forms: map[*answers.Sheet]*form.Form{}}
	var sheets []*answers.Sheet
	for _, l := range g.loaded {
		switch {
		case l.Skip != "":
			g.ignored = append(g.ignored, l.Path+" ("+l.Skip+")")
		case l.Sheet != nil:
			sheets = append(sheets, l.Sheet)
			if l.Form != nil {
				g.forms[l.Sheet] = l.Form
			}
		}
	}
	g.groups = collect.Groups(sheets)
	return g, nil
}

// formProblems checks a sheet read from a form against the rubric it is
// scored with (see form.Form.Check); a sheet from an answers file has
// none here.
func (g *gathered) formProblems(s *answers.Sheet, r *rubric.Rubric, allowMissing bool) problem.List {
	if f := g.forms[s]; f != nil {
		c := g.checkers[r]
		if c == nil {
			c = form.NewChecker(r)
			if g.checkers == nil {
				g.checkers = map[*rubric.Rubric]*form.Checker{}
			}
			g.checkers[r] = c
		}
		return c.Check(f, allowMissing)
	}
	return nil
}

// note tells on stderr which files of the named folders were ignored.
func (g *gathered) note(e *env) {
	if n := len(g.ignored); n > 0 {
		const shown = 5
		names := g.ignored[:min(n, shown)]
		more := ""
		if n > shown {
			more = fmt.Sprintf(" and %d more", n-shown)
		}
		e.say("note: ignored %d file%s that hold%s no answers: %s%s\n", n, plural(n), verbS(n), strings.Join(names, ", "), more)
	}
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// selected returns the groups that sel chooses, or says what there is
// instead.
func (g *gathered) selected(sel selection) ([]*collect.Group, error) {
	groups := collect.Select(g.groups, sel.team, sel.period)
	switch {
	case len(groups) > 0:
		return groups, nil
	case len(g.groups) > 0:
		return nil, invalidf("no answers for %s in %s: there are answers for %s", sel, strings.Join(g.args, " "), collect.Names(g.groups))
	}
	return nil, invalidf("no answers files or forms in %s", strings.Join(g.args, " "))
}

// rubricCache resolves the rubric of each group: --rubric, or the built-in
// rubric the group's answers name, in the version they name (rubricFor). A
// rubric file or ID@VERSION is read once.
type rubricCache struct {
	flag string
	file *rubric.Rubric
}

func (rs *rubricCache) forGroup(g *collect.Group) (*rubric.Rubric, error) {
	if rs.flag != "" && (isRubricFile(rs.flag) || strings.Contains(rs.flag, "@")) {
		if rs.file == nil {
			r, err := loadRubric(rs.flag)
			if err != nil {
				return nil, err
			}
			rs.file = r
		}
		return rs.file, nil
	}
	return rubricFor(rs.flag, g.Sheets)
}

// scoreTeams reads answers files and folders and scores every team and
// period among them that sel chooses: one result each, in team and period
// order. The problems of every file are listed at once; a respondent who
// answered twice counts once, with a warning in the result.
func scoreTeams(e *env, rubricFlag string, allowMissing bool, sel selection, args []string) ([]*scoring.Result, error) {
	if err := sel.check(); err != nil {
		return nil, err
	}
	g, err := gather(args, rubricFlag)
	if err != nil {
		return nil, err
	}
	g.note(e)
	problems, err := store.Problems(g.loaded)
	if err != nil {
		return nil, err
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	groups, err := g.selected(sel)
	if err != nil {
		return nil, err
	}
	rs := &rubricCache{flag: rubricFlag}
	results := make([]*scoring.Result, 0, len(groups))
	for _, grp := range groups {
		r, err := rs.forGroup(grp)
		if err != nil {
			return nil, err
		}
		// A form that does not fit the rubric is reported with its cells
		// and left out, so that its problems are not reported twice.
		sheets := make([]*answers.Sheet, 0, len(grp.Sheets))
		for _, s := range grp.Sheets {
			if pl := g.formProblems(s, r, allowMissing); len(pl) > 0 {
				problems = append(problems, pl...)
				continue
			}
			sheets = append(sheets, s)
		}
		if len(sheets) == 0 {
			continue
		}
		res, err := scoring.Score(r, sheets, scoring.Options{AllowMissing: allowMissing})
		var pl problem.List
		switch {
		case errors.As(err, &pl):
			problems = append(problems, pl...)
			continue
		case err != nil:
			return nil, err
		}
		for _, rep := range grp.Replaced {
			res.Warnings = append(res.Warnings, rep.Warning())
		}
		results = append(results, res)
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

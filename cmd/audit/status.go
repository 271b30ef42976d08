package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/collect"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/spf13/cobra"
)

type statusOptions struct {
	rubric string
	selection
}

func newStatusCmd(e *env) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:   "status [--team T] [--period P] [--rubric FILE|ID|ID@VERSION] FOLDER...",
		Short: "Show who has answered, per team and period, before you chase people",
		Long: `List the answers files and filled forms in the folders (or files) given, per
team and period: who has answered (name, role, when, file), how many of them
are sales and how many marketing, whose answers are not finished yet (a
draft, or a form with unanswered questions), and the files that cannot be
read, with the reason. Blank forms and other files are counted, not read.

The exit status is 0 whenever the folders could be listed, whatever they
hold: problems in the files are shown, not returned.`,
		Example: `  audit status examples
  audit status --team "Northwind Traders" --period 2026-Q3 examples`,
		Args: minArgs(1, "a folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStatus(e, opts, args)
		},
	}
	cmd.Flags().StringVar(&opts.rubric, "rubric", "", "rubric `FILE`, built-in ID or ID@VERSION to check the answers against (default: the rubric and version they name)")
	addSelectionFlags(cmd, &opts.selection)
	return cmd
}

func runStatus(e *env, opts statusOptions, args []string) error {
	if err := opts.check(); err != nil {
		return err
	}
	// What cannot be listed is a usage error; what is in the files is
	// shown.
	for _, arg := range args {
		if _, err := os.Stat(arg); err != nil {
			return invalidf("%s: %v", arg, store.Bare(err))
		}
	}
	g, err := gather(args, opts.rubric)
	if err != nil {
		return err
	}
	groups := g.groups
	if opts.team != "" || opts.period != "" {
		if groups, err = g.selected(opts.selection); err != nil {
			return err
		}
	}
	problems, err := store.Problems(g.loaded)
	if err != nil {
		return err
	}
	var b strings.Builder
	if len(groups) == 0 {
		fmt.Fprintf(&b, "No answers yet in %s.\n", strings.Join(args, " "))
	}
	rs := &rubricCache{flag: opts.rubric}
	loc := e.now().Location()
	for i, grp := range groups {
		if i > 0 {
			b.WriteString("\n")
		}
		problems = append(problems, groupStatus(&b, g, grp, rs, loc)...)
	}
	if len(problems) > 0 {
		fmt.Fprintf(&b, "\nProblems to fix before a report (%d):\n", len(problems))
		for _, p := range problems {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	}
	if n := len(g.ignored); n > 0 {
		fmt.Fprintf(&b, "\nIgnored (%d file%s that hold%s no answers): %s\n", n, plural(n), verbS(n), strings.Join(g.ignored, ", "))
	}
	e.sayOut("%s", b.String())
	return nil
}

// groupStatus writes who answered for one team and period, and returns
// the problems of their answers.
func groupStatus(b *strings.Builder, g *gathered, grp *collect.Group, rs *rubricCache, loc *time.Location) problem.List {
	r, rubricErr := rs.forGroup(grp)
	var problems problem.List
	unfinished := 0
	type line struct{ name, role, when, file, state string }
	lines := make([]line, 0, len(grp.Sheets))
	for _, s := range grp.Sheets {
		l := line{name: s.Respondent, role: s.Role, when: "–", file: s.Source}
		if !s.Completed.IsZero() {
			l.when = s.Completed.In(loc).Format("2006-01-02 15:04")
		}
		if r != nil {
			// Unanswered questions are counted below, not problems.
			pl := g.formProblems(s, r, true)
			if len(pl) == 0 {
				pl = sheetProblems(r, s, true)
			}
			problems = append(problems, pl...)
			missing := unanswered(r, s)
			switch {
			case len(pl) > 0:
				l.state = "has problems (below)"
				unfinished++
			case missing > 0:
				l.state = fmt.Sprintf("not finished: %d of %d questions unanswered", missing, r.NumQuestions())
				unfinished++
			}
		}
		lines = append(lines, l)
	}
	fmt.Fprintf(b, "%s, %s: %s", grp.Team, grp.Period, collect.Respondents(grp.Sheets))
	if unfinished > 0 {
		fmt.Fprintf(b, ", %d not finished", unfinished)
	}
	b.WriteString("\n")
	if rubricErr != nil {
		fmt.Fprintf(b, "  (unanswered questions not counted: %v)\n", rubricErr)
	}
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	for _, l := range lines {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", l.name, l.role, l.when, l.file, l.state)
	}
	tw.Flush()
	for row := range strings.Lines(table.String()) {
		b.WriteString(strings.TrimRight(row, " \n") + "\n")
	}
	for _, rep := range grp.Replaced {
		fmt.Fprintf(b, "  not counted: %s (%s again; %s counts)\n", rep.Sheet.Source, rep.Sheet.Respondent, rep.By.Source)
	}
	return problems
}

// sheetProblems checks one sheet against its rubric.
func sheetProblems(r *rubric.Rubric, s *answers.Sheet, allowMissing bool) problem.List {
	_, err := scoring.Score(r, []*answers.Sheet{s}, scoring.Options{AllowMissing: allowMissing})
	var pl problem.List
	if errors.As(err, &pl) {
		return pl
	}
	if err != nil {
		return problem.List{{File: s.Source, Msg: err.Error()}}
	}
	return nil
}

// unanswered counts the rubric's questions that s does not answer.
func unanswered(r *rubric.Rubric, s *answers.Sheet) int {
	n := 0
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			if _, ok := s.Answers[q.ID]; !ok {
				n++
			}
		}
	}
	return n
}

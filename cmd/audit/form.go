package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/form"
	"github.com/alignaudit/audit/internal/safetext"
	"github.com/alignaudit/audit/internal/store"
	"github.com/spf13/cobra"
)

type formOptions struct {
	rubric string
	team   string
	period string
	out    string
}

func newFormCmd(e *env) *cobra.Command {
	opts := formOptions{rubric: defaultRubricID, out: "."}
	cmd := &cobra.Command{
		Use:   "form [--rubric FILE|ID|ID@VERSION] [--team T] [--period YYYY-Qn] [--out DIR]",
		Short: "Write the questionnaire as a spreadsheet form, for those who will not use a terminal",
		Long: `Write <team>-<period>-form.xlsx into --out: the questionnaire as a workbook that
opens in Excel, LibreOffice and Google Sheets. Respondents type their name,
choose their role and one answer per question from drop-down lists, save the
file with their name added to its file name, and send it back. Put the filled
forms in the team's folder: report, score and status read them like answers
files, and 'audit take' counts them in the team's report.

Only the yellow cells can be changed (the sheets are protected without a
password). A hidden sheet, "Answer key", lets audit read the answers back
exactly; a form made from another rubric, or whose questions were edited, is
refused with the reason.

An existing form that someone has filled in is never replaced.`,
		Example: `  audit form --team Beta --period 2027-Q1 --out shared
  audit form --rubric rubrics/alignment-1.0.yaml --team "Field sales" --out shared`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runForm(e, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.rubric, "rubric", opts.rubric, "rubric `FILE`, built-in ID (its newest version) or ID@VERSION")
	f.StringVar(&opts.team, "team", "", "the team's `NAME` (default: the last team used)")
	f.StringVar(&opts.period, "period", "", "the quarter, `YYYY-Qn` (default: the current quarter)")
	f.StringVar(&opts.out, "out", opts.out, "`DIR` to write the form into (created if missing)")
	return cmd
}

func runForm(e *env, opts formOptions) error {
	team := strings.TrimSpace(safetext.Line(opts.team))
	if team == "" {
		team = store.RecallIdentity(e.getenv).Team
	}
	if team == "" {
		return invalidf("no team given: give it with --team")
	}
	if c := utf8.RuneCountInString(team); c > answers.MaxNameLength {
		return invalidf("--team: the name is %d characters long, more than the %d allowed", c, answers.MaxNameLength)
	}
	period := strings.TrimSpace(opts.period)
	if period == "" {
		period = currentQuarter(e.now())
	}
	if !answers.ValidPeriod(period) {
		return invalidf("--period %q: write the quarter as YYYY-Qn, e.g. 2026-Q3", opts.period)
	}
	r, err := loadRubric(opts.rubric)
	if err != nil {
		return err
	}
	date, err := reportDate(e, "")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return fmt.Errorf("create --out folder %s: %w", opts.out, store.Bare(err))
	}
	path := filepath.Join(opts.out, form.FileName(store.FilePart(team), period))
	if err := checkBlankForm(path); err != nil {
		return err
	}
	err = store.WriteFileAtomic(path, func(w *bufio.Writer) error {
		return form.Write(w, r, form.Options{Team: team, Period: period, Created: date})
	})
	if err != nil {
		return err
	}
	e.sayOut("%s\n", path)
	return nil
}

// checkBlankForm refuses to replace anything at path but a blank form:
// someone may have filled the form in where it was.
func checkBlankForm(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w", path, store.Bare(err))
	case !fi.Mode().IsRegular():
		return invalidf("%s is not a file: give another --out", path)
	}
	l := store.Load([]store.Found{{Path: path, InFolder: true}})[0]
	if l.Skip == store.SkipBlankForm {
		return nil
	}
	who := ""
	if l.Sheet != nil && l.Sheet.Respondent != "" {
		who = " (" + l.Sheet.Respondent + ")"
	}
	return invalidf("%s exists and is not a blank form%s: it is left as it is; move it away, or give another --out", path, who)
}

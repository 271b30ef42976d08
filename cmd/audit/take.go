package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/collect"
	"github.com/alignaudit/audit/internal/questionnaire"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/safetext"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/rubrics"
	"github.com/spf13/cobra"
)

type takeOptions struct {
	rubric     string
	team       string
	period     string
	respondent string
	role       string
	out        string
	tracker    string
	font       string
	accessible bool
	noReport   bool
	actions    int

	// asker asks the questions; nil means the terminal.
	asker questionnaire.Asker
}

func defaultTakeOptions() takeOptions {
	return takeOptions{rubric: defaultRubricID, out: "."}
}

func newTakeCmd(e *env) *cobra.Command {
	opts := defaultTakeOptions()
	cmd := &cobra.Command{
		Use:   "take [flags]",
		Short: "Answer the questionnaire in the terminal (the default command)",
		Long: `Answer the questionnaire in the terminal, one page per area, with the arrow
keys and Enter; shift+tab goes back. After the last area a summary shows the
score, and the answers are saved as <team>-<period>-<name>.yaml in --out.

Then (unless --no-report) the team's report is written: <team>-<period>.pdf
and .xlsx in --out, from every answers file and form in --out for the same
rubric, team and quarter, yours included; with --tracker, the team's row is
recorded from all of them. A folder the team shares thus always holds a
report of everyone who has answered so far. The paths written are printed on
stdout; the questionnaire itself draws on stderr.

The answers so far are kept as a draft after each answer, under
$XDG_STATE_HOME/audit/drafts (default ~/.local/state/audit/drafts). ctrl+c
stops and keeps the draft; the next 'audit take' for the same team, period
and name offers to resume it. The last team and name are remembered in
$XDG_CONFIG_HOME/audit/last.yaml (default ~/.config/audit).

--accessible (or the ACCESSIBLE environment variable) asks plain numbered
questions, one per line, for screen readers and simple terminals; it also
reads answers piped to stdin. Without it, take needs a terminal.`,
		Example: `  audit take
  audit take --team "Northwind Traders" --respondent "Dana Reyes" --role sales
  audit take --accessible --period 2026-Q3 --out answers
  audit take --rubric rubrics/alignment.yaml --no-report`,
		Args:              exactArgs(0, "no arguments"),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTake(cmd.Context(), e, opts)
		},
	}
	f := cmd.Flags()
	rubricFlag(cmd, &opts.rubric, opts.rubric, " (a built-in ID asks its newest version)")
	f.StringVar(&opts.team, "team", "", "the team's `NAME` (default: asked, the last one given first)")
	f.StringVar(&opts.period, "period", "", "the quarter, as `YYYY-Qn` (default: asked, the current one first)")
	f.StringVar(&opts.respondent, "respondent", "", "your `NAME` (default: asked, the last one given first)")
	f.StringVar(&opts.role, "role", "", "your `ROLE`: sales, marketing, leadership or other (default: asked)")
	outFlag(cmd, &opts.out, "the answers and the team's report")
	trackerFlag(cmd, &opts.tracker)
	actionsFlag(cmd, &opts.actions)
	fontFlag(cmd, &opts.font)
	f.BoolVar(&opts.accessible, "accessible", false, "ask plain numbered questions, one per line (screen readers, pipes)")
	f.BoolVar(&opts.noReport, "no-report", false, "write only the answers file, not the team's PDF and workbook")
	completeFlag(cmd, "role", completeRoles)
	completeFlag(cmd, "period", func(string) ([]string, cobra.ShellCompDirective) {
		return []string{currentQuarter(e.now())}, cobra.ShellCompDirectiveNoFileComp
	})
	completeFlag(cmd, "team", noFiles)
	completeFlag(cmd, "respondent", noFiles)
	return cmd
}

// accessibleEnv reports whether the ACCESSIBLE environment variable asks for
// accessible mode, or the terminal cannot draw a form.
func accessibleEnv(e *env) bool {
	v := strings.TrimSpace(e.getenv("ACCESSIBLE"))
	if v != "" && v != "0" && !strings.EqualFold(v, "false") && !strings.EqualFold(v, "no") {
		return true
	}
	return e.getenv("TERM") == "dumb"
}

// currentQuarter returns the quarter of t as YYYY-Qn.
func currentQuarter(t time.Time) string {
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

func runTake(ctx context.Context, e *env, opts takeOptions) error {
	// Flags first: a wrong one is said before anything else.
	if err := checkActions(opts.actions); err != nil {
		return err
	}
	accessible := opts.accessible || accessibleEnv(e)
	if !accessible && !e.stdinTTY {
		return invalidf("audit take asks its questions in a terminal, and stdin is not one: " +
			"run it in a terminal, add --accessible to answer numbered questions from stdin, " +
			"or score existing answers files with 'audit report FILE...'")
	}
	if err := checkFont(e, opts.font); err != nil {
		return err
	}
	if opts.tracker != "" && opts.noReport {
		return invalidf("--tracker records the report, which --no-report leaves out: use one of them")
	}
	id, ask, err := takeIdentity(e, opts)
	if err != nil {
		return err
	}
	r, err := loadRubric(opts.rubric)
	if err != nil {
		return err
	}
	asker := opts.asker
	if asker == nil {
		asker = questionnaire.NewTerminal(e.stdin, e.stderr, accessible)
	}

	if err := asker.Identify(ctx, r, &id, ask); err != nil {
		return takeStopped(e, err, "")
	}
	if err := checkIdentity(&id); err != nil {
		return err
	}
	if err := store.RememberIdentity(e.getenv, store.Identity{Team: id.Team, Respondent: id.Respondent, Role: id.Role}); err != nil {
		e.say("warning: could not remember the team and name for next time: %v\n", err)
	}

	base := store.FilePart(id.Team) + "-" + id.Period + "-" + store.FilePart(id.Respondent)
	draft := store.DraftPath(e.getenv, base)
	unlock, err := lockRespondent(id, draft, filepath.Join(opts.out, base+".yaml"))
	if err != nil {
		return err
	}
	defer unlock()
	sheet := &answers.Sheet{
		Rubric: r.ID, RubricVersion: r.Version,
		Team: id.Team, Period: id.Period, Respondent: id.Respondent, Role: id.Role,
		Answers: map[string]answers.Answer{},
	}
	// A draft keeps the rubric version it was started with, when the
	// rubric was chosen by its id alone: its answers fit that version.
	pinned := isRubricFile(opts.rubric) || strings.Contains(opts.rubric, "@")
	if r, err = offerResume(ctx, e, asker, r, pinned, draft, sheet); err != nil {
		return takeStopped(e, err, draft)
	}

	order := questionIDs(r)
	var draftErr error
	onPage := func(s *answers.Sheet) error {
		if draft == "" {
			return nil
		}
		if err := writeAnswers(draft, s, order); err != nil && draftErr == nil {
			draftErr = err
		}
		return nil
	}
	err = asker.Ask(ctx, r, sheet, onPage)
	if draftErr != nil {
		e.say("warning: could not save the draft: %v\n", draftErr)
	}
	if err == nil && ctx.Err() != nil {
		err = questionnaire.ErrAborted
	}
	if err != nil {
		return takeStopped(e, err, draft)
	}
	if err := saveTake(ctx, e, opts, r, sheet, base, draft, order); err != nil {
		// Until the answers file is written the answers are only in the
		// draft (saveTake removes it after): say so.
		if _, statErr := os.Stat(draft); statErr == nil {
			e.say("Not saved. Your answers are kept in the draft %s: run 'audit take' again "+
				"with the same team, quarter and name when the problem below is fixed, and save them.\n", draft)
		}
		return err
	}
	return nil
}

// lockRespondent makes sure that one take at a time answers for one
// respondent, team and quarter: a second one would replace the first one's
// draft and answers file. The lock is on the draft (or, without a state
// folder, on the answers file); a second take is refused at once.
func lockRespondent(id questionnaire.Identity, draft, answersFile string) (unlock func(), err error) {
	path := draft
	if path == "" {
		path = answersFile
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create folder %s: %w", filepath.Dir(path), store.Bare(err))
	}
	lock, err := store.Lock(path, "answers", 0)
	var locked *store.LockedError
	if errors.As(err, &locked) {
		return nil, fmt.Errorf("another 'audit take' is answering for %s (%s, %s) now (it holds %s): finish or stop that one first; "+
			"two at once would replace each other's answers", id.Respondent, id.Team, id.Period, locked.LockFile)
	}
	if err != nil {
		return nil, err
	}
	return lock.Unlock, nil
}

// takeIdentity takes the identity from the flags, and says what to ask,
// with remembered or computed defaults.
func takeIdentity(e *env, opts takeOptions) (questionnaire.Identity, questionnaire.Fields, error) {
	id := questionnaire.Identity{
		Team:       strings.TrimSpace(opts.team),
		Period:     strings.TrimSpace(opts.period),
		Respondent: strings.TrimSpace(opts.respondent),
		Role:       strings.ToLower(strings.TrimSpace(opts.role)),
	}
	if id.Period != "" && !answers.ValidPeriod(id.Period) {
		return id, 0, invalidf("--period %q: write the quarter as YYYY-Qn, e.g. 2026-Q3", opts.period)
	}
	if id.Role != "" && !answers.ValidRole(id.Role) {
		return id, 0, invalidf("--role %q: use one word such as sales, marketing, leadership or other", opts.role)
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"--team", id.Team, answers.MaxNameLength}, {"--respondent", id.Respondent, answers.MaxNameLength}, {"--role", id.Role, answers.MaxRoleLength}} {
		if strings.ContainsAny(f.v, "\n\r") {
			return id, 0, invalidf("%s must be one line", f.name)
		}
		if n := utf8.RuneCountInString(f.v); n > f.max {
			return id, 0, invalidf("%s is %d characters long, more than the %d allowed", f.name, n, f.max)
		}
	}
	id.Team, id.Respondent = strings.TrimSpace(safetext.Line(id.Team)), strings.TrimSpace(safetext.Line(id.Respondent))
	last := store.RecallIdentity(e.getenv)
	var ask questionnaire.Fields
	if id.Team == "" {
		ask |= questionnaire.AskTeam
		id.Team = last.Team
	}
	if id.Period == "" {
		ask |= questionnaire.AskPeriod
		id.Period = currentQuarter(e.now())
	}
	if id.Respondent == "" {
		ask |= questionnaire.AskRespondent
		id.Respondent = last.Respondent
	}
	if id.Role == "" {
		ask |= questionnaire.AskRole
		if answers.ValidRole(last.Role) {
			id.Role = last.Role
		}
	}
	return id, ask, nil
}

// checkIdentity checks what the respondent typed.
func checkIdentity(id *questionnaire.Identity) error {
	if strings.ContainsAny(id.Team+id.Respondent, "\n\r") {
		return invalidf("the team and the name must be one line each")
	}
	// Control characters are removed once, here, as from answers files:
	// the names reach file names, terminals, the PDF and the tracker.
	id.Team, id.Respondent = safetext.Line(id.Team), safetext.Line(id.Respondent)
	id.Team = strings.TrimSpace(id.Team)
	id.Period = strings.TrimSpace(id.Period)
	id.Respondent = strings.TrimSpace(id.Respondent)
	id.Role = strings.ToLower(strings.TrimSpace(id.Role))
	switch {
	case id.Team == "":
		return invalidf("no team given: give it with --team")
	case !answers.ValidPeriod(id.Period):
		return invalidf("quarter %q: write it as YYYY-Qn, e.g. 2026-Q3", id.Period)
	case id.Respondent == "":
		return invalidf("no name given: give it with --respondent")
	case !answers.ValidRole(id.Role):
		return invalidf("role %q: use one word such as sales, marketing, leadership or other", id.Role)
	case utf8.RuneCountInString(id.Team) > answers.MaxNameLength, utf8.RuneCountInString(id.Respondent) > answers.MaxNameLength,
		utf8.RuneCountInString(id.Role) > answers.MaxRoleLength:
		return invalidf("the team and the name may have at most %d characters each, the role %d", answers.MaxNameLength, answers.MaxRoleLength)
	}
	return nil
}

// offerResume offers to resume the draft for the same team, period and
// respondent, and copies its answers into sheet when the respondent agrees.
// A draft made with another built-in version of the rubric is resumed with
// that version, unless the version was pinned (a file, or ID@VERSION): it
// returns the rubric to ask.
func offerResume(ctx context.Context, e *env, asker questionnaire.Asker, r *rubric.Rubric, pinned bool, draft string, sheet *answers.Sheet) (*rubric.Rubric, error) {
	if draft == "" {
		return r, nil
	}
	d, when, err := store.ReadDraft(draft)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return r, nil
	case err != nil:
		e.say("warning: ignoring the draft %s, which cannot be read (%v); it will be replaced\n", draft, err)
		return r, nil
	case d.Rubric != r.ID:
		e.say("warning: ignoring the draft %s, which answers rubric %q, not %q; it will be replaced\n", draft, d.Rubric, r.ID)
		return r, nil
	}
	resumeWith := r
	note := ""
	if !pinned && d.RubricVersion != "" && d.RubricVersion != r.Version {
		if older, err := rubrics.Parse(r.ID + "@" + d.RubricVersion); err == nil {
			resumeWith = older
			note = fmt.Sprintf(" The draft was started with version %s of the questions: resuming keeps that version, starting over uses version %s.",
				older.Version, r.Version)
		}
	}
	n := 0
	for _, id := range questionIDs(resumeWith) {
		if _, ok := d.Answers[id]; ok {
			n++
		}
	}
	if n == 0 {
		return r, nil
	}
	detail := fmt.Sprintf("You answered %d of %d questions for %s, %s (%s). Resume to go on where you stopped; start over to answer from the first question.%s",
		n, resumeWith.NumQuestions(), sheet.Team, sheet.Period, when.In(e.now().Location()).Format("2 Jan 15:04"), note)
	yes, err := asker.Confirm(ctx, "Resume your draft?", detail, "Resume", "Start over")
	if err != nil {
		return r, err
	}
	if !yes {
		return r, nil
	}
	sheet.Answers = d.Answers
	sheet.RubricVersion = resumeWith.Version
	return resumeWith, nil
}

// takeStopped tells where the answers so far are, and returns the error to
// exit with.
func takeStopped(e *env, err error, draft string) error {
	kept := false
	if draft != "" {
		if _, statErr := os.Stat(draft); statErr == nil {
			kept = true
		}
	}
	resume := "run 'audit take' again with the same team, quarter and name to resume"
	switch {
	case errors.Is(err, questionnaire.ErrDeclined):
		if kept {
			e.say("Not saved. Your answers are kept in the draft %s: %s and save them.\n", draft, resume)
		} else {
			e.say("Not saved.\n")
		}
		return errAborted
	case errors.Is(err, questionnaire.ErrTooLong):
		if kept {
			e.say("Stopped. Your answers to the earlier areas are in the draft %s: %s.\n", draft, resume)
		}
		return invalidf("%v", err)
	case errors.Is(err, questionnaire.ErrAborted), errors.Is(err, questionnaire.ErrInputEnded):
		if kept {
			e.say("Stopped. Your answers so far are in the draft %s: %s.\n", draft, resume)
		} else {
			e.say("Stopped. Nothing was saved.\n")
		}
		if errors.Is(err, questionnaire.ErrInputEnded) {
			return invalidf("stdin ended before the last question: give one answer per line")
		}
		return errAborted
	}
	return err
}

// saveTake writes the answers file and the report, and removes the draft.
func saveTake(ctx context.Context, e *env, opts takeOptions, r *rubric.Rubric, sheet *answers.Sheet, base, draft string, order []string) error {
	sheet.Completed = e.now().UTC().Truncate(time.Second)
	if err := os.MkdirAll(opts.out, 0o755); err != nil {
		return fmt.Errorf("create --out folder %s: %w", opts.out, store.Bare(err))
	}
	path := filepath.Join(opts.out, base+".yaml")
	sheet.Source = path
	res, err := scoring.Score(r, []*answers.Sheet{sheet}, scoring.Options{})
	if err != nil {
		return fmt.Errorf("score the answers: %w", err)
	}
	if err := writeAnswers(path, sheet, order); err != nil {
		return err
	}
	if draft != "" {
		if err := os.Remove(draft); err != nil && !errors.Is(err, fs.ErrNotExist) {
			e.say("warning: could not remove the draft: %v\n", store.Bare(err))
		}
	}
	e.say("Saved. Score: %s out of 100", scoreText(res.Overall))
	if res.Band != nil {
		e.say(" — %s", res.Band.Label)
	}
	e.say("\n")
	e.sayOut("%s\n", path)
	if opts.noReport {
		return nil
	}
	return writeTeamReport(ctx, e, opts, r, sheet)
}

// writeTeamReport writes the team's report, and records its quarter in the
// tracker, from every answers file and form in --out for the same rubric,
// team and period as sheet: a folder that the team shares always holds a
// report of everyone who has answered so far, and one person's run never
// replaces it with a report of one. Files that cannot be counted are
// named in warnings and left as they are.
func writeTeamReport(ctx context.Context, e *env, opts takeOptions, r *rubric.Rubric, sheet *answers.Sheet) error {
	date, err := reportDate(e, "")
	if err != nil {
		return err
	}
	// Two people who finish at the same moment take turns: the second
	// reads the folder after the first has written its report, so the
	// last report covers both. Each answers file is written before.
	lock, err := store.Lock(filepath.Join(opts.out, "."+store.FilePart(sheet.Team)+"-"+sheet.Period+".report"), "team report", trackerLockWait)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	sheets, err := teamSheets(e, opts.out, r, sheet)
	if err != nil {
		return err
	}
	group := collect.Groups(sheets)[0]
	for _, rep := range group.Replaced {
		e.say("warning: %s\n", rep.Warning())
	}
	res, err := scoring.Score(r, group.Sheets, scoring.Options{})
	if err != nil {
		return fmt.Errorf("score the team's answers: %w", err)
	}
	for _, w := range res.Warnings {
		e.say("warning: %s\n", w)
	}
	paths, err := writeReports(ctx, e, []*scoring.Result{res}, reportTargets{out: opts.out, tracker: opts.tracker, actions: opts.actions, formats: allFormats, date: date, font: opts.font})
	if err == nil {
		e.say("Team report for %s, %s now covers %s\n", res.Team, res.Period, collect.Respondents(group.Sheets))
	}
	for _, p := range paths {
		e.sayOut("%s\n", p)
	}
	return err
}

// teamSheets reads the answers in folder for the rubric, team and period of
// own (the sheet just saved there): those that can be scored as they are.
// The others are named in warnings, with the reason.
func teamSheets(e *env, folder string, r *rubric.Rubric, own *answers.Sheet) ([]*answers.Sheet, error) {
	g, err := gather([]string{folder}, "")
	if err != nil {
		return nil, err
	}
	problems, err := store.Problems(g.loaded)
	if err != nil {
		return nil, err
	}
	warned := map[string]bool{}
	for _, p := range problems {
		if !warned[p.File] { // one line per file is enough to find it
			warned[p.File] = true
			e.say("warning: the team report leaves out a file that cannot be read: %s\n", p)
		}
	}
	key := collect.Key(own.Team, own.Period)
	sheets := []*answers.Sheet{}
	otherRubric, otherVersion := 0, 0
	for _, l := range g.loaded {
		s := l.Sheet
		if s == nil || collect.Key(s.Team, s.Period) != key {
			continue
		}
		if s.Rubric != r.ID {
			otherRubric++
			continue
		}
		if s.RubricVersion != "" && s.RubricVersion != r.Version {
			otherVersion++
			continue
		}
		pl := g.formProblems(s, r, false)
		if len(pl) == 0 {
			pl = sheetProblems(r, s, false)
		}
		if len(pl) > 0 {
			e.say("warning: the team report leaves out a file until it is fixed: %s\n", pl[0])
			continue
		}
		sheets = append(sheets, s)
	}
	if otherRubric > 0 {
		e.say("warning: the team report leaves out %d answers file%s for %s, %s that answer%s another rubric than %q\n",
			otherRubric, plural(otherRubric), own.Team, own.Period, verbS(otherRubric), r.ID)
	}
	if otherVersion > 0 {
		e.say("warning: the team report leaves out %d answers file%s for %s, %s that answer%s another version of %q than %s: the versions are different scales\n",
			otherVersion, plural(otherVersion), own.Team, own.Period, verbS(otherVersion), r.ID, r.Version)
	}
	if len(sheets) == 0 {
		// The folder no longer holds the file just written (another
		// program moved it): report the answers given.
		sheets = append(sheets, own)
	}
	return sheets, nil
}

func scoreText(s *float64) string {
	if s == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f", *s)
}

func questionIDs(r *rubric.Rubric) []string {
	ids := make([]string, 0, r.NumQuestions())
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			ids = append(ids, q.ID)
		}
	}
	return ids
}

// writeAnswers writes a sheet as YAML, creating its folder.
func writeAnswers(path string, s *answers.Sheet, order []string) error {
	data, err := answers.Encode(s, order)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, store.Bare(err))
	}
	return store.WriteFileAtomic(path, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

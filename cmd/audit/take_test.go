package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/questionnaire"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
	"github.com/xuri/excelize/v2"
)

// fakeAsker answers like a respondent would: it fills the identity, answers
// the areas that are not answered yet one page at a time, calling onPage
// after each, and stops after stopAfter pages with stop.
type fakeAsker struct {
	identity  questionnaire.Identity // what the respondent types
	resume    bool                   // the answer to "Resume your draft?"
	stopAfter int                    // pages to answer before stopping; -1: all
	stop      error                  // returned when stopping, or at the end

	asked     questionnaire.Fields
	defaults  questionnaire.Identity // the identity Identify was given
	questions []string               // what Confirm asked
	prefilled int                    // answers in the sheet Ask was given
}

func (f *fakeAsker) Identify(ctx context.Context, r *rubric.Rubric, id *questionnaire.Identity, ask questionnaire.Fields) error {
	f.asked, f.defaults = ask, *id
	set := func(field questionnaire.Fields, dst *string, v string) {
		if ask&field != 0 && v != "" {
			*dst = v
		}
	}
	set(questionnaire.AskTeam, &id.Team, f.identity.Team)
	set(questionnaire.AskPeriod, &id.Period, f.identity.Period)
	set(questionnaire.AskRespondent, &id.Respondent, f.identity.Respondent)
	set(questionnaire.AskRole, &id.Role, f.identity.Role)
	return nil
}

func (f *fakeAsker) Confirm(ctx context.Context, question, detail, yes, no string) (bool, error) {
	f.questions = append(f.questions, question+" "+detail)
	return f.resume, nil
}

func (f *fakeAsker) Ask(ctx context.Context, r *rubric.Rubric, s *answers.Sheet, onPage func(*answers.Sheet) error) error {
	f.prefilled = len(s.Answers)
	pages := 0
	for _, a := range r.Areas {
		if _, done := s.Answers[a.Questions[0].ID]; done {
			continue
		}
		if pages == f.stopAfter {
			return f.stop
		}
		for i, q := range a.Questions {
			s.Answers[q.ID] = answerFor(q, i)
		}
		if err := onPage(s); err != nil {
			return err
		}
		pages++
	}
	return f.stop
}

// answerFor picks an answer for the i-th question of an area: options in
// turn (a number for a number question), "not applicable" where allowed, a
// comment on the first.
func answerFor(q rubric.Question, i int) answers.Answer {
	a := answers.Answer{Option: q.Options[i%len(q.Options)].ID}
	if q.IsNumber() {
		a = answers.NumberAnswer(q.Min + float64(i))
	}
	if q.NA {
		a = answers.Answer{Option: answers.NA}
	}
	if i == 0 {
		a.Comment = "Comment on " + q.ID
	}
	return a
}

type testEnv struct {
	*env
	home           string
	stdout, stderr bytes.Buffer
	vars           map[string]string
}

func newTestEnv(t *testing.T) *testEnv {
	home := t.TempDir()
	te := &testEnv{home: home, vars: map[string]string{
		"HOME":            home,
		"XDG_STATE_HOME":  filepath.Join(home, "state"),
		"XDG_CONFIG_HOME": filepath.Join(home, "config"),
	}}
	te.env = &env{
		stdin:    strings.NewReader(""),
		stdout:   &te.stdout,
		stderr:   &te.stderr,
		stdinTTY: true,
		getenv:   func(k string) string { return te.vars[k] },
		now:      func() time.Time { return time.Date(2026, 8, 15, 9, 30, 0, 0, time.UTC) },
	}
	return te
}

func (te *testEnv) draft() string {
	return filepath.Join(te.home, "state", "audit", "drafts", "northwind-2026-Q3-dana-reyes.draft.yaml")
}

func takeOpts(t *testing.T, asker questionnaire.Asker) takeOptions {
	opts := defaultTakeOptions()
	opts.team, opts.period, opts.respondent, opts.role = "Northwind", "2026-Q3", "Dana Reyes", "sales"
	opts.out = t.TempDir()
	opts.noReport = true
	opts.asker = asker
	return opts
}

func readSheet(t *testing.T, path string) *answers.Sheet {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := answers.Parse(path, data)
	if err != nil {
		t.Fatalf("%s does not parse: %v", path, err)
	}
	return s
}

func TestTakeWritesAnswersFile(t *testing.T) {
	te := newTestEnv(t)
	asker := &fakeAsker{stopAfter: -1}
	opts := takeOpts(t, asker)
	if err := runTake(context.Background(), te.env, opts); err != nil {
		t.Fatalf("take: %v\n%s", err, te.stderr.String())
	}
	path := filepath.Join(opts.out, "northwind-2026-Q3-dana-reyes.yaml")
	if got := te.stdout.String(); got != path+"\n" {
		t.Errorf("stdout = %q, want the answers file's path", got)
	}
	if asker.asked != 0 {
		t.Errorf("Identify asked for %b, want nothing: the flags give it all", asker.asked)
	}
	s := readSheet(t, path)
	if s.Rubric != "alignment" || s.RubricVersion == "" || s.Team != "Northwind" || s.Period != "2026-Q3" ||
		s.Respondent != "Dana Reyes" || s.Role != "sales" {
		t.Errorf("answers file header = %+v", s)
	}
	if want := te.now(); !s.Completed.Equal(want) {
		t.Errorf("completed = %v, want %v", s.Completed, want)
	}
	r, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Areas {
		for i, q := range a.Questions {
			want := answerFor(q, i)
			if got := s.Answers[q.ID]; got.Option != want.Option || got.Comment != want.Comment || (got.Number == nil) != (want.Number == nil) {
				t.Errorf("answer to %s = %+v, want %+v", q.ID, got, want)
			}
		}
	}
	if _, err := os.Stat(te.draft()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the draft is still there after completing (%v)", err)
	}
	if !strings.Contains(te.stderr.String(), "Saved. Score:") {
		t.Errorf("stderr lacks the score: %q", te.stderr.String())
	}
}

func TestTakeAsksWhatFlagsDoNotGive(t *testing.T) {
	te := newTestEnv(t)
	last := filepath.Join(te.home, "config", "audit", "last.yaml")
	if err := os.MkdirAll(filepath.Dir(last), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(last, []byte("team: Northwind\nrespondent: Dana Reyes\nrole: marketing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	asker := &fakeAsker{stopAfter: -1, identity: questionnaire.Identity{Team: "Contoso", Role: "leadership"}}
	opts := takeOpts(t, asker)
	opts.team, opts.period, opts.respondent, opts.role = "", "", "", ""
	if err := runTake(context.Background(), te.env, opts); err != nil {
		t.Fatalf("take: %v\n%s", err, te.stderr.String())
	}
	if want := questionnaire.AskTeam | questionnaire.AskPeriod | questionnaire.AskRespondent | questionnaire.AskRole; asker.asked != want {
		t.Errorf("asked %b, want %b", asker.asked, want)
	}
	wantDefaults := questionnaire.Identity{Team: "Northwind", Period: "2026-Q3", Respondent: "Dana Reyes", Role: "marketing"}
	if asker.defaults != wantDefaults {
		t.Errorf("defaults = %+v, want the remembered ones and the current quarter %+v", asker.defaults, wantDefaults)
	}
	s := readSheet(t, filepath.Join(opts.out, "contoso-2026-Q3-dana-reyes.yaml"))
	if s.Team != "Contoso" || s.Role != "leadership" {
		t.Errorf("answers file has team %q, role %q", s.Team, s.Role)
	}
	data, _ := os.ReadFile(last)
	if !strings.Contains(string(data), "team: Contoso") || !strings.Contains(string(data), "role: leadership") {
		t.Errorf("last.yaml does not remember the new team:\n%s", data)
	}
}

func TestTakeAbortKeepsDraft(t *testing.T) {
	te := newTestEnv(t)
	asker := &fakeAsker{stopAfter: 2, stop: questionnaire.ErrAborted}
	opts := takeOpts(t, asker)
	opts.noReport = false
	err := runTake(context.Background(), te.env, opts)
	if code := exitCode(err); code != exitAborted {
		t.Fatalf("exit status %d (%v), want %d", code, err, exitAborted)
	}
	d := readSheet(t, te.draft())
	if want := twoAreas(t); len(d.Answers) != want || d.Team != "Northwind" || !d.Completed.IsZero() {
		t.Errorf("draft has %d answers (want the %d of two areas), team %q, completed %v", len(d.Answers), want, d.Team, d.Completed)
	}
	if entries, _ := os.ReadDir(opts.out); len(entries) != 0 {
		t.Errorf("--out has %d files after ctrl+c, want none", len(entries))
	}
	if te.stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", te.stdout.String())
	}
	if !strings.Contains(te.stderr.String(), te.draft()) {
		t.Errorf("stderr does not say where the draft is: %q", te.stderr.String())
	}
}

func TestTakeResumesDraft(t *testing.T) {
	te := newTestEnv(t)
	first := &fakeAsker{stopAfter: 2, stop: questionnaire.ErrAborted}
	if err := runTake(context.Background(), te.env, takeOpts(t, first)); !errors.Is(err, errAborted) {
		t.Fatalf("first run: %v", err)
	}

	second := &fakeAsker{stopAfter: -1, resume: true}
	opts := takeOpts(t, second)
	if err := runTake(context.Background(), te.env, opts); err != nil {
		t.Fatalf("second run: %v\n%s", err, te.stderr.String())
	}
	r := newest(t)
	offer := fmt.Sprintf("%d of %d questions", twoAreas(t), r.NumQuestions())
	if len(second.questions) != 1 || !strings.Contains(second.questions[0], "Resume your draft?") ||
		!strings.Contains(second.questions[0], offer) {
		t.Errorf("Confirm asked %q, want an offer to resume %s", second.questions, offer)
	}
	if second.prefilled != twoAreas(t) {
		t.Errorf("Ask got %d answers from the draft, want %d", second.prefilled, twoAreas(t))
	}
	s := readSheet(t, filepath.Join(opts.out, "northwind-2026-Q3-dana-reyes.yaml"))
	if len(s.Answers) != r.NumQuestions() {
		t.Errorf("answers file has %d answers, want %d", len(s.Answers), r.NumQuestions())
	}
	if _, err := os.Stat(te.draft()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the draft is still there after completing (%v)", err)
	}
}

// newest is the newest built-in alignment rubric, which take asks.
func newest(t *testing.T) *rubric.Rubric {
	t.Helper()
	r, err := builtinRubric(defaultRubricID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// twoAreas counts the questions of the first two areas of the newest
// rubric: a draft after two pages holds their answers.
func twoAreas(t *testing.T) int {
	r := newest(t)
	return len(r.Areas[0].Questions) + len(r.Areas[1].Questions)
}

// TestTakeResumesDraftOfOlderVersion: a draft started with version 1.0 is
// resumed with 1.0 after 2.0 is the newest, so its answers are kept and the
// answers file names 1.0; starting over uses the newest.
func TestTakeResumesDraftOfOlderVersion(t *testing.T) {
	te := newTestEnv(t)
	first := &fakeAsker{stopAfter: 2, stop: questionnaire.ErrAborted}
	opts := takeOpts(t, first)
	opts.rubric = "alignment@1.0"
	if err := runTake(context.Background(), te.env, opts); !errors.Is(err, errAborted) {
		t.Fatalf("first run: %v", err)
	}
	old, err := builtinRubric("alignment@1.0")
	if err != nil {
		t.Fatal(err)
	}
	if d := readSheet(t, te.draft()); d.RubricVersion != "1.0" {
		t.Fatalf("the draft names version %q, want 1.0", d.RubricVersion)
	}

	second := &fakeAsker{stopAfter: -1, resume: true}
	opts = takeOpts(t, second) // --rubric alignment: the newest, unless a draft says otherwise
	if err := runTake(context.Background(), te.env, opts); err != nil {
		t.Fatalf("second run: %v\n%s", err, te.stderr.String())
	}
	if len(second.questions) != 1 || !strings.Contains(second.questions[0], "of 30 questions") ||
		!strings.Contains(second.questions[0], "started with version 1.0") {
		t.Errorf("Confirm asked %q, want an offer to resume with version 1.0", second.questions)
	}
	s := readSheet(t, filepath.Join(opts.out, "northwind-2026-Q3-dana-reyes.yaml"))
	if s.RubricVersion != "1.0" || len(s.Answers) != old.NumQuestions() {
		t.Errorf("answers file: version %q with %d answers, want 1.0 with %d", s.RubricVersion, len(s.Answers), old.NumQuestions())
	}

	// Starting over takes the newest version.
	te = newTestEnv(t)
	opts = takeOpts(t, &fakeAsker{stopAfter: 1, stop: questionnaire.ErrAborted})
	opts.rubric = "alignment@1.0"
	_ = runTake(context.Background(), te.env, opts)
	third := &fakeAsker{stopAfter: -1, resume: false}
	opts = takeOpts(t, third)
	if err := runTake(context.Background(), te.env, opts); err != nil {
		t.Fatal(err)
	}
	s = readSheet(t, filepath.Join(opts.out, "northwind-2026-Q3-dana-reyes.yaml"))
	if s.RubricVersion != newest(t).Version {
		t.Errorf("after starting over the answers name version %q, want %s", s.RubricVersion, newest(t).Version)
	}
}

func TestTakeStartOver(t *testing.T) {
	te := newTestEnv(t)
	first := &fakeAsker{stopAfter: 1, stop: questionnaire.ErrAborted}
	_ = runTake(context.Background(), te.env, takeOpts(t, first))
	second := &fakeAsker{stopAfter: -1, resume: false}
	if err := runTake(context.Background(), te.env, takeOpts(t, second)); err != nil {
		t.Fatal(err)
	}
	if second.prefilled != 0 {
		t.Errorf("Ask got %d answers after 'start over', want none", second.prefilled)
	}
}

func TestTakeDeclinedKeepsDraft(t *testing.T) {
	te := newTestEnv(t)
	asker := &fakeAsker{stopAfter: -1, stop: questionnaire.ErrDeclined}
	opts := takeOpts(t, asker)
	err := runTake(context.Background(), te.env, opts)
	if code := exitCode(err); code != exitAborted {
		t.Errorf("exit status %d, want %d", code, exitAborted)
	}
	if d, n := readSheet(t, te.draft()), newest(t).NumQuestions(); len(d.Answers) != n {
		t.Errorf("draft has %d answers, want all %d", len(d.Answers), n)
	}
	if !strings.Contains(te.stderr.String(), "Not saved") {
		t.Errorf("stderr = %q", te.stderr.String())
	}
}

func TestTakeCancelledContext(t *testing.T) {
	te := newTestEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	asker := &fakeAsker{stopAfter: -1} // finishes, but SIGINT came
	err := runTake(ctx, te.env, takeOpts(t, asker))
	if code := exitCode(err); code != exitAborted {
		t.Errorf("exit status %d (%v), want %d", code, err, exitAborted)
	}
}

func TestTakeReport(t *testing.T) {
	te := newTestEnv(t)
	opts := takeOpts(t, &fakeAsker{stopAfter: -1})
	opts.noReport = false
	err := runTake(context.Background(), te.env, opts)
	lines := strings.Split(strings.TrimSpace(te.stdout.String()), "\n")
	answersFile := filepath.Join(opts.out, "northwind-2026-Q3-dana-reyes.yaml")
	if lines[0] != answersFile {
		t.Fatalf("stdout = %q, want the answers file first", te.stdout.String())
	}
	readSheet(t, answersFile) // saved even if a report fails
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, ext := range []string{".pdf", ".xlsx"} {
		path := filepath.Join(opts.out, "northwind-2026-Q3"+ext)
		want = append(want, path)
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("no %s report: %v", ext, err)
		}
	}
	if diff := cmp.Diff(append([]string{answersFile}, want...), lines); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
}

func TestTakeExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []string
		tty        bool
		vars       map[string]string
		wantCode   int
		wantStderr string
	}{
		{"no terminal", []string{"take"}, false, nil, exitInvalid, "--accessible"},
		{"no terminal, audit alone", nil, false, nil, exitInvalid, "audit report"},
		{"bad period", []string{"take", "--period", "2026-Q5"}, true, nil, exitInvalid, "YYYY-Qn"},
		{"bad role", []string{"take", "--role", "sales lead"}, true, nil, exitInvalid, "--role"},
		{"tracker without report", []string{"take", "--no-report", "--tracker", "t.xlsx"}, true, nil, exitInvalid, "--tracker"},
		{"long team", []string{"take", "--team", strings.Repeat("é", 101)}, true, nil, exitInvalid, "--team is 101 characters long, more than the 100 allowed"},
		{"long name", []string{"take", "--respondent", strings.Repeat("n", 101)}, true, nil, exitInvalid, "--respondent is 101 characters long"},
		{"missing font", []string{"take", "--font", "nofont.ttf"}, true, nil, exitInvalid, "--font nofont.ttf: no such file or directory"},
		{"unknown rubric", []string{"take", "--rubric", "nope", "--team", "T", "--respondent", "R", "--role", "sales"}, true, nil, exitInvalid, "no built-in rubric"},
		{"accessible, input ends", []string{"take", "--team", "T", "--respondent", "R", "--role", "sales"}, false,
			map[string]string{"ACCESSIBLE": "1"}, exitInvalid, "stdin ended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.stdinTTY = tc.tty
			for k, v := range tc.vars {
				te.vars[k] = v
			}
			if code := run(context.Background(), tc.args, te.env); code != tc.wantCode {
				t.Errorf("exit status %d, want %d\nstderr: %s", code, tc.wantCode, te.stderr.String())
			}
			if !strings.Contains(te.stderr.String(), tc.wantStderr) {
				t.Errorf("stderr lacks %q: %s", tc.wantStderr, te.stderr.String())
			}
		})
	}
}

func TestCurrentQuarter(t *testing.T) {
	for m, want := range map[time.Month]string{1: "2026-Q1", 3: "2026-Q1", 4: "2026-Q2", 9: "2026-Q3", 12: "2026-Q4"} {
		if got := currentQuarter(time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC)); got != want {
			t.Errorf("currentQuarter(month %d) = %s, want %s", m, got, want)
		}
	}
}

// TestNamesThatDifferGetTheirOwnFiles (issue 16, item 2): teams whose safe
// forms used to be one name ("Anne-Marie Lee" and "Anne Marie Lee") each
// get their own answers file and draft: the second team is not offered the
// first one's draft, and neither file replaces the other. A team in
// another case is the same team: its draft is offered.
func TestNamesThatDifferGetTheirOwnFiles(t *testing.T) {
	te := newTestEnv(t)
	out := t.TempDir()
	run := func(team string, asker *fakeAsker) {
		t.Helper()
		opts := takeOpts(t, asker)
		opts.team, opts.out = team, out
		if err := runTake(context.Background(), te.env, opts); err != nil && !errors.Is(err, errAborted) {
			t.Fatalf("take for %s: %v", team, err)
		}
	}
	run("Anne-Marie Lee", &fakeAsker{stopAfter: 2, stop: questionnaire.ErrAborted})
	other := &fakeAsker{stopAfter: -1, resume: true}
	run("Anne Marie Lee", other)
	if len(other.questions) != 0 || other.prefilled != 0 {
		t.Errorf("team Anne Marie Lee was offered team Anne-Marie Lee's draft: %q", other.questions)
	}
	run("Anne-Marie Lee", &fakeAsker{stopAfter: -1})
	same := &fakeAsker{stopAfter: -1}
	run("ANNE MARIE LEE", same)
	if len(same.questions) != 0 {
		t.Errorf("a finished take left a draft: %q", same.questions)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	teams := map[string]string{}
	for _, e := range entries {
		teams[e.Name()] = readSheet(t, filepath.Join(out, e.Name())).Team
	}
	if len(teams) != 2 || teams["anne-marie-lee-2026-Q3-dana-reyes.yaml"] != "ANNE MARIE LEE" {
		t.Errorf("answers files %v: want one for Anne-Marie Lee and one for Anne Marie Lee (in any case)", teams)
	}
}

// TestTakeTeamReport is the scenario of issue 11: Ann and then Bob answer
// into one shared folder with one tracker. After each, the team's report
// and its tracker row cover everyone so far, and no answer is lost.
func TestTakeTeamReport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes four reports")
	}
	shared := t.TempDir()
	tracker := filepath.Join(shared, "tracker.xlsx")
	for i, who := range []struct{ name, role string }{{"Ann", "sales"}, {"Bob", "marketing"}} {
		te := newTestEnv(t)
		opts := takeOpts(t, &fakeAsker{stopAfter: -1})
		opts.team, opts.period, opts.respondent, opts.role = "Beta", "2027-Q1", who.name, who.role
		opts.out, opts.tracker, opts.noReport = shared, tracker, false
		if err := runTake(context.Background(), te.env, opts); err != nil {
			t.Fatalf("%s: %v\n%s", who.name, err, te.stderr.String())
		}
		n := i + 1
		wantMsg := []string{
			"Team report for Beta, 2027-Q1 now covers 1 respondent (1 sales, 0 marketing)",
			"Team report for Beta, 2027-Q1 now covers 2 respondents (1 sales, 1 marketing)",
		}[i]
		if !strings.Contains(te.stderr.String(), wantMsg) {
			t.Errorf("%s: stderr does not say %q:\n%s", who.name, wantMsg, te.stderr.String())
		}
		wantOut := []string{
			filepath.Join(shared, "beta-2027-Q1-"+strings.ToLower(who.name)+".yaml"),
			filepath.Join(shared, "beta-2027-Q1.pdf"), filepath.Join(shared, "beta-2027-Q1.xlsx"), tracker,
		}
		if got := strings.Fields(te.stdout.String()); !slices.Equal(got, wantOut) {
			t.Errorf("%s: stdout %q, want %q", who.name, got, wantOut)
		}

		// The report workbook has everyone's answers.
		report := sheetRows(t, filepath.Join(shared, "beta-2027-Q1.xlsx"), "Summary")
		if got := findRow(report, "Respondents"); len(got) < 2 || got[1] != fmt.Sprint(n) {
			t.Errorf("%s: report workbook Summary says respondents %q, want %d", who.name, got, n)
		}
		// The tracker's row counts everyone, and its Answers sheet keeps
		// every respondent's answers.
		history := sheetRows(t, tracker, "History")
		if len(history) != 2 || history[1][1] != "Beta" || history[1][4] != fmt.Sprint(n) {
			t.Errorf("%s: History rows %q, want one row for Beta with %d respondents", who.name, history, n)
		}
		perPerson := map[string]int{}
		for _, row := range sheetRows(t, tracker, "Answers")[1:] {
			perPerson[row[3]]++
		}
		newest, err := rubrics.Parse("alignment")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"Ann": newest.NumQuestions()}
		if n == 2 {
			want["Bob"] = newest.NumQuestions()
		}
		if !maps.Equal(perPerson, want) {
			t.Errorf("%s: tracker Answers rows per respondent %v, want %v", who.name, perPerson, want)
		}
	}
	// The PDF is the team's: both respondents, and no per-person PDF.
	pdfs, _ := filepath.Glob(filepath.Join(shared, "*.pdf"))
	if len(pdfs) != 1 {
		t.Errorf("PDFs in the shared folder: %q, want the team report only", pdfs)
	}
}

// TestTakeTeamReportLeavesOut: answers that cannot be counted as they are
// (broken, unfinished, another rubric) are named in warnings and left as
// they are; another team's and another quarter's are not the team's.
func TestTakeTeamReportLeavesOut(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a report")
	}
	shared := t.TempDir()
	files := map[string]string{
		"broken.yaml":     "rubric: alignment\nteam: [\n",
		"unfinished.yaml": "rubric: alignment\nteam: Beta\nperiod: 2027-Q1\nrespondent: Cy\nrole: sales\nanswers:\n  goals-shared-targets: joint\n",
		"other.yaml":      "rubric: sales\nteam: Beta\nperiod: 2027-Q1\nrespondent: Di\nrole: sales\nanswers: {}\n",
		"gamma.yaml":      "rubric: alignment\nteam: Gamma\nperiod: 2027-Q1\nrespondent: Ed\nrole: sales\nanswers: {}\n",
		"q2.yaml":         "rubric: alignment\nteam: Beta\nperiod: 2027-Q2\nrespondent: Fay\nrole: sales\nanswers: {}\n",
	}
	before := map[string][]byte{}
	for name, data := range files {
		path := filepath.Join(shared, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		before[path] = []byte(data)
	}
	te := newTestEnv(t)
	opts := takeOpts(t, &fakeAsker{stopAfter: -1})
	opts.team, opts.period, opts.respondent, opts.role = "beta", "2027-Q1", "Ann", "sales"
	opts.out, opts.noReport = shared, false
	if err := runTake(context.Background(), te.env, opts); err != nil {
		t.Fatalf("%v\n%s", err, te.stderr.String())
	}
	for _, want := range []string{
		"warning: the team report leaves out a file that cannot be read: " + filepath.Join(shared, "broken.yaml") + ":2: invalid YAML",
		"warning: the team report leaves out a file until it is fixed: " + filepath.Join(shared, "unfinished.yaml") + ": answers: question",
		"warning: the team report leaves out 1 answers file for beta, 2027-Q1 that answers another rubric than \"alignment\"",
		"Team report for beta, 2027-Q1 now covers 1 respondent (1 sales, 0 marketing)",
	} {
		if !strings.Contains(te.stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, te.stderr.String())
		}
	}
	for path, data := range before {
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Errorf("%s changed", path)
		}
	}
}

// sheetRows reads a sheet of a workbook.
func sheetRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// findRow returns the first row whose first cell is label.
func findRow(rows [][]string, label string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			return r
		}
	}
	return nil
}

// TestTakeTeamReportConcurrent: people who finish at the same moment take
// turns at the team report, so the last report and the tracker row cover
// all of them.
func TestTakeTeamReportConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("writes four reports at once")
	}
	shared := t.TempDir()
	tracker := filepath.Join(shared, "tracker.xlsx")
	names := []string{"Ann", "Bob", "Cy", "Di"}
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		te := newTestEnv(t)
		opts := takeOpts(t, &fakeAsker{stopAfter: -1})
		opts.team, opts.period, opts.respondent = "Beta", "2027-Q1", name
		opts.out, opts.tracker, opts.noReport = shared, tracker, false
		wg.Go(func() { errs[i] = runTake(context.Background(), te.env, opts) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", names[i], err)
		}
	}
	history := sheetRows(t, tracker, "History")
	if len(history) != 2 || history[1][4] != "4" {
		t.Errorf("History rows %q, want one row with 4 respondents", history)
	}
	report := sheetRows(t, filepath.Join(shared, "beta-2027-Q1.xlsx"), "Summary")
	if got := findRow(report, "Respondents"); len(got) < 2 || got[1] != "4" {
		t.Errorf("report workbook says respondents %q, want 4", got)
	}
}

// blockingAsker answers like fakeAsker, but waits in Ask until release is
// closed, as a respondent still answering would.
type blockingAsker struct {
	fakeAsker
	asking, release chan struct{}
}

func (b *blockingAsker) Ask(ctx context.Context, r *rubric.Rubric, s *answers.Sheet, onPage func(*answers.Sheet) error) error {
	close(b.asking)
	<-b.release
	return b.fakeAsker.Ask(ctx, r, s, onPage)
}

// TestTakeTwiceAtOnce (issue 16, item 3): while one take answers for a
// respondent, team and quarter, a second one for the same is refused (it
// used to run, exit 0, and replace the first one's draft and answers), and
// leaves the first one's draft alone; the first then saves its answers.
func TestTakeTwiceAtOnce(t *testing.T) {
	te := newTestEnv(t)
	first := &blockingAsker{fakeAsker: fakeAsker{stopAfter: -1}, asking: make(chan struct{}), release: make(chan struct{})}
	opts := takeOpts(t, first)
	done := make(chan error, 1)
	go func() { done <- runTake(context.Background(), te.env, opts) }()
	<-first.asking

	second := newTestEnv(t)
	second.vars = te.vars // the same account
	secondOpts := takeOpts(t, &fakeAsker{stopAfter: -1})
	secondOpts.out = opts.out
	err := runTake(context.Background(), second.env, secondOpts)
	if err == nil || !strings.Contains(err.Error(), "another 'audit take' is answering for Dana Reyes (Northwind, 2026-Q3) now") {
		t.Errorf("second take: %v, want it refused", err)
	}
	if code := exitCode(err); code != exitFailure {
		t.Errorf("second take: exit status %d, want %d", code, exitFailure)
	}
	if entries, _ := os.ReadDir(opts.out); len(entries) != 0 {
		t.Errorf("the second take wrote %d files", len(entries))
	}
	close(first.release)
	if err := <-done; err != nil {
		t.Fatalf("first take: %v", err)
	}
	newest, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	if s := readSheet(t, filepath.Join(opts.out, "northwind-2026-Q3-dana-reyes.yaml")); len(s.Answers) != newest.NumQuestions() {
		t.Errorf("the first take saved %d answers, want %d", len(s.Answers), newest.NumQuestions())
	}
	// Once it is done, the next take runs.
	if err := runTake(context.Background(), second.env, secondOpts); err != nil {
		t.Errorf("a take after the first: %v", err)
	}
}

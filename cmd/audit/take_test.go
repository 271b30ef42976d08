package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/questionnaire"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
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

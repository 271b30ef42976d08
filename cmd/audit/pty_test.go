//go:build unix

package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
	"github.com/creack/pty"
)

// The end-to-end tests build the audit binary and run it in a pseudo-
// terminal of 80×24, as a person would: they read the screen and press
// keys. Every key press waits for the screen it belongs to, with a generous
// timeout; nothing relies on sleeping.

const (
	ptyCols, ptyRows = 80, 24
	screenTimeout    = 30 * time.Second
	keyEnter         = "\r"
	keyDown          = "\x1b[B"
	keyCtrlC         = "\x03"
)

// buildAudit builds the binary into a temporary folder.
func buildAudit(t *testing.T) string {
	t.Helper()
	slow(t, "builds audit and drives it in a terminal")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "audit")
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// ptyHome is a home folder with its own XDG folders, and where the
// answers go.
type ptyHome struct {
	dir, out string
	term     string // TERM; xterm-256color when empty
	extraEnv []string
}

func newPtyHome(t *testing.T) ptyHome {
	dir := t.TempDir()
	return ptyHome{dir: dir, out: filepath.Join(dir, "out")}
}

func (h ptyHome) env() []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + h.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(h.dir, "config"),
		"XDG_STATE_HOME=" + filepath.Join(h.dir, "state"),
		"TERM=" + cmp.Or(h.term, "xterm-256color"),
		"LANG=C.UTF-8",
	}, h.extraEnv...)
}

func (h ptyHome) draft(base string) string {
	return filepath.Join(h.dir, "state", "audit", "drafts", base+".draft.yaml")
}

// ptySession is the binary running in a pseudo-terminal: stdin and stderr
// are the terminal, stdout is kept apart.
type ptySession struct {
	t      *testing.T
	tty    *os.File
	screen *vtScreen
	stdout bytes.Buffer
	exited chan error
	read   chan struct{}
}

func startPty(t *testing.T, bin string, h ptyHome, args ...string) *ptySession {
	t.Helper()
	s := &ptySession{t: t, screen: newVTScreen(ptyCols, ptyRows), exited: make(chan error, 1), read: make(chan struct{})}
	cmd := exec.Command(bin, args...)
	cmd.Dir = h.dir
	cmd.Env = h.env()
	cmd.Stdout = &s.stdout
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: ptyCols, Rows: ptyRows})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	s.tty = tty
	go func() {
		_, _ = io.Copy(s.screen, tty) // ends with EIO when the program exits
		close(s.read)
	}()
	go func() { s.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		tty.Close()
	})
	return s
}

// waitFor waits until the screen satisfies ok.
func (s *ptySession) waitFor(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for {
		scr := s.screen.text()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; the screen:\n%s\nunknown sequences: %q", what, scr, s.screen.unknownSequences())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitText waits until the screen shows every text.
func (s *ptySession) waitText(texts ...string) string {
	s.t.Helper()
	return s.waitFor(fmt.Sprintf("%q", texts), func(scr string) bool {
		for _, text := range texts {
			if !strings.Contains(scr, text) {
				return false
			}
		}
		return true
	})
}

// focused returns the lines of the focused field: huh marks them with a
// thick bar on the left.
func focused(screen string) []string {
	var lines []string
	for _, l := range strings.Split(screen, "\n") {
		if _, rest, ok := strings.Cut(l, "┃"); ok {
			lines = append(lines, strings.TrimSpace(rest))
		} else if len(lines) > 0 {
			break
		}
	}
	return lines
}

func (s *ptySession) press(keys ...string) {
	s.t.Helper()
	if _, err := s.tty.Write([]byte(strings.Join(keys, ""))); err != nil {
		s.t.Fatalf("write keys: %v", err)
	}
}

// wait waits for the program to exit and returns its status and its last
// screen.
func (s *ptySession) wait() (int, string) {
	s.t.Helper()
	var err error
	select {
	case err = <-s.exited:
	case <-time.After(screenTimeout):
		s.t.Fatalf("the program did not exit; the screen:\n%s", s.screen.text())
	}
	select {
	case <-s.read:
	case <-time.After(5 * time.Second):
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, s.screen.text()
	case errors.As(err, &ee):
		return ee.ExitCode(), s.screen.text()
	}
	s.t.Fatalf("wait: %v", err)
	return 0, ""
}

// choice is the answer the tests give to a question, by the question's
// place in the rubric: the choices in turn (the options, then "don't know"
// and "not applicable" where allowed; for a number question first the
// number, then the other answers it allows). It returns how many times to
// press down, the number to type (if any), the answer and what the
// comment field shows it as.
func choice(q *rubric.Question, n int) (downs int, typed string, want answers.Answer, label string) {
	type pick struct {
		id, label string
	}
	var picks []pick
	if q.IsNumber() {
		picks = append(picks, pick{"#", ""})
		if o, ok := q.UnmeasuredOption(); ok {
			picks = append(picks, pick{o.ID, o.Label})
		}
	} else {
		for _, o := range q.Options {
			picks = append(picks, pick{o.ID, o.Label})
		}
	}
	if q.DontKnow {
		picks = append(picks, pick{answers.DontKnow, "Don't know"})
	}
	if q.NA {
		picks = append(picks, pick{answers.NA, "Not applicable"})
	}
	downs = n % len(picks)
	p := picks[downs]
	if p.id == "#" {
		v := q.Min + float64(n%7)
		typed = strconv.FormatFloat(v, 'g', -1, 64)
		return downs, typed, answers.NumberAnswer(v), rubric.WithUnit(typed, q.Unit)
	}
	return downs, "", answers.Answer{Option: p.id}, p.label
}

// prefix is the start of a text that fits on the first line of a field.
func prefix(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 30)])
}

// answerAreas answers the areas from..to-1 with the arrow keys and Enter,
// a comment on the first question of each, checking each screen first. It
// starts on the first question of area from.
func (s *ptySession) answerAreas(r *rubric.Rubric, from, to int) {
	s.t.Helper()
	s.answerQuestions(r, firstQuestion(r, from), firstQuestion(r, to))
}

// firstQuestion is the number of the first question of an area in the
// whole rubric, from 0.
func firstQuestion(r *rubric.Rubric, area int) int {
	n := 0
	for ai := range area {
		n += len(r.Areas[ai].Questions)
	}
	return n
}

// answerQuestions answers as answerAreas does, the questions from..to-1 of
// the whole rubric.
func (s *ptySession) answerQuestions(r *rubric.Rubric, from, to int) {
	s.t.Helper()
	n := 0
	for ai := range r.Areas {
		a := &r.Areas[ai]
		area := fmt.Sprintf("Area %d of %d · %s", ai+1, len(r.Areas), a.Title)
		for qi := range a.Questions {
			if n < from || n >= to {
				n++
				continue
			}
			q := &a.Questions[qi]
			title := fmt.Sprintf("%d/%d  %s", qi+1, len(a.Questions), prefix(q.Text))
			s.waitFor(area+", question "+q.ID, func(scr string) bool {
				f := focused(scr)
				return strings.Contains(scr, area) && len(f) > 0 && strings.HasPrefix(f[0], title)
			})
			downs, typed, _, label := choice(q, n)
			s.press(strings.Repeat(keyDown, downs) + keyEnter)
			if typed != "" {
				s.waitFor("the number for "+q.ID, func(scr string) bool {
					f := focused(scr)
					return len(f) > 1 && strings.HasPrefix(f[0], "Your number") && strings.HasPrefix(f[1], title)
				})
				s.press(typed + keyEnter)
			}
			s.waitFor("the comment on "+q.ID, func(scr string) bool {
				f := focused(scr)
				return len(f) > 3 && f[0] == "Comment on your answer (optional)" &&
					strings.HasPrefix(f[1], title) && strings.Contains(strings.Join(f, " "), "→ "+prefix(label))
			})
			if qi == 0 {
				s.press("Comment on " + q.ID)
			}
			s.press(keyEnter)
			n++
		}
	}
}

func sameNumber(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// wantAnswers checks a sheet's answers for the areas from..to-1.
func wantAnswers(t *testing.T, r *rubric.Rubric, s *answers.Sheet, from, to int) {
	t.Helper()
	n := 0
	for ai, a := range r.Areas {
		for qi := range a.Questions {
			q := &a.Questions[qi]
			_, _, want, _ := choice(q, n)
			n++
			got, ok := s.Answers[q.ID]
			if ai < from || ai >= to {
				continue
			}
			if qi == 0 {
				want.Comment = "Comment on " + q.ID
			}
			if !ok || got.Option != want.Option || got.Comment != want.Comment || !sameNumber(got.Number, want.Number) {
				t.Errorf("answer to %s = %+v (given: %v), want %+v", q.ID, got, ok, want)
			}
		}
	}
}

// TestPtyAnswerEverything answers every question of the built-in rubric in
// a terminal, starting with the identity screen, and checks the answers
// file.
func TestPtyAnswerEverything(t *testing.T) {
	bin := buildAudit(t)
	r, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	h := newPtyHome(t)
	s := startPty(t, bin, h, "take", "--period", "2026-Q3", "--out", "out", "--no-report")

	s.waitFor("the team field", func(scr string) bool {
		f := focused(scr)
		return strings.Contains(scr, fmt.Sprintf("%d questions in %d areas", r.NumQuestions(), len(r.Areas))) && len(f) > 0 && f[0] == "Team"
	})
	s.press("Northwind Traders" + keyEnter)
	s.waitFor("the name field", func(scr string) bool { f := focused(scr); return len(f) > 0 && f[0] == "Your name" })
	s.press("Dana Reyes" + keyEnter)
	s.waitFor("the role field", func(scr string) bool { f := focused(scr); return len(f) > 0 && f[0] == "Your role" })
	s.press(keyDown + keyEnter) // marketing

	s.answerAreas(r, 0, len(r.Areas))
	scr := s.waitText("Your score:", "Top three actions", "Save your answers?")
	for _, a := range r.Areas {
		if !strings.Contains(scr, a.Title) {
			t.Errorf("the summary lacks the area %q:\n%s", a.Title, scr)
		}
	}
	s.press(keyEnter) // Save
	code, scr := s.wait()
	if code != 0 {
		t.Fatalf("exit status %d; the screen:\n%s", code, scr)
	}
	if !strings.Contains(scr, "Saved. Score:") {
		t.Errorf("the last screen lacks the score:\n%s", scr)
	}
	path := filepath.Join("out", "northwind-traders-2026-Q3-dana-reyes.yaml")
	if got := s.stdout.String(); got != path+"\n" {
		t.Errorf("stdout = %q, want %q", got, path+"\n")
	}
	sheet := readSheet(t, filepath.Join(h.dir, path))
	if sheet.Team != "Northwind Traders" || sheet.Respondent != "Dana Reyes" || sheet.Role != "marketing" || sheet.Period != "2026-Q3" {
		t.Errorf("answers file header: %+v", sheet)
	}
	if len(sheet.Answers) != r.NumQuestions() {
		t.Errorf("answers file has %d answers, want %d", len(sheet.Answers), r.NumQuestions())
	}
	wantAnswers(t, r, sheet, 0, len(r.Areas))
	if u := s.screen.unknownSequences(); len(u) > 0 {
		t.Errorf("the terminal model did not know %q", u)
	}
}

// TestPtyCtrlCKeepsDraftAndResumes presses ctrl+c in the third area, right
// after answering its first question, checks the exit status, that no
// report or answers file was written and that the draft holds every answer
// given; then resumes it at the next question and finishes.
func TestPtyCtrlCKeepsDraftAndResumes(t *testing.T) {
	bin := buildAudit(t)
	r, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	h := newPtyHome(t)
	args := []string{"take", "--team", "Northwind", "--period", "2026-Q3", "--respondent", "Dana Reyes", "--role", "sales", "--out", "out"}
	base := "northwind-2026-Q3-dana-reyes"

	s := startPty(t, bin, h, args...)
	third := firstQuestion(r, 2)
	s.answerQuestions(r, 0, third+1)
	area3 := fmt.Sprintf("Area 3 of %d", len(r.Areas))
	s.waitFor("the second question of area 3", func(scr string) bool {
		f := focused(scr)
		return strings.Contains(scr, area3) && len(f) > 0 && strings.HasPrefix(f[0], fmt.Sprintf("2/%d", len(r.Areas[2].Questions)))
	})
	q := &r.Areas[2].Questions[1]
	downs, typed, want, _ := choice(q, third+1)
	if typed == "" {
		s.press(strings.Repeat(keyDown, downs) + keyEnter + keyCtrlC) // ctrl+c before the screen moves on
	} else {
		s.press(strings.Repeat(keyDown, downs) + keyEnter)
		s.waitFor("the number for "+q.ID, func(scr string) bool {
			f := focused(scr)
			return len(f) > 0 && strings.HasPrefix(f[0], "Your number")
		})
		s.press(typed + keyEnter + keyCtrlC)
	}
	code, scr := s.wait()
	if code != 130 {
		t.Fatalf("exit status %d after ctrl+c, want 130; the screen:\n%s", code, scr)
	}
	if !strings.Contains(strings.ReplaceAll(scr, "\n", ""), "Your answers so far are in the draft") {
		t.Errorf("the screen does not say where the draft is:\n%s", scr)
	}
	if s.stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", s.stdout.String())
	}
	if entries, err := os.ReadDir(h.out); err == nil && len(entries) > 0 {
		t.Errorf("--out has %d files after ctrl+c, want none", len(entries))
	}
	draft := readSheet(t, h.draft(base))
	if len(draft.Answers) != third+2 {
		t.Errorf("the draft has %d answers, want the %d given", len(draft.Answers), third+2)
	}
	wantAnswers(t, r, draft, 0, 2)
	first := &r.Areas[2].Questions[0]
	if _, _, firstWant, _ := choice(first, third); draft.Answers[first.ID].Option != firstWant.Option ||
		!sameNumber(draft.Answers[first.ID].Number, firstWant.Number) || draft.Answers[first.ID].Comment != "Comment on "+first.ID {
		t.Errorf("the draft's answer to %s = %+v, want %+v with its comment", first.ID, draft.Answers[first.ID], firstWant)
	}
	if got := draft.Answers[q.ID]; got.Option != want.Option || !sameNumber(got.Number, want.Number) {
		t.Errorf("the draft's answer to %s = %+v, want %+v", q.ID, got, want)
	}

	// The next run offers to resume, and starts at the third question of
	// area 3, with the answers before it as given.
	s = startPty(t, bin, h, append(args, "--no-report")...)
	s.waitText("Resume your draft?", fmt.Sprintf("You answered %d of %d questions", third+2, r.NumQuestions()))
	s.press(keyEnter) // Resume
	s.answerQuestions(r, third+2, r.NumQuestions())
	s.waitText("Save your answers?")
	s.press(keyEnter)
	if code, scr := s.wait(); code != 0 {
		t.Fatalf("exit status %d; the screen:\n%s", code, scr)
	}
	sheet := readSheet(t, filepath.Join(h.out, base+".yaml"))
	if len(sheet.Answers) != r.NumQuestions() {
		t.Errorf("answers file has %d answers, want %d", len(sheet.Answers), r.NumQuestions())
	}
	wantAnswers(t, r, sheet, 0, len(r.Areas))
	if _, err := os.Stat(h.draft(base)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the draft is still there after completing (%v)", err)
	}
}

// TestPtyExplanationApart looks at a question in a terminal without faint
// text or colours (vt100): its list holds only the answers, and the
// explanation of the highlighted answer stands apart below it.
func TestPtyExplanationApart(t *testing.T) {
	bin := buildAudit(t)
	r, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	q := &r.Areas[0].Questions[0]
	explained := -1
	for i, o := range q.Options {
		if o.Description != "" {
			explained = i
			break
		}
	}
	if explained < 0 {
		t.Fatalf("the first question of the built-in rubric has no explained answer")
	}
	h := newPtyHome(t)
	h.term = "vt100"
	s := startPty(t, bin, h, "take", "--team", "T", "--period", "2026-Q3", "--respondent", "R", "--role", "sales", "--no-report")
	lead := "About this answer: " + prefix(q.Options[explained].Description)
	list := func(scr string) []string {
		var options []string
		for _, l := range focused(scr) {
			if l = strings.TrimPrefix(strings.TrimPrefix(l, "> "), "  "); l != "" {
				options = append(options, l)
			}
		}
		return options
	}
	scr := s.waitText(fmt.Sprintf("1/%d  ", len(r.Areas[0].Questions)) + prefix(q.Text))
	if strings.Contains(scr, "About this answer") {
		t.Errorf("an explanation is shown for an answer without one:\n%s", scr)
	}
	s.press(strings.Repeat(keyDown, explained))
	scr = s.waitText(lead)
	for _, l := range list(scr) {
		if strings.Contains(l, prefix(q.Options[explained].Description)) {
			t.Errorf("the explanation is among the answers (%q):\n%s", l, scr)
		}
	}
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "About this answer") && strings.Contains(l, "┃") {
			t.Errorf("the explanation is inside the list:\n%s", scr)
		}
	}
	s.press(keyDown)
	s.waitFor("the explanation to go", func(scr string) bool { return !strings.Contains(scr, lead) })
	s.press(keyCtrlC)
	if code, scr := s.wait(); code != 130 {
		t.Errorf("exit status %d after ctrl+c; the screen:\n%s", code, scr)
	}
}

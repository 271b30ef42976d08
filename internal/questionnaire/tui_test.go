package questionnaire

import (
	"errors"
	"maps"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/alignaudit/audit/internal/answers"
)

// driver runs the pager without a terminal, as huh's own tests do: it
// sends messages to Update and runs the commands that come back, waiting
// for each one's message however long it takes (a command that does not
// return within cmdTimeout fails the test). Only a cursor's blink is left
// out: its timer returns after half a second, just to blink again.
type driver struct {
	t *testing.T
	m *pager
}

// cmdTimeout is how long a command may take to return its message.
const cmdTimeout = 5 * time.Second

func newDriver(t *testing.T, m *pager) *driver {
	d := &driver{t: t, m: m}
	d.run(m.Init(), 0)
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return d
}

// isBlink reports whether cmd is a cursor's blink timer.
func isBlink(cmd tea.Cmd) bool {
	return strings.HasPrefix(cmdName(cmd), "charm.land/bubbles/v2/cursor.")
}

func cmdName(cmd tea.Cmd) string {
	return runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
}

func (d *driver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd, 0)
}

func (d *driver) run(cmd tea.Cmd, depth int) {
	if cmd == nil || depth > 50 {
		return
	}
	if isBlink(cmd) {
		return
	}
	c := make(chan tea.Msg, 1)
	go func() { c <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-c:
	case <-time.After(cmdTimeout):
		d.t.Fatalf("a command did not return within %v: %s", cmdTimeout, cmdName(cmd))
	}
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
		return
	case tea.BatchMsg:
		for _, cmd := range msg {
			d.run(cmd, depth+1)
		}
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice { // tea.Sequence's message
		for i := range v.Len() {
			if cmd, ok := v.Index(i).Interface().(tea.Cmd); ok {
				d.run(cmd, depth+1)
			}
		}
		return
	}
	_, next := d.m.Update(msg)
	d.run(next, depth+1)
}

func (d *driver) keys(keys ...tea.Key) {
	for _, k := range keys {
		d.send(tea.KeyPressMsg(k))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg(tea.Key{Code: r, Text: string(r)}))
	}
}

func (d *driver) focused(want string) {
	d.t.Helper()
	if got := d.m.form.GetFocusedField().GetKey(); got != want {
		d.t.Fatalf("focused field = %q, want %q\n%s", got, want, d.view())
	}
}

func (d *driver) view() string {
	v := d.m.View()
	return stripANSI(v.Content)
}

func (d *driver) sees(texts ...string) {
	d.t.Helper()
	v := d.view()
	for _, s := range texts {
		if !strings.Contains(v, s) {
			d.t.Errorf("screen lacks %q:\n%s", s, v)
		}
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var (
	enter    = tea.Key{Code: tea.KeyEnter}
	down     = tea.Key{Code: tea.KeyDown}
	shiftTab = tea.Key{Code: tea.KeyTab, Mod: tea.ModShift}
	ctrlC    = tea.Key{Code: 'c', Mod: tea.ModCtrl}
)

func TestPagerAnswersGoesBackAndSaves(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	var drafts pages
	d := newDriver(t, newPager(newQuiz(r, s), drafts.record))

	d.focused("goals-targets")
	d.sees("Area 1 of 2 · Shared goals and metrics", "Teams that chase different numbers",
		"1/2  How are the sales and marketing targets set?", "Think of the targets for this year.",
		"Both come from one revenue goal")
	if h := strings.Count(d.view(), "\n") + 1; h != 24 {
		t.Errorf("the page is %d lines high, want the terminal's 24", h)
	}
	d.keys(down)
	d.sees("About this answer: Tracked apart, but traceable to one number.")
	d.keys(enter)
	d.focused("comment:goals-targets")
	d.sees("→ Both come from one revenue goal")
	if len(drafts) != 1 || drafts[0]["goals-targets"].Option != "linked" {
		t.Fatalf("drafts after the first answer = %v, want one with it", drafts)
	}
	d.typeText("Our targets")
	d.keys(enter)
	d.focused("goals-review")
	d.keys(enter, enter) // never, no comment: the page is done
	d.focused("handoff-follow-up")
	d.sees("Area 2 of 2 · Lead handoff")
	if last := drafts[len(drafts)-1]; len(last) != 2 || last["goals-targets"].Comment != "Our targets" {
		t.Fatalf("the draft after the first page = %v, want two answers and the comment", last)
	}

	// shift+tab on a page's first field goes to the previous page, at its
	// last field, with the answers kept.
	d.keys(shiftTab)
	d.focused("comment:goals-review")
	d.sees("Area 1 of 2")
	d.keys(shiftTab, shiftTab)
	d.focused("comment:goals-targets")
	d.sees("Our targets")
	d.keys(enter, down, down, enter) // goals-review: monthly
	d.keys(enter)
	d.focused("handoff-follow-up")
	d.keys(down, down, enter, enter) // not applicable
	d.sees("Your score: 83.3 out of 100 — Integrated", "Shared goals and metrics", "Top action", "Save your answers?",
		// The advice comes with the question it is about.
		"1. +16.7  How are the sales and marketing targets set?", "Derive marketing's pipeline target from the sales number")

	d.keys(shiftTab) // from the summary back to the last area
	d.focused("comment:handoff-follow-up")
	d.keys(enter)
	d.sees("Save your answers?")
	d.keys(enter)
	if !d.m.ended || d.m.outcome != nil {
		t.Fatalf("after Save: ended %v, outcome %v; want ended with no error", d.m.ended, d.m.outcome)
	}
	want := map[string]answers.Answer{
		"goals-targets":     {Option: "linked", Comment: "Our targets"},
		"goals-review":      {Option: "monthly"},
		"handoff-follow-up": {Option: answers.NA},
	}
	if !maps.Equal(s.Answers, want) {
		t.Errorf("answers = %v, want %v", s.Answers, want)
	}
}

func TestPagerDecline(t *testing.T) {
	r := mini(t)
	d := newDriver(t, newPager(newQuiz(r, newSheet(r)), nil))
	d.keys(enter, enter, enter, enter, enter, enter)
	d.sees("Save your answers?")
	d.keys(tea.Key{Code: 'n', Text: "n"})
	if !d.m.ended {
		d.keys(enter)
	}
	if !errors.Is(d.m.outcome, ErrDeclined) {
		t.Errorf("outcome = %v, want ErrDeclined", d.m.outcome)
	}
}

// TestPagerCtrlC stops in the middle of a page: the draft keeps every
// answer given, with the comment as far as it was typed, and not the
// question whose answer was only highlighted.
func TestPagerCtrlC(t *testing.T) {
	r := mini(t)
	var drafts pages
	d := newDriver(t, newPager(newQuiz(r, newSheet(r)), drafts.record))
	d.keys(down, down, enter) // goals-targets: joint
	d.typeText("Half a comm")
	d.keys(ctrlC)
	if !d.m.ended || !errors.Is(d.m.outcome, ErrAborted) {
		t.Errorf("after ctrl+c: ended %v, outcome %v; want ErrAborted", d.m.ended, d.m.outcome)
	}
	want := map[string]answers.Answer{"goals-targets": {Option: "joint", Comment: "Half a comm"}}
	if len(drafts) == 0 || !maps.Equal(drafts[len(drafts)-1], want) {
		t.Errorf("drafts = %v, want the last one %v", drafts, want)
	}

	d = newDriver(t, newPager(newQuiz(r, newSheet(r)), drafts.record))
	d.keys(enter, enter, down) // goals-review highlighted, not chosen
	d.keys(ctrlC)
	if last := drafts[len(drafts)-1]; len(last) != 1 {
		t.Errorf("draft = %v, want only the question answered", last)
	}
}

// TestPagerResumes starts at the first question not answered, on its
// page; the earlier answers are there when going back.
func TestPagerResumes(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	s.Answers["goals-targets"] = answers.Answer{Option: "joint"}
	d := newDriver(t, newPager(newQuiz(r, s), nil))
	d.focused("goals-review")
	d.keys(shiftTab, shiftTab)
	d.focused("goals-targets")
	d.sees("> One shared target, reviewed together monthly") // the earlier answer is selected

	s.Answers["goals-review"] = answers.Answer{Option: "monthly"}
	d = newDriver(t, newPager(newQuiz(r, s), nil))
	d.focused("handoff-follow-up")
	d.keys(shiftTab)
	d.focused("comment:goals-review")
}

func TestPagerSmallTerminal(t *testing.T) {
	r := mini(t)
	d := newDriver(t, newPager(newQuiz(r, newSheet(r)), nil))
	d.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	for _, line := range strings.Split(d.view(), "\n") {
		if w := lipgloss.Width(line); w > 40 {
			t.Errorf("line %q is %d wide in a 40-column terminal", line, w)
		}
	}
	d.keys(enter, enter, enter, enter, enter, enter)
	d.sees("Your score", "Save your answers?")
}

// TestPagerCtrlZ (issue 16, item 16): ctrl+z suspends the questionnaire as
// it does any terminal program; it used to be ignored (the terminal is in
// raw mode), and what was typed after "fg" landed in the comment.
func TestPagerCtrlZ(t *testing.T) {
	r := mini(t)
	s := newSheet(r)
	d := newDriver(t, newPager(newQuiz(r, s), nil))
	d.keys(down, enter)
	d.focused("comment:goals-targets")
	_, cmd := d.m.Update(tea.KeyPressMsg(tea.Key{Code: 'z', Mod: tea.ModCtrl}))
	if cmd == nil {
		t.Fatal("ctrl+z gave no command, want tea.Suspend")
	}
	if msg := cmd(); msg != (tea.SuspendMsg{}) {
		t.Fatalf("ctrl+z gave %T, want tea.SuspendMsg", msg)
	}
	d.send(tea.ResumeMsg{})
	d.typeText("ok")
	d.keys(enter)
	d.focused("goals-review")
	if got := d.m.q.comments[0]; got != "ok" {
		t.Errorf("comment %q after ctrl+z and fg, want ok", got)
	}
}

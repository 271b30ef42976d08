//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNothingPrintedSteersTheTerminal (issue 16, item 8): names, texts and
// file names with terminal escape sequences in them (a team named
// "X\e]0;PWNED\a" set the terminal's title when audit score printed it)
// reach the terminal without a control character, in the text output, in
// error messages and in the questionnaire.
func TestNothingPrintedSteersTheTerminal(t *testing.T) {
	dir := t.TempDir()
	answers := strings.NewReplacer(
		"team: Northwind Traders", `team: "X\e]0;PWNED\a"`,
		"respondent: Dana Reyes", `respondent: "Dana\u009b2J Reyes"`,
		"comment: Sales rewrites the deck.", `comment: "deck\e[2J\x7f"`,
	).Replace(okAnswers(t))
	writeFile(t, filepath.Join(dir, "x.yaml"), []byte(answers))
	rubric := strings.NewReplacer(
		"title: Small rubric", `title: "Small\e]0;PWNED\a rubric"`,
		"text: Do the teams share targets?", `text: "Do the teams\e[2J share targets?"`,
		"label: Never", `label: "Never\u009b31m"`,
	).Replace(smallRubric(t))
	writeFile(t, filepath.Join(dir, "small.yaml"), []byte(rubric))
	smallAnswers := "rubric: small\nteam: \"T\\e]0;PWNED\\a\"\nperiod: 2026-Q3\nrespondent: R\nrole: sales\nanswers:\n  q-goals: never\n  q-handoff: na\n"
	writeFile(t, filepath.Join(dir, "small-answers.yaml"), []byte(smallAnswers))
	badName := filepath.Join(dir, "x\x1b]0;PWNED\x07.yaml")

	for _, c := range []struct {
		args  []string
		stdin string
	}{
		{args: []string{"score", "--allow-missing", filepath.Join(dir, "x.yaml")}},
		{args: []string{"score", "--json", "--allow-missing", filepath.Join(dir, "x.yaml")}},
		{args: []string{"score", "--rubric", filepath.Join(dir, "small.yaml"), filepath.Join(dir, "small-answers.yaml")}},
		{args: []string{"score", badName}},
		{args: []string{"score", "--rubric", badName, filepath.Join(dir, "x.yaml")}},
		{args: []string{"rubric", "show", filepath.Join(dir, "small.yaml")}},
		{args: []string{"rubric", "validate", filepath.Join(dir, "small.yaml"), badName}},
		{args: []string{"report", "--allow-missing", "--out", filepath.Join(dir, "out"), filepath.Join(dir, "x.yaml")}},
		{args: []string{"take", "--accessible", "--rubric", filepath.Join(dir, "small.yaml"), "--team", "T\x1b]0;PWNED\x07",
			"--respondent", "R\u009b2J", "--role", "sales", "--period", "2026-Q3", "--out", filepath.Join(dir, "take")}, stdin: smallRubricAnswers},
	} {
		te := newTestEnv(t)
		te.stdin = strings.NewReader(c.stdin)
		code := run(context.Background(), c.args, te.env)
		for name, out := range map[string]string{"stdout": te.stdout.String(), "stderr": te.stderr.String()} {
			if i := strings.IndexAny(out, "\x1b\x07\u009b"); i >= 0 {
				t.Errorf("audit %s (exit %d): %s holds a control character: %q", strings.Join(c.args, " "), code, name, out[max(0, i-40):min(len(out), i+40)])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err != nil {
		t.Errorf("the report was not written: %v", err)
	}
}

// TestTeamCleanedOnce (issue 16, item 16): a control character in a team's
// name is removed when the answers are read, so the report, its file name
// and the tracker all see the clean name: the quarter joins the team's
// earlier ones (it used to get a file and a trend of its own).
func TestTeamCleanedOnce(t *testing.T) {
	dir := t.TempDir()
	q2 := strings.Replace(okAnswers(t), "period: 2026-Q3", "period: 2026-Q2", 1)
	q3 := strings.Replace(okAnswers(t), "team: Northwind Traders", `team: "Northwind\x01 Traders\x7f\u0085"`, 1)
	writeFile(t, filepath.Join(dir, "q2.yaml"), []byte(q2))
	writeFile(t, filepath.Join(dir, "q3.yaml"), []byte(q3))
	tracker := filepath.Join(dir, "scores.xlsx")
	for _, f := range []string{"q2.yaml", "q3.yaml"} {
		te := newTestEnv(t)
		if code := run(context.Background(), []string{"report", "--allow-missing", "--out", dir, "--tracker", tracker, filepath.Join(dir, f)}, te.env); code != 0 {
			t.Fatalf("report %s: exit %d\n%s", f, code, te.stderr.String())
		}
		if f == "q3.yaml" && !strings.Contains(te.stdout.String(), "northwind-traders-2026-Q3.pdf") {
			t.Errorf("report of the quarter with the control characters wrote\n%s", te.stdout.String())
		}
	}
	keys, err := historyKeys(tracker)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Northwind Traders 2026-Q2", "Northwind Traders 2026-Q3"}; strings.Join(keys, "|") != strings.Join(want, "|") {
		t.Errorf("History %q, want %q", keys, want)
	}
}

// TestTakeCommentTooLong (issue 16, item 16): a piped comment over 20,000
// characters ends take with exit status 2 at that question, and nothing is
// saved; it used to shift every later answer by one line.
func TestTakeCommentTooLong(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.yaml"), []byte(smallRubric(t)))
	te := newTestEnv(t)
	te.stdin = strings.NewReader("1\n" + strings.Repeat("x", 20001) + "\n2\n\ny\n")
	code := run(context.Background(), []string{"take", "--accessible", "--rubric", filepath.Join(dir, "small.yaml"), "--team", "T",
		"--respondent", "R", "--role", "sales", "--period", "2026-Q3", "--out", filepath.Join(dir, "out"), "--no-report"}, te.env)
	if code != exitInvalid || !strings.Contains(te.stderr.String(), "the comment is 20001 characters long, more than the 20000 allowed") {
		t.Errorf("exit %d\n%s", code, te.stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("answers were saved")
	}
}

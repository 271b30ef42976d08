package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alignaudit/audit/rubrics"
)

// TestHelpExamples runs every example of every command's help as a user
// would copy it, in a git repository holding a copy of this one's examples,
// rubrics and .gitignore. Each must run (the questionnaire's examples answer
// from stdin, as in accessible mode); the examples the README shows must
// print what the README shows; and afterwards git must list no new file:
// what the README's commands write in the repository is ignored.
func TestHelpExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("writes reports and runs git: not in -short mode")
	}
	gitCmd, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git command")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme := readmeSessions(t, filepath.Join(repo, "README.md"))

	dir := t.TempDir()
	for _, pattern := range []string{"examples/*", "rubrics/*.yaml", ".gitignore"} {
		matches, _ := filepath.Glob(filepath.Join(repo, pattern))
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(repo, m)
			writeFile(t, filepath.Join(dir, rel), data)
		}
	}
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitCmd, append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "the repository")
	t.Chdir(dir)

	te := newTestEnv(t)
	te.vars["ACCESSIBLE"] = "1" // the questionnaire reads its answers from stdin
	ran := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if sends(line) {
				// Sending needs a mail server: the example is shown, not
				// run (email_test.go sends to an in-process server).
				delete(readme, line)
				continue
			}
			args := expandArgs(t, shellWords(t, line))
			if args[0] != "audit" {
				t.Errorf("%s --help: example %q does not start with audit", c.CommandPath(), line)
				continue
			}
			te.stdout.Reset()
			te.stderr.Reset()
			te.stdin = strings.NewReader(questionnaireInput(args[1:]))
			if code := run(context.Background(), args[1:], te.env); code != 0 {
				t.Errorf("%s --help: example %q: exit status %d\n%s", c.CommandPath(), line, code, te.stderr.String())
				continue
			}
			ran++
			if want, ok := readme[line]; ok {
				got := strings.Split(te.stdout.String(), "\n")
				if len(got) > len(want) {
					got = got[:len(want)]
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%q prints other than README.md shows (-README +got):\n%s", line, diff)
				}
				delete(readme, line)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(te.env))
	t.Logf("ran %d examples", ran)
	for line := range readme {
		if !strings.HasPrefix(line, "audit ") {
			continue // a shell command around audit's, such as export
		}
		t.Errorf("README.md shows %q, which no help example runs", line)
	}
	if status := git("status", "--porcelain", "--untracked-files=all"); status != "" {
		t.Errorf("the examples left files that git lists (add them to .gitignore):\n%s", status)
	}
}

// readmeSessions returns the commands of the README's console blocks with
// their output as far as the README shows it (up to a line "...").
// sends reports whether an example sends an email, which needs a mail
// server.
func sends(line string) bool {
	f := strings.Fields(line)
	return !slices.Contains(f, "--dry-run") && (slices.Contains(f, "--send") || slices.Contains(f, "send"))
}

func readmeSessions(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sessions := map[string][]string{}
	in, cmd, shown := false, "", []string(nil)
	done := func() {
		if cmd != "" {
			sessions[cmd] = shown
		}
		cmd, shown = "", nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "```console":
			in = true
		case in && line == "```":
			done()
			in = false
		case in && strings.HasPrefix(line, "$ "):
			done()
			cmd = strings.TrimPrefix(line, "$ ")
		case in && cmd != "" && strings.TrimSpace(line) == "...":
			sessions[cmd] = shown
			cmd = ""
		case in && cmd != "":
			shown = append(shown, line)
		}
	}
	if len(sessions) == 0 {
		t.Fatalf("%s has no console session", path)
	}
	return sessions
}

var shellWord = regexp.MustCompile(`"[^"]*"|'[^']*'|\S+`)

// shellWords splits a command line as a shell does, for the simple lines
// of the examples: words, and words in quotes.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	if strings.ContainsAny(line, "|;&<>$`\\") {
		t.Fatalf("example %q uses the shell beyond words and quotes", line)
	}
	var words []string
	for _, w := range shellWord.FindAllString(line, -1) {
		words = append(words, strings.Trim(w, `"'`))
	}
	return words
}

// expandArgs expands the patterns among the words as a shell does.
func expandArgs(t *testing.T, words []string) []string {
	t.Helper()
	var out []string
	for _, w := range words {
		if !strings.ContainsAny(w, "*?[") {
			out = append(out, w)
			continue
		}
		matches, err := filepath.Glob(w)
		if err != nil || len(matches) == 0 {
			t.Fatalf("%q matches nothing", w)
		}
		slices.Sort(matches)
		out = append(out, matches...)
	}
	return out
}

// questionnaireInput is what a respondent types for the questionnaire of
// an example: the team, quarter, name and role the flags leave out, the
// first answer to every question without a comment, and y to save.
func questionnaireInput(args []string) string {
	if len(args) > 0 && args[0] != "take" && !strings.HasPrefix(args[0], "-") {
		return ""
	}
	var b strings.Builder
	has := func(flag string) bool { return slices.Contains(args, flag) }
	if !has("--team") {
		b.WriteString("Northwind Traders\n")
	}
	if !has("--period") {
		b.WriteString("\n") // the current quarter
	}
	if !has("--respondent") {
		b.WriteString("Dana Reyes\n")
	}
	if !has("--role") {
		b.WriteString("1\n")
	}
	r, err := rubrics.Parse("alignment")
	if err != nil {
		panic(err) // the built-in rubric is tested in rubrics
	}
	// The first answer to every question: for a number question the
	// number (after choosing to type it, where there are other answers).
	for ai := range r.Areas {
		for _, q := range r.Areas[ai].Questions {
			if q.IsNumber() {
				_, unmeasured := q.UnmeasuredOption()
				if unmeasured || q.DontKnow || q.NA {
					b.WriteString("1\n")
				}
				b.WriteString(strconv.FormatFloat(q.Min, 'g', -1, 64) + "\n\n")
				continue
			}
			b.WriteString("1\n\n")
		}
	}
	b.WriteString("y\n")
	return b.String()
}

// TestAuditTakesTakeFlags: audit alone is audit take, with every flag of
// take, the very same ones.
func TestAuditTakesTakeFlags(t *testing.T) {
	te := newTestEnv(t)
	root := newRootCmd(te.env)
	take, _, err := root.Find([]string{"take"})
	if err != nil || take == root {
		t.Fatalf("no take command: %v", err)
	}
	n := 0
	take.Flags().VisitAll(func(f *pflag.Flag) {
		n++
		if root.Flags().Lookup(f.Name) != f {
			t.Errorf("audit lacks take's flag --%s", f.Name)
		}
	})
	if n < 10 {
		t.Fatalf("take has %d flags", n)
	}

	out := t.TempDir()
	te.vars["ACCESSIBLE"] = "1"
	te.stdin = strings.NewReader(questionnaireInput([]string{"--team", "--period", "--respondent", "--role"}))
	args := []string{"--team", "Northwind", "--period", "2026-Q3", "--respondent", "Dana Reyes", "--role", "marketing", "--out", out, "--no-report"}
	if code := run(context.Background(), args, te.env); code != 0 {
		t.Fatalf("audit %s: exit status %d\n%s", strings.Join(args, " "), code, te.stderr.String())
	}
	s := readSheet(t, filepath.Join(out, "northwind-2026-Q3-dana-reyes.yaml"))
	if s.Team != "Northwind" || s.Role != "marketing" || len(s.Answers) != 39 {
		t.Errorf("answers file: team %q, role %q, %d answers", s.Team, s.Role, len(s.Answers))
	}
	if se := te.stderr.String(); strings.Contains(se, "Team:") || strings.Contains(se, "Team (press") {
		t.Errorf("the questionnaire asked for the team the flag gave:\n%s", te.stderr.String())
	}
}

// TestCompletion completes rubric ids, --format and --role values.
func TestCompletion(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"report", "--format", ""}, []string{"pdf", "xlsx", "pdf,xlsx"}},
		{[]string{"report", "--format", "pdf,"}, []string{"pdf,xlsx"}},
		{[]string{"report", "--format", "x"}, []string{"xlsx"}},
		{[]string{"score", "--rubric", "al"}, []string{"alignment", "alignment@1.0"}},
		{[]string{"score", "--rubric", "alignment@"}, []string{"alignment@1.0"}},
		{[]string{"--rubric", ""}, []string{"alignment", "alignment@1.0"}},
		{[]string{"rubric", "show", ""}, []string{"alignment", "alignment@1.0"}},
		{[]string{"take", "--role", "m"}, []string{"marketing"}},
		{[]string{"report", "--tracker", ""}, []string{"xlsx"}},
		{[]string{"report", ""}, []string{"yaml", "yml", "json"}},
		{[]string{"comp"}, []string{"completion"}},
	} {
		te := newTestEnv(t)
		if code := run(context.Background(), append([]string{"__complete"}, c.args...), te.env); code != 0 {
			t.Errorf("__complete %q: exit status %d\n%s", c.args, code, te.stderr.String())
			continue
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(te.stdout.String()), "\n") {
			if !strings.HasPrefix(line, ":") {
				got = append(got, strings.SplitN(line, "\t", 2)[0])
			}
		}
		if !cmp.Equal(got, c.want) {
			t.Errorf("audit %q completes %q, want %q", c.args, got, c.want)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		te := newTestEnv(t)
		if code := run(context.Background(), []string{"completion", shell}, te.env); code != 0 || !strings.Contains(te.stdout.String(), "audit") {
			t.Errorf("audit completion %s: exit status %d, %d bytes", shell, code, te.stdout.Len())
		}
	}
}

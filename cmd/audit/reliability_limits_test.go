//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// manyAnswers writes n small answers files of one team into dir/in and
// returns their names relative to dir.
func manyAnswers(t *testing.T, dir string, n int) []string {
	t.Helper()
	mkdir(t, filepath.Join(dir, "in"))
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("in/%05d.yaml", i)
		data := fmt.Sprintf("rubric: alignment\nteam: Many\nperiod: 2026-Q3\nrespondent: R%05d\nrole: %s\nanswers:\n  goals-shared-targets: joint\n",
			i, []string{"sales", "marketing"}[i%2])
		if err := os.WriteFile(filepath.Join(dir, names[i]), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

// TestTooManyAnswersFiles gives score and report 50,000 answers files:
// they are refused (exit 2) with a message that says the limit, before a
// single one is read. The first is a named pipe that nobody writes to:
// reading it would wait for ever, so a run that reads before counting
// does not end.
func TestTooManyAnswersFiles(t *testing.T) {
	dir := t.TempDir()
	names := manyAnswers(t, dir, 50000)
	fifo := filepath.Join(dir, names[0])
	os.Remove(fifo)
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"score"}, {"report", "--out", "out", "--tracker", "scores.xlsx"}} {
		r := runBinary(t, dir, "", append(cmd, names...)...)
		t.Logf("audit %s: exit %d in %v, %d MB", cmd[0], r.code, r.took.Round(time.Millisecond), r.maxRSS>>20)
		if r.code != 2 || !strings.Contains(r.stderr, "50000 answers files given: at most 20000 can be scored at once") {
			t.Errorf("audit %s with 50,000 files: exit %d\n%s", cmd[0], r.code, r.stderr)
		}
		if r.took > 20*time.Second || r.maxRSS > memoryFactor*128<<20 {
			t.Errorf("audit %s took %v and %d MB to refuse 50,000 files", cmd[0], r.took, r.maxRSS>>20)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "in" {
		t.Errorf("the refused runs wrote: %v", entries)
	}
}

// TestManyAnswersFiles scores 20,000 answers files, the most allowed: in
// bounded time and memory.
func TestManyAnswersFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 files")
	}
	dir := t.TempDir()
	names := manyAnswers(t, dir, 20000)
	r := runBinary(t, dir, "", append([]string{"score", "--allow-missing"}, names...)...)
	t.Logf("audit score: exit %d in %v, %d MB", r.code, r.took.Round(time.Millisecond), r.maxRSS>>20)
	if r.code != 0 || !strings.Contains(r.stdout, "Respondents: 20000 (10000 marketing, 10000 sales)") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, clip(r.stderr))
	}
	if r.maxRSS > memoryFactor*256<<20 {
		t.Errorf("audit score of 20,000 small files used %d MB", r.maxRSS>>20)
	}
}

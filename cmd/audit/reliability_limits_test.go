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

// testFilesLimit stands in for the limit of 20,000 answers files in the
// tests below (AUDIT_HELPER_MAX_FILES), so that they prove it with a few
// hundred files; store's TestLoadSheetsLimit checks the real limit.
const testFilesLimit = 200

// TestTooManyAnswersFiles gives score and report one answers file more than
// the limit: they are refused (exit 2) with a message that says the limit,
// before a single one is read. The first is a named pipe that nobody
// writes to: reading it would wait for ever, so a run that reads before
// counting does not end.
func TestTooManyAnswersFiles(t *testing.T) {
	dir := t.TempDir()
	names := manyAnswers(t, dir, testFilesLimit+1)
	fifo := filepath.Join(dir, names[0])
	os.Remove(fifo)
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	limit := []string{fmt.Sprintf("AUDIT_HELPER_MAX_FILES=%d", testFilesLimit)}
	want := fmt.Sprintf("%d answers files given: at most %d can be scored at once", testFilesLimit+1, testFilesLimit)
	for _, cmd := range [][]string{{"score"}, {"report", "--out", "out", "--tracker", "scores.xlsx"}} {
		r := runHelper(t, dir, "", limit, append(cmd, names...)...)
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("audit %s with %d files: exit %d\n%s", cmd[0], testFilesLimit+1, r.code, r.stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "in" {
		t.Errorf("the refused runs wrote: %v", entries)
	}
}

// TestManyAnswersFiles scores as many answers files as the limit allows.
func TestManyAnswersFiles(t *testing.T) {
	dir := t.TempDir()
	names := manyAnswers(t, dir, testFilesLimit)
	r := runHelper(t, dir, "", []string{fmt.Sprintf("AUDIT_HELPER_MAX_FILES=%d", testFilesLimit)},
		append([]string{"score", "--allow-missing"}, names...)...)
	if want := fmt.Sprintf("Respondents: %d (%d marketing, %d sales)", testFilesLimit, testFilesLimit/2, testFilesLimit/2); r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, clip(r.stderr))
	}
}

// TestManyAnswersFilesMemory scores 20,000 answers files, the most allowed,
// in bounded time and memory.
func TestManyAnswersFilesMemory(t *testing.T) {
	slow(t, "20,000 files")
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

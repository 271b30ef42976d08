//go:build linux

package main

// Reliability and security tests: bad input, faults, crashes and hostile
// text, run against the audit command as a user runs it. This file holds
// the bad-input corpus (testdata/bad) and the helpers the other
// reliability_*_test.go files share.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/internal/tracker"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sys/unix"
)

// Bounds every run must stay within, even on the largest and most hostile
// input of the corpus: the most a run takes is about 130 MB, for the 50 MB
// tracker that is read whole (without the race detector, which makes a
// process several times larger and slower). maxRunTime is there to catch a
// run that hangs.
const (
	maxRunTime = 90 * time.Second
	maxRunRSS  = memoryFactor * 256 << 20 // bytes
)

// binResult is what one run of audit, in a process of its own, did.
type binResult struct {
	code           int // -1 when killed by a signal
	stdout, stderr string
	took           time.Duration
	maxRSS         int64 // bytes
}

// userEnv is the environment audit runs with: a home folder of its own
// under dir, and a fixed date for the reports. (With the race detector, a
// process sleeps a second before it exits, unless GORACE says not to.)
func userEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "ACCESSIBLE" && !strings.HasPrefix(k, "XDG_") && k != "HOME" &&
			!strings.HasPrefix(k, "AUDIT_HELPER") && k != "GORACE" {
			env = append(env, kv)
		}
	}
	home := filepath.Join(dir, ".home")
	return append(env, "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, "state"),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "NO_COLOR=1", "SOURCE_DATE_EPOCH=1790812800",
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
}

// runBinary runs audit in dir with stdin and args, as a process of its
// own, and fails the test when it does not end within maxRunTime.
func runBinary(t *testing.T, dir, stdin string, args ...string) binResult {
	t.Helper()
	return runHelper(t, dir, stdin, nil, args...)
}

// helperCmd returns a command that runs audit with args in a process of
// its own (the test binary, in TestHelperProcess), with the environment
// variables extra added. It measures the peak memory of that process.
func helperCmd(t *testing.T, dir, stdin string, extra []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(userEnv(dir), "AUDIT_HELPER=1"), extra...)
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

func runHelper(t *testing.T, dir, stdin string, extra []string, args ...string) binResult {
	t.Helper()
	peak := filepath.Join(t.TempDir(), "peak")
	cmd := helperCmd(t, dir, stdin, append(extra, "AUDIT_HELPER_PEAK="+peak), args...)
	r := runCmd(t, cmd)
	if data, err := os.ReadFile(peak); err == nil {
		r.maxRSS, _ = strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	}
	return r
}

// TestHelperProcess is not a test: it is audit in a process of its own,
// started by helperCmd. It runs the command line after "--", with these
// environment variables:
//
//	AUDIT_HELPER_FSIZE  the largest file, in bytes, the process may write
//	                    (RLIMIT_FSIZE: a write beyond fails with EFBIG, as
//	                    on a full disk; Go ignores SIGXFSZ)
//	AUDIT_HELPER_PEAK   a file to write the peak memory of the process to
//	AUDIT_HELPER_MAX_FILES  the most answers files scored at once (the
//	                    limit, 20,000, lowered to prove it with few files)
//
// (The resource usage that wait reports is no use for memory: Linux counts
// the parent's memory at the fork in the child's peak.)
func TestHelperProcess(t *testing.T) {
	if os.Getenv("AUDIT_HELPER") != "1" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	if s := os.Getenv("AUDIT_HELPER_FSIZE"); s != "" {
		n, _ := strconv.ParseUint(s, 10, 64)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Fprintln(os.Stderr, "setrlimit:", err)
			os.Exit(100)
		}
	}
	if s := os.Getenv("AUDIT_HELPER_MAX_FILES"); s != "" {
		answerFilesLimit, _ = strconv.Atoi(s)
	}
	code := run(context.Background(), args, systemEnv())
	if path := os.Getenv("AUDIT_HELPER_PEAK"); path != "" {
		os.WriteFile(path, []byte(strconv.FormatInt(peakMemory(), 10)), 0o644)
	}
	os.Exit(code)
}

// peakMemory returns the peak resident memory of this process in bytes
// (VmHWM), 0 when it is not known.
func peakMemory() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// runCmd runs cmd, killing it after maxRunTime.
func runCmd(t *testing.T, cmd *exec.Cmd) binResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(maxRunTime, func() { cmd.Process.Kill() })
	err := cmd.Wait()
	stopped := timer.Stop()
	r := binResult{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	if !stopped {
		args := strings.Join(cmd.Args[1:], " ")
		if len(args) > 300 {
			args = args[:300] + "…"
		}
		t.Fatalf("audit %s did not end within %v (killed)\nstderr: %s", args, maxRunTime, clip(r.stderr))
	}
	checkNoPanic(t, r)
	return r
}

// checkNoPanic fails the test when audit panicked or crashed: a Go panic
// also exits with status 2, so the status alone does not tell.
func checkNoPanic(t *testing.T, r binResult) {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "fatal error:", "SIGSEGV"} {
		if strings.Contains(r.stderr, s) {
			t.Fatalf("audit crashed (%q):\n%s", s, clip(r.stderr))
		}
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// snapshot records every file, folder and link under dir: the contents of
// files (as a hash), link targets and the kinds of special files.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if rel == ".home" && d.IsDir() {
			return filepath.SkipDir // audit's own state: the remembered name and drafts
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case fi.Mode().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			snap[rel] = fmt.Sprintf("file %v %x", fi.Mode().Perm(), sha256.Sum256(data))
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(path)
			snap[rel] = "link to " + target
		default:
			snap[rel] = fi.Mode().Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// checkUnchanged fails the test when a file under dir differs from the
// snapshot: added, removed or changed. The only file a refused run may
// add is the empty lock file of a tracker (lockFor, when given), which the
// lock leaves beside it by design.
func checkUnchanged(t *testing.T, before map[string]string, dir, lockFor string) {
	t.Helper()
	after := snapshot(t, dir)
	if lock := lockFor + ".lock"; lockFor != "" && before[lock] == "" && after[lock] == emptyFile {
		delete(after, lock)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("files changed by a refused run (-before +after):\n%s", diff)
	}
}

// emptyFile is how snapshot records an empty file with mode 0644.
const emptyFile = "file -rw-r--r-- e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// badCase is one line of testdata/bad/cases.txt.
// refusedAfterLock are the trackers refused for what shows only when the
// locked tracker is read in full: damage, or no room for the new rows.
var refusedAfterLock = map[string]bool{
	"tracker/answers-crc.xlsx":       true,
	"tracker/answers-truncated.xlsx": true,
	"tracker/answers-full.xlsx":      true,
}

type badCase struct {
	line      int
	kind      string // rubric, answers or tracker
	file      string // relative to testdata/bad, and to the folder audit runs in
	generated bool   // made by badFiles at run time
	exit      int
	msg       string
}

func readBadCases(t *testing.T) []badCase {
	t.Helper()
	data, err := os.ReadFile("testdata/bad/cases.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cases []badCase
	seen := map[string]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			t.Fatalf("cases.txt:%d: want kind, file, exit status and message", i+1)
		}
		c := badCase{line: i + 1, kind: f[0], file: f[1]}
		if c.exit, err = strconv.Atoi(f[2]); err != nil {
			t.Fatalf("cases.txt:%d: exit status %q", i+1, f[2])
		}
		if len(f) > 3 {
			// The message is the rest of the line, spaces and all.
			rest := line
			for _, field := range f[:3] {
				rest = strings.TrimLeft(rest, " \t")[len(field):]
			}
			c.msg = strings.TrimSpace(rest)
		}
		c.file, c.generated = strings.CutPrefix(c.file, "@")
		if c.generated && badFiles[c.file] == nil {
			t.Fatalf("cases.txt:%d: no generator for @%s in badFiles", i+1, c.file)
		}
		if !slices.Contains([]string{"rubric", "answers", "tracker"}, c.kind) {
			t.Fatalf("cases.txt:%d: unknown kind %q", i+1, c.kind)
		}
		if c.exit != 0 && c.msg == "" {
			t.Fatalf("cases.txt:%d: a refused input needs the message to expect", i+1)
		}
		if seen[c.file] {
			t.Fatalf("cases.txt:%d: %s is listed twice", i+1, c.file)
		}
		seen[c.file] = true
		cases = append(cases, c)
	}
	return cases
}

// TestBadCasesListEveryFile keeps the corpus and its table together: every
// file in testdata/bad is a case, and every case's file is there (but those
// made at run time and the missing ones).
func TestBadCasesListEveryFile(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range readBadCases(t) {
		listed[c.file] = true
		_, err := os.Stat(filepath.Join("testdata", "bad", c.file))
		if exists := err == nil; exists == (c.generated || strings.Contains(c.file, "missing")) {
			t.Errorf("cases.txt:%d: %s exists: %v; generated: %v", c.line, c.file, exists, c.generated)
		}
	}
	for _, kind := range []string{"rubric", "answers", "tracker"} {
		entries, err := os.ReadDir(filepath.Join("testdata", "bad", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !listed[kind+"/"+e.Name()] {
				t.Errorf("testdata/bad/%s/%s is not in cases.txt", kind, e.Name())
			}
		}
	}
}

// TestBadInputs runs every case of the bad-input corpus.
func TestBadInputs(t *testing.T) {
	scores := baseTracker(t)
	for _, c := range readBadCases(t) {
		t.Run(strings.ReplaceAll(c.file, "/", "_"), func(t *testing.T) {
			t.Parallel()
			runBadCase(t, c, scores)
		})
	}
}

// The user's files in every case's folder: a tracker with an earlier
// quarter, and an earlier report of the quarter the answers are for.
const (
	oldPDF  = "out/northwind-traders-2026-Q3.pdf"
	oldXLSX = "out/northwind-traders-2026-Q3.xlsx"
)

// baseTracker returns a tracker that holds Northwind Traders' 2026-Q2.
func baseTracker(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	if err := updateTracker(path, trackerResult(t, "Northwind Traders", "2026-Q2"), trackerDay); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func runBadCase(t *testing.T, c badCase, scores []byte) {
	if raceEnabled && c.file == "tracker/answers-full.xlsx" {
		// A million rows read under the race detector take minutes; the
		// same refusal is checked in every build without it.
		t.Skip("a tracker of a million rows is too slow under the race detector")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "scores.xlsx"), scores)
	writeFile(t, filepath.Join(dir, oldPDF), []byte("%PDF-1.3 the previous report"))
	writeFile(t, filepath.Join(dir, oldXLSX), []byte("PK the previous workbook"))
	ok, err := os.ReadFile("testdata/bad/answers/ok.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "answers", "ok.yaml"), ok)
	path := filepath.Join(dir, c.file)
	if c.generated {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		badFiles[c.file](t, path, scores)
	} else if data, err := os.ReadFile(filepath.Join("testdata", "bad", c.file)); err == nil {
		writeFile(t, path, data)
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}

	var args []string
	switch c.kind {
	case "rubric":
		args = []string{"rubric", "validate", c.file}
	case "answers":
		args = []string{"report", "--allow-missing", "--out", "out", "--tracker", "scores.xlsx", c.file}
	case "tracker":
		args = []string{"report", "--allow-missing", "--out", "out", "--tracker", c.file, "answers/ok.yaml"}
	}
	before := snapshot(t, dir)
	r := runBinary(t, dir, "", args...)
	t.Logf("audit %s: exit %d in %v, %d MB\n%s", strings.Join(args, " "), r.code, r.took.Round(time.Millisecond), r.maxRSS>>20, r.stderr)
	if r.code != c.exit {
		t.Errorf("exit status %d, want %d\nstderr: %s", r.code, c.exit, clip(r.stderr))
	}
	if r.maxRSS > maxRunRSS {
		t.Errorf("audit used %d MB of memory, more than %d MB", r.maxRSS>>20, maxRunRSS>>20)
	}
	checkNoTempFiles(t, dir)
	if c.exit != 0 {
		if !strings.Contains(r.stderr, c.msg) {
			t.Errorf("message\n%s\ndoes not say %q", r.stderr, c.msg)
		}
		if !strings.Contains(r.stderr, c.file) {
			t.Errorf("message\n%s\ndoes not name the file %s", r.stderr, c.file)
		}
		if r.stdout != "" {
			t.Errorf("stdout %q, want nothing", r.stdout)
		}
		// A refused tracker gets no lock file either (issue 16, item 10),
		// except one refused for what only the full read under the lock
		// shows: removing a lock file that another run may be
		// waiting on would let two runs hold the lock at once.
		lockFor := ""
		if refusedAfterLock[c.file] {
			lockFor = c.file
		}
		checkUnchanged(t, before, dir, lockFor)
		return
	}
	if strings.Contains(r.stderr, "audit:") {
		t.Errorf("an error for an input that is handled:\n%s", r.stderr)
	}
	if c.kind == "rubric" {
		reportWithRubric(t, dir, c.file)
		return
	}
	rows := 2 // the quarter in scores.xlsx and the new one
	if c.kind == "tracker" {
		rows = 1
	}
	checkReportOutputs(t, dir, r.stdout, rows)
}

// reportWithRubric writes answers for a valid rubric of the corpus (the
// first option of every question) and checks that report scores them.
func reportWithRubric(t *testing.T, dir, file string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	r, err := rubric.Parse(file, store.UTF8Text(data))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rubric: %s\nteam: Northwind Traders\nperiod: 2026-Q3\nrespondent: Dana Reyes\nrole: sales\nanswers:\n", r.ID)
	for _, a := range r.Areas {
		for _, q := range a.Questions {
			fmt.Fprintf(&b, "  %s: %s\n", q.ID, q.Options[0].ID)
		}
	}
	writeFile(t, filepath.Join(dir, "answers", "for-rubric.yaml"), []byte(b.String()))
	res := runBinary(t, dir, "", "report", "--rubric", file, "--out", "out", "--tracker", "scores.xlsx", "answers/for-rubric.yaml")
	t.Logf("report with %s: exit %d in %v, %d MB", file, res.code, res.took.Round(time.Millisecond), res.maxRSS>>20)
	if res.code != 0 {
		t.Fatalf("audit report --rubric %s: exit status %d\n%s", file, res.code, clip(res.stderr))
	}
	checkReportOutputs(t, dir, res.stdout, 2)
}

// checkReportOutputs checks the files a report run printed: complete PDFs,
// workbooks that open, and the tracker with the new quarter beside the old.
func checkReportOutputs(t *testing.T, dir, stdout string, trackerRows int) {
	t.Helper()
	paths := strings.Fields(stdout)
	if len(paths) != 3 {
		t.Fatalf("printed %q, want the PDF, the workbook and the tracker", stdout)
	}
	for _, p := range paths {
		p = filepath.Join(dir, p)
		rel, _ := filepath.Rel(dir, p)
		if strings.HasPrefix(rel, "..") {
			t.Errorf("%s is outside the folder", p)
		}
		switch filepath.Ext(p) {
		case ".pdf":
			checkPDF(t, p)
		case ".xlsx":
			if !strings.HasPrefix(rel, "out"+string(filepath.Separator)) {
				checkTracker(t, p, trackerRows)
				continue
			}
			f, err := excelize.OpenFile(p)
			if err != nil {
				t.Errorf("%s does not open: %v", p, err)
				continue
			}
			f.Close()
		}
	}
}

func checkPDF(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
		t.Errorf("%s is not a complete PDF (%d bytes)", path, len(data))
	}
}

// checkTracker reads the tracker at path with the tracker package and with
// excelize, and checks it has rows History rows.
func checkTracker(t *testing.T, path string, rows int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := tracker.Read(f)
	if err != nil {
		t.Fatalf("the tracker %s does not read: %v", path, err)
	}
	defer tr.Close()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize does not open the tracker: %v", err)
	}
	defer x.Close()
	hist, err := x.GetRows(tracker.HistorySheet)
	if err != nil {
		t.Fatal(err)
	}
	if n := historyRows(tr, hist); n != rows || len(hist) != rows+1 {
		t.Errorf("the tracker has %d History rows, excelize reads %d, want %d", n, len(hist)-1, rows)
	}
}

// historyRows counts the History rows of a tracker as its API reads them:
// the periods of each team and rubric of rows, the History sheet as
// excelize reads it.
func historyRows(tr *tracker.Tracker, rows [][]string) int {
	seen := map[[2]string]bool{}
	n := 0
	for _, r := range rows[min(1, len(rows)):] {
		if len(r) < 3 || seen[[2]string{r[1], r[2]}] {
			continue
		}
		seen[[2]string{r[1], r[2]}] = true
		n += len(tr.History(r[1], r[2], "9999-Q4"))
	}
	return n
}

// badFiles makes the files of the corpus that are large, binary or special:
// each writes the file at path (scores is a valid tracker to start from),
// or skips the test when this system cannot make it.
var badFiles = map[string]func(t *testing.T, path string, scores []byte){
	"rubric/deep-nesting.yaml": func(t *testing.T, path string, _ []byte) {
		src := smallRubric(t)
		deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
		writeFile(t, path, []byte(strings.Replace(src, "    why: Leads get lost between the teams.", "    why: "+deep, 1)))
	},
	"rubric/comment-1mb.yaml": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte("# "+strings.Repeat("a long comment ", 1<<20/15)+"\n"+smallRubric(t)))
	},
	"rubric/2000-questions.yaml": func(t *testing.T, path string, _ []byte) { writeFile(t, path, bigRubric(2000)) },
	"rubric/5001-questions.yaml": func(t *testing.T, path string, _ []byte) { writeFile(t, path, bigRubric(5001)) },
	"rubric/too-large.yaml": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte(smallRubric(t)+strings.Repeat("# padding\n", 900000)))
	},
	"rubric/zero.yaml":    func(t *testing.T, path string, _ []byte) { symlink(t, "/dev/zero", path) },
	"rubric/folder.yaml":  func(t *testing.T, path string, _ []byte) { mkdir(t, path) },
	"answers/zero.yaml":   func(t *testing.T, path string, _ []byte) { symlink(t, "/dev/zero", path) },
	"answers/folder.yaml": func(t *testing.T, path string, _ []byte) { mkdir(t, path) },
	"answers/deep-nesting.yaml": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte(strings.Replace(okAnswers(t), "team: Northwind Traders",
			"team: "+strings.Repeat("{a: ", 50000)+"1"+strings.Repeat("}", 50000), 1)))
	},
	"answers/deep-nesting.json": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte(`{"rubric": "alignment", "team": `+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"}"))
	},
	"answers/team-25kb.yaml": func(t *testing.T, path string, _ []byte) {
		// 5,000 words: once, laying out such a name took minutes.
		name := strings.Repeat("Sales ", 5000)[:24999] + "x"
		writeFile(t, path, []byte(strings.Replace(okAnswers(t), "team: Northwind Traders", "team: "+name, 1)))
	},
	"answers/comment-1mb.yaml": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte(strings.Replace(okAnswers(t), "comment: Sales rewrites the deck.", "comment: "+strings.Repeat("x", 1<<20), 1)))
	},
	"answers/yaml-comment-1mb.yaml": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte("# "+strings.Repeat("a long comment ", 1<<20/15)+"\n"+okAnswers(t)))
	},
	"answers/10001-answers.yaml": func(t *testing.T, path string, _ []byte) {
		var b strings.Builder
		b.WriteString("rubric: alignment\nteam: Northwind Traders\nperiod: 2026-Q3\nrespondent: Dana Reyes\nrole: sales\n# ...\nanswers:\n")
		for i := range 10001 {
			fmt.Fprintf(&b, "  q-%05d: yes\n", i)
		}
		writeFile(t, path, []byte(b.String()))
	},
	"answers/too-large.yaml": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, []byte(okAnswers(t)+strings.Repeat("# padding\n", 300000)))
	},
	"tracker/docx.xlsx": func(t *testing.T, path string, _ []byte) {
		writeFile(t, path, zipOf(t, map[string]string{
			"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"word/document.xml":   `<document/>`,
		}))
	},
	"tracker/truncated.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, scores[:len(scores)/2]) // a copy that stopped half-way
	},
	"tracker/zip-bomb.xlsx": func(t *testing.T, path string, _ []byte) {
		// A part that says it unpacks to 8 GB: refused before anything
		// is unpacked.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store,
			CompressedSize64: 4, UncompressedSize64: 8 << 30, CRC32: 0})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
		zw.Close()
		writeFile(t, path, buf.Bytes())
	},
	"tracker/history-bomb.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, paddedSheet(t, scores, "History", 100))
	},
	"tracker/answers-bomb.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, paddedSheet(t, scores, "Answers", 64))
	},
	"tracker/styles-bomb.xlsx": func(t *testing.T, path string, scores []byte) {
		// 300 kB that unpack to 900 MB of styles, which excelize would
		// parse into 3 GB of memory.
		writeFile(t, path, paddedPart(t, scores, "xl/styles.xml", "?>", bytes.Repeat([]byte(" "), 1<<20), 900))
	},
	"tracker/strict.xlsx": func(t *testing.T, path string, scores []byte) {
		data, err := xlsxtest.Strict(scores)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, data)
	},
	"tracker/answers-crc.xlsx": func(t *testing.T, path string, scores []byte) {
		data, err := xlsxtest.Damage(scores, sheetPart(t, scores, "Answers"))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, data)
	},
	"tracker/answers-truncated.xlsx": func(t *testing.T, path string, scores []byte) {
		data, err := xlsxtest.Truncate(scores, sheetPart(t, scores, "Answers"))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, data)
	},
	"tracker/answers-full.xlsx": func(t *testing.T, path string, scores []byte) {
		if testing.Short() {
			t.Skip("a tracker of a million Answers rows takes seconds to update")
		}
		// Five rows short of the last row of a worksheet: the answers of
		// this report do not fit.
		writeFile(t, path, fullAnswers(t, scores, xlsx.MaxRows-5))
	},
	"tracker/history-header.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, editWorkbook(t, scores, func(f *excelize.File) { f.SetCellStr("History", "B1", "Squad") }))
	},
	"tracker/answers-header.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, editWorkbook(t, scores, func(f *excelize.File) { f.SetCellStr("Answers", "D1", "Name") }))
	},
	"tracker/no-history.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, editWorkbook(t, scores, func(f *excelize.File) { f.DeleteSheet("History") }))
	},
	"tracker/encrypted.xlsx": func(t *testing.T, path string, scores []byte) {
		f, err := excelize.OpenReader(bytes.NewReader(scores))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, 0o644)
	},
	"tracker/50mb.xlsx": func(t *testing.T, path string, _ []byte) {
		// Random bytes behind a zip signature.
		data := make([]byte, 50<<20)
		rng := rand.NewChaCha8([32]byte{1})
		rng.Read(data)
		copy(data, "PK\x03\x04")
		writeFile(t, path, data)
	},
	"tracker/empty.xlsx":  func(t *testing.T, path string, _ []byte) { writeFile(t, path, nil) },
	"tracker/folder.xlsx": func(t *testing.T, path string, _ []byte) { mkdir(t, path) },
	"tracker/fifo.xlsx": func(t *testing.T, path string, _ []byte) {
		if err := unix.Mkfifo(path, 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	},
	"tracker/device.xlsx": func(t *testing.T, path string, _ []byte) {
		// A device like /dev/null (made here, so that a bug replaces this
		// one and not the system's).
		if err := unix.Mknod(path, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
			if os.Getenv("CI") != "" && os.Getuid() == 0 {
				t.Fatalf("mknod as root in CI: %v", err)
			}
			t.Skipf("cannot make a device file: %v", err)
		}
	},
	"tracker/link-loop.xlsx": func(t *testing.T, path string, _ []byte) { symlink(t, filepath.Base(path), path) },
	// A lock file that is a link: following it would create a file where
	// it points (as root, anywhere).
	"tracker/lock-link.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, scores)
		symlink(t, "victim", path+".lock")
	},
	"tracker/read-only.xlsx": func(t *testing.T, path string, scores []byte) {
		writeFile(t, path, scores)
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
	},
	// A link named .xlsx to the report's PDF.
	"tracker/link-to-pdf.xlsx": func(t *testing.T, path string, _ []byte) {
		symlink(t, "../"+oldPDF, path)
	},
	// A link named .xlsx to another document.
	"tracker/link-to-doc.xlsx": func(t *testing.T, path string, _ []byte) {
		writeFile(t, filepath.Join(filepath.Dir(path), "notes.docx"), []byte("PK a document"))
		symlink(t, "notes.docx", path)
	},
}

func symlink(t *testing.T, target, path string) {
	t.Helper()
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

func smallRubric(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/bad/rubric/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func okAnswers(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/bad/answers/ok.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// bigRubric returns a valid rubric with n questions, 100 to an area.
func bigRubric(n int) []byte {
	var b strings.Builder
	b.WriteString("id: big\nversion: \"1\"\ntitle: A rubric with many questions\nbands:\n" +
		"  - {min: 0, label: Low, summary: Not yet.}\n  - {min: 50, label: High, summary: Good.}\n" +
		"scales:\n  yesno:\n    - {id: never, label: Never, points: 0}\n    - {id: always, label: Always, points: 1}\nareas:\n")
	for q := range n {
		if q%100 == 0 {
			fmt.Fprintf(&b, "  - id: area-%d\n    title: Area %d\n    why: Area %d matters.\n    questions:\n", q/100, q/100, q/100)
		}
		fmt.Fprintf(&b, "      - {id: q-%d, text: \"Question %d: do the teams agree on it?\", scale: yesno, advice: Agree on %d.}\n", q, q, q)
	}
	return []byte(b.String())
}

// zipOf returns a zip file of the given parts.
func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// editWorkbook returns a workbook edited by fn, as a user might in Excel.
func editWorkbook(t *testing.T, data []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// paddedSheet returns the workbook data with mb MB of spaces (valid XML)
// at the start of the rows of a sheet: a file of a few hundred kB whose
// sheet unpacks to hundreds of MB.
func paddedSheet(t *testing.T, data []byte, sheet string, mb int) []byte {
	t.Helper()
	return paddedPart(t, data, sheetPart(t, data, sheet), "<sheetData>", bytes.Repeat([]byte(" "), 1<<20), mb)
}

// sheetPart returns the part of a sheet, found as the tracker finds it.
func sheetPart(t *testing.T, data []byte, sheet string) string {
	t.Helper()
	p, err := xlsx.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := p.Sheet(sheet)
	if !ok {
		t.Fatalf("no sheet %s", sheet)
	}
	return s.Part
}

// paddedPart returns the workbook data with pad repeated n times in a part,
// after the first at: a file of a few hundred kB whose part unpacks to
// hundreds of MB. It is made without compressing all of it: pad is
// compressed once and repeated, which deflate allows when each piece ends
// on a flush.
func paddedPart(t *testing.T, data []byte, name, at string, pad []byte, n int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	compress := func(b []byte, last bool) []byte {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
		fw.Write(b)
		if last {
			fw.Close()
		} else {
			fw.Flush()
		}
		return buf.Bytes()
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		if f.Name != name {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		found = true
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		xml, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(xml, []byte(at))
		if i < 0 {
			t.Fatalf("%s has no %s", name, at)
		}
		head, tail := xml[:i+len(at)], xml[i+len(at):]
		block := compress(pad, false)
		crc := crc32.ChecksumIEEE(head)
		chunks := [][]byte{compress(head, false)}
		for range n {
			chunks = append(chunks, block)
			crc = crc32.Update(crc, crc32.IEEETable, pad)
		}
		chunks = append(chunks, compress(tail, true))
		crc = crc32.Update(crc, crc32.IEEETable, tail)
		size := 0
		for _, c := range chunks {
			size += len(c)
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(size), UncompressedSize64: uint64(len(head) + n*len(pad) + len(tail))})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range chunks {
			w.Write(c)
		}
	}
	if !found {
		t.Fatalf("no part %s", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// fullAnswers returns the tracker scores with its Answers sheet filled to
// rows rows, header included, with copies of its rows.
func fullAnswers(t *testing.T, scores []byte, rows int) []byte {
	t.Helper()
	part := sheetPart(t, scores, "Answers")
	parts, err := xlsxtest.Parts(scores)
	if err != nil {
		t.Fatal(err)
	}
	xml := parts[part]
	// The rows after the header, as the tracker writes them: without row
	// numbers, so that copies can follow one another.
	first := strings.Index(xml, "</row>") + len("</row>")
	end := strings.Index(xml, "</sheetData>")
	if first < len("</row>") || end < first || strings.Contains(xml[first:end], "<row ") {
		t.Fatalf("Answers rows are not as the tracker writes them: %.300s", xml)
	}
	list := strings.SplitAfter(xml[first:end], "</row>")
	list = list[:len(list)-1]
	cycle := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(list[i%len(list)])
		}
		return b.String()
	}
	per := len(list) * max(1, (1<<20)/len(xml[first:end]))
	needed := rows - 1 - len(list)
	n, extra := needed/per, needed%per
	data, err := xlsxtest.EditParts(scores, func(name, content string) string {
		if name != part {
			return content
		}
		return xml[:end] + cycle(extra) + xml[end:]
	})
	if err != nil {
		t.Fatal(err)
	}
	return paddedPart(t, data, part, "</row>", []byte(cycle(per)), n)
}

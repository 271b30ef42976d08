//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/questionnaire"
	"go.yaml.in/yaml/v3"
	"golang.org/x/sys/unix"
)

// hostileNames are team and respondent names that would leave --out, hide
// a file or name a device if they were used as file names as they are.
// None climbs more than five folders: even with a broken safeName, the
// files stay in the test's folder (see deep below), where the walk finds
// them.
var hostileNames = []string{
	"../../x", "a/b", "con", ".hidden", "/etc/passwd", "..", `..\..\x`, "x/../../../y",
	"NUL.txt", "-rf", "a\x00b", "../../../../../deep",
}

// smallRubricAnswers is what a respondent types in accessible mode to
// answer testdata/bad/rubric/small.yaml: an option and an empty comment
// for each of its two questions, then y to save.
const smallRubricAnswers = "1\n\n2\n\ny\n"

// TestNamesStayInOut gives audit report and audit take (accessible, with
// the answers piped in) team and respondent names such as ../../x, a/b and
// con, and checks that every file they write is a plain file directly in
// --out (or audit's own state folder), named after the safe form of the
// names.
func TestNamesStayInOut(t *testing.T) {
	slow(t, "many runs of audit")
	root := t.TempDir()
	// Deep enough that a name climbing out of --out (twice: a take's file
	// name has the team and the respondent) stays inside root, where the
	// walk below sees it.
	deep := "a/b/c/d/e/f/g/h/i/j/k/l/work"
	work := filepath.Join(root, filepath.FromSlash(deep))
	writeFile(t, filepath.Join(work, "small.yaml"), []byte(smallRubric(t)))
	passwd, _ := os.ReadFile("/etc/passwd")

	// The runs go at the same time, as colleagues' would: all that matters
	// is where they write.
	t.Run("runs", func(t *testing.T) {
		for i, name := range hostileNames {
			t.Run(fmt.Sprintf("report %d", i), func(t *testing.T) {
				t.Parallel()
				// audit report, with the name as team and respondent.
				sheet := map[string]any{"rubric": "small", "team": name, "period": "2026-Q3", "respondent": name, "role": "sales",
					"answers": map[string]string{"q-goals": "always", "q-handoff": "na"}}
				data, err := yaml.Marshal(sheet)
				if err != nil {
					t.Fatal(err)
				}
				in := fmt.Sprintf("in/%02d.yaml", i)
				writeFile(t, filepath.Join(work, in), data)
				r := runBinary(t, work, "", "report", "--rubric", "small.yaml", "--out", "out", "--tracker", "out/scores.xlsx", in)
				if r.code != 0 {
					t.Errorf("report with team %q: exit %d\n%s", name, r.code, r.stderr)
				}
				for _, p := range strings.Fields(r.stdout) {
					if filepath.Dir(p) != "out" {
						t.Errorf("report with team %q printed %s, outside out", name, p)
					}
				}
			})
			if strings.ContainsRune(name, 0) {
				continue // not a command-line argument
			}
			t.Run(fmt.Sprintf("take %d", i), func(t *testing.T) {
				t.Parallel()
				// audit take, with the name in the flags.
				r := runBinary(t, work, smallRubricAnswers, "take", "--accessible", "--rubric", "small.yaml", "--team", name,
					"--respondent", name, "--role", "sales", "--period", "2026-Q4", "--out", "out", "--no-report")
				if r.code != 0 {
					t.Errorf("take with team %q: exit %d\n%s", name, r.code, r.stderr)
				}
				if p := strings.TrimSpace(r.stdout); filepath.Dir(p) != "out" {
					t.Errorf("take with team %q wrote %q, outside out", name, p)
				}
			})
		}
		// audit take, with the names typed in (team, then name; the
		// quarter and role are flags).
		for i, name := range []string{"../../typed", "/etc/typed", ".typed"} {
			t.Run(fmt.Sprintf("typed %d", i), func(t *testing.T) {
				t.Parallel()
				r := runBinary(t, work, name+"\n"+name+"\n"+smallRubricAnswers, "take", "--accessible", "--rubric", "small.yaml",
					"--role", "sales", "--period", "2026-Q1", "--out", "out", "--no-report")
				if r.code != 0 {
					t.Errorf("take with typed team %q: exit %d\n%s", name, r.code, r.stderr)
				}
			})
		}
	})

	// Every file is where it may be: the inputs, plain files in out, and
	// audit's state and configuration.
	plain := regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}-]*\.(pdf|xlsx|yaml)$`)
	allowed := regexp.MustCompile(`^` + deep + `/(small\.yaml|in/\d\d\.yaml|out/scores\.xlsx(\.lock)?|` +
		`\.home/config/audit/last\.yaml|\.home/state/audit/drafts/[^/]+\.draft\.yaml\.lock|out/[^/]+)$`)
	var outFiles int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if !allowed.MatchString(rel) {
			t.Errorf("%s: written outside --out", rel)
			return nil
		}
		if dir, base := filepath.Split(rel); strings.HasSuffix(dir, "/out/") && !strings.HasPrefix(base, "scores.xlsx") {
			outFiles++
			if !plain.MatchString(base) {
				t.Errorf("%s: not a plain file name", rel)
			}
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s: not a regular file", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Each report wrote a PDF and a workbook, each take an answers file;
	// names that are the same when made safe (.., . and ../../x, x) share
	// one.
	if outFiles < 2*7+7 {
		t.Errorf("%d files in out, want at least %d", outFiles, 2*7+7)
	}
	if after, _ := os.ReadFile("/etc/passwd"); !bytes.Equal(passwd, after) {
		t.Error("/etc/passwd changed")
	}
}

// TestReportDoesNotFollowLinks: a report or answers file of the same name
// that is a symbolic link elsewhere is replaced, not written through: what
// it pointed to is unchanged.
func TestReportDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside.txt")
	writeFile(t, outside, []byte("precious"))
	writeFile(t, filepath.Join(dir, "answers", "ok.yaml"), []byte(okAnswers(t)))
	mkdir(t, filepath.Join(dir, "out"))
	for _, name := range []string{"northwind-traders-2026-Q3.pdf", "northwind-traders-2026-Q3.xlsx"} {
		symlink(t, outside, filepath.Join(dir, "out", name))
	}
	r := runBinary(t, dir, "", "report", "--allow-missing", "--out", "out", "answers/ok.yaml")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(outside); string(got) != "precious" {
		t.Errorf("the file a link in --out points to was written: %.40q", got)
	}
	checkPDF(t, filepath.Join(dir, "out", "northwind-traders-2026-Q3.pdf"))
}

// TestUnwritable checks that audit ends with exit status 1 and a message
// that names the path when it cannot write, and leaves nothing
// half-written. Tests run as root in CI, where file modes do not stop a
// write: the folders are made unwritable with a file where a folder should
// be, /proc, and a read-only mount (see mountTmpfs).
func TestUnwritable(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "answers", "ok.yaml"), []byte(okAnswers(t)))
	writeFile(t, filepath.Join(dir, "small.yaml"), []byte(smallRubric(t)))
	writeFile(t, filepath.Join(dir, "a-file"), []byte("not a folder"))
	scores := baseTracker(t)
	writeFile(t, filepath.Join(dir, "scores.xlsx"), scores)
	elsewhere := filepath.Join(t.TempDir(), "out") // reports that are not the point of a case

	// A read-only folder, with a tracker and an earlier report in it.
	ro := filepath.Join(dir, "ro")
	mountTmpfs(t, ro, 8<<20)
	writeFile(t, filepath.Join(ro, "scores.xlsx"), scores)
	writeFile(t, filepath.Join(ro, oldPDF), []byte("%PDF-1.3 the previous report"))
	remountReadOnly(t, ro)

	report := func(args ...string) []string {
		return append([]string{"report", "--allow-missing"}, append(args, "answers/ok.yaml")...)
	}
	take := func(out string) []string {
		return []string{"take", "--accessible", "--rubric", "small.yaml", "--team", "Northwind", "--respondent", "Dana",
			"--role", "sales", "--period", "2026-Q3", "--out", out}
	}
	for _, c := range []struct {
		name       string
		args       []string
		msg        string // the message holds this (and so names the path)
		lockFor    string // a tracker whose empty lock file may appear
		keepsDraft bool   // take: the answers are kept in the draft
	}{
		{name: "out is a file", args: report("--out", "a-file", "--tracker", "scores.xlsx"),
			msg: "create --out folder a-file: not a directory"},
		{name: "out below a file", args: report("--out", "a-file/reports"),
			msg: "create --out folder a-file/reports: not a directory"},
		{name: "out under proc", args: report("--out", "/proc/audit/reports"),
			msg: "create --out folder /proc/audit/reports: no such file or directory"},
		{name: "out read-only", args: report("--out", "ro/out", "--tracker", "scores.xlsx"),
			msg: "write ro/out/northwind-traders-2026-Q3.pdf: read-only file system", lockFor: "scores.xlsx"},
		{name: "out read-only, new folder", args: report("--out", "ro/new"),
			msg: "create --out folder ro/new: read-only file system"},
		{name: "tracker in read-only folder", args: report("--out", elsewhere, "--tracker", "ro/scores.xlsx"),
			msg: "ro/scores.xlsx: read-only file system"},
		{name: "tracker below a file", args: report("--out", elsewhere, "--tracker", "a-file/scores.xlsx"),
			msg: "a-file/scores.xlsx: not a directory"},
		{name: "tracker under proc", args: report("--out", elsewhere, "--tracker", "/proc/audit/scores.xlsx"),
			msg: "/proc/audit/scores.xlsx: no such file or directory"},
		{name: "take, out is a file", args: take("a-file"),
			msg: "create --out folder a-file: not a directory", keepsDraft: true},
		{name: "take, out read-only", args: take("ro/out"),
			msg: "ro/out/northwind-2026-Q3-dana.yaml: read-only file system", keepsDraft: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdin := ""
			if c.args[0] == "take" {
				stdin = smallRubricAnswers
			}
			before := snapshot(t, dir)
			r := runBinary(t, dir, stdin, c.args...)
			if r.code != 1 {
				t.Errorf("exit status %d, want 1\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.msg) {
				t.Errorf("message\n%s\ndoes not say %q", r.stderr, c.msg)
			}
			checkUnchanged(t, before, dir, c.lockFor)
			checkNoTempFiles(t, dir)
			drafts, _ := filepath.Glob(filepath.Join(dir, ".home", "state", "audit", "drafts", "*.draft.yaml"))
			if c.keepsDraft {
				if len(drafts) != 1 {
					t.Errorf("drafts %q: the answers are lost", drafts)
				} else if !strings.Contains(r.stderr, drafts[0]) {
					t.Errorf("message\n%s\ndoes not say where the answers are", r.stderr)
				}
			}
			for _, d := range drafts {
				os.Remove(d)
			}
		})
	}
}

// TestFullDisk fills a small file system so that a write fails half-way:
// the report (exit 1, the path named) leaves the earlier report and the
// tracker as they were, and no temporary file.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "answers", "ok.yaml"), []byte(okAnswers(t)))
	scores := baseTracker(t)

	disk := filepath.Join(dir, "disk")
	mountTmpfs(t, disk, 1<<20)
	writeFile(t, filepath.Join(disk, oldPDF), []byte("%PDF-1.3 the previous report"))
	writeFile(t, filepath.Join(disk, "scores.xlsx"), scores)

	// The PDF (about 35 kB) does not fit in what is left.
	fill(t, disk, 16<<10)
	before := snapshot(t, disk)
	r := runBinary(t, dir, "", "report", "--allow-missing", "--out", "disk/out", "--tracker", "disk/scores.xlsx", "answers/ok.yaml")
	if r.code != 1 || !strings.Contains(r.stderr, "write disk/out/northwind-traders-2026-Q3.pdf: no space left on device") {
		t.Errorf("exit status %d, message %q; want 1 and the PDF's path", r.code, r.stderr)
	}
	checkUnchanged(t, before, disk, "scores.xlsx")
	checkNoTempFiles(t, disk)

	// The reports go elsewhere; the tracker's update does not fit.
	r = runBinary(t, dir, "", "report", "--allow-missing", "--out", "out", "--tracker", "disk/scores.xlsx", "answers/ok.yaml")
	if r.code != 1 || !strings.Contains(r.stderr, "write disk/scores.xlsx: no space left on device") {
		t.Errorf("exit status %d, message %q; want 1 and the tracker's path", r.code, r.stderr)
	}
	checkUnchanged(t, before, disk, "scores.xlsx")
	checkNoTempFiles(t, disk)
}

// TestFileSizeLimit makes every write beyond 20 kB fail (RLIMIT_FSIZE, the
// way to a failing write that needs no mount): the report's PDF is larger,
// so its write fails half-way.
func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "answers", "ok.yaml"), []byte(okAnswers(t)))
	writeFile(t, filepath.Join(dir, "scores.xlsx"), baseTracker(t))
	writeFile(t, filepath.Join(dir, oldPDF), []byte("%PDF-1.3 the previous report"))
	before := snapshot(t, dir)
	r := runHelper(t, dir, "", []string{"AUDIT_HELPER_FSIZE=20000"},
		"report", "--allow-missing", "--out", "out", "--tracker", "scores.xlsx", "answers/ok.yaml")
	if r.code != 1 || !strings.Contains(r.stderr, "write out/northwind-traders-2026-Q3.pdf: file too large") {
		t.Errorf("exit status %d, message %q; want 1 and the PDF's path", r.code, r.stderr)
	}
	checkUnchanged(t, before, dir, "scores.xlsx")
	checkNoTempFiles(t, dir)
}

// mountTmpfs mounts a file system of size bytes at dir for the test. Where
// mounting is not allowed, the test is skipped, except in CI (which runs
// as root and must run it).
func mountTmpfs(t *testing.T, dir string, size int) {
	t.Helper()
	mkdir(t, dir)
	err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, fmt.Sprintf("size=%d,mode=0755", size))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mount a tmpfs (CI runs as root and must run this test): %v", err)
		}
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
}

func remountReadOnly(t *testing.T, dir string) {
	t.Helper()
	if err := unix.Mount("", dir, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount %s read-only: %v", dir, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "probe"), nil, 0o644); !errors.Is(err, syscall.EROFS) {
		t.Fatalf("a write to the read-only %s gives %v", dir, err)
	}
}

// fill fills the file system at dir until only about free bytes are left.
func fill(t *testing.T, dir string, free int64) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			break
		}
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(fi.Size() - free); err != nil {
		t.Fatal(err)
	}
}

// TestTakeDraftIsAPipe (issue 16, item 11): a named pipe at the draft's
// place made take wait for ever, deaf to SIGTERM. It is ignored with a
// warning, and replaced by the real draft.
func TestTakeDraftIsAPipe(t *testing.T) {
	te := newTestEnv(t)
	if err := os.MkdirAll(filepath.Dir(te.draft()), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(te.draft(), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- runTake(context.Background(), te.env, takeOpts(t, &fakeAsker{stopAfter: 1, stop: questionnaire.ErrAborted}))
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errAborted) {
			t.Errorf("take: %v, want it stopped after a page", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("take blocked on a draft that is a named pipe")
	}
	if !strings.Contains(te.stderr.String(), "is not a regular file") {
		t.Errorf("stderr %q: want a warning about the draft", te.stderr.String())
	}
	if fi, err := os.Lstat(te.draft()); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the draft is %v (%v), want the answers of the first page in a file", fi.Mode(), err)
	}
}

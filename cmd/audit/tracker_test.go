package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/internal/tracker"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

var trackerDay = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// trackerAnswers writes the example answers as team's answers in period
// into dir and returns their paths.
func trackerAnswers(t *testing.T, dir, team, period string) []string {
	t.Helper()
	files, err := filepath.Glob("../../examples/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(data), "Northwind Traders", team)
		s = strings.ReplaceAll(s, "2026-Q3", period)
		path := filepath.Join(dir, filepath.Base(name))
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, path)
	}
	return out
}

func trackerResult(t *testing.T, team, period string) *scoring.Result {
	t.Helper()
	results, err := scoreTeams(&env{stderr: io.Discard}, "", false, selection{}, trackerAnswers(t, t.TempDir(), team, period))
	if err != nil {
		t.Fatal(err)
	}
	return results[0]
}

// trackerHistory returns the team's periods before res.Period from the
// tracker at path (none when the file does not exist).
func trackerHistory(path string, res *scoring.Result) ([]scoring.Snapshot, error) {
	lt, err := openTracker(path)
	if err != nil {
		return nil, err
	}
	defer lt.close()
	return lt.history(res), nil
}

// updateTracker records res in the tracker at path, creating it when it
// does not exist.
func updateTracker(path string, res *scoring.Result, recorded time.Time) error {
	lt, err := openTracker(path)
	if err != nil {
		return err
	}
	defer lt.close()
	if err := lt.record(res, recorded, defaultActions); err != nil {
		return err
	}
	return lt.save(context.Background(), func(w *bufio.Writer) error { return lt.write(w) })
}

// trackerRows returns the team and period of each History row, and the
// team and period of each block of Answers rows.
func trackerRows(t *testing.T, path string) (history, answers []string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sheet, out := range map[string]*[]string{tracker.HistorySheet: &history, tracker.AnswersSheet: &answers} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows[1:] {
			k := r[1] + " " + r[0]
			if n := len(*out); n == 0 || (*out)[n-1] != k || sheet == tracker.HistorySheet {
				*out = append(*out, k)
			}
		}
	}
	return history, answers
}

// runAudit runs the command line in this process and returns its exit
// status and what it printed.
func runAudit(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out,
		getenv: func(string) string { return "" }, now: func() time.Time { return trackerDay }}
	code := run(context.Background(), args, e)
	return code, out.String()
}

// TestTrackerConcurrent records many quarters at once from goroutines, each
// going through the lock as separate processes do: every row is kept.
func TestTrackerConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	var want []string
	var results []*scoring.Result
	for i := range 8 {
		team := fmt.Sprintf("Team %d", i%2)
		period := fmt.Sprintf("202%d-Q%d", 5+i/4, i%4+1)
		results = append(results, trackerResult(t, team, period))
		want = append(want, team+" "+period)
	}
	sort.Strings(want)
	var wg sync.WaitGroup
	errs := make(chan error, len(results))
	for _, res := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- updateTracker(path, res, trackerDay)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	history, answers := trackerRows(t, path)
	if diff := cmp.Diff(want, history); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, answers); diff != "" {
		t.Errorf("Answers (-want +got):\n%s", diff)
	}
}

// TestTrackerProcesses starts audit processes that update one tracker at
// the same moment.
func TestTrackerProcesses(t *testing.T) {
	bin, err := exec.LookPath("audit") // testscript.Main puts the test binary there as audit
	if err != nil {
		t.Skip("no audit command in PATH")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	var want []string
	var cmds []*exec.Cmd
	for i := range 6 {
		team, period := fmt.Sprintf("Team %d", i%3), fmt.Sprintf("2026-Q%d", i/3+1)
		files := trackerAnswers(t, filepath.Join(dir, fmt.Sprint(i)), team, period)
		args := append([]string{"report", "--format", "xlsx", "--out", filepath.Join(dir, "out"),
			"--tracker", path, "--date", "2026-10-01"}, files...)
		cmd := exec.Command(bin, args...)
		cmd.Stderr = os.Stderr
		cmds = append(cmds, cmd)
		want = append(want, team+" "+period)
	}
	for _, cmd := range cmds {
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("%v: %v", cmd.Args[len(cmd.Args)-1], err)
		}
	}
	sort.Strings(want)
	history, answers := trackerRows(t, path)
	if diff := cmp.Diff(want, history); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, answers); diff != "" {
		t.Errorf("Answers (-want +got):\n%s", diff)
	}
}

func TestTrackerLockWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	lock, err := store.Lock(path, "tracker", trackerLockWait)
	if err != nil {
		t.Fatal(err)
	}
	old := trackerLockWait
	trackerLockWait = 100 * time.Millisecond
	defer func() { trackerLockWait = old }()
	err = updateTracker(path, trackerResult(t, "Northwind Traders", "2026-Q3"), trackerDay)
	if err == nil || !strings.Contains(err.Error(), "another audit has been updating it") {
		t.Errorf("error %v, want the lock to be held", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the tracker was written while another process held the lock")
	}
	lock.Unlock()
	if err := updateTracker(path, trackerResult(t, "Northwind Traders", "2026-Q3"), trackerDay); err != nil {
		t.Fatal(err)
	}
}

// TestTrackerOpenedEarly checks the tracker that audit report opens while
// it reads the answers: held by another update, the report waits for it
// and records; one in the --out folder that the report makes is made;
// when the answers stop the report, no lock file is left beside a tracker
// that did not exist, and an existing one stays as it was.
func TestTrackerOpenedEarly(t *testing.T) {
	dir := t.TempDir()
	answers := trackerAnswers(t, filepath.Join(dir, "answers"), "Northwind Traders", "2026-Q3")
	path := filepath.Join(dir, "scores.xlsx")

	lock, err := store.Lock(path, "tracker", trackerLockWait)
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(300 * time.Millisecond)
		lock.Unlock()
		close(released)
	}()
	code, out := runAudit(t, append([]string{"report", "--format", "pdf", "--out", filepath.Join(dir, "out"), "--tracker", path}, answers...)...)
	<-released
	if code != 0 {
		t.Fatalf("with the lock held for a while: exit %d: %s", code, out)
	}
	if _, err := trackerHistory(path, trackerResult(t, "Northwind Traders", "2026-Q4")); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// A tracker in the --out folder that the report makes.
	inOut := filepath.Join(dir, "new", "scores.xlsx")
	if code, out := runAudit(t, append([]string{"report", "--format", "pdf", "--out", filepath.Join(dir, "new"), "--tracker", inOut}, answers...)...); code != 0 {
		t.Fatalf("a tracker in the --out folder made by the report: exit %d: %s", code, out)
	}

	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, []byte("respondent: [\n"))
	fresh := filepath.Join(dir, "fresh.xlsx")
	for _, tracker := range []string{path, fresh} {
		code, out := runAudit(t, "report", "--out", filepath.Join(dir, "out"), "--tracker", tracker, bad)
		if code != 2 || !strings.Contains(out, "bad.yaml") {
			t.Errorf("--tracker %s with bad answers: exit %d: %s", tracker, code, out)
		}
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(before, after) {
		t.Errorf("the tracker changed (%v)", err)
	}
	for _, name := range []string{fresh, fresh + ".lock"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("%s was made by a report stopped by its answers", name)
		}
	}
}

// TestTrackerRefused checks that files that are not trackers are refused
// with exit status 2 and left as they were.
func TestTrackerRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	if err := updateTracker(good, trackerResult(t, "Northwind Traders", "2026-Q3"), trackerDay); err != nil {
		t.Fatal(err)
	}
	edited := func(fn func(f *excelize.File)) []byte {
		f, err := excelize.OpenFile(good)
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
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte("<document/>"))
	zw.Close()
	answers := trackerAnswers(t, filepath.Join(dir, "answers"), "Northwind Traders", "2026-Q4")
	for _, c := range []struct {
		name, want string
		data       []byte
	}{
		{"not-a-zip", "not an Excel workbook", []byte("Period;Team\n2026-Q3;Northwind\n")},
		{"docx", "not an Excel workbook", docx.Bytes()},
		{"header", `has the header "Period | Squad`, edited(func(f *excelize.File) { f.SetCellStr("History", "B1", "Squad") })},
		{"answers-only", "no History sheet", edited(func(f *excelize.File) { f.DeleteSheet("History") })},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".xlsx")
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out-"+c.name)
			code, msg := runAudit(t, append([]string{"report", "--format", "xlsx", "--out", out, "--tracker", path}, answers...)...)
			if code != exitInvalid {
				t.Errorf("exit status %d, want %d: %s", code, exitInvalid, msg)
			}
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "the file was not changed") {
				t.Errorf("message %q, want it to say %q", msg, c.want)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, c.data) {
				t.Error("the file changed")
			}
			if _, err := os.Stat(filepath.Join(out, "northwind-traders-2026-Q4.xlsx")); err == nil {
				t.Error("the report was written although the tracker was refused")
			}
		})
	}
}

func TestTrackerOpenElsewhere(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	answers := trackerAnswers(t, filepath.Join(dir, "answers"), "Northwind Traders", "2026-Q3")
	for _, owner := range []string{"~$scores.xlsx", ".~lock.scores.xlsx#"} {
		os.WriteFile(filepath.Join(dir, owner), nil, 0o644)
		code, msg := runAudit(t, append([]string{"report", "--format", "xlsx", "--out", dir, "--tracker", path}, answers...)...)
		if code != exitFailure || !strings.Contains(msg, "is open in") || !strings.Contains(msg, owner) {
			t.Errorf("%s: exit status %d, message %q", owner, code, msg)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("%s: the tracker was written", owner)
		}
		os.Remove(filepath.Join(dir, owner))
	}
}

func TestTrackerFileMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	res := trackerResult(t, "Northwind Traders", "2026-Q3")
	if err := updateTracker(path, res, trackerDay); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("new tracker has mode %v, want 0644", fi.Mode().Perm())
	}
	// A private tracker stays private; a link stays a link to it.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := updateTracker(link, trackerResult(t, "Northwind Traders", "2026-Q4"), trackerDay); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("private tracker has mode %v, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if history, _ := trackerRows(t, path); len(history) != 2 {
		t.Errorf("History %q, want two quarters", history)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
}

func TestTrackerHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	res := trackerResult(t, "Northwind Traders", "2026-Q4")
	if h, err := trackerHistory(path, res); err != nil || len(h) != 0 {
		t.Fatalf("no tracker: %v, %v", h, err)
	}
	for _, p := range []string{"2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"} {
		if err := updateTracker(path, trackerResult(t, "Northwind Traders", p), trackerDay); err != nil {
			t.Fatal(err)
		}
	}
	if err := updateTracker(path, trackerResult(t, "Contoso", "2026-Q1"), trackerDay); err != nil {
		t.Fatal(err)
	}
	h, err := trackerHistory(path, res)
	if err != nil {
		t.Fatal(err)
	}
	var periods []string
	for _, s := range h {
		periods = append(periods, s.Period)
		if s.Overall == nil || len(s.Areas) != len(res.Areas) || s.Areas[res.Areas[0].Area.Title] == nil {
			t.Errorf("%s: %+v", s.Period, s)
		}
	}
	if diff := cmp.Diff([]string{"2026-Q2", "2026-Q3"}, periods); diff != "" {
		t.Errorf("periods (-want +got):\n%s", diff)
	}
}

// TestLibreOffice opens the report workbook and the tracker in LibreOffice,
// and updates a tracker that LibreOffice saved.
// libreOffice returns a function that runs LibreOffice without a screen
// in dir, or skips the test when it is not installed.
func libreOffice(t *testing.T, dir string) func(args ...string) {
	t.Helper()
	slow(t, "LibreOffice")
	soffice, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice is missing in CI: .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("libreoffice is not installed")
	}
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command(soffice, append([]string{"--headless", "--norestore"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("libreoffice: %v\n%s", err, out)
		}
	}
}

func TestLibreOffice(t *testing.T) {
	dir := t.TempDir()
	lo := libreOffice(t, dir)
	tr := filepath.Join(dir, "scores.xlsx")
	for _, p := range []string{"2026-Q3", "2026-Q4"} {
		answers := trackerAnswers(t, filepath.Join(dir, p), "Northwind Traders", p)
		code, msg := runAudit(t, append([]string{"report", "--format", "xlsx", "--out", dir, "--tracker", tr, "--date", "2026-10-01"}, answers...)...)
		if code != 0 {
			t.Fatalf("audit report: %d %s", code, msg)
		}
	}
	// One call converts both workbooks, every sheet to its own CSV file.
	// (Numbers are written as stored, not as shown.)
	lo("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1",
		"--outdir", "csv", "northwind-traders-2026-Q4.xlsx", "scores.xlsx")
	read := func(name string) [][]string {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, "csv", name))
		if err != nil {
			entries, _ := os.ReadDir(filepath.Join(dir, "csv"))
			t.Fatalf("%v (csv has %v)", err, entries)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	summary := read("northwind-traders-2026-Q4-Summary.csv")
	if !strings.Contains(summary[0][0], "Northwind Traders, 2026-Q4") {
		t.Errorf("Summary title %q", summary[0][0])
	}
	isOverall := func(s string) bool { return strings.HasPrefix(s, "43.75") } // a number, not the text "43.8"
	found := false
	for _, r := range summary {
		if len(r) > 1 && r[0] == "Overall score" {
			found = isOverall(r[1])
		}
	}
	if !found {
		t.Errorf("Summary has no overall score of 43.75: %q", summary)
	}
	if rows := read("northwind-traders-2026-Q4-Answers.csv"); len(rows) != 1+3*30 {
		t.Errorf("Answers has %d rows", len(rows))
	}
	read("northwind-traders-2026-Q4-Actions.csv")
	read("northwind-traders-2026-Q4-Roles.csv")
	history := read("scores-History.csv")
	// Recorded, then Sales, Marketing and Gap (sales − marketing).
	if len(history) != 3 || history[1][0] != "2026-Q3" || !isOverall(history[2][5]) || len(history[2]) < 4 ||
		history[2][len(history[2])-4] != "2026-10-01" || !strings.HasPrefix(history[2][len(history[2])-1], "-38.99") {
		t.Errorf("History %q", history)
	}
	if rows := read("scores-Answers.csv"); len(rows) != 1+2*3*30 {
		t.Errorf("tracker Answers has %d rows", len(rows))
	}
	read("scores-Trend.csv")

	// A tracker LibreOffice saved (its own XML, shared strings and styles)
	// takes the next quarter.
	lo("--convert-to", "xlsx", "--outdir", "resaved", "scores.xlsx")
	resaved := filepath.Join(dir, "resaved", "scores.xlsx")
	if _, err := os.Stat(resaved); err != nil {
		t.Skipf("LibreOffice did not save the tracker again: %v", err)
	}
	if err := updateTracker(resaved, trackerResult(t, "Northwind Traders", "2027-Q1"), trackerDay); err != nil {
		t.Fatal(err)
	}
	h, answers := trackerRows(t, resaved)
	want := []string{"Northwind Traders 2026-Q3", "Northwind Traders 2026-Q4", "Northwind Traders 2027-Q1"}
	if diff := cmp.Diff(want, h); diff != "" {
		t.Errorf("History (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, answers); diff != "" {
		t.Errorf("Answers (-want +got):\n%s", diff)
	}
}

// TestTrackerEmptyFile takes an empty file (made with touch) as a new
// tracker.
func TestTrackerEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := updateTracker(path, trackerResult(t, "Northwind Traders", "2026-Q3"), trackerDay); err != nil {
		t.Fatal(err)
	}
	if history, _ := trackerRows(t, path); len(history) != 1 {
		t.Errorf("History %q", history)
	}
}

// TestReportDates records dates far from today: those a workbook holds are
// stored as they are (2300-01-01 was once recorded as 2192-04-09, past
// the range of a time.Duration), and those it cannot hold are refused
// before anything is written.
func TestReportDates(t *testing.T) {
	dir := t.TempDir()
	answers := trackerAnswers(t, filepath.Join(dir, "answers"), "Northwind Traders", "2026-Q3")
	scores := filepath.Join(dir, "scores.xlsx")
	for _, date := range []string{"2300-01-01", "1900-01-01", "9999-12-31"} {
		out := filepath.Join(dir, "out-"+date)
		if code, msg := runAudit(t, append([]string{"report", "--format", "xlsx", "--date", date, "--out", out, "--tracker", scores}, answers...)...); code != 0 {
			t.Fatalf("--date %s: exit %d: %s", date, code, msg)
		}
		f, err := excelize.OpenFile(scores)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(tracker.HistorySheet)
		if err != nil {
			t.Fatal(err)
		}
		recorded := slices.Index(rows[0], "Recorded")
		if recorded < 0 || recorded >= len(rows[1]) {
			t.Fatalf("History has no Recorded value: header %q, row %q", rows[0], rows[1])
		}
		if got := rows[1][recorded]; got != date {
			t.Errorf("--date %s: History records %s", date, got)
		}
		f.Close()
		w, err := excelize.OpenFile(filepath.Join(out, "northwind-traders-2026-Q3.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		summary, _ := w.GetRows("Summary")
		found := false
		for _, r := range summary {
			found = found || len(r) > 1 && r[0] == "Report date" && r[1] == date
		}
		if !found {
			t.Errorf("--date %s: the report workbook's Summary has no Report date %s", date, date)
		}
		w.Close()
	}
	before, err := os.ReadFile(scores)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--date", "0001-01-01"}, {"--date", "1899-12-31"}} {
		out := filepath.Join(dir, "refused")
		code, msg := runAudit(t, append(append([]string{"report", "--out", out, "--tracker", scores}, args...), answers...)...)
		if code != 2 || !strings.Contains(msg, "the report date must be from 1900-01-01 to 9999-12-31") {
			t.Errorf("%s: exit %d: %s", args, code, msg)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: the report was written", args)
		}
	}
	if after, _ := os.ReadFile(scores); !bytes.Equal(before, after) {
		t.Error("a refused date changed the tracker")
	}
	for _, epoch := range []string{"253402300800", "-2208988801", "-9223372036854775808", "9223372036854775807"} {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
			getenv: func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					return epoch
				}
				return ""
			}, now: time.Now}
		if _, err := reportDate(e, ""); err == nil || !strings.Contains(err.Error(), "SOURCE_DATE_EPOCH "+epoch) {
			t.Errorf("SOURCE_DATE_EPOCH=%s: %v", epoch, err)
		}
	}
}

// TestLibreOfficeHistoryTable makes a table of History as a user would,
// records a quarter, and has LibreOffice open the tracker and save it
// again: the table covers the new row.
func TestLibreOfficeHistoryTable(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice takes seconds")
	}
	dir := t.TempDir()
	lo := libreOffice(t, dir)
	scores := filepath.Join(dir, "scores.xlsx")
	record := func(period string) {
		t.Helper()
		answers := trackerAnswers(t, filepath.Join(dir, period), "Northwind Traders", period)
		if code, msg := runAudit(t, append([]string{"report", "--format", "xlsx", "--out", dir, "--tracker", scores, "--date", "2026-10-01"}, answers...)...); code != 0 {
			t.Fatalf("audit report: %d %s", code, msg)
		}
	}
	record("2026-Q3")
	record("2026-Q4")
	f, err := excelize.OpenFile(scores)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddTable(tracker.HistorySheet, &excelize.Table{Range: "A1:N3", Name: "Scores", StyleName: "TableStyleMedium2"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	record("2027-Q1")
	lo("--convert-to", "xlsx", "--outdir", "resaved", "scores.xlsx")
	g, err := excelize.OpenFile(filepath.Join(dir, "resaved", "scores.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	tables, err := g.GetTables(tracker.HistorySheet)
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:N4" {
		t.Errorf("after LibreOffice, History's tables are %+v (%v), want one of A1:N4", tables, err)
	}
	if rows, _ := g.GetRows(tracker.HistorySheet); len(rows) != 4 {
		t.Errorf("after LibreOffice, History has %d rows", len(rows))
	}
}

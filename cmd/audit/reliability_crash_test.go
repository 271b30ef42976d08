//go:build linux

package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alignaudit/audit/bench/sample"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/tracker"
	"github.com/alignaudit/audit/rubrics"
	"github.com/xuri/excelize/v2"
)

// largeTracker writes a tracker of four quarters of a team of 80
// respondents (9,600 Answers rows) to path, so that writing it takes a
// while.
func largeTracker(t *testing.T, path string) {
	t.Helper()
	r, err := rubrics.Parse("alignment")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := tracker.New()
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	for i, period := range []string{"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"} {
		res, err := scoring.Score(r, sample.Sheets(r, "Contoso", period, 80, uint64(i)), scoring.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Record(res, trackerDay); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := tr.Write(&buf); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.Bytes())
}

// historyKeys returns "team period" of every History row of the tracker
// at path, or an error when it is not a tracker that reads.
func historyKeys(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tr, err := tracker.Read(f)
	if err != nil {
		return nil, err
	}
	defer tr.Close()
	x, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("excelize: %w", err)
	}
	defer x.Close()
	rows, err := x.GetRows(tracker.HistorySheet)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, r := range rows[1:] {
		keys = append(keys, r[1]+" "+r[0])
	}
	if n := historyRows(tr, rows); len(keys) != n {
		return nil, fmt.Errorf("excelize reads %d History rows, the tracker %d", len(keys), n)
	}
	return keys, nil
}

// TestTrackerKilled kills a real audit report --tracker process at a
// moment that moves from its start to its end, many times, and at random
// moments while the new tracker is being written. Each time, the tracker
// is either the previous file byte for byte or a complete tracker with the
// new quarter, and the report files are either the previous ones or
// complete new ones; the next run is not stopped by a lock the killed one
// held.
func TestTrackerKilled(t *testing.T) {
	slow(t, "kills many runs")
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	largeTracker(t, path)

	// How long an uninterrupted run takes, on a copy.
	cp := filepath.Join(t.TempDir(), "copy.xlsx")
	data, _ := os.ReadFile(path)
	writeFile(t, cp, data)
	files := trackerAnswers(t, filepath.Join(dir, "in", "probe"), "Northwind Traders", "2029-Q4")
	full := timeRun(t, dir, append([]string{"report", "--out", t.TempDir(), "--tracker", cp}, files...))

	delays, triggered := 14, 6
	rng := rand.New(rand.NewPCG(1, 2))
	var outcomes []string
	var recorded []string
	for i := range delays + triggered {
		period := fmt.Sprintf("%d-Q%d", 2030+i/4, i%4+1)
		files := trackerAnswers(t, filepath.Join(dir, "in", period), "Northwind Traders", period)
		pdf := filepath.Join(dir, "out", "northwind-traders-"+period+".pdf")
		xlsx := strings.TrimSuffix(pdf, ".pdf") + ".xlsx"
		writeFile(t, pdf, []byte("the previous report"))
		writeFile(t, xlsx, []byte("the previous workbook"))
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := historyKeys(path)
		if err != nil {
			t.Fatal(err)
		}

		cmd := helperCmd(t, dir, "", nil, append([]string{"report", "--out", "out", "--tracker", "scores.xlsx"}, files...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		how := ""
		if i < delays {
			// From 5% of a run to 110%: the last ones end before the kill.
			d := full * time.Duration(5+105*i/(delays-1)) / 100
			how = fmt.Sprintf("after %v", d.Round(time.Millisecond))
			time.Sleep(d)
		} else {
			// When the new tracker's temporary file has grown to a random
			// part of the tracker's size: in the middle of writing it.
			// (Or as soon as the tracker itself changes, which it must not
			// before it is complete.)
			part := 10 + rng.IntN(80)
			how = fmt.Sprintf("with %d%% of the tracker written", part)
			if !waitForWrite(path, ".scores.xlsx.tmp-", int64(len(before)*part/100), full*3) {
				how = "(never saw the tracker being written)"
			}
		}
		cmd.Process.Kill()
		err = cmd.Wait()
		exited := err == nil

		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		outcome := "old"
		if !bytes.Equal(before, after) {
			outcome = "new"
			got, err := historyKeys(path)
			if err != nil {
				t.Fatalf("run %d, killed %s: the tracker is corrupt: %v", i, how, err)
			}
			want := append(slices.Clone(keys), "Northwind Traders "+period)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("run %d, killed %s: History %q, want %q", i, how, got, want)
			}
			recorded = append(recorded, period)
		}
		if exited && outcome == "old" {
			t.Errorf("run %d ended before the kill but the tracker is unchanged:\n%s", i, stderr.String())
		}
		// The reports: the previous files, or complete new ones.
		if got, _ := os.ReadFile(pdf); string(got) != "the previous report" {
			checkPDF(t, pdf)
		}
		if got, _ := os.ReadFile(xlsx); string(got) != "the previous workbook" {
			if f, err := excelize.OpenFile(xlsx); err != nil {
				t.Errorf("run %d, killed %s: the report workbook is corrupt: %v", i, how, err)
			} else {
				f.Close()
			}
		}
		outcomes = append(outcomes, fmt.Sprintf("%s: %s", how, outcome))
	}
	t.Logf("a run takes %v; the tracker after each kill:\n%s", full.Round(time.Millisecond), strings.Join(outcomes, "\n"))

	// The killed runs held the lock: it is free again, and the temporary
	// files they left do not disturb the next run, which removes them
	// (issue 16, item 17: they used to stay, 5 MB each).
	period := "2035-Q1"
	files = trackerAnswers(t, filepath.Join(dir, "in", period), "Northwind Traders", period)
	if r := runBinary(t, dir, "", append([]string{"report", "--out", "out", "--tracker", "scores.xlsx"}, files...)...); r.code != 0 {
		t.Fatalf("a run after the killed ones: exit %d\n%s", r.code, r.stderr)
	}
	got, err := historyKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(recorded, period) {
		if !slices.Contains(got, "Northwind Traders "+p) {
			t.Errorf("History lost %s", p)
		}
	}
	// (The reports' temporary files in out stay until they are an hour
	// old: no lock says that no other run is writing them.)
	if temps, _ := filepath.Glob(filepath.Join(dir, ".scores.xlsx.tmp-*")); len(temps) > 0 {
		t.Errorf("temporary files of the tracker left behind: %q", temps)
	}
}

// timeRun returns how long audit takes to run args in dir: the shorter of
// two runs (the first may be slowed by a cold start).
func timeRun(t *testing.T, dir string, args []string) time.Duration {
	t.Helper()
	best := time.Duration(0)
	for range 2 {
		r := runBinary(t, dir, "", args...)
		if r.code != 0 {
			t.Fatalf("audit %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		if best == 0 || r.took < best {
			best = r.took
		}
	}
	return best
}

// waitForWrite waits until a file beside path whose name starts with
// prefix holds at least size bytes, or path itself changes, up to limit.
func waitForWrite(path, prefix string, size int64, limit time.Duration) bool {
	old, err := os.Stat(path)
	if err != nil {
		return false
	}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(path); err != nil || fi.Size() != old.Size() || !fi.ModTime().Equal(old.ModTime()) {
			return true
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), prefix) {
				continue
			}
			if fi, err := e.Info(); err == nil && fi.Size() >= size {
				return true
			}
		}
		time.Sleep(100 * time.Microsecond)
	}
	return false
}

// TestTrackerProcessesKilled starts eight audit processes that record
// eight teams in one tracker at the same moment, and kills three of them at
// random moments: every row of the others is kept, each killed one's row
// is there whole or not at all, and the tracker reads.
func TestTrackerProcessesKilled(t *testing.T) {
	slow(t, "kills runs of audit")
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	writeFile(t, path, baseTracker(t)) // Northwind Traders 2026-Q2
	rng := rand.New(rand.NewPCG(3, 4))
	const n, killed = 8, 3
	// The kills fall between a third of the time one run takes and one
	// and a half times it: while the killed run waits for the lock, reads,
	// or writes.
	probe := filepath.Join(t.TempDir(), "probe.xlsx")
	writeFile(t, probe, baseTracker(t))
	files := trackerAnswers(t, filepath.Join(dir, "in", "probe"), "Probe", "2026-Q1")
	one := timeRun(t, dir, append([]string{"report", "--format", "xlsx", "--out", t.TempDir(), "--tracker", probe}, files...))
	type proc struct {
		cmd    *exec.Cmd
		key    string
		stderr bytes.Buffer
		kill   bool
	}
	procs := make([]*proc, n)
	for i := range procs {
		team, period := fmt.Sprintf("Team %02d", i), fmt.Sprintf("2026-Q%d", i%4+1)
		files := trackerAnswers(t, filepath.Join(dir, "in", fmt.Sprint(i)), team, period)
		p := &proc{key: team + " " + period, kill: i < killed}
		p.cmd = helperCmd(t, dir, "", nil, append([]string{"report", "--format", "xlsx", "--out", "out", "--tracker", "scores.xlsx"}, files...)...)
		p.cmd.Stderr = &p.stderr
		procs[i] = p
	}
	for _, p := range procs {
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for _, p := range procs {
		if p.kill {
			wg.Add(1)
			d := one/3 + time.Duration(rng.Int64N(int64(one*7/6)))
			go func() {
				defer wg.Done()
				time.Sleep(d)
				p.cmd.Process.Kill()
			}()
		}
	}
	wg.Wait()
	want := []string{"Northwind Traders 2026-Q2"}
	var maybe []string
	for _, p := range procs {
		err := p.cmd.Wait()
		switch {
		case p.kill && err != nil:
			maybe = append(maybe, p.key)
		case err != nil:
			t.Errorf("%s: %v\n%s", p.key, err, p.stderr.String())
		default:
			want = append(want, p.key)
		}
	}
	got, err := historyKeys(path)
	if err != nil {
		t.Fatalf("the tracker is corrupt: %v", err)
	}
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("History lost %s", k)
		}
	}
	for _, k := range got {
		if !slices.Contains(want, k) && !slices.Contains(maybe, k) {
			t.Errorf("History has %s, which no run recorded", k)
		}
	}
	// Each recorded team has its 3 × 30 Answers rows, not part of them.
	_, blocks := trackerRows(t, path)
	for _, k := range got {
		if !slices.Contains(blocks, k) {
			t.Errorf("Answers has no rows for %s", k)
		}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(tracker.AnswersSheet)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(got)*3*30; len(rows) != want {
		t.Errorf("Answers has %d rows, want %d (%d quarters)", len(rows), want, len(got))
	}
	t.Logf("a run takes %v; recorded: %d of %d runs, of which %d killed", one.Round(time.Millisecond), len(got)-1, n, len(got)-len(want))
}

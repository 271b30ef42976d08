//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// The account a colleague runs audit as, in TestSharedTrackerAcrossAccounts:
// not root, with its own primary group and the team's group.
const (
	colleagueUID = 4243
	colleagueGID = 1000
	teamGID      = 4242
)

// asColleague returns a command that runs audit (the test binary, copied
// where every account may run it) as the colleague, with setpriv.
func asColleague(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv is not installed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	runnable := filepath.Join(dir, "bin", "audit.test")
	if err := os.MkdirAll(filepath.Dir(runnable), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(runnable); err != nil {
		src, err := os.Open(exe)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		dst, err := os.OpenFile(runnable, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		dst.Close()
	}
	cmd := helperCmd(t, dir, "", nil, args...)
	cmd.Args = append([]string{setpriv, fmt.Sprintf("--reuid=%d", colleagueUID), fmt.Sprintf("--regid=%d", colleagueGID),
		fmt.Sprintf("--groups=%d", teamGID), "--", runnable}, cmd.Args[1:]...)
	cmd.Path = setpriv
	return cmd
}

// TestSharedTrackerAcrossAccounts (issue 16, item 7): a tracker on a team
// drive that one account made and another updates. The lock file the first
// made (mode 0644, its owner's) must not lock the colleague out, and the
// replaced tracker keeps its mode and group, so the team can still write
// it: a 0660 tracker of the team's group stays 0660 in that group (it used
// to take the colleague's own group), and a 0666 tracker in an open folder
// stays writable by all.
func TestSharedTrackerAcrossAccounts(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("acting as another account needs root")
	}
	slow(t, "runs audit as other accounts")
	dir := t.TempDir()
	// Every account may reach the test's folder.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mkdir(t, filepath.Join(dir, "mine"))
	if err := os.Chmod(filepath.Join(dir, "mine"), 0o777); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		folder      string
		folderMode  os.FileMode
		trackerMode os.FileMode
		group       int
		wantGroup   int // -1: any
	}{
		{name: "group tracker", folder: "team", folderMode: 0o2770, trackerMode: 0o660, group: teamGID, wantGroup: teamGID},
		{name: "open tracker", folder: "open", folderMode: 0o777, trackerMode: 0o666, group: 0, wantGroup: -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			tracker := filepath.Join(c.folder, "scores.xlsx")
			mkdir(t, filepath.Join(dir, c.folder))
			files := trackerAnswers(t, filepath.Join(dir, "in", c.name, "2026-Q2"), "Northwind Traders", "2026-Q2")
			if r := runBinary(t, dir, "", append([]string{"report", "--out", "mine", "--tracker", tracker}, files...)...); r.code != 0 {
				t.Fatalf("the first account's report: exit %d\n%s", r.code, r.stderr)
			}
			path := filepath.Join(dir, tracker)
			for _, p := range []string{filepath.Join(dir, c.folder), path} {
				if err := os.Chown(p, 0, c.group); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(filepath.Join(dir, c.folder), c.folderMode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, c.trackerMode); err != nil {
				t.Fatal(err)
			}
			files = trackerAnswers(t, filepath.Join(dir, "in", c.name, "2026-Q3"), "Northwind Traders", "2026-Q3")
			for _, f := range append(files, filepath.Join(dir, "in")) {
				filepath.Walk(f, func(p string, _ os.FileInfo, _ error) error { return os.Chmod(p, 0o755) })
			}
			r := runCmd(t, asColleague(t, dir, append([]string{"report", "--out", "mine", "--tracker", tracker}, files...)...))
			if r.code != 0 {
				t.Fatalf("the colleague's report: exit %d\n%s", r.code, r.stderr)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			st := fi.Sys().(*syscall.Stat_t)
			if fi.Mode().Perm() != c.trackerMode || c.wantGroup >= 0 && int(st.Gid) != c.wantGroup {
				t.Errorf("after the colleague's update the tracker is %v, group %d; want %v, group %d", fi.Mode().Perm(), st.Gid, c.trackerMode, c.wantGroup)
			}
			if got, err := historyKeys(path); err != nil || len(got) != 2 {
				t.Errorf("History %q (%v), want both quarters", got, err)
			}
		})
	}
}

//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/store"
	"golang.org/x/sys/unix"
)

// Tests of the audit binary as go build makes it, with its own main.

// realBinary builds the audit command for the tests that need its main
// function (signals) or its code (symbols), and returns it and the go
// command.
func realBinary(t *testing.T) (bin, goCmd string) {
	t.Helper()
	slow(t, "builds audit")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no go command in CI")
		}
		t.Skip("no go command")
	}
	bin = filepath.Join(t.TempDir(), "audit")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin, goCmd
}

// TestNetworkOnlyWhenSending checks the README's promise that audit opens a
// network connection only when asked to send an email: the binary runs
// every other command, and the email commands with --dry-run, under strace,
// and none of them creates an internet socket. Sending does, which shows
// the check can fail.
func TestNetworkOnlyWhenSending(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it under strace")
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no strace in CI")
		}
		t.Skip("no strace")
	}
	bin, _ := realBinary(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob(filepath.Join(root, "examples", "*"))
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	dir := t.TempDir()
	eml := filepath.Join(dir, "out", "northwind-traders-2026-Q3.eml")
	// sockets runs audit with args and returns the internet sockets it
	// created; the run must succeed unless it sends.
	sockets := func(args ...string) []string {
		t.Helper()
		trace := filepath.Join(dir, "trace")
		cmd := exec.Command(strace, append([]string{"-f", "-qq", "-e", "trace=socket,connect", "-o", trace, bin}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_STATE_HOME="+dir, "AUDIT_SMTP_PASSWORD=x")
		sending := args[0] == "send" && args[1] != "--dry-run"
		if out, err := cmd.CombinedOutput(); err != nil && !sending {
			t.Errorf("audit %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		data, err := os.ReadFile(trace)
		if err != nil {
			t.Fatal(err)
		}
		return regexp.MustCompile(`(?m)^.*socket\(AF_INET6?,.*$`).FindAllString(string(data), -1)
	}
	for _, args := range [][]string{
		append([]string{"score"}, examples...),
		append([]string{"report", "--out", "out", "--tracker", "scores.xlsx", "--email-to", "vp@example.com", "--email-from", "d@example.com"}, examples...),
		append([]string{"report", "--out", "out2", "--email-to", "vp@example.com", "--email-from", "d@example.com",
			"--send", "--dry-run", "--smtp", "127.0.0.1:1"}, examples...),
		{"send", "--dry-run", "--smtp", "127.0.0.1:1", "--smtp-user", "dana@example.com", eml},
		{"rubric", "list"},
		{"rubric", "show", "alignment"},
	} {
		if found := sockets(args...); len(found) > 0 {
			t.Errorf("audit %s opened a network socket:\n%s", strings.Join(args, " "), strings.Join(found, "\n"))
		}
	}
	if found := sockets("send", "--smtp", "127.0.0.1:1", eml); len(found) == 0 {
		t.Error("audit send opened no socket that the trace shows: the check cannot fail")
	}
}

// TestSecondInterruptEnds: audit waiting on a read that never ends (an
// answers file that is a named pipe nobody writes to) ends on a second
// ctrl+c, instead of ignoring every ctrl+c and SIGTERM. The first ctrl+c
// is audit's to handle (take keeps the draft, report stops before the
// tracker is replaced): the process must still be running after it, or
// the default action of SIGINT, not audit, ended it.
func TestSecondInterruptEnds(t *testing.T) {
	bin, _ := realBinary(t)
	dir := t.TempDir()
	if err := unix.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "score", "pipe.yaml")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
		t.Fatalf("the first ctrl+c ended audit (%v): it has no handler for it\n%s", cmd.ProcessState, stderr.String())
	case <-time.After(500 * time.Millisecond):
	}
	cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
			t.Errorf("audit ended with %v, want the interrupt signal\n%s", cmd.ProcessState, stderr.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("audit ignored two interrupts")
	}
}

// TestSignalBeforeTrackerReplaced (issue 16, item 12): ctrl+c or SIGTERM
// that reaches audit report before the tracker is replaced stops the run
// with exit status 130 and leaves the tracker as it was, and no report is
// written after it (it used to finish, exit 0, and replace the tracker).
// To be sure the signal comes first, the test holds the tracker's lock
// while audit waits for it and signals it then; the tracker is large, so
// that the run has work left to stop.
func TestSignalBeforeTrackerReplaced(t *testing.T) {
	bin, _ := realBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "scores.xlsx")
			largeTracker(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lock, err := store.Lock(path, "tracker", 0)
			if err != nil {
				t.Fatal(err)
			}
			files := trackerAnswers(t, filepath.Join(dir, "in"), "Contoso", "2026-Q1")
			cmd := exec.Command(bin, append([]string{"report", "--out", "out", "--tracker", "scores.xlsx"}, files...)...)
			cmd.Dir, cmd.Env = dir, userEnv(dir)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // audit is waiting for the lock
			cmd.Process.Signal(sig)
			time.Sleep(100 * time.Millisecond)
			lock.Unlock()
			timer := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
			cmd.Wait()
			timer.Stop()
			if code := cmd.ProcessState.ExitCode(); code != exitAborted {
				t.Errorf("exit status %d after %v, want %d\nstdout: %s\nstderr: %s", code, sig, exitAborted, stdout.String(), stderr.String())
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
				t.Error("the tracker changed after the signal")
			}
			if !bytes.Contains(stderr.Bytes(), []byte("the tracker scores.xlsx was not changed")) {
				t.Errorf("stderr %q does not say the tracker was not changed", stderr.String())
			}
			if entries, _ := os.ReadDir(filepath.Join(dir, "out")); len(entries) != 0 {
				t.Errorf("out holds %d files written after the signal", len(entries))
			}
			checkNoTempFiles(t, dir)
		})
	}
}

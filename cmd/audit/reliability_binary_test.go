//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// TestNoNetworkCode checks the README's promise that audit opens no network
// connection: the audit binary has no code that opens a socket or dials
// (the linker leaves out code nothing calls, so a library that could dial
// but is never asked to leaves no trace).
func TestNoNetworkCode(t *testing.T) {
	bin, goCmd := realBinary(t)
	out, err := exec.Command(goCmd, "tool", "nm", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool nm: %v\n%s", err, out)
	}
	// Functions that create a socket, connect one, or dial.
	network := regexp.MustCompile(`(?m)^\s*[0-9a-f]+ [Tt] (syscall\.(?i:socket|connect)|golang\.org/x/sys/unix\.(?i:socket|connect)|` +
		`net\.(Dial|\(\*Dialer\)\.Dial|\(\*sysDialer\)|Listen|\(\*ListenConfig\))|net/http\.\(\*Client\)\.|crypto/tls\.Dial).*$`)
	if found := network.FindAllString(string(out), 10); len(found) > 0 {
		t.Errorf("the audit binary has code that opens network connections:\n%q", found)
	}
	// The check itself finds such code: a program that dials has it.
	if !network.MatchString("  4a8f40 T net.(*Dialer).DialContext\n") || !network.MatchString(" 4abea0 T syscall.socket\n") {
		t.Error("the pattern does not match dialing code")
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

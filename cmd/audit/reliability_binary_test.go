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

	"golang.org/x/sys/unix"
)

// Tests of the audit binary as go build makes it, with its own main.

// realBinary builds the audit command for the tests that need its main
// function (signals) or its code (symbols), and returns it and the go
// command.
func realBinary(t *testing.T) (bin, goCmd string) {
	t.Helper()
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
// ctrl+c, instead of ignoring every ctrl+c and SIGTERM.
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
	time.Sleep(300 * time.Millisecond)
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

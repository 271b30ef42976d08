//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/alignaudit/audit/internal/mail/smtptest"
)

// TestPtyPasswordPrompt runs audit send in a terminal without
// AUDIT_SMTP_PASSWORD: the password is asked for and not shown as it is
// typed, the email is sent with it; ctrl+c at the prompt exits 130 and
// leaves the terminal echoing again. The binary trusts the test server's
// certificate through SSL_CERT_FILE.
func TestPtyPasswordPrompt(t *testing.T) {
	bin := buildAudit(t)
	const password = "s3cret wörd"
	srv := smtptest.Start(t, smtptest.Options{User: "dana", Password: password})
	_, eml := emailReport(t, emailEnv(t, nil))
	h := newPtyHome(t)
	certFile := filepath.Join(h.dir, "cert.pem")
	if err := os.WriteFile(certFile, srv.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	h.extraEnv = []string{"SSL_CERT_FILE=" + certFile}

	s := startPty(t, bin, h, "send", "--smtp", srv.Addr(), "--smtp-user", "dana", eml)
	s.waitText("Password for dana at 127.0.0.1:")
	s.press(password + keyEnter)
	code, screen := s.wait()
	if code != 0 {
		t.Fatalf("exit %d; the screen:\n%s", code, screen)
	}
	if strings.Contains(screen, "s3cret") {
		t.Errorf("the password showed on the screen:\n%s", screen)
	}
	if !strings.Contains(s.stdout.String(), "sent "+eml+" to vp@example.com, cmo@example.com") {
		t.Errorf("stdout: %s", s.stdout.String())
	}
	if got := srv.Passwords(); len(got) != 1 || got[0] != password || len(srv.Messages()) != 1 {
		t.Errorf("passwords %q, %d messages; want the one typed, and one message", got, len(srv.Messages()))
	}

	s = startPty(t, bin, h, "send", "--smtp", srv.Addr(), "--smtp-user", "dana", eml)
	s.waitText("Password for dana at 127.0.0.1:")
	s.press("half", keyCtrlC)
	if code, screen := s.wait(); code != exitAborted {
		t.Errorf("ctrl+c at the prompt: exit %d, want 130; the screen:\n%s", code, screen)
	}
	termios, err := unix.IoctlGetTermios(int(s.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if termios.Lflag&unix.ECHO == 0 {
		t.Error("after ctrl+c at the password prompt, the terminal does not echo")
	}
	if len(srv.Messages()) != 1 || len(srv.Passwords()) != 1 {
		t.Error("ctrl+c at the prompt still sent or logged in")
	}
}

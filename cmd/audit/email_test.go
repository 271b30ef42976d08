package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/config"
	"github.com/alignaudit/audit/internal/mail"
	"github.com/alignaudit/audit/internal/mail/smtptest"
	"github.com/google/go-cmp/cmp"
)

const (
	emailTeam     = "Zoë Ørsted — Продажи"
	emailPassword = "correct horse"
)

// emailEnv is a test environment whose SMTP connections trust srv's
// certificate and whose password comes from AUDIT_SMTP_PASSWORD.
func emailEnv(t *testing.T, srv *smtptest.Server) *testEnv {
	te := newTestEnv(t)
	te.stdinTTY = false
	te.vars[passwordVar] = emailPassword
	if srv != nil {
		te.tlsRoots = srv.RootCAs
	}
	return te
}

func (te *testEnv) run(args ...string) int {
	te.stdout.Reset()
	te.stderr.Reset()
	return run(context.Background(), args, te.env)
}

// emailReport writes the report of emailTeam for 2026-Q3 with a draft to
// vp@example.com, after recording 2026-Q2 (one sales respondent) in a
// tracker, and returns the draft's path.
func emailReport(t *testing.T, te *testEnv, extra ...string) (dir, eml string) {
	t.Helper()
	dir = t.TempDir()
	tracker := filepath.Join(dir, "scores.xlsx")
	q2 := trackerAnswers(t, filepath.Join(dir, "q2"), emailTeam, "2026-Q2")
	if code := te.run("report", "--out", filepath.Join(dir, "q2out"), "--tracker", tracker, q2[0]); code != 0 {
		t.Fatalf("report 2026-Q2: exit %d\n%s", code, te.stderr.String())
	}
	args := append([]string{"report", "--out", filepath.Join(dir, "out"), "--tracker", tracker,
		"--email-to", "vp@example.com", "--email-cc", "Ingrid Ångström <cmo@example.com>", "--email-from", "Dana Reyes <dana@example.com>"}, extra...)
	args = append(args, trackerAnswers(t, filepath.Join(dir, "q3"), emailTeam, "2026-Q3")...)
	if code := te.run(args...); code != 0 {
		t.Fatalf("audit %s: exit %d\n%s", strings.Join(args, " "), code, te.stderr.String())
	}
	for _, line := range strings.Split(te.stdout.String(), "\n") {
		if strings.HasSuffix(line, ".eml") {
			return dir, line
		}
	}
	t.Fatalf("audit report printed no .eml:\n%s", te.stdout.String())
	return "", ""
}

// copyDraft copies a draft into a new folder, for a test to change.
func copyDraft(t *testing.T, eml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), filepath.Base(eml))
	if err := os.WriteFile(path, readFile(t, eml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// emlCheck is the script command "emlcheck FILE.eml FILE.pdf": it reads an
// email as a mail client does and prints its header, its parts, whether
// the attachment is the PDF byte for byte, and the plain-text body.
func emlCheck() {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "emlcheck:", err)
		os.Exit(1)
	}
	if len(os.Args) != 3 {
		fail(errors.New("usage: emlcheck FILE.eml FILE.pdf"))
	}
	eml, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	pdf, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail(err)
	}
	m, err := smtptest.Parse(eml)
	if err != nil {
		fail(err)
	}
	to, err := m.Header.AddressList("To")
	if err != nil {
		fail(err)
	}
	fmt.Printf("X-Unsent: %s\nTo: %s\nSubject: %s\nParts: %s\n", m.Header.Get("X-Unsent"),
		mail.FormatAddresses(to), m.Subject, strings.Join(m.Structure, " "))
	for _, a := range m.Attachments {
		fmt.Printf("Attachment: %s (%s), the PDF byte for byte: %v\n", a.Name, a.Type, bytes.Equal(a.Data, pdf))
	}
	fmt.Printf("HTML body: %d characters\n\n%s", len(m.HTML), strings.ReplaceAll(m.Plain, "\r\n", "\n"))
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkEmail reads a message as a mail client would: the subject with the
// change since the tracker's last quarter, both bodies with the team's
// non-ASCII name and the summary, and the PDF byte for byte.
func checkEmail(t *testing.T, data []byte, pdfPath string) *smtptest.Parsed {
	t.Helper()
	pdf, pdfName := readFile(t, pdfPath), filepath.Base(pdfPath)
	m, err := smtptest.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Sales and Marketing Alignment Audit, " + emailTeam + " 2026-Q3: 43.8 Developing (+16.8)"; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
	for _, body := range []string{m.Plain, m.HTML} {
		for _, want := range []string{
			emailTeam + ", 2026-Q3", "Overall score: 43.8 of 100, Developing. Up 16.8 points since 2026-Q2 (27.0).",
			"Sales score 30.6, marketing 69.6: a gap of -39.0 points (sales − marketing; marketing sees it higher).", "Top three actions",
			"The full report is attached (" + pdfName + ").",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("a body lacks %q:\n%s", want, body)
			}
		}
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != pdfName || m.Attachments[0].Type != "application/pdf" {
		t.Fatalf("attachments %+v, want the PDF", m.Attachments)
	}
	if !bytes.Equal(m.Attachments[0].Data, pdf) {
		t.Errorf("the attachment (%d bytes) is not the PDF (%d bytes)", len(m.Attachments[0].Data), len(pdf))
	}
	return m
}

// TestReportEmail: audit report --email-to writes a draft beside the PDF.
func TestReportEmail(t *testing.T) {
	te := emailEnv(t, nil)
	dir, eml := emailReport(t, te)
	if !strings.HasSuffix(te.stdout.String(), ".xlsx\n"+eml+"\n"+filepath.Join(dir, "scores.xlsx")+"\n") {
		t.Errorf("stdout does not list the draft:\n%s", te.stdout.String())
	}
	m := checkEmail(t, readFile(t, eml), strings.TrimSuffix(eml, ".eml")+".pdf")
	if m.Header.Get("X-Unsent") != "1" {
		t.Error("the draft is not marked X-Unsent: 1")
	}
	if got := m.Header.Get("From") + " | " + m.Header.Get("Cc"); got != `"Dana Reyes" <dana@example.com> | =?utf-8?q?Ingrid_=C3=85ngstr=C3=B6m?= <cmo@example.com>` {
		t.Errorf("From | Cc: %s", got)
	}
}

// TestReportSend: audit report --send writes the draft and sends it, once,
// over STARTTLS with a login; the draft stays on disk as it was written.
func TestReportSend(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "dana", Password: emailPassword})
	te := emailEnv(t, srv)
	_, eml := emailReport(t, te, "--send", "--smtp", srv.Addr(), "--smtp-user", "dana")
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(got))
	}
	if diff := cmp.Diff([]string{"vp@example.com", "cmo@example.com"}, got[0].To); diff != "" || got[0].From != "dana@example.com" {
		t.Errorf("envelope from %s, recipients (-want +got):\n%s", got[0].From, diff)
	}
	draft := readFile(t, eml)
	m := checkEmail(t, got[0].Data, strings.TrimSuffix(eml, ".eml")+".pdf")
	if _, ok := m.Header["X-Unsent"]; ok {
		t.Error("X-Unsent was sent")
	}
	if !bytes.Contains(draft, []byte("X-Unsent: 1\r\n")) {
		t.Error("the draft on disk lost X-Unsent")
	}
	if !strings.Contains(te.stderr.String(), "sent "+eml+" to vp@example.com, cmo@example.com through "+srv.Addr()+" (2.0.0 OK: queued)") {
		t.Errorf("stderr:\n%s", te.stderr.String())
	}
	if diff := cmp.Diff([]string{emailPassword}, srv.Passwords()); diff != "" {
		t.Errorf("passwords tried (-want +got):\n%s", diff)
	}
}

// TestSend: audit send delivers a draft, taking the recipients from To,
// Cc and Bcc; the settings come from the config file where no flag is
// given, and flags win.
func TestSend(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "dana@example.com", Password: emailPassword})
	te := emailEnv(t, srv)
	_, eml := emailReport(t, te)
	// The manager adds a Bcc in an editor, and removes the From.
	draft := readFile(t, eml)
	edited := bytes.Replace(draft, []byte("X-Unsent: 1\r\n"), []byte("X-Unsent: 1\r\nBcc: ceo@example.com\r\n"), 1)
	edited = bytes.Replace(edited, []byte("From: \"Dana Reyes\" <dana@example.com>\r\n"), nil, 1)
	if err := os.WriteFile(eml, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	writeConfig(t, te, "smtp: 127.0.0.1:1\nsmtp-user: dana@example.com\ntls: implicit\n")
	if code := te.run("send", "--smtp", srv.Addr(), "--tls", "starttls", eml); code != 0 {
		t.Fatalf("exit %d\n%s", code, te.stderr.String())
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages arrived, want 1", len(got))
	}
	if diff := cmp.Diff([]string{"vp@example.com", "cmo@example.com", "ceo@example.com"}, got[0].To); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	m := checkEmail(t, got[0].Data, strings.TrimSuffix(eml, ".eml")+".pdf")
	if m.Header.Get("Bcc") != "" || m.Header.Get("X-Unsent") != "" {
		t.Errorf("Bcc %q, X-Unsent %q were sent", m.Header.Get("Bcc"), m.Header.Get("X-Unsent"))
	}
	if m.Header.Get("From") != "<dana@example.com>" {
		t.Errorf("From %q, want the SMTP user", m.Header.Get("From"))
	}
	if !bytes.Equal(readFile(t, eml), edited) {
		t.Error("audit send changed the file")
	}
}

func writeConfig(t *testing.T, te *testEnv, text string) string {
	t.Helper()
	path := filepath.Join(te.vars["XDG_CONFIG_HOME"], "audit", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSendFailures: each failure exits 1 with the server's reply, leaves
// the draft as it was, and delivers nothing.
func TestSendFailures(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	_, draft := emailReport(t, emailEnv(t, nil))
	for _, c := range []struct {
		name   string
		server smtptest.Options
		args   []string
		env    func(te *testEnv)
		want   string
	}{
		{name: "connection refused", args: []string{"--smtp", closed},
			want: "connect to " + closed + ": dial tcp " + closed + ": connect: connection refused"},
		{name: "untrusted certificate", env: func(te *testEnv) { te.tlsRoots = nil },
			want: "STARTTLS: tls: failed to verify certificate: x509: certificate signed by unknown authority"},
		{name: "wrong password", env: func(te *testEnv) { te.vars[passwordVar] = "wrong" },
			want: "log in as dana: 535 5.7.8 Username and password not accepted"},
		{name: "recipient refused", server: smtptest.Options{Refuse: []string{"cmo@example.com"}},
			want: "refused cmo@example.com (550 5.1.1 No such user here: cmo@example.com): nothing was sent"},
		{name: "no STARTTLS", server: smtptest.Options{TLS: "none"},
			want: "does not offer STARTTLS, so the message (and password) would cross the network unencrypted: use --tls implicit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := c.server
			opt.User, opt.Password = "dana", emailPassword
			srv := smtptest.Start(t, opt)
			te := emailEnv(t, srv)
			eml := copyDraft(t, draft)
			before := readFile(t, eml)
			if c.env != nil {
				c.env(te)
			}
			args := append([]string{"send", "--smtp", srv.Addr(), "--smtp-user", "dana"}, c.args...)
			code := te.run(append(args, eml)...)
			if code != exitFailure || !strings.Contains(te.stderr.String(), c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", code, te.stderr.String(), c.want)
			}
			if !strings.Contains(te.stderr.String(), "(the file is kept: run audit send "+eml+" to try again)") {
				t.Errorf("stderr does not say the file is kept:\n%s", te.stderr.String())
			}
			if !bytes.Equal(readFile(t, eml), before) {
				t.Error("the draft changed")
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("%d messages arrived", n)
			}
		})
	}
}

// TestSendNoTLS: --tls none sends in clear to a server without TLS when
// asked, with a warning.
func TestSendNoTLS(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: "none"})
	te := emailEnv(t, srv)
	_, eml := emailReport(t, te)
	if code := te.run("send", "--smtp", srv.Addr(), "--tls", "none", eml); code != 0 {
		t.Fatalf("exit %d\n%s", code, te.stderr.String())
	}
	if want := "warning: --tls none: the message goes to " + srv.Addr() + " unencrypted"; !strings.Contains(te.stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, te.stderr.String())
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages arrived, want 1", n)
	}
}

// TestSendInvalid: problems with addresses, settings and the password are
// found before anything is sent: exit 2, naming the culprit.
func TestSendInvalid(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "dana", Password: emailPassword})
	server := srv.Addr()
	_, draft := emailReport(t, emailEnv(t, srv))
	for _, c := range []struct {
		name   string
		config string
		edit   func(eml []byte) []byte
		args   []string
		env    func(te *testEnv)
		want   string
	}{
		{name: "bad To in the draft", edit: func(eml []byte) []byte {
			return bytes.Replace(eml, []byte("To: <vp@example.com>"), []byte("To: <vp@example.com>, vp@exmaple"), 1)
		}, want: `: To: "vp@exmaple" is not an email address`},
		{name: "no recipient", edit: func(eml []byte) []byte {
			eml = bytes.Replace(eml, []byte("To: <vp@example.com>\r\n"), nil, 1)
			return bytes.Replace(eml, []byte("Cc:"), []byte("X-Cc:"), 1)
		}, want: ": no recipient: the message has no To, Cc or Bcc address"},
		{name: "not a message", edit: func([]byte) []byte { return []byte("hello") }, want: ": not an email message"},
		{name: "no server", args: []string{"--smtp", ""}, want: "no SMTP server to send through: give --smtp HOST[:PORT], or set smtp in "},
		{name: "bad server", args: []string{"--smtp", "smtp://mail.example.com"}, want: `--smtp "smtp://mail.example.com": want a host name`},
		{name: "bad tls", args: []string{"--tls", "ssl"}, want: `--tls "ssl": want starttls, implicit or none`},
		{name: "password without TLS", args: []string{"--tls", "none"}, want: "--tls none with --smtp-user dana would send the password unencrypted"},
		{name: "no password", env: func(te *testEnv) { delete(te.vars, passwordVar) },
			want: "--smtp-user dana needs a password: set AUDIT_SMTP_PASSWORD, or run audit in a terminal to be asked for it"},
		{name: "password in the config", config: "smtp: smtp.example.com\nsmtp_password: hunter2\n",
			want: "config.yaml:2: smtp_password: audit never reads a password from a file"},
		{name: "unknown key in the config", config: "smtp-server: smtp.example.com\n",
			want: "config.yaml:1: smtp-server: unknown field (allowed: font, smtp, smtp-user, tls, email-from)"},
		{name: "missing file", args: []string{"missing.eml"}, want: "missing.eml: no such file or directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			te := emailEnv(t, srv)
			eml := copyDraft(t, draft)
			if c.edit != nil {
				if err := os.WriteFile(eml, c.edit(readFile(t, eml)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.config != "" {
				writeConfig(t, te, c.config)
			}
			if c.env != nil {
				c.env(te)
			}
			args := append([]string{"send", "--smtp", server, "--smtp-user", "dana"}, c.args...)
			if len(c.args) == 0 || !strings.HasSuffix(c.args[len(c.args)-1], ".eml") {
				args = append(args, eml)
			}
			if code := te.run(args...); code != exitInvalid || !strings.Contains(te.stderr.String(), c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, te.stderr.String(), c.want)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("%d messages arrived", n)
			}
			if len(srv.Passwords()) != 0 {
				t.Error("audit logged in")
			}
		})
	}
}

// TestReportEmailInvalid: a bad address or flag stops audit report before
// it writes anything.
func TestReportEmailInvalid(t *testing.T) {
	files := trackerAnswers(t, t.TempDir(), "Northwind Traders", "2026-Q3")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--email-to", "vp@example.com, cmo@"}, `--email-to: "cmo@" is not an email address`},
		{[]string{"--email-to", "vp@example.com", "--email-cc", "Zoë <zoë@example.com>"}, `--email-cc: "Zoë <zoë@example.com>" is not an email address audit can send to: write it in ASCII`},
		{[]string{"--email-to", "vp@example.com", "--email-from", "dana"}, `--email-from: "dana" is not an email address`},
		{[]string{"--email-cc", "vp@example.com"}, "--email-cc goes with --email-to"},
		{[]string{"--email-to", "vp@example.com", "--smtp", "smtp.example.com"}, "--smtp goes with --send"},
		{[]string{"--email-to", "vp@example.com", "--dry-run"}, "--dry-run goes with --send"},
		{[]string{"--email-to", "vp@example.com", "--format", "xlsx"}, "--email-to attaches the PDF: add pdf to --format"},
		{[]string{"--email-to", "vp@example.com", "--send", "--smtp", "smtp.example.com"}, "--send needs a sender: give --email-from, or set email-from in "},
		{[]string{"--email-to", "vp@example.com", "--send", "--smtp", "smtp.example.com", "--smtp-user", "dana@example.com"},
			"--smtp-user dana@example.com needs a password"},
	} {
		te := emailEnv(t, nil)
		delete(te.vars, passwordVar)
		out := filepath.Join(t.TempDir(), "out")
		args := append(append([]string{"report", "--out", out}, c.args...), files...)
		if code := te.run(args...); code != exitInvalid || !strings.Contains(te.stderr.String(), c.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit 2 and %q", c.args, code, te.stderr.String(), c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: the report was written", c.args)
		}
	}
}

// TestSendDryRun prints what would be sent to whom, asks for no password
// and connects to nothing.
func TestSendDryRun(t *testing.T) {
	te := emailEnv(t, nil)
	delete(te.vars, passwordVar)
	_, eml := emailReport(t, te)
	writeConfig(t, te, "smtp: smtp.example.com\nsmtp-user: dana@example.com\n")
	if code := te.run("send", "--dry-run", eml); code != 0 {
		t.Fatalf("exit %d\n%s", code, te.stderr.String())
	}
	want := "would send " + eml + " through smtp.example.com:587 (TLS: starttls, logged in as dana@example.com):\n" +
		"  From:    Dana Reyes <dana@example.com>\n" +
		"  To:      vp@example.com\n" +
		"  Cc:      Ingrid Ångström <cmo@example.com>\n" +
		"  Subject: Sales and Marketing Alignment Audit, " + emailTeam + " 2026-Q3: 43.8 Developing (+16.8)\n"
	if got := te.stdout.String(); !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "nothing was sent (--dry-run)\n") {
		t.Errorf("stdout:\n%s\nwant it to start:\n%s", got, want)
	}
}

// TestSendPasswordPrompt: without AUDIT_SMTP_PASSWORD, the password is
// asked for on the terminal, once.
func TestSendPasswordPrompt(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "dana", Password: emailPassword})
	te := emailEnv(t, srv)
	delete(te.vars, passwordVar)
	var prompts []string
	te.readPassword = func(_ context.Context, prompt string) (string, error) {
		prompts = append(prompts, prompt)
		return emailPassword, nil
	}
	_, eml := emailReport(t, te)
	if code := te.run("send", "--smtp", srv.Addr(), "--smtp-user", "dana", eml); code != 0 {
		t.Fatalf("exit %d\n%s", code, te.stderr.String())
	}
	if diff := cmp.Diff([]string{"Password for dana at 127.0.0.1: "}, prompts); diff != "" {
		t.Errorf("prompts (-want +got):\n%s", diff)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages arrived, want 1", n)
	}
}

// TestDocConfigExample keeps the config file examples in the README and
// docs/email.md valid: a user copies them.
func TestDocConfigExample(t *testing.T) {
	for _, path := range []string{"../../README.md", "../../docs/email.md"} {
		found := false
		for _, block := range codeBlocks(t, path, "yaml") {
			if !strings.Contains(block, "smtp:") {
				continue
			}
			found = true
			c, err := config.Parse(path, []byte(block), func(string) string { return "" })
			if err != nil {
				t.Errorf("%s: the config example does not parse:\n%v", path, err)
				continue
			}
			s := c.Mail
			if s.SMTP == "" || s.SMTPUser == "" || s.TLS == "" || s.EmailFrom == "" {
				t.Errorf("%s: the config example leaves out a setting: %+v", path, s)
			}
		}
		if !found {
			t.Errorf("%s has no config file example", path)
		}
	}
}

package mail

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/mail/smtptest"
	"github.com/google/go-cmp/cmp"
)

// outgoing is a draft of the examples prepared for sending.
func outgoing(t *testing.T) *Outgoing {
	t.Helper()
	eml, _ := writeDraft(t, "Zoë Ørsted — Продажи")
	out, err := Prepare(eml, nil, sendDay)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSMTPSend delivers a draft to a real SMTP server in this process, with
// STARTTLS and AUTH PLAIN, and implicit TLS, and reads what arrived.
func TestSMTPSend(t *testing.T) {
	for _, mode := range []TLSMode{StartTLS, ImplicitTLS} {
		t.Run(string(mode), func(t *testing.T) {
			srv := smtptest.Start(t, smtptest.Options{TLS: string(mode), User: "dana", Password: "pä55 wörd"})
			out := outgoing(t)
			s := &SMTP{Host: srv.Host, Port: srv.Port, TLS: mode, User: "dana", Password: "pä55 wörd", RootCAs: srv.RootCAs}
			reply, err := s.Send(context.Background(), out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(reply, "OK") {
				t.Errorf("reply %q", reply)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages arrived, want 1", len(got))
			}
			if got[0].From != "zoe@example.com" {
				t.Errorf("envelope from %q", got[0].From)
			}
			if diff := cmp.Diff([]string{"vp@example.com", "ceo@example.com", "cmo@example.com"}, got[0].To); diff != "" {
				t.Errorf("envelope recipients (-want +got):\n%s", diff)
			}
			if !bytes.Equal(got[0].Data, out.Data) {
				t.Errorf("the server got %d bytes that differ from the %d sent", len(got[0].Data), len(out.Data))
			}
			m, err := smtptest.Parse(got[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Subject, "Zoë Ørsted — Продажи 2026-Q3") || !strings.Contains(m.Plain, "Zoë Ørsted — Продажи") {
				t.Errorf("subject %q, plain body %q", m.Subject, m.Plain)
			}
			if len(m.Attachments) != 1 || !bytes.Equal(m.Attachments[0].Data, pdfBytes()) {
				t.Error("the PDF did not arrive byte for byte")
			}
			if _, ok := m.Header["X-Unsent"]; ok {
				t.Error("X-Unsent was sent")
			}
		})
	}
}

// TestSMTPFailures: each way sending fails says why, with the server's
// reply, and nothing arrives.
func TestSMTPFailures(t *testing.T) {
	closedPort := func() int {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		return port
	}
	for _, c := range []struct {
		name   string
		server smtptest.Options
		noAuth bool // the server offers no login
		smtp   func(s *SMTP)
		want   string
	}{
		{name: "connection refused", smtp: func(s *SMTP) { s.Port = closedPort() }, want: "connection refused"},
		{name: "wrong password", smtp: func(s *SMTP) { s.Password = "wrong" },
			want: "log in as dana: 535 5.7.8 Username and password not accepted"},
		{name: "untrusted certificate", smtp: func(s *SMTP) { s.RootCAs = nil },
			want: "STARTTLS: tls: failed to verify certificate: x509: certificate signed by unknown authority"},
		{name: "certificate for another host", smtp: func(s *SMTP) { s.Host = "localhost" },
			want: "x509: certificate is not valid for any names, but wanted to match localhost"},
		{name: "no STARTTLS", server: smtptest.Options{TLS: "none"},
			want: "does not offer STARTTLS, so the message (and password) would cross the network unencrypted"},
		{name: "password without TLS", server: smtptest.Options{TLS: "none"}, smtp: func(s *SMTP) { s.TLS = NoTLS },
			want: "refusing to send a password without TLS"},
		{name: "recipient refused", server: smtptest.Options{Refuse: []string{"ceo@example.com"}},
			want: "refused ceo@example.com (550 5.1.1 No such user here: ceo@example.com): nothing was sent"},
		{name: "no login offered", noAuth: true,
			want: "the server does not offer a login (AUTH), but --smtp-user dana was given"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := c.server
			if !c.noAuth {
				opt.User, opt.Password = "dana", "secret"
			}
			srv := smtptest.Start(t, opt)
			s := &SMTP{Host: srv.Host, Port: srv.Port, TLS: StartTLS, User: "dana", Password: "secret", RootCAs: srv.RootCAs}
			if c.smtp != nil {
				c.smtp(s)
			}
			_, err := s.Send(context.Background(), outgoing(t))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("%d messages arrived", n)
			}
		})
	}
}

// TestSMTPNoTLS: --tls none sends in clear to a server that has no TLS,
// without a login.
func TestSMTPNoTLS(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: "none"})
	s := &SMTP{Host: srv.Host, Port: srv.Port, TLS: NoTLS}
	if _, err := s.Send(context.Background(), outgoing(t)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages arrived, want 1", n)
	}
}

// TestSMTPTimeout: a server that accepts the connection and never answers
// is given up on after the connect timeout; ctrl+c ends the wait sooner.
func TestSMTPTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	s := &SMTP{Host: "127.0.0.1", Port: port, TLS: StartTLS, ConnectTimeout: 300 * time.Millisecond}
	start := time.Now()
	_, err = s.Send(context.Background(), outgoing(t))
	if err == nil || !strings.Contains(err.Error(), "i/o timeout") {
		t.Errorf("error %v, want a timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}

	s.ConnectTimeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	if _, err := s.Send(ctx, outgoing(t)); err == nil {
		t.Error("no error after cancelling")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelling took %v", d)
	}
}

func TestParseServer(t *testing.T) {
	for _, c := range []struct {
		in   string
		host string
		port int
		ok   bool
	}{
		{"smtp.example.com", "smtp.example.com", 0, true},
		{" smtp.example.com:2525 ", "smtp.example.com", 2525, true},
		{"127.0.0.1:25", "127.0.0.1", 25, true},
		{"[::1]:587", "::1", 587, true},
		{"smtp.example.com:0", "", 0, false},
		{"smtp.example.com:smtp", "", 0, false},
		{":587", "", 0, false},
		{"", "", 0, false},
		{"smtp://smtp.example.com", "", 0, false},
		{"user@smtp.example.com", "", 0, false},
		{"a:b:c", "", 0, false},
	} {
		host, port, err := ParseServer(c.in)
		if (err == nil) != c.ok || host != c.host || port != c.port {
			t.Errorf("ParseServer(%q) = %q, %d, %v", c.in, host, port, err)
		}
	}
}

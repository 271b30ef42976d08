package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wneessen/go-mail/smtp"
)

// Sender delivers a message. It returns the server's reply to the message.
type Sender interface {
	Send(ctx context.Context, m *Outgoing) (reply string, err error)
}

// TLSMode says how the connection to the SMTP server is encrypted.
type TLSMode string

// The TLS modes.
const (
	StartTLS    TLSMode = "starttls" // connect in clear, then STARTTLS before anything else
	ImplicitTLS TLSMode = "implicit" // TLS from the first byte (usually port 465)
	NoTLS       TLSMode = "none"     // no encryption: only on a network you trust
)

// ParseTLSMode reads starttls, implicit or none.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(strings.ToLower(strings.TrimSpace(s))); m {
	case StartTLS, ImplicitTLS, NoTLS:
		return m, nil
	}
	return "", fmt.Errorf("%q: want starttls, implicit or none", s)
}

// DefaultPort is the port for a mode: 465 for implicit TLS, else the
// submission port 587.
func (m TLSMode) DefaultPort() int {
	if m == ImplicitTLS {
		return 465
	}
	return 587
}

// ParseServer reads HOST or HOST:PORT; port is 0 when not given.
func ParseServer(s string) (host string, port int, err error) {
	s = strings.TrimSpace(s)
	notHost := fmt.Errorf("%q: want a host name, e.g. smtp.example.com or smtp.example.com:587", s)
	if s == "" || strings.ContainsAny(s, " /@\t") {
		return "", 0, notHost
	}
	host = s
	if h, p, splitErr := net.SplitHostPort(s); splitErr == nil {
		host = h
		n, convErr := strconv.Atoi(p)
		if convErr != nil || n < 1 || n > 65535 {
			return "", 0, fmt.Errorf("%q: the port must be a number from 1 to 65535", s)
		}
		port = n
	}
	if host == "" || strings.Contains(host, ":") && net.ParseIP(host) == nil {
		return "", 0, notHost
	}
	return host, port, nil
}

// SMTP sends through an SMTP server. Certificates are always verified.
type SMTP struct {
	Host           string
	Port           int
	TLS            TLSMode
	User, Password string         // no login when User is empty
	RootCAs        *x509.CertPool // nil: the system's certificate authorities
	// ConnectTimeout bounds connecting, the greeting, TLS and the login;
	// CommandTimeout each later command, the message included. Zero means
	// 30 seconds and 2 minutes.
	ConnectTimeout, CommandTimeout time.Duration
}

// Addr is the server's HOST:PORT.
func (s *SMTP) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Send delivers m in one transaction. If the server refuses the sender or
// any recipient, nothing is sent to anyone. There are no retries: a message
// the server may have taken is never sent again.
func (s *SMTP) Send(ctx context.Context, m *Outgoing) (string, error) {
	connectTimeout, commandTimeout := s.ConnectTimeout, s.CommandTimeout
	if connectTimeout == 0 {
		connectTimeout = 30 * time.Second
	}
	if commandTimeout == 0 {
		commandTimeout = 2 * time.Minute
	}
	if s.User != "" && s.TLS == NoTLS {
		return "", errors.New("refusing to send a password without TLS")
	}
	addr := s.Addr()
	tlsConfig := &tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
	dialer := &net.Dialer{Timeout: connectTimeout}
	var conn net.Conn
	var err error
	if s.TLS == ImplicitTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: tlsConfig}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return "", fmt.Errorf("connect to %s: %w", addr, err)
	}
	// Ctrl+C closes the connection, which ends whatever command waits.
	defer context.AfterFunc(ctx, func() { conn.Close() })()
	if err := conn.SetDeadline(time.Now().Add(connectTimeout)); err != nil {
		conn.Close()
		return "", fmt.Errorf("connect to %s: %w", addr, err)
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return "", fmt.Errorf("connect to %s: %w", addr, reply(err))
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return "", fmt.Errorf("%s: %w", addr, reply(err))
	}
	if s.TLS == StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return "", fmt.Errorf("%s does not offer STARTTLS, so the message (and password) would cross the network unencrypted: "+
				"use --tls implicit if the server takes TLS from the start (often port 465), or --tls none on a network you trust", addr)
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return "", fmt.Errorf("%s: STARTTLS: %w", addr, reply(err))
		}
	}
	if s.User != "" {
		auth, err := s.auth(c)
		if err != nil {
			return "", fmt.Errorf("%s: %w", addr, err)
		}
		if err := c.Auth(auth); err != nil {
			return "", fmt.Errorf("%s: log in as %s: %w", addr, s.User, reply(err))
		}
	}

	command := func() error { return c.UpdateDeadline(commandTimeout) }
	if err := command(); err != nil {
		return "", err
	}
	if err := c.Mail(angle(m.From.Address)); err != nil {
		return "", fmt.Errorf("%s refused the sender %s: %w", addr, m.From.Address, reply(err))
	}
	var refused []string
	for _, r := range m.Recipients() {
		if err := command(); err != nil {
			return "", err
		}
		if err := c.Rcpt(angle(r)); err != nil {
			refused = append(refused, fmt.Sprintf("%s (%v)", r, reply(err)))
		}
	}
	if len(refused) > 0 {
		_ = c.Reset()
		_ = c.Quit()
		return "", fmt.Errorf("%s refused %s: nothing was sent", addr, strings.Join(refused, ", "))
	}
	if err := command(); err != nil {
		return "", err
	}
	w, err := c.Data()
	if err != nil {
		return "", fmt.Errorf("%s: DATA: %w", addr, reply(err))
	}
	if _, err := w.Write(m.Data); err != nil {
		return "", fmt.Errorf("%s: sending the message: %w", addr, err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("%s did not take the message: %w", addr, reply(err))
	}
	reply := ""
	if dc, ok := w.(*smtp.DataCloser); ok {
		reply = dc.ServerResponse()
	}
	// The server has the message: a failed goodbye changes nothing.
	_ = c.Quit()
	return reply, nil
}

// auth picks PLAIN or LOGIN, whichever the server offers; both need TLS,
// which Send has made sure of.
func (s *SMTP) auth(c *smtp.Client) (smtp.Auth, error) {
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return nil, fmt.Errorf("the server does not offer a login (AUTH), but --smtp-user %s was given", s.User)
	}
	for _, m := range strings.Fields(strings.ToUpper(mechs)) {
		if m == "PLAIN" {
			return smtp.PlainAuth("", s.User, s.Password, s.Host, false), nil
		}
	}
	for _, m := range strings.Fields(strings.ToUpper(mechs)) {
		if m == "LOGIN" {
			return smtp.LoginAuth(s.User, s.Password, s.Host, false), nil
		}
	}
	return nil, fmt.Errorf("the server offers login methods %s; audit can log in with PLAIN or LOGIN", mechs)
}

// reply shows a server's error reply as the server wrote it, "535 5.7.8
// Authentication failed", without characters that could upset a terminal.
func reply(err error) error {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return err
	}
	msg := strings.Map(func(r rune) rune {
		if r == '\n' {
			return ' '
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, te.Msg)
	return fmt.Errorf("%03d %s", te.Code, msg)
}

func angle(addr string) string { return (&netmail.Address{Address: addr}).String() }

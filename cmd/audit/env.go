package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/alignaudit/audit/internal/safetext"
)

// env is everything a command takes from the outside world, so that every
// command runs in a test without a terminal.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdinTTY       bool // stdin is a terminal: the questionnaire can run
	stdoutTTY      bool // stdout is a terminal: tables may be styled
	getenv         func(string) string
	now            func() time.Time
	fonts          fontFinder // finds fonts for the PDF's other scripts
	// readPassword asks for a password without echo; nil when there is no
	// terminal to ask on.
	readPassword func(ctx context.Context, prompt string) (string, error)
	// tlsRoots are the certificate authorities an SMTP server's certificate
	// is checked against; nil means the system's. Tests set their own.
	tlsRoots *x509.CertPool
}

func systemEnv() *env {
	e := &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		getenv:    os.Getenv,
		now:       time.Now,
		fonts:     systemFontFinder(os.Getenv),
	}
	if e.stdinTTY {
		e.readPassword = terminalPassword
	}
	return e
}

// terminalPassword prompts on stderr and reads a line from the terminal
// without echo. Ctrl+C gives the terminal back as it was and aborts.
func terminalPassword(ctx context.Context, prompt string) (string, error) {
	fd := int(os.Stdin.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	fmt.Fprint(os.Stderr, prompt)
	type result struct {
		password []byte
		err      error
	}
	read := make(chan result, 1)
	go func() {
		p, err := term.ReadPassword(fd)
		read <- result{p, err}
	}()
	select {
	case r := <-read:
		fmt.Fprintln(os.Stderr)
		if r.err != nil {
			return "", fmt.Errorf("read the password: %w", r.err)
		}
		return string(r.password), nil
	case <-ctx.Done():
		term.Restore(fd, state)
		fmt.Fprintln(os.Stderr)
		return "", errAborted
	}
}

// say prints a message of audit's own (a warning, an error, a path) on
// stderr. Names and values from users' files are in it, so its control
// characters are shown escaped: nothing printed can steer the terminal.
func (e *env) say(format string, args ...any) {
	io.WriteString(e.stderr, safetext.Escape(fmt.Sprintf(format, args...)))
}

// sayOut is say on stdout (the paths written, rubric lists).
func (e *env) sayOut(format string, args ...any) {
	io.WriteString(e.stdout, safetext.Escape(fmt.Sprintf(format, args...)))
}

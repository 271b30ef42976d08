package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/alignaudit/audit/internal/safetext"
	"golang.org/x/term"
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
}

func systemEnv() *env {
	return &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		getenv:    os.Getenv,
		now:       time.Now,
		fonts:     systemFontFinder(os.Getenv),
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

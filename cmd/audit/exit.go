package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/store"
)

// Exit statuses, listed in `audit --help`.
const (
	exitOK      = 0
	exitFailure = 1
	exitInvalid = 2 // invalid input or usage
	exitAborted = 130
)

// exitError carries the exit status an error should end the program with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// invalidf reports bad input or usage: exit status 2.
func invalidf(format string, args ...any) error {
	return &exitError{code: exitInvalid, err: fmt.Errorf(format, args...)}
}

// errAborted is returned when the user stops the program.
var errAborted = &exitError{code: exitAborted, err: errors.New("aborted")}

// exitCode maps an error to the program's exit status.
func exitCode(err error) int {
	var ee *exitError
	var pl problem.List
	var ie *store.InputError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &pl), errors.As(err, &ie):
		return exitInvalid
	case errors.Is(err, context.Canceled):
		return exitAborted
	}
	return exitFailure
}

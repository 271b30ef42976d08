// Package store holds the file mechanics of audit: atomic writes, file
// locks, the drafts and remembered identity under the XDG folders, safe file
// names, and reading the user's input files (on all cores for many answers
// files). Commands in cmd/audit use it; nothing else opens files.
package store

import (
	"errors"
	"fmt"
	"io/fs"
)

// InputError is a problem with a file or name the user gave: bad input,
// which the command reports with exit status 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Invalidf returns an InputError.
func Invalidf(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// Bare returns the cause of a path error without the path, for messages
// that name the file themselves.
func Bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

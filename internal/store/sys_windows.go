//go:build windows

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// tryLockFile locks the first byte of f exclusively without waiting; it
// reports false when another process holds the lock.
func tryLockFile(f *os.File) (bool, error) {
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, new(windows.Overlapped))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION), errors.Is(err, windows.ERROR_IO_PENDING):
		return false, nil
	case errors.Is(err, windows.ERROR_NOT_SUPPORTED), errors.Is(err, windows.ERROR_INVALID_FUNCTION):
		return false, errLockUnsupported
	}
	return false, err
}

func unlockFile(f *os.File) {
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}

// openLockFile opens the lock file name, creating it. It refuses a
// symbolic link and anything but a regular file.
func openLockFile(name string) (f *os.File, created bool, err error) {
	if fi, err := os.Lstat(name); err == nil && !fi.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s is not a regular file: delete it (audit makes its own lock file)", name)
	}
	f, err = os.OpenFile(name, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0o644)
	created = err == nil
	if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(name, os.O_RDONLY, 0)
	}
	return f, created, err
}

// fileGroup: Windows files have no Unix group to keep.
func fileGroup(fs.FileInfo) int { return -1 }

// CheckWritable says why the file may not be replaced (it is read-only),
// or returns nil.
func CheckWritable(_ string, fi fs.FileInfo) error {
	if fi.Mode().Perm()&0o200 == 0 {
		return readOnly(fi)
	}
	return nil
}

// openRegular opens a file of audit's own (a draft, the remembered name)
// for reading, refusing anything but a regular file.
func openRegular(path string) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return os.Open(path)
}

package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// FileLock is an exclusive lock on a file that several processes update,
// taken by Lock.
type FileLock struct {
	f       *os.File // the lock file
	name    string
	created bool      // this lock made the lock file
	since   time.Time // when the lock was taken
	locked  bool      // false on a file system without locks
}

// LockedError is Lock's error when another process held the lock for as
// long as Lock waited.
type LockedError struct {
	What, Path, LockFile string
	Waited               time.Duration
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("%s %s: another audit has been updating it for %v (it holds %s); try again when it is done",
		e.What, e.Path, e.Waited, e.LockFile)
}

// Lock takes an exclusive lock on path's lock file (path+".lock", created
// beside it and left there): flock on Unix, LockFileEx on Windows
// (lock_*.go). The file itself is not locked: each update replaces it with
// a new file. It waits while another process holds the lock, up to wait.
// what names the file in messages ("tracker").
//
// The lock file is opened read-only, without following a symbolic link and
// without blocking on a pipe, and made readable by everyone (mode 0644,
// whatever the umask), so that every account that may write the file can
// take the lock: a lock needs no write permission.
func Lock(path, what string, wait time.Duration) (*FileLock, error) {
	name := path + ".lock"
	f, created, err := openLockFile(name)
	if err != nil {
		return nil, fmt.Errorf("lock %s %s: %w", what, path, Bare(err))
	}
	l := &FileLock{f: f, name: name, created: created}
	deadline := time.Now().Add(wait)
	for {
		locked, err := tryLockFile(f)
		switch {
		case errors.Is(err, errLockUnsupported):
			// A file system without locks (some network shares): go on
			// without; only concurrent updates are at risk.
			l.since = time.Now()
			return l, nil
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("lock %s %s: %w", what, path, err)
		case locked:
			l.locked, l.since = true, time.Now()
			return l, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, &LockedError{What: what, Path: path, LockFile: name, Waited: wait}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Unlock releases the lock. The lock file stays.
func (l *FileLock) Unlock() {
	if l.locked {
		unlockFile(l.f)
	}
	l.f.Close()
}

// Discard releases the lock of a file that was refused, and removes the
// lock file when this lock made it, so that a refused file (a PDF named as
// a tracker) gets no lock file beside it. Any other process waiting for the
// lock then finds the same refused file.
func (l *FileLock) Discard() {
	if l.created {
		os.Remove(l.name)
	}
	l.Unlock()
}

// Replace replaces the locked file at path with what write writes, as
// WriteFileAtomic does, but keeping the old file's permissions and group
// (a new file gets 0644): a shared tracker on a team drive stays writable by
// the colleagues who could write it. Temporary files of path older than the
// lock are left from runs that were killed, and are removed. When ctx is
// done before the new file is renamed into place, the old file stays and
// ctx's error is returned.
func (l *FileLock) Replace(ctx context.Context, path string, write func(w *bufio.Writer) error) error {
	removeStaleTemps(path, l.since)
	perm, gid := os.FileMode(0o644), -1
	if fi, err := os.Stat(path); err == nil {
		perm, gid = fi.Mode().Perm(), fileGroup(fi)
	}
	return writeAtomic(ctx, path, perm, gid, write)
}

// errLockUnsupported is tryLockFile's error on a file system that cannot
// lock files.
var errLockUnsupported = errors.New("file locks are not supported here")

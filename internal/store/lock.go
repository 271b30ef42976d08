package store

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Lock takes an exclusive lock on path's lock file (path+".lock", created
// beside it and left there): flock on Unix, LockFileEx on Windows
// (lock_*.go). The file itself is not locked: each update replaces it with
// a new file. It waits while another process holds the lock, up to wait.
// what names the file in messages ("tracker").
func Lock(path, what string, wait time.Duration) (unlock func(), err error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s %s: %w", what, path, Bare(err))
	}
	deadline := time.Now().Add(wait)
	for {
		locked, err := tryLockFile(f)
		switch {
		case errors.Is(err, errLockUnsupported):
			// A file system without locks (some network shares): go on
			// without; only concurrent updates are at risk.
			return func() { f.Close() }, nil
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("lock %s %s: %w", what, path, err)
		case locked:
			return func() {
				unlockFile(f)
				f.Close()
			}, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%s %s: another audit has been updating it for %v (it holds %s); try again when it is done",
				what, path, wait, name)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// errLockUnsupported is tryLockFile's error on a file system that cannot
// lock files.
var errLockUnsupported = errors.New("file locks are not supported here")

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/tracker"
)

// trackerLockWait is how long an update waits for another audit process
// that is updating the same tracker.
var trackerLockWait = 2 * time.Minute

// trackerHistory returns the team's periods before res.Period from the
// tracker at path (none when the file does not exist). A file that is not a
// tracker, or one that is open in Excel, stops the report before anything
// is written.
func trackerHistory(path string, res *scoring.Result) ([]scoring.Snapshot, error) {
	path, err := trackerFile(path)
	if err != nil {
		return nil, err
	}
	t, err := readTracker(path)
	if err != nil || t == nil {
		return nil, err
	}
	defer t.Close()
	return t.History(res.Team, res.Rubric.ID, res.Period), nil
}

// updateTracker records res in the tracker at path, creating it when it
// does not exist. The update holds a lock on path+".lock" from reading to
// renaming the new file into place, so that two processes updating one
// tracker both keep their rows.
func updateTracker(path string, res *scoring.Result, recorded time.Time) error {
	path, err := trackerFile(path)
	if err != nil {
		return err
	}
	unlock, err := lockTracker(path)
	if err != nil {
		return err
	}
	defer unlock()
	t, err := readTracker(path)
	if err != nil {
		return err
	}
	if t == nil {
		if t, err = tracker.New(); err != nil {
			return fmt.Errorf("create tracker %s: %w", path, err)
		}
	}
	defer t.Close()
	if err := t.Record(res, recorded); err != nil {
		return fmt.Errorf("update tracker %s: %w", path, err)
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := writeFileAtomic(path, func(w *bufio.Writer) error { return t.Write(w) }); err != nil {
		return err
	}
	// Keep the permissions of a tracker someone made private.
	if mode != 0o644 {
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("update tracker %s: %w", path, unwrapPathError(err))
		}
	}
	return nil
}

// trackerFile checks the tracker's path: the file a symbolic link points to
// is the tracker (so the update replaces that file, not the link), a folder
// is not one, and a workbook that is open in Excel or LibreOffice must be
// closed first, or saving it there would undo the update.
func trackerFile(path string) (string, error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return "", invalidf("--tracker %s: is a folder; name a workbook such as %s", path, filepath.Join(path, "scores.xlsx"))
	}
	dir, base := filepath.Split(path)
	for _, owner := range []struct{ file, app string }{
		{"~$" + base, "Excel"},
		{".~lock." + base + "#", "LibreOffice"},
	} {
		if _, err := os.Lstat(filepath.Join(dir, owner.file)); err == nil {
			return "", fmt.Errorf("tracker %s is open in %s (%s exists): close it there and run again; "+
				"if %s is not running, delete %s", path, owner.app, owner.file, owner.app, filepath.Join(dir, owner.file))
		}
	}
	return path, nil
}

// readTracker reads the tracker at path; it returns nil when there is no
// file, or an empty one, to start a new tracker in.
func readTracker(path string) (*tracker.Tracker, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read tracker %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() == 0 {
		return nil, nil
	}
	t, err := tracker.Read(f)
	var fe *tracker.FormatError
	if errors.As(err, &fe) {
		return nil, invalidf("--tracker %s: %v; the file was not changed", path, fe)
	}
	if err != nil {
		return nil, fmt.Errorf("read tracker %s: %w", path, unwrapPathError(err))
	}
	return t, nil
}

// lockTracker takes an exclusive lock on the tracker's lock file
// (path+".lock", created beside it and left there): flock on Unix,
// LockFileEx on Windows (tracker_lock_*.go). The tracker itself is not
// locked: each update replaces it with a new file. It waits while another
// process holds the lock, up to trackerLockWait.
func lockTracker(path string) (unlock func(), err error) {
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock tracker %s: %w", path, unwrapPathError(err))
	}
	deadline := time.Now().Add(trackerLockWait)
	for {
		locked, err := tryLockFile(f)
		switch {
		case errors.Is(err, errLockUnsupported):
			// A file system without locks (some network shares): go on
			// without; only concurrent updates are at risk.
			return func() { f.Close() }, nil
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("lock tracker %s: %w", path, err)
		case locked:
			return func() {
				unlockFile(f)
				f.Close()
			}, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("tracker %s: another audit has been updating it for %v (it holds %s); try again when it is done",
				path, trackerLockWait, name)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// errLockUnsupported is tryLockFile's error on a file system that cannot
// lock files.
var errLockUnsupported = errors.New("file locks are not supported here")

// sameFile reports whether two paths name the same file, existing or not.
func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/internal/tracker"
)

// trackerLockWait is how long an update waits for another audit process
// that is updating the same tracker.
var trackerLockWait = 2 * time.Minute

// lockedTracker is a tracker file locked for an update and read: the
// report reads the team's history from it, then records the quarter in it,
// so a large tracker is read once.
type lockedTracker struct {
	path   string           // the file, after symbolic links
	t      *tracker.Tracker // nil when there is no file yet
	unlock func()
}

// openTracker locks the tracker at path and reads it. The lock is on
// path+".lock" and held until close, from reading to renaming the new
// file into place, so that two processes updating one tracker both keep
// their rows. A file that is not a tracker, or one that is open in Excel,
// stops the report before anything is written.
func openTracker(path string) (*lockedTracker, error) {
	path, err := trackerFile(path)
	if err != nil {
		return nil, err
	}
	unlock, err := store.Lock(path, "tracker", trackerLockWait)
	if err != nil {
		return nil, err
	}
	t, err := readTracker(path)
	if err != nil {
		unlock()
		return nil, err
	}
	return &lockedTracker{path: path, t: t, unlock: unlock}, nil
}

// close releases the lock.
func (lt *lockedTracker) close() {
	if lt.t != nil {
		lt.t.Close()
	}
	lt.unlock()
}

// history returns the team's periods before res.Period.
func (lt *lockedTracker) history(res *scoring.Result) []scoring.Snapshot {
	if lt.t == nil {
		return nil
	}
	return lt.t.History(res.Team, res.Rubric.ID, res.Period)
}

// record records res in the tracker (a new one when there was no file).
func (lt *lockedTracker) record(res *scoring.Result, recorded time.Time) error {
	if lt.t == nil {
		t, err := tracker.New()
		if err != nil {
			return fmt.Errorf("create tracker %s: %w", lt.path, err)
		}
		lt.t = t
	}
	if err := lt.t.Record(res, recorded); err != nil {
		return fmt.Errorf("update tracker %s: %w", lt.path, err)
	}
	return nil
}

// write writes the updated tracker workbook.
func (lt *lockedTracker) write(w io.Writer) error { return lt.t.Write(w) }

// save replaces the tracker file with what write writes.
func (lt *lockedTracker) save(write func(w *bufio.Writer) error) error {
	path := lt.path
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := store.WriteFileAtomic(path, write); err != nil {
		return err
	}
	// Keep the permissions of a tracker someone made private.
	if mode != 0o644 {
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("update tracker %s: %w", path, store.Bare(err))
		}
	}
	return nil
}

// trackerHistory returns the team's periods before res.Period from the
// tracker at path (none when the file does not exist).
func trackerHistory(path string, res *scoring.Result) ([]scoring.Snapshot, error) {
	lt, err := openTracker(path)
	if err != nil {
		return nil, err
	}
	defer lt.close()
	return lt.history(res), nil
}

// updateTracker records res in the tracker at path, creating it when it
// does not exist.
func updateTracker(path string, res *scoring.Result, recorded time.Time) error {
	lt, err := openTracker(path)
	if err != nil {
		return err
	}
	defer lt.close()
	if err := lt.record(res, recorded); err != nil {
		return err
	}
	return lt.save(func(w *bufio.Writer) error { return lt.write(w) })
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
	} else if err == nil && !fi.Mode().IsRegular() {
		// A pipe would block the read, and a device would be replaced by
		// a file.
		return "", invalidf("--tracker %s: is a device or a pipe, not a file; name a workbook such as scores.xlsx", path)
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
		return nil, fmt.Errorf("read tracker %s: %w", path, store.Bare(err))
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
		return nil, fmt.Errorf("read tracker %s: %w", path, store.Bare(err))
	}
	return t, nil
}

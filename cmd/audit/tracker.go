package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/followup"
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
	path string           // the file, after symbolic links
	t    *tracker.Tracker // nil when there is no file yet
	lock *store.FileLock
}

// openTracker locks the tracker at path and reads it. The lock is on
// path+".lock" and held until close, from reading to renaming the new
// file into place, so that two processes updating one tracker both keep
// their rows. A file that is not a tracker, or one that is open in Excel,
// stops the report before anything is written.
func openTracker(path string) (*lockedTracker, error) {
	return openTrackerWaiting(path, trackerLockWait)
}

// openTrackerWaiting is openTracker, waiting up to wait for the lock.
func openTrackerWaiting(path string, wait time.Duration) (*lockedTracker, error) {
	path, err := trackerFile(path)
	if err != nil {
		return nil, err
	}
	lock, err := store.Lock(path, "tracker", wait)
	if err != nil {
		return nil, err
	}
	t, err := readTracker(path)
	if err != nil {
		// A refused file gets no lock file beside it.
		lock.Discard()
		return nil, err
	}
	return &lockedTracker{path: path, t: t, lock: lock}, nil
}

// close releases the lock.
func (lt *lockedTracker) close() {
	if lt.t != nil {
		lt.t.Close()
	}
	lt.lock.Unlock()
}

// trackerOpening is a tracker opened while the answers are read: a large
// tracker takes half a second to read (10 MB, 780,000 Answers rows), which
// reading the answers hides. When another update holds the tracker's lock
// (or it did not open for another reason), it is opened later, when the
// report needs it, waiting for the lock as before; and a report stopped by
// its answers leaves no lock file that the early opening made.
type trackerOpening struct {
	path string
	done chan struct{}
	lt   *lockedTracker
	err  error
	used bool
}

// openTrackerEarly starts opening the tracker at path.
func openTrackerEarly(path string) *trackerOpening {
	o := &trackerOpening{path: path, done: make(chan struct{})}
	go func() {
		defer close(o.done)
		o.lt, o.err = openTrackerWaiting(path, 0)
	}()
	return o
}

// take returns the opened tracker, as openTracker does; the tracker is
// closed by close. A tracker that did not open early is opened now, as
// before: another update may have held its lock, its folder may be --out,
// made since; a file that is not a tracker is refused again, with the
// same message.
func (o *trackerOpening) take() (*lockedTracker, error) {
	<-o.done
	o.used = true
	if o.err != nil {
		o.lt, o.err = openTracker(o.path)
	}
	return o.lt, o.err
}

// close closes the tracker. One that was never taken is discarded: its
// lock file goes when this run made it.
func (o *trackerOpening) close() {
	<-o.done
	switch {
	case o.lt == nil:
	case o.used:
		o.lt.close()
	default:
		if o.lt.t != nil {
			o.lt.t.Close()
		}
		o.lt.lock.Discard()
	}
}

// history returns the team's periods before res.Period.
func (lt *lockedTracker) history(res *scoring.Result) []scoring.Snapshot {
	if lt.t == nil {
		return nil
	}
	return lt.t.History(res.Team, res.Rubric.ID, res.Period)
}

// followUp returns what the team's report shows of its earlier quarters
// beyond their scores: its targets and the actions raised before, as the
// tracker has them now, and the warnings about rows of Targets that cannot
// be read (naming the sheet and cell).
func (lt *lockedTracker) followUp(res *scoring.Result) (followup.FollowUp, []string) {
	if lt.t == nil {
		return followup.FollowUp{}, nil
	}
	targets, warnings := lt.t.Targets(res)
	warnings = append(warnings, lt.t.ActionWarnings(res.Team)...)
	return followup.For(res, lt.t.Actions(), targets), warnings
}

// record records res in the tracker (a new one when there was no file),
// with its top actions actions.
func (lt *lockedTracker) record(res *scoring.Result, recorded time.Time, actions int) error {
	if lt.t == nil {
		t, err := tracker.New()
		if err != nil {
			return fmt.Errorf("create tracker %s: %w", lt.path, err)
		}
		lt.t = t
	}
	if err := lt.t.Record(res, recorded); err != nil {
		return lt.refused(err, "update tracker %s: %w")
	}
	if err := lt.t.RecordActions(res, actions); err != nil {
		return lt.refused(err, "update tracker %s: %w")
	}
	return nil
}

// write writes the updated tracker workbook. A tracker that turns out to
// be damaged or too full to take the rows is refused (exit 2).
func (lt *lockedTracker) write(w io.Writer) error {
	return lt.refused(lt.t.Write(w), "write tracker %s: %w")
}

// refused returns err as invalid input when the tracker refused the file
// (a tracker.FormatError), else wrapped with format and the path.
func (lt *lockedTracker) refused(err error, format string) error {
	var fe *tracker.FormatError
	if errors.As(err, &fe) {
		return invalidf("--tracker %s: %v; the file was not changed", lt.path, fe)
	}
	if err != nil {
		return fmt.Errorf(format, lt.path, err)
	}
	return nil
}

// save replaces the tracker file with what write writes, keeping its
// permissions and group. When ctx is done first (ctrl+c, SIGTERM), the
// tracker stays as it was.
func (lt *lockedTracker) save(ctx context.Context, write func(w *bufio.Writer) error) error {
	return lt.lock.Replace(ctx, lt.path, write)
}

// trackerFile checks the tracker's path: the file a symbolic link points to
// is the tracker (so the update replaces that file, not the link), a folder
// is not one, and a workbook that is open in Excel or LibreOffice must be
// closed first, or saving it there would undo the update.
func trackerFile(path string) (string, error) {
	given := path
	if err := checkTrackerName(path); err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return "", invalidf("--tracker %s: is a folder; name a workbook such as %s", path, filepath.Join(path, "scores.xlsx"))
	case err == nil && !fi.Mode().IsRegular():
		// A pipe would block the read, and a device would be replaced by
		// a file.
		return "", invalidf("--tracker %s: is a device or a pipe, not a file; name a workbook such as scores.xlsx", path)
	}
	if err == nil {
		if err := store.CheckWritable(path, fi); err != nil {
			return "", fmt.Errorf("tracker %s: %w; nothing was written: make it writable to record in it, or name another", path, err)
		}
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return "", invalidf("--tracker %s links to %s, whose name does not end in .xlsx: a tracker is an Excel workbook", given, path)
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

// checkTrackerName refuses a tracker whose name does not end in .xlsx: it
// would be replaced by a workbook (a report's PDF, a document).
func checkTrackerName(path string) error {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return invalidf("--tracker %s: a tracker is an Excel workbook whose name ends in .xlsx, such as scores.xlsx", path)
	}
	return nil
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

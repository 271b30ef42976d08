package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// staleTemp is the age after which a temporary file of WriteFileAtomic is
// left from a run that was killed: a write takes seconds.
const staleTemp = time.Hour

// WriteFileAtomic writes a file through a temporary file in the same folder
// that is synced and renamed over the target, so that a crash or a failed
// write never leaves a half-written file and the old file stays intact
// until the new one is complete. The file gets mode 0644. A target that is
// read-only (no write permission for anyone) is refused, as writing to it
// would be. (A file of another account in a shared folder is replaced, as
// renaming over it may.) Temporary files of the target older than an hour, left by a
// run that was killed, are removed.
func WriteFileAtomic(path string, write func(w *bufio.Writer) error) error {
	removeStaleTemps(path, time.Now().Add(-staleTemp))
	return writeAtomic(context.Background(), path, 0o644, -1, write)
}

// tempPrefix is how the temporary files of path are named: hidden, beside
// it, ".NAME.tmp-" and a random number.
func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

func writeAtomic(ctx context.Context, path string, perm fs.FileMode, gid int, write func(w *bufio.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("write %s: %w", path, readOnly(fi))
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPrefix(path)+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, Bare(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		// A failed write names the temporary file, which means nothing to
		// the user: name the target only.
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			err = pe.Err
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, Bare(err))
	}
	if gid >= 0 {
		// Keep the group of a shared file. Only a member of the group (or
		// root) may give a file to it. When the group's permissions differ
		// from everyone else's, anyone else would lock the group out, so
		// the old file stays; when they are the same, the group gives
		// nothing and may change.
		if err := tmp.Chown(-1, gid); err != nil && perm>>3&7 != perm&7 {
			return fmt.Errorf("write %s: cannot keep its group %d, which this account is not in (%w); the file was not changed", path, gid, Bare(err))
		}
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, Bare(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, Bare(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, Bare(err))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, Bare(err))
	}
	return nil
}

func readOnly(fi fs.FileInfo) error {
	return fmt.Errorf("%w: the file is read-only (mode %04o)", fs.ErrPermission, fi.Mode().Perm())
}

// removeStaleTemps removes the temporary files of path last written
// before before. Only regular files are removed, never what a link points
// to.
func removeStaleTemps(path string, before time.Time) {
	dir, prefix := filepath.Dir(path), tempPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(before) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// SameFile reports whether two paths name the same file, existing or not.
func SameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

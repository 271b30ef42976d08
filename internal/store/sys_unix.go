//go:build unix

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// tryLockFile takes an exclusive flock on f without waiting; it reports
// false when another process holds it.
func tryLockFile(f *os.File) (bool, error) {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EWOULDBLOCK), errors.Is(err, unix.EINTR):
		return false, nil
	case errors.Is(err, unix.ENOLCK), errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.ENOSYS):
		return false, errLockUnsupported
	}
	return false, err
}

func unlockFile(f *os.File) { unix.Flock(int(f.Fd()), unix.LOCK_UN) }

// openLockFile opens the lock file name, creating it readable by everyone.
// It refuses a symbolic link (as root, following one would create a file
// wherever it points) and anything but a regular file, and never blocks on
// a named pipe.
func openLockFile(name string) (f *os.File, created bool, err error) {
	flags := os.O_RDONLY | unix.O_NOFOLLOW | unix.O_NONBLOCK
	f, err = os.OpenFile(name, flags|os.O_CREATE|os.O_EXCL, 0o644)
	created = err == nil
	if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(name, flags, 0)
	}
	if errors.Is(err, unix.ELOOP) {
		return nil, false, fmt.Errorf("%s is a symbolic link: delete it (audit makes its own lock file)", name)
	}
	if err != nil {
		return nil, false, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file: delete it (audit makes its own lock file)", name)
	}
	if err == nil && created {
		err = f.Chmod(0o644) // whatever the umask
	}
	if err != nil {
		f.Close()
		if created {
			os.Remove(name)
		}
		return nil, false, err
	}
	return f, created, nil
}

// fileGroup returns the group of a file.
func fileGroup(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Gid)
	}
	return -1
}

// CheckWritable says why this account may not write the file, or returns
// nil: a file without any write permission bit is read-only (root may
// write anything, but a file made read-only is meant to stay as it is), and
// access(2) must allow this account to write it. A shared file (a tracker)
// is only replaced by the accounts that may write it.
func CheckWritable(path string, fi fs.FileInfo) error {
	if fi.Mode().Perm()&0o222 == 0 {
		return readOnly(fi)
	}
	if err := unix.Access(path, unix.W_OK); err != nil {
		return err
	}
	return nil
}

// openRegular opens a file of audit's own (a draft, the remembered name)
// for reading. It never blocks: a named pipe put in its place would wait
// for a writer for ever. Anything but a regular file is refused.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s is not a regular file", path)
		}
		return nil, err
	}
	return f, nil
}

//go:build unix

package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLockExcludes: a second Lock on the same file waits for the first and
// gives up after its wait with a message naming the lock file; after the
// first is released, it is taken at once.
func TestLockExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	first, err := Lock(path, "tracker", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Lock(path, "tracker", 100*time.Millisecond)
	if err == nil {
		t.Fatal("a second lock was taken while the first was held")
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("gave up after %v, want at least the wait", waited)
	}
	want := "tracker " + path + ": another audit has been updating it for 100ms (it holds " + path + ".lock)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
	first.Unlock()
	second, err := Lock(path, "tracker", 0)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	second.Unlock()
}

func TestLockUnwritableFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "scores.xlsx")
	_, err := Lock(path, "tracker", 0)
	if err == nil || !strings.HasPrefix(err.Error(), "lock tracker "+path+": ") {
		t.Errorf("got %v, want an error naming the tracker", err)
	}
}

// TestReplaceRemovesStaleTemps: the temporary files a killed update left
// are removed by the next update, which holds the lock: no other process
// can be writing them. WriteFileAtomic, without a lock, removes only those
// older than an hour.
func TestReplaceRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	old := time.Now().Add(-2 * time.Second)
	stale := []string{".scores.xlsx.tmp-123", ".scores.xlsx.tmp-456"}
	for _, name := range append(stale, ".other.xlsx.tmp-1", "scores.xlsx.tmp-not-ours") {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	lock, err := Lock(path, "tracker", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	if err := lock.Replace(context.Background(), path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	got := names(t, dir)
	want := []string{".other.xlsx.tmp-1", "scores.xlsx", "scores.xlsx.lock", "scores.xlsx.tmp-not-ours"}
	if !slices.Equal(got, want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}

	// Without the lock: an hour.
	report := filepath.Join(dir, "report.pdf")
	hourAgo := time.Now().Add(-staleTemp - time.Minute)
	for name, mtime := range map[string]time.Time{".report.pdf.tmp-1": hourAgo, ".report.pdf.tmp-2": time.Now()} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFileAtomic(report, writeString("new")); err != nil {
		t.Fatal(err)
	}
	got = names(t, dir)
	if slices.Contains(got, ".report.pdf.tmp-1") || !slices.Contains(got, ".report.pdf.tmp-2") {
		t.Errorf("folder holds %v: want the temporary file of an hour ago removed, the new one kept", got)
	}
}

// TestReplaceKeepsModeAndStops: Replace keeps the old file's permissions,
// and a done context leaves the old file as it was.
func TestReplaceKeepsModeAndStops(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	lock, err := Lock(path, "tracker", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := lock.Replace(ctx, path, writeString("new")); !errors.Is(err, context.Canceled) {
		t.Errorf("Replace after cancel = %v, want context.Canceled", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("the file holds %q after a cancelled Replace, want old", got)
	}
	if err := lock.Replace(context.Background(), path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after Replace, want 0600", fi.Mode().Perm())
	}
	if slices.ContainsFunc(names(t, dir), func(n string) bool { return strings.Contains(n, ".tmp-") }) {
		t.Errorf("a temporary file is left: %v", names(t, dir))
	}
}

// TestLockFileIsSafe: the lock file is made readable by every account
// (whatever the umask), a link at its place is refused and not followed,
// and a pipe does not block.
func TestLockFileIsSafe(t *testing.T) {
	dir := t.TempDir()
	old := syscall.Umask(0o077)
	lock, err := Lock(filepath.Join(dir, "a.xlsx"), "tracker", 0)
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	if fi, err := os.Stat(filepath.Join(dir, "a.xlsx.lock")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("lock file: %v, %v; want mode 0644", fi.Mode(), err)
	}

	if err := os.Symlink(filepath.Join(dir, "victim"), filepath.Join(dir, "b.xlsx.lock")); err != nil {
		t.Fatal(err)
	}
	if _, err := Lock(filepath.Join(dir, "b.xlsx"), "tracker", 0); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Lock through a link: %v, want it refused", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "victim")); err == nil {
		t.Error("Lock created the file a link points to")
	}

	if err := syscall.Mkfifo(filepath.Join(dir, "c.xlsx.lock"), 0o644); err != nil {
		t.Fatal(err)
	}
	refusedAtOnce(t, "Lock on a pipe", func() error {
		_, err := Lock(filepath.Join(dir, "c.xlsx"), "tracker", 0)
		return err
	})
}

// refusedAtOnce checks that f returns, within seconds, an error saying that
// a named pipe is not a regular file.
func refusedAtOnce(t *testing.T, what string, f func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "is not a regular file") {
			t.Errorf("%s: %v, want it refused", what, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s blocked", what)
	}
}

// TestDiscardRemovesItsLockFile: a lock taken for a file that is then
// refused leaves no lock file, unless the lock file was there before.
func TestDiscardRemovesItsLockFile(t *testing.T) {
	dir := t.TempDir()
	for _, existed := range []bool{false, true} {
		path := filepath.Join(dir, fmt.Sprintf("x-%v.pdf", existed))
		if existed {
			if err := os.WriteFile(path+".lock", nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		lock, err := Lock(path, "tracker", 0)
		if err != nil {
			t.Fatal(err)
		}
		lock.Discard()
		if _, err := os.Stat(path + ".lock"); (err == nil) != existed {
			t.Errorf("lock file existed before: %v; after Discard: %v", existed, err)
		}
	}
}

func writeString(s string) func(w *bufio.Writer) error {
	return func(w *bufio.Writer) error {
		_, err := w.WriteString(s)
		return err
	}
}

// TestDraftIsAPipe (issue 16, item 11): a named pipe where the draft or
// the remembered name should be is refused at once, instead of waiting for
// a writer for ever.
func TestDraftIsAPipe(t *testing.T) {
	dir := t.TempDir()
	getenv := envOf(map[string]string{"XDG_CONFIG_HOME": dir})
	pipe := filepath.Join(dir, "d.draft.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "audit"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "audit", "last.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	refusedAtOnce(t, "ReadDraft and RecallIdentity of a pipe", func() error {
		_, _, err := ReadDraft(pipe)
		RecallIdentity(getenv)
		return err
	})
}

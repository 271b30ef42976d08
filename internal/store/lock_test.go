package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLockExcludes: a second Lock on the same file waits for the first and
// gives up after its wait with a message naming the lock file; after the
// first is released, it is taken at once.
func TestLockExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores.xlsx")
	unlock, err := Lock(path, "tracker", time.Second)
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
	unlock()
	unlock2, err := Lock(path, "tracker", 0)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
}

func TestLockUnwritableFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "scores.xlsx")
	_, err := Lock(path, "tracker", 0)
	if err == nil || !strings.HasPrefix(err.Error(), "lock tracker "+path+": ") {
		t.Errorf("got %v, want an error naming the tracker", err)
	}
}

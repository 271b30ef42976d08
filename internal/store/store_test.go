package store

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Northwind Traders", "northwind-traders"},
		{"../../x", "x"},
		{"a/b", "a-b"},
		{`a\b`, "a-b"},
		{".hidden", "hidden"},
		{"..", "unnamed"},
		{"", "unnamed"},
		{"con", "con-team"},
		{"NUL", "nul-team"},
		{"Zoë Ørsted", "zoë-ørsted"},
		{"Продажи", "продажи"},
		{"EMEA / Sales & Marketing", "emea-sales-marketing"},
		{"x\x00y\nz", "x-y-z"},
		{strings.Repeat("long", 40), strings.Repeat("long", 15)},
	}
	for _, tt := range tests {
		got := SafeName(tt.in)
		if got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.ContainsAny(got, `/\`) || strings.HasPrefix(got, ".") || filepath.Base(got) != got {
			t.Errorf("SafeName(%q) = %q is not a plain file name", tt.in, got)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	if err := WriteFileAtomic(path, func(w *bufio.Writer) error {
		_, err := w.WriteString("new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o644 {
		t.Errorf("mode = %v, want 0644", got)
	}
	assertOnly(t, dir, "report.pdf", "new")
}

// TestWriteFileAtomicFailure: a write that fails half-way (a full disk, a
// crash in the writer) leaves the old file as it was and no temporary file.
func TestWriteFileAtomicFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scores.xlsx")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(path, func(w *bufio.Writer) error {
		w.WriteString(strings.Repeat("x", 1<<20)) // more than the buffer: reaches the disk
		return &os.PathError{Op: "write", Path: "tmp", Err: syscall.ENOSPC}
	})
	if err == nil {
		t.Fatal("got no error, want one")
	}
	if !strings.Contains(err.Error(), path) || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("error %q does not name %s and the cause", err, path)
	}
	var ie *InputError
	if errors.As(err, &ie) {
		t.Errorf("a failed write is an InputError (exit 2): %v", err)
	}
	assertOnly(t, dir, "scores.xlsx", "old")
}

func TestWriteFileAtomicUnwritableFolder(t *testing.T) {
	path := filepath.Join("/proc", "audit-test", "report.pdf")
	err := WriteFileAtomic(path, func(w *bufio.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v, want an error naming %s", err, path)
	}
}

// assertOnly checks that dir holds exactly one file, name, with content.
func assertOnly(t *testing.T, dir, name, content string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != name {
		t.Errorf("folder holds %v, want only %s", names, name)
	}
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content {
		t.Errorf("%s holds %.20q, want %q", name, got, content)
	}
}

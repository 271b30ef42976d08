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
	if names := names(t, dir); len(names) != 1 || names[0] != name {
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

// TestFilePart: names that differ get different files; names that are one
// name (case, Unicode form) get one; names that read as words keep their
// plain form.
func TestFilePart(t *testing.T) {
	plain := map[string]string{
		"Northwind Traders": "northwind-traders",
		"Dana Reyes":        "dana-reyes",
		"Zoë Ørsted":        "zoë-ørsted",
		"Продажи 2":         "продажи-2",
	}
	for name, want := range plain {
		if got := FilePart(name); got != want {
			t.Errorf("FilePart(%q) = %q, want %q", name, got, want)
		}
	}
	same := [][]string{
		{"Northwind Traders", "NORTHWIND TRADERS", " northwind traders "},
		{"Caf\u00e9", "Cafe\u0301", "CAF\u00c9"},
	}
	for _, names := range same {
		for _, n := range names[1:] {
			if a, b := FilePart(names[0]), FilePart(n); a != b {
				t.Errorf("FilePart(%q) = %q, FilePart(%q) = %q: one name, want one file", names[0], a, n, b)
			}
		}
	}
	// From issue 16: each pair collided.
	differ := []string{
		"Northwind Traders", "northwind-traders", "NORTHWIND_TRADERS",
		"CON", "con.team", "con team",
		"🎉", "🚀", "", "unnamed",
		"Café", "cafe",
		"Anne-Marie Lee", "Anne Marie Lee",
		strings.Repeat("long ", 20) + "a", strings.Repeat("long ", 20) + "b",
	}
	seen := map[string]string{}
	for _, n := range differ {
		got := FilePart(n)
		if other, dup := seen[got]; dup {
			t.Errorf("FilePart(%q) = FilePart(%q) = %q", n, other, got)
		}
		seen[got] = n
		if strings.ContainsAny(got, `/\.`) || got != filepath.Base(got) || len(got) > 67 {
			t.Errorf("FilePart(%q) = %q is not a short plain file name part", n, got)
		}
	}
}

// names lists the files in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/problem"
)

func TestUTF8Text(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{[]byte("team: x\n"), "team: x\n"},
		{[]byte("\xef\xbb\xbfteam: x\n"), "team: x\n"},
		{[]byte("\xff\xfet\x00:\x00\n\x00"), "t:\n"},
		{[]byte("\xfe\xff\x00t\x00:\x00\n"), "t:\n"},
		{[]byte("\xff\xfet"), "\xff\xfet"}, // odd length: not UTF-16
	}
	for _, tt := range tests {
		if got := string(UTF8Text(tt.in)); got != tt.want {
			t.Errorf("UTF8Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, 1<<20+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want string }{
		{big, big + ": larger than 1 MB"},
		{dir, dir + ": is a folder, not a file"},
		{filepath.Join(dir, "missing.yaml"), "missing.yaml: no such file or directory"},
	} {
		_, err := ReadInput(c.name, 1<<20)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadInput(%s) = %v, want an InputError with %q", c.name, err, c.want)
		}
	}
}

// TestLoadSheets: sheets come back in the order given, though parsed on
// all cores, and the problems of every file are listed at once, file after
// file.
func TestLoadSheets(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i, team := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
		name := filepath.Join(dir, team+".yaml")
		src := "rubric: alignment\nteam: " + team + "\nperiod: 2026-Q3\nrespondent: R\nrole: sales\nanswers: {}\n"
		if i == 7 {
			name = filepath.Join(dir, team+".json")
			src = `{"rubric": "alignment", "team": "H", "period": "2026-Q3", "respondent": "R", "role": "sales", "answers": {}}`
		}
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	sheets, err := LoadSheets(names, MaxAnswerFiles)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if s.Source != names[i] || s.Team != strings.TrimSuffix(filepath.Base(names[i]), filepath.Ext(names[i])) {
			t.Errorf("sheet %d is %s (team %s), want %s", i, s.Source, s.Team, names[i])
		}
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("team: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.yaml")
	_, err = LoadSheets([]string{names[0], missing, bad}, MaxAnswerFiles)
	var pl problem.List
	if !errors.As(err, &pl) || len(pl) < 2 {
		t.Fatalf("got %v, want the problems of both files", err)
	}
	if pl[0].File != missing || pl[len(pl)-1].File != bad {
		t.Errorf("problems %v: want the missing file's first, then bad.yaml's", pl)
	}
}

// TestLoadSheetsLimit: more than MaxAnswerFiles names are refused before a
// file is read (none of these exists: reading would list them missing);
// MaxAnswerFiles are read.
func TestLoadSheetsLimit(t *testing.T) {
	dir := t.TempDir()
	names := make([]string, MaxAnswerFiles+1)
	for i := range names {
		names[i] = filepath.Join(dir, fmt.Sprintf("%05d.yaml", i))
	}
	_, err := LoadSheets(names, MaxAnswerFiles)
	var ie *InputError
	if !errors.As(err, &ie) || err.Error() != "20001 answers files given: at most 20000 can be scored at once" {
		t.Errorf("LoadSheets(20,001 names) = %v, want the limit", err)
	}
	_, err = LoadSheets(names[:MaxAnswerFiles], MaxAnswerFiles)
	var pl problem.List
	if !errors.As(err, &pl) || len(pl) != MaxAnswerFiles {
		t.Errorf("LoadSheets(20,000 names): %d problems, want each file read and found missing", len(pl))
	}
}

package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/alignaudit/audit/internal/form"
	"github.com/alignaudit/audit/internal/rubric"

	"github.com/google/go-cmp/cmp"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestListAnswers: a folder stands for its answers files and forms (by
// extension, in name order, not in subfolders); hidden files, Excel's
// owner files and lock files are left out without a word; other files and subfolders are
// listed as ignored; a file named on its own is read whatever its name.
func TestListAnswers(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.yaml":              "",
		"a.YML":               "",
		"c.json":              "",
		"d-form.xlsx":         "",
		"report.pdf":          "",
		"notes.txt":           "",
		".hidden.yaml":        "",
		"~$d-form.xlsx":       "",
		".~lock.d-form.xlsx#": "",
		"scores.xlsx.lock":    "",
		"old/e.yaml":          "",
		"elsewhere/x.txt":     "",
	})
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "b.yaml"), filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(dir, "notes.txt")
	l, err := ListAnswers([]string{dir, named, filepath.Join(dir, "b.yaml")}, MaxAnswerFiles)
	if err != nil {
		t.Fatal(err)
	}
	in := func(name string) Found { return Found{Path: filepath.Join(dir, name), InFolder: true} }
	wantFiles := []Found{in("a.YML"), in("b.yaml"), in("c.json"), in("d-form.xlsx"), in("link.yaml"), {Path: named}}
	if diff := cmp.Diff(wantFiles, l.Files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	sep := string(filepath.Separator)
	wantIgnored := []string{
		filepath.Join(dir, "elsewhere") + sep, filepath.Join(dir, "link") + sep, filepath.Join(dir, "notes.txt"),
		filepath.Join(dir, "old") + sep, filepath.Join(dir, "report.pdf"),
	}
	if diff := cmp.Diff(wantIgnored, l.Ignored); diff != "" {
		t.Errorf("ignored (-want +got):\n%s", diff)
	}

	l.Without(filepath.Join(dir, "c.json"))
	l.Without(named) // named on its own: kept
	if len(l.Files) != len(wantFiles)-1 || l.Files[2].Path != filepath.Join(dir, "d-form.xlsx") || l.Files[4].Path != named {
		t.Errorf("Without: got %v", l.Files)
	}
}

// TestLoadInFolder: a rubric, a workbook that is not a form, or a blank
// form found in a folder is skipped with the reason; named on its own, it
// is a problem. A file that is not a workbook at all is a problem either
// way: it may be a form that broke.
func TestLoadInFolder(t *testing.T) {
	dir := t.TempDir()
	rubricYAML := `id: tiny
version: "1"
title: Tiny
bands: [{min: 0, label: Low, summary: Low.}]
areas:
  - id: a
    title: A
    why: Why.
    questions:
      - id: q
        text: Q?
        advice: Do it.
        options: [{id: "no", label: "No", points: 0}, {id: "yes", label: "Yes", points: 1}]
`
	r, err := rubric.Parse("tiny.yaml", []byte(rubricYAML))
	if err != nil {
		t.Fatal(err)
	}
	var blank, workbook bytes.Buffer
	if err := form.Write(&blank, r, form.Options{Team: "Beta", Period: "2027-Q1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := excelize.NewFile().WriteTo(&workbook); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		"rubric.yaml": rubricYAML, "tracker.xlsx": workbook.String(), "form.xlsx": blank.String(), "broken.xlsx": "PK",
	})
	for _, tt := range []struct {
		file     string
		inFolder bool
		skip     string
		err      string
	}{
		{"rubric.yaml", true, SkipRubric, ""},
		{"rubric.yaml", false, "", "rubric.yaml:1: id: unknown field"},
		{"tracker.xlsx", true, SkipWorkbook, ""},
		{"tracker.xlsx", false, "", `tracker.xlsx: not an audit form: it has no sheet "Questionnaire"`},
		{"form.xlsx", true, SkipBlankForm, ""},
		{"form.xlsx", false, "", "form.xlsx: a blank form: nothing is filled in"},
		{"broken.xlsx", true, "", "broken.xlsx: not an Excel workbook (.xlsx)"},
		{"broken.xlsx", false, "", "broken.xlsx: not an Excel workbook (.xlsx)"},
	} {
		l := Load([]Found{{Path: filepath.Join(dir, tt.file), InFolder: tt.inFolder}})[0]
		gotErr := ""
		if l.Err != nil {
			gotErr = l.Err.Error()
		}
		if l.Skip != tt.skip || !strings.Contains(gotErr, tt.err) || (tt.err == "") != (l.Err == nil) || l.Sheet != nil {
			t.Errorf("%s (in folder %v): skip %q, err %v; want skip %q, error %q", tt.file, tt.inFolder, l.Skip, l.Err, tt.skip, tt.err)
		}
	}
}

// Package testkit is what the tests of several packages share: a built-in
// rubric, the example answers of examples/, and their scoring. Only tests
// import it (internal/layers checks).
package testkit

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/rubrics"
)

// Rubric is the built-in rubric id ("alignment@1.0", as --rubric names
// it).
func Rubric(t testing.TB, id string) *rubric.Rubric {
	t.Helper()
	r, err := rubrics.Parse(id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// ExamplesDir is the module's examples/ folder, wherever the test runs.
func ExamplesDir(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testkit: cannot tell where its source is")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "examples")
}

// Examples reads the named files of examples/ (all of them when none is
// named, in name order), each sheet's Source its file's name.
func Examples(t testing.TB, names ...string) []*answers.Sheet {
	t.Helper()
	dir := ExamplesDir(t)
	if len(names) == 0 {
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) == 0 {
			t.Fatalf("no examples in %s: %v", dir, err)
		}
		for _, e := range entries {
			names = append(names, e.Name())
		}
	}
	var sheets []*answers.Sheet
	for _, name := range names {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := answers.Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		s.Source = name
		sheets = append(sheets, s)
	}
	return sheets
}

// Score scores sheets with r, failing the test on a problem.
func Score(t testing.TB, r *rubric.Rubric, sheets []*answers.Sheet, opt scoring.Options) *scoring.Result {
	t.Helper()
	res, err := scoring.Score(r, sheets, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

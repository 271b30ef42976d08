package rubric_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/rubrics"
)

// builtin parses every rubric in rubrics.FS, by file name.
func builtin(t testing.TB) map[string]*rubric.Rubric {
	t.Helper()
	names, err := fs.Glob(rubrics.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("rubrics.FS holds no *.yaml")
	}
	out := map[string]*rubric.Rubric{}
	for _, name := range names {
		r, err := rubrics.Parse(strings.TrimSuffix(name, ".yaml"))
		if err != nil {
			t.Fatalf("built-in rubric %s is invalid:\n%v", name, err)
		}
		out[name] = r
	}
	return out
}

func TestBuiltinRubricsParse(t *testing.T) {
	for name, r := range builtin(t) {
		if want := strings.TrimSuffix(name, ".yaml"); r.ID != want {
			t.Errorf("%s: id = %q, want %q (the file name)", name, r.ID, want)
		}
	}
}

func TestBuiltinAlignment(t *testing.T) {
	r, ok := builtin(t)["alignment.yaml"]
	if !ok {
		t.Fatal("rubrics.FS has no alignment.yaml")
	}
	if r.ID != "alignment" {
		t.Errorf("id = %q, want alignment", r.ID)
	}
	if len(r.Areas) < 4 {
		t.Errorf("%d areas, want at least 4", len(r.Areas))
	}
	var ids []string
	for _, a := range r.Areas {
		ids = append(ids, a.ID)
	}
	for _, want := range []string{"goals", "messaging", "lead-quality", "handoff"} {
		if !slices.Contains(ids, want) {
			t.Errorf("areas %v lack %q", ids, want)
		}
	}
	if n := r.NumQuestions(); n < 16 {
		t.Errorf("%d questions, want at least 16", n)
	}
	naQuestions := 0
	for _, a := range r.Areas {
		if n := len(a.Questions); n < 4 || n > 6 {
			t.Errorf("area %s has %d questions, want 4 to 6", a.ID, n)
		}
		if strings.TrimSpace(a.Why) == "" {
			t.Errorf("area %s has no why", a.ID)
		}
		if len(a.Sources) == 0 {
			t.Errorf("area %s names no sources", a.ID)
		}
		for i, s := range a.Sources {
			if strings.TrimSpace(s) == "" {
				t.Errorf("area %s: sources[%d] is empty", a.ID, i)
			}
		}
		if len(a.Recommendations) == 0 {
			t.Errorf("area %s has no recommendations", a.ID)
		}
		for _, q := range a.Questions {
			if strings.TrimSpace(q.Advice) == "" {
				t.Errorf("question %s has no advice", q.ID)
			}
			if len(q.Options) < 2 {
				t.Errorf("question %s has %d options, want at least 2", q.ID, len(q.Options))
			}
			if q.NA {
				naQuestions++
			}
		}
	}
	if naQuestions == 0 {
		t.Errorf("no question allows N/A, want N/A where a question may not apply")
	}
	if len(r.Bands) == 0 {
		t.Errorf("no bands")
	}
	for i, b := range r.Bands {
		if strings.TrimSpace(b.Summary) == "" {
			t.Errorf("bands[%d] (%s) has no summary", i, b.Label)
		}
		if strings.Contains(b.Summary, "\n") {
			t.Errorf("bands[%d] (%s): the summary is not one line", i, b.Label)
		}
	}
}

package rubric_test

import (
	"io/fs"
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
		// By file, not by name: the file names are what is checked here.
		data, err := fs.ReadFile(rubrics.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := rubric.Parse("rubrics/"+name, data)
		if err != nil {
			t.Fatalf("built-in rubric %s is invalid:\n%v", name, err)
		}
		out[name] = r
	}
	return out
}

// TestBuiltinRubricsParse: NAME.yaml holds the newest version of rubric
// NAME, NAME-VERSION.yaml an older version.
func TestBuiltinRubricsParse(t *testing.T) {
	all := builtin(t)
	for name, r := range all {
		base := strings.TrimSuffix(name, ".yaml")
		if base == r.ID {
			continue
		}
		if want := r.ID + "-" + r.Version; base != want {
			t.Errorf("%s holds %s version %s: name it %s.yaml, or %s.yaml if it is the newest", name, r.ID, r.Version, want, r.ID)
			continue
		}
		newest, ok := all[r.ID+".yaml"]
		if !ok {
			t.Errorf("%s is an older version of %s, but there is no %s.yaml", name, r.ID, r.ID)
		} else if rubric.CompareVersions(newest.Version, r.Version) <= 0 {
			t.Errorf("%s.yaml has version %s, not newer than %s's %s", r.ID, newest.Version, name, r.Version)
		}
	}
}

// TestBuiltinRubricsComplete checks what a user relies on in every
// built-in rubric: texts, sources, advice, recommendations, bands.
func TestBuiltinRubricsComplete(t *testing.T) {
	for name, r := range builtin(t) {
		t.Run(name, func(t *testing.T) {
			if len(r.Areas) < 4 {
				t.Errorf("%d areas, want at least 4", len(r.Areas))
			}
			if n := r.NumQuestions(); n < 16 || n > 40 {
				t.Errorf("%d questions, want 16 to 40 (about 12 to 15 minutes at most)", n)
			}
			naQuestions := 0
			for _, a := range r.Areas {
				if n := len(a.Questions); n < 3 || n > 8 {
					t.Errorf("area %s has %d questions, want 3 to 8", a.ID, n)
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
		})
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"1.0", "1.0", 0}, {"1.0", "2.0", -1}, {"2.0", "1.0", 1}, {"1.9", "1.10", -1}, {"1.10", "1.9", 1},
		{"2", "10", -1}, {"1.0", "1.0.1", -1}, {"1.0-beta", "1.0-alpha", 1}, {"1.0", "1.0a", -1},
	} {
		if got := rubric.CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

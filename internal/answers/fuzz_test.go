package answers_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/rubrics"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzParse checks that no input, read as YAML or as JSON, makes Parse
// panic; that it returns either a sheet or a non-empty problem list; and
// that a sheet it accepts can be scored against the built-in rubric (with
// errors, since the answers are random, but no panic) and written back with
// Encode to the same sheet.
//
// Run it with: go test -run=^$ -fuzz=FuzzParse -fuzztime=3m ./internal/answers/
func FuzzParse(f *testing.F) {
	builtin, err := rubrics.Parse("alignment")
	if err != nil {
		f.Fatal(err)
	}

	// A rubric with number and "don't know" questions, and its answers.
	data, err := os.ReadFile("../scoring/testdata/measured.yaml")
	if err != nil {
		f.Fatal(err)
	}
	measured, err := rubric.Parse("measured.yaml", data)
	if err != nil {
		f.Fatal(err)
	}

	seeds, _ := filepath.Glob("../../examples/*")
	measuredSeeds, _ := filepath.Glob("../scoring/testdata/measured-*")
	seeds = append(seeds, measuredSeeds...)
	more, _ := filepath.Glob("testdata/*.*")
	bad, _ := filepath.Glob("../../cmd/audit/testdata/bad/answers/*") // the bad-input corpus, JSON and YAML
	for _, file := range append(append(seeds, more...), bad...) {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data, strings.HasSuffix(file, ".json"))
		}
	}
	files, srcs := answers.SeedCases()
	for i, src := range srcs {
		f.Add([]byte(src), strings.HasSuffix(files[i], ".json"))
	}

	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		file := "fuzz.yaml"
		if asJSON {
			file = "fuzz.json"
		}
		s, err := answers.Parse(file, data)
		if err != nil {
			var list problem.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Parse error %T %q, want a non-empty problem.List", err, err)
			}
			if s != nil {
				t.Fatal("Parse returned a sheet and an error")
			}
			return
		}
		if s == nil {
			t.Fatal("Parse returned neither a sheet nor an error")
		}
		s.Source = file

		// Errors are expected (unknown questions, other rubric ids); panics
		// are not.
		_, _ = scoring.Score(builtin, []*answers.Sheet{s}, scoring.Options{AllowMissing: true})
		s.Rubric = builtin.ID
		_, _ = scoring.Score(builtin, []*answers.Sheet{s}, scoring.Options{AllowMissing: true})
		s.Rubric = measured.ID
		_, _ = scoring.Score(measured, []*answers.Sheet{s}, scoring.Options{AllowMissing: true})

		out, err := answers.Encode(s, nil)
		if err != nil {
			t.Fatalf("Encode of a parsed sheet: %v", err)
		}
		back, err := answers.Parse("round.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Encode(sheet)): %v\nencoded:\n%s", err, out)
		}
		back.Source = file
		// Encode writes whole seconds (time.RFC3339): a fraction is dropped.
		s.Completed = s.Completed.Truncate(time.Second)
		if diff := cmp.Diff(s, back, cmpopts.IgnoreFields(answers.Answer{}, "Line")); diff != "" {
			t.Fatalf("Encode round trip mismatch (-parsed +reparsed):\n%s\nencoded:\n%s", diff, out)
		}
	})
}

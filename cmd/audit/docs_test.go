package main

import (
	"os"
	"regexp"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
)

// codeBlocks returns the fenced blocks of one language in a Markdown file.
func codeBlocks(t *testing.T, path, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
	var blocks []string
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		blocks = append(blocks, m[1])
	}
	if len(blocks) == 0 {
		t.Fatalf("%s has no %s example", path, lang)
	}
	return blocks
}

// TestDocExamples keeps the examples in docs/ valid: a user copies them.
func TestDocExamples(t *testing.T) {
	r, err := rubric.Parse("docs/rubric-format.md", []byte(codeBlocks(t, "../../docs/rubric-format.md", "yaml")[0]))
	if err != nil {
		t.Fatalf("the rubric example does not validate:\n%v", err)
	}
	if got := r.NumQuestions(); got != 4 {
		t.Errorf("rubric example has %d questions, want 4", got)
	}

	for i, ex := range []struct{ name, text string }{
		{"example.yaml", codeBlocks(t, "../../docs/answers-format.md", "yaml")[0]},
		{"example.json", codeBlocks(t, "../../docs/answers-format.md", "json")[0]},
	} {
		s, err := answers.Parse(ex.name, []byte(ex.text))
		if err != nil {
			t.Fatalf("answers example %d does not parse:\n%v", i, err)
		}
		s.Source = ex.name
		// The built-in rubric in the version the example names, as audit
		// score picks it.
		builtin, err := rubricFor("", []*answers.Sheet{s})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scoring.Score(builtin, []*answers.Sheet{s}, scoring.Options{AllowMissing: true}); err != nil {
			t.Errorf("answers example %d does not fit version %s of the built-in rubric:\n%v", i, builtin.Version, err)
		}
	}
}

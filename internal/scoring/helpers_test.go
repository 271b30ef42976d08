package scoring

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/problem"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// approx compares every float64 to within 1e-9.
var approx = cmpopts.EquateApprox(0, 1e-9)

func f(x float64) *float64 { return &x }

// loadRubric parses a rubric from testdata.
func loadRubric(t testing.TB, file string) *rubric.Rubric {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := rubric.Parse(file, data)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return r
}

// loadSheet parses an answers file and names it as the command does.
func loadSheet(t testing.TB, file string, data []byte) *answers.Sheet {
	t.Helper()
	s, err := answers.Parse(file, data)
	if err != nil {
		t.Fatalf("%v", err)
	}
	s.Source = file
	return s
}

// doc builds an answers file for the small rubric: rubric small version 2,
// team Acme, period 2026-Q3, the respondent named after the file. The
// answers, one "id: value" per line, start on line 8.
func doc(file, role string, answerLines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rubric: small\nrubric_version: \"2\"\nteam: Acme\nperiod: 2026-Q3\nrespondent: %s\nrole: %s\nanswers:\n",
		strings.TrimSuffix(file, ".yaml"), role)
	if len(answerLines) == 0 {
		b.WriteString("  {}\n")
	}
	for _, l := range answerLines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// sheetFile is one answers file of a test case.
type sheetFile struct {
	name string
	src  string
}

func file(name, role string, answerLines ...string) sheetFile {
	return sheetFile{name, doc(name, role, answerLines...)}
}

// edit returns the file with old replaced by new.
func (s sheetFile) edit(old, new string) sheetFile {
	if !strings.Contains(s.src, old) {
		panic(fmt.Sprintf("%s has no %q", s.name, old))
	}
	s.src = strings.Replace(s.src, old, new, 1)
	return s
}

func parseAll(t testing.TB, files []sheetFile) []*answers.Sheet {
	t.Helper()
	var sheets []*answers.Sheet
	for _, sf := range files {
		sheets = append(sheets, loadSheet(t, sf.name, []byte(sf.src)))
	}
	return sheets
}

// summary is the part of a Result that the table tests compare.
type summary struct {
	Overall  *float64
	Band     string
	Areas    []areaSummary
	Roles    []roleSummary
	Actions  []actionSummary
	RedFlags []flagSummary
	Warnings []string
}

type areaSummary struct {
	ID       string
	Score    *float64
	Band     string
	Answered int
	NA       int
}

type questionSummary struct {
	ID       string
	Score    *float64
	Min, Max *float64
	Answered int
	NA       int
}

type roleSummary struct {
	Role        string
	Respondents int
	Overall     *float64
	Areas       map[string]*float64
}

type actionSummary struct {
	Question string
	Gain     float64
}

type flagSummary struct {
	Question string
	Option   string
	Count    int
}

func summarize(res *Result) summary {
	s := summary{Overall: res.Overall, Warnings: res.Warnings}
	if res.Band != nil {
		s.Band = res.Band.Label
	}
	for _, a := range res.Areas {
		as := areaSummary{ID: a.Area.ID, Score: a.Score, Answered: a.Answered, NA: a.NA}
		if a.Band != nil {
			as.Band = a.Band.Label
		}
		s.Areas = append(s.Areas, as)
	}
	for _, r := range res.Roles {
		s.Roles = append(s.Roles, roleSummary{Role: r.Role, Respondents: r.Respondents, Overall: r.Overall, Areas: r.Areas})
	}
	for _, a := range res.Actions {
		s.Actions = append(s.Actions, actionSummary{Question: a.Question.ID, Gain: a.Gain})
	}
	for _, rf := range res.RedFlags {
		s.RedFlags = append(s.RedFlags, flagSummary{Question: rf.Question.ID, Option: rf.Option.ID, Count: rf.Count})
	}
	return s
}

func summarizeQuestions(res *Result) []questionSummary {
	var out []questionSummary
	for _, q := range res.Questions {
		out = append(out, questionSummary{ID: q.Question.ID, Score: q.Score, Min: q.Min, Max: q.Max, Answered: q.Answered, NA: q.NA})
	}
	return out
}

// problems returns the problems of a Score error as strings.
func problems(t testing.TB, err error) []string {
	t.Helper()
	var list problem.List
	if !errors.As(err, &list) {
		t.Fatalf("error %T %v, want a problem.List", err, err)
	}
	var out []string
	for _, p := range list {
		out = append(out, p.String())
	}
	return out
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// parseRubric parses a rubric given as text.
func parseRubric(t testing.TB, src string) *rubric.Rubric {
	t.Helper()
	r, err := rubric.Parse("rubric.yaml", []byte(src))
	if err != nil {
		t.Fatalf("%v", err)
	}
	return r
}

package answers

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/problem"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ignoreSource: Parse leaves Sheet.Source to its caller.
var ignoreSource = cmpopts.IgnoreFields(Sheet{}, "Source")

func TestParseValid(t *testing.T) {
	completed := time.Date(2026, 9, 30, 11, 20, 0, 0, time.FixedZone("", 2*3600))
	tests := []struct {
		file  string
		lines [5]int // of the five answers, in the order below
	}{
		{"testdata/valid.yaml", [5]int{9, 10, 11, 14, 15}},
		{"testdata/valid.json", [5]int{10, 11, 12, 16, 17}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(tt.file, data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			want := &Sheet{
				Rubric:        "alignment",
				RubricVersion: "1.0",
				Team:          "Northwind Traders",
				Period:        "2026-Q3",
				Respondent:    "Zoë Ørsted",
				Role:          "marketing", // lowercased
				Completed:     completed,
				Answers: map[string]Answer{
					"goals-shared-targets":    {Option: "linked", Line: tt.lines[0]},
					"handoff-follow-up":       {Option: "na", Line: tt.lines[1]},
					"lead-quality-definition": {Option: "verbal", Comment: "Agreed in spring: never written down.", Line: tt.lines[2]},
					"lead-quality-review":     {Option: "na", Comment: "We have no reviews yet", Line: tt.lines[3]},
					"leadership-heads-meet":   {Option: "3", Number: ptr(3.0), Line: tt.lines[4]},
				},
			}
			if diff := cmp.Diff(want, got, ignoreSource); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
			if !got.Answers["handoff-follow-up"].IsNA() || got.Answers["goals-shared-targets"].IsNA() {
				t.Errorf("IsNA wrong: %+v", got.Answers)
			}
		})
	}
}

func TestParseByExtension(t *testing.T) {
	// Valid YAML that is not JSON: read as YAML unless the name ends in .json.
	src := "rubric: r\nteam: T\nperiod: 2026-Q3\nrespondent: Ann\nrole: sales\nanswers: {q1: lo}\n"
	for _, file := range []string{"a.yaml", "a.yml", "a.txt", "answers"} {
		if _, err := Parse(file, []byte(src)); err != nil {
			t.Errorf("Parse(%s): %v", file, err)
		}
	}
	for _, file := range []string{"a.json", "A.JSON", "dir.yaml/a.Json"} {
		_, err := Parse(file, []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), file+":1: invalid JSON: ") {
			t.Errorf("Parse(%s) = %v, want an invalid JSON error at line 1", file, err)
		}
	}
}

func TestParseEmptyAnswers(t *testing.T) {
	for _, src := range []string{"answers:\n", "answers: {}\n", "answers: ~\n"} {
		s, err := Parse("a.yaml", []byte(base[:strings.Index(base, "answers:")]+src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if s.Answers == nil || len(s.Answers) != 0 {
			t.Errorf("Parse(%q).Answers = %#v, want an empty map", src, s.Answers)
		}
	}
}

// base is a valid answers file; the cases below change one line of it.
const base = `rubric: r
team: T
period: 2026-Q3
respondent: Ann
role: sales
answers:
  q1: lo
`

func replace(old, new string) string {
	if !strings.Contains(base, old) {
		panic("base has no " + old)
	}
	return strings.Replace(base, old, new, 1)
}

// problemCases has one case per problem an answers file can have. FuzzParse
// uses them as seeds too.
var problemCases = []struct {
	name string
	file string // a.yaml when empty
	src  string
	want []string
}{
	// Required fields.
	{name: "missing rubric", src: replace("rubric: r\n", ""), want: []string{`a.yaml:1: missing field "rubric"`}},
	{name: "missing team", src: replace("team: T\n", ""), want: []string{`a.yaml:1: missing field "team"`}},
	{name: "missing period", src: replace("period: 2026-Q3\n", ""), want: []string{`a.yaml:1: missing field "period"`}},
	{name: "missing respondent", src: replace("respondent: Ann\n", ""), want: []string{`a.yaml:1: missing field "respondent"`}},
	{name: "missing role", src: replace("role: sales\n", ""), want: []string{`a.yaml:1: missing field "role"`}},
	{name: "missing answers", src: replace("answers:\n  q1: lo\n", ""), want: []string{`a.yaml:1: missing field "answers"`}},
	{name: "missing everything", src: "{}\n", want: []string{
		`a.yaml:1: missing field "rubric"`,
		`a.yaml:1: missing field "team"`,
		`a.yaml:1: missing field "period"`,
		`a.yaml:1: missing field "respondent"`,
		`a.yaml:1: missing field "role"`,
		`a.yaml:1: missing field "answers"`,
	}},
	{name: "empty team", src: replace("team: T\n", "team: \"  \"\n"), want: []string{"a.yaml:2: team: must not be empty"}},
	{name: "null respondent", src: replace("respondent: Ann\n", "respondent: ~\n"), want: []string{"a.yaml:4: respondent: must not be empty"}},
	{name: "team of two lines", src: replace("team: T\n", "team: \"North\\nwind\"\n"), want: []string{"a.yaml:2: team: must be a single line"}},

	// Period, role, completed.
	{name: "period Q5", src: replace("2026-Q3", "2026-Q5"), want: []string{`a.yaml:3: period: "2026-Q5" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`}},
	{name: "period Q0", src: replace("2026-Q3", "2026-Q0"), want: []string{`a.yaml:3: period: "2026-Q0" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`}},
	{name: "period two-digit year", src: replace("2026-Q3", "26-Q1"), want: []string{`a.yaml:3: period: "26-Q1" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`}},
	{name: "period lowercase q", src: replace("2026-Q3", "2026-q3"), want: []string{`a.yaml:3: period: "2026-q3" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`}},
	{name: "period without dash", src: replace("2026-Q3", "2026Q3"), want: []string{`a.yaml:3: period: "2026Q3" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`}},
	{name: "period a date", src: replace("2026-Q3", "2026-07-01"), want: []string{`a.yaml:3: period: "2026-07-01" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`}},
	{name: "role of two words", src: replace("role: sales", "role: Sales Rep"), want: []string{`a.yaml:5: role: "sales rep" is not a role: use one word such as sales, marketing or leadership`}},
	{name: "role starting with a digit", src: replace("role: sales", "role: 2nd-line"), want: []string{`a.yaml:5: role: "2nd-line" is not a role: use one word such as sales, marketing or leadership`}},
	{name: "role with punctuation", src: replace("role: sales", "role: sales/ops"), want: []string{`a.yaml:5: role: "sales/ops" is not a role: use one word such as sales, marketing or leadership`}},
	{name: "completed a word", src: replace("role: sales\n", "role: sales\ncompleted: yesterday\n"), want: []string{`a.yaml:6: completed: "yesterday" is not an RFC 3339 time such as 2026-09-30T14:05:00Z`}},
	{name: "completed a date", src: replace("role: sales\n", "role: sales\ncompleted: 2026-09-30\n"), want: []string{`a.yaml:6: completed: "2026-09-30" is not an RFC 3339 time such as 2026-09-30T14:05:00Z`}},
	{name: "completed without zone", src: replace("role: sales\n", "role: sales\ncompleted: 2026-09-30T14:05:00\n"), want: []string{`a.yaml:6: completed: "2026-09-30T14:05:00" is not an RFC 3339 time such as 2026-09-30T14:05:00Z`}},
	{name: "completed month 13", src: replace("role: sales\n", "role: sales\ncompleted: 2026-13-30T14:05:00Z\n"), want: []string{`a.yaml:6: completed: "2026-13-30T14:05:00Z" is not an RFC 3339 time such as 2026-09-30T14:05:00Z`}},

	// Unknown fields and wrong shapes.
	{name: "unknown field", src: replace("role: sales\n", "role: sales\nnotes: hi\n"), want: []string{"a.yaml:6: notes: unknown field (allowed: rubric, rubric_version, team, period, respondent, role, completed, answers)"}},
	{name: "unknown field in an answer", src: replace("q1: lo", "q1: {answer: lo, note: hi}"), want: []string{"a.yaml:7: answers.q1.note: unknown field (allowed: answer, comment)"}},
	{name: "answer without answer", src: replace("q1: lo", "q1: {comment: hi}"), want: []string{`a.yaml:7: answers.q1: missing field "answer"`}},
	{name: "answer empty", src: replace("q1: lo", "q1:"), want: []string{"a.yaml:7: answers.q1: no answer given: write an option id, a number, or na"}},
	{name: "answer field empty", src: replace("q1: lo", "q1: {answer: ''}"), want: []string{"a.yaml:7: answers.q1.answer: no answer given: write an option id, a number, or na"}},
	{name: "answer a list", src: replace("q1: lo", "q1: [lo, hi]"), want: []string{"a.yaml:7: answers.q1: want a mapping of fields (answer, comment), got a list"}},
	{name: "answer field a list", src: replace("q1: lo", "q1: {answer: [lo]}"), want: []string{
		"a.yaml:7: answers.q1.answer: want a single value, got a list",
	}},
	{name: "comment a mapping", src: replace("q1: lo", "q1: {answer: lo, comment: {a: b}}"), want: []string{"a.yaml:7: answers.q1.comment: want a single value, got a mapping"}},
	{name: "answers a list", src: replace("  q1: lo\n", "  - q1\n"), want: []string{"a.yaml:7: answers: want a mapping, got a list"}},
	{name: "answers a text", src: replace("answers:\n  q1: lo\n", "answers: lo\n"), want: []string{`a.yaml:6: answers: want a mapping, got "lo"`}},
	{name: "root a list", src: "- rubric\n", want: []string{"a.yaml:1: want a mapping of fields (rubric, rubric_version, team, period, respondent, role, completed, answers), got a list"}},
	{name: "team a list", src: replace("team: T", "team: [T]"), want: []string{
		"a.yaml:2: team: want a single value, got a list",
		"a.yaml:2: team: must not be empty",
	}},
	{name: "anchor and alias", src: base + "  q2: &x {answer: lo}\n  q3: *x\n", want: []string{
		"a.yaml:8: answers.q2: YAML anchors and aliases are not supported: write the value out",
		"a.yaml:9: answers.q3: YAML anchors and aliases are not supported: write the value out",
	}},

	// Syntax and empty files.
	{name: "YAML syntax error", src: replace("team: T", "team: T: U"), want: []string{"a.yaml:2: invalid YAML: mapping values are not allowed in this context"}},
	{name: "empty YAML", src: "", want: []string{"a.yaml: the file is empty"}},
	{name: "YAML of comments", src: "# to do\n", want: []string{"a.yaml: the file is empty"}},
	{name: "JSON syntax error", file: "a.json", src: "{\n  \"rubric\": \"r\",\n  \"team\" \"T\"\n}\n", want: []string{"a.json:3: invalid JSON: invalid character '\"' after object key"}},
	{name: "JSON trailing comma", file: "a.json", src: "{\n  \"rubric\": \"r\",\n}\n", want: []string{"a.json:3: invalid JSON: invalid character '}' looking for beginning of object key string"}},
	{name: "JSON with trailing data", file: "a.json", src: "{\"rubric\": \"r\"}\n{\"team\": \"T\"}\n", want: []string{"a.json: invalid JSON: more than one JSON value"}},
	{name: "JSON cut short", file: "a.json", src: "{\n  \"rubric\": \"r\",\n", want: []string{"a.json: invalid JSON: unexpected EOF"}},
	{name: "JSON empty", file: "a.json", src: "", want: []string{"a.json: invalid JSON: EOF"}},
	{name: "JSON list", file: "a.json", src: "[]\n", want: []string{"a.json:1: want a mapping of fields (rubric, rubric_version, team, period, respondent, role, completed, answers), got a list"}},
	{name: "JSON missing field", file: "a.json", src: `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "Ann", "answers": {}}`, want: []string{`a.json:1: missing field "role"`}},
	{name: "JSON bad period and role", file: "a.json", src: "{\"rubric\": \"r\", \"team\": \"T\",\n \"period\": \"2026-Q9\",\n \"respondent\": \"Ann\",\n \"role\": \"sales rep\", \"answers\": {\"q1\": {\"answer\": \"\"}}}", want: []string{
		`a.json:2: period: "2026-Q9" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`,
		`a.json:4: role: "sales rep" is not a role: use one word such as sales, marketing or leadership`,
		"a.json:4: answers.q1.answer: no answer given: write an option id, a number, or na",
	}},

	// Everything at once, sorted by line.
	{name: "many problems", src: `answers:
  q1: {answer: lo, comment: [x]}
  q2:
team: ""
period: 2026-Q7
respondent: Ann
role: Sales Team
completed: soon
extra: 1
`, want: []string{
		`a.yaml:1: missing field "rubric"`,
		"a.yaml:2: answers.q1.comment: want a single value, got a list",
		"a.yaml:3: answers.q2: no answer given: write an option id, a number, or na",
		"a.yaml:4: team: must not be empty",
		`a.yaml:5: period: "2026-Q7" is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3`,
		`a.yaml:7: role: "sales team" is not a role: use one word such as sales, marketing or leadership`,
		`a.yaml:8: completed: "soon" is not an RFC 3339 time such as 2026-09-30T14:05:00Z`,
		"a.yaml:9: extra: unknown field (allowed: rubric, rubric_version, team, period, respondent, role, completed, answers)",
	}},
}

func TestParseProblems(t *testing.T) {
	if _, err := Parse("a.yaml", []byte(base)); err != nil {
		t.Fatalf("Parse(base): %v", err)
	}
	for _, tt := range problemCases {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "a.yaml"
			}
			checkProblems(t, file, tt.src, tt.want)
		})
	}
}

func checkProblems(t *testing.T, file, src string, want []string) {
	t.Helper()
	s, err := Parse(file, []byte(src))
	if err == nil {
		t.Fatalf("Parse returned %+v and no error, want:\n%s", s, strings.Join(want, "\n"))
	}
	if s != nil {
		t.Errorf("Parse returned a sheet along with the error")
	}
	var list problem.List
	if !errors.As(err, &list) {
		t.Fatalf("error is a %T, want a problem.List: %v", err, err)
	}
	var got []string
	for _, p := range list {
		got = append(got, p.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		name string
		old  string
		new  string
		want func(*Sheet) bool
	}{
		{"period with spaces", "period: 2026-Q3", "period: ' 2026-Q4 '", func(s *Sheet) bool { return s.Period == "2026-Q4" }},
		{"role uppercase", "role: sales", "role: LEADERSHIP", func(s *Sheet) bool { return s.Role == "leadership" }},
		{"role with dash", "role: sales", "role: customer-success", func(s *Sheet) bool { return s.Role == "customer-success" }},
		{"completed UTC", "role: sales", "role: sales\ncompleted: '2026-09-30T14:05:00Z'", func(s *Sheet) bool {
			return s.Completed.Equal(time.Date(2026, 9, 30, 14, 5, 0, 0, time.UTC))
		}},
		{"completed fraction", "role: sales", "role: sales\ncompleted: 2026-09-30T14:05:00.5-03:00", func(s *Sheet) bool {
			return s.Completed.Equal(time.Date(2026, 9, 30, 17, 5, 0, 5e8, time.UTC))
		}},
		{"comment trimmed", "q1: lo", "q1: {answer: ' lo ', comment: \"  x \\n\"}", func(s *Sheet) bool {
			return s.Answers["q1"] == Answer{Option: "lo", Comment: "x", Line: 7}
		}},
		{"empty comment", "q1: lo", "q1: {answer: lo, comment: ''}", func(s *Sheet) bool {
			return s.Answers["q1"] == Answer{Option: "lo", Line: 7}
		}},
		{"number as option", "q1: lo", "q1: 2", func(s *Sheet) bool { return s.Answers["q1"].Option == "2" }},
		{"version as number", "team: T", "team: T\nrubric_version: 1.10", func(s *Sheet) bool { return s.RubricVersion == "1.10" }},
		{"multi-line comment", "q1: lo", "q1:\n    answer: na\n    comment: |\n      line one\n      line two: yes\n", func(s *Sheet) bool {
			return s.Answers["q1"] == Answer{Option: "na", Comment: "line one\nline two: yes", Line: 7}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("a.yaml", []byte(replace(tt.old, tt.new)))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !tt.want(s) {
				t.Errorf("Parse = %+v, not as wanted", s)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	long := strings.Repeat("é", MaxCommentLength) // characters, not bytes
	src := replace("q1: lo", fmt.Sprintf("q1: {answer: lo, comment: %s}", long))
	s, err := Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatalf("comment of %d characters: %v", MaxCommentLength, err)
	}
	if got := len([]rune(s.Answers["q1"].Comment)); got != MaxCommentLength {
		t.Errorf("comment has %d characters, want %d", got, MaxCommentLength)
	}

	checkProblems(t, "a.yaml", replace("q1: lo", fmt.Sprintf("q1: {answer: lo, comment: %sx}", long)),
		[]string{fmt.Sprintf("a.yaml:7: answers.q1.comment: is %d characters long, more than the %d allowed", MaxCommentLength+1, MaxCommentLength)})

	for _, c := range []struct {
		field string
		line  int
		max   int
	}{{"team", 2, MaxNameLength}, {"respondent", 4, MaxNameLength}, {"role", 5, MaxRoleLength}} {
		value := strings.Repeat("ä", c.max)
		if c.field == "role" {
			value = strings.Repeat("r", c.max)
		}
		old := map[string]string{"team": "team: T", "respondent": "respondent: Ann", "role": "role: sales"}[c.field]
		if _, err := Parse("a.yaml", []byte(replace(old, c.field+": "+value))); err != nil {
			t.Errorf("%s of %d characters: %v", c.field, c.max, err)
		}
		checkProblems(t, "a.yaml", replace(old, c.field+": "+value+"x"),
			[]string{fmt.Sprintf("a.yaml:%d: %s: is %d characters long, more than the %d allowed", c.line, c.field, c.max+1, c.max)})
	}

	var b strings.Builder
	b.WriteString(replace("  q1: lo\n", ""))
	for i := range MaxAnswers + 1 {
		fmt.Fprintf(&b, "  q%d: lo\n", i)
	}
	checkProblems(t, "a.yaml", b.String(),
		[]string{fmt.Sprintf("a.yaml:7: answers: has %d answers, more than the %d allowed", MaxAnswers+1, MaxAnswers)})
}

// TestParseRepeatedAnswer: a question answered twice in one file must be a
// problem, not silently keep the last answer. yaml.v3 does not report
// repeated keys when decoding into a yaml.Node, and neither yamlwalk.Pairs
// nor read() checks them. The same holds for JSON, which the YAML walker
// reads.
func TestParseRepeatedAnswer(t *testing.T) {
	tests := []struct {
		name, file, src string
		wantLine        int
	}{
		{"YAML", "a.yaml", base + "  q1: hi\n", 8},
		{"JSON", "a.json", "{\"rubric\": \"r\", \"team\": \"T\", \"period\": \"2026-Q3\", \"respondent\": \"Ann\", \"role\": \"sales\",\n" +
			"\"answers\": {\"q1\": \"lo\",\n\"q1\": \"hi\"}}", 3},
		{"YAML top field", "a.yaml", replace("team: T\n", "team: T\nteam: U\n"), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.file, []byte(tt.src))
			var list problem.List
			if !errors.As(err, &list) {
				t.Fatalf("Parse = %+v, %v; want a problem at line %d", s, err, tt.wantLine)
			}
			for _, p := range list {
				if p.Line == tt.wantLine {
					return
				}
			}
			t.Errorf("problems:\n%v\nwant one at line %d", err, tt.wantLine)
		})
	}
}

// TestParseJSONUnicodeEscapes: valid JSON must be accepted. encoding/json
// (and Python's json.dump, which escapes every non-ASCII character by
// default) writes characters outside the BMP, such as emoji, as a UTF-16
// surrogate pair "\ud83d\ude00". YAML does not allow surrogate escapes, so
// the YAML walker rejects such a file after checkJSON accepted it.
func TestParseJSONUnicodeEscapes(t *testing.T) {
	tests := []struct {
		name, comment, want string
	}{
		{"BMP", `Zo\u00eb \u00d8rsted`, "Zoë Ørsted"},
		{"surrogate pair", `Great \ud83d\ude00`, "Great 😀"},
		{"two pairs in a row", `\ud83d\udc4d\ud83d\udc4d!`, "👍👍!"},
		{"uppercase hex", `\uD83D\uDE00`, "😀"},
		{"escaped backslash before u", `C:\\ud83d`, `C:\ud83d`},
		{"lone surrogate", `bad \ud83d here`, "bad \ufffd here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "R", "role": "sales",
"answers": {"q1": {"answer": "lo", "comment": "` + tt.comment + `"}}}`
			var v struct {
				Answers map[string]struct{ Comment string }
			}
			if err := json.Unmarshal([]byte(src), &v); err != nil || v.Answers["q1"].Comment != tt.want {
				t.Fatalf("encoding/json reads %q, %v; the test wants %q", v.Answers["q1"].Comment, err, tt.want)
			}
			s, err := Parse("a.json", []byte(src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := s.Answers["q1"].Comment; got != tt.want {
				t.Errorf("comment = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestParseJSONAsJSON: a .json file is read as JSON, not as YAML: what
// JSON allows is accepted (the escape \/, raw DEL, C1 controls and
// U+FFFE/U+FFFF in strings, all of which YAML refuses), control characters
// are then removed from the text (they would reach terminals and
// spreadsheets), and problems still name their lines.
func TestParseJSONAsJSON(t *testing.T) {
	tests := []struct {
		name, respondent, comment   string
		wantRespondent, wantComment string
	}{
		{"escaped slash", `Sam\/Okafor`, `a\/b`, "Sam/Okafor", "a/b"},
		{"raw DEL", "Sam\x7fOkafor", "x\x7fy", "SamOkafor", "xy"},
		{"C1 controls", "Sam\u0085\u009bOkafor", "x\u009b31my", "SamOkafor", "x31my"},
		{"raw C1", "Sam\xc2\x9bOkafor", "ok", "SamOkafor", "ok"},
		{"noncharacters", "Sam\uFFFE\uFFFF", "\uffff", "Sam", ""},
		{"escape sequence", `X\u001b]0;PWNED\u0007`, `a\u001b[2Jb\tc\nd`, "X]0;PWNED", "a[2Jb\tc\nd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "{\"rubric\": \"r\", \"team\": \"T\", \"period\": \"2026-Q3\",\n" +
				"\"respondent\": \"" + tt.respondent + "\", \"role\": \"sales\",\n" +
				"\"answers\": {\n\"q1\": {\"answer\": \"lo\", \"comment\": \"" + tt.comment + "\"},\n\"q2\": \"\"}}"
			_, err := Parse("a.json", []byte(src))
			want := "a.json:5: answers.q2: no answer given: write an option id, a number, or na"
			if err == nil || err.Error() != want {
				t.Fatalf("Parse = %v, want only %q", err, want)
			}
			s, err := Parse("a.json", []byte(strings.Replace(src, ",\n\"q2\": \"\"", "", 1)))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.Respondent != tt.wantRespondent || s.Answers["q1"].Comment != tt.wantComment || s.Answers["q1"].Line != 4 {
				t.Errorf("respondent %q, comment %q at line %d; want %q, %q at line 4",
					s.Respondent, s.Answers["q1"].Comment, s.Answers["q1"].Line, tt.wantRespondent, tt.wantComment)
			}
		})
	}
}

// TestParseJSONTrailingData: nothing may follow the JSON value. checkJSON
// uses Decoder.More, which is false before a stray '}' or ']', and yaml.v3
// then ignores the stray bracket, so the file is accepted.
func TestParseJSONTrailingData(t *testing.T) {
	for _, tail := range []string{"}", "]", "}}"} {
		src := `{"rubric": "r", "team": "T", "period": "2026-Q3", "respondent": "Ann", "role": "sales", "answers": {}}` + tail
		if s, err := Parse("a.json", []byte(src)); err == nil {
			t.Errorf("Parse(... %s) = %+v, nil; want invalid JSON", tail, s)
		}
	}
}

func TestValidPeriod(t *testing.T) {
	for s, want := range map[string]bool{
		"2026-Q1": true, "2026-Q4": true, "0000-Q1": true,
		"2026-Q5": false, "2026-Q0": false, "26-Q1": false, "2026-q1": false,
		"2026-Q1 ": false, "20260-Q1": false, "2026-Q": false, "": false,
	} {
		if got := ValidPeriod(s); got != want {
			t.Errorf("ValidPeriod(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidRole(t *testing.T) {
	for s, want := range map[string]bool{
		"sales": true, "marketing": true, "leadership": true, "customer-success": true, "sdr_2": true,
		"Sales": false, "sales rep": false, "2nd": false, "-x": false, "": false, "ventes/marketing": false,
	} {
		if got := ValidRole(s); got != want {
			t.Errorf("ValidRole(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		sheet *Sheet
	}{
		{"plain", &Sheet{Rubric: "alignment", RubricVersion: "1.0", Team: "Northwind", Period: "2026-Q3", Respondent: "Dana Reyes", Role: "sales",
			Answers: map[string]Answer{"q1": {Option: "lo"}, "q2": {Option: "na"}}}},
		{"no version, no time, no answers", &Sheet{Rubric: "r", Team: "T", Period: "2026-Q1", Respondent: "R", Role: "marketing",
			Answers: map[string]Answer{}}},
		{"unicode", &Sheet{Rubric: "r", Team: "Café Ünïcode 東京", Period: "2026-Q2", Respondent: "Zoë Ørsted 😀", Role: "leadership",
			Completed: time.Date(2026, 9, 30, 11, 20, 0, 0, time.FixedZone("CEST", 2*3600)),
			Answers:   map[string]Answer{"q1": {Option: "hi", Comment: "Ça va — très bien 👍"}}}},
		{"tricky comments", &Sheet{Rubric: "r", Team: "T", Period: "2026-Q4", Respondent: "R", Role: "sales",
			Answers: map[string]Answer{
				"equals":     {Option: "lo", Comment: "=SUM(A1:A9)"},
				"only-eq":    {Option: "lo", Comment: "="},
				"colon":      {Option: "lo", Comment: "note: this has: colons"},
				"newlines":   {Option: "na", Comment: "first line\nsecond: line\n\nfourth - line"},
				"hash":       {Option: "lo", Comment: "# not a YAML comment"},
				"dash":       {Option: "lo", Comment: "- not a list"},
				"quotes":     {Option: "lo", Comment: `"double" and 'single'`},
				"braces":     {Option: "lo", Comment: "{a: b} [c]"},
				"bool":       {Option: "lo", Comment: "true"},
				"null":       {Option: "lo", Comment: "null"},
				"number":     {Option: "lo", Comment: "1e3"},
				"anchor":     {Option: "lo", Comment: "&a *b !c %d @e `f"},
				"indented":   {Option: "lo", Comment: "a\n  indented\n\tand tabbed"},
				"doc-marker": {Option: "lo", Comment: "---\n..."},
			}}},
		{"values that look like other types", &Sheet{Rubric: "r", RubricVersion: "2.10", Team: "yes", Period: "2026-Q1", Respondent: "~", Role: "sales",
			Answers: map[string]Answer{"true": {Option: "false"}, "1": {Option: "2"}, "null": {Option: "na"}}}},
		{"team with colon", &Sheet{Rubric: "r", Team: "Sales: EMEA", Period: "2026-Q1", Respondent: "- R", Role: "sales",
			Answers: map[string]Answer{"q": {Option: "lo"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Encode(tt.sheet, nil)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			got, err := Parse("round.yaml", data)
			if err != nil {
				t.Fatalf("Parse(Encode(...)): %v\n%s", err, data)
			}
			if diff := cmp.Diff(tt.sheet, got, ignoreSource, cmpopts.IgnoreFields(Answer{}, "Line")); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s\nencoded:\n%s", diff, data)
			}
		})
	}
}

func TestEncodeOrder(t *testing.T) {
	s := &Sheet{Rubric: "r", RubricVersion: "1.0", Team: "T", Period: "2026-Q3", Respondent: "R", Role: "sales",
		Completed: time.Date(2026, 9, 30, 16, 5, 0, 0, time.FixedZone("", 2*3600)),
		Answers: map[string]Answer{
			"c": {Option: "x"}, "a": {Option: "x"}, "z": {Option: "na", Comment: "two\nlines"}, "b": {Option: "x"},
		}}
	got, err := Encode(s, []string{"z", "b", "missing", "b"})
	if err != nil {
		t.Fatal(err)
	}
	want := `rubric: r
rubric_version: "1.0"
team: T
period: 2026-Q3
respondent: R
role: sales
completed: "2026-09-30T14:05:00Z"
answers:
  z:
    answer: na
    comment: |-
      two
      lines
  b: x
  a: x
  c: x
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Encode mismatch (-want +got):\n%s", diff)
	}
}

func TestEncodeInvalidUTF8(t *testing.T) {
	s := &Sheet{Rubric: "r", Team: "T\xff", Period: "2026-Q3", Respondent: "R", Role: "sales"}
	if data, err := Encode(s, nil); err == nil {
		t.Errorf("Encode(invalid UTF-8) = %q, nil; want an error", data)
	}
}

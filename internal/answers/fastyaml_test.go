package answers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alignaudit/audit/internal/yamlwalk"
	"github.com/google/go-cmp/cmp"
)

// parseSlow reads a YAML answers file as Parse does without quickSheet:
// with the YAML parser and read.
func parseSlow(data []byte) (*Sheet, error) {
	w := yamlwalk.Walker{File: "a.yaml"}
	root := w.Parse(data)
	if root == nil {
		return nil, w.Problems.Err()
	}
	return readRoot(&w, root)
}

// checkQuick checks that whatever quickSheet reads, the YAML parser and
// read read to the same sheet, without a problem; it reports whether
// quickSheet read data.
func checkQuick(t *testing.T, data []byte) bool {
	t.Helper()
	quick := quickSheet(data)
	if quick == nil {
		return false
	}
	slow, err := parseSlow(data)
	if err != nil {
		t.Fatalf("quickSheet read a file with problems (%v):\n%s", err, data)
	}
	if d := cmp.Diff(slow, quick); d != "" {
		t.Fatalf("quickSheet and the YAML parser differ (-parser +quick):\n%s\ninput:\n%s", d, data)
	}
	return true
}

// TestQuickSheet: quickSheet reads the files audit writes and plain
// hand-written ones, and leaves anything else to the YAML parser; Parse
// gives the same sheet, or the same problems, either way.
func TestQuickSheet(t *testing.T) {
	long := strings.Repeat("é", MaxNameLength)
	cases := []struct {
		name  string
		src   string
		quick bool // quickSheet reads it
	}{
		{"base", base, true},
		{"every field", replace("role: sales\n", "role: Sales\nrubric_version: \"2.0\"\ncompleted: 2026-09-30T14:05:00.5+02:00\n"), true},
		{"answers first", "answers:\n  q1: lo\n" + strings.Replace(base, "answers:\n  q1: lo\n", "", 1), true},
		{"quoted and spaced", replace("team: T\n", "team: 'Zoë Ørsted''s team: north'   \n\n\n"), true},
		{"double quoted", replace("respondent: Ann\n", "respondent: \"Ann: B\"\n"), true},
		{"text that looks like a word", replace("team: T\n", "team: x:y [z] {w}, v\n"), true},
		{"numbers", base + "  n1: 12\n  n2: 1.5\n  n3: -1\n  n4: 0\n  n5: -0\n  n6: 169.50\n  n7: 999999999999999999\n  n8: '12'\n", true},
		{"answer and comment", base + "  q2:\n      comment: \"why\"\n      answer: hi\n  q3:\n    answer: 2026-Q3\n", true},
		{"comment with spaces", base + "  q2:\n    answer: ' hi '\n    comment: '  two  words  '\n", true},
		{"name of the longest", replace("team: T\n", "team: "+long+"\n"), true},
		{"nbsp before a number", base + "  q2: \u00a0123\n", false},
		{"long name", replace("team: T\n", "team: "+long+"x\n"), false},
		{"lowercase role too long", replace("role: sales\n", "role: "+strings.Repeat("S", MaxRoleLength+1)+"\n"), false},
		{"role not a word", replace("role: sales\n", "role: sales rep\n"), false},
		{"period", replace("period: 2026-Q3\n", "period: 2026-q3\n"), false},
		{"period not a quarter", replace("period: 2026-Q3\n", "period: 2026-Q5\n"), false},
		{"completed", "completed: 2026-09-30\n" + base, false},
		{"completed not a time", "completed: 'yesterday'\n" + base, false},
		{"empty team", replace("team: T\n", "team: ''\n"), false},
		{"team of spaces", replace("team: T\n", "team: '  '\n"), false},
		{"null version", replace("team: T\n", "team: T\nrubric_version:\n"), false},
		{"no respondent", replace("respondent: Ann\n", ""), false},
		{"no answers", strings.Replace(base, "answers:\n  q1: lo\n", "", 1), false},
		{"answers empty", strings.Replace(base, "  q1: lo\n", "", 1), false},
		{"answers twice", base + "answers:\n  q2: lo\n", false},
		{"unknown field", base + "notes: x\n", false},
		{"repeated field", replace("team: T\n", "team: T\nteam: U\n"), false},
		{"repeated answer", base + "  q1: hi\n", false},
		{"empty answer", base + "  q2: ''\n", false},
		{"null answer", base + "  q2:\n", false},
		{"number too large", base + "  q2: 1e400\n", false},
		{"quoted number", base + "  q2: '1e400'\n", true},
		{"answer without answer", base + "  q2:\n    comment: x\n", false},
		{"answer repeated", base + "  q2:\n    answer: x\n    answer: y\n", false},
		{"answer of another field", base + "  q2:\n    answer: x\n    note: y\n", false},
		{"comment too long", base + "  q2:\n    answer: x\n    comment: " + strings.Repeat("x", MaxCommentLength+1) + "\n", false},
		{"answer more indented", base + "  q2:\n    answer: x\n     comment: y\n", false},
		{"answer less indented", base + "  q2:\n    answer: x\n   comment: y\n", false},
		{"answer between indents", base + "  q2:\n    answer: x\n q3: y\n", false},
		{"value continued", base + "  q2: x\n    y\n", false},
		{"field continued", replace("team: T\n", "team: T\n  U\n"), false},
		{"indented root", " " + base, false},
		{"comment", base + "# done\n", false},
		{"key of a number", base + "  1a: lo\n", false},
		{"a word", base + "  q2: yes\n", false},
		{"a list", base + "  q2: [a]\n", false},
		{"block text", base + "  q2: |\n    a\n", false},
		{"tab", replace("team: T\n", "team:\tT\n"), false},
		{"carriage return", strings.ReplaceAll(base, "\n", "\r\n"), false},
		{"byte order mark", "\ufeff" + base, false},
		{"two documents", base + "---\n" + base, false},
		{"escape", replace("team: T\n", "team: \"T\\tU\"\n"), false},
		{"empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkQuick(t, []byte(c.src)); got != c.quick {
				t.Errorf("quickSheet read it: %v, want %v\n%s", got, c.quick, c.src)
			}
			got, gotErr := Parse("a.yaml", []byte(c.src))
			want, wantErr := parseSlow([]byte(c.src))
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("Parse: %v\nthe YAML parser: %v", gotErr, wantErr)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Parse and the YAML parser differ (-parser +Parse):\n%s", d)
			}
		})
	}
}

// TestQuickSheetFiles: every answers file in the repository reads the same
// with and without quickSheet.
func TestQuickSheetFiles(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	bad, _ := filepath.Glob("../../cmd/audit/testdata/bad/answers/*.yaml")
	for _, f := range append(append(files, more...), bad...) {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a link to a device, say
		}
		checkQuick(t, data)
	}
}

// TestQuickSheetEncoded: quickSheet reads what Encode writes, comments and
// numbers included.
func TestQuickSheetEncoded(t *testing.T) {
	s := &Sheet{Rubric: "alignment", RubricVersion: "2.0", Team: "Zoë's team", Period: "2026-Q3",
		Respondent: "Zoë Ørsted", Role: "sales", Completed: time.Date(2026, 9, 30, 14, 5, 0, 0, time.UTC),
		Answers: map[string]Answer{
			"a": {Option: "lo"}, "b": NumberAnswer(169.5), "c": NumberAnswer(-2), "d": {Option: NA, Comment: "It's: not ours"},
			"e": {Option: "hi", Comment: `He said "no"`}, "f": {Option: "unknown"},
		}}
	data, err := Encode(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !checkQuick(t, data) {
		t.Errorf("left to the YAML parser:\n%s", data)
	}
}

// FuzzQuickSheet checks that quickSheet never reads a file differently from
// the YAML parser: whatever sheet it makes, the parser and read make the
// same, without a problem.
//
// Run it with: go test -run=^$ -fuzz=FuzzQuickSheet -fuzztime=3m ./internal/answers/
func FuzzQuickSheet(f *testing.F) {
	f.Add(base)
	for _, c := range problemCases {
		f.Add(c.src)
	}
	f.Add(base + "  q2:\n    answer: 12\n    comment: 'x''y'\n  q3: \"z\"\ncompleted: 2026-09-30T14:05:00Z\n")
	f.Fuzz(func(t *testing.T, src string) {
		checkQuick(t, []byte(src))
	})
}

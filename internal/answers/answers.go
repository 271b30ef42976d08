// Package answers reads and writes one respondent's answers file (YAML or
// JSON), described in docs/answers-format.md.
package answers

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/safetext"
	"github.com/alignaudit/audit/internal/yamlwalk"
	"go.yaml.in/yaml/v3"
)

// Reserved answers (the same as the rubric's reserved ids).
const (
	NA         = "na"         // not applicable
	DontKnow   = "unknown"    // don't know
	Unmeasured = "unmeasured" // we don't measure this (number questions)
)

// Limits that keep a hostile file from making the tool slow or large.
const (
	MaxAnswers       = 10000
	MaxCommentLength = 20000 // characters; a longer comment is refused
	// MaxNameLength bounds a team's and a respondent's name, in
	// characters: a name is a line of a report, not a paragraph.
	MaxNameLength = 100
	// MaxRoleLength bounds a role, one word.
	MaxRoleLength = 30
)

// Sheet is one respondent's answers.
type Sheet struct {
	Source        string // the file as the user named it, for messages
	Rubric        string
	RubricVersion string
	Team          string
	Period        string // YYYY-Qn
	Respondent    string
	Role          string    // lowercase: sales, marketing, leadership, ...
	Completed     time.Time // zero when not given
	Answers       map[string]Answer
}

// Answer is the answer to one question.
type Answer struct {
	// Option is the answer as written: an option id, NA, DontKnow,
	// Unmeasured, or a number's text.
	Option string
	// Number is set when the answer was written as a number (a YAML or
	// JSON number, not a quoted string). Which of the two counts depends
	// on the question: the rubric decides when the answers are scored.
	Number  *float64
	Comment string
	Line    int // where the answer stands in its file, for messages
}

// NumberAnswer returns the answer that is the number v.
func NumberAnswer(v float64) Answer {
	return Answer{Option: strconv.FormatFloat(v, 'g', -1, 64), Number: &v}
}

// IsNA reports whether the respondent answered "not applicable".
func (a Answer) IsNA() bool { return a.Option == NA && a.Number == nil }

// IsDontKnow reports whether the respondent answered "don't know".
func (a Answer) IsDontKnow() bool { return a.Option == DontKnow && a.Number == nil }

var (
	periodForm = regexp.MustCompile(`^[0-9]{4}-Q[1-4]$`)
	roleForm   = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
)

// ValidPeriod reports whether s has the form YYYY-Qn.
func ValidPeriod(s string) bool { return periodForm.MatchString(s) }

// ValidRole reports whether s is a role word such as sales or marketing.
func ValidRole(s string) bool { return roleForm.MatchString(s) }

// Parse reads an answers file. A name ending in .json is read as JSON,
// anything else as YAML. The error, if any, is a problem.List.
func Parse(file string, data []byte) (*Sheet, error) {
	w := yamlwalk.Walker{File: file}
	var root *yaml.Node
	if strings.EqualFold(filepath.Ext(file), ".json") {
		n, line, err := jsonNode(data)
		if err != nil {
			w.Problems.Add(file, line, "", "invalid JSON: %v", err)
			return nil, w.Problems
		}
		root = n
	} else if s := quickSheet(data); s != nil {
		return s, nil
	} else if root = w.Parse(data); root == nil {
		return nil, w.Problems.Err()
	}
	return readRoot(&w, root)
}

// readRoot reads the sheet of a parsed file. The error, if any, is a
// problem.List.
func readRoot(w *yamlwalk.Walker, root *yaml.Node) (*Sheet, error) {
	s := read(w, root)
	w.Problems.Sort()
	if err := w.Problems.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func read(w *yamlwalk.Walker, root *yaml.Node) *Sheet {
	f := w.Fields(root, "", "rubric", "rubric_version", "team", "period", "respondent", "role", "completed", "answers")
	if f == nil {
		return nil
	}
	text := func(name string, required bool) string {
		fld, ok := f[name]
		if !ok {
			if required {
				w.Fail(root, "", "missing field %q", name)
			}
			return ""
		}
		s := strings.TrimSpace(w.String(fld.Value, name))
		if strings.ContainsAny(s, "\n\r") {
			w.Fail(fld.Value, name, "must be a single line")
		}
		s = strings.TrimSpace(safetext.Line(s))
		if s == "" && required {
			w.Fail(fld.Value, name, "must not be empty")
		}
		return s
	}
	s := &Sheet{
		Rubric:        text("rubric", true),
		RubricVersion: text("rubric_version", false),
		Team:          text("team", true),
		Period:        text("period", true),
		Respondent:    text("respondent", true),
		Role:          strings.ToLower(text("role", true)),
		Answers:       map[string]Answer{},
	}
	s.checkHeader(func(field, format string, args ...any) {
		w.Fail(f[field].Value, field, format, args...)
	})
	if c := text("completed", false); c != "" {
		t, err := time.Parse(time.RFC3339, c)
		if err != nil {
			w.Fail(f["completed"].Value, "completed", "%q is not an RFC 3339 time such as 2026-09-30T14:05:00Z", c)
		}
		s.Completed = t
	}
	af, ok := f["answers"]
	if !ok {
		w.Fail(root, "", "missing field \"answers\"")
		return s
	}
	if af.Value.Tag == "!!null" {
		return s // "answers:" with nothing yet: every question is missing
	}
	pairs := w.Pairs(af.Value, "answers")
	if len(pairs) > MaxAnswers {
		w.Fail(af.Value, "answers", "has %d answers, more than the %d allowed", len(pairs), MaxAnswers)
		return s
	}
	s.Answers = make(map[string]Answer, len(pairs))
	for _, p := range pairs {
		id := p.Key.Value
		path := yamlwalk.Join("answers", id)
		a, ok := readAnswer(w, p.Value, path)
		if !ok {
			continue
		}
		a.Line = p.Key.Line
		s.Answers[id] = a
	}
	return s
}

// checkHeader calls fail for each problem of the team, respondent, period
// and role (a problem of field, in fmt.Sprintf's terms).
func (s *Sheet) checkHeader(fail func(field, format string, args ...any)) {
	for _, n := range []struct {
		field, value string
		max          int
	}{{"team", s.Team, MaxNameLength}, {"respondent", s.Respondent, MaxNameLength}, {"role", s.Role, MaxRoleLength}} {
		if c := utf8.RuneCountInString(n.value); c > n.max {
			fail(n.field, "is %d characters long, more than the %d allowed", c, n.max)
		}
	}
	if s.Period != "" && !ValidPeriod(s.Period) {
		fail("period", "%q is not a quarter: write it as YYYY-Qn, e.g. 2026-Q3", s.Period)
	}
	if s.Role != "" && !ValidRole(s.Role) {
		fail("role", "%q is not a role: use one word such as sales, marketing or leadership", s.Role)
	}
}

func readAnswer(w *yamlwalk.Walker, n *yaml.Node, path string) (Answer, bool) {
	if n.Kind == yaml.ScalarNode {
		return readValue(w, n, path)
	}
	f := w.Fields(n, path, "answer", "comment")
	if f == nil {
		return Answer{}, false
	}
	af, ok := f["answer"]
	if !ok {
		w.Fail(n, path, "missing field \"answer\"")
		return Answer{}, false
	}
	a, ok := readValue(w, af.Value, path+".answer")
	if !ok {
		return Answer{}, false
	}
	if cf, ok := f["comment"]; ok {
		a.Comment = strings.TrimSpace(safetext.Text(w.String(cf.Value, path+".comment")))
		if n := len([]rune(a.Comment)); n > MaxCommentLength {
			w.Fail(cf.Value, path+".comment", "is %d characters long, more than the %d allowed", n, MaxCommentLength)
			return Answer{}, false
		}
	}
	return a, true
}

// readValue reads the answer itself (see answerValue).
func readValue(w *yamlwalk.Walker, n *yaml.Node, path string) (Answer, bool) {
	before := len(w.Problems)
	text := w.String(n, path)
	if len(w.Problems) > before {
		return Answer{}, false
	}
	a, problem := answerValue(text, n.Tag, n.Style)
	if problem != "" {
		w.Fail(n, path, "%s", problem)
		return Answer{}, false
	}
	return a, true
}

// answerValue reads an answer as YAML reads it (its text, tag and style):
// an id, or a number; problem says what is wrong with it, if anything. A
// number must be finite; whether it is in range, or a number is wanted at
// all, the rubric decides.
func answerValue(text, tag string, style yaml.Style) (a Answer, problem string) {
	a.Option = strings.TrimSpace(text)
	if a.Option == "" {
		return Answer{}, "no answer given: write an option id, a number, or na"
	}
	if tag != "!!int" && tag != "!!float" {
		// A plain decimal number that YAML left as text because it is
		// too large for a float64, such as 1e400. (The test of its first
		// character spares an id the regular expression: 90 ns, 4 µs for
		// the 40 answers of a file.)
		if style == 0 && strings.IndexByte("+-.0123456789", a.Option[0]) >= 0 && yamlNumber.MatchString(a.Option) {
			return Answer{}, a.Option + " is not a finite number: write a number such as 12 or 0.5"
		}
		return a, ""
	}
	v, err := strconv.ParseFloat(a.Option, 64)
	switch {
	case err == nil && !math.IsNaN(v) && !math.IsInf(v, 0):
		a.Number = &v
	case tag == "!!float":
		// .nan, .inf, or a number too large for a float64
		return Answer{}, a.Option + " is not a finite number: write a number such as 12 or 0.5"
	}
	// An integer that ParseFloat cannot read (0x1f, 0o17) stays the text
	// of an option id.
	return a, ""
}

// Encode writes a sheet as YAML, with the answers in the given question
// order (ids not in order follow, sorted).
func Encode(s *Sheet, order []string) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, value *yaml.Node) {
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
	}
	str := func(v string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	}
	add("rubric", str(s.Rubric))
	if s.RubricVersion != "" {
		add("rubric_version", str(s.RubricVersion))
	}
	add("team", str(s.Team))
	add("period", str(s.Period))
	add("respondent", str(s.Respondent))
	add("role", str(s.Role))
	if !s.Completed.IsZero() {
		add("completed", str(s.Completed.UTC().Format(time.RFC3339)))
	}
	list := &yaml.Node{Kind: yaml.MappingNode}
	for _, id := range orderedIDs(s.Answers, order) {
		a := s.Answers[id]
		answer := str(a.Option)
		if a.Number != nil {
			answer = number(a)
		}
		v := answer
		if a.Comment != "" {
			v = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
				str("answer"), answer, str("comment"), str(a.Comment),
			}}
		}
		list.Content = append(list.Content, str(id), v)
	}
	add("answers", list)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode answers: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode answers: %w", err)
	}
	return buf.Bytes(), nil
}

// number returns the YAML scalar of a number answer: its text as written
// when that reads back as the same number (so that re-encoding a file keeps
// 0.50 as 0.50), else the number's shortest form.
func number(a Answer) *yaml.Node {
	text := a.Option
	if v, err := strconv.ParseFloat(text, 64); err != nil || v != *a.Number || !yamlNumber.MatchString(text) {
		text = strconv.FormatFloat(*a.Number, 'g', -1, 64)
	}
	tag := "!!float"
	if yamlInt.MatchString(text) {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text}
}

// The plain scalars that YAML reads as decimal numbers.
var (
	yamlInt    = regexp.MustCompile(`^[-+]?[0-9]+$`)
	yamlNumber = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

func orderedIDs(m map[string]Answer, order []string) []string {
	ids := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	for _, id := range order {
		if _, ok := m[id]; ok && !seen[id] {
			ids = append(ids, id)
			seen[id] = true
		}
	}
	var rest []string
	for id := range m {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	return append(ids, rest...)
}

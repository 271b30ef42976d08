package answers

import (
	"hash/maphash"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/alignaudit/audit/internal/safetext"
	"go.yaml.in/yaml/v3"
)

// quickSheet reads the plain YAML that answers files are written in (by
// Encode, and mostly by hand) straight into a Sheet, without the node tree
// that the YAML parser makes and read walks: a company-wide folder holds
// thousands of answers files. It returns nil for anything it does not
// read exactly as the YAML parser and read do (comments, flow or block
// scalars, anchors, tabs, control characters, a repeated key, an empty
// value, ...) and for any file with a problem: Parse then reads the file
// with the YAML parser, so every problem is reported in its words.
// quickSheet never reports a problem itself.
//
// What it reads: the fields of an answers file, one a line, and below
// answers: a line for each answer, or its answer and comment on lines
// more indented; keys are words of letters, digits, '_', '-' and '.';
// values are plain text, 'single-quoted' or "double-quoted" text without
// escapes, on one line; a number written plainly (35, -2, 169.5); a
// quarter (2026-Q3) or a time (2026-09-30T14:05:00Z) as YAML reads them.
// FuzzQuickSheet checks that whatever sheet it makes, the YAML parser and
// read make the same, without a problem.
//
// Reading the node tree that the YAML parser would make (by hand, as
// quickly) and walking it took 68 µs and 161 allocations for a 1.9 kB
// file of the built-in rubric (BenchmarkAnswersParse), 1.8 s of CPU for
// 18,000 files; reading the sheet straight takes a quarter of the time, 17
// allocations and 7.6 kB instead of 38.
func quickSheet(data []byte) *Sheet {
	if !plainText(data) {
		return nil
	}
	l := quickLines{rest: string(data)}
	l.next()
	var head [len(headerFields)]string
	var seen [len(headerFields)]bool
	s := &Sheet{}
	for l.ok {
		key, v, ok := l.keyValue()
		if !ok || l.indent != 0 {
			return nil
		}
		l.next()
		if key == "answers" {
			// The answers, more indented, on the lines below.
			if v != "" || s.Answers != nil || !l.ok || l.indent == 0 {
				return nil
			}
			if s.Answers = quickAnswers(&l); s.Answers == nil {
				return nil
			}
			continue
		}
		i := slices.Index(headerFields[:], key)
		// An empty value is null, or a mapping below; a more indented line
		// below would continue the value.
		if i < 0 || seen[i] || v == "" || l.ok && l.indent > 0 {
			return nil
		}
		if head[i], _, _, ok = scalar(v); !ok {
			return nil
		}
		seen[i] = true
	}
	// As read reads the fields.
	bad := false
	text := func(i int, required bool) string {
		t := strings.TrimSpace(safetext.Line(strings.TrimSpace(head[i])))
		bad = bad || required && t == ""
		return t
	}
	s.Rubric = own(text(0, true))
	s.RubricVersion = own(text(1, false))
	s.Team = own(text(2, true))
	s.Period = own(text(3, true))
	s.Respondent = strings.Clone(text(4, true))
	s.Role = own(strings.ToLower(text(5, true)))
	s.checkHeader(func(string, string, ...any) { bad = true })
	if c := text(6, false); c != "" {
		t, err := time.Parse(time.RFC3339, c)
		bad = bad || err != nil
		s.Completed = t
	}
	if bad || s.Answers == nil {
		return nil
	}
	return s
}

// headerFields are the fields of an answers file but answers, in the order
// read reads them.
var headerFields = [...]string{"rubric", "rubric_version", "team", "period", "respondent", "role", "completed"}

// quickAnswers reads the answers, whose ids are indented as the current
// line, as read does, or returns nil.
func quickAnswers(l *quickLines) map[string]Answer {
	type pair struct {
		id string
		a  Answer
	}
	// On the stack for the answers of any rubric of audit's.
	var buf [64]pair
	pairs := buf[:0]
	indent := l.indent
	for l.ok && l.indent >= indent {
		id, v, ok := l.keyValue()
		if !ok || l.indent > indent || len(pairs) == MaxAnswers {
			return nil
		}
		line := l.n
		l.next()
		var a Answer
		if v != "" {
			if l.ok && l.indent > indent {
				return nil // the value continues below
			}
			text, tag, style, ok := scalar(v)
			if !ok {
				return nil
			}
			var problem string
			if a, problem = answerValue(text, tag, style); problem != "" {
				return nil
			}
		} else {
			// Its answer and comment, more indented, below.
			if !l.ok || l.indent <= indent {
				return nil // an empty value: no answer
			}
			if a, ok = quickAnswer(l); !ok {
				return nil
			}
		}
		a.Line = line
		pairs = append(pairs, pair{own(id), a})
	}
	m := make(map[string]Answer, len(pairs))
	for _, p := range pairs {
		p.a.Option, p.a.Comment = own(p.a.Option), strings.Clone(p.a.Comment)
		m[p.id] = p.a
	}
	if len(m) != len(pairs) {
		return nil // a repeated id
	}
	return m
}

// quickAnswer reads an answer and its comment, whose keys are indented as
// the current line, as readAnswer does.
func quickAnswer(l *quickLines) (Answer, bool) {
	indent := l.indent
	var a Answer
	var hasAnswer, hasComment bool
	for l.ok && l.indent >= indent {
		key, v, ok := l.keyValue()
		if !ok || l.indent > indent {
			return Answer{}, false
		}
		l.next()
		if v == "" || l.ok && l.indent > indent {
			return Answer{}, false
		}
		text, tag, style, ok := scalar(v)
		if !ok {
			return Answer{}, false
		}
		switch {
		case key == "answer" && !hasAnswer:
			v, problem := answerValue(text, tag, style)
			if problem != "" {
				return Answer{}, false
			}
			a.Option, a.Number, hasAnswer = v.Option, v.Number, true
		case key == "comment" && !hasComment:
			a.Comment = strings.TrimSpace(safetext.Text(text))
			if utf8.RuneCountInString(a.Comment) > MaxCommentLength {
				return Answer{}, false
			}
			hasComment = true
		default:
			return Answer{}, false
		}
	}
	return a, hasAnswer
}

// quickLines goes through a file's lines that are not blank.
type quickLines struct {
	rest string // the text after the current line
	n    int    // the current line's number, from 1
	// The current line: ok is false at the end; indent is its spaces
	// before text, which has no trailing spaces.
	ok     bool
	indent int
	text   string
}

// next moves to the next line that is not blank.
func (l *quickLines) next() {
	for l.rest != "" {
		var line string
		line, l.rest, _ = strings.Cut(l.rest, "\n")
		l.n++
		if line = strings.TrimRight(line, " "); line != "" {
			l.text = strings.TrimLeft(line, " ")
			l.indent, l.ok = len(line)-len(l.text), true
			return
		}
	}
	l.ok = false
}

// keyValue splits the current line "key: value" into its key and its
// value ("" when there is none on the line), or returns false.
func (l *quickLines) keyValue() (key, value string, ok bool) {
	key, rest, found := strings.Cut(l.text, ":")
	if !found || !simpleKey(key) || rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return key, strings.TrimLeft(rest, " "), true
}

// plainText reports whether data is UTF-8 without characters that YAML
// refuses or reads as line breaks or indentation: only '\n', printable
// ASCII and characters from U+00A0 up (but U+2028, U+2029 and the byte
// order mark).
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError || r < 0xA0 || r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}

// simpleKey reports whether a key is a plain word that YAML reads as text
// (and short: YAML refuses a key of more than 1024 characters).
func simpleKey(k string) bool {
	if k == "" || len(k) > 200 || !isLetter(k[0]) {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return !yamlWord(k)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// yamlWord reports whether a plain word is one that YAML reads as
// something other than text (true, null, yes, ...).
func yamlWord(s string) bool {
	if len(s) > len("false") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

var (
	quarterText = regexp.MustCompile(`^[0-9]{4}-Q[1-4]$`)
	timeText    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`)
)

// scalar returns the value of a scalar written on one line, with the tag
// and style the YAML parser gives it; ok is false for any other value.
func scalar(v string) (value, tag string, style yaml.Style, ok bool) {
	switch v[0] {
	case '\'':
		inner, ok := strings.CutSuffix(v[1:], "'")
		if !ok || len(v) < 2 {
			return "", "", 0, false
		}
		// '' is a quote; a lone quote would end the text early.
		unq := strings.ReplaceAll(inner, "''", "")
		if strings.Contains(unq, "'") {
			return "", "", 0, false
		}
		return strings.ReplaceAll(inner, "''", "'"), "!!str", yaml.SingleQuotedStyle, true
	case '"':
		inner, ok := strings.CutSuffix(v[1:], `"`)
		if !ok || len(v) < 2 || strings.ContainsAny(inner, `"\`) {
			return "", "", 0, false
		}
		return inner, "!!str", yaml.DoubleQuotedStyle, true
	}
	if tag := numberTag(v); tag != "" {
		return v, tag, 0, true
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>%@`", rune(v[0])) || strings.Contains(v, ": ") ||
		strings.Contains(v, " #") || strings.HasSuffix(v, ":") || yamlWord(v) || v == "~" {
		return "", "", 0, false
	}
	tag = "!!str"
	switch c := v[0]; {
	case c >= '0' && c <= '9' || c == '+' || c == '.':
		switch {
		case quarterText.MatchString(v):
		case timeText.MatchString(v) && validTime(v):
			tag = "!!timestamp"
		default:
			return "", "", 0, false // a number in another form, perhaps: the YAML parser decides
		}
	}
	return v, tag, 0, true
}

// numberTag returns the tag YAML gives a number written plainly, as people
// and Encode write them: "!!int" for 35 or -2, "!!float" for 169.5; "" for
// anything else (1e3, 0x1F, 007, 1_000, +1, .5 are left to the YAML
// parser). Version 2.0 of the built-in rubric asks for numbers, and
// without this every answers file with a number went to the parser, which
// took four times as long: 4.5 s of CPU for 18,000 files.
func numberTag(v string) string {
	digits := func(s string) int {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	s := strings.TrimPrefix(v, "-")
	whole := digits(s)
	// A leading zero is octal to YAML; more than 18 digits may not fit
	// an int64.
	if whole == 0 || whole > 18 || s[0] == '0' && whole > 1 {
		return ""
	}
	if whole == len(s) {
		return "!!int"
	}
	if frac := s[whole+1:]; s[whole] == '.' && len(frac) > 0 && len(frac) <= 20 && digits(frac) == len(frac) {
		return "!!float"
	}
	return ""
}

// own returns s in memory of its own, not a part of the file's text,
// which would otherwise stay in memory as long as the sheet: a folder of
// 20,000 files would keep them all. Short texts, which every file repeats
// (question and option ids, team, period, role, numbers), are kept once,
// in ids; a respondent's name and comments are copied.
func own(s string) string {
	if len(s) > maxIDLength {
		return strings.Clone(s)
	}
	h := maphash.String(idSeed, s)
	for i := range uint64(4) {
		slot := &ids[(h+i)%uint64(len(ids))]
		p := slot.Load()
		if p == nil {
			c := strings.Clone(s)
			if slot.CompareAndSwap(nil, &c) {
				return c
			}
			p = slot.Load()
		}
		if *p == s {
			return *p
		}
	}
	return strings.Clone(s) // the table is full where s would go
}

// ids holds one copy of each short text seen, in a table that goroutines
// read and fill without a lock, up to its size (a rubric has a few hundred
// ids and options). A sync.Map took 60 ns a lookup, a fifth of the time of
// reading a file (BenchmarkAnswersParse); this takes 35.
var (
	ids    [1 << 14]atomic.Pointer[string]
	idSeed = maphash.MakeSeed()
)

const maxIDLength = 64

// validTime reports whether a time written as RFC 3339 is a real one, as
// YAML requires of a timestamp (2026-13-30 is text to it).
func validTime(v string) bool {
	_, err := time.Parse(time.RFC3339Nano, v)
	return err == nil
}

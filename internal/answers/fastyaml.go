package answers

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastNode reads the plain YAML that answers files are written in (by
// Encode, and mostly by hand) into the node tree that the YAML parser
// would make, ten times quicker: a company-wide folder holds thousands of
// answers files. It returns nil for anything it does not understand
// exactly (comments, flow or block scalars, numbers, anchors, tabs,
// control characters, a repeated key, ...); the YAML parser then reads the
// file, so every problem is reported in its words. fastNode never reports
// a problem itself.
//
// What it reads: block mappings nested by indentation, whose keys are
// words of letters, digits, '_', '-' and '.', and whose values are plain
// text, 'single-quoted' or "double-quoted" text without escapes, on one
// line; a number written plainly (35, -2, 169.5); a quarter (2026-Q3) or a time (2026-09-30T14:05:00Z) as YAML
// reads them. FuzzFastNode checks that it makes the same tree as the YAML
// parser whenever it makes one.
func fastNode(data []byte) *yaml.Node {
	if !plainText(data) {
		return nil
	}
	p := &fastParser{lines: strings.Split(string(data), "\n")}
	// At most a key and a value (or a mapping) a line, and the root; a
	// file with more nodes than maxFastNodes goes to the YAML parser.
	p.nodes = make([]yaml.Node, 0, min(2*len(p.lines)+1, maxFastNodes))
	root := p.mapping(0)
	if root == nil || p.next < len(p.lines) {
		return nil
	}
	return root
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

type fastParser struct {
	lines []string
	next  int // the next line to read
	// nodes holds the nodes made, allocated at once: a file's hundred
	// nodes allocated one by one took a sixth of the time of reading it.
	nodes []yaml.Node
}

// node returns a new node that holds n; nil when nodes is full (a file
// with more nodes than its lines can have is not one fastNode reads).
func (p *fastParser) node(n yaml.Node) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		return nil
	}
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// peek returns the indentation and text of the next line that is not
// blank, skipping blank lines; ok is false at the end.
func (p *fastParser) peek() (indent int, text string, ok bool) {
	for p.next < len(p.lines) {
		line := strings.TrimRight(p.lines[p.next], " ")
		if line == "" {
			p.next++
			continue
		}
		text = strings.TrimLeft(line, " ")
		return len(line) - len(text), text, true
	}
	return 0, "", false
}

// mapping reads the block mapping whose keys are indented by indent.
func (p *fastParser) mapping(indent int) *yaml.Node {
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
	if m == nil {
		return nil
	}
	for {
		ind, text, ok := p.peek()
		if !ok || ind < indent {
			break
		}
		if ind > indent {
			return nil
		}
		line := p.next + 1
		key, rest, found := strings.Cut(text, ":")
		if !found || !simpleKey(key) || len(m.Content) >= 2*maxFastKeys || hasKey(m, key) || rest != "" && rest[0] != ' ' {
			return nil
		}
		p.next++
		keyNode := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: own(key), Line: line, Column: indent + 1})
		if keyNode == nil {
			return nil
		}
		if len(m.Content) == 0 {
			m.Line, m.Column = line, indent+1
		}
		var value *yaml.Node
		if rest = strings.TrimLeft(rest, " "); rest == "" {
			// A nested mapping, more indented, on the lines below.
			child, _, ok := p.peek()
			if !ok || child <= indent {
				return nil // an empty value: the YAML parser says what it is
			}
			if value = p.mapping(child); value == nil {
				return nil
			}
		} else {
			col := indent + 1 + len(text) - len(rest)
			if value = p.scalarNode(rest, line, col); value == nil {
				return nil
			}
			// A more indented line below would continue the value.
			if ind, _, ok := p.peek(); ok && ind > indent {
				return nil
			}
		}
		m.Content = append(m.Content, keyNode, value)
	}
	if len(m.Content) == 0 {
		return nil
	}
	return m
}

// maxFastKeys bounds the keys of a mapping that fastNode reads; a larger
// one (more questions than any rubric has) is left to the YAML parser.
// maxFastNodes bounds the nodes of a file (an answers file of the largest
// rubric with a comment on every answer has a few thousand).
const (
	maxFastKeys  = 512
	maxFastNodes = 4096
)

// hasKey reports whether the mapping has the key already. Mappings in
// answers files are small: a scan is quicker than a map.
func hasKey(m *yaml.Node, key string) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
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

// scalarNode reads a value written on one line, or returns nil.
func (p *fastParser) scalarNode(v string, line, col int) *yaml.Node {
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line, Column: col})
	if n == nil {
		return nil
	}
	switch v[0] {
	case '\'':
		inner, ok := strings.CutSuffix(v[1:], "'")
		if !ok || len(v) < 2 {
			return nil
		}
		// '' is a quote; a lone quote would end the text early.
		unq := strings.ReplaceAll(inner, "''", "")
		if strings.Contains(unq, "'") {
			return nil
		}
		n.Value, n.Style = own(strings.ReplaceAll(inner, "''", "'")), yaml.SingleQuotedStyle
		return n
	case '"':
		inner, ok := strings.CutSuffix(v[1:], `"`)
		if !ok || len(v) < 2 || strings.ContainsAny(inner, `"\`) {
			return nil
		}
		n.Value, n.Style = own(inner), yaml.DoubleQuotedStyle
		return n
	}
	if tag := numberTag(v); tag != "" {
		n.Tag, n.Value = tag, own(v)
		return n
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>%@`", rune(v[0])) || strings.Contains(v, ": ") ||
		strings.Contains(v, " #") || strings.HasSuffix(v, ":") || yamlWord(v) || v == "~" {
		return nil
	}
	switch c := v[0]; {
	case c >= '0' && c <= '9' || c == '+' || c == '.':
		switch {
		case quarterText.MatchString(v):
		case timeText.MatchString(v) && validTime(v):
			n.Tag = "!!timestamp"
		default:
			return nil // a number in another form, perhaps: the YAML parser decides
		}
	}
	n.Value = own(v)
	return n
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

// own returns s in memory of its own, not a part of the file's text, which
// would otherwise stay in memory as long as the sheet: a folder of 20,000
// files would keep them all. The ids that every file repeats (question and
// option ids, field names) are kept once, in ids.
func own(s string) string {
	if !idLike(s) {
		return strings.Clone(s)
	}
	if v, ok := ids.Load(s); ok {
		return v.(string)
	}
	s = strings.Clone(s)
	if idCount.Load() < maxIDs {
		if v, loaded := ids.LoadOrStore(s, s); loaded {
			return v.(string)
		}
		idCount.Add(1)
	}
	return s
}

// ids holds one copy of each id seen, up to maxIDs of them (files may
// hold any words; the ids of a rubric are a few hundred).
var (
	ids     sync.Map
	idCount atomic.Int64
)

const maxIDs = 10000

// idLike reports whether s looks like an id: short, lowercase letters,
// digits, '-' and '_'.
func idLike(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// validTime reports whether a time written as RFC 3339 is a real one, as
// YAML requires of a timestamp (2026-13-30 is text to it).
func validTime(v string) bool {
	_, err := time.Parse(time.RFC3339Nano, v)
	return err == nil
}

package answers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/yamlwalk"
	"go.yaml.in/yaml/v3"
)

// sameTree reports how two node trees differ in what the answers reader
// looks at, or "".
func sameTree(fast, slow *yaml.Node, path string) string {
	if fast.Kind != slow.Kind || fast.Tag != slow.Tag || fast.Value != slow.Value || fast.Style != slow.Style ||
		fast.Line != slow.Line || fast.Column != slow.Column || slow.Anchor != "" || len(fast.Content) != len(slow.Content) {
		return fmt.Sprintf("%s: fast %+v\nslow %+v", path, *fast, *slow)
	}
	for i := range fast.Content {
		if d := sameTree(fast.Content[i], slow.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast checks that fastNode reads data as the YAML parser does, when
// it reads it at all.
func checkFast(t *testing.T, data []byte) bool {
	t.Helper()
	fast := fastNode(data)
	if fast == nil {
		return false
	}
	w := yamlwalk.Walker{File: "f.yaml"}
	slow := w.Parse(data)
	if slow == nil {
		t.Fatalf("fastNode read what the YAML parser refuses (%v):\n%s", w.Problems, data)
	}
	if d := sameTree(fast, slow, ""); d != "" {
		t.Fatalf("fastNode and the YAML parser differ:\n%s\ninput:\n%s", d, data)
	}
	return true
}

// TestFastNode: the files audit writes, and plain hand-written ones, are
// read by fastNode as the YAML parser reads them; anything else is left to
// the parser.
func TestFastNode(t *testing.T) {
	read := []string{
		base,
		"rubric: alignment\nteam: Zoë Ørsted's team\nperiod: 2026-Q3\ncompleted: 2026-09-30T14:05:00Z\n",
		"a: 'It''s fine: really'\nb: \"quoted: text\"\nc: x:y\n\n\nd:\n    e: f\n    g:\n      h: i\nj: k   \n",
		"a: 2026-09-30T14:05:00.5+02:00\nb: x.y\nc: x[y] {z}, w\n",
		"a: 12\nb: 1.5\nc: -1\nd: 0\ne: -0\nf: 0.25\ng: 169.50\nh: 999999999999999999\n",
	}
	for _, src := range read {
		if !checkFast(t, []byte(src)) {
			t.Errorf("fastNode left to the parser:\n%s", src)
		}
	}
	left := []string{
		"", "a: b\n# comment\n", "a: b # comment\n", "a: 12 # comment\n", "a: 1.\n", "a: -\n", "a: .5\n", "a: true\n",
		"a: 007\n", "a: 1e3\n", "a: 1_000\n", "a: 1.5.2\n", "a: -.5\n", "a: 12a\n", "a: 9999999999999999999\n", "a: 1 2\n",
		"a: yes\n", "a: null\n", "a: ~\n", "a:\n", "a: &x b\n", "a: *x\n", "a: !!str b\n", "a: |\n  b\n",
		"a: >\n  b\n", "a: [b]\n", "a: {b: c}\n", "- a\n", "a: b\n  c\n", "a: b\na: c\n", "a:\tb\n", "a: b\r\n",
		"---\na: b\n", "a: 'b\n", "a: \"b\\n\"\n", "a: b: c\n", "a:b\n", "'a': b\n", "a b: c\n", "a: b\n c: d\n",
		"a:\n  b: c\n d: e\n", "a: \u0085\n", "a: \x7f\n", "\ufeffa: b\n", "a: 2026-13\n", "a: @b\n", "a: `b`\n",
		"a: '\n", "a: 'b'c'\n", "1a: b\n", "a: 0x1F\n", "a: +1\n", "a: 2026-09-30\n",
	}
	// More nodes than maxFastNodes, in mappings of fewer than
	// maxFastKeys keys.
	var many strings.Builder
	for i := range maxFastKeys {
		fmt.Fprintf(&many, "q%d:\n  a: x\n  b: w\n  c: z\n", i)
	}
	left = append(left, many.String())
	for _, src := range left {
		if fastNode([]byte(src)) != nil {
			t.Errorf("fastNode read %.40q, which it should leave to the parser", src)
		}
	}
}

// TestFastNodeFiles: every answers file in the repository reads the same
// with and without fastNode.
func TestFastNodeFiles(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	bad, _ := filepath.Glob("../../cmd/audit/testdata/bad/answers/*.yaml")
	for _, f := range append(append(files, more...), bad...) {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a link to a device, say
		}
		checkFast(t, data)
	}
}

// FuzzFastNode checks that fastNode never reads a file differently from the
// YAML parser: whatever it reads, the parser reads to the same tree.
//
// Run it with: go test -run=^$ -fuzz=FuzzFastNode -fuzztime=3m ./internal/answers/
func FuzzFastNode(f *testing.F) {
	f.Add(base)
	for _, c := range problemCases {
		f.Add(c.src)
	}
	f.Add("a: 'x''y'\nb: \"z\"\nc:\n  d: 2026-Q3\n  e: 2026-09-30T14:05:00Z\n")
	f.Fuzz(func(t *testing.T, src string) {
		if !checkFast(t, []byte(src)) {
			return
		}
		// Parse gives the same sheet or the same problems either way.
		viaFast, errFast := Parse("f.yaml", []byte(src))
		w := yamlwalk.Walker{File: "f.yaml"}
		slowRoot := w.Parse([]byte(src))
		viaSlow := read(&w, slowRoot)
		w.Problems.Sort()
		if errFast != nil || w.Problems.Err() != nil {
			if fmt.Sprint(errFast) != fmt.Sprint(w.Problems.Err()) {
				t.Fatalf("problems differ:\nfast %v\nslow %v", errFast, w.Problems.Err())
			}
			return
		}
		if fmt.Sprintf("%+v", viaFast) != fmt.Sprintf("%+v", viaSlow) && !strings.Contains(src, "\x00") {
			t.Fatalf("sheets differ:\nfast %+v\nslow %+v", viaFast, viaSlow)
		}
	})
}

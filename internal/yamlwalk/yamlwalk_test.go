package yamlwalk

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// walk parses src, fails the test on a syntax error, and returns the
// walker with the root node.
func walk(t *testing.T, src string) (*Walker, *yaml.Node) {
	t.Helper()
	w := &Walker{File: "x.yaml"}
	root := w.Parse([]byte(src))
	if root == nil {
		t.Fatalf("Parse(%q): %v", src, w.Problems)
	}
	return w, root
}

// problems returns the walker's problems as strings.
func problems(w *Walker) []string {
	var out []string
	for _, p := range w.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // problems; nil when the root is returned
	}{
		{"mapping", "a: 1\n", nil},
		{"scalar root", "hello\n", nil},
		{"empty", "", []string{"x.yaml: the file is empty"}},
		{"only blanks", "\n\n  \n", []string{"x.yaml: the file is empty"}},
		{"only a comment", "# nothing yet\n", []string{"x.yaml: the file is empty"}},
		{"syntax error with line", "a: 1\nb: c: d\n", []string{"x.yaml:2: invalid YAML: mapping values are not allowed in this context"}},
		{"bad token", "a: 1\n\n\nb: @x\n", []string{"x.yaml:4: invalid YAML: found character that cannot start any token"}},
		// yaml.v3 reports an unclosed flow list at the line of the enclosing
		// context, not where the list starts: the walker passes it on.
		{"unclosed flow list", "a: 1\nb: [1, 2\n", []string{"x.yaml:1: invalid YAML: did not find expected ',' or ']'"}},
		{"tab indentation", "a:\n\tb: 1\n", []string{"x.yaml:2: invalid YAML: found character that cannot start any token"}},
		{"error without line", "a: \x01\n", []string{"x.yaml: invalid YAML: control characters are not allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &Walker{File: "x.yaml"}
			root := w.Parse([]byte(tt.src))
			if diff := cmp.Diff(tt.want, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if (root == nil) != (tt.want != nil) {
				t.Errorf("Parse returned root %v, want a root: %v", root, tt.want == nil)
			}
		})
	}
}

func TestFields(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantKeys []string
		want     []string
	}{
		{"known fields", "id: a\ntitle: b\n", []string{"id", "title"}, nil},
		{"unknown field", "id: a\ncolour: red\n", []string{"id"},
			[]string{"x.yaml:2: top.colour: unknown field (allowed: id, title)"}},
		{"a list", "- id\n", nil, []string{"x.yaml:1: top: want a mapping of fields (id, title), got a list"}},
		{"a scalar", "hello\n", nil, []string{`x.yaml:1: top: want a mapping of fields (id, title), got "hello"`}},
		{"null", "~\n", nil, []string{"x.yaml:1: top: want a mapping of fields (id, title), got empty"}},
		{"anchored", "&a {id: x}\n", nil, []string{"x.yaml:1: top: YAML anchors and aliases are not supported: write the value out"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, root := walk(t, tt.src)
			f := w.Fields(root, "top", "id", "title")
			var keys []string
			for _, k := range []string{"id", "title"} {
				if _, ok := f[k]; ok {
					keys = append(keys, k)
				}
			}
			if diff := cmp.Diff(tt.wantKeys, keys); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFieldsRepeatedKey: Fields' doc says "Unknown and repeated keys are
// problems", and yaml.v3 does not report repeated keys when it decodes into
// a yaml.Node, so Fields must. Today the second value silently wins.
func TestFieldsRepeatedKey(t *testing.T) {
	w, root := walk(t, "id: a\ntitle: b\nid: c\n")
	f := w.Fields(root, "", "id", "title")
	if len(w.Problems) != 1 {
		t.Fatalf("problems = %q, want one problem for the repeated key id at line 3 (got field id = %q)", problems(w), f["id"].Value.Value)
	}
	if p := w.Problems[0]; p.Line != 3 || p.Path != "id" {
		t.Errorf("problem = %q, want it at line 3, path id", p)
	}
}

func TestPairs(t *testing.T) {
	w, root := walk(t, "b: 1\na: 2\n")
	var got []string
	for _, p := range w.Pairs(root, "m") {
		got = append(got, p.Key.Value+"="+p.Value.Value)
	}
	if diff := cmp.Diff([]string{"b=1", "a=2"}, got); diff != "" {
		t.Errorf("Pairs mismatch (-want +got):\n%s", diff)
	}

	w, root = walk(t, "[1]\n")
	if got := w.Pairs(root, "m"); got != nil {
		t.Errorf("Pairs(list) = %v, want nil", got)
	}
	if diff := cmp.Diff([]string{"x.yaml:1: m: want a mapping, got a list"}, problems(w)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// TestAnchoredKeys: anchors and aliases are refused on keys too, in
// Fields and in Pairs (an anchor on a key was accepted, though anchors are
// documented as refused).
func TestAnchoredKeys(t *testing.T) {
	const msg = "YAML anchors and aliases are not supported: write the value out"
	tests := []struct {
		name, src string
		pairs     bool
		want      []string
	}{
		{"anchor on a field", "&k id: a\ntitle: b\n", false, []string{"x.yaml:1: top.id: " + msg}},
		{"anchor on a pair key", "a: 1\n&k goals-shared-targets: 2\n", true, []string{"x.yaml:2: top.goals-shared-targets: " + msg}},
		{"alias as a pair key", "&k a: 1\n*k : 2\n", true, []string{"x.yaml:1: top.a: " + msg, "x.yaml:2: top.k: " + msg}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, root := walk(t, tt.src)
			if tt.pairs {
				w.Pairs(root, "top")
			} else {
				w.Fields(root, "top", "id", "title")
			}
			if diff := cmp.Diff(tt.want, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSeq(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		wantN int
		want  []string
	}{
		{"block list", "- a\n- b\n", 2, nil},
		{"flow list", "[a, b, c]\n", 3, nil},
		{"a mapping", "a: b\n", 0, []string{"x.yaml:1: s: want a list, got a mapping"}},
		{"a scalar", "a\n", 0, []string{`x.yaml:1: s: want a list, got "a"`}},
		{"anchored", "&x [a]\n", 0, []string{"x.yaml:1: s: YAML anchors and aliases are not supported: write the value out"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, root := walk(t, tt.src)
			if got := len(w.Seq(root, "s")); got != tt.wantN {
				t.Errorf("len(Seq) = %d, want %d", got, tt.wantN)
			}
			if diff := cmp.Diff(tt.want, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSeqEmpty: an empty list "[]" must be told apart from a problem, which
// Seq reports by returning nil. yaml.v3 leaves Content nil for an empty
// sequence, so Seq returns nil for "[]" too, and every caller that checks
// "items != nil && len(items) == 0" (rubric bands, areas, questions) or
// "items == nil" (options) lets an empty list through.
func TestSeqEmpty(t *testing.T) {
	w, root := walk(t, "[]\n")
	got := w.Seq(root, "s")
	if len(w.Problems) != 0 {
		t.Fatalf("problems = %q, want none", problems(w))
	}
	if got == nil {
		t.Errorf("Seq([]) = nil, want an empty, non-nil list (nil means a problem was recorded)")
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		src  string
		want string
		errs []string
	}{
		{"hello\n", "hello", nil},
		{"'1.10'\n", "1.10", nil},
		{"1.10\n", "1.10", nil}, // the text as written, not a float
		{"true\n", "true", nil},
		{"~\n", "", nil},
		{"\"\"\n", "", nil},
		{"[a]\n", "", []string{"x.yaml:1: s: want a single value, got a list"}},
		{"{a: b}\n", "", []string{"x.yaml:1: s: want a single value, got a mapping"}},
		{"&a x\n", "", []string{"x.yaml:1: s: YAML anchors and aliases are not supported: write the value out"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			w, root := walk(t, tt.src)
			if got := w.String(root, "s"); got != tt.want {
				t.Errorf("String = %q, want %q", got, tt.want)
			}
			if diff := cmp.Diff(tt.errs, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAlias(t *testing.T) {
	w, root := walk(t, "a: &x 1\nb: *x\n")
	f := w.Fields(root, "", "a", "b")
	w.String(f["a"].Value, "a")
	w.String(f["b"].Value, "b")
	want := []string{
		"x.yaml:1: a: YAML anchors and aliases are not supported: write the value out",
		"x.yaml:2: b: YAML anchors and aliases are not supported: write the value out",
	}
	if diff := cmp.Diff(want, problems(w)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestFloat(t *testing.T) {
	tests := []struct {
		src    string
		want   float64
		wantOK bool
		errs   []string
	}{
		{"3\n", 3, true, nil},
		{"-2\n", -2, true, nil},
		{"1.5\n", 1.5, true, nil},
		{"1e3\n", 1000, true, nil},
		{"!!float 2\n", 2, true, nil},
		{"'3'\n", 0, false, []string{`x.yaml:1: n: want a number, got "3"`}},
		{"heavy\n", 0, false, []string{`x.yaml:1: n: want a number, got "heavy"`}},
		{"true\n", 0, false, []string{`x.yaml:1: n: want a number, got "true"`}},
		{"~\n", 0, false, []string{"x.yaml:1: n: want a number, got empty"}},
		{".inf\n", 0, false, []string{`x.yaml:1: n: want a number, got ".inf"`}},
		{"-.inf\n", 0, false, []string{`x.yaml:1: n: want a number, got "-.inf"`}},
		{".nan\n", 0, false, []string{`x.yaml:1: n: want a number, got ".nan"`}},
		{"1e999\n", 0, false, []string{`x.yaml:1: n: want a number, got "1e999"`}},
		{"[1]\n", 0, false, []string{"x.yaml:1: n: want a single value, got a list"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			w, root := walk(t, tt.src)
			got, ok := w.Float(root, "n")
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Float = %v, %v, want %v, %v", got, ok, tt.want, tt.wantOK)
			}
			if diff := cmp.Diff(tt.errs, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBool(t *testing.T) {
	tests := []struct {
		src  string
		want bool
		errs []string
	}{
		{"true\n", true, nil},
		{"True\n", true, nil},
		{"TRUE\n", true, nil},
		{"false\n", false, nil},
		{"False\n", false, nil},
		{"yes\n", false, []string{`x.yaml:1: b: want true or false, got "yes"`}},
		{"1\n", false, []string{`x.yaml:1: b: want true or false, got "1"`}},
		{"~\n", false, []string{"x.yaml:1: b: want true or false, got empty"}},
		{"{a: b}\n", false, []string{"x.yaml:1: b: want a single value, got a mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			w, root := walk(t, tt.src)
			if got := w.Bool(root, "b"); got != tt.want {
				t.Errorf("Bool = %v, want %v", got, tt.want)
			}
			if diff := cmp.Diff(tt.errs, problems(w)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStrings(t *testing.T) {
	w, root := walk(t, "- a\n- [b]\n- c\n")
	got := w.Strings(root, "sources")
	if diff := cmp.Diff([]string{"a", "", "c"}, got); diff != "" {
		t.Errorf("Strings mismatch (-want +got):\n%s", diff)
	}
	want := []string{"x.yaml:2: sources[1]: want a single value, got a list"}
	if diff := cmp.Diff(want, problems(w)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestFailNilNode(t *testing.T) {
	w := &Walker{File: "x.yaml"}
	w.Fail(nil, "p", "gone %d", 1)
	if diff := cmp.Diff([]string{"x.yaml: p: gone 1"}, problems(w)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestJoinIndex(t *testing.T) {
	tests := []struct{ got, want string }{
		{Join("", "id"), "id"},
		{Join("areas[0]", "id"), "areas[0].id"},
		{Index("areas", 2), "areas[2]"},
		{Index("", 0), "[0]"},
		{Join(Index(Join("areas[1]", "questions"), 0), "scale"), "areas[1].questions[0].scale"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

package pdf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cjkDoc is testDoc with glyphs for Chinese and Japanese added from a font
// made of Go glyphs, so that the test needs no system font: the widths
// matter here, not the shapes.
func cjkDoc(t *testing.T) *doc {
	t.Helper()
	d := testDoc(t)
	has := d.has
	d.has = func(r rune) bool { return has(r) || wide(r) }
	return d
}

func TestLines(t *testing.T) {
	d := cjkDoc(t)
	d.font(regular, 10, colInk)
	for _, c := range []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"words", "one two three four five six", 25, []string{"one two three", "four five six"}},
		{"spaces at the break vanish", "one   two", 8, []string{"one", "two"}},
		{"a word longer than the line", strings.Repeat("x", 30), 20, []string{strings.Repeat("x", 11), strings.Repeat("x", 11), strings.Repeat("x", 8)}},
		{"line ends", "one\ntwo\n\nthree\n", 100, []string{"one", "two", "", "three"}},
		{"after a hyphen in a word", "marketing-qualified leads", 30, []string{"marketing-", "qualified leads"}},
		{"not inside a period", "quarter 2026-Q4 review", 22, []string{"quarter", "2026-Q4", "review"}},
		// fpdf's SplitText drops the character at which it breaks
		// Chinese text; every character must stay.
		{"between Chinese characters", "市场部和销售部每个月一起检查目标", 30, []string{"市场部和销售部每个月一", "起检查目标"}},
		{"not before closing punctuation", "東京営業チーム、大阪", 20, []string{"東京営業チー", "ム、大阪"}},
		{"empty", "  \n ", 50, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, d.lines(c.in, c.width)); diff != "" {
				t.Errorf("lines(%q, %v) (-want +got):\n%s", c.in, c.width, diff)
			}
		})
	}
}

// TestLinesKeepEveryCharacter wraps long texts at many widths: the lines
// hold every character but the spaces and line ends at the breaks.
func TestLinesKeepEveryCharacter(t *testing.T) {
	d := cjkDoc(t)
	d.font(italic, 8.5, colInk)
	for _, text := range []string{words(300), strings.Repeat("市场部和销售部，", 80), strings.Repeat("sales-ready 日本 ", 50), strings.Repeat("w", 500)} {
		for w := 5.0; w < 180; w += 7.3 {
			ls := d.lines(text, w)
			strip := func(s string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(s) }
			if got, want := strip(strings.Join(ls, "")), strip(text); got != want {
				t.Fatalf("width %v: lines lost or added characters:\n got %q\nwant %q", w, got, want)
			}
			for _, l := range ls {
				if d.measure(l) > w+0.01 && len([]rune(l)) > 1 {
					t.Fatalf("width %v: line %q is %v wide", w, l, d.measure(l))
				}
			}
		}
	}
}

func TestFit(t *testing.T) {
	d := testDoc(t)
	d.font(regular, 10, colInk)
	long := words(5000)
	got := d.fit(long, 60)
	if !strings.HasSuffix(got, "…") || d.measure(got) > 60 || d.measure(got) < 50 {
		t.Errorf("fit to 60 mm = %q (%v mm)", got, d.measure(got))
	}
	if got := d.fit("short", 60); got != "short" {
		t.Errorf("fit(short) = %q", got)
	}
}

// TestHyphen: the Go fonts' hyphen-minus is as wide as an en dash, so that
// "2026-Q4" read as a range; the report draws a narrower hyphen.
func TestHyphen(t *testing.T) {
	d := testDoc(t)
	d.font(regular, 10, colInk)
	hyphen, dash := d.measure("-"), d.measure("–")
	if hyphen > 0.7*dash {
		t.Errorf("hyphen %.2f mm, en dash %.2f mm: want the hyphen clearly narrower", hyphen, dash)
	}
}

func TestVisual(t *testing.T) {
	for _, c := range []struct {
		in   string
		rtl  bool
		want string
	}{
		{"plain text", false, "plain text"},
		{"שלום", true, "םולש"},
		{"שלום עולם", true, "םלוע םולש"},
		{"מכירות 2026 ושיווק", true, "קווישו 2026 תוריכמ"},
		{"the team שיווק ומכירות met", false, "the team תוריכמו קוויש met"},
		{"פגישה (רבעון)", true, "(ןועבר) השיגפ"},
		{"ابت 12", true, "12 تبا"},
	} {
		if got := visual(c.in, c.rtl); got != c.want {
			t.Errorf("visual(%q, %v) = %q, want %q", c.in, c.rtl, got, c.want)
		}
	}
	if !rightToLeft("  «שלום» hello") || rightToLeft("hello שלום") {
		t.Error("rightToLeft: the first strong letter decides")
	}
}

func TestShapeArabic(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"hello", "hello"},
		// beh, alef: initial beh joined to a final alef.
		{"با", "\ufe91\ufe8e"},
		// seen, lam, alef, meem: initial seen, medial lam... lam-alef
		// is one ligature, final after seen; meem isolated after alef.
		{"سلام", "\ufeb3\ufefc\ufee1"},
		// reh joins only to the letter before it: the next starts anew.
		{"رب", "\ufead\ufe8f"},
		// Vowel marks do not break the joining.
		{"بَب", "\ufe91\u064e\ufe90"},
	} {
		if got := shapeArabic(c.in); got != c.want {
			t.Errorf("shapeArabic(%q) = %+q, want %+q", c.in, got, c.want)
		}
	}
}

func TestMissingRunes(t *testing.T) {
	c := scriptCaseResult(t)
	got := string(MissingRunes(c))
	for _, r := range "東京営業チーム山田太郎市场部שיווק" {
		if !strings.ContainsRune(got, r) {
			t.Errorf("MissingRunes lacks %q", r)
		}
	}
	for _, r := range "Northwind Ørsted Продажи ,.-" {
		if strings.ContainsRune(got, r) {
			t.Errorf("MissingRunes has %q, which the Go fonts have", r)
		}
	}
	if strings.ContainsRune(got, 'ا') || !strings.ContainsRune(got, '\ufe8e') {
		t.Error("MissingRunes: want the joined forms of Arabic letters, not the letters")
	}
}

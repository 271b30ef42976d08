package fontmerge

import (
	"math"
	"os"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// notoCJK is Debian's fonts-noto-cjk collection (CFF outlines), which CI
// installs.
const notoCJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

func parse(t *testing.T, ttf []byte) *sfnt.Font {
	t.Helper()
	f, err := sfnt.Parse(ttf)
	if err != nil {
		t.Fatalf("the merged font does not parse: %v", err)
	}
	return f
}

// glyphOf returns the bounds and advance of r's glyph, in f's units.
func glyphOf(t *testing.T, f *sfnt.Font, r rune) (fixed.Rectangle26_6, float64) {
	t.Helper()
	var buf sfnt.Buffer
	g, err := f.GlyphIndex(&buf, r)
	if err != nil || g == 0 {
		t.Fatalf("no glyph for %q (%v)", r, err)
	}
	ppem := fixed.I(int(f.UnitsPerEm()))
	if _, err := f.LoadGlyph(&buf, g, ppem, nil); err != nil {
		t.Fatalf("glyph of %q does not load: %v", r, err)
	}
	bounds, adv, err := f.GlyphBounds(&buf, g, ppem, font.HintingNone)
	if err != nil {
		t.Fatal(err)
	}
	return bounds, float64(adv) / 64
}

// within reports whether two bounds are the same within tol units, after
// scaling b by scale.
func within(a, b fixed.Rectangle26_6, scale, tol float64) bool {
	f := func(x, y fixed.Int26_6) bool { return math.Abs(float64(x)/64-float64(y)/64*scale) <= tol }
	return f(a.Min.X, b.Min.X) && f(a.Min.Y, b.Min.Y) && f(a.Max.X, b.Max.X) && f(a.Max.Y, b.Max.Y)
}

// TestMergeTrueType adds a glyph from a TrueType fallback: a font made by
// Merge itself, where 日 has Go Mono's glyph of "W".
func TestMergeTrueType(t *testing.T) {
	fbTTF, err := Merge(gomono.TTF, nil, nil, map[rune]rune{'日': 'W'})
	if err != nil {
		t.Fatal(err)
	}
	fb := parse(t, fbTTF.TTF)
	merged, err := Merge(goregular.TTF, []Fallback{{Font: fb}}, []rune("日本A"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !merged.Added['日'] || merged.Added['本'] || merged.Added['A'] {
		t.Errorf("added %v, want only 日 (本 is in no font, A in the base)", merged.Added)
	}
	f := parse(t, merged.TTF)
	got, gotAdv := glyphOf(t, f, '日')
	want, wantAdv := glyphOf(t, fb, '日')
	if !within(got, want, 1, 1) || math.Abs(gotAdv-wantAdv) > 0.5 {
		t.Errorf("日: bounds %v advance %v, want %v %v", got, gotAdv, want, wantAdv)
	}
	// The base font's glyphs are unchanged.
	base := parse(t, goregular.TTF)
	for _, r := range "Aé€ж" {
		got, gotAdv := glyphOf(t, f, r)
		want, wantAdv := glyphOf(t, base, r)
		if got != want || gotAdv != wantAdv {
			t.Errorf("%q: bounds %v advance %v, want the base font's %v %v", r, got, gotAdv, want, wantAdv)
		}
	}
}

// TestMergeAlias gives '-' the base font's soft hyphen glyph: the Go
// fonts' hyphen-minus is as wide as a dash.
func TestMergeAlias(t *testing.T) {
	merged, err := Merge(goregular.TTF, nil, nil, map[rune]rune{'-': '\u00ad'})
	if err != nil {
		t.Fatal(err)
	}
	f, base := parse(t, merged.TTF), parse(t, goregular.TTF)
	_, hyphen := glyphOf(t, f, '-')
	_, soft := glyphOf(t, base, '\u00ad')
	_, minus := glyphOf(t, base, '-')
	if hyphen != soft || hyphen >= minus*0.7 {
		t.Errorf("'-' advance %v, want the soft hyphen's %v (the old one was %v)", hyphen, soft, minus)
	}
}

// TestMergeCFFCollection takes Japanese and Chinese glyphs from a face of
// Noto Sans CJK, a collection of CFF fonts that fpdf cannot read itself.
func TestMergeCFFCollection(t *testing.T) {
	fh, err := os.Open(notoCJK)
	if err != nil {
		t.Skipf("fonts-noto-cjk is not installed: %v", err)
	}
	defer fh.Close()
	c, err := sfnt.ParseCollectionReaderAt(fh)
	if err != nil {
		t.Fatal(err)
	}
	jp, err := c.Font(0)
	if err != nil {
		t.Fatal(err)
	}
	want := []rune("東京営業チーム市场部评论한국")
	merged, err := Merge(goregular.TTF, []Fallback{{Font: jp}}, want, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := parse(t, merged.TTF)
	scale := float64(f.UnitsPerEm()) / float64(jp.UnitsPerEm())
	for _, r := range want {
		if !merged.Added[r] {
			t.Errorf("%q was not added", r)
			continue
		}
		got, gotAdv := glyphOf(t, f, r)
		want, wantAdv := glyphOf(t, jp, r)
		// Cubic curves become quadratic ones within a quarter unit; the
		// bounds of the control points may differ by a few units.
		if !within(got, want, scale, 4) || math.Abs(gotAdv-wantAdv*scale) > 1 {
			t.Errorf("%q: bounds %v advance %v, want %v %v scaled by %v", r, got, gotAdv, want, wantAdv, scale)
		}
	}
	if len(merged.TTF) > len(goregular.TTF)+40_000 {
		t.Errorf("merged font is %d bytes for %d added glyphs: more than the glyphs used?", len(merged.TTF), len(want))
	}
}

func TestMergeRefusesNonTrueTypeBase(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("OTTO\x00\x01"), []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00")} {
		if _, err := Merge(data, nil, nil, nil); err == nil {
			t.Errorf("Merge(%q) = nil error, want one", data)
		}
	}
}

func TestMergeBounded(t *testing.T) {
	alias := map[rune]rune{}
	var want []rune
	for r := rune(0x4e00); r < 0x4e00+MaxAdded+100; r++ {
		alias[r] = 'W'
		want = append(want, r)
	}
	fbTTF, err := Merge(gomono.TTF, nil, nil, alias)
	if err != nil {
		t.Fatal(err)
	}
	merged, err := Merge(goregular.TTF, []Fallback{{Font: parse(t, fbTTF.TTF)}}, want, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Added) != MaxAdded {
		t.Errorf("added %d glyphs, want at most %d", len(merged.Added), MaxAdded)
	}
	parse(t, merged.TTF)
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// System fonts these tests use; .ci/run installs them.
const (
	notoCJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
	dejaVu  = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)

// fontDir makes a font folder with links to system fonts, skipping the
// test where they are missing (except in CI).
func fontDir(t *testing.T, fonts ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range fonts {
		if _, err := os.Stat(f); err != nil {
			if os.Getenv("CI") == "" {
				t.Skipf("%v: skipping", err)
			}
			t.Fatal(err)
		}
		sub := filepath.Join(dir, "sub")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(f, filepath.Join(sub, filepath.Base(f))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFontScan finds fonts by looking through font folders, as where
// fontconfig is missing: the Japanese face of Noto Sans CJK for kana, the
// Chinese one for Chinese, DejaVu Sans for Hebrew.
func TestFontScan(t *testing.T) {
	finder := fontFinder{dirs: []string{fontDir(t, notoCJK, dejaVu), "/nonexistent"}}
	for _, c := range []struct {
		r          rune
		lang, want string
	}{
		{'東', "JP", "Noto Sans CJK JP"},
		{'东', "SC", "Noto Sans CJK SC"},
		{'한', "KR", "Noto Sans CJK KR"},
		{'ש', "", "DejaVu Sans"},
	} {
		face, _, ok := finder.find(c.r, c.lang)
		if !ok || face.family != c.want {
			t.Errorf("find(%q, %s) = %+v, %v; want %s", c.r, c.lang, face, ok, c.want)
		}
	}
	if face, _, ok := finder.find('\ua500', ""); ok {
		t.Errorf("find(Vai) = %+v, want none", face)
	}
}

func TestParseFcList(t *testing.T) {
	out := "/f/NotoSansCJK-Regular.ttc\t2\tNoto Sans CJK SC\tRegular\n" +
		"/f/NotoSansCJK-Bold.ttc\t2\tNoto Sans CJK SC\tBold\n" +
		"/f/broken\tx\ty\tz\n\n"
	got := parseFcList(out)
	want := []fontFace{
		{path: "/f/NotoSansCJK-Regular.ttc", index: 2, family: "Noto Sans CJK SC", style: "Regular"},
		{path: "/f/NotoSansCJK-Bold.ttc", index: 2, family: "Noto Sans CJK SC", style: "Bold"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(fontFace{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	finder := fontFinder{fcList: func(args ...string) (string, error) {
		if args[len(args)-1] != ":charset=4e1c" {
			t.Errorf("fc-list %v: want the character's code", args)
		}
		return out, nil
	}}
	reg, bold, ok := finder.find('东', "SC")
	if !ok || reg != want[0] || bold == nil || *bold != want[1] {
		t.Errorf("find = %+v, %+v, %v; want the regular and bold faces", reg, bold, ok)
	}
}

func TestReportFontsMissing(t *testing.T) {
	te := newTestEnv(t)
	fonts, err := reportFonts(te.env, "", []rune("東京"))
	if err != nil {
		t.Fatal(err)
	}
	defer fonts.close()
	if len(fonts.fonts) != 0 {
		t.Errorf("found %d fonts in an empty system", len(fonts.fonts))
	}
	if want := "warning: no font on this system has 2 characters of the report (東京)"; !strings.Contains(te.stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", te.stderr.String(), want)
	}
}

func TestCJKLanguage(t *testing.T) {
	for in, want := range map[string]string{"東京": "SC", "東京チーム": "JP", "한국": "KR", "abc": "", "市场한": "KR"} {
		if got := cjkLanguage([]rune(in)); got != want {
			t.Errorf("cjkLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}

package pdf

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/alignaudit/audit/internal/scoring"
)

// System fonts the script tests use: Debian's fonts-noto-cjk (CFF faces in
// a collection, which CI installs) and DejaVu Sans (Hebrew and Arabic).
const (
	notoCJKRegular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
	notoCJKBold    = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
	dejaVuSans     = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	dejaVuSansBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)

// systemFace opens face i of a font file, skipping the test when the file
// is missing, except in CI, where .ci/run installs fonts-noto-cjk.
func systemFace(t *testing.T, path string, i int) *sfnt.Font {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%v: skipping", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	c, err := sfnt.ParseCollectionReaderAt(f)
	if err != nil {
		t.Fatal(err)
	}
	face, err := c.Font(i)
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// scriptCaseResult is a team with a Japanese name, a Chinese comment, and
// Hebrew and Arabic ones.
func scriptCaseResult(t *testing.T) *scoring.Result {
	sheets := teamSheets(t, "東京営業チーム")
	sheets[0].Respondent = "山田 太郎"
	comment(sheets[0], "goals-shared-targets", "市场部和销售部每个月一起检查目标，但是没有共同的仪表板。")
	comment(sheets[1], "goals-shared-targets", "שיווק ומכירות נפגשים פעם ברבעון בלבד (2026).")
	comment(sheets[2], "messaging-value-proposition", "التسويق والمبيعات يعملان معا")
	return scoreSheets(t, builtinRubric(t), sheets, false)
}

// scriptCase is scriptCaseResult with fonts found on the system.
func scriptCase(t *testing.T) pdfCase {
	return pdfCase{
		name: "scripts",
		res:  scriptCaseResult(t),
		opts: Options{Date: reportDay, Fonts: []Font{
			{Name: "Noto Sans CJK JP", Regular: systemFace(t, notoCJKRegular, 0), Bold: systemFace(t, notoCJKBold, 0)},
			{Name: "DejaVu Sans", Regular: systemFace(t, dejaVuSans, 0), Bold: systemFace(t, dejaVuSansBold, 0)},
		}},
		minPages: 5, maxPages: 16,
		want: []string{
			"東京営業チーム", "Alignment report for 2026-Q3", "— 山田 太郎, sales",
			"市场部和销售部每个月一起检查目标，但是没有共同的仪表板。",
		},
		dontWant: []string{"\ufffd"},
	}
}

func TestPDFScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("reads system fonts and runs poppler's tools: not in -short mode")
	}
	c := scriptCase(t)
	var buf bytes.Buffer
	if err := Write(&buf, c.res, c.opts); err != nil {
		t.Fatal(err)
	}
	file := checkPDF(t, c, buf.Bytes())
	fonts := runTool(t, "pdffonts", file)
	if strings.Count(fonts, "CID TrueType") != 3 {
		t.Errorf("want the three styles as embedded TrueType subsets:\n%s", fonts)
	}
}

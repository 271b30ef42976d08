//go:build linux

package main

import (
	"archive/zip"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
)

// formulaTexts are texts a spreadsheet would take as a formula, a link or
// a command if they were typed into a cell.
var formulaTexts = []string{
	`=HYPERLINK("http://example.com/x","click")`,
	`+1`,
	`-1+1`,
	`@SUM(A1)`,
	`=1+1`,
	`=cmd|' /C calc'!A0`,
	`=WEBSERVICE("http://example.com/y")`,
	`=HYPERLINK("file:///etc/passwd")`,
	"\t=1+1",
	`'=1+1`,
	`http://example.com/link`,
}

// controlText holds every character XML 1.0 cannot carry (and some it can
// but that are odd); controlClean is what a workbook keeps of it: control
// characters, DEL and C1 among them, are removed when the answers are read
// (they would reach terminals too). Names are one line: controlName and
// controlNameClean.
const (
	controlText      = "ctl\x00a\x01b\x08c\x0bd\x0ce\x0ef\x1fg\ufffeh\uffffi\x7fj\u0085k\r\nend"
	controlClean     = "ctlabcdefghijk\nend"
	controlName      = "name\x00a\x01b\x08c\x0bd\x0ce\x0ef\x1fg\ufffeh\uffffi end"
	controlNameClean = "nameabcdefghi end"
)

// hostileRubric returns a valid rubric whose every text is a formula text
// or the control text.
func hostileRubric() []byte {
	h := append(slices.Clone(formulaTexts), controlText)
	next := 0
	text := func() string {
		s := h[next%len(h)]
		next++
		return s
	}
	option := func(id string, points int) map[string]any {
		return map[string]any{"id": id, "label": text(), "points": points, "description": text()}
	}
	var areas []any
	for a := range 3 {
		var qs []any
		for q := range 2 {
			qs = append(qs, map[string]any{
				"id": fmt.Sprintf("q%d-%d", a, q), "text": text(), "help": text(), "advice": text(),
				"options": []any{option("low", 0), option("mid", 1), option("high", 2)},
			})
		}
		areas = append(areas, map[string]any{
			"id": fmt.Sprintf("a%d", a), "title": text(), "why": text(), "sources": []string{text()},
			"questions": qs, "recommendations": []any{map[string]any{"below": 100, "text": text()}},
		})
	}
	doc := map[string]any{
		"id": "hostile", "version": "1", "title": text(), "description": text(),
		"bands": []any{
			map[string]any{"min": 0, "label": text(), "summary": text()},
			map[string]any{"min": 50, "label": text(), "summary": text()},
		},
		"areas": areas,
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return data
}

// hostileAnswers returns one respondent's answers to hostileRubric with
// comments taken from texts, starting at the i-th.
func hostileAnswers(team, period, name, role string, i int) []byte {
	h := append(slices.Clone(formulaTexts), controlText)
	ans := map[string]any{}
	for a := range 3 {
		for q := range 2 {
			ans[fmt.Sprintf("q%d-%d", a, q)] = map[string]any{
				"answer": []string{"low", "mid", "high"}[(a+q+i)%3], "comment": h[(i+2*a+q)%len(h)],
			}
		}
	}
	data, err := yaml.Marshal(map[string]any{"rubric": "hostile", "team": team, "period": period,
		"respondent": name, "role": role, "answers": ans})
	if err != nil {
		panic(err)
	}
	return data
}

// TestSpreadsheetSafety puts formula texts and control characters in
// every text a workbook takes from the user: comments, respondent and team
// names, and the rubric's texts. In the report workbook and the tracker,
// no cell is a formula or a link, every text is there as text, and every
// part is well-formed XML that excelize and LibreOffice read.
func TestSpreadsheetSafety(t *testing.T) {
	slow(t, "hostile texts through every output and LibreOffice")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "hostile.yaml"), hostileRubric())
	teams := map[string]string{"2026-Q3": formulaTexts[0], "2026-Q4": controlName}
	names := []string{formulaTexts[1], formulaTexts[3], controlName}
	var reports []string
	for _, period := range []string{"2026-Q3", "2026-Q4"} {
		var files []string
		for i, name := range names {
			f := fmt.Sprintf("in/%s-%d.yaml", period, i)
			writeFile(t, filepath.Join(dir, f), hostileAnswers(teams[period], period, name, []string{"sales", "marketing"}[i%2], i))
			files = append(files, f)
		}
		r := runBinary(t, dir, "", append([]string{"report", "--rubric", "hostile.yaml", "--out", "out", "--tracker", "scores.xlsx"}, files...)...)
		if r.code != 0 {
			t.Fatalf("audit report: exit %d\n%s", r.code, r.stderr)
		}
		for _, p := range strings.Fields(r.stdout) {
			switch {
			case strings.HasSuffix(p, ".pdf"):
				checkPDF(t, filepath.Join(dir, p))
			case strings.HasPrefix(p, "out"):
				reports = append(reports, p)
			}
		}
	}
	// audit take, with the texts typed as comments.
	var typed strings.Builder
	for i := range 6 {
		fmt.Fprintf(&typed, "%d\n%s\n", i%3+1, strings.TrimSpace(formulaTexts[i]))
	}
	typed.WriteString("y\n")
	r := runBinary(t, dir, typed.String(), "take", "--accessible", "--rubric", "hostile.yaml", "--team", formulaTexts[4],
		"--respondent", formulaTexts[5], "--role", "sales", "--period", "2027-Q1", "--out", "out", "--tracker", "scores.xlsx")
	if r.code != 0 {
		t.Fatalf("audit take: exit %d\n%s", r.code, r.stderr)
	}
	for _, p := range strings.Fields(r.stdout) {
		if strings.HasSuffix(p, ".xlsx") && strings.HasPrefix(p, "out") {
			reports = append(reports, p)
		}
	}
	if len(reports) != 3 {
		t.Fatalf("report workbooks %q, want 3", reports)
	}

	// (Texts are stored trimmed: "\t=1+1" as "=1+1".)
	want := []string{controlClean, controlNameClean}
	for _, s := range formulaTexts {
		if s == strings.TrimSpace(s) {
			want = append(want, s)
		}
	}
	for _, wb := range append(reports, "scores.xlsx") {
		values := checkWorkbookSafe(t, filepath.Join(dir, wb))
		var missing []string
		for _, s := range want {
			if !values[s] {
				missing = append(missing, s)
			}
		}
		// Each workbook holds every text; the take's only those typed.
		if len(missing) > 0 && !strings.Contains(wb, "2027-Q1") {
			t.Errorf("%s: no cell holds %q as text", wb, missing)
		}
	}
	checkLibreOfficeReads(t, dir, append(reports, "scores.xlsx"), want)
}

// chartRef is what a chart's formula may be: a reference to cells.
var chartRef = regexp.MustCompile(`^('[^']+(''[^']*)*'|[A-Za-z_][A-Za-z0-9_.]*)!\$[A-Z]+\$[0-9]+(:\$[A-Z]+\$[0-9]+)?$`)

// checkWorkbookSafe checks every part and every cell of the workbook at
// path: well-formed XML, no formula and no hyperlink in any sheet, no
// hyperlink relationship, and charts that only refer to cells. It returns
// the values of all cells.
func checkWorkbookSafe(t *testing.T, file string) map[string]bool {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		ext := path.Ext(f.Name)
		if ext != ".xml" && ext != ".rels" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		var stack []string
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s: %s is not well-formed XML: %v", file, f.Name, err)
				break
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				stack = append(stack, tok.Name.Local)
				sheet := strings.HasPrefix(f.Name, "xl/worksheets/")
				switch {
				case sheet && tok.Name.Local == "f":
					t.Errorf("%s: %s has a formula", file, f.Name)
				case sheet && strings.HasPrefix(tok.Name.Local, "hyperlink"):
					t.Errorf("%s: %s has a hyperlink", file, f.Name)
				case tok.Name.Local == "Relationship":
					for _, a := range tok.Attr {
						if a.Name.Local == "Type" && strings.HasSuffix(a.Value, "/hyperlink") || a.Name.Local == "TargetMode" && a.Value == "External" {
							t.Errorf("%s: %s has a link: %v", file, f.Name, tok.Attr)
						}
					}
				}
			case xml.EndElement:
				stack = stack[:len(stack)-1]
			case xml.CharData:
				if len(stack) > 0 && stack[len(stack)-1] == "f" && strings.HasPrefix(f.Name, "xl/charts/") && !chartRef.Match(tok) {
					t.Errorf("%s: %s has the chart formula %q", file, f.Name, tok)
				}
			}
		}
		rc.Close()
	}

	x, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("excelize: %s: %v", file, err)
	}
	defer x.Close()
	values := map[string]bool{}
	for _, sheet := range x.GetSheetList() {
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s: sheet %s: %v", file, sheet, err)
		}
		bad := 0
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if f, err := x.GetCellFormula(sheet, cell); err != nil || f != "" {
					t.Errorf("%s: %s!%s has the formula %q (%v)", file, sheet, cell, f, err)
					bad++
				}
				if link, target, err := x.GetCellHyperLink(sheet, cell); err != nil || link {
					t.Errorf("%s: %s!%s links to %q (%v)", file, sheet, cell, target, err)
					bad++
				}
				values[v] = true
			}
			if bad > 10 {
				t.Errorf("%s: sheet %s: more", file, sheet)
				break
			}
		}
	}
	return values
}

// checkLibreOfficeReads converts the workbooks to CSV with LibreOffice,
// every sheet, and checks that each text in want is there as it is: text,
// not the result of a formula.
func checkLibreOfficeReads(t *testing.T, dir string, files, want []string) {
	t.Helper()
	soffice, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice is missing in CI: .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("libreoffice is not installed")
	}
	for _, f := range files {
		csvDir := filepath.Join(dir, "csv", strings.TrimSuffix(filepath.Base(f), ".xlsx"))
		cmd := exec.Command(soffice, "--headless", "--norestore", "--convert-to",
			"csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1", "--outdir", csvDir, f)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("libreoffice %s: %v\n%s", f, err, out)
		}
		sheets, _ := filepath.Glob(filepath.Join(csvDir, "*.csv"))
		if len(sheets) < 3 {
			t.Fatalf("LibreOffice read %d sheets of %s", len(sheets), f)
		}
		values := map[string]bool{}
		for _, s := range sheets {
			fh, err := os.Open(s)
			if err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(fh)
			r.FieldsPerRecord = -1
			r.LazyQuotes = true
			rows, err := r.ReadAll()
			fh.Close()
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			for _, row := range rows {
				for _, v := range row {
					values[v] = true
				}
			}
		}
		var missing []string
		for _, s := range want {
			if !values[s] {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 && !strings.Contains(f, "2027-Q1") {
			t.Errorf("LibreOffice does not read %q as text in %s", missing, f)
		}
	}
}

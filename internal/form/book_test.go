package form

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// zipOf makes a zip file of the given parts.
func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, data := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBookCells: the cell types and encodings that Excel, LibreOffice,
// Google Sheets and excelize write read as the text a user sees.
func TestBookCells(t *testing.T) {
	data := zipOf(t, map[string]string{
		"xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
			`<sheet name="One &amp; only" sheetId="1" rel:id="rId7"/><sheet name="Other" sheetId="2" rel:id="rId8" state="hidden"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/a.xml"/>` +
			`<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/b.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>`,
		"xl/strings.xml": `<sst><si><t>plain</t></si><si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text</t></r>` +
			`<rPh><t>ignored</t></rPh></si><si><t>a_x000D_b _x005F_x0041_ &lt;&amp;&gt;</t></si></sst>`,
		"xl/worksheets/a.xml": `<worksheet><sheetData>` +
			`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>` +
			`<row r="3"><c r="A3" t="inlineStr"><is><t>inline</t></is></c><c r="B3" t="str"><f>A3</f><v>cached</v></c>` +
			`<c r="C3"><v>12.5</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" s="2"/></row>` +
			`<row><c t="s"><v>0</v></c><c><v>7</v></c></row></sheetData></worksheet>`,
		"xl/worksheets/b.xml": `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>`,
		"docProps/core.xml":   `<cp:coreProperties xmlns:cp="x" xmlns:dcterms="y"><dcterms:created>2027-01-01T00:00:00Z</dcterms:created><dcterms:modified>2027-02-03T04:05:06Z</dcterms:modified></cp:coreProperties>`,
	})
	b, err := openBook(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"One & only", "Other"}, b.sheetNames()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	got, err := b.cells("One & only")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"A2": "plain", "B2": "rich text", "C2": "a\rb _x0041_ <&>",
		"A3": "inline", "B3": "cached", "C3": "12.5", "D3": "TRUE",
		"A4": "plain", "B4": "7",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	if got, _ := b.cells("Other"); got["A1"] != "hidden" {
		t.Errorf("Other!A1 = %q", got["A1"])
	}
	if got, _ := b.cells("Missing"); got != nil {
		t.Errorf("a missing sheet has cells %v", got)
	}
	if m, c := b.coreDates(); m != "2027-02-03T04:05:06Z" || c != "2027-01-01T00:00:00Z" {
		t.Errorf("core dates %q %q", m, c)
	}
}

// TestBookLimits: a part that unpacks to more than a form can hold is
// refused before it is read.
func TestBookLimits(t *testing.T) {
	huge := bytes.Repeat([]byte("<row/>"), MaxUnzippedXML/6+1)
	data := zipOf(t, map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/s.xml"/></Relationships>`,
		"xl/worksheets/s.xml":        string(huge),
	})
	b, err := openBook(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.cells("S"); err == nil || !bytes.Contains([]byte(err.Error()), []byte("unpacks to more than 32 MB")) {
		t.Errorf("got %v, want a refusal", err)
	}
}

// FuzzQuickXML checks that the quick reader of worksheets and shared
// strings reads what encoding/xml reads, whenever it reads a part at all.
//
// Run it with: go test -run=^$ -fuzz=FuzzQuickXML -fuzztime=3m ./internal/form/
func FuzzQuickXML(f *testing.F) {
	r := builtin(f)
	labels, _ := choices(r, 2)
	filled := fill(f, blank(f, r), filling{name: "Ann & <Bob>", role: "sales", answers: labels,
		comments: map[string]string{"goals-shared-targets": "a_x000D_b \"quoted\" 'single' \u00e9"}})
	z, err := zip.NewReader(bytes.NewReader(filled), int64(len(filled)))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range z.File {
		if strings.HasPrefix(file.Name, "xl/worksheets/") || file.Name == "xl/sharedStrings.xml" {
			b := &book{z: z}
			data, err := b.part(file.Name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`<sheetData><row><c t="inlineStr"><is><r><rPr><b/></rPr><t>x</t></r><rPh sb="0"><t>y</t></rPh></is></c><c r="B1" t="b"><v>1</v></c></row></sheetData>`))
	f.Add([]byte(`<sst><si><t xml:space="preserve"> a&#x41;&#66;&amp; </t></si><si/></sst>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if quick, ok := quickSheet(data); ok {
			slow, err := slowSheet(data)
			if err != nil {
				t.Fatalf("the quick reader read a sheet that encoding/xml refuses (%v):\n%s", err, data)
			}
			if diff := cmp.Diff(slow, quick, cmp.AllowUnexported(quickCell{})); diff != "" {
				t.Fatalf("sheet cells differ (-encoding/xml +quick):\n%s\ninput:\n%s", diff, data)
			}
		}
		if quick, ok := quickStrings(data); ok {
			slow, err := slowStrings(data)
			if err != nil {
				t.Fatalf("the quick reader read strings that encoding/xml refuses (%v):\n%s", err, data)
			}
			if diff := cmp.Diff(slow, quick); diff != "" {
				t.Fatalf("shared strings differ (-encoding/xml +quick):\n%s\ninput:\n%s", diff, data)
			}
		}
	})
}

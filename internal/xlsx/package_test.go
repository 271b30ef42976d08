package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"
	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// part is a name and content of a zip entry.
type part struct{ name, content string }

// zipOf writes a zip of the parts, in order.
func zipOf(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsRels  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	typeWB  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	typeWS  = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	typeTbl = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
)

// oddWorkbook is a workbook whose parts are not where excelize puts them:
// the package names the workbook with an absolute target, the sheets live
// in other folders under other names, and the part names differ in case
// from the targets.
func oddWorkbook(t testing.TB) []byte {
	t.Helper()
	return zipOf(t,
		part{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Override PartName="/book/Main.xml" ContentType="` + typeWB + `"/>` +
			`<Override PartName="/book/data/first.xml" ContentType="` + typeWS + `"/>` +
			`<Override PartName="/book/second%20sheet.xml" ContentType="` + typeWS + `"/>` +
			`<Override PartName="/book/tables/t1.xml" ContentType="` + typeTbl + `"/></Types>`},
		part{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="r1" Type="` + nsRels + `/officeDocument" Target="/book/main.xml"/></Relationships>`},
		part{"book/Main.xml", `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRels + `"><sheets>` +
			`<sheet name="Data" sheetId="7" r:id="a"/><sheet name="Second" sheetId="1" r:id="b"/><sheet name="Gone" sheetId="2" r:id="c"/></sheets></workbook>`},
		part{"book/_rels/Main.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="a" Type="` + nsRels + `/worksheet" Target="data/first.xml"/>` +
			`<Relationship Id="b" Type="` + nsRels + `/worksheet" Target="second%20sheet.xml"/>` +
			`<Relationship Id="c" Type="` + nsRels + `/worksheet" Target="missing.xml"/></Relationships>`},
		part{"book/data/first.xml", `<worksheet xmlns="` + nsMain + `"><sheetData/></worksheet>`},
		part{"book/data/_rels/first.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="t" Type="` + nsRels + `/table" Target="../tables/t1.xml"/></Relationships>`},
		part{"book/tables/t1.xml", `<table xmlns="` + nsMain + `" ref="A1:B2"/>`},
		part{"book/second sheet.xml", `<worksheet xmlns="` + nsMain + `"><sheetData/></worksheet>`},
	)
}

func TestOpenFindsParts(t *testing.T) {
	p, err := Open(oddWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Workbook() != "book/main.xml" || p.Part(p.Workbook()).Name != "book/Main.xml" {
		t.Errorf("workbook %q", p.Workbook())
	}
	want := []Sheet{
		{Name: "Data", Part: "book/data/first.xml", RelType: nsRels + "/worksheet"},
		{Name: "Second", Part: "book/second sheet.xml", RelType: nsRels + "/worksheet"},
		{Name: "Gone", RelType: nsRels + "/worksheet"},
	}
	if diff := cmp.Diff(want, p.Sheets()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if s, ok := p.Sheet("data"); !ok || !s.IsWorksheet() {
		t.Errorf("sheet data: %+v %v", s, ok)
	}
	if s, _ := p.Sheet("Gone"); s.IsWorksheet() {
		t.Error("a sheet without a part is a worksheet")
	}
	tables, err := p.Related("book/data/first.xml", RelTable)
	if err != nil || !cmp.Equal(tables, []string{"book/tables/t1.xml"}) {
		t.Errorf("tables %q, %v", tables, err)
	}
	if got := p.ContentType("book/tables/T1.xml"); got != typeTbl {
		t.Errorf("content type %q", got)
	}
	if p.Strict() {
		t.Error("a transitional workbook is strict")
	}
	excl, err := p.Exclusive("book/data/first.xml")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]bool{"book/tables/t1.xml": true, "book/data/_rels/first.xml.rels": true}; !cmp.Equal(excl, want) {
		t.Errorf("exclusive %v", excl)
	}
}

func TestOpenRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an Excel workbook (.xlsx)"},
		{"text", []byte("a,b\n1,2\n"), "not an Excel workbook (.xlsx)"},
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), "old .xls"},
		{"no content types", zipOf(t, part{"_rels/.rels", "<Relationships/>"}), "part [Content_Types].xml is missing"},
		{"no workbook", zipOf(t, part{"[Content_Types].xml", "<Types/>"}, part{"word/document.xml", "<document/>"}), "it has no workbook part"},
		{"not a workbook", zipOf(t, part{"[Content_Types].xml", "<Types/>"},
			part{"_rels/.rels", `<Relationships><Relationship Id="r1" Type="x/officeDocument" Target="w.xml"/></Relationships>`},
			part{"w.xml", "<workbook/>"}), `its main part is ""`},
		{"wrong main part", zipOf(t, part{"[Content_Types].xml", `<Types><Override PartName="/w.xml" ContentType="application/vnd.ms-word.document+xml"/></Types>`},
			part{"_rels/.rels", `<Relationships><Relationship Id="r1" Type="x/officeDocument" Target="w.xml"/></Relationships>`},
			part{"w.xml", "<workbook/>"}), `its main part is "application/vnd.ms-word.document+xml"`},
		{"bad XML", zipOf(t, part{"[Content_Types].xml", "<Types"}), "part [Content_Types].xml"},
	} {
		_, err := Open(tc.data)
		var fe *FormatError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want a FormatError saying %q", tc.name, err, tc.want)
		}
	}
}

// TestLimits checks that parts are refused by the size their headers give,
// before anything is unpacked: each kind of part against its limit, and
// all of them together.
func TestLimits(t *testing.T) {
	defer func(a, b, c, d int64) { MaxPartSize, MaxStringsSize, MaxSheetSize, MaxTotalSize = a, b, c, d }(
		MaxPartSize, MaxStringsSize, MaxSheetSize, MaxTotalSize)
	MaxPartSize, MaxStringsSize, MaxSheetSize, MaxTotalSize = 1000, 2000, 3000, 6000
	pad := func(n int) string { return strings.Repeat(" ", n) }
	wb := func(extra ...part) []byte {
		data := zipOf(t, append([]part{
			{"[Content_Types].xml", `<Types><Override PartName="/xl/workbook.xml" ContentType="` + typeWB + `"/>` +
				`<Override PartName="/xl/sheet.xml" ContentType="` + typeWS + `"/>` +
				`<Override PartName="/xl/sharedStrings.xml" ContentType="` + sharedStringsType + `"/></Types>`},
			{"_rels/.rels", `<Relationships><Relationship Id="r1" Type="` + nsRels + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
			{"xl/workbook.xml", `<workbook/>`},
		}, extra...)...)
		return data
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string // "" when accepted
	}{
		{"small", wb(part{"xl/styles.xml", pad(1000)}, part{"xl/sheet.xml", pad(3000)}, part{"xl/sharedStrings.xml", pad(900)}), ""},
		{"styles", wb(part{"xl/styles.xml", pad(1001)}), "part xl/styles.xml is 0 MB unpacked"},
		{"sheet", wb(part{"xl/sheet.xml", pad(3001)}), "part xl/sheet.xml is"},
		{"strings", wb(part{"xl/sharedStrings.xml", pad(2001)}), "part xl/sharedStrings.xml is"},
		{"total", wb(part{"xl/sheet.xml", pad(3000)}, part{"xl/a.bin", pad(1000)}, part{"xl/b.bin", pad(1000)}, part{"xl/c.bin", pad(1000)}), "the parts are larger than"},
	} {
		_, err := Open(tc.data)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	// A header that claims more than the part holds is refused before it
	// is read, whatever the part holds.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "xl/styles.xml", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 8 << 30})
	w.Write([]byte("<x/>"))
	zw.Close()
	if _, err := Open(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a part of 8 GB: %v", err)
	}
	// excelize is told the same total.
	if o := OpenOptions(); o.UnzipSizeLimit != MaxTotalSize || o.UnzipXMLSizeLimit > o.UnzipSizeLimit {
		t.Errorf("excelize options %+v", o)
	}
}

func TestStrict(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	strict, err := xlsxtest.Strict(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Open(strict)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Strict() {
		t.Error("a strict workbook is not seen as one")
	}
	if s, ok := p.Sheet("Sheet1"); !ok || !s.IsWorksheet() {
		t.Errorf("the strict workbook's sheet: %+v", s)
	}
}

func TestWriteEdit(t *testing.T) {
	data := oddWorkbook(t)
	p, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = p.Write(&out, LevelReport, Edit{
		Replace: map[string]func(io.Writer) error{"book/data/FIRST.xml": func(w io.Writer) error {
			_, err := io.WriteString(w, "<worksheet>new</worksheet>")
			return err
		}},
		Drop: map[string]bool{"book/tables/t1.xml": true, "book/data/_rels/first.xml.rels": true},
		Add: []NewPart{{Name: "book/extra.xml", ContentType: "application/x-extra", Write: func(w io.Writer) error {
			_, err := io.WriteString(w, "<extra/>")
			return err
		}}},
		Rels: map[string][]Rel{"book/second sheet.xml": {{ID: "x", Type: "t/x", Target: "extra.xml"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := contents(t, out.Bytes())
	want := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/book/Main.xml" ContentType="` + typeWB + `"/>` +
			`<Override PartName="/book/data/first.xml" ContentType="` + typeWS + `"/>` +
			`<Override PartName="/book/second%20sheet.xml" ContentType="` + typeWS + `"/>` +
			`<Override PartName="/book/extra.xml" ContentType="application/x-extra"/></Types>`,
		"book/data/first.xml": "<worksheet>new</worksheet>",
		"book/_rels/second sheet.xml.rels": `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="x" Type="t/x" Target="extra.xml"/></Relationships>`,
		"book/extra.xml": "<extra/>",
	}
	for name, content := range contents(t, data) {
		if _, ok := want[name]; !ok && name != "book/tables/t1.xml" && name != "book/data/_rels/first.xml.rels" {
			want[name] = content
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
	// Parts that are not changed are copied compressed as they were.
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if zr.File[len(zr.File)-1].Name != "book/extra.xml" {
		t.Errorf("the new part is not last: %s", zr.File[len(zr.File)-1].Name)
	}
}

// TestWriteAhead writes a part made ahead beside one made in place: both
// read back whole (the zip reader checks their sizes and checksums), in
// their places, and an error of a part made ahead is Write's.
func TestWriteAhead(t *testing.T) {
	data := oddWorkbook(t)
	p, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	big := "<worksheet>" + strings.Repeat(`<row><c t="s"><v>12</v></c></row>`, 50000) + "</worksheet>"
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error {
			_, err := io.WriteString(w, s)
			return err
		}
	}
	var out bytes.Buffer
	err = p.Write(&out, LevelTracker, Edit{
		Replace: map[string]func(io.Writer) error{"book/data/first.xml": write("<worksheet>in place</worksheet>"), "book/second sheet.xml": write(big)},
		Ahead:   map[string]bool{"Book/Second Sheet.xml": true},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := contents(t, out.Bytes())
	if got["book/second sheet.xml"] != big || got["book/data/first.xml"] != "<worksheet>in place</worksheet>" {
		t.Errorf("parts: %.60q, %.60q", got["book/second sheet.xml"], got["book/data/first.xml"])
	}
	var order, want []string
	for _, f := range mustZip(t, out.Bytes()).File {
		order = append(order, f.Name)
	}
	for _, f := range mustZip(t, data).File {
		want = append(want, f.Name)
	}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("order of the parts (-want +got):\n%s", diff)
	}
	failed := errors.New("no room")
	err = p.Write(io.Discard, LevelTracker, Edit{
		Replace: map[string]func(io.Writer) error{"book/second sheet.xml": func(io.Writer) error { return failed }},
		Ahead:   map[string]bool{"book/second sheet.xml": true},
	})
	if !errors.Is(err, failed) {
		t.Errorf("a part made ahead that fails: %v", err)
	}
}

func mustZip(t *testing.T, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// contents returns the unpacked parts of a zip.
func contents(t testing.TB, data []byte) map[string]string {
	t.Helper()
	parts, err := xlsxtest.Parts(data)
	if err != nil {
		t.Fatal(err)
	}
	return parts
}

// TestFromExcelize saves an excelize file into a Package, adds shared
// strings to a workbook that has none, and reads the result back with
// excelize.
func TestFromExcelize(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Other"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("Other", "A1", "kept"); err != nil {
		t.Fatal(err)
	}
	p, err := FromExcelize(f)
	if err != nil {
		t.Fatal(err)
	}
	data, ok := p.Sheet("data")
	if !ok || !data.IsWorksheet() {
		t.Fatalf("sheet Data: %+v", data)
	}
	sst, err := p.SharedStrings()
	if err != nil {
		t.Fatal(err)
	}
	edit := Edit{Replace: map[string]func(io.Writer) error{data.Part: func(w io.Writer) error {
		xml, err := p.Part(data.Part).Read()
		if err != nil {
			return err
		}
		return SpliceSheetData(xml, w, Splice{Dimension: "A1:B2", Strings: sst.Table, Rows: func(sw *SheetWriter) error {
			for i, v := range []string{"one", "two"} {
				if err := sw.Row(&Row{Num: i + 1, Cells: []Cell{TextCell(1, v, 0), NumberCell(2, float64(i)+0.5, 0)}}); err != nil {
					return err
				}
			}
			return nil
		}})
	}}}
	sst.Save(p, &edit)
	var out bytes.Buffer
	if err := p.Write(&out, LevelReport, edit); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, err := g.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"one", "0.5"}, {"two", "1.5"}}; !cmp.Equal(rows, want) {
		t.Errorf("Data %q, want %q", rows, want)
	}
	if ct, _ := g.GetCellType("Data", "A2"); ct != excelize.CellTypeSharedString {
		t.Errorf("A2 has type %v, want a shared string", ct)
	}
	if v, _ := g.GetCellValue("Other", "A1"); v != "kept" {
		t.Errorf("Other A1 %q", v)
	}
}

// TestSharedStringsAs reuses the shared strings read before when the part
// is the same, and reads them again when excelize changed them.
func TestSharedStringsAs(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "A1", "first"); err != nil {
		t.Fatal(err)
	}
	p, err := FromExcelize(f)
	if err != nil {
		t.Fatal(err)
	}
	known, err := p.SharedStrings()
	if err != nil {
		t.Fatal(err)
	}
	same, err := FromExcelize(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := same.SharedStringsAs(known); err != nil || got != known {
		t.Errorf("the same part: %v, %v; want the strings read before", got, err)
	}
	if err := f.SetCellStr("Sheet1", "A2", "second"); err != nil {
		t.Fatal(err)
	}
	changed, err := FromExcelize(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := changed.SharedStringsAs(known)
	if err != nil || got == known || !cmp.Equal(got.Texts, []string{"first", "second"}) {
		t.Errorf("a changed part: %+v, %v; want it read again", got, err)
	}
	if got, err := changed.SharedStringsAs(nil); err != nil || !cmp.Equal(got.Texts, []string{"first", "second"}) {
		t.Errorf("none known: %+v, %v", got, err)
	}
}

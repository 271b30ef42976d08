package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAll reads every row of a worksheet part.
func readAll(t *testing.T, xml string, sst []string, oneByte bool) []*Row {
	t.Helper()
	var r = strings.NewReader(xml)
	var rr *RowReader
	if oneByte {
		rr = NewRowReader(iotest.OneByteReader(r), sst)
	} else {
		rr = NewRowReader(r, sst)
	}
	var out []*Row
	for {
		row, err := rr.Next()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if row == nil {
			return out
		}
		out = append(out, row)
	}
}

func TestRowReader(t *testing.T) {
	// What Excel, LibreOffice and other writers put in a worksheet: a
	// namespace prefix, shared, inline and rich strings with phonetic runs,
	// formulas with cached values, entities, CDATA, comments, a '>' in an
	// attribute value, rows and cells without references.
	xml := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- made by hand -->
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetViews><x:sheetView tabSelected="1" workbookViewId="0"/></x:sheetViews>
<x:sheetData>
<x:row r="1" spans="1:4" s="3" customFormat="1" ht="30" customHeight="1">
  <x:c r="A1" t="s"><x:v>1</x:v></x:c>
  <x:c r="B1" t="inlineStr"><x:is><x:r><x:rPr><x:b/></x:rPr><x:t>Rich </x:t></x:r><x:r><x:t xml:space="preserve">text </x:t></x:r><x:rPh sb="0" eb="1"><x:t>ignored</x:t></x:rPh></x:is></x:c>
  <x:c r="D1" s="5"><x:f>SUM(A2:A3)</x:f><x:v>3.5</x:v></x:c>
</x:row>
<x:row>
  <x:c t="str"><x:f>"a&amp;b"</x:f><x:v>a&amp;b &lt;c&gt; &#233;&#x4E2D;</x:v></x:c>
  <x:c t="b"><x:v>1</x:v></x:c>
  <x:c r="E2" t="e"><x:v>#N/A</x:v></x:c>
  <x:c r="F2" data=">odd>"><x:v><![CDATA[<42>]]></x:v></x:c>
  <x:c r="G2" s="9"/>
  <x:c r="H2" t="inlineStr"><x:is><x:t>_x0041__x005F_x0042_</x:t></x:is></x:c>
  <x:c r="I2" cm="1" vm='2' x14:f="y" ph="a&amp;&quot;b" cm="3" 9x="z" s="4"><x:f t="array" ref="I2:I3">SEQUENCE(2)</x:f><x:v>1</x:v></x:c>
</x:row>
<x:row r="5"/>
</x:sheetData>
<x:autoFilter ref="A1:D2"/>
</x:worksheet>`
	sst := []string{"zero", "Period"}
	want := []*Row{
		{Num: 1, Style: 3, CustomFormat: true, Height: "30", Cells: []Cell{
			{Col: 1, Kind: String, Value: "Period"},
			{Col: 2, Kind: String, Value: "Rich text "},
			{Col: 4, Kind: Number, Value: "3.5", Style: 5},
		}},
		{Num: 2, Cells: []Cell{
			{Col: 1, Kind: String, Value: "a&b <c> é中"},
			{Col: 2, Kind: Bool, Value: "1"},
			{Col: 5, Kind: Error, Value: "#N/A"},
			{Col: 6, Kind: String, Value: "<42>"},
			{Col: 7, Style: 9},
			{Col: 8, Kind: String, Value: "A_x0042_"},
			// Attributes newer Excel writes are kept, once; others
			// are left out.
			{Col: 9, Kind: Number, Value: "1", Style: 4, Attrs: ` cm="1" vm="2" ph="a&amp;&quot;b"`},
		}},
		{Num: 5},
	}
	for _, oneByte := range []bool{false, true} {
		got := readAll(t, xml, sst, oneByte)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("oneByte=%v (-want +got):\n%s", oneByte, diff)
		}
	}
	rr := NewRowReader(strings.NewReader(xml), sst)
	rr.Next()
	if !rr.TabSelected() {
		t.Error("tabSelected not seen")
	}
}

func TestRowReaderErrors(t *testing.T) {
	for _, xml := range []string{
		`<worksheet/>`,
		`<worksheet><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`,
		`<worksheet><sheetData><row><c r="B1"/><c r="A1"/></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row><c r="1A"/></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row><c r="XFE1"/></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row><c><v>1</v>`,
		`<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>`,
		`<worksheet><sheetData><row r="99999999"/></sheetData></worksheet>`,
	} {
		rr := NewRowReader(strings.NewReader(xml), nil)
		var err error
		for i := 0; i < 10 && err == nil; i++ {
			var row *Row
			row, err = rr.Next()
			if row == nil && err == nil {
				break
			}
		}
		if err == nil {
			t.Errorf("%s: no error", xml)
		}
	}
}

func TestWriteRead(t *testing.T) {
	in := &Row{Num: 7, Style: 2, CustomFormat: true, Cells: []Cell{
		{Col: 1, Kind: String, Value: " lead & trail <x> "},
		{Col: 2, Kind: Number, Value: "-1.5e-07", Style: 4},
		{Col: 3, Kind: String, Value: "_x0041_ and _x005F_"},
		{Col: 27, Kind: Bool, Value: "0"},
		{Col: 28, Kind: Error, Value: "#DIV/0!"},
		{Col: 30, Style: 3},
		{Col: 31, Kind: String, Value: "=HYPERLINK(\"x\")\nline 2"},
		{Col: 32, Kind: Error, Value: "#VALUE!", Attrs: ` vm="1"`},
		{Col: 33, Attrs: ` cm="1"`},
	}}
	xml := writeSheet(t, nil, []*Row{in})
	got := readAll(t, xml, nil, false)
	if diff := cmp.Diff([]*Row{in}, got); diff != "" {
		t.Errorf("(-want +got):\n%s\n%s", diff, xml)
	}
}

// writeSheet writes rows with a SheetWriter (into the shared string table
// strs, or inline when it is nil) and returns the worksheet.
func writeSheet(t testing.TB, strs *StringTable, rows []*Row) string {
	t.Helper()
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	bw.WriteString(`<worksheet><sheetData>`)
	sw := NewSheetWriter(bw, strs, 0)
	for _, r := range rows {
		if err := sw.Row(r); err != nil {
			t.Fatalf("write row %d: %v", r.Num, err)
		}
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	return buf.String()
}

func TestColumns(t *testing.T) {
	for col, name := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 703: "AAA", 16384: "XFD", 0: "", 16385: ""} {
		if got := ColumnName(col); got != name {
			t.Errorf("ColumnName(%d) = %q, want %q", col, got, name)
		}
	}
}

func TestSplice(t *testing.T) {
	xml := `<worksheet><dimension ref="A1:C9"/><cols/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row r="2"><c r="A2"><v>1</v></c></row></sheetData><autoFilter ref="A1:C9"><sortState ref="A2:C9">` +
		`<sortCondition ref="B2:B9"/></sortState></autoFilter><mergeCells/></worksheet>`
	var buf bytes.Buffer
	err := SpliceSheetData([]byte(xml), &buf, Splice{Dimension: "A1:B3", LastRow: 3, Rows: func(sw *SheetWriter) error {
		if sw.LastRow() != 1 {
			t.Errorf("the writer starts after row %d, want 1", sw.LastRow())
		}
		return sw.Row(&Row{Num: 2, Cells: []Cell{{Col: 2, Kind: Number, Value: "5"}}})
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Row 2 follows the header: only its cell in column B needs a
	// reference. The filter and its sort grow to row 3.
	want := `<worksheet><dimension ref="A1:B3"/><cols/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row><c r="B2"><v>5</v></c></row></sheetData><autoFilter ref="A1:C3"><sortState ref="A2:C3">` +
		`<sortCondition ref="B2:B3"/></sortState></autoFilter><mergeCells/></worksheet>`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestSpliceFindsSheetData checks that the rows go into the sheetData
// element, and not after the last "</sheetData>" in the part: here one in
// a later element's text.
func TestSpliceFindsSheetData(t *testing.T) {
	xml := `<x:worksheet xmlns:x="ns"><x:sheetData/><x:headerFooter><x:oddHeader>&lt;/sheetData&gt; <![CDATA[</sheetData>]]></x:oddHeader></x:headerFooter></x:worksheet>`
	var buf bytes.Buffer
	err := SpliceSheetData([]byte(xml), &buf, Splice{Rows: func(sw *SheetWriter) error {
		return sw.Row(&Row{Num: 1, Cells: []Cell{{Col: 1, Kind: String, Value: "a"}}})
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := `<x:worksheet xmlns:x="ns"><x:sheetData><row><c t="inlineStr"><is><t>a</t></is></c></row></x:sheetData><x:headerFooter><x:oddHeader>&lt;/sheetData&gt; <![CDATA[</sheetData>]]></x:oddHeader></x:headerFooter></x:worksheet>`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestExtendRanges(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"table", `<table xmlns="ns" id="1" name="T" ref="A1:P10" displayName="T"><autoFilter ref="A1:P10"/><tableColumns count="1"/></table>`,
			`<table xmlns="ns" id="1" name="T" ref="A1:P12" displayName="T"><autoFilter ref="A1:P12"/><tableColumns count="1"/></table>`},
		{"shrinks", `<table ref="B1:C40"><sortState ref='B2:C40'/></table>`, `<table ref="B1:C12"><sortState ref="B2:C12"/></table>`},
		{"not from the header", `<table ref="A5:C8"/>`, `<table ref="A5:C8"/>`},
		{"one cell", `<autoFilter ref="A1"/>`, `<autoFilter ref="A1:A12"/>`},
		{"other names", `<x:table xmlns:x="ns" ref="A1:B2"><x:tableColumns ref="A1:B2"/></x:table>`, `<x:table xmlns:x="ns" ref="A1:B12"><x:tableColumns ref="A1:B2"/></x:table>`},
		{"not a range", `<table ref="B1:A2"/><autoFilter ref="x"/>`, `<table ref="B1:A2"/><autoFilter ref="x"/>`},
	} {
		got, err := ExtendRanges([]byte(tc.in), 12, "table", "autoFilter", "sortState")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
	if got, _ := ExtendRanges([]byte(`<table ref="A1:B5"/>`), 1, "table"); string(got) != `<table ref="A1:B2"/>` {
		t.Errorf("a table of a header alone: %s", got)
	}
}

// TestRowLimit checks that no row is written past the last row of a
// worksheet: applications drop such rows, and with them their data.
func TestRowLimit(t *testing.T) {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	sw := NewSheetWriter(bw, nil, MaxRows-2)
	cell := []Cell{{Col: 1, Kind: Number, Value: "1"}}
	if err := sw.Row(&Row{Num: MaxRows - 1, Cells: cell}); err != nil {
		t.Fatal(err)
	}
	if err := sw.Raw([]byte(`<c><v>2</v></c>`)); err != nil {
		t.Fatal(err)
	}
	if sw.LastRow() != MaxRows {
		t.Fatalf("last row %d, want %d", sw.LastRow(), MaxRows)
	}
	if err := sw.Row(&Row{Num: MaxRows + 1, Cells: cell}); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("row %d: error %v, want ErrTooManyRows", MaxRows+1, err)
	}
	sw = NewSheetWriter(bw, nil, MaxRows)
	if err := sw.Raw([]byte(`<c><v>2</v></c>`)); !errors.Is(err, ErrTooManyRows) {
		t.Errorf("a raw row after the last: error %v, want ErrTooManyRows", err)
	}
	sw = NewSheetWriter(bw, nil, 5)
	if err := sw.Row(&Row{Num: 5}); err == nil {
		t.Error("row 5 after row 5 was written")
	}
	// And a sheet that says it has a row past the last is refused.
	rr := NewRowReader(strings.NewReader(`<worksheet><sheetData><row r="1048576"/><row/></sheetData></worksheet>`), nil)
	if _, err := rr.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := rr.Next(); err == nil {
		t.Error("a row after row 1048576 was read")
	}
}

// TestWriteSharedStrings: text written into the shared string table reads
// back as written (cleaned), whether it repeats the string of the cell
// above, is a part of a longer string at the same address, is empty, or
// needs cleaning.
func TestWriteSharedStrings(t *testing.T) {
	long := "Question text, answered by every respondent"
	dirty := "line\r\nbreak\x00"
	rows := [][]string{
		{long, long[:8], "", dirty},
		{long, long[:8], "", dirty},
		{long[:8], long, dirty, ""},
		{strings.Clone(long), long[9:], "x", "x"},
	}
	strs := &StringTable{ids: map[string]int{}}
	var in, want []*Row
	for i, texts := range rows {
		r, w := &Row{Num: i + 1}, &Row{Num: i + 1}
		for j, s := range texts {
			r.Cells = append(r.Cells, Cell{Col: j + 1, Kind: String, Value: s})
			w.Cells = append(w.Cells, Cell{Col: j + 1, Kind: String, Value: Clean(s)})
		}
		in, want = append(in, r), append(want, w)
	}
	xml := writeSheet(t, strs, in)
	got := readAll(t, xml, strs.added, false)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s\n%s", diff, xml)
	}
	if len(strs.added) != 6 {
		t.Errorf("%d strings in the table, want 6 (each text once): %q", len(strs.added), strs.added)
	}
}

func TestWidenRanges(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"filter ending at the old last column", `<autoFilter ref="A1:L9"><sortState ref="A2:L9"/></autoFilter>`, `<autoFilter ref="A1:O9"><sortState ref="A2:O9"/></autoFilter>`},
		{"ends elsewhere", `<autoFilter ref="A1:K9"/>`, `<autoFilter ref="A1:K9"/>`},
		{"not from the header", `<autoFilter ref="A5:L9"/>`, `<autoFilter ref="A5:L9"/>`},
		{"other names", `<table ref="A1:L9"/>`, `<table ref="A1:L9"/>`},
	} {
		got, err := WidenRanges([]byte(tc.in), 12, 15, "autoFilter", "sortState")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

// TestRawRows writes rows of parts made once by AppendCells, as a large
// sheet's repeating cells are, between rows written cell by cell: every
// cell reads back in its column, with its height and its text.
func TestRawRows(t *testing.T) {
	strs := &StringTable{ids: map[string]int{}}
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	sw := NewSheetWriter(bw, strs, 0)
	who := sw.AppendCells(nil, TextCell(1, "Ann", 3), TextCell(2, "sales", 3))
	question := sw.AppendCells(nil, TextCell(3, "Is the handoff agreed?", 4), Cell{Style: 5}, NumberCell(5, 2.5, 6))
	if err := sw.Row(&Row{Num: 1, Cells: []Cell{TextCell(1, "Respondent", 2)}}); err != nil {
		t.Fatal(err)
	}
	comment := sw.AppendCells(nil, TextCell(6, "line\r\nbreak\x00", 4))
	if err := sw.RawRow("32", who, question, comment); err != nil {
		t.Fatal(err)
	}
	if err := sw.RawRow("", who, question); err != nil {
		t.Fatal(err)
	}
	if err := sw.Row(&Row{Num: 4, Cells: []Cell{NumberCell(3, 7, 0)}}); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	xml := "<worksheet><sheetData>" + buf.String() + "</sheetData></worksheet>"
	text := func(col int, s string, style int) Cell { return Cell{Col: col, Kind: String, Value: s, Style: style} }
	cells := []Cell{text(1, "Ann", 3), text(2, "sales", 3), text(3, "Is the handoff agreed?", 4), {Col: 4, Style: 5},
		{Col: 5, Kind: Number, Value: "2.5", Style: 6}}
	want := []*Row{
		{Num: 1, Cells: []Cell{text(1, "Respondent", 2)}},
		{Num: 2, Height: "32", Cells: append(slices.Clone(cells), text(6, "line\nbreak", 4))},
		{Num: 3, Cells: cells},
		{Num: 4, Cells: []Cell{{Col: 3, Kind: Number, Value: "7"}}},
	}
	got := readAll(t, xml, strs.added, false)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s\n%s", diff, xml)
	}
}

package tracker

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAll reads every row of a worksheet part.
func readAll(t *testing.T, xml string, sst []string, oneByte bool) []*xrow {
	t.Helper()
	var r = strings.NewReader(xml)
	var rr *rowReader
	if oneByte {
		rr = newRowReader(iotest.OneByteReader(r), sst)
	} else {
		rr = newRowReader(r, sst)
	}
	var out []*xrow
	for {
		row, err := rr.next()
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
</x:row>
<x:row r="5"/>
</x:sheetData>
<x:autoFilter ref="A1:D2"/>
</x:worksheet>`
	sst := []string{"zero", "Period"}
	want := []*xrow{
		{num: 1, style: 3, customFormat: true, height: "30", cells: []cell{
			{col: 1, kind: kindStr, val: "Period"},
			{col: 2, kind: kindStr, val: "Rich text "},
			{col: 4, kind: kindNum, val: "3.5", style: 5},
		}},
		{num: 2, cells: []cell{
			{col: 1, kind: kindStr, val: "a&b <c> é中"},
			{col: 2, kind: kindBool, val: "1"},
			{col: 5, kind: kindErr, val: "#N/A"},
			{col: 6, kind: kindStr, val: "<42>"},
			{col: 7, style: 9},
			{col: 8, kind: kindStr, val: "A_x0042_"},
		}},
		{num: 5},
	}
	for _, oneByte := range []bool{false, true} {
		got := readAll(t, xml, sst, oneByte)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(xrow{}, cell{})); diff != "" {
			t.Errorf("oneByte=%v (-want +got):\n%s", oneByte, diff)
		}
	}
	rr := newRowReader(strings.NewReader(xml), sst)
	rr.next()
	if !rr.tabSelected {
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
		rr := newRowReader(strings.NewReader(xml), nil)
		var err error
		for i := 0; i < 10 && err == nil; i++ {
			var row *xrow
			row, err = rr.next()
			if row == nil && err == nil {
				break
			}
		}
		if err == nil {
			t.Errorf("%s: no error", xml)
		}
	}
}

func TestSharedStrings(t *testing.T) {
	xml := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">` +
		`<si><t>plain</t></si><si/><si><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r><rPh><t>x</t></rPh></si>` +
		`<si><t>line_x000D_break</t></si></sst>`
	got, err := readSharedStrings(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"plain", "", "rich", "line\rbreak"}; !cmp.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteRead(t *testing.T) {
	in := &xrow{num: 7, style: 2, customFormat: true, cells: []cell{
		{col: 1, kind: kindStr, val: " lead & trail <x> "},
		{col: 2, kind: kindNum, val: "-1.5e-07", style: 4},
		{col: 3, kind: kindStr, val: "_x0041_ and _x005F_"},
		{col: 27, kind: kindBool, val: "0"},
		{col: 28, kind: kindErr, val: "#DIV/0!"},
		{col: 30, style: 3},
		{col: 31, kind: kindStr, val: "=HYPERLINK(\"x\")\nline 2"},
	}}
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	bw.WriteString(`<worksheet><sheetData>`)
	(&sheetWriter{w: bw}).row(in)
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	got := readAll(t, buf.String(), nil, false)
	if diff := cmp.Diff([]*xrow{in}, got, cmp.AllowUnexported(xrow{}, cell{})); diff != "" {
		t.Errorf("(-want +got):\n%s\n%s", diff, buf.String())
	}
}

func TestColumns(t *testing.T) {
	for col, name := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 703: "AAA", 16384: "XFD"} {
		if got := columnName(col); got != name {
			t.Errorf("columnName(%d) = %q, want %q", col, got, name)
		}
		if got, ok := columnOf([]byte(name + "12")); !ok || got != col {
			t.Errorf("columnOf(%q) = %d", name, got)
		}
	}
}

func TestSplice(t *testing.T) {
	xml := `<worksheet><dimension ref="A1:C9"/><cols/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row r="2"><c r="A2"><v>1</v></c></row></sheetData><mergeCells/></worksheet>`
	var buf bytes.Buffer
	err := spliceSheetData([]byte(xml), &buf, "A1:B3", func(sw *sheetWriter) error {
		sw.row(&xrow{num: 2, cells: []cell{{col: 2, kind: kindNum, val: "5"}}})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Row 2 follows the header: only its cell in column B needs a reference.
	want := `<worksheet><dimension ref="A1:B3"/><cols/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
		`<row><c r="B2"><v>5</v></c></row></sheetData><mergeCells/></worksheet>`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-1.5": true, "+2": true, ".5": true, "5.": true, "1e3": true, "1.5E-07": true,
		"": false, "-": false, ".": false, "1e": false, "NaN": false, "Inf": false, "0x10": false,
		"1_000": false, " 1": false, "1e999": false, "12a": false,
	} {
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCleanLimit(t *testing.T) {
	long := strings.Repeat("ab", 20000)
	if got := clean(long); len(got) != maxCellChars {
		t.Errorf("clean cut %d characters to %d, want %d", len(long), len(got), maxCellChars)
	}
	// An emoji counts as two UTF-16 units and is not cut in half.
	emoji := strings.Repeat("🚀", 20000)
	if got := []rune(clean(emoji)); len(got) != maxCellChars/2 {
		t.Errorf("clean kept %d emoji, want %d", len(got), maxCellChars/2)
	}
}

package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/alignaudit/audit/internal/xlsx/xlsxtest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"
)

// FuzzRowReader reads arbitrary worksheet XML. It must not panic, and the
// rows it reads must read the same after the sheet writer writes them.
//
//	go test -run=^$ -fuzz=FuzzRowReader -fuzztime=1m ./internal/xlsx/
func FuzzRowReader(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x &amp; _x0041_</t></is></c></row></sheetData></worksheet>`)
	f.Add(`<x:worksheet xmlns:x="ns"><x:sheetData><x:row><x:c><x:v>1.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`)
	f.Add(`<worksheet><sheetData><row r="3" s="2" customFormat="1" ht="20"><c r="C3" s="1"/><c t="e"><v>#N/A</v></c><c><f>A1</f><v><![CDATA[<a>]]></v></c></row></sheetData></worksheet>`)
	f.Fuzz(func(t *testing.T, xml string) {
		rr := NewRowReader(strings.NewReader(xml), []string{"shared"})
		var rows []*Row
		for {
			row, err := rr.Next()
			if err != nil {
				return
			}
			if row == nil {
				break
			}
			rows = append(rows, row)
		}
		var want []*Row
		for _, r := range rows {
			// The writer cleans text and leaves out empty unstyled cells.
			w := &Row{Num: r.Num, Style: r.Style, CustomFormat: r.CustomFormat && r.Style > 0, Height: r.Height}
			for _, c := range r.Cells {
				if c.Kind == String {
					c.Value = Clean(c.Value)
				}
				if c.Kind == Empty && c.Style == 0 && c.Attrs == "" {
					continue
				}
				w.Cells = append(w.Cells, c)
			}
			want = append(want, w)
		}
		written := writeSheet(t, nil, want)
		got := readAll(t, written, nil, false)
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("rows differ after writing (-want +got):\n%s\n%s", diff, written)
		}
	})
}

// FuzzSharedStrings reads arbitrary shared strings parts. It must not
// panic; a part it reads gets strings added, and the result reads back as
// the old items followed by the new.
//
//	go test -run=^$ -fuzz=FuzzSharedStrings -fuzztime=1m ./internal/xlsx/
func FuzzSharedStrings(f *testing.F) {
	f.Add(`<sst xmlns="ns" count="2" uniqueCount="2"><si><t>a</t></si><si><r><t>b</t></r></si></sst>`)
	f.Add(`<x:sst xmlns:x="ns" a='"'><x:si><x:t xml:space="preserve"> _x0041_ </x:t><x:rPh><x:t>p</x:t></x:rPh></x:si></x:sst>`)
	f.Add(`<?xml version="1.0"?><!-- c --><sst/>`)
	f.Add(`<sst><si><t>a</t></si><si><t>b &amp; c</t></si><si><t>d</t><rPh/></si><si><t>e</t></s></si></sst>`)
	f.Fuzz(func(t *testing.T, xml string) {
		st, texts, err := readStringTable([]byte(xml))
		// Items read token by token alone read the same.
		quickItems = false
		slow, slowErr := ReadSharedStrings(strings.NewReader(xml))
		quickItems = true
		if (err == nil) != (slowErr == nil) || err == nil && !cmp.Equal(texts, slow, cmpopts.EquateEmpty()) {
			t.Fatalf("read %q (%v); token by token %q (%v)", texts, err, slow, slowErr)
		}
		if err != nil {
			return
		}
		added := []string{"new & <text>", " _x0041_ ", "a"}
		for _, s := range added {
			st.ID(s)
		}
		out, err := st.appendItems([]byte(xml))
		if err != nil {
			return // not a part with an sst root element
		}
		got, err := ReadSharedStrings(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("the part does not read again: %v\n%s", err, out)
		}
		if len(got) < len(texts) || !cmp.Equal(got[:len(texts)], texts, cmpopts.EquateEmpty()) {
			t.Fatalf("old items changed: %q, were %q", got, texts)
		}
		for _, s := range got[len(texts):] {
			if i := st.ID(s); i >= len(got) || got[i] != s {
				t.Fatalf("added %q is item %d of %q", s, i, got)
			}
		}
	})
}

// FuzzOpen opens arbitrary files as workbook packages. It must not panic;
// a package it opens is written again, and what it writes opens with the
// same sheets.
//
//	go test -run=^$ -fuzz=FuzzOpen -fuzztime=1m -fuzzminimizetime=2s ./internal/xlsx/
//
// (Minimizing a new input of several kilobytes takes the default minute.)
func FuzzOpen(f *testing.F) {
	f.Add(oddWorkbook(f))
	x := excelize.NewFile()
	x.SetCellStr("Sheet1", "A1", "x")
	var buf bytes.Buffer
	x.WriteTo(&buf)
	x.Close()
	f.Add(buf.Bytes())
	if strict, err := xlsxtest.Strict(buf.Bytes()); err == nil {
		f.Add(strict)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Open(data)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		for _, s := range p.Sheets() {
			if s.IsWorksheet() {
				p.Related(s.Part, RelTable)
			}
		}
		var out bytes.Buffer
		if err := p.Write(&out, LevelReport, Edit{}); err != nil {
			return // a part that cannot be read or copied
		}
		again, err := Open(out.Bytes())
		if err != nil {
			t.Fatalf("the written package does not open: %v", err)
		}
		if !cmp.Equal(p.Sheets(), again.Sheets()) {
			t.Fatalf("sheets %+v, were %+v", again.Sheets(), p.Sheets())
		}
	})
}

// FuzzExtendRanges rewrites the ranges of arbitrary table parts. It must
// not panic, and what it writes reads again as XML with the same tags.
//
//	go test -run=^$ -fuzz=FuzzExtendRanges -fuzztime=1m ./internal/xlsx/
func FuzzExtendRanges(f *testing.F) {
	f.Add(`<table xmlns="ns" ref="A1:P10"><autoFilter ref="A1:P10"><sortState ref="A2:P10"/></autoFilter></table>`, 20)
	f.Add(`<x:table xmlns:x="ns" ref='A1' id="1"/>`, 1)
	f.Fuzz(func(t *testing.T, xml string, last int) {
		out, err := ExtendRanges([]byte(xml), last, "table", "autoFilter", "sortState")
		if err != nil {
			return
		}
		tags := func(b []byte) (names []string) {
			sc := newScanner(bytes.NewReader(b))
			for {
				tok, err := sc.next()
				if err != nil {
					t.Fatalf("%v in %q", err, b)
				}
				if tok.kind == tokEOF {
					return names
				}
				if tok.kind == tokStart {
					names = append(names, string(tok.qname))
				}
			}
		}
		if a, b := tags([]byte(xml)), tags(out); !cmp.Equal(a, b) {
			t.Fatalf("tags %q became %q", a, b)
		}
	})
}

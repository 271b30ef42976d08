package tracker

import (
	"bufio"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzRead reads arbitrary files as trackers. Read must not panic; it fails
// with a FormatError or gives a tracker that can record a result and be
// written, and what it writes reads again with the row recorded.
//
//	go test -run=^$ -fuzz=FuzzRead -fuzztime=1m ./internal/tracker/
func FuzzRead(f *testing.F) {
	res := result(f, "Northwind Traders", "2026-Q3", 0)
	tracker := update(f, nil, res)
	f.Add(tracker)
	f.Add(update(f, tracker, result(f, "Contoso", "2026-Q4", 1)))
	f.Add(userWorkbook(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Read(bytes.NewReader(data))
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		defer tr.Close()
		if err := tr.Record(res, day); err != nil {
			return // excelize may refuse to edit a strange History
		}
		var out bytes.Buffer
		if err := tr.Write(&out); err != nil {
			return
		}
		again, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatalf("the written tracker does not read again: %v", err)
		}
		defer again.Close()
		if h := again.History(res.Team, res.Rubric.ID, "2026-Q4"); len(h) != 1 {
			t.Fatalf("the recorded row is missing: %+v", h)
		}
	})
}

// FuzzRowReader reads arbitrary worksheet XML. It must not panic, and the
// rows it reads must read the same after the sheet writer writes them.
//
//	go test -run=^$ -fuzz=FuzzRowReader -fuzztime=1m ./internal/tracker/
func FuzzRowReader(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x &amp; _x0041_</t></is></c></row></sheetData></worksheet>`)
	f.Add(`<x:worksheet xmlns:x="ns"><x:sheetData><x:row><x:c><x:v>1.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`)
	f.Add(`<worksheet><sheetData><row r="3" s="2" customFormat="1" ht="20"><c r="C3" s="1"/><c t="e"><v>#N/A</v></c><c><f>A1</f><v><![CDATA[<a>]]></v></c></row></sheetData></worksheet>`)
	f.Fuzz(func(t *testing.T, xml string) {
		rr := newRowReader(strings.NewReader(xml), []string{"shared"})
		var rows []*xrow
		for {
			row, err := rr.next()
			if err != nil {
				return
			}
			if row == nil {
				break
			}
			rows = append(rows, row)
		}
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		bw.WriteString(`<worksheet><sheetData>`)
		sw := &sheetWriter{w: bw}
		var want []*xrow
		for _, r := range rows {
			// The writer cleans text and leaves out empty unstyled cells.
			w := &xrow{num: r.num, style: r.style, customFormat: r.customFormat && r.style > 0, height: r.height}
			for _, c := range r.cells {
				if c.kind == kindStr {
					c.val = clean(c.val)
				}
				if c.kind == kindEmpty && c.style == 0 {
					continue
				}
				w.cells = append(w.cells, c)
			}
			sw.row(w)
			want = append(want, w)
		}
		bw.WriteString(`</sheetData></worksheet>`)
		bw.Flush()
		got := readAll(t, buf.String(), nil, false)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(xrow{}, cell{}), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("rows differ after writing (-want +got):\n%s\n%s", diff, buf.String())
		}
	})
}

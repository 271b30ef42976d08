package xlsx

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"github.com/xuri/excelize/v2"
)

// ErrTooManyRows is the error of a SheetWriter asked to write a row past
// the last row of a worksheet (MaxRows): applications drop such rows, and
// with them the data they hold.
var ErrTooManyRows = fmt.Errorf("more than %d rows, the most a worksheet holds", MaxRows)

// SheetWriter writes the rows of a worksheet's sheetData as XML.
type SheetWriter struct {
	w   *bufio.Writer
	buf []byte
	// strs is the workbook's shared string table; without one, text is
	// written as inline strings.
	strs *StringTable
	// ids holds the shared string of each text written, by where the
	// text is in memory and its length: strings do not change, so the
	// same address and length are the same text. The rows of a large
	// sheet repeat a few hundred texts (questions, options, names)
	// hundreds of thousands of times, as the same strings: cleaning and
	// hashing each again made recording 2,000 respondents in a tracker
	// (BenchmarkTrackerRecord) take 240 ms instead of 160.
	ids map[*byte]textID
	// last is the text written last in each of the first columns, and
	// its shared string: a respondent's name and role repeat on each of
	// the respondent's rows.
	last [16]struct {
		at textAt
		id int
	}
	prev int // the number of the row written last
	err  error
}

// textAt is where a string is in memory, and its length.
type textAt struct {
	p *byte
	n int
}

// textID is the length of a text written and its shared string.
type textID struct{ n, id int }

// NewSheetWriter returns a writer of rows to w, after the row numbered
// after (0 when there is none). With a string table, text goes into the
// workbook's shared strings; without, it is written in the cells.
func NewSheetWriter(w *bufio.Writer, strs *StringTable, after int) *SheetWriter {
	return &SheetWriter{w: w, strs: strs, prev: after}
}

// LastRow returns the number of the row written last.
func (sw *SheetWriter) LastRow() int { return sw.prev }

// Row writes one row with its cells, which must be in ascending column
// order. A row or cell that follows the one before has no reference (the r
// attribute is optional, and leaving it out makes a large sheet smaller
// and lets an update copy rows without renumbering them). Text is cleaned
// with Clean and is always text, never a formula. Empty cells without a
// style are left out. Rows must come in ascending order, at most up to
// MaxRows: a row past it gives ErrTooManyRows, and the writer writes
// nothing more.
func (sw *SheetWriter) Row(r *Row) error {
	if sw.err != nil {
		return sw.err
	}
	if r.Num > MaxRows {
		sw.err = ErrTooManyRows
		return sw.err
	}
	if r.Num <= sw.prev {
		sw.err = fmt.Errorf("row %d written after row %d", r.Num, sw.prev)
		return sw.err
	}
	b := append(sw.buf[:0], `<row`...)
	if r.Num != sw.prev+1 {
		b = append(b, ` r="`...)
		b = strconv.AppendInt(b, int64(r.Num), 10)
		b = append(b, '"')
	}
	sw.prev = r.Num
	if r.Style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(r.Style), 10)
		b = append(b, '"')
		if r.CustomFormat {
			b = append(b, ` customFormat="1"`...)
		}
	}
	if r.Height != "" {
		b = append(b, ` ht="`...)
		b = append(b, r.Height...)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	// A cell right after the one before needs no reference; after a gap,
	// every cell of the row has one: some readers (excelize among them)
	// place a cell without one by its count in the row.
	prevCol, gap := 0, false
	for _, c := range r.Cells {
		if c.Kind == Empty && c.Style == 0 && c.Attrs == "" {
			continue
		}
		gap = gap || c.Col != prevCol+1
		b = sw.appendCell(b, r.Num, c, !gap)
		prevCol = c.Col
	}
	b = append(b, "</row>"...)
	sw.buf = b
	_, sw.err = sw.w.Write(b)
	return sw.err
}

// Raw writes a row's cells as they were read (see RowReader.PeekRaw); the
// row follows the one written before.
func (sw *SheetWriter) Raw(cells []byte) error {
	return sw.RawRow("", cells)
}

// RawRow writes a row that follows the one written before, of the cells in
// parts one after another (made by AppendCells, or read with PeekRaw), with
// the given height in points ("" for the default).
func (sw *SheetWriter) RawRow(height string, parts ...[]byte) error {
	if sw.err != nil {
		return sw.err
	}
	if sw.prev >= MaxRows {
		sw.err = ErrTooManyRows
		return sw.err
	}
	sw.prev++
	if height == "" {
		sw.w.WriteString("<row>")
	} else {
		sw.w.WriteString(`<row ht="`)
		sw.w.WriteString(height)
		sw.w.WriteString(`" customHeight="1">`)
	}
	for _, p := range parts {
		sw.w.Write(p)
	}
	_, sw.err = sw.w.WriteString("</row>")
	return sw.err
}

// AppendCells appends to b the XML of cells that each follow the cell
// before them in a row, every one of them, empty or not, so that none needs
// a reference: the parts of a row that repeat from row to row (a
// respondent's name and role, a question's texts) are made once and
// written with RawRow. Text goes into the string table as Row puts it
// there. The cells' Col is not used.
func (sw *SheetWriter) AppendCells(b []byte, cells ...Cell) []byte {
	for _, c := range cells {
		b = sw.appendCell(b, 0, c, true)
	}
	return b
}

func (sw *SheetWriter) appendCell(b []byte, row int, c Cell, follows bool) []byte {
	b = append(b, `<c`...)
	if !follows {
		b = append(b, ` r="`...)
		b = append(b, ColumnName(c.Col)...)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, '"')
	}
	if c.Style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.Style), 10)
		b = append(b, '"')
	}
	b = append(b, c.Attrs...)
	switch c.Kind {
	case Empty:
		return append(b, "/>"...)
	case Number:
		b = append(b, "><v>"...)
		b = append(b, c.Value...)
		return append(b, "</v></c>"...)
	case Bool:
		b = append(b, ` t="b"><v>`...)
		b = append(b, c.Value...)
		return append(b, "</v></c>"...)
	case Error:
		b = append(b, ` t="e"><v>`...)
		b = appendEscaped(b, c.Value)
		return append(b, "</v></c>"...)
	}
	if sw.strs != nil {
		b = append(b, ` t="s"><v>`...)
		b = strconv.AppendInt(b, int64(sw.stringID(c.Col, c.Value)), 10)
		return append(b, "</v></c>"...)
	}
	s := Clean(c.Value)
	b = append(b, ` t="inlineStr"><is>`...)
	b = appendText(b, "", s)
	return append(b, "</is></c>"...)
}

// stringID returns the shared string of the text s, cleaned, written in
// column col.
func (sw *SheetWriter) stringID(col int, s string) int {
	at := textAt{unsafe.StringData(s), len(s)}
	// (An empty text may have no address: it would match a column not
	// written yet.)
	if col < len(sw.last) && sw.last[col].at == at && at.p != nil {
		return sw.last[col].id
	}
	// Keyed by the address alone, which the map hashes quicker; a text
	// of another length at the same address (a part of a string) is
	// looked up by its text.
	t, ok := sw.ids[at.p]
	id := t.id
	if !ok || t.n != at.n {
		if sw.ids == nil {
			sw.ids = map[*byte]textID{}
		}
		id = sw.strs.ID(Clean(s))
		if !ok {
			sw.ids[at.p] = textID{at.n, id}
		}
	}
	if col < len(sw.last) {
		sw.last[col].at, sw.last[col].id = at, id
	}
	return id
}

// Splice says how SpliceSheetData writes a worksheet part.
type Splice struct {
	// Dimension is the new ref of the dimension element, such as
	// "A1:M20"; "" keeps it.
	Dimension string
	// LastRow, when not 0, is the last row of the data: the ranges of the
	// sheet's autoFilter and sortState that start at row 1 or 2 (a header
	// and the rows below it) are made to end there.
	LastRow int
	// Strings is the workbook's shared string table the rows' text goes
	// into; nil writes inline strings.
	Strings *StringTable
	// Rows writes the rows after the header.
	Rows func(sw *SheetWriter) error
}

// SpliceSheetData writes the worksheet part xml to w with the rows of its
// sheetData replaced: the first row is kept when it is row 1 (the header),
// and the rest are written by s.Rows. Everything else in the part is kept
// as it is, except what s says to change.
func SpliceSheetData(xml []byte, w io.Writer, s Splice) error {
	rr := NewRowReader(bytes.NewReader(xml), nil)
	first, err := rr.Next()
	if err != nil {
		return err
	}
	var header []byte
	after := 0
	if first != nil && first.Num == 1 {
		header, after = xml[rr.rowStart:rr.rowEnd], 1
	}
	if rr.state == 1 {
		// The rows are not needed: skip them without reading each cell.
		if err := rr.sc.skipElement(); err != nil {
			return err
		}
		rr.state, rr.dataEnd = 2, rr.sc.off
	}
	head, tail := xml[:rr.dataStart], xml[rr.dataEnd:]
	if s.Dimension != "" {
		if head, err = setRefs(head, map[string]bool{"dimension": true}, func([]byte) string { return s.Dimension }); err != nil {
			return err
		}
	}
	if s.LastRow > 0 {
		if tail, err = ExtendRanges(tail, s.LastRow, "autoFilter", "sortState", "sortCondition"); err != nil {
			return err
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head)
	q := rr.dataQName
	bw.WriteString("<")
	bw.Write(q)
	bw.WriteString(">")
	bw.Write(header)
	if s.Rows != nil {
		if err := s.Rows(NewSheetWriter(bw, s.Strings, after)); err != nil {
			return err
		}
	}
	bw.WriteString("</")
	bw.Write(q)
	bw.WriteString(">")
	bw.Write(tail)
	return bw.Flush()
}

// ExtendRanges returns the XML of a worksheet or table part with the ref
// of every element with one of the given local names (table, autoFilter,
// sortState, sortCondition) that spans rows from row 1 or 2 down (a header and the data
// below it) ending at lastRow instead, so that it covers the data rows an
// update wrote. It ends at least one row below its start (a table needs a
// header and a row). Other ranges are kept.
func ExtendRanges(xml []byte, lastRow int, names ...string) ([]byte, error) {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	return setRefs(xml, set, func(ref []byte) string {
		c1, r1, c2, r2, ok := parseRange(string(ref))
		if !ok || r1 > 2 || r2 < r1 {
			return string(ref)
		}
		return ColumnName(c1) + strconv.Itoa(r1) + ":" + ColumnName(c2) + strconv.Itoa(max(lastRow, r1+1))
	})
}

// setRefs returns xml with the ref attribute of the start tags whose local
// name is in names replaced by what ref returns for the old value.
func setRefs(xml []byte, names map[string]bool, ref func(old []byte) string) ([]byte, error) {
	sc := newScanner(bytes.NewReader(xml))
	var out []byte
	last := 0 // xml[:last] is in out
	for {
		t, err := sc.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tokEOF {
			break
		}
		if t.kind != tokStart || !names[string(t.name)] {
			continue
		}
		found := false
		tag, err := appendTagOpen(nil, t.qname, t.attrs, func(local, value []byte) ([]byte, bool) {
			if string(local) == "ref" && !found {
				found = true
				return appendEscaped(nil, ref(appendUnescaped(nil, value))), true
			}
			return value, true
		})
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		if t.empty {
			tag = append(tag, '/')
		}
		out = append(out, xml[last:t.start]...)
		out = append(out, tag...)
		out = append(out, '>')
		last = int(t.end)
	}
	if out == nil {
		return xml, nil
	}
	return append(out, xml[last:]...), nil
}

// parseRange reads a range such as "A1:P10" (or one cell, "A1").
func parseRange(ref string) (c1, r1, c2, r2 int, ok bool) {
	from, to, isRange := strings.Cut(ref, ":")
	var err error
	if c1, r1, err = excelize.CellNameToCoordinates(from); err != nil {
		return 0, 0, 0, 0, false
	}
	if !isRange {
		return c1, r1, c1, r1, true
	}
	if c2, r2, err = excelize.CellNameToCoordinates(to); err != nil || c2 < c1 {
		return 0, 0, 0, 0, false
	}
	return c1, r1, c2, r2, true
}

// WidenRanges returns the XML of a worksheet or table part with the ref of
// every element with one of the given local names whose range starts at
// row 1 or 2 and ends at column from ending at column to instead, so that
// a filter over a header covers the columns added after its last one.
func WidenRanges(xml []byte, from, to int, names ...string) ([]byte, error) {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	return setRefs(xml, set, func(ref []byte) string {
		c1, r1, c2, r2, ok := parseRange(string(ref))
		if !ok || r1 > 2 || c2 != from || to < c1 {
			return string(ref)
		}
		return ColumnName(c1) + strconv.Itoa(r1) + ":" + ColumnName(to) + strconv.Itoa(r2)
	})
}

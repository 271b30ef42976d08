package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// RowReader reads the rows of a worksheet part one at a time, without
// holding the sheet in memory.
type RowReader struct {
	sc    *scanner
	sst   []string
	state int // 0 before sheetData, 1 inside, 2 after
	// tabSelected is set when the sheet's view says its tab is selected.
	tabSelected bool
	prevRow     int
	buf         []byte
	strs        map[string]string // interned values: most repeat from row to row

	// Offsets in the part, for splicing: the sheetData start tag, the
	// last row read, and the end of the sheetData element.
	dataQName          []byte
	dataStart, dataEnd int64
	rowStart, rowEnd   int64
}

// NewRowReader returns a reader of the worksheet part r; sst is the
// workbook's shared strings, which cells of type s refer to.
func NewRowReader(r io.Reader, sst []string) *RowReader {
	return &RowReader{sc: newScanner(r), sst: sst}
}

var errNoSheetData = errors.New("worksheet has no sheetData element")

// TabSelected reports whether the sheet's view, read before its first row,
// says that its tab is the selected one.
func (rr *RowReader) TabSelected() bool { return rr.tabSelected }

// LastRow returns the number of the row read last (0 before the first).
func (rr *RowReader) LastRow() int { return rr.prevRow }

// Next returns the next row, or nil at the end of the sheet data. A row
// and a cell without a reference follow the one before. Formulas are left
// out; their cached values are read.
func (rr *RowReader) Next() (*Row, error) {
	for rr.state == 0 {
		t, err := rr.sc.next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.kind == tokEOF:
			return nil, errNoSheetData
		case t.kind == tokStart && string(t.name) == "sheetView":
			v, _ := attr(t.attrs, "tabSelected")
			rr.tabSelected = rr.tabSelected || v == "1" || v == "true"
		case t.kind == tokStart && string(t.name) == "sheetData":
			rr.dataQName = append([]byte(nil), t.qname...)
			rr.dataStart = t.start
			if t.empty {
				rr.state, rr.dataEnd = 2, t.end
				return nil, nil
			}
			rr.state = 1
		}
	}
	if rr.state == 2 {
		return nil, nil
	}
	for {
		t, err := rr.sc.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokEOF:
			return nil, errMarkup
		case tokEnd:
			if string(t.name) == "sheetData" {
				rr.state, rr.dataEnd = 2, t.end
				return nil, nil
			}
		case tokStart:
			if string(t.name) != "row" {
				if !t.empty {
					if err := rr.sc.skipElement(); err != nil {
						return nil, err
					}
				}
				continue
			}
			rr.rowStart = t.start
			row, err := rr.readRow(t)
			if err != nil {
				return nil, err
			}
			rr.rowEnd = rr.sc.off
			return row, nil
		}
	}
}

// PeekRaw returns the input that follows the start tag of the next row,
// unread, when the row is written as <row> without attributes: a
// SheetWriter writes a row that follows the one before so, and such a row
// can be copied as it is with SheetWriter.Raw. At least 64 kB are
// returned, or all the input that is left. SkipRaw moves past the row once
// the caller has found where its cells end; Next still reads it.
func (rr *RowReader) PeekRaw() ([]byte, bool) {
	const start = "<row>"
	s := rr.sc
	s.need(64 << 10)
	if rr.state != 1 || rr.prevRow >= MaxRows || s.end-s.pos < len(start) || string(s.buf[s.pos:s.pos+len(start)]) != start {
		return nil, false
	}
	return s.buf[s.pos+len(start) : s.end], true
}

// SkipRaw moves past the row PeekRaw returned, whose cells are the first n
// bytes it returned, followed by </row>.
func (rr *RowReader) SkipRaw(n int) {
	s := rr.sc
	rr.rowStart = s.base + int64(s.pos)
	s.pos += len("<row>") + n + len("</row>")
	s.off = s.base + int64(s.pos)
	rr.rowEnd = s.off
	rr.prevRow++
}

func (rr *RowReader) readRow(t *token) (*Row, error) {
	row := &Row{Num: rr.prevRow + 1}
	var bad error
	eachAttr(t.attrs, func(name, value []byte) bool {
		switch string(name) {
		case "r":
			n, err := strconv.Atoi(string(value))
			if err != nil || n <= rr.prevRow {
				bad = fmt.Errorf("row number %q out of order", value)
				return false
			}
			row.Num = n
		case "s":
			row.Style, _ = strconv.Atoi(string(value))
		case "customFormat":
			row.CustomFormat = string(value) == "1" || string(value) == "true"
		case "ht":
			if h, err := strconv.ParseFloat(string(value), 64); err == nil && IsNumber(string(value)) && h >= 0 && h <= 409 {
				row.Height = string(value)
			}
		}
		return true
	})
	if bad != nil {
		return nil, bad
	}
	if row.Num > MaxRows {
		return nil, fmt.Errorf("row %d is past the last row of a worksheet (%d)", row.Num, MaxRows)
	}
	rr.prevRow = row.Num
	if t.empty {
		return row, nil
	}
	prevCol := 0
	for {
		t, err := rr.sc.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokEOF:
			return nil, errMarkup
		case tokEnd:
			return row, nil
		case tokStart:
			if string(t.name) != "c" {
				if !t.empty {
					if err := rr.sc.skipElement(); err != nil {
						return nil, err
					}
				}
				continue
			}
			c, err := rr.readCell(t, prevCol)
			if err != nil {
				return nil, err
			}
			if c.Col <= prevCol {
				return nil, fmt.Errorf("row %d: cells out of order", row.Num)
			}
			prevCol = c.Col
			row.Cells = append(row.Cells, c)
		}
	}
}

func (rr *RowReader) readCell(t *token, prevCol int) (Cell, error) {
	c := Cell{Col: prevCol + 1}
	typ := "n"
	var bad error
	var attrs []byte
	eachQAttr(t.attrs, func(name, value []byte) bool {
		switch string(name) {
		case "r":
			col, _, err := excelize.CellNameToCoordinates(string(value))
			if err != nil {
				bad = fmt.Errorf("cell reference %q", value)
				return false
			}
			c.Col = col
		case "s":
			c.Style, _ = strconv.Atoi(string(value))
		case "t":
			typ = cellType(value)
		case "cm", "vm", "ph":
			attrs = appendOtherAttr(attrs, name, value)
		}
		return true
	})
	if bad != nil {
		return c, bad
	}
	if attrs != nil {
		c.Attrs = string(attrs)
	}
	if t.empty {
		return c, nil
	}
	var v []byte
	hasV := false
	for {
		t, err := rr.sc.next()
		if err != nil {
			return c, err
		}
		switch t.kind {
		case tokEOF:
			return c, errMarkup
		case tokEnd:
			return rr.cellValue(c, typ, v, hasV), nil
		case tokStart:
			if t.empty {
				continue
			}
			switch string(t.name) {
			case "v":
				rr.buf, err = rr.sc.textOf(rr.buf[:0])
				v, hasV = append(v[:0], rr.buf...), true
			case "is":
				rr.buf, _, err = readRichText(rr.sc, rr.buf[:0], "is")
				v, hasV = append(v[:0], rr.buf...), true
			default: // f, extLst: formulas are dropped, their cached value kept
				err = rr.sc.skipElement()
			}
			if err != nil {
				return c, err
			}
		}
	}
}

// cellType returns a cell's type attribute as a string, without making one
// for the types a worksheet has.
func cellType(v []byte) string {
	for _, t := range []string{"s", "n", "inlineStr", "str", "b", "e", "d"} {
		if string(v) == t {
			return t
		}
	}
	return string(v)
}

// appendOtherAttr appends an attribute of a cell that the reader does not
// use but a writer must keep (cm and vm, the cell and value metadata newer
// versions of Excel write for dynamic arrays, data types and pictures in
// cells, and ph) to attrs, escaped again; a repeated one is left out.
// Attributes with a namespace prefix are left out: the prefix may not be
// declared where the cell is written.
func appendOtherAttr(attrs, name, value []byte) []byte {
	if bytes.Contains(attrs, append(append([]byte(" "), name...), '=')) {
		return attrs
	}
	attrs = append(attrs, ' ')
	attrs = append(attrs, name...)
	attrs = append(attrs, `="`...)
	for _, b := range appendUnescaped(nil, value) {
		switch b {
		case '&':
			attrs = append(attrs, "&amp;"...)
		case '<':
			attrs = append(attrs, "&lt;"...)
		case '"':
			attrs = append(attrs, "&quot;"...)
		case '\t', '\n', '\r':
			attrs = append(attrs, "&#"...)
			attrs = strconv.AppendInt(attrs, int64(b), 10)
			attrs = append(attrs, ';')
		default:
			if b < 0x20 {
				continue // not allowed in XML
			}
			attrs = append(attrs, b)
		}
	}
	return append(attrs, '"')
}

func (rr *RowReader) cellValue(c Cell, typ string, v []byte, hasV bool) Cell {
	if !hasV {
		return c
	}
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(string(v)))
		if err != nil || i < 0 || i >= len(rr.sst) {
			c.Kind, c.Value = Error, "#REF!"
			return c
		}
		c.Kind, c.Value = String, rr.sst[i]
	case "inlineStr", "str", "d":
		c.Kind, c.Value = String, rr.intern(v)
	case "b":
		c.Kind, c.Value = Bool, "0"
		if b := strings.TrimSpace(string(v)); b == "1" || b == "true" {
			c.Value = "1"
		}
	case "e":
		c.Kind, c.Value = Error, string(v)
	default:
		s := rr.intern(bytes.TrimSpace(v))
		if s == "" {
			return c
		}
		if !IsNumber(s) {
			c.Kind, c.Value = String, s
			return c
		}
		c.Kind, c.Value = Number, s
	}
	return c
}

// intern returns v as a string with its _xHHHH_ escapes resolved, sharing
// the memory of values seen before.
func (rr *RowReader) intern(v []byte) string {
	if len(v) > 256 {
		return decodeEscapes(string(v))
	}
	if s, ok := rr.strs[string(v)]; ok {
		return s
	}
	s := decodeEscapes(string(v))
	if rr.strs == nil {
		rr.strs = map[string]string{}
	}
	if len(rr.strs) < 200000 {
		rr.strs[string(v)] = s
	}
	return s
}

// readRichText reads the text of a string item (<is> or <si>, the name
// given) whose start tag was just read: the <t> of the item and of its
// runs, without phonetic runs; plain reports that the item is one <t> and
// nothing else, no formatted runs.
func readRichText(sc *scanner, buf []byte, name string) (_ []byte, plain bool, err error) {
	depth, texts, other := 1, 0, false
	for depth > 0 {
		t, err := sc.next()
		if err != nil {
			return buf, false, err
		}
		switch t.kind {
		case tokEOF:
			return buf, false, errMarkup
		case tokStart:
			if string(t.name) == "t" && depth == 1 {
				texts++
			} else {
				other = true
			}
			if t.empty {
				continue
			}
			switch string(t.name) {
			case "t":
				if buf, err = sc.textOf(buf); err != nil {
					return buf, false, err
				}
			case "rPh", "phoneticPr", "rPr":
				if err := sc.skipElement(); err != nil {
					return buf, false, err
				}
			default:
				depth++
			}
		case tokEnd:
			if depth--; depth == 0 && string(t.name) != name {
				return buf, false, errMarkup
			}
		}
	}
	return buf, texts <= 1 && !other, nil
}

package tracker

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/alignaudit/audit/internal/celltext"
	"io"
	"math"
	"strconv"
	"strings"
)

// Cell kinds, as stored in a worksheet.
const (
	kindEmpty byte = iota // no value (the cell may still carry a style)
	kindNum
	kindStr
	kindBool
	kindErr
)

// cell is one cell value read from or written to a worksheet.
type cell struct {
	col   int // 1-based
	kind  byte
	val   string // number as written, or the text
	style int    // cellXfs index; 0 is the default style
}

// xrow is one worksheet row.
type xrow struct {
	num   int
	cells []cell // ascending col
	// Row formatting carried along when a row moves.
	style        int
	customFormat bool
	height       string
}

func (r *xrow) get(col int) (cell, bool) {
	for _, c := range r.cells {
		if c.col == col {
			return c, c.kind != kindEmpty
		}
		if c.col > col {
			break
		}
	}
	return cell{col: col}, false
}

// text returns a cell's value as text ("" when empty).
func (r *xrow) text(col int) string {
	c, _ := r.get(col)
	return c.val
}

// number returns a cell's value as a number, if it is one.
func (r *xrow) number(col int) (float64, bool) {
	c, ok := r.get(col)
	v := strings.TrimSpace(c.val)
	if !ok || (c.kind != kindNum && c.kind != kindStr) || !isNumber(v) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// blank reports whether the row has no values in columns 1..n.
func (r *xrow) blank(n int) bool {
	for _, c := range r.cells {
		if c.col <= n && c.kind != kindEmpty && strings.TrimSpace(c.val) != "" {
			return false
		}
	}
	return true
}

// set stores a cell, keeping cells in column order.
func (r *xrow) set(c cell) {
	for i := range r.cells {
		if r.cells[i].col == c.col {
			r.cells[i] = c
			return
		}
		if r.cells[i].col > c.col {
			r.cells = append(r.cells, cell{})
			copy(r.cells[i+1:], r.cells[i:])
			r.cells[i] = c
			return
		}
	}
	r.cells = append(r.cells, c)
}

// rowReader reads the rows of a worksheet part one at a time.
type rowReader struct {
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

func newRowReader(r io.Reader, sst []string) *rowReader {
	return &rowReader{sc: newScanner(r), sst: sst}
}

var errNoSheetData = errors.New("worksheet has no sheetData element")

// next returns the next row, or nil at the end of the sheet data.
func (rr *rowReader) next() (*xrow, error) {
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

// peekRow returns the input that follows the start tag of the next row,
// unread, when the row is written as <row> without attributes: the sheet
// writer writes a row that follows the one before so, and such a row can be
// copied as it is with sheetWriter.raw. At least 64 kB are returned, or all
// the input that is left. skipRow moves past the row once the caller has
// found where its cells end; next still reads it.
func (rr *rowReader) peekRow() ([]byte, bool) {
	const start = "<row>"
	s := rr.sc
	s.need(64 << 10)
	if rr.state != 1 || rr.prevRow >= maxRows || s.end-s.pos < len(start) || string(s.buf[s.pos:s.pos+len(start)]) != start {
		return nil, false
	}
	return s.buf[s.pos+len(start) : s.end], true
}

// skipRow moves past the row peekRow returned, whose cells are the first n
// bytes it returned, followed by </row>.
func (rr *rowReader) skipRow(n int) {
	s := rr.sc
	rr.rowStart = s.base + int64(s.pos)
	s.pos += len("<row>") + n + len("</row>")
	s.off = s.base + int64(s.pos)
	rr.rowEnd = s.off
	rr.prevRow++
}

func (rr *rowReader) readRow(t *token) (*xrow, error) {
	row := &xrow{num: rr.prevRow + 1}
	var bad error
	eachAttr(t.attrs, func(name, value []byte) bool {
		switch string(name) {
		case "r":
			n, err := strconv.Atoi(string(value))
			if err != nil || n <= rr.prevRow || n > maxRows {
				bad = fmt.Errorf("row number %q out of order", value)
				return false
			}
			row.num = n
		case "s":
			row.style, _ = strconv.Atoi(string(value))
		case "customFormat":
			row.customFormat = string(value) == "1" || string(value) == "true"
		case "ht":
			if h, err := strconv.ParseFloat(string(value), 64); err == nil && isNumber(string(value)) && h >= 0 && h <= 409 {
				row.height = string(value)
			}
		}
		return true
	})
	if bad != nil {
		return nil, bad
	}
	rr.prevRow = row.num
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
			if c.col <= prevCol {
				return nil, fmt.Errorf("row %d: cells out of order", row.num)
			}
			prevCol = c.col
			row.cells = append(row.cells, c)
		}
	}
}

func (rr *rowReader) readCell(t *token, prevCol int) (cell, error) {
	c := cell{col: prevCol + 1}
	typ := "n"
	var bad error
	eachAttr(t.attrs, func(name, value []byte) bool {
		switch string(name) {
		case "r":
			col, ok := columnOf(value)
			if !ok {
				bad = fmt.Errorf("cell reference %q", value)
				return false
			}
			c.col = col
		case "s":
			c.style, _ = strconv.Atoi(string(value))
		case "t":
			typ = string(value)
		}
		return true
	})
	if bad != nil {
		return c, bad
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
				rr.buf, err = rr.richText(rr.buf[:0])
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

func (rr *rowReader) cellValue(c cell, typ string, v []byte, hasV bool) cell {
	if !hasV {
		return c
	}
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(string(v)))
		if err != nil || i < 0 || i >= len(rr.sst) {
			c.kind, c.val = kindErr, "#REF!"
			return c
		}
		c.kind, c.val = kindStr, rr.sst[i]
	case "inlineStr", "str", "d":
		c.kind, c.val = kindStr, rr.intern(v)
	case "b":
		c.kind, c.val = kindBool, "0"
		if b := strings.TrimSpace(string(v)); b == "1" || b == "true" {
			c.val = "1"
		}
	case "e":
		c.kind, c.val = kindErr, string(v)
	default:
		s := rr.intern(bytes.TrimSpace(v))
		if s == "" {
			return c
		}
		if !isNumber(s) {
			c.kind, c.val = kindStr, s
			return c
		}
		c.kind, c.val = kindNum, s
	}
	return c
}

// isNumber reports whether s is a number as a worksheet stores it: decimal
// digits with an optional sign, fraction and exponent (no NaN, Inf or hex).
func isNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	hasExp := i < len(s) && (s[i] == 'e' || s[i] == 'E')
	if hasExp {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	if i != len(s) {
		return false
	}
	if !hasExp && len(s) < 300 {
		return true // too short to overflow
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0)
}

// intern returns v as a string with its _xHHHH_ escapes resolved, sharing
// the memory of values seen before.
func (rr *rowReader) intern(v []byte) string {
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

// richText reads the text of a string item (<is> or <si>): the <t> of the
// item and of its runs, without phonetic runs.
func (rr *rowReader) richText(buf []byte) ([]byte, error) {
	buf, _, err := readRichText(rr.sc, buf)
	return buf, err
}

// readRichText reads the text of a string item; plain reports that the
// item is one <t> and nothing else, no formatted runs.
func readRichText(sc *scanner, buf []byte) (_ []byte, plain bool, err error) {
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
			depth--
		}
	}
	return buf, texts <= 1 && !other, nil
}

// readSharedStrings reads a shared strings part.
func readSharedStrings(r io.Reader) ([]string, error) {
	var out []string
	err := scanSharedStrings(r, func(s string, plain bool) { out = append(out, s) })
	return out, err
}

// scanSharedStrings calls fn with the text of each item of a shared
// strings part, and whether the item is plain text (see readRichText).
func scanSharedStrings(r io.Reader, fn func(s string, plain bool)) error {
	sc := newScanner(r)
	var buf []byte
	n := 0
	for {
		t, err := sc.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			return nil
		case tokStart:
			if string(t.name) != "si" {
				continue
			}
			if n++; n > maxRows*4 {
				return errors.New("too many shared strings")
			}
			if t.empty {
				fn("", true)
				continue
			}
			var plain bool
			if buf, plain, err = readRichText(sc, buf[:0]); err != nil {
				return err
			}
			fn(decodeEscapes(string(buf)), plain)
		}
	}
}

// Worksheet limits of Excel.
const (
	maxRows = 1048576
	maxCols = 16384
)

// columnOf returns the column of a cell reference such as "AB12".
func columnOf(ref []byte) (int, bool) {
	col := 0
	i := 0
	for ; i < len(ref); i++ {
		b := ref[i]
		switch {
		case b >= 'A' && b <= 'Z':
			col = col*26 + int(b-'A'+1)
		case b >= 'a' && b <= 'z':
			col = col*26 + int(b-'a'+1)
		default:
			goto done
		}
		if col > maxCols {
			return 0, false
		}
	}
done:
	if i == 0 || col < 1 {
		return 0, false
	}
	return col, true
}

// columnName returns the letters of a 1-based column: 1 is A, 28 is AB.
func columnName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// decodeEscapes resolves the _xHHHH_ escapes Excel writes in strings for
// characters XML cannot carry ("_x000D_" is a carriage return).
func decodeEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if r, ok := escapeAt(s, i); ok {
			b.WriteRune(r)
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// escapeAt reports whether s[i:] starts with _xHHHH_ and which character it
// stands for.
func escapeAt(s string, i int) (rune, bool) {
	if i+7 > len(s) || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

// clean makes text safe to store in a cell (see package celltext).
var clean = celltext.Clean

const maxCellChars = celltext.MaxChars

// sheetWriter writes worksheet rows as XML.
type sheetWriter struct {
	w   *bufio.Writer
	buf []byte
	// strs is the workbook's shared string table; without one, strings
	// are written inline.
	strs *stringTable
	// prev is the number of the row written last (or kept before the
	// first row written).
	prev int
}

// row writes one row with its cells. A row or cell that follows the one
// before has no r attribute: the reference is optional, and leaving it out
// makes a large sheet smaller and lets an update copy rows without
// renumbering them. Text never passes through a formula.
func (sw *sheetWriter) row(r *xrow) {
	b := append(sw.buf[:0], `<row`...)
	if r.num != sw.prev+1 {
		b = append(b, ` r="`...)
		b = strconv.AppendInt(b, int64(r.num), 10)
		b = append(b, '"')
	}
	sw.prev = r.num
	if r.style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(r.style), 10)
		b = append(b, '"')
		if r.customFormat {
			b = append(b, ` customFormat="1"`...)
		}
	}
	if r.height != "" {
		b = append(b, ` ht="`...)
		b = append(b, r.height...)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	prevCol := 0
	for _, c := range r.cells {
		if c.kind == kindEmpty && c.style == 0 {
			continue
		}
		b = sw.appendCell(b, r.num, c, c.col == prevCol+1)
		prevCol = c.col
	}
	b = append(b, "</row>"...)
	sw.buf = b
	sw.w.Write(b)
}

// raw writes a row's cells as they were read (see rowReader.peekRow); the
// row follows the one written before.
func (sw *sheetWriter) raw(cells []byte) {
	sw.prev++
	sw.w.WriteString("<row>")
	sw.w.Write(cells)
	sw.w.WriteString("</row>")
}

func (sw *sheetWriter) appendCell(b []byte, row int, c cell, follows bool) []byte {
	b = append(b, `<c`...)
	if !follows {
		b = append(b, ` r="`...)
		b = append(b, columnName(c.col)...)
		b = strconv.AppendInt(b, int64(row), 10)
		b = append(b, '"')
	}
	if c.style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(c.style), 10)
		b = append(b, '"')
	}
	switch c.kind {
	case kindEmpty:
		return append(b, "/>"...)
	case kindNum:
		b = append(b, "><v>"...)
		b = append(b, c.val...)
		return append(b, "</v></c>"...)
	case kindBool:
		b = append(b, ` t="b"><v>`...)
		b = append(b, c.val...)
		return append(b, "</v></c>"...)
	case kindErr:
		b = append(b, ` t="e"><v>`...)
		b = appendEscaped(b, c.val)
		return append(b, "</v></c>"...)
	}
	s := clean(c.val)
	if sw.strs != nil {
		b = append(b, ` t="s"><v>`...)
		b = strconv.AppendInt(b, int64(sw.strs.id(s)), 10)
		return append(b, "</v></c>"...)
	}
	b = append(b, ` t="inlineStr"><is>`...)
	b = appendText(b, "", s)
	return append(b, "</is></c>"...)
}

// appendText appends a <t> element (with a namespace prefix such as "x:",
// or "") with the text s.
func appendText(b []byte, prefix, s string) []byte {
	b = append(b, '<')
	b = append(b, prefix...)
	b = append(b, 't')
	if s != strings.TrimSpace(s) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	b = appendEscaped(b, s)
	b = append(b, "</"...)
	b = append(b, prefix...)
	return append(b, "t>"...)
}

// appendEscaped appends s as XML text, with a literal _xHHHH_ protected
// from being read as an escape.
func appendEscaped(b []byte, s string) []byte {
	plain := true
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c != '&' && c != '<' && c != '>' && c != '_'
	}
	if plain {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '_':
			if _, ok := escapeAt(s, i); ok {
				b = append(b, "_x005F"...)
			}
			b = append(b, '_')
		default:
			b = append(b, c)
		}
	}
	return b
}

// spliceSheetData returns the worksheet part xml with the rows of its
// sheetData replaced: the first row is kept when it is row 1 (the header),
// and rows are written by fill. The dimension element is updated to ref.
func spliceSheetData(xml []byte, w io.Writer, ref string, fill func(sw *sheetWriter) error) error {
	rr := newRowReader(bytes.NewReader(xml), nil)
	first, err := rr.next()
	if err != nil {
		return err
	}
	var header []byte
	if first != nil && first.num == 1 {
		header = xml[rr.rowStart:rr.rowEnd]
	}
	if rr.state == 1 {
		// The rows are not needed: skip them without reading each cell.
		if err := rr.sc.skipElement(); err != nil {
			return err
		}
		rr.state, rr.dataEnd = 2, rr.sc.off
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(setDimension(xml[:rr.dataStart], ref))
	q := rr.dataQName
	bw.WriteString("<")
	bw.Write(q)
	bw.WriteString(">")
	bw.Write(header)
	sw := &sheetWriter{w: bw}
	if header != nil {
		sw.prev = 1
	}
	if err := fill(sw); err != nil {
		return err
	}
	bw.WriteString("</")
	bw.Write(q)
	bw.WriteString(">")
	bw.Write(xml[rr.dataEnd:])
	return bw.Flush()
}

// setDimension rewrites the ref of the dimension element in the part of a
// worksheet before its sheetData.
func setDimension(head []byte, ref string) []byte {
	sc := newScanner(bytes.NewReader(head))
	for {
		t, err := sc.next()
		if err != nil || t.kind == tokEOF {
			return head
		}
		if t.kind == tokStart && string(t.name) == "dimension" {
			out := make([]byte, 0, len(head)+16)
			out = append(out, head[:t.start]...)
			out = append(out, `<`...)
			out = append(out, t.qname...)
			out = append(out, ` ref="`...)
			out = append(out, ref...)
			out = append(out, `"/>`...)
			end := t.end
			if !t.empty {
				if err := sc.skipElement(); err != nil {
					return head
				}
				end = sc.off
			}
			return append(out, head[end:]...)
		}
	}
}

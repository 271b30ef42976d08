package form

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// book is what a form is read from: the text of the cells of some sheets
// of a workbook, and when it was saved. It reads only those parts of the
// file, as they are, which is fifty times quicker than opening the
// workbook with excelize, whose model of the whole workbook a form does not
// need: a company-wide folder holds thousands of forms.
type book struct {
	z      *zip.Reader
	sheets []bookSheet // in workbook order
	rels   map[string]string
	strs   sharedStrings // read when a sheet needs them
	strsOK bool
	strErr error
}

// sharedStrings are the shared strings of a workbook, decoded as they are
// read: a form's questions and their help are most of its strings, and
// need not be.
type sharedStrings struct {
	data  []byte // the part, kept while the form is read; nil when items is
	items []item // where each string stands in data
	strs  []string
	done  []bool // which of strs are decoded
}

// get returns the i-th string, which must exist.
func (s *sharedStrings) get(i int) string {
	if !s.done[i] {
		s.strs[i], s.done[i] = itemText(s.data, s.items[i]), true
	}
	return s.strs[i]
}

type bookSheet struct {
	name, part string
}

// openBook reads a workbook's list of sheets. Its errors are
// ErrNotWorkbook, or a description of a part that is too large.
func openBook(r io.ReaderAt, size int64) (*book, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, ErrNotWorkbook
	}
	xlsx.ReadDeflate(z)
	var total uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
	}
	if total > MaxUnzipped {
		return nil, fmt.Errorf("unpacks to more than %d MB: not a form audit made", MaxUnzipped>>20)
	}
	b := &book{z: z, rels: map[string]string{}}
	wb, err := b.part("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	defer release(wb)
	rels, err := b.part("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	defer release(rels)
	if sheets, relMap, ok := workbooks.lookup(wb, rels); ok {
		b.sheets, b.rels = sheets, relMap
		return b, nil
	}
	var sheetRels []string
	relPrefix := "r" // the prefix of the relationships namespace, as declared
	if err := scanXML(wb, func(d *xml.Decoder, t xml.StartElement) error {
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" && strings.HasSuffix(a.Value, "/relationships") {
				relPrefix = a.Name.Local
			}
		}
		if t.Name.Local == "sheet" {
			b.sheets = append(b.sheets, bookSheet{name: attr(t, "", "name")})
			sheetRels = append(sheetRels, attr(t, relPrefix, "id"))
		}
		return nil
	}); err != nil {
		return nil, ErrNotWorkbook
	}
	if err := scanXML(rels, func(d *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local == "Relationship" {
			target := attr(t, "", "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join("xl", target)
			}
			b.rels[attr(t, "", "Id")] = target
			if strings.HasSuffix(attr(t, "", "Type"), "/sharedStrings") {
				b.rels["sharedStrings"] = target
			}
		}
		return nil
	}); err != nil {
		return nil, ErrNotWorkbook
	}
	for i, id := range sheetRels {
		b.sheets[i].part = b.rels[id]
	}
	workbooks.add(wb, rels, b.sheets, b.rels)
	return b, nil
}

// workbooks holds the lists of sheets read last, by the bytes of the parts
// they were read from: the forms of a folder were made by one program and
// have the same, and reading them with encoding/xml took a tenth of the
// time of reading a form. The lists are shared and not changed.
var workbooks workbookCache

type workbookCache struct {
	mu      sync.Mutex
	entries [4]workbookEntry
	next    int
}

type workbookEntry struct {
	workbook, rels []byte
	sheets         []bookSheet
	relMap         map[string]string
}

func (c *workbookCache) lookup(workbook, rels []byte) ([]bookSheet, map[string]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.sheets != nil && bytes.Equal(e.workbook, workbook) && bytes.Equal(e.rels, rels) {
			return e.sheets, e.relMap, true
		}
	}
	return nil, nil, false
}

func (c *workbookCache) add(workbook, rels []byte, sheets []bookSheet, relMap map[string]string) {
	if sheets == nil || len(workbook)+len(rels) > 64<<10 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &c.entries[c.next]
	e.workbook, e.rels, e.sheets, e.relMap = bytes.Clone(workbook), bytes.Clone(rels), sheets, relMap
	c.next = (c.next + 1) % len(c.entries)
}

// sheetNames lists the sheets in workbook order.
func (b *book) sheetNames() []string {
	names := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		names[i] = s.name
	}
	return names
}

// part returns the unpacked bytes of a part of the zip file.
func (b *book) part(name string) ([]byte, error) {
	for _, f := range b.z.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > MaxUnzippedXML {
			return nil, fmt.Errorf("%s unpacks to more than %d MB: not a form audit made", name, MaxUnzippedXML>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, ErrNotWorkbook
		}
		defer rc.Close()
		// The size in the zip's directory may lie: read no more than the
		// limit, into a buffer of the size it gives.
		buf := bytes.NewBuffer(partBuffer(int(f.UncompressedSize64) + 1))
		if _, err := buf.ReadFrom(io.LimitReader(rc, MaxUnzippedXML+1)); err != nil || buf.Len() > MaxUnzippedXML {
			return nil, ErrNotWorkbook
		}
		return buf.Bytes(), nil
	}
	return nil, ErrNotWorkbook
}

// partBuffers holds buffers that parts were unpacked into, for the next
// part: what is read from a part is copied out of it, and the hundred
// kilobytes that a form's parts unpack to were a fifth of what reading a
// folder of forms allocated.
var partBuffers sync.Pool // of *[]byte

// maxPooled is the largest buffer kept in partBuffers.
const maxPooled = 1 << 20

// partBuffer returns an empty buffer of at least n bytes.
func partBuffer(n int) []byte {
	if p, ok := partBuffers.Get().(*[]byte); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]byte, 0, n)
}

// release gives the buffer of a part back once nothing of it is used.
func release(data []byte) {
	if cap(data) <= maxPooled {
		data = data[:0]
		partBuffers.Put(&data)
	}
}

// sharedStrings reads the shared string table, once.
func (b *book) sharedStrings() (*sharedStrings, error) {
	if b.strsOK {
		return &b.strs, b.strErr
	}
	b.strsOK = true
	name, ok := b.rels["sharedStrings"]
	if !ok {
		return &b.strs, nil // a workbook without shared strings stores text inline
	}
	data, err := b.part(name)
	if err != nil {
		b.strErr = err
		return nil, err
	}
	if items, ok := indexStrings(data); ok {
		b.strs = sharedStrings{data: data, items: items, strs: make([]string, len(items)), done: make([]bool, len(items))}
		return &b.strs, nil
	}
	defer release(data)
	strs, err := slowStrings(data)
	if err != nil {
		b.strErr = fmt.Errorf("the shared strings cannot be read: %w", err)
		return nil, b.strErr
	}
	b.strs.strs, b.strs.done = strs, make([]bool, len(strs))
	for i := range b.strs.done {
		b.strs.done[i] = true
	}
	return &b.strs, nil
}

// close gives back the buffers of the parts the book keeps.
func (b *book) close() {
	if b.strs.data != nil {
		release(b.strs.data)
		b.strs = sharedStrings{}
	}
}

// slowStrings reads the items of a shared strings part with encoding/xml:
// the <sst> element, as quickStrings does; what follows it is not read.
func slowStrings(data []byte) ([]string, error) {
	start := bytes.Index(data, []byte("<sst"))
	if start < 0 {
		return nil, errors.New("no string table")
	}
	var strs []string
	err := scanUntil(data[start:], "sst", func(d *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local != "si" {
			return nil
		}
		s, err := richText(d, t)
		strs = append(strs, s)
		return err
	})
	return strs, err
}

// cells reads the text of every cell of a sheet, by reference ("D14"), as
// it was last saved: text as text, numbers and booleans as written, the
// value a formula last had. It returns nil when there is no such sheet.
func (b *book) cells(sheet string) (map[string]string, error) {
	sh, err := b.readSheet(sheet)
	if sh == nil || err != nil {
		return nil, err
	}
	cells := map[string]string{}
	for k, v := range sh.named {
		cells[k] = v
	}
	for i := range sh.cells {
		c := &sh.cells[i]
		if v := b.value(c); v != "" {
			cells[c.quickCell().ref] = v
		}
	}
	return cells, nil
}

// sheetPart returns the part of a sheet, nil when there is no such sheet.
func (b *book) sheetPart(sheet string) ([]byte, error) {
	part := ""
	for _, s := range b.sheets {
		if s.name == sheet {
			part = s.part
		}
	}
	if part == "" {
		return nil, nil
	}
	return b.part(part)
}

// sheet is the cells of a sheet, as cells reads them.
type sheet struct {
	cells []sheetCell // those of plain references (plainRef), by sheetCell.at
	// The text of the cells of other references (written "d14" or
	// "$D$14"), by reference as written: few sheets have any.
	named map[string]string
}

// readSheet reads a sheet's cells; nil when there is no such sheet.
//
// Cells are kept by coordinates, their shared strings by index, decoded
// when read: keeping every cell's text by reference in a map took a third
// of the time of reading a form (see the package comment for figures).
func (b *book) readSheet(name string) (*sheet, error) {
	data, err := b.sheetPart(name)
	if data == nil || err != nil {
		return nil, err
	}
	defer release(data)
	sh, _, err := b.scan(name, data)
	return sh, err
}

// scan reads the cells of a sheet from its part, which it does not keep;
// cells are those of the part in the order written.
func (b *book) scan(name string, data []byte) (sh *sheet, cells []sheetCell, err error) {
	cells, ok := scanSheet(data)
	if !ok {
		slow, err := slowSheet(data)
		if err != nil {
			return nil, nil, fmt.Errorf("the sheet %q cannot be read: %w", name, err)
		}
		cells = make([]sheetCell, len(slow))
		for i, c := range slow {
			cells[i] = sheetCellOf(c)
		}
	}
	// The checks the value of every cell had when all were read: the
	// shared string it names exists.
	for i := range cells {
		if err := b.check(&cells[i]); err != nil {
			return nil, nil, fmt.Errorf("the sheet %q cannot be read: %s: %w", name, cells[i].quickCell().ref, err)
		}
	}
	sh = &sheet{cells: cells}
	for i := range cells {
		c := &cells[i]
		if c.ref == "" {
			continue
		}
		if v := b.value(c); v != "" {
			if sh.named == nil {
				sh.named = map[string]string{}
			}
			sh.named[c.ref] = v
		}
	}
	if sh.named != nil {
		sh.cells = nil
		for _, c := range cells {
			if c.ref == "" {
				sh.cells = append(sh.cells, c)
			}
		}
	}
	for i := 1; i < len(sh.cells); i++ {
		if sh.cells[i-1].at > sh.cells[i].at {
			// Stable: of two cells of one reference, the later counts.
			slices.SortStableFunc(sh.cells, func(x, y sheetCell) int { return cmp.Compare(x.at, y.at) })
			break
		}
	}
	return sh, cells, nil
}

// check checks that the shared string a cell names exists; for a cell of
// type "s" written as other than plain digits, it sets c.sst.
func (b *book) check(c *sheetCell) error {
	if c.typ != "s" {
		return nil
	}
	strs, err := b.sharedStrings()
	if err != nil {
		return err
	}
	i := c.sst
	if i < 0 {
		n, err := strconv.Atoi(strings.TrimSpace(c.v))
		if err != nil || n < 0 || n >= len(strs.strs) {
			return fmt.Errorf("no shared string %q", c.v)
		}
		c.sst = n
		return nil
	}
	if i >= len(strs.strs) {
		return fmt.Errorf("no shared string %q", strconv.Itoa(i))
	}
	return nil
}

// find returns the text of the cell at column col and row row; "" when
// it has none.
func (b *book) find(sh *sheet, col, row int) string {
	at := cellAt(col, row)
	cells := sh.cells
	i := search(cells, at)
	if i == len(cells) || cells[i].at != at {
		return ""
	}
	j := i + 1
	for j < len(sh.cells) && sh.cells[j].at == at {
		j++
	}
	// Of several cells of one reference, the last that is not empty, as
	// when all cells were put into a map.
	for j--; j >= i; j-- {
		if v := b.value(&sh.cells[j]); v != "" {
			return v
		}
	}
	return ""
}

// textIs reports whether the cell of a reference holds the text want,
// when it can tell without decoding the cell's shared string: a question's
// text, which the reader compares with the answer key's, is most of the
// bytes of a form's strings. False means that it cannot tell, or not.
func (b *book) textIs(sh *sheet, ref, want string) bool {
	col, row, ok := plainRef(ref)
	if !ok || sh == nil {
		return false
	}
	at := cellAt(col, row)
	i := search(sh.cells, at)
	if i == len(sh.cells) || sh.cells[i].at != at || i+1 < len(sh.cells) && sh.cells[i+1].at == at || sh.cells[i].typ != "s" {
		return false
	}
	strs, n := &b.strs, sh.cells[i].sst
	if strs.done[n] {
		return strs.strs[n] == want
	}
	raw := strs.data[strs.items[n].start:strs.items[n].end]
	const start, end = "<si><t>", "</t></si>"
	if !bytes.HasPrefix(raw, []byte(start)) || !bytes.HasSuffix(raw, []byte(end)) || len(raw) < len(start)+len(end) {
		return false
	}
	text := raw[len(start) : len(raw)-len(end)]
	// Without markup, entities or escapes, the text is as written.
	return bytes.IndexAny(text, "<&") < 0 && !bytes.Contains(text, []byte("_x")) && string(text) == want
}

// search returns the index of the first cell at or after at.
func search(cells []sheetCell, at uint64) int {
	i, j := 0, len(cells)
	for i < j {
		h := int(uint(i+j) >> 1)
		if cells[h].at < at {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}

// lookup returns the text of the cell of a reference; "" when it has none.
func (b *book) lookup(sh *sheet, ref string) string {
	if sh == nil {
		return ""
	}
	if col, row, ok := plainRef(ref); ok {
		return b.find(sh, col, row)
	}
	return sh.named[ref]
}

// value returns the text of a cell as stored; check has checked it.
func (b *book) value(c *sheetCell) string {
	switch c.typ {
	case "s":
		return b.strs.get(c.sst)
	case "inlineStr":
		return c.inline
	case "b":
		if strings.TrimSpace(c.v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "str", "e":
		return unescape(c.v)
	}
	return c.v
}

// slowSheet reads the cells of a worksheet part with encoding/xml: those
// of its <sheetData> element, as quickSheet does; the rest of the sheet
// (its views, merged cells, validations) is not read.
func slowSheet(data []byte) ([]quickCell, error) {
	start := bytes.Index(data, []byte("<sheetData"))
	if start < 0 {
		return nil, nil // no cells
	}
	var cells []quickCell
	row, col := 0, 0
	err := scanUntil(data[start:], "sheetData", func(d *xml.Decoder, t xml.StartElement) error {
		switch t.Name.Local {
		case "row":
			if r, err := strconv.Atoi(attr(t, "", "r")); err == nil && r > 0 {
				row = r
			} else {
				row++ // rows without numbers follow one another
			}
			col = 0
		case "c":
			c := quickCell{ref: attr(t, "", "r"), typ: attr(t, "", "t")}
			if cc, r, err := excelize.CellNameToCoordinates(c.ref); err == nil {
				col, row = cc, r
			} else {
				col++
				ref, err := excelize.CoordinatesToCellName(col, max(row, 1))
				if err != nil {
					return err
				}
				c.ref = ref
			}
			if err := cellContent(d, &c); err != nil {
				return fmt.Errorf("%s: %w", c.ref, err)
			}
			cells = append(cells, c)
		}
		return nil
	})
	return cells, err
}

// cellContent reads a <c> element's value.
func cellContent(d *xml.Decoder, c *quickCell) error {
	for {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				if c.v, err = text(d); err != nil {
					return err
				}
			case "is":
				if c.inline, err = richText(d, t); err != nil {
					return err
				}
			default:
				if err := skip(d); err != nil {
					return err
				}
			}
		case xml.EndElement:
			return nil
		}
	}
}

// richText reads the text of a string item (<si> or <is>): its <t>, or the
// <t> of its runs, without phonetic hints.
func richText(d *xml.Decoder, start xml.StartElement) (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				s, err := text(d)
				if err != nil {
					return "", err
				}
				b.WriteString(s)
			case "rPh", "phoneticPr":
				if err := skip(d); err != nil {
					return "", err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return unescape(b.String()), nil
			}
			depth--
		}
	}
}

// text reads the character data of an element up to its end.
func text(d *xml.Decoder) (string, error) {
	var b strings.Builder
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := skip(d); err != nil {
				return "", err
			}
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// scanXML calls fn for each start element of an XML document; fn may read
// the element's content from d. It reads raw tokens (names with their
// prefixes as written, no namespace bookkeeping): twice as quick, and
// these parts use fixed prefixes.
func scanXML(data []byte, fn func(d *xml.Decoder, t xml.StartElement) error) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.StartElement); ok {
			if err := fn(d, t); err != nil {
				return err
			}
		}
	}
}

// scanUntil is scanXML over data up to the end of the element named end,
// which data starts with; it is an error if that element does not end.
func scanUntil(data []byte, end string, fn func(d *xml.Decoder, t xml.StartElement) error) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(d, t); err != nil {
				return err
			}
		case xml.EndElement:
			if t.Name.Local == end && t.Name.Space == "" {
				return nil
			}
		}
	}
}

// attr returns an attribute's value; space is its prefix as written ("r"
// in r:id).
func attr(t xml.StartElement, space, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local != local {
			continue
		}
		if a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// escaped is how a workbook writes a character that XML cannot carry:
// _xHHHH_, with _x005F_ standing for the underscore of a literal _xHHHH_.
var escaped = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// unescape decodes _xHHHH_ escapes as Excel and excelize write them.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range escaped.FindAllStringIndex(s, -1) {
		b.WriteString(s[last:m[0]])
		code, _ := strconv.ParseUint(s[m[0]+2:m[0]+6], 16, 32)
		if code == '_' {
			b.WriteByte('_')
		} else {
			b.WriteRune(rune(code))
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// coreDates returns the modified and created times of docProps/core.xml,
// as written; empty when there are none.
func (b *book) coreDates() (modified, created string) {
	data, err := b.part("docProps/core.xml")
	if err != nil {
		return "", ""
	}
	defer release(data)
	_ = scanXML(data, func(d *xml.Decoder, t xml.StartElement) error {
		switch t.Name.Local {
		case "modified":
			modified, _ = text(d)
		case "created":
			created, _ = text(d)
		}
		return nil
	})
	return modified, created
}

// skip discards the rest of the element whose start was just read.
func skip(d *xml.Decoder) error {
	depth := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

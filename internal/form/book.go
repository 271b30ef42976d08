package form

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
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
	strs   []string // shared strings; read when a sheet needs them
	strsOK bool
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
	return b, nil
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
func (b *book) sharedStrings() ([]string, error) {
	if b.strsOK {
		return b.strs, nil
	}
	b.strsOK = true
	name, ok := b.rels["sharedStrings"]
	if !ok {
		return nil, nil // a workbook without shared strings stores text inline
	}
	data, err := b.part(name)
	if err != nil {
		return nil, err
	}
	defer release(data)
	if strs, ok := quickStrings(data); ok {
		b.strs = strs
		return strs, nil
	}
	if b.strs, err = slowStrings(data); err != nil {
		return nil, fmt.Errorf("the shared strings cannot be read: %w", err)
	}
	return b.strs, nil
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
	part := ""
	for _, s := range b.sheets {
		if s.name == sheet {
			part = s.part
		}
	}
	if part == "" {
		return nil, nil
	}
	data, err := b.part(part)
	if err != nil {
		return nil, err
	}
	raw, ok := quickSheet(data)
	if !ok {
		raw, err = slowSheet(data)
	}
	release(data)
	if err != nil {
		return nil, fmt.Errorf("the sheet %q cannot be read: %w", sheet, err)
	}
	cells := make(map[string]string, len(raw))
	for _, c := range raw {
		v, err := b.value(c)
		if err != nil {
			return nil, fmt.Errorf("the sheet %q cannot be read: %s: %w", sheet, c.ref, err)
		}
		if v != "" {
			cells[c.ref] = v
		}
	}
	return cells, nil
}

// value returns the text of a cell as stored.
func (b *book) value(c quickCell) (string, error) {
	switch c.typ {
	case "s":
		strs, err := b.sharedStrings()
		if err != nil {
			return "", err
		}
		i, err := strconv.Atoi(strings.TrimSpace(c.v))
		if err != nil || i < 0 || i >= len(strs) {
			return "", fmt.Errorf("no shared string %q", c.v)
		}
		return strs[i], nil
	case "inlineStr":
		return c.inline, nil
	case "b":
		if strings.TrimSpace(c.v) == "1" {
			return "TRUE", nil
		}
		return "FALSE", nil
	case "str", "e":
		return unescape(c.v), nil
	}
	return c.v, nil
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

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
	rels, err := b.part("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
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
		// The size in the zip's directory may lie: read no more than it
		// allows.
		data, err := io.ReadAll(io.LimitReader(rc, MaxUnzippedXML+1))
		if err != nil || len(data) > MaxUnzippedXML {
			return nil, ErrNotWorkbook
		}
		return data, nil
	}
	return nil, ErrNotWorkbook
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
	err = scanXML(data, func(d *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local != "si" {
			return nil
		}
		s, err := richText(d, t)
		b.strs = append(b.strs, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("the shared strings cannot be read: %w", err)
	}
	return b.strs, nil
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
	cells := map[string]string{}
	row, col := 0, 0
	err = scanXML(data, func(d *xml.Decoder, t xml.StartElement) error {
		switch t.Name.Local {
		case "row":
			if r, err := strconv.Atoi(attr(t, "", "r")); err == nil {
				row = r
			} else {
				row++ // rows without numbers follow one another
			}
			col = 0
		case "c":
			ref := attr(t, "", "r")
			if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
				col, row = c, r
			} else {
				col++
				if ref, err = excelize.CoordinatesToCellName(col, max(row, 1)); err != nil {
					return err
				}
			}
			v, err := b.cellValue(d, t)
			if err != nil {
				return fmt.Errorf("%s: %w", ref, err)
			}
			if v != "" {
				cells[ref] = v
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("the sheet %q cannot be read: %w", sheet, err)
	}
	return cells, nil
}

// cellValue reads a <c> element's value.
func (b *book) cellValue(d *xml.Decoder, c xml.StartElement) (string, error) {
	typ := attr(c, "", "t")
	var v, inline string
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				if v, err = text(d); err != nil {
					return "", err
				}
			case "is":
				if inline, err = richText(d, t); err != nil {
					return "", err
				}
			default:
				if err := skip(d); err != nil {
					return "", err
				}
			}
		case xml.EndElement:
			switch typ {
			case "s":
				strs, err := b.sharedStrings()
				if err != nil {
					return "", err
				}
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(strs) {
					return "", fmt.Errorf("no shared string %q", v)
				}
				return strs[i], nil
			case "inlineStr":
				return inline, nil
			case "b":
				if strings.TrimSpace(v) == "1" {
					return "TRUE", nil
				}
				return "FALSE", nil
			case "str", "e":
				return unescape(v), nil
			}
			return v, nil
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

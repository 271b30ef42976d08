package form

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The quick path of the book reader. Worksheets and shared strings are
// read with bytes.Index instead of encoding/xml, which decodes these parts
// at a few megabytes a second: a form took 4 ms, most of it there. The
// quick path reads the markup that spreadsheet programs write in these
// parts; anything else (comments, CDATA, prefixed names, an entity it does
// not know, markup it does not expect) makes it give up, and encoding/xml
// reads the part instead. FuzzQuickXML checks that both read the same
// whenever the quick path reads a part.

// quickCell is a cell as its part stores it.
type quickCell struct {
	ref, typ, v, inline string
}

// sheetCell is a cell as the reader keeps it: where it is, and its value
// as stored, a shared string by its index. Reading a form's sheets into
// quickCells, strings all, took a third of the time of reading a form.
type sheetCell struct {
	at  uint64 // row<<16 | column, for a reference as programs write it
	ref string // any other reference, as written ("" for such a one)
	typ string
	// sst is the index of the shared string of a cell of type "s" whose
	// value is written as plain digits, -1 otherwise; v is the value then.
	sst       int
	v, inline string
	// Where the digits of sst stand in the part (the quick path only).
	vStart, vEnd int32
}

// cellAt packs a cell's coordinates into sheetCell.at.
func cellAt(col, row int) uint64 { return uint64(row)<<16 | uint64(col) }

// quickCell returns c as quickSheet read cells before sheetCell.
func (c *sheetCell) quickCell() quickCell {
	q := quickCell{ref: c.ref, typ: c.typ, v: c.v, inline: c.inline}
	if q.ref == "" {
		q.ref, _ = excelize.CoordinatesToCellName(int(c.at&0xffff), int(c.at>>16))
	}
	if c.sst >= 0 {
		q.v = strconv.Itoa(c.sst)
	}
	return q
}

// sheetCellOf returns a cell that encoding/xml read as a sheetCell.
func sheetCellOf(q quickCell) sheetCell {
	c := sheetCell{ref: q.ref, typ: q.typ, sst: -1, v: q.v, inline: q.inline}
	if col, row, ok := plainRef(q.ref); ok {
		c.at, c.ref = cellAt(col, row), ""
	}
	return c
}

// quickSheet reads the cells of a worksheet part; ok is false when the
// part holds anything it does not read exactly.
func quickSheet(data []byte) (cells []quickCell, ok bool) {
	sc, ok := scanSheet(data)
	if !ok || sc == nil {
		return nil, ok
	}
	cells = make([]quickCell, len(sc))
	for i := range sc {
		cells[i] = sc[i].quickCell()
	}
	return cells, true
}

// scanSheet reads the cells of a worksheet part as quickSheet does,
// without copying from the part what it need not: the digits of a shared
// string's index, the reference of a cell, its type.
func scanSheet(data []byte) (cells []sheetCell, ok bool) {
	s, empty, ok := openElement(data, "sheetData")
	if !ok || empty {
		return nil, ok
	}
	// As many cells as the part has <c tags: growing the slice cell by
	// cell took a tenth of the time.
	if n := bytes.Count(data[s.pos:], []byte("<c ")); n > 0 {
		cells = make([]sheetCell, 0, n)
	}
	row, col := 0, 0
	for {
		if !s.skipSpace() {
			return nil, false
		}
		tag, selfClosing, ok := s.tag()
		switch {
		case !ok:
			return nil, false
		case string(tag) == "/sheetData":
			if len(cells) == 0 {
				return nil, true
			}
			return cells, true
		case string(tag) == "row":
			r := s.rawAttr("r")
			if n, ok := digits(r); ok && n > 0 {
				row = n
			} else if len(r) == 0 {
				row++
			} else if n, err := strconv.Atoi(s.attr("r")); err == nil && n > 0 {
				row = n
			} else {
				return nil, false
			}
			col = 0
		case string(tag) == "/row":
		case string(tag) == "c":
			c := sheetCell{sst: -1, typ: s.cellType()}
			ref := s.rawAttr("r")
			if cc, r, ok := plainRef(ref); ok {
				col, row = cc, r
				c.at = cellAt(col, row)
			} else if len(ref) == 0 {
				col++
				name, err := excelize.CoordinatesToCellName(col, max(row, 1))
				if err != nil {
					return nil, false
				}
				c.at = cellAt(col, max(row, 1))
				if _, _, plain := plainRef(name); !plain {
					c.at, c.ref = 0, name
				}
			} else {
				c.ref = s.attr("r")
				cc, r, ok := cellCoordinates(c.ref)
				if !ok {
					return nil, false
				}
				col, row = cc, r
				if _, _, plain := plainRef(c.ref); plain { // an entity in the reference
					c.at, c.ref = cellAt(col, row), ""
				}
			}
			if !selfClosing && !s.cellContent(&c) {
				return nil, false
			}
			cells = append(cells, c)
		default:
			return nil, false
		}
	}
}

// digits reads b as a number of plain digits, written as strconv.Itoa
// writes it, of no more than nine of them.
func digits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 || b[0] == '0' && len(b) > 1 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// cellType returns the type of the cell whose tag was read last, as one of
// the constants that name the types, so that the cells of a sheet do not
// each hold a copy.
func (s *quickScanner) cellType() string {
	t := s.rawAttr("t")
	for _, known := range [...]string{"s", "str", "inlineStr", "b", "e", "n", "d"} {
		if string(t) == known {
			return known
		}
	}
	return s.attr("t")
}

// cellContent reads a cell's children up to </c>.
func (s *quickScanner) cellContent(c *sheetCell) bool {
	for {
		if !s.skipSpace() {
			return false
		}
		tag, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return false
		case name == "/c":
			return true
		case selfClosing && (name == "v" || name == "f" || name == "is"):
		case name == "v":
			start := s.pos
			raw, entities, ok := s.rawTextUntil("</v>")
			if !ok {
				return false
			}
			c.sst, c.v = -1, ""
			if n, ok := digits(raw); ok && c.typ == "s" {
				c.sst, c.vStart, c.vEnd = n, int32(start), int32(start+len(raw))
			} else if !entities {
				c.v = string(raw)
			} else if c.v, ok = unescapeXML(raw); !ok {
				return false
			}
		case name == "f":
			if _, _, ok := s.rawTextUntil("</f>"); !ok {
				return false
			}
		case name == "is":
			text, ok := s.richText("/is", true)
			if !ok {
				return false
			}
			c.inline = text
		default:
			return false
		}
	}
}

// openElement finds the first element name in data and reads its start
// tag; empty says it has no content (<name/>), ok false that data has no
// such element or its tag is not one quickScanner reads.
func openElement(data []byte, name string) (s quickScanner, empty, ok bool) {
	at := bytes.Index(data, []byte("<"+name))
	if at < 0 {
		return s, false, false
	}
	// Comments, CDATA and processing instructions are not names: tag
	// refuses them wherever they are.
	s = quickScanner{data: data, pos: at}
	got, selfClosing, ok := s.tag()
	if !ok || string(got) != name {
		return s, false, false
	}
	return s, selfClosing, true
}

// quickStrings reads the items of a shared strings part.
func quickStrings(data []byte) (strs []string, ok bool) {
	items, ok := indexStrings(data)
	if !ok || items == nil {
		return nil, ok
	}
	strs = make([]string, len(items))
	for i, it := range items {
		strs[i] = itemText(data, it)
	}
	return strs, true
}

// item is where a string item <si> stands in its part.
type item struct{ start, end int32 }

// indexStrings finds the string items of a shared strings part, checking
// them as quickStrings reads them, without decoding them: a form's
// questions and their help are most of its strings, and are not read.
func indexStrings(data []byte) (items []item, ok bool) {
	s, empty, ok := openElement(data, "sst")
	if !ok || empty {
		return nil, ok
	}
	// As many items as the part has <si tags, or more.
	items = make([]item, 0, bytes.Count(data[s.pos:], []byte("<si")))
	for {
		if !s.skipSpace() {
			return nil, false
		}
		start := s.pos
		tag, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return nil, false
		case name == "/sst":
			return items, true
		case name == "si" && selfClosing:
		case name == "si":
			if _, ok := s.richText("/si", false); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
		items = append(items, item{int32(start), int32(s.pos)})
	}
}

// itemText decodes a string item that indexStrings found.
func itemText(data []byte, it item) string {
	s := quickScanner{data: data[:it.end], pos: int(it.start)}
	if _, selfClosing, _ := s.tag(); selfClosing {
		return ""
	}
	text, _ := s.richText("/si", true)
	return text
}

// quickScanner reads markup from data at pos.
type quickScanner struct {
	data []byte
	pos  int
	// The attributes of the tag read last, as written.
	attrs  [maxAttrs]struct{ name, value []byte }
	nattrs int
}

// maxAttrs is the most attributes a tag may have for the quick reader:
// more than cells and rows have (a tag with more is left to
// encoding/xml).
const maxAttrs = 8

// skipSpace moves to the next '<', which must follow only white space.
func (s *quickScanner) skipSpace() bool {
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case isSpace(c):
			s.pos++
		case c == '<':
			return true
		default:
			return false
		}
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// trimSpace removes white space from the start of b.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// tag reads a tag at pos: its name ("/name" for an end tag), and whether
// it closes itself; attr returns its attributes. The name points into the
// part.
//
// The tags, attributes and short texts of a form's parts are scanned
// byte by byte rather than with bytes.IndexByte, whose setup costs more
// than such short runs: a third of the time of reading a form's sheets
// went there.
func (s *quickScanner) tag() (name []byte, selfClosing, ok bool) {
	if s.pos >= len(s.data) || s.data[s.pos] != '<' {
		return nil, false, false
	}
	end := s.pos + 1
	for end < len(s.data) && s.data[end] != '>' {
		end++
	}
	if end == len(s.data) {
		return nil, false, false
	}
	inner := s.data[s.pos+1 : end]
	s.pos = end + 1
	if len(inner) > 0 && inner[len(inner)-1] == '/' {
		selfClosing, inner = true, inner[:len(inner)-1]
	}
	i := 0
	for i < len(inner) && !isSpace(inner[i]) {
		i++
	}
	name = inner[:i]
	local := name
	if len(local) > 0 && local[0] == '/' {
		local = local[1:]
	}
	if !xmlName(local) || bytes.IndexByte(local, ':') >= 0 || len(local) < len(name) && (selfClosing || i != len(inner)) {
		return nil, false, false
	}
	if !s.readAttrs(inner[i:]) {
		return nil, false, false
	}
	return name, selfClosing, true
}

// readAttrs checks the name="value" pairs of a tag as XML requires them
// (names, quotes, entities, no name twice) and keeps them for attr.
func (s *quickScanner) readAttrs(b []byte) bool {
	s.nattrs = 0
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return true
		}
		start := i
		for i < len(b) && b[i] != '=' {
			i++
		}
		if i == start || i+1 >= len(b) || (b[i+1] != '"' && b[i+1] != '\'') {
			return false
		}
		name := b[start:i]
		if !xmlName(name) || s.nattrs == maxAttrs {
			return false
		}
		for _, seen := range s.attrs[:s.nattrs] {
			if bytes.Equal(seen.name, name) {
				return false
			}
		}
		quote := b[i+1]
		j := i + 2
		for j < len(b) && b[j] != quote && b[j] != '<' {
			j++
		}
		if j == len(b) || b[j] != quote {
			return false
		}
		value := b[i+2 : j]
		if !validText(value) {
			return false
		}
		s.attrs[s.nattrs].name, s.attrs[s.nattrs].value = name, value
		s.nattrs++
		i = j + 1
		if i < len(b) && !isSpace(b[i]) {
			return false
		}
	}
}

// attr returns the decoded value of an attribute of the tag read last, ""
// when it has none.
func (s *quickScanner) attr(name string) string {
	v, _ := decodeText(s.rawAttr(name))
	return v
}

// rawAttr returns the value of an attribute of the tag read last as
// written, nil when it has none.
func (s *quickScanner) rawAttr(name string) []byte {
	for _, a := range s.attrs[:s.nattrs] {
		if string(a.name) == name {
			return a.value
		}
	}
	return nil
}

// cellCoordinates reads a cell reference such as "D14" as
// excelize.CellNameToCoordinates does, quicker for the references
// spreadsheet programs write (plainRef). Anything else goes to excelize.
func cellCoordinates(ref string) (col, row int, ok bool) {
	if col, row, ok := plainRef(ref); ok {
		return col, row, true
	}
	return excelizeCoordinates(ref)
}

// plainRef reads a cell reference as spreadsheet programs write it, and
// as excelize.CoordinatesToCellName writes it: capital letters, then a
// row number without leading zeros, within the sheet's bounds. There is
// one such reference for each cell.
func plainRef[T string | []byte](ref T) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	digits := len(ref) - i
	if i == 0 || digits == 0 || digits > 7 || ref[i] == '0' {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(ref[i]-'0')
	}
	if col > excelize.MaxColumns || row > excelize.TotalRows {
		return 0, 0, false
	}
	return col, row, true
}

func excelizeCoordinates(ref string) (col, row int, ok bool) {
	col, row, err := excelize.CellNameToCoordinates(ref)
	return col, row, err == nil
}

// textUntil reads character data up to the end tag given, which must be
// the next markup.
func (s *quickScanner) textUntil(endTag string) (string, bool) {
	raw, entities, ok := s.rawTextUntil(endTag)
	if !ok || !entities {
		return string(raw), ok
	}
	return unescapeXML(raw)
}

// rawTextUntil is textUntil that checks the text but does not decode it:
// entities says whether it needs decoding.
func (s *quickScanner) rawTextUntil(endTag string) (raw []byte, entities, ok bool) {
	end := bytes.IndexByte(s.data[s.pos:], '<')
	if end < 0 || !bytes.HasPrefix(s.data[s.pos+end:], []byte(endTag)) {
		return nil, false, false
	}
	raw = s.data[s.pos : s.pos+end]
	if entities, _, ok = checkText(raw); !ok {
		return nil, false, false
	}
	s.pos += end + len(endTag)
	return raw, entities, true
}

// richText reads a string item up to the end tag named end ("/si", "/is"):
// the text of its <t> elements, directly or in runs <r>, leaving out
// phonetic runs and run properties. Unless decode, it only checks the
// item and returns "".
func (s *quickScanner) richText(end string, decode bool) (string, bool) {
	var b strings.Builder
	// The text of the first <t>, kept apart: most items have one.
	first, texts := "", 0
	for {
		if !s.skipSpace() {
			return "", false
		}
		tag, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return "", false
		case name == end:
			if !decode {
				return "", true
			}
			if texts <= 1 {
				return unescape(first), true
			}
			return unescape(b.String()), true
		case name == "t" && selfClosing, name == "r", name == "/r":
		case name == "t" && !decode:
			if _, _, ok := s.rawTextUntil("</t>"); !ok {
				return "", false
			}
		case name == "t":
			text, ok := s.textUntil("</t>")
			if !ok {
				return "", false
			}
			switch texts++; texts {
			case 1:
				first = text
			case 2:
				b.WriteString(first)
				fallthrough
			default:
				b.WriteString(text)
			}
		case name == "rPr" && !selfClosing:
			if !s.skipTo("</rPr>") {
				return "", false
			}
		case name == "rPh" && !selfClosing:
			if !s.skipTo("</rPh>") {
				return "", false
			}
		case name == "rPr", name == "rPh", name == "phoneticPr":
		default:
			return "", false
		}
	}
}

// skipTo moves past the end tag given, which must come before any other
// element of the same name.
func (s *quickScanner) skipTo(endTag string) bool {
	end := bytes.Index(s.data[s.pos:], []byte(endTag))
	if end < 0 {
		return false
	}
	s.pos += end + len(endTag)
	return true
}

// validText reports whether character data holds only what XML allows
// and this reader decodes as encoding/xml does: no carriage return
// (encoding/xml turns \r\n into \n), no entity but the five XML defines
// and character references.
func validText(b []byte) bool {
	_, _, ok := checkText(b)
	return ok
}

// checkText is validText that also reports whether the text has an
// entity, that is, whether it needs decoding.
func checkText(b []byte) (entities, plain bool, ok bool) {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == '\r' {
				return false, false, false
			}
			entities = entities || c == '&'
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			return false, false, false
		}
		i += n
	}
	if !entities {
		return false, true, true
	}
	_, ok = unescapeXML(b)
	return true, false, ok
}

// decodeText checks character data as validText does and decodes it.
func decodeText(b []byte) (string, bool) {
	entities, _, ok := checkText(b)
	switch {
	case !ok:
		return "", false
	case !entities:
		return string(b), true
	}
	return unescapeXML(b)
}

// unescapeXML decodes the entities of character data that validText
// accepted; ok is false for an entity it does not know.
func unescapeXML(b []byte) (string, bool) {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b), true
	}
	var out strings.Builder
	for len(b) > 0 {
		amp := bytes.IndexByte(b, '&')
		if amp < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:amp])
		semi := bytes.IndexByte(b[amp:], ';')
		if semi < 0 {
			return "", false
		}
		ent := string(b[amp+1 : amp+semi])
		switch ent {
		case "amp":
			out.WriteByte('&')
		case "lt":
			out.WriteByte('<')
		case "gt":
			out.WriteByte('>')
		case "quot":
			out.WriteByte('"')
		case "apos":
			out.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				return "", false
			}
			r := rune(n)
			if err != nil || !xmlChar(r) {
				return "", false
			}
			out.WriteRune(r)
		}
		b = b[amp+semi+1:]
	}
	return out.String(), true
}

// xmlName reports whether s is a name of ASCII letters, digits, '_', '-',
// '.' and ':' that XML accepts (other names are left to encoding/xml).
func xmlName(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// xmlChar reports whether r is a character XML allows.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

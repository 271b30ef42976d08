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

// quickSheet reads the cells of a worksheet part; ok is false when the
// part holds anything it does not read exactly.
func quickSheet(data []byte) (cells []quickCell, ok bool) {
	s, empty, ok := openElement(data, "sheetData")
	if !ok || empty {
		return nil, ok
	}
	// As many cells as the part has <c tags: growing the slice cell by
	// cell took a tenth of the time.
	if n := bytes.Count(data[s.pos:], []byte("<c ")); n > 0 {
		cells = make([]quickCell, 0, n)
	}
	row, col := 0, 0
	for {
		if !s.skipSpace() {
			return nil, false
		}
		tag, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return nil, false
		case name == "/sheetData":
			if len(cells) == 0 {
				return nil, true
			}
			return cells, true
		case name == "row":
			r := s.attr("r")
			if n, err := strconv.Atoi(r); err == nil && n > 0 {
				row = n
			} else if r == "" {
				row++
			} else {
				return nil, false
			}
			col = 0
		case name == "/row":
		case name == "c":
			c := quickCell{ref: s.attr("r"), typ: cellType(s.attr("t"))}
			if cc, r, ok := cellCoordinates(c.ref); ok {
				col, row = cc, r
			} else if c.ref == "" {
				col++
				ref, err := excelize.CoordinatesToCellName(col, max(row, 1))
				if err != nil {
					return nil, false
				}
				c.ref = ref
			} else {
				return nil, false
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

// cellContent reads a cell's children up to </c>.
func (s *quickScanner) cellContent(c *quickCell) bool {
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
			v, ok := s.textUntil("</v>")
			if !ok {
				return false
			}
			c.v = v
		case name == "f":
			if _, ok := s.textUntil("</f>"); !ok {
				return false
			}
		case name == "is":
			text, ok := s.richText("/is")
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
	s, empty, ok := openElement(data, "sst")
	if !ok || empty {
		return nil, ok
	}
	for {
		if !s.skipSpace() {
			return nil, false
		}
		tag, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return nil, false
		case name == "/sst":
			return strs, true
		case name == "si" && selfClosing:
			strs = append(strs, "")
		case name == "si":
			text, ok := s.richText("/si")
			if !ok {
				return nil, false
			}
			strs = append(strs, text)
		default:
			return nil, false
		}
	}
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
	for _, a := range s.attrs[:s.nattrs] {
		if string(a.name) == name {
			v, _ := decodeText(a.value)
			return v
		}
	}
	return ""
}

// cellCoordinates reads a cell reference such as "D14" as
// excelize.CellNameToCoordinates does, quicker for the references
// spreadsheet programs write: capital letters, then a row number without
// leading zeros. Anything else goes to excelize.
func cellCoordinates(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	digits := len(ref) - i
	if i == 0 || digits == 0 || digits > 7 || ref[i] == '0' {
		return excelizeCoordinates(ref)
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return excelizeCoordinates(ref)
		}
		row = row*10 + int(ref[i]-'0')
	}
	if col > excelize.MaxColumns || row > excelize.TotalRows {
		return excelizeCoordinates(ref)
	}
	return col, row, true
}

func excelizeCoordinates(ref string) (col, row int, ok bool) {
	col, row, err := excelize.CellNameToCoordinates(ref)
	return col, row, err == nil
}

// cellType returns a cell's type as one of the constants that name the
// types, so that the cells of a sheet do not each hold a copy.
func cellType(t string) string {
	for _, known := range [...]string{"s", "str", "inlineStr", "b", "e", "n", "d"} {
		if t == known {
			return known
		}
	}
	return t
}

// textUntil reads character data up to the end tag given, which must be
// the next markup.
func (s *quickScanner) textUntil(endTag string) (string, bool) {
	end := bytes.IndexByte(s.data[s.pos:], '<')
	if end < 0 || !bytes.HasPrefix(s.data[s.pos+end:], []byte(endTag)) {
		return "", false
	}
	raw := s.data[s.pos : s.pos+end]
	text, ok := decodeText(raw)
	if !ok {
		return "", false
	}
	s.pos += end + len(endTag)
	return text, true
}

// richText reads a string item up to the end tag named end ("/si", "/is"):
// the text of its <t> elements, directly or in runs <r>, leaving out
// phonetic runs and run properties.
func (s *quickScanner) richText(end string) (string, bool) {
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
			if texts <= 1 {
				return unescape(first), true
			}
			return unescape(b.String()), true
		case name == "t" && selfClosing, name == "r", name == "/r":
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

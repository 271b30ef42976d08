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
	sd := bytes.Index(data, []byte("<sheetData"))
	if sd < 0 {
		return nil, false
	}
	// Comments, CDATA and processing instructions are not names: tag
	// refuses them wherever they are.
	s := quickScanner{data: data, pos: sd}
	name, _, selfClosing, ok := s.tag()
	if !ok || string(name) != "sheetData" {
		return nil, false
	}
	if selfClosing {
		return nil, true
	}
	row, col := 0, 0
	for {
		if !s.skipSpace() {
			return nil, false
		}
		tag, attrs, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return nil, false
		case name == "/sheetData":
			return cells, true
		case name == "row":
			r := attrOf(attrs, "r")
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
			c := quickCell{ref: attrOf(attrs, "r"), typ: attrOf(attrs, "t")}
			if cc, r, err := excelize.CellNameToCoordinates(c.ref); err == nil {
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
		tag, _, selfClosing, ok := s.tag()
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

// quickStrings reads the items of a shared strings part.
func quickStrings(data []byte) (strs []string, ok bool) {
	start := bytes.Index(data, []byte("<sst"))
	if start < 0 {
		return nil, false
	}
	s := quickScanner{data: data, pos: start}
	name, _, selfClosing, ok := s.tag()
	if !ok || string(name) != "sst" {
		return nil, false
	}
	if selfClosing {
		return nil, true
	}
	for {
		if !s.skipSpace() {
			return nil, false
		}
		tag, _, selfClosing, ok := s.tag()
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
}

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

// tag reads a tag at pos: its name ("/name" for an end tag), its
// attributes as written (checked, not decoded: see attrOf), and whether it
// closes itself. The slices point into the part.
func (s *quickScanner) tag() (name, attrs []byte, selfClosing, ok bool) {
	if s.pos >= len(s.data) || s.data[s.pos] != '<' {
		return nil, nil, false, false
	}
	end := bytes.IndexByte(s.data[s.pos:], '>')
	if end < 0 {
		return nil, nil, false, false
	}
	inner := s.data[s.pos+1 : s.pos+end]
	s.pos += end + 1
	if len(inner) > 0 && inner[len(inner)-1] == '/' {
		selfClosing, inner = true, inner[:len(inner)-1]
	}
	i := 0
	for i < len(inner) && !isSpace(inner[i]) {
		i++
	}
	name = inner[:i]
	local := bytes.TrimPrefix(name, []byte("/"))
	if !xmlName(local) || bytes.IndexByte(local, ':') >= 0 || len(local) < len(name) && (selfClosing || i != len(inner)) {
		return nil, nil, false, false
	}
	if !validAttrs(inner[i:]) {
		return nil, nil, false, false
	}
	return name, inner[i:], selfClosing, true
}

// validAttrs checks name="value" pairs as XML requires them: names,
// quotes, entities, no name twice.
func validAttrs(b []byte) bool {
	var names [8][]byte
	n := 0
	for {
		b = trimSpace(b)
		if len(b) == 0 {
			return true
		}
		eq := bytes.IndexByte(b, '=')
		if eq <= 0 || eq+1 >= len(b) || (b[eq+1] != '"' && b[eq+1] != '\'') {
			return false
		}
		name := b[:eq]
		if !xmlName(name) || n >= len(names) {
			return false // more attributes than cells and rows have: left to encoding/xml
		}
		for _, seen := range names[:n] {
			if bytes.Equal(seen, name) {
				return false
			}
		}
		names[n] = name
		n++
		quote := b[eq+1]
		end := bytes.IndexByte(b[eq+2:], quote)
		if end < 0 {
			return false
		}
		if v := b[eq+2 : eq+2+end]; bytes.IndexByte(v, '<') >= 0 || !validText(v) {
			return false
		}
		b = b[eq+2+end+1:]
		if len(b) > 0 && !isSpace(b[0]) {
			return false
		}
	}
}

// attrOf returns the decoded value of the attribute name in attrs, which
// validAttrs accepted.
func attrOf(attrs []byte, name string) string {
	for {
		attrs = trimSpace(attrs)
		eq := bytes.IndexByte(attrs, '=')
		if eq <= 0 {
			return ""
		}
		quote := attrs[eq+1]
		end := bytes.IndexByte(attrs[eq+2:], quote)
		if string(attrs[:eq]) == name {
			v, _ := unescapeXML(attrs[eq+2 : eq+2+end])
			return v
		}
		attrs = attrs[eq+2+end+1:]
	}
}

// textUntil reads character data up to the end tag given.
func (s *quickScanner) textUntil(endTag string) (string, bool) {
	end := bytes.Index(s.data[s.pos:], []byte(endTag))
	if end < 0 {
		return "", false
	}
	raw := s.data[s.pos : s.pos+end]
	if bytes.IndexByte(raw, '<') >= 0 || !validText(raw) {
		return "", false
	}
	s.pos += end + len(endTag)
	return unescapeXML(raw)
}

// richText reads a string item up to the end tag named end ("/si", "/is"):
// the text of its <t> elements, directly or in runs <r>, leaving out
// phonetic runs and run properties.
func (s *quickScanner) richText(end string) (string, bool) {
	var b strings.Builder
	for {
		if !s.skipSpace() {
			return "", false
		}
		tag, _, selfClosing, ok := s.tag()
		switch name := string(tag); {
		case !ok:
			return "", false
		case name == end:
			return unescape(b.String()), true
		case name == "t" && selfClosing, name == "r", name == "/r":
		case name == "t":
			text, ok := s.textUntil("</t>")
			if !ok {
				return "", false
			}
			b.WriteString(text)
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
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			return false
		}
		i += n
	}
	if bytes.IndexByte(b, '&') < 0 {
		return true
	}
	_, ok := unescapeXML(b)
	return ok
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

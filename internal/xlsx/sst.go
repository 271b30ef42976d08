package xlsx

import (
	"bytes"
	"errors"
	"io"
	"strconv"
)

// A workbook's shared string table holds text that cells refer to by
// index. A sheet whose text repeats on hundreds of thousands of rows (the
// tracker's Answers) is less than half as large with it: a reference is a
// few bytes where the text is tens.

// maxSharedStrings bounds the items of a shared strings part: four per
// cell of a full worksheet.
const maxSharedStrings = MaxRows * 4

// ReadSharedStrings reads a shared strings part: the text of each item.
func ReadSharedStrings(r io.Reader) ([]string, error) {
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
			if n++; n > maxSharedStrings {
				return errors.New("too many shared strings")
			}
			if t.empty {
				fn("", true)
				continue
			}
			if quickItems {
				if text, ok := sc.plainItem(); ok {
					fn(string(text), true)
					continue
				}
			}
			var plain bool
			if buf, plain, err = readRichText(sc, buf[:0], "si"); err != nil {
				return err
			}
			fn(decodeEscapes(string(buf)), plain)
		}
	}
}

// quickItems is false in a test that reads items token by token alone.
var quickItems = true

// plainItem reads the rest of an item written <t>text</t></si>, whose text
// has no entity, escape or carriage return, and returns the text; else it
// reads nothing. Most items of a large table are such, and reading them
// token by token took most of the time of opening a tracker of 200,000
// Answers rows (its table holds their names and comments).
func (s *scanner) plainItem() ([]byte, bool) {
	const open, close = "<t>", "</t></si>"
	if !s.need(len(open)) || string(s.buf[s.pos:s.pos+len(open)]) != open {
		return nil, false
	}
	lt := s.index('<', len(open))
	if lt < 0 {
		return nil, false
	}
	// need may move the buffer's contents: keep lt as an offset.
	at := lt - s.pos
	if !s.need(at+len(close)) || string(s.buf[s.pos+at:s.pos+at+len(close)]) != close {
		return nil, false
	}
	text := s.buf[s.pos+len(open) : s.pos+at]
	if bytes.ContainsAny(text, "&_\r") {
		return nil, false
	}
	s.pos += at + len(close)
	return text, true
}

// StringTable is the shared string table of a workbook being written: the
// items its shared strings part holds, then the strings the sheets being
// written add.
type StringTable struct {
	ids   map[string]int // the plain (unformatted) items by text
	ready chan struct{}  // closed when ids is made; nil once it is
	n     int            // items the part holds
	added []string
}

// readStringTable reads a shared strings part, and returns the table and
// the texts of the items. The table's index of the texts is made in
// another goroutine, as the caller goes on: at 120,000 items (a tracker of
// 200,000 Answers rows) it takes 60 ms, more than the reading, and a
// tracker reads its table long before it adds to it.
func readStringTable(xml []byte) (*StringTable, []string, error) {
	var texts []string
	var rich []int // the items that are not plain text, in order
	err := scanSharedStrings(bytes.NewReader(xml), func(s string, plain bool) {
		if !plain {
			rich = append(rich, len(texts))
		}
		texts = append(texts, s)
	})
	ready := make(chan struct{})
	t := &StringTable{n: len(texts), ready: ready}
	go func() {
		defer close(ready)
		ids := make(map[string]int, len(texts))
		for i, s := range texts {
			if len(rich) > 0 && rich[0] == i {
				rich = rich[1:]
				continue
			}
			if _, dup := ids[s]; !dup {
				ids[s] = i
			}
		}
		t.ids = ids
	}()
	return t, texts, err
}

// ID returns the index of the item with the text s, adding one if needed.
func (t *StringTable) ID(s string) int {
	if t.ready != nil {
		<-t.ready
		t.ready = nil
	}
	if id, ok := t.ids[s]; ok {
		return id
	}
	id := t.n + len(t.added)
	t.added = append(t.added, s)
	t.ids[s] = id
	return id
}

// appendItems returns the shared strings part xml (the part the table was
// read from) with the added strings as new items at its end. The count of
// references is left out (it is optional, and the table does not count
// the references of sheets it did not write); uniqueCount is updated.
func (t *StringTable) appendItems(xml []byte) ([]byte, error) {
	if len(t.added) == 0 {
		return xml, nil
	}
	sc := newScanner(bytes.NewReader(xml))
	for {
		tok, err := sc.next()
		if err != nil {
			return nil, err
		}
		if tok.kind == tokEOF {
			return nil, errors.New("the shared strings part has no sst element")
		}
		if tok.kind != tokStart || string(tok.name) != "sst" {
			continue
		}
		qname := string(tok.qname)
		prefix := qname[:len(qname)-len("sst")]
		start, end := int(tok.start), int(tok.end)
		out := make([]byte, 0, len(xml)+len(t.added)*64)
		out = append(out, xml[:start]...)
		out, err = appendTagOpen(out, tok.qname, tok.attrs, func(local, value []byte) ([]byte, bool) {
			n := string(local)
			return value, n != "count" && n != "uniqueCount"
		})
		if err != nil {
			return nil, err
		}
		out = append(out, ` uniqueCount="`...)
		out = strconv.AppendInt(out, int64(t.n+len(t.added)), 10)
		out = append(out, `">`...)
		rest := xml[end:]
		closing := []byte("</" + qname + ">")
		if !tok.empty {
			// sst is the root element: its end tag is the last tag.
			i := bytes.LastIndex(rest, closing)
			if i < 0 || !onlyMisc(rest[i+len(closing):]) {
				return nil, errors.New("the shared strings part has no end tag")
			}
			out = append(out, rest[:i]...)
			rest = rest[i+len(closing):]
		} else if !onlyMisc(rest) {
			return nil, errors.New("the shared strings part has elements after its sst element")
		}
		for _, s := range t.added {
			out = append(out, '<')
			out = append(out, prefix...)
			out = append(out, "si>"...)
			out = appendText(out, prefix, s)
			out = append(out, "</"...)
			out = append(out, prefix...)
			out = append(out, "si>"...)
		}
		out = append(out, closing...)
		return append(out, rest...), nil
	}
}

// onlyMisc reports whether xml holds nothing but white space, comments and
// processing instructions: what may follow a document's root element.
func onlyMisc(xml []byte) bool {
	sc := newScanner(bytes.NewReader(xml))
	for {
		t, err := sc.next()
		switch {
		case err != nil:
			return false
		case t.kind == tokEOF:
			return true
		case t.kind != tokText || t.cdata || len(bytes.TrimSpace(t.text)) > 0:
			return false
		}
	}
}

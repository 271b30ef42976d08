package tracker

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
)

// The Answers sheet keeps its text in the workbook's shared string table:
// the same team, period, area, question and option texts repeat on
// hundreds of thousands of rows, and a reference to a shared string is a
// few bytes where the text itself is tens, which makes the sheet's XML
// less than half as large (and an update that much quicker). excelize
// writes the table with the strings of the sheets it edits; the tracker
// then adds its own. (History and Trend keep inline strings: they are
// small.)

const (
	sharedStringsType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
	sharedStringsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)

// sharedStringsPart is the shared strings part of a workbook being written.
type sharedStringsPart struct {
	part  string // as the zip names it
	xml   []byte // as excelize wrote it
	texts []string
	strs  *stringTable
	rel   *opcRel // the relationship to add, for a new part
}

// openStrings reads the shared strings part of the workbook excelize
// wrote, or starts one when it has none (a workbook whose text is all
// inline strings).
func openStrings(p *pkg) (*sharedStringsPart, error) {
	s := &sharedStringsPart{}
	if f := p.file(p.wbPart(relSharedStrings)); f != nil {
		xml, err := p.read(f.Name)
		if err != nil {
			return nil, err
		}
		s.part, s.xml = f.Name, xml
		if s.strs, s.texts, err = newStringTable(xml); err != nil {
			return nil, fmt.Errorf("tracker: excelize wrote unreadable shared strings: %w", err)
		}
		return s, nil
	}
	dir := path.Dir(p.workbook)
	name := "sharedStrings.xml"
	for i := 1; p.file(path.Join(dir, name)) != nil; i++ {
		name = fmt.Sprintf("sharedStrings%d.xml", i)
	}
	id := "rIdStrings"
	for i := 1; hasRel(p.wbRels, id); i++ {
		id = fmt.Sprintf("rIdStrings%d", i)
	}
	s.part = path.Join(dir, name)
	s.xml = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="0"></sst>`)
	s.strs = &stringTable{ids: map[string]int{}}
	s.rel = &opcRel{ID: id, Type: sharedStringsRel, Target: name}
	return s, nil
}

func hasRel(rels []opcRel, id string) bool {
	for _, r := range rels {
		if r.ID == id {
			return true
		}
	}
	return false
}

// stringTable is the shared string table of the workbook being written:
// the items excelize wrote, then the strings the tracker's sheets add.
type stringTable struct {
	ids   map[string]int // the plain (unformatted) items by text
	n     int            // items written by excelize
	added []string
}

// newStringTable reads the shared strings part excelize wrote and returns
// its texts too.
func newStringTable(xml []byte) (*stringTable, []string, error) {
	t := &stringTable{ids: map[string]int{}}
	var texts []string
	err := scanSharedStrings(bytes.NewReader(xml), func(s string, plain bool) {
		if _, dup := t.ids[s]; plain && !dup {
			t.ids[s] = len(texts)
		}
		texts = append(texts, s)
	})
	t.n = len(texts)
	return t, texts, err
}

// id returns the index of the item with the text s, adding one if needed.
func (t *stringTable) id(s string) int {
	if id, ok := t.ids[s]; ok {
		return id
	}
	id := t.n + len(t.added)
	t.added = append(t.added, s)
	t.ids[s] = id
	return id
}

// appendItems returns the shared strings part xml with the added strings
// as new items at its end. The count of references is left out (it is
// optional, and the tracker does not count the other sheets' references);
// uniqueCount is updated.
func (t *stringTable) appendItems(xml []byte) ([]byte, error) {
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
		out = append(out, '<')
		out = append(out, qname...)
		eachQAttr(tok.attrs, func(name, value []byte) bool {
			if n := string(name); n != "count" && n != "uniqueCount" {
				q := byte('"')
				if bytes.IndexByte(value, q) >= 0 {
					q = '\''
				}
				out = append(out, ' ')
				out = append(out, name...)
				out = append(out, '=', q)
				out = append(out, value...)
				out = append(out, q)
			}
			return true
		})
		out = append(out, ` uniqueCount="`...)
		out = strconv.AppendInt(out, int64(t.n+len(t.added)), 10)
		out = append(out, `">`...)
		rest := xml[end:]
		closing := []byte("</" + qname + ">")
		if !tok.empty {
			i := bytes.LastIndex(rest, closing)
			if i < 0 {
				return nil, errors.New("the shared strings part has no end tag")
			}
			out = append(out, rest[:i]...)
			rest = rest[i+len(closing):]
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

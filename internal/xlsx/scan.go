package xlsx

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner is a small streaming XML tokenizer for worksheet, shared string
// and table parts. encoding/xml decodes a large worksheet at a few
// microseconds per cell; this reads the same markup at the speed of
// bytes.IndexByte, which is what makes a tracker with 200,000 answer rows
// quick to update.
//
// It understands what worksheet parts contain: start, end and empty-element
// tags with attributes, text, character references, CDATA sections,
// comments and processing instructions. A DOCTYPE is refused. Element and
// attribute names are reported without their namespace prefix.
type scanner struct {
	src  io.Reader
	buf  []byte
	pos  int   // next byte to read in buf
	end  int   // end of the data in buf
	base int64 // offset of buf[0] in the input
	eof  bool
	err  error
	off  int64 // offset just past the last token
	tok  token
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
	tokText
)

// token is the last token read. Its slices are valid until the next call
// to next.
type token struct {
	kind  tokenKind
	qname []byte // the element name as written, with its prefix
	name  []byte // local name
	attrs []byte // the raw attributes of a start tag
	empty bool   // <name/>
	text  []byte // raw text (escaped unless cdata)
	cdata bool
	start int64 // offset of the token's first byte
	end   int64 // offset just past the token
}

var errMarkup = errors.New("malformed XML")

// markup is the error of markup cut short: the reason the input ended, if
// it ended with an error (a damaged part unpacks to a point, then fails),
// else errMarkup.
func (s *scanner) markup() error {
	if s.err != nil {
		return s.err
	}
	return errMarkup
}

func newScanner(r io.Reader) *scanner {
	if br, ok := r.(*bytes.Reader); ok && br.Size() < 64<<20 {
		// Read a small part in one go.
		data := make([]byte, br.Len())
		n, _ := io.ReadFull(br, data)
		return &scanner{buf: data, end: n, eof: true}
	}
	return &scanner{src: r, buf: make([]byte, 256<<10)}
}

// maxToken bounds the text between two tags that the scanner holds.
const maxToken = 16 << 20

var errTooLong = errors.New("malformed XML: more than 16 MB between two tags")

// fill reads more input, keeping buf[keep:] (keep <= pos); it reports
// whether there is new data.
func (s *scanner) fill(keep int) bool {
	if s.eof {
		return false
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:s.end])
		s.base += int64(keep)
		s.pos -= keep
		s.end = n
	}
	if s.end == len(s.buf) {
		// A real sheet has short runs between tags; a file that holds
		// megabytes there is broken or hostile, and growing the buffer
		// for it would take unbounded memory.
		if len(s.buf) >= maxToken {
			s.eof, s.err = true, errTooLong
			return false
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.src.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// index returns the position in buf of the next c at or after from,
// reading more input as needed; -1 at the end of input. Positions before
// s.pos may move when input is read: from is relative to s.pos.
func (s *scanner) index(c byte, from int) int {
	for {
		if i := bytes.IndexByte(s.buf[s.pos+from:s.end], c); i >= 0 {
			return s.pos + from + i
		}
		from = s.end - s.pos
		if !s.fill(s.pos) {
			return -1
		}
	}
}

// indexStr is index for a string.
func (s *scanner) indexStr(sep string, from int) int {
	for {
		if i := bytes.Index(s.buf[s.pos+from:s.end], []byte(sep)); i >= 0 {
			return s.pos + from + i
		}
		from = max(0, s.end-s.pos-len(sep)+1)
		if !s.fill(s.pos) {
			return -1
		}
	}
}

// need makes n bytes available at s.pos if the input has them.
func (s *scanner) need(n int) bool {
	for s.end-s.pos < n {
		if !s.fill(s.pos) {
			return false
		}
	}
	return true
}

// next reads the next token; at the end of input it returns a token of kind
// tokEOF and a nil error.
func (s *scanner) next() (*token, error) {
	t := &s.tok
	*t = token{start: s.base + int64(s.pos)}
	if !s.need(1) {
		if s.err != nil {
			return nil, s.err
		}
		t.kind, t.end = tokEOF, t.start
		return t, nil
	}
	if s.buf[s.pos] != '<' {
		i := s.index('<', 0)
		if i < 0 {
			i = s.end
		}
		t.kind, t.text = tokText, s.buf[s.pos:i]
		s.pos = i
		return s.done(t)
	}
	if !s.need(2) {
		return nil, s.markup()
	}
	switch s.buf[s.pos+1] {
	case '/':
		i := s.index('>', 2)
		if i < 0 {
			return nil, s.markup()
		}
		t.kind = tokEnd
		t.qname = bytes.TrimSpace(s.buf[s.pos+2 : i])
		if bytes.IndexByte(t.qname, '<') >= 0 {
			return nil, s.markup()
		}
		t.name = localName(t.qname)
		s.pos = i + 1
		return s.done(t)
	case '?':
		i := s.indexStr("?>", 2)
		if i < 0 {
			return nil, s.markup()
		}
		s.pos = i + 2
		return s.next()
	case '!':
		if s.need(4) && string(s.buf[s.pos:s.pos+4]) == "<!--" {
			i := s.indexStr("-->", 4)
			if i < 0 {
				return nil, s.markup()
			}
			s.pos = i + 3
			return s.next()
		}
		if s.need(9) && string(s.buf[s.pos:s.pos+9]) == "<![CDATA[" {
			i := s.indexStr("]]>", 9)
			if i < 0 {
				return nil, s.markup()
			}
			t.kind, t.text, t.cdata = tokText, s.buf[s.pos+9:i], true
			s.pos = i + 3
			return s.done(t)
		}
		return nil, errors.New("XML with a DOCTYPE or declaration is not supported")
	}
	// A start tag: up to the '>' that is outside quotes.
	from := 1
	var quote byte
	for {
		i := s.index('>', from)
		if i < 0 {
			return nil, s.markup()
		}
		for _, b := range s.buf[s.pos+from : i] {
			switch {
			case quote == 0 && (b == '"' || b == '\''):
				quote = b
			case quote == 0 && b == '<':
				return nil, s.markup()
			case b == quote:
				quote = 0
			}
		}
		if quote == 0 {
			body := s.buf[s.pos+1 : i]
			s.pos = i + 1
			if len(body) > 0 && body[len(body)-1] == '/' {
				t.empty = true
				body = body[:len(body)-1]
			}
			n := 0
			for n < len(body) && !isSpace(body[n]) {
				n++
			}
			if n == 0 {
				return nil, s.markup()
			}
			t.kind = tokStart
			t.qname = body[:n]
			t.name = localName(t.qname)
			t.attrs = body[n:]
			return s.done(t)
		}
		from = i + 1 - s.pos
	}
}

func (s *scanner) done(t *token) (*token, error) {
	t.end = s.base + int64(s.pos)
	s.off = t.end
	return t, nil
}

// skipElement discards the content of the element whose start tag was just
// read, up to and including its end tag.
func (s *scanner) skipElement() error {
	depth := 1
	for depth > 0 {
		t, err := s.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			return s.markup()
		case tokStart:
			if !t.empty {
				depth++
			}
		case tokEnd:
			depth--
		}
	}
	return nil
}

// textOf reads the text content of the element whose start tag was just
// read, up to its end tag, unescaped. Nested elements are skipped.
func (s *scanner) textOf(buf []byte) ([]byte, error) {
	for {
		t, err := s.next()
		if err != nil {
			return buf, err
		}
		switch t.kind {
		case tokText:
			if t.cdata {
				buf = append(buf, t.text...)
			} else {
				buf = appendUnescaped(buf, t.text)
			}
		case tokStart:
			if !t.empty {
				if err := s.skipElement(); err != nil {
					return buf, err
				}
			}
		case tokEnd:
			return buf, nil
		case tokEOF:
			return buf, s.markup()
		}
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func localName(q []byte) []byte {
	if i := bytes.LastIndexByte(q, ':'); i >= 0 {
		return q[i+1:]
	}
	return q
}

// eachAttr calls fn with the local name and raw (escaped) value of each
// attribute; fn returns false to stop.
func eachAttr(attrs []byte, fn func(name, value []byte) bool) {
	eachQAttr(attrs, func(qname, value []byte) bool { return fn(localName(qname), value) })
}

// eachQAttr calls fn with the name as written (with its prefix) and raw
// value of each attribute; fn returns false to stop.
func eachQAttr(attrs []byte, fn func(qname, value []byte) bool) {
	i := 0
	for i < len(attrs) {
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
		start := i
		for i < len(attrs) && attrs[i] != '=' && !isSpace(attrs[i]) {
			i++
		}
		name := attrs[start:i]
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
		if i >= len(attrs) || attrs[i] != '=' {
			return
		}
		i++
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
		if i >= len(attrs) || (attrs[i] != '"' && attrs[i] != '\'') {
			return
		}
		q := attrs[i]
		i++
		vs := i
		for i < len(attrs) && attrs[i] != q {
			i++
		}
		if i >= len(attrs) {
			return
		}
		value := attrs[vs:i]
		i++
		if len(name) > 0 && !fn(name, value) {
			return
		}
	}
}

// attr returns the unescaped value of the attribute with the given local
// name.
func attr(attrs []byte, name string) (string, bool) {
	var v string
	found := false
	eachAttr(attrs, func(n, value []byte) bool {
		if string(n) == name {
			v, found = string(appendUnescaped(nil, value)), true
			return false
		}
		return true
	})
	return v, found
}

// appendUnescaped appends s with its entity and character references
// resolved. A reference that is not well formed is kept as written.
func appendUnescaped(buf, s []byte) []byte {
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(buf, s...)
		}
		buf = append(buf, s[:i]...)
		s = s[i:]
		j := bytes.IndexByte(s, ';')
		if j < 0 || j > 12 {
			buf = append(buf, '&')
			s = s[1:]
			continue
		}
		ref := s[1:j]
		switch string(ref) {
		case "amp":
			buf = append(buf, '&')
		case "lt":
			buf = append(buf, '<')
		case "gt":
			buf = append(buf, '>')
		case "quot":
			buf = append(buf, '"')
		case "apos":
			buf = append(buf, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				buf = append(buf, s[:j+1]...)
				s = s[j+1:]
				continue
			}
			buf = utf8.AppendRune(buf, r)
		}
		s = s[j+1:]
	}
}

func charRef(ref []byte) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if ref[1] == 'x' || ref[1] == 'X' {
		n, err = strconv.ParseUint(string(ref[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(ref[1:]), 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// appendTagOpen appends the start of a tag with the name and attributes of
// one read, "<name a="1" b='2'", without its closing '>': the caller adds
// attributes and closes it. Each attribute passes through edit (when not
// nil), which gets its local name and raw (escaped) value and returns the
// value to write and whether to keep the attribute. Attributes that are not
// well formed are an error: the tag could not be written again as it was.
func appendTagOpen(out, qname, attrs []byte, edit func(local, value []byte) ([]byte, bool)) ([]byte, error) {
	if !wellFormedAttrs(attrs) {
		return nil, errMarkup
	}
	out = append(out, '<')
	out = append(out, qname...)
	eachQAttr(attrs, func(name, value []byte) bool {
		keep := true
		if edit != nil {
			value, keep = edit(localName(name), value)
		}
		if keep {
			out = appendAttr(out, name, value)
		}
		return true
	})
	return out, nil
}

// wellFormedAttrs reports whether the attributes of a start tag are
// name="value" pairs, as eachQAttr reads them, and nothing else.
func wellFormedAttrs(attrs []byte) bool {
	ok := true
	var rebuilt []byte
	eachQAttr(attrs, func(name, value []byte) bool {
		if bytes.ContainsAny(name, "\"'<>=/&") || bytes.IndexByte(value, '<') >= 0 {
			ok = false
			return false
		}
		rebuilt = append(rebuilt, name...)
		rebuilt = append(rebuilt, value...)
		return true
	})
	if !ok {
		return false
	}
	// Everything but white space, '=' and the quotes went into a name or a
	// value.
	n := 0
	for _, b := range attrs {
		if !isSpace(b) && b != '=' && b != '"' && b != '\'' {
			n++
		}
	}
	m := 0
	for _, b := range rebuilt {
		if b != '=' && b != '"' && b != '\'' && !isSpace(b) {
			m++
		}
	}
	return n == m
}

// appendAttr appends ` name="value"` for an escaped value, quoted with ' when
// the value holds a ".
func appendAttr(out, name, value []byte) []byte {
	q := byte('"')
	if bytes.IndexByte(value, q) >= 0 {
		q = '\''
	}
	out = append(out, ' ')
	out = append(out, name...)
	out = append(out, '=', q)
	out = append(out, value...)
	return append(out, q)
}

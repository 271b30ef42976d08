package tracker

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
)

// The package layer: an .xlsx file is a zip of parts linked by
// relationships (Open Packaging Conventions). The tracker reads the parts it
// needs itself, hands excelize a copy of the workbook in which the large
// sheets are set aside, and writes the final file part by part, copying
// every part it does not change byte for byte.

// Relationship types, matched by their last segment so that both the
// transitional and the strict (ISO) namespaces are understood.
const (
	relOfficeDocument = "officeDocument"
	relWorksheet      = "worksheet"
	relSharedStrings  = "sharedStrings"
	relCalcChain      = "calcChain"
)

func relIs(typ, kind string) bool { return strings.HasSuffix(typ, "/"+kind) }

// Content types of a workbook's main part.
var workbookTypes = []string{
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
	"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
	"application/vnd.ms-excel.template.macroEnabled.main+xml",
}

const (
	maxPartSize  = 1 << 30 // uncompressed, of a part read whole
	maxTotalSize = 4 << 30 // uncompressed, of all parts
)

type opcRel struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

type opcRels struct {
	Rels []opcRel `xml:"Relationship"`
}

type ctDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type ctOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type contentTypes struct {
	Defaults  []ctDefault  `xml:"Default"`
	Overrides []ctOverride `xml:"Override"`
}

// sheetRef is a sheet listed in the workbook part.
type sheetRef struct {
	name string
	part string // the sheet's part, "" when its relationship is missing
	rel  string // relationship type
}

// pkg is a workbook package opened for reading.
type pkg struct {
	zr       *zip.Reader
	files    map[string]*zip.File // by lower-case part name
	types    contentTypes
	workbook string // the workbook part
	wbRels   []opcRel
	sheets   []sheetRef
}

// openPackage opens a workbook package and reads its workbook part.
func openPackage(data []byte) (*pkg, error) {
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, formatErrorf("an old .xls workbook or a password-protected one: save it in Excel as .xlsx without a password")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, formatErrorf("not an Excel workbook (.xlsx): %v", err)
	}
	p := &pkg{zr: zr, files: map[string]*zip.File{}}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxTotalSize {
			return nil, formatErrorf("not an Excel workbook (.xlsx): the parts are larger than %d GB unpacked", maxTotalSize>>30)
		}
		p.files[strings.ToLower(f.Name)] = f
	}
	notWorkbook := func(why string, args ...any) error {
		return formatErrorf("not an Excel workbook (.xlsx): "+why, args...)
	}
	if err := p.readXML("[Content_Types].xml", &p.types); err != nil {
		return nil, notWorkbook("%v", err)
	}
	root, err := p.rels("")
	if err != nil {
		return nil, notWorkbook("%v", err)
	}
	for _, r := range root {
		if relIs(r.Type, relOfficeDocument) && r.TargetMode != "External" {
			p.workbook = resolve("", r.Target)
			break
		}
	}
	if p.workbook == "" || p.file(p.workbook) == nil {
		return nil, notWorkbook("it has no workbook part")
	}
	ct := p.contentType(p.workbook)
	isWorkbook := false
	for _, t := range workbookTypes {
		isWorkbook = isWorkbook || strings.EqualFold(ct, t)
	}
	if !isWorkbook {
		return nil, notWorkbook("its main part is %q", ct)
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := p.readXML(p.workbook, &wb); err != nil {
		return nil, notWorkbook("%v", err)
	}
	if p.wbRels, err = p.rels(p.workbook); err != nil {
		return nil, notWorkbook("%v", err)
	}
	for _, s := range wb.Sheets {
		ref := sheetRef{name: s.Name}
		for _, r := range p.wbRels {
			if r.ID == s.RID && r.TargetMode != "External" {
				ref.part, ref.rel = resolve(p.workbook, r.Target), r.Type
			}
		}
		p.sheets = append(p.sheets, ref)
	}
	return p, nil
}

func (p *pkg) file(part string) *zip.File { return p.files[strings.ToLower(part)] }

// sheet returns the sheet with the given name; Excel compares sheet names
// without regard to case.
func (p *pkg) sheet(name string) (sheetRef, bool) {
	for _, s := range p.sheets {
		if strings.EqualFold(s.name, name) {
			return s, true
		}
	}
	return sheetRef{}, false
}

// wbPart returns the part of the workbook relationship of a kind.
func (p *pkg) wbPart(kind string) string {
	for _, r := range p.wbRels {
		if relIs(r.Type, kind) && r.TargetMode != "External" {
			return resolve(p.workbook, r.Target)
		}
	}
	return ""
}

func (p *pkg) open(part string) (io.ReadCloser, error) {
	f := p.file(part)
	if f == nil {
		return nil, fmt.Errorf("part %s is missing", part)
	}
	return f.Open()
}

// read reads a whole part.
func (p *pkg) read(part string) ([]byte, error) {
	f := p.file(part)
	if f == nil {
		return nil, fmt.Errorf("part %s is missing", part)
	}
	if f.UncompressedSize64 > maxPartSize {
		return nil, fmt.Errorf("part %s is larger than %d MB", part, maxPartSize>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", part, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPartSize))
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", part, err)
	}
	return data, nil
}

func (p *pkg) readXML(part string, v any) error {
	data, err := p.read(part)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("part %s: %w", part, err)
	}
	return nil
}

// rels returns the relationships of a part ("" for the package's own); a
// part without relationships has none.
func (p *pkg) rels(part string) ([]opcRel, error) {
	rp := relsPart(part)
	if p.file(rp) == nil {
		return nil, nil
	}
	var r opcRels
	if err := p.readXML(rp, &r); err != nil {
		return nil, err
	}
	return r.Rels, nil
}

func (p *pkg) contentType(part string) string {
	for _, o := range p.types.Overrides {
		if strings.EqualFold(strings.TrimPrefix(o.PartName, "/"), part) {
			return o.ContentType
		}
	}
	ext := strings.TrimPrefix(path.Ext(part), ".")
	for _, d := range p.types.Defaults {
		if strings.EqualFold(d.Extension, ext) {
			return d.ContentType
		}
	}
	return ""
}

// relsPart returns the relationships part of a part.
func relsPart(part string) string {
	if part == "" {
		return "_rels/.rels"
	}
	dir, base := path.Split(part)
	return dir + "_rels/" + base + ".rels"
}

// resolve returns the part a relationship target of the source part names.
func resolve(source, target string) string {
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(source), target)), "/")
}

// reachable returns the parts reachable by relationships from the package
// root, without following the relationships of the parts in cut.
func (p *pkg) reachable(cut map[string]bool) (map[string]bool, error) {
	seen := map[string]bool{}
	queue := []string{""}
	for len(queue) > 0 {
		part := queue[0]
		queue = queue[1:]
		if cut[strings.ToLower(part)] {
			continue
		}
		rels, err := p.rels(part)
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if r.TargetMode == "External" {
				continue
			}
			t := strings.ToLower(resolve(part, r.Target))
			if !seen[t] {
				seen[t] = true
				queue = append(queue, t)
			}
		}
	}
	return seen, nil
}

// partWriter writes a new package: parts copied from p, replaced or left
// out.
type partWriter struct {
	zw *zip.Writer
}

func (w *partWriter) copy(f *zip.File) error { return w.zw.Copy(f) }

func (w *partWriter) create(name string) (io.Writer, error) {
	return w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
}

func (w *partWriter) write(name string, data []byte) error {
	fw, err := w.create(name)
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// marshalTypes writes a content types part.
func marshalTypes(ct contentTypes) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	for _, d := range ct.Defaults {
		fmt.Fprintf(&b, `<Default Extension="%s" ContentType="%s"/>`, escAttr(d.Extension), escAttr(d.ContentType))
	}
	for _, o := range ct.Overrides {
		fmt.Fprintf(&b, `<Override PartName="%s" ContentType="%s"/>`, escAttr(o.PartName), escAttr(o.ContentType))
	}
	b.WriteString(`</Types>`)
	return b.Bytes()
}

// marshalRels writes a relationships part.
func marshalRels(rels []opcRel) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, r := range rels {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"`, escAttr(r.ID), escAttr(r.Type), escAttr(r.Target))
		if r.TargetMode != "" {
			fmt.Fprintf(&b, ` TargetMode="%s"`, escAttr(r.TargetMode))
		}
		b.WriteString(`/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

func escAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// setAside describes how the copy of a workbook given to excelize differs
// from the original.
type setAside struct {
	replace map[string][]byte // part → new content
	drop    map[string]bool   // lower-case part names left out
}

// stubPackage writes the copy of p described by s: parts in s.drop are
// left out (with their content type overrides), parts in s.replace get new
// content, and every other part is copied as it is.
func (p *pkg) stubPackage(s setAside) ([]byte, error) {
	var buf bytes.Buffer
	pw := &partWriter{zw: zip.NewWriter(&buf)}
	types := p.types
	types.Overrides = nil
	for _, o := range p.types.Overrides {
		if !s.drop[strings.ToLower(strings.TrimPrefix(o.PartName, "/"))] {
			types.Overrides = append(types.Overrides, o)
		}
	}
	for _, f := range p.zr.File {
		name := strings.ToLower(f.Name)
		var err error
		switch {
		case s.drop[name]:
			continue
		case name == "[content_types].xml":
			err = pw.write(f.Name, marshalTypes(types))
		case s.replace[name] != nil:
			err = pw.write(f.Name, s.replace[name])
		default:
			err = pw.copy(f)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := pw.zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// exclusive returns the parts that are reachable only through the given
// parts' relationships, and those relationship parts themselves.
func (p *pkg) exclusive(parts ...string) (map[string]bool, error) {
	all, err := p.reachable(nil)
	if err != nil {
		return nil, err
	}
	cut := map[string]bool{}
	for _, part := range parts {
		if part != "" {
			cut[strings.ToLower(part)] = true
		}
	}
	rest, err := p.reachable(cut)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for part := range all {
		if !rest[part] {
			out[part] = true
		}
	}
	for part := range cut {
		out[strings.ToLower(relsPart(part))] = true
	}
	return out, nil
}

// asyncWriter passes what is written to it on to w in another goroutine,
// so that compressing a large part overlaps making it. An error of w is
// returned by Close, which must be called.
type asyncWriter struct {
	w      io.Writer
	chunks chan []byte
	free   chan []byte
	done   chan struct{}
	err    error // of w; read after done is closed
}

func newAsyncWriter(w io.Writer) *asyncWriter {
	const buffers, size = 4, 256 << 10
	a := &asyncWriter{w: w, chunks: make(chan []byte, buffers), free: make(chan []byte, buffers), done: make(chan struct{})}
	for range buffers {
		a.free <- make([]byte, 0, size)
	}
	go func() {
		defer close(a.done)
		for b := range a.chunks {
			if a.err == nil {
				_, a.err = a.w.Write(b)
			}
			a.free <- b[:0]
		}
	}()
	return a
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		b := <-a.free
		k := min(len(p), cap(b))
		a.chunks <- append(b, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// Close waits for the writes to w and returns the first error.
func (a *asyncWriter) Close() error {
	close(a.chunks)
	<-a.done
	return a.err
}

package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
)

// The package layer: an .xlsx file is a zip of parts linked by
// relationships (Open Packaging Conventions). A Package finds parts through
// the relationships (the package's, then the workbook's), never by guessing
// their paths, and writes a new package part by part, copying every part
// it does not change as it is.

// Relationship kinds: the last segment of a relationship type, which is
// the same in the transitional and the strict (ISO) namespaces.
const (
	RelOfficeDocument = "officeDocument"
	RelWorksheet      = "worksheet"
	RelSharedStrings  = "sharedStrings"
	RelCalcChain      = "calcChain"
	RelTable          = "table"
)

// RelIs reports whether a relationship type is of a kind.
func RelIs(typ, kind string) bool { return strings.HasSuffix(typ, "/"+kind) }

// Content types of a workbook's main part.
var workbookTypes = []string{
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
	"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
	"application/vnd.ms-excel.template.macroEnabled.main+xml",
}

// Content and relationship types of the parts this package adds.
const (
	sharedStringsType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
	sharedStringsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
	worksheetType     = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	pivotRecordsType  = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"
)

// strictPrefix starts the namespaces and relationship types of a workbook
// in ISO strict form (ISO/IEC 29500 Strict).
const strictPrefix = "http://purl.oclc.org/ooxml/"

// Limits on the unpacked size of a package's parts, checked before any
// part is unpacked: a small file that unpacks to gigabytes (a
// decompression bomb) is refused instead of taking minutes and all memory.
// They are far above what a workbook of this tool's holds: a tracker of a
// full Answers sheet (1,048,576 rows) is about 400 MB, its shared strings
// tens of MB, its styles tens of kB.
var (
	// MaxPartSize bounds a part that is read whole into memory and parsed,
	// by excelize or by this package: the workbook, the styles, drawings,
	// pictures, relationships.
	MaxPartSize int64 = 64 << 20
	// MaxStringsSize bounds the shared strings part, which is read whole.
	MaxStringsSize int64 = 256 << 20
	// MaxSheetSize bounds a worksheet part and a pivot table's cached
	// records, which are read as a stream or copied.
	MaxSheetSize int64 = 1 << 30
	// MaxTotalSize bounds all parts together.
	MaxTotalSize int64 = 2 << 30
)

// FormatError reports data that is not a workbook package this package can
// read: not a zip, no workbook part, parts too large, a workbook in strict
// form, malformed package parts.
type FormatError struct{ msg string }

func (e *FormatError) Error() string { return e.msg }

func formatErrorf(format string, args ...any) error {
	return &FormatError{msg: fmt.Sprintf(format, args...)}
}

// Rel is one relationship of a part.
type Rel struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

type rels struct {
	Rels []Rel `xml:"Relationship"`
}

// contentTypes is a package's content types part.
type contentTypes struct {
	Defaults  []ctDefault  `xml:"Default"`
	Overrides []ctOverride `xml:"Override"`
}

// ctDefault gives the content type of the parts with a file extension.
type ctDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// ctOverride gives the content type of one part ("/xl/workbook.xml").
type ctOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// Sheet is a sheet listed in the workbook part.
type Sheet struct {
	Name    string
	Part    string // the sheet's part, "" when its relationship is missing
	RelType string // the type of its relationship
}

// IsWorksheet reports whether the sheet is a worksheet whose part exists
// (not a chart sheet or a dialog sheet).
func (s Sheet) IsWorksheet() bool { return s.Part != "" && RelIs(s.RelType, RelWorksheet) }

// Part is one part of a package: a file of the zip read, or content made in
// memory.
type Part struct {
	Name string // as the zip names it, without a leading slash
	zf   *zip.File
	data []byte
}

// Size returns the part's unpacked size.
func (p *Part) Size() int64 {
	if p.zf != nil {
		return int64(p.zf.UncompressedSize64)
	}
	return int64(len(p.data))
}

// Open opens the part's content for reading.
func (p *Part) Open() (io.ReadCloser, error) {
	if p.zf == nil {
		return io.NopCloser(bytes.NewReader(p.data)), nil
	}
	rc, err := p.zf.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", p.Name, err)
	}
	return rc, nil
}

// Read reads the whole part. A part that does not unpack to the end, or
// whose checksum fails, is an error.
func (p *Part) Read() ([]byte, error) {
	if p.zf == nil {
		return p.data, nil
	}
	rc, err := p.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The zip reader refuses to unpack more than the size the part's
	// header gives, which Open checked against the limits: a part of up
	// to 16 MB is read into a slice of that size at once. (A damaged
	// file may hold less: a larger part grows a buffer as it is read.)
	size := p.zf.UncompressedSize64
	if size <= 16<<20 {
		data := make([]byte, size)
		if _, err := io.ReadFull(rc, data); err != nil {
			return nil, fmt.Errorf("part %s: %w", p.Name, err)
		}
		// Reading past the end checks the checksum.
		if n, err := rc.Read(make([]byte, 1)); n > 0 || err != io.EOF {
			if err == nil || err == io.EOF {
				err = errors.New("longer than its header says")
			}
			return nil, fmt.Errorf("part %s: %w", p.Name, err)
		}
		return data, nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, 16<<20))
	if _, err := buf.ReadFrom(rc); err != nil {
		return nil, fmt.Errorf("part %s: %w", p.Name, err)
	}
	return buf.Bytes(), nil
}

// Package is a workbook package opened for reading.
type Package struct {
	parts    []*Part
	byName   map[string]*Part // by lower-case name
	types    contentTypes
	workbook string // the workbook part
	wbRels   []Rel
	sheets   []Sheet
	strict   bool
}

// Open opens the workbook package in data, a zip file, and reads its
// workbook part. It checks the unpacked size of every part against the
// limits above before anything is unpacked. The error is a *FormatError
// when data is not a workbook package.
func Open(data []byte) (*Package, error) {
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, formatErrorf("an old .xls workbook or a password-protected one: save it in Excel as .xlsx without a password")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, formatErrorf("not an Excel workbook (.xlsx): %v", err)
	}
	ReadDeflate(zr)
	var parts []*Part
	var total int64
	for _, f := range zr.File {
		// A part's header says how large it unpacks, and the zip reader
		// refuses to unpack more: the sizes can be checked up front.
		if f.UncompressedSize64 > uint64(MaxTotalSize) {
			total = MaxTotalSize + 1
		} else {
			total += int64(f.UncompressedSize64)
		}
		if total > MaxTotalSize {
			return nil, formatErrorf("not an Excel workbook (.xlsx): the parts are larger than %s unpacked", size(MaxTotalSize))
		}
		parts = append(parts, &Part{Name: f.Name, zf: f})
	}
	p, err := newPackage(parts)
	if err != nil {
		return nil, err
	}
	for _, part := range p.parts {
		if limit := p.limit(part.Name); part.Size() > limit {
			return nil, formatErrorf("not an Excel workbook (.xlsx): part %s is %s unpacked, more than a workbook needs (%s)",
				part.Name, size(part.Size()), size(limit))
		}
	}
	return p, nil
}

// size writes a number of bytes for a message.
func size(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GB", n>>30)
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// limit returns the largest unpacked size of a part.
func (p *Package) limit(part string) int64 {
	switch ct := strings.ToLower(p.ContentType(part)); {
	case ct == worksheetType || ct == pivotRecordsType:
		return MaxSheetSize
	case ct == sharedStringsType:
		return MaxStringsSize
	}
	return MaxPartSize
}

// newPackage reads the content types, the relationships and the workbook
// part of a package's parts.
func newPackage(parts []*Part) (*Package, error) {
	p := &Package{parts: parts, byName: map[string]*Part{}}
	for _, part := range parts {
		p.byName[strings.ToLower(part.Name)] = part
	}
	notWorkbook := func(why string, args ...any) error {
		return formatErrorf("not an Excel workbook (.xlsx): "+why, args...)
	}
	if err := p.readXML("[Content_Types].xml", &p.types); err != nil {
		return nil, notWorkbook("%v", err)
	}
	root, err := p.Rels("")
	if err != nil {
		return nil, notWorkbook("%v", err)
	}
	for _, r := range root {
		if RelIs(r.Type, RelOfficeDocument) && r.TargetMode != "External" {
			p.workbook = resolve("", r.Target)
			p.strict = strings.HasPrefix(r.Type, strictPrefix)
			break
		}
	}
	if p.workbook == "" || p.Part(p.workbook) == nil {
		return nil, notWorkbook("it has no workbook part")
	}
	ct := p.ContentType(p.workbook)
	isWorkbook := false
	for _, t := range workbookTypes {
		isWorkbook = isWorkbook || strings.EqualFold(ct, t)
	}
	if !isWorkbook {
		return nil, notWorkbook("its main part is %q", ct)
	}
	var wb struct {
		XMLName xml.Name
		Sheets  []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	if part := p.Part(p.workbook); part.Size() > MaxPartSize {
		return nil, notWorkbook("part %s is %s unpacked, more than a workbook needs (%s)", part.Name, size(part.Size()), size(MaxPartSize))
	}
	if err := p.readXML(p.workbook, &wb); err != nil {
		return nil, notWorkbook("%v", err)
	}
	p.strict = p.strict || strings.HasPrefix(wb.XMLName.Space, strictPrefix)
	if p.wbRels, err = p.Rels(p.workbook); err != nil {
		return nil, notWorkbook("%v", err)
	}
	for _, s := range wb.Sheets {
		ref := Sheet{Name: s.Name}
		for _, r := range p.wbRels {
			if r.ID == s.RID && r.TargetMode != "External" {
				ref.Part, ref.RelType = resolve(p.workbook, r.Target), r.Type
				p.strict = p.strict || strings.HasPrefix(r.Type, strictPrefix)
			}
		}
		if ref.Part != "" && p.Part(ref.Part) == nil {
			ref.Part = ""
		}
		p.sheets = append(p.sheets, ref)
	}
	return p, nil
}

// Strict reports whether the workbook is in ISO strict form (Excel's
// "Strict Open XML Spreadsheet"), whose namespaces differ from the
// transitional form that excelize and this package write.
func (p *Package) Strict() bool { return p.strict }

// Workbook returns the name of the workbook part.
func (p *Package) Workbook() string { return p.workbook }

// Parts returns the parts in the order of the zip.
func (p *Package) Parts() []*Part { return p.parts }

// Part returns the part with a name (compared without regard to case, as
// OPC does), or nil.
func (p *Package) Part(name string) *Part { return p.byName[strings.ToLower(name)] }

// Sheets returns the workbook's sheets in order.
func (p *Package) Sheets() []Sheet { return p.sheets }

// Sheet returns the sheet with the given name; Excel compares sheet names
// without regard to case.
func (p *Package) Sheet(name string) (Sheet, bool) {
	for _, s := range p.sheets {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Sheet{}, false
}

// WorkbookRels returns the relationships of the workbook part.
func (p *Package) WorkbookRels() []Rel { return p.wbRels }

// WorkbookPart returns the part of the workbook's first relationship of a
// kind (RelSharedStrings, RelCalcChain), "" when there is none or its part
// is missing.
func (p *Package) WorkbookPart(kind string) string {
	parts, _ := p.related(p.wbRels, p.workbook, kind)
	if len(parts) == 0 {
		return ""
	}
	return parts[0]
}

// Related returns the parts that a part's relationships of a kind point
// to, such as the tables of a worksheet (RelTable).
func (p *Package) Related(part, kind string) ([]string, error) {
	rs, err := p.Rels(part)
	if err != nil {
		return nil, err
	}
	return p.related(rs, part, kind)
}

func (p *Package) related(rs []Rel, source, kind string) ([]string, error) {
	var out []string
	for _, r := range rs {
		if RelIs(r.Type, kind) && r.TargetMode != "External" {
			if t := resolve(source, r.Target); p.Part(t) != nil {
				out = append(out, p.Part(t).Name)
			}
		}
	}
	return out, nil
}

func (p *Package) readXML(part string, v any) error {
	f := p.Part(part)
	if f == nil {
		return fmt.Errorf("part %s is missing", part)
	}
	if f.Size() > MaxPartSize {
		return fmt.Errorf("part %s is larger than %s", part, size(MaxPartSize))
	}
	data, err := f.Read()
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("part %s: %w", part, err)
	}
	return nil
}

// Rels returns the relationships of a part ("" for the package's own); a
// part without relationships has none.
func (p *Package) Rels(part string) ([]Rel, error) {
	rp := relsPart(part)
	if p.Part(rp) == nil {
		return nil, nil
	}
	var r rels
	if err := p.readXML(rp, &r); err != nil {
		return nil, err
	}
	return r.Rels, nil
}

// ContentType returns a part's content type.
func (p *Package) ContentType(part string) string {
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

// relsPart returns the relationships part of a part ("" for the package).
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

// reachable returns the parts (lower-case names) reachable by
// relationships from the package root, without following the
// relationships of the parts in cut.
func (p *Package) reachable(cut map[string]bool) (map[string]bool, error) {
	seen := map[string]bool{}
	queue := []string{""}
	for len(queue) > 0 {
		part := queue[0]
		queue = queue[1:]
		if cut[strings.ToLower(part)] {
			continue
		}
		rels, err := p.Rels(part)
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

// Exclusive returns the parts (lower-case names) that are reachable only
// through the given parts' relationships, and those relationship parts
// themselves: what goes when the given parts are rebuilt from nothing.
func (p *Package) Exclusive(parts ...string) (map[string]bool, error) {
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

// SharedStrings is the shared strings part of a workbook being written.
type SharedStrings struct {
	Part  string       // its name
	Table *StringTable // its items, to which the sheets written add
	Texts []string     // the text of each item the part held
	xml   []byte
	isNew bool
	rel   Rel
}

// SharedStrings reads the workbook's shared strings part, or starts one
// when it has none (a workbook whose text is all inline strings). Edit.Add
// writes it with the strings the sheets added.
func (p *Package) SharedStrings() (*SharedStrings, error) {
	if part := p.WorkbookPart(RelSharedStrings); part != "" {
		xml, err := p.Part(part).Read()
		if err != nil {
			return nil, err
		}
		s := &SharedStrings{Part: p.Part(part).Name, xml: xml}
		if s.Table, s.Texts, err = readStringTable(xml); err != nil {
			return nil, fmt.Errorf("part %s: %w", part, err)
		}
		return s, nil
	}
	dir := path.Dir(p.workbook)
	name := "sharedStrings.xml"
	for i := 1; p.Part(path.Join(dir, name)) != nil; i++ {
		name = fmt.Sprintf("sharedStrings%d.xml", i)
	}
	id := "rIdStrings"
	for i := 1; slices.ContainsFunc(p.wbRels, func(r Rel) bool { return r.ID == id }); i++ {
		id = fmt.Sprintf("rIdStrings%d", i)
	}
	return &SharedStrings{
		Part: path.Join(dir, name),
		xml: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="0"></sst>`),
		Table: &StringTable{ids: map[string]int{}},
		isNew: true,
		rel:   Rel{ID: id, Type: sharedStringsRel, Target: name},
	}, nil
}

// SharedStringsAs returns SharedStrings, reusing known when the part holds
// the same bytes as known's part did: a tracker reads its table when it is
// opened, and the workbook excelize saves keeps that part as it was, so it
// need not be read again (a tenth of a second at 200,000 Answers rows).
// known is the one returned then, and is not to be used again: the sheets
// written add to its table.
func (p *Package) SharedStringsAs(known *SharedStrings) (*SharedStrings, error) {
	if known != nil && !known.isNew {
		if part := p.WorkbookPart(RelSharedStrings); part != "" && p.Part(part).Name == known.Part {
			xml, err := p.Part(part).Read()
			if err != nil {
				return nil, err
			}
			if bytes.Equal(xml, known.xml) {
				return known, nil
			}
		}
	}
	return p.SharedStrings()
}

// Save adds the shared strings part to an edit of the package p it was
// read from, to be written last (after the sheets that add strings to
// it), with a relationship from the workbook when the part is new.
func (s *SharedStrings) Save(p *Package, e *Edit) {
	if e.Drop == nil {
		e.Drop = map[string]bool{}
	}
	e.Drop[strings.ToLower(s.Part)] = true
	e.Add = append(e.Add, NewPart{Name: s.Part, ContentType: sharedStringsType, Write: func(w io.Writer) error {
		xml, err := s.Table.appendItems(s.xml)
		if err != nil {
			return fmt.Errorf("part %s: %w", s.Part, err)
		}
		_, err = w.Write(xml)
		return err
	}})
	if s.isNew {
		if e.Rels == nil {
			e.Rels = map[string][]Rel{}
		}
		e.Rels[p.workbook] = append(slices.Clone(p.wbRels), s.rel)
	}
}

// Edit says how Package.Write writes a package: which parts get new
// content, which are left out, which are added, and which parts get new
// relationships. Every other part is copied as it is.
type Edit struct {
	// Replace writes the new content of parts, by name (any case).
	Replace map[string]func(w io.Writer) error
	// Drop names the parts left out (lower-case names), with their
	// content type overrides.
	Drop map[string]bool
	// Add are new parts, written after the others in this order.
	Add []NewPart
	// Rels replaces the relationships of parts (by source part, "" for
	// the package's own).
	Rels map[string][]Rel
	// Ahead names parts of Replace (any case) that are made at once, each
	// in a goroutine of its own, while the parts before them are written:
	// their Replace must not depend on another's.
	Ahead map[string]bool
}

// NewPart is a part that an Edit adds.
type NewPart struct {
	Name        string
	ContentType string // given as an override in the content types
	Write       func(w io.Writer) error
}

// Write writes the package to w, changed as e says. The content types part
// is written again with its entries for the parts left out removed, those
// of the new parts added and its Default entries sorted (excelize writes
// them in map order, and the same input should give the same bytes).
// Parts of the zip read are copied compressed as they are; new content is
// compressed at the given level (LevelReport, LevelTracker).
func (p *Package) Write(w io.Writer, level int, e Edit) error {
	zw := zip.NewWriter(w)
	register(zw, level)
	relsFor := map[string][]Rel{}
	for source, rs := range e.Rels {
		relsFor[strings.ToLower(relsPart(source))] = rs
	}
	replace := map[string]func(io.Writer) error{}
	for name, fn := range e.Replace {
		replace[strings.ToLower(name)] = fn
	}
	ahead := map[string]*aheadPart{}
	for name := range e.Ahead {
		if fn := replace[strings.ToLower(name)]; fn != nil {
			a := makeAhead(fn, level)
			defer func() { <-a.done }() // nothing runs on after Write
			ahead[strings.ToLower(name)] = a
		}
	}
	written := map[string]bool{}
	for _, part := range p.parts {
		name := strings.ToLower(part.Name)
		written[name] = true
		var err error
		switch {
		case e.Drop[name]:
			continue
		case name == "[content_types].xml":
			err = writePart(zw, part.Name, func(w io.Writer) error {
				_, err := w.Write(p.typesXML(e))
				return err
			})
		case ahead[name] != nil:
			err = ahead[name].writeTo(zw, part.Name)
		case replace[name] != nil:
			err = writePart(zw, part.Name, replace[name])
		case relsFor[name] != nil:
			err = writePart(zw, part.Name, func(w io.Writer) error {
				_, err := w.Write(marshalRels(relsFor[name]))
				return err
			})
		case part.zf != nil:
			err = zw.Copy(part.zf)
		default:
			err = writePart(zw, part.Name, func(w io.Writer) error {
				_, err := w.Write(part.data)
				return err
			})
		}
		if err != nil {
			return err
		}
	}
	for name, rs := range relsFor {
		if !written[name] {
			if err := writePart(zw, name, func(w io.Writer) error {
				_, err := w.Write(marshalRels(rs))
				return err
			}); err != nil {
				return err
			}
		}
	}
	for _, np := range e.Add {
		if err := writePart(zw, np.Name, np.Write); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writePart(zw *zip.Writer, name string, write func(w io.Writer) error) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	return write(w)
}

// typesXML returns the content types part as Write writes it.
func (p *Package) typesXML(e Edit) []byte {
	ct := contentTypes{Defaults: slices.Clone(p.types.Defaults)}
	slices.SortStableFunc(ct.Defaults, func(a, b ctDefault) int { return strings.Compare(a.Extension, b.Extension) })
	added := map[string]string{}
	for _, np := range e.Add {
		added[strings.ToLower(np.Name)] = np.ContentType
	}
	for _, o := range p.types.Overrides {
		name := strings.ToLower(strings.TrimPrefix(o.PartName, "/"))
		if typ, ok := added[name]; ok {
			// A part written again at the end keeps its place here.
			o.ContentType = typ
			delete(added, name)
		} else if e.Drop[name] {
			continue
		}
		ct.Overrides = append(ct.Overrides, o)
	}
	for _, np := range e.Add {
		if _, ok := added[strings.ToLower(np.Name)]; ok {
			ct.Overrides = append(ct.Overrides, ctOverride{PartName: "/" + np.Name, ContentType: np.ContentType})
		}
	}
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
func marshalRels(rels []Rel) []byte {
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

// capture is the zip writer (excelize.ZipWriter) an excelize file saves
// with to hand its parts to a Package instead of a zip: see FromExcelize.
type capture struct {
	parts []*Part
	bufs  []*bytes.Buffer
}

// Create starts a part.
func (c *capture) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	c.parts = append(c.parts, &Part{Name: name})
	c.bufs = append(c.bufs, b)
	return b, nil
}

// AddFS adds the files of fsys as parts.
func (c *capture) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		w, _ := c.Create(name)
		_, err = w.Write(data)
		return err
	})
}

// Close ends the capture.
func (c *capture) Close() error { return nil }

// Package returns the package of the captured parts.
func (c *capture) Package() (*Package, error) {
	for i, p := range c.parts {
		p.data = c.bufs[i].Bytes()
	}
	p, err := newPackage(c.parts)
	if err != nil {
		return nil, fmt.Errorf("excelize wrote an unreadable workbook: %w", err)
	}
	return p, nil
}

// errNoCapture means that the excelize file did not write through the
// capture given to it.
var errNoCapture = errors.New("excelize wrote no parts")

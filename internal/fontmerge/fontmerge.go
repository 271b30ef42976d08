// Package fontmerge builds a TrueType font from a base TrueType font and
// glyphs taken from fallback fonts, so that a PDF library that embeds one
// TrueType font per style (fpdf) can draw text in scripts the base font
// lacks.
//
// The fallback fonts may be TrueType or CFF-flavoured OpenType, single
// fonts or faces of a collection (.ttc): the glyphs are read with
// golang.org/x/image/font/sfnt, their outlines converted to TrueType
// quadratic curves and scaled to the base font's units. Only the glyphs of
// the runes asked for are added; the base font's own glyphs are copied as
// they are, at the same glyph indices.
package fontmerge

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// MaxAdded bounds the glyphs one merge adds: the character map of a
// TrueType font (format 4) has room for about 8,000 ranges, and a PDF's
// font subset for about as many. Runes past the bound are left out.
const MaxAdded = 6000

// Fallback is a font that glyphs may be taken from.
type Fallback struct {
	Font *sfnt.Font
	// Slant shears the glyphs taken from this font to the right by
	// Slant × height, a synthetic italic for fonts without one (0.2 is
	// about 11°); 0 leaves them upright.
	Slant float64
}

// Font is a merged font.
type Font struct {
	TTF   []byte        // the TrueType font file
	Added map[rune]bool // the runes whose glyphs come from a fallback
}

// Merge returns base with glyphs added for the runes in want that base has
// no glyph for, each from the first fallback that has one. alias maps a
// rune to another whose glyph it takes in the result (for example '-' to
// U+00AD, the base font's narrower hyphen); an alias to a rune the base font
// lacks is ignored. Runes no font has are left out, as are runes beyond the
// Basic Multilingual Plane, which the character map written here cannot
// hold. base must be a TrueType font (glyf outlines).
func Merge(base []byte, fallbacks []Fallback, want []rune, alias map[rune]rune) (*Font, error) {
	b, err := parseBase(base)
	if err != nil {
		return nil, err
	}
	out := &Font{Added: map[rune]bool{}}
	for from, to := range alias {
		if g, ok := b.cmap[to]; ok && from < 0xffff {
			b.cmap[from] = g
		}
	}

	runes := slices.Clone(want)
	slices.Sort(runes)
	runes = slices.Compact(runes)
	var added []glyph
	var buf sfnt.Buffer
	for _, r := range runes {
		if len(added) == MaxAdded {
			break
		}
		if r <= 0 || r >= 0xffff || b.has(r) {
			continue
		}
		for _, fb := range fallbacks {
			g, ok := loadGlyph(&buf, fb, r, b.unitsPerEm)
			if !ok {
				continue
			}
			g.index = uint16(b.numGlyphs + len(added))
			b.cmap[r] = g.index
			added = append(added, g)
			out.Added[r] = true
			break
		}
	}
	if b.numGlyphs+len(added) > 0xffff {
		return nil, fmt.Errorf("merged font: %d glyphs, more than a font can hold", b.numGlyphs+len(added))
	}
	out.TTF = b.write(added)
	return out, nil
}

// base is the parsed base font.
type base struct {
	tables     map[string][]byte
	unitsPerEm int
	numGlyphs  int
	glyphs     [][]byte // glyf data per glyph
	advances   []uint16
	lsbs       []int16
	cmap       map[rune]uint16
}

func (b *base) has(r rune) bool {
	g, ok := b.cmap[r]
	return ok && g != 0
}

var errNotTrueType = errors.New("not a TrueType font")

func parseBase(data []byte) (*base, error) {
	tables, err := readTables(data)
	if err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %s table", errNotTrueType, tag)
		}
	}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, fmt.Errorf("%w: a table is too short", errNotTrueType)
	}
	b := &base{
		tables:     tables,
		unitsPerEm: int(be16(head[18:])),
		numGlyphs:  int(be16(maxp[4:])),
	}
	if b.unitsPerEm < 16 || b.numGlyphs == 0 {
		return nil, fmt.Errorf("%w: bad units per em or glyph count", errNotTrueType)
	}
	longLoca := be16(head[50:]) == 1
	loca, glyf := tables["loca"], tables["glyf"]
	offset := func(i int) (int, bool) {
		if longLoca {
			if 4*i+4 > len(loca) {
				return 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*i:])), true
		}
		if 2*i+2 > len(loca) {
			return 0, false
		}
		return 2 * int(be16(loca[2*i:])), true
	}
	b.glyphs = make([][]byte, b.numGlyphs)
	for i := range b.numGlyphs {
		lo, ok1 := offset(i)
		hi, ok2 := offset(i + 1)
		if !ok1 || !ok2 || lo > hi || hi > len(glyf) {
			return nil, fmt.Errorf("%w: bad glyph location %d", errNotTrueType, i)
		}
		b.glyphs[i] = glyf[lo:hi]
	}
	hmtx := tables["hmtx"]
	nh := int(be16(hhea[34:]))
	if nh == 0 || nh > b.numGlyphs || len(hmtx) < 4*nh+2*(b.numGlyphs-nh) {
		return nil, fmt.Errorf("%w: bad horizontal metrics", errNotTrueType)
	}
	b.advances = make([]uint16, b.numGlyphs)
	b.lsbs = make([]int16, b.numGlyphs)
	for i := range b.numGlyphs {
		if i < nh {
			b.advances[i] = be16(hmtx[4*i:])
			b.lsbs[i] = int16(be16(hmtx[4*i+2:]))
		} else {
			b.advances[i] = b.advances[nh-1]
			b.lsbs[i] = int16(be16(hmtx[4*nh+2*(i-nh):]))
		}
	}
	if b.cmap, err = readCmap(tables["cmap"]); err != nil {
		return nil, err
	}
	return b, nil
}

// readTables reads the table directory of a TrueType font file.
func readTables(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errNotTrueType
	}
	switch binary.BigEndian.Uint32(data) {
	case 0x00010000, 0x74727565: // 1.0, "true"
	default:
		return nil, errNotTrueType
	}
	n := int(be16(data[4:]))
	if len(data) < 12+16*n {
		return nil, fmt.Errorf("%w: truncated table directory", errNotTrueType)
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(size) > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q runs past the end", errNotTrueType, rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+size]
	}
	return tables, nil
}

// readCmap reads the Unicode BMP character map (format 4).
func readCmap(cmap []byte) (map[rune]uint16, error) {
	if len(cmap) < 4 {
		return nil, fmt.Errorf("%w: short cmap", errNotTrueType)
	}
	n := int(be16(cmap[2:]))
	for i := range n {
		rec := cmap[4+8*i:]
		if len(rec) < 8 {
			break
		}
		platform, encoding := be16(rec), be16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if !(platform == 3 && encoding == 1) && platform != 0 {
			continue
		}
		if off+14 > len(cmap) || be16(cmap[off:]) != 4 {
			continue
		}
		return readFormat4(cmap[off:])
	}
	return nil, fmt.Errorf("%w: no Unicode character map", errNotTrueType)
}

func readFormat4(t []byte) (map[rune]uint16, error) {
	length := min(int(be16(t[2:])), len(t))
	t = t[:length]
	segs := int(be16(t[6:])) / 2
	if 16+8*segs > len(t) {
		return nil, fmt.Errorf("%w: truncated cmap", errNotTrueType)
	}
	ends, starts := t[14:], t[16+2*segs:]
	deltas, rangeOffsets := t[16+4*segs:], t[16+6*segs:]
	m := map[rune]uint16{}
	for s := range segs {
		end, start := int(be16(ends[2*s:])), int(be16(starts[2*s:]))
		delta, ro := be16(deltas[2*s:]), int(be16(rangeOffsets[2*s:]))
		for c := start; c <= end && c < 0xffff; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				at := 16 + 6*segs + 2*s + ro + 2*(c-start)
				if at+2 > len(t) {
					continue
				}
				if g = be16(t[at:]); g != 0 {
					g += delta
				}
			}
			if g != 0 {
				m[rune(c)] = g
			}
		}
	}
	return m, nil
}

// glyph is a glyph taken from a fallback, in the base font's units.
type glyph struct {
	index   uint16
	advance uint16
	xMin    int16
	data    []byte // glyf data, 0 bytes for an empty glyph
	points  int
	nContrs int
}

// loadGlyph converts the glyph of r in a fallback font.
func loadGlyph(buf *sfnt.Buffer, fb Fallback, r rune, unitsPerEm int) (glyph, bool) {
	f := fb.Font
	gi, err := f.GlyphIndex(buf, r)
	if err != nil || gi == 0 {
		return glyph{}, false
	}
	ppem := fixed.I(int(f.UnitsPerEm()))
	segs, err := f.LoadGlyph(buf, gi, ppem, nil)
	if err != nil {
		return glyph{}, false
	}
	adv, err := f.GlyphAdvance(buf, gi, ppem, font.HintingNone)
	if err != nil {
		return glyph{}, false
	}
	scale := float64(unitsPerEm) / float64(f.UnitsPerEm())
	g := glyph{advance: uint16(clamp(math.Round(float64(adv)/64*scale), 0, 0xffff))}
	// sfnt's y axis points down; TrueType's up.
	pt := func(p fixed.Point26_6) point {
		x, y := float64(p.X)/64*scale, -float64(p.Y)/64*scale
		return point{x: x + fb.Slant*y, y: y}
	}
	contours := outline(segs, pt)
	g.data, g.xMin, g.points = encodeGlyph(contours)
	g.nContrs = len(contours)
	return g, true
}

type point struct {
	x, y float64
	on   bool
}

// outline turns sfnt segments into TrueType contours: on-curve points and
// quadratic off-curve control points. Cubic curves (CFF fonts) become one
// or more quadratic curves each.
func outline(segs sfnt.Segments, pt func(fixed.Point26_6) point) [][]point {
	var contours [][]point
	var cur []point
	flush := func() {
		// A contour closes by itself: a last point on the first is doubled.
		if n := len(cur); n > 1 && cur[n-1].on && near(cur[n-1], cur[0]) {
			cur = cur[:n-1]
		}
		if len(cur) >= 2 {
			contours = append(contours, cur)
		}
		cur = nil
	}
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			flush()
			p := pt(s.Args[0])
			p.on = true
			cur = append(cur, p)
		case sfnt.SegmentOpLineTo:
			p := pt(s.Args[0])
			p.on = true
			cur = append(cur, p)
		case sfnt.SegmentOpQuadTo:
			c, p := pt(s.Args[0]), pt(s.Args[1])
			p.on = true
			cur = append(cur, c, p)
		case sfnt.SegmentOpCubeTo:
			if len(cur) == 0 {
				continue
			}
			p0 := cur[len(cur)-1]
			cur = cubicToQuads(cur, p0, pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2]), 0)
		}
	}
	flush()
	return contours
}

// cubicToQuads appends quadratic curves that follow the cubic curve
// p0 c1 c2 p3 to within a quarter of a font unit, splitting it in halves
// as needed.
func cubicToQuads(dst []point, p0, c1, c2, p3 point, depth int) []point {
	// The distance between a cubic and the quadratic through the same ends
	// with control point (3(c1+c2) - (p0+p3)) / 4 is at most √3/36 times
	// the size of p3 - 3c2 + 3c1 - p0.
	dx := p3.x - 3*c2.x + 3*c1.x - p0.x
	dy := p3.y - 3*c2.y + 3*c1.y - p0.y
	if depth >= 5 || math.Hypot(dx, dy)*math.Sqrt(3)/36 <= 0.25 {
		q := point{x: (3*(c1.x+c2.x) - p0.x - p3.x) / 4, y: (3*(c1.y+c2.y) - p0.y - p3.y) / 4}
		end := p3
		end.on = true
		return append(dst, q, end)
	}
	mid := func(a, b point) point { return point{x: (a.x + b.x) / 2, y: (a.y + b.y) / 2} }
	ab, bc, cd := mid(p0, c1), mid(c1, c2), mid(c2, p3)
	abc, bcd := mid(ab, bc), mid(bc, cd)
	m := mid(abc, bcd)
	dst = cubicToQuads(dst, p0, ab, abc, m, depth+1)
	return cubicToQuads(dst, m, bcd, cd, p3, depth+1)
}

func near(a, b point) bool { return math.Abs(a.x-b.x) < 0.5 && math.Abs(a.y-b.y) < 0.5 }

// Simple glyph flags.
const (
	flagOnCurve = 0x01
	flagXShort  = 0x02
	flagYShort  = 0x04
	flagXSame   = 0x10 // with flagXShort: positive
	flagYSame   = 0x20 // with flagYShort: positive
)

// encodeGlyph writes contours as a simple TrueType glyph, and returns it
// with its left edge and number of points. No contours is an empty glyph.
func encodeGlyph(contours [][]point) ([]byte, int16, int) {
	if len(contours) == 0 {
		return nil, 0, 0
	}
	type ipt struct {
		x, y int
		on   bool
	}
	var pts []ipt
	var ends []int
	xMin, yMin, xMax, yMax := math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
	for _, c := range contours {
		for _, p := range c {
			q := ipt{x: int(clamp(math.Round(p.x), -16384, 16383)), y: int(clamp(math.Round(p.y), -16384, 16383)), on: p.on}
			pts = append(pts, q)
			xMin, xMax = min(xMin, q.x), max(xMax, q.x)
			yMin, yMax = min(yMin, q.y), max(yMax, q.y)
		}
		ends = append(ends, len(pts)-1)
	}
	var flags, xs, ys []byte
	px, py := 0, 0
	for _, p := range pts {
		var f byte
		if p.on {
			f |= flagOnCurve
		}
		var fx, fy byte
		fx, xs = appendDelta(xs, p.x-px, flagXShort, flagXSame)
		fy, ys = appendDelta(ys, p.y-py, flagYShort, flagYSame)
		px, py = p.x, p.y
		flags = append(flags, f|fx|fy)
	}
	out := make([]byte, 0, 12+2*len(ends)+len(flags)+len(xs)+len(ys))
	for _, v := range []int{len(contours), xMin, yMin, xMax, yMax} {
		out = binary.BigEndian.AppendUint16(out, uint16(int16(v)))
	}
	for _, e := range ends {
		out = binary.BigEndian.AppendUint16(out, uint16(e))
	}
	out = binary.BigEndian.AppendUint16(out, 0) // no instructions
	out = append(out, flags...)
	out = append(out, xs...)
	out = append(out, ys...)
	return out, int16(xMin), len(pts)
}

// appendDelta appends a coordinate's change from the point before, in a
// byte when it is small and none when it is 0, and returns the flags that
// say so (short and same are the flags of its axis).
func appendDelta(buf []byte, d int, short, same byte) (byte, []byte) {
	switch {
	case d == 0:
		return same, buf
	case d > -256 && d < 256:
		if d > 0 {
			return short | same, append(buf, byte(d))
		}
		return short, append(buf, byte(-d))
	}
	return 0, binary.BigEndian.AppendUint16(buf, uint16(int16(d)))
}

// write assembles the merged font.
func (b *base) write(added []glyph) []byte {
	n := b.numGlyphs + len(added)
	var glyf, loca []byte
	for i := range n {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		if i < b.numGlyphs {
			glyf = append(glyf, b.glyphs[i]...)
		} else {
			glyf = append(glyf, added[i-b.numGlyphs].data...)
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	var hmtx []byte
	maxAdvance := uint16(0)
	for i := range n {
		adv, lsb := uint16(0), int16(0)
		if i < b.numGlyphs {
			adv, lsb = b.advances[i], b.lsbs[i]
		} else {
			adv, lsb = added[i-b.numGlyphs].advance, added[i-b.numGlyphs].xMin
		}
		maxAdvance = max(maxAdvance, adv)
		hmtx = binary.BigEndian.AppendUint16(hmtx, adv)
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(lsb))
	}

	tables := map[string][]byte{}
	for _, tag := range []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"} {
		if t := b.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	tables["glyf"], tables["loca"], tables["hmtx"] = glyf, loca, hmtx
	tables["cmap"] = writeCmap(b.cmap)

	head := slices.Clone(b.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	tables["head"] = head

	hhea := slices.Clone(b.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[10:], maxAdvance)
	binary.BigEndian.PutUint16(hhea[34:], uint16(n))
	tables["hhea"] = hhea

	maxp := slices.Clone(b.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))
	if len(maxp) >= 10 {
		points, contours := int(be16(maxp[6:])), int(be16(maxp[8:]))
		for _, g := range added {
			points, contours = max(points, g.points), max(contours, g.nContrs)
		}
		binary.BigEndian.PutUint16(maxp[6:], uint16(min(points, 0xffff)))
		binary.BigEndian.PutUint16(maxp[8:], uint16(min(contours, 0xffff)))
	}
	tables["maxp"] = maxp

	// post version 3: no glyph names, which would not cover the new glyphs.
	if post := b.tables["post"]; len(post) >= 32 {
		p := slices.Clone(post[:32])
		binary.BigEndian.PutUint32(p, 0x00030000)
		tables["post"] = p
	}
	return assemble(tables)
}

// writeCmap writes a character map with one format 4 subtable, for the
// Unicode and the Windows Unicode BMP encodings.
func writeCmap(m map[rune]uint16) []byte {
	runes := make([]rune, 0, len(m))
	for r, g := range m {
		if r < 0xffff && g != 0 {
			runes = append(runes, r)
		}
	}
	slices.Sort(runes)
	type segment struct {
		start, end rune
		delta      uint16
	}
	var segs []segment
	for _, r := range runes {
		g := m[r]
		if k := len(segs) - 1; k >= 0 && segs[k].end == r-1 && uint16(r)+segs[k].delta == g {
			segs[k].end = r
			continue
		}
		segs = append(segs, segment{start: r, end: r, delta: g - uint16(r)})
	}
	segs = append(segs, segment{start: 0xffff, end: 0xffff, delta: 1})

	n := len(segs)
	searchRange, entrySelector := 2, 0
	for searchRange*2 <= 2*n {
		searchRange *= 2
		entrySelector++
	}
	var sub []byte
	put := func(v uint16) { sub = binary.BigEndian.AppendUint16(sub, v) }
	put(4)
	put(uint16(16 + 8*n))
	put(0) // language
	put(uint16(2 * n))
	put(uint16(searchRange))
	put(uint16(entrySelector))
	put(uint16(2*n - searchRange))
	for _, s := range segs {
		put(uint16(s.end))
	}
	put(0)
	for _, s := range segs {
		put(uint16(s.start))
	}
	for _, s := range segs {
		put(s.delta)
	}
	for range segs {
		put(0) // idRangeOffset
	}
	var out []byte
	out = binary.BigEndian.AppendUint16(out, 0) // version
	out = binary.BigEndian.AppendUint16(out, 2) // subtables
	for _, enc := range [][2]uint16{{0, 3}, {3, 1}} {
		out = binary.BigEndian.AppendUint16(out, enc[0])
		out = binary.BigEndian.AppendUint16(out, enc[1])
		out = binary.BigEndian.AppendUint32(out, 4+2*8)
	}
	return append(out, sub...)
}

// assemble writes a TrueType font file of tables, sorted by tag, each with
// its checksum, and sets the font's checksum adjustment in head.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	searchRange, entrySelector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		entrySelector++
	}
	var out []byte
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16*searchRange))
	out = binary.BigEndian.AppendUint16(out, uint16(entrySelector))
	out = binary.BigEndian.AppendUint16(out, uint16(16*n-16*searchRange))
	offset := 12 + 16*n
	headAt := 0
	for _, t := range tags {
		data := tables[t]
		if t == "head" {
			headAt = offset
		}
		out = append(out, t...)
		out = binary.BigEndian.AppendUint32(out, checksum(data))
		out = binary.BigEndian.AppendUint32(out, uint32(offset))
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		offset += (len(data) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt > 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xb1b0afba-checksum(out))
	}
	return out
}

// checksum is the TrueType table checksum: the sum of big-endian 32-bit
// words, the last padded with zeros.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

func be16(b []byte) uint16 { return binary.BigEndian.Uint16(b) }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// Package tracker reads and updates the tracker workbook, which keeps every
// team's scores quarter by quarter. It works on an io.Reader and an
// io.Writer: opening, locking and replacing the file is the caller's job.
//
// The workbook has three sheets that audit owns: History (one row per team,
// period and rubric), Trend (a chart of the overall scores, rebuilt on
// every update) and Answers (one row per period, team, respondent and
// question). Every other sheet and part of the workbook is kept as it is.
// docs/workbooks.md describes the sheets and how an update works.
//
// Large trackers stay quick: the History and Answers rows are read and
// written by a streaming XML reader and writer of this package, and
// excelize, which edits the rest of the workbook, only ever sees those
// sheets without their rows. Answers keeps its text in the shared string
// table (sst.go), and the rows an update keeps are copied as they were
// written, without being parsed cell by cell.
package tracker

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/deflate"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/xuri/excelize/v2"
)

// The sheets audit owns.
const (
	HistorySheet = "History"
	TrendSheet   = "Trend"
	AnswersSheet = "Answers"
)

// The fixed columns of History; the area columns follow, then Recorded.
var historyFixed = []string{"Period", "Team", "Rubric", "Version", "Respondents", "Overall", "Band"}

const recordedTitle = "Recorded"

// Columns of History.
const (
	colPeriod = 1 + iota
	colTeam
	colRubric
	colVersion
	colRespondents
	colOverall
	colBand
	colFirstArea
)

// AnswersHeader is the header of the Answers sheet.
var AnswersHeader = []string{"Period", "Team", "Rubric", "Respondent", "Role", "Area ID", "Area",
	"Question ID", "Question", "Option ID", "Option", "Score", "Comment"}

const answersScoreCol = 12

// maxFileSize is the largest tracker file read.
const maxFileSize = 1 << 30

// FormatError reports a file that is not a tracker workbook that can be
// updated: not a workbook at all, or one whose tracker sheets are not laid
// out as the tracker writes them.
type FormatError struct{ msg string }

func (e *FormatError) Error() string { return e.msg }

// maxHistorySize bounds the History sheet, which is read whole: 10,000
// rows take about 5 MB.
const maxHistorySize = 64 << 20

func formatErrorf(format string, args ...any) error {
	return &FormatError{msg: fmt.Sprintf(format, args...)}
}

// rowKey identifies a History row and a block of Answers rows. The team is
// its answers.NameKey: a team's name in another case is the same team.
type rowKey struct{ team, period, rubric string }

func (k rowKey) less(o rowKey) bool {
	if k.team != o.team {
		return k.team < o.team
	}
	if k.period != o.period {
		return k.period < o.period
	}
	return k.rubric < o.rubric
}

func keyOf(r *xrow) rowKey {
	return rowKey{
		team:   answers.NameKey(r.text(colTeam)),
		period: strings.TrimSpace(r.text(colPeriod)),
		rubric: strings.TrimSpace(r.text(colRubric)),
	}
}

// block is the Answers rows of one team and period. They are made as they
// are written, so that a large team's answers are not held twice.
type block struct {
	key  rowKey
	rows iter.Seq[[]cell] // each row is valid until the next
}

// styleIDs are the cell styles the tracker writes with.
type styleIDs struct {
	header, title, note, text, score, count, date int
}

// Tracker is a tracker workbook read into memory. Record results into it,
// then Write it once.
type Tracker struct {
	src *pkg
	f   *excelize.File
	sst []string

	// The names of the tracker's sheets as the workbook spells them.
	history, trend, answers string

	fresh   bool     // History has no header yet
	areas   []string // titles of the area columns, in column order
	rows    []*xrow  // History rows, without the header
	pending []block  // Answers rows recorded, to replace those of their key

	trendRows []*xrow // the cells of Trend, made by buildTrend
	trendCols int

	answersPart     string // the Answers part in src, "" when there is none
	answersSelected bool   // the Answers tab was the selected one
	date1904        bool
	st              styleIDs
	modified        string
	written         bool
}

// New returns an empty tracker.
func New() (*Tracker, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", HistorySheet); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "audit",
		Title:   "Sales and marketing alignment tracker",
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return read(buf.Bytes())
}

// Read reads a tracker workbook. A workbook without a History sheet is
// read as an empty tracker that keeps all of its sheets. The error is a
// *FormatError when the file is not a workbook or its History or Answers
// sheet is not laid out as the tracker writes it.
func Read(r io.Reader) (t *Tracker, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, formatErrorf("larger than %d MB: not a tracker workbook", maxFileSize>>20)
	}
	return read(data)
}

func read(data []byte) (t *Tracker, err error) {
	defer func() {
		// excelize has panicked on malformed files before.
		if p := recover(); p != nil {
			t, err = nil, formatErrorf("cannot read the workbook: %v", p)
		}
	}()
	p, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	t = &Tracker{src: p, history: HistorySheet, trend: TrendSheet, answers: AnswersSheet}
	hist, hasHist := p.sheet(HistorySheet)
	trend, hasTrend := p.sheet(TrendSheet)
	ans, hasAns := p.sheet(AnswersSheet)
	if !hasHist && (hasTrend || hasAns) {
		other := trend.name
		if !hasTrend {
			other = ans.name
		}
		return nil, formatErrorf("has a sheet %q but no History sheet, so it is not a tracker and updating it would replace that sheet: name another file", other)
	}
	for _, s := range []struct {
		ref sheetRef
		ok  bool
	}{{hist, hasHist}, {trend, hasTrend}, {ans, hasAns}} {
		if s.ok && (!relIs(s.ref.rel, relWorksheet) || p.file(s.ref.part) == nil) {
			return nil, formatErrorf("sheet %q is not a worksheet: a tracker's History, Trend and Answers are worksheets", s.ref.name)
		}
	}
	if part := p.wbPart(relSharedStrings); part != "" && p.file(part) != nil {
		rc, err := p.open(part)
		if err != nil {
			return nil, formatErrorf("cannot read the workbook: %v", err)
		}
		t.sst, err = readSharedStrings(rc)
		rc.Close()
		if err != nil {
			return nil, formatErrorf("cannot read the workbook's shared strings: %v", err)
		}
	}

	aside := setAside{replace: map[string][]byte{}, drop: map[string]bool{}}
	var cut []string
	if hasHist {
		t.history = hist.name
		if f := p.file(hist.part); f != nil && f.UncompressedSize64 > maxHistorySize {
			return nil, formatErrorf("sheet %q is %d MB unpacked, more than a tracker's History can be (%d MB): name another file",
				hist.name, f.UncompressedSize64>>20, maxHistorySize>>20)
		}
		xml, err := p.read(hist.part)
		if err != nil {
			return nil, formatErrorf("cannot read sheet %q: %v", hist.name, err)
		}
		if err := t.readHistory(xml); err != nil {
			return nil, err
		}
		var stub bytes.Buffer
		if err := spliceSheetData(xml, &stub, "A1", func(*sheetWriter) error { return nil }); err != nil {
			return nil, formatErrorf("sheet %q: %v", hist.name, err)
		}
		aside.replace[strings.ToLower(hist.part)] = stub.Bytes()
	} else {
		t.fresh = true
	}
	if hasTrend {
		t.trend = trend.name
		sel, err := t.checkSheet(trend, nil)
		if err != nil {
			return nil, err
		}
		aside.replace[strings.ToLower(trend.part)] = emptySheet(sel)
		cut = append(cut, trend.part)
	}
	if hasAns {
		t.answers = ans.name
		sel, err := t.checkSheet(ans, AnswersHeader)
		if err != nil {
			return nil, err
		}
		t.answersPart, t.answersSelected = ans.part, sel
		aside.replace[strings.ToLower(ans.part)] = emptySheet(sel)
		cut = append(cut, ans.part)
	}
	// Parts that only the rebuilt sheets use (the old chart, comments) go;
	// so does the calculation chain, which names cells whose formulas the
	// rewrite turns into values (Excel rebuilds it).
	excl, err := p.exclusive(cut...)
	if err != nil {
		return nil, formatErrorf("cannot read the workbook: %v", err)
	}
	for part := range excl {
		aside.drop[part] = true
	}
	if calc := p.wbPart(relCalcChain); calc != "" {
		aside.drop[strings.ToLower(calc)] = true
		var rels []opcRel
		for _, r := range p.wbRels {
			if !relIs(r.Type, relCalcChain) {
				rels = append(rels, r)
			}
		}
		aside.replace[strings.ToLower(relsPart(p.workbook))] = marshalRels(rels)
	}
	stub, err := p.stubPackage(aside)
	if err != nil {
		return nil, formatErrorf("cannot read the workbook: %v", err)
	}
	t.f, err = excelize.OpenReader(bytes.NewReader(stub), excelize.Options{UnzipSizeLimit: maxTotalSize})
	if err != nil {
		return nil, formatErrorf("cannot read the workbook: %v", err)
	}
	if err := t.prepare(hasHist, hasTrend, hasAns); err != nil {
		t.f.Close()
		return nil, err
	}
	return t, nil
}

// readHistory reads the header and rows of History.
func (t *Tracker) readHistory(xml []byte) error {
	rr := newRowReader(bytes.NewReader(xml), t.sst)
	first, err := rr.next()
	if err != nil {
		return formatErrorf("sheet %q: %v", t.history, err)
	}
	if first == nil {
		t.fresh = true
		return nil
	}
	if first.num != 1 {
		return formatErrorf("sheet %q: row 1 is empty; it should be the header %s", t.history, wantHistory)
	}
	names := headerNames(first)
	n := len(names)
	if n < len(historyFixed)+1 || !strings.EqualFold(names[n-1], recordedTitle) {
		return t.badHeader(names)
	}
	for i, want := range historyFixed {
		if !strings.EqualFold(names[i], want) {
			return t.badHeader(names)
		}
	}
	seen := map[string]bool{}
	for _, title := range names[len(historyFixed) : n-1] {
		if title == "" || seen[title] || strings.EqualFold(title, recordedTitle) {
			return t.badHeader(names)
		}
		seen[title] = true
		t.areas = append(t.areas, title)
	}
	for {
		row, err := rr.next()
		if err != nil {
			return formatErrorf("sheet %q: %v", t.history, err)
		}
		if row == nil {
			return nil
		}
		if !row.blank(maxCols) {
			t.rows = append(t.rows, row)
		}
	}
}

const wantHistory = `"Period | Team | Rubric | Version | Respondents | Overall | Band | <one column per area> | Recorded"`

func (t *Tracker) badHeader(names []string) error {
	return formatErrorf("sheet %q has the header %q; a tracker's is %s: rename that sheet or name another file",
		t.history, strings.Join(names, " | "), wantHistory)
}

// headerNames returns the texts of a header row up to its last value.
func headerNames(r *xrow) []string {
	last := 0
	for _, c := range r.cells {
		if c.kind != kindEmpty && strings.TrimSpace(c.val) != "" {
			last = c.col
		}
	}
	names := make([]string, last)
	for i := range names {
		names[i] = strings.TrimSpace(r.text(i + 1))
	}
	return names
}

// checkSheet reads the start of a sheet the tracker rebuilds: whether its
// tab is selected and, when want is given, that its first row is that
// header (or the sheet is empty).
func (t *Tracker) checkSheet(s sheetRef, want []string) (selected bool, err error) {
	rc, err := t.src.open(s.part)
	if err != nil {
		return false, formatErrorf("cannot read sheet %q: %v", s.name, err)
	}
	defer rc.Close()
	rr := newRowReader(rc, t.sst)
	first, err := rr.next()
	if err != nil {
		return false, formatErrorf("sheet %q: %v", s.name, err)
	}
	if want == nil || first == nil {
		return rr.tabSelected, nil
	}
	names := headerNames(first)
	ok := first.num == 1 && len(names) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.EqualFold(names[i], want[i])
	}
	if !ok {
		return false, formatErrorf("sheet %q has the header %q; a tracker's is %q: rename that sheet or name another file",
			s.name, strings.Join(names, " | "), strings.Join(want, " | "))
	}
	return rr.tabSelected, nil
}

// emptySheet is the stand-in for a sheet whose content the tracker writes.
func emptySheet(selected bool) []byte {
	sel := ""
	if selected {
		sel = ` tabSelected="1"`
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheetViews><sheetView` + sel + ` workbookViewId="0"/></sheetViews><sheetData/></worksheet>`)
}

// prepare creates the sheets a tracker lacks and the styles it writes with.
func (t *Tracker) prepare(hasHist, hasTrend, hasAns bool) error {
	f := t.f
	props, err := f.GetWorkbookProps()
	if err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	if err := t.makeStyles(); err != nil {
		return err
	}
	for _, s := range []struct {
		name string
		ok   bool
	}{{t.history, hasHist}, {t.trend, hasTrend}, {t.answers, hasAns}} {
		if !s.ok {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
	}
	if t.fresh {
		return t.initHistory()
	}
	return nil
}

// font is the workbook's default font; styles that set a font name it so
// that no application falls back to another.
const font = "Calibri"

func (t *Tracker) makeStyles() error {
	f := t.f
	var err error
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	format := func(code string) *string { return &code }
	t.st = styleIDs{
		header: style(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "1F2937", Family: font, Size: 11},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
			Border:    []excelize.Border{{Type: "bottom", Color: "7F8FA6", Style: 1}},
		}),
		title: style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: font}}),
		note:  style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "6B7280", Family: font, Size: 11}}),
		text:  style(&excelize.Style{NumFmt: 49}),
		score: style(&excelize.Style{CustomNumFmt: format("0.0")}),
		count: style(&excelize.Style{NumFmt: 1}),
		date:  style(&excelize.Style{CustomNumFmt: format("yyyy-mm-dd")}),
	}
	return err
}

// initHistory writes the header of a new History sheet.
func (t *Tracker) initHistory() error {
	f, sh := t.f, t.history
	header := append(append([]string{}, historyFixed...), recordedTitle)
	for i, h := range header {
		cell := columnName(i+1) + "1"
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return err
		}
	}
	last := columnName(len(header)) + "1"
	if err := f.SetCellStyle(sh, "A1", last, t.st.header); err != nil {
		return err
	}
	widths := []float64{10, 26, 12, 9, 12, 9, 13, 12}
	for i, w := range widths {
		c := columnName(i + 1)
		if err := f.SetColWidth(sh, c, c, w); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sh, 1, 48); err != nil {
		return err
	}
	t.fresh = false
	if err := printWide(f, sh); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "C2", ActiveCell: "C2", Pane: "bottomRight"}}})
}

func (t *Tracker) recordedCol() int { return colFirstArea + len(t.areas) }

func (t *Tracker) areaCol(title string) (int, bool) {
	for i, a := range t.areas {
		if a == title {
			return colFirstArea + i, true
		}
	}
	return 0, false
}

// printWide prints a sheet landscape, one page wide.
func printWide(f *excelize.File, sheet string) error {
	landscape, one, anyHeight, fit := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &anyHeight}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// addArea inserts a column for a new area before Recorded, so that the
// area columns stay together; columns of areas a rubric no longer has stay.
func (t *Tracker) addArea(title string) error {
	f, sh := t.f, t.history
	col := t.recordedCol()
	name := columnName(col)
	width := 16.0
	if len(t.areas) > 0 {
		if w, err := f.GetColWidth(sh, columnName(col-1)); err == nil {
			width = w
		}
	}
	if err := f.InsertCols(sh, name, 1); err != nil {
		return err
	}
	if err := f.SetCellStr(sh, name+"1", title); err != nil {
		return err
	}
	style, err := f.GetCellStyle(sh, columnName(col+1)+"1")
	if err != nil || style == 0 {
		style = t.st.header
	}
	if err := f.SetCellStyle(sh, name+"1", name+"1", style); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, name, name, width); err != nil {
		return err
	}
	for _, r := range t.rows {
		for i := range r.cells {
			if r.cells[i].col >= col {
				r.cells[i].col++
			}
		}
	}
	t.areas = append(t.areas, title)
	return nil
}

// Record adds a team's scores in one period, replacing the History row and
// the Answers rows of the same team, period and rubric. recorded is the
// date shown in the Recorded column.
func (t *Tracker) Record(res *scoring.Result, recorded time.Time) error {
	if t.written {
		return errors.New("tracker: Record after Write")
	}
	if res == nil || res.Rubric == nil {
		return errors.New("tracker: no result to record")
	}
	// Each area has a column of its own, named by its title: two areas
	// whose titles read the same in a cell would share one, and History
	// would keep only one of their scores. (rubric.Parse refuses such
	// titles; this holds for any result.)
	byTitle := map[string]string{}
	for _, a := range res.Areas {
		title := strings.TrimSpace(clean(a.Area.Title))
		if first, dup := byTitle[title]; dup || title == "" {
			return fmt.Errorf("areas %q and %q of rubric %s would share the History column %q: give each area a title of its own",
				first, a.Area.ID, res.Rubric.ID, title)
		}
		byTitle[title] = a.Area.ID
	}
	for _, a := range res.Areas {
		title := strings.TrimSpace(clean(a.Area.Title))
		if _, ok := t.areaCol(title); !ok {
			if err := t.addArea(title); err != nil {
				return fmt.Errorf("add the column %q to History: %w", title, err)
			}
		}
	}
	row := t.historyRow(res, recorded)
	key := keyOf(row)
	kept := t.rows[:0]
	for _, r := range t.rows {
		if keyOf(r) != key {
			kept = append(kept, r)
		}
	}
	t.rows = append(kept, row)

	b := block{key: key, rows: answerRows(res, t.st)}
	replaced := false
	for i := range t.pending {
		if t.pending[i].key == key {
			t.pending[i], replaced = b, true
		}
	}
	if !replaced {
		t.pending = append(t.pending, b)
	}
	t.modified = recorded.UTC().Format(time.RFC3339)
	return nil
}

func (t *Tracker) historyRow(res *scoring.Result, recorded time.Time) *xrow {
	r := &xrow{}
	text := func(col int, s string) {
		r.cells = append(r.cells, cell{col: col, kind: kindStr, val: strings.TrimSpace(clean(s)), style: t.st.text})
	}
	num := func(col int, v *float64, style int) {
		c := cell{col: col, style: style}
		if v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
			c.kind, c.val = kindNum, strconv.FormatFloat(*v, 'f', -1, 64)
		}
		r.cells = append(r.cells, c)
	}
	text(colPeriod, res.Period)
	text(colTeam, res.Team)
	text(colRubric, res.Rubric.ID)
	text(colVersion, res.Rubric.Version)
	n := float64(len(res.Respondents))
	num(colRespondents, &n, t.st.count)
	num(colOverall, res.Overall, t.st.score)
	band := ""
	if res.Band != nil {
		band = res.Band.Label
	}
	text(colBand, band)
	scores := make([]*float64, len(t.areas))
	for _, a := range res.Areas {
		if col, ok := t.areaCol(strings.TrimSpace(clean(a.Area.Title))); ok && scores[col-colFirstArea] == nil {
			scores[col-colFirstArea] = a.Score
		}
	}
	for i, s := range scores {
		num(colFirstArea+i, s, t.st.score)
	}
	day := excelDay(recorded, t.date1904)
	num(t.recordedCol(), &day, t.st.date)
	return r
}

// excelDay returns the serial number Excel stores for the date of tm.
func excelDay(tm time.Time, date1904 bool) float64 {
	y, m, d := tm.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return math.Round(day.Sub(base).Hours() / 24)
}

// answerRows returns the Answers rows of a result: one per respondent and
// question, in respondent order, then rubric order.
func answerRows(res *scoring.Result, st styleIDs) iter.Seq[[]cell] {
	return func(yield func([]cell) bool) {
		row := make([]cell, 0, len(AnswersHeader))
		for ri, who := range res.Respondents {
			for _, q := range res.Questions {
				resp := scoring.Response{Respondent: ri}
				if ri < len(q.Responses) {
					resp = q.Responses[ri]
				}
				optID, optLabel := "", ""
				switch {
				case resp.NA:
					optID, optLabel = rubric.NA, "Not applicable"
				case resp.Option != nil:
					optID, optLabel = resp.Option.ID, resp.Option.Label
				}
				values := [...]string{res.Period, res.Team, res.Rubric.ID, who.Name, who.Role,
					q.Area.ID, q.Area.Title, q.Question.ID, q.Question.Text, optID, optLabel, "", resp.Comment}
				row = row[:0]
				for i, v := range values {
					col := i + 1
					if col == answersScoreCol {
						c := cell{col: col, style: st.score}
						if resp.Option != nil {
							c.kind, c.val = kindNum, strconv.FormatFloat(100*resp.Score, 'f', -1, 64)
						}
						row = append(row, c)
						continue
					}
					v = clean(v)
					if v == "" {
						continue
					}
					row = append(row, cell{col: col, kind: kindStr, val: v, style: st.text})
				}
				if !yield(row) {
					return
				}
			}
		}
	}
}

// History returns the team's scores in the periods before the given one
// with the given rubric, oldest first. Areas are keyed by area title, as
// History's columns are named; an area without a score has no key.
func (t *Tracker) History(team, rubricID, before string) []scoring.Snapshot {
	team, rubricID = answers.NameKey(team), strings.TrimSpace(rubricID)
	byPeriod := map[string]scoring.Snapshot{}
	for _, r := range t.rows {
		k := keyOf(r)
		if k.team != team || k.rubric != rubricID || !answers.ValidPeriod(k.period) || k.period >= before {
			continue
		}
		if _, dup := byPeriod[k.period]; dup {
			continue
		}
		s := scoring.Snapshot{Period: k.period, Areas: map[string]*float64{}}
		if v, ok := r.number(colOverall); ok {
			s.Overall = &v
		}
		for i, title := range t.areas {
			if v, ok := r.number(colFirstArea + i); ok {
				s.Areas[title] = &v
			}
		}
		byPeriod[k.period] = s
	}
	out := make([]scoring.Snapshot, 0, len(byPeriod))
	for _, s := range byPeriod {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Period < out[j].Period })
	return out
}

// Rows returns the number of History rows.
func (t *Tracker) Rows() int { return len(t.rows) }

// Close removes the temporary files excelize may have made.
func (t *Tracker) Close() error {
	if t.f == nil {
		return nil
	}
	return t.f.Close()
}

// Write writes the workbook with the recorded results. History rows are
// sorted by team, then period; Trend is rebuilt; Answers keeps its rows
// except those of the recorded teams and periods, whose new rows take their
// place. Write may be called once.
func (t *Tracker) Write(w io.Writer) (err error) {
	if t.written {
		return errors.New("tracker: Write called twice")
	}
	t.written = true
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("tracker: %v", p)
		}
	}()
	sort.SliceStable(t.rows, func(i, j int) bool { return keyOf(t.rows[i]).less(keyOf(t.rows[j])) })
	lastCol := t.recordedCol()
	styles := 1
	if t.f.Styles != nil && t.f.Styles.CellXfs != nil {
		styles = len(t.f.Styles.CellXfs.Xf)
	}
	for i, r := range t.rows {
		r.num = i + 2
		// A style a broken file names but does not have would make the
		// workbook unreadable.
		if r.style >= styles {
			r.style, r.customFormat = 0, false
		}
		for j := range r.cells {
			if r.cells[j].style >= styles {
				r.cells[j].style = 0
			}
		}
		if n := len(r.cells); n > 0 && r.cells[n-1].col > lastCol {
			lastCol = r.cells[n-1].col
		}
	}
	sort.SliceStable(t.pending, func(i, j int) bool { return t.pending[i].key.less(t.pending[j].key) })
	if err := t.buildTrend(); err != nil {
		return fmt.Errorf("build the Trend sheet: %w", err)
	}
	if t.modified != "" {
		props := &excelize.DocProperties{Modified: t.modified}
		if old, err := t.f.GetDocProps(); err == nil && (old.Created == "" || strings.HasPrefix(old.Created, "2006-09-16")) {
			props.Created = t.modified // a new workbook still has excelize's template date
		}
		if err := t.f.SetDocProps(props); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if _, err := t.f.WriteTo(&buf); err != nil {
		return err
	}
	out, err := openPackage(buf.Bytes())
	if err != nil {
		return fmt.Errorf("tracker: excelize wrote an unreadable workbook: %w", err)
	}
	hist, ok1 := out.sheet(t.history)
	ans, ok2 := out.sheet(t.answers)
	trend, ok3 := out.sheet(t.trend)
	if !ok1 || !ok2 || !ok3 {
		return errors.New("tracker: the History, Trend or Answers sheet went missing")
	}
	sst, err := openStrings(out)
	if err != nil {
		return err
	}
	strs := sst.strs
	// Old Answers rows can be copied as they are when their string
	// references still mean the same (excelize only adds strings).
	keepsStrings := len(sst.texts) >= len(t.sst)
	for i := 0; keepsStrings && i < len(t.sst); i++ {
		keepsStrings = sst.texts[i] == t.sst[i]
	}
	dim := "A1:" + columnName(lastCol) + strconv.Itoa(len(t.rows)+1)
	zw := zip.NewWriter(w)
	// The parts written here are mostly the large Answers sheet: compress
	// them fast (copied parts keep their compression).
	deflate.Register(zw, deflate.Tracker)
	pw := &partWriter{zw: zw}
	for _, f := range out.zr.File {
		var err error
		switch strings.ToLower(f.Name) {
		case strings.ToLower(hist.part):
			err = t.writePart(pw, out, f, func(xml []byte, fw io.Writer) error {
				return spliceSheetData(xml, fw, dim, func(sw *sheetWriter) error {
					for _, r := range t.rows {
						sw.row(r)
					}
					return nil
				})
			})
		case strings.ToLower(trend.part):
			err = t.writePart(pw, out, f, func(xml []byte, fw io.Writer) error {
				last := t.trendRows[len(t.trendRows)-1].num
				dim := "A1:" + columnName(max(1, t.trendCols)) + strconv.Itoa(last)
				return spliceSheetData(xml, fw, dim, func(sw *sheetWriter) error {
					for _, r := range t.trendRows {
						sw.row(r)
					}
					return nil
				})
			})
		case strings.ToLower(ans.part):
			var fw io.Writer
			if fw, err = pw.create(f.Name); err == nil {
				// Compress while the next rows are read.
				aw := newAsyncWriter(fw)
				err = t.writeAnswers(aw, strs, keepsStrings)
				if cerr := aw.Close(); err == nil {
					err = cerr
				}
			}
		case strings.ToLower(sst.part):
			// Written last, with the strings the sheets added.
		case strings.ToLower(relsPart(out.workbook)):
			if sst.rel == nil {
				err = pw.copy(f)
				break
			}
			err = pw.write(f.Name, marshalRels(append(out.wbRels, *sst.rel)))
		case "[content_types].xml":
			// excelize adds image types in map order: sort them, so that
			// the same update gives the same bytes.
			types := out.types
			sort.SliceStable(types.Defaults, func(i, j int) bool {
				return types.Defaults[i].Extension < types.Defaults[j].Extension
			})
			if sst.rel != nil {
				types.Overrides = append(types.Overrides, ctOverride{PartName: "/" + sst.part, ContentType: sharedStringsType})
			}
			err = pw.write(f.Name, marshalTypes(types))
		default:
			err = pw.copy(f)
		}
		if err != nil {
			return err
		}
	}
	xml, err := strs.appendItems(sst.xml)
	if err != nil {
		return fmt.Errorf("tracker: %w", err)
	}
	if err := pw.write(sst.part, xml); err != nil {
		return err
	}
	return zw.Close()
}

func (t *Tracker) writePart(pw *partWriter, p *pkg, f *zip.File, fn func(xml []byte, w io.Writer) error) error {
	xml, err := p.read(f.Name)
	if err != nil {
		return err
	}
	fw, err := pw.create(f.Name)
	if err != nil {
		return err
	}
	return fn(xml, fw)
}

// Widths of the Answers columns.
var answersWidths = []int{9, 22, 11, 20, 11, 14, 30, 26, 50, 14, 40, 8, 50}

// writeAnswers writes the Answers sheet: its old rows in their order, with
// those of the recorded keys left out and the recorded rows placed before
// the first row of a later team and period. With keepsStrings, the old
// rows that the tracker wrote are copied without being read cell by cell.
func (t *Tracker) writeAnswers(w io.Writer, strs *stringTable, keepsStrings bool) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	sel := ""
	if t.answersSelected {
		sel = ` tabSelected="1"`
	}
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheetViews><sheetView` + sel + ` workbookViewId="0">` +
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, wd := range answersWidths {
		fmt.Fprintf(bw, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, wd)
	}
	bw.WriteString(`</cols><sheetData>`)
	sw := &sheetWriter{w: bw, strs: strs}
	header := &xrow{num: 1}
	for i, h := range AnswersHeader {
		header.cells = append(header.cells, cell{col: i + 1, kind: kindStr, val: h, style: t.st.header})
	}
	sw.row(header)
	n := 1
	emit := func(cells []cell) {
		n++
		sw.row(&xrow{num: n, cells: cells})
	}
	replaced := map[rowKey]bool{}
	for _, b := range t.pending {
		replaced[b.key] = true
	}
	next := 0
	// place writes the recorded rows that come before key k.
	place := func(k rowKey) {
		for next < len(t.pending) && t.pending[next].key.less(k) {
			for cells := range t.pending[next].rows {
				emit(cells)
			}
			next++
		}
	}
	if t.answersPart != "" {
		rc, err := t.src.open(t.answersPart)
		if err != nil {
			return err
		}
		defer rc.Close()
		rr := newRowReader(rc, t.sst)
		for {
			if keepsStrings && rr.prevRow >= 1 {
				if ahead, ok := rr.peekRow(); ok {
					if k, end, ok := t.copiedKey(ahead); ok {
						rr.skipRow(end)
						if !replaced[k] {
							place(k)
							n++
							sw.raw(ahead[:end])
						}
						continue
					}
				}
			}
			row, err := rr.next()
			if err != nil {
				return fmt.Errorf("read sheet %q: %w", t.answers, err)
			}
			if row == nil {
				break
			}
			if row.num == 1 || row.blank(len(AnswersHeader)) {
				continue
			}
			k := keyOf(row)
			if replaced[k] {
				continue
			}
			place(k)
			emit(t.restyle(row))
		}
	}
	for ; next < len(t.pending); next++ {
		for cells := range t.pending[next].rows {
			emit(cells)
		}
	}
	fmt.Fprintf(bw, `</sheetData><autoFilter ref="A1:%s%d"/>`, columnName(len(AnswersHeader)), n)
	bw.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return bw.Flush()
}

// copiedKey reads the cells of an old Answers row, b being what follows
// its <row> tag, and returns the row's key and the length of its cells
// (they end with </row>) when the row can be copied as it is: its cells
// are those the tracker writes now, <c s="text" t="s"><v>string</v></c>,
// and <c s="score"><v>number</v></c> or <c s="score"/> in the Score column,
// one after another from column A to at most the last column, with a
// period, team and rubric. Any other row is read and written again.
func (t *Tracker) copiedKey(b []byte) (_ rowKey, end int, _ bool) {
	var text [3]string
	rest := b
	for col := 1; !hasPrefix(rest, "</row>"); col++ {
		if col > len(AnswersHeader) || !hasPrefix(rest, `<c s="`) {
			return rowKey{}, 0, false
		}
		style, after, ok := cutInt(rest[len(`<c s="`):])
		if !ok {
			return rowKey{}, 0, false
		}
		rest = after
		score := col == answersScoreCol && style == t.st.score
		switch {
		case score && hasPrefix(rest, `"/>`):
			rest = rest[len(`"/>`):]
			continue
		case score && hasPrefix(rest, `"><v>`):
			rest = rest[len(`"><v>`):]
			i := bytes.IndexByte(rest, '<')
			if i < 0 || !isNumber(string(rest[:i])) {
				return rowKey{}, 0, false
			}
			rest = rest[i:]
		case style == t.st.text && hasPrefix(rest, `" t="s"><v>`):
			i, after, ok := cutInt(rest[len(`" t="s"><v>`):])
			if !ok || i >= len(t.sst) {
				return rowKey{}, 0, false
			}
			rest = after
			if col <= len(text) {
				text[col-1] = strings.TrimSpace(t.sst[i])
			}
		default:
			return rowKey{}, 0, false
		}
		if !hasPrefix(rest, "</v></c>") {
			return rowKey{}, 0, false
		}
		rest = rest[len("</v></c>"):]
	}
	k := rowKey{period: text[colPeriod-1], team: answers.NameKey(text[colTeam-1]), rubric: text[colRubric-1]}
	return k, len(b) - len(rest), k.period != "" && k.team != "" && k.rubric != ""
}

// hasPrefix is bytes.HasPrefix for a string, which the compiler compares
// without a call.
func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// cutInt reads the decimal digits at the start of b.
func cutInt(b []byte) (int, []byte, bool) {
	n, i := 0, 0
	for ; i < len(b) && i < 9 && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
	}
	return n, b[i:], i > 0
}

// restyle returns an old Answers row's values with the tracker's styles.
func (t *Tracker) restyle(r *xrow) []cell {
	out := make([]cell, 0, len(AnswersHeader))
	for _, c := range r.cells {
		if c.col > len(AnswersHeader) {
			break
		}
		switch {
		case c.kind == kindNum && c.col == answersScoreCol:
			c.style = t.st.score
		case c.kind == kindStr:
			c.style = t.st.text
		case c.col == answersScoreCol:
			c.style = t.st.score
		default:
			c.style = 0
		}
		if c.kind == kindEmpty && c.style == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

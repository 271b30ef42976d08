// Package tracker reads and updates the tracker workbook, which keeps every
// team's scores quarter by quarter. It works on an io.Reader and an
// io.Writer: opening, locking and replacing the file is the caller's job.
//
// The workbook has four sheets that audit owns: History (one row per team,
// period and rubric), Trend (charts of the overall scores with their
// targets, and of the gap, rebuilt on every update), Scores (long-form
// scores by role and area) and Answers (one row per period, team,
// respondent and question); and two that the manager edits: Actions, to
// which audit adds each quarter's actions (actions.go), and Targets, which
// audit only reads. Every other sheet and part of the workbook is kept as
// it is.
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
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/rubric"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/xlsx"
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

// gapTitles are the columns after Recorded: the sales and marketing overall
// scores and their gap (sales − marketing), as scoring computes them. They
// come last so that trackers made before them keep their columns; such a
// tracker gains them on its next update, blank in its old rows.
var gapTitles = []string{"Sales", "Marketing", "Gap"}

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

// AnswersHeader is the header of the Answers sheet. Value, the number
// given to a number question, came last so that the columns of trackers
// made before it stay where they were (a pivot table over Answers!A:M keeps
// its data).
var AnswersHeader = []string{"Period", "Team", "Rubric", "Respondent", "Role", "Area ID", "Area",
	"Question ID", "Question", "Option ID", "Option", "Score", "Comment", "Value"}

// answersHeaderBeforeValue is the header of trackers made before the Value
// column: they are read as they are, and written with the column added.
var answersHeaderBeforeValue = AnswersHeader[:len(AnswersHeader)-1]

const (
	answersScoreCol = 12
	answersValueCol = 14
)

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

func keyOf(r *xlsx.Row) rowKey {
	return rowKey{
		team:   answers.NameKey(r.Text(colTeam)),
		period: strings.TrimSpace(r.Text(colPeriod)),
		rubric: strings.TrimSpace(r.Text(colRubric)),
	}
}

// block is the Answers rows of one team and period. They are made as they
// are written, so that a large team's answers are not held twice.
type block struct {
	key   rowKey
	write func(*xlsx.SheetWriter) error // writes the rows
}

// styleIDs are the cell styles the tracker writes with.
type styleIDs struct {
	header, title, note, text, score, count, date, value, gap int
	wrap                                                      int // text, wrapped, top aligned
	// Top aligned, beside wrapped text in the Actions sheet's rows.
	topScore, topGap, topDate int
	noteWrap                  int // a note that wraps, top aligned
}

// Tracker is a tracker workbook read into memory. Record results into it,
// then Write it once.
type Tracker struct {
	src *xlsx.Package
	f   *excelize.File
	sst []string
	// srcStrings is the shared strings part as read, until Write uses it.
	srcStrings *xlsx.SharedStrings

	// The names of the tracker's sheets as the workbook spells them.
	history, trend, answers, scores, actions, targets string

	fresh bool // History has no header yet
	// gapCols says History's header has the gapTitles columns after
	// Recorded; prepare adds them to the header of an older tracker.
	gapCols bool
	// widenFilter says prepare added the gap columns: History's filter
	// that ends at Recorded is widened to them.
	widenFilter bool
	keys        map[rowKey]bool // the keys of rows, made by Record
	// teamKeys are the team keys of shared strings (see copiedKey).
	teamKeys map[int]string
	areas    []string    // titles of the area columns, in column order
	rows     []*xlsx.Row // History rows, without the header
	pending  []block     // Answers rows recorded, to replace those of their key

	trendRows []*xlsx.Row // the cells of Trend, made by buildTrend

	// scoresRecorded are the Scores rows of the teams and periods
	// recorded, to replace theirs when the sheet is written.
	scoresRecorded map[rowKey][]*xlsx.Row
	scoresHeader   bool              // Scores has its header
	scoresPart     string            // the Scores part in src, "" when it has no header
	scoreTeams     map[string]string // see scoreTeamKey

	// Actions: the header's row and the column of each of its names, the
	// last row with a value, and the rows that name a team.
	actionsHeader, actionsEnd int
	actionCols                map[string]int
	actionRows                []actionRow
	hasTargets                bool
	trendCols                 int

	answersPart string // the Answers part in src, "" when there is none
	// srcSheets are the parts in src of the Actions and Targets sheets
	// the file has (see sheetRows).
	srcSheets       map[string]string
	answersSelected bool // the Answers tab was the selected one
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
	p, err := xlsx.Open(data)
	if err != nil {
		var fe *xlsx.FormatError
		if errors.As(err, &fe) {
			return nil, formatErrorf("%v", fe)
		}
		return nil, err
	}
	if p.Strict() {
		// excelize writes the parts it edits in the transitional form:
		// an update would leave a workbook of two forms, which Excel
		// calls damaged.
		return nil, formatErrorf("is saved as a Strict Open XML Spreadsheet, which audit cannot update: " +
			"open it in Excel, save it as Excel Workbook (.xlsx), and run again")
	}
	t = &Tracker{src: p, history: HistorySheet, trend: TrendSheet, answers: AnswersSheet,
		scores: ScoresSheet, actions: ActionsSheet, targets: TargetsSheet, srcSheets: map[string]string{}}
	hist, hasHist := p.Sheet(HistorySheet)
	trend, hasTrend := p.Sheet(TrendSheet)
	ans, hasAns := p.Sheet(AnswersSheet)
	sc, hasScores := p.Sheet(ScoresSheet)
	act, hasActions := p.Sheet(ActionsSheet)
	tgt, hasTargets := p.Sheet(TargetsSheet)
	if !hasHist {
		// A Targets sheet of the user's is only read, never changed.
		for _, s := range []struct {
			ref xlsx.Sheet
			ok  bool
		}{{trend, hasTrend}, {ans, hasAns}, {sc, hasScores}, {act, hasActions}} {
			if s.ok {
				return nil, formatErrorf("has a sheet %q but no History sheet, so it is not a tracker and updating it would replace that sheet: name another file", s.ref.Name)
			}
		}
	}
	for _, s := range []struct {
		ref xlsx.Sheet
		ok  bool
	}{{hist, hasHist}, {trend, hasTrend}, {ans, hasAns}, {sc, hasScores}, {act, hasActions}, {tgt, hasTargets}} {
		if s.ok && !s.ref.IsWorksheet() {
			return nil, formatErrorf("sheet %q is not a worksheet: a tracker's History, Trend, Answers, Scores, Actions and Targets are worksheets", s.ref.Name)
		}
	}
	if hasActions {
		t.actions = act.Name
		t.srcSheets[act.Name] = act.Part
	}
	if hasTargets {
		t.targets, t.hasTargets = tgt.Name, true
		t.srcSheets[tgt.Name] = tgt.Part
	}
	if p.WorkbookPart(xlsx.RelSharedStrings) != "" {
		// Read with its table, which Write uses again when excelize
		// leaves the part as it is (see SharedStringsAs).
		if t.srcStrings, err = p.SharedStrings(); err != nil {
			return nil, formatErrorf("cannot read the workbook's shared strings: %v", errors.Unwrap(err))
		}
		t.sst = t.srcStrings.Texts
	}

	stub := xlsx.Edit{Replace: map[string]func(io.Writer) error{}, Drop: map[string]bool{}, Rels: map[string][]xlsx.Rel{}}
	replace := func(part string, data []byte) {
		stub.Replace[part] = func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		}
	}
	var cut []string
	// History is read whole, and excelize sees it with its header alone.
	readWhole := func(s xlsx.Sheet, what string, limit int64, rows func([]byte) error) error {
		if size := p.Part(s.Part).Size(); size > limit {
			return formatErrorf("sheet %q is %d MB unpacked, more than a tracker's %s can be (%d MB): name another file",
				s.Name, size>>20, what, limit>>20)
		}
		xml, err := p.Part(s.Part).Read()
		if err != nil {
			return formatErrorf("cannot read sheet %q: %v", s.Name, err)
		}
		if err := rows(xml); err != nil {
			return err
		}
		var header bytes.Buffer
		if err := xlsx.SpliceSheetData(xml, &header, xlsx.Splice{Dimension: "A1"}); err != nil {
			return formatErrorf("sheet %q: %v", s.Name, err)
		}
		replace(s.Part, header.Bytes())
		return nil
	}
	if hasHist {
		t.history = hist.Name
		if err := readWhole(hist, "History", maxHistorySize, t.readHistory); err != nil {
			return nil, err
		}
	} else {
		t.fresh = true
	}
	if hasScores {
		// Its rows are copied when the tracker is written; excelize sees
		// an empty sheet (with the sheet's relationships, which stay).
		// A sheet without rows is given to excelize, which writes the
		// header.
		t.scores = sc.Name
		sel, empty, err := t.checkSheet(sc, ScoresHeader, true)
		if err != nil {
			return nil, err
		}
		if !empty {
			t.scoresPart, t.scoresHeader = sc.Part, true
			replace(sc.Part, emptySheet(sel))
		}
	}
	if hasTrend {
		t.trend = trend.Name
		sel, _, err := t.checkSheet(trend, nil, false)
		if err != nil {
			return nil, err
		}
		replace(trend.Part, emptySheet(sel))
		cut = append(cut, trend.Part)
	}
	if hasAns {
		t.answers = ans.Name
		sel, _, err := t.checkSheet(ans, AnswersHeader, false, answersHeaderBeforeValue)
		if err != nil {
			return nil, err
		}
		t.answersPart, t.answersSelected = ans.Part, sel
		replace(ans.Part, emptySheet(sel))
		cut = append(cut, ans.Part)
	}
	// Parts that only the rebuilt sheets use (the old chart, comments) go;
	// so does the calculation chain, which names cells whose formulas the
	// rewrite turns into values (Excel rebuilds it).
	excl, err := p.Exclusive(cut...)
	if err != nil {
		return nil, formatErrorf("cannot read the workbook: %v", err)
	}
	stub.Drop = excl
	if calc := p.WorkbookPart(xlsx.RelCalcChain); calc != "" {
		stub.Drop[strings.ToLower(calc)] = true
		var rels []xlsx.Rel
		for _, r := range p.WorkbookRels() {
			if !xlsx.RelIs(r.Type, xlsx.RelCalcChain) {
				rels = append(rels, r)
			}
		}
		stub.Rels[p.Workbook()] = rels
	}
	var wb bytes.Buffer
	if err := p.Write(&wb, xlsx.LevelTracker, stub); err != nil {
		return nil, formatErrorf("cannot read the workbook: %v", err)
	}
	t.f, err = excelize.OpenReader(bytes.NewReader(wb.Bytes()), xlsx.OpenOptions())
	if err != nil {
		return nil, formatErrorf("cannot read the workbook: %v", err)
	}
	if err := t.prepare(hasHist, hasTrend, hasAns, hasScores, hasActions); err != nil {
		t.f.Close()
		return nil, err
	}
	return t, nil
}

// readHistory reads the header and rows of History.
func (t *Tracker) readHistory(xml []byte) error {
	rr := xlsx.NewRowReader(bytes.NewReader(xml), t.sst)
	first, err := rr.Next()
	if err != nil {
		return formatErrorf("sheet %q: %v", t.history, err)
	}
	if first == nil {
		t.fresh = true
		return nil
	}
	if first.Num != 1 {
		return formatErrorf("sheet %q: row 1 is empty; it should be the header %s", t.history, wantHistory)
	}
	names := headerNames(first)
	n := len(names)
	if n >= len(historyFixed)+1+len(gapTitles) && strings.EqualFold(names[n-len(gapTitles)-1], recordedTitle) {
		t.gapCols = true
		for i, want := range gapTitles {
			if !strings.EqualFold(names[n-len(gapTitles)+i], want) {
				t.gapCols = false
			}
		}
		if t.gapCols {
			n -= len(gapTitles)
		}
	}
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
		row, err := rr.Next()
		if err != nil {
			return formatErrorf("sheet %q: %v", t.history, err)
		}
		if row == nil {
			return nil
		}
		if !row.Blank(xlsx.MaxCols) {
			t.rows = append(t.rows, row)
		}
	}
}

const wantHistory = `"Period | Team | Rubric | Version | Respondents | Overall | Band | <one column per area> | Recorded | Sales | Marketing | Gap"`

func (t *Tracker) badHeader(names []string) error {
	return formatErrorf("sheet %q has the header %q; a tracker's is %s: rename that sheet or name another file",
		t.history, strings.Join(names, " | "), wantHistory)
}

// headerNames returns the texts of a header row up to its last value.
func headerNames(r *xlsx.Row) []string {
	last := 0
	for _, c := range r.Cells {
		if c.Kind != xlsx.Empty && strings.TrimSpace(c.Value) != "" {
			last = c.Col
		}
	}
	names := make([]string, last)
	for i := range names {
		names[i] = strings.TrimSpace(r.Text(i + 1))
	}
	return names
}

// checkSheet reads the start of a sheet the tracker rebuilds or copies:
// whether its tab is selected and whether it has no rows and, when want is
// given, that its first row is that header or one of the older headers
// (with more columns after it when more is set), or the sheet is empty.
func (t *Tracker) checkSheet(s xlsx.Sheet, want []string, more bool, older ...[]string) (selected, empty bool, err error) {
	rc, err := t.src.Part(s.Part).Open()
	if err != nil {
		return false, false, formatErrorf("cannot read sheet %q: %v", s.Name, err)
	}
	defer rc.Close()
	rr := xlsx.NewRowReader(rc, t.sst)
	first, err := rr.Next()
	if err != nil {
		return false, false, formatErrorf("sheet %q: %v", s.Name, err)
	}
	if want == nil || first == nil {
		return rr.TabSelected(), first == nil, nil
	}
	names := headerNames(first)
	ok := false
	for _, header := range append([][]string{want}, older...) {
		same := first.Num == 1 && (len(names) == len(header) || more && len(names) > len(header))
		for i := 0; same && i < len(header); i++ {
			same = strings.EqualFold(names[i], header[i])
		}
		ok = ok || same
	}
	if !ok {
		return false, false, formatErrorf("sheet %q has the header %q; a tracker's is %q: rename that sheet or name another file",
			s.Name, strings.Join(names, " | "), strings.Join(want, " | "))
	}
	return rr.TabSelected(), false, nil
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
func (t *Tracker) prepare(hasHist, hasTrend, hasAns, hasScores, hasActions bool) error {
	f := t.f
	props, err := f.GetWorkbookProps()
	if err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	if err := t.makeStyles(); err != nil {
		return err
	}
	// New sheets go after the others, so that an upgraded tracker keeps
	// its tabs in their order; a new tracker's are in this order.
	for _, s := range []struct {
		name string
		ok   bool
	}{{t.history, hasHist}, {t.actions, hasActions}, {t.targets, t.hasTargets}, {t.trend, hasTrend},
		{t.scores, hasScores}, {t.answers, hasAns}} {
		if !s.ok {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
	}
	if !t.hasTargets {
		if err := t.initTargets(); err != nil {
			return err
		}
		t.hasTargets = true
	}
	if err := t.readActions(); err != nil {
		return err
	}
	if !t.scoresHeader {
		if err := t.initScores(); err != nil {
			return err
		}
	}
	if t.fresh {
		return t.initHistory()
	}
	if !t.gapCols {
		return t.addGapColumns()
	}
	return nil
}

// addGapColumns upgrades the History of a tracker made before the
// gapTitles columns: their header cells after Recorded, styled as
// Recorded's. Old rows are left as they are, so the new columns are blank
// in them.
func (t *Tracker) addGapColumns() error {
	f, sh := t.f, t.history
	recorded := xlsx.ColumnName(t.recordedCol())
	style, err := f.GetCellStyle(sh, recorded+"1")
	if err != nil || style == 0 {
		style = t.st.header
	}
	for i, title := range gapTitles {
		name := xlsx.ColumnName(t.recordedCol() + 1 + i)
		if err := f.SetCellStr(sh, name+"1", title); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, name+"1", name+"1", style); err != nil {
			return err
		}
		if err := f.SetColWidth(sh, name, name, 11); err != nil {
			return err
		}
	}
	t.gapCols = true
	t.widenFilter = true
	return nil
}

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
	top := &excelize.Alignment{Vertical: "top"}
	t.st = styleIDs{
		header: style(xlsx.HeaderStyle()),
		title:  style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: xlsx.Font}}),
		note:   style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "6B7280", Family: xlsx.Font, Size: 11}}),
		text:   style(&excelize.Style{NumFmt: 49}),
		score:  style(&excelize.Style{CustomNumFmt: format("0.0")}),
		count:  style(&excelize.Style{NumFmt: 1}),
		gap:    style(&excelize.Style{CustomNumFmt: format("+0.0;-0.0;0.0")}),
		date:   style(&excelize.Style{CustomNumFmt: format("yyyy-mm-dd")}),
		// General, as typed (2.5, 42, 1200): a style of its own, right
		// aligned, so that the copy of old rows can tell its cells.
		value: style(&excelize.Style{NumFmt: 0, Alignment: &excelize.Alignment{Horizontal: "right"}}),
		wrap:  style(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		noteWrap: style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "6B7280", Family: xlsx.Font, Size: 11},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		topScore: style(&excelize.Style{CustomNumFmt: format("0.0"), Alignment: top}),
		topGap:   style(&excelize.Style{CustomNumFmt: format("+0.0;-0.0;0.0"), Alignment: top}),
		topDate:  style(&excelize.Style{CustomNumFmt: format("yyyy-mm-dd"), Alignment: top}),
	}
	return err
}

// initHistory writes the header of a new History sheet.
func (t *Tracker) initHistory() error {
	f, sh := t.f, t.history
	header := append(append(append([]string{}, historyFixed...), recordedTitle), gapTitles...)
	for i, h := range header {
		cell := xlsx.ColumnName(i+1) + "1"
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return err
		}
	}
	last := xlsx.ColumnName(len(header)) + "1"
	if err := f.SetCellStyle(sh, "A1", last, t.st.header); err != nil {
		return err
	}
	widths := []float64{10, 26, 12, 9, 12, 9, 13, 12, 11, 11, 11}
	for i, w := range widths {
		c := xlsx.ColumnName(i + 1)
		if err := f.SetColWidth(sh, c, c, w); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sh, 1, 48); err != nil {
		return err
	}
	t.fresh, t.gapCols = false, true
	// A filter on the header, as the Answers sheet has; updates extend it
	// to the rows they add. Set before the page layout: AutoFilter
	// replaces the sheet's properties.
	if err := f.AutoFilter(sh, "A1:"+last, nil); err != nil {
		return err
	}
	// excelize also names the filter's range, which updates would leave
	// at the header row: Excel and LibreOffice need only the filter.
	if err := f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm._FilterDatabase", Scope: sh}); err != nil {
		return err
	}
	if err := xlsx.PrintWide(f, sh); err != nil {
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

// addArea inserts a column for a new area before Recorded, so that the
// area columns stay together; columns of areas a rubric no longer has stay.
func (t *Tracker) addArea(title string) error {
	f, sh := t.f, t.history
	col := t.recordedCol()
	name := xlsx.ColumnName(col)
	width := 16.0
	if len(t.areas) > 0 {
		if w, err := f.GetColWidth(sh, xlsx.ColumnName(col-1)); err == nil {
			width = w
		}
	}
	if err := f.InsertCols(sh, name, 1); err != nil {
		return err
	}
	if err := f.SetCellStr(sh, name+"1", title); err != nil {
		return err
	}
	style, err := f.GetCellStyle(sh, xlsx.ColumnName(col+1)+"1")
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
		for i := range r.Cells {
			if r.Cells[i].Col >= col {
				r.Cells[i].Col++
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
		title := strings.TrimSpace(xlsx.Clean(a.Area.Title))
		if first, dup := byTitle[title]; dup || title == "" {
			return fmt.Errorf("areas %q and %q of rubric %s would share the History column %q: give each area a title of its own",
				first, a.Area.ID, res.Rubric.ID, title)
		}
		byTitle[title] = a.Area.ID
	}
	day, err := xlsx.Day(recorded, t.date1904)
	if err != nil {
		return formatErrorf("cannot record the date in sheet %q: %v", t.history, err)
	}
	for _, a := range res.Areas {
		title := strings.TrimSpace(xlsx.Clean(a.Area.Title))
		if _, ok := t.areaCol(title); !ok {
			if err := t.addArea(title); err != nil {
				return fmt.Errorf("add the column %q to History: %w", title, err)
			}
		}
	}
	row := t.historyRow(res, day)
	key := keyOf(row)
	b := block{key: key, write: answerRows(res, t.st)}
	if t.keys == nil {
		t.keys = map[rowKey]bool{}
		for _, r := range t.rows {
			t.keys[keyOf(r)] = true
		}
	}
	if t.keys[key] {
		// A rerun of a team and period: its row and answers are replaced.
		// What the manager keeps on the row stays: cells right of audit's
		// columns (a note beside the quarter) and the row's own formatting.
		kept, carried := t.rows[:0], false
		for _, r := range t.rows {
			if keyOf(r) != key || carried {
				if keyOf(r) != key {
					kept = append(kept, r)
				}
				continue
			}
			carried = true
			row.Style, row.CustomFormat, row.Height = r.Style, r.CustomFormat, r.Height
			for _, c := range r.Cells {
				if c.Col > t.recordedCol()+len(gapTitles) {
					row.Cells = append(row.Cells, c)
				}
			}
		}
		t.rows = kept
		t.pending = slices.DeleteFunc(t.pending, func(p block) bool { return p.key == key })
	}
	t.keys[key] = true
	t.recordScores(key, res)
	t.rows = append(t.rows, row)
	t.pending = append(t.pending, b)
	t.modified = recorded.UTC().Format(time.RFC3339)
	return nil
}

func (t *Tracker) historyRow(res *scoring.Result, day float64) *xlsx.Row {
	r := &xlsx.Row{}
	text := func(col int, s string) {
		r.Cells = append(r.Cells, xlsx.Cell{Col: col, Kind: xlsx.String, Value: strings.TrimSpace(xlsx.Clean(s)), Style: t.st.text})
	}
	num := func(col int, v *float64, style int) {
		c := xlsx.Cell{Col: col, Style: style}
		if v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
			c.Kind, c.Value = xlsx.Number, strconv.FormatFloat(*v, 'f', -1, 64)
		}
		r.Cells = append(r.Cells, c)
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
		if col, ok := t.areaCol(strings.TrimSpace(xlsx.Clean(a.Area.Title))); ok && scores[col-colFirstArea] == nil {
			scores[col-colFirstArea] = a.Score
		}
	}
	for i, s := range scores {
		num(colFirstArea+i, s, t.st.score)
	}
	num(t.recordedCol(), &day, t.st.date)
	for i, v := range []*float64{res.Sales, res.Marketing, res.Gap} {
		style := t.st.score
		if i == 2 {
			style = t.st.gap
		}
		num(t.recordedCol()+1+i, v, style)
	}
	return r
}

// answerRows returns a function that writes the Answers rows of a result:
// one per respondent and question, in respondent order, then rubric order.
// A row is made of runs of cells made once, when first written (so that
// the texts are numbered in the shared strings in the order of the rows):
// the team's, a respondent's, a question's and an answer's, then the
// comment and the value. Making each row's cells, every text cleaned and every
// number formatted again, took 1.4 s of the 2.6 s of CPU that recording a
// team of 20,000 (780,000 rows) took.
//
// An empty text cell is left out at the end of the row, and written before
// a cell that follows (an empty Comment before a Value), so that no cell of
// the row needs a reference and the row can be copied as it is by the next
// update (see copiedKey).
func answerRows(res *scoring.Result, st styleIDs) func(*xlsx.SheetWriter) error {
	return func(sw *xlsx.SheetWriter) error {
		text := func(s string) xlsx.Cell { return xlsx.TextCell(0, xlsx.Clean(s), st.text) }
		team := sw.AppendCells(nil, text(res.Period), text(res.Team), text(res.Rubric.ID))
		questions := make([][]byte, len(res.Questions))
		// The option's id and label, and the score (of the option, if
		// any), by question and what was chosen: a few a question, found
		// quicker in a list than in a map. Numbers are keyed by their
		// bits: 0 and -0 are written differently.
		type chosen struct {
			option    *rubric.Option
			score     uint64
			na, dunno bool
		}
		type made struct {
			chosen
			cells []byte
		}
		answerCells := make([][]made, len(res.Questions))
		noComment := sw.AppendCells(nil, text(""))
		values := map[uint64][]byte{}
		var respondent, commented []byte
		for ri, who := range res.Respondents {
			respondent = sw.AppendCells(respondent[:0], text(who.Name), text(who.Role))
			for qi, q := range res.Questions {
				resp := scoring.Response{Respondent: ri}
				if ri < len(q.Responses) {
					resp = q.Responses[ri]
				}
				if questions[qi] == nil {
					questions[qi] = sw.AppendCells(nil, text(q.Area.ID), text(q.Area.Title), text(q.Question.ID), text(q.Question.Text))
				}
				c := chosen{option: resp.Option, na: resp.NA, dunno: resp.DontKnow}
				if c.option != nil {
					c.score = math.Float64bits(resp.Score)
				}
				var answer []byte
				for _, m := range answerCells[qi] {
					if m.chosen == c {
						answer = m.cells
						break
					}
				}
				if answer == nil {
					cells := []xlsx.Cell{text(""), text(""), {Style: st.score}}
					switch {
					case c.na:
						cells[0], cells[1] = text(rubric.NA), text("Not applicable")
					case c.dunno:
						cells[0], cells[1] = text(rubric.DontKnow), text("Don't know")
					case c.option != nil:
						cells[0], cells[1] = text(c.option.ID), text(c.option.Label)
					}
					if c.option != nil {
						cells[2] = xlsx.NumberCell(0, 100*resp.Score, st.score)
					}
					answer = sw.AppendCells(nil, cells...)
					answerCells[qi] = append(answerCells[qi], made{c, answer})
				}
				var comment []byte
				if c := xlsx.Clean(resp.Comment); c != "" {
					commented = sw.AppendCells(commented[:0], xlsx.TextCell(0, c, st.text))
					comment = commented
				}
				var value []byte
				if resp.Value != nil {
					bits := math.Float64bits(*resp.Value)
					if value = values[bits]; value == nil {
						value = sw.AppendCells(nil, xlsx.NumberCell(0, *resp.Value, st.value))
						values[bits] = value
					}
					if len(comment) == 0 {
						comment = noComment
					}
				}
				if err := sw.RawRow("", team, respondent, questions[qi], answer, comment, value); err != nil {
					return err
				}
			}
		}
		return nil
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
		s := scoring.Snapshot{Period: k.period, Version: strings.TrimSpace(r.Text(colVersion)), Areas: map[string]*float64{}}
		if v, ok := r.Number(colOverall); ok {
			s.Overall = &v
		}
		for i, title := range t.areas {
			if v, ok := r.Number(colFirstArea + i); ok {
				s.Areas[title] = &v
			}
		}
		if t.gapCols {
			for i, p := range []**float64{&s.Sales, &s.Marketing, &s.Gap} {
				if v, ok := r.Number(t.recordedCol() + 1 + i); ok {
					*p = &v
				}
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
	// Sorted by their keys, made once each.
	keyed := make([]struct {
		key rowKey
		row *xlsx.Row
	}, len(t.rows))
	for i, r := range t.rows {
		keyed[i].key, keyed[i].row = keyOf(r), r
	}
	sort.SliceStable(keyed, func(i, j int) bool { return keyed[i].key.less(keyed[j].key) })
	for i := range keyed {
		t.rows[i] = keyed[i].row
	}
	lastCol := t.recordedCol() + len(gapTitles)
	styles := 1
	if t.f.Styles != nil && t.f.Styles.CellXfs != nil {
		styles = len(t.f.Styles.CellXfs.Xf)
	}
	for i, r := range t.rows {
		r.Num = i + 2
		knownStyles(r, styles)
		if n := len(r.Cells); n > 0 && r.Cells[n-1].Col > lastCol {
			lastCol = r.Cells[n-1].Col
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
	out, err := xlsx.FromExcelize(t.f)
	if err != nil {
		return fmt.Errorf("tracker: %w", err)
	}
	hist, ok1 := out.Sheet(t.history)
	ans, ok2 := out.Sheet(t.answers)
	trend, ok3 := out.Sheet(t.trend)
	scores, ok4 := out.Sheet(t.scores)
	if !ok1 || !ok2 || !ok3 || !ok4 || !hist.IsWorksheet() || !ans.IsWorksheet() || !trend.IsWorksheet() || !scores.IsWorksheet() {
		return errors.New("tracker: the History, Trend, Scores or Answers sheet went missing")
	}
	sst, err := out.SharedStringsAs(t.srcStrings)
	t.srcStrings = nil
	if err != nil {
		return fmt.Errorf("tracker: excelize wrote unreadable shared strings: %w", err)
	}
	// Old Answers rows can be copied as they are when their string
	// references still mean the same (excelize only adds strings).
	keepsStrings := len(sst.Texts) >= len(t.sst)
	for i := 0; keepsStrings && i < len(t.sst); i++ {
		keepsStrings = sst.Texts[i] == t.sst[i]
	}
	lastRow := len(t.rows) + 1
	edit := xlsx.Edit{Replace: map[string]func(io.Writer) error{
		hist.Part: func(w io.Writer) error {
			xml, err := out.Part(hist.Part).Read()
			if err != nil {
				return err
			}
			if t.widenFilter {
				// The filter of a tracker made before Sales, Marketing
				// and Gap ends at Recorded: it covers them now.
				if xml, err = xlsx.WidenRanges(xml, t.recordedCol(), t.recordedCol()+len(gapTitles), "autoFilter", "sortState"); err != nil {
					return formatErrorf("sheet %q: %v", t.history, err)
				}
			}
			return xlsx.SpliceSheetData(xml, w, xlsx.Splice{
				Dimension: "A1:" + xlsx.ColumnName(lastCol) + strconv.Itoa(lastRow),
				LastRow:   lastRow,
				Rows: func(sw *xlsx.SheetWriter) error {
					for _, r := range t.rows {
						if err := sw.Row(r); err != nil {
							return t.tooManyRows(t.history, err)
						}
					}
					return nil
				},
			})
		},
		scores.Part: func(w io.Writer) error {
			return xlsx.Async(w, func(w io.Writer) error { return t.writeScores(out, scores, w, styles) })
		},
		trend.Part: func(w io.Writer) error {
			last := t.trendRows[len(t.trendRows)-1].Num
			return t.splice(out, trend, w, xlsx.Splice{
				Dimension: "A1:" + xlsx.ColumnName(max(1, t.trendCols)) + strconv.Itoa(last),
				Rows: func(sw *xlsx.SheetWriter) error {
					for _, r := range t.trendRows {
						if err := sw.Row(r); err != nil {
							return err
						}
					}
					return nil
				},
			})
		},
		ans.Part: func(w io.Writer) error {
			return xlsx.Async(w, func(w io.Writer) error { return t.writeAnswers(w, sst.Table, keepsStrings) })
		},
	}}
	// Scores and History are written while Answers is (each reads its
	// own part and writes only its own rows, in inline strings): they are
	// the large sheets of a tracker of many quarters.
	edit.Ahead = map[string]bool{scores.Part: true, hist.Part: true}
	// A table the user made of History grows with its rows.
	tables, err := out.Related(hist.Part, xlsx.RelTable)
	if err != nil {
		return fmt.Errorf("tracker: %w", err)
	}
	for _, table := range tables {
		xml, err := out.Part(table).Read()
		if err != nil {
			return fmt.Errorf("tracker: %w", err)
		}
		edit.Replace[table] = func(w io.Writer) error {
			xml, err := xlsx.ExtendRanges(xml, lastRow, "table", "autoFilter", "sortState", "sortCondition")
			if err != nil {
				return formatErrorf("the table %s on sheet %q: %v", table, t.history, err)
			}
			_, err = w.Write(xml)
			return err
		}
	}
	sst.Save(out, &edit)
	// The parts written here are mostly the large Answers sheet: compress
	// them fast (copied parts keep their compression).
	return out.Write(w, xlsx.LevelTracker, edit)
}

// knownStyles sets the styles of a row and its cells that the workbook
// does not have (a broken file named them) to the default: they would make
// the workbook unreadable.
func knownStyles(r *xlsx.Row, styles int) {
	if r.Style >= styles {
		r.Style, r.CustomFormat = 0, false
	}
	for j := range r.Cells {
		if r.Cells[j].Style >= styles {
			r.Cells[j].Style = 0
		}
	}
}

// splice writes a sheet of the workbook excelize wrote with its rows.
func (t *Tracker) splice(p *xlsx.Package, s xlsx.Sheet, w io.Writer, sp xlsx.Splice) error {
	xml, err := p.Part(s.Part).Read()
	if err != nil {
		return err
	}
	return xlsx.SpliceSheetData(xml, w, sp)
}

// tooManyRows explains a sheet that would have more rows than a worksheet
// holds, and says what to do.
func (t *Tracker) tooManyRows(sheet string, err error) error {
	if !errors.Is(err, xlsx.ErrTooManyRows) {
		return err
	}
	return formatErrorf("sheet %q would have more than %d rows, the most a worksheet holds, and Excel would drop the rest: "+
		"record this quarter in a new tracker (--tracker another file), or move the rows of old quarters from %q "+
		"into a workbook of their own and run again", sheet, xlsx.MaxRows, sheet)
}

// Widths of the Answers columns.
var answersWidths = []int{9, 22, 11, 20, 11, 14, 30, 26, 50, 14, 40, 8, 50, 10}

// writeAnswers writes the Answers sheet: its old rows in their order, with
// those of the recorded keys left out and the recorded rows placed before
// the first row of a later team and period. With keepsStrings, the old
// rows that the tracker wrote are copied without being read cell by cell.
func (t *Tracker) writeAnswers(w io.Writer, strs *xlsx.StringTable, keepsStrings bool) error {
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
	sw := xlsx.NewSheetWriter(bw, strs, 0)
	header := &xlsx.Row{Num: 1}
	for i, h := range AnswersHeader {
		header.Cells = append(header.Cells, xlsx.Cell{Col: i + 1, Kind: xlsx.String, Value: h, Style: t.st.header})
	}
	sw.Row(header)
	// The rows are numbered as they are written; the writer refuses a row
	// past the last of a worksheet, and the error stops the update.
	row := &xlsx.Row{}
	emit := func(cells []xlsx.Cell) error {
		row.Num, row.Cells = sw.LastRow()+1, cells
		return sw.Row(row)
	}
	keys := map[rowKey]bool{}
	for _, b := range t.pending {
		keys[b.key] = true
	}
	// Rows come in blocks of one key: the last key's answer is kept, as
	// hashing the key of every row took a tenth of the copy.
	var last rowKey
	lastReplaced := false
	replaced := func(k rowKey) bool {
		if k != last {
			last, lastReplaced = k, keys[k]
		}
		return lastReplaced
	}
	next := 0
	// place writes the recorded rows that come before key k, or all that
	// are left. It is called for every row kept: the rows of a block are
	// written by another function, whose loop the compiler only sets up
	// when it runs.
	place := func(k rowKey, all bool) error {
		for next < len(t.pending) && (all || t.pending[next].key.less(k)) {
			if err := t.pending[next].write(sw); err != nil {
				return err
			}
			next++
		}
		return nil
	}
	if err := t.copyAnswers(sw, replaced, keepsStrings, place, emit); err != nil {
		return t.tooManyRows(t.answers, err)
	}
	if err := place(rowKey{}, true); err != nil {
		return t.tooManyRows(t.answers, err)
	}
	fmt.Fprintf(bw, `</sheetData><autoFilter ref="A1:%s%d"/>`, xlsx.ColumnName(len(AnswersHeader)), sw.LastRow())
	bw.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return bw.Flush()
}

// damaged explains a sheet that cannot be read to its end.
func (t *Tracker) damaged(sheet string, err error) error {
	return formatErrorf("sheet %q cannot be read, the file is damaged (%v): "+
		"open it in Excel or LibreOffice to repair it, or name another file", sheet, err)
}

// copyAnswers writes the old Answers rows that are kept, in their order,
// with place writing the recorded rows before the first row of a later
// team and period. A row the tracker wrote is copied without being read
// cell by cell when keepsStrings. A sheet that cannot be read to its end
// (a damaged file) is a FormatError.
func (t *Tracker) copyAnswers(sw *xlsx.SheetWriter, replaced func(rowKey) bool, keepsStrings bool,
	place func(rowKey, bool) error, emit func([]xlsx.Cell) error) error {
	if t.answersPart == "" {
		return nil
	}
	rc, err := t.src.Part(t.answersPart).Open()
	if err != nil {
		return t.damaged(t.answers, err)
	}
	defer rc.Close()
	rr := xlsx.NewRowReader(rc, t.sst)
	for {
		if keepsStrings && rr.LastRow() >= 1 {
			if ahead, ok := rr.PeekRaw(); ok {
				if k, end, ok := t.copiedKey(ahead, replaced); ok {
					rr.SkipRaw(end)
					if !replaced(k) {
						if err := place(k, false); err != nil {
							return err
						}
						if err := sw.Raw(ahead[:end]); err != nil {
							return err
						}
					}
					continue
				}
			}
		}
		row, err := rr.Next()
		if err != nil {
			return t.damaged(t.answers, err)
		}
		if row == nil {
			// The reader has seen the end of the sheet data; the zip
			// reader checks the part's checksum at the end of the part.
			if _, err := io.Copy(io.Discard, rc); err != nil {
				return t.damaged(t.answers, err)
			}
			return nil
		}
		if row.Num == 1 || row.Blank(len(AnswersHeader)) {
			continue
		}
		k := keyOf(row)
		if replaced(k) {
			continue
		}
		if err := place(k, false); err != nil {
			return err
		}
		if err := emit(t.restyle(row)); err != nil {
			return err
		}
	}
}

// copiedKey reads the cells of an old Answers row, b being what follows
// its <row> tag, and returns the row's key and the length of its cells
// (they end with </row>) when the row can be copied as it is: its cells
// are those the tracker writes now, <c s="text" t="s"><v>string</v></c>
// or <c s="text"/>, <c s="score"><v>number</v></c> or <c s="score"/> in
// the Score column, and
// <c s="value"><v>number</v></c> in the Value column, one after another
// from column A to at most the last column, with a period, team and rubric.
// Any other row is read and written again. (A row of a tracker made before
// the Value column ends with Comment: it is copied as it is, its Value
// empty.) A row whose key drop reports is only read up to its key, and
// its end found.
func (t *Tracker) copiedKey(b []byte, drop func(rowKey) bool) (_ rowKey, end int, _ bool) {
	var text [3]string
	teamID := -1
	rest := b
	for col := 1; !hasPrefix(rest, "</row>"); col++ {
		if col == colRubric+1 && drop != nil {
			// Reading the cells of the rows an update leaves out took
			// 1 s of the 3 that recording a team of 20,000 again took
			// (780,000 rows).
			if k := t.answerKey(text, teamID); drop(k) {
				if i := rowEnd(rest); i >= 0 {
					return k, len(b) - len(rest) + i, true
				}
			}
		}
		if col > len(AnswersHeader) || !hasPrefix(rest, `<c s="`) {
			return rowKey{}, 0, false
		}
		style, after, ok := cutInt(rest[len(`<c s="`):])
		if !ok {
			return rowKey{}, 0, false
		}
		rest = after
		score := col == answersScoreCol && style == t.st.score
		value := col == answersValueCol && style == t.st.value
		switch {
		case (score || style == t.st.text && col != answersValueCol && col != answersScoreCol) && hasPrefix(rest, `"/>`):
			rest = rest[len(`"/>`):] // an empty Score or text cell
			continue
		case (score || value) && hasPrefix(rest, `"><v>`):
			rest = rest[len(`"><v>`):]
			i := bytes.IndexByte(rest, '<')
			if i < 0 || !xlsx.IsNumber(string(rest[:i])) {
				return rowKey{}, 0, false
			}
			rest = rest[i:]
		case style == t.st.text && col != answersValueCol && hasPrefix(rest, `" t="s"><v>`):
			i, after, ok := cutInt(rest[len(`" t="s"><v>`):])
			if !ok || i >= len(t.sst) {
				return rowKey{}, 0, false
			}
			rest = after
			if col <= len(text) {
				text[col-1] = strings.TrimSpace(t.sst[i])
			}
			if col == colTeam {
				teamID = i
			}
		default:
			return rowKey{}, 0, false
		}
		if !hasPrefix(rest, "</v></c>") {
			return rowKey{}, 0, false
		}
		rest = rest[len("</v></c>"):]
	}
	k := t.answerKey(text, teamID)
	return k, len(b) - len(rest), k.period != "" && k.team != "" && k.rubric != ""
}

// rowEnd returns where the first "</row>" in b is, -1 when there is none
// or a comment, CDATA section or processing instruction comes before it,
// which could hold one. It looks for the w, which the cells the tracker
// writes do not have: bytes.Index stops at every "<" of them, and took
// three times as long.
func rowEnd(b []byte) int {
	end := -1
	for from := 0; end < 0; {
		i := bytes.IndexByte(b[from:], 'w')
		if i < 0 {
			return -1
		}
		from += i + 1
		if from >= 5 && from+1 <= len(b) && string(b[from-5:from+1]) == "</row>" {
			end = from - 5
		}
	}
	if head := b[:end]; (bytes.IndexByte(head, '!') >= 0 || bytes.IndexByte(head, '?') >= 0) &&
		(bytes.Contains(head, []byte("<!")) || bytes.Contains(head, []byte("<?"))) {
		return -1
	}
	return end
}

// answerKey is the key of an Answers row of the given period, team (a
// shared string, -1 for none) and rubric.
func (t *Tracker) answerKey(text [3]string, teamID int) rowKey {
	k := rowKey{period: text[colPeriod-1], rubric: text[colRubric-1]}
	if teamID >= 0 {
		k.team = t.teamKey(teamID)
	}
	return k
}

// teamKey returns the answers.NameKey of a shared string, made once for
// all the rows that name the team.
func (t *Tracker) teamKey(id int) string {
	if k, ok := t.teamKeys[id]; ok {
		return k
	}
	if t.teamKeys == nil {
		t.teamKeys = map[int]string{}
	}
	k := answers.NameKey(t.sst[id])
	t.teamKeys[id] = k
	return k
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
func (t *Tracker) restyle(r *xlsx.Row) []xlsx.Cell {
	out := make([]xlsx.Cell, 0, len(AnswersHeader))
	for _, c := range r.Cells {
		if c.Col > len(AnswersHeader) {
			break
		}
		switch {
		case c.Kind == xlsx.Number && c.Col == answersValueCol:
			c.Style = t.st.value
		case c.Kind == xlsx.Number && c.Col == answersScoreCol:
			c.Style = t.st.score
		case c.Kind == xlsx.String:
			c.Style = t.st.text
		case c.Col == answersScoreCol:
			c.Style = t.st.score
		default:
			c.Style = 0
		}
		if c.Kind == xlsx.Empty && c.Style == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

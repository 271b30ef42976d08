package tracker

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/alignaudit/audit/internal/answers"
	"github.com/alignaudit/audit/internal/followup"
	"github.com/alignaudit/audit/internal/scoring"
	"github.com/alignaudit/audit/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// The sheets the manager edits: audit adds rows to Actions and fills its
// columns up to Score now, and only reads Targets. Both are small, so they
// are read and written through excelize, cell by cell: every cell audit
// does not write stays as it was.
const (
	ActionsSheet = "Actions"
	TargetsSheet = "Targets"
)

// The Actions columns, as the header names them. audit finds them by name
// in the header row, so a manager may move them and insert others.
const (
	actTeam      = "Team"
	actRaised    = "Period raised"
	actQuestion  = "Question id"
	actText      = "Question"
	actArea      = "Area"
	actScoreThen = "Score then"
	actGain      = "Gain"
	actAdvice    = "Advice"
	actScoreNow  = "Score now"
	actOwner     = "Owner"
	actDue       = "Due"
	actStatus    = "Status"
	actNotes     = "Notes"
)

// ActionsHeader is the header of a new Actions sheet: what audit writes,
// then what the manager fills in.
var ActionsHeader = []string{actTeam, actRaised, actQuestion, actText, actArea, actScoreThen, actGain,
	actAdvice, actScoreNow, actOwner, actDue, actStatus, actNotes}

// actionsWidths are the widths of a new Actions sheet's columns.
var actionsWidths = []float64{20, 10, 24, 50, 28, 9, 8, 60, 9, 16, 12, 13, 40}

// The Targets columns.
const (
	tgtTeam  = "Team"
	tgtArea  = "Area"
	tgtScore = "Target score"
	tgtBy    = "By"
)

// TargetsHeader is the header of the Targets sheet.
var TargetsHeader = []string{tgtTeam, tgtArea, tgtScore, tgtBy}

// ExampleTeam is the team of the example row of a new Targets sheet: rows
// of this team are examples, which are not read.
const ExampleTeam = "Example team"

// actionRow is an action and the row of the Actions sheet it is on.
type actionRow struct {
	row int
	a   followup.Action
	// badDue is the Due cell's text when it is not a date audit reads
	// (31/01/2027), for a warning: the action would show no due date.
	badDue string
}

// headerRow finds the header of a sheet the manager edits: the first of
// its first rows that names every column of want (in any case and order).
// It returns the row's number and the column of each name; row 0 when the
// sheet is empty.
func headerRow(rows [][]string, want []string) (row int, cols map[string]int, missing []string) {
	best := -1
	for i := 0; i < len(rows) && i < 10; i++ {
		found := map[string]int{}
		for j, v := range rows[i] {
			v = strings.TrimSpace(v)
			for _, w := range want {
				if _, dup := found[w]; !dup && strings.EqualFold(v, w) {
					found[w] = j + 1
				}
			}
		}
		if len(found) == len(want) {
			return i + 1, found, nil
		}
		if len(found) > len(cols) {
			best, cols = i, found
		}
	}
	if best < 0 {
		return 0, nil, want
	}
	for _, w := range want {
		if _, ok := cols[w]; !ok {
			missing = append(missing, w)
		}
	}
	return best + 1, cols, missing
}

// sheetRows reads a sheet as text, numbers as stored (a date is its serial
// number), as excelize's GetRows does. A sheet of the file read (Actions,
// Targets) is read from it: excelize would first read the whole shared
// string table, mostly the Answers sheet's texts, which took 0.57 s of the
// 0.68 s that opening a tracker of 780,000 Answers rows took.
func (t *Tracker) sheetRows(sheet string) ([][]string, error) {
	part, ok := t.srcSheets[sheet]
	if !ok {
		rows, err := t.f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, formatErrorf("cannot read sheet %q: %v", sheet, err)
		}
		return rows, nil
	}
	rc, err := t.src.Part(part).Open()
	if err != nil {
		return nil, formatErrorf("cannot read sheet %q: %v", sheet, err)
	}
	defer rc.Close()
	rr := xlsx.NewRowReader(rc, t.sst)
	var rows [][]string
	for {
		row, err := rr.Next()
		if err != nil {
			return nil, formatErrorf("cannot read sheet %q: %v", sheet, err)
		}
		if row == nil {
			return rows, nil
		}
		var values []string
		for _, c := range row.Cells {
			if c.Kind == xlsx.Empty {
				continue
			}
			for len(values) < c.Col-1 {
				values = append(values, "")
			}
			values = append(values, c.Value)
		}
		if len(values) > 0 {
			for len(rows) < row.Num-1 {
				rows = append(rows, nil)
			}
			rows = append(rows, values)
		}
	}
}

// readActions reads the Actions sheet, or writes the header of an empty
// one. A sheet whose header lacks a column audit needs is refused: audit
// would not know where to write, and the manager's cells must not be
// overwritten.
func (t *Tracker) readActions() error {
	rows, err := t.sheetRows(t.actions)
	if err != nil {
		return err
	}
	hdr, cols, missing := headerRow(rows, ActionsHeader)
	if hdr == 0 && !hasText(rows) {
		return t.initActions()
	}
	if len(missing) > 0 {
		at := "its first rows have"
		if hdr > 0 {
			at = fmt.Sprintf("row %d has", hdr)
		}
		return formatErrorf("sheet %q: %s no column %q; an Actions sheet's header is %q: put the column back (anywhere in that row) or rename the sheet",
			t.actions, at, missing[0], strings.Join(ActionsHeader, " | "))
	}
	t.actionsHeader, t.actionCols = hdr, cols
	t.actionsEnd = hdr
	for i := hdr; i < len(rows); i++ {
		r := rows[i]
		cell := func(name string) string {
			if c := cols[name]; c <= len(r) {
				return strings.TrimSpace(r[c-1])
			}
			return ""
		}
		if hasText([][]string{r}) {
			t.actionsEnd = i + 1
		}
		if cell(actTeam) == "" {
			continue
		}
		a := followup.Action{
			Team: cell(actTeam), Raised: cell(actRaised), QuestionID: cell(actQuestion),
			Question: cell(actText), Area: cell(actArea), Advice: cell(actAdvice),
			Owner: cell(actOwner), Status: cell(actStatus), Notes: cell(actNotes),
		}
		a.ScoreThen, _ = number(cell(actScoreThen))
		a.Gain, _ = number(cell(actGain))
		if v, ok := number(cell(actScoreNow)); ok {
			a.ScoreNow = &v
		}
		a.Due = t.date(cell(actDue))
		ar := actionRow{row: i + 1, a: a}
		if a.Due.IsZero() && cell(actDue) != "" {
			ar.badDue = cell(actDue)
		}
		t.actionRows = append(t.actionRows, ar)
	}
	return nil
}

// hasText says some cell of rows holds something.
func hasText(rows [][]string) bool {
	for _, r := range rows {
		for _, v := range r {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	}
	return false
}

// number reads a cell's number; false when it is blank or not a number.
func number(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// date reads a Due cell: a date's serial number in the workbook's date
// system, or a date typed as text (2027-06-30). Anything else is no date.
func (t *Tracker) date(s string) time.Time {
	if v, ok := number(s); ok {
		if v < 1 || v > 2958465 {
			return time.Time{}
		}
		d, err := excelize.ExcelDateToTime(math.Floor(v), t.date1904)
		if err != nil {
			return time.Time{}
		}
		return d
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return d
}

// initActions writes the header of a new Actions sheet, its column
// formats and the Status drop-down.
func (t *Tracker) initActions() error {
	f, sh := t.f, t.actions
	t.actionsHeader, t.actionsEnd, t.actionCols = 1, 1, map[string]int{}
	for i, h := range ActionsHeader {
		t.actionCols[h] = i + 1
		cell := xlsx.ColumnName(i+1) + "1"
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return err
		}
		c := xlsx.ColumnName(i + 1)
		if err := f.SetColWidth(sh, c, c, actionsWidths[i]); err != nil {
			return err
		}
	}
	// The date format on the whole column first, so that the header keeps
	// the header's style.
	due := xlsx.ColumnName(t.actionCols[actDue])
	if err := f.SetColStyle(sh, due, t.st.topDate); err != nil {
		return err
	}
	last := xlsx.ColumnName(len(ActionsHeader))
	if err := f.SetCellStyle(sh, "A1", last+"1", t.st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 1, 32); err != nil {
		return err
	}
	status := xlsx.ColumnName(t.actionCols[actStatus])
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", status, status, xlsx.MaxRows))
	if err := dv.SetDropList(followup.Statuses); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Status", "Choose "+strings.Join(followup.Statuses, ", ")+" (blank is Open).")
	if err := f.AddDataValidation(sh, dv); err != nil {
		return err
	}
	if err := f.AutoFilter(sh, "A1:"+last+"1", nil); err != nil {
		return err
	}
	if err := f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm._FilterDatabase", Scope: sh}); err != nil {
		return err
	}
	if err := xlsx.PrintWide(f, sh); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// Actions returns the rows of the Actions sheet that name a team, as they
// are now (with the actions recorded so far), in sheet order, each with
// the rubric version History has for its team and period raised (none
// when History has no row of them, or rows of several versions).
func (t *Tracker) Actions() []followup.Action {
	versions := map[rowKey]string{} // team and period; rubric left empty
	for _, r := range t.rows {
		k := keyOf(r)
		k.rubric = ""
		v := strings.TrimSpace(r.Text(colVersion))
		if was, seen := versions[k]; seen && was != v {
			v = ""
		}
		versions[k] = v
	}
	out := make([]followup.Action, len(t.actionRows))
	for i, r := range t.actionRows {
		out[i] = r.a
		out[i].Version = versions[rowKey{team: answers.NameKey(r.a.Team), period: r.a.Raised}]
	}
	return out
}

// ActionWarnings are the problems of team's rows in the Actions sheet
// that the reports work around: a Due that is not a date shows as no due
// date, and the action is never overdue.
func (t *Tracker) ActionWarnings(team string) []string {
	var out []string
	for _, r := range t.actionRows {
		if r.badDue != "" && followup.SameTeam(r.a.Team, team) {
			out = append(out, fmt.Sprintf("%s!%s%d: %q is not a date; type the date as your spreadsheet shows dates, "+
				"or as 2027-06-30; the action has no due date until then", t.actions, xlsx.ColumnName(t.actionCols[actDue]), r.row, r.badDue))
		}
	}
	return out
}

// RecordActions adds the top n actions of res to the Actions sheet (see
// followup.New), leaving out the questions that have an open action of the
// team, and sets Score now of the team's open actions raised earlier to
// their questions' scores in res, when res is the team's latest period in
// History. Call it after Record. A team and period recorded again keep
// their actions (with Score then and Gain as res has them, ranked in the
// top n or not), gaining only those that now rank in the top n and were not
// raised: nothing is added twice, and nothing the manager typed is touched.
func (t *Tracker) RecordActions(res *scoring.Result, n int) error {
	if t.written {
		return fmt.Errorf("tracker: RecordActions after Write")
	}
	var others []followup.Action
	again := map[string]int{} // question id -> index in t.actionRows, raised in res.Period
	for i, r := range t.actionRows {
		if followup.SameTeam(r.a.Team, res.Team) && r.a.Raised == res.Period {
			if _, dup := again[r.a.QuestionID]; !dup {
				again[r.a.QuestionID] = i
			}
			continue
		}
		others = append(others, r.a)
	}
	// The period's actions raised before follow its answers (a late
	// respondent), whether they still rank in the top n or not.
	for _, a := range res.Actions {
		i, ok := again[a.Question.ID]
		if !ok {
			continue
		}
		r := &t.actionRows[i]
		r.a.ScoreThen, r.a.Gain = 100*a.Score, a.Gain
		if err := t.setNumber(r.row, actScoreThen, &r.a.ScoreThen, t.st.topScore); err != nil {
			return err
		}
		if err := t.setNumber(r.row, actGain, &r.a.Gain, t.st.topGap); err != nil {
			return err
		}
	}
	for _, a := range followup.New(res, n, others) {
		if _, ok := again[a.QuestionID]; ok {
			continue
		}
		if err := t.appendAction(a); err != nil {
			return err
		}
	}
	if !t.latest(res) {
		return nil
	}
	for i := range t.actionRows {
		r := &t.actionRows[i]
		if !followup.SameTeam(r.a.Team, res.Team) || r.a.Raised >= res.Period || !r.a.IsOpen() {
			continue
		}
		for _, q := range res.Questions {
			if q.Question.ID == r.a.QuestionID && q.Score != nil {
				now := 100 * *q.Score
				r.a.ScoreNow = &now
				if err := t.setNumber(r.row, actScoreNow, &now, t.st.topScore); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// latest says no History row of res's team has a later period than res.
func (t *Tracker) latest(res *scoring.Result) bool {
	team := answers.NameKey(res.Team)
	for _, r := range t.rows {
		if k := keyOf(r); k.team == team && k.period > res.Period {
			return false
		}
	}
	return true
}

// appendAction writes a new action below the last row of the sheet.
func (t *Tracker) appendAction(a followup.Action) error {
	t.actionsEnd++
	row := t.actionsEnd
	for _, c := range []struct{ col, value string }{
		{actTeam, a.Team}, {actRaised, a.Raised}, {actQuestion, a.QuestionID},
		{actText, a.Question}, {actArea, a.Area}, {actAdvice, a.Advice},
	} {
		if err := t.setText(row, c.col, c.value); err != nil {
			return err
		}
	}
	if err := t.setNumber(row, actScoreThen, &a.ScoreThen, t.st.topScore); err != nil {
		return err
	}
	if err := t.setNumber(row, actGain, &a.Gain, t.st.topGap); err != nil {
		return err
	}
	if err := t.setNumber(row, actScoreNow, nil, t.st.topScore); err != nil {
		return err
	}
	// The manager's columns: blank, the due date formatted as one.
	due := xlsx.ColumnName(t.actionCols[actDue]) + strconv.Itoa(row)
	if err := t.f.SetCellStyle(t.actions, due, due, t.st.topDate); err != nil {
		return err
	}
	// Applications do not fit a row to its wrapped text on opening: without
	// a height the question and advice overlap the next rows.
	var wrapped []xlsx.Wrapped
	for _, c := range []struct{ col, text string }{{actText, a.Question}, {actArea, a.Area}, {actAdvice, a.Advice}} {
		width, err := t.f.GetColWidth(t.actions, xlsx.ColumnName(t.actionCols[c.col]))
		if err != nil {
			return err
		}
		wrapped = append(wrapped, xlsx.Wrapped{Text: c.text, Width: width})
	}
	if h := xlsx.RowHeight(wrapped...); h > 0 {
		if err := t.f.SetRowHeight(t.actions, row, h); err != nil {
			return err
		}
	}
	t.actionRows = append(t.actionRows, actionRow{row: row, a: a})
	return nil
}

// setText writes text into the named column of an Actions row, as text
// even when it starts with "=".
//
// The text is written in the cell (an inline string), not in the shared
// string table: excelize reads the whole table, with every text of the
// Answers sheet, before it adds to it, which took half a second of a
// 10,000-quarter tracker's update. excelize's SetCellDefault writes a text
// that parses as a number as a number: such a text goes into the table.
func (t *Tracker) setText(row int, col, s string) error {
	cell := xlsx.ColumnName(t.actionCols[col]) + strconv.Itoa(row)
	s = strings.TrimSpace(xlsx.Clean(s))
	set, text := t.f.SetCellDefault, xlsx.ProtectEscapes(s)
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		set, text = t.f.SetCellStr, s
	}
	if err := set(t.actions, cell, text); err != nil {
		return err
	}
	return t.f.SetCellStyle(t.actions, cell, cell, t.st.wrap)
}

// setNumber writes a number (blank when nil) into the named column of an
// Actions row.
func (t *Tracker) setNumber(row int, col string, v *float64, style int) error {
	cell := xlsx.ColumnName(t.actionCols[col]) + strconv.Itoa(row)
	var err error
	if v == nil {
		err = t.f.SetCellValue(t.actions, cell, nil)
	} else {
		err = t.f.SetCellFloat(t.actions, cell, *v, -1, 64)
	}
	if err != nil {
		return err
	}
	return t.f.SetCellStyle(t.actions, cell, cell, style)
}

// initTargets writes the header of a new Targets sheet and its example
// row, which names ExampleTeam and so is never read as a target.
func (t *Tracker) initTargets() error {
	f, sh := t.f, t.targets
	for i, h := range TargetsHeader {
		if err := f.SetCellStr(sh, xlsx.ColumnName(i+1)+"1", h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A1", xlsx.ColumnName(len(TargetsHeader))+"1", t.st.header); err != nil {
		return err
	}
	for i, w := range []float64{24, 40, 12, 10, 70} {
		c := xlsx.ColumnName(i + 1)
		if err := f.SetColWidth(sh, c, c, w); err != nil {
			return err
		}
	}
	example := []any{ExampleTeam, followup.OverallArea, 70, "2027-Q4",
		`An example, which audit ignores (its team is "` + ExampleTeam + `"): type a row per team and area (an area's title as History names it, or Overall), ` +
			"with the score to reach (0 to 100) by a quarter (YYYY-Qn), then delete this row."}
	for i, v := range example {
		if err := f.SetCellValue(sh, xlsx.ColumnName(i+1)+"2", v); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A2", "E2", t.st.note); err != nil {
		return err
	}
	// The explanation wraps in its column, so that the sheet prints on
	// one page wide.
	if err := f.SetCellStyle(sh, "E2", "E2", t.st.noteWrap); err != nil {
		return err
	}
	if err := f.SetRowHeight(sh, 2, xlsx.RowHeight(xlsx.Wrapped{Text: example[4].(string), Width: 70})); err != nil {
		return err
	}
	if err := xlsx.PrintWide(f, sh); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
}

// targetRow is a row of Targets read without checking its area.
type targetRow struct {
	cell map[string]string // the cell of each column, such as C4
	t    followup.Target
	bad  string // why the row is ignored, with its cell; "" when it is not
}

// readTargets reads the rows of the Targets sheet; nil when there is none
// or it has no header, which warn says.
func (t *Tracker) readTargets() (rows []targetRow, warn string) {
	if !t.hasTargets {
		return nil, ""
	}
	cells, err := t.sheetRows(t.targets)
	if err != nil {
		return nil, fmt.Sprintf("%s: %v; targets ignored", t.targets, err)
	}
	hdr, cols, missing := headerRow(cells, TargetsHeader)
	if len(missing) > 0 {
		if !hasText(cells) {
			return nil, ""
		}
		return nil, fmt.Sprintf("%s!A%d: no column %q in the header (want %s); the sheet is ignored",
			t.targets, max(hdr, 1), missing[0], strings.Join(TargetsHeader, " | "))
	}
	for i := hdr; i < len(cells); i++ {
		r := cells[i]
		tr := targetRow{cell: map[string]string{}}
		get := func(name string) string {
			tr.cell[name] = xlsx.ColumnName(cols[name]) + strconv.Itoa(i+1)
			if c := cols[name]; c <= len(r) {
				return strings.TrimSpace(r[c-1])
			}
			return ""
		}
		team, area, score, by := get(tgtTeam), get(tgtArea), get(tgtScore), get(tgtBy)
		if team == "" && area == "" && score == "" && by == "" {
			continue
		}
		if followup.SameTeam(team, ExampleTeam) {
			continue
		}
		tr.t = followup.Target{Team: team, Area: area, By: by}
		v, isNum := number(score)
		tr.t.Score = v
		at := func(name, format string, args ...any) string {
			return fmt.Sprintf("%s!%s: %s; row ignored", t.targets, tr.cell[name], fmt.Sprintf(format, args...))
		}
		switch {
		case team == "":
			tr.bad = at(tgtTeam, "no team")
		case area == "":
			tr.bad = at(tgtArea, "no area (an area's title, or %s)", followup.OverallArea)
		case score == "":
			tr.bad = at(tgtScore, "no target score")
		case !isNum || v < 0 || v > 100:
			tr.bad = at(tgtScore, "%s is not a score from 0 to 100", quoteUnlessNumber(score, isNum))
		case v > 0 && v < 1:
			// 65% typed into a cell is stored as 0.65.
			tr.bad = at(tgtScore, "%s is a fraction (a percentage?); type the score from 0 to 100, such as %s",
				score, followup.FormatTarget(100*v))
		case by == "":
			tr.bad = at(tgtBy, "no period (By), such as 2027-Q4")
		case !answers.ValidPeriod(by):
			if d, ok := t.typedDate(by); ok {
				// A date typed into By is stored as its serial number,
				// which would make no sense to the manager.
				tr.bad = at(tgtBy, "%s is a date, not a period; type its quarter, %s", d.Format(time.DateOnly), quarterOf(d))
			} else {
				tr.bad = at(tgtBy, "%q is not a period such as 2027-Q4", by)
			}
		}
		rows = append(rows, tr)
	}
	return rows, ""
}

// typedDate reads a number cell as the date typed into it. Numbers below
// 10,000 (1927) are rather a year, such as 2027, than a date.
func (t *Tracker) typedDate(s string) (time.Time, bool) {
	if v, ok := number(s); !ok || v < 10000 {
		return time.Time{}, false
	}
	d := t.date(s)
	return d, !d.IsZero()
}

// quarterOf is the period of a date: 2027-06-30 is 2027-Q2.
func quarterOf(d time.Time) string {
	return fmt.Sprintf("%04d-Q%d", d.Year(), (int(d.Month())+2)/3)
}

func quoteUnlessNumber(s string, isNum bool) string {
	if isNum {
		return s
	}
	return strconv.Quote(s)
}

// Targets returns the targets of res's team from the Targets sheet, and a
// warning for each row that cannot be one (naming the sheet and cell): an
// area that is neither Overall nor an area of res's rubric, a target that
// is not a score from 0 to 100, a By that is not a period. Rows without a
// team are warned about for every team; rows of other teams are left out
// without a word (they are checked with their own team's report).
func (t *Tracker) Targets(res *scoring.Result) ([]followup.Target, []string) {
	rows, warn := t.readTargets()
	var warnings []string
	if warn != "" {
		warnings = append(warnings, warn)
	}
	var out []followup.Target
	for _, r := range rows {
		if r.t.Team != "" && !followup.SameTeam(r.t.Team, res.Team) {
			continue
		}
		if r.bad != "" {
			warnings = append(warnings, r.bad)
			continue
		}
		if title, ok := areaTitle(res, r.t.Area); ok {
			r.t.Area = title
			out = append(out, r.t)
			continue
		}
		var titles []string
		for _, a := range res.Areas {
			titles = append(titles, a.Area.Title)
		}
		warnings = append(warnings, fmt.Sprintf("%s!%s: %q is neither %s nor an area of rubric %s %s (%s); row ignored",
			t.targets, r.cell[tgtArea], r.t.Area, followup.OverallArea, res.Rubric.ID, res.Rubric.Version, strings.Join(titles, "; ")))
	}
	return out, warnings
}

// areaTitle returns the area of res (or Overall) that name names, in any
// case, as res spells it.
func areaTitle(res *scoring.Result, name string) (string, bool) {
	name = strings.TrimSpace(name)
	if strings.EqualFold(name, followup.OverallArea) {
		return followup.OverallArea, true
	}
	for _, a := range res.Areas {
		if strings.EqualFold(strings.TrimSpace(a.Area.Title), name) {
			return a.Area.Title, true
		}
	}
	return "", false
}
